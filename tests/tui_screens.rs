//! The list screens (dashboard, second-round queue, supervision, units) headless: opened
//! with the keys of the live keymap on the demo data, drawn at every size down to the
//! minimum, Enter and Esc back to the same row; and the dashboard's and the ranking's
//! figures checked against a count by hand on a small database built here.
mod common;
use banli::domain::ranking::RankColumn;
use banli::domain::{Disclosure, ReplierRank, Role, Satisfaction, Status};
use banli::store::handling::assign::UnitRole;
use banli::store::handling::contact::NewFaceToFace;
use banli::store::handling::reply::NewReply;
use banli::store::Store;
use banli::text::Lang;
use banli::tui::app::{Level, Screen};
use banli::tui::screens::supervision::SupervisionPane;
use banli::tui::screens::{queue::QueuePane, units::UnitsPane};
use banli::tui::{Action, Mode, Options, Session};
use chrono::NaiveDate;
use common::tui::press;
use common::{d, fixture, version};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn demo_session(opts: Options) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), "测试员", banli::data::load(None).unwrap()).unwrap();
    store.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    store.load_demo().unwrap();
    let mut s = Session::new(store, &opts);
    s.dispatch(Action::Resize(100, 30));
    (dir, s)
}

/// Every row of the queue screen's list (the screen holds their ids and the rows on screen).
fn queue_rows(s: &Session) -> Vec<banli::store::followup::second_round::QueueRow> {
    s.store().queue_rows_by_id(&s.app.screens.queue.rows.ids).unwrap()
}

/// The screen as a terminal shows it (a wide character's second cell not repeated).
fn render(s: &Session, size: (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    common::tui::screen_text(terminal.backend().buffer())
}

/// Draws at every size the app supports, and at one too small, without panicking; every
/// line fits the width.
fn draws_everywhere(s: &mut Session) {
    for size in [(160, 45), (100, 30), (80, 24), (60, 12), (59, 11)] {
        s.dispatch(Action::Resize(size.0, size.1));
        let text = render(s, size);
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= usize::from(size.0), "{size:?}: {line}");
        }
    }
    s.dispatch(Action::Resize(100, 30));
}

#[test]
fn each_screen_opens_with_its_key_shows_rows_and_draws_at_every_size() {
    for (lang, ascii) in [(Lang::Zh, false), (Lang::En, false), (Lang::Zh, true)] {
        let (_d, mut s) = demo_session(Options { lang, keymap: None, ascii, ..Options::default() });
        press(&mut s, Action::ShowUnits);
        assert_eq!((s.app.screen, s.app.mode()), (Screen::Units, Mode::Units));
        assert!(s.app.screens.units.rows.len() > 20);
        assert!(!s.app.screens.units.tracker.is_empty());
        draws_everywhere(&mut s);
        press(&mut s, Action::NextPane);
        assert_eq!(s.app.screens.units.pane, UnitsPane::CoHandling);
        draws_everywhere(&mut s);

        press(&mut s, Action::ShowQueue);
        assert_eq!((s.app.screen, s.app.mode()), (Screen::Queue, Mode::Queue));
        let q = &s.app.screens.queue;
        assert!(!q.rows.is_empty() && !q.follow_up.is_empty());
        let q = q.clone();
        let rows = queue_rows(&s);
        assert!(rows.windows(2).all(|w| w[0].deadline <= w[1].deadline), "sorted by deadline");
        assert!(q.turned.1 > 0, "the demo has finished second rounds");
        draws_everywhere(&mut s);
        press(&mut s, Action::NextPane);
        assert_eq!(s.app.screens.queue.pane, QueuePane::FollowUp);
        draws_everywhere(&mut s);

        press(&mut s, Action::ShowSupervision);
        assert_eq!((s.app.screen, s.app.mode()), (Screen::Supervision, Mode::Supervision));
        let sup = &s.app.screens.supervision;
        assert!(!sup.overdue.is_empty() && !sup.due_soon.is_empty() && !sup.ranking.is_empty());
        for pane in [SupervisionPane::DueSoon, SupervisionPane::Office, SupervisionPane::Ranking] {
            draws_everywhere(&mut s);
            press(&mut s, Action::NextPane);
            assert_eq!(s.app.screens.supervision.pane, pane);
        }
        draws_everywhere(&mut s);

        press(&mut s, Action::ShowDashboard);
        assert_eq!((s.app.screen, s.app.mode()), (Screen::Dashboard, Mode::Dashboard));
        assert!(s.app.screens.dashboard.data.is_some());
        draws_everywhere(&mut s);
        press(&mut s, Action::Last);
        draws_everywhere(&mut s);

        // 1 and Esc go back to the ledger.
        press(&mut s, Action::ShowLedger);
        assert_eq!(s.app.screen, Screen::Ledger);
        press(&mut s, Action::ShowQueue);
        press(&mut s, Action::Back);
        assert_eq!(s.app.screen, Screen::Ledger);
        assert_eq!(s.app.message, None, "no 'not yet available' any more");
    }
}

