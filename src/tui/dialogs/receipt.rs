//! 签收: a unit signs for its assignment (the reassignment window runs from the assignment).
use super::parts::{assignments, chosen_id, need, today};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 单位: the assignments not signed for yet.
    Assignment = "assignment",
    /// 签收日期.
    On = "on",
}

/// Signing for an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    item: i64,
    version: i64,
    waiting: Vec<Opt>,
}

impl Dialog for Receipt {
    const ACTION: Action = Action::RecordReceipt;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let waiting = assignments(head.detail, lang, |a| a.assignment.received_on.is_none());
        let waiting = need(waiting, T::ReceiptNoUnitIsWaiting, lang)?;
        Ok(Receipt { item: head.id(), version: head.version(), waiting })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::ColUnit), self.waiting.clone(), 0),
            today(F::On.id(), ctx, lang, T::ReceiptReceivedOn),
        ];
        Body { title: head.title(&tr(lang, T::ReceiptReceipt)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        store.receive(chosen_id(form, F::Assignment.id())?, self.version, form.required_date(F::On.id())?)?;
        Ok(Saved::Done(tr(form.lang, T::ReceiptReceiptRecorded)))
    }

    on_item!();
}
