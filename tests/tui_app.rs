//! The whole app headless: a session on a demo database, driven by the keys of the live
//! keymap, with assertions on its state.
mod common;

use banli::domain::Kind;
use banli::store::Store;
use banli::text::Lang;
use banli::tui::app::{Level, Pane, Screen};
use banli::tui::{Action, Mode, Options, Session};
use common::tui::{demo_store, press, retitle_by_another_clerk, today, type_text};
use std::path::PathBuf;

fn session_with(opts: Options) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &opts);
    s.dispatch(Action::Resize(160, 45));
    (dir, s)
}

fn session() -> (tempfile::TempDir, Session) {
    session_with(Options::default())
}

fn selected_id(s: &Session) -> i64 {
    s.app.ledger.selected_row().expect("a selected row").id
}

#[test]
fn starts_on_the_ledger_with_open_items_of_both_kinds() {
    let (_d, s) = session();
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(s.app.mode(), Mode::Ledger);
    let rows = &s.ledger_rows();
    assert!(!rows.is_empty());
    assert!(rows.iter().any(|r| r.kind == Kind::Suggestion));
    assert!(rows.iter().any(|r| r.kind == Kind::Proposal));
    assert!(rows.iter().all(|r| r.status.is_open()), "closed entries are hidden by default");
    assert_eq!(s.app.ledger.selected, 0);
    assert_eq!(s.app.message, None);
}

#[test]
fn moves_opens_and_comes_back_to_the_same_row() {
    let (_d, mut s) = session();
    let n = s.app.ledger.len();
    press(&mut s, Action::MoveDown);
    assert_eq!(s.app.ledger.selected, 1.min(n - 1));
    press(&mut s, Action::Last);
    assert_eq!(s.app.ledger.selected, n - 1);
    press(&mut s, Action::MoveDown);
    assert_eq!(s.app.ledger.selected, n - 1, "stays on the last row");
    press(&mut s, Action::First);
    assert_eq!(s.app.ledger.selected, 0);
    press(&mut s, Action::MoveUp);
    assert_eq!(s.app.ledger.selected, 0);
    press(&mut s, Action::PageDown);
    press(&mut s, Action::PageUp);
    assert_eq!(s.app.ledger.selected, 0);

    press(&mut s, Action::Last);
    let id = selected_id(&s);
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    let d = s.app.detail.as_ref().unwrap();
    assert_eq!(d.detail.item.id, id);
    assert_eq!(d.pane, Pane::Records);
    press(&mut s, Action::NextPane);
    assert_eq!(s.app.detail.as_ref().unwrap().pane, Pane::Text);
    press(&mut s, Action::PrevPane);
    assert_eq!(s.app.detail.as_ref().unwrap().pane, Pane::Records);
    press(&mut s, Action::Last);
    press(&mut s, Action::First);
    assert_eq!(s.app.detail.as_ref().unwrap().scroll, [0, 0]);
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(selected_id(&s), id, "back on the same row");
}

#[test]
fn the_detail_scrolls_within_its_content() {
    let (_d, mut s) = session();
    s.dispatch(Action::Resize(80, 24));
    press(&mut s, Action::OpenEntry);
    press(&mut s, Action::Last);
    let bottom = s.app.detail.as_ref().unwrap().scroll[Pane::Records as usize];
    assert!(bottom > 0, "the records pane is longer than a 24-row screen");
    press(&mut s, Action::MoveDown);
    assert_eq!(s.app.detail.as_ref().unwrap().scroll[Pane::Records as usize], bottom, "no scrolling past the end");
    press(&mut s, Action::MoveUp);
    assert_eq!(s.app.detail.as_ref().unwrap().scroll[Pane::Records as usize], bottom - 1);
}

