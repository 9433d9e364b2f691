//! One field of a form and how the form's keys edit it.
use super::area::Area;
use super::pick::{Candidate, ListField};
use crate::domain::dates::parse_date;
use crate::text::Lang;
use crate::tui::input::Input;
use chrono::NaiveDate;

/// One option of a choice field: the code saved, the label shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub code: String,
    pub label: String,
}

impl Opt {
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Opt {
        Opt { code: code.into(), label: label.into() }
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text(Input),
    /// A date, typed in any form `dates::parse_date` reads (2026-10-08, 10-8, 2026年10月8日).
    Date(Input),
    /// Several lines (an item's text pasted from Word), with a caret and a selection.
    Area(Box<Area>),
    /// One of a few options; ← → or Space change it.
    Choice(Vec<Opt>, usize),
    /// A tick box; Space ticks.
    Toggle,
    /// Units or people picked by typing part of a name or its pinyin.
    List(ListField),
    /// Shown, not edited (the item's number and title on a reply form).
    Fixed(String),
}

/// A labelled field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The name the form's saving code reads it by.
    pub id: &'static str,
    pub label: String,
    pub kind: FieldKind,
    /// A tick box's state.
    pub on: bool,
    /// Shown after the field in grey (a format, what the rule says).
    pub hint: String,
    /// Changing it changes the form's computed lines (the deadlines of an assignment).
    pub affects_info: bool,
}

impl Field {
    fn of(id: &'static str, label: &str, kind: FieldKind) -> Field {
        Field { id, label: label.to_string(), kind, on: false, hint: String::new(), affects_info: false }
    }

    pub fn text(id: &'static str, label: &str, value: &str) -> Field {
        Field::of(id, label, FieldKind::Text(Input::new(value)))
    }

    pub fn date(id: &'static str, label: &str, value: &str) -> Field {
        Field::of(id, label, FieldKind::Date(Input::new(value)))
    }

    pub fn area(id: &'static str, label: &str, value: &str) -> Field {
        Field::of(id, label, FieldKind::Area(Box::new(Area::new(value))))
    }

    pub fn choice(id: &'static str, label: &str, opts: Vec<Opt>, selected: usize) -> Field {
        let i = selected.min(opts.len().saturating_sub(1));
        Field::of(id, label, FieldKind::Choice(opts, i))
    }

    pub fn toggle(id: &'static str, label: &str, on: bool) -> Field {
        Field { on, ..Field::of(id, label, FieldKind::Toggle) }
    }

    pub fn list(id: &'static str, label: &str, list: ListField) -> Field {
        Field::of(id, label, FieldKind::List(list))
    }

    pub fn fixed(id: &'static str, label: &str, value: impl Into<String>) -> Field {
        Field::of(id, label, FieldKind::Fixed(value.into()))
    }

