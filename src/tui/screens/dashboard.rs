//! The dashboard (总览, key 2): the figures that matter at a glance, then the report figures
//! per meeting (every meeting together first). All computed live from the ledger by
//! [`crate::store::dashboard`]; j/k scroll, Tab shows the next meetings when they do not all
//! fit side by side.
use super::title;
use crate::domain::figures::{fmt_tenths, Figures, Rate, Subset};
use crate::store::dashboard::{Dashboard, ScopeFigures};
use crate::text::{say, T};
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use crate::tui::views::Regions;
use crate::tui::width::{fit, fit_right, width, wrap};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The dashboard's state.
#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    /// `None` until read.
    pub data: Option<Dashboard>,
    /// First line drawn.
    pub scroll: usize,
    /// The first meeting column shown after the "all meetings" column.
    pub first_meeting: usize,
}

/// Lines on screen.
pub fn page(size: (u16, u16)) -> usize {
    usize::from(crate::tui::layout::main_of(size).height).max(1)
}

/// The main area's width.
fn main_width(size: (u16, u16)) -> usize {
    usize::from(crate::tui::layout::main_of(size).width)
}

/// How many lines the dashboard has at the current width.
pub fn line_count(app: &App) -> usize {
    lines(app, main_width(app.size)).len()
}

/// Applies an action on the dashboard.
pub fn update(app: &mut App, action: Action) -> Outcome {
    let (page, total) = (page(app.size), app.measures.dashboard);
    let (first, count, meetings) = match &app.screens.dashboard.data {
        Some(d) if !d.scopes.is_empty() => {
            let meetings = d.scopes.len() - 1;
            let w = main_width(app.size);
            let (first, count) = meeting_columns(meetings, app.screens.dashboard.first_meeting, label_width(d, app), w);
            (first, count, meetings)
        }
        _ => (0, 0, 0),
    };
    let d = &mut app.screens.dashboard;
    let max = total.saturating_sub(page);
    d.scroll = match action {
        Action::MoveUp => d.scroll.saturating_sub(1),
        Action::MoveDown => d.scroll + 1,
        Action::PageUp => d.scroll.saturating_sub(page),
        Action::PageDown => d.scroll + page,
        Action::First => 0,
        Action::Last => max,
        // The next (previous) meetings that did not fit, wrapping round.
        Action::NextPane => {
            d.first_meeting = if first + count < meetings { first + 1 } else { 0 };
            d.scroll
        }
        Action::PrevPane => {
            d.first_meeting = if first > 0 { first - 1 } else { meetings.saturating_sub(count) };
            d.scroll
        }
        _ => d.scroll,
    }
    .min(max);
    Outcome::Continue
}

/// "300 (72.3%)", or the count alone when the rate has no base.
fn count_rate(n: u32, r: Rate) -> String {
    match r.tenths() {
        Some(t) => format!("{n} ({})", fmt_tenths(t)),
        None => n.to_string(),
    }
}

/// A rate, or the theme's dash.
fn rate(r: Rate, theme: Theme) -> String {
    r.tenths().map(fmt_tenths).unwrap_or_else(|| theme.dash().to_string())
}

/// `items` joined by `sep` into lines of at most `w` cells, breaking between items (an item
/// longer than a line is wrapped on its own).
fn wrap_items(items: &[String], sep: &str, w: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && width(&line) + width(sep) + width(item) <= w {
            line.push_str(sep);
            line.push_str(item);
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(item, w);
        line = parts.pop().unwrap_or_default();
        out.extend(parts);
    }
    out.push(line);
    out
}

/// One "label  item · item" line, wrapped under the label between items when long.
fn labelled(label: &str, items: &[String], sep: &str, style: Style, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let lw = 14.max(width(label) + 2);
    let body = wrap_items(items, sep, w.saturating_sub(lw).max(8));
    body.into_iter()
        .enumerate()
        .map(|(i, text)| {
            let head = if i == 0 { fit(label, lw, theme.ellipsis()) } else { " ".repeat(lw) };
            Line::from(vec![Span::styled(head, theme.section()), Span::styled(text, style)])
        })
        .collect()
}

