//! What the dialogs share: reading a choice as an id or a code (an unreadable one is an
//! error naming the field, never a default), the date field every dialog has, and the
//! choices made from an item's assignments.
use crate::domain::Role;
use crate::store::detail::{AssignmentView, ItemDetail};
use crate::text::{say, tr, T};
use crate::tui::app::Context;
use crate::tui::forms::{Field, Form, Opt, SaveError};

/// "Choose {label}": what a save says when a choice cannot be read.
fn unreadable(form: &Form, id: &str) -> SaveError {
    let label = form.field(id).map(|f| f.label.clone()).unwrap_or_else(|| id.to_string());
    SaveError::Input(say::choose(form.lang, label))
}

/// The id a choice field holds.
pub(super) fn chosen_id(form: &Form, id: &str) -> Result<i64, SaveError> {
    form.choice(id).parse().map_err(|_| unreadable(form, id))
}

/// The id a choice field holds, or `None` when it offers "none" (an empty code).
pub(super) fn chosen_opt_id(form: &Form, id: &str) -> Result<Option<i64>, SaveError> {
    let code = form.choice(id);
    if code.is_empty() {
        return Ok(None);
    }
    code.parse().map(Some).map_err(|_| unreadable(form, id))
}

/// The coded value a choice field holds.
pub(super) fn chosen<V>(form: &Form, id: &str, parse: impl Fn(&str) -> Option<V>) -> Result<V, SaveError> {
    parse(&form.choice(id)).ok_or_else(|| unreadable(form, id))
}

/// A date field, today's date typed in.
pub(super) fn today(id: &'static str, ctx: &Context, lang: crate::text::Lang, label: T) -> Field {
    Field::date(id, label.get(lang), &ctx.today.format("%Y-%m-%d").to_string())
}

/// A date as the forms write it (2026-10-08).
pub(crate) fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The options of a coded enum: its code saved, its label shown.
pub(crate) fn coded<E: Copy>(
    all: &[E],
    code: impl Fn(E) -> &'static str,
    label: impl Fn(E) -> &'static str,
) -> Vec<Opt> {
    all.iter().map(|e| Opt::new(code(*e), label(*e))).collect()
}

/// "主办 区住建局": an assignment as a choice shows it.
pub(crate) fn assignment_label(a: &AssignmentView, lang: crate::text::Lang) -> String {
    format!("{} {}", a.assignment.role.label(lang), a.unit_short)
}

/// The active assignments that pass `keep`, as options (code: the assignment id).
pub(crate) fn assignments(d: &ItemDetail, lang: crate::text::Lang, keep: impl Fn(&AssignmentView) -> bool) -> Vec<Opt> {
    active(d, keep).map(|a| Opt::new(a.assignment.id.to_string(), assignment_label(a, lang))).collect()
}

/// The active assignments that pass `keep`: lead and split units first, as clerks list them.
pub(crate) fn active(d: &ItemDetail, keep: impl Fn(&AssignmentView) -> bool) -> impl Iterator<Item = &AssignmentView> {
    let mut v: Vec<&AssignmentView> =
        d.assignments.iter().filter(|a| a.assignment.ended_on.is_none() && keep(a)).collect();
    v.sort_by_key(|a| Role::ALL.iter().position(|r| *r == a.assignment.role));
    v.into_iter()
}

/// The same, with the unit id as the code (for records kept per unit).
pub(crate) fn units_of(d: &ItemDetail, lang: crate::text::Lang, keep: impl Fn(&AssignmentView) -> bool) -> Vec<Opt> {
    active(d, keep).map(|a| Opt::new(a.assignment.unit_id.to_string(), assignment_label(a, lang))).collect()
}

/// `opts`, or why the dialog does not open when there are none.
pub(crate) fn need(opts: Vec<Opt>, none: T, lang: crate::text::Lang) -> Result<Vec<Opt>, String> {
    if opts.is_empty() {
        Err(tr(lang, none))
    } else {
        Ok(opts)
    }
}

/// A typed path: a leading ~ is the home folder, quotes around it are dropped.
pub(crate) fn typed_path(typed: &str) -> std::path::PathBuf {
    let t = typed.trim().trim_matches(['"', '\'']);
    match (t.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(t),
    }
}
