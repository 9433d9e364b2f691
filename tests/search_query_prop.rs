//! The query parser and the search never panic, whatever is typed or pasted.
use banli::domain::{Body, Kind, Status};
use banli::search::query::{Query, MAX_WORDS, MAX_WORD_CHARS};
use banli::search::{self, Index, ItemDoc, PersonDoc, SearchDocs, Session, UnitDoc};
use proptest::prelude::*;
use std::sync::OnceLock;

fn index() -> &'static Index {
    static IX: OnceLock<Index> = OnceLock::new();
    IX.get_or_init(|| {
        let items = (1..=40)
            .map(|i| ItemDoc {
                id: i,
                version: 1,
                kind: if i % 2 == 0 { Kind::Suggestion } else { Kind::Proposal },
                number: format!("{i:03}"),
                number_key: i.to_string(),
                title: format!("关于加快老旧小区改造第{i}期的建议"),
                title_key: None,
                proposers: vec![1],
                units: vec![1],
                meeting_id: 1,
                topic: "城建环资".into(),
                status: Status::Handling,
                due_on: None,
                units_label: "住建局".into(),
            })
            .collect();
        Index::build(SearchDocs {
            items,
            people: vec![PersonDoc {
                id: 1,
                version: 1,
                name: "马均侠".into(),
                body: Body::Cppcc,
                delegation: "经济界".into(),
                key: None,
            }],
            units: vec![UnitDoc {
                id: 1,
                version: 1,
                name: "区住房和城乡建设局".into(),
                short_name: "区住建局".into(),
                key: None,
            }],
            meetings: vec![],
        })
    })
}

proptest! {
    #[test]
    fn parsing_never_panics_and_respects_limits(s in any::<String>()) {
        let q = Query::parse(&s);
        prop_assert!(q.words.len() <= MAX_WORDS);
        for w in &q.words {
            prop_assert!(!w.text.is_empty() && w.len <= MAX_WORD_CHARS);
            prop_assert!(!w.text.chars().any(|c| c.is_whitespace() || c.is_control()));
        }
    }

    #[test]
    fn control_characters_and_mixed_scripts(s in "[\\x00-\\x1f a-z0-9老旧住建第号０-９\u{3000}\u{7f}]{0,40}") {
        let q = Query::parse(&s);
        let r = search::search(index(), &s, 10);
        if q.is_empty() {
            prop_assert!(r.is_empty());
        }
        for x in &r {
            let n = x.title.chars().count();
            prop_assert!(x.positions.iter().all(|&p| p < n));
        }
    }

    #[test]
    fn typing_any_sequence_matches_fresh_search(steps in proptest::collection::vec("[lj老旧住建 2５x]{0,6}", 1..8)) {
        let mut s = Session::new();
        for t in &steps {
            prop_assert_eq!(s.results(index(), t, 50), search::search(index(), t, 50));
        }
    }
}

#[test]
fn huge_input_is_cut_not_stalled() {
    let big = "老旧".repeat(200_000);
    let started = std::time::Instant::now();
    let r = search::search(index(), &big, 10);
    assert!(r.is_empty());
    assert!(started.elapsed().as_secs() < 2);
}