/// The "at a glance" part.
fn glance(d: &Dashboard, app: &App, w: usize) -> Vec<Line<'static>> {
    let (lang, t) = (app.lang, app.theme);
    let dot = t.dot();
    let all = &d.scopes[0].figures;
    let mut out = Vec::new();
    let mut add = |label: T, items: Vec<String>, sep: &str, style: Style| {
        out.extend(labelled(label.get(lang), &items, sep, style, w, t))
    };
    let mut kinds: Vec<String> = d.by_kind.iter().map(|(k, n)| format!("{} {n}", k.label(lang))).collect();
    kinds.push(T::CountItems.get(lang).replace("{n}", &all.items.to_string()));
    add(T::DashItems, kinds, dot, Style::new());
    let statuses: Vec<String> = d.by_status.iter().map(|(s, n)| format!("{} {n}", s.label(lang))).collect();
    add(T::DashStatus, statuses, dot, Style::new());
    let replies = vec![
        format!("{} {}", T::DashReplied.get(lang), count_rate(all.replied, all.reply_rate())),
        format!("{} {}", T::DashOnTime.get(lang), count_rate(all.on_time, all.on_time_rate())),
        format!("{} {}", T::DashOverdue.get(lang), all.overdue),
    ];
    add(T::DashReplies, replies, dot, if all.overdue > 0 { t.overdue() } else { Style::new() });
    let quality = vec![
        format!("{} {}", T::DashFaceToFaceRate.get(lang), rate(all.face_to_face_rate(), t)),
        format!(
            "{} {}",
            T::DashHeadFaceToFace.get(lang),
            count_rate(all.head_face_to_face, all.head_face_to_face_rate())
        ),
        format!("{} {}", T::DashSatisfaction.get(lang), rate(all.satisfaction_rate(), t)),
        format!("{} {}", T::DashFirstSatisfaction.get(lang), rate(all.first_satisfaction_rate(), t)),
    ];
    add(T::DashQuality, quality, dot, Style::new());
    let subset = |text: T, s: &Subset| {
        text.get(lang)
            .replace("{n}", &s.items.to_string())
            .replace("{r}", &s.replied.to_string())
            .replace("{s}", &s.satisfied.to_string())
            .replace("{f}", &s.with_feedback.to_string())
    };
    let focus = vec![subset(T::DashKeyItems, &all.key), subset(T::DashLeaderCases, &all.leader)];
    add(T::DashFocus, focus, dot, Style::new());
    let second = vec![
        T::DashQueueOpen
            .get(lang)
            .replace("{n}", &d.queue_open.to_string())
            .replace("{o}", &d.queue_overdue.to_string()),
        T::TurnedOf
            .get(lang)
            .replace("{n}", &d.queue_turned.0.to_string())
            .replace("{m}", &d.queue_turned.1.to_string()),
    ];
    add(T::DashSecondRound, second, dot, if d.queue_overdue > 0 { t.due_soon() } else { Style::new() });
    let days = d.due_within.to_string();
    let watch = vec![
        T::DueWithinItems.get(lang).replace("{d}", &days).replace("{n}", &d.due_soon_items.to_string()),
        T::OverdueItems.get(lang).replace("{n}", &d.overdue_items.to_string()),
        format!("{} {}", T::CoOverdueLabel.get(lang), d.co_overdue),
        T::DashReminders
            .get(lang)
            .replace("{n}", &all.reminders.to_string())
            .replace("{m}", &all.interviews.to_string()),
        T::DashFollowUp
            .get(lang)
            .replace("{n}", &d.follow_up_due.to_string())
            .replace("{o}", &d.follow_up_overdue.to_string()),
        office_overdue(d, lang),
    ];
    add(T::DashWatch, watch, dot, if d.overdue_items > 0 { t.overdue() } else { Style::new() });
    let mut units: Vec<String> =
        d.non_complying.iter().map(|(name, rule)| format!("{name}({}/{})", rule.head_items, rule.required)).collect();
    if units.is_empty() {
        add(T::DashNotComplying, vec![T::None.get(lang).to_string()], "", t.info());
    } else {
        units[0] = format!("{}: {}", units.len(), units[0]);
        add(T::DashNotComplying, units, "、", t.overdue());
    }
    out
}

