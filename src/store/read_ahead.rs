//! The item pass of `banli search`, begun before the names are scored.
//!
//! Scoring an item row needs the people, units and meetings scored first (an item matches
//! through its proposers and units too). So a helper thread starts as the command does, on
//! a connection of its own: it reads and indexes the names while this thread opens the
//! store, and this thread then reads item rows ahead until the names are in. Rows read
//! before that are kept (their text in one buffer) and scored afterwards by both threads;
//! the rest are scored as they are read, by both, as [`crate::search::share::share`] does.
//!
//! The ids are read in stretches of 1,024, a pack's ([`super::search_pack`]): `banli search`
//! takes a stretch's rows from its pack when there is one (one blob instead of 1,024 rows,
//! with each row's prefilter bits), and notes the stretches that had none, to be packed
//! after the search.
use super::search_docs::{read_names, Names};
use super::search_pack::{read_rows, with_pack, PackRows, Packed, Rows, View, PACK_SHIFT};
use super::Result;
use crate::search::eval::EntityScores;
use crate::search::stream::{ItemRowRef, Linked, RowScorer};
use crate::search::{Hit, Index, Query};
use crate::store::db::{Db, OptionalExtension};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Rows read ahead before the helper waits for the names (bounds the memory at 1M items).
const AHEAD_ROWS: usize = 200_000;

/// A chunk read ahead asks this often whether it is still wanted.
const CHECK_EVERY: usize = 1024;

/// What scoring an item row needs: the query, the names' index and scores, the links.
pub(super) struct Ctx {
    pub q: Query,
    pub index: Index,
    pub ents: EntityScores,
    pub linked: Linked,
}

enum Chunk {
    Scored(Vec<Hit>),
    Read(Read),
}

/// A stretch's rows read ahead: from the table, or its pack copied.
enum Read {
    Table(Rows),
    Pack(Packed),
}

impl Read {
    fn view(&self) -> View<'_> {
        match self {
            Read::Table(r) => r.view(),
            Read::Pack(p) => p.view(),
        }
    }
}

/// Who reads the names: the helper, first thing, unless the caller needs them before it
/// began.
enum NameSlot {
    Open,
    Reading,
    Read(Box<Result<Names>>),
    Taken,
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
    /// Stretches are taken from their packs when there are.
    packs: bool,
    /// The stretches (pack numbers) that had no readable pack.
    unpacked: Mutex<Vec<i64>>,
    names: Mutex<NameSlot>,
    names_read: Condvar,
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
/// query with a pinyin word needs them; from their packs when `packs`) through the
/// connection `open` makes there (on a single CPU, `f` reads them all itself).
pub(super) fn reading_ahead<R>(
    keys: bool,
    packs: bool,
    open: impl FnOnce() -> Result<Db> + Send + 'static,
    f: impl FnOnce(&Ahead) -> R,
) -> R {
    let ahead = Arc::new(Ahead {
        keys,
        packs,
        unpacked: Mutex::new(Vec::new()),
        names: Mutex::new(NameSlot::Open),
        names_read: Condvar::new(),
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

    /// The chunks: how many, and the pack number of chunk `k` (its ids are those of the pack).
    fn chunks(&self) -> (usize, impl Fn(usize) -> i64) {
        let (lo, hi) = self.range.get().copied().flatten().unwrap_or((0, -1));
        let (first, last) = (lo >> PACK_SHIFT, hi >> PACK_SHIFT);
        let n = if hi < lo { 0 } else { (last - first + 1) as usize };
        (n, move |k: usize| first + k as i64)
    }

    /// The stretches that had no pack: for [`super::search_pack::write_packs`].
    pub fn unpacked(&self) -> Vec<i64> {
        let mut v = self.unpacked.lock().map(|v| v.clone()).unwrap_or_default();
        v.sort_unstable();
        v
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
            self.read_names_ahead(&c);
            if !matches!(self.range(&c), Ok(Some(_))) {
                return;
            }
            let mut ctx = None;
            while let Some(k) = self.claim() {
                if ctx.is_none() {
                    ctx = self.scores(false);
                }
                let (_, pack) = self.chunks();
                // A failure here (a schema not yet brought up to date by the caller's open)
                // only ends the help: the caller reads what was not handed in.
                let out = match &ctx {
                    Some(ctx) => match self.scan(&c, ctx, pack(k)) {
                        Ok(hits) => Chunk::Scored(hits),
                        Err(_) => return,
                    },
                    None => match self.read(&c, pack(k)) {
                        Ok(Some(rows)) => Chunk::Read(rows),
                        _ => return,
                    },
                };
                if let Ok(mut d) = self.done.lock() {
                    d.push((k, out));
                }
            }
            // Then it scores, with the caller, what was read ahead.
            let ctx = ctx.or_else(|| self.scores(true));
            if let Some(ctx) = ctx {
                while let Some(Ok((k, hits))) = self.score_one_read(&ctx) {
                    if let Ok(mut d) = self.done.lock() {
                        d.push((k, Chunk::Scored(hits)));
                    }
                }
            }
        }));
        // A panic while reading the names leaves them to the caller.
        if let Ok(mut s) = self.names.lock() {
            if matches!(*s, NameSlot::Reading) {
                *s = NameSlot::Open;
            }
            self.names_read.notify_all();
        }
        if let Ok(mut h) = self.helper.lock() {
            *h = Helper::Stopped;
            self.stopped.notify_all();
        }
    }

