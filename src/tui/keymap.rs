//! Keymaps: `keymaps/default.toml` compiled in, merged per key with the clerk's own file
//! (`--keymap FILE`), and the pure key → action resolution.
//!
//! Format (the default file documents it too): one table per mode, each with a `keymap`
//! array of bindings `{ on = "x" | ["g", "g"], run = "action_name", desc = "中文 English" }`.
//! A user binding replaces the default binding of the same key (and any binding that is a
//! prefix of it, or that it is a prefix of, so `["g","g"]` replaces a single `g`);
//! `run = "no_op"` unbinds. A bad entry is reported with its file and line and skipped.
use super::action::Action;
use super::key::Key;
use crate::text::{Lang, T};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The default keymap, which is also its documentation.
pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
/// The name warnings use for the default keymap.
pub const DEFAULT_FILE: &str = "keymaps/default.toml";

/// Which table of the keymap applies: the screen or overlay that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Keys that work on every screen unless the screen's own table binds them.
    Global,
    /// Moving in a list or scrolling a page: chained under every screen that shows one.
    List,
    /// The keys that act on an item (x, the dialogs' keys, ] [ …): chained under the
    /// screens that show items.
    Item,
    Ledger,
    Detail,
    Help,
    /// A choice list with a type-to-narrow field (unit, meeting, status filters).
    Picker,
    /// A form: assignment, reply, closure, a new item…
    Form,
    /// The quick-search overlay: typed text is the query.
    Search,
    /// The list screens.
    Dashboard,
    Queue,
    Supervision,
    Units,
    /// The evaluation screen (key 7).
    Evaluation,
}

impl Mode {
    /// Every mode, in the order help lists them.
    pub const ALL: &'static [Mode] = &[
        Mode::Global,
        Mode::List,
        Mode::Item,
        Mode::Ledger,
        Mode::Detail,
        Mode::Help,
        Mode::Picker,
        Mode::Form,
        Mode::Search,
        Mode::Dashboard,
        Mode::Queue,
        Mode::Supervision,
        Mode::Units,
        Mode::Evaluation,
    ];

    /// The table name in a keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::List => "list",
            Mode::Item => "item",
            Mode::Ledger => "ledger",
            Mode::Detail => "detail",
            Mode::Help => "help",
            Mode::Picker => "picker",
            Mode::Form => "form",
            Mode::Search => "search",
            Mode::Dashboard => "dashboard",
            Mode::Queue => "queue",
            Mode::Supervision => "supervision",
            Mode::Units => "units",
            Mode::Evaluation => "evaluation",
        }
    }

    /// Reads a table name.
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == s)
    }

    /// The mode's title in help.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Mode::Global => T::ModeGlobal,
            Mode::List => T::ModeList,
            Mode::Item => T::ModeItem,
            Mode::Ledger => T::ModeLedger,
            Mode::Detail => T::ModeDetail,
            Mode::Help => T::ModeHelp,
            Mode::Picker => T::ModePicker,
            Mode::Form => T::ModeForm,
            Mode::Search => T::ModeSearch,
            Mode::Dashboard => T::ModeDashboard,
            Mode::Queue => T::ModeQueue,
            Mode::Supervision => T::ModeSupervision,
            Mode::Units => T::ModeUnits,
            Mode::Evaluation => T::ModeEvaluation,
        }
        .get(lang)
    }

    /// Whether printable keys are typed text here, so global letters must not fire.
    pub fn has_text_field(self) -> bool {
        matches!(self, Mode::Picker | Mode::Form | Mode::Search)
    }
}

/// One key (or key sequence) bound to an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: String,
}

/// What went wrong with one entry of a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file could not be read.
    Unreadable(String),
    /// The file is not valid TOML, or not shaped like a keymap.
    Syntax(String),
    /// A table that names no mode.
    UnknownMode(String),
    /// `run` names no action.
    UnknownAction(String),
    /// `on` is not a key this program understands.
    BadKey(String),
    /// A required field (`on` or `run`) is missing or of the wrong type.
    Missing(&'static str),
    /// The file leaves no key that quits from the ledger: it is refused whole.
    NoQuit,
}

/// A problem in a keymap file, with where it is; the entry is skipped and the defaults stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapWarning {
    pub file: String,
    /// 1-based; 0 when the problem is with the whole file.
    pub line: usize,
    pub problem: Problem,
}

