//! The office's documents from the TUI (`D` then a letter, or the `:` palette), on what the
//! clerk is looking at: the reply-letter frame (答复函) of the item under the cursor, for its
//! lead or split unit (each of them); the proposer sheets (办理情况告知单) of the item's
//! proposers; the assignment letters (交办函) and reminder notices (催办通知) of the marked
//! items' units (the item under the cursor when none is marked), each letter listing only
//! those items. Files go to the export folder (the config's `export_dir`, else
//! `$BANLI_EXPORT_DIR`, else the database's folder), and the status bar names them.
use super::app::{App, Level, Screen};
use crate::store::Store;
use crate::transfer::docs::{generate, DocKind, DocRequest, Office};
use std::path::{Path, PathBuf};

/// The items a document is about: the marked rows, else the item under the cursor (the open
/// item, the ledger's row, or a list screen's row).
pub fn items_in_view(app: &App) -> Vec<i64> {
    if let Some(d) = &app.detail {
        if app.screen == Screen::Detail {
            return vec![d.detail.item.id];
        }
    }
    if app.screen == Screen::Ledger {
        if !app.ledger.marked.is_empty() {
            return app.ledger.marked.iter().copied().collect();
        }
        return app.ledger.selected_row().map(|r| vec![r.id]).unwrap_or_default();
    }
    super::screens::selection(app).and_then(|s| s.item_id).into_iter().collect()
}

/// The folder documents go to.
pub fn folder(store: &Store, configured: &str) -> PathBuf {
    let c = configured.trim();
    if c.is_empty() {
        crate::transfer::export::export_dir(store.path())
    } else {
        PathBuf::from(c)
    }
}

/// Writes `kind` for `items` into `dir` and says in the status bar which files (or why none).
pub fn write(store: &Store, app: &mut App, kind: DocKind, items: &[i64], dir: &Path) {
    let lang = app.lang;
    let Some(&first) = items.first() else {
        let key = app
            .keymap
            .hint_key(app.mode(), &crate::tui::Action::ToggleSelect)
            .unwrap_or_else(|| "toggle_select".into());
        return app.say(Level::Warning, crate::text::say::select_first(lang, key));
    };
    let office = match Office::load(store.path().parent()) {
        Ok(o) => o,
        Err(e) => return app.say(Level::Error, e.message(lang)),
    };
    let mut files = Vec::new();
    let base = DocRequest {
        kind,
        meeting: None,
        unit: None,
        person: None,
        item: None,
        items: Vec::new(),
        seq: None,
        dir: dir.to_path_buf(),
    };
    let result = match kind {
        DocKind::ReplyDraft => generate(store, &office, &DocRequest { item: Some(first), ..base }),
        DocKind::ProposerSheets => match store.item_detail(first) {
            Ok(d) => {
                let meeting = Some(d.meeting.clone());
                let mut all = Ok(Vec::new());
                for p in &d.proposers {
                    let req =
                        DocRequest { person: Some(p.person.name.clone()), meeting: meeting.clone(), ..base.clone() };
                    match generate(store, &office, &req) {
                        Ok(f) => files.extend(f),
                        Err(e) => {
                            all = Err(e);
                            break;
                        }
                    }
                }
                all
            }
            Err(e) => return app.say(Level::Error, e.message(lang)),
        },
        DocKind::AssignmentLetters | DocKind::Reminders => {
            generate(store, &office, &DocRequest { items: items.to_vec(), ..base })
        }
        DocKind::Ranking => generate(store, &office, &base),
    };
    match result {
        Ok(f) => files.extend(f),
        Err(e) => return app.say(Level::Error, e.message(lang)),
    }
    let names: Vec<String> =
        files.iter().filter_map(|f| f.file_name()).map(|n| n.to_string_lossy().to_string()).collect();
    let shown = match names.len() {
        0..=3 => names.join("、"),
        n => format!("{}… ({n})", names[..2].join("、")),
    };
    let msg = crate::text::say::written_to(lang, dir.display(), shown);
    app.say(Level::Info, msg);
}

/// The document an action writes, if it writes one.
pub fn kind_of(action: &super::action::Action) -> Option<DocKind> {
    use super::action::Action;
    match action {
        Action::WriteReplyDraft => Some(DocKind::ReplyDraft),
        Action::WriteProposerSheets => Some(DocKind::ProposerSheets),
        Action::WriteAssignmentLetters => Some(DocKind::AssignmentLetters),
        Action::WriteReminders => Some(DocKind::Reminders),
        _ => None,
    }
}
