//! 审核答复: the office approves a reply, or returns it for redoing (退回重办) with a reason.
use super::parts::{chosen_id, need, today};
use super::{Body, Dialog, Head};
use crate::domain::ReviewState;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 答复: the replies waiting for review.
    Reply = "reply",
    /// 审核: approve or return.
    Decision = "decision",
    /// 退回理由.
    Reason = "reason",
    /// 审核日期.
    On = "on",
}

/// Reviewing a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    item: i64,
    version: i64,
    pending: Vec<Opt>,
}

impl Dialog for Review {
    const ACTION: Action = Action::ReviewReply;

    fn load(_store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Result<Self, String> {
        let pending: Vec<Opt> = head
            .detail
            .assignments
            .iter()
            .flat_map(|a| a.replies.iter().map(move |r| (a, r)))
            .filter(|(_, r)| r.review == ReviewState::Pending)
            .map(|(a, r)| {
                let class = ctx.rules.class_label(&r.result_class, lang).unwrap_or(&r.result_class);
                Opt::new(r.id.to_string(), format!("{} {} {} {}", a.unit_short, r.doc_number, r.result_class, class))
            })
            .collect();
        let pending = need(pending, T::ReviewNoReplyIsWaiting, lang)?;
        Ok(Review { item: head.id(), version: head.version(), pending })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let decisions =
            vec![Opt::new("approve", tr(lang, T::ReviewApprove)), Opt::new("return", tr(lang, T::ReviewReturn))];
        let fields = vec![
            Field::choice(F::Reply.id(), &tr(lang, T::ReviewReply), self.pending.clone(), 0),
            Field::choice(F::Decision.id(), &tr(lang, T::ReviewDecision), decisions, 0),
            Field::text(F::Reason.id(), &tr(lang, T::ReviewReason), "").hint(tr(lang, T::ReviewRequiredToReturn)),
            today(F::On.id(), ctx, lang, T::ReviewReviewedOn),
        ];
        Body { title: head.title(&tr(lang, T::ReviewReviewAReply)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let approve = form.choice(F::Decision.id()) == "approve";
        let on = form.required_date(F::On.id())?;
        store.review_reply(chosen_id(form, F::Reply.id())?, self.version, approve, &form.text(F::Reason.id()), on)?;
        Ok(Saved::Done(if approve { tr(lang, T::ReviewReplyApproved) } else { tr(lang, T::ReviewReplyReturnedWithA) }))
    }

    on_item!();
}
