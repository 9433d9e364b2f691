//! The units screen (承办单位, key 5): one row per unit with its items by role, face-to-face
//! replies, the head-reply rule of seed 003 and whether it complies, and 面复率. Enter opens
//! the ledger filtered to the unit. The second pane is the co-handling tracker (会办意见):
//! opinions due, overdue and received; Enter opens the item.
use super::list::{self, Cell, Col, Cursor, Paged};
use super::{counted, days_cell, open_item, open_unit_ledger, page, split, tabs, tick, title, Selection};
use crate::domain::figures::Rate;
pub use crate::store::handling::units::CoFilter;
use crate::store::handling::units::{CoHandlingRow, UnitRow};
use crate::text::{say, Lang, T};
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::views::Regions;
use ratatui::Frame;

/// The two panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitsPane {
    #[default]
    Units,
    /// 会办意见 tracker.
    CoHandling,
}

/// The tracker's label of a filter.
fn filter_label(f: CoFilter, lang: Lang) -> &'static str {
    match f {
        CoFilter::All => T::CoAll,
        CoFilter::Overdue => T::CoOverdue,
        CoFilter::Due => T::CoDue,
        CoFilter::Received => T::CoReceived,
    }
    .get(lang)
}

/// The units screen's state.
#[derive(Debug, Clone, Default)]
pub struct UnitsState {
    pub pane: UnitsPane,
    pub rows: Vec<UnitRow>,
    pub cursor: Cursor,
    /// The opinions `filter` keeps: ids and a window of rows (every co-handling assignment
    /// of a large ledger may be listed).
    pub tracker: Paged<CoHandlingRow>,
    /// Every opinion the tracker lists (whatever the filter), and those overdue.
    pub co_counts: (u32, u32),
    pub filter: CoFilter,
    /// The filter changed: the tracker's ids are read again (by [`super::load::fill`]).
    pub reread: bool,
    pub co_cursor: Cursor,
}

impl UnitsState {
    /// Replaces the rows read from the store, keeping both selections on the same rows.
    pub fn set(&mut self, rows: Vec<UnitRow>, tracker: Vec<i64>, co_counts: (u32, u32)) {
        let unit = self.selected_unit().map(|u| u.unit_id);
        self.rows = rows;
        self.cursor.keep(unit, self.rows.iter().map(|u| u.unit_id));
        self.set_tracker(tracker);
        self.co_counts = co_counts;
    }

    /// Replaces the tracker's ids (the opinions the filter keeps, in the tracker's order),
    /// keeping the selection on the same opinion.
    pub fn set_tracker(&mut self, ids: Vec<i64>) {
        self.tracker.set_ids(ids, &mut self.co_cursor);
    }

    pub fn selected_unit(&self) -> Option<&UnitRow> {
        self.rows.get(self.cursor.selected)
    }

    pub fn selected_opinion(&self) -> Option<&CoHandlingRow> {
        self.tracker.row(self.co_cursor.selected)
    }

    /// The selected row's ids.
    pub fn selection(&self) -> Option<Selection> {
        match self.pane {
            UnitsPane::Units => {
                self.selected_unit().map(|u| Selection { unit_id: Some(u.unit_id), ..Selection::default() })
            }
            UnitsPane::CoHandling => self.selected_opinion().map(|o| Selection {
                item_id: Some(o.item_id),
                assignment_id: Some(o.assignment_id),
                ..Selection::default()
            }),
        }
    }

    /// Keeps the cursors on a page.
    pub fn clamp(&mut self, page: usize) {
        self.cursor.follow(self.rows.len(), page);
        self.co_cursor.follow(self.tracker.len(), page);
    }
}

/// Applies an action on the units screen.
pub fn update(app: &mut App, action: Action) -> Outcome {
    let page = page(app.size);
    let s = &mut app.screens.units;
    let len = match s.pane {
        UnitsPane::Units => s.rows.len(),
        UnitsPane::CoHandling => s.tracker.len(),
    };
    let cursor = match s.pane {
        UnitsPane::Units => &mut s.cursor,
        UnitsPane::CoHandling => &mut s.co_cursor,
    };
    if cursor.step(&action, len, page) {
        return Outcome::Continue;
    }
    match action {
        Action::NextPane | Action::PrevPane => {
            s.pane = match s.pane {
                UnitsPane::Units => UnitsPane::CoHandling,
                UnitsPane::CoHandling => UnitsPane::Units,
            };
            Outcome::Continue
        }
        Action::FilterStatus if s.pane == UnitsPane::CoHandling => {
            s.filter = s.filter.next();
            s.co_cursor = Cursor::default();
            s.reread = true;
            Outcome::Continue
        }
        Action::ClearFilters => {
            s.reread = s.filter != CoFilter::All;
            s.filter = CoFilter::All;
            s.co_cursor = Cursor::default();
            Outcome::Continue
        }
        Action::OpenEntry => match s.pane {
            UnitsPane::Units => {
                let unit = s.selected_unit().map(|u| u.unit_id);
                open_unit_ledger(app, unit)
            }
            UnitsPane::CoHandling => {
                let item = s.selected_opinion().map(|o| o.item_id);
                open_item(app, item)
            }
        },
        _ => Outcome::Continue,
    }
}