#[test]
fn the_screens_show_their_figures_on_screen() {
    let (_d, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowUnits);
    let text = render(&s, (100, 30));
    assert!(text.contains("承办单位 共 53 个"), "{text}");
    assert!(text.contains("✗") && text.contains("✓"));
    press(&mut s, Action::ShowDashboard);
    let text = render(&s, (100, 30));
    let all = s.app.screens.dashboard.data.as_ref().unwrap().scopes[0].figures.clone();
    assert!(text.contains(&format!("共 {} 件", all.items)), "{text}");
    assert!(text.contains(&format!("面复率 {}", all.face_to_face_rate().percent())), "{text}");
    press(&mut s, Action::ShowQueue);
    let (n, m) = s.app.screens.queue.turned;
    assert!(render(&s, (100, 30)).contains(&format!("转为满意 {n}/{m}")));
}

#[test]
fn the_filing_queue_opens_from_every_screen() {
    let (_d, mut s) = demo_session(Options::default());
    for screen in
        [Action::ShowDashboard, Action::ShowQueue, Action::ShowSupervision, Action::ShowUnits, Action::ShowLedger]
    {
        press(&mut s, screen);
        press(&mut s, Action::ShowFiling);
        assert_eq!(s.app.screen, Screen::Ledger);
        assert_eq!(s.app.ledger.filter.status, Some(Status::Received));
        assert!(!s.app.ledger.is_empty() && s.ledger_rows().iter().all(|r| r.status == Status::Received));
        assert!(s.app.nav.return_to().is_empty());
        press(&mut s, Action::ClearFilters);
    }
    // From an item's detail too.
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    press(&mut s, Action::ShowFiling);
    assert_eq!((s.app.screen, s.app.ledger.filter.status), (Screen::Ledger, Some(Status::Received)));
}

#[test]
fn enter_opens_the_item_and_esc_comes_back_to_the_same_row() {
    let (_d, mut s) = demo_session(Options::default());
    // The queue.
    press(&mut s, Action::ShowQueue);
    press(&mut s, Action::MoveDown);
    press(&mut s, Action::MoveDown);
    let row = s.app.screens.queue.rows.row(2).unwrap().clone();
    assert_eq!(banli::tui::screens::selection(&s.app).unwrap().second_round_id, Some(row.id));
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, row.item_id);
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Queue);
    assert_eq!(s.app.screens.queue.cursor.selected, 2);
    assert_eq!(s.app.screens.queue.rows.id(2), Some(row.id));

    // The follow-up pane.
    press(&mut s, Action::NextPane);
    press(&mut s, Action::Last);
    let follow = &s.app.screens.queue.follow_up;
    let c = follow.row(follow.len() - 1).unwrap().clone();
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, c.item_id);
    press(&mut s, Action::Back);
    assert_eq!((s.app.screen, s.app.screens.queue.pane), (Screen::Queue, QueuePane::FollowUp));
    let sel = banli::tui::screens::selection(&s.app).unwrap();
    assert_eq!(sel.commitment_id, Some(c.commitment_id));

    // Supervision: an overdue item, then a unit of the ranking → its ledger → an item → back twice.
    press(&mut s, Action::ShowSupervision);
    press(&mut s, Action::MoveDown);
    let w = s.app.screens.supervision.overdue.row(1).unwrap().clone();
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, w.item_id);
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Supervision);
    assert_eq!(s.app.screens.supervision.overdue_cursor.selected, 1);
    press(&mut s, Action::PrevPane);
    assert_eq!(s.app.screens.supervision.pane, SupervisionPane::Ranking);

    // The units screen: a unit's items in the ledger, an item, and back to the same unit.
    let before = s.app.ledger.filter.clone();
    press(&mut s, Action::ShowUnits);
    let rows = &s.app.screens.units.rows;
    let busiest = (0..rows.len()).max_by_key(|&i| rows[i].lead).unwrap();
    for _ in 0..busiest {
        press(&mut s, Action::MoveDown);
    }
    let unit = s.app.screens.units.rows[busiest].clone();
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(s.app.ledger.filter.unit, Some(unit.unit_id));
    let items = s.app.ledger.len() as u32;
    assert!(items > 0 && items <= unit.lead + unit.split + unit.co_handling);
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Ledger, "first back to the unit's ledger");
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Units);
    assert_eq!(s.app.screens.units.rows[s.app.screens.units.cursor.selected].unit_id, unit.unit_id);
    assert_eq!(s.app.ledger.filter, before, "the ledger's own filter is back");

    // The co-handling tracker: Enter opens the item.
    press(&mut s, Action::NextPane);
    let o = s.app.screens.units.selected_opinion().unwrap().clone();
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, o.item_id);
    press(&mut s, Action::Back);
    assert_eq!((s.app.screen, s.app.screens.units.pane), (Screen::Units, UnitsPane::CoHandling));
}

