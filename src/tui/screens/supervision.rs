//! Supervision (督办, key 4): work overdue and work due within the rules' due-soon window
//! (`due_soon_days`), by deadline or by unit, with each unit's role and the reminders logged
//! on the item; the office's own work due in the same window (办公室待办: assigning items
//! filed between sessions, answering reassignment requests, feedback forms back, publishing
//! replies; [`crate::domain::office_due`]); and the unit ranking computed from the ledger, sortable by each column, with
//! the ranking notice (排名通报) exported as a text file beside the database.
use super::list::{self, Cell, Col, Cursor, Paged};
use super::{counted, days_cell, open_item, open_unit_ledger, page, split, tabs, tick, title, Selection};
use crate::domain::office_due::OfficeWork;
use crate::domain::ranking::{sort_by, RankColumn, RankRow};
use crate::store::followup::office_due::{OfficeDueRow, OfficeKey};
use crate::store::followup::supervision::{DueIds, DueRow};
use crate::text::{Lang, T};
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::App;
use crate::tui::views::Regions;
use ratatui::Frame;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SupervisionPane {
    #[default]
    Overdue,
    DueSoon,
    /// The office's own work (办公室待办), overdue and due soon together.
    Office,
    Ranking,
}

impl SupervisionPane {
    fn next(self) -> SupervisionPane {
        match self {
            SupervisionPane::Overdue => SupervisionPane::DueSoon,
            SupervisionPane::DueSoon => SupervisionPane::Office,
            SupervisionPane::Office => SupervisionPane::Ranking,
            SupervisionPane::Ranking => SupervisionPane::Overdue,
        }
    }

    fn prev(self) -> SupervisionPane {
        self.next().next().next()
    }
}

/// The order of the overdue and due-soon lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueSort {
    #[default]
    Deadline,
    /// By unit, then role, then deadline: one unit's work together.
    Unit,
}

/// The supervision screen's state.
#[derive(Debug, Clone, Default)]
pub struct SupervisionState {
    pub pane: SupervisionPane,
    /// Work past its deadline, in `due_sort` order: ids and a window of rows (a 1M ledger
    /// may have most of its assignments here).
    pub overdue: Paged<DueRow>,
    /// Work due from today on, within the window, in `due_sort` order.
    pub due_soon: Paged<DueRow>,
    pub due_sort: DueSort,
    /// The order changed: the due lists' ids are read again (by [`super::load::fill`]).
    pub reread: bool,
    pub overdue_cursor: Cursor,
    pub due_cursor: Cursor,
    /// The office's work due within the window, overdue included, by deadline: keys and a
    /// window of rows.
    pub office: Paged<OfficeDueRow, OfficeKey>,
    pub office_cursor: Cursor,
    /// The ranking, in `rank_sort` order.
    pub ranking: Vec<RankRow>,
    pub rank_sort: RankColumn,
    pub rank_cursor: Cursor,
}

impl SupervisionState {
    /// Replaces the due lists' ids read from the store, keeping the selections on the same
    /// assignments.
    pub fn set_due(&mut self, ids: DueIds) {
        self.overdue.set_ids(ids.overdue, &mut self.overdue_cursor);
        self.due_soon.set_ids(ids.due_soon, &mut self.due_cursor);
    }

    /// Replaces the office's work and the ranking read from the store, keeping the
    /// selections on the same rows.
    pub fn set(&mut self, office: Vec<OfficeKey>, mut ranking: Vec<RankRow>) {
        let unit = self.ranking.get(self.rank_cursor.selected).map(|r| r.unit_id);
        self.office.set_ids(office, &mut self.office_cursor);
        sort_by(&mut ranking, self.rank_sort);
        self.ranking = ranking;
        self.rank_cursor.keep(unit, self.ranking.iter().map(|r| r.unit_id));
    }

    /// The selected due row of the current pane.
    fn selected_work(&self) -> Option<&DueRow> {
        match self.pane {
            SupervisionPane::Overdue => self.overdue.row(self.overdue_cursor.selected),
            SupervisionPane::DueSoon => self.due_soon.row(self.due_cursor.selected),
            SupervisionPane::Office | SupervisionPane::Ranking => None,
        }
    }

