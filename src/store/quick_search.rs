//! `banli search`: one query answered straight from the database, as a whole process in
//! a few tens of milliseconds at 100k items.
//!
//! Building the whole index would read every proposer and assignment row first. Instead:
//! index only people, units and meetings (small), score each word against them, look up
//! the items of the people and units that matched (through the `person_id` and `unit_id`
//! indexes), then read the item table once, in id ranges shared between two connections
//! ([`crate::search::share`]), scoring each row as it is read with
//! [`crate::search::stream::RowScorer`] (the index's own functions). Only the best `limit`
//! items are then loaded in full, for the summaries and highlights. Same results, same
//! order as `search::search` on a fresh index.
use super::{Result, Store};
use crate::search::eval::{EntityScores, NO};
use crate::search::hits::best_of;
use crate::search::matcher::Matcher;
use crate::search::stream::{person_link, unit_link, ItemRowRef, Linked, RowScorer};
use crate::search::{DocRef, Field, Hit, Index, Query, ResultKind, SearchDocs, SearchResult};
use crate::store::db::{Db, OptionalExtension, Row};
use rusqlite::params;
use std::collections::HashMap;

/// The item ids are read in this many chunks, shared between two connections.
const SCAN_CHUNKS: usize = 16;

/// Above this many matched people, one pass over `item_proposer` beats a lookup per person.
const PERSON_LOOKUPS: usize = 300;

impl Store {
    /// One-shot search for the command line: the best `limit` results for `text`, read
    /// straight from the database.
    pub fn quick_search(&self, text: &str, limit: usize) -> Result<Vec<SearchResult>> {
        let q = Query::parse(text);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let people = self.search_people()?;
        let units = self.search_units()?;
        let person_ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        let unit_ids: Vec<i64> = units.iter().map(|u| u.id).collect();
        let mut index =
            Index::build(SearchDocs { items: Vec::new(), people, units, meetings: self.search_meetings()? });
        let m = Matcher::new();
        let ents = index.entity_scores(&q, &m);
        let mut hits = index.named_hits(&ents);
        // When `limit` persons and units already score what no item can beat (`z`: hundreds
        // of names at the name tier, while an item gets a name's score less 10 at most), no
        // item is read: an item ranks after a person or unit of the same score.
        let named_bar = best_of(hits.iter().copied(), limit).get(limit - 1).map(|h| h.score);
        let items_may_rank = named_bar.is_none_or(|bar| ents.item_ceiling(&q) > bar);

        // Two lookups on the primary key (one `min(id), max(id)` query scans the table).
        let end = |sql: &str| -> Result<Option<i64>> {
            Ok(self.conn().query_row(sql, [], |r| r.get(0)).optional()?.flatten())
        };
        let (lo, hi) = if items_may_rank {
            (end("SELECT min(id) FROM item")?, end("SELECT max(id) FROM item")?)
        } else {
            (None, None)
        };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let linked = self.linked_scores(&q, &ents, &person_ids, &unit_ids, (lo, hi))?;
            let ctx = Scan { q: &q, index: &index, ents: &ents, linked: &linked };
            map_pages(self.conn());
            match self.open_reader() {
                // The id range in chunks, shared with a helper on a second connection that
                // carries this store's read scope, like the first.
                Ok(reader) => {
                    let n = (hi - lo + 1) as usize;
                    let ids = |r: std::ops::Range<usize>| (lo + r.start as i64, lo + r.end as i64);
                    let (_, chunks) = crate::search::share::share(
                        n,
                        n.div_ceil(SCAN_CHUNKS),
                        |r| ctx.run(self.conn(), ids(r)),
                        move || {
                            map_pages(&reader);
                            reader
                        },
                        |reader, r| ctx.run(reader, ids(r)),
                    );
                    for found in chunks {
                        hits.extend(found?);
                    }
                }
                // No second connection: the whole range is read here.
                Err(_) => hits.extend(ctx.run(self.conn(), (lo, hi + 1))?),
            }
        }

