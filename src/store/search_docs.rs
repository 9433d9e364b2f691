//! What the search index needs from the ledger, its stored pinyin keys, and bringing an
//! index up to date after another clerk's changes.
use super::{opt_date, Result, Store};
use crate::search::doc::{
    unit_keys, ItemDoc, ItemFields, MeetingDoc, PersonDoc, PersonFields, SearchDocs, UnitDoc, UnitFields,
};
use crate::search::index::{Link, LinkResolver};
use crate::search::pinyin_keys::{self, from_stored};
use crate::search::Index;
use crate::store::db::{Db, OptionalExtension};
use rusqlite::params;
use std::collections::HashMap;

const ITEM_COLUMNS: &str = "SELECT id, version, kind, number, number_key, title, search_keys, meeting_id, topic,
            status, due_on, units_label FROM item";

/// Items' proposers, lead first.
const PROPOSERS: &str = "SELECT item_id, person_id FROM item_proposer";
/// Items' active units, lead and split units before co-handling ones.
const UNITS: &str = "SELECT item_id, unit_id FROM assignment WHERE ended_on IS NULL";
/// Every proposer row, in storage order: item, person, position.
const PROPOSERS_ALL: &str = "SELECT item_id, person_id, position FROM item_proposer";
/// Every active assignment in storage order: item, unit, and the assignment id, negated
/// for co-handling units so that they sort apart.
const UNITS_ALL: &str =
    "SELECT item_id, unit_id, CASE WHEN role = 'co_handling' THEN -id ELSE id END FROM assignment WHERE ended_on IS NULL";

/// How many items [`Store::search_item_docs`] reads per statement.
const DOC_BATCH: usize = 500;

/// Item id → position in the loaded list: a plain vector when ids are dense (they are,
/// unless many items were deleted), a hash map otherwise.
enum IdMap {
    Dense { min: i64, at: Vec<u32> },
    Sparse(HashMap<i64, usize>),
}

impl IdMap {
    fn new(ids: impl Iterator<Item = i64> + Clone) -> IdMap {
        let (n, min, max) =
            ids.clone().fold((0usize, i64::MAX, i64::MIN), |(n, lo, hi), id| (n + 1, lo.min(id), hi.max(id)));
        if n > 0 && (max - min) < 2 * n as i64 + 1024 {
            let mut at = vec![u32::MAX; (max - min + 1) as usize];
            for (i, id) in ids.enumerate() {
                at[(id - min) as usize] = i as u32;
            }
            IdMap::Dense { min, at }
        } else {
            IdMap::Sparse(ids.enumerate().map(|(i, id)| (id, i)).collect())
        }
    }

    fn get(&self, id: i64) -> Option<usize> {
        match self {
            IdMap::Dense { min, at } => {
                let i = id.checked_sub(*min)?;
                at.get(usize::try_from(i).ok()?).filter(|&&x| x != u32::MAX).map(|&x| x as usize)
            }
            IdMap::Sparse(m) => m.get(&id).copied(),
        }
    }
}

fn item_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<ItemDoc> {
    let keys = r.get_ref(6)?.as_str().unwrap_or("");
    Ok(ItemDoc {
        id: r.get(0)?,
        version: r.get(1)?,
        kind: r.get(2)?,
        number: r.get(3)?,
        number_key: r.get(4)?,
        title: r.get(5)?,
        title_key: from_stored(keys).map(str::to_string),
        proposers: Vec::new(),
        units: Vec::new(),
        meeting_id: r.get(7)?,
        topic: r.get(8)?,
        status: r.get(9)?,
        due_on: opt_date(r.get(10)?),
        units_label: r.get(11)?,
    })
}