/// "办公室逾期 交办 0 · 调整 1 · 反馈 14 · 公开 9 · 迟交办 3": the office pane's overdue rows
/// per kind, and the items filed between sessions that were assigned late.
fn office_overdue(d: &Dashboard, lang: crate::text::Lang) -> String {
    let mut parts: Vec<String> = d.office_overdue.iter().map(|(k, n)| format!("{} {n}", k.short(lang))).collect();
    parts.push(T::LateAssigned.get(lang).replace("{n}", &d.late_assigned.to_string()));
    format!("{} {}", T::OfficeOverdue.get(lang), parts.join(" · "))
}

/// One row of the per-meeting table: a label and a value per scope.
type Row = (String, Box<dyn Fn(&ScopeFigures) -> String>);

fn table_rows(d: &Dashboard, app: &App) -> Vec<Row> {
    let (lang, t) = (app.lang, app.theme);
    let f = |l: T, v: Box<dyn Fn(&ScopeFigures) -> String>| (l.get(lang).to_string(), v);
    let mut rows: Vec<Row> = vec![
        f(T::DashItems, Box::new(|s| s.figures.items.to_string())),
        f(T::DashDuringBetween, Box::new(|s| format!("{}/{}", s.figures.during, s.figures.between))),
        f(T::DashUnits, Box::new(|s| s.figures.units.to_string())),
        f(T::DashRoles, Box::new(|s| format!("{}/{}/{}", s.figures.lead, s.figures.split, s.figures.co_handling))),
        f(T::DashReplied, Box::new(|s| count_rate(s.figures.replied, s.figures.reply_rate()))),
        f(T::DashOnTime, Box::new(|s| count_rate(s.figures.on_time, s.figures.on_time_rate()))),
        f(T::DashOverdue, Box::new(|s| s.figures.overdue.to_string())),
        f(T::DashFaceToFaceRate, Box::new(move |s| rate(s.figures.face_to_face_rate(), t))),
        f(
            T::DashHeadFaceToFace,
            Box::new(|s| count_rate(s.figures.head_face_to_face, s.figures.head_face_to_face_rate())),
        ),
        f(T::DashSatisfaction, Box::new(move |s| rate(s.figures.satisfaction_rate(), t))),
        f(T::DashFirstSatisfaction, Box::new(move |s| rate(s.figures.first_satisfaction_rate(), t))),
    ];
    // One row per result class of the scheme, then the items not yet classed, if any.
    let all: &Figures = &d.scopes[0].figures;
    for class in &all.classes {
        let label = if class.code.is_empty() {
            T::DashUnclassed.get(lang).to_string()
        } else {
            let name = app.ctx.rules.class_label(&class.code, lang).unwrap_or_default();
            format!("{} {name}", class.code)
        };
        let code = class.code.clone();
        rows.push((
            label,
            // A scope with every item classed has no "unclassed" entry: that is a 0.
            Box::new(move |s: &ScopeFigures| match s.figures.classes.iter().find(|c| c.code == code) {
                Some(c) => format!("{} ({})", c.count, fmt_tenths(c.tenths)),
                None => "0".to_string(),
            }),
        ));
    }
    rows.push(f(
        T::DashSecondTurned,
        Box::new(|s| format!("{}/{}", s.figures.second_rounds, s.figures.turned_satisfied)),
    ));
    rows.push(f(T::DashRemindersRow, Box::new(|s| format!("{}/{}", s.figures.reminders, s.figures.interviews))));
    let triple = |s: &Subset| format!("{}/{}/{}", s.items, s.replied, s.satisfied);
    rows.push(f(T::DashKeyRow, Box::new(move |s| triple(&s.figures.key))));
    rows.push(f(T::DashLeaderRow, Box::new(move |s| triple(&s.figures.leader))));
    rows.push(f(T::DashQueueSize, Box::new(|s| s.queue_open.to_string())));
    rows.push(f(T::DashClosed, Box::new(|s| s.closed.to_string())));
    rows
}

