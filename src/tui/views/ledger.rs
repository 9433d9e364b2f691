//! The ledger (台账): one row per item, every cell cut and padded by display width, written
//! straight into the frame's buffer ([`super::cells`]).
use super::cells::Row;
use super::Regions;
use crate::domain::Status;
use crate::store::ledger::{LedgerRow, Sort};
use crate::text::{Lang, T};
use crate::tui::app::App;
use crate::tui::columns::{self, Column};
use crate::tui::theme::Theme;
use crate::tui::width::{fit, fit_right, width};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::borrow::Cow;

/// The days-left text of a deadline and how to colour it: overdue red, due within
/// `due_soon_days` yellow.
pub fn deadline_cell(
    due: Option<NaiveDate>,
    status: Status,
    today: NaiveDate,
    soon: u32,
    lang: Lang,
    theme: Theme,
) -> (String, Style) {
    let Some(due) = due.filter(|_| status.is_open()) else { return (theme.dash().to_string(), Style::new()) };
    let days = (due - today).num_days();
    let n = days.unsigned_abs().to_string();
    if days < 0 {
        (T::DaysOver.get(lang).replace("{n}", &n), theme.overdue())
    } else if days == 0 {
        (T::DueToday.get(lang).to_string(), theme.overdue())
    } else if days <= i64::from(soon) {
        (T::DaysLeft.get(lang).replace("{n}", &n), theme.due_soon())
    } else {
        (T::DaysLeft.get(lang).replace("{n}", &n), Style::new())
    }
}

/// The marker column ("*" for marked rows) and the space after it.
const MARK: usize = 2;

/// One cell's text and style; the number is drawn to the right.
fn cell<'a>(app: &'a App, col: Column, r: &'a LedgerRow) -> (Cow<'a, str>, Style) {
    let (lang, t) = (app.lang, app.theme);
    let cells = app.ledger.cells.get(&r.id);
    let dash = || Cow::Borrowed(t.dash());
    let text = match col {
        Column::Number => Cow::Borrowed(r.number.as_str()),
        Column::Meeting => t.text(app.meeting_name(r.meeting_id)),
        Column::Kind => Cow::Borrowed(r.kind.tag(lang)),
        Column::Title => t.text(&r.title),
        Column::Lead => t.text(&r.lead_name),
        Column::Units => t.text(&r.units_label),
        Column::CoUnits => cells
            .filter(|c| !c.co_units.is_empty())
            .map_or_else(dash, |c| Cow::Owned(t.text(&c.co_units.join("、")).into_owned())),
        Column::Due => {
            let (text, style) = deadline_cell(r.due_on, r.status, app.ctx.today, app.ctx.rules.due_soon_days, lang, t);
            return (Cow::Owned(text), style);
        }
        Column::Key => Cow::Borrowed(if r.key { T::ColKey.get(lang) } else { "" }),
        Column::Doc => cells
            .filter(|c| !c.docs.is_empty())
            .map_or_else(dash, |c| Cow::Owned(t.text(&c.docs.join("、")).into_owned())),
        Column::Result => cells.and_then(|c| c.class.as_deref()).map_or_else(dash, Cow::Borrowed),
        Column::Satisfaction => cells.and_then(|c| c.satisfaction).map_or_else(dash, |s| Cow::Borrowed(s.label(lang))),
        Column::Status => Cow::Borrowed(r.status.label(lang)),
    };
    (text, Style::new())
}

/// The widest a column's natural width is taken to be: a long title or unit list still
/// leaves room for the rest.
fn cap(col: Column, lang: Lang) -> usize {
    match col {
        Column::Number => 8,
        Column::Kind => 4,
        Column::Status if lang == Lang::Zh => 8,
        Column::Status => 17,
        Column::Due => 10,
        _ => 80,
    }
}

/// The widths for a table `total` cells wide showing the rows whose cells are `cells`.
/// Only the rows on screen are measured: measuring every row cost 15 ms a frame at 100k
/// items.
fn column_widths(total: usize, app: &App, cells: &[Vec<(Cow<str>, Style)>]) -> Vec<usize> {
    let lang = app.lang;
    let cols = app.ledger.shown_columns();
    let natural: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let widths = cells.iter().map(|row| width(&row[i].0));
            widths.fold(width(c.header().get(lang)), usize::max).min(cap(c, lang))
        })
        .collect();
    columns::widths(total.saturating_sub(MARK), cols, &natural)
}

/// The sort order's name.
fn sort_label(sort: Sort, lang: Lang) -> &'static str {
    match sort {
        Sort::Number => T::SortNumber,
        Sort::Deadline => T::SortDeadline,
        Sort::Status => T::SortStatus,
    }
    .get(lang)
}

/// The active filters, as the title line lists them ("提案 · 区政协十五届二次会议 · 逾期").
pub fn filter_labels(app: &App) -> Vec<String> {
    let f = &app.ledger.filter;
    let lang = app.lang;
    let mut out = Vec::new();
    if let Some(k) = f.kind {
        out.push(k.label(lang).to_string());
    }
    if let Some(m) = f.meeting {
        out.push(app.meeting_name(m).to_string());
    }
    if let Some(s) = f.status {
        out.push(s.label(lang).to_string());
    }
    if let Some(u) = f.unit {
        out.push(app.unit_short(u).to_string());
    }
    if f.ids.is_some() {
        let label = &app.ledger.ids_label;
        out.push(if label.is_empty() { T::ModeSearch.get(lang).to_string() } else { label.clone() });
    }
    if f.overdue {
        out.push(T::FilterOverdue.get(lang).to_string());
    }
    if f.include_closed {
        out.push(T::FilterWithClosed.get(lang).to_string());
    }
    if f.key_item {
        out.push(T::FilterKeyItems.get(lang).to_string());
    }
    if f.leader {
        out.push(T::FilterLeaderCases.get(lang).to_string());
    }
    out
}

