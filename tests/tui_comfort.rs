//! Comfort at the keyboard, headless on a demo database with the keys of the live keymap:
//! correcting a word in the middle of a reply text, Esc and Ctrl-C on a typed form, the next
//! and previous item, the command palette, pinyin in the filter pickers, the key-item and
//! leader filters, copying an item's number and title.
mod common;

use banli::tui::app::Screen;
use banli::tui::dialogs::picker::PickValue;
use banli::tui::{Action, Options, Session};
use common::tui::{demo_store, press, type_text};

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &Options::default());
    s.dispatch(Action::Resize(100, 30));
    (dir, s)
}

fn focused_id(s: &Session) -> &'static str {
    let f = s.app.form().expect("a form");
    f.fields[f.focus].id
}

fn to_field(s: &mut Session, id: &str) {
    for _ in 0..30 {
        if focused_id(s) == id {
            return;
        }
        press(s, Action::NextField);
    }
    panic!("no field {id}");
}

#[test]
fn a_word_in_the_middle_of_an_items_text_is_corrected_with_the_caret() {
    let (_d, mut s) = session();
    press(&mut s, Action::EditEntry);
    to_field(&mut s, "body");
    press(&mut s, Action::SelectAll);
    type_text(&mut s, "电话沟通，代表同意延期答复。");
    // The caret back before 延期, the wrong word selected and typed over.
    for _ in 0..5 {
        press(&mut s, Action::CursorLeft);
    }
    press(&mut s, Action::SelectRight);
    press(&mut s, Action::SelectRight);
    type_text(&mut s, "按期");
    assert_eq!(s.app.form().unwrap().text("body"), "电话沟通，代表同意按期答复。");
    // Backspace in the middle deletes before the caret, not the last character.
    press(&mut s, Action::DeleteChar);
    press(&mut s, Action::DeleteChar);
    assert_eq!(s.app.form().unwrap().text("body"), "电话沟通，代表同意答复。");
    // A new line at the caret, and Enter saves the text as it reads.
    press(&mut s, Action::NewLine);
    press(&mut s, Action::Submit);
    assert_eq!(s.app.form(), None, "saved");
    let id = s.app.ledger.selected_row().unwrap().id;
    assert_eq!(s.store().item_detail(id).unwrap().item.body_text, "电话沟通，代表同意\n答复。");
}

#[test]
fn esc_and_ctrl_c_on_a_typed_form_ask_first() {
    let (_d, mut s) = session();
    // An untouched form closes at once.
    press(&mut s, Action::LogContact);
    press(&mut s, Action::Back);
    assert_eq!(s.app.form(), None);
    press(&mut s, Action::EditEntry);
    to_field(&mut s, "title");
    type_text(&mut s, "x");
    press(&mut s, Action::Back);
    let f = s.app.form().expect("still open after one Esc");
    assert!(f.error.as_deref().unwrap_or("").contains("尚未保存"));
    // Another key goes on editing; Esc then asks again.
    type_text(&mut s, "y");
    press(&mut s, Action::Back);
    assert!(s.app.form().is_some());
    press(&mut s, Action::Back);
    assert_eq!(s.app.form(), None);
    // Ctrl-C asks, and quits on the second press.
    press(&mut s, Action::EditEntry);
    to_field(&mut s, "title");
    type_text(&mut s, "z");
    press(&mut s, Action::Quit);
    assert!(!s.should_quit());
    assert!(s.app.form().unwrap().error.as_deref().unwrap_or("").contains("Ctrl-C"));
    press(&mut s, Action::Quit);
    assert!(s.should_quit());
}

#[test]
fn next_and_previous_item_walk_the_ledger_and_esc_comes_back_to_the_row() {
    let (_d, mut s) = session();
    let ids: Vec<i64> = s.ledger_rows().iter().take(3).map(|r| r.id).collect();
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
    press(&mut s, Action::PrevEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, ids[0], "no previous: it stays");
    assert!(s.app.message.as_ref().unwrap().text.contains("第一件"));
    press(&mut s, Action::NextEntry);
    press(&mut s, Action::NextEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, ids[2]);
    press(&mut s, Action::PrevEntry);
    assert_eq!(s.app.detail.as_ref().unwrap().detail.item.id, ids[1]);
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(s.app.ledger.selected_row().unwrap().id, ids[1]);
}

