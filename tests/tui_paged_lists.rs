//! The list screens that page (supervision's overdue and due-soon work and office work, the
//! units screen's co-handling tracker) on the demo ledger in a small window: the ids they
//! hold list the same rows, in the same order, as the store's whole-list functions (what the
//! screens held before they paged), their counts are those lists' counts, the cursor moves
//! as before, and moving past the window reads the next rows.
mod common;
use banli::store::followup::supervision::DueRow;
use banli::store::handling::units::{CoFilter, CoHandlingRow};
use banli::store::Store;
use banli::tui::screens::list::{Cursor, Paged};
use banli::tui::screens::supervision::SupervisionPane;
use banli::tui::screens::units::UnitsPane;
use banli::tui::{Action, Options, Session};
use chrono::NaiveDate;
use common::tui::press;

/// A small window: pages of a few rows, so the demo's lists are many windows long.
const SIZE: (u16, u16) = (60, 14);

fn demo_session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), "测试员", banli::data::load(None).unwrap()).unwrap();
    store.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    store.load_demo().unwrap();
    let mut s = Session::new(store, &Options::default());
    s.dispatch(Action::Resize(SIZE.0, SIZE.1));
    (dir, s)
}

/// Walks the list from its first row to its last with ↓, checking each selected row against
/// `expected`, and that the list never holds more than its window; then End and Home. A list
/// `long` in the demo is more than a window long: the window must move.
fn walk<R: PartialEq + std::fmt::Debug + Clone>(
    s: &mut Session,
    list: impl Fn(&Session) -> (&Paged<R>, Cursor),
    expected: &[R],
    long: bool,
) {
    let page = banli::tui::screens::page(s.app.size);
    press(s, Action::First);
    let (l, _) = list(s);
    assert_eq!(l.len(), expected.len(), "the count is the whole list's");
    assert!(!long || expected.len() > 3 * page, "the demo's list is longer than a window ({} rows)", expected.len());
    assert!(!expected.is_empty(), "the demo's list has rows");
    let mut moved_window = false;
    for (i, want) in expected.iter().enumerate() {
        let (l, c) = list(s);
        assert_eq!(c.selected, i);
        assert_eq!(l.row(i), Some(want), "row {i}");
        assert!(l.rows.len() <= 4 * page, "{} rows held, pages of {page}", l.rows.len());
        moved_window |= l.window.start > 0;
        press(s, Action::MoveDown);
    }
    let (l, c) = list(s);
    assert_eq!(c.selected, expected.len() - 1, "↓ on the last row stays");
    if long {
        assert!(moved_window, "moving past the window read the next rows");
        assert!(!l.window.contains(&0), "the window left the first rows");
    }
    press(s, Action::First);
    let (l, c) = list(s);
    assert_eq!((c.selected, c.offset), (0, 0));
    assert_eq!(l.row(0), expected.first());
    press(s, Action::Last);
    let (l, c) = list(s);
    assert_eq!(c.selected, expected.len() - 1);
    assert_eq!(l.row(c.selected), expected.last());
    press(s, Action::PageUp);
    let (l, c) = list(s);
    assert_eq!(c.selected, (expected.len() - 1).saturating_sub(page));
    assert_eq!(l.row(c.selected), expected.get(c.selected));
}

#[test]
fn supervision_pages_its_due_work_with_the_same_rows_counts_and_cursor() {
    let (_d, mut s) = demo_session();
    press(&mut s, Action::ShowSupervision);
    let (today, days) = (s.app.ctx.today, s.app.ctx.rules.due_soon_days);
    let all = s.store().due_work(days).unwrap();
    let overdue: Vec<DueRow> = all.iter().filter(|w| w.deadline < today).cloned().collect();
    let due: Vec<DueRow> = all.iter().filter(|w| w.deadline >= today).cloned().collect();
    walk(&mut s, |s| (&s.app.screens.supervision.overdue, s.app.screens.supervision.overdue_cursor), &overdue, true);
    // Esc from an item comes back to the same row, read again.
    press(&mut s, Action::OpenEntry);
    press(&mut s, Action::Back);
    let sup = &s.app.screens.supervision;
    assert_eq!(sup.overdue.row(sup.overdue_cursor.selected), overdue.get(sup.overdue_cursor.selected));

    press(&mut s, Action::NextPane);
    assert_eq!(s.app.screens.supervision.pane, SupervisionPane::DueSoon);
    // The demo's due-soon list is short: its rows and count, as the store lists them.
    let sup = &s.app.screens.supervision;
    assert_eq!(sup.due_soon.len(), due.len());
    assert_eq!(sup.due_soon.row(0), due.first());

    // The office's work: the same rows as the store's whole list, row by row.
    press(&mut s, Action::NextPane);
    assert_eq!(s.app.screens.supervision.pane, SupervisionPane::Office);
    let office = s.store().office_due(days).unwrap();
    assert_eq!(s.app.screens.supervision.office.len(), office.len());
    for (i, want) in office.iter().enumerate() {
        let sup = &s.app.screens.supervision;
        assert_eq!((sup.office_cursor.selected, sup.office.row(i)), (i, Some(want)));
        press(&mut s, Action::MoveDown);
    }
    press(&mut s, Action::PrevPane);
    press(&mut s, Action::PrevPane);
    assert_eq!(s.app.screens.supervision.pane, SupervisionPane::Overdue);

    // By unit: the order the screen sorted in before (stable by unit, then role).
    press(&mut s, Action::CycleSort);
    let mut by_unit = overdue.clone();
    by_unit.sort_by(|a, b| a.unit_short.cmp(&b.unit_short).then(a.role.cmp(&b.role)));
    walk(&mut s, |s| (&s.app.screens.supervision.overdue, s.app.screens.supervision.overdue_cursor), &by_unit, true);

    // The dashboard counts the same items.
    let dash = s.store().dashboard(days).unwrap();
    let items = |keep: &dyn Fn(&DueRow) -> bool| {
        all.iter().filter(|w| keep(w)).map(|w| w.item_id).collect::<std::collections::BTreeSet<_>>().len() as u32
    };
    assert_eq!(dash.overdue_items, items(&|w| w.deadline < today));
    assert_eq!(dash.due_soon_items, items(&|w| w.deadline >= today));
}

