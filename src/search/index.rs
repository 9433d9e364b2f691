//! The in-memory index: every text in one arena (the items' title keys as codes of the
//! groups they are made of, [`super::codes`]), fixed-size entries with prefilter bits, items
//! pointing at their proposers, units, meeting and topic instead of copying them.
//!
//! A query is scored in two passes. First each word is scored once against every person,
//! unit, meeting and topic (a few thousand short names). Then each candidate item is
//! scored on its own number and title and looks up the scores of the things it points
//! at: matching short fields separately is cheaper than matching one long line, and a
//! proposer's name is matched once, not once per item.
use super::codes::{Code, Groups};
use super::doc::{
    split_unit_keys, ItemDoc, ItemFields, MeetingDoc, PersonDoc, PersonFields, SearchDocs, UnitDoc, UnitFields,
};
use super::items::{decimal, Columns, ItemIds, Links, Row, ALIVE, CANONICAL};
use super::matcher::Fx;
use super::pairs::{signatures, PairMap, TripleMap, SAMPLE};
use super::pinyin_keys;
use super::query::{char_bits, key_bits};
use super::score::TextRef;
use crate::domain::{Body, Kind, Status};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Ids to positions, hashed with [`Fx`] (SipHash costs more than the build's other work
/// per item; the ids are ours, not an attacker's).
type Ids<K> = HashMap<K, u32, Fx>;

/// One proposer or unit link as read: (the item's id less the first item's, made its
/// position when attached; its order among the item's links; the person's or unit's
/// position).
pub type Link = (u32, u32, u32);

/// Turns proposer and assignment rows into [`Link`]s on a thread of its own, while the
/// items are put into the index on another: the person and unit positions (copied: a few
/// thousand), and the first item id.
pub struct LinkResolver {
    people: Ids<i64>,
    units: Ids<i64>,
    first_item: i64,
}

impl LinkResolver {
    /// A proposer row: the item, the person, their position among the item's proposers.
    pub fn proposer(&self, item: i64, person: i64, position: i64) -> Option<Link> {
        Some((self.offset(item)?, u32::try_from(position).ok()?, *self.people.get(&person)?))
    }

    /// An active assignment row: the item, the unit, and its order (the assignment id,
    /// negated for co-handling): lead and split units first, co-handling after, each in
    /// assignment order.
    pub fn unit(&self, item: i64, unit: i64, order: i64) -> Option<Link> {
        let co_handling = u32::from(order < 0) << 31;
        let id = u32::try_from(order.unsigned_abs().min(0x7fff_ffff)).unwrap_or(0x7fff_ffff);
        Some((self.offset(item)?, co_handling | id, *self.units.get(&unit)?))
    }

    /// The first item id the links count from.
    pub fn first_item(&self) -> i64 {
        self.first_item
    }

    fn offset(&self, item: i64) -> Option<u32> {
        u32::try_from(item.checked_sub(self.first_item)?).ok()
    }
}

/// A stretch of the arena.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Span {
    start: u32,
    len: u32,
}

/// A text field with its pinyin key and prefilter bits.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Text {
    pub text: Span,
    pub key: Span,
    pub bits: u128,
    pub letters: u64,
}

/// One item's fields that are shown, never searched (the searched ones are in
/// [`Columns`], a column each).
#[derive(Debug, Clone)]
pub(super) struct ItemEntry {
    pub id: i64,
    pub version: i64,
    pub number: Span,
    pub units_label: Span,
    pub due_on: Option<NaiveDate>,
    pub kind: Kind,
    pub status: Status,
}

/// A person or unit: a name (and a unit's short name) with its usual pinyin.
#[derive(Debug, Clone)]
pub(super) struct NamedEntry {
    pub id: i64,
    pub name: Text,
    pub name_primary: (Span, Span),
    /// Other names it answers to (a unit's short name, and that without 区/市/县).
    pub alts: Vec<(Text, (Span, Span))>,
    pub version: i64,
    /// A person's delegation, a unit's short name.
    pub detail: Span,
    pub body: Option<Body>,
    pub alive: bool,
}

/// No such thing (an item whose meeting or topic is unknown).
pub(super) const NONE: u32 = u32::MAX;