#[test]
fn the_palette_finds_actions_by_label_pinyin_and_name_and_runs_them() {
    let (_d, mut s) = session();
    for q in ["销号", "xh", "xiaohao", "close_entry", "Close entry"] {
        press(&mut s, Action::OpenPalette);
        type_text(&mut s, q);
        let p = s.app.picker().expect("the palette");
        let first = p.visible().into_iter().find(|c| c.value != PickValue::All).expect("a match");
        assert_eq!(first.label, "销号", "{q}");
        assert_eq!(first.key, "x", "{q}: the key is shown");
        press(&mut s, Action::Back);
    }
    // Enter runs the action as its key would.
    press(&mut s, Action::OpenPalette);
    type_text(&mut s, "toggle_overdue");
    press(&mut s, Action::OpenEntry);
    assert!(s.app.ledger.filter.overdue, "the palette ran only-overdue");
}

#[test]
fn the_unit_and_meeting_pickers_take_pinyin() {
    let (_d, mut s) = session();
    press(&mut s, Action::FilterUnit);
    type_text(&mut s, "zj");
    let chosen = s.app.picker().unwrap().chosen();
    let unit = match chosen {
        Some(PickValue::Unit(id)) => id,
        other => panic!("zj found {other:?}"),
    };
    assert!(s.app.unit_short(unit).contains("住建"), "{}", s.app.unit_short(unit));
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.ledger.filter.unit, Some(unit));
    press(&mut s, Action::ClearFilters);
    press(&mut s, Action::FilterMeeting);
    type_text(&mut s, "zx");
    assert!(matches!(s.app.picker().unwrap().chosen(), Some(PickValue::Meeting(_))), "政协 by its initials");
}

#[test]
fn key_item_and_leader_filters_narrow_the_ledger() {
    let (_d, mut s) = session();
    let all = s.app.ledger.len();
    press(&mut s, Action::FilterKeyItem);
    let keys = s.app.ledger.len();
    assert!(keys > 0 && keys < all, "{keys} of {all}");
    assert!(s.ledger_rows().iter().all(|r| r.key));
    press(&mut s, Action::FilterKeyItem);
    assert_eq!(s.app.ledger.len(), all);
    press(&mut s, Action::FilterLeader);
    let leader = s.app.ledger.len();
    assert!(leader < all, "{leader} of {all}");
    for r in &s.ledger_rows() {
        let d = s.store().item_detail(r.id).unwrap();
        let by_round = d.second_rounds.iter().any(|x| x.reason == banli::domain::records::SecondReason::Leader);
        assert!(!d.item.leader.is_empty() || by_round, "{} is no leader case", r.number);
    }
}

#[test]
fn y_copies_the_number_and_title_for_the_terminal() {
    let (_d, mut s) = session();
    let r = s.app.ledger.selected_row().unwrap().clone();
    press(&mut s, Action::CopyItem);
    assert_eq!(s.app.clipboard.as_deref(), Some(format!("第{}号 {}", r.number, r.title).as_str()));
    assert!(s.app.message.as_ref().unwrap().text.contains("已复制"));
}

