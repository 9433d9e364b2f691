//! 撤销上一步: the form naming the clerk's last undoable step (the record the session kept)
//! and its items; Enter undoes it (one store call), Esc leaves it.
use super::Task;
use crate::store::intake::undo::Undo;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::forms::{Form, SaveError, Saved};

/// Confirming an undo of `record`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoConfirm {
    record: Undo,
}

impl UndoConfirm {
    /// The form naming what undoing `record` would do (one store read).
    pub fn open(store: &Store, record: Undo, lang: Lang) -> Result<Form, String> {
        let p = store.undo_preview(&record).map_err(|e| e.message(lang))?;
        let info = vec![(None, p.describe(lang)), (None, tr(lang, T::UndoUndoesItLeavesIt))];
        let dialog = super::Open::UndoConfirm(UndoConfirm { record });
        Ok(Form::new(dialog, tr(lang, T::UndoUndo), Vec::new()).with_info(info))
    }
}

impl Task for UndoConfirm {
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let u = store.undo(&self.record)?;
        let lang = form.lang;
        Ok(Saved::Done(say::undone(lang, u.describe(lang))))
    }
}
