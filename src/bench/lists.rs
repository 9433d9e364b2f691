//! `banli bench --what lists`: each list screen (dashboard, queue, supervision, units,
//! evaluation) opened on the ledger, one child process per screen so each peak memory is
//! its own: the time to read it and draw its first frame, the rows it holds, the peak
//! resident memory, and the slowest move to the last row of a pane (with the rows that
//! move reads and the frame after it).
use super::{ms, peak_mb, Counter};
use crate::cli::Cli;
use crate::tui::action::Action;
use crate::tui::app::{App, Context, Screen};
use crate::tui::backend::Lean;
use crate::tui::keymap::Keymap;
use crate::tui::screens;
use crate::tui::theme::Theme;
use anyhow::{bail, Result};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::path::Path;
use std::time::{Duration, Instant};

/// The list screens measured, by the name the child is run with.
pub const SCREENS: &[(&str, Screen)] = &[
    ("dashboard", Screen::Dashboard),
    ("queue", Screen::Queue),
    ("supervision", Screen::Supervision),
    ("units", Screen::Units),
    ("evaluation", Screen::Evaluation),
];

/// Panes a screen has at most (a pane key cycles through them).
const PANES: usize = 4;

/// Opens one list screen as the session does and moves to the last row of each pane.
pub fn measure(cli: &Cli, db: &Path, name: &str) -> Result<Vec<(String, String)>> {
    let Some(&(_, screen)) = SCREENS.iter().find(|(n, _)| *n == name) else { bail!("unknown list screen {name}") };
    let store = crate::cli::open_existing(cli, db)?;
    let base = peak_mb();
    let ctx = Context {
        today: store.today(),
        rules: store.data.rules.clone(),
        calendar: store.data.calendar.clone(),
        db_path: store.path().display().to_string(),
        operator: store.operator.clone(),
    };
    let mut app = App::new(cli.lang, Theme { ascii: false }, Keymap::load(None).0, ctx);
    app.size = super::SIZE;
    let area = Rect::new(0, 0, super::SIZE.0, super::SIZE.1);
    let mut term =
        Terminal::with_options(Lean::new(Counter::default()), TerminalOptions { viewport: Viewport::Fixed(area) })?;
    let t = Instant::now();
    app.screen = screen;
    screens::load::load(&store, &mut app, screen);
    term.draw(|f| crate::tui::views::draw(f, &app))?;
    let opened = t.elapsed();
    if let Some(m) = &app.message {
        bail!("{name}: {}", m.text);
    }
    let held = screens::rows_held(&app);
    let mem = peak_mb();
    let mut slowest = Duration::ZERO;
    for _ in 0..PANES {
        let t = Instant::now();
        step(&store, &mut app, Action::Last);
        term.draw(|f| crate::tui::views::draw(f, &app))?;
        slowest = slowest.max(t.elapsed());
        step(&store, &mut app, Action::NextPane);
    }
    Ok(vec![
        (format!("{name}: open + first frame"), format!("{:.1} ms", ms(opened))),
        (format!("{name}: rows held"), held.to_string()),
        (format!("{name}: rows listed"), screens::rows_listed(&app).to_string()),
        (format!("{name}: peak memory"), format!("{mem:.0} MB")),
        (format!("{name}: peak memory growth"), format!("{:.0} MB", mem - base)),
        (format!("{name}: to the last row + frame, slowest pane"), format!("{:.1} ms", ms(slowest))),
    ])
}

/// One action on the list screen, as the session runs it.
fn step(store: &crate::store::Store, app: &mut App, action: Action) {
    let _ = screens::update(app, action);
    screens::load::fill(store, app);
}