impl Store {
    /// Everything the search index is built from: every item in every state, every
    /// person, every active unit, every meeting, with their stored pinyin keys.
    pub fn search_docs(&self) -> Result<SearchDocs> {
        let c = self.conn();
        let mut items: Vec<ItemDoc> = c
            .prepare(&format!("{ITEM_COLUMNS} ORDER BY id"))?
            .query_map([], item_row)?
            .collect::<crate::store::db::DbResult<_>>()?;
        // Rows are read in storage order (no sort in SQL) and put in order per item here:
        // sorting 300k proposer rows in SQLite costs more than all the rest.
        let at = IdMap::new(items.iter().map(|d| d.id));
        let mut order: Vec<Vec<(i64, i64)>> = vec![Vec::new(); items.len()];
        let mut st = c.prepare(PROPOSERS_ALL)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            if let Some(i) = at.get(r.get(0)?) {
                order[i].push((r.get(2)?, r.get(1)?));
            }
        }
        for (d, o) in items.iter_mut().zip(order.iter_mut()) {
            o.sort_unstable();
            d.proposers = o.drain(..).map(|(_, p)| p).collect();
        }
        let mut st = c.prepare(UNITS_ALL)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            if let Some(i) = at.get(r.get(0)?) {
                order[i].push((r.get(2)?, r.get(1)?));
            }
        }
        for (d, o) in items.iter_mut().zip(order.iter_mut()) {
            // Lead and split units first, co-handling after, each in assignment order.
            o.sort_unstable_by_key(|&(id, _)| (id < 0, id.abs()));
            d.units = o.drain(..).map(|(_, u)| u).collect();
        }
        Ok(SearchDocs {
            items,
            people: self.search_people()?,
            units: self.search_units()?,
            meetings: self.search_meetings()?,
        })
    }

    /// Items as the search index sees them, in the order of `ids` (an id with no item is
    /// left out): three queries for every [`DOC_BATCH`] ids, where one item at a time took
    /// three (each planned afresh for its id) per item.
    pub fn search_item_docs(&self, ids: &[i64]) -> Result<Vec<ItemDoc>> {
        let c = self.conn();
        let mut out = Vec::with_capacity(ids.len());
        for batch in ids.chunks(DOC_BATCH) {
            // Numbers only: the list is written into the statement.
            let list = batch.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let read: Vec<ItemDoc> = c
                .prepare(&format!("{ITEM_COLUMNS} WHERE id IN ({list})"))?
                .query_map([], item_row)?
                .collect::<crate::store::db::DbResult<_>>()?;
            let at: HashMap<i64, usize> = read.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
            let mut docs: Vec<Option<ItemDoc>> = read.into_iter().map(Some).collect();
            let mut links = |sql: String, add: fn(&mut ItemDoc, i64)| -> Result<()> {
                let mut st = c.prepare(&sql)?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    let r = &r;
                    if let Some(d) = at.get(&r.get(0)?).and_then(|&i| docs[i].as_mut()) {
                        add(d, r.get(1)?);
                    }
                }
                Ok(())
            };
            links(format!("{PROPOSERS} WHERE item_id IN ({list}) ORDER BY item_id, position"), |d, p| {
                d.proposers.push(p)
            })?;
            links(format!("{UNITS} AND item_id IN ({list}) ORDER BY item_id, role = 'co_handling', id"), |d, u| {
                d.units.push(u)
            })?;
            out.extend(batch.iter().filter_map(|id| at.get(id).and_then(|&i| docs[i].take())));
        }
        Ok(out)
    }

    pub(super) fn search_people(&self) -> Result<Vec<PersonDoc>> {
        people(self.conn())
    }

    pub(super) fn search_units(&self) -> Result<Vec<UnitDoc>> {
        units(self.conn())
    }

    pub(super) fn search_meetings(&self) -> Result<Vec<MeetingDoc>> {
        meetings(self.conn())
    }

    /// A second, read-only connection to the same database with this store's read scope
    /// (a unit clerk sees only their units' items on it too): for reading on another
    /// thread while this one serves the screen.
    pub fn open_reader(&self) -> Result<Db> {
        let c = match super::server_url(self.path()) {
            Some(url) => super::server::connect(url)?,
            None => read_only(self.path())?,
        };
        super::scope::apply(&c, &self.actor)?;
        Ok(c)
    }

    /// The search index, built straight from the database: see [`build_index`].
    pub fn build_search_index(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<Index> {
        build_index(self.conn(), self.open_reader().ok(), progress)
    }

    /// Brings `index` up to date with the database (call it when `data_version` changes):
    /// changed meetings, people and units, then every item whose version differs from the
    /// indexed one; items gone from the database leave the index. Returns how many items
    /// were re-indexed or removed.
    pub fn refresh_search_index(&self, index: &mut Index) -> Result<usize> {
        for m in self.search_meetings()? {
            if !index.has_meeting(m.id, &m.name) {
                index.upsert_meeting(m);
            }
        }
        for p in self.search_people()? {
            if index.person_version(p.id) != Some(p.version) {
                index.upsert_person(p);
            }
        }
        for u in self.search_units()? {
            if index.unit_version(u.id) != Some(u.version) {
                index.upsert_unit(u);
            }
        }
        let mut st = self.conn().prepare("SELECT id, version FROM item")?;
        let current: HashMap<i64, i64> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::DbResult<_>>()?;
        let gone: Vec<i64> =
            index.item_versions().filter(|(id, _)| !current.contains_key(id)).map(|(id, _)| id).collect();
        let mut changed = gone.len();
        for id in gone {
            index.remove_item(id);
        }
        let stale: Vec<i64> =
            current.iter().filter(|&(&id, &v)| index.item_version(id) != Some(v)).map(|(&id, _)| id).collect();
        for d in self.search_item_docs(&stale)? {
            index.upsert_item(d);
            changed += 1;
        }
        Ok(changed)
    }

    /// The items a person proposed (led or co-signed), for opening a person's result as a
    /// ledger (`LedgerFilter { ids: Some(..), include_closed: true, .. }`). A unit's result
    /// opens with `LedgerFilter::unit`.
    pub fn person_item_ids(&self, person_id: i64) -> Result<Vec<i64>> {
        let mut st =
            self.conn().prepare_cached("SELECT item_id FROM item_proposer WHERE person_id = ?1 ORDER BY item_id")?;
        let ids = st.query_map([person_id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(ids)
    }

    /// Rewrites every stored pinyin key that is missing or was written by another key
    /// format or override table. Returns how many rows were rewritten.
    pub fn refresh_search_keys(&mut self) -> Result<usize> {
        self.write(|t| store_stale_keys(t.conn()))
    }
}

/// Stores the title's pinyin key of one item (called whenever the item is written).
pub fn store_item_keys(c: &Db, item_id: i64) -> Result<()> {
    let title: Option<String> =
        c.query_row("SELECT title FROM item WHERE id = ?1", [item_id], |r| r.get(0)).optional()?;
    if let Some(title) = title {
        c.execute(
            "UPDATE item SET search_keys = ?2 WHERE id = ?1 AND search_keys != ?2",
            params![item_id, pinyin_keys::stored(&title)],
        )?;
    }
    Ok(())
}

/// Stores the keys of every unit, person and item whose stored key is missing or stale.
pub fn store_stale_keys(c: &Db) -> Result<usize> {
    let tag = format!("{}%", pinyin_keys::stored_tag());
    let mut n = 0;
    let stale = |sql: &str| -> Result<Vec<(i64, String, String)>> {
        let mut st = c.prepare(sql)?;
        let rows = st.query_map([&tag], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    };
    for (id, name, short) in stale("SELECT id, name, short_name FROM unit WHERE search_keys NOT LIKE ?1")? {
        let keys = format!("{}{}", pinyin_keys::stored_tag(), unit_keys(&name, &short));
        n += c.execute("UPDATE unit SET search_keys = ?2 WHERE id = ?1", params![id, keys])?;
    }
    for (id, name, _) in stale("SELECT id, name, '' FROM person WHERE search_keys NOT LIKE ?1")? {
        n += c.execute("UPDATE person SET search_keys = ?2 WHERE id = ?1", params![id, pinyin_keys::stored(&name)])?;
    }
    for (id, title, _) in stale("SELECT id, title, '' FROM item WHERE search_keys NOT LIKE ?1")? {
        n += c.execute("UPDATE item SET search_keys = ?2 WHERE id = ?1", params![id, pinyin_keys::stored(&title)])?;
    }
    Ok(n)
}

/// A read-only connection to the database file at `path`, with no read scope.
pub(super) fn read_only(path: &std::path::Path) -> Result<Db> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut c = rusqlite::Connection::open_with_flags(path, flags)?;
    super::wait_for_locks(&mut c)?;
    Ok(Db::Sqlite(c))
}

/// The people, units and meetings a search scores first, indexed (no items), with the
/// people's and units' ids in index order.
pub(super) struct Names {
    pub person_ids: Vec<i64>,
    pub unit_ids: Vec<i64>,
    pub index: Index,
}

/// Reads and indexes the names on `c`, each row put into the index as it is read.
pub(super) fn read_names(c: &Db) -> Result<Names> {
    let mut index = Index::default();
    for m in meetings(c)? {
        index.upsert_meeting(m);
    }
    let mut person_ids = Vec::new();
    each_person(c, |p| {
        person_ids.push(p.id);
        index.put_person(p);
    })?;
    let mut unit_ids = Vec::new();
    each_unit(c, |u| {
        unit_ids.push(u.id);
        index.put_unit(u);
    })?;
    Ok(Names { person_ids, unit_ids, index })
}

fn people(c: &Db) -> Result<Vec<PersonDoc>> {
    let mut v = Vec::new();
    each_person(c, |p| v.push(p.to_doc()))?;
    Ok(v)
}

fn units(c: &Db) -> Result<Vec<UnitDoc>> {
    let mut v = Vec::new();
    each_unit(c, |u| v.push(u.to_doc()))?;
    Ok(v)
}

/// Every person, in id order, borrowed from the row as it is read.
fn each_person(c: &Db, mut f: impl FnMut(&PersonFields<'_>)) -> Result<()> {
    let mut st = c.prepare("SELECT id, version, name, body, delegation, search_keys FROM person ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        f(&PersonFields {
            id: r.get(0)?,
            version: r.get(1)?,
            name: r.text(2)?,
            body: r.get(3)?,
            delegation: r.text(4)?,
            key: from_stored(r.text(5)?),
        });
    }
    Ok(())
}

/// Every active unit, in id order, borrowed from the row as it is read.
fn each_unit(c: &Db, mut f: impl FnMut(&UnitFields<'_>)) -> Result<()> {
    let mut st =
        c.prepare("SELECT id, version, name, short_name, search_keys FROM unit WHERE active = TRUE ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        f(&UnitFields {
            id: r.get(0)?,
            version: r.get(1)?,
            name: r.text(2)?,
            short_name: r.text(3)?,
            key: from_stored(r.text(4)?),
        });
    }
    Ok(())
}

