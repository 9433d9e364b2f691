//! Unit names as an office writes them → known units. In order: the full name, the short
//! name, a clerk-given alias, then a close match: the written name's characters appear in
//! order in exactly one unit's full name, with the same first and last character
//! (区住建局 ↔ 区住房和城乡建设局). Anything else is unknown, with a best guess (the unit
//! sharing the most characters, at least half) for the clerk to confirm or create.
use crate::domain::Unit;
use std::collections::HashMap;

/// How a written name was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitMatch {
    /// By full name, short name or alias.
    Exact(i64),
    /// By the in-order, same-ends rule; the clerk sees it in the dry run.
    Close(i64),
    /// No unit fits; the best guess, if any unit shares characters with it.
    Unknown { guess: Option<i64> },
}

/// The units to match against, indexed once per import.
pub struct UnitMatcher {
    units: Vec<Unit>,
    by_name: HashMap<String, i64>,
    cache: HashMap<String, UnitMatch>,
}

impl UnitMatcher {
    /// Indexes `units`; `aliases` maps a written name to a unit's name or short name.
    pub fn new(units: Vec<Unit>, aliases: &[(String, String)]) -> UnitMatcher {
        let mut by_name = HashMap::new();
        // Short names first, so a full name equal to another unit's short name wins.
        for u in &units {
            by_name.insert(key(&u.short_name), u.id);
        }
        for u in &units {
            by_name.insert(key(&u.name), u.id);
        }
        for (alias, target) in aliases {
            if let Some(id) = by_name.get(&key(target)).copied() {
                by_name.insert(key(alias), id);
            }
        }
        UnitMatcher { units, by_name, cache: HashMap::new() }
    }

    /// The unit with `id`.
    pub fn unit(&self, id: i64) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Adds a unit (one the import will create) so later rows find it by name.
    pub fn add(&mut self, unit: Unit) {
        self.by_name.insert(key(&unit.name), unit.id);
        self.by_name.insert(key(&unit.short_name), unit.id);
        self.cache.clear();
        self.units.push(unit);
    }

    /// Matches one written name.
    pub fn find(&mut self, written: &str) -> UnitMatch {
        let k = key(written);
        if let Some(m) = self.cache.get(&k) {
            return m.clone();
        }
        let m = self.find_uncached(&k);
        self.cache.insert(k, m.clone());
        m
    }

    fn find_uncached(&self, k: &str) -> UnitMatch {
        if let Some(id) = self.by_name.get(k) {
            return UnitMatch::Exact(*id);
        }
        let close: Vec<i64> = self
            .units
            .iter()
            .filter(|u| same_ends_in_order(k, &key(&u.name)) || same_ends_in_order(k, &key(&u.short_name)))
            .map(|u| u.id)
            .collect();
        if let [id] = close.as_slice() {
            return UnitMatch::Close(*id);
        }
        let guess = self
            .units
            .iter()
            .map(|u| (similarity(k, &key(&u.name)).max(similarity(k, &key(&u.short_name))), u.id))
            .filter(|(s, _)| *s >= MIN_GUESS)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, id)| id);
        UnitMatch::Unknown { guess }
    }
}

/// The least similarity worth offering as a guess (half the characters in common).
const MIN_GUESS: f64 = 0.5;

fn key(s: &str) -> String {
    super::normalize_text(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `short`'s characters appear in `long` in order, with the same first and last
/// character, and `short` is at least two characters (区住建局 in 区住房和城乡建设局).
fn same_ends_in_order(short: &str, long: &str) -> bool {
    let s: Vec<char> = short.chars().collect();
    let l: Vec<char> = long.chars().collect();
    if s.len() < 2 || s.len() > l.len() || s.first() != l.first() || s.last() != l.last() {
        return false;
    }
    let mut it = l.iter();
    s.iter().all(|c| it.any(|x| x == c))
}

/// Dice similarity over characters: 2·|common| / (|a| + |b|), multiset counts.
fn similarity(a: &str, b: &str) -> f64 {
    let mut counts: HashMap<char, i32> = HashMap::new();
    for c in b.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let mut common = 0;
    for c in a.chars() {
        if let Some(n) = counts.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let total = a.chars().count() + b.chars().count();
    if total == 0 {
        0.0
    } else {
        2.0 * common as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, name: &str, short: &str) -> Unit {
        Unit {
            id,
            name: name.into(),
            short_name: short.into(),
            head: String::new(),
            deputy_head: String::new(),
            clerk: String::new(),
            phone: String::new(),
        }
    }

    fn matcher() -> UnitMatcher {
        UnitMatcher::new(
            vec![
                unit(1, "区住房和城乡建设局", "区住建局"),
                unit(2, "区财政局", "区财政局"),
                unit(3, "区教育和体育局", "区教体局"),
                unit(4, "区发展和改革委员会", "区发改委"),
            ],
            &[("住建".into(), "区住建局".into())],
        )
    }

    #[test]
    fn names_short_names_and_aliases() {
        let mut m = matcher();
        assert_eq!(m.find("区住房和城乡建设局"), UnitMatch::Exact(1));
        assert_eq!(m.find("区住建局"), UnitMatch::Exact(1));
        assert_eq!(m.find(" 区财政局 "), UnitMatch::Exact(2));
        assert_eq!(m.find("住建"), UnitMatch::Exact(1));
    }

    #[test]
    fn close_matches_keep_order_and_ends() {
        let mut m = UnitMatcher::new(vec![unit(1, "区住房和城乡建设局", "住建")], &[]);
        assert_eq!(m.find("区住建局"), UnitMatch::Close(1));
        let mut m = matcher();
        assert_eq!(m.find("区发改委员会"), UnitMatch::Close(4));
        assert_eq!(m.find("区教育局"), UnitMatch::Close(3));
    }

    #[test]
    fn unknown_units_get_a_best_guess() {
        let mut m = matcher();
        assert_eq!(m.find("区住建委"), UnitMatch::Unknown { guess: Some(1) });
        assert_eq!(m.find("市公安局"), UnitMatch::Unknown { guess: None }, "sharing only 局 is no guess");
        assert_eq!(m.find("气象站"), UnitMatch::Unknown { guess: None });
    }
}