#[test]
fn the_queue_filters_by_reason_and_unit() {
    let (_d, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowQueue);
    let all = queue_rows(&s);
    press(&mut s, Action::FilterReason);
    let reason = s.app.screens.queue.filter.reason.expect("a reason");
    let rows = &queue_rows(&s);
    assert_eq!(rows.len(), all.iter().filter(|r| r.reason == reason).count());
    assert!(rows.iter().all(|r| r.reason == reason));
    press(&mut s, Action::ClearFilters);
    assert_eq!(s.app.screens.queue.rows.len(), all.len());

    // Finished entries too.
    press(&mut s, Action::FilterStatus);
    assert!(s.app.screens.queue.rows.len() > all.len());
    press(&mut s, Action::FilterStatus);

    // The unit picker: type the unit's short name, Enter.
    let unit = all.iter().find(|r| r.unit_id.is_some()).unwrap();
    press(&mut s, Action::FilterUnit);
    assert_eq!(s.app.mode(), Mode::Picker);
    for c in unit.unit_short.chars() {
        s.press(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)));
    }
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Queue);
    assert_eq!(s.app.screens.queue.filter.unit, unit.unit_id);
    assert!(queue_rows(&s).iter().all(|r| r.unit_id == unit.unit_id));
    assert!(s.app.ledger.filter.unit.is_none(), "the ledger's filter is not touched");
}

#[test]
fn the_ranking_sorts_by_each_column() {
    let (_d, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowSupervision);
    press(&mut s, Action::NextPane);
    press(&mut s, Action::NextPane);
    press(&mut s, Action::NextPane);
    let by_rank: Vec<i64> = s.app.screens.supervision.ranking.iter().map(|r| r.unit_id).collect();
    assert!(s.app.screens.supervision.ranking.windows(2).all(|w| w[0].rank <= w[1].rank));
    press(&mut s, Action::CycleSort);
    assert_eq!(s.app.screens.supervision.rank_sort, RankColumn::OnTime);
    press(&mut s, Action::CycleSort);
    assert_eq!(s.app.screens.supervision.rank_sort, RankColumn::Overdue);
    let rows = &s.app.screens.supervision.ranking;
    assert!(rows.windows(2).all(|w| w[0].overdue >= w[1].overdue), "most overdue first");
    let by_overdue: Vec<i64> = rows.iter().map(|r| r.unit_id).collect();
    assert_ne!(by_overdue, by_rank);
    assert!(render(&s, (100, 30)).contains("排序: 逾期"));
    press(&mut s, Action::CycleSort);
    press(&mut s, Action::CycleSort);
    let rows = &s.app.screens.supervision.ranking;
    let rate = |r: &banli::domain::ranking::RankRow| r.satisfaction_rate().tenths().unwrap_or(0);
    assert!(rows.windows(2).all(|w| rate(&w[0]) >= rate(&w[1]) || w[1].with_feedback == 0));
    // A reload (another clerk committed) keeps the sort.
    s.refresh();
    assert_eq!(s.app.screens.supervision.rank_sort, RankColumn::Satisfaction);
}

