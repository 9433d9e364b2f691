//! 立案审查: the filing decision on a received item: 立案, 不予立案 (with its ground), 转为
//! 意见 (to a unit), 并案 (into an item of the same meeting).
use super::{Body, Dialog, Head};
use crate::domain::intake::FilingDecision;
use crate::domain::Filing as FilingState;
use crate::store::intake::filing::FilingReview;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::field::candidates;
use crate::tui::forms::pick::ListField;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 决定.
    Decision = "decision",
    /// 不予立案依据.
    Ground = "ground",
    /// 说明.
    Note = "note",
    /// 转交单位 (转为意见).
    Unit = "unit",
    /// 并入件号 (并案).
    Merge = "merge",
    /// 日期.
    On = "on",
}

/// Deciding the filing of one received item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    item: i64,
    version: i64,
    meeting: i64,
}

impl Dialog for Filing {
    const ACTION: Action = Action::ReviewFiling;

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        if head.detail.item.filing != FilingState::Received {
            return Err(tr(lang, T::FilingTheFilingOfThis));
        }
        Ok(Filing { item: head.id(), version: head.version(), meeting: head.detail.item.meeting_id })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let decisions = FilingDecision::ALL.iter().map(|f| Opt::new(f.as_str(), f.label(lang))).collect();
        // No ground chosen until the clerk picks one: a refusal never takes the first by default.
        let none = Opt::new("", tr(lang, T::FilingChoose));
        let grounds = std::iter::once(none)
            .chain(ctx.rules.filing.refusal_grounds.iter().map(|g| Opt::new(g.clone(), g.clone())))
            .collect();
        let unit_rows = head.units.iter().map(|u| (u.id, u.short_name.clone(), u.name.clone()));
        let units = ListField::new(candidates(unit_rows), Vec::new(), false);
        let fields = vec![
            Field::choice(F::Decision.id(), &tr(lang, T::DecideReassignmentDecision), decisions, 0),
            Field::choice(F::Ground.id(), &tr(lang, T::FilingGround), grounds, 0).hint(tr(lang, T::FilingWhenNotFiled)),
            Field::text(F::Note.id(), &tr(lang, T::DecideReassignmentNote), ""),
            Field::list(F::Unit.id(), &tr(lang, T::FilingOpinionUnit), units).hint(tr(lang, T::FilingWhenTurnedIntoAn)),
            Field::text(F::Merge.id(), &tr(lang, T::FilingMergeIntoNo), "").hint(tr(lang, T::FilingWhenMergedANumber)),
            Field::date(F::On.id(), &tr(lang, T::FilingDate), &ctx.today.format("%Y-%m-%d").to_string()),
        ];
        Body { title: head.title(&tr(lang, T::ActReviewFiling)), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let decision = FilingDecision::parse(&form.choice(F::Decision.id())).unwrap_or(FilingDecision::File);
        let merge = form.text(F::Merge.id());
        let merge_into = match decision {
            FilingDecision::Merge => Some(self.merge_target(store, &merge, lang)?),
            _ => None,
        };
        let opinion_unit =
            form.field(F::Unit.id()).and_then(|f| f.picks()).and_then(|l| l.picked.first()).and_then(|p| p.id);
        let r = FilingReview {
            decision,
            ground: if decision == FilingDecision::NotFile { form.choice(F::Ground.id()) } else { String::new() },
            note: form.text(F::Note.id()),
            opinion_unit,
            merge_into,
            on: form.required_date(F::On.id())?,
        };
        let undo = store.review_filing(self.item, self.version, &r)?;
        let what = match decision {
            FilingDecision::NotFile => format!("({})", r.ground),
            FilingDecision::Merge => say::merged_into(lang, &merge),
            _ => String::new(),
        };
        Ok(Saved::Undoable(format!("{}: {}{what}", tr(lang, T::FilingFiling), decision.label(lang)), undo))
    }

    on_item!();
}

impl Filing {
    /// The item of the same meeting numbered `number`, to merge into.
    fn merge_target(&self, store: &Store, number: &str, lang: Lang) -> Result<i64, SaveError> {
        if number.is_empty() {
            let msg = tr(lang, T::FilingGiveTheNumberOf);
            return Err(SaveError::Input(msg));
        }
        for id in store.items_by_number(number)? {
            if id != self.item && store.item_draft(id)?.meeting_id == self.meeting {
                return Ok(id);
            }
        }
        Err(SaveError::Input(say::no_item_numbered(lang, number)))
    }
}
