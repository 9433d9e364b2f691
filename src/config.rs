//! The configuration file: `$XDG_CONFIG_HOME/banli/config.toml` (or `~/.config/banli/…`),
//! then `/etc/banli/config.toml` for what the user's file leaves out. A flag on the command
//! line wins over both, and `$BANLI_DB` over a `db` in a file. `banli config` prints the
//! effective settings and where each came from.
//!
//! ```toml
//! db = "/srv/banli/ledger.db"
//! lang = "en"                       # zh | en
//! keymap = "~/.config/banli/vim.toml"
//! ascii = true
//! export_dir = "~/台账导出"           # the folder the export and report forms offer
//! # the ledger's columns, in order: number meeting kind title lead units co_units due
//! # key doc result satisfaction status (widths follow the window)
//! ledger_columns = ["number", "meeting", "title", "units", "co_units", "doc", "result", "satisfaction", "status"]
//! ```
//!
//! `$BANLI_SYSTEM_CONFIG` names another system file than `/etc/banli/config.toml` (a shared
//! install that keeps its settings elsewhere, and the tests).
use crate::text::Lang;
use crate::tui::columns::Column;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What a config file may hold; anything else is an error naming the file and line.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
    pub keymap: Option<PathBuf>,
    pub ascii: Option<bool>,
    pub export_dir: Option<PathBuf>,
    pub ledger_columns: Option<Vec<Column>>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    Flag,
    Env(&'static str),
    File(PathBuf),
}

impl Source {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Source::Default, Lang::Zh) => "默认".into(),
            (Source::Default, Lang::En) => "default".into(),
            (Source::Flag, Lang::Zh) => "命令行参数".into(),
            (Source::Flag, Lang::En) => "command line".into(),
            (Source::Env(v), _) => format!("${v}"),
            (Source::File(p), _) => p.display().to_string(),
        }
    }
}

/// One effective setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub from: Source,
}

impl<T> Setting<T> {
    fn new(value: T, from: Source) -> Setting<T> {
        Setting { value, from }
    }
}

/// The config files read, most important first: (path, what it holds).
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub files: Vec<(PathBuf, FileConfig)>,
}

/// The config files' places: the user's, then the system's.
pub fn places() -> Vec<PathBuf> {
    let user = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    let mut out: Vec<PathBuf> = user.map(|u| u.join("banli").join("config.toml")).into_iter().collect();
    let system = std::env::var_os("BANLI_SYSTEM_CONFIG").filter(|v| !v.is_empty());
    out.push(system.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/etc/banli/config.toml")));
    out
}

/// A path as written in a config file: a leading `~/` is the home folder.
pub fn expand(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

/// Reads one config file; `Ok(None)` when there is none. An error names the file, the line
/// and what is wrong, in `lang`.
pub fn read(path: &Path, lang: Lang) -> Result<Option<FileConfig>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(match lang {
                Lang::Zh => format!("无法读取配置文件 {}: {e}", path.display()),
                Lang::En => format!("cannot read the config file {}: {e}", path.display()),
            })
        }
    };
    let mut cfg: FileConfig = toml::from_str(&text).map_err(|e| {
        // The line the mistake starts on: newlines before it, plus one.
        let line =
            e.span().map(|s| text.as_bytes()[..s.start.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1);
        let line = line.unwrap_or(1);
        let what = e.message().to_string();
        match lang {
            Lang::Zh => format!("配置文件 {} 第 {line} 行有误: {}", path.display(), in_chinese(&what)),
            Lang::En => format!("config file {} line {line}: {what}", path.display()),
        }
    })?;
    if let Some(l) = &cfg.lang {
        if l.parse::<Lang>().is_err() {
            return Err(match lang {
                Lang::Zh => format!("配置文件 {}: lang = \"{l}\" 不认识,请写 zh 或 en", path.display()),
                Lang::En => format!("config file {}: lang = \"{l}\" is not zh or en", path.display()),
            });
        }
    }
    for p in [&mut cfg.db, &mut cfg.keymap, &mut cfg.export_dir].into_iter().flatten() {
        *p = expand(p);
    }
    Ok(Some(cfg))
}

