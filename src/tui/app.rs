//! The app's state: what is on screen and what the clerk has chosen. Changed only by
//! [`super::update::update`] and by the session when data arrives from the store.
use super::dialogs::picker::Picker;
use super::dialogs::search::SearchBox;
use super::forms::Form;
use super::key::Key;
use super::keymap::{Keymap, Mode};
use super::theme::Theme;
use crate::domain::{Calendar, Meeting, Rules, Unit};
use crate::store::detail::ItemDetail;
use crate::store::ledger::{LedgerFilter, LedgerRow, Sort};
use crate::text::Lang;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// The full-screen views. (Overlays, help and pickers, sit on top of one of them.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Ledger,
    Detail,
    /// 总览 (key 2).
    Dashboard,
    /// 二次办理 and 回头看 (key 3).
    Queue,
    /// 督办 and the unit ranking (key 4).
    Supervision,
    /// 承办单位 and the co-handling tracker (key 5).
    Units,
    /// 考评: the units' year-end evaluation and the commendation list (key 7).
    Evaluation,
}

/// The two panes of the detail screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The item's text (正文).
    Text,
    /// Everything recorded on it (办理记录).
    Records,
}

impl Pane {
    /// The other pane (there are two, so next and previous agree).
    pub fn other(self) -> Pane {
        match self {
            Pane::Text => Pane::Records,
            Pane::Records => Pane::Text,
        }
    }
}

/// The ledger table and its filters. A list of any size is held as its ids in order (8
/// bytes a row) and a window of rows read around the viewport: the session reads the
/// window by id through the store (one query per page) whenever the viewport leaves it
/// (`Session::fill_window`); the view draws from it.
#[derive(Debug, Clone, Default)]
pub struct LedgerState {
    /// The ids of every row of the list, in order.
    pub ids: Vec<i64>,
    /// The rows read, by id: those of positions `window` (and no others).
    pub window_rows: HashMap<i64, LedgerRow>,
    /// The positions in `ids` whose rows are in `window_rows`.
    pub window: Range<usize>,
    /// Index of the selected row in `ids`.
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    pub filter: LedgerFilter,
    pub sort: Sort,
    /// Items marked with `toggle_select`, for later batch actions.
    pub marked: BTreeSet<i64>,
    /// What the `ids` filter shows ("马均侠 的件"), for the title line.
    pub ids_label: String,
    /// Only the first rows are in (the rest is being read at start): the count says so.
    pub partial: bool,
    /// The columns drawn, in order (the config file's `ledger_columns`).
    pub columns: Vec<super::columns::Column>,
    /// The optional cells of the rows in the window, when a column shows them (read by the
    /// session, see `Session::fill_cells`; emptied when the rows are read again).
    pub cells: HashMap<i64, crate::store::ledger_cells::LedgerCells>,
}

impl LedgerState {
    /// The columns drawn: the clerk's, or [`super::columns::DEFAULT`].
    pub fn shown_columns(&self) -> &[super::columns::Column] {
        if self.columns.is_empty() {
            &super::columns::DEFAULT
        } else {
            &self.columns
        }
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The row at position `i`, when it is in the window.
    pub fn row(&self, i: usize) -> Option<&LedgerRow> {
        if !self.window.contains(&i) {
            return None;
        }
        self.ids.get(i).and_then(|id| self.window_rows.get(id))
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&LedgerRow> {
        self.row(self.selected)
    }

    /// The position of item `id` in the list (the selection's first: it is usually there).
    pub fn position(&self, id: i64) -> Option<usize> {
        if self.ids.get(self.selected) == Some(&id) {
            return Some(self.selected);
        }
        self.ids.iter().position(|&i| i == id)
    }

    /// Replaces the list with its first rows (drawn before the whole list is read).
    pub fn set_rows(&mut self, rows: Vec<LedgerRow>) {
        let ids = rows.iter().map(|r| r.id).collect();
        self.set_ids(ids);
        self.window = 0..rows.len();
        self.window_rows = rows.into_iter().map(|r| (r.id, r)).collect();
    }

    /// Replaces the list, keeping the selection on the same item when it is still listed
    /// (else on the same position) and the marks on the items still listed. The window is
    /// emptied: the session reads it again.
    pub fn set_ids(&mut self, ids: Vec<i64>) {
        let keep = self.ids.get(self.selected).copied();
        self.ids = ids;
        self.window_rows.clear();
        self.window = 0..0;
        self.cells.clear();
        if let Some(i) = keep.and_then(|id| self.ids.iter().position(|&r| r == id)) {
            self.selected = i;
        }
        self.selected = self.selected.min(self.ids.len().saturating_sub(1));
        if !self.marked.is_empty() {
            let listed: BTreeSet<i64> = self.ids.iter().copied().filter(|id| self.marked.contains(id)).collect();
            self.marked = listed;
        }
    }

    /// The positions to read when the page of `page` rows from `offset` (or the selection)
    /// is not all in the window (see [`super::screens::list::window_needed`]).
    pub fn window_needed(&self, page: usize) -> Option<Range<usize>> {
        let cursor = super::screens::list::Cursor { selected: self.selected, offset: self.offset };
        super::screens::list::window_needed(&self.window, self.ids.len(), cursor, page)
    }

    /// Takes the rows read for `range` (some may be missing: no longer readable). The
    /// cells of rows that left the window go with them.
    pub fn set_window(&mut self, range: Range<usize>, rows: Vec<LedgerRow>) {
        self.window_rows = rows.into_iter().map(|r| (r.id, r)).collect();
        self.window = range;
        let rows = &self.window_rows;
        self.cells.retain(|id, _| rows.contains_key(id));
    }

    /// Moves the first drawn row so the selection is on a page of `page` rows.
    pub fn follow(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.ids.len().saturating_sub(page));
    }
}

/// The open item.
#[derive(Debug, Clone)]
pub struct DetailState {
    pub detail: ItemDetail,
    pub pane: Pane,
    /// Scroll offset of the text pane and of the records pane.
    pub scroll: [usize; 2],
}

impl DetailState {
    /// A freshly opened item: records first, since that is what a clerk looks up.
    pub fn new(detail: ItemDetail) -> DetailState {
        DetailState { detail, pane: Pane::Records, scroll: [0, 0] }
    }