#[test]
fn filters_by_kind_overdue_and_closed() {
    let (_d, mut s) = session();
    let all = s.app.ledger.len();
    press(&mut s, Action::FilterKind);
    assert_eq!(s.app.ledger.filter.kind, Some(Kind::Suggestion));
    assert!(s.ledger_rows().iter().all(|r| r.kind == Kind::Suggestion));
    press(&mut s, Action::FilterKind);
    assert_eq!(s.app.ledger.filter.kind, Some(Kind::Proposal));
    assert!(s.ledger_rows().iter().all(|r| r.kind == Kind::Proposal));
    assert!(banli::tui::views::ledger::filter_labels(&s.app).contains(&"提案".to_string()));
    press(&mut s, Action::FilterKind);
    assert_eq!(s.app.ledger.filter.kind, None);
    assert_eq!(s.app.ledger.len(), all);

    press(&mut s, Action::ToggleOverdue);
    assert!(s.app.ledger.filter.overdue);
    assert!(s.ledger_rows().iter().all(|r| r.due_on.is_some_and(|d| d < today())));
    press(&mut s, Action::ToggleOverdue);

    press(&mut s, Action::ToggleClosed);
    assert!(s.app.ledger.filter.include_closed);
    assert!(s.app.ledger.len() >= all);
    press(&mut s, Action::ClearFilters);
    assert!(s.app.ledger.filter.is_default());
    assert_eq!(s.app.ledger.len(), all);
}

#[test]
fn the_unit_picker_narrows_by_typing() {
    let (_d, mut s) = session();
    let unit = s.ledger_rows().into_iter().find(|r| !r.units_label.is_empty()).expect("an assigned item");
    // The first unit of the row's 主办 column.
    let short = unit.units_label.split('、').next().unwrap().to_string();
    let unit_id = s.app.units.iter().find(|u| u.short_name == short).unwrap().id;
    press(&mut s, Action::FilterUnit);
    assert_eq!(s.app.mode(), Mode::Picker);
    // Letters bound elsewhere (q quits on the ledger) type into the field here.
    type_text(&mut s, "q");
    assert_eq!(s.app.picker().unwrap().query, "q");
    press(&mut s, Action::DeleteChar);
    s.handle_event(crossterm::event::Event::Paste(short.clone()));
    assert_eq!(s.app.picker().unwrap().query, short);
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.picker(), None);
    assert_eq!(s.app.ledger.filter.unit, Some(unit_id));
    assert!(!s.app.ledger.is_empty());
    assert!(banli::tui::views::ledger::filter_labels(&s.app).contains(&short));

    // Esc leaves the picker without changing the filter.
    press(&mut s, Action::FilterMeeting);
    press(&mut s, Action::MoveDown);
    press(&mut s, Action::Back);
    assert_eq!(s.app.ledger.filter.meeting, None);
    // Choosing a meeting keeps only that meeting's items.
    press(&mut s, Action::ClearFilters);
    press(&mut s, Action::FilterMeeting);
    press(&mut s, Action::MoveDown);
    press(&mut s, Action::OpenEntry);
    let m = s.app.ledger.filter.meeting.expect("a meeting chosen");
    assert!(s.ledger_rows().iter().all(|r| r.meeting_id == m));
    // And a status.
    press(&mut s, Action::ClearFilters);
    let status = s.ledger_rows()[0].status;
    press(&mut s, Action::FilterStatus);
    type_text(&mut s, status.label(Lang::Zh));
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.ledger.filter.status, Some(status));
    assert!(s.ledger_rows().iter().all(|r| r.status == status));
}

#[test]
fn sorting_cycles_and_keeps_the_selected_item() {
    let (_d, mut s) = session();
    press(&mut s, Action::Last);
    let id = selected_id(&s);
    press(&mut s, Action::CycleSort);
    assert_eq!(s.app.ledger.sort, banli::store::ledger::Sort::Deadline);
    assert_eq!(selected_id(&s), id);
    let dues: Vec<_> = s.ledger_rows().iter().filter_map(|r| r.due_on).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "sorted by deadline");
    press(&mut s, Action::CycleSort);
    press(&mut s, Action::CycleSort);
    assert_eq!(s.app.ledger.sort, banli::store::ledger::Sort::Number);
}

#[test]
fn marks_rows_for_batch_actions() {
    let (_d, mut s) = session();
    let first = selected_id(&s);
    press(&mut s, Action::ToggleSelect);
    assert!(s.app.ledger.marked.contains(&first));
    press(&mut s, Action::First);
    press(&mut s, Action::ToggleSelect);
    assert!(!s.app.ledger.marked.contains(&first));
}

