//! Driving the app headless: the demo ledger, keys from the live keymap, the screen as text.
use banli::store::Store;
use banli::tui::{Action, Session};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

/// The day the demo ledger is seen from in these tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The demo ledger in `dir`, backed up today (so no backup warning at start).
pub fn demo_store(dir: &tempfile::TempDir) -> Store {
    let data = banli::data::load(None).unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), "测试员", data).unwrap();
    store.set_today(today());
    store.load_demo().unwrap();
    banli::transfer::backup::backup(&mut store, dir.path()).unwrap();
    store
}

/// Presses the first key the live keymap has for `action` in the current mode.
pub fn press(s: &mut Session, action: Action) {
    let mode = s.app.mode();
    let keys = s.app.keymap.keys_for(mode, &action);
    let seq = keys.first().unwrap_or_else(|| panic!("no key for {} in {mode:?}", action.name())).clone();
    for k in seq {
        s.press(k.to_event());
    }
}

/// Types `text` one key press at a time.
pub fn type_text(s: &mut Session, text: &str) {
    for c in text.chars() {
        s.press(KeyEvent::from(KeyCode::Char(c)));
    }
}

/// The screen as a terminal shows it: a wide character's second cell is not repeated, and
/// trailing blanks are dropped.
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A second clerk, on a connection of their own to the database in `dir`, retitles item
/// `id` (at `version`) and commits.
pub fn retitle_by_another_clerk(dir: &tempfile::TempDir, id: i64, version: i64, title: &str) {
    let mut other = Store::open(&dir.path().join("d.db"), "同事", banli::data::load(None).unwrap()).unwrap();
    other.set_today(today());
    other
        .write(|tx| {
            tx.claim_item(id, version)?;
            tx.conn()
                .execute("UPDATE item SET title = ?1 WHERE id = ?2", rusqlite::params![title, id])
                .map_err(banli::store::StoreError::from)?;
            tx.audit("item", id, Some(id), banli::store::AuditAction::EditEntry, None, None)?;
            tx.refresh_item(id)
        })
        .unwrap();
}
