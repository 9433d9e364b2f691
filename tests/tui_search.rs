//! The quick-search overlay, headless: a session on the demo database driven by key
//! presses, drawn on ratatui's TestBackend. The `#[ignore]`d timing test runs on a big
//! generated ledger (see the end of this file).
mod common;

use banli::domain::Status;
use banli::search::ResultKind;
use banli::store::Store;
use banli::tui::app::Screen;
use banli::tui::{Action, Mode, Options, Session};
use common::tui::{demo_store, press, retitle_by_another_clerk, type_text};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &Options::default());
    s.dispatch(Action::Resize(160, 45));
    (dir, s)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::from(KeyCode::Char(c))
}

fn ctrl_f() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)
}

fn esc(s: &mut Session) {
    s.press(KeyEvent::from(KeyCode::Esc));
}

fn enter(s: &mut Session) {
    s.press(KeyEvent::from(KeyCode::Enter));
}

/// Opens the box with `/` and types `query`.
fn search(s: &mut Session, query: &str) {
    s.press(key('/'));
    assert_eq!(s.app.mode(), Mode::Search);
    type_text(s, query);
}

fn results(s: &Session) -> &[banli::search::SearchResult] {
    &s.app.search().expect("the search box is open").results
}

/// The screen as text, one line per row (a wide character's second cell not repeated).
fn render(s: &Session, size: (u16, u16)) -> String {
    render_with(s, size).0
}

/// The screen as text, and per row the characters drawn in the "matched" style.
fn render_with(s: &Session, size: (u16, u16)) -> (String, Vec<String>) {
    use unicode_width::UnicodeWidthStr;
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    let buf = terminal.backend().buffer();
    let matched = s.app.theme.matched();
    let (mut out, mut marks) = (String::new(), Vec::new());
    for y in 0..buf.area.height {
        let (mut line, mut mark, mut skip) = (String::new(), String::new(), 0);
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            line.push_str(cell.symbol());
            if Some(cell.fg) == matched.fg && cell.modifier.contains(ratatui::style::Modifier::UNDERLINED) {
                mark.push_str(cell.symbol());
            }
            skip = cell.symbol().width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
        marks.push(mark);
    }
    (out, marks)
}

/// Where the clerk is: screen, ledger row and scroll, list screens' state.
fn place(s: &Session) -> String {
    let l = &s.app.ledger;
    format!(
        "{:?} {} {} {:?} {} {:?} {:?}",
        s.app.screen,
        l.selected,
        l.offset,
        l.filter,
        l.len(),
        s.app.detail.as_ref().map(|d| (d.detail.item.id, d.pane, d.scroll)),
        s.app.screens.dashboard.scroll,
    )
}

#[test]
fn every_key_opens_the_box_from_every_screen_and_esc_closes_it() {
    let keys = [key('/'), key('／'), key('、'), ctrl_f()];
    let screens = [
        (None, Screen::Ledger),
        (Some(Action::OpenEntry), Screen::Detail),
        (Some(Action::ShowDashboard), Screen::Dashboard),
        (Some(Action::ShowQueue), Screen::Queue),
        (Some(Action::ShowSupervision), Screen::Supervision),
        (Some(Action::ShowUnits), Screen::Units),
    ];
    for (go, screen) in screens {
        let (_d, mut s) = session();
        if let Some(a) = go {
            press(&mut s, a);
        }
        assert_eq!(s.app.screen, screen);
        let mode = s.app.mode();
        for k in keys {
            s.press(k);
            assert_eq!(s.app.mode(), Mode::Search, "{screen:?} {k:?}");
            assert_eq!(s.app.search().unwrap().query, "", "the opening key is not typed");
            esc(&mut s);
            assert_eq!((s.app.screen, s.app.mode()), (screen, mode), "{screen:?} {k:?}");
            assert!(s.app.search().is_none());
        }
    }
}

#[test]
fn slash_is_text_in_a_picker_and_in_the_box() {
    let (_d, mut s) = session();
    press(&mut s, Action::FilterUnit);
    s.press(key('/'));
    assert_eq!(s.app.mode(), Mode::Picker);
    assert_eq!(s.app.picker().unwrap().query, "/");
    esc(&mut s);
    search(&mut s, "第25号/");
    assert_eq!(s.app.search().unwrap().query, "第25号/");
    // Help gives way to the box.
    esc(&mut s);
    press(&mut s, Action::Help);
    s.press(ctrl_f());
    assert_eq!((s.app.mode(), s.app.help()), (Mode::Search, None));
}

