//! The terminal backend: ratatui's crossterm backend, but writing fewer bytes per frame
//! (issue 19). ratatui's own backend moves the cursor (`ESC[y;xH`, 6–9 bytes) before every
//! cell that does not directly follow the last one by one column, and after a two-cell
//! character the next cell is two columns on: so Chinese text costs a move per character,
//! more than the text itself (a key press in the search box wrote 10–16 KB, two thirds of it
//! moves). This backend knows where the terminal's cursor is after a character (one or two
//! columns on, by `unicode-width`, as the views measure), and across a gap in the same line
//! moves right (`ESC[nC`) instead of to an absolute place, or, when shorter, writes again
//! the few unchanged characters of the gap (it keeps what it wrote where). A change of style
//! is one sequence (`ESC[1;4;35m`, where ratatui wrote `ESC[1mESC[4mESC[38;5;5;49m`).
use crossterm::cursor::{Hide, MoveRight, MoveTo, Show};
use crossterm::style::Print;
use crossterm::terminal::{self, Clear};
use crossterm::{execute, queue};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A crossterm backend on `W` (stdout in the app, a counting writer in the bench).
pub struct Lean<W: Write> {
    writer: W,
    /// What this backend wrote where, by line and column, as far as it knows.
    seen: Vec<Vec<Seen>>,
    /// Cells not in `seen` are blank: true from the start (the alternate screen, as ratatui
    /// also assumes) and after a whole clear; false after a partial one.
    blank: bool,
}

/// One cell of the screen as last written.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Unknown,
    /// The right half of the two-cell character to its left.
    Right,
    Cell(Cell),
}

impl<W: Write> Lean<W> {
    pub fn new(writer: W) -> Lean<W> {
        Lean { writer, seen: Vec::new(), blank: true }
    }

    fn seen_at(&mut self, x: u16, y: u16) -> &mut Seen {
        let (x, y) = (usize::from(x), usize::from(y));
        if self.seen.len() <= y {
            self.seen.resize(y + 1, Vec::new());
        }
        let unseen = if self.blank { Seen::Cell(Cell::default()) } else { Seen::Unknown };
        let row = &mut self.seen[y];
        if row.len() <= x {
            row.resize(x + 1, unseen);
        }
        &mut row[x]
    }

    /// Notes `cell` written at (`x`, `y`), `width` cells wide (0: not known), and what it
    /// did to a two-cell character it overlapped.
    fn note(&mut self, x: u16, y: u16, cell: &Cell, width: u16) {
        if x > 0 && *self.seen_at(x, y) == Seen::Right {
            *self.seen_at(x - 1, y) = Seen::Unknown;
        }
        let was_wide = matches!(self.seen_at(x, y), Seen::Cell(c) if c.symbol().width() == 2);
        *self.seen_at(x, y) = if width == 0 { Seen::Unknown } else { Seen::Cell(cell.clone()) };
        if width == 2 {
            *self.seen_at(x + 1, y) = Seen::Right;
        } else if was_wide {
            *self.seen_at(x + 1, y) = Seen::Unknown;
        }
    }

    /// The characters of columns `from..to` of line `y` as last written, when they are
    /// known, drawn in `pen` and fewer bytes than `budget`: writing them again crosses the
    /// gap more cheaply than a move.
    fn gap_text(&self, y: u16, from: u16, to: u16, pen: &Cell, budget: usize) -> Option<String> {
        let blank = Seen::Cell(Cell::default());
        let unseen = if self.blank { &blank } else { &Seen::Unknown };
        let empty = Vec::new();
        let row = self.seen.get(usize::from(y)).unwrap_or(&empty);
        let at = |x: u16| row.get(usize::from(x)).unwrap_or(unseen);
        let mut out = String::new();
        let mut x = from;
        while x < to {
            let Seen::Cell(c) = at(x) else { return None };
            let same = c.fg == pen.fg && c.bg == pen.bg && c.modifier == pen.modifier;
            if !same || c.underline_color != pen.underline_color {
                return None;
            }
            let next = after(x, c.symbol())?;
            if next == x + 2 && *at(x + 1) != Seen::Right {
                return None;
            }
            out.push_str(c.symbol());
            x = next;
            if out.len() >= budget {
                return None;
            }
        }
        (x == to).then_some(out)
    }
}

