//! 交办 and 重新交办: the units that handle an item as lead (主办), split (分办) or
//! co-handling (会办), picked by name, short name or pinyin, with each unit's deadline by the
//! rules shown as the plan changes. One item, or (交办) every marked item the rule allows
//! (the batch form of [`crate::tui::batch`]). 重新交办 of an item under way asks why.
use super::parts::{coded, ymd};
use super::{Body, Dialog, Head, Info};
use crate::domain::assignment::check_roles;
use crate::domain::{Kind, Role, Timing, Unit};
use crate::store::detail::AssignmentView;
use crate::store::handling::assign::UnitRole;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::field::candidates;
use crate::tui::forms::pick::ListField;
use crate::tui::forms::{Field, Form, SaveError, Saved};

fields! {
    /// 重新交办理由 (重新交办 only).
    Why = "why",
    /// 交办日期.
    On = "on",
    /// 承办单位, each with its role.
    Units = "units",
    /// 期限改为: a deadline other than the rules' for the lead and split units.
    Deadline = "deadline",
    /// 改期理由.
    Reason = "reason",
}

/// Assigning (`RE` false: 交办) or re-assigning (`RE` true: 重新交办) handling units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assign<const RE: bool> {
    /// (id, version) of each item assigned: one, or the marked ones the rule allows.
    items: Vec<(i64, i64)>,
    kind: Kind,
    timing: Timing,
    /// What the form says above the deadlines (the marked items left alone, and why).
    notes: Vec<String>,
}

/// 重新交办.
pub type Reassign = Assign<true>;

impl<const RE: bool> Assign<RE> {
    /// The same plan for several items (a batch): the items it saves, the lines it says first.
    pub fn for_items(&mut self, items: Vec<(i64, i64)>, notes: Vec<String>) {
        self.items = items;
        self.notes = notes;
    }

    /// A line to say above the deadlines (first).
    pub fn note_first(&mut self, line: String) {
        self.notes.insert(0, line);
    }

    /// The (id, version) of each item it assigns.
    pub fn items(&self) -> &[(i64, i64)] {
        &self.items
    }

    /// The plan typed: each picked unit with its role and, for a lead or split unit, the
    /// changed deadline and its reason.
    fn plan(form: &Form) -> Result<Vec<UnitRole>, SaveError> {
        let Some(list) = form.field(F::Units.id()).and_then(|f| f.picks()) else {
            return Err(SaveError::Input(F::Units.id().into()));
        };
        let changed = form.date(F::Deadline.id())?;
        let reason = form.text(F::Reason.id());
        let plan: Vec<UnitRole> = list
            .picked
            .iter()
            .filter_map(|p| {
                let role = Role::parse(list.role_code(p))?;
                let deadline_override = changed.filter(|_| role.replies()).map(|d| (d, reason.clone()));
                Some(UnitRole { unit_id: p.id?, role, deadline_override })
            })
            .collect();
        if let Err(e) = check_roles(&plan.iter().map(|u| (u.unit_id, u.role)).collect::<Vec<_>>()) {
            return Err(SaveError::Input(e.message(form.lang)));
        }
        Ok(plan)
    }

    /// The computed lines: the notes, then each unit's deadline by the rules, or why the
    /// roles do not work.
    fn info(&self, form: &Form, ctx: &Context, lang: Lang) -> Vec<Info> {
        let mut info: Vec<Info> = self.notes.iter().map(|n| (None, n.clone())).collect();
        let Some(list) = form.field(F::Units.id()).and_then(|f| f.picks()) else { return info };
        let on = match form.date(F::On.id()) {
            Ok(Some(d)) => d,
            Ok(None) => ctx.today,
            Err(e) => return vec![(Some(false), e)],
        };
        if self.timing == Timing::Between {
            info.push((None, tr(lang, T::AssignFiledBetweenSessionsThe)));
        }
        let pairs: Vec<(i64, Role)> =
            list.picked.iter().filter_map(|p| Some((p.id?, Role::parse(list.role_code(p))?))).collect();
        let changed = form.date(F::Deadline.id()).ok().flatten();
        for p in &list.picked {
            let Some(role) = Role::parse(list.role_code(p)) else { continue };
            let period = ctx.rules.deadline_period(self.kind, self.timing, role);
            let counted = ctx.rules.add(&ctx.calendar, on, period);
            let mut text = format!("{} {}  {} → {}", role.label(lang), p.label, period.label(lang), ymd(counted.date));
            if let Some(d) = changed.filter(|_| role.replies()) {
                text.push_str(&format!("  {} {}", tr(lang, T::AssignChangedTo), ymd(d)));
            }
            if !counted.confirmed {
                text.push_str(&tr(lang, T::AssignHolidaysNotYetPublished));
            }
            info.push((None, text));
        }
        if let Err(e) = check_roles(&pairs) {
            info.push((Some(false), e.message(lang)));
        }
        info
    }
}

