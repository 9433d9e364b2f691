//! 考评 (key 7): the year-end evaluation of the units ([`crate::store::evaluation`]). The
//! first pane is the table of each unit's components, deductions, marks, total and grade,
//! sortable by each column (`s`), with the selected unit's reason for its grade below; the
//! second the excellent-item candidates the rule proposes; the third the office's
//! commendation list. `m` puts the selected unit or candidate on the list, or takes it off
//! (the store allows it to office administrators and clerks only: a leader reads the screen,
//! a unit clerk is told the evaluation is not theirs). Enter opens the unit's items or the item.
use super::list::{self, Cell, Col, Cursor};
use super::{open_item, open_unit_ledger, page, split, tabs, title, Selection};
use crate::store::evaluation::{EvalRow, Evaluation, Honour};
use crate::store::Store;
use crate::text::T;
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::{App, Level};
use crate::tui::views::Regions;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvalPane {
    #[default]
    Units,
    Candidates,
    Commended,
}

impl EvalPane {
    fn next(self) -> EvalPane {
        match self {
            EvalPane::Units => EvalPane::Candidates,
            EvalPane::Candidates => EvalPane::Commended,
            EvalPane::Commended => EvalPane::Units,
        }
    }
}

/// A change to the commendation list asked from the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommendChange {
    Add {
        year: i32,
        honour: Honour,
    },
    /// Entry id on the list.
    Remove(i64),
}

/// The screen's state.
#[derive(Debug, Clone, Default)]
pub struct EvaluationState {
    pub pane: EvalPane,
    pub data: Option<Evaluation>,
    /// Why there is nothing to show (a unit clerk's refusal), in the UI language.
    pub refused: Option<String>,
    /// 0: the office's order; 1: total; 2…: each component, in the scheme's order.
    pub sort: usize,
    pub cursor: Cursor,
    pub cand_cursor: Cursor,
    pub list_cursor: Cursor,
}

impl EvaluationState {
    /// Replaces the evaluation read from the store, keeping the selected unit.
    pub fn set(&mut self, e: Evaluation) {
        let unit = self.selected_unit().map(|r| r.unit.id);
        self.data = Some(e);
        self.refused = None;
        let ids: Vec<i64> = self.units().iter().map(|r| r.unit.id).collect();
        self.cursor.keep(unit, ids.into_iter());
    }

    /// The units in the chosen order (highest first for a score column).
    pub fn units(&self) -> Vec<&EvalRow> {
        let Some(e) = &self.data else { return Vec::new() };
        let mut rows: Vec<&EvalRow> = e.rows.iter().collect();
        let key = |r: &EvalRow| match self.sort {
            0 => 0.0,
            1 => r.score.total,
            n => r.score.components.get(n - 2).map_or(0.0, |c| c.points),
        };
        if self.sort > 0 {
            rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
        }
        rows
    }

    pub fn selected_unit(&self) -> Option<&EvalRow> {
        self.units().get(self.cursor.selected).copied()
    }

    fn columns(&self) -> usize {
        self.data.as_ref().map_or(0, |e| e.scheme.components.len())
    }

    fn len(&self) -> usize {
        let Some(e) = &self.data else { return 0 };
        match self.pane {
            EvalPane::Units => e.rows.len(),
            EvalPane::Candidates => e.candidates.len(),
            EvalPane::Commended => e.commended.len(),
        }
    }

    /// The selected row's item or unit.
    pub fn selection(&self) -> Option<Selection> {
        let e = self.data.as_ref()?;
        match self.pane {
            EvalPane::Units => {
                self.selected_unit().map(|r| Selection { unit_id: Some(r.unit.id), ..Selection::default() })
            }
            EvalPane::Candidates => e
                .candidates
                .get(self.cand_cursor.selected)
                .map(|c| Selection { item_id: Some(c.item_id), ..Selection::default() }),
            EvalPane::Commended => e.commended.get(self.list_cursor.selected).map(|c| Selection {
                item_id: c.item_id,
                unit_id: c.unit_id,
                ..Selection::default()
            }),
        }
    }

    /// What `m` does on the selected row: on the list, off it.
    fn toggle(&self) -> Option<CommendChange> {
        let e = self.data.as_ref()?;
        let on_list = |item: Option<i64>, unit: Option<i64>| {
            e.commended.iter().find(|c| c.item_id == item && c.unit_id == unit).map(|c| c.id)
        };
        let add = |honour| CommendChange::Add { year: e.year, honour };
        match self.pane {
            EvalPane::Units => {
                let id = self.selected_unit()?.unit.id;
                Some(on_list(None, Some(id)).map_or(add(Honour::Unit(id)), CommendChange::Remove))
            }
            EvalPane::Candidates => {
                let id = e.candidates.get(self.cand_cursor.selected)?.item_id;
                Some(on_list(Some(id), None).map_or(add(Honour::Item(id)), CommendChange::Remove))
            }
            EvalPane::Commended => e.commended.get(self.list_cursor.selected).map(|c| CommendChange::Remove(c.id)),
        }
    }

