//! The session: the app's state with the store behind it. Keys become actions through
//! the keymap, `update` changes the state, and every store call happens here, in
//! [`Session::apply`]. Tests drive a session headless, without a terminal.
use super::action::Action;
use super::action::Outcome;
use super::app::{App, Context, Level};
use super::key::Key;
use super::keymap::{Keymap, Resolved};
use super::theme::Theme;
use super::update::update;
use super::views;
use super::Options;
use crate::search::Index;
use crate::store::ledger::LedgerFilter;
use crate::store::Store;
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::Frame;

/// What a tick can change on screen: progress of a job or of the warm-up, a refresh after
/// another clerk's commit, a message, the search box's results.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TickStamp {
    refreshes: u64,
    job: Option<super::job::JobView>,
    warm: Option<(u8, bool, bool)>,
    message: Option<super::app::Message>,
    warnings: usize,
    search: Option<(Option<u8>, u64, usize)>,
    ledger: (usize, usize, bool),
    screen: super::app::Screen,
}

/// A running app on an open store.
pub struct Session {
    pub app: App,
    pub(super) store: Store,
    quit: bool,
    /// The record of the clerk's last undoable step (an edit, a filing decision, a
    /// withdrawal, an assignment, a closure); any other save drops it.
    pub(super) undo: Option<crate::store::intake::undo::Undo>,
    /// The import form's values, offered again next time.
    pub(super) last_import: super::dialogs::import::ImportChoice,
    /// The folder the export form offers (ending with `/`), or empty.
    pub(super) export_dir: String,
    /// The search index, built at start and kept current by [`Session::refresh`].
    index: Index,
    /// The search box's narrowing and cache (see [`crate::search::Session`]).
    searcher: crate::search::Session,
    /// (`data_version`, `total_changes`) when the index was last brought up to date: a
    /// change of either means another clerk or this one wrote.
    indexed_at: (i64, u64),
    /// The search box's query changed and has not been run yet.
    search_due: bool,
    /// Inside [`Session::handle_batch`]: the query runs once, at the end.
    batching: bool,
    /// The day the second-round queue was last swept (see [`Session::sweep`]).
    swept_on: Option<chrono::NaiveDate>,
    /// A long import or export running off the screen thread.
    pub(super) job: Option<super::job::Job>,
    /// The whole ledger and the index, read on another thread after the first page
    /// ([`Session::open`]); `None` once both are in.
    warm: Option<super::warm::Warmup>,
}

impl Session {
    /// Opens the ledger on `store` with everything read before it returns (tests, and
    /// whatever needs the whole ledger and the index at once). Keymap problems and load
    /// errors are shown in the status bar; nothing is printed.
    pub fn new(store: Store, opts: &Options) -> Session {
        Session::start(store, opts, false)
    }

    /// Opens the ledger with only its first page read: the rest of the ledger and the
    /// search index follow from another thread (see [`super::warm`]). The app starts here.
    pub fn open(store: Store, opts: &Options) -> Session {
        Session::start(store, opts, true)
    }

