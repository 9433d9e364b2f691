//! 沟通: a contact with the proposer (办前, 办中, 答复时, 办后), by phone, visit, seminar…
use super::parts::{chosen, chosen_opt_id, coded, today, units_of};
use super::{Body, Dialog, Head};
use crate::domain::{ContactMethod, ContactStage};
use crate::store::handling::contact::NewContact;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 单位: the office, or one of the item's units.
    Unit = "unit",
    /// 阶段.
    Stage = "stage",
    /// 方式.
    Method = "method",
    /// 日期.
    On = "on",
    /// 参加人员.
    Participants = "participants",
    /// 情况.
    Notes = "notes",
}

/// Logging a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    item: i64,
    version: i64,
    /// The office first (empty code), then the item's units.
    units: Vec<Opt>,
}

impl Dialog for Contact {
    const ACTION: Action = Action::LogContact;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let mut units = vec![Opt::new("", tr(lang, T::ContactTheOffice))];
        units.extend(units_of(head.detail, lang, |_| true));
        Ok(Contact { item: head.id(), version: head.version(), units })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let first_unit = usize::from(self.units.len() > 1);
        let stages = coded(ContactStage::ALL, |e| e.as_str(), |e| e.label(lang));
        let methods = coded(ContactMethod::ALL, |e| e.as_str(), |e| e.label(lang));
        let fields = vec![
            Field::choice(F::Unit.id(), &tr(lang, T::ColUnit), self.units.clone(), first_unit),
            Field::choice(F::Stage.id(), &tr(lang, T::ContactStage), stages, 1),
            Field::choice(F::Method.id(), &tr(lang, T::ContactMethod), methods, 0),
            today(F::On.id(), ctx, lang, T::FilingDate),
            Field::text(F::Participants.id(), &tr(lang, T::ContactWhoTookPart), ""),
            Field::text(F::Notes.id(), &tr(lang, T::ContactNotes), ""),
        ];
        Body { title: head.title(&tr(lang, T::ContactContact)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let c = NewContact {
            unit_id: chosen_opt_id(form, F::Unit.id())?,
            stage: chosen(form, F::Stage.id(), ContactStage::parse)?,
            method: chosen(form, F::Method.id(), ContactMethod::parse)?,
            on: form.required_date(F::On.id())?,
            participants: form.text(F::Participants.id()),
            notes: form.text(F::Notes.id()),
        };
        store.log_contact(self.item, self.version, &c)?;
        Ok(Saved::Done(tr(form.lang, T::ContactContactLogged)))
    }

    on_item!();
}
