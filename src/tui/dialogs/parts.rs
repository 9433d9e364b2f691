//! What the dialogs share: reading a choice as an id or a code (an unreadable one is an
//! error naming the field, never a default) and the date field every dialog has.
use crate::tui::app::Context;
use crate::tui::forms::draw::tr;
use crate::tui::forms::{Field, Form, SaveError};

/// "Choose {label}": what a save says when a choice cannot be read.
fn unreadable(form: &Form, id: &str) -> SaveError {
    let label = form.field(id).map(|f| f.label.clone()).unwrap_or_else(|| id.to_string());
    SaveError::Input(tr(form.lang, &format!("请选择{label}"), &format!("choose {label}")))
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
pub(super) fn chosen<T>(form: &Form, id: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, SaveError> {
    parse(&form.choice(id)).ok_or_else(|| unreadable(form, id))
}

/// A date field, today's date typed in.
pub(super) fn today(id: &'static str, ctx: &Context, lang: crate::text::Lang, zh: &str, en: &str) -> Field {
    Field::date(id, &tr(lang, zh, en), &ctx.today.format("%Y-%m-%d").to_string())
}
