//! The list screens beside the ledger, each with its state, its update and its drawing:
//!
//! | module | screen (key) |
//! |---|---|
//! | [`dashboard`] | 总览, the figures at a glance (2) |
//! | [`queue`] | 二次办理 queue and 回头看 follow-up (3) |
//! | [`supervision`] | 督办: overdue, due soon, the unit ranking and its notice (4) |
//! | [`units`] | 承办单位 with the head-reply rule, and the co-handling tracker (5) |
//! | [`evaluation`] | 考评: the units' year-end evaluation, candidates, the commendation list (7) |
//! | [`list`] | the cursor and the width-aware table they share |
//! | [`load`] | the store reads (and the notice export) the session runs for them |
//!
//! Switching screens, going back from an item to the list it was opened from, and the unit
//! picker of the queue are decided in [`intercept`], before the mode's own update.
pub mod dashboard;
pub mod evaluation;
pub mod list;
pub mod load;
pub mod queue;
pub mod supervision;
pub mod units;

use super::action::Action;
use super::action::Outcome;
use super::app::{App, Screen};
use super::keymap::Mode;
use super::nav::Restore;
use super::views::{self, Regions};
use crate::text::{Lang, T};
use crate::tui::theme::Theme;
use crate::tui::width::cut;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The state of the list screens (kept while the clerk is elsewhere, so coming back finds
/// the same pane, filters and row).
#[derive(Debug, Clone, Default)]
pub struct Screens {
    pub dashboard: dashboard::DashboardState,
    pub queue: queue::QueueState,
    pub supervision: supervision::SupervisionState,
    pub units: units::UnitsState,
    pub evaluation: evaluation::EvaluationState,
}

/// Whether `screen` is one of the list screens of this module.
pub fn is_list(screen: Screen) -> bool {
    matches!(screen, Screen::Dashboard | Screen::Queue | Screen::Supervision | Screen::Units | Screen::Evaluation)
}

/// The keymap table of a list screen.
pub fn mode_of(screen: Screen) -> Option<Mode> {
    match screen {
        Screen::Dashboard => Some(Mode::Dashboard),
        Screen::Queue => Some(Mode::Queue),
        Screen::Supervision => Some(Mode::Supervision),
        Screen::Units => Some(Mode::Units),
        Screen::Evaluation => Some(Mode::Evaluation),
        _ => None,
    }
}

/// The screen a `show_…` action goes to.
fn target(action: &Action) -> Option<Screen> {
    match action {
        Action::ShowLedger => Some(Screen::Ledger),
        Action::ShowDashboard => Some(Screen::Dashboard),
        Action::ShowQueue => Some(Screen::Queue),
        Action::ShowSupervision => Some(Screen::Supervision),
        Action::ShowUnits => Some(Screen::Units),
        Action::ShowEvaluation => Some(Screen::Evaluation),
        _ => None,
    }
}

/// What is decided before the mode's own update: the screen keys (1–5, from any screen or
/// from help), Esc from an item (or a filtered ledger) back to the list it came from, and
/// the choice in a picker opened by a list screen. `None`: the mode's update handles it.
pub fn intercept(app: &mut App, action: &Action) -> Option<Outcome> {
    let mode = app.mode();
    if mode == Mode::Picker {
        return match (app.screen, action) {
            (Screen::Queue, Action::OpenEntry) => Some(queue::picked(app)),
            _ => None,
        };
    }
    let screens = matches!(mode, Mode::Ledger | Mode::Detail | Mode::Help) || mode_of(app.screen) == Some(mode);
    if !screens {
        return None;
    }
    if let Some(to) = target(action) {
        choose_where_to_be(app);
        return Some(show(app, to));
    }
    match (mode, action) {
        (Mode::Detail | Mode::Ledger, Action::Back) if app.nav.can_go_back() => Some(back(app)),
        (Mode::Ledger, Action::OpenEntry) if app.nav.can_go_back() && app.ledger.selected_row().is_some() => {
            // The ledger was opened from a list screen: Esc from the item comes back here first.
            app.nav.push(Screen::Ledger);
            None
        }
        _ => None,
    }
}

/// The clerk chose where to be (a screen key, 1–6): help closes, nothing to go back to, and
/// a unit's or a search's ledger shown now stays as it is.
pub fn choose_where_to_be(app: &mut App) {
    app.close_help();
    app.nav.clear();
}

/// Shows a screen (reading its rows again).
fn show(app: &mut App, to: Screen) -> Outcome {
    let from = app.screen;
    app.detail = None;
    app.screen = to;
    if to == Screen::Ledger {
        app.ledger.follow(super::layout::ledger_page(app.size));
        // The ledger is read on every refresh; coming from another list, read it now too.
        return if is_list(from) { Outcome::ReloadLedger } else { Outcome::Continue };
    }
    Outcome::LoadScreen(to)
}

/// Goes back to the screen the item (or the filtered ledger) was opened from.
fn back(app: &mut App) -> Outcome {
    let Some((to, restore)) = app.nav.back(app.screen, app.refreshes) else { return Outcome::Continue };
    let mut reread = false;
    match restore {
        // The ledger as it was before a search result's items were shown; read again
        // only if something changed meanwhile (the selection stays on its item).
        Restore::Ledger { ledger, reread: changed } => {
            app.ledger = *ledger;
            reread = changed;
        }
        // Read with the old filter when the ledger is next shown.
        Restore::Filter(f) => app.ledger.filter = f,
        Restore::Nothing => {}
    }
    app.detail = None;
    app.screen = to;
    if to == Screen::Ledger {
        app.ledger.follow(super::layout::ledger_page(app.size));
        if reread {
            Outcome::ReloadLedger
        } else {
            Outcome::Continue
        }
    } else {
        Outcome::LoadScreen(to)
    }
}

/// Opens an item from a list screen; Esc from it comes back to the same row.
fn open_item(app: &mut App, item_id: Option<i64>) -> Outcome {
    match item_id {
        Some(id) => {
            app.nav.push(app.screen);
            Outcome::LoadDetail(id)
        }
        None => Outcome::Continue,
    }
}

/// Opens the ledger filtered to one unit's items; Esc comes back.
fn open_unit_ledger(app: &mut App, unit_id: Option<i64>) -> Outcome {
    let Some(id) = unit_id else { return Outcome::Continue };
    let before = std::mem::replace(
        &mut app.ledger.filter,
        crate::store::ledger::LedgerFilter { unit: Some(id), ..Default::default() },
    );
    app.nav.keep_filter(app.screen, before);
    app.screen = Screen::Ledger;
    app.detail = None;
    app.ledger.selected = 0;
    app.ledger.offset = 0;
    Outcome::ReloadLedger
}

/// Applies one action on a list screen.
pub fn update(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Help => {
            app.open_help(0);
            return Outcome::Continue;
        }
        Action::Back => return show(app, Screen::Ledger),
        // The item forms work on the selected row's item (a reminder from supervision,
        // progress from the queue…); the form reads the item's version itself.
        a if a.opens_form() => {
            return match selection(app).and_then(|s| s.item_id) {
                Some(item) => Outcome::OpenForm { action: a, items: vec![(item, 0)] },
                None => Outcome::Continue,
            }
        }
        _ => {}
    }
    match app.screen {
        Screen::Dashboard => dashboard::update(app, action),
        Screen::Queue => queue::update(app, action),
        Screen::Supervision => supervision::update(app, action),
        Screen::Units => units::update(app, action),
        Screen::Evaluation => evaluation::update(app, action),
        _ => Outcome::Continue,
    }
}

