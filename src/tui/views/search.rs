//! The quick-search overlay: the query line, then one line per result with its kind,
//! number, title (matched characters highlighted), lead proposer, lead unit, status and
//! deadline. Cells are cut and padded by display width, so two-cell characters and their
//! highlights line up; results are written straight into the buffer ([`super::cells`]).
use super::cells::Row;
use super::ledger::deadline_cell;
use crate::domain::{Body, Status};
use crate::search::{ResultKind, SearchResult};
use crate::text::{Lang, T};
use crate::tui::app::App;
use crate::tui::dialogs::search::SearchBox;
use crate::tui::layout::{search_has_header, search_page};
use crate::tui::theme::Theme;
use crate::tui::width::{cut, cut_left, fit, fit_marked, fit_right, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The box in the main area: nearly all of its width, all of its height, from the moment
/// it opens, whether results fill it or not. A box that grew with the first key and shrank
/// with the results redrew the ledger rows it covered or uncovered at every key (bytes to the
/// terminal, issue 19); this one only redraws its own lines.
fn frame_rect(main: Rect) -> Rect {
    let w = main.width.saturating_sub(2).min(160);
    Rect { x: main.x + (main.width - w) / 2, width: w, ..main }
}

/// The column widths of a result line `total` cells wide (0: the column is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    kind: usize,
    number: usize,
    title: usize,
    lead: usize,
    unit: usize,
    status: usize,
    due: usize,
}

fn columns(total: usize, lang: Lang) -> Columns {
    let kind = [T::SearchDeputy, T::SearchMember, T::SearchUnit].iter().map(|t| width(t.get(lang))).max().unwrap_or(4);
    // English statuses are long; on a narrow window the title needs the room more.
    let status_cap = if lang == Lang::Zh || total < 76 { 8 } else { 12 };
    let status = Status::ALL.iter().map(|s| width(s.label(lang))).max().unwrap_or(8).min(status_cap);
    let due = 8;
    let number = 5;
    let (lead, unit) = match total {
        100.. => (8, 16),
        76.. => (6, 10),
        _ => (6, 0),
    };
    // Columns and the single spaces between them.
    let gaps = 5 + usize::from(unit > 0);
    let fixed = kind + number + lead + unit + status + due + gaps;
    Columns { kind, number, title: total.saturating_sub(fixed).max(4), lead, unit, status, due }
}

/// The result's kind as listed: 建 / 提 for items, 代表 / 委员 for people, 单位.
fn kind_label(r: &SearchResult, lang: Lang) -> &'static str {
    match (r.kind, &r.item, r.body) {
        (ResultKind::Item, Some(it), _) => it.kind.tag(lang),
        (ResultKind::Person, _, Some(Body::Cppcc)) => T::SearchMember.get(lang),
        (ResultKind::Person, _, _) => T::SearchDeputy.get(lang),
        _ => T::SearchUnit.get(lang),
    }
}

/// The title (or name) as drawn, with the highlight positions moved along when `--ascii`
/// turns one character into several.
fn shown_title(r: &SearchResult, theme: Theme) -> (String, Vec<usize>) {
    if !theme.ascii {
        return (r.title.clone(), r.positions.clone());
    }
    let (mut text, mut marked, mut at) = (String::new(), Vec::new(), 0);
    let mut next = r.positions.iter().copied().peekable();
    for (i, c) in r.title.chars().enumerate() {
        let hit = next.peek() == Some(&i);
        if hit {
            next.next();
        }
        for d in theme.text(c.encode_utf8(&mut [0; 4])).chars() {
            if hit {
                marked.push(at);
            }
            text.push(d);
            at += 1;
        }
    }
    (text, marked)
}

/// Writes one result at line `y` of `area`, straight into the buffer.
fn write_result(buf: &mut Buffer, area: Rect, y: u16, app: &App, c: &Columns, r: &SearchResult, selected: bool) {
    let (lang, t) = (app.lang, app.theme);
    let e = t.ellipsis();
    let plain = Style::new();
    let mut row = Row::new(buf, area, y, if selected { t.selected() } else { plain });
    row.fit(kind_label(r, lang), c.kind, e, plain, false);
    row.text(" ", plain);
    let number = r.item.as_ref().map(|it| it.number.as_str()).unwrap_or("");
    row.fit(number, c.number, e, plain, true);
    row.text(" ", plain);
    let (title, marked) = shown_title(r, t);
    for (text, hit) in fit_marked(&title, c.title, e, &marked) {
        row.text(&text, if hit { t.matched() } else { plain });
    }
    match &r.item {
        Some(it) => {
            row.text(" ", plain);
            row.fit(&t.text(&it.lead), c.lead, e, plain, false);
            if c.unit > 0 {
                row.text(" ", plain);
                row.fit(&t.text(&it.unit), c.unit, e, plain, false);
            }
            row.text(" ", plain);
            row.fit(it.status.label(lang), c.status, e, plain, false);
            let (due, style) = deadline_cell(it.due_on, it.status, app.ctx.today, app.ctx.rules.due_soon_days, lang, t);
            row.text(" ", plain);
            row.fit(&due, c.due, e, style, false);
        }
        None => {
            // A person's delegation or sector, a unit's short name, across the item columns.
            let rest = c.lead + c.unit + c.status + c.due + 2 + usize::from(c.unit > 0);
            row.text(" ", t.dim());
            row.fit(&t.text(&r.detail), rest, e, t.dim(), false);
        }
    }
}

