//! The office's documents (`banli docs KIND`), all in the official layout of
//! [`super::official_docx`] and issued as `data/office.toml` says:
//!
//! | kind | file(s) | module |
//! |---|---|---|
//! | `assignment-letters` 交办函 | one per unit: its items by role with deadlines, and the rules that apply | [`letters`] |
//! | `reminders` 催办通知 | one per unit with overdue or due-soon work | [`letters`] |
//! | `ranking` 排名通报 | the ranking notice | [`notice`] |
//! | `reply-draft` 答复函 | the frame of one unit's reply letter on one item | [`notice`] |
//! | `proposer-sheets` 办理情况告知单 | one per deputy or member (their items), and an index | [`sheets`] |
//!
//! Units are listed in the office's order ([`crate::domain::unit_order`]).
pub mod evaluation;
pub mod letters;
pub mod notice;
pub mod office;
pub mod sheets;
pub mod unit_list;

use super::{Result, TransferError};
use crate::domain::{Meeting, Unit};
use crate::store::Store;
use chrono::{Datelike, NaiveDate};
pub use office::Office;
use std::path::{Path, PathBuf};

/// Which document to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    AssignmentLetters,
    Reminders,
    Ranking,
    ReplyDraft,
    ProposerSheets,
}

impl DocKind {
    /// Every kind, with its command-line name.
    pub const ALL: [(DocKind, &'static str); 5] = [
        (DocKind::AssignmentLetters, "assignment-letters"),
        (DocKind::Reminders, "reminders"),
        (DocKind::Ranking, "ranking"),
        (DocKind::ReplyDraft, "reply-draft"),
        (DocKind::ProposerSheets, "proposer-sheets"),
    ];

    /// Reads a command-line name; the message lists the names.
    pub fn parse(s: &str) -> Result<DocKind> {
        DocKind::ALL.iter().find(|(_, n)| *n == s.trim()).map(|(k, _)| *k).ok_or_else(|| {
            let names: Vec<&str> = DocKind::ALL.iter().map(|(_, n)| *n).collect();
            TransferError::file(
                format!("没有“{s}”这种文书;可选:{}", names.join("、")),
                format!("no document kind '{s}'; choose one of: {}", names.join(", ")),
            )
        })
    }
}

/// What to write, and where.
#[derive(Debug, Clone)]
pub struct DocRequest {
    pub kind: DocKind,
    pub meeting: Option<Meeting>,
    pub unit: Option<Unit>,
    /// A deputy's or member's name (proposer sheets).
    pub person: Option<String>,
    /// The item (reply draft).
    pub item: Option<i64>,
    /// Only these items (assignment letters, reminders from the TUI's marked rows); empty: all.
    pub items: Vec<i64>,
    /// The document's number in the office's sequence; blank without it.
    pub seq: Option<u32>,
    /// The folder the files go into (created if missing).
    pub dir: PathBuf,
}

/// Writes the requested documents; returns the files written.
pub fn generate(store: &Store, office: &Office, req: &DocRequest) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&req.dir).map_err(|e| {
        TransferError::file(
            format!("无法创建目录 {}:{e}", req.dir.display()),
            format!("cannot create {}: {e}", req.dir.display()),
        )
    })?;
    match req.kind {
        DocKind::AssignmentLetters => letters::assignment_letters(store, office, req),
        DocKind::Reminders => letters::reminders(store, office, req),
        DocKind::Ranking => notice::ranking(store, office, req).map(|p| vec![p]),
        DocKind::ReplyDraft => notice::reply_drafts(store, office, req),
        DocKind::ProposerSheets => sheets::proposer_sheets(store, office, req),
    }
}

/// "2026年12月6日", as official documents date themselves.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A file name safe on every system: path separators and reserved characters replaced.
pub fn file_name(stem: &str, ext: &str) -> String {
    let clean: String = stem
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    format!("{clean}.{ext}")
}

/// `dir/name`, with " (2)", " (3)"… added when `taken` already holds the name or a file of
/// that name is already there: a letter the clerk has edited in Word is never overwritten.
pub fn unique_path(dir: &Path, stem: &str, ext: &str, taken: &mut Vec<String>) -> PathBuf {
    let mut name = file_name(stem, ext);
    let mut n = 2;
    while taken.contains(&name) || dir.join(&name).exists() {
        name = file_name(&format!("{stem} ({n})"), ext);
        n += 1;
    }
    taken.push(name.clone());
    dir.join(name)
}

/// "区政协十五届二次会议提案" for a meeting, or "建议和提案" for all of them.
pub fn what(store: &Store, meeting: Option<&Meeting>) -> String {
    match meeting {
        Some(m) => format!("{}{}", m.name, m.body.kind().label(crate::text::Lang::Zh)),
        None => {
            let kinds: std::collections::BTreeSet<_> =
                store.meetings().unwrap_or_default().iter().map(|m| m.body.kind()).collect();
            if kinds.len() == 1 {
                kinds.iter().next().map(|k| k.label(crate::text::Lang::Zh).to_string()).unwrap_or_default()
            } else {
                "人大代表建议和政协委员提案".into()
            }
        }
    }
}
