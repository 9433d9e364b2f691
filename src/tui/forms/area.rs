//! A multi-line text field (reply text, commitments, notes): ratatui-textarea keeps the
//! text, the caret and the selection; rows are broken where Chinese typesetting allows
//! ([`width::break_ranges`]), and ↑ ↓ move by the rows as drawn.
use crate::tui::width;
use ratatui_textarea::{CursorMove, TextArea};
use std::cell::Cell;

/// One drawn row of an [`Area`]: a piece of logical line `line`, characters `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A multi-line text with a caret and a selection.
#[derive(Debug, Clone)]
pub struct Area {
    ta: TextArea<'static>,
    /// The width the field was last drawn at (↑ ↓ move by its rows).
    drawn_width: Cell<usize>,
    /// The first row shown.
    top: Cell<usize>,
}

impl PartialEq for Area {
    fn eq(&self, other: &Area) -> bool {
        self.ta.lines() == other.ta.lines()
            && self.ta.cursor() == other.ta.cursor()
            && self.ta.selection_range() == other.ta.selection_range()
    }
}

impl Eq for Area {}

impl Default for Area {
    fn default() -> Area {
        Area::new("")
    }
}

/// Line breaks as one `\n`; other control characters (a tab too) as a space.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| if c != '\n' && c.is_control() { ' ' } else { c })
        .collect()
}

impl Area {
    /// A field holding `value`, the caret at its end.
    pub fn new(value: &str) -> Area {
        let lines: Vec<String> = clean(value).split('\n').map(str::to_string).collect();
        let mut ta = TextArea::new(lines);
        ta.move_cursor(CursorMove::Bottom);
        ta.move_cursor(CursorMove::End);
        Area { ta, drawn_width: Cell::new(40), top: Cell::new(0) }
    }

    /// The text, lines joined by `\n`.
    pub fn value(&self) -> String {
        self.ta.lines().join("\n")
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.ta.lines().iter().all(|l| l.is_empty())
    }

    /// The caret: (logical line, character).
    pub fn caret(&self) -> (usize, usize) {
        let c = self.ta.cursor();
        (c.0, c.1)
    }

    /// The selection, from its first character to after its last: ((line, char), (line, char)).
    pub fn selection(&self) -> Option<((usize, usize), (usize, usize))> {
        self.ta.selection_range().filter(|(a, b)| a != b)
    }

    /// Typed or pasted text at the caret, replacing the selection.
    pub fn insert(&mut self, s: &str) {
        self.ta.insert_str(clean(s));
    }

    /// Backspace: the selection, or the character before the caret (joining lines at a
    /// line's start).
    pub fn backspace(&mut self) {
        self.ta.delete_char();
    }

    /// Delete: the selection, or the character at the caret.
    pub fn delete(&mut self) {
        if !self.ta.cut() {
            self.ta.delete_next_char();
        }
    }

    fn go(&mut self, m: CursorMove, select: bool) {
        if select {
            if self.ta.selection_range().is_none() {
                self.ta.start_selection();
            }
        } else {
            self.ta.cancel_selection();
        }
        self.ta.move_cursor(m);
    }

    pub fn left(&mut self, select: bool) {
        self.go(CursorMove::Back, select)
    }

    pub fn right(&mut self, select: bool) {
        self.go(CursorMove::Forward, select)
    }

    /// To the start of the drawn row.
    pub fn home(&mut self, select: bool) {
        let (line, col) = self.caret();
        let rows = self.rows(self.drawn_width.get());
        let start = rows.iter().rev().find(|r| r.line == line && r.start <= col).map_or(0, |r| r.start);
        self.go(jump(line, start), select)
    }

    /// To the end of the drawn row.
    pub fn end(&mut self, select: bool) {
        let (line, col) = self.caret();
        let rows = self.rows(self.drawn_width.get());
        let i = caret_row(&rows, line, col);
        let r = &rows[i];
        let last = rows.get(i + 1).is_none_or(|n| n.line != r.line);
        // Before a wrapped row's last character, so the caret stays on this row.
        let end = if last { r.end } else { r.end.saturating_sub(1).max(r.start) };
        self.go(jump(line, end), select)
    }

    /// ↑ or ↓ by a drawn row, to the cell nearest the caret's; `false` at the first or last
    /// row (the form moves to the field before or after).
    pub fn step(&mut self, delta: isize, select: bool) -> bool {
        let rows = self.rows(self.drawn_width.get());
        let (line, col) = self.caret();
        let i = caret_row(&rows, line, col);
        let Some(to) = i.checked_add_signed(delta).filter(|&t| t < rows.len()) else {
            if select {
                // Shift-↑ on the first row selects to the start, Shift-↓ on the last to the end.
                self.go(if delta < 0 { CursorMove::Top } else { CursorMove::Bottom }, true);
                self.go(if delta < 0 { CursorMove::Head } else { CursorMove::End }, true);
                return true;
            }
            return false;
        };
        let x = cells_before(&rows[i], col);
        let r = &rows[to];
        let mut used = 0;
        let mut at = r.start;
        for c in r.text.chars() {
            let cw = width::width(&c.to_string());
            if used + cw > x {
                break;
            }
            used += cw;
            at += 1;
        }
        let last = rows.get(to + 1).is_none_or(|n| n.line != r.line);
        let at = if last { at.min(r.end) } else { at.min(r.end.saturating_sub(1)).max(r.start) };
        self.go(jump(r.line, at), select);
        true
    }

