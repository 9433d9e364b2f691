//! The generic form widget: every dialog that records something (交办, 签收, 沟通, 面复,
//! 答复, 审核, 满意度, 销号, 立案, new and edited items…, one file each in
//! [`crate::tui::dialogs`]) shows a [`Form`]: a title, lines of information computed from
//! the ledger (a checklist, deadlines), and fields. The keys are the same in every form:
//! Tab / Shift-Tab (or ↓ ↑) move between fields, ← → move the caret or change a choice,
//! Space ticks a box, Enter saves, Esc cancels. A failed save keeps everything typed.
//!
//! | module | holds |
//! |---|---|
//! | [`area`] | a multi-line text: caret, selection, rows broken by Chinese typesetting rules |
//! | [`field`] | one field: text, date, multi-line text, choice, tick box, list picked from |
//! | [`pick`] | a list field's fuzzy matching over names, short names and pinyin |
//! | [`draw`] | drawing a form |
//! | [`saved`] | what a save did, or why it did not |
pub mod area;
pub mod draw;
pub mod field;
pub mod pick;
pub mod saved;

use super::action::Action;
use super::dialogs::Open;
use crate::store::detail::HistoryRow;
use crate::text::{say, tr, Lang, T};
use chrono::NaiveDate;
pub use field::{Field, FieldKind, Opt};
pub use saved::{SaveError, Saved};

/// A save that lost a race: what the other clerk saved since the form was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The item's version now.
    pub version: i64,
    /// The other clerks' changes since the form was opened (from the audit log).
    pub theirs: Vec<HistoryRow>,
}

/// An open form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The dialog it belongs to, with its typed state: what a save records.
    pub dialog: Open,
    pub title: String,
    /// Lines computed from the ledger, shown above the fields: a checklist line is ticked
    /// (`Some(true)`) or not (`Some(false)`); a plain line (a deadline, the rule) is `None`.
    pub info: Vec<(Option<bool>, String)>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last save failed; the form stays open with everything typed.
    pub error: Option<String>,
    pub conflict: Option<Conflict>,
    /// How many history rows the item had when the form was opened (a conflict shows the
    /// rows after them).
    pub seen: usize,
    /// The UI language, for the form's own messages.
    pub lang: Lang,
    /// The year a month-day date (3-5) falls in.
    pub this_year: i32,
    /// Text cut or copied in a multi-line field, for the terminal's clipboard (OSC 52).
    pub clipboard: Option<String>,
    /// The fields as the form opened: Esc asks first when something differs.
    pub opened: Vec<Field>,
    /// Esc (`Back`) or Ctrl-C (`Quit`) was pressed on a form with typed text and the form
    /// asked first: the same key again leaves, any other key goes on editing.
    pub confirm: Option<Action>,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Still editing.
    Editing,
    /// Enter: save it.
    Submit,
    /// Esc: close without saving.
    Cancel,
    /// After a conflict: read the item again and drop what was typed.
    Reload,
    /// After a conflict: save what was typed on top of the other clerk's version.
    Reapply,
    /// A field whose derived lines depend on the ledger changed (deadlines to recompute).
    Changed,
}

impl Form {
    /// A form with `fields`, the first editable one focused.
    pub fn new(dialog: Open, title: impl Into<String>, fields: Vec<Field>) -> Form {
        let focus = fields.iter().position(|f| !f.read_only()).unwrap_or(0);
        let fields_now = fields.clone();
        Form {
            dialog,
            title: title.into(),
            info: Vec::new(),
            fields,
            focus,
            error: None,
            conflict: None,
            seen: 0,
            lang: Lang::Zh,
            this_year: chrono::Datelike::year(&chrono::Local::now().date_naive()),
            clipboard: None,
            opened: fields_now,
            confirm: None,
        }
    }

    /// Adds information lines.
    pub fn with_info(mut self, info: Vec<(Option<bool>, String)>) -> Form {
        self.info = info;
        self
    }

    /// The field with `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The field with `id`, to change.
    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// A text field's trimmed value ("" when there is no such field).
    pub fn text(&self, id: &str) -> String {
        self.field(id).map(|f| f.text_value().trim().to_string()).unwrap_or_default()
    }

    /// A date field's date: `Ok(None)` when empty, an error naming the field when it is not a date.
    pub fn date(&self, id: &str) -> Result<Option<NaiveDate>, String> {
        self.field(id).map_or(Ok(None), |f| f.date_value(self.this_year, self.lang))
    }

