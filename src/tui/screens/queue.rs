//! The second-round queue (二次办理, key 3): entries by deadline with why they are there,
//! the owning unit, progress and state; filtered by reason (a key cycles) and unit (a picker),
//! with how many turned satisfied. The second pane is the follow-up list (回头看):
//! commitments due and overdue. Enter opens the item.
use super::list::{self, Cell, Col, Cursor, Paged};
use super::{counted, days_cell, open_item, page, split, tabs, title, Selection};
use crate::domain::figures::{turned_satisfied, SecondRoundFacts};
use crate::domain::SecondReason;
use crate::store::followup::commitments::FollowUpRow;
use crate::store::followup::second_round::{QueueFilter, QueueRow};
use crate::text::{Lang, T};
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::App;
use crate::tui::dialogs::picker::{Choice, PickFor, PickValue, Picker};
use crate::tui::views::Regions;
use ratatui::Frame;

/// The two panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueuePane {
    #[default]
    Queue,
    /// 回头看: commitments due and overdue.
    FollowUp,
}

/// The queue screen's state.
#[derive(Debug, Clone, Default)]
pub struct QueueState {
    pub pane: QueuePane,
    pub filter: QueueFilter,
    /// The entries the filter keeps, by deadline: ids and a window of rows.
    pub rows: Paged<QueueRow>,
    pub cursor: Cursor,
    /// Finished entries turned satisfied, of those finished with a feedback outcome.
    pub turned: (u32, u32),
    /// Commitments due and overdue, by due date: ids and a window of rows.
    pub follow_up: Paged<FollowUpRow>,
    /// How many of `follow_up` are overdue.
    pub follow_overdue: u32,
    pub follow_cursor: Cursor,
}

/// Where a queue entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    Open,
    /// Finished with the proposer satisfied or basically satisfied.
    Turned,
    /// Still unsatisfied: escalated as rules.toml says.
    Escalated,
    /// Finished otherwise (the reply redone, the commitment done).
    Finished,
}

impl EntryState {
    /// The state of a queue row.
    /// Turned satisfied is the figures' one rule ([`turned_satisfied`]), so the queue and
    /// the dashboard's "转为满意" count the same rounds.
    pub fn of(r: &QueueRow) -> EntryState {
        let facts = SecondRoundFacts { reason: r.reason, outcome: r.outcome };
        match (r.closed_on, r.escalation) {
            (None, _) => EntryState::Open,
            (Some(_), Some(_)) => EntryState::Escalated,
            (Some(_), None) if turned_satisfied(&facts) => EntryState::Turned,
            (Some(_), None) if r.outcome.is_some() => EntryState::Escalated,
            (Some(_), None) => EntryState::Finished,
        }
    }
}

impl QueueState {
    /// Replaces the rows read from the store, keeping the selections on the same rows.
    pub fn set(&mut self, rows: Vec<i64>, turned: (u32, u32), (follow_up, overdue): (Vec<i64>, u32)) {
        self.rows.set_ids(rows, &mut self.cursor);
        self.turned = turned;
        self.follow_up.set_ids(follow_up, &mut self.follow_cursor);
        self.follow_overdue = overdue;
    }

    /// The selected row's ids.
    pub fn selection(&self) -> Option<Selection> {
        match self.pane {
            QueuePane::Queue => self.rows.row(self.cursor.selected).map(|r| Selection {
                item_id: Some(r.item_id),
                unit_id: r.unit_id,
                second_round_id: Some(r.id),
                ..Selection::default()
            }),
            QueuePane::FollowUp => self.follow_up.row(self.follow_cursor.selected).map(|c| Selection {
                item_id: Some(c.item_id),
                commitment_id: Some(c.commitment_id),
                ..Selection::default()
            }),
        }
    }

    /// Keeps the cursors on a page.
    pub fn clamp(&mut self, page: usize) {
        self.cursor.follow(self.rows.len(), page);
        self.follow_cursor.follow(self.follow_up.len(), page);
    }
}

/// The next reason filter: all, then each reason in turn.
fn next_reason(r: Option<SecondReason>) -> Option<SecondReason> {
    let all = SecondReason::ALL;
    match r {
        None => all.first().copied(),
        Some(r) => all.iter().position(|x| *x == r).and_then(|i| all.get(i + 1)).copied(),
    }
}

