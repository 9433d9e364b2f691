//! The ledger (台账): one row per item, every cell cut and padded by display width.
use super::Regions;
use crate::domain::Status;
use crate::store::ledger::{LedgerRow, Sort};
use crate::text::{Lang, T};
use crate::tui::app::App;
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

/// The column widths for a table `total` cells wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    number: usize,
    kind: usize,
    title: usize,
    lead: usize,
    units: usize,
    due: usize,
    status: usize,
}

/// The marker column ("*" for marked rows) and the space after it.
const MARK: usize = 2;

/// The widths for a table `total` cells wide showing `page` rows. Only the rows on screen
/// are measured: measuring every row cost 15 ms a frame at 100k items.
fn columns(total: usize, app: &App, page: usize) -> Columns {
    let lang = app.lang;
    let wide = total >= 120;
    let l = &app.ledger;
    let rows = &l.rows[l.offset.min(l.rows.len())..(l.offset + page).min(l.rows.len())];
    let longest = |header: T, cells: &mut dyn Iterator<Item = usize>, cap: usize| {
        cells.fold(width(header.get(lang)), usize::max).min(cap)
    };
    let number = longest(T::ColNumber, &mut rows.iter().map(|r| width(&r.number)), 8);
    let kind = longest(T::ColKind, &mut std::iter::once(2), 4);
    let status_cap = match (lang, wide) {
        (Lang::Zh, _) => 8,
        (Lang::En, true) => 17,
        (Lang::En, false) => 12,
    };
    let status = longest(T::ColStatus, &mut rows.iter().map(|r| width(r.status.label(lang))), status_cap);
    let (today, soon) = (app.ctx.today, app.ctx.rules.due_soon_days);
    let mut dues = rows.iter().map(|r| width(&deadline_cell(r.due_on, r.status, today, soon, lang, app.theme).0));
    let due = longest(T::ColDue, &mut dues, 10);
    let (lead, units) = if wide { (10, 20) } else { (6, 10) };
    let lead = lead.max(width(T::ColLead.get(lang)));
    let units = units.max(width(T::ColUnits.get(lang)));
    // Seven columns and the marker; one space between columns.
    let fixed = MARK + number + kind + lead + units + due + status + 6;
    let title = total.saturating_sub(fixed).max(4);
    Columns { number, kind, title, lead, units, due, status }
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
        format!("{} {}", T::LedgerTitle.get(lang), T::CountItems.get(lang).replace("{n}", &l.rows.len().to_string())),
        format!("{}{}", T::Filters.get(lang), filters),
        format!("{}{}", T::SortBy.get(lang), sort_label(l.sort, lang)),
    ];
    if !l.marked.is_empty() {
        parts.push(T::Marked.get(lang).replace("{n}", &l.marked.len().to_string()));
    }
    parts.join(dot)
}

fn row_line(app: &App, c: &Columns, r: &LedgerRow, selected: bool) -> Line<'static> {
    let (lang, t) = (app.lang, app.theme);
    let e = t.ellipsis();
    let (due, due_style) = deadline_cell(r.due_on, r.status, app.ctx.today, app.ctx.rules.due_soon_days, lang, t);
    let marked = app.ledger.marked.contains(&r.id);
    let mark = if marked { "* " } else { "  " };
    let spans = vec![
        Span::styled(mark, t.marked()),
        Span::raw(format!("{} ", fit_right(&r.number, c.number, e))),
        Span::raw(format!("{} ", fit(r.kind.tag(lang), c.kind, e))),
        Span::raw(format!("{} ", fit(&t.text(&r.title), c.title, e))),
        Span::raw(format!("{} ", fit(&t.text(&r.lead_name), c.lead, e))),
        Span::raw(format!("{} ", fit(&t.text(&r.units_label), c.units, e))),
        Span::styled(fit(&due, c.due, e), due_style),
        Span::raw(" "),
        Span::raw(fit(r.status.label(lang), c.status, e)),
    ];
    let line = Line::from(spans);
    if selected {
        line.style(t.selected())
    } else if marked {
        line.style(t.marked())
    } else {
        line
    }
}

fn header_line(app: &App, c: &Columns) -> Line<'static> {
    let (lang, e) = (app.lang, app.theme.ellipsis());
    let h = |t: T, w: usize| fit(t.get(lang), w, e);
    let text = format!(
        "{}{} {} {} {} {} {} {}",
        " ".repeat(MARK),
        fit_right(T::ColNumber.get(lang), c.number, e),
        h(T::ColKind, c.kind),
        h(T::ColTitle, c.title),
        h(T::ColLead, c.lead),
        h(T::ColUnits, c.units),
        h(T::ColDue, c.due),
        h(T::ColStatus, c.status),
    );
    Line::styled(text, app.theme.header())
}

/// Draws the ledger's title line and table.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let t = app.theme;
    let total = usize::from(r.title.width);
    frame.render_widget(Paragraph::new(Line::styled(fit(&title_line(app), total, t.ellipsis()), t.title())), r.title);
    let area = r.main;
    let page = usize::from(area.height.saturating_sub(1));
    let c = columns(usize::from(area.width), app, page);
    let mut lines = vec![header_line(app, &c)];
    let l = &app.ledger;
    if l.rows.is_empty() {
        lines.push(Line::styled(format!("  {}", T::NoItems.get(app.lang)), t.dim()));
    }
    for (i, row) in l.rows.iter().enumerate().skip(l.offset).take(page) {
        lines.push(row_line(app, &c, row, i == l.selected));
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
