//! Drawing: a function of the state, one file per region. Layout helpers here are shared
//! with `update`, so paging moves by exactly what is on screen.
//!
//! | module | draws |
//! |---|---|
//! | [`ledger`] | the ledger table (台账) |
//! | [`detail`] | one item with everything recorded on it |
//! | [`help`] | the help overlay, from the live keymap |
//! | [`search`] | the quick-search overlay and its results |
//! | [`status_bar`] | key hints, messages, operator and database path |
pub mod detail;
pub mod help;
pub mod ledger;
pub mod search;
pub mod status_bar;

use super::app::{App, Screen};
use super::dialogs::picker;
use crate::text::T;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// The smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;

/// The screen's regions: a title line, the main area and a two-line footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    pub title: Rect,
    pub main: Rect,
    pub hints: Rect,
    pub status: Rect,
}

/// Splits the terminal into its regions.
pub fn regions(area: Rect) -> Regions {
    let h = area.height;
    let line = |y: u16| Rect { x: area.x, y: area.y + y, width: area.width, height: 1.min(h) };
    Regions {
        title: line(0),
        main: Rect { x: area.x, y: area.y + 1, width: area.width, height: h.saturating_sub(3) },
        hints: line(h.saturating_sub(2)),
        status: line(h.saturating_sub(1)),
    }
}

/// The terminal's area for a size.
pub fn area_of(size: (u16, u16)) -> Rect {
    Rect { x: 0, y: 0, width: size.0, height: size.1 }
}

/// Whether the terminal is too small to draw the screens.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

/// How many ledger rows fit on the screen (the table has one header line).
pub fn ledger_page(size: (u16, u16)) -> usize {
    usize::from(regions(area_of(size)).main.height.saturating_sub(1)).max(1)
}

/// Draws the whole app.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if too_small((area.width, area.height)) {
        let need = T::TooSmallNeed
            .get(app.lang)
            .replace("{need}", &format!("{MIN_WIDTH}×{MIN_HEIGHT}"))
            .replace("{have}", &format!("{}×{}", area.width, area.height));
        let y = area.height.saturating_sub(2) / 2;
        let rect = Rect { x: area.x, y: area.y + y, width: area.width, height: area.height - y };
        let text = vec![Line::raw(T::TooSmall.get(app.lang)), Line::raw(need)];
        frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
        return;
    }
    let r = regions(area);
    match (app.screen, &app.detail) {
        (Screen::Detail, Some(d)) => detail::draw(frame, r, app, d),
        (Screen::Dashboard | Screen::Queue | Screen::Supervision | Screen::Units, _) => {
            crate::tui::screens::draw(frame, r, app)
        }
        _ => ledger::draw(frame, r, app),
    }
    status_bar::draw(frame, r, app);
    if let Some(scroll) = app.help {
        help::draw(frame, area, app, scroll);
    }
    if let Some(b) = &app.search {
        search::draw(frame, r.main, app, b);
    }
    if let Some(p) = &app.picker {
        picker::draw(frame, r.main, p, app.lang, app.theme);
    }
    if let Some(f) = &app.form {
        crate::tui::forms::draw::draw(frame, r.main, f, app.lang, app.theme);
    }
}