/// The TOML reader's common complaints in Chinese (an unknown key or value names what may
/// be written instead); others as they are.
fn in_chinese(what: &str) -> String {
    let named = |rest: &str| -> Option<(String, String)> {
        let (name, rest) = rest.strip_prefix('`')?.split_once('`')?;
        let choices = rest.trim_start_matches(',').trim().trim_start_matches("expected one of ").replace('`', "");
        Some((name.to_string(), choices))
    };
    if let Some((name, choices)) = what.strip_prefix("unknown field ").and_then(named) {
        return format!("不认识的设置项 {name},可用的有: {choices}");
    }
    if let Some((name, choices)) = what.strip_prefix("unknown variant ").and_then(named) {
        return format!("不认识的取值 {name},可写: {choices}");
    }
    format!("格式不对 ({})", what.trim())
}

impl Files {
    /// Reads the files at `places` (the first wins per key); a missing file is skipped.
    pub fn load(places: &[PathBuf], lang: Lang) -> Result<Files, String> {
        let mut files = Vec::new();
        for p in places {
            if let Some(c) = read(p, lang)? {
                files.push((p.clone(), c));
            }
        }
        Ok(Files { files })
    }

    /// The first file's value of a key, with the file.
    fn pick<T: Clone>(&self, get: impl Fn(&FileConfig) -> Option<T>) -> Option<Setting<T>> {
        self.files.iter().find_map(|(p, c)| get(c).map(|v| Setting::new(v, Source::File(p.clone()))))
    }
}

/// The effective settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    pub db: Setting<PathBuf>,
    pub lang: Setting<Lang>,
    pub keymap: Setting<Option<PathBuf>>,
    pub ascii: Setting<bool>,
    pub export_dir: Setting<Option<PathBuf>>,
    /// Empty: the default columns.
    pub ledger_columns: Setting<Vec<Column>>,
}

/// What the command line said (`None`: not given).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub db: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub keymap: Option<PathBuf>,
    pub ascii: Option<bool>,
}

/// The columns as the config file writes them (the defaults when none are named).
fn columns(cols: &[Column]) -> String {
    let cols = if cols.is_empty() { &crate::tui::columns::DEFAULT[..] } else { cols };
    let names: Vec<String> =
        cols.iter().map(|c| toml::Value::try_from(c).map(|v| v.to_string()).unwrap_or_default()).collect();
    format!("[{}]", names.join(", "))
}

impl Effective {
    /// Flags first, then `$BANLI_DB` (`env_db`) for the database, then the files, then the
    /// defaults.
    pub fn resolve(flags: &Flags, env_db: Option<PathBuf>, files: &Files) -> Effective {
        let db = match (&flags.db, env_db) {
            (Some(p), _) => Setting::new(p.clone(), Source::Flag),
            (None, Some(p)) => Setting::new(p, Source::Env("BANLI_DB")),
            (None, None) => files
                .pick(|c| c.db.clone())
                .unwrap_or_else(|| Setting::new(crate::store::default_path(), Source::Default)),
        };
        let lang = match flags.lang {
            Some(l) => Setting::new(l, Source::Flag),
            None => files
                .pick(|c| c.lang.as_deref().and_then(|l| l.parse().ok()))
                .unwrap_or_else(|| Setting::new(Lang::Zh, Source::Default)),
        };
        let keymap = match &flags.keymap {
            Some(p) => Setting::new(Some(p.clone()), Source::Flag),
            None => files.pick(|c| c.keymap.clone().map(Some)).unwrap_or_else(|| Setting::new(None, Source::Default)),
        };
        let ascii = match flags.ascii {
            Some(a) => Setting::new(a, Source::Flag),
            None => files.pick(|c| c.ascii).unwrap_or_else(|| Setting::new(false, Source::Default)),
        };
        let export_dir =
            files.pick(|c| c.export_dir.clone().map(Some)).unwrap_or_else(|| Setting::new(None, Source::Default));
        let ledger_columns =
            files.pick(|c| c.ledger_columns.clone()).unwrap_or_else(|| Setting::new(Vec::new(), Source::Default));
        Effective { db, lang, keymap, ascii, export_dir, ledger_columns }
    }

