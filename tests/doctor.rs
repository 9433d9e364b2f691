//! `banli doctor`: a healthy shared set-up passes; loose modes warn; an edited audit row
//! fails (exit status non-zero); `--lang en` speaks English. Doctor only reads: the database
//! is never migrated or written; an empty, missing, older, newer or damaged file is named
//! as such; a WAL file in another group warns.
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn banli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .output()
        .unwrap()
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A demo database in `dir/shared`, backed up, with the shared set-up's modes.
fn shared(dir: &Path) -> PathBuf {
    let folder = dir.join("shared");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("banli.db");
    assert!(banli(&db, &["demo"]).status.success());
    let backups = dir.join("backups");
    std::fs::create_dir(&backups).unwrap();
    assert!(banli(&db, &["backup", backups.to_str().unwrap()]).status.success());
    chmod(&folder, 0o2770);
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            chmod(&p, 0o660);
        }
    }
    db
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn a_healthy_shared_database_passes_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(!t.contains("[注意]") && !t.contains("[失败]"), "{t}");
    for word in ["数据库文件", "目录", "2770", "区域设置", "数据库版本", "完整性检查", "审计链完整", "上次备份"]
    {
        assert!(t.contains(word), "{word} in {t}");
    }
}

#[test]
fn a_world_readable_set_up_warns_but_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    chmod(&db, 0o644);
    chmod(db.parent().unwrap(), 0o755);
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(out.status.success(), "warnings alone do not fail: {t}");
    let warns: Vec<&str> = t.lines().filter(|l| l.starts_with("[注意]")).collect();
    assert!(warns.iter().any(|l| l.contains("数据库文件") && l.contains("0644")), "{t}");
    assert!(warns.iter().any(|l| l.contains("目录") && l.contains("2770")), "{t}");
    chmod(&db, 0o666);
    let t = text(&banli(&db, &["doctor"]));
    assert!(t.lines().any(|l| l.starts_with("[注意]") && l.contains("其他用户")), "{t}");
}

#[test]
fn an_edited_audit_row_fails_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE audit_log SET operator = 'mallory' WHERE id = 1", []).unwrap();
    drop(c);
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.lines().any(|l| l.starts_with("[失败]") && l.contains("第 1 行")), "{t}");
    assert!(t.contains("完整性检查(integrity_check)通过"), "the other checks still run: {t}");
}

#[test]
fn english_with_lang_en_and_a_locale_that_is_not_utf8_warns() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_banli"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "doctor"])
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("[ok] integrity_check: ok") && t.contains("[ok] audit chain intact"), "{t}");
    assert!(t.lines().any(|l| l.starts_with("[warn] locale LC_ALL='C'")), "{t}");
    assert!(!t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "no Chinese in English output: {t}");
}

/// The database file's length and modification time.
fn stamp(p: &Path) -> (u64, std::time::SystemTime) {
    let m = std::fs::metadata(p).unwrap();
    (m.len(), m.modified().unwrap())
}

fn user_version(db: &Path) -> u32 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

fn set_user_version(db: &Path, v: u32) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.pragma_update(None, "user_version", v).unwrap();
}

#[test]
fn doctor_writes_nothing_and_an_older_schema_warns_without_being_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    set_user_version(&db, 2);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let before = stamp(&db);
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(out.status.success(), "an older schema only warns: {t}");
    assert!(t.lines().any(|l| l.starts_with("[注意]") && l.contains("数据库版本较旧") && l.contains("升级")), "{t}");
    assert_eq!(stamp(&db), before, "the database file is untouched");
    assert_eq!(user_version(&db), 2, "not migrated");
    let t = text(&banli(&db, &["--lang", "en", "doctor"]));
    assert!(t.lines().any(|l| l.starts_with("[warn] database version 2 is older")), "{t}");
}

#[test]
fn a_newer_schema_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    set_user_version(&db, 99);
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.lines().any(|l| l.starts_with("[失败]") && l.contains("99") && l.contains("新版 banli")), "{t}");
    assert_eq!(user_version(&db), 99);
}

#[test]
fn an_empty_or_missing_file_fails_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("空.db");
    std::fs::write(&db, b"").unwrap();
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.lines().any(|l| l.starts_with("[失败]") && l.contains("不是 banli 数据库")), "{t}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "doctor did not make it a database");
    let t = text(&banli(&db, &["--lang", "en", "doctor"]));
    assert!(t.lines().any(|l| l.starts_with("[fail] not a banli database")), "{t}");
    std::fs::write(&db, "这不是数据库,只是一段文字。".repeat(100)).unwrap();
    let t = text(&banli(&db, &["doctor"]));
    assert!(t.lines().any(|l| l.starts_with("[失败]") && l.contains("不是 banli 数据库")), "{t}");
    let missing = dir.path().join("没有.db");
    let out = banli(&missing, &["doctor"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("不存在") && t.contains(&missing.display().to_string()), "{t}");
    assert!(!missing.exists(), "doctor creates no database");
}

#[test]
fn a_damaged_file_fails_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    for b in &mut bytes[2 * page..4 * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = banli(&db, &["doctor"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    let line = t.lines().find(|l| l.contains("完整性检查")).unwrap_or_else(|| panic!("{t}"));
    assert!(line.starts_with("[失败] 完整性检查") && line.contains("损坏"), "{line}");
    let before_paren = line.split('(').next().unwrap_or(line);
    assert!(!before_paren.chars().any(|c| c.is_ascii_alphabetic()), "no English before the SQLite detail: {line}");
}

#[test]
fn a_wal_file_in_another_group_warns() {
    if running_as_root() {
        let dir = tempfile::tempdir().unwrap();
        let db = shared(dir.path());
        // A clerk's open connection keeps the WAL and shared-memory files.
        let c = rusqlite::Connection::open(&db).unwrap();
        let _: i64 = c.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
        let wal = PathBuf::from(format!("{}-wal", db.display()));
        assert!(wal.exists());
        chmod(&wal, 0o660);
        chmod(Path::new(&format!("{}-shm", db.display())), 0o660);
        let t = text(&banli(&db, &["doctor"]));
        assert!(!t.lines().any(|l| l.starts_with("[注意]") && l.contains("WAL")), "{t}");
        let gid = std::fs::metadata(&db).map(|m| std::os::unix::fs::MetadataExt::gid(&m)).unwrap();
        std::os::unix::fs::chown(&wal, None, Some(if gid == 1 { 2 } else { 1 })).unwrap();
        let out = banli(&db, &["doctor"]);
        let t = text(&out);
        assert!(out.status.success(), "a warning: {t}");
        assert!(t.lines().any(|l| l.starts_with("[注意] WAL 文件") && l.contains("属组与数据库文件不同")), "{t}");
        // SQLite running as root gives a WAL file it opens the database file's owner and
        // group again (doctor checked the files before opening): set the other group anew.
        std::os::unix::fs::chown(&wal, None, Some(if gid == 1 { 2 } else { 1 })).unwrap();
        let t = text(&banli(&db, &["--lang", "en", "doctor"]));
        assert!(
            t.lines().any(|l| l.starts_with("[warn] WAL file") && l.contains("not in the database file's group")),
            "{t}"
        );
        drop(c);
    }
}

/// Whether the tests run as root (only root can give a file another group at will).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}