fn unit_table(app: &App) -> (Vec<Col>, Vec<Vec<Cell>>) {
    let (lang, theme) = (app.lang, app.theme);
    let h = |t: T| t.get(lang);
    let cols = vec![
        Col::flex(h(T::ColUnit)),
        Col::fixed(h(T::ColLeadN), 6).right(),
        Col::fixed(h(T::ColSplitN), 6).right(),
        Col::fixed(h(T::ColCoN), 6).right(),
        Col::fixed(h(T::ColFaceToFace), 6).right(),
        Col::fixed(h(T::ColHeadReplies), 12).right(),
        Col::fixed(h(T::ColComplies), 6),
        Col::fixed(h(T::ColFaceToFaceRate), 8).right(),
        Col::fixed(h(T::ColHead), 8).drop(1),
    ];
    let rows = app
        .screens
        .units
        .rows
        .iter()
        .map(|u| {
            let rule = u.head_rule;
            let (ok, style) = tick(rule.complies(), theme);
            let rate = Rate { num: u.face_to_face, den: u.lead + u.split };
            vec![
                Cell::new(u.short_name.clone()),
                Cell::new(u.lead.to_string()),
                Cell::new(u.split.to_string()),
                Cell::new(u.co_handling.to_string()),
                Cell::new(u.face_to_face.to_string()),
                Cell::styled(format!("{}/{}", rule.head_items, rule.required), style),
                Cell::styled(ok, style),
                Cell::new(rate.tenths().map(crate::domain::figures::fmt_tenths).unwrap_or_else(|| theme.dash().into())),
                Cell::new(u.head.clone()),
            ]
        })
        .collect();
    (cols, rows)
}

/// The tracker's columns.
fn tracker_cols(lang: Lang) -> Vec<Col> {
    let h = |t: T| t.get(lang);
    vec![
        Col::fixed(h(T::ColNumber), 10),
        Col::flex(h(T::ColTitle)).min(16),
        Col::fixed(h(T::ColCoUnit), 12),
        Col::fixed(h(T::ColDeadline), 10).drop(1),
        Col::fixed(h(T::ColOpinion), 16),
    ]
}

/// A tracker row's cells.
fn tracker_cells(app: &App, o: &CoHandlingRow) -> Vec<Cell> {
    let (lang, theme) = (app.lang, app.theme);
    let state = match o.received_on {
        Some(d) => Cell::styled(T::ReceivedOn.get(lang).replace("{d}", &d.format("%m-%d").to_string()), theme.info()),
        None => days_cell(o.deadline, true, app),
    };
    vec![
        Cell::number(o.kind, &o.number, lang),
        Cell::new(o.title.clone()),
        Cell::new(o.unit_short.clone()),
        Cell::new(o.deadline.to_string()),
        state,
    ]
}

/// Draws the units screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let (lang, theme) = (app.lang, app.theme);
    let s = &app.screens.units;
    let threshold = app.ctx.rules.face_to_face.head_threshold.to_string();
    let failing = s.rows.iter().filter(|u| !u.head_rule.complies()).count();
    title(
        frame,
        r.title,
        &[
            format!(
                "{} {}",
                T::UnitsTitle.get(lang),
                T::CountUnits.get(lang).replace("{n}", &s.rows.len().to_string())
            ),
            T::NotComplying.get(lang).replace("{n}", &failing.to_string()),
            T::HeadRuleText.get(lang).replace("{n}", &threshold),
        ],
        theme,
    );
    let (listed, overdue) = s.co_counts;
    let panes = [
        (counted(T::PaneUnits, s.rows.len(), lang), s.pane == UnitsPane::Units),
        (counted(T::PaneCoHandling, listed as usize, lang), s.pane == UnitsPane::CoHandling),
    ];
    let notes = match s.pane {
        UnitsPane::Units => app
            .keymap
            .hint_key(Mode::Units, &Action::OpenEntry)
            .map(|k| say::unit_items_key(lang, k))
            .into_iter()
            .collect(),
        UnitsPane::CoHandling => {
            let filter = filter_label(s.filter, lang);
            vec![format!("{}{filter}", T::Filters.get(lang)), counted(T::CoOverdue, overdue as usize, lang)]
        }
    };
    let (tab_area, table_area) = split(r.main);
    tabs(frame, tab_area, &panes, &notes, theme);
    let empty = T::NoRows.get(lang);
    match s.pane {
        UnitsPane::Units => {
            let (cols, rows) = unit_table(app);
            list::draw(frame, table_area, &cols, &rows, s.cursor, theme, empty);
        }
        UnitsPane::CoHandling => {
            let cells = |o: &CoHandlingRow| tracker_cells(app, o);
            list::draw_paged(frame, table_area, &tracker_cols(lang), &s.tracker, s.co_cursor, theme, empty, cells);
        }
    }
}
