//! The command palette (`:`, or the full-width `：` of a Chinese input method): every action
//! the screen underneath has, found by its Chinese label, the label's pinyin or initials
//! (`xh` → 销号), its English label or its keymap name (`close_entry`), each shown with its
//! key. Enter runs the highlighted action as if its key had been pressed.
use super::action::Action;
use super::action::Outcome;
use super::app::App;
use super::dialogs::picker::{Choice, PickFor, PickValue, Picker};
use super::keymap::Mode;
use super::update::update;
use crate::text::Lang;

/// The palette's rows for the screen in `mode`: the actions bound there or globally, in the
/// order help lists them, each with its first key.
pub fn choices(app: &App, mode: Mode) -> Vec<Choice> {
    let other = match app.lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    Action::NAMED
        .iter()
        .enumerate()
        .filter(|(_, a)| !matches!(a, Action::NoOp | Action::OpenPalette))
        .filter_map(|(i, a)| {
            let key = app.keymap.hint_key(mode, a)?;
            Some(Choice {
                label: a.label(app.lang).to_string(),
                also: format!("{} {}", a.label(other), a.name()),
                value: PickValue::Action(i),
                key,
            })
        })
        .collect()
}

/// Opens the palette over the current screen.
pub fn open(app: &mut App) -> Outcome {
    let mode = app.mode();
    let choices = choices(app, mode);
    app.open_picker(Picker::new(PickFor::Palette(mode), choices, PickValue::All));
    Outcome::Continue
}

/// Enter in the palette: closes it and runs the chosen action; `None` for every other key
/// or when the palette is not open.
pub fn chosen(app: &mut App, action: &Action) -> Option<Outcome> {
    let p = app.picker()?;
    if !matches!(p.purpose, PickFor::Palette(_)) || *action != Action::OpenEntry {
        return None;
    }
    let (chosen, over_help) = (p.chosen(), p.purpose == PickFor::Palette(Mode::Help));
    app.close_picker();
    // One overlay at a time: the palette took help's place; the action runs on help again.
    if over_help {
        app.open_help(0);
    }
    match chosen {
        Some(PickValue::Action(i)) => Action::NAMED.get(i).map(|a| update(app, a.clone())),
        _ => Some(Outcome::Continue),
    }
}
