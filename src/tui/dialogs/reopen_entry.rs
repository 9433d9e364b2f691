//! 重新打开: reopening a closed entry, with a reason kept in its history.
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, SaveError, Saved};

fields! {
    /// 理由.
    Reason = "reason",
    /// 日期.
    On = "on",
}

/// Reopening one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReopenEntry {
    item: i64,
    version: i64,
}

impl Dialog for ReopenEntry {
    const ACTION: Action = Action::ReopenEntry;

    /// Nothing beyond the item: the store checks at saving that it is closed.
    fn load(_store: &Store, head: &Head, _ctx: &Context, _lang: Lang) -> Result<Self, String> {
        Ok(ReopenEntry { item: head.id(), version: head.version() })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let today = ctx.today.format("%Y-%m-%d").to_string();
        let fields = vec![
            Field::text(F::Reason.id(), &tr(lang, T::ReopenEntryReason), ""),
            Field::date(F::On.id(), &tr(lang, T::FilingDate), &today),
        ];
        Body { title: head.title(&tr(lang, T::ReopenEntryReopen)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        store.reopen_entry(self.item, self.version, &form.text(F::Reason.id()), form.required_date(F::On.id())?)?;
        Ok(Saved::Done(tr(form.lang, T::ReopenEntryEntryReopened)))
    }

    on_item!();
}
