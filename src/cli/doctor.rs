//! `banli doctor`: checks a database's set-up for several clerks on one server, one line a
//! check, each ok, warn or fail: file and folder modes and owners (a group, a setgid 2770
//! folder, group-writable files), the WAL and shared-memory files (in the database file's
//! group), a UTF-8 locale, the schema version, SQLite's integrity check, the audit chain and
//! the age of the last backup. Nothing is migrated or written: not the database, and no
//! -wal or -shm file beside it.
use crate::store;
use crate::store::migrations::LATEST;
use crate::text::Lang;
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
    fn new(verdict: Verdict, zh: impl Into<String>, en: impl Into<String>) -> Check {
        Check { verdict, zh: zh.into(), en: en.into() }
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
fn file_check(path: &Path, what_zh: &str, what_en: &str, db_gid: Option<u32>) -> Option<Check> {
    let m = std::fs::metadata(path).ok()?;
    let mode = m.mode();
    let d = describe(&m);
    let p = path.display();
    Some(if db_gid.is_some_and(|g| g != m.gid()) {
        Check::new(
            Verdict::Warn,
            format!("{what_zh} {p}:{d},属组与数据库文件不同,其他经办人将无法打开数据库;请 chgrp 为数据库文件的组"),
            format!("{what_en} {p}: {d}, not in the database file's group, so other clerks cannot open the database; chgrp it to the database file's group"),
        )
    } else if mode & 0o060 != 0o060 {
        Check::new(
            Verdict::Warn,
            format!("{what_zh} {p}:{d},同组用户不能读写;共用时请 chmod 660 并改为共用的组"),
            format!("{what_en} {p}: {d}, not readable and writable by its group; for sharing, chmod 660 and chgrp to the shared group"),
        )
    } else if mode & 0o007 != 0 {
        Check::new(
            Verdict::Warn,
            format!("{what_zh} {p}:{d},其他用户也能访问;请 chmod o-rwx(并设 umask 007)"),
            format!("{what_en} {p}: {d}, others can access it; chmod o-rwx (and set umask 007)"),
        )
    } else {
        Check::new(Verdict::Ok, format!("{what_zh} {p}:{d}"), format!("{what_en} {p}: {d}"))
    })
}

/// The folder: setgid and 2770, so new files (the WAL, backups) get the shared group.
fn dir_check(dir: &Path, file_gid: Option<u32>) -> Check {
    let p = dir.display();
    let Ok(m) = std::fs::metadata(dir) else {
        return Check::new(Verdict::Fail, format!("目录 {p} 无法读取"), format!("folder {p} cannot be read"));
    };
    let mode = m.mode() & 0o7777;
    let d = describe(&m);
    if file_gid.is_some_and(|g| g != m.gid()) {
        return Check::new(
            Verdict::Warn,
            format!("目录 {p}:{d},与数据库文件的属组不同;请 chgrp 为同一个组"),
            format!("folder {p}: {d}, a different group from the database file's; chgrp both to one group"),
        );
    }
    if mode & 0o2000 == 0 || mode & 0o070 != 0o070 || mode & 0o007 != 0 {
        return Check::new(
            Verdict::Warn,
            format!("目录 {p}:{d};多人共用时应为 2770(chmod 2770,新文件才会继承组)"),
            format!("folder {p}: {d}; for several clerks it should be 2770 (chmod 2770, so new files keep the group)"),
        );
    }
    Check::new(Verdict::Ok, format!("目录 {p}:{d}"), format!("folder {p}: {d}"))
}

fn locale_check() -> Check {
    let (var, value) = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()).map(|s| (*v, s)))
        .unwrap_or(("LANG", String::new()));
    let lower = value.to_ascii_lowercase();
    if lower.contains("utf-8") || lower.contains("utf8") {
        Check::new(Verdict::Ok, format!("区域设置 {var}={value}"), format!("locale {var}={value}"))
    } else {
        Check::new(
            Verdict::Warn,
            format!("区域设置 {var}=“{value}”不是 UTF-8,中文可能显示为乱码;请设 LANG=zh_CN.UTF-8"),
            format!("locale {var}='{value}' is not UTF-8; Chinese may not show; set LANG=zh_CN.UTF-8"),
        )
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
        out.push(Check::new(Verdict::Fail, format!("数据库文件 {p} 不存在"), format!("no database file at {p}")));
        return out;
    };
    out.extend(file_check(path, "数据库文件", "database file", None));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    out.push(dir_check(dir, Some(meta.gid())));
    for (suffix, zh, en) in [("-wal", "WAL 文件", "WAL file"), ("-shm", "共享内存文件", "shared-memory file")] {
        out.extend(file_check(Path::new(&format!("{}{suffix}", path.display())), zh, en, Some(meta.gid())));
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
        Err(e) => return vec![Check::new(Verdict::Fail, e.message(Lang::Zh), e.message(Lang::En))],
    };
    let mut out = vec![Check::new(
        Verdict::Ok,
        format!("已连接数据库服务器 {shown}"),
        format!("connected to the server {shown}"),
    )];
    match store::migrations::version(&db) {
        Ok(v) if v == store::migrations::LATEST => {
            out.push(Check::new(Verdict::Ok, format!("表结构版本 {v}(最新)"), format!("schema version {v} (current)")))
        }
        Ok(v) => out.push(Check::new(
            Verdict::Fail,
            format!("表结构版本 {v},本程序为 {};请由所有者运行 banli init", store::migrations::LATEST),
            format!("schema version {v}, this banli writes {}: the owner runs banli init", store::migrations::LATEST),
        )),
        Err(e) => out.push(Check::new(Verdict::Fail, e.message(Lang::Zh), e.message(Lang::En))),
    }
    out.push(audit_check(&db));
    out
}