#[test]
fn typed_queries_put_the_expected_result_on_top() {
    let (_d, mut s) = session();
    search(&mut s, "马均");
    let r = &results(&s)[0];
    assert_eq!((r.kind, r.title.as_str(), r.positions.clone()), (ResultKind::Person, "马均侠", vec![0, 1]));
    assert_eq!(s.app.search().unwrap().selected, 0, "the top result is selected");
    esc(&mut s);

    search(&mut s, "25");
    let top: Vec<String> = results(&s).iter().take(2).map(|r| r.item.as_ref().unwrap().number.clone()).collect();
    let mut sorted = top.clone();
    sorted.sort();
    assert_eq!(sorted, ["025", "25"], "exact numbers first: {top:?}");
    esc(&mut s);

    search(&mut s, "ljxq");
    let r = &results(&s)[0];
    assert!(r.title.contains("老旧小区"), "{}", r.title);
    let chars: Vec<char> = r.title.chars().collect();
    assert_eq!(r.positions.iter().map(|&p| chars[p]).collect::<String>(), "老旧小区");
    esc(&mut s);

    search(&mut s, "住建 老旧");
    let r = &results(&s)[0];
    let it = r.item.as_ref().expect("an item");
    assert!(r.title.contains("老旧") && it.unit.contains("住建"), "{} {}", r.title, it.unit);
    assert!(results(&s).iter().all(|r| r.kind == ResultKind::Item), "every word must match");

    // Backspace widens again; deleting everything empties the list.
    for _ in 0.."住建 老旧".chars().count() {
        press(&mut s, Action::DeleteChar);
    }
    assert_eq!(s.app.search().unwrap().query, "");
    assert!(results(&s).is_empty());
    press(&mut s, Action::DeleteChar);
    assert_eq!(s.app.mode(), Mode::Search, "Backspace on an empty query keeps the box open");
}

#[test]
fn the_results_show_kind_number_title_lead_unit_status_and_highlights() {
    let (_d, mut s) = session();
    for size in [(160, 45), (80, 24), (60, 12)] {
        s.dispatch(Action::Resize(size.0, size.1));
        search(&mut s, "老旧");
        let (screen, marks) = render_with(&s, size);
        let r = &results(&s)[0];
        let it = r.item.as_ref().unwrap();
        let line = screen.lines().find(|l| l.contains(&it.number) && l.contains("老旧")).unwrap_or_else(|| {
            panic!("{size:?}: no line for the top result\n{screen}");
        });
        assert!(line.contains('提') || line.contains('建'), "{line}");
        assert!(line.contains(&it.lead) && line.contains(it.status.label(s.app.lang)), "{line}");
        if size.0 >= 100 {
            assert!(line.contains(&it.unit[..it.unit.find('、').unwrap_or(it.unit.len())]), "{line}");
        }
        // Exactly 老 and 旧 are highlighted on each result line, wherever they fall.
        let shown: Vec<&String> = marks.iter().filter(|m| !m.is_empty()).collect();
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|m| m.as_str() == "老旧"), "{size:?}: {shown:?}\n{screen}");
        esc(&mut s);
    }
}

#[test]
fn enter_on_an_item_opens_its_detail_and_esc_comes_back_to_the_same_row() {
    let (_d, mut s) = session();
    s.dispatch(Action::Resize(100, 20));
    press(&mut s, Action::PageDown);
    press(&mut s, Action::PageDown);
    press(&mut s, Action::MoveDown);
    let before = place(&s);
    let screen = render(&s, (100, 20));
    search(&mut s, "25");
    let id = results(&s)[0].id;
    enter(&mut s);
    assert_eq!(s.app.screen, Screen::Detail);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, id);
    esc(&mut s);
    assert_eq!(place(&s), before);
    assert_eq!(render(&s, (100, 20)), screen);
}

#[test]
fn esc_leaves_every_screen_exactly_as_it_was() {
    let (_d, mut s) = session();
    let screens = [None, Some(Action::ShowDashboard), Some(Action::ShowQueue), Some(Action::ShowUnits)];
    for go in screens {
        if let Some(a) = &go {
            press(&mut s, a.clone());
        }
        press(&mut s, Action::MoveDown);
        press(&mut s, Action::MoveDown);
        let (before, screen) = (place(&s), render(&s, (160, 45)));
        search(&mut s, "老旧");
        press(&mut s, Action::MoveDown);
        press(&mut s, Action::PageDown);
        esc(&mut s);
        assert_eq!(place(&s), before, "{go:?}");
        assert_eq!(render(&s, (160, 45)), screen, "{go:?}");
    }
    // An item found from a list screen: Esc from it goes back to that screen.
    press(&mut s, Action::ShowSupervision);
    search(&mut s, "ljxq");
    enter(&mut s);
    assert_eq!(s.app.screen, Screen::Detail);
    esc(&mut s);
    assert_eq!(s.app.screen, Screen::Supervision);
}

