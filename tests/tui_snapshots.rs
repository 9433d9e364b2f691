//! Snapshots of the screens on ratatui's TestBackend, in Chinese and English, at 160×45
//! and 80×24, driven by the keys the live keymap has for each action.
//!
//! Create or update them with `INSTA_UPDATE=always cargo test --test tui_snapshots`, then
//! read the `.snap` files: Chinese columns must line up.
mod common;

use banli::store::Store;
use banli::text::Lang;
use banli::tui::{Action, Options, Session};
use chrono::NaiveDate;
use common::tui::{press, screen_text};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(160, 45), (80, 24)];

fn session(lang: Lang, ascii: bool, size: (u16, u16)) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let data = banli::data::load(None).unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), "测试员", data).unwrap();
    store.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    store.load_demo().unwrap();
    // A ledger backed up today: no backup warning at start.
    banli::transfer::backup::backup(&mut store, dir.path()).unwrap();
    let mut s = Session::new(store, &Options { lang, keymap: None, ascii, ..Options::default() });
    // The temporary directory differs on every run; show a fixed path.
    s.app.ctx.db_path = "/srv/banli/demo.db".into();
    s.dispatch(Action::Resize(size.0, size.1));
    (dir, s)
}

fn render(s: &mut Session, size: (u16, u16)) -> String {
    // History rows carry the wall-clock time the demo was built: fix it.
    if let Some(d) = &mut s.app.detail {
        for h in &mut d.detail.history {
            h.at = "2026-11-22 09:00:00".into();
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    screen_text(terminal.backend().buffer())
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

#[test]
fn ledger() {
    for lang in [Lang::Zh, Lang::En] {
        for size in SIZES {
            let (_d, mut s) = session(lang, false, size);
            let name = format!("ledger_{}_{}x{}", lang_name(lang), size.0, size.1);
            insta::assert_snapshot!(name, render(&mut s, size));
        }
    }
}

#[test]
fn detail_of_the_first_row() {
    for lang in [Lang::Zh, Lang::En] {
        for size in SIZES {
            let (_d, mut s) = session(lang, false, size);
            press(&mut s, Action::OpenEntry);
            let name = format!("detail_{}_{}x{}", lang_name(lang), size.0, size.1);
            insta::assert_snapshot!(name, render(&mut s, size));
        }
    }
}

#[test]
fn help() {
    for lang in [Lang::Zh, Lang::En] {
        for size in SIZES {
            let (_d, mut s) = session(lang, false, size);
            press(&mut s, Action::Help);
            let name = format!("help_{}_{}x{}", lang_name(lang), size.0, size.1);
            insta::assert_snapshot!(name, render(&mut s, size));
        }
    }
}

#[test]
fn unit_picker() {
    let size = (80, 24);
    let (_d, mut s) = session(Lang::Zh, false, size);
    press(&mut s, Action::FilterUnit);
    insta::assert_snapshot!("unit_picker_zh_80x24", render(&mut s, size));
}

#[test]
fn ascii_borders() {
    let size = (80, 24);
    let (_d, mut s) = session(Lang::Zh, true, size);
    press(&mut s, Action::OpenEntry);
    insta::assert_snapshot!("detail_ascii_zh_80x24", render(&mut s, size));
}

#[test]
fn a_window_too_small_says_so() {
    let size = (50, 10);
    let (_d, mut s) = session(Lang::Zh, false, size);
    insta::assert_snapshot!("too_small_zh_50x10", render(&mut s, size));
}

#[test]
fn search_box() {
    for (lang, size, query) in [
        (Lang::Zh, (80, 24), "住建 老旧"),
        (Lang::Zh, (60, 12), "马均"),
        (Lang::En, (160, 45), "ljxq"),
        (Lang::En, (80, 24), ""),
    ] {
        let (_d, mut s) = session(lang, false, size);
        press(&mut s, Action::OpenSearch);
        for c in query.chars() {
            s.press(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)));
        }
        let name = format!("search_{}_{}x{}", lang_name(lang), size.0, size.1);
        insta::assert_snapshot!(name, render(&mut s, size));
    }
}