#[test]
fn export_writes_the_ranking_notice_beside_the_database() {
    let (dir, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowSupervision);
    press(&mut s, Action::ExportRanking);
    let path = dir.path().join("排名通报-2026-11-22.txt");
    let m = s.app.message.clone().expect("a message");
    assert_eq!(m.level, Level::Info);
    assert!(m.text.contains(&path.display().to_string()), "{}", m.text);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, s.store().ranking_notice().unwrap());
    assert!(text.starts_with("建议提案办理工作进展情况排名通报\n"));
    assert!(text.contains("（2026年11月22日）"));
    let first = &s.app.screens.supervision.ranking[0];
    assert!(text.contains(&format!("   1  {}", first.name)), "the ranked table");
    assert!(text.contains("存在问题的单位："));
}

/// A small ledger whose figures are counted by hand (today 2026-09-20):
///
/// | item | units | reply | face to face | feedback |
/// |---|---|---|---|---|
/// | 0 | lead u0, co u1 (opinion in) | u0 on time, A, a commitment due 09-25 | u0 head | satisfied |
/// | 1 | lead u0 | u0 on time, A | u0 staff | unsatisfied → second round |
/// | 2 | lead u0, co u2 (no opinion) | none: overdue | | |
/// | 3 | split u1, u2 | u1 on time A with a commitment due 09-10; u2 late B | u1 head | basically satisfied |
/// | 4 | lead u3, co u4 (assigned 08-22: opinion due Tuesday 09-22) | none, not due | | |
/// | 5 | unassigned | | | |
fn small_ledger() -> common::Fixture {
    let mut f = fixture(6);
    let (u, it) = (f.units.clone(), f.items.clone());
    let s = &mut f.store;
    let role = |unit: i64, role: Role| UnitRole { unit_id: unit, role, deadline_override: None };
    let assign = |s: &mut Store, item: i64, plan: &[UnitRole], on: &str| {
        s.assign(&[(item, version(s, item))], plan, d(on)).unwrap();
    };
    assign(s, it[0], &[role(u[0], Role::Lead), role(u[1], Role::CoHandling)], "2026-02-01");
    assign(s, it[1], &[role(u[0], Role::Lead)], "2026-02-01");
    assign(s, it[2], &[role(u[0], Role::Lead), role(u[2], Role::CoHandling)], "2026-02-01");
    assign(s, it[3], &[role(u[1], Role::Split), role(u[2], Role::Split)], "2026-02-01");
    assign(s, it[4], &[role(u[3], Role::Lead), role(u[4], Role::CoHandling)], "2026-08-22");
    let aid = |s: &Store, item: i64, unit: i64| {
        let det = s.item_detail(item).unwrap();
        det.assignments.iter().find(|a| a.assignment.unit_id == unit).unwrap().assignment.id
    };
    let reply = |s: &mut Store, item: i64, unit: i64, doc: &str, on: &str, class: &str, due: Option<&str>| {
        let r = NewReply {
            on: d(on),
            doc_number: doc.into(),
            signer: "张局长".into(),
            result_class: class.into(),
            disclosure: Disclosure::Public,
            consent: true,
            text: String::new(),
            commitments: due.map(|due| vec![("修缮道路".to_string(), d(due))]).unwrap_or_default(),
        };
        let a = aid(s, item, unit);
        let id = s.record_reply(a, version(s, item), &r, None).unwrap();
        s.review_reply(id, version(s, item), true, "", d(on)).unwrap();
    };
    let co = aid(s, it[0], u[1]);
    s.record_co_opinion(co, version(s, it[0]), d("2026-02-20"), "区财政局提函〔2026〕1号", "").unwrap();
    reply(s, it[0], u[0], "区住建局提〔2026〕1号", "2026-04-01", "A", Some("2026-09-25"));
    reply(s, it[1], u[0], "区住建局提〔2026〕2号", "2026-04-01", "A", None);
    reply(s, it[3], u[1], "区财政局提〔2026〕1号", "2026-04-01", "A", Some("2026-09-10"));
    reply(s, it[3], u[2], "区自然资源局提〔2026〕1号", "2026-06-15", "B", None);
    let f2f = |s: &mut Store, item: i64, unit: i64, rank: ReplierRank| {
        let f = NewFaceToFace {
            unit_id: unit,
            on: d("2026-04-05"),
            place: "代表联络站".into(),
            rank,
            replier: "张局长".into(),
            office_present: false,
            proposers_present: String::new(),
            reaction: String::new(),
        };
        s.log_face_to_face(item, version(s, item), &f).unwrap();
    };
    f2f(s, it[0], u[0], ReplierRank::Head);
    f2f(s, it[1], u[0], ReplierRank::Staff);
    f2f(s, it[3], u[1], ReplierRank::Head);
    for (item, level) in
        [(it[0], Satisfaction::Satisfied), (it[1], Satisfaction::Unsatisfied), (it[3], Satisfaction::Basic)]
    {
        s.record_feedback(item, version(s, item), None, level, d("2026-06-20"), "").unwrap();
    }
    f
}

