//! Forms opened on a selection: before anything is saved they say which items the action
//! will touch and which it leaves alone, with the reason ([`crate::domain::applies`]); a
//! form that takes one item while rows are marked says it took the row under the cursor.
use super::action::Action;
use super::dialogs::close_many::CloseMany;
use super::dialogs::{Head, Open};
use super::forms::Form;
use super::keymap::Mode;
use super::session::Session;
use crate::domain::applies::{self, ItemFacts, Skip};
use crate::store::handling::assign::Candidate;
use crate::text::Lang;
use crate::text::{say, tr, T};

/// One action's rule: whether it applies to an item, or why not.
type Rule = fn(&ItemFacts) -> Result<(), Skip>;

/// How many left-alone items a form lists one by one (the rest are counted).
const LISTED: usize = 8;

/// The items left alone, grouped by reason: with their titles when there are few, else one
/// line per reason with the count and the first numbers, so every reason fits on screen.
fn left_alone<W: Copy + PartialEq>(
    no: &[(Candidate, W)],
    why: impl Fn(W) -> String,
    lang: Lang,
) -> Vec<(Option<bool>, String)> {
    let mut out = Vec::new();
    let mut reasons: Vec<W> = Vec::new();
    for (_, w) in no {
        if !reasons.contains(w) {
            reasons.push(*w);
        }
    }
    let few = no.len() <= LISTED;
    for w in reasons {
        let these: Vec<&Candidate> = no.iter().filter(|(_, x)| *x == w).map(|(c, _)| c).collect();
        let head = say::items_left(lang, these.len(), why(w));
        if few {
            out.push((Some(false), format!("{head}:")));
            out.extend(these.iter().map(|c| (None, format!("  {} {}", number(c, lang), c.title))));
            continue;
        }
        let nums: Vec<&str> = these.iter().take(LISTED).map(|c| c.number.as_str()).collect();
        let more = if these.len() > LISTED { T::ListMore.get(lang) } else { "" };
        let list = say::numbers(lang, nums.join(T::ListSep.get(lang)), more);
        out.push((Some(false), format!("{head}:{list}")));
    }
    out
}

fn number(c: &Candidate, lang: Lang) -> String {
    say::number(lang, &c.number)
}

fn facts_of(cands: &[Candidate]) -> Vec<(Candidate, ItemFacts)> {
    cands.iter().map(|c| (c.clone(), c.facts)).collect()
}

impl Session {
    fn key_of(&self, action: &Action) -> String {
        self.app.keymap.hint_key(Mode::Ledger, action).unwrap_or_else(|| action.name())
    }

    /// 批量交办: only the marked items [`applies::assign`] allows; the others are listed with
    /// the reason before anything is saved.
    pub(super) fn batch_assign_form(&self, items: &[(i64, i64)]) -> Result<Form, String> {
        let lang = self.app.lang;
        let err = |e: crate::store::StoreError| e.message(lang);
        let ids: Vec<i64> = items.iter().map(|i| i.0).collect();
        let cands = self.store.candidates(&ids).map_err(err)?;
        let (yes, no) = applies::split(&facts_of(&cands), applies::assign);
        let why = |s: Skip| s.label(lang).to_string();
        let mut notes: Vec<String> = vec![say::marked_to_assign(lang, items.len(), yes.len())];
        notes.extend(left_alone(&no, why, lang).into_iter().map(|(_, l)| l));
        if no.iter().any(|(_, s)| *s == Skip::UnderWay) {
            let key = self.key_of(&Action::ReassignItem);
            notes.push(say::reassign_alone(lang, key));
        }
        let Some(first) = yes.first() else {
            return Err(notes.join(" "));
        };
        let d = self.store.item_detail(first.id).map_err(err)?;
        let head = Head { detail: &d, units: &self.app.units, meetings: &self.app.meetings };
        let Some(form) = Open::load(&Action::AssignUnits, &self.store, &head, &self.app.ctx, lang) else {
            return Err(String::new());
        };
        let mut form = form?;
        // The plan is chosen for all of them: not pre-filled from whichever came first.
        for f in &mut form.fields {
            if let Some(l) = f.picks_mut() {
                l.picked.clear();
            }
        }
        if let Open::Assign(a) = &mut form.dialog {
            a.for_items(yes.iter().map(|c| (c.id, c.version)).collect(), notes);
        }
        form.title = say::assign_marked_title(lang, items.len(), yes.len());
        form.info = form.dialog.changed(&form, &self.app.ctx, lang).unwrap_or_default();
        form.seen = d.history.len();
        Ok(form)
    }

