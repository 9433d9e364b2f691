//! 二次办理进展: progress on an open second round.
use super::parts::{chosen_id, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 二次办理: the open rounds.
    Round = "round",
    /// 日期.
    On = "on",
    /// 进展.
    Text = "text",
}

/// Logging second-round progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    item: i64,
    version: i64,
    rounds: Vec<Opt>,
}

impl Dialog for Progress {
    const ACTION: Action = Action::LogProgress;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let rounds: Vec<Opt> = head
            .detail
            .second_rounds
            .iter()
            .filter(|s| s.closed_on.is_none())
            .map(|s| {
                let due = format!("{} {}", tr(lang, T::Deadline), ymd(s.deadline));
                Opt::new(s.id.to_string(), format!("{} {due}", s.reason.label(lang)))
            })
            .collect();
        let rounds = need(rounds, T::ProgressNoOpenSecondRound, lang)?;
        Ok(Progress { item: head.id(), version: head.version(), rounds })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = vec![
            Field::choice(F::Round.id(), &tr(lang, T::ProgressSecondRound), self.rounds.clone(), 0),
            today(F::On.id(), ctx, lang, T::FilingDate),
            Field::text(F::Text.id(), &tr(lang, T::ProgressProgress), ""),
        ];
        Body { title: head.title(&tr(lang, T::ProgressSecondRoundProgress)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let on = form.required_date(F::On.id())?;
        store.log_progress(chosen_id(form, F::Round.id())?, self.version, on, &form.text(F::Text.id()))?;
        Ok(Saved::Done(tr(form.lang, T::ProgressProgressLogged)))
    }

    on_item!();
}