#[test]
fn dashboard_figures_match_a_count_by_hand() {
    let f = small_ledger();
    let s = &f.store;
    // The split item's late reply: its deadline is before 06-15, the others' after 04-01.
    let det = s.item_detail(f.items[3]).unwrap();
    assert!(det
        .assignments
        .iter()
        .all(|a| a.assignment.deadline > d("2026-04-01") && a.assignment.deadline < d("2026-06-15")));

    let dash = s.dashboard(7).unwrap();
    assert_eq!(dash.scopes.len(), 2, "every meeting, and the one meeting");
    let all = &dash.scopes[0].figures;
    assert_eq!(all.items, 6);
    assert_eq!(all.units, 5);
    assert_eq!((all.lead, all.split, all.co_handling), (4, 2, 3));
    assert_eq!(all.replied, 3, "items 0, 1, 3");
    assert_eq!(all.on_time, 2, "items 0, 1 (item 3's second unit replied late)");
    assert_eq!(all.late, 1);
    assert_eq!(all.overdue, 1, "item 2");
    assert_eq!(all.face_to_face, 3);
    assert_eq!(all.face_to_face_rate().percent(), "50.0%");
    assert_eq!((all.with_feedback, all.satisfied, all.basic, all.unsatisfied), (3, 1, 1, 1));
    assert_eq!(all.satisfaction_rate().percent(), "66.7%");
    assert_eq!((all.second_rounds, all.turned_satisfied), (1, 0));
    let classes: Vec<(&str, u32, u32)> = all.classes.iter().map(|c| (c.code.as_str(), c.count, c.tenths)).collect();
    assert_eq!(classes, [("A", 2, 333), ("B", 1, 167), ("C", 0, 0), ("D", 0, 0), ("", 3, 500)]);
    assert_eq!(dash.scopes[1].figures, *all, "one meeting: the same figures");
    assert_eq!((dash.scopes[0].queue_open, dash.scopes[0].closed), (1, 0));

    use banli::domain::Kind;
    assert_eq!(dash.by_kind, [(Kind::Suggestion, 0), (Kind::Proposal, 6)]);
    assert_eq!(
        dash.by_status,
        [(Status::Unassigned, 1), (Status::Assigned, 2), (Status::FeedbackIn, 2), (Status::SecondRound, 1)]
    );
    assert_eq!(dash.queue_open, 1);
    assert_eq!(dash.queue_overdue, 1, "opened 06-20, two months: due 08-20");
    assert_eq!(dash.queue_turned, (0, 0));
    assert_eq!(dash.overdue_items, 1, "item 2 (its reply and its co-handling opinion)");
    assert_eq!(dash.due_soon_items, 1, "item 4's co-handling opinion, due 09-22");
    assert_eq!(dash.co_overdue, 1, "item 2's");
    assert_eq!((dash.follow_up_due, dash.follow_up_overdue), (1, 1));
    let failing: Vec<(&str, u32, u32)> =
        dash.non_complying.iter().map(|(n, r)| (n.as_str(), r.head_items, r.required)).collect();
    // 区教体局's one item (4) is within its deadline: the head rule does not ask for it yet
    // (the rule counts a unit's items due, replied or overdue).
    assert_eq!(failing, [("区住建局", 1, 3), ("区自然资源局", 0, 1)]);

    // The same figures on the screen.
    let mut session = Session::new(f.store, &Options::default());
    session.dispatch(Action::Resize(100, 40));
    press(&mut session, Action::ShowDashboard);
    let text = render(&session, (100, 40));
    // 按时答复率 is over the 4 items due (3 replied, 1 overdue), not over all 6.
    for want in ["共 6 件", "已答复 3 (50.0%)", "按时答复 2 (50.0%)", "逾期未答复 1", "面复率 50.0%", "满意率 66.7%"]
    {
        assert!(text.contains(want), "{want}\n{text}");
    }
    assert!(text.contains("区住建局(1/3)、区自然资源局(0/1)"), "{text}");
}