    /// A required date field's date.
    pub fn required_date(&self, id: &str) -> Result<NaiveDate, String> {
        let f = self.field(id).ok_or_else(|| id.to_string())?;
        let missing = say::fill_in(self.lang, &f.label);
        f.date_value(self.this_year, self.lang)?.ok_or(missing)
    }

    /// The code of a choice field's chosen option.
    pub fn choice(&self, id: &str) -> String {
        self.field(id).map(|f| f.choice_code().to_string()).unwrap_or_default()
    }

    /// Whether a tick box is ticked.
    pub fn ticked(&self, id: &str) -> bool {
        self.field(id).is_some_and(|f| f.on)
    }

    /// Whether something was typed or changed since the form opened.
    pub fn is_touched(&self) -> bool {
        self.fields.len() != self.opened.len() || self.fields.iter().zip(&self.opened).any(|(a, b)| !a.same_value(b))
    }

    /// Esc or Ctrl-C (`leave`) on a form: `true` when the form asks first (something was
    /// typed and the key was not just pressed), `false` when it may close.
    pub fn ask_before_leaving(&mut self, leave: &Action) -> bool {
        if self.confirm.as_ref() == Some(leave) || !self.is_touched() || matches!(self.dialog, Open::Notice(_)) {
            return false;
        }
        let said = if *leave == Action::Quit { T::FormNotSavedQuit } else { T::FormNotSavedBack };
        self.error = Some(tr(self.lang, said));
        self.confirm = Some(leave.clone());
        true
    }

    /// After a failed save: the focus goes to the field the message names, the one whose
    /// label shares the longest piece with it (at least two Chinese characters or four
    /// letters: 请至少选择一位提出人(第一位为领衔人) names 领衔人及附议人), so the next keys
    /// correct it. Without such a field the focus stays.
    pub fn focus_named(&mut self, msg: &str) {
        let mut best: Option<(usize, usize)> = None;
        for (i, f) in self.fields.iter().enumerate().filter(|(_, f)| !f.read_only()) {
            let shared = common_width(f.label.trim(), msg);
            if shared >= 4 && best.is_none_or(|(w, _)| shared > w) {
                best = Some((shared, i));
            }
        }
        if let Some((_, i)) = best {
            self.focus = i;
        }
    }

    /// Shows why a save failed and puts the focus on the field it names.
    pub fn fail(&mut self, msg: String) {
        self.focus_named(&msg);
        self.error = Some(msg);
    }

    fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        let mut i = self.focus;
        for _ in 0..n {
            i = if forward { (i + 1) % n } else { (i + n - 1) % n };
            if !self.fields[i].read_only() {
                self.focus = i;
                return;
            }
        }
    }

    /// Applies one action; says whether to save, cancel or keep editing.
    pub fn handle(&mut self, action: &Action) -> FormEvent {
        if self.conflict.is_some() {
            // While the conflict is shown only its three answers count.
            return match action {
                Action::Submit => FormEvent::Reapply,
                Action::ReloadItem => FormEvent::Reload,
                Action::Back => FormEvent::Cancel,
                _ => FormEvent::Editing,
            };
        }
        let Some(f) = self.fields.get_mut(self.focus) else {
            return match action {
                Action::Submit => FormEvent::Submit,
                Action::Back => FormEvent::Cancel,
                _ => FormEvent::Editing,
            };
        };
        let before = f.clone();
        if self.confirm.is_some() && self.confirm.as_ref() != Some(action) {
            self.confirm = None;
            // Another key after "not saved, Esc again": go on editing.
            self.error = None;
        }
        match action {
            Action::Back => {
                if f.close_list() {
                    return FormEvent::Editing;
                }
                if self.ask_before_leaving(action) {
                    return FormEvent::Editing;
                }
                return FormEvent::Cancel;
            }
            Action::Submit => {
                if f.pick_selected() {
                    self.error = None;
                    return FormEvent::Changed;
                }
                return FormEvent::Submit;
            }
            Action::NextField => self.move_focus(true),
            Action::PrevField => self.move_focus(false),
            Action::MoveDown => {
                if !f.step(1) {
                    self.move_focus(true)
                }
            }
            Action::MoveUp => {
                if !f.step(-1) {
                    self.move_focus(false)
                }
            }
            Action::CursorLeft => f.left(),
            Action::CursorRight => f.right(),
            Action::First => f.home(),
            Action::Last => f.end(),
            Action::DeleteChar => f.backspace(),
            Action::DeleteForward => f.delete(),
            Action::NewLine => f.insert("\n"),
            Action::SelectLeft | Action::SelectRight | Action::SelectUp | Action::SelectDown | Action::SelectAll => {
                if let Some(a) = f.area_mut() {
                    match action {
                        Action::SelectLeft => a.left(true),
                        Action::SelectRight => a.right(true),
                        Action::SelectUp => _ = a.step(-1, true),
                        Action::SelectDown => _ = a.step(1, true),
                        _ => a.select_all(),
                    }
                }
            }
            Action::CutText | Action::CopyText => {
                if let Some(a) = f.area_mut() {
                    let taken = if *action == Action::CutText { a.cut() } else { a.copy() };
                    if let Some(t) = taken {
                        self.clipboard = Some(t);
                    }
                }
            }
            Action::PasteText => {
                if let Some(t) = self.clipboard.clone() {
                    if let Some(f) = self.fields.get_mut(self.focus) {
                        f.insert(&t);
                    }
                }
            }
            Action::InsertChar(c) => f.insert(&c.to_string()),
            Action::Paste(s) => f.insert(s),
            _ => return FormEvent::Editing,
        }
        let changed = self.fields.get(self.focus).is_some_and(|f| *f != before && f.affects_info);
        if changed {
            FormEvent::Changed
        } else {
            FormEvent::Editing
        }
    }
}

