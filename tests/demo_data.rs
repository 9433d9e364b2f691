//! The demo data in `data/demo/` loads into an empty database and covers every stage of
//! the lifecycle that a screen shows: counts, statuses, deadlines, and the records the
//! clerks' example questions need.
use banli::data;
use banli::domain::Status;
use banli::store::ledger::{LedgerFilter, LedgerRow, Sort};
use banli::store::Store;
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A demo database built as if today were `today`; keeps its temp dir alive.
struct Demo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
}

fn load(today: NaiveDate) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, "test", data::load(None).unwrap()).unwrap();
    store.set_today(today);
    let counts =
        store.load_demo().unwrap_or_else(|e| panic!("demo does not load: {}", e.message(banli::text::Lang::En)));
    assert!(counts.items >= 400, "{counts:?}");
    assert!(counts.units >= 40, "{counts:?}");
    assert!(counts.people >= 150, "{counts:?}");
    assert_eq!(counts.meetings, 2);
    Demo { _dir: dir, path, store }
}

fn ledger(store: &Store) -> Vec<LedgerRow> {
    store.ledger(&LedgerFilter { include_closed: true, ..Default::default() }, Sort::Number).unwrap()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn demo_covers_every_stage() {
    let today = date("2026-11-22");
    let demo = load(today);
    let rows = ledger(&demo.store);
    assert_eq!(rows.len() as i64, demo.store.item_count().unwrap());
    assert!(rows.len() >= 400);

    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *by_status.entry(r.status.as_str()).or_default() += 1;
    }
    let has = |s: Status| by_status.get(s.as_str()).copied().unwrap_or(0) > 0;
    assert!(has(Status::Unassigned) || has(Status::Received), "{by_status:?}");
    for s in [
        Status::Assigned,
        Status::Handling,
        Status::Replied,
        Status::Returned,
        Status::AwaitingFeedback,
        Status::FeedbackIn,
        Status::SecondRound,
        Status::Closed,
    ] {
        assert!(has(s), "no item is {s:?}: {by_status:?}");
    }
    // About a quarter closed (销号).
    let closed = by_status[Status::Closed.as_str()] as f64 / rows.len() as f64;
    assert!((0.18..=0.32).contains(&closed), "closed share {closed:.2}");

    let week = today + Days::new(7);
    assert!(rows.iter().any(|r| r.due_on.is_some_and(|d| d < today)), "nothing overdue");
    assert!(rows.iter().any(|r| r.due_on.is_some_and(|d| d >= today && d <= week)), "nothing due this week");
    assert!(rows.iter().any(|r| r.kind == banli::domain::Kind::Suggestion));
    assert!(rows.iter().any(|r| r.kind == banli::domain::Kind::Proposal));
    // Closed and filed-out entries have no due date.
    assert!(rows.iter().filter(|r| !r.status.is_open()).all(|r| r.due_on.is_none()));

    let c = Connection::open(&demo.path).unwrap();
    for class in ["A", "B", "C", "D"] {
        let n = count(&c, &format!("SELECT count(*) FROM reply WHERE result_class = '{class}'"));
        assert!(n > 0, "no reply of class {class}");
    }
    let a = count(&c, "SELECT count(*) FROM reply WHERE result_class = 'A'");
    let all = count(&c, "SELECT count(*) FROM reply");
    assert!(a * 2 > all, "class A should be the majority: {a} of {all}");
    assert!(count(&c, "SELECT count(*) FROM feedback WHERE level = 'unsatisfied'") > 0);
    assert!(count(&c, "SELECT count(*) FROM face_to_face WHERE rank = 'head'") > 0);
    assert!(count(&c, "SELECT count(*) FROM person WHERE collective = 1") >= 7);
    assert!(
        count(
            &c,
            "SELECT count(*) FROM item_proposer ip JOIN person p ON p.id = ip.person_id
             WHERE p.collective = 1 AND ip.position = 0"
        ) > 0,
        "no collective proposal"
    );
    let joint =
        count(&c, "SELECT count(*) FROM (SELECT item_id FROM item_proposer GROUP BY item_id HAVING count(*) >= 2)");
    assert!(joint * 5 > rows.len() as i64, "joint items: {joint}");
    assert!(
        count(
            &c,
            "SELECT count(*) FROM assignment a WHERE a.role = 'co_handling'
             AND NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id)"
        ) > 0,
        "every co-handling opinion is in"
    );
    let split = count(&c, "SELECT count(DISTINCT item_id) FROM assignment WHERE role = 'split'");
    assert!(split * 100 >= rows.len() as i64 * 12, "split items: {split}");
    // Records of the later stages.
    for (what, sql) in [
        ("returned review", "SELECT count(*) FROM review WHERE decision = 'returned' AND reason != ''"),
        ("round-2 reply", "SELECT count(*) FROM reply WHERE round = 2"),
        ("closed second round", "SELECT count(*) FROM second_round WHERE outcome = 'satisfied'"),
        ("leader second round", "SELECT count(*) FROM second_round WHERE reason = 'leader' AND leader != ''"),
        ("commitment second round", "SELECT count(*) FROM second_round WHERE reason = 'commitment_overdue'"),
        ("forced closure", "SELECT count(*) FROM closure WHERE forced_reason != ''"),
        ("interview", "SELECT count(*) FROM reminder WHERE kind = 'interview'"),
        ("reminder", "SELECT count(*) FROM reminder WHERE kind = 'reminder'"),
        ("commitment done", "SELECT count(*) FROM commitment WHERE done_on IS NOT NULL"),
        ("commitment overdue", "SELECT count(*) FROM commitment WHERE done_on IS NULL AND due_on < '2026-11-22'"),
        ("commitment due", "SELECT count(*) FROM commitment WHERE done_on IS NULL AND due_on >= '2026-11-22'"),
        ("between sessions", "SELECT count(*) FROM item WHERE timing = 'between'"),
        ("not filed", "SELECT count(*) FROM item WHERE filing = 'not_filed'"),
        ("withdrawn", "SELECT count(*) FROM item WHERE filing = 'withdrawn'"),
        ("key item with leader", "SELECT count(*) FROM item WHERE key_item = 1 AND leader != ''"),
    ] {
        assert!(count(&c, sql) > 0, "no {what}");
    }
    for stage in ["before", "during", "at_reply", "after"] {
        assert!(count(&c, &format!("SELECT count(*) FROM contact WHERE stage = '{stage}'")) > 0, "no {stage} contact");
    }
    for method in ["phone", "visit", "seminar", "on_site", "online", "letter"] {
        assert!(
            count(&c, &format!("SELECT count(*) FROM contact WHERE method = '{method}'")) > 0,
            "no {method} contact"
        );
    }
    // Document numbers are unique across replies and co-handling opinions alike.
    assert_eq!(
        count(&c, "SELECT count(*) FROM (SELECT doc_number FROM reply UNION ALL SELECT doc_number FROM co_opinion)"),
        count(&c, "SELECT count(DISTINCT doc_number) FROM (SELECT doc_number FROM reply UNION ALL SELECT doc_number FROM co_opinion)")
    );
}