    /// Keeps the cursors on a page.
    pub fn clamp(&mut self, page: usize) {
        let Some(e) = &self.data else { return };
        let (a, b, c) = (e.rows.len(), e.candidates.len(), e.commended.len());
        self.cursor.follow(a, page);
        self.cand_cursor.follow(b, page);
        self.list_cursor.follow(c, page);
    }
}

/// Rows of the unit table: the table area less the lines the reason takes.
fn unit_page(size: (u16, u16)) -> usize {
    page(size).saturating_sub(WHY_LINES).max(1)
}

/// Lines under the unit table for the selected unit's reason.
const WHY_LINES: usize = 3;

/// Applies an action on the evaluation screen.
pub fn update(app: &mut App, action: Action) -> Outcome {
    let (pg, upg) = (page(app.size), unit_page(app.size));
    let s = &mut app.screens.evaluation;
    let len = s.len();
    let stepped = match s.pane {
        EvalPane::Units => s.cursor.step(&action, len, upg),
        EvalPane::Candidates => s.cand_cursor.step(&action, len, pg),
        EvalPane::Commended => s.list_cursor.step(&action, len, pg),
    };
    if stepped {
        return Outcome::Continue;
    }
    match action {
        Action::NextPane => s.pane = s.pane.next(),
        Action::PrevPane => s.pane = s.pane.next().next(),
        Action::CycleSort if s.pane == EvalPane::Units => {
            let unit = s.selected_unit().map(|r| r.unit.id);
            s.sort = (s.sort + 1) % (s.columns() + 2);
            let ids: Vec<i64> = s.units().iter().map(|r| r.unit.id).collect();
            s.cursor.keep(unit, ids.into_iter());
            s.cursor.follow(len, upg);
        }
        Action::ToggleCommend => {
            if let Some(change) = s.toggle() {
                return Outcome::Commend(change);
            }
        }
        Action::OpenEntry => {
            let sel = s.selection().unwrap_or_default();
            return match sel.item_id {
                Some(id) => open_item(app, Some(id)),
                None => open_unit_ledger(app, sel.unit_id),
            };
        }
        _ => {}
    }
    Outcome::Continue
}

