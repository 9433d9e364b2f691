//! Drawing a form: a box over the screen with its computed lines, its fields (the focused
//! one highlighted, the terminal cursor at the caret for the IME), the last error, and
//! after a lost race both versions.
use super::area::Row;
use super::field::FieldKind;
use super::pick::Match;
use super::{Conflict, Field, Form};
use crate::text::{tr, Lang, T};
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::theme::Theme;
use crate::tui::width;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The label column's width in cells.
const LABEL: usize = 15;
/// Lines an [`FieldKind::Area`] shows.
const AREA_LINES: usize = 4;

/// The lines of one field, and where the caret is (line within them, cell).
fn field_lines(
    f: &Field,
    focused: bool,
    w: usize,
    lang: Lang,
    t: Theme,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let label_style = if focused { t.focused() } else { t.dim() };
    let label = Span::styled(width::fit(&f.label, LABEL, t.ellipsis()), label_style);
    let vw = w.saturating_sub(LABEL + 1).max(1);
    let sel = |on: bool| if on { t.selected() } else { Style::new() };
    let mut caret = None;
    let mut lines = Vec::new();
    match &f.kind {
        FieldKind::Text(i) | FieldKind::Date(i) => {
            // The hint (an example, what to type) until something is typed.
            let hint = if i.is_empty() { f.hint.as_str() } else { "" };
            let (shown, x) = i.view(vw.saturating_sub(width::width(hint) + 1).max(4));
            let mut spans =
                vec![label, Span::raw(" "), Span::styled(shown, if focused { t.key() } else { Style::new() })];
            if !hint.is_empty() {
                spans.push(Span::styled(format!("  {hint}"), t.dim()));
            }
            lines.push(Line::from(spans));
            caret = focused.then_some((0, LABEL + 1 + usize::from(x)));
        }
        FieldKind::Fixed(s) => {
            lines.push(Line::from(vec![label, Span::raw(" "), Span::raw(width::cut(s, vw, t.ellipsis()))]));
        }
        FieldKind::Area(a) => {
            let (rows, (crow, cx)) = a.view(vw.max(2), AREA_LINES);
            let sel = a.selection();
            for i in 0..AREA_LINES.max(1) {
                let head = if i == 0 { label.clone() } else { Span::raw(" ".repeat(LABEL)) };
                let mut spans = vec![head, Span::raw(" ")];
                if let Some(r) = rows.get(i) {
                    spans.extend(area_row_spans(r, sel, t));
                }
                lines.push(Line::from(spans));
            }
            if focused {
                caret = Some((crow, LABEL + 1 + cx));
            }
            if !f.hint.is_empty() {
                lines.push(Line::from(vec![Span::raw(" ".repeat(LABEL + 1)), Span::styled(f.hint.clone(), t.dim())]));
            }
        }
        FieldKind::Choice(opts, chosen) => {
            let mut spans = vec![label, Span::raw(" ")];
            let all: usize = opts.iter().map(|o| width::width(&o.label) + 2).sum();
            if all > vw {
                // Too many to show side by side: the chosen one, with where it is in the list.
                let label = opts.get(*chosen).map(|o| o.label.as_str()).unwrap_or("");
                let tail = format!(" ▶ {}/{}", chosen + 1, opts.len());
                let text = width::cut(label, vw.saturating_sub(width::width(&tail) + 2), t.ellipsis());
                spans.push(Span::styled(format!("◀ {text}"), sel(focused).patch(t.title())));
                spans.push(Span::styled(tail, t.dim()));
                lines.push(Line::from(spans));
                return (lines, caret);
            }
            for (i, o) in opts.iter().enumerate() {
                let text = if i == *chosen { format!("[{}]", o.label) } else { format!(" {} ", o.label) };
                spans.push(Span::styled(text, if i == *chosen { sel(focused).patch(t.title()) } else { t.dim() }));
            }
            lines.push(Line::from(spans));
        }
        FieldKind::Toggle => {
            let mark = if f.on { "[✓]" } else { "[ ]" };
            let mut spans = vec![label, Span::raw(" "), Span::styled(t.text(mark).into_owned(), sel(focused))];
            if !f.hint.is_empty() {
                spans.push(Span::styled(format!("  {}", f.hint), t.dim()));
            }
            lines.push(Line::from(spans));
        }
        FieldKind::List(l) => {
            for (i, p) in l.picked.iter().enumerate() {
                let head = if i == 0 { label.clone() } else { Span::raw(" ".repeat(LABEL)) };
                let role = l.roles.get(p.role).map(|o| format!("{}  ", o.label)).unwrap_or_default();
                let new = if p.id.is_none() { tr(lang, T::DrawNewMark) } else { String::new() };
                let text = width::cut(&format!("{role}{}{new}", p.label), vw, t.ellipsis());
                let on = focused && l.query.is_empty() && i == l.row;
                lines.push(Line::from(vec![head, Span::raw(" "), Span::styled(text, sel(on))]));
            }
            let head = if l.picked.is_empty() { label } else { Span::raw(" ".repeat(LABEL)) };
            let (shown, x) = l.query.view(vw.saturating_sub(2).max(4));
            let mut spans = vec![head, Span::styled(" +", t.dim()), Span::styled(shown, t.key())];
            if focused && l.query.is_empty() && !f.hint.is_empty() {
                spans.push(Span::styled(width::cut(&f.hint, vw.saturating_sub(3), t.ellipsis()), t.dim()));
            }
            lines.push(Line::from(spans));
            if focused {
                caret = Some((lines.len() - 1, LABEL + 2 + usize::from(x)));
                for (i, m) in l.matches().iter().enumerate() {
                    let text = match m {
                        Match::Known(c) => {
                            let c = &l.candidates[*c];
                            if c.also.is_empty() || c.also == c.label {
                                c.label.clone()
                            } else {
                                format!("{}  {}", c.label, c.also)
                            }
                        }
                        Match::New(name) => format!("{}{name}", tr(lang, T::DrawNewPrefix)),
                    };
                    let text = width::fit(&text, vw.saturating_sub(2), t.ellipsis());
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(LABEL + 2)),
                        Span::styled(text, if i == l.selected { t.selected() } else { t.dim() }),
                    ]));
                }
            }
        }
    }
    (lines, caret)
}

