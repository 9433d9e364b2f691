//! Issue 14: access that holds. Each refusal changes nothing; a unit clerk's every read is
//! scoped to their units; the last administrator stays; the audit trail's cut tail and
//! rewrite are named; CSV cells never hand a spreadsheet a formula.
//!
//! On a SQLite file always, also in the PostgreSQL pass: these tests open the file behind
//! the store's back and act as the OS account. The server's roles are `pg_roles.rs`.
mod common;
use banli::domain::access::AccountRole;
use banli::domain::Role;
use banli::store::handling::assign::UnitRole;
use banli::store::{Store, StoreError};
use banli::text::Lang;
use banli::transfer::export::{self, What};
use common::{d, file_fixture as fixture, version, Fixture};
use std::collections::BTreeSet;

fn as_user(path: &std::path::Path, account: &str) -> Store {
    let mut s = Store::open(path, account, banli::data::load(None).unwrap()).unwrap();
    s.set_today(d("2026-09-20"));
    s
}

/// Four items: 001 led by 区住建局, 002 by 区财政局, 003 by 区财政局 with 区住建局 asked for a
/// co-handling opinion, 004 unassigned. Users: tester (admin), clerk1, zjj (unit clerk of
/// 区住建局), boss (leader).
fn office() -> Fixture {
    let mut f = fixture(4);
    let (u, items) = (f.units.clone(), f.items.clone());
    let s = &mut f.store;
    s.add_user("tester", AccountRole::Admin, &[]).unwrap();
    s.add_user("clerk1", AccountRole::Clerk, &[]).unwrap();
    s.add_user("zjj", AccountRole::UnitClerk, &["区住建局".into()]).unwrap();
    s.add_user("boss", AccountRole::Leader, &[]).unwrap();
    let plan = |pairs: &[(i64, Role)]| {
        pairs.iter().map(|&(unit_id, role)| UnitRole { unit_id, role, deadline_override: None }).collect::<Vec<_>>()
    };
    for (item, p) in [
        (items[0], plan(&[(u[0], Role::Lead)])),
        (items[1], plan(&[(u[1], Role::Lead)])),
        (items[2], plan(&[(u[1], Role::Lead), (u[0], Role::CoHandling)])),
    ] {
        let v = version(s, item);
        s.assign(&[(item, v)], &p, d("2026-09-01")).unwrap();
    }
    f
}

fn ids<T>(rows: &[T], id: impl Fn(&T) -> i64) -> BTreeSet<i64> {
    rows.iter().map(id).collect()
}

#[test]
fn a_unit_clerk_reads_only_their_units_items_everywhere() {
    let f = office();
    let own: BTreeSet<i64> = [f.items[0], f.items[2]].into();
    let c = rusqlite::Connection::open(&f.path).unwrap();
    for item in &f.items[..2] {
        c.execute(
            "INSERT INTO second_round (item_id, unit_id, reason, opened_on, deadline) VALUES (?1, NULL, 'attention', '2026-09-10', '2026-09-25')",
            [item],
        )
        .unwrap();
    }
    let unit = as_user(&f.path, "zjj");
    assert!(unit.is_scoped());
    assert!(unit.access_note(Lang::Zh).unwrap().contains("区住建局"));
    // Ledger and detail.
    assert_eq!(ids(&unit.ledger(&Default::default(), Default::default()).unwrap(), |r| r.id), own);
    assert!(matches!(unit.item_detail(f.items[1]), Err(StoreError::NotFound { .. })));
    assert!(unit.item_detail(f.items[2]).is_ok(), "a co-handling item is theirs to read");
    // Search: 区财政局's own item is not found, not even by its unit's name.
    let found: BTreeSet<i64> = unit
        .quick_search("区财政局", 50)
        .unwrap()
        .iter()
        .filter(|r| r.kind == banli::search::ResultKind::Item)
        .map(|r| r.id)
        .collect();
    assert_eq!(found, [f.items[2]].into(), "only the co-handled item of 区财政局");
    // `banli search` too, whose helper starts reading before it knows who searches: the
    // store opens late, so that every row has been read ahead by then. An item not theirs
    // must not even take a place among the first few.
    for limit in 1..=4 {
        let open = || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            Ok::<_, StoreError>(as_user(&f.path, "zjj"))
        };
        let from_file = banli::store::quick_search::search_file(&f.path, "区财政局", limit, open, |e| e).unwrap();
        assert_eq!(from_file, unit.quick_search("区财政局", limit).unwrap(), "limit {limit}");
    }
    // Export, report figures, dashboard, queue, supervision.
    let t = &export::tables(&unit, What::Ledger, None, Lang::Zh).unwrap()[0];
    assert_eq!(t.rows.len(), 2, "{:?}", t.rows);
    assert_eq!(ids(&unit.item_facts(None).unwrap(), |r| r.item_id), own);
    let dash = unit.dashboard(30).unwrap();
    let all = f.store.dashboard(30).unwrap();
    assert_ne!(format!("{dash:?}"), format!("{all:?}"), "the dashboard counts only their items");
    assert_eq!(ids(&unit.second_round_queue(&Default::default()).unwrap(), |r| r.item_id), [f.items[0]].into());
    assert!(unit.due_work(400).unwrap().iter().all(|r| own.contains(&r.item_id)));
    assert!(!unit.due_work(400).unwrap().is_empty());
    // `audit show`: another unit's number is no item to them.
    assert!(unit.items_by_number("002").unwrap().is_empty());
    assert_eq!(unit.items_by_number("001").unwrap(), vec![f.items[0]]);
    // Everyone else reads everything.
    for who in ["tester", "clerk1", "boss", "stranger"] {
        let s = as_user(&f.path, who);
        assert!(!s.is_scoped());
        assert_eq!(s.ledger(&Default::default(), Default::default()).unwrap().len(), 4, "{who}");
    }
}

