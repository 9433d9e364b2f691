//! `banli doctor`: checks a database's set-up for several clerks on one server, one line a
//! check, each ok, warn or fail: file and folder modes and owners (a group, a setgid 2770
//! folder, group-writable files), the WAL and shared-memory files, a UTF-8 locale, SQLite's
//! integrity check, the audit chain, the age of the last backup and the busy timeout.
use crate::store::Store;
use crate::text::Lang;
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
        let tag = match (self.verdict, lang) {
            (Verdict::Ok, Lang::Zh) => "[正常]",
            (Verdict::Warn, Lang::Zh) => "[注意]",
            (Verdict::Fail, Lang::Zh) => "[失败]",
            (Verdict::Ok, Lang::En) => "[ok]",
            (Verdict::Warn, Lang::En) => "[warn]",
            (Verdict::Fail, Lang::En) => "[fail]",
        };
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

/// The database file: readable and writable by its group, not by everyone.
fn file_check(path: &Path, what_zh: &str, what_en: &str) -> Option<Check> {
    let m = std::fs::metadata(path).ok()?;
    let mode = m.mode();
    let d = describe(&m);
    let p = path.display();
    Some(if mode & 0o060 != 0o060 {
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

/// Runs every check on the database at `path`.
pub fn checks(path: &Path, open: impl FnOnce() -> anyhow::Result<Store>) -> Vec<Check> {
    let mut out = Vec::new();
    let file_gid = std::fs::metadata(path).ok().map(|m| m.gid());
    match file_check(path, "数据库文件", "database file") {
        Some(c) => out.push(c),
        None => {
            let p = path.display();
            out.push(Check::new(Verdict::Fail, format!("数据库文件 {p} 不存在"), format!("no database file at {p}")));
            return out;
        }
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    out.push(dir_check(dir, file_gid));
    for (suffix, zh, en) in [("-wal", "WAL 文件", "WAL file"), ("-shm", "共享内存文件", "shared-memory file")] {
        if let Some(c) = file_check(Path::new(&format!("{}{suffix}", path.display())), zh, en) {
            out.push(c);
        }
    }
    out.push(locale_check());
    let store = match open() {
        Ok(s) => s,
        Err(e) => {
            out.push(Check::new(
                Verdict::Fail,
                format!("无法打开数据库:{e}"),
                format!("cannot open the database: {e}"),
            ));
            return out;
        }
    };
    out.push(match store.conn().query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
        Ok(s) if s == "ok" => Check::new(Verdict::Ok, "完整性检查(integrity_check)通过", "integrity_check: ok"),
        Ok(s) => Check::new(Verdict::Fail, format!("完整性检查未通过:{s}"), format!("integrity_check failed: {s}")),
        Err(e) => {
            Check::new(Verdict::Fail, format!("完整性检查无法运行:{e}"), format!("integrity_check could not run: {e}"))
        }
    });
    out.push(match store.verify_audit() {
        Ok(Ok(n)) => Check::new(Verdict::Ok, format!("审计链完整:共 {n} 行"), format!("audit chain intact: {n} rows")),
        Ok(Err(b)) => Check::new(Verdict::Fail, b.message(Lang::Zh), b.message(Lang::En)),
        Err(e) => Check::new(Verdict::Fail, e.message(Lang::Zh), e.message(Lang::En)),
    });
    let limit = i64::from(store.data.rules.backup.warn_after_days);
    out.push(match store.last_backup().ok().flatten() {
        Some(t) => {
            let days = (store.today() - t.date()).num_days();
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
        None => {
            Check::new(Verdict::Warn, "从未备份:请运行 banli backup 目录", "never backed up: run banli backup FOLDER")
        }
    });
    out.push(match store.conn().query_row("PRAGMA busy_timeout", [], |r| r.get::<_, i64>(0)) {
        Ok(ms) if ms > 0 => Check::new(
            Verdict::Ok,
            format!("忙等待时限 {ms} 毫秒(其他人写入时等待)"),
            format!("busy timeout {ms} ms (writes wait for other clerks)"),
        ),
        _ => Check::new(
            Verdict::Fail,
            "未设忙等待时限:同时写入会直接报错",
            "no busy timeout: concurrent writes would fail at once",
        ),
    });
    out
}

/// `banli doctor`: prints the checks; an error when any failed.
pub fn run(path: &Path, lang: Lang, open: impl FnOnce() -> anyhow::Result<Store>) -> anyhow::Result<()> {
    let checks = checks(path, open);
    for c in &checks {
        println!("{}", c.render(lang));
    }
    let failed = checks.iter().filter(|c| c.verdict == Verdict::Fail).count();
    if failed > 0 {
        match lang {
            Lang::Zh => anyhow::bail!("{failed} 项检查失败"),
            Lang::En => anyhow::bail!("{failed} checks failed"),
        }
    }
    Ok(())
}