impl KeymapWarning {
    /// The message for the status bar and help, in the UI language: `file:line: what`.
    pub fn message(&self, lang: Lang) -> String {
        let what = match &self.problem {
            Problem::Unreadable(e) => format!("{} ({e})", T::KeymapUnreadable.get(lang)),
            Problem::Syntax(e) => format!("{} ({e})", T::KeymapSyntax.get(lang)),
            Problem::UnknownMode(m) => T::KeymapUnknownMode.get(lang).replace("{x}", m),
            Problem::UnknownAction(a) => T::KeymapUnknownAction.get(lang).replace("{x}", a),
            Problem::BadKey(k) => T::KeymapBadKey.get(lang).replace("{x}", k),
            Problem::Missing(field) => T::KeymapMissing.get(lang).replace("{x}", field),
            Problem::NoQuit => T::KeymapNoQuit.get(lang).to_string(),
        };
        let place = if self.line > 0 { format!("{}:{}", self.file, self.line) } else { self.file.clone() };
        format!("{place}: {what}")
    }
}

/// What one key press means in a mode, given the keys already pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Run this action.
    Run(Action),
    /// The keys so far begin a longer binding (`g` of `g g`): wait for the next key.
    Pending,
    /// Nothing is bound.
    Unbound,
}

/// The live keymap: the defaults with the clerk's file merged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<Binding>>,
    /// The files merged in, for help's title.
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
struct RawTable {
    #[serde(default)]
    keymap: Vec<toml::Spanned<RawBinding>>,
}

/// Fields are loose values so one bad entry is reported alone instead of failing the file.
#[derive(Deserialize)]
struct RawBinding {
    on: Option<toml::Spanned<toml::Value>>,
    run: Option<toml::Spanned<toml::Value>>,
    desc: Option<toml::Value>,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Whether two key sequences would compete for the same key presses.
fn overlaps(a: &[Key], b: &[Key]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Reads a keymap file's text into bindings per mode; bad entries become warnings.
pub fn parse(file: &str, text: &str) -> (Vec<(Mode, Binding)>, Vec<KeymapWarning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let warn = |line: usize, problem: Problem| KeymapWarning { file: file.to_string(), line, problem };
    let tables: BTreeMap<String, toml::Spanned<RawTable>> = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            warnings.push(warn(line, Problem::Syntax(e.message().trim().to_string())));
            return (out, warnings);
        }
    };
    // Bindings in file order, so help lists them as the file does.
    let mut entries = Vec::new();
    for (name, table) in &tables {
        let table_line = line_of(text, table.span().start);
        let Some(mode) = Mode::parse(name) else {
            warnings.push(warn(table_line, Problem::UnknownMode(name.clone())));
            continue;
        };
        for b in &table.get_ref().keymap {
            entries.push((b.span().start, mode, b));
        }
    }
    entries.sort_by_key(|e| e.0);
    for (start, mode, raw) in entries {
        let entry_line = line_of(text, start);
        let raw = raw.get_ref();
        let Some(on) = &raw.on else {
            warnings.push(warn(entry_line, Problem::Missing("on")));
            continue;
        };
        let Some(run) = &raw.run else {
            warnings.push(warn(entry_line, Problem::Missing("run")));
            continue;
        };
        let on_line = line_of(text, on.span().start);
        let names: Vec<&str> = match on.get_ref() {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) if !a.is_empty() && a.iter().all(|v| v.is_str()) => {
                a.iter().filter_map(|v| v.as_str()).collect()
            }
            _ => {
                warnings.push(warn(on_line, Problem::Missing("on")));
                continue;
            }
        };
        let keys: Option<Vec<Key>> = names.iter().map(|n| Key::parse(n)).collect();
        let Some(keys) = keys else {
            let bad = names.iter().find(|n| Key::parse(n).is_none()).copied().unwrap_or_default();
            warnings.push(warn(on_line, Problem::BadKey(bad.to_string())));
            continue;
        };
        let run_line = line_of(text, run.span().start);
        let Some(name) = run.get_ref().as_str() else {
            warnings.push(warn(run_line, Problem::Missing("run")));
            continue;
        };
        let Some(action) = Action::from_name(name) else {
            warnings.push(warn(run_line, Problem::UnknownAction(name.to_string())));
            continue;
        };
        let desc = raw.desc.as_ref().and_then(|d| d.as_str()).unwrap_or_default().to_string();
        out.push((mode, Binding { keys, action, desc }));
    }
    (out, warnings)
}

