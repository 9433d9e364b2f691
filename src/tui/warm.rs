//! The first frame first (issue 19): at start the session reads only the ledger's first
//! page and draws it; two more threads, each on its own read-only connection (with the
//! clerk's read scope), then build the search index and read the whole ledger's ids side
//! by side (the screen thread is idle meanwhile: on two cores the index is ready when its
//! own build is done), and the session takes each in when it arrives ([`Warmup::poll`], on every key and tick). Until the index
//! is in, the search box answers from SQLite (`Store::quick_search`) and says "索引中…"
//! with the share of items indexed.
use crate::search::Index;
use crate::store::ledger::{LedgerFilter, Sort};
use crate::store::Store;
use crate::text::Lang;
use std::sync::mpsc::{channel, Receiver, TryRecvError};

/// What the warm-up thread sends.
pub enum Msg {
    /// The ids of the whole ledger for `filter` and `sort`, as it stood when read.
    Ledger { filter: LedgerFilter, sort: Sort, ids: Result<Vec<i64>, String> },
    /// Items indexed so far, of all.
    Progress(usize, usize),
    /// The index (or why it could not be built).
    Index(Result<Box<Index>, String>),
}

/// The warm-up under way.
pub struct Warmup {
    rx: Receiver<Msg>,
    /// Items indexed so far, of all.
    pub progress: (usize, usize),
    pub ledger_done: bool,
    pub index_done: bool,
    /// More items than the database answers a key for in a frame or two (see
    /// [`LARGE`]): the box waits for the index instead.
    pub large: bool,
}

/// Items above which the search box does not query the database while the index is
/// being built (`banli search` takes about 80 ms at 100k items, 0.7 s at 1M).
pub const LARGE: i64 = 200_000;

impl Warmup {
    /// Starts building the index and reading the whole ledger's ids (`filter`, `sort`) on
    /// two more threads. `None` when no other connection or thread could be had (the
    /// caller then does both here).
    pub fn start(store: &Store, filter: LedgerFilter, sort: Sort, lang: Lang) -> Option<Warmup> {
        let index_reader = store.open_reader().ok()?;
        // The index's links are read on a third connection beside its items.
        let links_reader = store.open_reader().ok();
        let reader = store.open_reader().ok()?;
        let today = store.today();
        // The largest id (a key lookup) stands for the count (a scan).
        let large = store
            .conn()
            .query_row("SELECT max(id) FROM item", [], |r| r.get::<_, Option<i64>>(0))
            .ok()
            .flatten()
            .unwrap_or(0)
            > LARGE;
        let (tx, rx) = channel();
        let ledger_tx = tx.clone();
        let spawned = std::thread::Builder::new().name("banli-index".into()).spawn(move || {
            let index = crate::store::search_docs::build_index(&index_reader, links_reader, &mut |done, total| {
                let _ = tx.send(Msg::Progress(done, total));
            });
            // The search helper starts from here, off the screen's CPU, before the first key.
            crate::search::share::start();
            let _ = tx.send(Msg::Index(index.map(Box::new).map_err(|e| e.message(lang))));
        });
        spawned.ok()?;
        // Should this thread not start, the channel closes when the index is sent and
        // `poll` hands the ledger back to the session.
        let _ = std::thread::Builder::new().name("banli-ledger".into()).spawn(move || {
            let ids = crate::store::ledger::ledger_ids(&reader, today, &filter, sort);
            let _ = ledger_tx.send(Msg::Ledger { filter, sort, ids: ids.map_err(|e| e.message(lang)) });
        });
        Some(Warmup { rx, progress: (0, 0), ledger_done: false, index_done: false, large })
    }

    /// Keeps progress here and notes what is done; the rest goes to `out`.
    fn take(&mut self, m: Msg, out: &mut Vec<Msg>) {
        match &m {
            Msg::Progress(d, t) => return self.progress = (*d, *t),
            Msg::Ledger { .. } => self.ledger_done = true,
            Msg::Index(_) => self.index_done = true,
        }
        out.push(m);
    }

    /// What arrived since the last call (progress is kept here, not returned).
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(m) => self.take(m, &mut out),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    // The thread ended without sending everything (it panicked): the
                    // session does the rest itself.
                    if !self.ledger_done {
                        self.ledger_done = true;
                        out.push(Msg::Ledger {
                            filter: LedgerFilter { ids: Some(Vec::new()), ..Default::default() },
                            sort: Sort::Number,
                            ids: Err(String::new()),
                        });
                    }
                    if !self.index_done {
                        self.index_done = true;
                        out.push(Msg::Index(Err(String::new())));
                    }
                    break;
                }
            }
        }
        out
    }

    /// Waits for everything still to come (tests, and a write that needs the index).
    pub fn wait(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        while !(self.ledger_done && self.index_done) {
            match self.rx.recv() {
                Ok(m) => self.take(m, &mut out),
                Err(_) => {
                    out.extend(self.poll());
                    break;
                }
            }
        }
        out
    }

    /// The share of items indexed, in percent.
    pub fn percent(&self) -> u8 {
        match self.progress {
            (_, 0) => 0,
            (d, t) => (d * 100 / t).min(99) as u8,
        }
    }
}
