//! Where Esc goes back to: the list screen an item (or a filtered ledger) was opened from,
//! and the ledger as it was before a unit's or a search's items replaced it. Every change of
//! this state is a method here.
use super::app::{LedgerState, Screen};
use crate::store::ledger::LedgerFilter;

/// The way back.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    /// Screens to go back to, most recent last.
    return_to: Vec<Screen>,
    /// The ledger's filter before a unit's items were opened from a list, put back on Esc.
    ledger_filter: Option<LedgerFilter>,
    /// The whole ledger (rows, selection, scroll, filter) before a search result showed a
    /// person's or a unit's items, put back on Esc.
    saved_ledger: Option<Box<LedgerState>>,
    /// `App::refreshes` when the ledger was put aside.
    saved_at: u64,
    /// How deep `return_to` was once the first search's ledger was shown.
    saved_depth: usize,
}

/// What going back puts back on the ledger.
#[derive(Debug)]
pub enum Restore {
    /// Nothing: the ledger stays as it is.
    Nothing,
    /// The ledger put aside; `reread`: something was saved meanwhile.
    Ledger { ledger: Box<LedgerState>, reread: bool },
    /// The filter the ledger had before a unit's items were shown.
    Filter(LedgerFilter),
}

impl Nav {
    /// The screens Esc goes back to, most recent last.
    pub fn return_to(&self) -> &[Screen] {
        &self.return_to
    }

    /// Whether there is somewhere to go back to.
    pub fn can_go_back(&self) -> bool {
        !self.return_to.is_empty()
    }

    /// Esc from what opens next comes back to `screen`.
    pub fn push(&mut self, screen: Screen) {
        self.return_to.push(screen);
    }

    /// The item opened from `screen` did not open: the way back pushed for it goes.
    pub fn not_opened(&mut self, screen: Screen) {
        if screen != Screen::Detail && self.return_to.last() == Some(&screen) {
            self.return_to.pop();
        }
    }

    /// The clerk chose where to be (a screen key): nothing to go back to, and a unit's or a
    /// search's ledger shown now stays as it is.
    pub fn clear(&mut self) {
        self.return_to.clear();
        self.ledger_filter = None;
        self.saved_ledger = None;
    }

    /// A unit's items replace the ledger's filter `before` (kept for Esc unless an earlier
    /// one is kept already); Esc comes back to `from`.
    pub fn keep_filter(&mut self, from: Screen, before: LedgerFilter) {
        self.return_to.push(from);
        self.ledger_filter.get_or_insert(before);
    }

    /// A search's ledger replaces `before`, shown on `from`, at `refreshes`. Searching again
    /// from a search's ledger replaces that one, and Esc still goes back to where the first
    /// search came from.
    pub fn put_ledger_aside(&mut self, from: Screen, before: LedgerState, refreshes: u64) {
        if self.saved_ledger.is_none() {
            self.return_to.push(from);
            self.saved_ledger = Some(Box::new(before));
            self.saved_at = refreshes;
            self.saved_depth = self.return_to.len();
        } else {
            self.return_to.truncate(self.saved_depth);
        }
    }

    /// Goes back one step from `on` at `refreshes`: the screen to show and what to put back
    /// on the ledger; `None` when there is nowhere to go back to.
    pub fn back(&mut self, on: Screen, refreshes: u64) -> Option<(Screen, Restore)> {
        let to = self.return_to.pop()?;
        if on != Screen::Ledger {
            return Some((to, Restore::Nothing));
        }
        let restore = if let Some(ledger) = self.saved_ledger.take() {
            Restore::Ledger { ledger, reread: self.saved_at != refreshes }
        } else if let Some(f) = self.ledger_filter.take() {
            Restore::Filter(f)
        } else {
            Restore::Nothing
        };
        Some((to, restore))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_from_a_search_goes_back_to_where_the_first_came_from() {
        let mut nav = Nav::default();
        nav.push(Screen::Supervision);
        nav.put_ledger_aside(Screen::Supervision, LedgerState::default(), 3);
        nav.push(Screen::Ledger);
        nav.put_ledger_aside(Screen::Ledger, LedgerState::default(), 3);
        assert_eq!(nav.return_to(), &[Screen::Supervision, Screen::Supervision]);
        let (to, restore) = nav.back(Screen::Ledger, 4).expect("back");
        assert_eq!(to, Screen::Supervision);
        assert!(matches!(restore, Restore::Ledger { reread: true, .. }), "{restore:?}");
        let (to, restore) = nav.back(Screen::Supervision, 4).expect("back");
        assert!(to == Screen::Supervision && matches!(restore, Restore::Nothing));
        assert!(nav.back(Screen::Supervision, 4).is_none());
    }

    #[test]
    fn a_units_items_put_the_first_filter_back() {
        let mut nav = Nav::default();
        let first = LedgerFilter { overdue: true, ..Default::default() };
        nav.keep_filter(Screen::Units, first.clone());
        nav.keep_filter(Screen::Units, LedgerFilter::default());
        nav.not_opened(Screen::Units);
        let (to, restore) = nav.back(Screen::Ledger, 0).expect("back");
        assert_eq!(to, Screen::Units);
        assert!(matches!(restore, Restore::Filter(f) if f == first));
        nav.push(Screen::Queue);
        nav.clear();
        assert!(!nav.can_go_back());
    }
}