/// One drawn row of a multi-line field, its selected characters highlighted.
fn area_row_spans(r: &Row, sel: Option<((usize, usize), (usize, usize))>, t: Theme) -> Vec<Span<'static>> {
    let text = r.text.trim_end_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
    let Some(((l1, c1), (l2, c2))) = sel else { return vec![Span::raw(text.to_string())] };
    let inside = |col: usize| (r.line, col) >= (l1, c1) && (r.line, col) < (l2, c2);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_sel = false;
    for (k, c) in text.chars().enumerate() {
        let on = inside(r.start + k);
        if on != run_sel && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), if run_sel { t.selected() } else { Style::new() }));
        }
        run_sel = on;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_sel { t.selected() } else { Style::new() }));
    }
    spans
}

fn conflict_lines(c: &Conflict, form: &Form, keymap: &Keymap, w: usize, lang: Lang, t: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(tr(lang, T::DrawSomeoneElseChangedThis), t.error()),
        Line::styled(tr(lang, T::DrawTheirChanges), t.section()),
    ];
    for h in &c.theirs {
        let action = crate::tui::views::history_words::action(h.action, h.after.as_deref(), lang);
        let what = crate::tui::views::detail::changes(
            h.before.as_deref().unwrap_or("{}"),
            h.after.as_deref().unwrap_or("{}"),
            lang,
        )
        .join(" · ");
        let text = format!("{}  {}  {action}  {what}", h.at, h.operator);
        lines.push(Line::raw(width::cut(&format!("  {text}"), w, t.ellipsis())));
    }
    if c.theirs.is_empty() {
        lines.push(Line::styled(tr(lang, T::DrawNoRecord), t.dim()));
    }
    lines.push(Line::styled(tr(lang, T::DrawYours), t.section()));
    for f in &form.fields {
        let v = match &f.kind {
            FieldKind::Toggle => (if f.on { "✓" } else { "—" }).to_string(),
            FieldKind::List(l) => l.picked.iter().map(|p| p.label.as_str()).collect::<Vec<_>>().join("、"),
            _ => f.text_value().replace('\n', " "),
        };
        if !v.is_empty() {
            lines.push(Line::raw(width::cut(&format!("  {}: {v}", f.label), w, t.ellipsis())));
        }
    }
    let answers = tr(lang, T::DrawSavesYoursOnTop);
    lines.push(Line::styled(fill_keys(&answers, keymap), t.key()));
    lines
}