    /// The scroll offset of `pane`.
    pub fn scroll_of(&self, pane: Pane) -> usize {
        self.scroll[pane as usize]
    }
}

/// How a status-bar message is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub level: Level,
}

/// How many lines the scrolled views have and how many show, measured by the session after
/// each update from what the views would draw: `update` reads these and never draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measures {
    /// (lines, lines on screen) of the detail's text pane and records pane.
    pub detail: [(usize, usize); 2],
    /// (lines, lines on screen) of help.
    pub help: (usize, usize),
    /// Lines of the dashboard (its page is [`super::screens::dashboard::page`]).
    pub dashboard: usize,
}

/// What is open over the screen; one at a time, so the keyboard's table is never in doubt.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// Help, at this scroll offset.
    Help(usize),
    Picker(Picker),
    /// The quick-search box.
    Search(SearchBox),
    Form(Box<Form>),
}

/// Facts about the open database the screens show.
#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    pub rules: Rules,
    /// The holiday calendar, for deadlines shown before saving.
    pub calendar: Calendar,
    pub db_path: String,
    pub operator: String,
}

/// Everything the screens draw from.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub ctx: Context,
    pub screen: Screen,
    pub ledger: LedgerState,
    pub detail: Option<DetailState>,
    /// What is open over the screen (help, a picker, the search box or a form), if anything.
    pub overlay: Option<Overlay>,
    /// How long what is drawn is, for scrolling (see [`Measures`]).
    pub measures: Measures,
    /// Text to put on the terminal's clipboard (OSC 52) after this update.
    pub clipboard: Option<String>,
    pub message: Option<Message>,
    /// The running import or export, for the status line (see [`super::job`]).
    pub job: Option<super::job::JobView>,
    /// Problems found in the keymap files, shown at start and at the top of help.
    pub warnings: Vec<String>,
    /// Other things said at start (a backup too old), repeated at the top of help.
    pub notices: Vec<String>,
    /// Keys of an unfinished sequence (`g` of `g g`).
    pub pending: Vec<Key>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub meetings: Vec<Meeting>,
    pub units: Vec<Unit>,
    /// The store's `data_version` when the screen was last loaded.
    pub data_version: i64,
    /// How many times everything was read again (a save, another clerk's commit): a ledger
    /// put aside earlier is read again when it comes back only if this moved.
    pub refreshes: u64,
    /// The list screens' state (dashboard, queue, supervision, units).
    pub screens: super::screens::Screens,
    /// Where Esc goes back to: the list screen an item (or a unit's ledger) was opened
    /// from, and the ledger put aside for a search's.
    pub nav: super::nav::Nav,
}

impl App {
    /// A new app on the ledger screen, with nothing loaded yet.
    pub fn new(lang: Lang, theme: Theme, keymap: Keymap, ctx: Context) -> App {
        App {
            lang,
            theme,
            keymap,
            ctx,
            screen: Screen::Ledger,
            ledger: LedgerState::default(),
            detail: None,
            overlay: None,
            measures: Measures::default(),
            clipboard: None,
            message: None,
            job: None,
            warnings: Vec::new(),
            notices: Vec::new(),
            pending: Vec::new(),
            size: (80, 24),
            meetings: Vec::new(),
            units: Vec::new(),
            data_version: 0,
            refreshes: 0,
            screens: Default::default(),
            nav: Default::default(),
        }
    }

