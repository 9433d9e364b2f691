//! What saving a form did, or why it did not.
use super::Form;
use crate::store::intake::undo::Undo;
use crate::store::StoreError;

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// A value the form could not read (a date that is not a date, a missing choice).
    Input(String),
    /// The store refused (a rule, a conflict, a busy database…).
    Store(StoreError),
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        SaveError::Store(e)
    }
}

impl From<String> for SaveError {
    fn from(e: String) -> Self {
        SaveError::Input(e)
    }
}

/// What a save did.
#[derive(Debug)]
pub enum Saved {
    /// Done: say this.
    Done(String),
    /// Done, with a report to show (what a batch closure left open), and the step's undo
    /// record when undo can take it back.
    Report(Box<Form>, Option<Undo>),
    /// A new item was registered: open it.
    NewItem(i64, String),
    /// Done, and undo can take it back (the record the session keeps): say this.
    Undoable(String, Undo),
    /// Long work to run off the screen thread (an import, an export): see [`crate::tui::job`].
    Job(crate::tui::job::JobSpec),
}
