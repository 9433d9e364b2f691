//! `banli search`: one query answered straight from the database, as a whole process in
//! a few tens of milliseconds at 100k items.
//!
//! Building the whole index would read every proposer and assignment row first. Instead:
//! index only people, units and meetings (small), score each word against them, look up
//! the items of the people and units that matched (through the `person_id` and `unit_id`
//! indexes), then read the item table once, two id ranges on two connections at once,
//! scoring each row as it is read with the same functions the index uses. Only the best
//! `limit` items are then loaded in full, for the summaries and highlights. Same results,
//! same order as `search::search` on a fresh index.
use super::{Result, Store};
use crate::search::eval::{linked_person, linked_unit, linked_weak, score_words, take, EntityScores, NO};
use crate::search::matcher::Matcher;
use crate::search::query::{char_bits, digit_bits, key_bits};
use crate::search::score::{self, TextRef};
use crate::search::{pinyin_keys, DocRef, Field, Hit, Hits, Index, Query, ResultKind, SearchDocs, SearchResult};
use rusqlite::{params, Connection, OpenFlags, Row};
use std::collections::HashMap;

/// Above this many matched people, one pass over `item_proposer` beats a lookup per person.
const PERSON_LOOKUPS: usize = 300;

/// Per item, per word: the best score through its proposers and units.
type Linked = HashMap<i64, Vec<(i64, Field)>>;

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
        let linked = self.linked_scores(&q, &ents, &person_ids, &unit_ids)?;
        let mut hits = index.named_hits(&ents);

        let (lo, hi): (Option<i64>, Option<i64>) =
            self.conn().query_row("SELECT min(id), max(id) FROM item", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let mid = lo + (hi - lo + 1) / 2;
            let ctx = Scan { q: &q, index: &index, ents: &ents, linked: &linked };
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let path = self.path().to_path_buf();
            let second = std::thread::scope(|s| {
                let h = s.spawn(move || -> Option<Result<Vec<Hit>>> {
                    let c = Connection::open_with_flags(&path, flags).ok()?;
                    c.busy_timeout(super::BUSY_TIMEOUT).ok()?;
                    Some(ctx.run(&c, mid, hi + 1))
                });
                let first = ctx.run(self.conn(), lo, mid);
                (first, h.join())
            });
            hits.extend(second.0?);
            match second.1 {
                Ok(Some(r)) => hits.extend(r?),
                // No second connection (or the helper failed): read that half here.
                _ => hits.extend(ctx.run(self.conn(), mid, hi + 1)?),
            }
        }

        let top = Hits::from_vec(hits).top(limit);
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
    fn linked_scores(&self, q: &Query, ents: &EntityScores, person_ids: &[i64], unit_ids: &[i64]) -> Result<Linked> {
        let words = q.words.len();
        let mut out: Linked = HashMap::new();
        let mut add = |item: i64, wi: usize, v: i64, f: Field| {
            if v != NO {
                let e = out.entry(item).or_insert_with(|| vec![(NO, Field::Title); words]);
                take(&mut e[wi], v, f);
            }
        };
        let matched = |scores: &Vec<Vec<(i64, Field)>>, n: usize| -> Vec<usize> {
            (0..n).filter(|&i| scores.iter().any(|w| w[i].0 != NO)).collect()
        };
        let people = matched(&ents.people, person_ids.len());
        if people.len() > PERSON_LOOKUPS {
            let at: HashMap<i64, usize> = person_ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
            let mut st = self.conn().prepare("SELECT item_id, person_id, position FROM item_proposer")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(&p) = at.get(&r.get::<_, i64>(1)?) {
                    let (item, pos): (i64, i64) = (r.get(0)?, r.get(2)?);
                    for wi in 0..words {
                        add(item, wi, linked_person(ents.people[wi][p].0, pos as usize), Field::Proposer);
                    }
                }
            }
        } else {
            let mut st =
                self.conn().prepare_cached("SELECT item_id, position FROM item_proposer WHERE person_id = ?1")?;
            for p in people {
                let mut rows = st.query([person_ids[p]])?;
                while let Some(r) = rows.next()? {
                    let (item, pos): (i64, i64) = (r.get(0)?, r.get(1)?);
                    for wi in 0..words {
                        add(item, wi, linked_person(ents.people[wi][p].0, pos as usize), Field::Proposer);
                    }
                }
            }
        }
        let mut st =
            self.conn().prepare_cached("SELECT item_id FROM assignment WHERE unit_id = ?1 AND ended_on IS NULL")?;
        for u in matched(&ents.units, unit_ids.len()) {
            let mut rows = st.query([unit_ids[u]])?;
            while let Some(r) = rows.next()? {
                let item: i64 = r.get(0)?;
                for wi in 0..words {
                    add(item, wi, linked_unit(ents.units[wi][u].0), Field::Unit);
                }
            }
        }
        Ok(out)
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

