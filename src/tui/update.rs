//! `update(&mut App, Action) -> Outcome`: every change of state in one place, with no
//! I/O. What needs the database comes back as an [`Outcome`] for the session to do.
use super::action::{Action, Outcome};
use super::app::{App, Overlay, Screen};
use super::dialogs::entry::NewEntry;
use super::dialogs::picker::{Choice, PickFor, PickValue, Picker};
use super::dialogs::search;
use super::dialogs::Open;
use super::forms::FormEvent;
use super::keymap::Mode;
use crate::domain::{Kind, Status};
use crate::text::{say, tr, T};

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Tick => return Outcome::CheckForChanges,
        Action::Resize(w, h) => {
            app.size = (w, h);
            clamp_views(app);
            return Outcome::Continue;
        }
        Action::NoOp => return Outcome::Continue,
        _ => {}
    }
    // The screen only says the window is too small: keys wait (nothing typed or saved
    // unseen), except quitting.
    if super::layout::too_small(app.size) && action != Action::Quit {
        return Outcome::Continue;
    }
    // A message stays until the next key.
    app.message = None;
    if action == Action::Quit {
        // A form with typed text asks first.
        if app.form_mut().is_some_and(|f| f.ask_before_leaving(&Action::Quit)) {
            return Outcome::Continue;
        }
        return Outcome::Quit;
    }
    // The search box opens over any screen; in a form or a picker `/` is typed text.
    if action == Action::OpenSearch && !app.mode().has_text_field() {
        app.pending.clear();
        return search::open(app);
    }
    if action == Action::OpenPalette && !app.mode().has_text_field() {
        app.pending.clear();
        return super::palette::open(app);
    }
    if let Some(outcome) = super::palette::chosen(app, &action) {
        return outcome;
    }
    if let Some(outcome) = super::screens::intercept(app, &action) {
        return outcome;
    }
    if action == Action::ShowFiling {
        // From any screen, like 1–5: the ledger of received items.
        super::screens::choose_where_to_be(app);
        return Outcome::ShowFiling;
    }
    if let Some(kind) = super::documents::kind_of(&action) {
        // The office's documents on what is under the cursor (or marked).
        if matches!(app.mode(), Mode::Ledger | Mode::Detail) || super::screens::mode_of(app.screen) == Some(app.mode())
        {
            return Outcome::WriteDocs(kind);
        }
    }
    match app.mode() {
        Mode::Form => form(app, action),
        Mode::Picker => picker(app, action),
        Mode::Search => search::update(app, action),
        Mode::Help => help(app, action),
        Mode::Ledger => ledger(app, action),
        Mode::Detail => detail(app, action),
        Mode::Global | Mode::List | Mode::Item => Outcome::Continue,
        Mode::Dashboard | Mode::Queue | Mode::Supervision | Mode::Units | Mode::Evaluation => {
            super::screens::update(app, action)
        }
    }
}

/// The new position after a movement action over `total` lines with pages of `page`;
/// `None` when the action is not a movement.
fn moved(pos: usize, action: &Action, total: usize, page: usize, max: usize) -> Option<usize> {
    let page = page.max(1);
    let new = match action {
        Action::MoveUp => pos.saturating_sub(1),
        Action::MoveDown => pos + 1,
        Action::PageUp => pos.saturating_sub(page),
        Action::PageDown => pos + page,
        Action::First => 0,
        Action::Last => total,
        _ => return None,
    };
    Some(new.min(max))
}