#[test]
fn the_co_handling_tracker_pages_with_the_same_rows_counts_and_filters() {
    let (_d, mut s) = demo_session();
    press(&mut s, Action::ShowUnits);
    press(&mut s, Action::NextPane);
    assert_eq!(s.app.screens.units.pane, UnitsPane::CoHandling);
    let today = s.app.ctx.today;
    // The tracker's order before it paged: awaited first, by deadline, numbers numerically.
    let mut all = s.store().co_handling_tracker().unwrap();
    let number = |o: &CoHandlingRow| (o.number.trim().parse::<u64>().unwrap_or(u64::MAX), o.number.clone());
    all.sort_by_cached_key(|o| (o.received_on.is_some(), o.deadline, number(o), o.assignment_id));
    let overdue = all.iter().filter(|o| CoFilter::Overdue.keeps(o, today)).count() as u32;
    assert_eq!(s.app.screens.units.co_counts, (all.len() as u32, overdue));
    assert_eq!(s.store().dashboard(7).unwrap().co_overdue, overdue);
    walk(&mut s, |s| (&s.app.screens.units.tracker, s.app.screens.units.co_cursor), &all, true);
    // Each filter lists what it kept before; the counts on the tab stay the whole tracker's.
    let mut filter = CoFilter::All;
    for _ in 0..4 {
        press(&mut s, Action::FilterStatus);
        filter = filter.next();
        assert_eq!(s.app.screens.units.filter, filter);
        let kept: Vec<i64> = all.iter().filter(|o| filter.keeps(o, today)).map(|o| o.assignment_id).collect();
        assert_eq!(s.app.screens.units.tracker.ids, kept, "{filter:?}");
        assert_eq!(s.app.screens.units.co_counts.0, all.len() as u32);
        let sel = s.app.screens.units.selected_opinion().map(|o| o.assignment_id);
        assert_eq!(sel, kept.first().copied());
    }
}

#[test]
fn the_queue_and_follow_up_page_with_the_same_rows_and_counts() {
    let (_d, mut s) = demo_session();
    press(&mut s, Action::ShowQueue);
    let days = s.app.ctx.rules.due_soon_days;
    let today = s.app.ctx.today;
    let queue = s.store().second_round_queue(&Default::default()).unwrap();
    walk(&mut s, |s| (&s.app.screens.queue.rows, s.app.screens.queue.cursor), &queue, false);
    // Finished entries too: the list read again, from the top.
    press(&mut s, Action::FilterStatus);
    let filter = s.app.screens.queue.filter.clone();
    let all = s.store().second_round_queue(&filter).unwrap();
    assert!(all.len() > queue.len());
    walk(&mut s, |s| (&s.app.screens.queue.rows, s.app.screens.queue.cursor), &all, false);

    press(&mut s, Action::NextPane);
    let follow = s.store().follow_up(days).unwrap();
    let overdue = follow.iter().filter(|c| c.due_on < today).count() as u32;
    assert_eq!(s.app.screens.queue.follow_overdue, overdue);
    walk(&mut s, |s| (&s.app.screens.queue.follow_up, s.app.screens.queue.follow_cursor), &follow, false);

    // The dashboard's queue and follow-up figures count the same rows.
    let dash = s.store().dashboard(days).unwrap();
    assert_eq!(dash.queue_open, queue.len() as u32);
    assert_eq!(dash.queue_overdue, queue.iter().filter(|q| q.deadline < today).count() as u32);
    assert_eq!((dash.follow_up_due, dash.follow_up_overdue), (follow.len() as u32 - overdue, overdue));
}

#[test]
fn the_units_counts_read_in_one_pass_are_the_per_unit_counts() {
    let (d, s) = demo_session();
    let rows = s.store().unit_rows().unwrap();
    assert!(rows.len() > 20);
    let c = rusqlite::Connection::open(d.path().join("d.db")).unwrap();
    let count = |sql: &str, unit: i64| -> u32 { c.query_row(sql, [unit], |r| r.get(0)).unwrap() };
    let role = |role: &str| {
        format!(
            "SELECT count(*) FROM assignment a JOIN item i ON i.id = a.item_id
             WHERE a.unit_id = ?1 AND a.ended_on IS NULL AND a.role = '{role}' AND i.filing = 'filed'"
        )
    };
    let met = "SELECT count(DISTINCT f.item_id) FROM face_to_face f
       JOIN assignment a ON a.item_id = f.item_id AND a.unit_id = f.unit_id AND a.ended_on IS NULL AND a.role != 'co_handling'
       JOIN item i ON i.id = f.item_id WHERE f.unit_id = ?1 AND i.filing = 'filed'";
    for u in &rows {
        let by_hand = (count(&role("lead"), u.unit_id), count(&role("split"), u.unit_id));
        assert_eq!((u.lead, u.split), by_hand, "{}", u.short_name);
        assert_eq!(u.co_handling, count(&role("co_handling"), u.unit_id), "{}", u.short_name);
        assert_eq!(u.face_to_face, count(met, u.unit_id), "{}", u.short_name);
    }
    assert!(rows.iter().any(|u| u.face_to_face > 0 && u.co_handling > 0), "the demo has both");
}