#[test]
fn a_person_result_shows_their_items_and_esc_puts_the_ledger_back() {
    let (_d, mut s) = session();
    press(&mut s, Action::PageDown);
    let before = place(&s);
    search(&mut s, "马均侠");
    let person = results(&s)[0].clone();
    assert_eq!(person.kind, ResultKind::Person);
    enter(&mut s);
    assert_eq!((s.app.screen, s.app.mode()), (Screen::Ledger, Mode::Ledger));
    let mut want = s.store().person_item_ids(person.id).unwrap();
    let mut got: Vec<i64> = s.ledger_rows().iter().map(|r| r.id).collect();
    want.sort();
    got.sort();
    assert!(!got.is_empty());
    assert_eq!(got, want, "all her items, closed ones too");
    assert!(s.ledger_rows().iter().any(|r| !r.status.is_open()));
    assert!(render(&s, (160, 45)).lines().next().unwrap().contains("马均侠 的件"));

    // Her item, then back to her list, then back to the ledger as it was.
    press(&mut s, Action::MoveDown);
    let row = s.app.ledger.selected;
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    esc(&mut s);
    assert_eq!((s.app.screen, s.app.ledger.selected, s.app.ledger.len()), (Screen::Ledger, row, got.len()));
    esc(&mut s);
    assert_eq!(place(&s), before);

    // The clear-filter key works on her list too.
    search(&mut s, "马均侠");
    enter(&mut s);
    press(&mut s, Action::ClearFilters);
    assert_eq!(s.app.ledger.filter.ids, None);
}

#[test]
fn a_unit_result_shows_its_items_and_esc_goes_back_to_the_screen_it_came_from() {
    let (_d, mut s) = session();
    press(&mut s, Action::ShowDashboard);
    search(&mut s, "住建");
    let unit = results(&s)[0].clone();
    assert_eq!((unit.kind, unit.title.as_str()), (ResultKind::Unit, "区住房和城乡建设局"));
    enter(&mut s);
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(s.app.ledger.filter.unit, Some(unit.id));
    assert!(!s.app.ledger.is_empty());
    assert!(render(&s, (160, 45)).lines().next().unwrap().contains("区住建局"));
    esc(&mut s);
    assert_eq!(s.app.screen, Screen::Dashboard);
    press(&mut s, Action::ShowLedger);
    assert_eq!(s.app.ledger.filter, Default::default(), "the ledger is back to its own filter");
}

#[test]
fn a_second_search_from_a_searchs_ledger_still_goes_back_where_the_first_came_from() {
    // From the dashboard: a unit's items, then (from that list, and from an item on it) a
    // person's items. One Esc goes back to the dashboard; the ledger is as it was.
    let (_d, mut s) = session();
    press(&mut s, Action::PageDown);
    let before = place(&s);
    press(&mut s, Action::ShowDashboard);
    search(&mut s, "住建");
    enter(&mut s);
    search(&mut s, "马均侠");
    enter(&mut s);
    assert!(s.app.ledger.filter.ids.is_some());
    press(&mut s, Action::OpenEntry);
    search(&mut s, "住建");
    enter(&mut s);
    assert_eq!(s.app.screen, Screen::Ledger);
    esc(&mut s);
    assert_eq!(s.app.screen, Screen::Dashboard);
    press(&mut s, Action::ShowLedger);
    assert_eq!(place(&s), before);

    // From the plain ledger: two searches, one Esc, the ledger as it was.
    search(&mut s, "住建");
    enter(&mut s);
    search(&mut s, "马均侠");
    enter(&mut s);
    esc(&mut s);
    assert_eq!(place(&s), before);
    assert!(s.app.nav.return_to().is_empty());
}