fn ledger(app: &mut App, action: Action) -> Outcome {
    let page = super::layout::ledger_page(app.size);
    let l = &mut app.ledger;
    if let Some(i) = moved(l.selected, &action, l.len(), page, l.len().saturating_sub(1)) {
        l.selected = i;
        l.follow(page);
        return Outcome::Continue;
    }
    match action {
        Action::OpenEntry => match l.selected_row() {
            Some(r) => Outcome::LoadDetail(r.id),
            None => Outcome::Continue,
        },
        Action::ToggleSelect => {
            if let Some(id) = l.selected_row().map(|r| r.id) {
                if !l.marked.remove(&id) {
                    l.marked.insert(id);
                }
                l.selected = (l.selected + 1).min(l.len().saturating_sub(1));
                l.follow(page);
            }
            Outcome::Continue
        }
        Action::CycleSort => {
            l.sort = l.sort.next();
            Outcome::ReloadLedger
        }
        Action::FilterKind => {
            l.filter.kind = match l.filter.kind {
                None => Some(Kind::Suggestion),
                Some(Kind::Suggestion) => Some(Kind::Proposal),
                Some(Kind::Proposal) => None,
            };
            Outcome::ReloadLedger
        }
        Action::ToggleOverdue => {
            l.filter.overdue = !l.filter.overdue;
            Outcome::ReloadLedger
        }
        Action::ToggleClosed => {
            l.filter.include_closed = !l.filter.include_closed;
            Outcome::ReloadLedger
        }
        Action::FilterKeyItem => {
            l.filter.key_item = !l.filter.key_item;
            Outcome::ReloadLedger
        }
        Action::FilterLeader => {
            l.filter.leader = !l.filter.leader;
            Outcome::ReloadLedger
        }
        Action::ClearFilters => {
            l.filter = Default::default();
            Outcome::ReloadLedger
        }
        // A person's items shown from search, with nowhere to go back to: Esc lifts the
        // filter.
        Action::Back if l.filter.ids.is_some() => {
            l.filter.ids = None;
            Outcome::ReloadLedger
        }
        Action::Undo => Outcome::Undo,
        Action::CopyItem => {
            if let Some((number, title)) = l.selected_row().map(|r| (r.number.clone(), r.title.clone())) {
                copy_item(app, &number, &title);
            }
            Outcome::Continue
        }
        Action::NewEntry | Action::ImportFile | Action::ExportFile | Action::WriteReport => {
            Outcome::OpenForm { action, items: Vec::new() }
        }
        // Every open entry of the list: the session reads them and their versions (the
        // screen holds only the rows around the page).
        Action::CloseShown => Outcome::OpenForm { action, items: Vec::new() },
        a if a.opens_form() => {
            let batch = matches!(a, Action::AssignUnits | Action::CloseEntry) && !l.marked.is_empty();
            let items: Vec<(i64, i64)> = if batch {
                // In the list's order; the session reads their versions (marked rows may be
                // far from the rows read around the page).
                l.ids.iter().filter(|id| l.marked.contains(id)).map(|&id| (id, 0)).collect()
            } else {
                l.selected_row().map(|r| vec![(r.id, r.version)]).unwrap_or_default()
            };
            if items.is_empty() {
                return Outcome::Continue;
            }
            Outcome::OpenForm { action: a, items }
        }
        Action::FilterMeeting => open_picker(app, PickFor::Meeting),
        Action::FilterStatus => open_picker(app, PickFor::Status),
        Action::FilterUnit => open_picker(app, PickFor::Unit),
        Action::Help => open_help(app),
        _ => Outcome::Continue,
    }
}

fn detail(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Back | Action::ShowLedger => {
            app.screen = Screen::Ledger;
            app.detail = None;
            let page = super::layout::ledger_page(app.size);
            app.ledger.follow(page);
            Outcome::Continue
        }
        Action::NextPane | Action::PrevPane => {
            if let Some(d) = &mut app.detail {
                d.pane = d.pane.other();
            }
            Outcome::Continue
        }
        Action::Help => open_help(app),
        Action::Undo => Outcome::Undo,
        Action::NextEntry => step_entry(app, 1),
        Action::CopyItem => {
            if let Some(it) = app.detail.as_ref().map(|d| &d.detail.item) {
                let (number, title) = (it.number.clone(), it.title.clone());
                copy_item(app, &number, &title);
            }
            Outcome::Continue
        }
        Action::PrevEntry => step_entry(app, -1),
        Action::NewEntry => Outcome::OpenForm { action, items: Vec::new() },
        a if a.opens_form() => match &app.detail {
            Some(d) => Outcome::OpenForm { action: a, items: vec![(d.detail.item.id, d.detail.item.version)] },
            None => Outcome::Continue,
        },
        a => {
            let Some(d) = &app.detail else { return Outcome::Continue };
            let (total, h) = app.measures.detail[d.pane as usize];
            let max = total.saturating_sub(h);
            let pane = d.pane as usize;
            if let Some(pos) = moved(d.scroll[pane], &a, total, h, max) {
                if let Some(d) = &mut app.detail {
                    d.scroll[pane] = pos;
                }
            }
            Outcome::Continue
        }
    }
}

/// Puts an item's number and title on the clipboard (OSC 52) and says so.
fn copy_item(app: &mut App, number: &str, title: &str) {
    let text = say::number_title(app.lang, number, title);
    let said = say::copied(app.lang, &text);
    app.clipboard = Some(text);
    app.say(super::app::Level::Info, said);
}

/// The detail of the ledger row `delta` rows from the open item's (the header's 第 3/5 件);
/// the ledger's selection follows, so Esc comes back to it.
fn step_entry(app: &mut App, delta: isize) -> Outcome {
    let lang = app.lang;
    let Some(d) = &app.detail else { return Outcome::Continue };
    let ids = &app.ledger.ids;
    let Some(i) = app.ledger.position(d.detail.item.id) else {
        app.say(super::app::Level::Warning, tr(lang, T::UpdateThisItemIsNot));
        return Outcome::Continue;
    };
    match i.checked_add_signed(delta).and_then(|j| ids.get(j).map(|&id| (j, id))) {
        Some((j, id)) => {
            app.ledger.selected = j;
            Outcome::LoadDetail(id)
        }
        None => {
            let end = if delta > 0 { T::UpdateLastItem } else { T::UpdateFirstItem };
            app.say(super::app::Level::Info, tr(lang, end));
            Outcome::Continue
        }
    }
}

