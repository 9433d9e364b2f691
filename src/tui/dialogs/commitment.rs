//! 承诺事项: a commitment of a reply is done, or carried into follow-up (回头看).
use super::parts::{chosen_id, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 承诺: the open commitments.
    Commitment = "commitment",
    /// 处理: done or carried.
    What = "what",
    /// 完成日期.
    On = "on",
}

/// Marking a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    item: i64,
    version: i64,
    open: Vec<Opt>,
}

impl Dialog for Commitment {
    const ACTION: Action = Action::CommitmentDone;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let open: Vec<Opt> = head
            .detail
            .commitments
            .iter()
            .filter(|c| c.done_on.is_none() && !c.carried)
            .map(|c| Opt::new(c.id.to_string(), format!("{} {}", ymd(c.due_on), c.description)))
            .collect();
        let open = need(open, T::CommitmentNoOpenCommitment, lang)?;
        Ok(Commitment { item: head.id(), version: head.version(), open })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let whats = vec![
            Opt::new("done", tr(lang, T::CommitmentDone)),
            Opt::new("carry", tr(lang, T::CommitmentCarryToFollowUp)),
        ];
        let fields = vec![
            Field::choice(F::Commitment.id(), &tr(lang, T::CommitmentCommitment), self.open.clone(), 0),
            Field::choice(F::What.id(), &tr(lang, T::CommitmentMarkAs), whats, 0),
            today(F::On.id(), ctx, lang, T::CommitmentDoneOn),
        ];
        Body { title: head.title(&tr(lang, T::ColCommitment)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let cid = chosen_id(form, F::Commitment.id())?;
        if form.choice(F::What.id()) == "carry" {
            store.carry_commitment(cid, self.version)?;
            Ok(Saved::Done(tr(lang, T::CommitmentCommitmentCarriedIntoFollow)))
        } else {
            store.commitment_done(cid, self.version, form.required_date(F::On.id())?)?;
            Ok(Saved::Done(tr(lang, T::CommitmentCommitmentDone)))
        }
    }

    on_item!();
}
