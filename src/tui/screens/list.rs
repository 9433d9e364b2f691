//! What the list screens share: a cursor over rows, and a table whose columns are sized by
//! display width, share what is left among the flexible ones (titles), and drop the least
//! important ones when the terminal is narrow.
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::width::{fit, fit_right, width};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The selected row of a list and the first row drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Applies a movement action over `len` rows with pages of `page`; false when the action
    /// is not a movement.
    pub fn step(&mut self, action: &Action, len: usize, page: usize) -> bool {
        let page = page.max(1);
        let last = len.saturating_sub(1);
        self.selected = match action {
            Action::MoveUp => self.selected.saturating_sub(1),
            Action::MoveDown => self.selected + 1,
            Action::PageUp => self.selected.saturating_sub(page),
            Action::PageDown => self.selected + page,
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        }
        .min(last);
        self.follow(len, page);
        true
    }

    /// Keeps the selection within `len` rows and on a page of `page` rows.
    pub fn follow(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// After the rows were read again: the selection stays on the row with the same key
    /// when it is still listed, else at the same position.
    pub fn keep<K: PartialEq>(&mut self, old: Option<K>, keys: impl Iterator<Item = K>) {
        let mut len = 0;
        let mut found = None;
        for (i, k) in keys.enumerate() {
            if found.is_none() && old.as_ref() == Some(&k) {
                found = Some(i);
            }
            len = i + 1;
        }
        if let Some(i) = found {
            self.selected = i;
        }
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// One cell: its text and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    /// Plain text.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), style: Style::new() }
    }

    /// Coloured text.
    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell { text: text.into(), style }
    }

    /// An item's number with its kind (建 26, 提 013): the two kinds number apart, so the
    /// number alone can name two items.
    pub fn number(kind: crate::domain::Kind, number: &str, lang: crate::text::Lang) -> Cell {
        Cell::new(format!("{} {number}", kind.tag(lang)))
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
    pub header: String,
    /// Widest cell allowed (a fixed column is as wide as its widest cell, up to this, and
    /// never narrower than its header).
    pub max: usize,
    /// Numbers: aligned right.
    pub right: bool,
    /// Takes a share of the width left over (titles, names).
    pub flex: bool,
    /// 0: always shown; higher numbers are dropped first when the table is too wide.
    pub drop: u8,
    /// The column the rows are sorted by: its header is highlighted.
    pub sorted: bool,
    /// A flexible column's narrowest width before other columns are dropped.
    pub min: usize,
}

impl Col {
    /// A fixed column as wide as its widest cell, up to `max`.
    pub fn fixed(header: &str, max: usize) -> Col {
        Col { header: header.to_string(), max, right: false, flex: false, drop: 0, sorted: false, min: FLEX_MIN }
    }

    /// A column that takes a share of the spare width.
    pub fn flex(header: &str) -> Col {
        Col { flex: true, ..Col::fixed(header, usize::MAX) }
    }

    /// Right-aligned.
    pub fn right(mut self) -> Col {
        self.right = true;
        self
    }

    /// Dropped, at `level`, when the table does not fit.
    pub fn drop(mut self, level: u8) -> Col {
        self.drop = level;
        self
    }

    /// The narrowest a flexible column gets before other columns are dropped.
    pub fn min(mut self, min: usize) -> Col {
        self.min = min;
        self
    }

    /// Marks the sort column.
    pub fn sorted(mut self, on: bool) -> Col {
        self.sorted = on;
        self
    }
}

/// The narrowest a flexible column gets before columns are dropped, unless it says otherwise.
const FLEX_MIN: usize = 8;

/// The width of each column in a table `total` cells wide; `None` for a dropped column.
/// Columns are one space apart.
pub fn widths(cols: &[Col], rows: &[Vec<Cell>], total: usize) -> Vec<Option<usize>> {
    let natural: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let cells = rows.iter().filter_map(|r| r.get(c)).map(|cell| width(&cell.text));
            // The header always shows whole; cells are cut at `max`.
            cells.fold(0, usize::max).min(col.max).max(width(&col.header))
        })
        .collect();
    let mut shown: Vec<bool> = vec![true; cols.len()];
    let need = |shown: &[bool]| {
        let n = shown.iter().filter(|s| **s).count();
        let fixed: usize = cols
            .iter()
            .zip(&natural)
            .zip(shown)
            .filter(|((_, _), s)| **s)
            .map(|((c, w), _)| if c.flex { c.min.min(*w) } else { *w })
            .sum();
        fixed + n.saturating_sub(1)
    };
    while need(&shown) > total {
        // The shown column with the highest drop level goes first (the rightmost of equals).
        let victim = (0..cols.len()).filter(|&c| shown[c] && cols[c].drop > 0).max_by_key(|&c| (cols[c].drop, c));
        match victim {
            Some(c) => shown[c] = false,
            None => break,
        }
    }
    let flex: Vec<usize> = (0..cols.len()).filter(|&c| shown[c] && cols[c].flex).collect();
    let fixed: usize = (0..cols.len()).filter(|&c| shown[c] && !cols[c].flex).map(|c| natural[c]).sum();
    let n = shown.iter().filter(|s| **s).count();
    let spare = total.saturating_sub(fixed + n.saturating_sub(1));
    let mut out: Vec<Option<usize>> = (0..cols.len()).map(|c| shown[c].then_some(natural[c])).collect();
    if !flex.is_empty() {
        let share = spare / flex.len();
        for (i, &c) in flex.iter().enumerate() {
            // The first flexible column (the title) gets the remainder.
            let extra = if i == 0 { spare - share * flex.len() } else { 0 };
            out[c] = Some((share + extra).max(1));
        }
    }
    out
}

