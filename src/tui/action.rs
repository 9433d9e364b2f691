//! Everything the clerk can ask the app to do ([`Action`]), and what the session must do
//! after an update ([`Outcome`]). The snake_case variant names are the names keymap files
//! use in `run = "…"`, so renaming a variant breaks users' files.
use super::app::Screen;
use crate::text::{Lang, T};
use serde::{Deserialize, Serialize};

/// One thing the app can do, bound to keys in `keymaps/*.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave banli.
    Quit,
    /// Open the help overlay with every key of the live keymap.
    Help,
    /// Move the selection or the view up one line.
    MoveUp,
    /// Move the selection or the view down one line.
    MoveDown,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// Go to the first line.
    First,
    /// Go to the last line.
    Last,
    /// Open the selected item's detail (in a picker: choose the highlighted entry).
    OpenEntry,
    /// Close the overlay or go back to the previous screen.
    Back,
    /// Move the focus to the next pane.
    NextPane,
    /// Move the focus to the previous pane.
    PrevPane,
    /// Mark or unmark the selected item for a batch action.
    ToggleSelect,
    /// Search items, people and units from any screen (the quick-search box).
    OpenSearch,
    /// Show the ledger (台账).
    ShowLedger,
    /// Show the dashboard (总览).
    ShowDashboard,
    /// Show the work queue (待办).
    ShowQueue,
    /// Show the supervision lists (督办).
    ShowSupervision,
    /// Show the handling units (承办单位).
    ShowUnits,
    /// Assign handling units to the item (交办).
    AssignUnits,
    /// Re-assign ONE item whose handling is under way (重新交办), with a reason; the earlier
    /// reply and history stay on the item.
    ReassignItem,
    /// Log a contact with the proposer (沟通).
    LogContact,
    /// Log a face-to-face reply (面复).
    LogFaceToFace,
    /// Record a unit's reply letter (答复).
    RecordReply,
    /// Review a reply: approve or return it (审核).
    ReviewReply,
    /// Record the proposer's feedback (满意度).
    RecordFeedback,
    /// Close the ledger entry (销号).
    CloseEntry,
    /// Reopen a closed entry.
    ReopenEntry,
    /// Cycle the ledger's sort order: number, deadline, status.
    CycleSort,
    /// Cycle the kind filter: all, suggestions, proposals.
    FilterKind,
    /// Pick the meeting to show.
    FilterMeeting,
    /// Pick the status to show.
    FilterStatus,
    /// Pick the handling unit to show.
    FilterUnit,
    /// Show only overdue items, or all again.
    ToggleOverdue,
    /// Show or hide closed (and unfiled, merged, withdrawn) entries.
    ToggleClosed,
    /// Clear every filter.
    ClearFilters,
    /// Cycle the second-round queue's reason filter: all, then each reason.
    FilterReason,
    /// Write the ranking notice (排名通报) as a text file beside the database.
    ExportRanking,
    /// Record the selected reply of the office pane as published today (统一公开).
    RecordPublished,
    /// Delete the last character typed in a picker.
    DeleteChar,
    /// Move to the next field of a form.
    NextField,
    /// Move to the previous field of a form.
    PrevField,
    /// Save the form.
    Submit,
    /// Move the caret left, or change a choice.
    CursorLeft,
    /// Move the caret right, or change a choice.
    CursorRight,
    /// Delete the character at the caret (in a list: the picked row).
    DeleteForward,
    /// Start a new line in a multi-line field.
    NewLine,
    /// After a conflict: read the item again, dropping what was typed.
    ReloadItem,
    /// Record a unit's receipt (签收).
    RecordReceipt,
    /// A unit asks to be relieved (申请调整).
    RequestReassignment,
    /// The office decides a reassignment request.
    DecideReassignment,
    /// Record a co-handling unit's opinion (会办意见).
    RecordCoOpinion,
    /// Mark a commitment done, or carry it into follow-up.
    CommitmentDone,
    /// Put the item into the second-round queue by hand (领导包案).
    OpenSecondRound,
    /// Log progress on a second round.
    LogProgress,
    /// Log a reminder (催办) or interview (约谈) to a unit.
    LogReminder,
    /// Record the proposer's withdrawal (撤回).
    Withdraw,
    /// Register a new item.
    NewEntry,
    /// Edit the item.
    EditEntry,
    /// Decide the filing of a received item (立案审查).
    ReviewFiling,
    /// Show the items waiting for a filing decision.
    ShowFiling,
    /// Close every eligible entry the ledger shows (batch).
    CloseShown,
    /// Undo your last edit or filing decision.
    Undo,
    /// Import an Excel or CSV file, with a dry run first.
    ImportFile,
    /// Export the ledger, statistics or public replies.
    ExportFile,
    /// Write the work report's figures (docx or md).
    WriteReport,
    /// Extend the selection in a multi-line field one character left.
    SelectLeft,
    /// Extend the selection one character right.
    SelectRight,
    /// Extend the selection one row up.
    SelectUp,
    /// Extend the selection one row down.
    SelectDown,
    /// Select the whole multi-line field.
    SelectAll,
    /// Cut the selection (to the clipboard too).
    CutText,
    /// Copy the selection (to the clipboard too).
    CopyText,
    /// Paste the last cut or copied text.
    PasteText,
    /// Open the next item of the list the detail was opened from.
    NextEntry,
    /// Open the previous item of that list.
    PrevEntry,
    /// Find any action by name, label or pinyin and run it (command palette).
    OpenPalette,
    /// Copy the item's number and title to the clipboard (OSC 52).
    CopyItem,
    /// Show only key items (重点), or all again.
    FilterKeyItem,
    /// Show only leader cases (领导包案), or all again.
    FilterLeader,
    /// Do nothing: binding a key to `no_op` in a user keymap unbinds it.
    NoOp,
    /// A typed character in a text field (an unbound printable key).
    #[serde(skip)]
    InsertChar(char),
    /// Pasted text (bracketed paste).
    #[serde(skip)]
    Paste(String),
    /// The terminal was resized to (columns, rows).
    #[serde(skip)]
    Resize(u16, u16),
    /// The periodic tick: look for changes committed by other clerks.
    #[serde(skip)]
    Tick,
}

