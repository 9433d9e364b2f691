//! Issue 15: a long import or export in the TUI runs off the screen thread, shows its
//! progress in the status line and can be cancelled with Esc, writing nothing. On a SQLite
//! file always, also in the PostgreSQL pass (a test opens the file behind the store's back).
mod common;

use banli::tui::dialogs::import::ImportConfirm;
use banli::tui::dialogs::Open;
use banli::tui::{Action, Options, Session};
use common::file_fixture as fixture;
use common::tui::{screen_text, type_text};
use crossterm::event::{KeyCode, KeyEvent};

fn key(s: &mut Session, k: KeyCode) {
    s.press(KeyEvent::from(k));
}

fn to_field(s: &mut Session, id: &str) {
    for _ in 0..30 {
        let f = s.app.form().expect("a form");
        if f.fields[f.focus].id == id {
            return;
        }
        key(s, KeyCode::Tab);
    }
    panic!("no field {id}");
}

fn items(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path).unwrap().query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap()
}

/// A list of `n` proposals for 区住建局.
fn list(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut text = String::from("提案号,案由,领衔委员,主办单位\n");
    for i in 0..n {
        text.push_str(&format!("{},关于改善第{}片区居住环境的提案,马均侠,区住建局\n", 1000 + i, i + 1));
    }
    let file = dir.join("list.csv");
    std::fs::write(&file, text).unwrap();
    file
}

/// Opens the import form on `file` (a second time the form remembers it), runs the dry run
/// and confirms it: the job starts.
fn start_import(s: &mut Session, file: &std::path::Path) {
    s.dispatch(Action::ImportFile);
    if s.app.form().unwrap().text("path").is_empty() {
        to_field(s, "path");
        type_text(s, &file.display().to_string());
        to_field(s, "meeting");
        type_text(s, "区政协十五届二次会议");
    }
    key(s, KeyCode::Enter);
    // The dry run runs as a job too, and shows its report.
    assert!(s.app.job.is_some_and(|v| v.label == "导入中"));
    s.wait_for_job();
    assert!(
        matches!(s.app.form().unwrap().dialog, Open::ImportConfirm(ImportConfirm { ok: true, .. })),
        "{:?}",
        s.app.form()
    );
    key(s, KeyCode::Enter);
}

#[test]
fn a_ten_thousand_row_import_shows_progress_and_esc_cancels_it_writing_nothing() {
    let f = fixture(1);
    let path = f.path.clone();
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(120, 30));
    let file = list(f._dir.path(), 10_000);
    let before = items(&path);

    start_import(&mut s, &file);
    let view = s.app.job.expect("the import runs as a job");
    assert_eq!(view.label, "导入中");
    // The screen still draws, with the progress and how to cancel in the status line.
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal.draw(|fr| s.draw(fr)).unwrap();
    let shown = screen_text(terminal.backend().buffer());
    assert!(shown.contains("导入中") && shown.contains("Esc 取消"), "{shown}");
    // Other keys wait; Esc cancels.
    type_text(&mut s, "x");
    key(&mut s, KeyCode::Esc);
    assert!(s.app.job.is_some_and(|v| v.cancelling));
    s.wait_for_job();
    assert!(s.app.job.is_none());
    assert_eq!(items(&path), before, "a cancelled import writes nothing");
    let err = s.app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(err.contains("已取消"), "{err}");

    // Again, to the end: every row is written and the progress reached the total.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    start_import(&mut s, &file);
    s.wait_for_job();
    assert_eq!(items(&path), before + 10_000);
    let msg = s.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(msg.contains("新增 10000 件"), "{msg}");
    assert!(s.app.form().is_none());
}

/// (A cancelled export leaving no file is tested in `tui::job`'s unit tests, where the
/// cancel can come first for sure: a small export may finish before any key is read.)
#[test]
fn an_export_runs_as_a_job() {
    let f = fixture(3);
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(120, 30));
    let out = f._dir.path().join("台账.xlsx");
    let export = |s: &mut Session| {
        s.dispatch(Action::ExportFile);
        to_field(s, "path");
        type_text(s, &out.display().to_string());
        key(s, KeyCode::Enter);
    };
    export(&mut s);
    assert!(s.app.job.is_some_and(|v| v.label == "导出中"));
    s.wait_for_job();
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    let msg = s.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(msg.contains("已导出") && msg.contains("台账.xlsx"), "{msg}");
}

#[test]
fn the_export_form_writes_a_gbk_csv_for_older_systems() {
    let f = fixture(3);
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(120, 30));
    let out = f._dir.path().join("台账.csv");
    s.dispatch(Action::ExportFile);
    to_field(&mut s, "format");
    key(&mut s, KeyCode::Right);
    to_field(&mut s, "encoding");
    key(&mut s, KeyCode::Right);
    assert_eq!(s.app.form().unwrap().choice("encoding"), "gbk");
    to_field(&mut s, "path");
    type_text(&mut s, &out.display().to_string());
    key(&mut s, KeyCode::Enter);
    s.wait_for_job();
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "GBK has no UTF-8 BOM");
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad && text.contains("关于加快老旧小区改造的提案1"), "{text}");
}
