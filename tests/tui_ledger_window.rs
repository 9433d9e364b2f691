//! The ledger screen holds the ids of its list and only a window of rows around the page
//! (issue 19): moving, marks, batches and the rows drawn work on lists longer than the
//! window.
mod common;

use banli::tui::app::Overlay;
use banli::tui::dialogs::Open;
use banli::tui::{Action, Options, Session};
use common::tui::{demo_store, press, screen_text};

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &Options::default());
    s.dispatch(Action::Resize(100, 20));
    (dir, s)
}

fn drawn(s: &Session) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    term.draw(|f| s.draw(f)).unwrap();
    screen_text(term.backend().buffer())
}

fn batch_items(s: &Session) -> Vec<(i64, i64)> {
    match &s.app.overlay {
        Some(Overlay::Form(f)) => match &f.dialog {
            Open::CloseMany(d) => d.items().to_vec(),
            Open::Assign(d) => d.items().to_vec(),
            p => panic!("not a batch form: {p:?}"),
        },
        o => panic!("no form open: {o:?}"),
    }
}

#[test]
fn the_screen_holds_ids_and_only_the_rows_around_the_page() {
    let (_d, mut s) = session();
    let l = &s.app.ledger;
    let whole = s.store().ledger(&l.filter, l.sort).unwrap();
    assert_eq!(l.ids, whole.iter().map(|r| r.id).collect::<Vec<_>>(), "the ids of the whole list, in order");
    assert!(l.window_rows.len() < l.len() / 4, "{} rows held of {}", l.window_rows.len(), l.len());
    assert_eq!(s.ledger_rows(), whole);

    press(&mut s, Action::Last);
    let last = whole.last().unwrap();
    assert_eq!(s.app.ledger.selected_row(), Some(last), "the last row is read when the cursor gets there");
    assert!(s.app.ledger.window_rows.len() < whole.len() / 4);
    assert!(drawn(&s).contains(&last.number), "the last row is drawn");
    press(&mut s, Action::First);
    assert_eq!(s.app.ledger.selected_row(), Some(&whole[0]));
    assert!(drawn(&s).contains(&whole[0].number));

    // A page at a time through the whole list: every page is drawn from its rows.
    let page = banli::tui::layout::ledger_page(s.app.size);
    for _ in 0..whole.len() / page + 1 {
        press(&mut s, Action::PageDown);
        let sel = s.app.ledger.selected;
        assert_eq!(s.app.ledger.selected_row(), Some(&whole[sel]));
        let l = &s.app.ledger;
        for (i, row) in whole.iter().enumerate().skip(l.offset).take(page) {
            assert_eq!(l.row(i), Some(row), "row {i} on screen is in the window");
        }
    }
}

#[test]
fn marks_far_apart_make_one_batch_with_the_versions_as_they_stand() {
    let (_d, mut s) = session();
    let first = s.app.ledger.ids[0];
    press(&mut s, Action::ToggleSelect);
    press(&mut s, Action::Last);
    let last = *s.app.ledger.ids.last().unwrap();
    press(&mut s, Action::ToggleSelect);
    assert!(s.app.ledger.marked.contains(&first) && s.app.ledger.marked.contains(&last));
    assert!(s.app.ledger.row(0).is_none(), "the first row has left the window");
    press(&mut s, Action::CloseEntry);
    let version = |id: i64| s.store().item_detail(id).unwrap().item.version;
    assert_eq!(batch_items(&s), vec![(first, version(first)), (last, version(last))]);
}

#[test]
fn closing_every_entry_shown_takes_the_whole_list_not_the_window() {
    let (_d, mut s) = session();
    let open: Vec<i64> = s.ledger_rows().iter().filter(|r| r.status.is_open()).map(|r| r.id).collect();
    assert!(open.len() > s.app.ledger.window_rows.len());
    press(&mut s, Action::CloseShown);
    let items = batch_items(&s);
    assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), open);
}
