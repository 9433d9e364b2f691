//! The office's order of units (DOMAIN.md: units are listed as the office lists them, e.g.
//! 发改、财政、教育… as in its government's own order), used everywhere units are listed:
//! reports, rankings, letters, pickers, the evaluation.
//!
//! First the units the office numbered (`banli unit order`, or an import's 序号 column),
//! by that number; then the others by the pinyin of their names (区教育局 before 区住建局),
//! never by code point (which would put 东关 before 公安 before 北苑).
use pinyin::ToPinyin;
use std::cmp::Ordering;

/// The key a unit sorts by: its pinyin, letter by letter, with tones left out.
pub fn pinyin_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.plain()),
            None => key.extend(c.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

/// The office's order of two units: `(order, name)` each.
pub fn compare(a: (Option<i64>, &str), b: (Option<i64>, &str)) -> Ordering {
    let numbered = |o: Option<i64>| o.is_none();
    numbered(a.0)
        .cmp(&numbered(b.0))
        .then(a.0.cmp(&b.0))
        .then_with(|| pinyin_key(a.1).cmp(&pinyin_key(b.1)))
        .then_with(|| a.1.cmp(b.1))
}

/// The unit ids in the office's order, from `(id, order, name)`.
pub fn office_order(units: &[(i64, Option<i64>, String)]) -> Vec<i64> {
    let mut v: Vec<&(i64, Option<i64>, String)> = units.iter().collect();
    v.sort_by(|a, b| compare((a.1, &a.2), (b.1, &b.2)));
    v.into_iter().map(|u| u.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_not_code_points() {
        let units = vec![
            (1, None, "东关街道".to_string()),
            (2, None, "公安分局".to_string()),
            (3, None, "共青团区委".to_string()),
            (4, None, "北苑街道".to_string()),
        ];
        // bei, dong, gong'an, gongqing
        assert_eq!(office_order(&units), [4, 1, 2, 3]);
    }

    #[test]
    fn the_offices_numbers_come_first() {
        let units = vec![
            (1, None, "区教育局".to_string()),
            (2, Some(2), "区财政局".to_string()),
            (3, Some(1), "区发展和改革局".to_string()),
            (4, None, "区住房和城乡建设局".to_string()),
        ];
        assert_eq!(office_order(&units), [3, 2, 1, 4]);
    }
}