#[test]
fn a_unit_clerk_still_saves_their_own_work_under_the_scope() {
    let f = office();
    let mut unit = as_user(&f.path, "zjj");
    let own = unit.item_detail(f.items[0]).unwrap().assignments[0].assignment.id;
    unit.receive(own, version(&unit, f.items[0]), d("2026-09-02")).unwrap();
    // The scope is back after the write.
    assert_eq!(unit.ledger(&Default::default(), Default::default()).unwrap().len(), 2);
}

#[test]
fn import_archive_and_backup_are_refused_to_those_without_the_office_role() {
    let f = office();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "编号,标题,提案人\n101,关于增设停车位的提案,马均侠\n").unwrap();
    let opts = banli::transfer::import::ImportOptions {
        meeting: Some("区政协十五届二次会议".into()),
        ..Default::default()
    };
    for (who, expected) in [("boss", "ReadOnly"), ("stranger", "ReadOnly"), ("zjj", "Forbidden")] {
        let mut s = as_user(&f.path, who);
        let before = s.item_count().unwrap();
        let e = banli::transfer::import::import_file(&mut s, &csv, &opts).unwrap_err();
        assert!(format!("{e:?}").contains(expected), "{who}: {e:?}");
        assert_eq!(s.item_count().unwrap(), before, "{who} imported");
        let e = s.archive_meeting("区政协十五届二次会议").unwrap_err();
        assert!(format!("{e:?}").contains(expected), "{who}: {e:?}");
        let e = banli::transfer::backup::backup(&mut s, dir.path()).unwrap_err();
        assert!(format!("{e:?}").contains(expected), "{who}: {e:?}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no backup file was made");
    let archived: bool = rusqlite::Connection::open(&f.path)
        .unwrap()
        .query_row("SELECT archived FROM meeting", [], |r| r.get(0))
        .unwrap();
    assert!(!archived);
    // The office clerk may.
    let mut clerk = as_user(&f.path, "clerk1");
    banli::transfer::import::import_file(&mut clerk, &csv, &opts).unwrap();
    assert_eq!(clerk.item_count().unwrap(), 5);
}

#[test]
fn the_last_administrator_can_be_neither_removed_nor_demoted() {
    let mut f = office();
    let s = &mut f.store;
    let e = s.remove_user("tester").unwrap_err();
    assert!(e.message(Lang::Zh).contains("最后一位办公室管理员"), "{}", e.message(Lang::Zh));
    let e = s.add_user("tester", AccountRole::Leader, &[]).unwrap_err();
    assert!(e.message(Lang::En).contains("last office administrator"), "{}", e.message(Lang::En));
    assert!(s.users().unwrap().iter().any(|u| u.account == "tester" && u.role == AccountRole::Admin));
    // With a second administrator, the first may go.
    s.add_user("admin2", AccountRole::Admin, &[]).unwrap();
    s.remove_user("tester").unwrap();
}

