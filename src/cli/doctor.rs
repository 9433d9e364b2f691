//! `banli doctor`: checks a database's set-up for several clerks on one server, one line a
//! check, each ok, warn or fail: file and folder modes and owners (a group, a setgid 2770
//! folder, group-writable files), the WAL and shared-memory files (in the database file's
//! group), a UTF-8 locale, the schema version, SQLite's integrity check, the audit chain and
//! the age of the last backup. Nothing is migrated or written: not the database, and no
//! -wal or -shm file beside it.
use crate::store;
use crate::store::migrations::LATEST;
use crate::text::{say, Lang, T};
use rusqlite::Connection;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Ok,
    Warn,
    Fail,
}

/// One check's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub verdict: Verdict,
    pub zh: String,
    pub en: String,
}

impl Check {
    /// A check whose line is `words` in each language (a catalogue text of [`crate::text`]).
    fn new(verdict: Verdict, words: impl Fn(Lang) -> String) -> Check {
        Check { verdict, zh: words(Lang::Zh), en: words(Lang::En) }
    }

    /// The line as printed: "[正常] …" / "[ok] …".
    pub fn render(&self, lang: Lang) -> String {
        let tag = match self.verdict {
            Verdict::Ok => crate::text::T::DoctorOk,
            Verdict::Warn => crate::text::T::DoctorWarn,
            Verdict::Fail => crate::text::T::DoctorFail,
        }
        .get(lang);
        format!("{tag} {}", if lang == Lang::Zh { &self.zh } else { &self.en })
    }
}

/// A name from /etc/passwd or /etc/group for an id, else the id.
fn name_of(file: &str, id: u32) -> String {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 2 && f[2].parse() == Ok(id)).then(|| f[0].to_string())
            })
        })
        .unwrap_or_else(|| id.to_string())
}

/// "0660 alice:banli"
fn describe(m: &std::fs::Metadata) -> String {
    format!("{:04o} {}:{}", m.mode() & 0o7777, name_of("/etc/passwd", m.uid()), name_of("/etc/group", m.gid()))
}

/// The database file (or its WAL or shared-memory file): readable and writable by its
/// group, not by everyone; with `db_gid`, in the database file's group.
fn file_check(path: &Path, what: T, db_gid: Option<u32>) -> Option<Check> {
    let m = std::fs::metadata(path).ok()?;
    let mode = m.mode();
    let d = describe(&m);
    let p = path.display().to_string();
    type Words = fn(Lang, &str, &str, &str) -> String;
    let (verdict, words): (Verdict, Words) = if db_gid.is_some_and(|g| g != m.gid()) {
        (Verdict::Warn, |l, w, p, d| say::file_wrong_group(l, w, p, d))
    } else if mode & 0o060 != 0o060 {
        (Verdict::Warn, |l, w, p, d| say::file_not_shared(l, w, p, d))
    } else if mode & 0o007 != 0 {
        (Verdict::Warn, |l, w, p, d| say::file_open_to_others(l, w, p, d))
    } else {
        (Verdict::Ok, |l, w, p, d| say::file_ok(l, w, p, d))
    };
    Some(Check::new(verdict, |l| words(l, what.get(l), &p, &d)))
}

/// The folder: setgid and 2770, so new files (the WAL, backups) get the shared group.
fn dir_check(dir: &Path, file_gid: Option<u32>) -> Check {
    let p = dir.display();
    let Ok(m) = std::fs::metadata(dir) else {
        return Check::new(Verdict::Fail, |l| say::dir_unreadable(l, &p));
    };
    let mode = m.mode() & 0o7777;
    let d = describe(&m);
    if file_gid.is_some_and(|g| g != m.gid()) {
        return Check::new(Verdict::Warn, |l| say::dir_wrong_group(l, &p, &d));
    }
    if mode & 0o2000 == 0 || mode & 0o070 != 0o070 || mode & 0o007 != 0 {
        return Check::new(Verdict::Warn, |l| say::dir_not_shared(l, &p, &d));
    }
    Check::new(Verdict::Ok, |l| say::dir_ok(l, &p, &d))
}

fn locale_check() -> Check {
    let (var, value) = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()).map(|s| (*v, s)))
        .unwrap_or(("LANG", String::new()));
    let lower = value.to_ascii_lowercase();
    if lower.contains("utf-8") || lower.contains("utf8") {
        Check::new(Verdict::Ok, |l| say::locale_ok(l, var, &value))
    } else {
        Check::new(Verdict::Warn, |l| say::locale_not_utf8(l, var, &value))
    }
}

/// Runs every check on the database at `path`, which is opened read-only (nothing is
/// migrated or written). `backup_days`: how old the last backup may be (from the rules).
pub fn checks(path: &Path, backup_days: anyhow::Result<u32>) -> Vec<Check> {
    if let Some(url) = store::server_url(path) {
        return server_checks(url);
    }
    let mut out = Vec::new();
    let Ok(meta) = std::fs::metadata(path) else {
        let p = path.display();
        out.push(Check::new(Verdict::Fail, |l| say::no_db_file(l, &p)));
        return out;
    };
    out.extend(file_check(path, T::DoctorDbFile, None));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    out.push(dir_check(dir, Some(meta.gid())));
    for (suffix, what) in [("-wal", T::DoctorWalFile), ("-shm", T::DoctorShmFile)] {
        out.extend(file_check(Path::new(&format!("{}{suffix}", path.display())), what, Some(meta.gid())));
    }
    out.push(locale_check());
    out.extend(database_checks(path, backup_days));
    out
}