#[test]
fn clerks_example_questions_have_answers() {
    let demo = load(date("2026-11-22"));
    let c = Connection::open(&demo.path).unwrap();
    // "Where is 马均侠's proposal on 营商环境?"
    assert!(
        count(
            &c,
            "SELECT count(*) FROM item i JOIN item_proposer ip ON ip.item_id = i.id JOIN person p ON p.id = ip.person_id
             WHERE p.name = '马均侠' AND p.body = 'cppcc' AND i.title LIKE '%营商环境%'"
        ) > 0
    );
    // "What did 住建局 answer on 老旧小区?"
    assert!(
        count(
            &c,
            "SELECT count(*) FROM reply r JOIN assignment a ON a.id = r.assignment_id JOIN unit u ON u.id = a.unit_id
             JOIN item i ON i.id = a.item_id WHERE u.short_name = '区住建局' AND i.title LIKE '%老旧小区%' AND r.text != ''"
        ) > 0
    );
    // "Is number 25 closed?": both meetings have a 25.
    assert_eq!(count(&c, "SELECT count(*) FROM item WHERE number IN ('25', '025')"), 2);
    // The face-to-face rule needs a unit with three items or fewer and one with more.
    let loads: Vec<i64> = c
        .prepare("SELECT count(*) FROM assignment WHERE role != 'co_handling' GROUP BY unit_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(loads.iter().any(|&n| n <= 3) && loads.iter().any(|&n| n > 3), "{loads:?}");
}

#[test]
fn demo_loads_the_same_on_another_day() {
    let a = load(date("2026-11-22"));
    let b = load(date("2027-03-01"));
    let (ra, rb) = (ledger(&a.store), ledger(&b.store));
    assert_eq!(ra.len(), rb.len());
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!((&x.number, &x.title, x.status), (&y.number, &y.title, y.status));
    }
    // Deadlines move with "today": still some overdue and some due this week.
    let today = date("2027-03-01");
    let week = today + Days::new(7);
    assert!(rb.iter().any(|r| r.due_on.is_some_and(|d| d < today)));
    assert!(rb.iter().any(|r| r.due_on.is_some_and(|d| d >= today && d <= week)));
    // And a second load into the same database is refused, changing nothing.
    let mut s = b.store;
    let before = s.item_count().unwrap();
    assert!(s.load_demo().is_err());
    assert_eq!(s.item_count().unwrap(), before);
}
