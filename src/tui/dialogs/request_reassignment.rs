//! 申请调整: a unit asks to be reassigned, within the window counted from its assignment;
//! after the window only the office's override lets it through.
use super::parts::{assignment_label, assignments, chosen_id, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::draw::tr;
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
        let units = need(assignments(d, lang, |_| true), "该件尚未交办", "the item has no assignment", lang)?;
        let window = ctx.rules.windows.reassignment_request;
        let passed =
            tr(lang, "(已过:逾期未提出退办申请的,不作调整)", "(passed: a request after the window is not accepted)");
        let windows = d
            .assignments
            .iter()
            .filter(|a| a.assignment.ended_on.is_none())
            .map(|a| {
                let end = ctx.rules.add(&ctx.calendar, a.assignment.assigned_on, window).date;
                let open = ctx.today <= end;
                let until = tr(lang, "申请调整期限至", "may ask until");
                let text =
                    format!("{}  {until} {} {}", assignment_label(a, lang), ymd(end), if open { "" } else { &passed });
                (Some(open), text.trim_end().to_string())
            })
            .collect();
        Ok(RequestReassignment { item: head.id(), version: head.version(), units, windows })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, "单位", "Unit"), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, "申请日期", "Requested on"),
            Field::text(F::Reason.id(), &tr(lang, "理由", "Reason"), ""),
            Field::text(F::Override.id(), &tr(lang, "逾期特批理由", "Override"), "").hint(tr(
                lang,
                "窗口已过时由办公室填写",
                "office only, after the window",
            )),
        ];
        let title = head.title(&tr(lang, "申请调整", "Request reassignment"));
        Body { title, info: self.windows.clone(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let over = form.text(F::Override.id());
        let over = (!over.is_empty()).then_some(over.as_str());
        let (unit, on) = (chosen_id(form, F::Assignment.id())?, form.required_date(F::On.id())?);
        store.request_reassignment(unit, self.version, on, &form.text(F::Reason.id()), over)?;
        Ok(Saved::Done(tr(form.lang, "已登记调整申请", "Request recorded")))
    }

    on_item!();
}
