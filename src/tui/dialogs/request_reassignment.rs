//! 申请调整: a unit asks to be reassigned, within the window counted from its assignment;
//! after the window only the office's override lets it through.
use super::parts::{assignment_label, assignments, chosen_id, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 单位.
    Assignment = "assignment",
    /// 申请日期.
    On = "on",
    /// 理由.
    Reason = "reason",
    /// 逾期特批理由 (the office, after the window).
    Override = "override",
}

/// Requesting a reassignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestReassignment {
    item: i64,
    version: i64,
    units: Vec<Opt>,
    /// Each active assignment's window: still open, and the line saying until when.
    windows: Vec<(Option<bool>, String)>,
}

impl Dialog for RequestReassignment {
    const ACTION: Action = Action::RequestReassignment;

    fn load(_store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Result<Self, String> {
        let d = head.detail;
        let units = need(assignments(d, lang, |_| true), T::ReminderTheItemHasNo, lang)?;
        let window = ctx.rules.windows.reassignment_request;
        let passed = tr(lang, T::RequestReassignmentPassedARequestAfter);
        let windows = d
            .assignments
            .iter()
            .filter(|a| a.assignment.ended_on.is_none())
            .map(|a| {
                let end = ctx.rules.add(&ctx.calendar, a.assignment.assigned_on, window).date;
                let open = ctx.today <= end;
                let until = tr(lang, T::RequestReassignmentMayAskUntil);
                let text =
                    format!("{}  {until} {} {}", assignment_label(a, lang), ymd(end), if open { "" } else { &passed });
                (Some(open), text.trim_end().to_string())
            })
            .collect();
        Ok(RequestReassignment { item: head.id(), version: head.version(), units, windows })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::ColUnit), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, T::RequestReassignmentRequestedOn),
            Field::text(F::Reason.id(), &tr(lang, T::ReopenEntryReason), ""),
            Field::text(F::Override.id(), &tr(lang, T::RequestReassignmentOverride), "")
                .hint(tr(lang, T::RequestReassignmentOfficeOnlyAfterThe)),
        ];
        let title = head.title(&tr(lang, T::ActRequestReassignment));
        Body { title, info: self.windows.clone(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let over = form.text(F::Override.id());
        let over = (!over.is_empty()).then_some(over.as_str());
        let (unit, on) = (chosen_id(form, F::Assignment.id())?, form.required_date(F::On.id())?);
        store.request_reassignment(unit, self.version, on, &form.text(F::Reason.id()), over)?;
        Ok(Saved::Done(tr(form.lang, T::RequestReassignmentRequestRecorded)))
    }

    on_item!();
}