    /// Adds a grey hint after the field.
    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = hint.into();
        self
    }

    /// Marks the field as one the form's computed lines depend on.
    pub fn affecting(mut self) -> Field {
        self.affects_info = true;
        self
    }

    /// Whether the focus skips it.
    pub fn read_only(&self) -> bool {
        matches!(self.kind, FieldKind::Fixed(_))
    }

    /// A text, date or multi-line field's text.
    pub fn text_value(&self) -> String {
        match &self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.value(),
            FieldKind::Area(a) => a.value(),
            FieldKind::Fixed(s) => s.clone(),
            FieldKind::Choice(o, i) => o.get(*i).map(|o| o.label.clone()).unwrap_or_default(),
            FieldKind::Toggle | FieldKind::List(_) => String::new(),
        }
    }

    /// A date field's date (`this_year` completes 3-5); an error naming the field when the
    /// text is not a date.
    pub fn date_value(&self, this_year: i32, lang: Lang) -> Result<Option<NaiveDate>, String> {
        let s = self.text_value();
        if s.trim().is_empty() {
            return Ok(None);
        }
        parse_date(s.trim(), this_year).map(Some).map_err(|e| format!("{}: {}", self.label, e.message(lang)))
    }

    /// The chosen option's code.
    pub fn choice_code(&self) -> &str {
        match &self.kind {
            FieldKind::Choice(o, i) => o.get(*i).map(|o| o.code.as_str()).unwrap_or(""),
            _ => "",
        }
    }

    /// Sets a choice field to the option with `code` (no change when there is none).
    pub fn set_choice(&mut self, code: &str) {
        if let FieldKind::Choice(o, i) = &mut self.kind {
            if let Some(p) = o.iter().position(|o| o.code == code) {
                *i = p;
            }
        }
    }

    /// A list field's picks.
    pub fn picks(&self) -> Option<&ListField> {
        match &self.kind {
            FieldKind::List(l) => Some(l),
            _ => None,
        }
    }

    /// A list field's picks, to change.
    pub fn picks_mut(&mut self) -> Option<&mut ListField> {
        match &mut self.kind {
            FieldKind::List(l) => Some(l),
            _ => None,
        }
    }

    fn cycle(&mut self, delta: isize) {
        match &mut self.kind {
            FieldKind::Choice(o, i) if !o.is_empty() => {
                *i = (*i as isize + delta).rem_euclid(o.len() as isize) as usize
            }
            FieldKind::Toggle => self.on = !self.on,
            FieldKind::List(l) => l.cycle_role(delta),
            _ => {}
        }
    }

    pub fn left(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.left(),
            FieldKind::Area(a) => a.left(false),
            FieldKind::List(l) if !l.query.is_empty() => l.query.left(),
            _ => self.cycle(-1),
        }
    }

    pub fn right(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.right(),
            FieldKind::Area(a) => a.right(false),
            FieldKind::List(l) if !l.query.is_empty() => l.query.right(),
            _ => self.cycle(1),
        }
    }

    pub fn home(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.home(),
            FieldKind::Area(a) => a.home(false),
            _ => {}
        }
    }

    pub fn end(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.end(),
            FieldKind::Area(a) => a.end(false),
            _ => {}
        }
    }

    /// The multi-line text of an area field, to move its caret and selection.
    pub fn area_mut(&mut self) -> Option<&mut Area> {
        match &mut self.kind {
            FieldKind::Area(a) => Some(a),
            _ => None,
        }
    }

    /// Whether nothing was typed or changed in it compared with `other` (the field as the
    /// form opened).
    pub fn same_value(&self, other: &Field) -> bool {
        match (&self.kind, &other.kind) {
            (FieldKind::List(a), FieldKind::List(b)) => a.picked == b.picked && a.query.is_empty(),
            _ => self.text_value() == other.text_value() && self.on == other.on,
        }
    }

    pub fn backspace(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.backspace(),
            FieldKind::Area(a) => a.backspace(),
            FieldKind::List(l) => l.backspace(),
            _ => {}
        }
    }

    pub fn delete(&mut self) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.delete(),
            FieldKind::Area(a) => a.delete(),
            FieldKind::List(l) => l.remove_current(),
            _ => {}
        }
    }

    /// Typed or pasted text. On a choice or tick box a space changes it; other text
    /// chooses the option whose label or code starts with it.
    pub fn insert(&mut self, s: &str) {
        match &mut self.kind {
            FieldKind::Text(i) | FieldKind::Date(i) => i.insert(s),
            FieldKind::Area(a) => a.insert(s),
            FieldKind::List(l) => l.type_text(s),
            FieldKind::Choice(o, i) => {
                if s == " " {
                    self.cycle(1);
                } else if let Some(p) =
                    o.iter().position(|o| o.label.starts_with(s.trim()) || o.code.starts_with(s.trim()))
                {
                    *i = p;
                }
            }
            FieldKind::Toggle => {
                if s == " " {
                    self.on = !self.on;
                }
            }
            FieldKind::Fixed(_) => {}
        }
    }

    /// ↓ ↑ inside the field (a list's matches or its picked rows); `false` when the
    /// movement should go to the next field instead.
    pub fn step(&mut self, delta: isize) -> bool {
        match &mut self.kind {
            FieldKind::List(l) => l.step(delta),
            FieldKind::Area(a) => a.step(delta, false),
            _ => false,
        }
    }

    /// Enter on a list with typed text picks the highlighted match; `false` otherwise.
    pub fn pick_selected(&mut self) -> bool {
        match &mut self.kind {
            FieldKind::List(l) => l.pick(),
            _ => false,
        }
    }

    /// Esc on a list with typed text clears the text; `false` otherwise.
    pub fn close_list(&mut self) -> bool {
        match &mut self.kind {
            FieldKind::List(l) if !l.query.is_empty() => {
                l.query = Input::default();
                true
            }
            _ => false,
        }
    }
}

/// Candidates for a list field from (id, label, other text to match).
pub fn candidates(rows: impl IntoIterator<Item = (i64, String, String)>) -> Vec<Candidate> {
    rows.into_iter().map(|(id, label, also)| Candidate::new(id, label, also)).collect()
}
