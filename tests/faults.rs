//! Issue 7: faults survived. Many processes on one database lose no update; a process killed
//! with SIGKILL in the middle of a batch leaves a whole, consistent database.
//!
//! The short versions run in `cargo test`; `BANLI_LONG_TESTS=1 cargo test --test faults`
//! runs the full counts (8 × 1,000 edits, 100 kills per action).
use banli::stress::Counts;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn long() -> bool {
    std::env::var_os("BANLI_LONG_TESTS").is_some()
}

fn banli(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_banli"));
    c.arg("--db").arg(db).arg("--lang").arg("en").stdin(Stdio::null());
    c
}

fn demo_db(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    let out = banli(&db).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

fn one(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn assert_whole(db: &Path) {
    let c = Connection::open(db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let out = banli(db).args(["audit", "verify"]).output().unwrap();
    assert!(out.status.success(), "audit chain: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn eight_processes_editing_the_same_items_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "d.db");
    let edits = if long() { 1000 } else { 150 };
    let versions_before = one(&db, "SELECT sum(version) FROM (SELECT version FROM item ORDER BY id)");
    let audit_before = one(&db, "SELECT count(*) FROM audit_log");
    let procs: Vec<_> = (0..8)
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
    // Every success is one version step, one contact row and one audit row; no more, no less.
    let stressed = one(&db, "SELECT count(*) FROM contact WHERE participants LIKE 'stress-%'") as u64;
    assert_eq!(stressed, total.ok);
    assert_eq!(one(&db, "SELECT sum(version) FROM item") - versions_before, total.ok as i64);
    assert_eq!(one(&db, "SELECT count(*) FROM audit_log") - audit_before, total.ok as i64);
    assert!(total.conflict > 0, "the processes did collide: {total:?}");
    assert_whole(&db);
    eprintln!("8 processes × {edits} edits: {total:?}");
}

/// Runs `args` on copies of `template` and kills it with SIGKILL after a random delay, `n`
/// times; `check` sees each database afterwards and says whether the action landed.
fn kill_repeatedly(template: &Path, args: &[&str], n: usize, check: impl Fn(&Path) -> bool) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    // How long one run takes when left alone, to spread the kills over it.
    let probe = dir.path().join("probe.db");
    std::fs::copy(template, &probe).unwrap();
    let t = Instant::now();
    assert!(banli(&probe).args(args).output().unwrap().status.success());
    let span = t.elapsed().as_micros().max(1000) as u64 * 3 / 2;
    let mut seed = 0x9e3779b97f4a7c15u64;
    let (mut landed, mut absent) = (0, 0);
    for i in 0..n {
        let db = dir.path().join(format!("k{i}.db"));
        std::fs::copy(template, &db).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = banli(&db).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(seed % span));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        assert_whole(&db);
        if check(&db) {
            landed += 1;
        } else {
            absent += 1;
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    (landed, absent)
}

#[test]
fn a_batch_assignment_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db");
    let unassigned = one(&db, "SELECT count(*) FROM item WHERE status = 'unassigned'");
    assert!(unassigned > 0);
    let n = if long() { 100 } else { 20 };
    let (landed, absent) = kill_repeatedly(&db, &["stress", "assign-all"], n, |db| {
        let left = one(db, "SELECT count(*) FROM item WHERE status = 'unassigned'");
        assert!(left == 0 || left == unassigned, "half a batch: {left} of {unassigned} left");
        let rows = one(db, "SELECT count(*) FROM audit_log WHERE action = 'assign'");
        assert_eq!(rows == 0, left == unassigned, "audit rows and assignments agree");
        left == 0
    });
    eprintln!("batch assignment killed {n} times: {landed} landed, {absent} absent");
}

#[test]
fn a_batch_closure_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db");
    let closed = one(&db, "SELECT count(*) FROM item WHERE status = 'closed'");
    let out = banli(&db).args(["stress", "close-all"]).output().unwrap();
    let would_close: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(would_close > 0, "the demo has entries ready to close");
    // Start again from an unclosed copy.
    let db = demo_db(dir.path(), "t2.db");
    let n = if long() { 100 } else { 20 };
    let (landed, absent) = kill_repeatedly(&db, &["stress", "close-all"], n, |db| {
        let now = one(db, "SELECT count(*) FROM item WHERE status = 'closed'");
        assert!(now == closed || now == closed + would_close, "half a batch: {now}");
        now != closed
    });
    eprintln!("batch closure of {would_close} killed {n} times: {landed} landed, {absent} absent");
}