    /// The helper reads the names, unless the caller took them.
    fn read_names_ahead(&self, c: &Db) {
        {
            let Ok(mut s) = self.names.lock() else { return };
            if !matches!(*s, NameSlot::Open) {
                return;
            }
            *s = NameSlot::Reading;
        }
        let names = read_names(c);
        if let Ok(mut s) = self.names.lock() {
            *s = NameSlot::Read(Box::new(names));
            self.names_read.notify_all();
        }
    }

    /// The people, units and meetings, indexed: as the helper read them (reading item rows
    /// ahead here on `c` while it does), or read here when it did not begin or could not.
    pub fn names(&self, c: &Db) -> Result<Names> {
        // The stretches read ahead come through the map too (a pack's overflow pages were
        // read with a system call each).
        map_pages(c);
        loop {
            let Ok(mut s) = self.names.lock() else { break };
            match std::mem::replace(&mut *s, NameSlot::Taken) {
                NameSlot::Read(names) => match *names {
                    Ok(names) => return Ok(names),
                    Err(_) => break,
                },
                NameSlot::Reading => {
                    *s = NameSlot::Reading;
                    drop(s);
                    if !self.read_one_ahead(c) {
                        let Ok(s) = self.names.lock() else { break };
                        if matches!(*s, NameSlot::Reading) {
                            drop(self.names_read.wait(s));
                        }
                    }
                }
                _ => break,
            }
        }
        read_names(c)
    }

    /// Reads one stretch of item rows ahead on `c`, for scoring once the names are in;
    /// false when there is none left (or enough is read ahead).
    fn read_one_ahead(&self, c: &Db) -> bool {
        if self.read_ahead.load(Ordering::Relaxed) >= AHEAD_ROWS || !matches!(self.range(c), Ok(Some(_))) {
            return false;
        }
        let Some(k) = self.claim() else { return false };
        let (_, pack) = self.chunks();
        // A stretch not handed in is read again by `score_all`.
        if let Ok(Some(rows)) = self.read(c, pack(k)) {
            if let Ok(mut d) = self.done.lock() {
                d.push((k, Chunk::Read(rows)));
            }
        }
        true
    }

    /// The names' scores when ready. Until then `None`, to read ahead, unless `wait` (or
    /// enough is read ahead): then waits for them while anything is wanted.
    fn scores(&self, wait: bool) -> Option<Arc<Ctx>> {
        let mut ctx = self.ctx.lock().ok()?;
        while ctx.is_none()
            && (wait || self.read_ahead.load(Ordering::Relaxed) >= AHEAD_ROWS)
            && self.wanted.load(Ordering::Relaxed)
        {
            ctx = self.ready.wait(ctx).ok()?;
        }
        ctx.clone()
    }

    /// The rows of pack `k`'s ids, from the pack (copied) or the item table; `None` when no
    /// longer wanted.
    fn read(&self, c: &Db, k: i64) -> Result<Option<Read>> {
        if let Some(p) = self.packed(c, k, |p| p.to_owned()) {
            return Ok(Some(Read::Pack(p)));
        }
        Ok(self.read_table(c, k)?.map(Read::Table))
    }