    /// The lines `banli config` prints: each setting, its value and where it came from.
    pub fn report(&self, files: &[PathBuf], lang: Lang) -> String {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "—".into());
        let rows = [
            ("db", self.db.value.display().to_string(), &self.db.from),
            ("lang", format!("{:?}", self.lang.value).to_lowercase(), &self.lang.from),
            ("keymap", path(&self.keymap.value), &self.keymap.from),
            ("ascii", self.ascii.value.to_string(), &self.ascii.from),
            ("export_dir", path(&self.export_dir.value), &self.export_dir.from),
            ("ledger_columns", columns(&self.ledger_columns.value), &self.ledger_columns.from),
        ];
        let mut out = String::new();
        for (k, v, from) in rows {
            out.push_str(&format!("{k:<14} {v}    # {}\n", from.describe(lang)));
        }
        let head = match lang {
            Lang::Zh => "# 读取的配置文件(先者优先;不存在的跳过):",
            Lang::En => "# config files read (the first wins; missing ones are skipped):",
        };
        out.push_str(head);
        out.push('\n');
        for f in files {
            let there = if f.is_file() {
                ""
            } else if lang == Lang::Zh {
                "  (不存在)"
            } else {
                "  (none)"
            };
            out.push_str(&format!("#   {}{there}\n", f.display()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn flags_win_then_env_then_the_users_file_then_the_systems() {
        let dir = tempfile::tempdir().expect("dir");
        let user = write(dir.path(), "user.toml", "lang = \"en\"\nascii = true\n");
        let system =
            write(dir.path(), "system.toml", "lang = \"zh\"\ndb = \"/srv/office.db\"\nexport_dir = \"/srv/out\"\n");
        let files = Files::load(&[user.clone(), system.clone(), dir.path().join("none.toml")], Lang::Zh).expect("load");
        let e = Effective::resolve(&Flags::default(), None, &files);
        assert_eq!(e.lang, Setting::new(Lang::En, Source::File(user.clone())));
        assert_eq!(e.db, Setting::new(PathBuf::from("/srv/office.db"), Source::File(system.clone())));
        assert!(e.ascii.value);
        assert_eq!(e.export_dir.value, Some(PathBuf::from("/srv/out")));
        assert_eq!(e.keymap.from, Source::Default);
        let e = Effective::resolve(&Flags::default(), Some("/tmp/env.db".into()), &files);
        assert_eq!(e.db.from, Source::Env("BANLI_DB"));
        let flags = Flags { lang: Some(Lang::Zh), db: Some("/tmp/flag.db".into()), ..Flags::default() };
        let e = Effective::resolve(&flags, Some("/tmp/env.db".into()), &files);
        assert_eq!((e.lang.value, &e.lang.from), (Lang::Zh, &Source::Flag));
        assert_eq!(e.db.value, PathBuf::from("/tmp/flag.db"));
        let report = e.report(&[user, dir.path().join("none.toml")], Lang::En);
        assert!(report.contains("\nlang           zh    # command line"), "{report}");
        assert!(report.contains("\nascii          true    # "), "{report}");
        assert!(report.contains("\nledger_columns [\"number\", \"kind\", \"title\""), "{report}");
        assert!(report.contains("none.toml  (none)"), "{report}");
    }

    #[test]
    fn a_mistake_names_the_file_and_line() {
        let dir = tempfile::tempdir().expect("dir");
        let p = write(dir.path(), "c.toml", "lang = \"en\"\ncolour = 3\n");
        let e = read(&p, Lang::Zh).unwrap_err();
        assert!(e.contains("c.toml") && e.contains("第 2 行"), "{e}");
        let p = write(dir.path(), "d.toml", "lang = \"fr\"\n");
        assert!(read(&p, Lang::En).unwrap_err().contains("not zh or en"));
    }
}