fn title_line(app: &App) -> String {
    let lang = app.lang;
    let dot = app.theme.dot();
    let l = &app.ledger;
    let filters = filter_labels(app);
    let filters = if filters.is_empty() { T::NoFilter.get(lang).to_string() } else { filters.join(dot) };
    let mut parts = vec![
        format!(
            "{} {}",
            T::LedgerTitle.get(lang),
            T::CountItems.get(lang).replace("{n}", &format!("{}{}", l.len(), if l.partial { "+" } else { "" }))
        ),
        format!("{}{}", T::Filters.get(lang), filters),
        format!("{}{}", T::SortBy.get(lang), sort_label(l.sort, lang)),
    ];
    if !l.marked.is_empty() {
        parts.push(T::Marked.get(lang).replace("{n}", &l.marked.len().to_string()));
    }
    parts.join(dot)
}

/// Where a row of the table goes (line `y`) and whose it is.
struct RowAt {
    y: u16,
    id: i64,
    selected: bool,
}

/// Writes one row of the table at its line of `area`, straight into the buffer.
fn write_row(buf: &mut Buffer, area: Rect, at: RowAt, app: &App, widths: &[usize], cells: &[(Cow<str>, Style)]) {
    let RowAt { y, id, selected } = at;
    let t = app.theme;
    let e = t.ellipsis();
    let marked = app.ledger.marked.contains(&id);
    let base = if selected {
        t.selected()
    } else if marked {
        t.marked()
    } else {
        Style::new()
    };
    let mut row = Row::new(buf, area, y, base);
    row.text(if marked { "* " } else { "  " }, t.marked());
    let mut first = true;
    let shown = app.ledger.shown_columns().iter().zip(widths).zip(cells).filter(|((_, w), _)| **w > 0);
    for ((&col, &w), (text, style)) in shown {
        if !std::mem::take(&mut first) {
            row.text(" ", Style::new());
        }
        row.fit(text, w, e, *style, col == Column::Number);
    }
}

fn header_line(app: &App, widths: &[usize]) -> Line<'static> {
    let (lang, e) = (app.lang, app.theme.ellipsis());
    let cells: Vec<String> =
        app.ledger
            .shown_columns()
            .iter()
            .zip(widths)
            .filter(|(_, w)| **w > 0)
            .map(|(&c, &w)| {
                if c == Column::Number {
                    fit_right(c.header().get(lang), w, e)
                } else {
                    fit(c.header().get(lang), w, e)
                }
            })
            .collect();
    Line::styled(format!("{}{}", " ".repeat(MARK), cells.join(" ")), app.theme.header())
}

/// Draws the ledger's title line and table: the header as a line, the rows' cells
/// straight into the buffer, each cell's text made once a frame.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let t = app.theme;
    let total = usize::from(r.title.width);
    frame.render_widget(Paragraph::new(Line::styled(fit(&title_line(app), total, t.ellipsis()), t.title())), r.title);
    let area = r.main;
    let page = usize::from(area.height.saturating_sub(1));
    let l = &app.ledger;
    let cols = l.shown_columns();
    let shown = l.offset.min(l.len())..(l.offset + page).min(l.len());
    let rows: Vec<(usize, &LedgerRow)> = shown.clone().filter_map(|i| l.row(i).map(|row| (i, row))).collect();
    let cells: Vec<Vec<(Cow<str>, Style)>> =
        rows.iter().map(|(_, row)| cols.iter().map(|&c| cell(app, c, row)).collect()).collect();
    let widths = column_widths(usize::from(area.width), app, &cells);
    let mut head = vec![header_line(app, &widths)];
    if l.is_empty() {
        head.push(Line::styled(format!("  {}", T::NoItems.get(app.lang)), t.dim()));
    }
    frame.render_widget(Paragraph::new(head), area);
    // A row not in the window (not readable any more) stays blank.
    let buf = frame.buffer_mut();
    for ((i, row), cells) in rows.iter().zip(&cells) {
        let y = area.y + 1 + (i - shown.start) as u16;
        write_row(buf, area, RowAt { y, id: row.id, selected: *i == l.selected }, app, &widths, cells);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_cells_count_days_and_colour_by_urgency() {
        let t = Theme::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
        let cell = |due, status| deadline_cell(due, status, today, 7, Lang::Zh, t);
        assert_eq!(cell(day(10), Status::Handling), ("超12天".to_string(), t.overdue()));
        assert_eq!(cell(day(22), Status::Handling), ("今天到期".to_string(), t.overdue()));
        assert_eq!(cell(day(27), Status::Handling), ("剩5天".to_string(), t.due_soon()));
        assert_eq!(cell(day(29), Status::Handling), ("剩7天".to_string(), t.due_soon()));
        assert_eq!(cell(day(30), Status::Handling), ("剩8天".to_string(), Style::new()));
        assert_eq!(cell(None, Status::Handling), ("—".to_string(), Style::new()));
        assert_eq!(cell(day(10), Status::Closed).0, "—", "a closed entry has no deadline");
        assert_eq!(deadline_cell(day(10), Status::Handling, today, 7, Lang::En, t).0, "12d over");
        assert_eq!(deadline_cell(None, Status::Handling, today, 7, Lang::En, Theme { ascii: true }).0, "-");
    }
}