    fn start(store: Store, opts: &Options, warm: bool) -> Session {
        let (keymap, warnings) = Keymap::load(opts.keymap.as_deref());
        let ctx = Context {
            today: store.today(),
            rules: store.data.rules.clone(),
            calendar: store.data.calendar.clone(),
            db_path: store.path().display().to_string(),
            operator: match store.access_note(opts.lang) {
                Some(note) => format!("{} [{note}]", store.operator),
                None => store.operator.clone(),
            },
        };
        let mut app = App::new(opts.lang, Theme { ascii: opts.ascii }, keymap, ctx);
        app.warnings = warnings.iter().map(|w| w.message(opts.lang)).collect();
        app.ledger.columns = opts.ledger_columns.clone();
        let mut s = Session {
            app,
            store,
            quit: false,
            undo: None,
            last_import: Default::default(),
            export_dir: opts
                .export_dir
                .as_ref()
                .map(|d| format!("{}/", d.display()).replace("//", "/"))
                .unwrap_or_default(),
            index: Index::default(),
            searcher: crate::search::Session::new(),
            indexed_at: (0, 0),
            search_due: false,
            batching: false,
            swept_on: None,
            job: None,
            warm: None,
        };
        // The app's start sweeps on its first tick after the warm-up (the sweep reads every
        // assignment: a quarter second at 100k items, before anything was drawn).
        if !warm {
            s.sweep();
        }
        if warm {
            s.indexed_at = s.write_stamp();
            s.warm = super::warm::Warmup::start(&s.store, s.app.ledger.filter.clone(), s.app.ledger.sort, opts.lang);
        }
        if s.warm.is_none() {
            s.build_index();
        }
        s.refresh();
        if let Some(first) = s.app.warnings.first() {
            let more = s.app.warnings.len() - 1;
            let text = if more > 0 {
                format!("{first} {}", crate::text::T::MoreProblems.get(opts.lang).replace("{n}", &more.to_string()))
            } else {
                first.clone()
            };
            s.app.say(Level::Warning, text);
        }
        // An office that forgets its backups learns it here, at every start.
        if let Some(stale) = crate::transfer::backup::backup_is_stale(&s.store) {
            let text = stale.message(opts.lang);
            s.app.notices.push(text.clone());
            if s.app.message.is_none() {
                s.app.say(Level::Warning, text);
            }
        }
        s
    }

    /// The store (tests look at it; the app itself only goes through [`Session::apply`]).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether the clerk asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Handles the events that arrived together (what an input method commits comes as a
    /// burst of key presses) as one update: the search box's query runs once, at the end.
    pub fn handle_batch(&mut self, events: impl IntoIterator<Item = Event>) {
        self.batching = true;
        for ev in events {
            if self.quit {
                break;
            }
            self.handle_event(ev);
        }
        self.batching = false;
        self.settle();
    }

