//! 批量销号: closing the marked entries (or every entry shown) in one save, and the report
//! of what it left open ([`Notice`], a form with nothing to save). The form itself, which
//! says beforehand what qualifies, is built by [`crate::tui::batch`].
use super::{Info, Task};
use crate::store::followup::closure::BatchClosure;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::forms::{Field, Form, SaveError, Saved};

fields! {
    /// 销号日期.
    On = "on",
}

/// Closing several entries at once: `items` are (id, version) pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseMany {
    items: Vec<(i64, i64)>,
}

impl CloseMany {
    /// The form over `items`, with the lines that say what qualifies.
    pub fn open(items: Vec<(i64, i64)>, title: String, info: Vec<Info>, today: &str, lang: Lang) -> Form {
        let on = Field::date(F::On.id(), &tr(lang, T::CloseEntryClosedOn), today);
        Form::new(super::Open::CloseMany(CloseMany { items }), title, vec![on]).with_info(info)
    }

    /// The (id, version) of each entry it closes (those that qualify when it saves).
    pub fn items(&self) -> &[(i64, i64)] {
        &self.items
    }
}

impl Task for CloseMany {
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let b = store.close_many(&self.items, form.required_date(F::On.id())?)?;
        let undo = store.closure_undo(&b.closed)?;
        Ok(Saved::Report(Box::new(report(store, &b, form.lang)?), Some(undo)))
    }
}

/// A report with nothing to save: Enter or Esc closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice;

impl Notice {
    /// A report titled `title` of the lines `info`.
    pub fn open(title: String, info: Vec<Info>) -> Form {
        Form::new(super::Open::Notice(Notice), title, Vec::new()).with_info(info)
    }
}

impl Task for Notice {
    const KEEPS_UNDO: bool = true;

    fn save(&self, _store: &mut Store, _form: &Form) -> Result<Saved, SaveError> {
        Ok(Saved::Done(String::new()))
    }
}

/// What a batch closure did: how many were closed, and each one left open with the first
/// checklist line it fails.
fn report(store: &Store, b: &BatchClosure, lang: Lang) -> Result<Form, SaveError> {
    let n = b.closed.len();
    let mut info = vec![(Some(true), say::closed_n(lang, n))];
    if !b.left.is_empty() {
        let n = b.left.len();
        info.push((None, say::left_open_n(lang, n)));
    }
    for (id, check) in &b.left {
        let d = store.item_draft(*id)?;
        let why = match check {
            Some(c) => c.label(lang).to_string(),
            None => tr(lang, T::CloseManyChangedBySomeoneElse),
        };
        info.push((Some(false), format!("{} {} — {why}", d.number, d.title)));
    }
    Ok(Notice::open(tr(lang, T::CloseManyBatchClosure), info))
}