/// Keeps every cursor valid after a resize.
pub fn clamp(app: &mut App) {
    let page = page(app.size);
    app.screens.units.clamp(page);
    app.screens.queue.clamp(page);
    app.screens.supervision.clamp(page);
    app.screens.evaluation.clamp(page);
    let lines = app.measures.dashboard;
    let d = &mut app.screens.dashboard;
    d.scroll = d.scroll.min(lines.saturating_sub(dashboard::page(app.size)));
}

/// Draws the current list screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    match app.screen {
        Screen::Dashboard => dashboard::draw(frame, r, app),
        Screen::Queue => queue::draw(frame, r, app),
        Screen::Supervision => supervision::draw(frame, r, app),
        Screen::Units => units::draw(frame, r, app),
        Screen::Evaluation => evaluation::draw(frame, r, app),
        _ => {}
    }
}

/// The actions hinted in the footer of each list screen, most useful first.
pub fn hinted(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Dashboard => &[Action::Help, Action::MoveDown, Action::NextPane, Action::Back, Action::Quit],
        Mode::Queue => &[
            Action::Help,
            Action::OpenEntry,
            Action::NextPane,
            Action::FilterReason,
            Action::FilterUnit,
            Action::FilterStatus,
            Action::ClearFilters,
            Action::Back,
            Action::Quit,
        ],
        Mode::Supervision => &[
            Action::Help,
            Action::OpenEntry,
            Action::NextPane,
            Action::CycleSort,
            Action::ExportRanking,
            Action::Back,
            Action::Quit,
        ],
        Mode::Units => {
            &[Action::Help, Action::OpenEntry, Action::NextPane, Action::FilterStatus, Action::Back, Action::Quit]
        }
        Mode::Evaluation => &[
            Action::Help,
            Action::OpenEntry,
            Action::NextPane,
            Action::CycleSort,
            Action::ToggleCommend,
            Action::Back,
            Action::Quit,
        ],
        _ => &[],
    }
}

