//! Files in and out: Excel/CSV import, Excel/CSV export, the figures report (md/docx),
//! backup. The TUI calls the same functions the command line does.
//!
//! | module | holds |
//! |---|---|
//! | [`sheet`] | reading .xlsx/.xls/.csv (UTF-8, GB18030/GBK or UTF-16) into rows of cells |
//! | [`csv_scan`] | a CSV's delimiter and its runaway quotes, found before it is read |
//! | [`columns`] | header → field mapping, with the usual names and their variants |
//! | [`unit_match`] | unit names as written → known units (name, short name, close fuzzy match) |
//! | [`import`] | validation, the dry-run report and the one-transaction write |
//! | [`meeting_find`] | the meeting named in a list's title row, sheet or file name |
//! | [`meeting_name`] | reading 区政协十五届二次会议 into body, level, term and session |
//! | [`export`] | the ledger, statistics and public replies as .xlsx or .csv |
//! | [`report`] | the work report's figures section as Markdown or .docx |
//! | [`figure_tables`] | the per-unit table (个次, 合计) the report and the statistics export share |
//! | [`official_docx`] | the GB/T 9704 layout every .docx shares (fonts, margins, headings, tables, page numbers) |
//! | [`docs`] | the office's documents: assignment letters, reminders, ranking notice, reply drafts, proposer sheets |
//! | [`backup`] | online backup and the "last backup is old" warning |
//! | [`archive_cli`] | `banli archive`: the question first (open items), `--yes`, `--undo` |

pub mod archive_cli;
pub mod backup;
pub mod columns;
pub mod csv_cell;
pub mod csv_scan;
pub mod docs;
pub mod export;
pub mod export_write;
pub mod figure_tables;
pub mod import;
mod import_plan;
mod import_render;
pub mod meeting_find;
pub mod meeting_name;
pub mod official_docx;
pub mod publish_cli;
pub mod report;
pub mod sheet;
pub mod unit_match;

use crate::store::StoreError;
use crate::text::Lang;

/// What went wrong moving a file in or out, in the clerk's words.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// A file that could not be read or written, or is not what it should be.
    #[error("{en}")]
    File { zh: String, en: String },
    /// The import found problems; nothing was written. The rendered list is in `en`/`zh`.
    #[error("{en}")]
    Refused { zh: String, en: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TransferError {
    /// A file problem with both languages.
    pub fn file(zh: impl Into<String>, en: impl Into<String>) -> Self {
        TransferError::File { zh: zh.into(), en: en.into() }
    }

    /// What the clerk reads.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TransferError::File { zh, en } | TransferError::Refused { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            TransferError::Store(e) => e.message(lang),
        }
    }
}

/// Result of the transfer functions.
pub type Result<T, E = TransferError> = std::result::Result<T, E>;

/// Full-width digits and Latin letters to ASCII, the ideographic space to a space, so
/// "０２５" and "Ａ" read as "025" and "A". Punctuation is left alone: titles keep theirs.
pub fn normalize_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Excel's column letters for a 0-based column index: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn full_width_is_normalised() {
        assert_eq!(normalize_text("　０２５号Ａ "), "025号A");
        assert_eq!(normalize_text("关于（一）的提案"), "关于（一）的提案");
    }
}