/// The search index. Build it with [`Index::build`], keep it current with the `upsert_*`
/// and `remove_*` calls (or rebuild it), and query it through a
/// [`super::session::Session`] or [`Index::search`].
#[derive(Debug, Default)]
pub struct Index {
    pub(super) arena: String,
    /// The items' title keys as group codes ([`super::codes`]), apart from the rest: a
    /// pinyin word walks the candidates' codes in item order, so they lie side by side.
    pub(super) codes: Vec<Code>,
    /// The groups the codes stand for.
    pub(super) groups: Groups,
    pub(super) items: Vec<ItemEntry>,
    /// The items' searched fields, a column each (same positions as `items`).
    pub(super) cols: Columns,
    pub(super) people: Vec<NamedEntry>,
    pub(super) units: Vec<NamedEntry>,
    pub(super) meetings: Vec<Text>,
    pub(super) topics: Vec<Text>,
    pub(super) refs: Vec<u32>,
    /// The items linked to each person (by position), and to each unit: the items whose
    /// `refs` name it (a removed item stays listed). A word that matched a few persons or
    /// units marks their items from these instead of every candidate reading its links.
    pub(super) people_items: Vec<Vec<u32>>,
    pub(super) unit_items: Vec<Vec<u32>>,
    item_ids: ItemIds,
    person_ids: Ids<i64>,
    unit_ids: Ids<i64>,
    meeting_ids: Ids<i64>,
    topic_ids: Ids<String>,
    /// Arena bytes no longer referenced (replaced or removed entries).
    garbage: usize,
    /// Changes on every update, so sessions drop cached results.
    generation: u64,
    live_items: usize,
    /// Which bit of the pair signature each letter pair sets: tuned on the first titles.
    pub(super) pairs: PairMap,
    /// Which bit of the triple signature each letter triple sets: tuned with the pairs.
    pub(super) triples: TripleMap,
    pairs_tuned: bool,
}

impl Index {
    /// Builds the index from what the store loaded.
    pub fn build(docs: SearchDocs) -> Index {
        let mut ix = Index::default();
        let title_bytes: usize =
            docs.items.iter().map(|d| d.title.len() * 3 + d.number.len() * 2 + d.units_label.len()).sum();
        ix.arena.reserve(title_bytes);
        ix.items.reserve(docs.items.len());
        ix.item_ids.reserve(docs.items.len());
        ix.refs.reserve(docs.items.iter().map(|d| d.proposers.len() + d.units.len()).sum());
        for m in docs.meetings {
            ix.upsert_meeting(m);
        }
        for p in docs.people {
            ix.upsert_person(p);
        }
        for u in docs.units {
            ix.upsert_unit(u);
        }
        for d in docs.items {
            ix.upsert_item(d);
        }
        ix.finish_build();
        ix
    }

    /// Called once every item is in: tunes the pair signature on the titles there are,
    /// when fewer than [`SAMPLE`] did not tune it already.
    pub fn finish_build(&mut self) {
        if !self.pairs_tuned && !self.items.is_empty() {
            self.tune_pairs();
        }
    }

    /// Spreads the pair and triple signatures' bits by the pairs and triples of the titles
    /// held (see [`super::pairs`]) and signs them again.
    fn tune_pairs(&mut self) {
        let keys: Vec<String> = (0..self.cols.len()).map(|i| self.item_key(i)).collect();
        self.pairs = PairMap::tuned(keys.iter().map(String::as_str));
        self.triples = TripleMap::tuned(keys.iter().map(String::as_str));
        for (i, k) in keys.iter().enumerate() {
            (self.cols.pairs[i], self.cols.triples[i]) = signatures(&self.pairs, &self.triples, k);
        }
        self.pairs_tuned = true;
    }

    /// A counter that changes whenever the index does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Items in the index.
    pub fn item_count(&self) -> usize {
        self.live_items
    }

    /// The item's version as indexed (to find stale entries), or `None`.
    pub fn item_version(&self, id: i64) -> Option<i64> {
        self.item_ids.get(id).map(|i| self.items[i as usize].version)
    }

    /// The version of an indexed person (`None`: not indexed).
    pub fn person_version(&self, id: i64) -> Option<i64> {
        self.person_ids.get(&id).map(|&i| self.people[i as usize].version)
    }