fn text_col<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into()))
}

impl Scan<'_> {
    /// Scores the items with `from <= id < to`, as they are read.
    fn run(&self, c: &Connection, from: i64, to: i64) -> Result<Vec<Hit>> {
        // Reading pages through a memory map saves copying them out of the page cache.
        let _ = c.pragma_update(None, "mmap_size", 1i64 << 30);
        let m = Matcher::new();
        // Only what some word can use is computed per row: the title's character bits for
        // words with Chinese, the key and its bits for pinyin words (digits need neither).
        let any_text = self.q.words.iter().any(|w| !w.ascii);
        let ascii = self.q.words.iter().any(|w| w.ascii && !w.digits);
        let digits = self.q.words.iter().any(|w| w.digits);
        let mut topics: Vec<(String, Vec<i64>)> = Vec::new();
        let mut out = Vec::new();
        let mut st = c.prepare_cached(
            "SELECT id, number_key, title, search_keys, meeting_id, topic FROM item WHERE id >= ?1 AND id < ?2",
        )?;
        let mut rows = st.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let number_key = text_col(r, 1)?;
            let title = text_col(r, 2)?;
            let computed;
            let key = if !ascii {
                ""
            } else {
                match pinyin_keys::from_stored(text_col(r, 3)?) {
                    Some(k) => k,
                    None => {
                        computed = pinyin_keys::key(title);
                        computed.as_str()
                    }
                }
            };
            let letters = if ascii {
                key_bits(key)
            } else if digits {
                digit_bits(title)
            } else {
                0
            };
            let bits = if any_text { char_bits(title) } else { 0 };
            let tr = TextRef { text: title, key, bits, letters };
            let meeting = self.index.meeting_position(r.get(4)?).map(|p| p as usize);
            let topic = text_col(r, 5)?;
            // A ledger has a handful of topics: a short list beats hashing every row's.
            let t = match topics.iter().position(|(t, _)| t == topic) {
                Some(t) => t,
                None => {
                    let k = pinyin_keys::key(topic);
                    let t = TextRef { text: topic, key: &k, bits: char_bits(topic), letters: key_bits(&k) };
                    let none = topic.is_empty();
                    let s = self
                        .q
                        .words
                        .iter()
                        .map(|w| if none { NO } else { score::text(&m, w, t).unwrap_or(NO) })
                        .collect();
                    topics.push((topic.to_string(), s));
                    topics.len() - 1
                }
            };
            let topic_scores = &topics[t].1;
            let link = if self.linked.is_empty() { None } else { self.linked.get(&id) };
            let scored = score_words(self.q, &m, number_key, tr, |wi, s| {
                if let Some(l) = link {
                    take(s, l[wi].0, l[wi].1);
                }
                if let Some(mp) = meeting {
                    take(s, linked_weak(self.ents.meetings[wi][mp]), Field::Meeting);
                }
                take(s, linked_weak(topic_scores[wi]), Field::Topic);
            });
            if let Some((score, field)) = scored {
                let tie = number_key.parse().unwrap_or(u32::MAX);
                out.push(Hit { doc: DocRef { kind: ResultKind::Item, index: id as u32 }, score, field, tie });
            }
        }
        Ok(out)
    }
}