#[test]
fn another_clerks_save_keeps_the_highlight_on_the_same_result() {
    let (dir, mut s) = session();
    let (id, version) = (s.ledger_rows()[3].id, s.ledger_rows()[3].version);
    search(&mut s, "老旧");
    press(&mut s, Action::MoveDown);
    press(&mut s, Action::MoveDown);
    let chosen = results(&s)[2].id;
    retitle_by_another_clerk(&dir, id, version, "关于治理老旧噪音的提案");
    s.tick();
    let b = s.app.search().unwrap();
    assert!(b.results.iter().any(|r| r.id == id), "the new title is found");
    assert_eq!(b.chosen().unwrap().id, chosen, "the highlight stays on its result");
    // A new query starts at the top again.
    type_text(&mut s, "小");
    assert_eq!(s.app.search().unwrap().selected, 0);
}

#[test]
fn a_burst_of_input_method_characters_is_one_search() {
    let (_d, mut s) = session();
    search(&mut s, "");
    let runs = s.app.search().unwrap().runs;
    // What an IME commits for 老旧小区 arrives as four key presses at once.
    s.handle_batch("老旧小区".chars().map(|c| Event::Key(key(c))));
    let b = s.app.search().unwrap();
    assert_eq!(b.query, "老旧小区");
    assert_eq!(b.runs, runs + 1, "one search for the whole burst");
    assert!(b.results[0].title.contains("老旧小区"));
    // One key at a time is one search per key.
    type_text(&mut s, "改造");
    assert_eq!(s.app.search().unwrap().runs, runs + 3);
    // A burst that ends with Enter opens the top result of the whole query.
    esc(&mut s);
    let events = ["/", "0", "2", "5"].iter().map(|c| Event::Key(key(c.chars().next().unwrap())));
    s.handle_batch(events.chain([Event::Key(KeyEvent::from(KeyCode::Enter))]));
    assert_eq!(s.app.screen, Screen::Detail);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.number.trim_start_matches('0'), "25");
}

#[test]
fn another_clerks_commit_shows_up_in_the_results_after_the_refresh() {
    let (dir, mut s) = session();
    let id = s.ledger_rows()[3].id;
    let version = s.ledger_rows()[3].version;
    search(&mut s, "齉鼻");
    assert!(results(&s).is_empty());

    retitle_by_another_clerk(&dir, id, version, "关于治理齉鼻噪音的提案");
    // The open box shows it at the next tick, without a key.
    s.tick();
    let r = results(&s);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].id, r[0].title.as_str()), (id, "关于治理齉鼻噪音的提案"));
    assert_eq!(r[0].positions, vec![4, 5]);
}

#[test]
fn the_clerks_own_save_shows_up_in_the_results() {
    let (_d, mut s) = session();
    let id = s
        .app
        .ledger
        .ids
        .iter()
        .copied()
        .find(|&i| s.store().closure_checklist(i).unwrap().iter().all(|l| l.ok))
        .expect("an entry ready to close");
    let number = s.store().item_detail(id).unwrap().item.number;
    s.app.ledger.selected = s.app.ledger.position(id).unwrap();
    press(&mut s, Action::CloseEntry);
    enter(&mut s);
    assert_eq!(s.app.form(), None);
    search(&mut s, &number);
    let r = results(&s).iter().find(|r| r.id == id).expect("the item is found by its number");
    assert_eq!(r.item.as_ref().unwrap().status, Status::Closed);
}

