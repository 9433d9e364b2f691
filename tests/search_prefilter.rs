//! The prefilter columns and the bound that leaves items unscored drop no match and change
//! no ranking: a query's matches and its best fifty are those of every item scored in
//! full, on a generated ledger (more items than the pair map is tuned on: titles signed before
//! and after), for the bench's query set and for words cut from titles
//! and their pinyin, searched afresh and typed into a search box.
use banli::data;
use banli::search::{pinyin_keys, Index, Query, Session};
use banli::store::Store;
use proptest::prelude::*;
use std::sync::OnceLock;

fn fixture() -> &'static (Index, Vec<String>) {
    static IX: OnceLock<(Index, Vec<String>)> = OnceLock::new();
    IX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("gen.db"), "test", data::load(None).unwrap()).unwrap();
        s.generate(5000, 11).unwrap();
        let docs = s.search_docs().unwrap();
        let titles = docs.items.iter().take(200).map(|d| d.title.clone()).collect();
        (Index::build(docs), titles)
    })
}

fn same_hits(text: &str) -> Result<(), TestCaseError> {
    let ix = &fixture().0;
    let q = Query::parse(text);
    let fast = ix.search(&q, None, 50);
    let full = ix.search_exhaustive(&q);
    prop_assert_eq!(fast.items(), full.items(), "{}", text);
    prop_assert_eq!(fast.len(), full.len(), "{}", text);
    prop_assert_eq!(fast.top(50), full.top(50), "{}", text);
    Ok(())
}

/// The same typed a character at a time into a search box, which narrows each key's hits
/// from the last ones (the bound and the prefilter applied to the narrowed candidates), and
/// deleted again (the box's cached hits).
fn same_when_typed(text: &str) -> Result<(), TestCaseError> {
    let ix = &fixture().0;
    let mut session = Session::new();
    let chars: Vec<char> = text.chars().collect();
    let prefixes = (1..=chars.len()).chain((1..chars.len()).rev());
    for n in prefixes {
        let typed: String = chars[..n].iter().collect();
        let full = ix.search_exhaustive(&Query::parse(&typed));
        let hits = session.search(ix, &typed, 50);
        prop_assert_eq!(hits.items(), full.items(), "{}", typed);
        prop_assert_eq!(hits.top(50), full.top(50), "{}", typed);
    }
    Ok(())
}

#[test]
fn the_query_set_finds_what_a_full_scan_finds() {
    for q in banli::bench::QUERIES.iter().chain(&["第25号", "5g", "l-j", "x", "区", "马", "zz", "2 老", "0", "ab"])
    {
        same_hits(q).unwrap();
        same_when_typed(q).unwrap();
    }
    for q in ["zhujian", "chongqing", "yshj", "ljxq", "cho", "zhuj", "老旧 zhuj", "5gjz"] {
        same_when_typed(q).unwrap();
    }
    // The set is not trivially empty.
    assert!(!fixture().0.search(&Query::parse("ljxq"), None, 50).is_empty());
}

/// Items whose units and proposers change after the build are found by the new ones and
/// not by the old ones (the lists of items by person and unit keep an item's old links too:
/// the item pass must ask the item's own).
#[test]
fn items_follow_their_changed_links() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("gen.db"), "test", data::load(None).unwrap()).unwrap();
    s.generate(3000, 5).unwrap();
    let docs = s.search_docs().unwrap();
    let (units, people) = (docs.units.clone(), docs.people.clone());
    let items = docs.items.clone();
    let mut ix = Index::build(docs);
    for (k, d) in items.iter().enumerate().take(600) {
        let mut d = d.clone();
        d.units = vec![units[k % 3].id];
        d.proposers = vec![people[k % 5].id];
        ix.upsert_item(d);
    }
    let names = units.iter().map(|u| u.name.clone()).chain(people.iter().take(8).map(|p| p.name.clone()));
    for name in names.collect::<Vec<_>>() {
        for text in [name.clone(), pinyin_keys::primary(&name).1] {
            let q = Query::parse(&text);
            let (fast, full) = (ix.search(&q, None, 50), ix.search_exhaustive(&q));
            assert_eq!(fast.items(), full.items(), "{text}");
            assert_eq!(fast.top(50), full.top(50), "{text}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn words_from_titles_find_what_a_full_scan_finds(t in 0usize..200, from in 0usize..40, len in 1usize..6, pinyin: bool, two: bool) {
        let title = &fixture().1[t % fixture().1.len()];
        let text: String = if pinyin {
            let k = pinyin_keys::key(title).to_ascii_lowercase().replace(['\'', ' '], "");
            k.chars().skip(from).take(len).collect()
        } else {
            title.chars().skip(from % 20).take(len).collect()
        };
        let text = if two { format!("{text} z") } else { text };
        same_hits(&text)?;
        same_when_typed(&text)?;
    }
}
