//! Issue 7: faults survived. Many processes on one database lose no update; a process killed
//! with SIGKILL in the middle of a batch leaves a whole, consistent database.
//!
//! The short versions run in `cargo test`; `BANLI_LONG_TESTS=1 cargo test --test faults`
//! runs the full counts (8 × 1,000 edits, 100 kills per action).
use banli::cli::stress::Counts;
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

/// What the kills of one action found.
#[derive(Debug, Default)]
struct Kills {
    /// The action had committed when the kill came.
    landed: usize,
    /// It had not.
    absent: usize,
    /// Of the absent, killed with uncommitted pages already in the WAL: inside the write
    /// transaction, after the cache spilled (a lower bound on the kills inside it).
    mid_write: usize,
    /// Whether the process had already exited by itself when the kill came.
    finished: usize,
}

/// Runs `args` on copies of `template` and kills it with SIGKILL after a random delay, `n`
/// times; `check` sees each database afterwards and says whether the action landed. The
/// delays are spread over the run as measured when left alone, from `from` (a fraction of
/// it: the start-up before the write transaction) to a little past its end.
fn kill_repeatedly(template: &Path, args: &[&str], n: usize, from: f64, check: impl Fn(&Path) -> bool) -> Kills {
    let dir = tempfile::tempdir().unwrap();
    // How long one run takes when left alone, to spread the kills over it.
    // The faster of two runs: the first pays for cold caches.
    let mut run = u64::MAX;
    for p in 0..2 {
        let probe = dir.path().join(format!("probe{p}.db"));
        std::fs::copy(template, &probe).unwrap();
        let t = Instant::now();
        let out = banli(&probe).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        run = run.min(t.elapsed().as_micros().max(1000) as u64);
    }
    let start = (run as f64 * from) as u64;
    let span = (run * 11 / 10).saturating_sub(start).max(1);
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut k = Kills::default();
    for i in 0..n {
        let db = dir.path().join(format!("k{i}.db"));
        std::fs::copy(template, &db).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = banli(&db).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(start + seed % span));
        if child.try_wait().ok().flatten().is_some() {
            k.finished += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let wal = std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0);
        assert_whole(&db);
        if check(&db) {
            k.landed += 1;
        } else {
            k.absent += 1;
            // A WAL frame is 24 bytes of header plus a page; more than the 32-byte file
            // header means pages were written and never committed.
            if wal > 32 {
                k.mid_write += 1;
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    k
}

#[test]
fn a_batch_assignment_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db");
    let unassigned = one(&db, "SELECT count(*) FROM item WHERE status = 'unassigned'");
    assert!(unassigned > 0);
    let n = if long() { 100 } else { 20 };
    let k = kill_repeatedly(&db, &["stress", "assign-all"], n, 0.0, |db| {
        let left = one(db, "SELECT count(*) FROM item WHERE status = 'unassigned'");
        assert!(left == 0 || left == unassigned, "half a batch: {left} of {unassigned} left");
        let rows = one(db, "SELECT count(*) FROM audit_log WHERE action = 'assign'");
        assert_eq!(rows == 0, left == unassigned, "audit rows and assignments agree");
        left == 0
    });
    eprintln!("batch assignment killed {n} times: {k:?}");
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
    let k = kill_repeatedly(&db, &["stress", "close-all"], n, 0.0, |db| {
        let now = one(db, "SELECT count(*) FROM item WHERE status = 'closed'");
        assert!(now == closed || now == closed + would_close, "half a batch: {now}");
        now != closed
    });
    eprintln!("batch closure of {would_close} killed {n} times: {k:?}");
}

/// Ten thousand rows as an office's CSV list has them: number, title, proposers (one lead,
/// sometimes co-signers), the session timing; Chinese names from a few surnames and given
/// names so that many rows share a proposer.
fn ten_thousand_rows(path: &Path) {
    const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
    const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"];
    const TOPICS: &[&str] = &["老旧小区改造", "学校周边交通", "营商环境", "耕地保护", "社区养老", "河道治理"];
    let name = |i: usize| format!("{}{}{}", SURNAMES[i % 12], GIVEN[(i / 12) % 15], GIVEN[(i / 180) % 15]);
    let mut csv = String::from("序号,案由,提出人,附议人,类别\r\n");
    for i in 1..=10_000 {
        let co = if i % 3 == 0 { format!("{}、{}", name(i * 7 + 1), name(i * 11 + 2)) } else { String::new() };
        let timing = if i % 4 == 0 { "闭会期间" } else { "会议期间" };
        csv.push_str(&format!("{i},关于{}的建议(第{i}件),{},{co},{timing}\r\n", TOPICS[i % 6], name(i)));
    }
    std::fs::write(path, csv).unwrap();
}

#[test]
fn an_import_of_ten_thousand_rows_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db");
    let file = dir.path().join("清单.csv");
    ten_thousand_rows(&file);
    const MEETING: &str = "市十八届人大五次会议";
    let in_meeting =
        "SELECT count(*) FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE m.name = '市十八届人大五次会议'";
    assert_eq!(one(&db, in_meeting), 0);
    let items = one(&db, "SELECT count(*) FROM item");
    let people = one(&db, "SELECT count(*) FROM person");
    let imports = one(&db, "SELECT count(*) FROM audit_log WHERE action = 'import'");
    let n = if long() { 100 } else { 20 };
    let file = file.to_str().unwrap();
    // Start-up and reading the file take the first part of a run; most kills fall after it.
    let k = kill_repeatedly(&db, &["import", file, "--meeting", MEETING], n, 0.15, |db| {
        let now = one(db, in_meeting);
        assert!(now == 0 || now == 10_000, "half an import: {now} items");
        let landed = now == 10_000;
        assert_eq!(one(db, "SELECT count(*) FROM item") - items, now, "no item outside the meeting");
        let new_people = one(db, "SELECT count(*) FROM person") - people;
        assert_eq!(new_people > 0, landed, "proposers come and go with their items");
        let audit = one(db, "SELECT count(*) FROM audit_log WHERE action = 'import'") - imports;
        assert_eq!(audit > 0, landed, "audit rows come and go with the import");
        landed
    });
    eprintln!("import of 10,000 rows killed {n} times: {k:?}");
    assert!(k.landed + k.absent == n);
}
