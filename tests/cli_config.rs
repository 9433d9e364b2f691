//! The command line around the app: the configuration files and `banli config`,
//! completions, the man page, and the message when there is no terminal.
use std::process::{Command, Stdio};

fn banli(config_home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_banli"));
    c.env("XDG_CONFIG_HOME", config_home).env_remove("BANLI_DB").stdin(Stdio::null());
    c
}

#[test]
fn config_prints_the_effective_settings_and_where_each_came_from() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("banli")).unwrap();
    let file = dir.path().join("banli/config.toml");
    std::fs::write(&file, "lang = \"en\"\ndb = \"/srv/banli/office.db\"\nexport_dir = \"/srv/out\"\n").unwrap();
    let out = banli(dir.path()).arg("config").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let from_file = format!("# {}", file.display());
    assert!(text.lines().any(|l| l.starts_with("lang        en") && l.ends_with(&from_file)), "{text}");
    assert!(text.lines().any(|l| l.starts_with("db          /srv/banli/office.db")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("ascii       false    # default")), "{text}");
    // A flag wins over the file, $BANLI_DB over the file's db.
    let out = banli(dir.path()).args(["config", "--lang", "zh"]).env("BANLI_DB", "/tmp/env.db").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("lang        zh    # 命令行参数"), "{text}");
    assert!(text.contains("db          /tmp/env.db    # $BANLI_DB"), "{text}");
}

#[test]
fn a_mistake_in_the_config_file_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("banli")).unwrap();
    std::fs::write(dir.path().join("banli/config.toml"), "lang = \"en\"\ncolour = true\n").unwrap();
    let out = banli(dir.path()).arg("config").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml") && err.contains("第 2 行"), "{err}");
}

#[test]
fn without_a_terminal_the_message_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = banli(dir.path()).arg("--db").arg(&db).stdout(Stdio::piped()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有终端") && !err.contains("os error"), "{err}");
}

#[test]
fn completions_and_the_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = banli(dir.path()).args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("_banli") && text.contains("config"), "{}", &text[..200.min(text.len())]);
    let out = banli(dir.path()).arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(".ie") || text.contains(".TH banli"), "{}", &text[..200.min(text.len())]);
}
