//! The item pass of `banli search`, begun before the names are scored.
//!
//! Scoring an item row needs the people, units and meetings scored first (an item matches
//! through its proposers and units too), and reading the rows out of SQLite is most of the
//! pass. So the helper thread starts reading the item table, on its own connection, as soon
//! as the command starts, while this thread opens the store and scores the names. Rows read
//! before the names are scored are kept (their text in one buffer) and scored afterwards;
//! later chunks are scored as they are read, by both threads, as
//! [`crate::search::share::share`] does. At 10k items the reading took half of the command.
use super::Result;
use crate::search::eval::EntityScores;
use crate::search::stream::{ItemRowRef, Linked, RowScorer};
use crate::search::{Hit, Index, Query};
use crate::store::db::{Db, OptionalExtension};
use rusqlite::params;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// The item ids are read in this many chunks, shared between the two threads.
const SCAN_CHUNKS: usize = 16;

/// Rows read ahead before the helper waits for the names (bounds the memory at 1M items).
const AHEAD_ROWS: usize = 200_000;

/// A chunk read ahead asks this often whether it is still wanted.
const CHECK_EVERY: usize = 1024;

const ITEM_ROWS: &str =
    "SELECT id, number_key, title, meeting_id, topic, search_keys FROM item WHERE id >= ?1 AND id < ?2";

/// What scoring an item row needs: the query, the names' index and scores, the links.
pub(super) struct Ctx {
    pub q: Query,
    pub index: Index,
    pub ents: EntityScores,
    pub linked: Linked,
}

/// Rows read before the names were scored: their text in one buffer.
#[derive(Default)]
struct Rows {
    text: String,
    rows: Vec<RowAt>,
}

/// One row kept: where its number key, title, topic and stored keys end in the buffer.
struct RowAt {
    id: i64,
    meeting_id: i64,
    ends: [usize; 4],
}

enum Chunk {
    Scored(Vec<Hit>),
    Read(Rows),
}

#[derive(Clone, Copy, PartialEq)]
enum Helper {
    Waiting,
    Running,
    Stopped,
}

/// The pass shared between this thread and the helper.
pub(super) struct Ahead {
    keys: bool,
    range: OnceLock<Option<(i64, i64)>>,
    next: AtomicUsize,
    wanted: AtomicBool,
    read_ahead: AtomicUsize,
    ctx: Mutex<Option<Arc<Ctx>>>,
    ready: Condvar,
    done: Mutex<Vec<(usize, Chunk)>>,
    helper: Mutex<Helper>,
    stopped: Condvar,
}

/// Runs `f` while the helper reads the item rows (their stored keys only when `keys`, as a
/// query with a pinyin word needs them) through the connection `open` makes there (on a
/// single CPU, `f` reads them all itself).
pub(super) fn reading_ahead<R>(
    keys: bool,
    open: impl FnOnce() -> Result<Db> + Send + 'static,
    f: impl FnOnce(&Ahead) -> R,
) -> R {
    let ahead = Arc::new(Ahead {
        keys,
        range: OnceLock::new(),
        next: AtomicUsize::new(0),
        wanted: AtomicBool::new(true),
        read_ahead: AtomicUsize::new(0),
        ctx: Mutex::new(None),
        ready: Condvar::new(),
        done: Mutex::new(Vec::new()),
        helper: Mutex::new(Helper::Waiting),
        stopped: Condvar::new(),
    });
    if let Some(pool) = crate::search::share::helper() {
        let a = ahead.clone();
        pool.spawn(move || a.help(open));
    }
    let out = f(&ahead);
    ahead.abandon();
    out
}

impl Ahead {
    /// The item ids `(min, max)`, looked up once by whichever thread asks first: two lookups
    /// on the primary key (one `min(id), max(id)` query scans the table).
    pub fn range(&self, c: &Db) -> Result<Option<(i64, i64)>> {
        if let Some(r) = self.range.get() {
            return Ok(*r);
        }
        let end = |sql: &str| -> Result<Option<i64>> { Ok(c.query_row(sql, [], |r| r.get(0)).optional()?.flatten()) };
        let r = end("SELECT min(id) FROM item")?.zip(end("SELECT max(id) FROM item")?);
        Ok(*self.range.get_or_init(|| r))
    }

