//! 撤回: withdrawing an item at the proposer's written request; it stays in the ledger and
//! the reports.
use super::parts::today;
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, SaveError, Saved};

fields! {
    /// 撤回理由.
    Reason = "reason",
    /// 撤回日期.
    On = "on",
}

/// Withdrawing an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdraw {
    item: i64,
    version: i64,
}

impl Dialog for Withdraw {
    const ACTION: Action = Action::Withdraw;

    fn load(_store: &Store, head: &Head, _ctx: &Context, _lang: Lang) -> Result<Self, String> {
        Ok(Withdraw { item: head.id(), version: head.version() })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::text(F::Reason.id(), &tr(lang, T::WithdrawReason), "")
                .hint(tr(lang, T::WithdrawFromTheWrittenRequest)),
            today(F::On.id(), ctx, lang, T::WithdrawWithdrawnOn),
        ];
        Body { title: head.title(&tr(lang, T::WithdrawWithdrawal)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let undo =
            store.withdraw(self.item, self.version, form.required_date(F::On.id())?, &form.text(F::Reason.id()))?;
        let done = tr(form.lang, T::WithdrawWithdrawnTheItemStays);
        Ok(Saved::Undoable(done, undo))
    }

    on_item!();
}
