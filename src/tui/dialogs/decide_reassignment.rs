//! 调整申请审批: the office approves a unit's request to be reassigned (the item goes back
//! to assignment) or refuses it with a note.
use super::parts::{chosen_id, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 申请: the requests not decided yet.
    Request = "request",
    /// 决定: approve or refuse.
    Decision = "decision",
    /// 说明, required when refusing.
    Note = "note",
    /// 决定日期.
    On = "on",
}

/// Deciding a reassignment request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecideReassignment {
    item: i64,
    version: i64,
    requests: Vec<Opt>,
}

impl Dialog for DecideReassignment {
    const ACTION: Action = Action::DecideReassignment;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let requests: Vec<Opt> = head
            .detail
            .requests
            .iter()
            .filter(|r| r.decision.is_empty())
            .map(|r| Opt::new(r.id.to_string(), format!("{} {} {}", r.unit_short, ymd(r.requested_on), r.reason)))
            .collect();
        let requests = need(requests, T::DecideReassignmentNoReassignmentRequestIs, lang)?;
        Ok(DecideReassignment { item: head.id(), version: head.version(), requests })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let decisions = vec![
            Opt::new("approve", tr(lang, T::DecideReassignmentApprove)),
            Opt::new("refuse", tr(lang, T::DecideReassignmentRefuse)),
        ];
        let fields = vec![
            Field::choice(F::Request.id(), &tr(lang, T::DecideReassignmentRequest), self.requests.clone(), 0),
            Field::choice(F::Decision.id(), &tr(lang, T::DecideReassignmentDecision), decisions, 0),
            Field::text(F::Note.id(), &tr(lang, T::DecideReassignmentNote), "")
                .hint(tr(lang, T::DecideReassignmentRequiredWhenRefusing)),
            today(F::On.id(), ctx, lang, T::DecideReassignmentDecidedOn),
        ];
        Body { title: head.title(&tr(lang, T::DecideReassignmentDecideReassignment)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let approve = form.choice(F::Decision.id()) == "approve";
        let on = form.required_date(F::On.id())?;
        store.decide_reassignment(
            chosen_id(form, F::Request.id())?,
            self.version,
            approve,
            &form.text(F::Note.id()),
            on,
        )?;
        Ok(Saved::Done(if approve {
            tr(lang, T::DecideReassignmentApprovedTheItemGoes)
        } else {
            tr(lang, T::DecideReassignmentRefused)
        }))
    }

    on_item!();
}
