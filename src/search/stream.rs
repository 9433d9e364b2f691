//! Scoring item rows as they are read from the database (`banli search`, and the search
//! box while the index is still being built): the same functions the index uses, on
//! borrowed row text, so the results and their order are the index's.
use super::eval::{linked_person, linked_unit, linked_weak, score_words, take, EntityScores, NO};
use super::matcher::Matcher;
use super::query::{char_bits, digit_bits, key_bits};
use super::score::{self, TextRef};
use super::{pinyin_keys, DocRef, Field, Hit, Index, Query, ResultKind};

/// Per item (by id), per word: the best score through its proposers and units. Dense
/// (indexed by id) when the ids that matched are dense, as they are in a ledger.
#[derive(Debug, Default)]
pub struct Linked {
    words: usize,
    min: i64,
    /// `words` entries per id from `min`; `(NO, _)` for no link.
    scores: Vec<(i64, Field)>,
}

impl Linked {
    /// Room for the ids `min..=max`, for a query of `words` words.
    pub fn new(words: usize, min: i64, max: i64) -> Linked {
        let n = if max >= min { (max - min + 1) as usize } else { 0 };
        Linked { words, min, scores: vec![(NO, Field::Title); n * words] }
    }

    /// Keeps the better of the item's score for word `wi` and `v`.
    pub fn add(&mut self, item: i64, wi: usize, v: i64, f: Field) {
        if v == NO || item < self.min {
            return;
        }
        let at = (item - self.min) as usize * self.words + wi;
        if let Some(s) = self.scores.get_mut(at) {
            take(s, v, f);
        }
    }

    /// The item's scores per word, when any word linked to it.
    fn get(&self, item: i64) -> Option<&[(i64, Field)]> {
        if item < self.min || self.scores.is_empty() {
            return None;
        }
        let at = (item - self.min) as usize * self.words;
        let s = self.scores.get(at..at + self.words)?;
        s.iter().any(|x| x.0 != NO).then_some(s)
    }
}

/// One item row as read: the columns the scorer needs, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct ItemRowRef<'a> {
    pub id: i64,
    pub number_key: &'a str,
    pub title: &'a str,
    /// The stored `search_keys` column (read only when a word is pinyin).
    pub stored_keys: Option<&'a str>,
    pub meeting_id: i64,
    pub topic: &'a str,
    /// The row's prefilter bits, when kept with it (a search pack): else made here.
    pub bits: Option<RowBits>,
}

/// What [`RowScorer`] would compute of a row first, kept with it: the title's character
/// bits, its key's letter bits and its digit bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowBits {
    pub chars: u128,
    pub key: u64,
    pub digits: u64,
}

impl RowBits {
    /// The bits of a row with this title and stored keys (its key made from the title when
    /// the stored one is of no use, as [`RowScorer::score`] does).
    pub fn of(title: &str, stored_keys: &str) -> RowBits {
        let key = pinyin_keys::key_or(pinyin_keys::from_stored(stored_keys), title);
        RowBits { chars: char_bits(title), key: key_bits(&key), digits: digit_bits(title) }
    }

    /// A fingerprint of the functions that make the bits, taken on a probe: bits kept by a
    /// build whose functions differ have another stamp, and are not used.
    pub fn stamp() -> u64 {
        static STAMP: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        *STAMP.get_or_init(|| {
            let b = RowBits::of("关于老旧小区改造的建议 Ａ１ Zj 9 齉", "");
            (b.chars as u64)
                ^ ((b.chars >> 64) as u64).rotate_left(17)
                ^ b.key.rotate_left(29)
                ^ b.digits.rotate_left(41)
        })
    }
}

/// Scores item rows one at a time.
pub(crate) struct RowScorer<'a> {
    q: &'a Query,
    index: &'a Index,
    ents: &'a EntityScores,
    linked: &'a Linked,
    m: Matcher,
    /// A ledger has a handful of topics: a short list beats hashing every row's.
    topics: Vec<(String, Vec<i64>)>,
    any_text: bool,
    ascii: bool,
    digits: bool,
    /// A word is one letter, answered from the key's letter bits alone.
    one_letter: bool,
}

