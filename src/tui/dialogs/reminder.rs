//! 催办 / 约谈: a reminder to, or an interview with, one of the item's units.
use super::parts::{chosen, chosen_id, coded, need, today, units_of};
use super::{Body, Dialog, Head};
use crate::domain::ReminderKind;
use crate::store::followup::supervision::NewReminder;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 单位.
    Assignment = "assignment",
    /// 类型: reminder or interview.
    Kind = "kind",
    /// 日期.
    On = "on",
    /// 方式.
    Method = "method",
    /// 对象.
    To = "to",
    /// 内容.
    Note = "note",
}

/// Logging a reminder or an interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    item: i64,
    version: i64,
    units: Vec<Opt>,
}

impl Dialog for Reminder {
    const ACTION: Action = Action::LogReminder;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let units = need(units_of(head.detail, lang, |_| true), T::ReminderTheItemHasNo, lang)?;
        Ok(Reminder { item: head.id(), version: head.version(), units })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let kinds = coded(ReminderKind::ALL, |e| e.as_str(), |e| e.label(lang));
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::ColUnit), self.units.clone(), 0),
            Field::choice(F::Kind.id(), &tr(lang, T::ReminderKind), kinds, 0),
            today(F::On.id(), ctx, lang, T::FilingDate),
            Field::text(F::Method.id(), &tr(lang, T::ContactMethod), &tr(lang, T::ReminderPhone)),
            Field::text(F::To.id(), &tr(lang, T::ReminderToWhom), ""),
            Field::text(F::Note.id(), &tr(lang, T::ReminderNote), ""),
        ];
        Body { title: head.title(&tr(lang, T::ReminderReminderInterview)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let r = NewReminder {
            unit_id: chosen_id(form, F::Assignment.id())?,
            item_id: Some(self.item),
            kind: chosen(form, F::Kind.id(), ReminderKind::parse)?,
            on: form.required_date(F::On.id())?,
            method: form.text(F::Method.id()),
            to_whom: form.text(F::To.id()),
            note: form.text(F::Note.id()),
        };
        store.log_reminder(&r, Some(self.version))?;
        Ok(Saved::Done(tr(form.lang, T::ReminderLogged)))
    }

    on_item!();
}