#[test]
fn the_clerks_ledger_columns_show_co_units_documents_results_and_feedback() {
    use banli::tui::columns::Column;
    let dir = tempfile::tempdir().unwrap();
    let cols = vec![
        Column::Number,
        Column::Meeting,
        Column::Title,
        Column::CoUnits,
        Column::Doc,
        Column::Result,
        Column::Satisfaction,
    ];
    let mut s = Session::new(demo_store(&dir), &Options { ledger_columns: cols, ..Options::default() });
    s.dispatch(Action::Resize(200, 30));
    press(&mut s, Action::ToggleClosed);
    let page = 30 - 4;
    let loaded = s.app.ledger.cells.len();
    assert!(loaded > 0 && loaded <= page + 1, "only the rows on screen are read: {loaded}");
    let backend = ratatui::backend::TestBackend::new(200, 30);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| s.draw(f)).unwrap();
    let text = common::tui::screen_text(term.backend().buffer());
    let header = text.lines().nth(1).unwrap();
    for h in ["编号", "届次", "标题", "会办", "答复文号", "办理结果", "满意度"] {
        assert!(header.contains(h), "{header}");
    }
    assert!(!header.contains("领衔") && !header.contains("状态"), "only the chosen columns: {header}");
    // A row with a document number, a result and feedback shows all three, as the store
    // reads them.
    let rows: Vec<_> = s.ledger_rows().into_iter().skip(s.app.ledger.offset).take(page).collect();
    let (row, cells) = rows
        .iter()
        .find_map(|r| {
            s.app
                .ledger
                .cells
                .get(&r.id)
                .filter(|c| !c.docs.is_empty() && c.class.is_some() && c.satisfaction.is_some())
                .map(|c| (r, c))
        })
        .expect("a replied item with feedback on the first page");
    let line = text.lines().find(|l| l.contains(&row.title)).expect("its line");
    assert!(line.contains(&cells.docs[0]), "{line}");
    assert!(line.contains(&format!(" {} ", cells.class.as_deref().unwrap())), "{line}");
    assert!(line.contains(cells.satisfaction.unwrap().label(banli::text::Lang::Zh)), "{line}");
    // Moving down past the page reads the next rows' cells.
    for _ in 0..page + 3 {
        press(&mut s, Action::MoveDown);
    }
    let sel = s.app.ledger.selected_row().unwrap().id;
    assert!(s.app.ledger.cells.contains_key(&sel), "the row moved onto has its cells");
}

#[test]
fn the_export_form_offers_the_configured_folder_and_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("台账导出");
    std::fs::create_dir(&out).unwrap();
    let mut s = Session::new(demo_store(&dir), &Options { export_dir: Some(out.clone()), ..Options::default() });
    s.dispatch(Action::Resize(100, 30));
    press(&mut s, Action::ExportFile);
    let offered = s.app.form().expect("the export form").text("path");
    assert_eq!(offered, format!("{}/", out.display()));
    s.press(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter));
    s.wait_for_job();
    assert!(s.app.form().is_none(), "{:?}", s.app.message);
    let made: Vec<_> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].starts_with("banli-") && made[0].ends_with("20261122.xlsx"), "{made:?}");
}

#[test]
fn texts_that_name_keys_show_the_clerks_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.toml");
    std::fs::write(
        &keys,
        "[form]\nkeymap = [\n  { on = \"ctrl-o\", run = \"new_line\", desc = \"换行 New line\" },\n  { on = \"ctrl-j\", run = \"no_op\", desc = \"unbind\" },\n]\n",
    )
    .unwrap();
    let mut s = Session::new(demo_store(&dir), &Options { keymap: Some(keys), ..Options::default() });
    s.dispatch(Action::Resize(120, 40));
    press(&mut s, Action::EditEntry);
    to_field(&mut s, "body");
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| s.draw(f)).unwrap();
    let text = common::tui::screen_text(term.backend().buffer());
    assert!(text.contains("Ctrl-o 换行") || text.contains("Ctrl-O 换行"), "the hint names the clerk's key:\n{text}");
    assert!(!text.contains("Ctrl-J") && !text.contains("Ctrl-j") && !text.contains("{key:"), "{text}");
}

#[test]
fn the_units_note_names_the_clerks_key_for_the_units_items() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.toml");
    std::fs::write(
        &keys,
        "[units]\nkeymap = [\n  { on = \"o\", run = \"open_entry\", desc = \"打开 Open\" },\n  { on = \"enter\", run = \"no_op\", desc = \"unbind\" },\n]\n",
    )
    .unwrap();
    let mut s = Session::new(demo_store(&dir), &Options { keymap: Some(keys), ..Options::default() });
    s.dispatch(Action::Resize(100, 30));
    press(&mut s, Action::ShowUnits);
    assert_eq!(s.app.screen, Screen::Units);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|f| s.draw(f)).unwrap();
    let text = common::tui::screen_text(term.backend().buffer());
    assert!(text.contains("o 查看该单位的件"), "the note names the clerk's key:\n{text}");
    assert!(!text.contains("Enter 查看"), "{text}");
}
