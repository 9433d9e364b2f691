//! A small choice list with a type-to-narrow field: the ledger's meeting, status and unit
//! filters. Typing narrows with the same matcher as every list field
//! ([`crate::tui::forms::pick::rank`]: names, pinyin and its initials, so `zj` and `zhujian`
//! find 区住建局); Enter chooses.
use crate::domain::Status;
use crate::text::{Lang, T};
use crate::tui::forms::pick::{rank, Candidate};
use crate::tui::theme::Theme;
use crate::tui::width;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Which filter the picker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    Meeting,
    Status,
    Unit,
    /// The command palette (`:`), over the screen whose keys it lists.
    Palette(crate::tui::keymap::Mode),
}

impl PickFor {
    /// The picker's title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            PickFor::Meeting => T::PickMeeting,
            PickFor::Status => T::PickStatus,
            PickFor::Unit => T::PickUnit,
            PickFor::Palette(_) => T::ActOpenPalette,
        }
        .get(lang)
    }
}

/// The value of one choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickValue {
    /// No filter.
    All,
    Meeting(i64),
    Status(Status),
    Unit(i64),
    /// The palette's action: an index into [`crate::tui::action::Action::NAMED`].
    Action(usize),
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    /// Extra text matched by the filter but not shown (a unit's full name).
    pub also: String,
    pub value: PickValue,
    /// Shown at the right (the palette's key); empty elsewhere.
    pub key: String,
}

/// The open picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub purpose: PickFor,
    pub choices: Vec<Choice>,
    /// The choices as the matcher reads them (with their pinyin).
    keys: Vec<Candidate>,
    /// What the clerk typed.
    pub query: String,
    /// Index into the visible choices.
    pub selected: usize,
}

impl Picker {
    /// A picker over `choices`, with the current value selected.
    pub fn new(purpose: PickFor, choices: Vec<Choice>, current: PickValue) -> Picker {
        let selected = choices.iter().position(|c| c.value == current).unwrap_or(0);
        // "区住建局  区住房和城乡建设局": the short name matches as the name, the rest as other
        // text, as in the assign picker.
        let key = |i: usize, c: &Choice| {
            let (main, rest) = c.label.split_once("  ").unwrap_or((&c.label, ""));
            Candidate::new(i as i64, main.to_string(), format!("{rest} {}", c.also).trim().to_string())
        };
        let keys = choices.iter().enumerate().map(|(i, c)| key(i, c)).collect();
        Picker { purpose, choices, keys, query: String::new(), selected }
    }

    /// The choices that match the typed text, best first ("all" always stays on top).
    pub fn visible(&self) -> Vec<&Choice> {
        if self.query.trim().is_empty() {
            return self.choices.iter().collect();
        }
        let all = self.choices.iter().filter(|c| c.value == PickValue::All);
        let real = self.keys.iter().enumerate().filter(|(i, _)| self.choices[*i].value != PickValue::All);
        all.chain(rank(real, &self.query).into_iter().map(|i| &self.choices[i])).collect()
    }

    /// Moves the highlight by `delta`, within the visible choices.
    pub fn step(&mut self, delta: isize) {
        let n = self.visible().len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
    }

    /// Types text into the field; the highlight goes to the first match.
    pub fn type_text(&mut self, s: &str) {
        self.query.extend(s.chars().filter(|c| !c.is_control()));
        self.selected = self.first_match();
    }

    /// Deletes the last typed character.
    pub fn delete_char(&mut self) {
        self.query.pop();
        self.selected = self.first_match();
    }

    /// With text typed, the first real match rather than "all".
    fn first_match(&self) -> usize {
        let v = self.visible();
        if self.query.is_empty() {
            0
        } else {
            v.iter().position(|c| c.value != PickValue::All).unwrap_or(0)
        }
    }

    /// The highlighted choice.
    pub fn chosen(&self) -> Option<PickValue> {
        self.visible().get(self.selected).map(|c| c.value)
    }
}

