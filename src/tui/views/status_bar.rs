//! The two footer lines: key hints for the current screen, built from the live keymap,
//! then the message (or pending keys) with the operator and the database path.
use super::Regions;
use crate::text::T;
use crate::tui::action::Action;
use crate::tui::app::{App, Level};
use crate::tui::key::show_seq;
use crate::tui::keymap::Mode;
use crate::tui::width::{cut, cut_left, width};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The actions hinted on each screen, most useful first (cut from the end when narrow).
pub fn hinted(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Ledger => &[
            Action::Help,
            Action::OpenSearch,
            Action::OpenEntry,
            Action::AssignUnits,
            Action::RecordReply,
            Action::CloseEntry,
            Action::NewEntry,
            Action::ToggleSelect,
            Action::FilterStatus,
            Action::FilterUnit,
            Action::CycleSort,
            Action::FilterKind,
            Action::FilterMeeting,
            Action::ToggleOverdue,
            Action::ToggleClosed,
            Action::ClearFilters,
            Action::Quit,
        ],
        Mode::Detail => &[
            Action::Help,
            Action::Back,
            Action::AssignUnits,
            Action::RecordReply,
            Action::RecordFeedback,
            Action::CloseEntry,
            Action::NextPane,
            Action::PageDown,
            Action::Quit,
        ],
        Mode::Form => &[Action::Submit, Action::Back, Action::NextField, Action::CursorRight, Action::NewLine],
        Mode::Help => &[Action::Back, Action::MoveDown, Action::PageDown],
        Mode::Picker => &[Action::OpenEntry, Action::Back, Action::MoveDown],
        Mode::Search => &[Action::OpenEntry, Action::Back, Action::MoveDown, Action::DeleteChar],
        Mode::Global | Mode::List | Mode::Item => &[Action::Help, Action::Quit],
        Mode::Dashboard | Mode::Queue | Mode::Supervision | Mode::Units | Mode::Evaluation => {
            crate::tui::screens::hinted(mode)
        }
    }
}

/// The hints of `mode` as (key, label) pairs, with the shortest key the clerk has for each.
pub fn hints(app: &App, mode: Mode) -> Vec<(String, &'static str)> {
    hinted(mode)
        .iter()
        .filter_map(|a| {
            // The shortest of the clerk's keys: `j` rather than `Down` when both work.
            let keys = app.keymap.keys_for(mode, a).iter().map(|k| show_seq(k)).min_by_key(|k| width(k))?;
            Some((keys, label(mode, a, app.lang)))
        })
        .collect()
}

/// An action's hint label; in a picker, Enter chooses and Esc cancels.
fn label(mode: Mode, action: &Action, lang: crate::text::Lang) -> &'static str {
    match (mode, action) {
        (Mode::Picker, Action::OpenEntry) => T::Choose.get(lang),
        (Mode::Picker, Action::Back) => T::Cancel.get(lang),
        (Mode::Help, Action::Back) => T::CloseHelp.get(lang),
        (Mode::Search, Action::OpenEntry) => T::SearchOpen.get(lang),
        (Mode::Search, Action::Back) => T::SearchClose.get(lang),
        (Mode::Search, Action::MoveDown) => T::SearchNext.get(lang),
        _ => action.label(lang),
    }
}

/// Draws the footer.
pub fn draw(frame: &mut Frame, r: Regions, app: &App) {
    let t = app.theme;
    let w = usize::from(r.hints.width);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in hints(app, app.mode()) {
        let need = width(&key) + 1 + width(label) + 2;
        if used + need > w {
            break;
        }
        spans.push(Span::styled(key, t.key()));
        spans.push(Span::raw(format!(" {label}  ")));
        used += need;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), r.hints);

    let right = format!(
        "{} {}{}{} {}",
        T::Operator.get(app.lang),
        app.ctx.operator,
        t.dot(),
        T::Database.get(app.lang),
        app.ctx.db_path
    );
    let cancel = app.keymap.hint_key(app.mode(), &Action::Back).unwrap_or_else(|| "Esc".into());
    let job = app.job.map(|v| crate::tui::job::line(&v, &cancel, app.lang, t.ascii));
    let (left, style) = match (&app.message, app.pending.is_empty()) {
        _ if job.is_some() => (job.unwrap_or_default(), t.key()),
        (Some(m), _) => (
            m.text.clone(),
            match m.level {
                Level::Info => t.info(),
                Level::Warning => t.warning(),
                Level::Error => t.error(),
            },
        ),
        (None, false) => (format!("{} {}", show_seq(&app.pending), t.ellipsis()), t.key()),
        (None, true) => (String::new(), t.dim()),
    };
    // The message wins the space; the path gives way from its left end.
    let left = cut(&left, w, t.ellipsis());
    let room = w.saturating_sub(width(&left) + 2);
    let right = if room >= 12 { cut_left(&right, room, t.ellipsis()) } else { String::new() };
    let gap = w.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![Span::styled(left, style), Span::raw(" ".repeat(gap)), Span::styled(right, t.dim())]);
    frame.render_widget(Paragraph::new(line), r.status);
}