impl Action {
    /// Every action a keymap file can name, in the order help lists them.
    pub const NAMED: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::MoveUp,
        Action::MoveDown,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::OpenEntry,
        Action::Back,
        Action::NextPane,
        Action::PrevPane,
        Action::ToggleSelect,
        Action::OpenSearch,
        Action::ShowLedger,
        Action::ShowDashboard,
        Action::ShowQueue,
        Action::ShowSupervision,
        Action::ShowUnits,
        Action::AssignUnits,
        Action::ReassignItem,
        Action::LogContact,
        Action::LogFaceToFace,
        Action::RecordReply,
        Action::ReviewReply,
        Action::RecordFeedback,
        Action::CloseEntry,
        Action::ReopenEntry,
        Action::CycleSort,
        Action::FilterKind,
        Action::FilterMeeting,
        Action::FilterStatus,
        Action::FilterUnit,
        Action::ToggleOverdue,
        Action::ToggleClosed,
        Action::ClearFilters,
        Action::FilterReason,
        Action::ExportRanking,
        Action::RecordPublished,
        Action::DeleteChar,
        Action::NextField,
        Action::PrevField,
        Action::Submit,
        Action::CursorLeft,
        Action::CursorRight,
        Action::DeleteForward,
        Action::NewLine,
        Action::ReloadItem,
        Action::RecordReceipt,
        Action::RequestReassignment,
        Action::DecideReassignment,
        Action::RecordCoOpinion,
        Action::CommitmentDone,
        Action::OpenSecondRound,
        Action::LogProgress,
        Action::LogReminder,
        Action::Withdraw,
        Action::NewEntry,
        Action::EditEntry,
        Action::ReviewFiling,
        Action::ShowFiling,
        Action::CloseShown,
        Action::Undo,
        Action::ImportFile,
        Action::ExportFile,
        Action::WriteReport,
        Action::SelectLeft,
        Action::SelectRight,
        Action::SelectUp,
        Action::SelectDown,
        Action::SelectAll,
        Action::CutText,
        Action::CopyText,
        Action::PasteText,
        Action::NextEntry,
        Action::PrevEntry,
        Action::OpenPalette,
        Action::CopyItem,
        Action::FilterKeyItem,
        Action::FilterLeader,
        Action::NoOp,
    ];

    /// Reads an action name as written in a keymap file (`"close_entry"`).
    pub fn from_name(name: &str) -> Option<Action> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
        Action::deserialize(de).ok()
    }

    /// The name a keymap file uses for this action; empty for internal actions.
    pub fn name(&self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }

    /// Whether the action opens a form on the current item (or on the marked items).
    pub fn opens_form(&self) -> bool {
        use Action::*;
        matches!(
            self,
            AssignUnits
                | ReassignItem
                | RecordReceipt
                | RequestReassignment
                | DecideReassignment
                | RecordCoOpinion
                | LogContact
                | LogFaceToFace
                | RecordReply
                | ReviewReply
                | RecordFeedback
                | CloseEntry
                | ReopenEntry
                | CommitmentDone
                | OpenSecondRound
                | LogProgress
                | LogReminder
                | Withdraw
                | EditEntry
                | ReviewFiling
        )
    }

    /// A short label for the status-bar hints and help.
    pub fn label(&self, lang: Lang) -> &'static str {
        let t = match self {
            Action::Quit => T::ActQuit,
            Action::Help => T::ActHelp,
            Action::MoveUp => T::ActMoveUp,
            Action::MoveDown => T::ActMoveDown,
            Action::PageUp => T::ActPageUp,
            Action::PageDown => T::ActPageDown,
            Action::First => T::ActFirst,
            Action::Last => T::ActLast,
            Action::OpenEntry => T::ActOpenEntry,
            Action::Back => T::ActBack,
            Action::NextPane => T::ActNextPane,
            Action::PrevPane => T::ActPrevPane,
            Action::ToggleSelect => T::ActToggleSelect,
            Action::OpenSearch => T::ActOpenSearch,
            Action::ShowLedger => T::ActShowLedger,
            Action::ShowDashboard => T::ActShowDashboard,
            Action::ShowQueue => T::ActShowQueue,
            Action::ShowSupervision => T::ActShowSupervision,
            Action::ShowUnits => T::ActShowUnits,
            Action::AssignUnits => T::ActAssignUnits,
            Action::ReassignItem => T::ActReassignItem,
            Action::LogContact => T::ActLogContact,
            Action::LogFaceToFace => T::ActLogFaceToFace,
            Action::RecordReply => T::ActRecordReply,
            Action::ReviewReply => T::ActReviewReply,
            Action::RecordFeedback => T::ActRecordFeedback,
            Action::CloseEntry => T::ActCloseEntry,
            Action::ReopenEntry => T::ActReopenEntry,
            Action::CycleSort => T::ActCycleSort,
            Action::FilterKind => T::ActFilterKind,
            Action::FilterMeeting => T::ActFilterMeeting,
            Action::FilterStatus => T::ActFilterStatus,
            Action::FilterUnit => T::ActFilterUnit,
            Action::ToggleOverdue => T::ActToggleOverdue,
            Action::ToggleClosed => T::ActToggleClosed,
            Action::ClearFilters => T::ActClearFilters,
            Action::FilterReason => T::ActFilterReason,
            Action::ExportRanking => T::ActExportRanking,
            Action::RecordPublished => T::ActRecordPublished,
            Action::DeleteChar => T::ActDeleteChar,
            Action::NextField => T::ActNextField,
            Action::PrevField => T::ActPrevField,
            Action::Submit => T::ActSubmit,
            Action::CursorLeft => T::ActCursorLeft,
            Action::CursorRight => T::ActCursorRight,
            Action::DeleteForward => T::ActDeleteForward,
            Action::NewLine => T::ActNewLine,
            Action::ReloadItem => T::ActReloadItem,
            Action::RecordReceipt => T::ActRecordReceipt,
            Action::RequestReassignment => T::ActRequestReassignment,
            Action::DecideReassignment => T::ActDecideReassignment,
            Action::RecordCoOpinion => T::ActRecordCoOpinion,
            Action::CommitmentDone => T::ActCommitmentDone,
            Action::OpenSecondRound => T::ActOpenSecondRound,
            Action::LogProgress => T::ActLogProgress,
            Action::LogReminder => T::ActLogReminder,
            Action::Withdraw => T::ActWithdraw,
            Action::NewEntry => T::ActNewEntry,
            Action::EditEntry => T::ActEditEntry,
            Action::ReviewFiling => T::ActReviewFiling,
            Action::ShowFiling => T::ActShowFiling,
            Action::CloseShown => T::ActCloseShown,
            Action::Undo => T::ActUndo,
            Action::ImportFile => T::ActImportFile,
            Action::ExportFile => T::ActExportFile,
            Action::WriteReport => T::ActWriteReport,
            Action::SelectLeft => T::ActSelectLeft,
            Action::SelectRight => T::ActSelectRight,
            Action::SelectUp => T::ActSelectUp,
            Action::SelectDown => T::ActSelectDown,
            Action::SelectAll => T::ActSelectAll,
            Action::CutText => T::ActCutText,
            Action::CopyText => T::ActCopyText,
            Action::PasteText => T::ActPasteText,
            Action::NextEntry => T::ActNextEntry,
            Action::PrevEntry => T::ActPrevEntry,
            Action::OpenPalette => T::ActOpenPalette,
            Action::CopyItem => T::ActCopyItem,
            Action::FilterKeyItem => T::ActFilterKeyItem,
            Action::FilterLeader => T::ActFilterLeader,
            Action::NoOp => T::ActNoOp,
            Action::InsertChar(_) | Action::Paste(_) | Action::Resize(..) | Action::Tick => T::ActNoOp,
        };
        t.get(lang)
    }
}