/// Draws the picker in the middle of `area`.
pub fn draw(frame: &mut Frame, area: Rect, picker: &Picker, lang: Lang, theme: Theme) {
    // As tall as the list needs, up to the page height.
    let list_h = crate::tui::layout::picker_page(area.height).min(picker.choices.len().max(3));
    let w = area.width.saturating_sub(4).min(60);
    let h = (list_h as u16 + 3).min(area.height);
    let rect =
        Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height.saturating_sub(h)) / 2, width: w, height: h };
    // Clear whole rows: a wide character cut in half by the box's edge would leave half
    // a glyph on some terminals.
    frame.render_widget(Clear, Rect { x: area.x, width: area.width, ..rect });
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.focused())
        .title(Span::styled(format!(" {} ", picker.purpose.title(lang)), theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let iw = usize::from(inner.width);
    let prompt = T::PickerPrompt.get(lang);
    let mut lines = vec![Line::from(vec![
        Span::styled(prompt, theme.dim()),
        Span::raw(width::cut(&picker.query, iw.saturating_sub(width::width(prompt) + 1), theme.ellipsis())),
    ])];
    let visible = picker.visible();
    let offset = picker.selected.saturating_sub(list_h.saturating_sub(1));
    for (i, c) in visible.iter().enumerate().skip(offset).take(list_h) {
        let kw = width::width(&c.key).min(iw / 2);
        let label_w = if kw > 0 { iw.saturating_sub(kw + 1) } else { iw };
        let mut text = width::fit(&theme.text(&c.label), label_w, theme.ellipsis());
        if kw > 0 {
            text.push(' ');
            text.push_str(&width::fit_right(&c.key, kw, theme.ellipsis()));
        }
        let style = if i == picker.selected { theme.selected() } else { ratatui::style::Style::new() };
        lines.push(Line::styled(text, style));
    }
    if visible.is_empty() {
        lines.push(Line::styled(T::NoMatch.get(lang), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // The terminal cursor at the caret, so a Chinese IME opens its candidates there.
    let caret = width::width(prompt) + width::width(&picker.query);
    if caret < iw {
        frame.set_cursor_position(Position { x: inner.x + caret as u16, y: inner.y });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_picker() -> Picker {
        let c = |label: &str, also: &str, v| Choice {
            label: label.into(),
            also: also.into(),
            value: v,
            key: String::new(),
        };
        Picker::new(
            PickFor::Unit,
            vec![
                c("全部单位", "", PickValue::All),
                c("区住建局", "区住房和城乡建设局", PickValue::Unit(1)),
                c("区财政局", "区财政局", PickValue::Unit(2)),
                c("区教体局", "区教育和体育局", PickValue::Unit(3)),
            ],
            PickValue::All,
        )
    }

    #[test]
    fn typing_narrows_and_selects_the_first_match() {
        let mut p = unit_picker();
        assert_eq!(p.visible().len(), 4);
        p.type_text("住房");
        assert_eq!(p.visible().len(), 2);
        assert_eq!(p.chosen(), Some(PickValue::Unit(1)));
        p.delete_char();
        p.delete_char();
        assert_eq!(p.chosen(), Some(PickValue::All));
        p.type_text("教");
        assert_eq!(p.chosen(), Some(PickValue::Unit(3)));
        p.type_text("xyz");
        assert_eq!(p.visible().len(), 1);
    }

    #[test]
    fn pinyin_and_initials_find_like_the_assign_picker() {
        for q in ["zj", "zhujian", "ZJ", "ｚｊ"] {
            let mut p = unit_picker();
            p.type_text(q);
            assert_eq!(p.chosen(), Some(PickValue::Unit(1)), "{q}");
        }
        let mut p = unit_picker();
        p.type_text("jiaoyu");
        assert_eq!(p.chosen(), Some(PickValue::Unit(3)));
    }

    #[test]
    fn the_highlight_stays_in_the_list() {
        let mut p = unit_picker();
        p.step(-1);
        assert_eq!(p.selected, 0);
        p.step(10);
        assert_eq!(p.chosen(), Some(PickValue::Unit(3)));
        let p = Picker::new(PickFor::Unit, unit_picker().choices, PickValue::Unit(2));
        assert_eq!(p.chosen(), Some(PickValue::Unit(2)));
    }
}