#[test]
fn ranking_figures_match_a_count_by_hand() {
    let f = small_ledger();
    let u = &f.units;
    let rows = f.store.ranking().unwrap();
    // (unit, rank, items, replied, on time, overdue, head items/required, with feedback, satisfied, second rounds)
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.unit_id,
                r.rank,
                r.items,
                r.replied,
                r.on_time,
                r.overdue,
                (r.head_rule.head_items, r.head_rule.required),
                (r.with_feedback, r.satisfied),
                (r.second_rounds, r.second_open),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // 区财政局: its split part of item 3 on time (100%), head replied.
            (u[1], 1, 1, 1, 1, 0, (1, 1), (1, 1), (0, 0)),
            // 区住建局: 2 of 3 on time (66.7%), item 2 overdue, head on 1 of 3, one second round.
            (u[0], 2, 3, 2, 2, 1, (1, 3), (2, 1), (1, 1)),
            // 区自然资源局: late (0%), basically satisfied: ahead of 区教体局, with no feedback yet.
            (u[2], 3, 1, 1, 0, 0, (0, 1), (1, 1), (0, 0)),
            // 区教体局: its one item is not yet due: no rate, and the head rule asks nothing yet.
            (u[3], 4, 1, 0, 0, 0, (0, 0), (0, 0), (0, 0)),
        ],
        "区民政局 only co-handles: not ranked"
    );
    assert_eq!(rows[1].on_time_rate().percent(), "66.7%");
    assert_eq!(rows[1].satisfaction_rate().percent(), "50.0%");

    // The notice names the problems.
    let text = f.store.ranking_notice().unwrap();
    assert!(
        text.contains(
            "截至2026年9月20日，共有人大代表建议和政协委员提案6件（代表建议0件、委员提案6件），涉及承办单位5个。"
        ),
        "{text}"
    );
    assert!(text.contains("一、逾期未答复：区住房和城乡建设局（1件）。"), "{text}");
    assert!(text.contains("二、主要负责人面复未达到要求：区住房和城乡建设局（应面复3件，实际1件）、区自然资源局（应面复1件，实际0件）。"), "{text}");
    assert!(text.contains("三、二次办理尚未办结：区住房和城乡建设局（1件）。"), "{text}");
}

#[test]
fn another_clerks_commit_refreshes_the_list_screen_keeping_the_row() {
    let (dir, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowQueue);
    press(&mut s, Action::Last);
    let q = &s.app.screens.queue.rows;
    let (n, last) = (q.len(), q.id(q.len() - 1).unwrap());
    let item = s.ledger_rows().iter().find(|r| r.status == Status::Handling).unwrap().id;

    // A second clerk, on a connection of their own, puts an item in the queue by hand.
    let mut other = Store::open(&dir.path().join("d.db"), "同事", banli::data::load(None).unwrap()).unwrap();
    other.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let v = version(&other, item);
    other.open_second_round(item, v, banli::domain::SecondReason::Leader, "王副区长", None, d("2026-11-22")).unwrap();

    s.tick();
    let q = &s.app.screens.queue;
    assert_eq!(q.rows.len(), n + 1);
    assert_eq!(q.rows.id(q.cursor.selected), Some(last), "the same entry stays selected");
    assert!(queue_rows(&s).iter().any(|r| r.item_id == item && r.leader == "王副区长"));
}

