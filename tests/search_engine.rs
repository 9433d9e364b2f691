//! The search engine on a generated ledger: what matches, ranking, highlights, narrowing,
//! updates, stored keys.
use banli::data;
use banli::search::{self, pinyin_keys, Answer, Index, ResultKind, SearchResult, Session};
use banli::store::Store;
use std::sync::OnceLock;

fn store(items: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("gen.db"), "test", data::load(None).unwrap()).unwrap();
    s.generate(items, 7).unwrap();
    (dir, s)
}

/// One generated ledger shared by the read-only tests.
fn index() -> &'static Index {
    static IX: OnceLock<Index> = OnceLock::new();
    IX.get_or_init(|| {
        let (_dir, s) = store(3000);
        Index::build(s.search_docs().unwrap())
    })
}

fn titles(r: &[SearchResult]) -> Vec<String> {
    r.iter().map(|r| r.title.clone()).collect()
}

fn highlighted(r: &SearchResult) -> String {
    let chars: Vec<char> = r.title.chars().collect();
    r.positions.iter().map(|&p| chars[p]).collect()
}

#[test]
fn chinese_fragments_match_in_order_with_gaps() {
    let r = search::search(index(), "老旧", 20);
    assert!(!r.is_empty());
    for x in &r {
        assert!(x.title.contains("老") && x.title.contains("旧"), "{}", x.title);
        assert_eq!(highlighted(x), "老旧", "{}", x.title);
    }
    // Gaps: 老改 finds 老旧小区改造 too.
    assert!(search::search(index(), "老改", 50).iter().any(|x| x.title.contains("老旧小区改造")));
}

#[test]
fn pinyin_initials_and_full_pinyin() {
    for (q, want) in [("ljxq", "老旧小区"), ("yshj", "营商环境"), ("laojiu", "老旧"), ("yinhang", "银行")] {
        let r = search::search(index(), q, 5);
        assert!(!r.is_empty(), "{q}");
        for x in &r {
            assert!(x.title.contains(want), "{q}: {}", x.title);
            assert_eq!(highlighted(x), want, "{q}: {} {:?}", x.title, x.positions);
        }
    }
    // zhujian and zj: the unit 住建局 first.
    for q in ["zhujian", "zj", "住建"] {
        let r = search::search(index(), q, 5);
        assert!(
            r.iter().take(2).any(|x| x.kind == ResultKind::Unit && x.title.contains("住房")),
            "{q}: {:?}",
            titles(&r)
        );
    }
}

#[test]
fn names_prefix_before_fuzzy() {
    let r = search::search(index(), "马均", 10);
    assert_eq!(r[0].kind, ResultKind::Person);
    assert_eq!(r[0].title, "马均侠");
    assert_eq!(r[0].positions, vec![0, 1]);
    // Then her items (she leads or co-signs them), nothing fuzzy before them.
    assert!(r.len() > 1 && r[1].kind == ResultKind::Item);
    let r = search::search(index(), "majun", 3);
    assert_eq!(r[0].title, "马均侠");
}