        let top = best_of(hits, limit);
        let mut shown = Vec::with_capacity(top.len());
        for h in top {
            if h.doc.kind != ResultKind::Item {
                shown.push(h);
                continue;
            }
            let id = h.doc.index as i64;
            if let Some(d) = self.search_item_doc(id)? {
                index.upsert_item(d);
                if let Some(at) = index.position(ResultKind::Item, id) {
                    shown.push(Hit { doc: DocRef { kind: ResultKind::Item, index: at }, ..h });
                }
            }
        }
        Ok(index.results(&q, &shown))
    }

    /// The items of the people and units any word matched, with the score each gets.
    fn linked_scores(
        &self,
        q: &Query,
        ents: &EntityScores,
        person_ids: &[i64],
        unit_ids: &[i64],
        (lo, hi): (i64, i64),
    ) -> Result<Linked> {
        let words = q.words.len();
        let any = ents.people.iter().chain(&ents.units).any(|w| w.iter().any(|&x| x != NO));
        let mut out = if any { Linked::new(words, lo, hi) } else { Linked::default() };
        let mut add = |item: i64, wi: usize, v: i64, f: Field| out.add(item, wi, v, f);
        let matched = |scores: &Vec<Vec<i64>>, n: usize| -> Vec<usize> {
            (0..n).filter(|&i| scores.iter().any(|w| w[i] != NO)).collect()
        };
        let people = matched(&ents.people, person_ids.len());
        if people.len() > PERSON_LOOKUPS {
            let at: HashMap<i64, usize> = person_ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
            let mut st = self.conn().prepare("SELECT item_id, person_id, position FROM item_proposer")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                if let Some(&p) = at.get(&r.get::<_, i64>(1)?) {
                    let (item, pos): (i64, i64) = (r.get(0)?, r.get(2)?);
                    for wi in 0..words {
                        add(item, wi, person_link(ents, wi, p, pos as usize), Field::Proposer);
                    }
                }
            }
        } else {
            let mut st =
                self.conn().prepare_cached("SELECT item_id, position FROM item_proposer WHERE person_id = ?1")?;
            for p in people {
                let mut rows = st.query([person_ids[p]])?;
                while let Some(r) = rows.next()? {
                    let r = &r;
                    let (item, pos): (i64, i64) = (r.get(0)?, r.get(1)?);
                    for wi in 0..words {
                        add(item, wi, person_link(ents, wi, p, pos as usize), Field::Proposer);
                    }
                }
            }
        }
        let mut st =
            self.conn().prepare_cached("SELECT item_id FROM assignment WHERE unit_id = ?1 AND ended_on IS NULL")?;
        for u in matched(&ents.units, unit_ids.len()) {
            let mut rows = st.query([unit_ids[u]])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let item: i64 = r.get(0)?;
                for wi in 0..words {
                    add(item, wi, unit_link(ents, wi, u), Field::Unit);
                }
            }
        }
        Ok(out)
    }
}

/// Reading pages through a memory map saves copying them out of the page cache.
fn map_pages(c: &Db) {
    if let Some(s) = c.sqlite() {
        let _ = s.pragma_update(None, "mmap_size", 1i64 << 30);
    }
}

/// What one reading thread needs.
#[derive(Clone, Copy)]
struct Scan<'a> {
    q: &'a Query,
    index: &'a Index,
    ents: &'a EntityScores,
    linked: &'a Linked,
}

fn text_col<'r>(r: &'r Row, i: usize) -> crate::store::db::DbResult<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        crate::store::db::DbError::Value(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            e.into(),
        ))
    })
}

impl Scan<'_> {
    /// Scores the items with `from <= id < to`, as they are read.
    fn run(&self, c: &Db, (from, to): (i64, i64)) -> Result<Vec<Hit>> {
        let mut scorer = RowScorer::new(self.q, self.index, self.ents, self.linked);
        let keys = scorer.needs_keys();
        let mut out = Vec::new();
        let mut st = c.prepare_cached(
            "SELECT id, number_key, title, meeting_id, topic, search_keys FROM item WHERE id >= ?1 AND id < ?2",
        )?;
        let mut rows = st.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let row = ItemRowRef {
                id: r.get(0)?,
                number_key: text_col(r, 1)?,
                title: text_col(r, 2)?,
                meeting_id: r.get(3)?,
                topic: text_col(r, 4)?,
                stored_keys: if keys { Some(text_col(r, 5)?) } else { None },
            };
            out.extend(scorer.score(row));
        }
        Ok(out)
    }
}