/// Applies an action on the queue screen.
pub fn update(app: &mut App, action: Action) -> Outcome {
    let page = page(app.size);
    let s = &mut app.screens.queue;
    let (cursor, len) = match s.pane {
        QueuePane::Queue => (&mut s.cursor, s.rows.len()),
        QueuePane::FollowUp => (&mut s.follow_cursor, s.follow_up.len()),
    };
    if cursor.step(&action, len, page) {
        return Outcome::Continue;
    }
    match action {
        Action::NextPane | Action::PrevPane => {
            s.pane = match s.pane {
                QueuePane::Queue => QueuePane::FollowUp,
                QueuePane::FollowUp => QueuePane::Queue,
            };
            Outcome::Continue
        }
        Action::FilterReason => {
            s.filter.reason = next_reason(s.filter.reason);
            s.cursor = Cursor::default();
            Outcome::LoadScreen(app.screen)
        }
        Action::FilterStatus => {
            s.filter.include_closed = !s.filter.include_closed;
            s.cursor = Cursor::default();
            Outcome::LoadScreen(app.screen)
        }
        Action::ClearFilters => {
            s.filter = QueueFilter::default();
            s.cursor = Cursor::default();
            Outcome::LoadScreen(app.screen)
        }
        Action::FilterUnit => {
            let lang = app.lang;
            let mut choices = vec![Choice {
                label: T::AllUnits.get(lang).to_string(),
                also: String::new(),
                value: PickValue::All,
                key: String::new(),
            }];
            choices.extend(app.units.iter().map(|u| Choice {
                label: if u.short_name == u.name { u.name.clone() } else { format!("{}  {}", u.short_name, u.name) },
                also: String::new(),
                value: PickValue::Unit(u.id),
                key: String::new(),
            }));
            let current = app.screens.queue.filter.unit.map_or(PickValue::All, PickValue::Unit);
            app.open_picker(Picker::new(PickFor::Unit, choices, current));
            Outcome::Continue
        }
        Action::OpenEntry => {
            let item = match s.pane {
                QueuePane::Queue => s.rows.row(s.cursor.selected).map(|r| r.item_id),
                QueuePane::FollowUp => s.follow_up.row(s.follow_cursor.selected).map(|c| c.item_id),
            };
            open_item(app, item)
        }
        _ => Outcome::Continue,
    }
}

/// Enter in the unit picker opened on this screen: filter the queue by the chosen unit.
pub fn picked(app: &mut App) -> Outcome {
    let chosen = app.take_picker().and_then(|p| p.chosen());
    let s = &mut app.screens.queue;
    s.filter.unit = match chosen {
        Some(PickValue::Unit(id)) => Some(id),
        _ => None,
    };
    s.cursor = Cursor::default();
    Outcome::LoadScreen(app.screen)
}

fn state_cell(r: &QueueRow, app: &App) -> Cell {
    let (lang, t) = (app.lang, app.theme);
    match EntryState::of(r) {
        EntryState::Open if r.deadline < app.ctx.today => Cell::styled(T::EntryOpen.get(lang), t.overdue()),
        EntryState::Open => Cell::new(T::EntryOpen.get(lang)),
        EntryState::Turned => Cell::styled(T::EntryTurned.get(lang), t.info()),
        EntryState::Escalated => {
            let to = r.escalation.map(|e| e.label(lang)).unwrap_or_default();
            Cell::styled(format!("{}{to}", T::EntryEscalated.get(lang)), t.warning())
        }
        EntryState::Finished => Cell::styled(T::EntryFinished.get(lang), t.dim()),
    }
}

/// The queue's columns.
fn queue_cols(lang: Lang) -> Vec<Col> {
    let h = |t: T| t.get(lang);
    vec![
        Col::fixed(h(T::ColNumber), 10),
        Col::flex(h(T::ColTitle)).min(12),
        Col::fixed(h(T::ColReason), 18),
        Col::fixed(h(T::ColUnit), 10),
        Col::fixed(h(T::ColDeadline), 10).drop(2),
        Col::fixed(h(T::ColDue), 10),
        Col::fixed(h(T::ColProgress), 24).drop(3),
        Col::fixed(h(T::ColState), 14),
    ]
}