#[test]
fn a_person_result_opens_their_items() {
    let (_dir, st) = store(300);
    let ix = Index::build(st.search_docs().unwrap());
    let r = search::search(&ix, "马均侠", 100);
    assert_eq!(r[0].kind, ResultKind::Person);
    let ids = st.person_item_ids(r[0].id).unwrap();
    let items: Vec<i64> = r.iter().filter(|x| x.kind == ResultKind::Item).map(|x| x.id).collect();
    let mut sorted = items.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn numbers_in_every_form_exact_first() {
    for q in ["25", "025", "0025", "第25号", "２５"] {
        let r = search::search(index(), q, 10);
        let top: Vec<&str> = r.iter().take(2).map(|x| x.item.as_ref().unwrap().number.as_str()).collect();
        let mut sorted = top.clone();
        sorted.sort();
        assert_eq!(sorted, ["0025", "25"], "{q}: {top:?}");
        assert_eq!(r[0].field, search::Field::Number);
        // Prefixes (250, 0250…) follow the exact ones.
        assert!(r[2].item.as_ref().unwrap().number.trim_start_matches('0').starts_with("25"), "{q}");
    }
}

#[test]
fn several_words_all_match_in_any_order() {
    let (_dir, st) = store(1500);
    let ix = Index::build(st.search_docs().unwrap());
    let a = search::search(&ix, "住建 老旧", 500);
    let b = search::search(&ix, "老旧 住建", 500);
    assert!(!a.is_empty());
    assert_eq!(titles(&a), titles(&b));
    let units = |id: i64| -> String {
        let docs = st.search_item_docs(&[id]).unwrap().remove(0);
        let names = st.units().unwrap();
        docs.units.iter().filter_map(|u| names.iter().find(|n| n.id == *u)).map(|n| n.short_name.clone()).collect()
    };
    for x in &a {
        assert!(x.title.contains("老") && x.title.contains("旧"), "{}", x.title);
        // 住建 matched one of its units (lead, split or co-handling).
        assert!(units(x.id).contains("住建"), "{} {}", x.title, units(x.id));
    }
    // A word nothing matches empties the results.
    assert!(search::search(&ix, "住建 齉齉", 10).is_empty());
}

#[test]
fn one_character_is_a_contains() {
    let r = search::search(index(), "老", 50);
    assert_eq!(r.len(), 50);
    assert!(r.iter().all(|x| x.title.contains('老') || x.kind != ResultKind::Item || !x.positions.is_empty()));
    // Earlier occurrences rank first.
    let first = r.iter().find(|x| x.kind == ResultKind::Item).unwrap();
    assert!(first.title.find('老').unwrap() <= "关于老".len());
}

#[test]
fn results_carry_what_the_screen_shows() {
    let r = search::search(index(), "ljxq", 1);
    let it = r[0].item.as_ref().unwrap();
    assert!(!it.number.is_empty() && !it.lead.is_empty() && !it.meeting.is_empty());
    assert!(r[0].id > 0);
}

#[test]
fn narrowing_and_widening_give_the_same_results_as_a_fresh_search() {
    let ix = index();
    let mut s = Session::new();
    let typed = [
        "l",
        "lj",
        "ljx",
        "ljxq",
        "ljx",
        "lj",
        "l",
        "住",
        "住建",
        "住建 ",
        "住建 老",
        "住建 老旧",
        "住建 老",
        "2",
        "25",
        "250",
        "2",
        "0",
        "02",
        "马均侠",
    ];
    let mut seen = Vec::new();
    for t in typed {
        let got = s.results(ix, t, 30);
        seen.push(s.last);
        assert_eq!(got, search::search(ix, t, 30), "{t}");
    }
    assert!(
        seen.contains(&Answer::Narrowed) && seen.contains(&Answer::Cached) && seen.contains(&Answer::Fresh),
        "{seen:?}"
    );
    // ljxq then ljx: the cached hits, not a new search.
    assert_eq!(seen[4], Answer::Cached);
    assert_eq!(seen[3], Answer::Narrowed);
    // 0 then 02 (= number 2) must not narrow.
    assert_eq!(seen[18], Answer::Fresh);
}

#[test]
fn the_index_follows_the_database() {
    let (_dir, mut st) = store(200);
    let mut ix = Index::build(st.search_docs().unwrap());
    let generation = ix.generation();
    assert!(search::search(&ix, "齐鲁风味小吃", 5).is_empty());
    st.write(|t| {
        t.conn().execute("UPDATE item SET title = '关于扶持齐鲁风味小吃街的建议' WHERE id = 5", [])?;
        t.claim_item(5, 1)?;
        t.refresh_item(5)
    })
    .unwrap();
    assert_eq!(st.refresh_search_index(&mut ix).unwrap(), 1);
    assert_ne!(ix.generation(), generation);
    let r = search::search(&ix, "齐鲁风味小吃", 5);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].id, 5);
    // The key was stored with the change, and pinyin finds the new title.
    assert_eq!(search::search(&ix, "qlfw", 1)[0].id, 5);
    // Nothing changed: nothing re-indexed.
    assert_eq!(st.refresh_search_index(&mut ix).unwrap(), 0);
    ix.remove_item(5);
    assert!(search::search(&ix, "齐鲁风味小吃", 5).is_empty());
}