/// One line of cells at the given widths.
fn line(cols: &[Col], cells: &[Cell], widths: &[Option<usize>], theme: Theme) -> Vec<Span<'static>> {
    let e = theme.ellipsis();
    let mut spans = Vec::new();
    for (c, col) in cols.iter().enumerate() {
        let Some(w) = widths[c] else { continue };
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        let cell = cells.get(c).cloned().unwrap_or_else(|| Cell::new(""));
        let text = theme.text(&cell.text);
        let text = if col.right { fit_right(&text, w, e) } else { fit(&text, w, e) };
        spans.push(Span::styled(text, cell.style));
    }
    spans
}

/// Draws a table in `area`: a header line, then the rows of a page around the cursor.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    cols: &[Col],
    rows: &[Vec<Cell>],
    cursor: Cursor,
    theme: Theme,
    empty: &str,
) {
    if area.height == 0 {
        return;
    }
    let total = usize::from(area.width);
    let widths = widths(cols, rows, total);
    let header: Vec<Cell> = cols
        .iter()
        .map(|c| {
            Cell::styled(c.header.clone(), if c.sorted { theme.header().patch(theme.key()) } else { theme.header() })
        })
        .collect();
    let mut lines = vec![Line::from(line(cols, &header, &widths, theme))];
    let page = usize::from(area.height - 1).max(1);
    let mut cur = cursor;
    cur.follow(rows.len(), page);
    if rows.is_empty() {
        lines.push(Line::styled(format!("  {empty}"), theme.dim()));
    }
    for (i, row) in rows.iter().enumerate().skip(cur.offset).take(page) {
        let l = Line::from(line(cols, row, &widths, theme));
        lines.push(if i == cur.selected { l.style(theme.selected()) } else { l });
    }
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_moves_within_the_rows_and_pages() {
        let mut c = Cursor::default();
        assert!(c.step(&Action::MoveDown, 10, 4));
        assert_eq!(c.selected, 1);
        c.step(&Action::PageDown, 10, 4);
        assert_eq!((c.selected, c.offset), (5, 2));
        c.step(&Action::Last, 10, 4);
        assert_eq!((c.selected, c.offset), (9, 6));
        c.step(&Action::MoveDown, 10, 4);
        assert_eq!(c.selected, 9);
        c.step(&Action::First, 10, 4);
        assert_eq!((c.selected, c.offset), (0, 0));
        assert!(!c.step(&Action::OpenEntry, 10, 4));
        c.step(&Action::Last, 0, 4);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    #[test]
    fn the_cursor_stays_on_the_same_row_after_a_reload() {
        let mut c = Cursor { selected: 2, offset: 0 };
        c.keep(Some(30), [10, 30, 40, 50].into_iter());
        assert_eq!(c.selected, 1);
        c.keep(Some(99), [10, 30].into_iter());
        assert_eq!(c.selected, 1, "gone: the same position, within the rows");
        c.keep(Some(99), std::iter::empty());
        assert_eq!(c.selected, 0);
    }

    #[test]
    fn narrow_tables_drop_the_least_important_columns_first() {
        let cols = vec![
            Col::fixed("编号", 6).right(),
            Col::flex("标题"),
            Col::fixed("期限", 10).drop(2),
            Col::fixed("单位", 8).drop(1),
        ];
        let rows = vec![vec![
            Cell::new("12"),
            Cell::new("关于加快老旧小区改造的提案"),
            Cell::new("2026-12-01"),
            Cell::new("区住建局"),
        ]];
        assert_eq!(widths(&cols, &rows, 80), [Some(4), Some(55), Some(10), Some(8)]);
        let w = widths(&cols, &rows, 30);
        assert_eq!(w[2], None, "the deadline goes first");
        assert_eq!(w[3], Some(8));
        assert_eq!(w.iter().flatten().sum::<usize>() + 2, 30, "what is shown fills the width");
        let w = widths(&cols, &rows, 15);
        assert_eq!((w[2], w[3]), (None, None));
    }
}