/// The column the terminal's cursor is at after `symbol` is printed at `x`, when it is
/// certain: one character, as wide as `unicode-width` says (a sequence such as an emoji with
/// a variation selector is drawn one or two columns wide depending on the terminal).
fn after(x: u16, symbol: &str) -> Option<u16> {
    let mut chars = symbol.chars();
    let one = chars.next().is_some() && chars.next().is_none();
    match symbol.width() {
        1 => Some(x + 1),
        2 if one => Some(x + 2),
        _ => None,
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The pen: the style the terminal writes in now (the symbol is not used).
        let mut pen = Cell::default();
        // Where the terminal's cursor is, when known.
        let mut at: Option<Position> = None;
        for (x, y, cell) in content {
            match at {
                Some(p) if p.y == y && p.x == x => {}
                Some(p) if p.y == y && p.x < x => {
                    let n = x - p.x;
                    let budget = 3 + n.to_string().len();
                    match self.gap_text(y, p.x, x, &pen, budget) {
                        Some(text) => queue!(self.writer, Print(text))?,
                        None => queue!(self.writer, MoveRight(n))?,
                    }
                }
                _ => queue!(self.writer, MoveTo(x, y))?,
            }
            let w = &mut self.writer;
            let mut params = Vec::new();
            sgr(&pen, cell, &mut params);
            if !params.is_empty() {
                write!(w, "\x1b[{}m", params.join(";"))?;
                (pen.fg, pen.bg, pen.underline_color, pen.modifier) =
                    (cell.fg, cell.bg, cell.underline_color, cell.modifier);
            }
            queue!(w, Print(cell.symbol()))?;
            let next = after(x, cell.symbol());
            self.note(x, y, cell, next.map_or(0, |n| n - x));
            at = next.map(|x| Position { x, y });
        }
        // Everything back to the terminal's default, in one sequence.
        if pen != Cell::default() {
            write!(self.writer, "\x1b[0m")?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        execute!(self.writer, Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        execute!(self.writer, Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        crossterm::cursor::position().map(|(x, y)| Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        execute!(self.writer, MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use crossterm::terminal::ClearType as C;
        // A whole clear leaves blanks; after a partial one, what is where is not known.
        self.seen.clear();
        self.blank = clear_type == ClearType::All;
        let c = match clear_type {
            ClearType::All => C::All,
            ClearType::AfterCursor => C::FromCursorDown,
            ClearType::BeforeCursor => C::FromCursorUp,
            ClearType::CurrentLine => C::CurrentLine,
            ClearType::UntilNewLine => C::UntilNewLine,
        };
        execute!(self.writer, Clear(c))
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.seen.clear();
        self.blank = false;
        for _ in 0..n {
            queue!(self.writer, Print("\n"))?;
        }
        self.writer.flush()
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let s = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size { width: s.columns, height: s.rows },
            pixels: Size { width: s.width, height: s.height },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The SGR parameters that take the terminal from `pen`'s style to `cell`'s, written as
/// one sequence (`ESC[1;4;35m`): attributes as ratatui changes them (bold and dim share one
/// reset, so the one kept is set again after it), the sixteen named colours by their short
/// codes (30–37, 90–97), and a colour only when it changes.
fn sgr(pen: &Cell, cell: &Cell, out: &mut Vec<String>) {
    let (from, to) = (pen.modifier, cell.modifier);
    let removed = from - to;
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    let off = [
        (Modifier::REVERSED, 27),
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::CROSSED_OUT, 29),
        (Modifier::HIDDEN, 28),
        (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK, 25),
    ];
    for (m, code) in off {
        if removed.intersects(m) {
            out.push(code.to_string());
        }
    }
    if reset_intensity {
        out.push("22".into());
    }
    let on = [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ];
    for (m, code) in on {
        let again = reset_intensity && matches!(m, Modifier::BOLD | Modifier::DIM) && to.contains(m);
        if (to - from).contains(m) || again {
            out.push(code.to_string());
        }
    }
    if cell.fg != pen.fg {
        out.push(colour(cell.fg, 0));
    }
    if cell.bg != pen.bg {
        out.push(colour(cell.bg, 10));
    }
    if cell.underline_color != pen.underline_color {
        out.push(match cell.underline_color {
            Color::Reset => "59".into(),
            Color::Rgb(r, g, b) => format!("58;2;{r};{g};{b}"),
            c => format!("58;5;{}", index(c)),
        });
    }
}

/// A colour's SGR parameter, foreground (`bg` 0) or background (`bg` 10).
fn colour(c: Color, bg: u8) -> String {
    let named = |n: u8| (n + bg).to_string();
    match c {
        Color::Reset => named(39),
        Color::Black => named(30),
        Color::Red => named(31),
        Color::Green => named(32),
        Color::Yellow => named(33),
        Color::Blue => named(34),
        Color::Magenta => named(35),
        Color::Cyan => named(36),
        Color::Gray => named(37),
        Color::DarkGray => named(90),
        Color::LightRed => named(91),
        Color::LightGreen => named(92),
        Color::LightYellow => named(93),
        Color::LightBlue => named(94),
        Color::LightMagenta => named(95),
        Color::LightCyan => named(96),
        Color::White => named(97),
        Color::Indexed(i) => format!("{};5;{i}", 38 + bg),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", 38 + bg),
    }
}

/// The 256-colour index of a named colour (for the underline colour, which has no short
/// codes).
fn index(c: Color) -> u8 {
    match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Reset | Color::Rgb(..) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// What drawing `next` over `prev` writes.
    fn written(prev: &Buffer, next: &Buffer) -> String {
        let mut b = Lean::new(Vec::new());
        b.draw(prev.diff(next).into_iter()).unwrap();
        String::from_utf8(b.writer).unwrap()
    }

    #[test]
    fn chinese_text_is_written_without_a_move_per_character() {
        let area = Rect::new(0, 0, 20, 2);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(0, 1, "关于老旧小区改造", Style::new());
        let out = written(&prev, &next);
        assert_eq!(out.matches('H').count(), 1, "one move, to the line's start: {out:?}");
        assert!(out.contains("\x1b[2;1H关于老旧小区改造"), "{out:?}");
    }

    #[test]
    fn a_gap_in_a_line_is_crossed_by_moving_right() {
        let area = Rect::new(0, 0, 20, 1);
        let mut prev = Buffer::empty(area);
        prev.set_string(0, 0, "老旧 小区", Style::new());
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "新旧 小镇", Style::new());
        let out = written(&prev, &next);
        // 新 at 0; 旧, the space and 小 unchanged (columns 2–6); 镇 at 7.
        assert!(out.starts_with("\x1b[1;1H新\x1b[5C镇"), "{out:?}");
    }

    #[test]
    fn a_short_gap_is_crossed_by_writing_what_is_there_again() {
        let area = Rect::new(0, 0, 20, 1);
        let mut b = Lean::new(Vec::new());
        let mut prev = Buffer::empty(area);
        for (text, want) in [("ab cd 老旧", "\x1b[1;1Hab cd 老旧"), ("xb cy 新旧", "\x1b[1;1Hxb cy 新")] {
            let mut next = Buffer::empty(area);
            next.set_string(0, 0, text, Style::new());
            b.writer.clear();
            b.draw(prev.diff(&next).into_iter()).unwrap();
            let out = String::from_utf8(b.writer.clone()).unwrap();
            assert!(out.starts_with(want), "{out:?}");
            prev = next;
        }
        // A gap in another style is moved across.
        let mut next = prev.clone();
        next.set_string(0, 0, "y", Style::new());
        next.set_string(1, 0, "b", Style::new().add_modifier(Modifier::BOLD));
        next.set_string(2, 0, " ", Style::new().add_modifier(Modifier::BOLD));
        next.set_string(3, 0, "z", Style::new().add_modifier(Modifier::BOLD));
        b.writer.clear();
        b.draw(prev.diff(&next).into_iter()).unwrap();
        let out = String::from_utf8(b.writer.clone()).unwrap();
        assert!(out.starts_with("\x1b[1;1Hy\x1b[1mb z"), "{out:?}");
    }

    #[test]
    fn a_change_of_style_is_one_sequence_of_what_changed() {
        let area = Rect::new(0, 0, 10, 1);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        let matched = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        next.set_string(0, 0, "a", Style::new());
        next.set_string(1, 0, "老", matched);
        next.set_string(3, 0, "b", Style::new().add_modifier(Modifier::BOLD));
        next.set_string(4, 0, "c", Style::new().add_modifier(Modifier::DIM));
        next.set_string(5, 0, "d", Style::new().bg(Color::Rgb(1, 2, 3)));
        assert_eq!(written(&prev, &next), "\x1b[1;1Ha\x1b[1;4;35m老\x1b[24;39mb\x1b[22;2mc\x1b[22;48;2;1;2;3md\x1b[0m");
    }

    #[test]
    fn a_character_of_uncertain_width_is_followed_by_a_move() {
        assert_eq!(after(3, "a"), Some(4));
        assert_eq!(after(3, "老"), Some(5));
        assert_eq!(after(3, "👍\u{fe0f}"), None);
    }
}
