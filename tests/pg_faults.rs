//! The faults of `tests/faults.rs` on a PostgreSQL ledger: 16 processes × 500 conflicting
//! edits lose nothing, and a process killed during a batch closure or an import leaves all
//! or nothing. Runs in the PostgreSQL pass of `.ci/run` (BANLI_TEST_PG); without a test
//! server there is nothing to connect to, and it says so.
mod common;
use banli::cli::stress::Counts;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn banli(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_banli"));
    c.arg("--db").arg(db).arg("--lang").arg("en").stdin(Stdio::null());
    c
}

fn one(db: &Path, sql: &str) -> i64 {
    common::raw(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A fresh database on the server with the demo ledger, and the guard that drops it.
fn demo(base: &str) -> (PathBuf, Option<common::ServerDatabase>) {
    let db = PathBuf::from(common::fresh_database(base));
    let gone = common::ServerDatabase::of(&db);
    let out = banli(&db).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (db, gone)
}

fn chain_whole(db: &Path) {
    let out = banli(db).args(["audit", "verify"]).output().unwrap();
    assert!(out.status.success(), "audit chain: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn sixteen_processes_editing_the_same_items_lose_nothing() {
    let Some(base) = common::test_server() else {
        eprintln!("BANLI_TEST_PG is not set: the PostgreSQL pass of .ci/run runs this test");
        return;
    };
    let (db, _gone) = demo(&base);
    let edits = 500;
    let versions_before = one(&db, "SELECT sum(version) FROM item");
    let audit_before = one(&db, "SELECT count(*) FROM audit_log");
    let started = Instant::now();
    let procs: Vec<_> = (0..16)
        .map(|seed| {
            banli(&db)
                .args(["stress", "edit", "--items", "50", "--edits", &edits.to_string(), "--seed", &seed.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut total = Counts::default();
    for p in procs {
        let out = p.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let c: Counts = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(c.ok + c.conflict + c.busy, edits, "every edit is accounted for by its process");
        total.ok += c.ok;
        total.conflict += c.conflict;
        total.busy += c.busy;
    }
    let stressed = one(&db, "SELECT count(*) FROM contact WHERE participants LIKE 'stress-%'") as u64;
    assert_eq!(stressed, total.ok);
    assert_eq!(one(&db, "SELECT sum(version) FROM item") - versions_before, total.ok as i64);
    assert_eq!(one(&db, "SELECT count(*) FROM audit_log") - audit_before, total.ok as i64);
    assert!(total.conflict > 0, "the processes did collide: {total:?}");
    chain_whole(&db);
    eprintln!("16 processes × {edits} edits on PostgreSQL in {:.1?}: {total:?}", started.elapsed());
}

/// Runs `args` on fresh demo ledgers `n` times and kills it after a delay spread over its
/// run; `check` sees each ledger afterwards and says whether the action landed.
fn kill_repeatedly(base: &str, args: &[&str], n: usize, check: impl Fn(&Path) -> bool) -> (usize, usize) {
    let (db, _gone) = demo(base);
    let t = Instant::now();
    let out = banli(&db).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = t.elapsed().as_millis() as u64 + 1;
    assert!(check(&db), "left alone, the action lands");
    let (mut landed, mut absent) = (0, 0);
    for i in 0..n {
        let (db, _gone) = demo(base);
        let mut child = banli(&db).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(run * (i as u64 + 1) / (n as u64 + 1)));
        let _ = child.kill();
        let _ = child.wait();
        // The server ends the dead session's transaction; wait until it has.
        std::thread::sleep(Duration::from_millis(200));
        if check(&db) {
            landed += 1;
        } else {
            absent += 1;
        }
        chain_whole(&db);
    }
    (landed, absent)
}

#[test]
fn a_batch_closure_killed_at_any_moment_is_all_or_nothing() {
    let Some(base) = common::test_server() else {
        eprintln!("BANLI_TEST_PG is not set: the PostgreSQL pass of .ci/run runs this test");
        return;
    };
    let (db, _gone) = demo(&base);
    let closed = one(&db, "SELECT count(*) FROM item WHERE status = 'closed'");
    let out = banli(&db).args(["stress", "close-all"]).output().unwrap();
    let would_close: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(would_close > 0);
    let k = kill_repeatedly(&base, &["stress", "close-all"], 8, |db| {
        let now = one(db, "SELECT count(*) FROM item WHERE status = 'closed'");
        assert!(now == closed || now == closed + would_close, "half a batch: {now}");
        now != closed
    });
    eprintln!("batch closure killed 8 times on PostgreSQL: landed {}, absent {}", k.0, k.1);
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let Some(base) = common::test_server() else {
        eprintln!("BANLI_TEST_PG is not set: the PostgreSQL pass of .ci/run runs this test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("list.csv");
    let mut text = String::from("序号,案由,提出人,类别\r\n");
    for i in 1..=2000 {
        text.push_str(&format!("{i},关于社区养老的建议(第{i}件),王{}芳,会议期间\r\n", i % 40));
    }
    std::fs::write(&csv, text).unwrap();
    let before = one(&demo(&base).0, "SELECT count(*) FROM item");
    let args = ["import", csv.to_str().unwrap(), "--meeting", "市十八届人大五次会议"];
    let k = kill_repeatedly(&base, &args, 6, |db| {
        let now = one(db, "SELECT count(*) FROM item");
        assert!(now == before || now == before + 2000, "half an import: {now}");
        now != before
    });
    eprintln!("import of 2,000 rows killed 6 times on PostgreSQL: landed {}, absent {}", k.0, k.1);
}