    /// The selected row's ids (a reminder is logged per unit, on an item or on the unit).
    pub fn selection(&self) -> Option<Selection> {
        match self.pane {
            SupervisionPane::Ranking => self
                .ranking
                .get(self.rank_cursor.selected)
                .map(|r| Selection { unit_id: Some(r.unit_id), ..Selection::default() }),
            SupervisionPane::Office => self
                .office
                .row(self.office_cursor.selected)
                .map(|w| Selection { item_id: Some(w.item_id), ..Selection::default() }),
            _ => self.selected_work().map(|w| Selection {
                item_id: Some(w.item_id),
                unit_id: Some(w.unit_id),
                ..Selection::default()
            }),
        }
    }

    /// Keeps the cursors on a page.
    pub fn clamp(&mut self, page: usize) {
        self.overdue_cursor.follow(self.overdue.len(), page);
        self.due_cursor.follow(self.due_soon.len(), page);
        self.office_cursor.follow(self.office.len(), page);
        self.rank_cursor.follow(self.ranking.len(), page);
    }
}

/// Applies an action on the supervision screen.
pub fn update(app: &mut App, action: Action) -> Outcome {
    let page = page(app.size);
    let s = &mut app.screens.supervision;
    let (o, d, n) = (s.overdue.len(), s.due_soon.len(), s.ranking.len());
    let f = s.office.len();
    let (cursor, len) = match s.pane {
        SupervisionPane::Overdue => (&mut s.overdue_cursor, o),
        SupervisionPane::DueSoon => (&mut s.due_cursor, d),
        SupervisionPane::Office => (&mut s.office_cursor, f),
        SupervisionPane::Ranking => (&mut s.rank_cursor, n),
    };
    if cursor.step(&action, len, page) {
        return Outcome::Continue;
    }
    match action {
        Action::NextPane => {
            s.pane = s.pane.next();
            Outcome::Continue
        }
        Action::PrevPane => {
            s.pane = s.pane.prev();
            Outcome::Continue
        }
        Action::CycleSort => {
            match s.pane {
                SupervisionPane::Ranking => {
                    s.rank_sort = s.rank_sort.next();
                    sort_by(&mut s.ranking, s.rank_sort);
                    s.rank_cursor = Cursor::default();
                }
                _ => {
                    s.due_sort = match s.due_sort {
                        DueSort::Deadline => DueSort::Unit,
                        DueSort::Unit => DueSort::Deadline,
                    };
                    s.overdue_cursor = Cursor::default();
                    s.due_cursor = Cursor::default();
                    s.reread = true;
                }
            }
            Outcome::Continue
        }
        Action::ExportRanking => Outcome::ExportRanking,
        Action::RecordPublished => match s.office.row(s.office_cursor.selected) {
            Some(w) if s.pane == SupervisionPane::Office && w.work == OfficeWork::PublishReply => {
                Outcome::RecordPublished(w.item_id)
            }
            _ => {
                let msg = T::PublishOnlyHere.get(app.lang).to_string();
                app.say(crate::tui::app::Level::Warning, msg);
                Outcome::Continue
            }
        },
        Action::OpenEntry => match s.pane {
            SupervisionPane::Ranking => {
                let unit = s.ranking.get(s.rank_cursor.selected).map(|r| r.unit_id);
                open_unit_ledger(app, unit)
            }
            SupervisionPane::Office => {
                let item = s.office.row(s.office_cursor.selected).map(|w| w.item_id);
                open_item(app, item)
            }
            _ => {
                let item = s.selected_work().map(|w| w.item_id);
                open_item(app, item)
            }
        },
        _ => Outcome::Continue,
    }
}

/// The due lists' columns.
fn due_cols(app: &App) -> Vec<Col> {
    let h = |t: T| t.get(app.lang);
    let by_unit = app.screens.supervision.due_sort == DueSort::Unit;
    vec![
        Col::fixed(h(T::ColNumber), 10),
        Col::flex(h(T::ColTitle)).min(12),
        Col::fixed(h(T::ColUnit), 10).sorted(by_unit),
        Col::fixed(h(T::ColRole), 8),
        Col::fixed(h(T::ColDeadline), 10).drop(2).sorted(!by_unit),
        Col::fixed(h(T::ColDue), 10),
        Col::fixed(h(T::ColReminders), 6).right(),
        Col::fixed(h(T::ColKeyLeader), 12).drop(1),
    ]
}