/// Reads the evaluation of the latest meeting's year; a unit clerk is refused with the
/// store's words, shown in place of the table.
pub fn load(store: &Store, app: &mut App) -> crate::store::Result<()> {
    let s = &mut app.screens.evaluation;
    let year = match &s.data {
        Some(e) => e.year,
        None => store.latest_year()?,
    };
    match store.evaluation(year) {
        Ok(e) => s.set(e),
        Err(e @ crate::store::StoreError::Rule { .. }) => {
            s.data = None;
            s.refused = Some(e.message(app.lang));
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Writes a change to the commendation list, says what happened, and reads the screen again.
pub fn apply(store: &mut Store, app: &mut App, change: CommendChange) {
    let lang = app.lang;
    let done = match change {
        CommendChange::Add { year, honour } => {
            store.commend(year, honour, "").map(|id| crate::text::say::commended(lang, year, id))
        }
        CommendChange::Remove(id) => store.uncommend(id).map(|()| crate::text::say::uncommended(lang, id)),
    };
    match done {
        Ok(m) => {
            if let Err(e) = load(store, app) {
                return app.say(Level::Error, e.message(lang));
            }
            app.say(Level::Info, m);
        }
        Err(e) => app.say(Level::Error, e.message(lang)),
    }
}

fn unit_table(app: &App) -> (Vec<Col>, Vec<Vec<Cell>>) {
    let s = &app.screens.evaluation;
    let Some(e) = &s.data else { return (Vec::new(), Vec::new()) };
    let lang = app.lang;
    let short = |label: &str| label.chars().take(4).collect::<String>();
    let mut cols = vec![Col::flex(T::ColUnit.get(lang)).min(10)];
    let n = e.scheme.components.len();
    for (i, c) in e.scheme.components.iter().enumerate() {
        // The smaller components go first when the window is narrow; the reason line
        // still names every point lost.
        let drop = 1 + (n - i) as u8 + u8::from(c.points < 15.0) * 10;
        cols.push(Col::fixed(&short(&c.label), 8).right().drop(drop).sorted(s.sort == i + 2));
    }
    cols.push(Col::fixed(T::EvalDeducted.get(lang), 6).right().drop(1));
    cols.push(Col::fixed(T::EvalMarks.get(lang), 6).right().drop(1));
    cols.push(Col::fixed(T::EvalTotal.get(lang), 6).right().sorted(s.sort == 1));
    cols.push(Col::fixed(T::EvalGrade.get(lang), 6));
    let rows = s
        .units()
        .iter()
        .map(|r| {
            let mut v = vec![Cell::new(r.unit.short_name.clone())];
            v.extend(r.score.components.iter().map(|c| Cell::new(format!("{:.1}", c.points))));
            v.push(Cell::new(format!("{:.1}", r.score.deductions)));
            let marks = r.score.marks_total;
            v.push(Cell::new(if marks == 0.0 { "0.0".into() } else { format!("{marks:+.1}") }));
            v.push(Cell::styled(format!("{:.1}", r.score.total), app.theme.title()));
            v.push(Cell::new(r.score.grade.clone()));
            v
        })
        .collect();
    (cols, rows)
}

fn candidate_table(app: &App) -> (Vec<Col>, Vec<Vec<Cell>>) {
    let lang = app.lang;
    let Some(e) = &app.screens.evaluation.data else { return (Vec::new(), Vec::new()) };
    let cols = vec![
        Col::fixed(T::ColNumber.get(lang), 10),
        Col::flex(T::ColTitle.get(lang)).min(16),
        Col::fixed(T::ColUnit.get(lang), 16).drop(2),
        Col::fixed(T::EvalBecause.get(lang), 24).drop(1),
        Col::fixed(T::EvalCommended.get(lang), 6),
    ];
    let (yes, _) = super::tick(true, app.theme);
    let rows = e
        .candidates
        .iter()
        .map(|c| {
            vec![
                Cell::number(c.kind, &c.number, lang),
                Cell::new(c.title.clone()),
                Cell::new(c.units.clone()),
                Cell::new(c.because_words()),
                Cell::new(if c.commended { yes.clone() } else { String::new() }),
            ]
        })
        .collect();
    (cols, rows)
}

fn list_table(app: &App) -> (Vec<Col>, Vec<Vec<Cell>>) {
    let lang = app.lang;
    let Some(e) = &app.screens.evaluation.data else { return (Vec::new(), Vec::new()) };
    let cols = vec![
        Col::fixed("#", 4).right(),
        Col::fixed(T::EvalHonour.get(lang), 12),
        Col::flex(T::EvalName.get(lang)).min(16),
        Col::fixed(T::EvalNote.get(lang), 20).drop(1),
    ];
    let rows = e
        .commended
        .iter()
        .map(|c| {
            vec![Cell::new(c.id.to_string()), Cell::new(c.honour), Cell::new(c.name.clone()), Cell::new(c.note.clone())]
        })
        .collect();
    (cols, rows)
}

/// Draws the evaluation screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let (lang, theme) = (app.lang, app.theme);
    let s = &app.screens.evaluation;
    let Some(e) = &s.data else {
        title(frame, r.title, &[T::EvalTitle.get(lang).to_string()], theme);
        let text = s.refused.clone().unwrap_or_default();
        frame.render_widget(Paragraph::new(text).style(theme.dim()).wrap(Wrap { trim: true }), r.main);
        return;
    };
    let graded: Vec<String> = e
        .scheme
        .grades
        .iter()
        .map(|g| format!("{}{}", g.label, e.rows.iter().filter(|r| r.score.grade == g.label).count()))
        .collect();
    title(
        frame,
        r.title,
        &[
            format!("{} {}", e.year, T::EvalTitle.get(lang)),
            graded.join(" "),
            T::EvalFull.get(lang).replace("{n}", &format!("{}", e.scheme.full_points())),
        ],
        theme,
    );
    let panes = [
        (super::counted(T::EvalPaneUnits, e.rows.len(), lang), s.pane == EvalPane::Units),
        (super::counted(T::EvalPaneCandidates, e.candidates.len(), lang), s.pane == EvalPane::Candidates),
        (super::counted(T::EvalPaneList, e.commended.len(), lang), s.pane == EvalPane::Commended),
    ];
    let mut notes = Vec::new();
    if s.pane == EvalPane::Units {
        let sorted = match s.sort {
            0 => T::EvalOrder.get(lang).to_string(),
            1 => T::EvalTotal.get(lang).to_string(),
            n => e.scheme.components.get(n - 2).map(|c| c.label.clone()).unwrap_or_default(),
        };
        notes.push(format!("{}{sorted}", T::SortBy.get(lang)));
    }
    if let Some(key) = app.keymap.hint_key(crate::tui::keymap::Mode::Evaluation, &Action::ToggleCommend) {
        notes.push(format!("{key} {}", Action::ToggleCommend.label(lang)));
    }
    let (tab_area, table_area) = split(r.main);
    tabs(frame, tab_area, &panes, &notes, theme);
    match s.pane {
        EvalPane::Units => {
            let why_h = (WHY_LINES as u16).min(table_area.height.saturating_sub(2));
            let table = Rect { height: table_area.height - why_h, ..table_area };
            let why = Rect { y: table.y + table.height, height: why_h, ..table_area };
            let (c, rows) = unit_table(app);
            list::draw(frame, table, &c, &rows, s.cursor, theme, T::NoRows.get(lang));
            if let Some(u) = s.selected_unit() {
                let text = format!("{}:{}", u.unit.short_name, u.why);
                frame.render_widget(Paragraph::new(text).style(theme.info()).wrap(Wrap { trim: true }), why);
            }
        }
        EvalPane::Candidates => {
            let (c, rows) = candidate_table(app);
            list::draw(frame, table_area, &c, &rows, s.cand_cursor, theme, T::NoRows.get(lang));
        }
        EvalPane::Commended => {
            let (c, rows) = list_table(app);
            list::draw(frame, table_area, &c, &rows, s.list_cursor, theme, T::NoRows.get(lang));
        }
    }
}
