//! The roles the PostgreSQL server enforces, tried as each login would in psql: a unit
//! clerk sees and changes only their units' items and records, nobody changes the audit
//! log, a leader writes nothing. Runs in the PostgreSQL pass of `.ci/run` (BANLI_TEST_PG);
//! on a machine without a test server there is nothing to connect to, and it says so.
mod common;
use banli::domain::access::AccountRole;
use banli::store::{Store, StoreError};
use postgres::{Client, NoTls};

/// The address of the same database as another login.
fn as_login(url: &str, login: &str) -> String {
    let scheme_end = url.find("://").unwrap() + 3;
    let at = url[scheme_end..].find('@').map(|a| a + scheme_end + 1).unwrap_or(scheme_end);
    format!("{}{login}:pw-{login}@{}", &url[..scheme_end], &url[at..])
}

fn login(url: &str, who: &str) -> Client {
    Client::connect(&as_login(url, who), NoTls).unwrap()
}

fn refused(r: Result<u64, postgres::Error>) -> bool {
    match r {
        Ok(_) => false,
        Err(e) => e.code().is_some_and(|c| c.code() == "42501"),
    }
}

#[test]
fn each_login_sees_and_changes_exactly_what_its_role_allows() {
    let Some(base) = common::test_server() else {
        eprintln!("BANLI_TEST_PG is not set: the PostgreSQL pass of .ci/run runs this test");
        return;
    };
    let url = common::fresh_database(&base);
    let path = std::path::PathBuf::from(&url);
    let _gone = common::ServerDatabase::of(&path);
    let data = banli::data::load(None).unwrap();
    let mut owner = Store::open(&path, "admin", data.clone()).unwrap();
    owner.load_demo().unwrap();
    let tag = std::process::id();
    let (clerk, unit_clerk, leader) = (format!("clerk{tag}"), format!("unit{tag}"), format!("leader{tag}"));
    let unit: (i64, String) = owner
        .raw_db()
        .query_row(
            "SELECT u.id, u.short_name FROM unit u JOIN assignment a ON a.unit_id = u.id
             GROUP BY u.id, u.short_name ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    owner.add_user("admin", AccountRole::Admin, &[]).unwrap();
    for (who, role, units) in [
        (&clerk, AccountRole::Clerk, vec![]),
        (&unit_clerk, AccountRole::UnitClerk, vec![unit.1.clone()]),
        (&leader, AccountRole::Leader, vec![]),
    ] {
        owner.add_user(who, role, &units).unwrap();
        owner.create_login(who, role, Some(&format!("pw-{who}"))).unwrap();
    }
    let all: i64 = owner.raw_db().query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
    let theirs: i64 = owner
        .raw_db()
        .query_row("SELECT count(DISTINCT item_id) FROM assignment WHERE unit_id = ?1", [unit.0], |r| r.get(0))
        .unwrap();
    assert!(theirs > 0 && theirs < all, "{theirs} of {all}");
    let other_item: i64 = owner
        .raw_db()
        .query_row(
            "SELECT min(id) FROM item WHERE id NOT IN (SELECT item_id FROM assignment WHERE unit_id = ?1)",
            [unit.0],
            |r| r.get(0),
        )
        .unwrap();
    let other_assignment: i64 =
        owner.raw_db().query_row("SELECT min(id) FROM assignment WHERE unit_id != ?1", [unit.0], |r| r.get(0)).unwrap();

    // The unit clerk in psql: their units' items only, nothing else to change.
    let mut u = login(&url, &unit_clerk);
    let seen: i64 = u.query_one("SELECT count(*) FROM item", &[]).unwrap().get(0);
    assert_eq!(seen, theirs);
    let n = u.execute("UPDATE item SET version = version + 1 WHERE id = $1", &[&other_item]).unwrap();
    assert_eq!(n, 0, "an item of another unit is not there to update");
    assert!(refused(u.execute("UPDATE item SET title = 'x'", &[])), "the title is the office's");
    assert!(refused(u.execute("UPDATE audit_log SET operator = 'x'", &[])));
    assert!(refused(u.execute("DELETE FROM audit_log", &[])));
    assert!(refused(u.execute(
        "INSERT INTO audit_log (at, operator, entity, entity_id, action, prev_hash, hash) VALUES ('', '', '', 0, '', '', '')",
        &[]
    )));
    assert!(refused(u.execute(
        "INSERT INTO co_opinion (assignment_id, received_on, text) VALUES ($1, '2026-03-01', 'x')",
        &[&other_assignment]
    )));
    assert!(refused(u.execute(
        "SELECT banli_audit_append('2026-01-01 00:00:00', 'someone', 'item', 1, 1, 'edit', NULL, NULL)",
        &[]
    )));

    // The same clerk in banli: the same items.
    let s = Store::open(std::path::Path::new(&as_login(&url, &unit_clerk)), "", data.clone()).unwrap();
    assert_eq!(s.operator, unit_clerk);
    assert_eq!(s.item_count().unwrap() as i64, theirs);

    // A leader reads everything and writes nothing, in psql and in banli.
    let mut l = login(&url, &leader);
    let seen: i64 = l.query_one("SELECT count(*) FROM item", &[]).unwrap().get(0);
    assert_eq!(seen, all);
    assert!(refused(l.execute("UPDATE item SET version = version", &[])));
    let mut s = Store::open(std::path::Path::new(&as_login(&url, &leader)), "", data.clone()).unwrap();
    let e = s.write(|t| t.audit("item", 1, Some(1), banli::store::AuditAction::Backup, None, None)).unwrap_err();
    assert!(matches!(e, StoreError::Forbidden | StoreError::ReadOnly), "{e:?}");

    // An office clerk writes, through the audit function, under their own name.
    let mut c = login(&url, &clerk);
    assert!(refused(c.execute("DELETE FROM audit_log", &[])));
    let mut s = Store::open(std::path::Path::new(&as_login(&url, &clerk)), "", data).unwrap();
    s.write(|t| t.audit("item", other_item, Some(other_item), banli::store::AuditAction::Backup, None, None)).unwrap();
    let last: String = c.query_one("SELECT operator FROM audit_log ORDER BY id DESC LIMIT 1", &[]).unwrap().get(0);
    assert_eq!(last, clerk);
    assert_eq!(s.verify_audit().unwrap().map(|n| n > 0), Ok(true));
}