#[test]
fn help_opens_scrolls_and_closes() {
    let (_d, mut s) = session();
    s.dispatch(Action::Resize(80, 24));
    press(&mut s, Action::Help);
    assert_eq!(s.app.mode(), Mode::Help);
    press(&mut s, Action::PageDown);
    assert!(s.app.help().unwrap() > 0);
    press(&mut s, Action::Back);
    assert_eq!(s.app.help(), None);
    // The full-width ？ a Chinese input method sends opens help too.
    type_text(&mut s, "？");
    assert_eq!(s.app.mode(), Mode::Help);
    press(&mut s, Action::Back);
    press(&mut s, Action::Quit);
    assert!(s.should_quit());
}

#[test]
fn only_key_presses_count() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    let (_d, mut s) = session();
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    s.handle_event(Event::Key(release));
    assert_eq!(s.app.ledger.selected, 0);
    s.handle_event(Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    assert_eq!(s.app.ledger.selected, 1);
}

#[test]
fn the_vim_keymap_works() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("keymaps/vim.toml");
    let (_d, mut s) = session_with(Options { keymap: Some(path), ..Options::default() });
    assert!(s.app.warnings.is_empty(), "{:?}", s.app.warnings);
    press(&mut s, Action::Last);
    type_text(&mut s, "g");
    assert_eq!(s.app.pending.len(), 1, "g waits for its second key");
    type_text(&mut s, "g");
    assert_eq!(s.app.ledger.selected, 0);
    type_text(&mut s, "l");
    assert_eq!(s.app.screen, Screen::Detail);
    type_text(&mut s, "h");
    assert_eq!(s.app.screen, Screen::Ledger);
}

#[test]
fn a_keymap_typo_is_shown_with_file_and_line_and_the_defaults_stay() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys.toml");
    std::fs::write(&file, "[ledger]\nkeymap = [\n  { on = \"j\", run = \"mvoe_down\" },\n]\n").unwrap();
    let (_d, mut s) = session_with(Options { keymap: Some(file.clone()), lang: Lang::En, ..Options::default() });
    let m = s.app.message.clone().expect("the warning is shown at start");
    assert_eq!(m.level, Level::Warning);
    assert!(m.text.contains(&format!("{}:3", file.display())), "{}", m.text);
    assert!(m.text.contains("mvoe_down"));
    assert_eq!(s.app.warnings.len(), 1);
    type_text(&mut s, "j");
    assert_eq!(s.app.ledger.selected, 1, "j keeps its default");
}

#[test]
fn another_clerks_commit_reloads_the_screen_keeping_the_selection() {
    let (dir, mut s) = session();
    press(&mut s, Action::Last);
    let id = selected_id(&s);
    let version = s.app.ledger.selected_row().unwrap().version;
    press(&mut s, Action::OpenEntry);
    s.tick();
    assert_eq!(s.ledger_rows().iter().find(|r| r.id == id).unwrap().version, version, "nothing changed yet");

    // A second clerk, on a connection of their own, retitles the item.
    retitle_by_another_clerk(&dir, id, version, "关于新标题的提案");

    s.tick();
    assert_eq!(s.app.screen, Screen::Detail);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.title, "关于新标题的提案");
    press(&mut s, Action::Back);
    assert_eq!(selected_id(&s), id);
    assert_eq!(s.app.ledger.selected_row().unwrap().title, "关于新标题的提案");
}

#[test]
fn a_ledger_never_backed_up_is_warned_about_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = banli::data::load(None).unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), "测试员", data).unwrap();
    store.set_today(today());
    store.load_demo().unwrap();
    let s = Session::new(store, &Options::default());
    let m = s.app.message.clone().expect("a warning at start");
    assert_eq!(m.level, Level::Warning);
    assert!(m.text.contains("备份"), "{}", m.text);
}

#[test]
fn keys_wait_while_the_window_is_too_small() {
    let (_d, mut s) = session();
    press(&mut s, Action::NewEntry);
    assert!(s.app.form().is_some());
    s.dispatch(Action::Resize(50, 10));
    // Typed and Enter while the form cannot be seen: nothing typed, nothing saved.
    type_text(&mut s, "关于测试的提案");
    s.press(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter));
    s.dispatch(Action::Resize(160, 45));
    let form = s.app.form().expect("the form is still open");
    assert!(form.fields.iter().all(|f| !f.text_value().contains("测试")), "nothing was typed unseen");
    assert_eq!(form.error, None);
}