    /// Runs `f` on pack `k`'s rows where SQLite holds them, when packs are read and it has one.
    fn packed<T>(&self, c: &Db, k: i64, f: impl FnOnce(PackRows<'_>) -> T) -> Option<T> {
        if !self.packs {
            return None;
        }
        with_pack(c, k, |p| {
            self.read_ahead.fetch_add(p.len(), Ordering::Relaxed);
            f(p)
        })
    }

    /// The rows of pack `k`'s ids from the item table (noting that it had no pack).
    fn read_table(&self, c: &Db, k: i64) -> Result<Option<Rows>> {
        if self.packs {
            if let Ok(mut v) = self.unpacked.lock() {
                v.push(k);
            }
        }
        let ids = (k << PACK_SHIFT, (k + 1) << PACK_SHIFT);
        let rows = read_rows(c, ids, self.keys, CHECK_EVERY, || self.wanted.load(Ordering::Relaxed))?;
        self.read_ahead.fetch_add(rows.as_ref().map_or(0, |r| r.rows.len()), Ordering::Relaxed);
        Ok(rows)
    }

    /// Scores the items of pack `k`'s ids: a pack where SQLite holds it, with no copy.
    fn scan(&self, c: &Db, ctx: &Ctx, k: i64) -> Result<Vec<Hit>> {
        if let Some(hits) = self.packed(c, k, |p| score_rows(ctx, View::Pack(p))) {
            return hits;
        }
        match self.read_table(c, k)? {
            Some(rows) => score_rows(ctx, rows.view()),
            None => Ok(Vec::new()),
        }
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
        // What was read ahead first (in memory: quick; the helper scores it too), then
        // chunks from the table.
        while let Some(scored) = self.score_one_read(&ctx) {
            let (k, h) = scored?;
            seen.push(k);
            hits.extend(h);
        }
        let (n, pack) = self.chunks();
        while let Some(k) = self.claim() {
            seen.push(k);
            hits.extend(self.scan(c, &ctx, pack(k))?);
        }
        self.stop_helper();
        hits.extend(self.score_handed(&ctx, &mut seen)?);
        // Chunks the helper took and did not hand in (it failed) are read here.
        for k in (0..n).filter(|k| !seen.contains(k)) {
            hits.extend(self.scan(c, &ctx, pack(k))?);
        }
        if let Ok(mut slot) = self.ctx.lock() {
            *slot = None;
        }
        let ctx = Arc::into_inner(ctx).ok_or_else(|| {
            super::StoreError::rule("搜索线程未结束".to_string(), "the search helper did not stop".to_string())
        })?;
        Ok((ctx, hits))
    }

    /// Takes one chunk read ahead and scores it: its number and hits (`None`: none left).
    fn score_one_read(&self, ctx: &Ctx) -> Option<Result<(usize, Vec<Hit>)>> {
        let (k, rows) = {
            let mut d = self.done.lock().ok()?;
            let i = d.iter().position(|(_, c)| matches!(c, Chunk::Read(_)))?;
            match d.swap_remove(i) {
                (k, Chunk::Read(rows)) => (k, rows),
                (k, scored) => {
                    d.push((k, scored));
                    return None;
                }
            }
        };
        Some(score_rows(ctx, rows.view()).map(|h| (k, h)))
    }

    /// The hits of the chunks the helper handed in so far, scoring those it read ahead.
    fn score_handed(&self, ctx: &Ctx, seen: &mut Vec<usize>) -> Result<Vec<Hit>> {
        let handed = self.done.lock().map(|mut d| std::mem::take(&mut *d)).unwrap_or_default();
        let mut hits = Vec::new();
        for (k, chunk) in handed {
            seen.push(k);
            match chunk {
                Chunk::Scored(h) => hits.extend(h),
                Chunk::Read(rows) => hits.extend(score_rows(ctx, rows.view())?),
            }
        }
        Ok(hits)
    }
}

/// Scores rows read (an error when their text is not UTF-8).
fn score_rows(ctx: &Ctx, rows: View<'_>) -> Result<Vec<Hit>> {
    let not_text =
        || super::StoreError::rule("事项文字不是 UTF-8".to_string(), "an item's text is not UTF-8".to_string());
    // A whole buffer at once: simdutf8 checks long text many times faster than the standard
    // library (which it matches below 64 bytes, a single title).
    let text = simdutf8::basic::from_utf8(rows.text()).map_err(|_| not_text())?;
    let mut scorer = RowScorer::new(&ctx.q, &ctx.index, &ctx.ents, &ctx.linked);
    let mut start = 0;
    let mut out = Vec::new();
    for i in 0..rows.len() {
        let r = rows.row(i).ok_or_else(not_text)?;
        let [nk, title, topic, keys] = r.ends;
        let field = |from: usize, to: usize| text.get(from..to).ok_or_else(not_text);
        let row = ItemRowRef {
            id: r.id,
            number_key: field(start, nk)?,
            title: field(nk, title)?,
            meeting_id: r.meeting_id,
            topic: field(title, topic)?,
            stored_keys: if scorer.needs_keys() { Some(field(topic, keys)?) } else { None },
            bits: r.bits,
        };
        start = keys;
        out.extend(scorer.score(row));
    }
    Ok(out)
}

/// Reading pages through a memory map saves copying them out of the page cache.
fn map_pages(c: &Db) {
    if let Some(s) = c.sqlite() {
        let _ = s.pragma_update(None, "mmap_size", 1i64 << 30);
    }
}
