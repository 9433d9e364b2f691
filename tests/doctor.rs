//! `banli doctor`: a healthy shared set-up passes; loose modes warn; an edited audit row
//! fails (exit status non-zero); `--lang en` speaks English.
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
    for word in ["数据库文件", "目录", "2770", "区域设置", "完整性检查", "审计链完整", "上次备份", "忙等待时限"]
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
