//! A small ledger built by hand for tests whose figures are counted by hand.
#![allow(dead_code)]
pub mod tui;
use banli::store::db::Db;
use banli::store::Store;
use chrono::NaiveDate;
use rusqlite::params;
use std::path::{Path, PathBuf};

/// The PostgreSQL server the tests run against when `BANLI_TEST_PG` names one
/// (`postgres://USER:PASSWORD@HOST:PORT/postgres`, a role that may create databases): the
/// same test functions then run on a fresh database of that server instead of a file.
pub fn test_server() -> Option<String> {
    std::env::var("BANLI_TEST_PG").ok().filter(|s| !s.trim().is_empty())
}

/// Where a test's ledger goes: `dir/name`, or a new database on the test server.
pub fn ledger_path(dir: &Path, name: &str) -> PathBuf {
    match test_server() {
        Some(base) => PathBuf::from(fresh_database(&base)),
        None => dir.join(name),
    }
}

/// Makes an empty database on the server; its address.
pub fn fresh_database(base: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("banli_t_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut c = postgres::Client::connect(base, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let cut = base.rfind('/').unwrap();
    let (head, tail) = base.split_at(cut);
    let query = tail.find('?').map(|q| &tail[q..]).unwrap_or("");
    format!("{head}/{name}{query}")
}

/// Who the command line acts as on the ledger at `path`: the OS account on a file, the
/// session's login on a server.
pub fn cli_account(path: &Path) -> String {
    match banli::store::server_url(path) {
        Some(_) => raw(path).query_row("SELECT session_user::text", [], |r| r.get(0)).unwrap(),
        None => banli::store::identity::acting_account(),
    }
}

/// A bare connection to the ledger at `path` (a file or a server's database), for what a
/// test sets up or checks behind the store's back.
pub fn raw(path: &Path) -> Db {
    match banli::store::server_url(path) {
        Some(url) => banli::store::server::connect(url).unwrap(),
        None => Db::Sqlite(rusqlite::Connection::open(path).unwrap()),
    }
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Ids of what [`fixture`] made.
pub struct Fixture {
    pub store: Store,
    pub path: std::path::PathBuf,
    pub units: Vec<i64>,
    pub items: Vec<i64>,
    pub people: Vec<i64>,
    pub _dir: tempfile::TempDir,
    /// Drops the server database when the fixture goes (declared last: the store closes first).
    pub _server_db: Option<ServerDatabase>,
}

/// A database made on the test server for one test, dropped when this goes: a test run makes
/// hundreds of them (the model test one per case), about 9 MB each.
pub struct ServerDatabase {
    base: String,
    name: String,
}

impl ServerDatabase {
    /// The guard for the ledger at `path` when it is a database on the test server.
    pub fn of(path: &Path) -> Option<ServerDatabase> {
        let base = test_server()?;
        let url = banli::store::server_url(path)?;
        let name = url.rsplit('/').next()?.split('?').next()?.to_string();
        Some(ServerDatabase { base, name })
    }
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A database with one CPPCC meeting, five units, three members and `n` filed, unassigned
/// proposals (item i has member i%3 as lead and the next member as co-signer), today 2026-09-20.
/// On the test server when `BANLI_TEST_PG` names one.
pub fn fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger_path(dir.path(), "f.db");
    fixture_at(dir, path, n)
}

/// [`fixture`] in a SQLite file always: for tests of what only a file has (its modes, the OS
/// account acting, a bare connection to the file).
pub fn file_fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    fixture_at(dir, path, n)
}

fn fixture_at(dir: tempfile::TempDir, path: PathBuf, n: usize) -> Fixture {
    let mut store = Store::open(&path, "tester", banli::data::load(None).unwrap()).unwrap();
    store.set_today(d("2026-09-20"));
    let c = raw(&path);
    c.execute(
        "INSERT INTO meeting (body, level, term, session, year, name, opened_on, closed_on)
         VALUES ('cppcc', '区', 15, 2, 2026, '区政协十五届二次会议', '2026-01-10', '2026-01-13')",
        [],
    )
    .unwrap();
    let units = [
        ("区住房和城乡建设局", "区住建局"),
        ("区财政局", "区财政局"),
        ("区自然资源局", "区自然资源局"),
        ("区教育和体育局", "区教体局"),
        ("区民政局", "区民政局"),
    ]
    .iter()
    .map(|(n, s)| {
        c.execute("INSERT INTO unit (name, short_name, head) VALUES (?1, ?2, '张局长')", params![n, s]).unwrap();
        c.last_insert_rowid()
    })
    .collect();
    let people = ["马均侠", "王立新", "李春梅"]
        .iter()
        .map(|n| {
            c.execute("INSERT INTO person (name, body, delegation) VALUES (?1, 'cppcc', '经济界')", [n]).unwrap();
            c.last_insert_rowid()
        })
        .collect::<Vec<_>>();
    let mut items = Vec::new();
    for i in 0..n {
        c.execute(
            "INSERT INTO item (meeting_id, kind, number, number_key, title, filed_on, timing, created_at)
             VALUES (1, 'proposal', ?1, ?2, ?3, '2026-01-12', 'during', '2026-01-12')",
            params![format!("{:03}", i + 1), (i + 1).to_string(), format!("关于加快老旧小区改造的提案{}", i + 1)],
        )
        .unwrap();
        let id = c.last_insert_rowid();
        c.execute("INSERT INTO item_proposer VALUES (?1, ?2, 0)", params![id, people[i % 3]]).unwrap();
        c.execute("INSERT INTO item_proposer VALUES (?1, ?2, 1)", params![id, people[(i + 1) % 3]]).unwrap();
        items.push(id);
    }
    drop(c);
    store.write(|t| items.iter().try_for_each(|i| t.refresh_item(*i))).unwrap();
    let _server_db = ServerDatabase::of(&path);
    Fixture { store, path, units, items, people, _dir: dir, _server_db }
}

/// The item's current version.
pub fn version(s: &Store, item: i64) -> i64 {
    s.item_detail(item).unwrap().item.version
}
