//! 面复: a unit's leader replies to the proposer in person (where, who, whether the congress
//! office took part, the proposer's reaction).
use super::parts::{chosen, chosen_id, coded, need, today, units_of};
use super::{Body, Dialog, Head};
use crate::domain::ReplierRank;
use crate::store::handling::contact::NewFaceToFace;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 单位 (lead or split).
    Assignment = "assignment",
    /// 面复日期.
    On = "on",
    /// 地点.
    Place = "place",
    /// 答复人: head, deputy head or staff.
    Rank = "rank",
    /// 答复人姓名.
    Replier = "replier",
    /// 三方面复.
    Office = "office",
    /// 在场代表委员.
    Present = "present",
    /// 代表委员意见.
    Reaction = "reaction",
}

/// Logging a face-to-face reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceToFace {
    item: i64,
    version: i64,
    units: Vec<Opt>,
    /// The lead proposer, offered as present.
    lead: String,
}

impl Dialog for FaceToFace {
    const ACTION: Action = Action::LogFaceToFace;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let d = head.detail;
        let units = units_of(d, lang, |a| a.assignment.role.replies());
        let units = need(units, T::FaceToFaceTheItemHasNo, lang)?;
        let lead = d.proposers.first().map(|p| p.person.name.clone()).unwrap_or_default();
        Ok(FaceToFace { item: head.id(), version: head.version(), units, lead })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let ranks = coded(ReplierRank::ALL, |e| e.as_str(), |e| e.label(lang));
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::ColUnit), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, T::FaceToFaceDate),
            Field::text(F::Place.id(), &tr(lang, T::FaceToFacePlace), "").hint(tr(lang, T::FaceToFaceEGALiaison)),
            Field::choice(F::Rank.id(), &tr(lang, T::FaceToFaceRepliedBy), ranks, 0),
            Field::text(F::Replier.id(), &tr(lang, T::FaceToFaceName), ""),
            Field::toggle(F::Office.id(), &tr(lang, T::FaceToFaceThreeWay), false)
                .hint(tr(lang, T::FaceToFaceTheCongressOfficeTook)),
            Field::text(F::Present.id(), &tr(lang, T::FaceToFacePresent), &self.lead),
            Field::text(F::Reaction.id(), &tr(lang, T::FaceToFaceTheirReaction), ""),
        ];
        Body { title: head.title(&tr(lang, T::ActLogFaceToFace)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let f = NewFaceToFace {
            unit_id: chosen_id(form, F::Assignment.id())?,
            on: form.required_date(F::On.id())?,
            place: form.text(F::Place.id()),
            rank: chosen(form, F::Rank.id(), ReplierRank::parse)?,
            replier: form.text(F::Replier.id()),
            office_present: form.ticked(F::Office.id()),
            proposers_present: form.text(F::Present.id()),
            reaction: form.text(F::Reaction.id()),
        };
        store.log_face_to_face(self.item, self.version, &f)?;
        Ok(Saved::Done(tr(form.lang, T::FaceToFaceFaceToFaceReply)))
    }

    on_item!();
}
