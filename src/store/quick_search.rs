//! `banli search`: one query answered straight from the database, as a whole process in
//! a few tens of milliseconds at 100k items.
//!
//! Building the whole index would read every proposer and assignment row first. Instead:
//! index only people, units and meetings (small), score each word against them, look up
//! the items of the people and units that matched (through the `person_id` and `unit_id`
//! indexes), then read the item table once, in id ranges shared with the helper thread on
//! a second connection, which began reading before the names were scored
//! ([`super::read_ahead`]), scoring each row with [`crate::search::stream::RowScorer`] (the
//! index's own functions). Only the best `limit` items are then loaded in full, for the
//! summaries and highlights. Same results, same order as `search::search` on a fresh index.
use super::read_ahead::{reading_ahead, Ahead, Ctx};
use super::{Result, Store, StoreError};
use crate::search::eval::{EntityScores, NO};
use crate::search::hits::best_of;
use crate::search::matcher::Matcher;
use crate::search::stream::{needs_keys, person_link, unit_link, Linked};
use crate::search::{DocRef, Field, Hit, Query, ResultKind, SearchResult};
use std::collections::HashMap;
use std::path::Path;

/// Above this many matched people, one pass over `item_proposer` beats a lookup per person.
const PERSON_LOOKUPS: usize = 300;

/// `banli search` on the database at `path`: the helper starts reading the item rows (on a
/// read-only connection of its own, from their packs where there are) while `open` opens
/// the store. A unit clerk's search, a server's, and any the helper cannot help, run as
/// [`Store::quick_search`]. A clerk's or administrator's search then packs the stretches of
/// ids that had no pack ([`super::search_pack`]); a leader's writes nothing.
pub fn search_file<E>(
    path: &Path,
    text: &str,
    limit: usize,
    open: impl FnOnce() -> std::result::Result<Store, E>,
    fail: impl Fn(StoreError) -> E,
) -> std::result::Result<Vec<SearchResult>, E> {
    let q = Query::parse(text);
    if super::server_url(path).is_some() || q.is_empty() || limit == 0 {
        return open()?.quick_search(text, limit).map_err(fail);
    }
    let file = path.to_path_buf();
    reading_ahead(
        needs_keys(&q),
        true,
        move || super::search_docs::read_only(&file),
        |ahead| {
            let mut store = open()?;
            // The rows read ahead are the whole table: a unit clerk sees only theirs.
            if super::scope::is_scoped(&store.actor) {
                ahead.abandon();
                return store.quick_search(text, limit).map_err(fail);
            }
            let found = store.search_with(q, limit, ahead).map_err(fail)?;
            if store.actor.can_write() {
                // Derived data: a search that could not pack (another clerk is saving) still
                // answered.
                if let Err(e) = super::search_pack::write_packs(store.conn_mut(), &ahead.unpacked()) {
                    tracing::info!(error = %e.message(crate::text::Lang::En), "search packs not written");
                }
            }
            Ok(found)
        },
    )
}

impl Store {
    /// One-shot search (the search box while the index is built, and `banli search`): the
    /// best `limit` results for `text`, read straight from the database.
    pub fn quick_search(&self, text: &str, limit: usize) -> Result<Vec<SearchResult>> {
        let q = Query::parse(text);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        // The helper's connection carries this store's read scope, like the first.
        let reader = self.open_reader();
        reading_ahead(needs_keys(&q), false, move || reader, |ahead| self.search_with(q, limit, ahead))
    }

    /// The search, the helper reading ahead (`q` has words, `limit` is above 0).
    fn search_with(&self, q: Query, limit: usize, ahead: &Ahead) -> Result<Vec<SearchResult>> {
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        // Read by the helper while the store opened, when it could.
        let super::search_docs::Names { person_ids, unit_ids, index } = ahead.names(self.conn())?;
        let m = Matcher::new();
        let ents = index.entity_scores(&q, &m);
        let mut hits = index.named_hits(&ents);
        // When `limit` persons and units already score what no item can beat (`z`: hundreds
        // of names at the name tier, while an item gets a name's score less 10 at most), no
        // item is read: an item ranks after a person or unit of the same score.
        let named_bar = best_of(hits.iter().copied(), limit).get(limit - 1).map(|h| h.score);
        let range =
            if named_bar.is_none_or(|bar| ents.item_ceiling(&q) > bar) { ahead.range(self.conn())? } else { None };
        let (q, mut index) = match range {
            Some(range) => {
                let linked = self.linked_scores(&q, &ents, &person_ids, &unit_ids, range)?;
                let (ctx, found) = ahead.score_all(self.conn(), Ctx { q, index, ents, linked })?;
                hits.extend(found);
                (ctx.q, ctx.index)
            }
            None => {
                ahead.abandon();
                (q, index)
            }
        };

        let top = best_of(hits, limit);
        let item_ids: Vec<i64> =
            top.iter().filter(|h| h.doc.kind == ResultKind::Item).map(|h| h.doc.index as i64).collect();
        for d in self.search_item_docs(&item_ids)? {
            index.upsert_item(d);
        }
        let shown: Vec<Hit> = top
            .into_iter()
            .filter_map(|h| match h.doc.kind {
                ResultKind::Item => index
                    .position(ResultKind::Item, h.doc.index as i64)
                    .map(|at| Hit { doc: DocRef { kind: ResultKind::Item, index: at }, ..h }),
                _ => Some(h),
            })
            .collect();
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
