//! 二次办理 opened by the office: a leader takes the case (领导包案) or public attention is
//! high. (Unsatisfied feedback opens one by itself.)
use super::parts::{chosen, chosen_opt_id, coded, today, units_of};
use super::{Body, Dialog, Head};
use crate::domain::SecondReason;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 原因.
    Reason = "reason",
    /// 包案领导.
    Leader = "leader",
    /// 责任单位 (empty: the lead unit).
    Unit = "unit",
    /// 日期.
    On = "on",
}

/// Opening a second round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondRound {
    item: i64,
    version: i64,
    units: Vec<Opt>,
    /// The leader named on the item, offered.
    leader: String,
}

impl Dialog for SecondRound {
    const ACTION: Action = Action::OpenSecondRound;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let mut units = vec![Opt::new("", tr(lang, T::SecondRoundTheLeadUnit))];
        units.extend(units_of(head.detail, lang, |a| a.assignment.role.replies()));
        Ok(SecondRound { item: head.id(), version: head.version(), units, leader: head.detail.item.leader.clone() })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let reasons = coded(&[SecondReason::Leader, SecondReason::Attention], |e| e.as_str(), |e| e.label(lang));
        let fields = vec![
            Field::choice(F::Reason.id(), &tr(lang, T::ColReason), reasons, 0),
            Field::text(F::Leader.id(), &tr(lang, T::SecondRoundLeader), &self.leader),
            Field::choice(F::Unit.id(), &tr(lang, T::SecondRoundUnit), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, T::FilingDate),
        ];
        Body { title: head.title(&tr(lang, T::ProgressSecondRound)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let reason = chosen(form, F::Reason.id(), SecondReason::parse)?;
        let (unit, on) = (chosen_opt_id(form, F::Unit.id())?, form.required_date(F::On.id())?);
        store.open_second_round(self.item, self.version, reason, &form.text(F::Leader.id()), unit, on)?;
        Ok(Saved::Done(tr(form.lang, T::SecondRoundSecondRoundOpened)))
    }

    on_item!();
}