fn meetings(c: &Db) -> Result<Vec<MeetingDoc>> {
    let mut st = c.prepare("SELECT id, name FROM meeting ORDER BY id")?;
    let rows = st.query_map([], |r| Ok(MeetingDoc { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// Rows between two calls of the progress callback.
const PROGRESS_EVERY: usize = 16_384;

/// Builds the search index straight from the database, as [`Index::build`] would from
/// [`Store::search_docs`], without that intermediate copy: each item row is put into the
/// index as it is read (its text borrowed from SQLite), then the proposer and unit links
/// (three integers a row) are attached in one pass. `progress(done, total)` is called
/// every few thousand items (total: about the item count). Works on any connection, so a
/// second thread can build the index while the first frame is drawn; given a `second`
/// connection (with the same read scope), the links are read on it by another thread
/// while the items are read on `c`.
pub fn build_index(c: &Db, second: Option<Db>, progress: &mut dyn FnMut(usize, usize)) -> Result<Index> {
    build_index_timed(c, second, progress, &mut Vec::new())
}

/// Every proposer and active assignment, as links (see [`LinkResolver`]).
type LinkRows = (Vec<Link>, Vec<Link>);

fn read_links(c: &Db, to: &LinkResolver) -> Result<LinkRows> {
    let links = |sql: &str, link: &dyn Fn(i64, i64, i64) -> Option<Link>| -> Result<Vec<Link>> {
        let mut st = c.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut v = Vec::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            v.extend(link(r.get(0)?, r.get(1)?, r.get(2)?));
        }
        Ok(v)
    };
    let proposers = links(PROPOSERS_ALL, &|i, p, pos| to.proposer(i, p, pos))?;
    let units = links(UNITS_ALL, &|i, u, order| to.unit(i, u, order))?;
    Ok((proposers, units))
}

/// [`build_index`], noting how long each step took in `spans` (for `banli bench`).
pub fn build_index_timed(
    c: &Db,
    second: Option<Db>,
    progress: &mut dyn FnMut(usize, usize),
    spans: &mut Vec<(&'static str, std::time::Duration)>,
) -> Result<Index> {
    let mut t = std::time::Instant::now();
    let mut span = |name: &'static str| {
        spans.push((name, t.elapsed()));
        t = std::time::Instant::now();
    };
    // The id range stands for the count (two key lookups; count(*) reads a whole index).
    let (lo, hi): (Option<i64>, Option<i64>) = (
        c.query_row("SELECT min(id) FROM item", [], |r| r.get(0))?,
        c.query_row("SELECT max(id) FROM item", [], |r| r.get(0))?,
    );
    let total = match (lo, hi) {
        (Some(lo), Some(hi)) if hi >= lo => ((hi - lo) as u64 + 1).min(10_000_000) as usize,
        _ => 0,
    };
    let mut index = read_names(c)?.index;
    index.reserve_items(total);
    let resolver = index.link_resolver(lo.unwrap_or(0));
    span("id range, people, units, meetings");
    let (items, links) = std::thread::scope(|s| {
        let links = second.and_then(|c2| {
            std::thread::Builder::new()
                .name("banli-links".into())
                .spawn_scoped(s, {
                    let resolver = &resolver;
                    move || read_links(&c2, resolver)
                })
                .ok()
        });
        let items = read_items(c, &mut index, total, progress);
        (items, links.map(|h| h.join()))
    });
    let done = items?;
    span("items (links read beside them)");
    let (proposers, units) = match links {
        Some(Ok(links)) => links?,
        // No second connection (or its thread failed): read them here.
        _ => read_links(c, &resolver)?,
    };
    span("links read (after the items)");
    index.link_all(resolver.first_item(), proposers, units);
    index.finish_build();
    span("links attached");
    progress(done, done);
    Ok(index)
}

/// Puts every item row into `index` as it is read; returns how many.
fn read_items(c: &Db, index: &mut Index, total: usize, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
    let mut st = c.prepare(&format!("{ITEM_COLUMNS} ORDER BY id"))?;
    let mut rows = st.query([])?;
    let mut done = 0;
    while let Some(r) = rows.next()? {
        let r = &r;
        let keys = r.get_ref(6)?.as_str().unwrap_or("");
        let f = ItemFields {
            id: r.get(0)?,
            version: r.get(1)?,
            kind: r.get(2)?,
            number: r.text(3)?,
            number_key: r.text(4)?,
            title: r.text(5)?,
            title_key: from_stored(keys),
            meeting_id: r.get(7)?,
            topic: r.text(8)?,
            status: r.get(9)?,
            due_on: r.get_ref(10)?.as_str().ok().map(super::date),
            units_label: r.text(11)?,
        };
        index.put_item(&f, &[], &[]);
        done += 1;
        if done % PROGRESS_EVERY == 0 {
            progress(done, total.max(done));
        }
    }
    Ok(done)
}
