//! 销号: closing an entry. The dialog shows the closure checklist (domain::closure); an
//! entry that fails a line is closed only with the office's stated reason.
use super::{Body, Dialog, Head};
use crate::domain::closure::Line;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, SaveError, Saved};

fields! {
    /// 强制销号理由, only when a checklist line fails.
    Reason = "reason",
    /// 销号日期.
    On = "on",
}

/// Closing one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseEntry {
    item: i64,
    version: i64,
    /// The closure checklist as the store judged it when the dialog opened.
    checklist: Vec<Line>,
}

impl CloseEntry {
    /// Every line of the checklist is met: no reason is asked.
    fn eligible(&self) -> bool {
        self.checklist.iter().all(|l| l.ok)
    }
}

impl Dialog for CloseEntry {
    const ACTION: Action = Action::CloseEntry;

    fn load(store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let checklist = store.closure_checklist(head.id()).map_err(|e| e.message(lang))?;
        Ok(CloseEntry { item: head.id(), version: head.version(), checklist })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let info = self.checklist.iter().map(|l| (Some(l.ok), l.check.label(lang).to_string())).collect();
        let today = ctx.today.format("%Y-%m-%d").to_string();
        let mut fields = vec![Field::date(F::On.id(), &tr(lang, T::CloseEntryClosedOn), &today)];
        if !self.eligible() {
            // An entry that fails a line needs the office's reason: asked first.
            let reason = Field::text(F::Reason.id(), &tr(lang, T::CloseEntryReason), "");
            fields.insert(0, reason.hint(tr(lang, T::CloseEntryTheOfficeStatesWhy)));
        }
        Body { title: head.title(&tr(lang, T::CloseEntryCloseTheEntry)), info, fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let reason = form.text(F::Reason.id());
        let forced = (!self.eligible()).then_some(reason.as_str());
        store.close_entry(self.item, self.version, forced, form.required_date(F::On.id())?)?;
        let undo = store.closure_undo(&[self.item])?;
        let done = tr(form.lang, T::CloseEntryEntryClosedUndoTakes);
        Ok(Saved::Undoable(done, undo))
    }

    on_item!();
}