    /// Whether `action` applies to item `id`, by the action's rule in [`applies`]; if not,
    /// why (naming the item), and which key does what the clerk may have meant.
    pub(super) fn check_applies(&self, action: &Action, id: i64) -> Result<(), String> {
        let lang = self.app.lang;
        fn close(f: &ItemFacts) -> Result<(), Skip> {
            applies::close(f.status)
        }
        let (rule, other): (Rule, Action) = match action {
            Action::AssignUnits => (applies::assign, Action::ReassignItem),
            Action::ReassignItem => (applies::reassign, Action::AssignUnits),
            Action::RecordReceipt => (applies::receipt, Action::AssignUnits),
            Action::LogReminder => (applies::remind, Action::AssignUnits),
            Action::CloseEntry => (close, Action::ReviewFiling),
            _ => return Ok(()),
        };
        let c = self.store.candidates(&[id]).map_err(|e| e.message(lang))?;
        let Some(c) = c.first() else { return Err(String::new()) };
        let Err(skip) = rule(&c.facts) else { return Ok(()) };
        let key = self.key_of(&other);
        let hint = match skip {
            Skip::UnderWay => say::hint_reassign(lang, key),
            Skip::NotAssigned => say::hint_assign(lang, key),
            Skip::NotFiled => say::hint_filing(lang, key),
            _ => String::new(),
        };
        Err(format!("{}{}{hint}", number(c, lang), skip.label(lang)))
    }

    /// 批量销号 (marked rows, or Ctrl-X on every entry shown): how many qualify and how many
    /// do not, with the reason, before Enter. Only the qualifying ones are saved.
    pub(super) fn batch_close_form(&self, action: &Action, items: &[(i64, i64)]) -> Result<Form, String> {
        let lang = self.app.lang;
        let err = |e: crate::store::StoreError| e.message(lang);
        if items.is_empty() {
            return Err(tr(lang, T::BatchNoOpenEntryIn));
        }
        let ids: Vec<i64> = items.iter().map(|i| i.0).collect();
        let cands = self.store.candidates(&ids).map_err(err)?;
        #[derive(Clone, Copy, PartialEq)]
        enum Why {
            Skip(Skip),
            Check(crate::domain::closure::Check),
        }
        let mut yes = Vec::new();
        let mut no = Vec::new();
        for c in cands {
            if let Err(s) = applies::close(c.facts.status) {
                no.push((c, Why::Skip(s)));
                continue;
            }
            let lines = self.store.closure_checklist(c.id).map_err(err)?;
            match lines.iter().find(|l| !l.ok) {
                Some(l) => no.push((c, Why::Check(l.check))),
                None => yes.push(c),
            }
        }
        let whole = *action == Action::CloseShown;
        let (n, y, not) = (items.len(), yes.len(), no.len());
        let head = if whole { say::close_shown_head(lang, n, y, not) } else { say::close_marked_head(lang, n, y, not) };
        let why = |w: Why| match w {
            Why::Skip(s) => s.label(lang).to_string(),
            Why::Check(c) => say::not_yet(lang, c.label(lang)),
        };
        let mut info = vec![(Some(!yes.is_empty()), head)];
        info.extend(left_alone(&no, why, lang));
        let today = self.app.ctx.today.format("%Y-%m-%d").to_string();
        let title = say::batch_close_title(lang, items.len(), yes.len());
        // The store checks every entry again inside the one transaction and closes only those
        // that qualify then; the report after the save lists the rest again.
        Ok(CloseMany::open(items.to_vec(), title, info, &today, lang))
    }

    /// A one-item form opened from the ledger while rows are marked says it took the row
    /// under the cursor, not the marked ones.
    pub(super) fn say_which_row(&self, form: &mut Form, number: &str) {
        let lang = self.app.lang;
        let marked = self.app.ledger.marked.len();
        let one_item = !matches!(&form.dialog, Open::Assign(a) if a.items().len() > 1);
        let only_marked = marked == 1 && form.dialog.item().is_some_and(|(i, _)| self.app.ledger.marked.contains(&i));
        if self.app.detail.is_some() || marked == 0 || !one_item || only_marked {
            return;
        }
        let line = say::took_cursor_row(lang, marked, number);
        match &mut form.dialog {
            Open::Assign(a) => a.note_first(line),
            Open::Reassign(a) => a.note_first(line),
            _ => return form.info.insert(0, (Some(false), line)),
        }
        form.info = form.dialog.changed(form, &self.app.ctx, lang).unwrap_or_default();
    }
}