/// A due row's cells.
fn due_cells(app: &App, w: &DueRow) -> Vec<Cell> {
    let (lang, theme) = (app.lang, app.theme);
    let key = match (w.key, w.leader.is_empty()) {
        (false, true) => String::new(),
        (false, false) => w.leader.clone(),
        (true, true) => T::KeyItem.get(lang).to_string(),
        (true, false) => format!("{} {}", T::KeyItem.get(lang), w.leader),
    };
    let reminders = if w.reminders > 0 { theme.warning() } else { theme.dim() };
    vec![
        Cell::number(w.kind, &w.number, lang),
        Cell::new(w.title.clone()),
        Cell::new(w.unit_short.clone()),
        Cell::new(w.role.label(lang)),
        Cell::new(w.deadline.to_string()),
        days_cell(w.deadline, true, app),
        Cell::styled(w.reminders.to_string(), reminders),
        Cell::new(key),
    ]
}

/// The office pane's columns.
fn office_cols(lang: Lang) -> Vec<Col> {
    let h = |t: T| t.get(lang);
    vec![
        Col::fixed(h(T::ColNumber), 10),
        Col::flex(h(T::ColTitle)).min(12),
        Col::fixed(h(T::ColOfficeWork), 14),
        Col::fixed(h(T::ColWhom), 12).drop(1),
        Col::fixed(h(T::ColFrom), 10).drop(2),
        Col::fixed(h(T::ColDeadline), 10).sorted(true),
        Col::fixed(h(T::ColDue), 10),
    ]
}

/// A piece of office work's cells.
fn office_cells(app: &App, w: &OfficeDueRow) -> Vec<Cell> {
    let lang = app.lang;
    vec![
        Cell::number(w.kind, &w.number, lang),
        Cell::new(w.title.clone()),
        Cell::new(w.work.label(lang)),
        Cell::new(w.whom.clone()),
        Cell::new(w.from.to_string()),
        Cell::new(deadline_text(w, lang)),
        days_cell(w.due.date, true, app),
    ]
}

/// The deadline, marked when the holiday calendar does not cover its year.
fn deadline_text(w: &OfficeDueRow, lang: Lang) -> String {
    match w.due.confirmed {
        true => w.due.date.to_string(),
        false => format!("{}{}", w.due.date, T::Unconfirmed.get(lang)),
    }
}

/// The name of a ranking column.
pub fn column_label(c: RankColumn, lang: Lang) -> &'static str {
    match c {
        RankColumn::Rank => T::ColRank,
        RankColumn::OnTime => T::ColOnTimeRate,
        RankColumn::Overdue => T::ColOverdue,
        RankColumn::FaceToFace => T::ColHeadReplies,
        RankColumn::Satisfaction => T::ColSatisfaction,
        RankColumn::SecondRounds => T::ColSecondRounds,
    }
    .get(lang)
}

fn ranking_table(app: &App) -> (Vec<Col>, Vec<Vec<Cell>>) {
    let (lang, theme) = (app.lang, app.theme);
    let h = |t: T| t.get(lang);
    let sort = app.screens.supervision.rank_sort;
    let col = |c: RankColumn, max: usize| Col::fixed(column_label(c, lang), max).right().sorted(sort == c);
    let cols = vec![
        col(RankColumn::Rank, 4),
        Col::flex(h(T::ColUnit)),
        Col::fixed(h(T::ColItems), 6).right(),
        Col::fixed(h(T::ColReplied), 6).right().drop(2),
        col(RankColumn::OnTime, 8),
        col(RankColumn::Overdue, 6),
        Col { right: false, ..col(RankColumn::FaceToFace, 12) },
        col(RankColumn::Satisfaction, 8),
        col(RankColumn::SecondRounds, 8).drop(1),
    ];
    let pct = |r: crate::domain::figures::Rate| r.tenths().map(crate::domain::figures::fmt_tenths);
    let rows = app
        .screens
        .supervision
        .ranking
        .iter()
        .map(|r| {
            let (ok, style) = tick(r.head_rule.complies(), theme);
            let overdue = if r.overdue > 0 { theme.overdue() } else { Default::default() };
            vec![
                Cell::new(r.rank.to_string()),
                Cell::new(r.short_name.clone()),
                Cell::new(r.items.to_string()),
                Cell::new(r.replied.to_string()),
                Cell::new(pct(r.on_time_rate()).unwrap_or_else(|| theme.dash().into())),
                Cell::styled(r.overdue.to_string(), overdue),
                Cell::styled(format!("{}/{} {ok}", r.head_rule.head_items, r.head_rule.required), style),
                Cell::new(pct(r.satisfaction_rate()).unwrap_or_else(|| theme.dash().into())),
                Cell::new(r.second_rounds.to_string()),
            ]
        })
        .collect();
    (cols, rows)
}