#[test]
fn keys_are_stored_when_written() {
    let (_dir, st) = store(50);
    let docs = st.search_docs().unwrap();
    assert!(docs.items.iter().all(|d| d.title_key.as_deref() == Some(pinyin_keys::key(&d.title).as_str())));
    assert!(docs.people.iter().all(|p| p.key.is_some()));
    assert!(docs.units.iter().all(|u| u.key.is_some()));
    // The demo stores them too.
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Store::open(&dir.path().join("demo.db"), "test", data::load(None).unwrap()).unwrap();
    demo.load_demo().unwrap();
    let docs = demo.search_docs().unwrap();
    assert!(docs.items.iter().all(|d| d.title_key.is_some()));
    assert!(docs.people.iter().all(|p| p.key.is_some()) && docs.units.iter().all(|u| u.key.is_some()));
}

#[test]
fn generation_is_reproducible() {
    let (_a, s1) = store(300);
    let (_b, s2) = store(300);
    let t = |s: &Store| s.search_docs().unwrap().items.into_iter().map(|d| (d.number, d.title)).collect::<Vec<_>>();
    assert_eq!(t(&s1), t(&s2));
}

#[test]
fn the_command_line_search_reads_the_database_and_agrees_with_the_index() {
    let (dir, st) = store(1500);
    // `banli search` itself: the helper reads the rows ahead while the store opens.
    let path = dir.path().join("gen.db");
    let from_file = |q: &str, limit: usize| {
        let open = || Store::open(&path, "test", data::load(None).unwrap());
        banli::store::quick_search::search_file(&path, q, limit, open, |e| e).unwrap()
    };
    let ix = Index::build(st.search_docs().unwrap());
    for q in [
        "ljxq",
        "马均",
        "25",
        "0025",
        "住建 老旧",
        "yshj",
        "zhujian",
        "zj",
        "老",
        "l",
        "营商环境",
        "区政协",
        "城建",
        "李 老旧",
        "齉",
    ] {
        let want = search::search(&ix, q, 40);
        assert_eq!(st.quick_search(q, 40).unwrap(), want, "{q}");
        assert_eq!(from_file(q, 40), want, "{q}");
    }
    // One letter matches hundreds of names: with few shown, the names fill them and the
    // items are not read; the results are the index's all the same.
    for q in ["z", "l", "w", "c", "zh", "z 25", "z 老"] {
        for limit in [1, 3, 10, 40] {
            let want = search::search(&ix, q, limit);
            assert_eq!(st.quick_search(q, limit).unwrap(), want, "{q} {limit}");
            assert_eq!(from_file(q, limit), want, "{q} {limit}");
        }
    }
    assert!(st.quick_search("  ", 10).unwrap().is_empty());
}

/// `banli search` on the ledger at `path` as `account`.
fn search_file(path: &std::path::Path, account: &str, q: &str, limit: usize) -> Vec<SearchResult> {
    let open = || Store::open(path, account, data::load(None).unwrap());
    banli::store::quick_search::search_file(path, q, limit, open, |e| e).unwrap()
}