impl<'a> RowScorer<'a> {
    /// A scorer for `q`; `index` holds the people, units and meetings `ents` scored.
    pub(crate) fn new(q: &'a Query, index: &'a Index, ents: &'a EntityScores, linked: &'a Linked) -> RowScorer<'a> {
        RowScorer {
            q,
            index,
            ents,
            linked,
            m: Matcher::new(),
            topics: Vec::new(),
            // Only what some word can use is computed per row: the title's character bits
            // for words with Chinese, the key and its bits for pinyin words (digits need
            // neither).
            any_text: q.words.iter().any(|w| !w.ascii),
            ascii: needs_keys(q),
            digits: q.words.iter().any(|w| w.digits),
            one_letter: q.words.iter().any(|w| w.ascii && !w.digits && w.len == 1),
        }
    }

    /// Whether a row's stored keys are needed (else leave them unread).
    pub fn needs_keys(&self) -> bool {
        self.ascii
    }

    /// The row's hit, if every word matched.
    pub fn score(&mut self, r: ItemRowRef<'_>) -> Option<Hit> {
        let title = r.title;
        let key = if self.ascii {
            pinyin_keys::key_or(r.stored_keys.and_then(pinyin_keys::from_stored), title)
        } else {
            "".into()
        };
        let key = &*key;
        // The letter bits only turn away what the walk over the key would; they cost a walk
        // of their own, so they are made only for a one-letter word, which is answered
        // from them (all bits set: nothing is turned away early), unless the row kept them.
        let letters = if self.one_letter {
            r.bits.map_or_else(|| key_bits(key), |b| b.key)
        } else if self.ascii {
            // Kept bits turn away what the walk over the key would, as the index's do.
            r.bits.map_or(u64::MAX, |b| b.key)
        } else if self.digits {
            r.bits.map_or_else(|| digit_bits(title), |b| b.digits)
        } else {
            0
        };
        let bits = if self.any_text { r.bits.map_or_else(|| char_bits(title), |b| b.chars) } else { 0 };
        let tr = TextRef { text: title, key, bits, letters };
        let meeting = self.index.meeting_position(r.meeting_id).map(|p| p as usize);
        let t = self.topic(r.topic);
        let topic_scores = &self.topics[t].1;
        let link = self.linked.get(r.id);
        let ents = self.ents;
        let scored = score_words(
            self.q,
            r.number_key,
            |_, w| score::text(&self.m, w, tr),
            |wi, s| {
                if let Some(l) = link {
                    take(s, l[wi].0, l[wi].1);
                }
                if let Some(mp) = meeting {
                    take(s, linked_weak(ents.meetings[wi][mp]), Field::Meeting);
                }
                take(s, linked_weak(topic_scores[wi]), Field::Topic);
            },
        );
        let (score, field) = scored?;
        let tie = r.number_key.parse().unwrap_or(u32::MAX);
        Some(Hit { doc: DocRef { kind: ResultKind::Item, index: r.id as u32 }, score, field, tie })
    }

    /// The position of the topic's word scores, scoring it the first time it is seen.
    fn topic(&mut self, topic: &str) -> usize {
        if let Some(t) = self.topics.iter().position(|(t, _)| t == topic) {
            return t;
        }
        let k = pinyin_keys::key(topic);
        let t = TextRef { text: topic, key: &k, bits: char_bits(topic), letters: key_bits(&k) };
        let none = topic.is_empty();
        let m = &self.m;
        let s = self.q.words.iter().map(|w| if none { NO } else { score::text(m, w, t).unwrap_or(NO) }).collect();
        self.topics.push((topic.to_string(), s));
        self.topics.len() - 1
    }
}

/// Whether some word of `q` is pinyin: the rows' stored keys are read only then.
pub fn needs_keys(q: &Query) -> bool {
    q.words.iter().any(|w| w.ascii && !w.digits)
}

/// An item through a proposer at `position`, for word `wi` (see [`linked_person`]).
pub(crate) fn person_link(ents: &EntityScores, wi: usize, person: usize, position: usize) -> i64 {
    linked_person(ents.people[wi][person], position)
}

/// An item through one of its units, for word `wi` (see [`linked_unit`]).
pub(crate) fn unit_link(ents: &EntityScores, wi: usize, unit: usize) -> i64 {
    linked_unit(ents.units[wi][unit])
}