/// The unit list of an assignment form: every unit, with the item's active assignments picked.
fn unit_list(units: &[Unit], current: &[&AssignmentView], lang: Lang) -> ListField {
    let cands = candidates(units.iter().map(|u| (u.id, u.short_name.clone(), u.name.clone())));
    let roles = coded(Role::ALL, |r| r.as_str(), |r| r.label(lang));
    let mut l = ListField::new(cands, roles, false);
    for a in current {
        let role = Role::ALL.iter().position(|r| *r == a.assignment.role).unwrap_or(0);
        l.push(a.assignment.unit_id, role);
    }
    l
}

impl<const RE: bool> Dialog for Assign<RE> {
    const ACTION: Action = if RE { Action::ReassignItem } else { Action::AssignUnits };

    fn load(_store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let notes = if RE { vec![tr(lang, T::AssignReAssignUnitsKept)] } else { Vec::new() };
        let item = &head.detail.item;
        Ok(Assign { items: vec![(item.id, item.version)], kind: item.kind, timing: item.timing, notes })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let current: Vec<&AssignmentView> =
            head.detail.assignments.iter().filter(|a| a.assignment.ended_on.is_none()).collect();
        let hint = tr(lang, T::AssignTypeANameOr);
        let mut fields = vec![
            Field::date(F::On.id(), &tr(lang, T::AssignAssignedOn), &ymd(ctx.today)).affecting(),
            Field::list(F::Units.id(), &tr(lang, T::PaneUnits), unit_list(head.units, &current, lang))
                .hint(hint)
                .affecting(),
            Field::date(F::Deadline.id(), &tr(lang, T::AssignNewDeadline), "")
                .hint(tr(lang, T::AssignEmptyByTheRules))
                .affecting(),
            Field::text(F::Reason.id(), &tr(lang, T::AssignReasonForIt), ""),
        ];
        if RE {
            let why = Field::text(F::Why.id(), &tr(lang, T::AssignWhyReAssign), "");
            fields.insert(0, why.hint(tr(lang, T::AssignRequiredKeptInThe)));
        }
        let title = if RE { tr(lang, T::ActReassignItem) } else { tr(lang, T::AssignAssign) };
        // The info lines depend on the fields: the registry asks `changed` once the form is made.
        Body { title: head.title(&title), info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let plan = Self::plan(form)?;
        let on = form.required_date(F::On.id())?;
        if let (true, [(item, version)]) = (RE, self.items.as_slice()) {
            let undo = store.reassign(*item, *version, &plan, on, &form.text(F::Why.id()))?;
            let done = tr(lang, T::AssignReAssignedTheEarlier);
            return Ok(Saved::Undoable(done, undo));
        }
        let undo = store.assign(&self.items, &plan, on)?;
        let n = undo.items.len();
        Ok(Saved::Undoable(say::assigned_n(lang, n), undo))
    }

    fn item(&self) -> Option<(i64, i64)> {
        match self.items.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    fn set_version(&mut self, version: i64) {
        if let [one] = self.items.as_mut_slice() {
            one.1 = version;
        }
    }

    fn changed(&self, form: &Form, ctx: &Context, lang: Lang) -> Option<Vec<Info>> {
        Some(self.info(form, ctx, lang))
    }

    fn first_field(&self) -> Option<&'static str> {
        // 交办 starts at the units (the date is today); 重新交办 at its reason.
        Some(if RE { F::Why.id() } else { F::Units.id() })
    }
}