    /// Handles one terminal event: key presses (not releases or repeats' releases),
    /// pastes and resizes.
    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.press(k),
            Event::Paste(s) => self.dispatch(Action::Paste(s)),
            Event::Resize(w, h) => self.dispatch(Action::Resize(w, h)),
            _ => {}
        }
    }

    /// Reads one key press through the live keymap.
    pub fn press(&mut self, ev: KeyEvent) {
        let key = Key::from_event(&ev);
        // While a job runs, Esc (or quit) cancels it and other keys wait.
        if let Some(job) = &mut self.job {
            if let Resolved::Run(Action::Back | Action::Quit) = self.app.keymap.resolve(self.app.mode(), &[], key) {
                job.cancel();
                self.app.job = Some(job.view);
            }
            return;
        }
        match self.app.keymap.resolve(self.app.mode(), &self.app.pending, key) {
            Resolved::Run(a) => {
                self.app.pending.clear();
                self.dispatch(a);
            }
            Resolved::Pending => self.app.pending.push(key),
            Resolved::Unbound => self.app.pending.clear(),
        }
    }

    /// Runs one action: update the state, then do what it asks of the store.
    pub fn dispatch(&mut self, action: Action) {
        // Anything but more typing (Enter, a move) acts on the results of the whole query.
        if self.search_due && !matches!(action, Action::InsertChar(_) | Action::Paste(_) | Action::DeleteChar) {
            self.settle();
        }
        self.fill_window();
        super::screens::load::fill(&self.store, &mut self.app);
        let outcome = update(&mut self.app, action);
        self.apply(outcome);
        if !self.batching {
            self.settle();
        }
        self.measure();
        self.fill_window();
        super::screens::load::fill(&self.store, &mut self.app);
        self.fill_cells();
        self.name_keys();
    }

    /// A form's message that names keys by action (`{key:back}`) gets the clerk's keys now,
    /// so what it says is true wherever it is read.
    fn name_keys(&mut self) {
        if let Some(super::app::Overlay::Form(f)) = &mut self.app.overlay {
            if let Some(e) = f.error.as_mut().filter(|e| e.contains("{key:")) {
                *e = super::forms::draw::fill_keys(e, &self.app.keymap);
            }
        }
    }

    /// Measures the scrolled views at the current size (what `update` pages by) and keeps
    /// their offsets inside them.
    pub(super) fn measure(&mut self) {
        use super::app::{Measures, Pane, Screen};
        let app = &self.app;
        let mut m = Measures::default();
        if let Some(d) = app.detail.as_ref().filter(|_| app.screen == Screen::Detail) {
            for pane in [Pane::Text, Pane::Records] {
                let (w, h) = views::detail::pane_size(app, d, pane);
                m.detail[pane as usize] = (views::detail::pane_lines(app, d, pane, w).len(), h);
            }
        }
        if app.help().is_some() {
            let (w, h) = super::layout::help_body(app.size);
            m.help = (views::help::lines(app, w).len(), h);
        }
        if app.screen == Screen::Dashboard {
            m.dashboard = super::screens::dashboard::line_count(app);
        }
        let app = &mut self.app;
        app.measures = m;
        if let Some(d) = &mut app.detail {
            for (scroll, (total, h)) in d.scroll.iter_mut().zip(m.detail) {
                *scroll = (*scroll).min(total.saturating_sub(h));
            }
        }
        if let Some(at) = app.help() {
            app.open_help(at.min(m.help.0.saturating_sub(m.help.1)));
        }
        if app.screen == Screen::Dashboard {
            let page = super::screens::dashboard::page(app.size);
            let d = &mut app.screens.dashboard;
            d.scroll = d.scroll.min(m.dashboard.saturating_sub(page));
        }
    }

    /// Reads the ledger's window (the rows around the page on screen, by id, one query)
    /// when the page or the selection left it: after every update, and before one (a test
    /// or the detail's next/previous may have moved the selection).
    pub(super) fn fill_window(&mut self) {
        let page = super::layout::ledger_page(self.app.size);
        let Some(range) = self.app.ledger.window_needed(page) else { return };
        let ids = &self.app.ledger.ids[range.clone()];
        match self.store.ledger_rows_by_id(ids) {
            Ok(rows) => self.app.ledger.set_window(range, rows),
            Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
        }
    }

    /// Reads the optional cells (会办, 答复文号, …) of the ledger rows on screen that have
    /// none yet, when the clerk's columns show them: the view only reads them.
    pub(super) fn fill_cells(&mut self) {
        let l = &self.app.ledger;
        if !l.shown_columns().iter().any(|c| c.needs_cells()) {
            return;
        }
        let page = super::layout::ledger_page(self.app.size);
        let end = (l.offset + page).min(l.len());
        let ids: Vec<i64> =
            l.ids[l.offset.min(end)..end].iter().copied().filter(|id| !l.cells.contains_key(id)).collect();
        if ids.is_empty() {
            return;
        }
        match self.store.ledger_cells(&ids) {
            Ok(cells) => self.app.ledger.cells.extend(cells),
            Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
        }
    }

    /// A batch form from the ledger (Ctrl-X on every open entry shown, or `a`/`x` on the
    /// marked rows): the items with their versions as they stand now, read here since the
    /// screen holds only the rows around the page. Other forms take `items` as they are.
    /// `None` when the read failed (said in the status bar).
    fn ledger_batch(&mut self, action: &Action, items: &[(i64, i64)]) -> Option<Vec<(i64, i64)>> {
        let l = &self.app.ledger;
        let read = if *action == Action::CloseShown {
            self.store.ledger_open_versions(&l.filter, l.sort)
        } else if matches!(action, Action::AssignUnits | Action::CloseEntry)
            && self.app.screen == super::app::Screen::Ledger
            && !l.marked.is_empty()
        {
            self.store.item_versions(&items.iter().map(|i| i.0).collect::<Vec<_>>())
        } else {
            return Some(items.to_vec());
        };
        read.map_err(|e| self.app.say(Level::Error, e.message(self.app.lang))).ok()
    }

    /// Every row of the ledger's list, read by id (tests look at them; the screen holds
    /// only its window).
    pub fn ledger_rows(&self) -> Vec<crate::store::ledger::LedgerRow> {
        let mut out = Vec::with_capacity(self.app.ledger.len());
        for chunk in self.app.ledger.ids.chunks(10_000) {
            match self.store.ledger_rows_by_id(chunk) {
                Ok(rows) => out.extend(rows),
                Err(e) => panic!("reading the ledger's rows: {e}"),
            }
        }
        out
    }

    /// Runs the search box's query if it changed (once per key, or per burst).
    fn settle(&mut self) {
        if !std::mem::take(&mut self.search_due) {
            return;
        }
        self.poll_warm();
        let Some(b) = self.app.search_mut() else { return };
        if let Some(w) = self.warm.as_ref().filter(|w| !w.index_done) {
            // No index yet: the database answers (same results, same order; the count is
            // of those shown), unless the ledger is so large that a key would wait for it
            // (the query then runs when the index is in).
            b.indexing = Some(w.percent());
            if w.large {
                return;
            }
            match self.store.quick_search(&b.query, super::dialogs::search::LIMIT) {
                Ok(results) => {
                    let n = results.len();
                    b.show(results, n);
                }
                Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
            }
            return;
        }
        b.indexing = None;
        let (results, total) = self.searcher.results_and_total(&self.index, &b.query, super::dialogs::search::LIMIT);
        b.show(results, total);
    }

    /// Whether the search index is built (the box answers from it); takes in what the
    /// warm-up thread sent.
    pub fn search_ready(&mut self) -> bool {
        self.poll_warm();
        self.warm.as_ref().is_none_or(|w| w.index_done)
    }

    /// Waits for the warm-up thread: the whole ledger and the index are in on return.
    pub fn wait_ready(&mut self) {
        if let Some(w) = &mut self.warm {
            let msgs = w.wait();
            self.take_warm(msgs);
        }
    }

    /// Takes in what the warm-up thread sent since the last look.
    fn poll_warm(&mut self) {
        if let Some(w) = &mut self.warm {
            let msgs = w.poll();
            self.take_warm(msgs);
        }
    }

    fn take_warm(&mut self, msgs: Vec<super::warm::Msg>) {
        use super::warm::Msg;
        for m in msgs {
            match m {
                Msg::Ledger { filter, sort, ids } => {
                    let l = &self.app.ledger;
                    let current = filter == l.filter && sort == l.sort && self.write_stamp() == self.indexed_at;
                    match ids {
                        Ok(ids) if current => {
                            self.app.ledger.partial = false;
                            self.app.ledger.set_ids(ids);
                            self.app.ledger.follow(super::layout::ledger_page(self.app.size));
                            self.fill_window();
                            self.fill_cells();
                        }
                        // Another filter, a write since, or a failure: read it here.
                        _ => self.reload_ledger(),
                    }
                }
                Msg::Index(Ok(index)) => {
                    self.index = *index;
                    self.searcher.clear();
                    // Whatever was written since the warm-up began.
                    self.refresh_index();
                    self.search_due |= self.app.search().is_some();
                }
                Msg::Index(Err(_)) => self.build_index(),
                Msg::Progress(..) => {}
            }
        }
        if self.warm.as_ref().is_some_and(|w| w.ledger_done && w.index_done) {
            self.warm = None;
        }
        if self.search_due && !self.batching {
            self.settle();
        }
    }

    /// The search index (tests and the benchmark look at it); waits for it when it is
    /// still being built.
    pub fn search_index(&mut self) -> &Index {
        self.wait_ready();
        &self.index
    }

    /// Builds the search index from the database (at start).
    fn build_index(&mut self) {
        self.indexed_at = self.write_stamp();
        match self.store.search_docs() {
            Ok(docs) => self.index = Index::build(docs),
            Err(e) => {
                // The next refresh tries again (from an empty index, so it reads everything).
                self.indexed_at = (i64::MIN, 0);
                let text =
                    format!("{}{}", crate::text::T::SearchIndexFailed.get(self.app.lang), e.message(self.app.lang));
                self.app.warnings.push(text.clone());
                self.app.say(Level::Error, text);
            }
        }
    }

    /// What changes when anyone writes: `data_version` (other connections) and this
    /// connection's `total_changes`.
    fn write_stamp(&self) -> (i64, u64) {
        (self.store.data_version().unwrap_or(-1), self.store.conn().total_changes())
    }

    /// Brings the search index up to date when the database changed since it was last
    /// read, and runs an open search box's query again.
    fn refresh_index(&mut self) {
        let stamp = self.write_stamp();
        if stamp == self.indexed_at {
            return;
        }
        match self.store.refresh_search_index(&mut self.index) {
            Ok(changed) => {
                self.indexed_at = stamp;
                self.search_due |= changed > 0 && self.app.search().is_some();
            }
            Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
        }
    }

    /// What a tick can change on screen (see [`Session::tick`]).
    fn tick_stamp(&self) -> TickStamp {
        let app = &self.app;
        TickStamp {
            refreshes: app.refreshes,
            job: app.job,
            warm: self.warm.as_ref().map(|w| (w.percent(), w.ledger_done, w.index_done)),
            message: app.message.clone(),
            warnings: app.warnings.len(),
            search: app.search().map(|b| (b.indexing, b.runs, b.total)),
            ledger: (app.ledger.len(), app.ledger.selected, app.ledger.partial),
            screen: app.screen,
        }
    }

    /// The periodic tick: reload when another clerk committed; on a new day, sweep the
    /// second-round queue first (commitments fall due overnight). Says whether anything on
    /// screen may have changed: an idle tick is not drawn (the loop draws after a key, a
    /// resize, or a tick that says so).
    pub fn tick(&mut self) -> bool {
        let before = self.tick_stamp();
        self.tick_inner();
        self.tick_stamp() != before
    }

    fn tick_inner(&mut self) {
        self.poll_job();
        self.poll_warm();
        if let Some(p) = self.warm.as_ref().filter(|w| !w.index_done).map(|w| w.percent()) {
            // The box's "索引中… N%" moves on.
            if let Some(b) = self.app.search_mut() {
                b.indexing = Some(p);
            }
        }
        if self.swept_on != Some(self.store.today()) && self.warm.is_none() {
            let before = self.store.conn().total_changes();
            self.sweep();
            if self.store.conn().total_changes() != before {
                // This connection's own writes do not move `data_version`.
                self.refresh();
            }
        }
        self.dispatch(Action::Tick);
    }

    /// Puts into the second-round queue what the rules send there (overdue commitments,
    /// returned replies, unsatisfied feedback): at start, on the daily tick, after each save.
    pub(super) fn sweep(&mut self) {
        self.swept_on = Some(self.store.today());
        if let Err(e) = self.store.sweep_queue() {
            self.app.say(Level::Warning, e.message(self.app.lang));
        }
    }

    /// Draws the app.
    pub fn draw(&self, frame: &mut Frame) {
        views::draw(frame, &self.app);
    }

    /// The one place the app talks to the store.
    pub(super) fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Continue => {}
            Outcome::Quit => self.quit = true,
            Outcome::ReloadLedger => self.reload_ledger(),
            Outcome::LoadDetail(id) => match self.store.item_detail(id) {
                Ok(d) => self.app.open_detail(d),
                Err(e) => {
                    // The item did not open: the way back pushed for it is not needed.
                    let screen = self.app.screen;
                    self.app.nav.not_opened(screen);
                    self.app.say(Level::Error, e.message(self.app.lang));
                }
            },
            Outcome::OpenForm { action, items } => {
                if let Some(items) = self.ledger_batch(&action, &items) {
                    self.open_form(&action, &items);
                }
            }
            Outcome::SaveForm => self.save_form(),
            Outcome::ReloadForm => self.reload_form(),
            Outcome::ReapplyForm => self.reapply_form(),
            Outcome::FormMeetingChanged => self.form_meeting_changed(),
            Outcome::Undo => self.undo(),
            Outcome::ShowFiling => self.show_filing(),
            Outcome::CheckForChanges => match self.store.data_version() {
                Ok(v) if v != self.app.data_version => self.refresh(),
                Ok(_) => {}
                Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
            },
            Outcome::LoadScreen(screen) => super::screens::load::load(&self.store, &mut self.app, screen),
            Outcome::ExportRanking => super::screens::load::export_ranking(&self.store, &mut self.app),
            Outcome::Commend(change) => super::screens::evaluation::apply(&mut self.store, &mut self.app, change),
            Outcome::WriteDocs(kind) => {
                let items = super::documents::items_in_view(&self.app);
                let dir = super::documents::folder(&self.store, &self.export_dir);
                super::documents::write(&self.store, &mut self.app, kind, &items, &dir);
            }
            Outcome::RecordPublished(item) => {
                super::screens::load::record_published(&mut self.store, &mut self.app, item);
                self.after_write();
            }
            Outcome::Search => self.search_due = true,
            Outcome::OpenPersonItems { person, name } => match self.store.person_item_ids(person) {
                Ok(ids) => {
                    let filter = LedgerFilter { ids: Some(ids), include_closed: true, ..Default::default() };
                    let label = crate::text::T::SearchPersonItems.get(self.app.lang).replace("{name}", &name);
                    super::dialogs::search::show_ledger(&mut self.app, filter, label);
                    self.reload_ledger();
                }
                Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
            },
        }
    }

    pub(super) fn reload_ledger(&mut self) {
        let (filter, sort) = (&self.app.ledger.filter, self.app.ledger.sort);
        let page = super::layout::ledger_page(self.app.size);
        if self.warm.as_ref().is_some_and(|w| !w.ledger_done) {
            // Until the whole list's ids are in from the warm-up thread: the first pages only.
            let limit = page.max(40) * 3;
            match self.store.ledger_first(filter, sort, limit) {
                Ok(rows) => {
                    self.app.ledger.partial = rows.len() == limit;
                    self.app.ledger.set_rows(rows);
                    self.app.ledger.follow(page);
                }
                Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
            }
            return;
        }
        match self.store.ledger_ids(filter, sort) {
            Ok(ids) => {
                self.app.ledger.partial = false;
                self.app.ledger.set_ids(ids);
                self.app.ledger.follow(page);
                self.fill_window();
            }
            Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
        }
    }

    /// Reads everything on screen again (at start, and when another clerk committed),
    /// keeping the selection on the same item.
    pub fn refresh(&mut self) {
        let lang = self.app.lang;
        self.app.refreshes += 1;
        if let Ok(v) = self.store.data_version() {
            self.app.data_version = v;
        }
        match (self.store.meetings(), self.store.units()) {
            (Ok(m), Ok(u)) => {
                self.app.meetings = m;
                self.app.units = u;
            }
            (Err(e), _) | (_, Err(e)) => self.app.say(Level::Error, e.message(lang)),
        }
        self.reload_ledger();
        let open = self.app.detail.as_ref().map(|d| d.detail.item.id);
        if let Some(id) = open.filter(|_| self.app.screen == super::app::Screen::Detail) {
            match self.store.item_detail(id) {
                Ok(d) => self.app.open_detail(d),
                Err(e) => {
                    self.app.screen = super::app::Screen::Ledger;
                    self.app.detail = None;
                    self.app.say(Level::Warning, e.message(lang));
                }
            }
        }
        super::screens::load::reload(&self.store, &mut self.app);
        self.refresh_index();
        self.measure();
        self.fill_cells();
    }
}
