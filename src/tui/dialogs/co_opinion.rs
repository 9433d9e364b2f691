//! 会办意见: a co-handling unit's opinion comes in (to the lead unit, by its deadline).
use super::parts::{active, assignments, chosen_id, need, today};
use super::{Body, Dialog, Head};
use crate::domain::Role;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 会办单位.
    Assignment = "assignment",
    /// 收到日期.
    On = "on",
    /// 文号.
    Doc = "doc",
    /// 内容或文件.
    Text = "text",
}

/// Recording a co-handling opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoOpinion {
    item: i64,
    version: i64,
    units: Vec<Opt>,
    /// The first unit whose opinion has not come in (the dialog opens on it).
    awaited: usize,
}

impl Dialog for CoOpinion {
    const ACTION: Action = Action::RecordCoOpinion;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let co = |a: &crate::store::detail::AssignmentView| a.assignment.role == Role::CoHandling;
        let units = need(assignments(head.detail, lang, co), T::CoOpinionTheItemHasNo, lang)?;
        let awaited = active(head.detail, co).position(|a| a.co_opinions.is_empty()).unwrap_or(0);
        Ok(CoOpinion { item: head.id(), version: head.version(), units, awaited })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::CoOpinionUnit), self.units.clone(), self.awaited),
            today(F::On.id(), ctx, lang, T::CoOpinionReceivedOn),
            Field::text(F::Doc.id(), &tr(lang, T::CoOpinionDocumentNo), ""),
            Field::text(F::Text.id(), &tr(lang, T::CoOpinionTextOrFilePath), ""),
        ];
        Body { title: head.title(&tr(lang, T::CoOpinionCoHandlingOpinion)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let (doc, text) = (form.text(F::Doc.id()), form.text(F::Text.id()));
        let on = form.required_date(F::On.id())?;
        store.record_co_opinion(chosen_id(form, F::Assignment.id())?, self.version, on, &doc, &text)?;
        Ok(Saved::Done(tr(form.lang, T::CoOpinionOpinionRecorded)))
    }

    on_item!();
}
