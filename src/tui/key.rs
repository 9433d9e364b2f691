//! One key press as keymaps write it (`"j"`, `"ctrl-f"`, `"F1"`, `"？"`) and as the
//! terminal reports it, normalised so the two compare equal.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// A key with its modifiers, normalised: a character carries its own case, so Shift is
/// dropped from characters and from Shift-Tab (`BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// The key names a keymap file may use (besides single characters and `f1`…`f12`).
const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

impl Key {
    /// A key from its code and modifiers, normalised.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                // Terminals report Ctrl-F and Ctrl-f alike; keep one spelling.
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// A plain key without modifiers.
    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    /// The key of a terminal event.
    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::new(ev.code, ev.modifiers)
    }

    /// The terminal event this key stands for (tests drive the app with it).
    pub fn to_event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.mods)
    }

    /// The character typed, when the key is a printable character without Ctrl or Alt.
    pub fn printable(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) && !c.is_control() => {
                Some(c)
            }
            _ => None,
        }
    }

    /// Reads a key as a keymap file writes it: `"j"`, `"G"`, `"?"`, `"？"`, `"ctrl-f"`,
    /// `"alt-x"`, `"shift-tab"`, `"F1"`, `"enter"`, `"pagedown"`, `"space"`…
    pub fn parse(s: &str) -> Option<Key> {
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        // A single character is a key even when it is "-".
        while rest.chars().count() > 1 {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return None,
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCode::F(n)
                } else {
                    let code = NAMES.iter().find(|(name, _)| *name == lower).map(|(_, c)| *c)?;
                    if code == KeyCode::Tab && mods.contains(KeyModifiers::SHIFT) {
                        KeyCode::BackTab
                    } else {
                        code
                    }
                }
            }
        };
        Some(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    /// How help and the status bar show the key: `j`, `G`, `Ctrl-f`, `F1`, `Enter`,
    /// `PgDn`. Arrows are spelled out: the arrow symbols have ambiguous width.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Shows a key sequence as help writes it: `g g`.
pub fn show_seq(keys: &[Key]) -> String {
    keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode::*;

    fn k(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::new(code, mods)
    }

    #[test]
    fn parses_the_documented_key_strings() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        let cases: &[(&str, Key)] = &[
            ("j", k(Char('j'), none)),
            ("G", k(Char('G'), none)),
            ("shift-g", k(Char('G'), none)),
            ("?", k(Char('?'), none)),
            ("？", k(Char('？'), none)),
            ("／", k(Char('／'), none)),
            ("、", k(Char('、'), none)),
            ("-", k(Char('-'), none)),
            ("ctrl-f", k(Char('f'), ctrl)),
            ("Ctrl-F", k(Char('f'), ctrl)),
            ("ctrl--", k(Char('-'), ctrl)),
            ("alt-x", k(Char('x'), KeyModifiers::ALT)),
            ("F1", k(F(1), none)),
            ("f12", k(F(12), none)),
            ("enter", k(Enter, none)),
            ("Esc", k(Esc, none)),
            ("tab", k(Tab, none)),
            ("shift-tab", k(BackTab, none)),
            ("backtab", k(BackTab, none)),
            ("up", k(Up, none)),
            ("down", k(Down, none)),
            ("pageup", k(PageUp, none)),
            ("pagedown", k(PageDown, none)),
            ("home", k(Home, none)),
            ("end", k(End, none)),
            ("space", k(Char(' '), none)),
            ("backspace", k(Backspace, none)),
        ];
        for (s, want) in cases {
            assert_eq!(Key::parse(s), Some(*want), "{s}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        for s in ["", "ctrl-", "pagdown", "F13", "F0", "jj", "ctrl-jk", "hyper-x"] {
            assert_eq!(Key::parse(s), None, "{s}");
        }
    }

    #[test]
    fn terminal_events_normalise_to_the_parsed_key() {
        // Shift arrives with capital letters and with BackTab; Ctrl may come with a capital.
        let cases = [
            (KeyEvent::new(Char('G'), KeyModifiers::SHIFT), "G"),
            (KeyEvent::new(BackTab, KeyModifiers::SHIFT), "shift-tab"),
            (KeyEvent::new(Char('F'), KeyModifiers::CONTROL | KeyModifiers::SHIFT), "ctrl-f"),
            (KeyEvent::new(Char('？'), KeyModifiers::NONE), "？"),
            (KeyEvent::new(PageDown, KeyModifiers::NONE), "pagedown"),
        ];
        for (ev, s) in cases {
            assert_eq!(Some(Key::from_event(&ev)), Key::parse(s), "{s}");
        }
    }

    #[test]
    fn shows_keys_for_help() {
        assert_eq!(Key::parse("ctrl-d").unwrap().to_string(), "Ctrl-d");
        assert_eq!(Key::parse("pagedown").unwrap().to_string(), "PgDn");
        assert_eq!(Key::parse("space").unwrap().to_string(), "Space");
        assert_eq!(show_seq(&[Key::parse("g").unwrap(), Key::parse("g").unwrap()]), "g g");
    }

    #[test]
    fn printable_only_without_ctrl_or_alt() {
        assert_eq!(Key::parse("中").unwrap().printable(), Some('中'));
        assert_eq!(Key::parse("ctrl-a").unwrap().printable(), None);
        assert_eq!(Key::parse("enter").unwrap().printable(), None);
    }
}
