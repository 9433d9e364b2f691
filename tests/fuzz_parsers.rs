//! Fuzzing what a clerk types or edits by hand: dates, keymap files, search queries,
//! rules.toml and holiday files. Nothing may panic; every rejection says what and where.
//!
//! `BANLI_FUZZ_SCALE=N` multiplies the case counts (see tests/fuzz/mod.rs).
mod fuzz;

use banli::domain::dates::parse_date;
use banli::domain::{Calendar, Rules};
use banli::search::query::{Query, MAX_WORDS, MAX_WORD_CHARS};
use banli::text::Lang;
use banli::tui::keymap::{self, Keymap, DEFAULT_TOML};
use chrono::Datelike;
use fuzz::*;
use proptest::prelude::*;

/// Pieces dates are typed with, to build near-dates rather than only noise.
fn date_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,9}",
        "[０-９]{1,4}",
        Just("年".to_string()),
        Just("月".to_string()),
        Just("日".to_string()),
        Just("号".to_string()),
        Just("-".to_string()),
        Just("/".to_string()),
        Just(".".to_string()),
        Just("／".to_string()),
        Just("—".to_string()),
        Just(" ".to_string()),
        "\\PC{0,3}",
    ];
    proptest::collection::vec(piece, 0..9).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(43_000))]

    /// A date is read or refused with a message quoting the input and showing the forms.
    #[test]
    fn dates_never_panic_and_accept_only_real_dates(s in prop_oneof![date_like(), "\\PC{0,30}", ".{0,30}"], year in 1900i32..2300) {
        match parse_date(&s, year) {
            Ok(d) => {
                prop_assert!((1949..=2200).contains(&d.year()) || d.year() == year, "{s:?} → {d}");
                // A date read once reads again the same from its own printing.
                prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string(), year), Ok(d));
            }
            Err(e) => {
                let zh = e.message(Lang::Zh);
                let en = e.message(Lang::En);
                prop_assert!(zh.contains("2024-03-05") && en.contains("2024-03-05"), "{zh} / {en}");
                prop_assert!(en.contains(&format!("'{s}'")), "the input is quoted: {en}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(25_000))]

    /// Whatever is typed or pasted, the query stays within its limits and has no blanks.
    #[test]
    fn queries_never_panic_and_stay_within_limits(s in prop_oneof!["\\PC{0,120}", ".{0,200}", "[a-z0-9 第号０-９　]{0,60}"]) {
        let q = Query::parse(&s);
        prop_assert!(q.words.len() <= MAX_WORDS);
        for w in &q.words {
            prop_assert!(!w.text.is_empty() && w.len <= MAX_WORD_CHARS && w.len == w.text.chars().count());
            prop_assert!(!w.text.chars().any(|c| c.is_whitespace() || c.is_control()), "{:?}", w.text);
            prop_assert_eq!(w.ascii, w.text.is_ascii());
        }
        let padded = format!(" {} ", s);
        prop_assert!(Query::parse(&padded).same_as(&q));
    }
}

/// The default keymap as snippets: its header lines and one mode's table, so a mutated
/// snippet stays small and fast to parse.
fn keymap_snippets() -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in DEFAULT_TOML.lines() {
        if line.starts_with('[') && !cur.trim().is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !line.starts_with('#') {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    out.push(cur);
    out
}

/// Checks one keymap text: every warning names the file and, where it can, the line.
fn check_keymap(text: &str) -> Result<(), TestCaseError> {
    let (bindings, warnings) = keymap::parse("mine.toml", text);
    let bindings: Vec<_> = bindings;
    let lines = text.lines().count().max(1) + 1;
    for w in &warnings {
        prop_assert!(w.line <= lines, "line {} of {lines}", w.line);
        for lang in [Lang::Zh, Lang::En] {
            let m = w.message(lang);
            prop_assert!(m.starts_with("mine.toml") && m.len() > "mine.toml: ".len(), "{m}");
        }
    }
    for (_, b) in &bindings {
        prop_assert!(!b.keys.is_empty());
    }

    // Merged over the defaults it never panics.
    static DEFAULTS: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    let mut map = DEFAULTS.get_or_init(Keymap::defaults).clone();
    for (mode, b) in bindings {
        map.bind(mode, b);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1_500))]

    #[test]
    fn keymap_text_of_any_shape_is_warned_about_never_a_panic(text in prop_oneof!["\\PC{0,200}", "[\\[\\]{}=\",a-z \n#-]{0,200}"]) {
        check_keymap(&text)?;
    }

    #[test]
    fn mutated_keymaps_are_warned_about_with_their_line(pick in any::<prop::sample::Index>(), e in edits(6)) {
        let snippets = keymap_snippets();
        let base = &snippets[pick.index(snippets.len())];
        check_keymap(&mutate_text(base, &e, ALPHABET))?;
    }
}

proptest! {
    #![proptest_config(config(800))]

    /// A broken rules.toml is refused naming the file; a changed one that parses is whole.
    #[test]
    fn mutated_rules_are_refused_naming_the_file(e in edits(4)) {
        let text = mutate_text(banli::data::RULES, &e, ALPHABET);
        match Rules::parse("rules.toml", &text) {
            Ok(r) => prop_assert!(!r.scheme.classes.is_empty()),
            Err(err) => {
                let m = err.to_string();
                prop_assert!(m.starts_with("rules.toml: ") && m.len() > 14, "{m}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(6_000))]

    /// A broken holiday file is refused with its file and line.
    #[test]
    fn mutated_holiday_files_are_refused_with_file_and_line(pick in 0usize..4, e in edits(5)) {
        let (name, text) = banli::data::HOLIDAYS[pick];
        let text = mutate_text(text, &e, ALPHABET);
        let mut cal = Calendar::default();
        if let Err(err) = cal.add_file(name, &text) {
            let lines = text.lines().count();
            prop_assert!(err.line <= lines.max(1), "line {} of {lines}", err.line);
            let m = err.to_string();
            prop_assert!(m.starts_with(&format!("{name}:")) && !err.message.is_empty(), "{m}");
        }
    }
}

#[test]
fn the_shipped_files_parse_cleanly() {
    let (_, warnings) = keymap::parse("default.toml", DEFAULT_TOML);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(Rules::parse("rules.toml", banli::data::RULES).is_ok());
    for (name, text) in banli::data::HOLIDAYS {
        let mut cal = Calendar::default();
        cal.add_file(name, text).unwrap();
    }
}
