//! A one-line text field: the caret moves by character, text typed through an IME (several
//! characters at once) and pasted text go in at the caret, and [`Input::view`] gives the
//! visible part for a field of a given width with the caret's cell, so the terminal cursor
//! (and the IME's candidate window) sits at the caret, also after Chinese characters.
use unicode_width::UnicodeWidthChar;

fn cells(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// A one-line text field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    chars: Vec<char>,
    /// Caret position, in characters.
    caret: usize,
}

impl Input {
    /// A field holding `s`, the caret at its end.
    pub fn new(s: &str) -> Input {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_control()).collect();
        let caret = chars.len();
        Input { chars, caret }
    }

    /// The text.
    pub fn value(&self) -> String {
        self.chars.iter().collect()
    }

    /// Whether the field is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Inserts text at the caret: typed characters, an IME burst, or a paste (line breaks
    /// and tabs become spaces; other control characters are dropped).
    pub fn insert(&mut self, s: &str) {
        for c in s.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            self.chars.insert(self.caret, c);
            self.caret += 1;
        }
    }

    /// Deletes the character before the caret.
    pub fn backspace(&mut self) {
        if self.caret > 0 {
            self.caret -= 1;
            self.chars.remove(self.caret);
        }
    }

    /// Deletes the character at the caret.
    pub fn delete(&mut self) {
        if self.caret < self.chars.len() {
            self.chars.remove(self.caret);
        }
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.chars.len());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.chars.len();
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        self.chars.clear();
        self.caret = 0;
    }

    /// The part of the text shown in a field `width` cells wide, scrolled so the caret is
    /// visible, and the caret's cell within it.
    pub fn view(&self, width: usize) -> (String, u16) {
        let width = width.max(1);
        // Start far enough left that the text up to the caret, plus one cell for the caret
        // itself, fits.
        let mut start = self.caret;
        let mut used = 1;
        while start > 0 && used + cells(self.chars[start - 1]) <= width {
            start -= 1;
            used += cells(self.chars[start]);
        }
        let caret_x: usize = self.chars[start..self.caret].iter().map(|c| cells(*c)).sum();
        let mut shown = String::new();
        let mut w = 0;
        for &c in &self.chars[start..] {
            if w + cells(c) > width {
                break;
            }
            shown.push(c);
            w += cells(c);
        }
        (shown, caret_x as u16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ime_burst_is_kept_whole_and_the_caret_follows() {
        let mut i = Input::new("关于");
        i.insert("老旧小区");
        assert_eq!(i.value(), "关于老旧小区");
        assert_eq!(i.view(40), ("关于老旧小区".to_string(), 12));
        i.left();
        i.left();
        i.insert("的");
        assert_eq!(i.value(), "关于老旧的小区");
        assert_eq!(i.view(40).1, 10);
    }

    #[test]
    fn paste_becomes_one_line() {
        let mut i = Input::default();
        i.insert("第一行\r\n第二行\tx\u{7}");
        assert_eq!(i.value(), "第一行  第二行 x");
    }

    #[test]
    fn editing_keys() {
        let mut i = Input::new("abc");
        i.home();
        i.delete();
        i.end();
        i.backspace();
        assert_eq!(i.value(), "b");
        i.backspace();
        i.backspace();
        assert!(i.is_empty());
    }

    #[test]
    fn a_long_text_scrolls_so_the_caret_shows_and_never_splits_a_character() {
        let mut i = Input::new("");
        i.insert("一二三四五六七八九十");
        let (shown, x) = i.view(7);
        assert_eq!(shown, "八九十");
        assert_eq!(x, 6);
        i.home();
        let (shown, x) = i.view(7);
        assert_eq!(shown, "一二三");
        assert_eq!(x, 0);
    }
}