/// Draws the supervision screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let (lang, theme) = (app.lang, app.theme);
    let s = &app.screens.supervision;
    let days = app.ctx.rules.due_soon_days.to_string();
    let (overdue, due) = (&s.overdue, &s.due_soon);
    title(
        frame,
        r.title,
        &[
            T::SupervisionTitle.get(lang).to_string(),
            T::OverdueWork.get(lang).replace("{n}", &overdue.len().to_string()),
            T::DueWithin.get(lang).replace("{d}", &days).replace("{n}", &due.len().to_string()),
            counted(T::PaneOffice, s.office.len(), lang),
        ],
        theme,
    );
    let panes = [
        (counted(T::PaneOverdue, overdue.len(), lang), s.pane == SupervisionPane::Overdue),
        (
            format!("{} {}", T::PaneDueSoon.get(lang).replace("{d}", &days), due.len()),
            s.pane == SupervisionPane::DueSoon,
        ),
        (counted(T::PaneOffice, s.office.len(), lang), s.pane == SupervisionPane::Office),
        (counted(T::PaneRanking, s.ranking.len(), lang), s.pane == SupervisionPane::Ranking),
    ];
    let sort = match (s.pane, s.due_sort) {
        (SupervisionPane::Ranking, _) => column_label(s.rank_sort, lang),
        (_, DueSort::Deadline) => T::SortDeadline.get(lang),
        (_, DueSort::Unit) => T::ColUnit.get(lang),
    };
    let mut notes = vec![format!("{}{sort}", T::SortBy.get(lang))];
    if let (SupervisionPane::Ranking, Some(key)) =
        (s.pane, app.keymap.hint_key(crate::tui::keymap::Mode::Supervision, &Action::OpenEntry))
    {
        notes.push(crate::text::say::unit_items_key(lang, key));
    }
    if let (SupervisionPane::Office, Some(key)) =
        (s.pane, app.keymap.hint_key(crate::tui::keymap::Mode::Supervision, &Action::RecordPublished))
    {
        notes.push(format!("{key} {}", T::ActRecordPublished.get(lang)));
    }
    let (tab_area, table_area) = split(r.main);
    tabs(frame, tab_area, &panes, &notes, theme);
    let empty = T::NoRows.get(lang);
    let (cols, rows, cursor) = match s.pane {
        SupervisionPane::Overdue | SupervisionPane::DueSoon => {
            let (list, cursor) =
                if s.pane == SupervisionPane::Overdue { (overdue, s.overdue_cursor) } else { (due, s.due_cursor) };
            let cells = |w: &DueRow| due_cells(app, w);
            return list::draw_paged(frame, table_area, &due_cols(app), list, cursor, theme, empty, cells);
        }
        SupervisionPane::Office => {
            let cells = |w: &OfficeDueRow| office_cells(app, w);
            return list::draw_paged(
                frame,
                table_area,
                &office_cols(lang),
                &s.office,
                s.office_cursor,
                theme,
                empty,
                cells,
            );
        }
        SupervisionPane::Ranking => {
            let (c, r) = ranking_table(app);
            (c, r, s.rank_cursor)
        }
    };
    list::draw(frame, table_area, &cols, &rows, cursor, theme, empty);
}