    /// The chunks: how many, and the ids of chunk `k`.
    fn chunks(&self) -> (usize, impl Fn(usize) -> (i64, i64)) {
        let (lo, hi) = self.range.get().copied().flatten().unwrap_or((0, -1));
        let n = (hi - lo + 1).max(0) as usize;
        let size = n.div_ceil(SCAN_CHUNKS).max(1);
        let ids = move |k: usize| (lo + (k * size) as i64, lo + ((k + 1) * size).min(n) as i64);
        (n.div_ceil(size), ids)
    }

    fn claim(&self) -> Option<usize> {
        let (n, _) = self.chunks();
        let k = self.next.fetch_add(1, Ordering::Relaxed);
        (self.wanted.load(Ordering::Relaxed) && k < n).then_some(k)
    }

    /// The helper's part: read ahead until the names are scored, then score as it reads.
    fn help(&self, open: impl FnOnce() -> Result<Db>) {
        {
            let Ok(mut h) = self.helper.lock() else { return };
            if *h != Helper::Waiting {
                return;
            }
            *h = Helper::Running;
        }
        // A panic here loses nothing: the chunks it did not hand in are read by the caller.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            let Ok(c) = open() else { return };
            map_pages(&c);
            if !matches!(self.range(&c), Ok(Some(_))) {
                return;
            }
            let mut ctx = None;
            while let Some(k) = self.claim() {
                if ctx.is_none() {
                    ctx = self.wait_for_names();
                }
                let (_, ids) = self.chunks();
                // A failure here (a schema not yet brought up to date by the caller's open)
                // only ends the help: the caller reads what was not handed in.
                let out = match &ctx {
                    Some(ctx) => match scan(&c, ctx, ids(k)) {
                        Ok(hits) => Chunk::Scored(hits),
                        Err(_) => return,
                    },
                    None => match self.read(&c, ids(k)) {
                        Ok(Some(rows)) => Chunk::Read(rows),
                        _ => return,
                    },
                };
                if let Ok(mut d) = self.done.lock() {
                    d.push((k, out));
                }
            }
        }));
        if let Ok(mut h) = self.helper.lock() {
            *h = Helper::Stopped;
            self.stopped.notify_all();
        }
    }

    /// The names' scores when ready; `None` to read ahead (and waits once enough is read).
    fn wait_for_names(&self) -> Option<Arc<Ctx>> {
        let mut ctx = self.ctx.lock().ok()?;
        while ctx.is_none()
            && self.read_ahead.load(Ordering::Relaxed) >= AHEAD_ROWS
            && self.wanted.load(Ordering::Relaxed)
        {
            ctx = self.ready.wait(ctx).ok()?;
        }
        ctx.clone()
    }

    /// Reads the rows of `from <= id < to` into a buffer; `None` when no longer wanted.
    fn read(&self, c: &Db, ids: (i64, i64)) -> Result<Option<Rows>> {
        let mut out = Rows::default();
        let whole = each_row(c, ids, self.keys, |row| {
            let mut ends = [0; 4];
            for (end, field) in
                ends.iter_mut().zip([row.number_key, row.title, row.topic, row.stored_keys.unwrap_or("")])
            {
                out.text.push_str(field);
                *end = out.text.len();
            }
            out.rows.push(RowAt { id: row.id, meeting_id: row.meeting_id, ends });
            out.rows.len() % CHECK_EVERY != 0 || self.wanted.load(Ordering::Relaxed)
        })?;
        self.read_ahead.fetch_add(out.rows.len(), Ordering::Relaxed);
        Ok(whole.then_some(out))
    }

    /// Nothing more is wanted: the helper stops at its next chunk (or row check), or never
    /// starts. No one waits for it (a new thread is often placed on this one's CPU and runs
    /// only when this one waits: `z` took 4.7 or 8.9 ms at 10k, by turns).
    pub fn abandon(&self) {
        self.wanted.store(false, Ordering::Relaxed);
        if let Ok(mut h) = self.helper.lock() {
            if *h == Helper::Waiting {
                *h = Helper::Stopped;
            }
        }
        if let Ok(_ctx) = self.ctx.lock() {
            self.ready.notify_all();
        }
    }

    /// Waits until the helper has stopped, or makes sure it never starts.
    fn stop_helper(&self) {
        let Ok(mut h) = self.helper.lock() else { return };
        if *h == Helper::Waiting {
            *h = Helper::Stopped;
        }
        while *h == Helper::Running {
            match self.stopped.wait(h) {
                Ok(g) => h = g,
                Err(_) => return,
            }
        }
    }

    /// Scores every item row with `ctx`, the helper helping, on `c` here; hands `ctx` back
    /// with the hits.
    pub fn score_all(&self, c: &Db, ctx: Ctx) -> Result<(Ctx, Vec<Hit>)> {
        map_pages(c);
        let ctx = Arc::new(ctx);
        if let Ok(mut slot) = self.ctx.lock() {
            *slot = Some(ctx.clone());
            self.ready.notify_all();
        }
        let mut hits = Vec::new();
        let mut seen = Vec::new();
        // What the helper read ahead first (in memory: quick), then chunks from the table.
        hits.extend(self.score_handed(&ctx, &mut seen));
        let (n, ids) = self.chunks();
        while let Some(k) = self.claim() {
            seen.push(k);
            hits.extend(scan(c, &ctx, ids(k))?);
        }
        self.stop_helper();
        hits.extend(self.score_handed(&ctx, &mut seen));
        // Chunks the helper took and did not hand in (it failed) are read here.
        for k in (0..n).filter(|k| !seen.contains(k)) {
            hits.extend(scan(c, &ctx, ids(k))?);
        }
        if let Ok(mut slot) = self.ctx.lock() {
            *slot = None;
        }
        let ctx = Arc::into_inner(ctx).ok_or_else(|| {
            super::StoreError::rule("搜索线程未结束".to_string(), "the search helper did not stop".to_string())
        })?;
        Ok((ctx, hits))
    }

    /// The hits of the chunks the helper handed in so far, scoring those it read ahead.
    fn score_handed(&self, ctx: &Ctx, seen: &mut Vec<usize>) -> Vec<Hit> {
        let handed = self.done.lock().map(|mut d| std::mem::take(&mut *d)).unwrap_or_default();
        let mut hits = Vec::new();
        for (k, chunk) in handed {
            seen.push(k);
            match chunk {
                Chunk::Scored(h) => hits.extend(h),
                Chunk::Read(rows) => hits.extend(score_rows(ctx, &rows)),
            }
        }
        hits
    }
}

