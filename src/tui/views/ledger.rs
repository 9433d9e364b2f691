//! The ledger (台账): one row per item, every cell cut and padded by display width.
use super::Regions;
use crate::domain::Status;
use crate::store::ledger::{LedgerRow, Sort};
use crate::text::{Lang, T};
use crate::tui::app::App;
use crate::tui::columns::{self, Column};
use crate::tui::theme::Theme;
use crate::tui::width::{fit, fit_right, width};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

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
fn cell(app: &App, col: Column, r: &LedgerRow) -> (String, Style) {
    let (lang, t) = (app.lang, app.theme);
    let cells = app.ledger.cells.get(&r.id);
    let dash = || t.dash().to_string();
    let text = match col {
        Column::Number => r.number.clone(),
        Column::Meeting => t.text(app.meeting_name(r.meeting_id)).into_owned(),
        Column::Kind => r.kind.tag(lang).to_string(),
        Column::Title => t.text(&r.title).into_owned(),
        Column::Lead => t.text(&r.lead_name).into_owned(),
        Column::Units => t.text(&r.units_label).into_owned(),
        Column::CoUnits => {
            cells.filter(|c| !c.co_units.is_empty()).map_or_else(dash, |c| t.text(&c.co_units.join("、")).into_owned())
        }
        Column::Due => {
            return deadline_cell(r.due_on, r.status, app.ctx.today, app.ctx.rules.due_soon_days, lang, t);
        }
        Column::Key => {
            if r.key {
                T::ColKey.get(lang).to_string()
            } else {
                String::new()
            }
        }
        Column::Doc => {
            cells.filter(|c| !c.docs.is_empty()).map_or_else(dash, |c| t.text(&c.docs.join("、")).into_owned())
        }
        Column::Result => cells.and_then(|c| c.class.clone()).unwrap_or_else(dash),
        Column::Satisfaction => cells.and_then(|c| c.satisfaction).map_or_else(dash, |s| s.label(lang).to_string()),
        Column::Status => r.status.label(lang).to_string(),
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

/// The widths for a table `total` cells wide showing `page` rows. Only the rows on screen
/// are measured: measuring every row cost 15 ms a frame at 100k items.
fn column_widths(total: usize, app: &App, page: usize) -> Vec<usize> {
    let lang = app.lang;
    let l = &app.ledger;
    let rows: Vec<&LedgerRow> = (l.offset..l.offset + page).filter_map(|i| l.row(i)).collect();
    let cols = l.shown_columns();
    let natural: Vec<usize> = cols
        .iter()
        .map(|&c| {
            let cells = rows.iter().map(|r| width(&cell(app, c, r).0));
            cells.fold(width(c.header().get(lang)), usize::max).min(cap(c, lang))
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

fn row_line(app: &App, widths: &[usize], r: &LedgerRow, selected: bool) -> Line<'static> {
    let t = app.theme;
    let e = t.ellipsis();
    let marked = app.ledger.marked.contains(&r.id);
    let mut spans = vec![Span::styled(if marked { "* " } else { "  " }, t.marked())];
    let mut first = true;
    for (&col, &w) in app.ledger.shown_columns().iter().zip(widths).filter(|(_, w)| **w > 0) {
        if !std::mem::take(&mut first) {
            spans.push(Span::raw(" "));
        }
        let (text, style) = cell(app, col, r);
        let text = if col == Column::Number { fit_right(&text, w, e) } else { fit(&text, w, e) };
        spans.push(Span::styled(text, style));
    }
    let line = Line::from(spans);
    if selected {
        line.style(t.selected())
    } else if marked {
        line.style(t.marked())
    } else {
        line
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

/// Draws the ledger's title line and table.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let t = app.theme;
    let total = usize::from(r.title.width);
    frame.render_widget(Paragraph::new(Line::styled(fit(&title_line(app), total, t.ellipsis()), t.title())), r.title);
    let area = r.main;
    let page = usize::from(area.height.saturating_sub(1));
    let widths = column_widths(usize::from(area.width), app, page);
    let mut lines = vec![header_line(app, &widths)];
    let l = &app.ledger;
    if l.is_empty() {
        lines.push(Line::styled(format!("  {}", T::NoItems.get(app.lang)), t.dim()));
    }
    for i in (l.offset..l.offset + page).take_while(|&i| i < l.len()) {
        // A row not in the window (not readable any more) stays blank.
        lines.push(l.row(i).map_or_else(Line::default, |row| row_line(app, &widths, row, i == l.selected)));
    }
    frame.render_widget(Paragraph::new(lines), Rect { height: area.height, ..area });
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
