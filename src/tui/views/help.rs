//! The help overlay, generated from the live keymap: every mode, every key the clerk
//! actually has, with the binding's description in the UI language and the action's name
//! (what a keymap file writes in `run`) second. Problems in the keymap files come first.
use crate::text::{Lang, T};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::key::show_seq;
use crate::tui::keymap::Mode;
use crate::tui::layout::help_rect as rect;
use crate::tui::width::{cut, fit, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Width of the key column.
const KEYS: usize = 22;
/// Width of the action-name column (what a keymap file writes in `run`).
const NAME: usize = 18;

/// A binding's description in `lang`: keymap files write "中文 English" (`"销号 Close the
/// entry"`); the English part starts at the first capital after a space or a bracket that is
/// followed by no more Chinese. A description in one language only is shown as it is.
pub fn desc_in(desc: &str, lang: Lang) -> &str {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c);
    let mut prev = ' ';
    let mut split = None;
    for (i, c) in desc.char_indices() {
        if c.is_ascii_uppercase()
            && matches!(prev, ' ' | ')' | '）')
            && desc[..i].chars().any(han)
            && !desc[i..].chars().any(han)
        {
            split = Some(i);
            break;
        }
        prev = c;
    }
    match (split, lang) {
        (Some(i), Lang::Zh) => desc[..i].trim_end(),
        (Some(i), Lang::En) => &desc[i..],
        (None, _) => desc,
    }
}

/// The help text for the live keymap, wrapped to `w` cells.
pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let (lang, t) = (app.lang, app.theme);
    let mut out = Vec::new();
    if !app.warnings.is_empty() {
        out.push(Line::styled(T::KeymapProblems.get(lang).to_string(), t.warning()));
        for warning in &app.warnings {
            for l in wrap(warning, w.saturating_sub(2)) {
                out.push(Line::styled(format!("  {l}"), t.warning()));
            }
        }
        out.push(Line::raw(""));
    }
    for notice in &app.notices {
        for l in wrap(notice, w) {
            out.push(Line::styled(l.to_string(), t.warning()));
        }
        out.push(Line::raw(""));
    }
    let sources = app.keymap.sources.join(" + ");
    out.push(Line::styled(cut(&format!("{}{}", T::KeymapFrom.get(lang), sources), w, t.ellipsis()), t.dim()));
    for &mode in Mode::ALL {
        // Group the keys of one action on one line, in the file's order.
        let mut groups: Vec<(Action, Vec<String>, String)> = Vec::new();
        for b in app.keymap.bindings(mode).iter().filter(|b| b.action != Action::NoOp) {
            match groups.iter_mut().find(|g| g.0 == b.action) {
                Some(g) => g.1.push(show_seq(&b.keys)),
                None => groups.push((b.action.clone(), vec![show_seq(&b.keys)], b.desc.clone())),
            }
        }
        if groups.is_empty() {
            continue;
        }
        out.push(Line::raw(""));
        out.push(Line::styled(format!("{} [{}]", mode.label(lang), mode.name()), t.section()));
        let e = t.ellipsis();
        let desc_w = w.saturating_sub(2 + KEYS + 1 + NAME + 1).clamp(8, 44);
        for (action, keys, desc) in groups {
            let desc = if desc.is_empty() { action.label(lang) } else { desc_in(&desc, lang) };
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(fit(&keys.join(", "), KEYS, e), t.key()),
                Span::raw(" "),
                Span::raw(fit(desc, desc_w, e)),
                Span::raw(" "),
                Span::styled(cut(&action.name(), NAME, e), t.dim()),
            ]));
        }
    }
    out
}

/// Draws the overlay, scrolled to `scroll`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let t = app.theme;
    let r = rect(area);
    // Clear whole rows: a wide character cut in half by the overlay's edge would leave
    // half a glyph on some terminals.
    frame.render_widget(Clear, Rect { x: area.x, width: area.width, ..r });
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.focused())
        .title(Span::styled(format!(" {} ", T::HelpTitle.get(app.lang)), t.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let all = lines(app, usize::from(inner.width));
    let h = usize::from(inner.height);
    let scroll = scroll.min(all.len().saturating_sub(h));
    frame.render_widget(Paragraph::new(all.into_iter().skip(scroll).take(h).collect::<Vec<_>>()), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_shows_in_the_ui_language() {
        assert_eq!(desc_in("销号 Close the entry", Lang::Zh), "销号");
        assert_eq!(desc_in("销号 Close the entry", Lang::En), "Close the entry");
        assert_eq!(desc_in("排序: 编号/期限/状态 Sort: number, deadline, status", Lang::Zh), "排序: 编号/期限/状态");
        assert_eq!(desc_in("导入 Excel/CSV 文件 Import a file", Lang::En), "Import a file");
        assert_eq!(desc_in("搜索 Search (、 from a Chinese IME)", Lang::En), "Search (、 from a Chinese IME)");
        assert_eq!(desc_in("批量销号(当前列表)Close every eligible entry shown", Lang::Zh), "批量销号(当前列表)");
        assert_eq!(desc_in("my own words", Lang::Zh), "my own words");
        assert_eq!(desc_in("只有中文", Lang::En), "只有中文");
    }
}