impl Keymap {
    /// A keymap with no bindings.
    pub fn empty() -> Keymap {
        Keymap { modes: BTreeMap::new(), sources: Vec::new() }
    }

    /// The compiled-in defaults. (Their parse is checked by a test, so there is nothing
    /// to report at run time.)
    pub fn defaults() -> Keymap {
        let mut map = Keymap::empty();
        let (bindings, _) = parse(DEFAULT_FILE, DEFAULT_TOML);
        for (mode, b) in bindings {
            map.bind(mode, b);
        }
        map.sources.push(DEFAULT_FILE.to_string());
        map
    }

    /// The defaults with `user` merged in; problems come back as warnings, never errors.
    pub fn load(user: Option<&Path>) -> (Keymap, Vec<KeymapWarning>) {
        let mut map = Keymap::defaults();
        let Some(path) = user else { return (map, Vec::new()) };
        let file = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let mut warnings = map.merge_text(&file, &text);
                if map.keys_for(Mode::Ledger, &super::action::Action::Quit).is_empty() {
                    warnings.push(KeymapWarning { file, line: 0, problem: Problem::NoQuit });
                    return (Keymap::defaults(), warnings);
                }
                (map, warnings)
            }
            Err(e) => (map, vec![KeymapWarning { file, line: 0, problem: Problem::Unreadable(e.to_string()) }]),
        }
    }

    /// Merges a keymap file's text over this map, per key; returns the file's problems.
    pub fn merge_text(&mut self, file: &str, text: &str) -> Vec<KeymapWarning> {
        let (bindings, warnings) = parse(file, text);
        for (mode, b) in bindings {
            self.bind(mode, b);
        }
        self.sources.push(file.to_string());
        warnings
    }

    /// Binds `b` in `mode`, replacing the bindings it overlaps. A `no_op` binding stays in
    /// the table so it also hides a global binding of the same key.
    pub fn bind(&mut self, mode: Mode, b: Binding) {
        let list = self.modes.entry(mode).or_default();
        let keys = b.keys.clone();
        // Replace in place so help keeps the file's order.
        let at = match list.iter().position(|old| old.keys == keys) {
            Some(i) => {
                list[i] = b;
                i
            }
            None => {
                list.push(b);
                list.len() - 1
            }
        };
        let mut i = 0;
        list.retain(|old| {
            let keep = i == at || !overlaps(&old.keys, &keys);
            i += 1;
            keep
        });
    }

    /// The bindings of one mode's table, in file order (including `no_op` ones).
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes.get(&mode).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The tables consulted in `mode`, most specific first: the screen's own, then `[item]`
    /// on the screens that show items, `[list]` on those that show a list or a page, and
    /// `[global]`. A key bound in the screen's table wins (an old file that binds `x` or
    /// `j` in `[ledger]` works as it did).
    fn chain(mode: Mode) -> &'static [Mode] {
        use Mode::*;
        match mode {
            Global => &[Global],
            List => &[List, Global],
            Item => &[Item, Global],
            Ledger => &[Ledger, Item, List, Global],
            Detail => &[Detail, Item, List, Global],
            Help => &[Help, List, Global],
            // Global letters would eat typed text.
            Picker => &[Picker],
            Form => &[Form],
            Search => &[Search],
            Dashboard => &[Dashboard, List, Global],
            Queue => &[Queue, Item, List, Global],
            Supervision => &[Supervision, Item, List, Global],
            Units => &[Units, Item, List, Global],
            Evaluation => &[Evaluation, List, Global],
        }
    }

    /// What `key` means in `mode` after the `pending` keys of an unfinished sequence.
    /// Pure: the caller keeps the pending keys. An unbound printable key in a mode with a
    /// text field types itself.
    pub fn resolve(&self, mode: Mode, pending: &[Key], key: Key) -> Resolved {
        let mut seq = pending.to_vec();
        seq.push(key);
        for &m in Keymap::chain(mode) {
            let table = self.bindings(m);
            if let Some(b) = table.iter().find(|b| b.keys == seq) {
                return match b.action {
                    Action::NoOp => Resolved::Unbound,
                    ref a => Resolved::Run(a.clone()),
                };
            }
            if table.iter().any(|b| b.keys.len() > seq.len() && b.keys.starts_with(&seq)) {
                return Resolved::Pending;
            }
        }
        if !pending.is_empty() {
            // The sequence went nowhere: read the key on its own.
            return self.resolve(mode, &[], key);
        }
        match key.printable() {
            Some(c) if mode.has_text_field() => Resolved::Run(Action::InsertChar(c)),
            _ => Resolved::Unbound,
        }
    }

    /// The action of a single key press in `mode`, with no sequence pending (`None` when
    /// unbound, or when the key only begins a sequence).
    pub fn action_for(&self, mode: Mode, ev: &crossterm::event::KeyEvent) -> Option<Action> {
        match self.resolve(mode, &[], Key::from_event(ev)) {
            Resolved::Run(a) => Some(a),
            Resolved::Pending | Resolved::Unbound => None,
        }
    }

    /// The key sequences that run `action` in `mode` (its own table, then the global one),
    /// skipping keys the mode's table unbinds or rebinds.
    pub fn keys_for(&self, mode: Mode, action: &Action) -> Vec<Vec<Key>> {
        let mut out: Vec<Vec<Key>> = Vec::new();
        let chain = Keymap::chain(mode);
        for (i, &m) in chain.iter().enumerate() {
            for b in self.bindings(m) {
                let shadowed = chain[..i].iter().any(|&s| self.bindings(s).iter().any(|o| overlaps(&o.keys, &b.keys)));
                if &b.action == action && !shadowed && !out.contains(&b.keys) {
                    out.push(b.keys.clone());
                }
            }
        }
        out
    }

    /// The first key sequence for `action` in `mode`, as help shows it.
    pub fn hint_key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.keys_for(mode, action).first().map(|k| super::key::show_seq(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn a_keymap_without_a_way_to_quit_is_refused_with_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("noquit.toml");
        std::fs::write(
            &path,
            "[ledger]\nkeymap = [ { on = \"q\", run = \"no_op\" }, { on = \"j\", run = \"quit\" } ]\n[global]\nkeymap = [ { on = \"ctrl-c\", run = \"no_op\" } ]\n",
        )
        .unwrap();
        let (ok, w) = Keymap::load(Some(&path));
        assert!(w.is_empty(), "{w:?}");
        assert!(!ok.keys_for(Mode::Ledger, &Action::Quit).is_empty());
        std::fs::write(
            &path,
            "[ledger]\nkeymap = [ { on = \"q\", run = \"no_op\" }, { on = \"ctrl-c\", run = \"no_op\" } ]\n[global]\nkeymap = [ { on = \"ctrl-c\", run = \"no_op\" }, { on = \"q\", run = \"no_op\" } ]\n",
        )
        .unwrap();
        let (map, w) = Keymap::load(Some(&path));
        let last = w.last().expect("a warning");
        assert_eq!(last.problem, Problem::NoQuit);
        assert!(last.message(Lang::Zh).starts_with(&path.display().to_string()), "{}", last.message(Lang::Zh));
        assert_eq!(map.keys_for(Mode::Ledger, &Action::Quit), Keymap::defaults().keys_for(Mode::Ledger, &Action::Quit));
    }

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    fn run(map: &Keymap, mode: Mode, keys: &[&str]) -> Option<Action> {
        let mut pending = Vec::new();
        let mut last = None;
        for k in keys {
            match map.resolve(mode, &pending, key(k)) {
                Resolved::Run(a) => {
                    pending.clear();
                    last = Some(a);
                }
                Resolved::Pending => {
                    pending.push(key(k));
                    last = None;
                }
                Resolved::Unbound => {
                    pending.clear();
                    last = None;
                }
            }
        }
        last
    }

    #[test]
    fn the_default_keymap_parses_without_warnings() {
        let (bindings, warnings) = parse(DEFAULT_FILE, DEFAULT_TOML);
        assert_eq!(warnings, vec![]);
        // Shorter since [list] and [item]: the paging keys are bound once for every list.
        assert!(bindings.len() > 30, "{}", bindings.len());
        assert!(bindings.iter().any(|(m, b)| *m == Mode::List && b.action == Action::PageDown));
    }

    #[test]
    fn the_vim_keymap_parses_without_warnings() {
        let (bindings, warnings) = parse("keymaps/vim.toml", include_str!("../../keymaps/vim.toml"));
        assert_eq!(warnings, vec![]);
        // Shorter since [list] and [item]: the paging keys are bound once for every list.
        assert!(bindings.len() > 30, "{}", bindings.len());
        assert!(bindings.iter().any(|(m, b)| *m == Mode::List && b.action == Action::PageDown));
    }

    #[test]
    fn every_named_action_is_bound_and_described_in_the_defaults() {
        let map = Keymap::defaults();
        for a in Action::NAMED.iter().filter(|a| **a != Action::NoOp) {
            let found = Mode::ALL.iter().flat_map(|&m| map.bindings(m)).find(|b| &b.action == a);
            let b = found.unwrap_or_else(|| panic!("{} is not bound in default.toml", a.name()));
            assert!(!b.desc.is_empty(), "{} has no desc", a.name());
        }
    }

    #[test]
    fn default_keys_resolve_by_mode() {
        let map = Keymap::defaults();
        use Mode::*;
        let cases: &[(Mode, &[&str], Option<Action>)] = &[
            (Ledger, &["j"], Some(Action::MoveDown)),
            (Ledger, &["down"], Some(Action::MoveDown)),
            (Ledger, &["k"], Some(Action::MoveUp)),
            (Ledger, &["up"], Some(Action::MoveUp)),
            (Ledger, &["pagedown"], Some(Action::PageDown)),
            (Ledger, &["pageup"], Some(Action::PageUp)),
            (Ledger, &["home"], Some(Action::First)),
            (Ledger, &["end"], Some(Action::Last)),
            (Ledger, &["G"], Some(Action::Last)),
            (Ledger, &["enter"], Some(Action::OpenEntry)),
            (Ledger, &["space"], Some(Action::ToggleSelect)),
            (Ledger, &["q"], Some(Action::Quit)),
            (Ledger, &["?"], Some(Action::Help)),
            (Ledger, &["？"], Some(Action::Help)),
            (Ledger, &["F1"], Some(Action::Help)),
            (Ledger, &["/"], Some(Action::OpenSearch)),
            (Ledger, &["／"], Some(Action::OpenSearch)),
            (Ledger, &["、"], Some(Action::OpenSearch)),
            (Ledger, &["ctrl-f"], Some(Action::OpenSearch)),
            (Ledger, &["s"], Some(Action::CycleSort)),
            (Ledger, &["1"], Some(Action::ShowLedger)),
            (Ledger, &["ctrl-c"], Some(Action::Quit)),
            (Ledger, &["tab"], None),
            (Detail, &["esc"], Some(Action::Back)),
            (Detail, &["tab"], Some(Action::NextPane)),
            (Detail, &["shift-tab"], Some(Action::PrevPane)),
            (Detail, &["j"], Some(Action::MoveDown)),
            (Detail, &["q"], Some(Action::Quit)),
            (Help, &["esc"], Some(Action::Back)),
            (Help, &["q"], Some(Action::Back)),
            (Help, &["j"], Some(Action::MoveDown)),
            (Picker, &["enter"], Some(Action::OpenEntry)),
            (Picker, &["esc"], Some(Action::Back)),
            (Picker, &["down"], Some(Action::MoveDown)),
            (Picker, &["backspace"], Some(Action::DeleteChar)),
            // Letters type into the picker's field, even those bound globally.
            (Picker, &["q"], Some(Action::InsertChar('q'))),
            (Picker, &["j"], Some(Action::InsertChar('j'))),
            (Picker, &["住"], Some(Action::InsertChar('住'))),
            (Picker, &["ctrl-x"], None),
            (Picker, &["ctrl-c"], Some(Action::Quit)),
            (Ledger, &["住"], None),
            (Dashboard, &["/"], Some(Action::OpenSearch)),
            (Units, &["、"], Some(Action::OpenSearch)),
            (Detail, &["ctrl-f"], Some(Action::OpenSearch)),
            (Search, &["enter"], Some(Action::OpenEntry)),
            (Search, &["esc"], Some(Action::Back)),
            (Search, &["down"], Some(Action::MoveDown)),
            (Search, &["ctrl-n"], Some(Action::MoveDown)),
            (Search, &["ctrl-p"], Some(Action::MoveUp)),
            (Search, &["backspace"], Some(Action::DeleteChar)),
            // Everything printable is the query, the keys that opened the box too.
            (Search, &["q"], Some(Action::InsertChar('q'))),
            (Search, &["2"], Some(Action::InsertChar('2'))),
            (Search, &["/"], Some(Action::InsertChar('/'))),
            (Search, &["马"], Some(Action::InsertChar('马'))),
            (Search, &["space"], Some(Action::InsertChar(' '))),
        ];
        for (mode, keys, want) in cases {
            assert_eq!(run(&map, *mode, keys), *want, "{mode:?} {keys:?}");
        }
    }

    #[test]
    fn terminal_events_resolve_to_actions() {
        use crossterm::event::KeyEvent;
        let map = Keymap::defaults();
        let ev = |code, mods| KeyEvent::new(code, mods);
        let none = KeyModifiers::NONE;
        let cases = [
            (Mode::Ledger, ev(KeyCode::Char('G'), KeyModifiers::SHIFT), Some(Action::Last)),
            (Mode::Ledger, ev(KeyCode::Char('？'), none), Some(Action::Help)),
            (Mode::Ledger, ev(KeyCode::Char('、'), none), Some(Action::OpenSearch)),
            (Mode::Ledger, ev(KeyCode::F(1), none), Some(Action::Help)),
            (
                Mode::Ledger,
                ev(KeyCode::Char('F'), KeyModifiers::CONTROL | KeyModifiers::SHIFT),
                Some(Action::OpenSearch),
            ),
            (Mode::Detail, ev(KeyCode::BackTab, KeyModifiers::SHIFT), Some(Action::PrevPane)),
            (Mode::Detail, ev(KeyCode::Esc, none), Some(Action::Back)),
            (Mode::Help, ev(KeyCode::Char('？'), none), Some(Action::Back)),
            (Mode::Picker, ev(KeyCode::Char('住'), none), Some(Action::InsertChar('住'))),
            (Mode::Picker, ev(KeyCode::Backspace, none), Some(Action::DeleteChar)),
            (Mode::Ledger, ev(KeyCode::F(5), none), None),
        ];
        for (mode, e, want) in cases {
            assert_eq!(map.action_for(mode, &e), want, "{mode:?} {e:?}");
        }
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut map = Keymap::defaults();
        let warnings = map.merge_text("vim.toml", "[ledger]\nkeymap = [{ on = [\"g\", \"g\"], run = \"first\" }]\n");
        assert!(warnings.is_empty());
        assert_eq!(map.resolve(Mode::Ledger, &[], key("g")), Resolved::Pending);
        assert_eq!(map.resolve(Mode::Ledger, &[key("g")], key("g")), Resolved::Run(Action::First));
        // A key that breaks the sequence is read on its own.
        assert_eq!(map.resolve(Mode::Ledger, &[key("g")], key("j")), Resolved::Run(Action::MoveDown));
        assert_eq!(run(&map, Mode::Ledger, &["g", "g"]), Some(Action::First));
    }

    #[test]
    fn a_user_binding_overrides_only_its_key() {
        let mut map = Keymap::defaults();
        let w = map.merge_text(
            "my.toml",
            "[ledger]\nkeymap = [\n  { on = \"j\", run = \"page_down\", desc = \"翻页\" },\n]\n",
        );
        assert!(w.is_empty());
        assert_eq!(run(&map, Mode::Ledger, &["j"]), Some(Action::PageDown));
        // Keys the file does not name keep their defaults.
        assert_eq!(run(&map, Mode::Ledger, &["down"]), Some(Action::MoveDown));
        assert_eq!(run(&map, Mode::Ledger, &["k"]), Some(Action::MoveUp));
        // The other modes are untouched.
        assert_eq!(run(&map, Mode::Detail, &["j"]), Some(Action::MoveDown));
        assert_eq!(map.bindings(Mode::Ledger).iter().filter(|b| b.keys == vec![key("j")]).count(), 1);
    }

    #[test]
    fn no_op_unbinds_even_a_global_key() {
        let mut map = Keymap::defaults();
        let w = map.merge_text(
            "my.toml",
            "[ledger]\nkeymap = [{ on = \"q\", run = \"no_op\" }, { on = \"s\", run = \"no_op\" }]\n",
        );
        assert!(w.is_empty());
        assert_eq!(map.resolve(Mode::Ledger, &[], key("q")), Resolved::Unbound);
        assert_eq!(map.resolve(Mode::Ledger, &[], key("s")), Resolved::Unbound);
        // Still bound where the file did not unbind it.
        assert_eq!(run(&map, Mode::Detail, &["q"]), Some(Action::Quit));
        assert!(map.keys_for(Mode::Ledger, &Action::Quit).iter().all(|k| k != &vec![key("q")]));
        assert!(map.keys_for(Mode::Ledger, &Action::CycleSort).is_empty());
    }

    #[test]
    fn an_unknown_action_is_reported_with_file_and_line_and_the_default_stays() {
        let mut map = Keymap::defaults();
        let text = "# my keys\n[ledger]\nkeymap = [\n  { on = \"x\", run = \"page_down\" },\n  { on = \"j\", run = \"mvoe_down\", desc = \"typo\" },\n]\n";
        let w = map.merge_text("/home/clerk/keys.toml", text);
        assert_eq!(
            w,
            vec![KeymapWarning {
                file: "/home/clerk/keys.toml".into(),
                line: 5,
                problem: Problem::UnknownAction("mvoe_down".into())
            }]
        );
        assert_eq!(w[0].message(Lang::En), "/home/clerk/keys.toml:5: unknown action 'mvoe_down'");
        assert!(w[0].message(Lang::Zh).starts_with("/home/clerk/keys.toml:5: "));
        assert_eq!(run(&map, Mode::Ledger, &["j"]), Some(Action::MoveDown));
        // The good entry of the same file still applies.
        assert_eq!(run(&map, Mode::Ledger, &["x"]), Some(Action::PageDown));
    }

    #[test]
    fn a_bad_key_is_reported_with_file_and_line() {
        let mut map = Keymap::defaults();
        let text = "[detail]\nkeymap = [\n  { on = \"ctrl-\", run = \"back\" },\n  { on = [\"g\", \"pagdown\"], run = \"last\" },\n]\n";
        let w = map.merge_text("k.toml", text);
        let lines: Vec<(usize, Problem)> = w.iter().map(|w| (w.line, w.problem.clone())).collect();
        assert_eq!(lines, vec![(3, Problem::BadKey("ctrl-".into())), (4, Problem::BadKey("pagdown".into()))]);
        assert_eq!(map, {
            let mut d = Keymap::defaults();
            d.sources.push("k.toml".into());
            d
        });
    }

    #[test]
    fn whole_file_problems_name_the_file() {
        let mut map = Keymap::defaults();
        let w = map.merge_text("k.toml", "[ledger]\nkeymap = [ { on = \"j\" run = \"quit\" } ]\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
        assert!(matches!(w[0].problem, Problem::Syntax(_)));
        let w = map.merge_text("k.toml", "[ledgr]\nkeymap = []\n");
        assert_eq!(
            w,
            vec![KeymapWarning { file: "k.toml".into(), line: 1, problem: Problem::UnknownMode("ledgr".into()) }]
        );
        let w = map.merge_text("k.toml", "[ledger]\nkeymap = [ { on = \"j\" } ]\n");
        assert_eq!(w[0].problem, Problem::Missing("run"));
        let (_, w) = Keymap::load(Some(Path::new("/nonexistent/keys.toml")));
        assert!(matches!(w[0].problem, Problem::Unreadable(_)));
        assert_eq!(Keymap::load(None).0, Keymap::defaults());
    }

    #[test]
    fn a_user_file_can_rebind_the_search_box_and_is_checked_like_the_others() {
        let mut map = Keymap::defaults();
        let text = "[search]\nkeymap = [\n  { on = \"ctrl-j\", run = \"move_down\" },\n  { on = \"tab\", run = \"mvoe_down\" },\n]\n";
        let w = map.merge_text("k.toml", text);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].line, w[0].problem.clone()), (4, Problem::UnknownAction("mvoe_down".into())));
        assert_eq!(run(&map, Mode::Search, &["ctrl-j"]), Some(Action::MoveDown));
        assert_eq!(run(&map, Mode::Search, &["down"]), Some(Action::MoveDown));
        assert_eq!(Mode::parse("search"), Some(Mode::Search));
        assert!(Mode::ALL.contains(&Mode::Search));
    }

    #[test]
    fn keys_for_finds_the_live_keys() {
        let map = Keymap::defaults();
        let quit = map.keys_for(Mode::Ledger, &Action::Quit);
        assert!(quit.contains(&vec![key("q")]));
        assert!(quit.contains(&vec![Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)]));
        assert_eq!(map.hint_key(Mode::Ledger, &Action::OpenEntry).as_deref(), Some("Enter"));
    }

    #[test]
    fn item_keys_and_list_keys_are_bound_once_and_chained_under_the_screens() {
        let map = Keymap::defaults();
        let where_bound = |action: Action| -> Vec<Mode> {
            Mode::ALL.iter().copied().filter(|&m| map.bindings(m).iter().any(|b| b.action == action)).collect()
        };
        assert_eq!(where_bound(Action::CloseEntry), vec![Mode::Item], "x is bound once, in [item]");
        assert_eq!(where_bound(Action::AssignUnits), vec![Mode::Item]);
        // j/k once, in [list]; the text-field modes keep their own arrows (letters type there).
        for a in [Action::MoveUp, Action::MoveDown] {
            assert_eq!(where_bound(a.clone()), vec![Mode::List, Mode::Picker, Mode::Form, Mode::Search], "{a:?}");
        }
        for mode in [Mode::Ledger, Mode::Detail, Mode::Queue, Mode::Supervision, Mode::Units] {
            assert_eq!(run(&map, mode, &["x"]), Some(Action::CloseEntry), "{mode:?}");
            assert_eq!(run(&map, mode, &["j"]), Some(Action::MoveDown), "{mode:?}");
        }
        for mode in [Mode::Help, Mode::Dashboard, Mode::Evaluation] {
            assert_eq!(run(&map, mode, &["j"]), Some(Action::MoveDown), "{mode:?}");
            assert_eq!(run(&map, mode, &["x"]), None, "{mode:?}: no item here");
        }
        // A screen's own table still wins over [item]: P publishes on supervision.
        assert_eq!(run(&map, Mode::Supervision, &["P"]), Some(Action::RecordPublished));
        assert_eq!(run(&map, Mode::Ledger, &["P"]), Some(Action::DecideReassignment));
        assert_eq!(map.hint_key(Mode::Ledger, &Action::CloseEntry).as_deref(), Some("x"));
    }

    #[test]
    fn an_old_file_binding_item_and_list_keys_in_a_screen_table_still_loads_and_wins() {
        // The shape keymap files had before [item] and [list]: the keys in each screen.
        let old = "[ledger]\nkeymap = [\n  { on = \"x\", run = \"close_entry\" },\n  { on = \"j\", run = \"move_down\" },\n]\n\
                   [detail]\nkeymap = [\n  { on = \"x\", run = \"no_op\" },\n  { on = \"j\", run = \"page_down\" },\n]\n\
                   [queue]\nkeymap = [\n  { on = \"c\", run = \"close_entry\" },\n]\n";
        let mut map = Keymap::defaults();
        let warnings = map.merge_text("old.toml", old);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(run(&map, Mode::Ledger, &["x"]), Some(Action::CloseEntry));
        assert_eq!(run(&map, Mode::Ledger, &["j"]), Some(Action::MoveDown));
        assert_eq!(run(&map, Mode::Detail, &["x"]), None, "no_op in [detail] hides [item]'s x there");
        assert_eq!(run(&map, Mode::Detail, &["j"]), Some(Action::PageDown), "the screen's binding wins");
        assert_eq!(run(&map, Mode::Queue, &["c"]), Some(Action::CloseEntry));
        assert_eq!(run(&map, Mode::Queue, &["x"]), Some(Action::CloseEntry), "[item] still applies");
        assert!(map.keys_for(Mode::Detail, &Action::CloseEntry).is_empty());
    }
}
