//! Turning the top hits into what the screen and the command line show, with highlights.
use super::eval::{Field, Hit, ResultKind};
use super::index::Index;
use super::matcher::Matcher;
use super::pinyin_keys;
use super::query::Query;
use super::score::{self, TextRef};
use crate::domain::{Body, Kind, Status};
use chrono::NaiveDate;
use serde::Serialize;

/// What an item result shows without opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemSummary {
    /// 建 (suggestion) or 提 (proposal).
    pub kind: Kind,
    pub number: String,
    /// 领衔 (lead proposer).
    pub lead: String,
    /// 主办 (the lead unit) or the split units, as the ledger shows them.
    pub unit: String,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub meeting: String,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchResult {
    pub kind: ResultKind,
    /// The item's, person's or unit's database id (what Enter opens).
    pub id: i64,
    /// The field that matched best.
    pub field: Field,
    pub score: i64,
    /// The item's title, or the person's or unit's name.
    pub title: String,
    /// Matched characters to highlight: character (not byte, not cell) indices into
    /// `title`, ascending. The screen turns them into cells with unicode-width.
    pub positions: Vec<usize>,
    /// For items.
    pub item: Option<ItemSummary>,
    /// A person's delegation (代表团 / 界别), a unit's short name.
    pub detail: String,
    /// A person's body (人大 / 政协).
    pub body: Option<Body>,
}

impl Index {
    /// The results for `hits` (already ranked, e.g. from [`super::Hits::top`]), with the
    /// characters each word matched in the title or name highlighted.
    pub fn results(&self, q: &Query, hits: &[Hit]) -> Vec<SearchResult> {
        let m = Matcher::new();
        hits.iter().filter_map(|h| self.result(q, &m, h)).collect()
    }

    fn result(&self, q: &Query, m: &Matcher, h: &Hit) -> Option<SearchResult> {
        let i = h.doc.index as usize;
        match h.doc.kind {
            ResultKind::Item => {
                let e = self.items.get(i)?;
                let key = self.item_key(i);
                let title = TextRef { key: &key, ..self.item_text(i, true) };
                Some(SearchResult {
                    kind: h.doc.kind,
                    id: e.id,
                    field: h.field,
                    score: h.score,
                    title: title.text.to_string(),
                    positions: self.highlight(q, m, title),
                    item: Some(ItemSummary {
                        kind: e.kind,
                        number: self.s(e.number).to_string(),
                        lead: self.lead_name(i).to_string(),
                        unit: self.s(e.units_label).to_string(),
                        status: e.status,
                        due_on: e.due_on,
                        meeting: self.meeting_name(i).to_string(),
                    }),
                    detail: String::new(),
                    body: None,
                })
            }
            ResultKind::Person | ResultKind::Unit => {
                let e = if h.doc.kind == ResultKind::Person { self.people.get(i)? } else { self.units.get(i)? };
                Some(SearchResult {
                    kind: h.doc.kind,
                    id: e.id,
                    field: h.field,
                    score: h.score,
                    title: self.s(e.name.text).to_string(),
                    positions: self.highlight(q, m, self.text_ref(&e.name)),
                    item: None,
                    detail: self.s(e.detail).to_string(),
                    body: e.body,
                })
            }
        }
    }

    /// The characters of `t` that the query's words matched, as character indices.
    fn highlight(&self, q: &Query, m: &Matcher, t: TextRef<'_>) -> Vec<usize> {
        let text = t.text;
        let mut out: Vec<usize> = Vec::new();
        for w in &q.words {
            if score::text(m, w, t).is_none() {
                continue;
            }
            if !w.ascii {
                if w.len == 1 {
                    let c = w.text.chars().next();
                    out.extend(text.chars().position(|x| Some(x) == c));
                } else if let Some((_, pos)) = m.indices(text, &w.text) {
                    out.extend(pos);
                }
                continue;
            }
            // Pinyin: match the key again, then map key bytes back to the characters.
            let (key, origin) = pinyin_keys::key_with_origin(text);
            let pos = if w.len == 1 {
                score::in_a_row(key.as_bytes(), w.text.as_bytes()).map(|(from, _)| from).into_iter().collect()
            } else if let Some((from, to)) = score::in_a_row(key.as_bytes(), w.text.as_bytes()) {
                // The characters the word spells, by their pinyin or their initials, whichever
                // the score took.
                let window = &key[from..to];
                let at: Vec<usize> = pinyin_keys::initial_bytes(window).collect();
                let initials: String = at.iter().map(|&i| window.as_bytes()[i].to_ascii_lowercase() as char).collect();
                let full = m.indices(window, &w.text);
                let init = m.indices(&initials, &w.text).map(|(s, p)| (s, p.into_iter().map(|i| at[i]).collect()));
                let best = match (full, init) {
                    (Some(f), Some(i)) => {
                        if i.0 > f.0 {
                            i.1
                        } else {
                            f.1
                        }
                    }
                    (f, i) => f.or(i).map(|x| x.1).unwrap_or_default(),
                };
                best.into_iter().map(|p| p + from).collect()
            } else {
                m.indices(&key, &w.text).map(|(_, p)| p).unwrap_or_default()
            };
            out.extend(pos.into_iter().filter_map(|p| origin.get(p).map(|&o| o as usize)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
