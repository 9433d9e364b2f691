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
use std::collections::HashMap;
use std::ops::Range;

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

/// A list of any size held as its row ids in order (8 bytes a row) and a window of rows
/// read around the page on screen, as the ledger holds its rows: the session reads the
/// window by id ([`super::load::fill`]) whenever the page or the selection leaves it; counts
/// come from the ids (or from SQL), never from the rows held.
#[derive(Debug, Clone)]
pub struct Paged<R, K = i64> {
    /// The ids of every row of the list, in order.
    pub ids: Vec<K>,
    /// The positions in `ids` whose rows are in `rows`.
    pub window: Range<usize>,
    /// The rows read, by id: those of positions `window` (and no others).
    pub rows: HashMap<K, R>,
}

impl<R, K> Default for Paged<R, K> {
    fn default() -> Self {
        Paged { ids: Vec::new(), window: 0..0, rows: HashMap::new() }
    }
}

/// Pages of rows read above and below the page on screen: a move of a page either way
/// reads nothing.
const WINDOW_PAGES: usize = 1;

impl<R, K: Copy + Eq + std::hash::Hash> Paged<R, K> {
    /// How many rows the list has.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The row at position `i`, when it is in the window.
    pub fn row(&self, i: usize) -> Option<&R> {
        if !self.window.contains(&i) {
            return None;
        }
        self.ids.get(i).and_then(|id| self.rows.get(id))
    }

    /// The id at position `i`.
    pub fn id(&self, i: usize) -> Option<K> {
        self.ids.get(i).copied()
    }

    /// Replaces the list's ids, keeping `cursor` on the same id when it is still listed
    /// (else at the same position). The window is emptied: the session reads it again.
    pub fn set_ids(&mut self, ids: Vec<K>, cursor: &mut Cursor) {
        let old = self.id(cursor.selected);
        cursor.keep(old, ids.iter().copied());
        self.ids = ids;
        self.window = 0..0;
        self.rows.clear();
    }

    /// The positions to read for the page at `cursor` (see [`window_needed`]).
    pub fn needed(&self, cursor: Cursor, page: usize) -> Option<Range<usize>> {
        window_needed(&self.window, self.ids.len(), cursor, page)
    }

    /// Takes the rows read for `range`, each with its id (a row no longer readable is
    /// missing and drawn blank).
    pub fn set_window(&mut self, range: Range<usize>, rows: impl IntoIterator<Item = (K, R)>) {
        self.rows = rows.into_iter().collect();
        self.window = range;
    }
}

/// The positions of a list of `len` rows to read when the page of `page` rows at `cursor`
/// (or its selection) is not all in `window`: that page and [`WINDOW_PAGES`] either side.
/// `None` when the window has them. The ledger's window and every [`Paged`] list use it.
pub fn window_needed(window: &Range<usize>, len: usize, cursor: Cursor, page: usize) -> Option<Range<usize>> {
    let page = page.max(1);
    let shown = cursor.offset.min(len)..(cursor.offset + page).min(len);
    let covered = |r: &Range<usize>| r.is_empty() || (window.start <= r.start && r.end <= window.end);
    let sel = cursor.selected.min(len)..(cursor.selected + 1).min(len);
    if covered(&shown) && covered(&sel) {
        return None;
    }
    let start = cursor.offset.min(cursor.selected).saturating_sub(page * WINDOW_PAGES);
    let end = (cursor.offset.max(cursor.selected) + page * (WINDOW_PAGES + 1)).min(len);
    Some(start.min(end)..end)
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
    let page = usize::from(area.height - 1).max(1);
    let mut cur = cursor;
    cur.follow(rows.len(), page);
    let widths = widths(cols, rows, usize::from(area.width));
    let shown = &rows[cur.offset.min(rows.len())..(cur.offset + page).min(rows.len())];
    draw_page(frame, area, cols, &widths, shown, cur, rows.len(), theme, empty);
}

/// Draws a paged list in `area` as [`draw`] does, from the rows of its window (`cells`
/// makes a row's cells; a row not in the window is drawn blank). Column widths follow the
/// rows of the window (the page and a page either side).
#[allow(clippy::too_many_arguments)]
pub fn draw_paged<R, K: Copy + Eq + std::hash::Hash>(
    frame: &mut Frame,
    area: Rect,
    cols: &[Col],
    list: &Paged<R, K>,
    cursor: Cursor,
    theme: Theme,
    empty: &str,
    cells: impl Fn(&R) -> Vec<Cell>,
) {
    if area.height == 0 {
        return;
    }
    let page = usize::from(area.height - 1).max(1);
    let mut cur = cursor;
    cur.follow(list.len(), page);
    let window: Vec<Vec<Cell>> = list.window.clone().filter_map(|i| list.row(i).map(&cells)).collect();
    let widths = widths(cols, &window, usize::from(area.width));
    let end = (cur.offset + page).min(list.len());
    let shown: Vec<Vec<Cell>> = (cur.offset..end).map(|i| list.row(i).map(&cells).unwrap_or_default()).collect();
    draw_page(frame, area, cols, &widths, &shown, cur, list.len(), theme, empty);
}

/// Draws the header and `shown`, the rows of the page from `cur.offset` of a list of `len`,
/// at `widths`.
#[allow(clippy::too_many_arguments)]
fn draw_page(
    frame: &mut Frame,
    area: Rect,
    cols: &[Col],
    widths: &[Option<usize>],
    shown: &[Vec<Cell>],
    cur: Cursor,
    len: usize,
    theme: Theme,
    empty: &str,
) {
    let header: Vec<Cell> = cols
        .iter()
        .map(|c| {
            Cell::styled(c.header.clone(), if c.sorted { theme.header().patch(theme.key()) } else { theme.header() })
        })
        .collect();
    let mut lines = vec![Line::from(line(cols, &header, widths, theme))];
    if len == 0 {
        lines.push(Line::styled(format!("  {empty}"), theme.dim()));
    }
    for (i, row) in shown.iter().enumerate() {
        let l = Line::from(line(cols, row, widths, theme));
        lines.push(if cur.offset + i == cur.selected { l.style(theme.selected()) } else { l });
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