/// A ledger on a PostgreSQL server: the connection, the schema version and the audit chain
/// (files, modes and backups are the server administrator's, with pg_dump).
fn server_checks(url: &str) -> Vec<Check> {
    let shown = store::server::shown(url);
    let db = match store::server::connect(url) {
        Ok(db) => db,
        Err(e) => return vec![Check::new(Verdict::Fail, |l| e.message(l))],
    };
    let mut out = vec![Check::new(Verdict::Ok, |l| say::server_connected(l, &shown))];
    match store::migrations::version(&db) {
        Ok(v) if v == LATEST => out.push(Check::new(Verdict::Ok, |l| say::schema_current(l, v))),
        Ok(v) => out.push(Check::new(Verdict::Fail, |l| say::schema_behind(l, v, LATEST))),
        Err(e) => out.push(Check::new(Verdict::Fail, |l| e.message(l))),
    }
    out.push(audit_check(&db));
    out
}

/// The checks inside the database, on a connection that writes nothing: not the file, and
/// no -wal or -shm file either ([`store::inspect::open_untouched`]).
fn database_checks(path: &Path, backup_days: anyhow::Result<u32>) -> Vec<Check> {
    let conn = match store::inspect::open_untouched(path) {
        Ok(c) => c,
        Err(e) => return vec![sqlite_failure(&e, T::DoctorCannotOpen)],
    };
    let (schema, check) = schema_check(&conn);
    let mut out = vec![check];
    if schema == Schema::NotBanli {
        return out;
    }
    out.push(integrity_check(&conn));
    // A newer banli's tables may differ from the ones this build knows.
    if schema != Schema::Newer {
        let db = store::db::Db::Sqlite(conn);
        out.push(audit_check(&db));
        if let Some(conn) = db.sqlite() {
            out.push(backup_check(conn, backup_days));
        }
    }
    out
}

/// The database's schema against this build's migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schema {
    Current,
    Older,
    Newer,
    NotBanli,
}

/// The schema version (`PRAGMA user_version`) against this build's migrations.
fn schema_check(conn: &Connection) -> (Schema, Check) {
    let (version, tables) = match store::inspect::schema_facts(conn) {
        Ok(v) => v,
        Err(e) => return (Schema::NotBanli, sqlite_failure(&e, T::DoctorCannotRead)),
    };
    let latest = LATEST;
    if version == 0 || !tables {
        (Schema::NotBanli, Check::new(Verdict::Fail, |l| T::DoctorNotBanli.get(l).to_string()))
    } else if version > latest {
        (Schema::Newer, Check::new(Verdict::Fail, |l| say::db_newer(l, version, latest)))
    } else if version < latest {
        (Schema::Older, Check::new(Verdict::Warn, |l| say::db_older(l, version, latest)))
    } else {
        (Schema::Current, Check::new(Verdict::Ok, |l| say::db_version(l, version)))
    }
}

fn integrity_check(conn: &Connection) -> Check {
    let found = store::inspect::integrity_lines(conn, 5);
    match found {
        Ok(lines) if lines == ["ok"] => Check::new(Verdict::Ok, |l| T::DoctorIntegrityOk.get(l).to_string()),
        Ok(lines) => {
            let detail = short(&lines.join("; "));
            Check::new(Verdict::Fail, |l| say::integrity_failed(l, &detail))
        }
        Err(e) => sqlite_failure(&e, T::DoctorIntegrityCannotRun),
    }
}

/// A failed SQLite call in words a clerk can read, SQLite's own text in parentheses.
fn sqlite_failure(e: &rusqlite::Error, what: T) -> Check {
    use rusqlite::ErrorCode as C;
    let cause = match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt) => T::SqliteCorrupt,
        Some(C::NotADatabase) => T::SqliteNotADatabase,
        Some(C::DatabaseBusy | C::DatabaseLocked) => T::SqliteBusy,
        Some(C::PermissionDenied | C::CannotOpen | C::ReadOnly) => T::SqliteNoPermission,
        Some(C::SystemIoFailure | C::DiskFull) => T::SqliteDiskError,
        _ => T::SqliteOther,
    };
    let detail = short(&e.to_string());
    Check::new(Verdict::Fail, |l| say::sqlite_failed(l, what.get(l), cause.get(l), &detail))
}

/// At most 200 characters of a message.
fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

fn audit_check(conn: &store::db::Db) -> Check {
    match crate::store::audit::verify_chain(conn) {
        Ok(Ok(n)) => Check::new(Verdict::Ok, |l| say::chain_intact(l, n)),
        Ok(Err(b)) => Check::new(Verdict::Fail, |l| b.message(l)),
        Err(e) => Check::new(Verdict::Fail, |l| e.message(l)),
    }
}

fn backup_check(conn: &Connection, backup_days: anyhow::Result<u32>) -> Check {
    let limit = match backup_days {
        Ok(d) => i64::from(d),
        Err(e) => return Check::new(Verdict::Fail, |l| say::rules_unreadable(l, &e)),
    };
    let Some(t) = crate::transfer::backup::last_backup_in(conn) else {
        return Check::new(Verdict::Warn, |l| T::DoctorNeverBackedUp.get(l).to_string());
    };
    let days = (chrono::Local::now().date_naive() - t.date()).num_days();
    if days > limit {
        Check::new(Verdict::Warn, |l| say::backup_too_old(l, t, days, limit))
    } else {
        Check::new(Verdict::Ok, |l| say::last_backup(l, t, days))
    }
}

/// `banli doctor`: prints the checks; an error when any failed.
pub fn run(path: &Path, lang: Lang, backup_days: anyhow::Result<u32>) -> anyhow::Result<()> {
    let checks = checks(path, backup_days);
    for c in &checks {
        println!("{}", c.render(lang));
    }
    let failed = checks.iter().filter(|c| c.verdict == Verdict::Fail).count();
    if failed > 0 {
        anyhow::bail!(crate::text::say::checks_failed(lang, failed));
    }
    Ok(())
}