fn header_line(c: &Columns, lang: Lang, theme: Theme) -> Line<'static> {
    let e = theme.ellipsis();
    let h = |t: T, w: usize| fit(t.get(lang), w, e);
    let mut text = format!(
        "{} {} {} {}",
        h(T::ColKind, c.kind),
        fit_right(T::ColNumber.get(lang), c.number, e),
        h(T::ColTitle, c.title),
        h(T::ColLead, c.lead)
    );
    if c.unit > 0 {
        text.push_str(&format!(" {}", h(T::ColUnits, c.unit)));
    }
    text.push_str(&format!(" {} {}", h(T::ColStatus, c.status), h(T::ColDue, c.due)));
    Line::styled(text, theme.header())
}

/// How many matched, as the query line ends.
fn count(b: &SearchBox, lang: Lang) -> String {
    if let Some(p) = b.indexing {
        T::SearchIndexing.get(lang).replace("{p}", &p.to_string())
    } else if b.query.trim().is_empty() {
        String::new()
    } else if b.total > b.results.len() {
        T::SearchFoundMore
            .get(lang)
            .replace("{n}", &b.total.to_string())
            .replace("{shown}", &b.results.len().to_string())
    } else {
        T::SearchFound.get(lang).replace("{n}", &b.total.to_string())
    }
}

/// What an empty list says: no match; or, while a large ledger's index is built and the
/// query waits for it (it is not answered yet), that results come when the index is in.
fn empty_note(b: &SearchBox) -> T {
    if b.indexing.is_some() && b.shown_for != b.query {
        T::SearchAfterIndex
    } else {
        T::NoMatch
    }
}

/// Draws the box over the main area.
pub fn draw(frame: &mut Frame, main: Rect, app: &App, b: &SearchBox) {
    let (lang, t) = (app.lang, app.theme);
    let page = search_page(app.size);
    let rect = frame_rect(main);
    // Clear whole rows: a wide character cut in half by the box's edge would leave half a
    // glyph on some terminals.
    frame.render_widget(Clear, Rect { x: main.x, width: main.width, ..rect });
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.focused())
        .title(Span::styled(format!(" {} ", T::SearchTitle.get(lang)), t.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let iw = usize::from(inner.width);
    if iw == 0 || inner.height == 0 {
        return;
    }

    // The query line: prompt, query (its end when long), the count on the right.
    let prompt = T::SearchPrompt.get(lang);
    let found = count(b, lang);
    let room = iw.saturating_sub(width(prompt) + width(&found) + 2);
    let query = cut_left(&b.query, room, t.ellipsis());
    let gap = iw.saturating_sub(width(prompt) + width(&query) + width(&found));
    let mut lines = vec![Line::from(vec![
        Span::styled(prompt, t.dim()),
        Span::raw(query.clone()),
        Span::raw(" ".repeat(gap)),
        Span::styled(found, t.dim()),
    ])];

    let c = columns(iw, lang);
    if search_has_header(main.height.saturating_sub(2)) {
        lines.push(header_line(&c, lang, t));
    }
    if b.query.trim().is_empty() {
        lines.push(Line::styled(cut(T::SearchEmpty.get(lang), iw, t.ellipsis()), t.dim()));
    } else if b.results.is_empty() {
        lines.push(Line::styled(cut(empty_note(b).get(lang), iw, t.ellipsis()), t.dim()));
    }
    let first = inner.y + lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let buf = frame.buffer_mut();
    for (k, (i, r)) in b.results.iter().enumerate().skip(b.offset).take(page).enumerate() {
        write_result(buf, inner, first + k as u16, app, &c, r, i == b.selected);
    }
    // The terminal cursor at the caret, so a Chinese IME opens its candidates there.
    let caret = width(prompt) + width(&query);
    if caret < iw {
        frame.set_cursor_position(Position { x: inner.x + caret as u16, y: inner.y });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_drop_the_unit_when_narrow() {
        for lang in [Lang::Zh, Lang::En] {
            for total in [56usize, 76, 100, 158] {
                let c = columns(total, lang);
                let gaps = 5 + usize::from(c.unit > 0);
                let sum = c.kind + c.number + c.title + c.lead + c.unit + c.status + c.due + gaps;
                assert_eq!(sum, total, "{lang:?} {total}");
                assert!(c.title >= 18, "{lang:?} {total}: {c:?}");
            }
        }
        assert_eq!(columns(60, Lang::Zh).unit, 0);
        assert!(columns(120, Lang::Zh).unit > 0);
    }

    #[test]
    fn a_query_waiting_for_the_index_does_not_say_no_match() {
        let mut b = SearchBox { query: "zhu".into(), indexing: Some(99), ..SearchBox::default() };
        assert_eq!(empty_note(&b), T::SearchAfterIndex);
        // Answered (from the database on a small ledger, or by the index): no match is no match.
        b.shown_for = "zhu".into();
        assert_eq!(empty_note(&b), T::NoMatch);
        b.indexing = None;
        assert_eq!(empty_note(&b), T::NoMatch);
    }

    #[test]
    fn ascii_mode_keeps_highlights_on_their_characters() {
        let r = SearchResult {
            kind: ResultKind::Item,
            id: 1,
            field: crate::search::Field::Title,
            score: 0,
            title: "关于“老旧”小区".into(),
            positions: vec![3, 4],
            item: None,
            detail: String::new(),
            body: None,
        };
        let (text, marked) = shown_title(&r, Theme { ascii: true });
        assert_eq!(text, "关于\"老旧\"小区");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(marked.iter().map(|&i| chars[i]).collect::<String>(), "老旧");
    }
}
