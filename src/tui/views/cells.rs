//! Table cells written straight into the frame's buffer (issue 19): a cell's text goes in
//! character by character, cut and padded by display width exactly as [`crate::tui::width::fit`]
//! cuts and pads it, without building padded strings, spans and a paragraph (whose grapheme
//! segmentation and width work was 40% of a frame). The cells come out as a paragraph of
//! those padded strings would draw them.
use crate::tui::width::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// One line of cells being written, left to right.
pub struct Row<'a> {
    buf: &'a mut Buffer,
    x: u16,
    y: u16,
    end: u16,
    /// The line's style (selected, marked): each cell's own style is patched over it.
    base: Style,
}

impl<'a> Row<'a> {
    /// Line `y` of `area` (nothing is written when it is outside), in `base` style.
    pub fn new(buf: &'a mut Buffer, area: Rect, y: u16, base: Style) -> Row<'a> {
        let inside = y >= area.top() && y < area.bottom();
        let end = if inside { area.right().min(buf.area.right()) } else { area.x };
        Row { buf, x: area.x, y, end, base }
    }

    /// Writes `s` as it is (control characters as spaces), as far as the line goes.
    pub fn text(&mut self, s: &str, style: Style) {
        let style = self.base.patch(style);
        for c in s.chars() {
            self.char(c, style);
        }
    }

    fn char(&mut self, c: char, style: Style) {
        let (c, w) = if c.is_control() { (' ', 1) } else { (c, c.width().unwrap_or(0)) };
        // A zero-width character is left out, as a paragraph leaves it out.
        if w == 0 || self.x + w as u16 > self.end {
            return;
        }
        self.buf[(self.x, self.y)].set_char(c).set_style(style);
        self.x += w as u16;
    }

    /// `n` spaces.
    pub fn spaces(&mut self, n: usize, style: Style) {
        let style = self.base.patch(style);
        for _ in 0..n {
            self.char(' ', style);
        }
    }

    /// `s` in exactly `w` cells: cut with `ellipsis` when longer, padded with spaces (in
    /// the same style) when shorter; on the right when `right` (numbers).
    pub fn fit(&mut self, s: &str, w: usize, ellipsis: &str, style: Style, right: bool) {
        let full = width(s);
        if full <= w {
            if right {
                self.spaces(w - full, style);
            }
            self.text(s, style);
            if !right {
                self.spaces(w - full, style);
            }
            return;
        }
        let ew = width(ellipsis);
        if w < ew {
            return self.spaces(w, style);
        }
        let style_in = self.base.patch(style);
        let mut used = 0;
        for c in s.chars() {
            let cw = if c.is_control() { 1 } else { c.width().unwrap_or(0) };
            if used + cw > w - ew {
                break;
            }
            self.char(c, style_in);
            used += cw;
        }
        // What was cut is at most one cell short of the room (a two-cell character).
        let pad = w - ew - used;
        if right {
            self.spaces(pad, style);
            self.text(ellipsis, style);
        } else {
            self.text(ellipsis, style);
            self.spaces(pad, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::width::{fit, fit_right};
    use ratatui::style::{Color, Modifier};
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Paragraph, Widget};

    /// The cells are those a paragraph of `fit`'s padded strings draws.
    #[test]
    fn cells_are_what_a_paragraph_of_padded_strings_draws() {
        let area = Rect::new(0, 0, 40, 1);
        let red = Style::new().fg(Color::Red);
        let sel = Style::new().add_modifier(Modifier::REVERSED);
        let cells: [(&str, usize, Style, bool); 6] = [
            ("25", 5, Style::new(), true),
            ("关于加快老旧小区改造的提案", 11, red, false),
            ("区住建局", 9, Style::new(), false),
            ("马均侠", 2, Style::new(), false),
            ("12345678", 4, Style::new(), true),
            ("a\tb", 4, Style::new(), false),
        ];
        for base in [Style::new(), sel] {
            let mut want = Buffer::empty(area);
            let spans: Vec<Span> = cells
                .iter()
                .map(|&(s, w, st, right)| {
                    let text = if right { fit_right(s, w, "…") } else { fit(s, w, "…") };
                    Span::styled(text, st)
                })
                .collect();
            Paragraph::new(Line::from(spans).style(base)).render(area, &mut want);
            let mut got = Buffer::empty(area);
            let mut row = Row::new(&mut got, area, 0, base);
            for &(s, w, st, right) in &cells {
                row.fit(s, w, "…", st, right);
            }
            assert_eq!(got, want, "{base:?}");
        }
    }

    #[test]
    fn nothing_is_written_past_the_line_or_outside_the_area() {
        let area = Rect::new(0, 0, 5, 1);
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 2));
        Row::new(&mut buf, area, 0, Style::new()).text("老旧小区", Style::new());
        Row::new(&mut buf, area, 1, Style::new()).text("outside", Style::new());
        assert_eq!(buf, Buffer::with_lines(["老旧    ", "        "]));
    }
}
