//! The evaluation screen (key 7) and the documents written from the TUI (`D` then a letter),
//! headless on the demo ledger with the keys of the live keymap: the table with each
//! component, sorted by the total, the reason for the selected unit's grade, drawn at every
//! size; the commendation list marked from the screen and audited; a leader refused, a unit
//! clerk shown why there is nothing; documents written to the export folder for the item
//! under the cursor and the marked items, never over a file already there.
mod common;
use banli::domain::access::AccountRole;
use banli::store::Store;
use banli::text::Lang;
use banli::tui::app::{Level, Screen};
use banli::tui::screens::evaluation::EvalPane;
use banli::tui::{Action, Mode, Options, Session};
use chrono::NaiveDate;
use common::tui::press;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::io::Read;
use std::path::Path;

fn store_in(dir: &Path, account: &str) -> Store {
    let mut store = Store::open(&dir.join("d.db"), account, banli::data::load(None).unwrap()).unwrap();
    store.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    store
}

fn session(store: Store, opts: Options) -> Session {
    let mut s = Session::new(store, &opts);
    s.dispatch(Action::Resize(100, 30));
    s
}

fn demo(opts: Options) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "测试员");
    store.load_demo().unwrap();
    let s = session(store, opts);
    (dir, s)
}

fn render(s: &Session, size: (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    common::tui::screen_text(terminal.backend().buffer())
}

fn message(s: &Session) -> String {
    s.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn key_7_shows_each_unit_s_components_sorted_and_why_at_every_size() {
    for (lang, ascii) in [(Lang::Zh, false), (Lang::En, false), (Lang::Zh, true)] {
        let (_d, mut s) = demo(Options { lang, ascii, ..Options::default() });
        press(&mut s, Action::ShowEvaluation);
        assert_eq!((s.app.screen, s.app.mode()), (Screen::Evaluation, Mode::Evaluation));
        let e = s.app.screens.evaluation.data.clone().expect("the evaluation is read");
        assert!(e.rows.len() > 20 && !e.candidates.is_empty());
        let text = render(&s, (100, 30));
        let first = s.app.screens.evaluation.selected_unit().unwrap().clone();
        assert!(text.contains(&first.unit.short_name), "{text}");
        // The reason of the selected unit's grade under the table.
        let why_start: String = first.why.chars().take(12).collect();
        assert!(text.contains(&why_start), "{why_start}\n{text}");
        // s: the office's order, then the total, highest first.
        press(&mut s, Action::CycleSort);
        let totals: Vec<f64> = s.app.screens.evaluation.units().iter().map(|r| r.score.total).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
        for size in [(160, 45), (100, 30), (80, 24), (60, 12)] {
            s.dispatch(Action::Resize(size.0, size.1));
            let text = render(&s, size);
            for line in text.lines() {
                assert!(unicode_width::UnicodeWidthStr::width(line) <= usize::from(size.0), "{size:?}: {line}");
            }
            let grade = &s.app.screens.evaluation.units()[0].score.grade;
            assert!(text.contains(grade.as_str()), "{size:?}: the grade always shows\n{text}");
        }
    }
}

#[test]
fn the_office_marks_the_list_from_the_screen_and_enter_opens_the_unit() {
    let (dir, mut s) = demo(Options::default());
    press(&mut s, Action::ShowEvaluation);
    press(&mut s, Action::NextPane);
    assert_eq!(s.app.screens.evaluation.pane, EvalPane::Candidates);
    let first = s.app.screens.evaluation.data.as_ref().unwrap().candidates[0].clone();
    press(&mut s, Action::ToggleCommend);
    assert!(message(&s).contains("已列入"), "{}", message(&s));
    let e = s.app.screens.evaluation.data.clone().unwrap();
    assert_eq!(e.commended.len(), 1);
    assert_eq!(e.commended[0].item_id, Some(first.item_id));
    assert!(e.candidates[0].commended);
    // The list pane: m takes it off again.
    press(&mut s, Action::NextPane);
    press(&mut s, Action::ToggleCommend);
    assert!(message(&s).contains("撤出"), "{}", message(&s));
    assert!(s.app.screens.evaluation.data.as_ref().unwrap().commended.is_empty());
    let c = rusqlite::Connection::open(dir.path().join("d.db")).unwrap();
    let actions: Vec<String> = {
        let mut st = c.prepare("SELECT action FROM audit_log WHERE entity = 'commendation' ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(actions, ["commend", "uncommend"]);
    // Enter on a unit: its items in the ledger; Esc comes back to the same unit.
    press(&mut s, Action::NextPane);
    press(&mut s, Action::MoveDown);
    let unit = s.app.screens.evaluation.selected_unit().unwrap().unit.id;
    press(&mut s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Ledger);
    assert_eq!(s.app.ledger.filter.unit, Some(unit));
    press(&mut s, Action::Back);
    assert_eq!(s.app.screen, Screen::Evaluation);
    assert_eq!(s.app.screens.evaluation.selected_unit().unwrap().unit.id, unit);
}

#[test]
fn a_leader_reads_it_and_a_unit_clerk_is_told_it_is_not_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "测试员");
    store.load_demo().unwrap();
    store.add_user("测试员", AccountRole::Admin, &[]).unwrap();
    store.add_user("boss", AccountRole::Leader, &[]).unwrap();
    store.add_user("zjj", AccountRole::UnitClerk, &["区住房和城乡建设局".into()]).unwrap();
    drop(store);
    let mut boss = session(store_in(dir.path(), "boss"), Options::default());
    press(&mut boss, Action::ShowEvaluation);
    assert!(boss.app.screens.evaluation.data.is_some(), "a leader sees the evaluation");
    press(&mut boss, Action::ToggleCommend);
    assert_eq!(boss.app.message.as_ref().map(|m| m.level), Some(Level::Error));
    assert!(message(&boss).contains("只读"), "{}", message(&boss));
    assert!(boss.app.screens.evaluation.data.as_ref().unwrap().commended.is_empty());
    let mut zjj = session(store_in(dir.path(), "zjj"), Options::default());
    press(&mut zjj, Action::ShowEvaluation);
    assert!(zjj.app.screens.evaluation.data.is_none());
    let text = render(&zjj, (100, 30));
    assert!(text.contains("只对办公室和领导开放"), "{text}");
}

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn documents_are_written_for_the_item_under_the_cursor_and_the_marked_items() {
    let out = tempfile::tempdir().unwrap();
    let (_d, mut s) = demo(Options { export_dir: Some(out.path().to_path_buf()), ..Options::default() });
    let first = s.app.ledger.selected_row().unwrap().clone();
    press(&mut s, Action::WriteReplyDraft);
    assert_eq!(s.app.message.as_ref().map(|m| m.level), Some(Level::Info), "{}", message(&s));
    let names = |dir: &Path| {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        v.sort();
        v
    };
    let drafts = names(out.path());
    assert!(!drafts.is_empty() && drafts.iter().all(|n| n.starts_with("答复函-")), "{drafts:?}");
    assert!(message(&s).contains(&drafts[0]), "the message names the file: {}", message(&s));
    // Again: the first draft (perhaps edited in Word by now) stays; the new one is (2).
    press(&mut s, Action::WriteReplyDraft);
    let again = names(out.path());
    assert_eq!(again.len(), drafts.len() * 2, "{again:?}");
    assert!(again.iter().any(|n| n.contains(" (2)")), "{again:?}");

    // Two marked items: one assignment letter per unit of theirs, listing only them.
    let letters = tempfile::tempdir().unwrap();
    let (_d2, mut s) = demo(Options { export_dir: Some(letters.path().to_path_buf()), ..Options::default() });
    press(&mut s, Action::ToggleSelect);
    press(&mut s, Action::ToggleSelect);
    let marked: Vec<i64> = s.app.ledger.marked.iter().copied().collect();
    assert_eq!(marked.len(), 2);
    let numbers: Vec<String> =
        s.ledger_rows().iter().filter(|r| marked.contains(&r.id)).map(|r| r.number.clone()).collect();
    press(&mut s, Action::WriteAssignmentLetters);
    let files = names(letters.path());
    assert!(!files.is_empty() && files.iter().all(|n| n.starts_with("交办函-")), "{files:?} {}", message(&s));
    for f in &files {
        let xml = docx_text(&letters.path().join(f));
        // The list's rows: its header and one row per listed item, each one of the marked.
        let rows = xml.matches("<w:tr>").count() - 1;
        assert!((1..=2).contains(&rows), "{f}: {rows} rows");
    }
    let all: String = files.iter().map(|f| docx_text(&letters.path().join(f))).collect();
    for n in &numbers {
        assert!(all.contains(&format!(">建 {n}<")) || all.contains(&format!(">建{n}<")), "{n} listed");
    }
    assert!(first.id > 0);
}