#[test]
fn on_behalf_names_both_and_needs_the_office_role() {
    let f = office();
    let mut clerk = as_user(&f.path, "clerk1");
    clerk.set_on_behalf("李明").unwrap();
    clerk.set_today(d("2026-09-20"));
    let v = version(&clerk, f.items[3]);
    let plan = [UnitRole { unit_id: f.units[2], role: Role::Lead, deadline_override: None }];
    clerk.assign(&[(f.items[3], v)], &plan, d("2026-09-02")).unwrap();
    let h = clerk.history(f.items[3]).unwrap();
    assert_eq!(h.last().unwrap().operator, "clerk1 代 李明");
    assert_eq!(clerk.actor().account, "clerk1", "who acts does not change");
    for who in ["boss", "zjj", "stranger"] {
        assert!(as_user(&f.path, who).set_on_behalf("tester").is_err(), "{who}");
    }
    // Acting as another account: administrators only.
    assert!(as_user(&f.path, "boss").act_as("tester").is_err());
    let mut admin = as_user(&f.path, "tester");
    admin.act_as("boss").unwrap();
    assert!(!admin.actor().can_write());
}

#[test]
fn a_cut_tail_and_a_rewritten_chain_are_named_by_the_anchor() {
    let f = office();
    let (head, anchor) = f.store.anchor_audit().unwrap();
    let head = head.unwrap();
    assert!(anchor.exists());
    assert_eq!(banli::store::audit::read_anchor(&anchor).unwrap(), Some(head.clone()));
    assert!(f.store.verify_anchors(&[]).unwrap().is_empty());
    let c = rusqlite::Connection::open(&f.path).unwrap();
    // Cut the last row: the chain itself still walks, the anchor names the cut.
    c.execute("DELETE FROM audit_log WHERE id = ?1", [head.row]).unwrap();
    assert!(f.store.verify_audit().unwrap().is_ok());
    let found = f.store.verify_anchors(&[]).unwrap();
    let msg = found[0].1.message("锚定文件", Lang::Zh);
    assert!(msg.contains("被截断") && msg.contains(&format!("第 {} 行", head.row)), "{msg}");
    // A rewrite with recomputed hashes: a head noted earlier (--head) no longer matches.
    let f2 = office();
    let noted = f2.store.chain_head().unwrap().unwrap();
    let c2 = rusqlite::Connection::open(&f2.path).unwrap();
    rewrite_chain(&c2, "mallory");
    assert!(f2.store.verify_audit().unwrap().is_ok(), "a full rewrite passes the walk");
    let found = f2.store.verify_anchors(std::slice::from_ref(&noted)).unwrap();
    assert!(matches!(found[0].1, banli::store::audit::AnchorBreak::Rewritten { .. }), "{found:?}");
    assert!("12:abc".parse::<banli::store::audit::ChainHead>().is_err());
    assert_eq!(noted.to_string().parse::<banli::store::audit::ChainHead>().unwrap(), noted);
}

/// An audit row: id, at, entity, entity_id, item_id, action, before, after.
type AuditRow = (i64, String, String, i64, Option<i64>, String, Option<String>, Option<String>);

/// Rewrites every audit row's operator and recomputes the whole chain, as someone with the
/// file would.
fn rewrite_chain(c: &rusqlite::Connection, operator: &str) {
    let rows: Vec<AuditRow> = c
        .prepare("SELECT id, at, entity, entity_id, item_id, action, before, after FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = String::new();
    for (id, at, entity, eid, item, action, before, after) in rows {
        let h = banli::store::tx::audit_hash(
            &prev,
            &at,
            operator,
            &entity,
            eid,
            item,
            &action,
            before.as_deref(),
            after.as_deref(),
        );
        c.execute(
            "UPDATE audit_log SET operator = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            rusqlite::params![id, operator, prev, h],
        )
        .unwrap();
        prev = h;
    }
}

#[test]
fn a_formula_title_is_exported_as_text_and_imported_back_whole() {
    let f = office();
    let c = rusqlite::Connection::open(&f.path).unwrap();
    let title = "=HYPERLINK(\"http://example.com\",\"点我\")";
    c.execute("UPDATE item SET title = ?1 WHERE id = ?2", rusqlite::params![title, f.items[0]]).unwrap();
    c.execute("UPDATE item SET title = '+1+1' WHERE id = ?1", [f.items[1]]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("l.csv");
    export::export(&f.store, What::Ledger, None, "csv", &out, Lang::Zh).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"点我\"\")\""), "{text}");
    assert!(text.contains(",'+1+1,"), "{text}");
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "a raw formula cell: {cell} in {line}");
        }
    }
    // The foot names the chain head.
    let head = f.store.chain_head().unwrap().unwrap();
    assert!(text.lines().last().unwrap().starts_with(&format!("审计链头 {head},")), "{text}");
    // Read back, the cells are the plain text.
    let sheet = banli::transfer::sheet::Sheet::from_csv_bytes("l.csv", &std::fs::read(&out).unwrap()).unwrap();
    let cells: Vec<String> = sheet.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text())).collect();
    assert!(cells.iter().any(|c| c == title), "{cells:?}");
    assert!(cells.iter().any(|c| c == "+1+1"), "{cells:?}");
}