/// Draws `form` over `area`: as tall as it needs, up to the whole area.
pub fn draw(frame: &mut Frame, area: Rect, form: &Form, keymap: &Keymap, lang: Lang, t: Theme) {
    // Texts name keys by action ({key:submit}): filled from the live keymap.
    let filled;
    let form = if mentions_keys(form) {
        filled = with_keys(form, keymap);
        &filled
    } else {
        form
    };
    let w = area.width.saturating_sub(2).clamp(10, 110);
    let iw = usize::from(w.saturating_sub(2));
    if let Some(c) = &form.conflict {
        let lines = conflict_lines(c, form, keymap, iw, lang, t);
        let inner = frame_box(frame, area, w, lines.len(), form, t);
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let mut head: Vec<Line> = Vec::new();
    for (mark, text) in &form.info {
        let (m, style) = match mark {
            Some(true) => ("✓ ", t.info()),
            Some(false) => ("✗ ", t.error()),
            None => ("", Style::new()),
        };
        for (i, l) in width::wrap(text, iw.saturating_sub(2).max(2)).into_iter().enumerate() {
            let m = if i == 0 { t.text(m).into_owned() } else { "  ".to_string() };
            head.push(Line::from(vec![Span::styled(m, style), Span::raw(l)]));
        }
    }
    // The error and the computed lines stay on top; the fields scroll under them.
    if let Some(e) = &form.error {
        for l in width::wrap(e, iw.max(2)) {
            head.push(Line::styled(l, t.error()));
        }
    }
    if !head.is_empty() {
        head.push(Line::raw(""));
    }
    let mut body: Vec<Line> = Vec::new();
    let mut caret = None;
    let mut focus_at = 0;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let (lines, c) = field_lines(f, focused, iw, lang, t);
        if focused {
            focus_at = body.len();
            caret = c.map(|(line, x)| (body.len() + line, x));
        }
        body.extend(lines);
    }
    let inner = frame_box(frame, area, w, head.len() + body.len(), form, t);
    let ih = usize::from(inner.height);
    // The fields keep at least three lines (fewer when they need fewer); the rest is for the
    // lines on top.
    let head_h = head.len().min(ih.saturating_sub(body.len().min(3)));
    let body_h = ih.saturating_sub(head_h).max(1);
    // Keep the focused field and a few lines under it (a list's matches) in view.
    let skip = if body.len() <= body_h {
        0 // all of it fits
    } else {
        (focus_at + 8).saturating_sub(body_h).min(focus_at).min(body.len().saturating_sub(1))
    };
    let mut all: Vec<Line> = head.into_iter().take(head_h).collect();
    let top = all.len();
    all.extend(body.into_iter().skip(skip));
    frame.render_widget(Paragraph::new(all), inner);
    if let Some((line, x)) = caret {
        if line >= skip && top + line - skip < ih && x < iw {
            frame.set_cursor_position(Position { x: inner.x + x as u16, y: inner.y + (top + line - skip) as u16 });
        }
    }
}

/// Clears and frames a box `w` wide for `lines` lines of content; returns its inside.
fn frame_box(frame: &mut Frame, area: Rect, w: u16, lines: usize, form: &Form, t: Theme) -> Rect {
    let h = (lines as u16).saturating_add(2).clamp(3, area.height.max(3)).min(area.height);
    let rect = Rect { x: area.x + (area.width.saturating_sub(w)) / 2, y: area.y, width: w.min(area.width), height: h };
    // Whole rows are cleared: a wide character cut by the box's edge would leave half a glyph.
    frame.render_widget(Clear, Rect { x: area.x, width: area.width, ..rect });
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.focused())
        .title(Span::styled(format!(" {} ", form.title), t.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// Whether any text of the form names a key by its action (`{key:submit}`).
fn mentions_keys(form: &Form) -> bool {
    let has = |s: &str| s.contains("{key:");
    has(&form.title)
        || form.info.iter().any(|(_, l)| has(l))
        || form.fields.iter().any(|f| has(&f.hint))
        || form.error.as_deref().is_some_and(has)
}

/// The form with every `{key:ACTION}` replaced by the key the live keymap has for ACTION in
/// a form (the action's name when no key is bound).
fn with_keys(form: &Form, keymap: &Keymap) -> Form {
    let mut f = form.clone();
    f.title = fill_keys(&f.title, keymap);
    for (_, l) in &mut f.info {
        *l = fill_keys(l, keymap);
    }
    for x in &mut f.fields {
        x.hint = fill_keys(&x.hint, keymap);
    }
    if let Some(e) = &mut f.error {
        *e = fill_keys(e, keymap);
    }
    f
}

/// `text` with each `{key:ACTION}` replaced by its key in the form's keymap table.
pub fn fill_keys(text: &str, keymap: &Keymap) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("{key:") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let name = &after[..end];
        let key = Action::from_name(name).and_then(|a| keymap.hint_key(Mode::Form, &a));
        out.push_str(&key.map(|k| as_written(&k)).unwrap_or_else(|| name.to_string()));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A chord as texts write it: the letter after a modifier in capitals (`Ctrl-C`, `Alt-Enter`).
fn as_written(key: &str) -> String {
    match key.rsplit_once('-') {
        Some((mods, last)) if last.len() == 1 => format!("{mods}-{}", last.to_uppercase()),
        _ => key.to_string(),
    }
}