    /// Selects everything.
    pub fn select_all(&mut self) {
        self.ta.select_all();
    }

    /// The selected text, taken out (Ctrl-X); `None` without a selection.
    pub fn cut(&mut self) -> Option<String> {
        self.selection()?;
        self.ta.cut();
        Some(self.ta.yank_text())
    }

    /// The selected text (copied, not taken out); `None` without a selection.
    pub fn copy(&mut self) -> Option<String> {
        self.selection()?;
        self.ta.copy();
        Some(self.ta.yank_text())
    }

    /// The rows as drawn `w` cells wide.
    pub fn rows(&self, w: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        for (n, line) in self.ta.lines().iter().enumerate() {
            let starts: Vec<usize> = line.char_indices().map(|(b, _)| b).collect();
            let char_at = |b: usize| starts.partition_point(|&s| s < b);
            for (a, b) in width::break_ranges(line, w) {
                rows.push(Row { line: n, start: char_at(a), end: char_at(b), text: line[a..b].to_string() });
            }
        }
        rows
    }

    /// Lays the field out `w` cells wide and `h` rows high: the rows shown (scrolled so the
    /// caret is in view) and the caret's (row among them, cell).
    pub fn view(&self, w: usize, h: usize) -> (Vec<Row>, (usize, usize)) {
        self.drawn_width.set(w);
        let rows = self.rows(w);
        let (line, col) = self.caret();
        let i = caret_row(&rows, line, col);
        let h = h.max(1);
        let mut top = self.top.get().min(rows.len().saturating_sub(1));
        if i < top {
            top = i;
        } else if i >= top + h {
            top = i + 1 - h;
        }
        self.top.set(top);
        let x = cells_before(&rows[i], col).min(w.saturating_sub(1));
        (rows.into_iter().skip(top).take(h).collect(), (i - top, x))
    }
}

fn jump(line: usize, col: usize) -> CursorMove {
    CursorMove::Jump(line.min(u16::MAX as usize) as u16, col.min(u16::MAX as usize) as u16)
}

/// The row holding the caret: the last row of its line starting at or before it.
fn caret_row(rows: &[Row], line: usize, col: usize) -> usize {
    rows.iter().rposition(|r| r.line == line && r.start <= col).unwrap_or(0)
}

/// The cells before character `col` on `row`.
fn cells_before(row: &Row, col: usize) -> usize {
    width::width(&row.text.chars().take(col.saturating_sub(row.start)).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_in_the_middle_is_corrected_at_the_caret() {
        let mut a = Area::new("经研究，我局将于明年完成改早。");
        // ← twice: before 早。
        a.left(false);
        a.left(false);
        a.delete();
        a.insert("造");
        assert_eq!(a.value(), "经研究，我局将于明年完成改造。");
        a.delete();
        assert_eq!(a.value(), "经研究，我局将于明年完成改造");
    }

    #[test]
    fn a_selection_is_replaced_by_typing_and_cut() {
        let mut a = Area::new("第一行\n第二行");
        a.home(false);
        a.right(true);
        a.right(true);
        assert_eq!(a.selection(), Some(((1, 0), (1, 2))));
        a.insert("下");
        assert_eq!(a.value(), "第一行\n下行");
        a.step(-1, false);
        a.end(true);
        assert_eq!(a.cut().as_deref(), Some("一行"));
        assert_eq!(a.value(), "第\n下行");
        assert_eq!(a.copy(), None);
    }

    #[test]
    fn pasted_line_breaks_become_lines_and_backspace_joins_them() {
        let mut a = Area::default();
        a.insert("2026-06-30 完成改造\r\n2026-12-31\t验收");
        assert_eq!(a.value(), "2026-06-30 完成改造\n2026-12-31 验收");
        a.home(false);
        a.backspace();
        assert_eq!(a.value(), "2026-06-30 完成改造2026-12-31 验收");
    }

    #[test]
    fn up_and_down_move_by_drawn_rows_and_leave_at_the_ends() {
        let mut a = Area::new("关于加快老旧小区改造，完善配套设施的答复");
        let (shown, caret) = a.view(10, 3);
        let all = a.rows(10);
        assert!(all.len() > 3, "{all:?}");
        assert!(all.iter().all(|r| !r.text.starts_with('，')), "{all:?}");
        // Scrolled to the caret, which is on the last row, after its last character.
        assert_eq!(shown.last(), all.last());
        assert_eq!(caret.0, 2);
        let row_of = |a: &Area| caret_row(&a.rows(10), a.caret().0, a.caret().1);
        assert_eq!(row_of(&a), all.len() - 1);
        assert!(a.step(-1, false));
        assert_eq!(row_of(&a), all.len() - 2);
        assert!(a.step(1, false));
        assert!(!a.step(1, false), "the last row: the form moves to the next field");
        let mut one = Area::new("一行");
        assert!(!one.step(-1, false));
        // Shift-↑ on the first row selects to the start.
        assert!(one.step(-1, true));
        assert_eq!(one.selection(), Some(((0, 0), (0, 2))));
    }
}