/// What the selected row of a list screen is about, for the actions that need a form
/// (log a reminder or interview, log second-round progress, open a second round by hand):
/// the integrator reads the ids here and loads the item's version from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub item_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// The second-round entry (queue pane).
    pub second_round_id: Option<i64>,
    /// The commitment (follow-up pane).
    pub commitment_id: Option<i64>,
    /// The co-handling assignment (tracker pane).
    pub assignment_id: Option<i64>,
}

/// The selected row of the current list screen, if there is one.
pub fn selection(app: &App) -> Option<Selection> {
    match app.screen {
        Screen::Queue => app.screens.queue.selection(),
        Screen::Supervision => app.screens.supervision.selection(),
        Screen::Units => app.screens.units.selection(),
        Screen::Evaluation => app.screens.evaluation.selection(),
        _ => None,
    }
}

/// Rows of a table on a list screen: the main area less the tab line and the header.
pub fn page(size: (u16, u16)) -> usize {
    crate::tui::layout::list_page(size)
}

/// The main area split into the tab line and the table below it.
fn split(main: Rect) -> (Rect, Rect) {
    let tabs = Rect { height: main.height.min(1), ..main };
    let table = Rect { y: main.y + tabs.height, height: main.height - tabs.height, ..main };
    (tabs, table)
}

/// Draws the title line: parts joined by the theme's dot, cut to the width.
fn title(frame: &mut Frame, area: Rect, parts: &[String], theme: Theme) {
    let text = cut(&parts.join(theme.dot()), usize::from(area.width), theme.ellipsis());
    frame.render_widget(Paragraph::new(Line::styled(text, theme.title())), area);
}

/// Draws the tab line: the panes with their counts, the active one highlighted, then notes
/// (filters, sort order).
fn tabs(frame: &mut Frame, area: Rect, panes: &[(String, bool)], notes: &[String], theme: Theme) {
    let mut spans = Vec::new();
    for (label, active) in panes {
        let style = if *active { theme.selected().patch(theme.title()) } else { theme.dim() };
        spans.push(Span::styled(format!(" {label} "), style));
        spans.push(Span::raw(" "));
    }
    if !notes.is_empty() {
        let used: usize = spans.iter().map(|s| crate::tui::width::width(&s.content)).sum();
        let room = usize::from(area.width).saturating_sub(used + 1);
        spans.push(Span::styled(cut(&notes.join(theme.dot()), room, theme.ellipsis()), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// ✓ or ✗ (Y or N under `--ascii`), green or red.
fn tick(ok: bool, theme: Theme) -> (String, Style) {
    let text = match (ok, theme.ascii) {
        (true, false) => "✓",
        (false, false) => "✗",
        (true, true) => "Y",
        (false, true) => "N",
    };
    (text.to_string(), Style::new().fg(if ok { Color::Green } else { Color::Red }))
}

/// "剩5天" / "超12天" / "今天到期" for an open deadline, coloured as the ledger colours it.
fn days_cell(due: chrono::NaiveDate, open: bool, app: &App) -> list::Cell {
    let status = if open { crate::domain::Status::Handling } else { crate::domain::Status::Closed };
    let (text, style) = views::ledger::deadline_cell(
        Some(due),
        status,
        app.ctx.today,
        app.ctx.rules.due_soon_days,
        app.lang,
        app.theme,
    );
    list::Cell::styled(text, style)
}

/// A count for a tab: "逾期 12".
fn counted(t: T, n: usize, lang: Lang) -> String {
    format!("{} {n}", t.get(lang))
}

/// How many rows the current list screen holds read from the store, every pane together
/// (what `banli bench --what lists` reports; the dashboard holds figures, counted as its
/// lists: meetings, units failing the rule).
pub fn rows_held(app: &App) -> usize {
    let s = &app.screens;
    match app.screen {
        Screen::Dashboard => s.dashboard.data.as_ref().map_or(0, |d| d.scopes.len() + d.non_complying.len()),
        Screen::Queue => s.queue.rows.rows.len() + s.queue.follow_up.rows.len(),
        Screen::Supervision => {
            let v = &s.supervision;
            v.overdue.rows.len() + v.due_soon.rows.len() + v.office.rows.len() + v.ranking.len()
        }
        Screen::Units => s.units.rows.len() + s.units.tracker.rows.len(),
        Screen::Evaluation => {
            s.evaluation.data.as_ref().map_or(0, |e| e.rows.len() + e.candidates.len() + e.commended.len())
        }
        _ => 0,
    }
}

/// How many rows the current list screen lists, every pane together (whether held or not).
pub fn rows_listed(app: &App) -> usize {
    let s = &app.screens;
    match app.screen {
        Screen::Supervision => {
            let v = &s.supervision;
            v.overdue.len() + v.due_soon.len() + v.office.len() + v.ranking.len()
        }
        Screen::Units => s.units.rows.len() + s.units.tracker.len(),
        Screen::Queue => s.queue.rows.len() + s.queue.follow_up.len(),
        _ => rows_held(app),
    }
}
