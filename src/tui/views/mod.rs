//! Drawing: a function of the state, one file per region. Sizes are in [`super::layout`],
//! shared with `update`; nothing here changes the state.
//!
//! | module | draws |
//! |---|---|
//! | [`ledger`] | the ledger table (台账) |
//! | [`cells`] | table cells written straight into the buffer, cut and padded by width |
//! | [`detail`] | one item with everything recorded on it |
//! | [`history_words`] | the history's words: audit actions and fields as a clerk says them |
//! | [`help`] | the help overlay, from the live keymap |
//! | [`search`] | the quick-search overlay and its results |
//! | [`status_bar`] | key hints, messages, operator and database path |
pub mod cells;
pub mod detail;
pub mod help;
pub mod history_words;
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

pub use super::layout::Regions;
use super::layout::{regions, too_small, MIN_HEIGHT, MIN_WIDTH};

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
        (Screen::Dashboard | Screen::Queue | Screen::Supervision | Screen::Units | Screen::Evaluation, _) => {
            crate::tui::screens::draw(frame, r, app)
        }
        _ => ledger::draw(frame, r, app),
    }
    status_bar::draw(frame, r, app);
    if let Some(scroll) = app.help() {
        help::draw(frame, area, app, scroll);
    }
    if let Some(b) = app.search() {
        search::draw(frame, r.main, app, b);
    }
    if let Some(p) = app.picker() {
        picker::draw(frame, r.main, p, app.lang, app.theme);
    }
    if let Some(f) = app.form() {
        crate::tui::forms::draw::draw(frame, r.main, f, &app.keymap, app.lang, app.theme);
    }
}
