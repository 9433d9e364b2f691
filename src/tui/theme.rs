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
    pub fn marked(self) -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn overdue(self) -> Style {
        Style::new().fg(Color::Red)
    }
    pub fn due_soon(self) -> Style {
        Style::new().fg(Color::Yellow)
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn key(self) -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn section(self) -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn focused(self) -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn info(self) -> Style {
        Style::new().fg(Color::Green)
    }
    pub fn warning(self) -> Style {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn error(self) -> Style {
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
