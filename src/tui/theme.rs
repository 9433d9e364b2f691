//! Colours, border lines and the characters of ambiguous width, in one place. `--ascii`
//! swaps box lines, "…" and "—" for plain ASCII: CJK-configured terminals draw those two
//! cells wide and break the columns.
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// Plain ASCII borders for `--ascii`.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Whether a CJK-configured terminal may draw `c` two cells wide while unicode-width
/// counts one (East Asian Width "ambiguous").
fn is_ambiguous(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c.width() == Some(1) && c.width_cjk() == Some(2)
}

/// Whether `NO_COLOR` is set (to anything but the empty string): styles keep bold,
/// underline and reverse but lose their colours (<https://no-color.org>).
pub fn no_color() -> bool {
    static NO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *NO.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

/// `s` without its colours when `plain`; red text (overdue, errors) stays bold, so it still
/// stands out.
pub fn paint(s: Style, plain: bool) -> Style {
    if !plain {
        return s;
    }
    let bold = matches!(s.fg, Some(Color::Red) | Some(Color::Yellow));
    let mut s = Style { fg: None, bg: None, ..s };
    if bold {
        s = s.add_modifier(Modifier::BOLD);
    }
    s
}

/// How the app draws, chosen at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Theme {
    pub ascii: bool,
}

impl Theme {
    /// The border lines of panes and overlays.
    pub fn border(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// What ends a cut cell.
    pub fn ellipsis(self) -> &'static str {
        if self.ascii {
            "~"
        } else {
            "…"
        }
    }

    /// An empty cell (no deadline).
    pub fn dash(self) -> &'static str {
        if self.ascii {
            "-"
        } else {
            "—"
        }
    }

    /// Text as drawn: under `--ascii`, characters of ambiguous width (curly quotes,
    /// dashes, the ellipsis, circled numbers…) become ASCII, since the terminals that need
    /// ASCII borders also draw these two cells wide.
    pub fn text<'a>(self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.ascii || s.chars().all(|c| c.is_ascii() || !is_ambiguous(c)) {
            return std::borrow::Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '“' | '”' | '„' => out.push('"'),
                '‘' | '’' => out.push('\''),
                '—' | '–' | '―' | '─' => out.push('-'),
                '…' => out.push_str("..."),
                '·' | '•' => out.push('.'),
                '×' => out.push('x'),
                '①'..='⑳' => out.push_str(&format!("({})", c as u32 - '①' as u32 + 1)),
                c if is_ambiguous(c) => out.push('?'),
                c => out.push(c),
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// Separates parts of a title line.
    pub fn dot(self) -> &'static str {
        if self.ascii {
            " | "
        } else {
            " · "
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Characters a search query matched.
    pub fn matched(self) -> Style {
        paint(Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED), no_color())
    }
    pub fn marked(self) -> Style {
        paint(Style::new().fg(Color::Cyan), no_color())
    }
    pub fn overdue(self) -> Style {
        paint(Style::new().fg(Color::Red), no_color())
    }
    pub fn due_soon(self) -> Style {
        paint(Style::new().fg(Color::Yellow), no_color())
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn key(self) -> Style {
        paint(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD), no_color())
    }
    pub fn section(self) -> Style {
        paint(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD), no_color())
    }
    pub fn focused(self) -> Style {
        paint(Style::new().fg(Color::Cyan), no_color())
    }
    pub fn info(self) -> Style {
        paint(Style::new().fg(Color::Green), no_color())
    }
    pub fn warning(self) -> Style {
        paint(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD), no_color())
    }
    pub fn error(self) -> Style {
        paint(Style::new().fg(Color::Red).add_modifier(Modifier::BOLD), no_color())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_mode_replaces_ambiguous_characters() {
        let t = Theme { ascii: true };
        assert_eq!(t.text("关于推进“明厨亮灶”建设的建议"), "关于推进\"明厨亮灶\"建设的建议");
        assert_eq!(t.text("第①项—完成…"), "第(1)项-完成...");
        assert_eq!(t.text("区住建局、区财政局"), "区住建局、区财政局");
        assert_eq!(Theme { ascii: false }.text("“明厨亮灶”"), "“明厨亮灶”");
    }

    #[test]
    fn no_color_keeps_emphasis_and_drops_colours() {
        let red = Style::new().fg(Color::Red);
        assert_eq!(paint(red, false), red);
        assert_eq!(paint(red, true), Style::new().add_modifier(Modifier::BOLD));
        let key = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        assert_eq!(paint(key, true), Style::new().add_modifier(Modifier::BOLD));
        assert_eq!(paint(Style::new().fg(Color::Cyan), true), Style::new());
    }
}
