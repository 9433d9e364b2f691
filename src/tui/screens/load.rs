//! The store reads of the list screens, and the ranking notice's export. Only the session
//! calls these (from `apply` and `refresh`): `update` stays free of I/O.
use super::is_list;
use crate::store::{Result, Store};
use crate::text::{Lang, T};
use crate::tui::app::{App, Level, Screen};

/// Reads a list screen's rows from the store; a failure is said in the status bar and the
/// rows already on screen stay.
pub fn load(store: &Store, app: &mut App, screen: Screen) {
    if let Err(e) = read(store, app, screen) {
        app.say(Level::Error, e.message(app.lang));
    }
    super::clamp(app);
}

fn read(store: &Store, app: &mut App, screen: Screen) -> Result<()> {
    let today = app.ctx.today;
    let days = app.ctx.rules.due_soon_days;
    match screen {
        Screen::Evaluation => super::evaluation::load(store, app)?,
        Screen::Units => {
            let (rows, tracker) = (store.unit_rows()?, store.co_handling_tracker()?);
            app.screens.units.set(rows, tracker, today);
        }
        Screen::Queue => {
            let rows = store.second_round_queue(&app.screens.queue.filter)?;
            let (turned, follow) = (store.queue_turned()?, store.follow_up(days)?);
            app.screens.queue.set(rows, turned, follow);
        }
        Screen::Supervision => {
            let (work, office, ranking) = (store.due_work(days)?, store.office_due(days)?, store.ranking()?);
            app.screens.supervision.set(work, office, ranking, today);
        }
        Screen::Dashboard => app.screens.dashboard.data = Some(store.dashboard(days)?),
        Screen::Ledger | Screen::Detail => {}
    }
    Ok(())
}

/// Reads again the list screen on show, and the one an open item goes back to (another
/// clerk committed).
pub fn reload(store: &Store, app: &mut App) {
    let mut screens: Vec<Screen> = app.nav.return_to().iter().copied().filter(|s| is_list(*s)).collect();
    if is_list(app.screen) {
        screens.push(app.screen);
    }
    screens.dedup();
    for s in screens {
        load(store, app, s);
    }
}

/// Writes the ranking notice (排名通报) beside the database and says where in the status bar.
pub fn export_ranking(store: &Store, app: &mut App) {
    let lang = app.lang;
    let text = match store.ranking_notice() {
        Ok(t) => t,
        Err(e) => return app.say(Level::Error, e.message(lang)),
    };
    let path = store.ranking_notice_path(store.today());
    match std::fs::write(&path, text) {
        Ok(()) => app.say(Level::Info, T::ExportedTo.get(lang).replace("{path}", &path.display().to_string())),
        Err(e) => app.say(Level::Error, export_failed(lang, &path.display().to_string(), &e)),
    }
}

/// Records the item's approved public replies as published today (the office pane's `P`),
/// and says how many, or why not.
pub fn record_published(store: &mut Store, app: &mut App, item: i64) {
    let lang = app.lang;
    match store.record_published(&[item], store.today()) {
        Ok(done) => app.say(Level::Info, T::PublishedReplies.get(lang).replace("{n}", &done.replies.to_string())),
        Err(e) => app.say(Level::Error, e.message(lang)),
    }
}

/// The message for a notice that could not be written.
fn export_failed(lang: Lang, path: &str, e: &std::io::Error) -> String {
    format!("{} ({e})", T::ExportFailed.get(lang).replace("{path}", path))
}