    /// The version of an indexed unit (`None`: not indexed).
    pub fn unit_version(&self, id: i64) -> Option<i64> {
        self.unit_ids.get(&id).map(|&i| self.units[i as usize].version)
    }

    /// Whether a meeting is indexed under this name.
    pub fn has_meeting(&self, id: i64, name: &str) -> bool {
        self.meeting_ids.get(&id).is_some_and(|&i| self.s(self.meetings[i as usize].text) == name)
    }

    /// Where a meeting, person or unit sits in the index (for the streaming search).
    pub(crate) fn position(&self, kind: super::ResultKind, id: i64) -> Option<u32> {
        match kind {
            super::ResultKind::Person => self.person_ids.get(&id).copied(),
            super::ResultKind::Unit => self.unit_ids.get(&id).copied(),
            super::ResultKind::Item => self.item_ids.get(id),
        }
    }

    /// Where a meeting sits in the index.
    pub(crate) fn meeting_position(&self, id: i64) -> Option<u32> {
        self.meeting_ids.get(&id).copied()
    }

    /// The ids and versions of every indexed item.
    pub fn item_versions(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.items.iter().enumerate().filter(|(i, _)| self.cols.alive(*i)).map(|(_, e)| (e.id, e.version))
    }

    /// Bytes held by the index's own structures (arena, entries, maps), counted from
    /// their capacities; allocator overhead is not included.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        fn map<K, V>(m: &HashMap<K, V, Fx>) -> usize {
            m.capacity() * (size_of::<K>() + size_of::<V>() + 1)
        }
        self.arena.capacity()
            + self.codes.capacity() * std::mem::size_of::<Code>()
            + self.groups.memory_bytes()
            + self.items.capacity() * size_of::<ItemEntry>()
            + self.cols.memory_bytes()
            + (self.people.capacity() + self.units.capacity()) * size_of::<NamedEntry>()
            + (self.meetings.capacity() + self.topics.capacity()) * size_of::<Text>()
            + self.refs.capacity() * 4
            + [&self.people_items, &self.unit_items]
                .iter()
                .map(|l| l.capacity() * 24 + l.iter().map(|v| v.capacity() * 4).sum::<usize>())
                .sum::<usize>()
            + self.item_ids.memory_bytes()
            + map(&self.person_ids)
            + map(&self.unit_ids)
            + map(&self.meeting_ids)
            + map(&self.topic_ids)
            + self.topic_ids.keys().map(String::capacity).sum::<usize>()
    }

    /// Adds or replaces an item. Its proposers and units must be in the index already
    /// (unknown ones are left out of its searchable fields).
    pub fn upsert_item(&mut self, d: ItemDoc) {
        self.put_item(&d.fields(), &d.proposers, &d.units);
    }

    /// [`Index::upsert_item`] from borrowed fields (the store streams rows into the index
    /// without an owned copy of each).
    pub fn put_item(&mut self, d: &ItemFields<'_>, proposers: &[i64], units: &[i64]) {
        let key = &*pinyin_keys::key_or(d.title_key, d.title);
        let start = self.codes.len();
        self.groups.encode(key, &mut self.codes);
        let title = Text {
            text: self.put(d.title),
            key: Span { start: start as u32, len: (self.codes.len() - start) as u32 },
            bits: char_bits(d.title),
            letters: key_bits(key),
        };
        let (pairs, triples) = signatures(&self.pairs, &self.triples, key);
        let number = self.put(d.number);
        let number_key = self.put(d.number_key);
        let units_label = self.put(d.units_label);
        let links = self.put_links(d.id, proposers, units);
        let num: u32 = d.number_key.parse().unwrap_or(u32::MAX);
        // Canonical: the number's decimal is the normalised number (no sign, no leading 0).
        let canonical = num != u32::MAX && decimal(num, &mut [0; 10]) == d.number_key.as_bytes();
        let row = Row {
            bits: title.bits,
            letters: title.letters,
            pairs,
            triples,
            title: title.text,
            key: title.key,
            number_key,
            num,
            links,
            meeting: self.meeting_ids.get(&d.meeting_id).copied().unwrap_or(NONE),
            topic: self.topic(d.topic),
            flags: ALIVE | if canonical { CANONICAL } else { 0 },
        };
        let entry = ItemEntry {
            id: d.id,
            version: d.version,
            number,
            units_label,
            due_on: d.due_on,
            kind: d.kind,
            status: d.status,
        };
        match self.item_ids.get(d.id) {
            Some(i) => {
                let i = i as usize;
                self.garbage += self.item_bytes(i) + self.links_len(i) * 4;
                if !self.cols.alive(i) {
                    self.live_items += 1;
                }
                self.items[i] = entry;
                self.cols.set(i, row);
            }
            None => {
                self.item_ids.insert(d.id, self.items.len() as u32);
                self.items.push(entry);
                self.cols.push(row);
                self.live_items += 1;
                if !self.pairs_tuned && self.cols.len() == SAMPLE {
                    self.tune_pairs();
                }
            }
        }
        self.generation += 1;
    }

    /// Puts the links of item `id` in `refs` and in the lists of its persons and units
    /// (taking it out of its old ones); unknown persons and units are left out.
    fn put_links(&mut self, id: i64, proposers: &[i64], units: &[i64]) -> Links {
        let at = match self.item_ids.get(id) {
            Some(at) => {
                self.unlist(at as usize);
                at
            }
            None => self.items.len() as u32,
        };
        let refs = self.refs.len() as u32;
        let mut n = [0usize; 2];
        for (k, (ids, ix, lists)) in
            [(proposers, &self.person_ids, &mut self.people_items), (units, &self.unit_ids, &mut self.unit_items)]
                .into_iter()
                .enumerate()
        {
            for e in ids {
                if let Some(&i) = ix.get(e) {
                    self.refs.push(i);
                    listed(lists, i, at);
                    n[k] += 1;
                }
            }
        }
        let short = |n: usize| n.min(u16::MAX as usize) as u16;
        Links { refs, n_proposers: short(n[0]), n_units: short(n[1]) }
    }

    /// Arena bytes of the item at `i`.
    fn item_bytes(&self, i: usize) -> usize {
        let (c, e) = (&self.cols, &self.items[i]);
        (c.title[i].len + c.key[i].len * 4 + c.number_key[i].len + e.number.len + e.units_label.len) as usize
    }

    /// Takes the item at `i` out of the lists of the persons and units it links to (before
    /// its links are replaced): each list is scanned (a unit's holds some 50,000 items at 1M,
    /// some microseconds; an edit changes one item).
    fn unlist(&mut self, i: usize) {
        let l = self.cols.links[i];
        let (from, n_people) = (l.refs as usize, l.n_proposers as usize);
        let refs = self.refs.get(from..from + n_people + l.n_units as usize).unwrap_or_default();
        for (k, &e) in refs.iter().enumerate() {
            let lists = if k < n_people { &mut self.people_items } else { &mut self.unit_items };
            if let Some(v) = lists.get_mut(e as usize) {
                if let Some(at) = v.iter().position(|&x| x == i as u32) {
                    v.swap_remove(at);
                }
            }
        }
    }

    /// Proposers and units of the item at `i`.
    fn links_len(&self, i: usize) -> usize {
        let l = self.cols.links[i];
        l.n_proposers as usize + l.n_units as usize
    }

    /// Room for `n` more items (a build that streams rows in).
    pub fn reserve_items(&mut self, n: usize) {
        self.items.reserve(n);
        self.cols.reserve(n);
        self.item_ids.reserve(n);
        self.arena.reserve(n * 80);
        self.codes.reserve(n * 20);
    }

    /// What a thread reading the links needs to turn each row into positions while the
    /// items are still being put in (see [`LinkResolver`]).
    pub fn link_resolver(&self, first_item: i64) -> LinkResolver {
        LinkResolver { people: self.person_ids.clone(), units: self.unit_ids.clone(), first_item }
    }

    /// Sets the proposers and units of every item at once, from links read in any order
    /// (as [`LinkResolver`] made them). Replaces what the items had (a build streams items
    /// in first, links after). The links are resolved and sorted where they lie: at 100k
    /// items half a million of them, 12 bytes each, with no second copy.
    pub fn link_all(&mut self, first_item: i64, proposers: Vec<Link>, units: Vec<Link>) {
        let resolve = |mut v: Vec<Link>, items: &ItemIds, first: i64| {
            v.retain_mut(|l| match items.get(first + i64::from(l.0)) {
                Some(at) => {
                    l.0 = at;
                    true
                }
                None => false,
            });
            v.sort_unstable();
            v
        };
        let people = resolve(proposers, &self.item_ids, first_item);
        let units = resolve(units, &self.item_ids, first_item);
        self.refs = Vec::with_capacity(people.len() + units.len());
        let (mut p, mut u) = (0, 0);
        for (i, e) in self.cols.links.iter_mut().enumerate() {
            let i = i as u32;
            e.refs = self.refs.len() as u32;
            let from = p;
            while p < people.len() && people[p].0 == i {
                self.refs.push(people[p].2);
                p += 1;
            }
            e.n_proposers = (p - from).min(u16::MAX as usize) as u16;
            let from = u;
            while u < units.len() && units[u].0 == i {
                self.refs.push(units[u].2);
                u += 1;
            }
            e.n_units = (u - from).min(u16::MAX as usize) as u16;
        }
        self.people_items = inverted(&people, self.people.len());
        self.unit_items = inverted(&units, self.units.len());
        self.generation += 1;
    }

    /// Takes an item out of the results.
    pub fn remove_item(&mut self, id: i64) {
        if let Some(i) = self.item_ids.get(id) {
            let i = i as usize;
            if self.cols.alive(i) {
                self.cols.flags[i] &= !ALIVE;
                self.live_items -= 1;
                self.garbage += self.item_bytes(i);
                self.generation += 1;
            }
        }
    }

    /// Adds or replaces a person.
    pub fn upsert_person(&mut self, p: PersonDoc) {
        self.put_person(&p.fields());
    }

    /// [`Index::upsert_person`] from borrowed fields (read straight from a row).
    pub fn put_person(&mut self, p: &PersonFields<'_>) {
        let (name, name_primary) = self.name(p.name, p.key);
        let detail = self.put(p.delegation);
        let entry = NamedEntry {
            id: p.id,
            name,
            name_primary,
            alts: Vec::new(),
            detail,
            body: Some(p.body),
            version: p.version,
            alive: true,
        };
        upsert_named(&mut self.people, &mut self.person_ids, entry);
        self.generation += 1;
    }

    /// Adds or replaces a unit.
    pub fn upsert_unit(&mut self, u: UnitDoc) {
        self.put_unit(&u.fields());
    }

    /// [`Index::upsert_unit`] from borrowed fields (read straight from a row).
    pub fn put_unit(&mut self, u: &UnitFields<'_>) {
        let keys = u.key.and_then(split_unit_keys);
        let (name, name_primary) = self.name(u.name, keys.map(|k| k.0));
        let mut alts = Vec::new();
        let stripped =
            u.short_name.strip_prefix(['区', '市', '县', '省', '州', '镇']).filter(|s| s.chars().count() >= 2);
        for (n, alt) in [(u.short_name, true), (stripped.unwrap_or(""), false)] {
            if !n.is_empty() && n != u.name {
                alts.push(self.name(n, if alt { keys.map(|k| k.1) } else { None }));
            }
        }
        let detail = self.put(u.short_name);
        let entry =
            NamedEntry { id: u.id, name, name_primary, alts, detail, body: None, version: u.version, alive: true };
        upsert_named(&mut self.units, &mut self.unit_ids, entry);
        self.generation += 1;
    }

    /// Adds or renames a meeting.
    pub fn upsert_meeting(&mut self, m: MeetingDoc) {
        let t = self.text(&m.name, None);
        match self.meeting_ids.get(&m.id) {
            Some(&i) => self.meetings[i as usize] = t,
            None => {
                self.meeting_ids.insert(m.id, self.meetings.len() as u32);
                self.meetings.push(t);
            }
        }
        self.generation += 1;
    }

    /// Text of a span.
    #[inline]
    pub(super) fn s(&self, span: Span) -> &str {
        &self.arena[span.start as usize..(span.start + span.len) as usize]
    }

    /// The meeting name of the item at `i`.
    pub(super) fn meeting_name(&self, i: usize) -> &str {
        self.meetings.get(self.cols.meeting[i] as usize).map(|t| self.s(t.text)).unwrap_or("")
    }

    /// The lead proposer's name of the item at `i`.
    pub(super) fn lead_name(&self, i: usize) -> &str {
        let l = self.cols.links[i];
        if l.n_proposers == 0 {
            return "";
        }
        let p = self.refs[l.refs as usize] as usize;
        self.s(self.people[p].name.text)
    }

    /// The title key of the item at `i`, made again from its codes.
    pub(super) fn item_key(&self, i: usize) -> String {
        let mut k = String::new();
        self.groups.write(self.item_codes(i), &mut k);
        k
    }

    /// The codes of the item at `i`'s title key.
    #[inline]
    pub(super) fn item_codes(&self, i: usize) -> &[Code] {
        let k = self.cols.key[i];
        &self.codes[k.start as usize..(k.start + k.len) as usize]
    }

    /// The title of the item at `i` with its prefilter bits, its text only when `text`
    /// (Chinese, digits; a pinyin word walks the codes, one letter reads the bits), so
    /// the text's memory is not touched otherwise. The key is left empty: see
    /// [`Index::item_key`] and [`Index::item_codes`].
    #[inline]
    pub(super) fn item_text(&self, i: usize, text: bool) -> TextRef<'_> {
        let c = &self.cols;
        TextRef { text: if text { self.s(c.title[i]) } else { "" }, key: "", bits: c.bits[i], letters: c.letters[i] }
    }

    fn put(&mut self, s: &str) -> Span {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        Span { start, len: s.len() as u32 }
    }

    /// A name's text and its usual reading (see [`pinyin_keys::primary`]).
    fn name(&mut self, text: &str, stored_key: Option<&str>) -> (Text, (Span, Span)) {
        let key = pinyin_keys::key_or(stored_key, text);
        let t = self.text_keyed(text, &key);
        let mut primary = |initials: bool| {
            let start = self.arena.len();
            pinyin_keys::push_primary_of_key(&key, initials, &mut self.arena);
            Span { start: start as u32, len: (self.arena.len() - start) as u32 }
        };
        let full = primary(false);
        (t, (full, primary(true)))
    }

    fn text(&mut self, text: &str, stored_key: Option<&str>) -> Text {
        self.text_keyed(text, &pinyin_keys::key_or(stored_key, text))
    }

    fn text_keyed(&mut self, text: &str, key: &str) -> Text {
        let letters = key_bits(key);
        let bits = char_bits(text);
        Text { text: self.put(text), key: self.put(key), bits, letters }
    }

    fn topic(&mut self, topic: &str) -> u32 {
        if topic.is_empty() {
            return NONE;
        }
        if let Some(&i) = self.topic_ids.get(topic) {
            return i;
        }
        let t = self.text(topic, None);
        let i = self.topics.len() as u32;
        self.topics.push(t);
        self.topic_ids.insert(topic.to_string(), i);
        i
    }
}

fn upsert_named(list: &mut Vec<NamedEntry>, ids: &mut Ids<i64>, entry: NamedEntry) {
    match ids.get(&entry.id) {
        Some(&i) => list[i as usize] = entry,
        None => {
            ids.insert(entry.id, list.len() as u32);
            list.push(entry);
        }
    }
}

/// Notes that the item at `item` links to entity `e` in `lists`.
fn listed(lists: &mut Vec<Vec<u32>>, e: u32, item: u32) {
    let e = e as usize;
    if lists.len() <= e {
        lists.resize_with(e + 1, Vec::new);
    }
    lists[e].push(item);
}

/// The items of each of `n` entities, from links sorted by item (a list each, exactly
/// as long as it needs).
fn inverted(links: &[Link], n: usize) -> Vec<Vec<u32>> {
    let mut count = vec![0usize; n];
    for l in links {
        if let Some(c) = count.get_mut(l.2 as usize) {
            *c += 1;
        }
    }
    let mut lists: Vec<Vec<u32>> = count.into_iter().map(Vec::with_capacity).collect();
    for l in links {
        if let Some(v) = lists.get_mut(l.2 as usize) {
            v.push(l.0);
        }
    }
    lists
}