/// A queue entry's cells.
fn queue_cells(app: &App, r: &QueueRow) -> Vec<Cell> {
    let lang = app.lang;
    // Whose it is: the leader who took the case, or the unsatisfied proposers.
    let reason = match (r.leader.is_empty(), r.reason) {
        (false, _) => format!("{}:{}", r.reason.label(lang), r.leader),
        (true, SecondReason::Feedback) if !r.owners.is_empty() => format!("{}:{}", r.reason.label(lang), r.owners),
        _ => r.reason.label(lang).to_string(),
    };
    // The progress log: how many notes, and the latest.
    let progress = match &r.latest_note {
        Some(n) => format!("{} {} {}", r.progress_notes, n.noted_on.format("%m-%d"), n.text),
        None => app.theme.dash().to_string(),
    };
    vec![
        Cell::number(r.kind, &r.number, lang),
        Cell::new(r.title.clone()),
        Cell::new(reason),
        Cell::new(if r.unit_short.is_empty() { app.theme.dash().to_string() } else { r.unit_short.clone() }),
        Cell::new(r.deadline.to_string()),
        days_cell(r.deadline, r.closed_on.is_none(), app),
        Cell::new(progress),
        state_cell(r, app),
    ]
}

/// The follow-up pane's columns.
fn follow_cols(lang: Lang) -> Vec<Col> {
    let h = |t: T| t.get(lang);
    vec![
        Col::fixed(h(T::ColNumber), 10),
        Col::flex(h(T::ColTitle)).min(12),
        Col::flex(h(T::ColCommitment)).min(12),
        Col::fixed(h(T::ColUnits), 10).drop(2),
        Col::fixed(h(T::ColDueOn), 10).drop(1),
        Col::fixed(h(T::ColDue), 10),
        Col::fixed(h(T::ColCarried), 6).drop(3),
    ]
}

/// A commitment's cells.
fn follow_cells(app: &App, c: &FollowUpRow) -> Vec<Cell> {
    let lang = app.lang;
    vec![
        Cell::number(c.kind, &c.number, lang),
        Cell::new(c.title.clone()),
        Cell::new(c.description.clone()),
        Cell::new(c.units_label.clone()),
        Cell::new(c.due_on.to_string()),
        days_cell(c.due_on, true, app),
        Cell::new(if c.carried { T::Carried.get(lang) } else { "" }),
    ]
}

/// The active filters, as the tab line lists them.
fn filter_notes(app: &App, lang: Lang) -> Vec<String> {
    let f = &app.screens.queue.filter;
    let reason = f.reason.map_or(T::AllReasons.get(lang), |r| r.label(lang));
    let unit = f.unit.map_or(T::AllUnits.get(lang), |u| app.unit_short(u));
    let state = if f.include_closed { T::WithFinished.get(lang) } else { T::OpenOnly.get(lang) };
    vec![format!("{}{reason}", T::Filters.get(lang)), unit.to_string(), state.to_string()]
}

/// Draws the queue screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let (lang, theme) = (app.lang, app.theme);
    let s = &app.screens.queue;
    let overdue = s.follow_overdue;
    title(
        frame,
        r.title,
        &[
            format!(
                "{} {}",
                T::QueueTitle.get(lang),
                T::CountItems.get(lang).replace("{n}", &s.rows.len().to_string())
            ),
            T::TurnedOf.get(lang).replace("{n}", &s.turned.0.to_string()).replace("{m}", &s.turned.1.to_string()),
            T::FollowUpOverdue.get(lang).replace("{n}", &overdue.to_string()),
        ],
        theme,
    );
    let panes = [
        (counted(T::PaneQueue, s.rows.len(), lang), s.pane == QueuePane::Queue),
        (counted(T::PaneFollowUp, s.follow_up.len(), lang), s.pane == QueuePane::FollowUp),
    ];
    let notes = match s.pane {
        QueuePane::Queue => filter_notes(app, lang),
        QueuePane::FollowUp => {
            vec![T::FollowUpWindow.get(lang).replace("{n}", &app.ctx.rules.due_soon_days.to_string())]
        }
    };
    let (tab_area, table_area) = split(r.main);
    tabs(frame, tab_area, &panes, &notes, theme);
    let empty = T::NoRows.get(lang);
    match s.pane {
        QueuePane::Queue => {
            let cells = |r: &QueueRow| queue_cells(app, r);
            list::draw_paged(frame, table_area, &queue_cols(lang), &s.rows, s.cursor, theme, empty, cells);
        }
        QueuePane::FollowUp => {
            let cells = |c: &FollowUpRow| follow_cells(app, c);
            list::draw_paged(frame, table_area, &follow_cols(lang), &s.follow_up, s.follow_cursor, theme, empty, cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_filter_cycles_through_every_reason_and_back_to_all() {
        let mut r = None;
        let mut seen = Vec::new();
        loop {
            r = next_reason(r);
            match r {
                Some(x) => seen.push(x),
                None => break,
            }
        }
        assert_eq!(seen, SecondReason::ALL);
    }
}
