//! The store reads of the list screens, and the ranking notice's export. Only the session
//! calls these (from `apply` and `refresh`): `update` stays free of I/O.
use super::is_list;
use super::list::{Cursor, Paged};
use super::supervision::DueSort;
use crate::store::followup::office_due::{OfficeDueRow, OfficeKey};
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
    fill(store, app);
}

fn read(store: &Store, app: &mut App, screen: Screen) -> Result<()> {
    let days = app.ctx.rules.due_soon_days;
    match screen {
        Screen::Evaluation => super::evaluation::load(store, app)?,
        Screen::Units => {
            let s = &mut app.screens.units;
            s.reread = false;
            let (rows, tracker) = (store.unit_rows()?, store.co_handling_ids(s.filter)?);
            s.set(rows, tracker, store.co_handling_counts()?);
        }
        Screen::Queue => {
            let rows = store.second_round_ids(&app.screens.queue.filter)?;
            let (turned, follow) = (store.queue_turned()?, store.follow_up_ids(days)?);
            app.screens.queue.set(rows, turned, follow);
        }
        Screen::Supervision => {
            let s = &mut app.screens.supervision;
            s.reread = false;
            let ids = store.due_work_ids(days, s.due_sort == DueSort::Unit)?;
            let until = store.today() + chrono::Days::new(days.into());
            let office = store.office_keys(Some(until))?.into_iter().map(|(k, _)| k).collect();
            let ranking = store.ranking()?;
            s.set_due(ids);
            s.set(office, ranking);
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

/// Reads what a paged list needs for the page on screen, after a move or a new order (the
/// session calls this after every update, as it reads the ledger's window): its ids when
/// its order changed, and the window of rows around the page; a failure is said in the
/// status bar.
pub fn fill(store: &Store, app: &mut App) {
    if let Err(e) = fill_windows(store, app) {
        app.say(Level::Error, e.message(app.lang));
    }
}

fn fill_windows(store: &Store, app: &mut App) -> Result<()> {
    let page = super::page(app.size);
    let days = app.ctx.rules.due_soon_days;
    match app.screen {
        Screen::Supervision => {
            let s = &mut app.screens.supervision;
            // A new order: the cursors start again at the top (the update put them there).
            if std::mem::take(&mut s.reread) {
                let ids = store.due_work_ids(days, s.due_sort == DueSort::Unit)?;
                s.overdue.set_ids(ids.overdue, &mut Cursor::default());
                s.due_soon.set_ids(ids.due_soon, &mut Cursor::default());
                s.clamp(page);
            }
            let by_id = |ids: &[i64]| store.due_rows_by_id(ids);
            window(&mut s.overdue, s.overdue_cursor, page, by_id, |r| r.assignment_id)?;
            window(&mut s.due_soon, s.due_cursor, page, by_id, |r| r.assignment_id)?;
            let by_key = |keys: &[OfficeKey]| store.office_rows_by_key(keys);
            window(&mut s.office, s.office_cursor, page, by_key, OfficeDueRow::office_key)?;
        }
        Screen::Units => {
            let s = &mut app.screens.units;
            // Another filter: the cursor starts again at the top (the update put it there).
            if std::mem::take(&mut s.reread) {
                s.tracker.set_ids(store.co_handling_ids(s.filter)?, &mut Cursor::default());
                s.clamp(page);
            }
            let by_id = |ids: &[i64]| store.co_handling_by_id(ids);
            window(&mut s.tracker, s.co_cursor, page, by_id, |r| r.assignment_id)?;
        }
        Screen::Queue => {
            let s = &mut app.screens.queue;
            window(&mut s.rows, s.cursor, page, |ids| store.queue_rows_by_id(ids), |r| r.id)?;
            let by_id = |ids: &[i64]| store.follow_up_by_id(ids);
            window(&mut s.follow_up, s.follow_cursor, page, by_id, |r| r.commitment_id)?;
        }
        Screen::Ledger | Screen::Detail | Screen::Dashboard | Screen::Evaluation => {}
    }
    Ok(())
}

/// Reads the rows of `list` around the page at `cursor` when they are not in its window.
fn window<R, K: Copy + Eq + std::hash::Hash>(
    list: &mut Paged<R, K>,
    cursor: Cursor,
    page: usize,
    read: impl Fn(&[K]) -> Result<Vec<R>>,
    key: impl Fn(&R) -> K,
) -> Result<()> {
    let Some(range) = list.needed(cursor, page) else { return Ok(()) };
    let rows = read(&list.ids[range.clone()])?;
    list.set_window(range, rows.into_iter().map(|r| (key(&r), r)));
    Ok(())
}
