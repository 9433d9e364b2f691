//! The command line around the app: the configuration files and `banli config`,
//! completions, the man page, and the message when there is no terminal.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A banli with its own user config folder and system file (neither need exist).
fn banli(config_home: &Path, system: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_banli"));
    c.env("XDG_CONFIG_HOME", config_home)
        .env("BANLI_SYSTEM_CONFIG", system)
        .env_remove("BANLI_DB")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    c
}

/// `banli config`'s settings: key → (value, where it came from).
fn settings(out: &std::process::Output) -> HashMap<String, (String, String)> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (kv, from) = l.split_once("    # ").unwrap_or_else(|| panic!("no source on: {l}"));
            let (k, v) = kv.split_once(' ').unwrap_or_else(|| panic!("no value on: {l}"));
            (k.to_string(), (v.trim().to_string(), from.to_string()))
        })
        .collect()
}

struct Places {
    _dir: tempfile::TempDir,
    home: PathBuf,
    user: PathBuf,
    system: PathBuf,
}

fn places() -> Places {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("xdg");
    std::fs::create_dir_all(home.join("banli")).unwrap();
    let user = home.join("banli/config.toml");
    let system = dir.path().join("etc-banli-config.toml");
    Places { _dir: dir, home, user, system }
}

fn pair(v: &str, from: &Path) -> (String, String) {
    (v.to_string(), from.display().to_string())
}

#[test]
fn config_prints_each_effective_setting_and_where_it_came_from() {
    let p = places();
    std::fs::write(
        &p.user,
        "lang = \"en\"\nledger_columns = [\"number\", \"title\", \"co_units\", \"satisfaction\"]\n",
    )
    .unwrap();
    std::fs::write(
        &p.system,
        "lang = \"zh\"\ndb = \"/srv/banli/office.db\"\nexport_dir = \"/srv/out\"\nascii = true\n",
    )
    .unwrap();
    let s = settings(&banli(&p.home, &p.system).arg("config").output().unwrap());
    // The user's file wins over the system's for the key both name; the rest come from the
    // system's file, or are the defaults.
    assert_eq!(s["lang"], pair("en", &p.user));
    assert_eq!(s["ledger_columns"], pair("[\"number\", \"title\", \"co_units\", \"satisfaction\"]", &p.user));
    assert_eq!(s["db"], pair("/srv/banli/office.db", &p.system));
    assert_eq!(s["export_dir"], pair("/srv/out", &p.system));
    assert_eq!(s["ascii"], pair("true", &p.system));
    assert_eq!(s["keymap"].1, "default", "{s:?}");
    // Without the user's file, the system's language.
    std::fs::remove_file(&p.user).unwrap();
    let s = settings(&banli(&p.home, &p.system).arg("config").output().unwrap());
    assert_eq!(s["lang"], pair("zh", &p.system));
    assert_eq!(s["ledger_columns"].1, "默认", "said in the effective language: {s:?}");
    // A flag wins over the files, $BANLI_DB over a file's db.
    let out =
        banli(&p.home, &p.system).args(["--ascii", "config", "--lang", "en"]).env("BANLI_DB", "/tmp/env.db").output();
    let s = settings(&out.unwrap());
    assert_eq!(s["lang"], ("en".to_string(), "command line".to_string()));
    assert_eq!(s["ascii"], ("true".to_string(), "command line".to_string()));
    assert_eq!(s["db"], ("/tmp/env.db".to_string(), "$BANLI_DB".to_string()));
    let s = settings(&banli(&p.home, &p.system).args(["config", "--db", "/tmp/flag.db"]).output().unwrap());
    assert_eq!(s["db"], ("/tmp/flag.db".to_string(), "命令行参数".to_string()));
    // Neither file: every setting is a default, and the report lists both places as missing.
    std::fs::remove_file(&p.system).unwrap();
    let out = banli(&p.home, &p.system).arg("config").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let s = settings(&out);
    assert!(s.values().all(|(_, from)| from == "默认"), "{s:?}");
    assert!(text.contains(&format!("{}  (不存在)", p.system.display())), "{text}");
}

#[test]
fn a_mistake_in_a_config_file_names_the_file_and_line_in_chinese() {
    let p = places();
    std::fs::write(&p.user, "lang = \"zh\"\n\ncolour = true\n").unwrap();
    let out = banli(&p.home, &p.system).arg("config").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&p.user.display().to_string()) && err.contains("第 3 行"), "{err}");
    assert!(err.contains("不认识的设置项 colour") && err.contains("ledger_columns"), "{err}");
    // A misspelt column is found the same way, in the system file too.
    std::fs::remove_file(&p.user).unwrap();
    std::fs::write(&p.system, "ascii = false\nledger_columns = [\"number\", \"titel\"]\n").unwrap();
    let out = banli(&p.home, &p.system).arg("config").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&p.system.display().to_string()) && err.contains("第 2 行") && err.contains("不认识的取值 titel"),
        "{err}"
    );
    // An unknown language.
    std::fs::write(&p.system, "lang = \"fr\"\n").unwrap();
    let err = String::from_utf8_lossy(&banli(&p.home, &p.system).arg("config").output().unwrap().stderr).to_string();
    assert!(err.contains("lang = \"fr\"") && err.contains("zh 或 en"), "{err}");
}

#[test]
fn without_a_terminal_the_message_says_so() {
    let p = places();
    let db = p.home.join("t.db");
    let out = banli(&p.home, &p.system).arg("--db").arg(&db).arg("--demo").stdout(Stdio::piped()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有终端") && !err.contains("os error"), "{err}");
    let out = banli(&p.home, &p.system).args(["--lang", "en", "--db"]).arg(&db).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no terminal") && !err.contains("os error"), "{err}");
}

#[test]
fn completions_and_the_man_page() {
    let p = places();
    let out = banli(&p.home, &p.system).args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("_banli") && text.contains("config") && text.contains("completions"), "{text:.200}");
    let out = banli(&p.home, &p.system).args(["completions", "zsh"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("#compdef banli"));
    let out = banli(&p.home, &p.system).arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH banli") && text.contains("config"), "{text:.200}");
}