// ---- The real binary: identity, files, the audit commands ----

fn banli(db: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_banli"));
    cmd.arg("--db").arg(db).args(args).env_remove("BANLI_ACT_AS").env("BANLI_LOG", "off");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// [`office`] with the real OS account as a second administrator.
fn office_with_me() -> Fixture {
    let mut f = office();
    let me = banli::store::identity::acting_account();
    f.store.add_user(&me, AccountRole::Admin, &[]).unwrap();
    f
}

#[test]
fn user_and_operator_lend_nothing() {
    let f = office();
    // The real account is no user of this ledger: it reads only, whatever it claims.
    for args in [
        vec!["user", "add", "evil", "--role", "admin"],
        vec!["--operator", "tester", "user", "add", "evil2", "--role", "admin"],
    ] {
        let o = banli(&f.path, &args, &[("USER", "tester"), ("LOGNAME", "tester")]);
        assert!(!o.status.success(), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("只读") || text(&o).contains("代他人"), "{}", text(&o));
    }
    // Acting as another account is for administrators only.
    let o = banli(&f.path, &["user", "add", "evil3", "--role", "admin"], &[("BANLI_ACT_AS", "tester")]);
    assert!(!o.status.success());
    assert!(text(&o).contains("BANLI_ACT_AS"), "{}", text(&o));
    let users: Vec<String> = as_user(&f.path, "tester").users().unwrap().into_iter().map(|u| u.account).collect();
    assert!(!users.iter().any(|u| u.starts_with("evil")), "{users:?}");
}

#[test]
fn a_leader_and_a_unit_clerk_are_refused_on_the_command_line() {
    let f = office_with_me();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "编号,标题,提案人\n101,关于增设停车位的提案,马均侠\n").unwrap();
    let csv = csv.to_str().unwrap();
    let meeting = "区政协十五届二次会议";
    for who in ["boss", "zjj"] {
        let env = [("BANLI_ACT_AS", who)];
        for args in [
            vec!["import", csv, "--meeting", meeting],
            vec!["archive", "--meeting", meeting],
            vec!["user", "add", "evil", "--role", "admin"],
            vec!["user", "remove", "tester"],
        ] {
            let o = banli(&f.path, &args, &env);
            assert!(!o.status.success(), "{who} {args:?}: {}", text(&o));
            assert!(text(&o).contains("未作任何修改"), "{who} {args:?}: {}", text(&o));
        }
    }
    assert_eq!(as_user(&f.path, "tester").item_count().unwrap(), 4);
    // The unit clerk's search, export and audit show hold 区住建局's items only.
    let env = [("BANLI_ACT_AS", "zjj")];
    let o = banli(&f.path, &["search", "区财政局"], &env);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("提案2"), "{}", text(&o));
    let o = banli(&f.path, &["audit", "show", "002"], &env);
    assert!(!o.status.success() && text(&o).contains("没有编号为 002 的件"), "{}", text(&o));
    let o = banli(&f.path, &["audit", "show", "001"], &env);
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.path().join("l.csv");
    let o = banli(&f.path, &["export", "--format", "csv", "-o", out.to_str().unwrap()], &env);
    assert!(o.status.success(), "{}", text(&o));
    let rows = std::fs::read_to_string(&out).unwrap();
    assert_eq!(rows.lines().filter(|l| l.contains(meeting)).count(), 2, "{rows}");
}

