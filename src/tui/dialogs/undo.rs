//! 撤销上一步: the form naming the clerk's last undoable step and its items; Enter undoes it
//! (one store call), Esc leaves it.
use super::Task;
use crate::store::Store;
use crate::tui::forms::draw::tr;
use crate::tui::forms::{Form, SaveError, Saved};

/// Confirming an undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoConfirm;

impl Task for UndoConfirm {
    const KEEPS_UNDO: bool = true;

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let u = store.undo_last()?;
        let lang = form.lang;
        Ok(Saved::Done(tr(lang, &format!("已{}", u.describe(lang)), &format!("Done: {}", u.describe(lang)))))
    }
}