/// The narrowest value column of the per-meeting table.
const COL_W: usize = 14;

/// Which meetings the table shows beside "every meeting": the first and how many, starting
/// at `wanted` but never leaving room unused at the end.
fn meeting_columns(meetings: usize, wanted: usize, label_w: usize, w: usize) -> (usize, usize) {
    let room = (w.saturating_sub(label_w) / (COL_W + 1)).saturating_sub(1).max(1).min(meetings);
    (wanted.min(meetings - room), room)
}

/// The widest label of the per-meeting table (as [`table`] sizes it).
fn label_width(d: &Dashboard, app: &App) -> usize {
    table_rows(d, app).iter().map(|(l, _)| width(l)).max().unwrap_or(8).clamp(8, 22)
}

/// The per-meeting table: "every meeting" and as many meetings as fit from `first`.
fn table(d: &Dashboard, app: &App, w: usize) -> Vec<Line<'static>> {
    let (lang, t) = (app.lang, app.theme);
    let e = t.ellipsis();
    let rows = table_rows(d, app);
    let label_w = label_width(d, app);
    let meetings = d.scopes.len() - 1;
    let (first, count) = meeting_columns(meetings, app.screens.dashboard.first_meeting, label_w, w);
    let mut shown: Vec<&ScopeFigures> = vec![&d.scopes[0]];
    shown.extend(d.scopes.iter().skip(1 + first).take(count));
    // Spread the spare width over the columns so long meeting names show more.
    let col_w = (w.saturating_sub(label_w) / shown.len()).saturating_sub(1).clamp(COL_W, 30);
    let mut out = Vec::new();
    let mut header = vec![Span::styled(fit(T::DashByMeeting.get(lang), label_w, e), t.header())];
    for s in &shown {
        let name = s.meeting.as_ref().map_or(T::AllMeetings.get(lang).to_string(), |m| m.name.clone());
        header.push(Span::raw(" "));
        header.push(Span::styled(fit_right(&t.text(&name), col_w, e), t.header()));
    }
    out.push(Line::from(header));
    for (label, value) in &rows {
        let mut spans = vec![Span::styled(fit(label, label_w, e), t.section())];
        for s in &shown {
            spans.push(Span::raw(" "));
            spans.push(Span::raw(fit_right(&value(s), col_w, e)));
        }
        out.push(Line::from(spans));
    }
    if meetings + 1 > shown.len() {
        let more = app.keymap.hint_key(Mode::Dashboard, &Action::NextPane).map(|k| say::more_meetings_key(lang, k));
        let note = say::more_meetings(lang, 1 + first, first + shown.len() - 1, meetings, more.unwrap_or_default());
        out.push(Line::styled(note, t.dim()));
    }
    out
}

/// Every line of the dashboard at width `w`.
pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let Some(d) = &app.screens.dashboard.data else {
        return vec![Line::styled(T::NoRows.get(app.lang).to_string(), app.theme.dim())];
    };
    if d.scopes.is_empty() {
        return vec![Line::styled(T::NoRows.get(app.lang).to_string(), app.theme.dim())];
    }
    let mut out = glance(d, app, w);
    out.push(Line::raw(""));
    out.extend(table(d, app, w));
    out
}

/// Draws the dashboard.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let (lang, theme) = (app.lang, app.theme);
    title(
        frame,
        r.title,
        &[T::DashboardTitle.get(lang).to_string(), T::AsOf.get(lang).replace("{d}", &app.ctx.today.to_string())],
        theme,
    );
    let all = lines(app, usize::from(r.main.width));
    let h = usize::from(r.main.height);
    let scroll = app.screens.dashboard.scroll.min(all.len().saturating_sub(h));
    frame.render_widget(Paragraph::new(all.into_iter().skip(scroll).take(h).collect::<Vec<_>>()), r.main);
}