/// Typing speed through the whole app at 100k items: every key press goes through the
/// keymap, the update, the search and a full draw on a 200×50 TestBackend. Prints the
/// figures; asserts nothing about time (the machine decides that).
///
/// ```sh
/// banli gen --items 100000 --db /tmp/gen100k.db
/// BANLI_SEARCH_DB=/tmp/gen100k.db cargo test --release --test tui_search -- --ignored --nocapture
/// ```
#[test]
#[ignore]
fn typing_speed_at_100k_items() {
    use std::time::{Duration, Instant};
    let Ok(path) = std::env::var("BANLI_SEARCH_DB") else {
        eprintln!("set BANLI_SEARCH_DB to a ledger made by `banli gen --items 100000 --db PATH`");
        return;
    };
    let store = Store::open(std::path::Path::new(&path), "测试员", banli::data::load(None).unwrap()).unwrap();
    let t = Instant::now();
    let docs = store.search_docs().unwrap();
    let read = t.elapsed();
    let index = banli::search::Index::build(docs);
    println!(
        "index: read {:.0} ms, built {:.0} ms, {:.1} MB",
        read.as_secs_f64() * 1e3,
        (t.elapsed() - read).as_secs_f64() * 1e3,
        index.memory_bytes() as f64 / 1e6
    );
    drop(index);
    let t = Instant::now();
    let mut s = Session::new(store, &Options::default());
    let start = t.elapsed();
    s.dispatch(Action::Resize(200, 50));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut frame = |s: &Session| terminal.draw(|f| s.draw(f)).map(|_| ()).unwrap();
    let t = Instant::now();
    frame(&s);
    let ledger_frame = t.elapsed();
    println!(
        "{} items; start-up (ledger read, index built) {:.0} ms; index {:.1} MB; ledger frame {:.2} ms",
        s.search_index().item_count(),
        start.as_secs_f64() * 1e3,
        s.search_index().memory_bytes() as f64 / 1e6,
        ledger_frame.as_secs_f64() * 1e3
    );
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut all: Vec<Duration> = Vec::new();
    for query in ["ljxq", "马均", "25", "住建 老旧"] {
        s.press(key('/'));
        frame(&s);
        let mut times = Vec::new();
        for c in query.chars() {
            let t = Instant::now();
            s.press(key(c));
            frame(&s);
            times.push(t.elapsed());
        }
        let top = s.app.search().and_then(|b| b.results.first()).map(|r| r.title.clone()).unwrap_or_default();
        let per: Vec<String> = times.iter().map(|d| format!("{:.2}", ms(*d))).collect();
        println!("{query:>10}: per key {} ms; top: {top}", per.join(" "));
        all.extend(times);
        esc(&mut s);
        frame(&s);
    }
    all.sort();
    println!(
        "per key (update + search + draw, {} keys): median {:.2} ms, worst {:.2} ms",
        all.len(),
        ms(all[all.len() / 2]),
        ms(all[all.len() - 1])
    );
}

#[test]
fn the_ledger_put_back_by_esc_shows_what_changed_meanwhile() {
    let (dir, mut s) = session();
    press(&mut s, Action::MoveDown);
    let (id, version) = (s.ledger_rows()[1].id, s.ledger_rows()[1].version);
    search(&mut s, "马均侠");
    enter(&mut s);
    esc(&mut s);
    assert_eq!(s.app.ledger.selected, 1);

    search(&mut s, "马均侠");
    enter(&mut s);
    // Another clerk retitles the row the ledger was on, meanwhile.
    retitle_by_another_clerk(&dir, id, version, "关于新标题的建议");
    s.tick();
    esc(&mut s);
    let row = s.app.ledger.selected_row().unwrap();
    assert_eq!((row.id, row.title.as_str()), (id, "关于新标题的建议"));
}

/// The app's own start (`Session::open`): the first page first, the rest and the index
/// from another thread. Whatever the thread's timing, the box answers with the index's
/// results (from the database until the index is in), and once everything is in the
/// session holds exactly what `Session::new` would.
#[test]
fn the_app_starts_on_the_first_page_and_the_index_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = Store::open(&dir.path().join("gen.db"), "test", banli::data::load(None).unwrap()).unwrap();
    st.generate(3000, 5).unwrap();
    let path = st.path().to_path_buf();
    drop(st);
    let open = || Store::open_existing(&path, "test", banli::data::load(None).unwrap()).unwrap();

    let mut whole = Session::new(open(), &Options::default());
    whole.dispatch(Action::Resize(120, 40));
    let mut s = Session::open(open(), &Options::default());
    s.dispatch(Action::Resize(120, 40));
    assert!(!s.app.ledger.is_empty(), "the first page is there at once");
    assert_eq!(s.ledger_rows()[0], whole.ledger_rows()[0]);

    search(&mut s, "ljxq");
    search(&mut whole, "ljxq");
    let shown: Vec<(ResultKind, i64)> = results(&s).iter().map(|r| (r.kind, r.id)).collect();
    let want: Vec<(ResultKind, i64)> = results(&whole).iter().map(|r| (r.kind, r.id)).collect();
    assert!(!want.is_empty());
    assert_eq!(shown, want, "from the database or the index, the same results in the same order");

    s.wait_ready();
    assert!(s.search_ready());
    assert_eq!(s.ledger_rows(), whole.ledger_rows(), "the whole ledger is in");
    assert_eq!(s.search_index().item_count(), 3000);
    type_text(&mut s, " ");
    let b = s.app.search().unwrap();
    assert_eq!(b.indexing, None);
    assert_eq!(b.total, whole.app.search().unwrap().total);
}

#[test]
fn the_box_says_it_is_indexing_while_it_answers_from_the_database() {
    let (_dir, mut s) = session();
    search(&mut s, "ljxq");
    s.app.search_mut().unwrap().indexing = Some(42);
    assert!(render(&s, (120, 30)).contains("索引中… 42%"), "{}", render(&s, (120, 30)));
}