    /// The keymap table that has the keyboard: the overlay's if one is open, else the screen's.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Form(_)) => Mode::Form,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::Help(_)) => Mode::Help,
            None => match self.screen {
                Screen::Ledger => Mode::Ledger,
                Screen::Detail => Mode::Detail,
                Screen::Dashboard => Mode::Dashboard,
                Screen::Queue => Mode::Queue,
                Screen::Supervision => Mode::Supervision,
                Screen::Units => Mode::Units,
                Screen::Evaluation => Mode::Evaluation,
            },
        }
    }

    /// Opens help at scroll offset `at` (in place of any other overlay).
    pub fn open_help(&mut self, at: usize) {
        self.overlay = Some(Overlay::Help(at));
    }
    /// Opens a picker.
    pub fn open_picker(&mut self, p: Picker) {
        self.overlay = Some(Overlay::Picker(p));
    }
    /// Opens the search box.
    pub fn open_search(&mut self, b: SearchBox) {
        self.overlay = Some(Overlay::Search(b));
    }
    /// Opens a form.
    pub fn open_form(&mut self, f: Form) {
        self.overlay = Some(Overlay::Form(Box::new(f)));
    }
    /// Help's scroll offset, when help is open.
    pub fn help(&self) -> Option<usize> {
        match self.overlay {
            Some(Overlay::Help(at)) => Some(at),
            _ => None,
        }
    }
    /// The open picker.
    pub fn picker(&self) -> Option<&Picker> {
        match &self.overlay {
            Some(Overlay::Picker(p)) => Some(p),
            _ => None,
        }
    }
    /// See [`App::picker`].
    pub fn picker_mut(&mut self) -> Option<&mut Picker> {
        match &mut self.overlay {
            Some(Overlay::Picker(p)) => Some(p),
            _ => None,
        }
    }
    /// The open search box.
    pub fn search(&self) -> Option<&SearchBox> {
        match &self.overlay {
            Some(Overlay::Search(b)) => Some(b),
            _ => None,
        }
    }
    /// See [`App::search`].
    pub fn search_mut(&mut self) -> Option<&mut SearchBox> {
        match &mut self.overlay {
            Some(Overlay::Search(b)) => Some(b),
            _ => None,
        }
    }
    /// The open form.
    pub fn form(&self) -> Option<&Form> {
        match &self.overlay {
            Some(Overlay::Form(f)) => Some(f),
            _ => None,
        }
    }
    /// See [`App::form`].
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.overlay {
            Some(Overlay::Form(f)) => Some(f),
            _ => None,
        }
    }
    /// Closes help, if it is what is open.
    pub fn close_help(&mut self) {
        if self.help().is_some() {
            self.overlay = None;
        }
    }
    /// Closes the picker, if it is what is open.
    pub fn close_picker(&mut self) {
        self.take_picker();
    }
    /// Closes the search box, if it is what is open.
    pub fn close_search(&mut self) {
        if self.search().is_some() {
            self.overlay = None;
        }
    }
    /// Closes the form, if it is what is open.
    pub fn close_form(&mut self) {
        self.take_form();
    }
    /// Closes the picker and hands it over.
    pub fn take_picker(&mut self) -> Option<Picker> {
        match self.overlay.take() {
            Some(Overlay::Picker(p)) => Some(p),
            other => {
                self.overlay = other;
                None
            }
        }
    }
    /// Closes the form and hands it over.
    pub fn take_form(&mut self) -> Option<Form> {
        match self.overlay.take() {
            Some(Overlay::Form(f)) => Some(*f),
            other => {
                self.overlay = other;
                None
            }
        }
    }

    /// Shows a message in the status bar.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), level });
    }

    /// The meeting's name for a meeting id.
    pub fn meeting_name(&self, id: i64) -> &str {
        self.meetings.iter().find(|m| m.id == id).map(|m| m.name.as_str()).unwrap_or("")
    }

    /// The unit's short name for a unit id.
    pub fn unit_short(&self, id: i64) -> &str {
        self.units.iter().find(|u| u.id == id).map(|u| u.short_name.as_str()).unwrap_or("")
    }

    /// Shows an item's detail.
    pub fn open_detail(&mut self, detail: ItemDetail) {
        // Reloading the same item (another clerk saved) keeps the reader's place.
        match &mut self.detail {
            Some(d) if d.detail.item.id == detail.item.id && self.screen == Screen::Detail => d.detail = detail,
            _ => self.detail = Some(DetailState::new(detail)),
        }
        self.screen = Screen::Detail;
    }
}