/// The display width of the longest piece `a` and `b` share.
fn common_width(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let mut best = 0;
    for i in 0..a.len() {
        for j in (i + 1)..=a.len() {
            let piece: String = a[i..j].iter().collect();
            if !b.contains(&piece) {
                break;
            }
            best = best.max(crate::tui::width::width(&piece));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact_like() -> Form {
        Form::new(
            // Any dialog but a notice (which has nothing to lose on Esc).
            Open::Export(crate::tui::dialogs::export::Export),
            "沟通",
            vec![
                Field::choice("stage", "阶段", vec![Opt::new("before", "办前"), Opt::new("during", "办中")], 0),
                Field::date("on", "日期", "2026-09-20"),
                Field::text("notes", "内容", ""),
                Field::toggle("office", "三方面复", false),
            ],
        )
    }

    #[test]
    fn tab_moves_and_wraps_and_keys_edit_the_focused_field() {
        let mut f = contact_like();
        assert_eq!(f.focus, 0);
        f.handle(&Action::CursorRight);
        assert_eq!(f.choice("stage"), "during");
        f.handle(&Action::PrevField);
        assert_eq!(f.focus, 3);
        f.handle(&Action::InsertChar(' '));
        assert!(f.ticked("office"));
        f.handle(&Action::NextField);
        f.handle(&Action::NextField);
        for _ in 0..10 {
            f.handle(&Action::DeleteChar);
        }
        f.handle(&Action::Paste("２０２６年10月8日".into()));
        assert_eq!(f.date("on"), Ok(NaiveDate::from_ymd_opt(2026, 10, 8)));
        f.handle(&Action::NextField);
        f.handle(&Action::Paste("电话沟通\n同意".into()));
        assert_eq!(f.text("notes"), "电话沟通 同意");
        assert_eq!(f.handle(&Action::Submit), FormEvent::Submit);
        // Something was typed: Esc asks first, a second Esc leaves.
        assert_eq!(f.handle(&Action::Back), FormEvent::Editing);
        assert!(f.error.as_deref().is_some_and(|e| e.contains("尚未保存")));
        assert_eq!(f.handle(&Action::Back), FormEvent::Cancel);
    }

    #[test]
    fn a_bad_date_names_its_field() {
        let mut f = contact_like();
        f.focus = 1;
        f.handle(&Action::InsertChar('x'));
        let e = f.date("on").unwrap_err();
        assert!(e.contains("日期"), "{e}");
    }

    #[test]
    fn a_failed_save_focuses_the_field_its_message_names() {
        let mut f = contact_like();
        f.fail("日期: 不是日期".into());
        assert_eq!(f.fields[f.focus].id, "on");
        f.fail("请填写三方面复的理由".into());
        assert_eq!(f.fields[f.focus].id, "office");
        f.fail("数据库正忙".into());
        assert_eq!(f.fields[f.focus].id, "office", "no field named: the focus stays");
        assert_eq!(f.error.as_deref(), Some("数据库正忙"));
    }

    #[test]
    fn a_conflict_takes_only_its_answers() {
        let mut f = contact_like();
        f.conflict = Some(Conflict { version: 4, theirs: Vec::new() });
        assert_eq!(f.handle(&Action::InsertChar('a')), FormEvent::Editing);
        assert_eq!(f.handle(&Action::Submit), FormEvent::Reapply);
        assert_eq!(f.handle(&Action::ReloadItem), FormEvent::Reload);
    }
}
