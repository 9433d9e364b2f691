//! The quick-search overlay (issue 5): the query, the results on show and the highlighted
//! one, and what Enter opens. The index and the narrowing search session live in the
//! [`crate::tui::Session`], which runs the query once per burst of keys; the overlay is
//! drawn by [`crate::tui::views::search`].
//!
//! Esc closes the box and nothing else: the screen under it was never touched, so the
//! clerk is back on the same screen, row and scroll. Enter on an item opens its detail;
//! on a person or a unit, the ledger shows their items (Esc from there puts the ledger
//! back as it was).
use crate::search::{ResultKind, SearchResult};
use crate::store::ledger::LedgerFilter;
use crate::tui::action::Action;
use crate::tui::action::Outcome;
use crate::tui::app::{App, LedgerState, Screen};
use crate::tui::screens;

/// How many results are ranked and listed (the list scrolls within them).
pub const LIMIT: usize = 50;

/// The open search box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBox {
    /// What the clerk typed.
    pub query: String,
    /// The best results for the query, best first.
    pub results: Vec<SearchResult>,
    /// How many matched in all.
    pub total: usize,
    /// Index into `results` of the highlighted one.
    pub selected: usize,
    /// First result drawn.
    pub offset: usize,
    /// Searches run since the box opened: one per key, or per burst of keys an input
    /// method commits together.
    pub runs: u64,
    /// The query the results on show are for.
    pub shown_for: String,
    /// While the index is being built: the share of items indexed (the results come from
    /// the database meanwhile).
    pub indexing: Option<u8>,
}

impl SearchBox {
    /// Types text into the query (control characters are dropped).
    pub fn type_text(&mut self, s: &str) {
        self.query.extend(s.chars().map(|c| if c.is_control() { ' ' } else { c }));
    }

    /// Shows new results for the query: the top one highlighted, or, when the same query
    /// ran again (another clerk saved), the one that was highlighted, if it is still there.
    pub fn show(&mut self, results: Vec<SearchResult>, total: usize) {
        let kept = if self.shown_for == self.query { self.chosen().map(|r| (r.kind, r.id)) } else { None };
        self.results = results;
        self.total = total;
        self.shown_for.clone_from(&self.query);
        self.selected = kept.and_then(|k| self.results.iter().position(|r| (r.kind, r.id) == k)).unwrap_or(0);
        self.offset = if self.selected == 0 { 0 } else { self.offset.min(self.selected) };
        self.runs += 1;
    }

    /// Moves the highlight by `delta` and keeps it on a page of `page` lines.
    pub fn step(&mut self, delta: isize, page: usize) {
        let last = self.results.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// The highlighted result.
    pub fn chosen(&self) -> Option<&SearchResult> {
        self.results.get(self.selected)
    }
}

/// Opens the box over the current screen (help closes: the box replaces it).
pub fn open(app: &mut App) -> Outcome {
    app.close_help();
    app.open_search(SearchBox::default());
    Outcome::Continue
}

/// Applies one action while the box is open. `Outcome::Search` asks the session to run
/// the query (once, after the whole burst of keys).
pub fn update(app: &mut App, action: Action) -> Outcome {
    let page = crate::tui::layout::search_page(app.size);
    let Some(b) = app.search_mut() else { return Outcome::Continue };
    let step = |b: &mut SearchBox, d: isize| {
        b.step(d, page);
        Outcome::Continue
    };
    match action {
        Action::InsertChar(c) => {
            b.type_text(&c.to_string());
            Outcome::Search
        }
        Action::Paste(s) => {
            b.type_text(&s);
            Outcome::Search
        }
        Action::DeleteChar => match b.query.pop() {
            Some(_) => Outcome::Search,
            None => Outcome::Continue,
        },
        Action::MoveUp => step(b, -1),
        Action::MoveDown => step(b, 1),
        Action::PageUp => step(b, -(page as isize)),
        Action::PageDown => step(b, page as isize),
        Action::First => step(b, isize::MIN / 2),
        Action::Last => step(b, isize::MAX / 2),
        Action::Back => {
            app.close_search();
            Outcome::Continue
        }
        Action::OpenEntry => open_result(app),
        _ => Outcome::Continue,
    }
}

/// Enter: the highlighted result's item, or a person's or unit's items.
fn open_result(app: &mut App) -> Outcome {
    let Some(r) = app.search().and_then(SearchBox::chosen) else { return Outcome::Continue };
    let (kind, id, name) = (r.kind, r.id, r.title.clone());
    app.close_search();
    match kind {
        ResultKind::Item => {
            // Esc from the item comes back to the list screen (or the unit's ledger) it
            // was found from; from the plain ledger, the detail's own Esc goes back.
            match app.screen {
                Screen::Detail => {}
                Screen::Ledger if !app.nav.can_go_back() => {}
                s => app.nav.push(s),
            }
            Outcome::LoadDetail(id)
        }
        ResultKind::Person => Outcome::OpenPersonItems { person: id, name },
        ResultKind::Unit => {
            let filter = LedgerFilter { unit: Some(id), include_closed: true, ..Default::default() };
            show_ledger(app, filter, String::new());
            Outcome::ReloadLedger
        }
    }
}

/// Shows the ledger with `filter` (a person's or a unit's items, closed ones too). The
/// ledger as it was is kept whole and put back by Esc, selection and scroll included.
pub fn show_ledger(app: &mut App, filter: LedgerFilter, label: String) {
    let columns = app.ledger.columns.clone();
    let fresh = LedgerState { filter, sort: app.ledger.sort, ids_label: label, columns, ..Default::default() };
    let before = std::mem::replace(&mut app.ledger, fresh);
    let from = if screens::is_list(app.screen) { app.screen } else { Screen::Ledger };
    app.nav.put_ledger_aside(from, before, app.refreshes);
    app.detail = None;
    app.screen = Screen::Ledger;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: i64) -> SearchResult {
        SearchResult {
            kind: ResultKind::Item,
            id,
            field: crate::search::Field::Title,
            score: 0,
            title: String::new(),
            positions: Vec::new(),
            item: None,
            detail: String::new(),
            body: None,
        }
    }

    #[test]
    fn the_highlight_stays_in_the_results_and_on_the_page() {
        let mut b = SearchBox::default();
        b.step(1, 3);
        assert_eq!(b.selected, 0, "no results: nowhere to go");
        b.show((1..=10).map(result).collect(), 10);
        b.step(-1, 3);
        assert_eq!((b.selected, b.offset), (0, 0));
        b.step(4, 3);
        assert_eq!((b.selected, b.offset), (4, 2));
        b.step(100, 3);
        assert_eq!((b.selected, b.offset), (9, 7));
        b.step(-8, 3);
        assert_eq!((b.selected, b.offset), (1, 1));
        b.show(vec![result(1)], 1);
        assert_eq!((b.selected, b.offset, b.runs), (0, 0, 2));
    }

    #[test]
    fn typed_text_keeps_chinese_and_drops_control_characters() {
        let mut b = SearchBox::default();
        b.type_text("住建");
        b.type_text(" 老旧\n");
        assert_eq!(b.query, "住建 老旧 ");
    }
}