#[test]
fn a_search_pack_follows_every_change_to_its_items() {
    let (dir, st) = store(1500);
    let path = dir.path().join("gen.db");
    let raw = rusqlite::Connection::open(&path).unwrap();
    let packs = || -> Vec<i64> {
        let mut s = raw.prepare("SELECT chunk FROM search_pack ORDER BY chunk").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    // What a fresh index of the file answers.
    let index_says = |q: &str| search::search(&Index::build(st.search_docs().unwrap()), q, 40);
    let agrees = |q: &str| assert_eq!(search_file(&path, "test", q, 40), index_says(q), "{q}");
    assert!(packs().is_empty());
    agrees("老旧");
    // Ids 1–1,500: two packs of 1,024 ids, written by that search, read by the next.
    assert_eq!(packs(), vec![0, 1]);
    agrees("ljxq");
    // A title changed behind banli's back (another tool, another clerk): its pack goes.
    raw.execute("UPDATE item SET title = '关于齉齉巷积水的提案' WHERE id = 5", []).unwrap();
    assert_eq!(packs(), vec![1]);
    agrees("齉齉");
    assert_eq!(search_file(&path, "test", "齉齉", 5)[0].title, "关于齉齉巷积水的提案");
    assert_eq!(packs(), vec![0, 1]);
    // A new item among the ids of the second pack, and a changed topic: their packs go.
    raw.execute(
        "INSERT INTO item (meeting_id, kind, number, number_key, title, filed_on, timing, created_at)
         VALUES (1, 'proposal', '9001', '9001', '关于齉鼻巷改造的提案', '2026-01-12', 'during', '2026-01-12')",
        [],
    )
    .unwrap();
    assert_eq!(packs(), vec![0]);
    agrees("齉鼻");
    raw.execute("UPDATE item SET topic = '齉齉专题' WHERE id = 1030", []).unwrap();
    assert_eq!(packs(), vec![0]);
    agrees("齉齉");
    // A pack that is not one (a damaged page, an older layout) is read from the table again.
    raw.execute("UPDATE search_pack SET rows = x'01ff00' WHERE chunk = 0", []).unwrap();
    agrees("老旧");
    agrees("25");
    let len: i64 = raw.query_row("SELECT length(rows) FROM search_pack WHERE chunk = 0", [], |r| r.get(0)).unwrap();
    assert!(len > 10_000, "{len}");
    // A leader's search answers the same and writes nothing.
    let mut admin = Store::open(&path, "test", data::load(None).unwrap()).unwrap();
    admin.add_user("test", banli::domain::access::AccountRole::Admin, &[]).unwrap();
    admin.add_user("boss", banli::domain::access::AccountRole::Leader, &[]).unwrap();
    raw.execute("DELETE FROM search_pack", []).unwrap();
    assert_eq!(search_file(&path, "boss", "老旧", 40), index_says("老旧"));
    assert!(packs().is_empty());
    // Removed: its pack goes, and the item is not found.
    agrees("老旧");
    raw.execute("DELETE FROM item WHERE number = '9001'", []).unwrap();
    assert_eq!(packs(), vec![0]);
    agrees("齉鼻");
    assert!(search_file(&path, "test", "齉鼻", 40).iter().all(|r| r.title != "关于齉鼻巷改造的提案"));
}

#[test]
fn the_bulk_load_and_the_batch_load_agree() {
    // More items than one batch reads, asked in an order of their own with an id that is no
    // item among them: the items come in the order asked, the unknown id left out.
    let (_dir, st) = store(1200);
    let all = st.search_docs().unwrap().items;
    let mut ids: Vec<i64> = all.iter().rev().map(|d| d.id).collect();
    ids.insert(7, 999_999);
    let want: Vec<_> = all.iter().rev().cloned().collect();
    assert_eq!(st.search_item_docs(&ids).unwrap(), want);
    for d in all.iter().step_by(97) {
        assert_eq!(st.search_item_docs(&[d.id]).unwrap(), vec![d.clone()], "item {}", d.id);
    }
    assert!(st.search_item_docs(&[999_999]).unwrap().is_empty());
    assert!(st.search_item_docs(&[]).unwrap().is_empty());
}

#[test]
fn the_streamed_build_agrees_with_the_built_index() {
    let (_dir, st) = store(1500);
    let built = Index::build(st.search_docs().unwrap());
    let mut calls = Vec::new();
    let streamed = st.build_search_index(&mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(streamed.item_count(), built.item_count());
    assert_eq!(calls.last(), Some(&(1500, 1500)), "the last progress call says all items are in");
    let mut a: Vec<(i64, i64)> = built.item_versions().collect();
    let mut b: Vec<(i64, i64)> = streamed.item_versions().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let mut found = 0;
    for q in ["ljxq", "马均", "25", "住建 老旧", "zhujian", "zj", "老", "l", "区政协", "李 老旧", "城建"]
    {
        let x = search::search(&built, q, 60);
        found += usize::from(!x.is_empty());
        assert_eq!(search::search(&streamed, q, 60), x, "{q}");
    }
    assert!(found >= 8, "most queries find something ({found})");
}