fn form(app: &mut App, action: Action) -> Outcome {
    let Some(Overlay::Form(f)) = &mut app.overlay else { return Outcome::Continue };
    let event = f.handle(&action);
    if matches!(action, Action::CutText | Action::CopyText) {
        app.clipboard.clone_from(&f.clipboard);
    }
    match event {
        FormEvent::Editing => Outcome::Continue,
        FormEvent::Submit if matches!(f.dialog, Open::Notice(_)) => {
            app.close_form();
            Outcome::Continue
        }
        FormEvent::Submit => Outcome::SaveForm,
        FormEvent::Cancel => {
            app.close_form();
            Outcome::Continue
        }
        FormEvent::Reload => Outcome::ReloadForm,
        FormEvent::Reapply => Outcome::ReapplyForm,
        FormEvent::Changed if NewEntry::meeting_focused(f) => Outcome::FormMeetingChanged,
        FormEvent::Changed => {
            if let Some(info) = f.dialog.changed(f, &app.ctx, app.lang) {
                f.info = info;
            }
            Outcome::Continue
        }
    }
}

fn help(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Back | Action::Help => {
            app.close_help();
            Outcome::Continue
        }
        Action::ShowLedger => {
            app.close_help();
            detail(app, Action::ShowLedger)
        }
        a => {
            let (total, h) = app.measures.help;
            if let Some(pos) = moved(app.help().unwrap_or(0), &a, total, h, total.saturating_sub(h)) {
                app.open_help(pos);
            }
            Outcome::Continue
        }
    }
}

fn picker(app: &mut App, action: Action) -> Outcome {
    let page = super::layout::picker_page(app.size.1) as isize;
    let Some(p) = app.picker_mut() else { return Outcome::Continue };
    match action {
        Action::MoveUp => p.step(-1),
        Action::MoveDown => p.step(1),
        Action::PageUp => p.step(-page),
        Action::PageDown => p.step(page),
        Action::First => p.step(isize::MIN / 2),
        Action::Last => p.step(isize::MAX / 2),
        Action::InsertChar(c) => p.type_text(&c.to_string()),
        Action::Paste(s) => p.type_text(&s),
        Action::DeleteChar => p.delete_char(),
        Action::Back => app.close_picker(),
        Action::OpenEntry => {
            let (purpose, chosen) = (p.purpose, p.chosen());
            app.close_picker();
            let Some(v) = chosen else { return Outcome::Continue };
            let f = &mut app.ledger.filter;
            match (purpose, v) {
                (PickFor::Meeting, PickValue::Meeting(id)) => f.meeting = Some(id),
                (PickFor::Meeting, _) => f.meeting = None,
                (PickFor::Status, PickValue::Status(s)) => f.status = Some(s),
                (PickFor::Status, _) => f.status = None,
                (PickFor::Unit, PickValue::Unit(id)) => f.unit = Some(id),
                (PickFor::Unit, _) => f.unit = None,
                (PickFor::Palette(_), _) => {}
            }
            return Outcome::ReloadLedger;
        }
        _ => {}
    }
    Outcome::Continue
}

fn open_help(app: &mut App) -> Outcome {
    app.open_help(0);
    Outcome::Continue
}

fn open_picker(app: &mut App, purpose: PickFor) -> Outcome {
    let lang = app.lang;
    let all = |t: T| Choice {
        label: t.get(lang).to_string(),
        also: String::new(),
        value: PickValue::All,
        key: String::new(),
    };
    let f = &app.ledger.filter;
    let (choices, current) = match purpose {
        PickFor::Meeting => {
            let mut c = vec![all(T::AllMeetings)];
            c.extend(app.meetings.iter().map(|m| Choice {
                label: m.name.clone(),
                also: m.body.label(lang).to_string(),
                value: PickValue::Meeting(m.id),
                key: String::new(),
            }));
            (c, f.meeting.map_or(PickValue::All, PickValue::Meeting))
        }
        PickFor::Status => {
            let mut c = vec![all(T::AllStatuses)];
            c.extend(Status::ALL.iter().map(|s| Choice {
                label: s.label(lang).to_string(),
                also: format!("{} {}", s.as_str(), s.label(crate::text::Lang::Zh)),
                value: PickValue::Status(*s),
                key: String::new(),
            }));
            (c, f.status.map_or(PickValue::All, PickValue::Status))
        }
        PickFor::Unit => {
            let mut c = vec![all(T::AllUnits)];
            c.extend(app.units.iter().map(|u| Choice {
                label: if u.short_name == u.name { u.name.clone() } else { format!("{}  {}", u.short_name, u.name) },
                also: String::new(),
                value: PickValue::Unit(u.id),
                key: String::new(),
            }));
            (c, f.unit.map_or(PickValue::All, PickValue::Unit))
        }
        PickFor::Palette(_) => return super::palette::open(app),
    };
    app.open_picker(Picker::new(purpose, choices, current));
    Outcome::Continue
}

/// Keeps every offset valid after a resize.
fn clamp_views(app: &mut App) {
    let page = super::layout::ledger_page(app.size);
    app.ledger.follow(page);
    super::screens::clamp(app);
    // The detail's panes, help and the dashboard are clamped by the session once it has
    // measured them at the new size (`Session::measure`).
    let page = super::layout::search_page(app.size);
    if let Some(b) = app.search_mut() {
        b.step(0, page);
    }
}
