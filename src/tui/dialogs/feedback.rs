//! 满意度: a proposer's satisfaction with the handling. During an open second round its
//! proposers who have not answered come first; what a saved level did to the round is said.
use super::parts::{coded, today};
use super::{Body, Dialog, Head, Info};
use crate::domain::figures::{turned_satisfied, SecondRoundFacts};
use crate::domain::Satisfaction;
use crate::store::detail::{ItemDetail, ItemProposer};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};
use chrono::NaiveDate;

fields! {
    /// 代表委员.
    Person = "person",
    /// 满意度.
    Level = "level",
    /// 反馈日期.
    On = "on",
    /// 意见.
    Comments = "comments",
}

/// Recording a proposer's feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    item: i64,
    version: i64,
    /// The proposers, those an open second round waits for first.
    people: Vec<Opt>,
    /// Whose answer the open second round waits for, in words.
    waiting: Option<String>,
}

impl Dialog for Feedback {
    const ACTION: Action = Action::RecordFeedback;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let (people, waiting) = feedback_people(head.detail, lang);
        Ok(Feedback { item: head.id(), version: head.version(), people, waiting })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let sends: Vec<&str> =
            Satisfaction::ALL.iter().filter(|s| ctx.rules.sends_to_second_round(**s)).map(|s| s.label(lang)).collect();
        let mut info: Vec<Info> = self.waiting.iter().map(|w| (None, w.clone())).collect();
        let head_line = tr(lang, T::FeedbackTheseLevelsGoTo);
        info.push((None, format!("{head_line}{}", sends.join("、"))));
        let levels = coded(Satisfaction::ALL, |e| e.as_str(), |e| e.label(lang));
        let fields = vec![
            Field::choice(F::Person.id(), &tr(lang, T::FeedbackProposer), self.people.clone(), 0),
            Field::choice(F::Level.id(), &tr(lang, T::FeedbackLevel), levels, 0),
            today(F::On.id(), ctx, lang, T::FeedbackReceivedOn),
            Field::text(F::Comments.id(), &tr(lang, T::FeedbackComments), ""),
        ];
        Body { title: head.title(&tr(lang, T::SecFeedback)), info, fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let level = Satisfaction::parse(&form.choice(F::Level.id())).unwrap_or(Satisfaction::Satisfied);
        let on = form.required_date(F::On.id())?;
        // "(领衔人)" when the item has no proposer on record: no person id.
        let person = form.choice(F::Person.id()).parse().ok();
        store.record_feedback(self.item, self.version, person, level, on, &form.text(F::Comments.id()))?;
        said(store, self.item, on, form.lang)
    }

    on_item!();
}

/// The feedback form's proposers: those an open second round belongs to and who have not
/// answered in it come first (the form opens on them), then the others; and a line naming
/// whose the round is.
fn feedback_people(d: &ItemDetail, lang: Lang) -> (Vec<Opt>, Option<String>) {
    let open = d.second_rounds.iter().find(|s| s.closed_on.is_none() && s.reason.settled_by_feedback());
    let answered = |id: i64, since: NaiveDate| {
        d.feedback.iter().any(|f| f.person_id == Some(id) && f.round == 2 && f.received_on >= since)
    };
    let pending: Vec<i64> = open
        .map(|s| {
            d.proposers
                .iter()
                .map(|p| p.person.id)
                .filter(|id| s.owners.contains(&Some(*id)) && !answered(*id, s.opened_on))
                .collect()
        })
        .unwrap_or_default();
    let opt = |p: &ItemProposer| {
        if pending.contains(&p.person.id) {
            let label = format!("{}{}", p.person.name, tr(lang, T::FeedbackSecondRound));
            Opt::new(p.person.id.to_string(), label)
        } else {
            Opt::new(p.person.id.to_string(), p.person.name.clone())
        }
    };
    let mut people: Vec<Opt> = d.proposers.iter().filter(|p| pending.contains(&p.person.id)).map(opt).collect();
    people.extend(d.proposers.iter().filter(|p| !pending.contains(&p.person.id)).map(opt));
    if people.is_empty() {
        people.push(Opt::new("", tr(lang, T::FeedbackLeadProposer)));
    }
    let names: Vec<&str> =
        d.proposers.iter().filter(|p| pending.contains(&p.person.id)).map(|p| p.person.name.as_str()).collect();
    let waiting = (!names.is_empty()).then(|| say::second_round_waits(lang, names.join(T::ListSep.get(lang))));
    (people, waiting)
}

/// What a saved feedback did to the item's second round, in words.
fn said(store: &Store, item: i64, on: NaiveDate, lang: Lang) -> Result<Saved, SaveError> {
    let d = store.item_detail(item)?;
    let round = d.second_rounds.iter().rev().find(|s| s.reason.settled_by_feedback());
    let done = |t: T| Ok(Saved::Done(tr(lang, t)));
    match round {
        Some(s) if s.closed_on.is_none() => done(T::FeedbackRecordedRoundOpen),
        Some(s) if s.closed_on == Some(on) && s.outcome.is_some() => {
            if turned_satisfied(&SecondRoundFacts { reason: s.reason, outcome: s.outcome }) {
                return done(T::FeedbackRecordedTurned);
            }
            let to = s.escalation.map(|e| e.label(lang)).unwrap_or_default();
            Ok(Saved::Done(say::still_unsatisfied(lang, to)))
        }
        _ => done(T::FeedbackRecorded),
    }
}