/// Scores the rows read ahead.
fn score_rows(ctx: &Ctx, rows: &Rows) -> Vec<Hit> {
    let mut scorer = RowScorer::new(&ctx.q, &ctx.index, &ctx.ents, &ctx.linked);
    let mut start = 0;
    let mut out = Vec::new();
    for r in &rows.rows {
        let [nk, title, topic, keys] = r.ends;
        let row = ItemRowRef {
            id: r.id,
            number_key: &rows.text[start..nk],
            title: &rows.text[nk..title],
            meeting_id: r.meeting_id,
            topic: &rows.text[title..topic],
            stored_keys: scorer.needs_keys().then(|| &rows.text[topic..keys]),
        };
        start = keys;
        out.extend(scorer.score(row));
    }
    out
}

/// Scores the items with `from <= id < to`, as they are read.
fn scan(c: &Db, ctx: &Ctx, ids: (i64, i64)) -> Result<Vec<Hit>> {
    let mut scorer = RowScorer::new(&ctx.q, &ctx.index, &ctx.ents, &ctx.linked);
    let mut out = Vec::new();
    each_row(c, ids, scorer.needs_keys(), |row| {
        out.extend(scorer.score(row));
        true
    })?;
    Ok(out)
}

/// Calls `f` with each item row of `from <= id < to` (its stored keys only when `keys`),
/// until `f` says stop; whether every row was seen.
fn each_row(c: &Db, (from, to): (i64, i64), keys: bool, mut f: impl FnMut(ItemRowRef<'_>) -> bool) -> Result<bool> {
    let mut st = c.prepare_cached(ITEM_ROWS)?;
    let mut rows = st.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let row = ItemRowRef {
            id: r.get(0)?,
            number_key: r.text(1)?,
            title: r.text(2)?,
            meeting_id: r.get(3)?,
            topic: r.text(4)?,
            stored_keys: if keys { Some(r.text(5)?) } else { None },
        };
        if !f(row) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Reading pages through a memory map saves copying them out of the page cache.
fn map_pages(c: &Db) {
    if let Some(s) = c.sqlite() {
        let _ = s.pragma_update(None, "mmap_size", 1i64 << 30);
    }
}