#[test]
fn audit_verify_names_a_cut_tail_against_the_anchor_and_a_head() {
    let f = office_with_me();
    let o = banli(&f.path, &["audit", "verify"], &[]);
    assert!(o.status.success() && text(&o).contains("尚无锚定文件"), "{}", text(&o));
    let o = banli(&f.path, &["audit", "anchor"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let head = f.store.chain_head().unwrap().unwrap();
    assert!(text(&o).contains(&head.to_string()), "{}", text(&o));
    let o = banli(&f.path, &["audit", "verify", "--head", &head.to_string()], &[]);
    assert!(o.status.success() && text(&o).contains("相符"), "{}", text(&o));
    // A leader may not move the anchor.
    let o = banli(&f.path, &["audit", "anchor"], &[("BANLI_ACT_AS", "boss")]);
    assert!(!o.status.success(), "{}", text(&o));
    // The last three rows deleted with the sqlite3 shell's SQL.
    let c = rusqlite::Connection::open(&f.path).unwrap();
    c.execute("DELETE FROM audit_log WHERE id > ?1", [head.row - 3]).unwrap();
    let o = banli(&f.path, &["audit", "verify"], &[]);
    assert!(!o.status.success(), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("被截断") && msg.contains(&format!("只到第 {} 行", head.row - 3)), "{msg}");
    let o = banli(&f.path, &["--lang", "en", "audit", "verify", "--head", &head.to_string()], &[]);
    assert!(text(&o).contains("was cut"), "{}", text(&o));
    let o = banli(&f.path, &["audit", "verify", "--head", "12:zz"], &[]);
    assert!(!o.status.success() && text(&o).contains("行号:哈希"), "{}", text(&o));
}

#[test]
fn a_mistyped_db_creates_nothing_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("no-such-folder").join("ledgr.db");
    for args in [vec![], vec!["search", "住建"], vec!["report"], vec!["export", "--format", "csv"], vec!["doctor"]] {
        let o = banli(&typo, &args, &[]);
        assert!(!o.status.success(), "{args:?}");
        let msg = text(&o);
        assert!(msg.contains(&typo.display().to_string()), "{args:?}: {msg}");
        assert!(!typo.parent().unwrap().exists(), "{args:?} made the folder");
    }
    let o = banli(&typo, &["search", "住建"], &[]);
    assert!(text(&o).contains("banli init"), "{}", text(&o));
    // init is the way to create one.
    let o = banli(&typo, &["init"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(typo.is_file());
}

#[test]
fn an_empty_or_foreign_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    for args in [vec!["report"], vec!["search", "x"], vec!["audit", "verify"], vec![], vec!["demo"]] {
        let o = banli(&empty, &args, &[]);
        assert!(!o.status.success(), "{args:?}");
        assert!(text(&o).contains("空文件"), "{args:?}: {}", text(&o));
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "{args:?} wrote to it");
    }
    let foreign = dir.path().join("other.sqlite");
    let c = rusqlite::Connection::open(&foreign).unwrap();
    c.execute_batch(
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
    )
    .unwrap();
    drop(c);
    let before = std::fs::read(&foreign).unwrap();
    for args in [vec!["report"], vec!["user", "list"], vec![], vec!["demo"]] {
        let o = banli(&foreign, &args, &[]);
        assert!(!o.status.success(), "{args:?}");
        assert!(text(&o).contains("不是 banli 数据库"), "{args:?}: {}", text(&o));
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), before, "the foreign file was changed (switched to WAL?)");
    assert!(!dir.path().join("other.sqlite-wal").exists());
    let text_file = dir.path().join("notes.db");
    std::fs::write(&text_file, "not a database at all, just some text").unwrap();
    let o = banli(&text_file, &["report"], &[]);
    assert!(!o.status.success() && text(&o).contains("不是 banli 数据库"), "{}", text(&o));
}

#[test]
fn doctor_writes_nothing() {
    let f = office();
    let path = f.path.clone();
    drop(f.store);
    let listing = |dir: &std::path::Path| {
        let mut v: Vec<(String, u64, std::time::SystemTime)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                (e.file_name().to_string_lossy().into_owned(), m.len(), m.modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let dir = path.parent().unwrap();
    let before = listing(dir);
    let checks = banli::cli::doctor::checks(&path, Ok(30));
    assert!(checks.iter().any(|c| c.en.contains("integrity_check: ok")), "{checks:?}");
    assert!(checks.iter().any(|c| c.en.contains("audit chain intact")), "{checks:?}");
    assert_eq!(listing(dir), before, "doctor left or changed a file");
}