/// What the session must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more: redraw.
    Continue,
    /// Leave the app.
    Quit,
    /// Read the ledger again (filter or sort changed).
    ReloadLedger,
    /// Read this item's detail and show it.
    LoadDetail(i64),
    /// See whether another clerk committed, and reload if so.
    CheckForChanges,
    /// Load what the form of `action` needs and open it on `items` ((id, version) pairs:
    /// the current item, the marked ones, or every one shown; none for a new item).
    OpenForm { action: Action, items: Vec<(i64, i64)> },
    /// Save the open form.
    SaveForm,
    /// After a conflict: drop what was typed and open the form again on the new version.
    ReloadForm,
    /// After a conflict: save what was typed on the new version.
    ReapplyForm,
    /// The new-item form's meeting changed: offer its next number and its people.
    FormMeetingChanged,
    /// Undo the clerk's last edit or filing decision.
    Undo,
    /// Show the received items waiting for a filing decision, with the counts per decision.
    ShowFiling,
    /// Read a list screen's rows (dashboard, queue, supervision, units).
    LoadScreen(Screen),
    /// Write the ranking notice (排名通报) beside the database.
    ExportRanking,
    /// Record the item's approved public replies as published today.
    RecordPublished(i64),
    /// Run the search box's query (after the whole burst of keys, before the next frame).
    Search,
    /// Show a person's items in the ledger (a search result was opened).
    OpenPersonItems { person: i64, name: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variants of `Action` as this file declares them (a keymap name each unless
    /// `#[serde(skip)]`), read from the source: the list the table must cover.
    fn declared() -> Vec<(String, bool)> {
        let src = include_str!("action.rs");
        let body = src.split("pub enum Action {").nth(1).and_then(|b| b.split("\n}\n").next()).unwrap_or("");
        let mut out = Vec::new();
        let mut skip = false;
        for line in body.lines().map(str::trim) {
            if line == "#[serde(skip)]" {
                skip = true;
            } else if line.starts_with(|c: char| c.is_ascii_uppercase()) {
                let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                out.push((name, skip));
                skip = false;
            }
        }
        out
    }

    #[test]
    fn every_action_a_keymap_can_name_is_in_the_table_with_its_labels() {
        let declared = declared();
        assert!(declared.len() > 60, "the enum was read: {declared:?}");
        let listed: Vec<String> = Action::NAMED.iter().map(|a| format!("{a:?}")).collect();
        for (variant, skipped) in &declared {
            let in_table = listed.iter().any(|l| l == variant);
            if *skipped {
                assert!(!in_table, "{variant} is internal (serde skip) but listed in Action::NAMED");
            } else {
                assert!(
                    in_table,
                    "{variant} is missing from Action::NAMED (help, the palette and keymap names use it)"
                );
            }
        }
        assert_eq!(listed.len(), declared.iter().filter(|(_, s)| !s).count(), "listed once each");
        for a in Action::NAMED {
            assert!(!a.label(Lang::Zh).is_empty() && !a.label(Lang::En).is_empty(), "{a:?} has no label");
        }
    }

    #[test]
    fn names_round_trip() {
        for a in Action::NAMED {
            let name = a.name();
            assert!(!name.is_empty(), "{a:?} has no name");
            assert_eq!(Action::from_name(&name).as_ref(), Some(a), "{name}");
        }
        assert_eq!(Action::from_name("log_face_to_face"), Some(Action::LogFaceToFace));
        assert_eq!(Action::from_name("close_entry"), Some(Action::CloseEntry));
    }

    #[test]
    fn internal_actions_have_no_name() {
        assert_eq!(Action::from_name("insert_char"), None);
        assert_eq!(Action::from_name("tick"), None);
        assert_eq!(Action::from_name("quitt"), None);
        assert_eq!(Action::Tick.name(), "");
    }
}