/// The checks inside the database, on a connection that writes nothing: not the file, and
/// no -wal or -shm file either ([`store::inspect::open_untouched`]).
fn database_checks(path: &Path, backup_days: anyhow::Result<u32>) -> Vec<Check> {
    let conn = match store::inspect::open_untouched(path) {
        Ok(c) => c,
        Err(e) => return vec![sqlite_failure(&e, "无法打开数据库", "cannot open the database")],
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
        Err(e) => return (Schema::NotBanli, sqlite_failure(&e, "无法读取数据库", "cannot read the database")),
    };
    let latest = LATEST;
    if version == 0 || !tables {
        let check = Check::new(
            Verdict::Fail,
            "不是 banli 数据库(没有 banli 的数据表;文件可能为空或是别的数据库)",
            "not a banli database (no banli tables; the file may be empty or another database)",
        );
        (Schema::NotBanli, check)
    } else if version > latest {
        let check = Check::new(
            Verdict::Fail,
            format!("数据库版本 {version} 比本程序支持的 {latest} 新;请使用新版 banli"),
            format!("database version {version} is newer than this banli's {latest}; use a newer banli"),
        );
        (Schema::Newer, check)
    } else if version < latest {
        let check = Check::new(
            Verdict::Warn,
            format!("数据库版本较旧({version},当前为 {latest}),下次由 banli 打开时会升级"),
            format!("database version {version} is older than {latest}; banli will upgrade it when it next opens it"),
        );
        (Schema::Older, check)
    } else {
        (
            Schema::Current,
            Check::new(Verdict::Ok, format!("数据库版本 {version}"), format!("database version {version}")),
        )
    }
}

fn integrity_check(conn: &Connection) -> Check {
    let found = store::inspect::integrity_lines(conn, 5);
    match found {
        Ok(lines) if lines == ["ok"] => {
            Check::new(Verdict::Ok, "完整性检查(integrity_check)通过", "integrity_check: ok")
        }
        Ok(lines) => {
            let detail = short(&lines.join("; "));
            Check::new(
                Verdict::Fail,
                format!("完整性检查未通过:数据库文件有损坏,请停止使用并从备份恢复(SQLite:{detail})"),
                format!("integrity_check failed: the database file is damaged; stop using it and restore a backup (SQLite: {detail})"),
            )
        }
        Err(e) => sqlite_failure(&e, "完整性检查无法运行", "integrity_check could not run"),
    }
}

/// A failed SQLite call in words a clerk can read, SQLite's own text in parentheses.
fn sqlite_failure(e: &rusqlite::Error, what_zh: &str, what_en: &str) -> Check {
    use rusqlite::ErrorCode as C;
    let (zh, en) = match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt) => ("数据库文件已损坏,请从备份恢复", "the database file is damaged; restore a backup"),
        Some(C::NotADatabase) => ("这不是 banli 数据库(不是 SQLite 文件)", "not a banli database (not an SQLite file)"),
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            ("数据库正被占用,请稍后再试", "the database is busy; try again later")
        }
        Some(C::PermissionDenied | C::CannotOpen | C::ReadOnly) => {
            ("没有读取权限或文件无法打开", "no permission to read it, or it cannot be opened")
        }
        Some(C::SystemIoFailure | C::DiskFull) => ("读写磁盘出错", "a disk error"),
        _ => ("SQLite 报错", "an SQLite error"),
    };
    let detail = short(&e.to_string());
    Check::new(Verdict::Fail, format!("{what_zh}:{zh}(SQLite:{detail})"), format!("{what_en}: {en} (SQLite: {detail})"))
}

/// At most 200 characters of a message.
fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

fn audit_check(conn: &store::db::Db) -> Check {
    match crate::store::audit::verify_chain(conn) {
        Ok(Ok(n)) => Check::new(Verdict::Ok, format!("审计链完整:共 {n} 行"), format!("audit chain intact: {n} rows")),
        Ok(Err(b)) => Check::new(Verdict::Fail, b.message(Lang::Zh), b.message(Lang::En)),
        Err(e) => Check::new(Verdict::Fail, e.message(Lang::Zh), e.message(Lang::En)),
    }
}

fn backup_check(conn: &Connection, backup_days: anyhow::Result<u32>) -> Check {
    let limit = match backup_days {
        Ok(d) => i64::from(d),
        Err(e) => {
            return Check::new(Verdict::Fail, format!("无法读取规则数据:{e}"), format!("cannot read the rules: {e}"))
        }
    };
    let Some(t) = crate::transfer::backup::last_backup_in(conn) else {
        return Check::new(
            Verdict::Warn,
            "从未备份:请运行 banli backup 目录",
            "never backed up: run banli backup FOLDER",
        );
    };
    let days = (chrono::Local::now().date_naive() - t.date()).num_days();
    let (zh, en) = (format!("上次备份:{t}({days} 天前)"), format!("last backup: {t} ({days} days ago)"));
    if days > limit {
        Check::new(
            Verdict::Warn,
            format!("{zh},超过 {limit} 天;请运行 banli backup 目录"),
            format!("{en}, more than {limit}; run banli backup FOLDER"),
        )
    } else {
        Check::new(Verdict::Ok, zh, en)
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