/// The screen with trailing blanks dropped, for snapshots.
fn snapshot_text(s: &Session, size: (u16, u16)) -> String {
    render(s, size)
}

#[test]
fn snapshots_at_80x24_and_at_the_minimum() {
    let screens = [
        ("units", vec![Action::ShowUnits]),
        ("co_handling", vec![Action::ShowUnits, Action::NextPane]),
        ("queue", vec![Action::ShowQueue]),
        ("follow_up", vec![Action::ShowQueue, Action::NextPane]),
        ("overdue", vec![Action::ShowSupervision]),
        ("ranking", vec![Action::ShowSupervision, Action::PrevPane]),
        ("dashboard", vec![Action::ShowDashboard]),
    ];
    for size in [(80, 24), (60, 12)] {
        for (name, keys) in &screens {
            // A fresh session each time: the screens keep their pane between visits.
            let (_d, mut s) = demo_session(Options::default());
            // The temporary directory differs on every run; show a fixed path.
            s.app.ctx.db_path = "/srv/banli/demo.db".into();
            s.dispatch(Action::Resize(size.0, size.1));
            for a in keys {
                press(&mut s, a.clone());
            }
            insta::assert_snapshot!(format!("{name}_zh_{}x{}", size.0, size.1), snapshot_text(&s, size));
        }
    }
}

#[test]
fn the_office_pane_lists_the_office_deadlines_and_p_records_a_publishing() {
    use banli::domain::office_due::OfficeWork;
    let (_d, mut s) = demo_session(Options::default());
    press(&mut s, Action::ShowSupervision);
    press(&mut s, Action::NextPane);
    press(&mut s, Action::NextPane);
    assert_eq!(s.app.screens.supervision.pane, SupervisionPane::Office);
    // The same rows as the store's one function (the pane holds their keys and the rows on
    // screen), and the dashboard counts the overdue ones.
    let days = s.app.ctx.rules.due_soon_days;
    let office = s.store().office_due(days).unwrap();
    assert!(office.iter().any(|w| w.work == OfficeWork::FeedbackReturn), "{office:?}");
    let keys = |rows: &[banli::store::followup::office_due::OfficeDueRow]| -> Vec<_> {
        rows.iter().map(|w| w.office_key()).collect()
    };
    assert_eq!(s.app.screens.supervision.office.ids, keys(&office));
    let sup = &s.app.screens.supervision;
    assert_eq!(sup.office.row(sup.office_cursor.selected), office.get(sup.office_cursor.selected));
    let today = s.app.ctx.today;
    let overdue = |w: OfficeWork| office.iter().filter(|r| r.work == w && r.due.date < today).count() as u32;
    let dash = s.store().dashboard(days).unwrap();
    for (w, n) in &dash.office_overdue {
        assert_eq!(*n, overdue(*w), "{w:?}");
    }
    // P on a row that is not a publishing: a warning, nothing changes.
    let feedback = office.iter().position(|w| w.work == OfficeWork::FeedbackReturn).unwrap();
    s.app.screens.supervision.office_cursor.selected = feedback;
    press(&mut s, Action::RecordPublished);
    assert_eq!(s.app.screens.supervision.office.ids, keys(&office));
    assert!(s.app.message.as_ref().is_some_and(|m| m.text.contains("答复公开")), "{:?}", s.app.message);
    // P on a publishing row: recorded today, the row leaves the pane.
    let at = office.iter().position(|w| w.work == OfficeWork::PublishReply).expect("the demo has a reply to publish");
    let item = office[at].item_id;
    s.app.screens.supervision.office_cursor.selected = at;
    press(&mut s, Action::RecordPublished);
    assert!(s.app.message.as_ref().is_some_and(|m| m.text.contains("已记录公开")), "{:?}", s.app.message);
    let after = s.store().office_due(days).unwrap();
    assert_eq!(s.app.screens.supervision.office.ids, keys(&after));
    assert!(!after.iter().any(|w| w.item_id == item && w.work == OfficeWork::PublishReply));
    assert_eq!(after.len(), office.len() - 1);
}
