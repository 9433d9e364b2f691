//! The terminal app: actions, keymaps, state, views.
//!
//! ## The walk of `x` then Enter (closing the selected entry, 销号)
//!
//! 1. **The keymap.** [`terminal`]'s loop hands the key press to [`Session::handle_batch`],
//!    [`Session::handle_event`], then [`Session::press`]: [`keymap::Keymap::resolve`] looks
//!    `x` up in the tables of [`App::mode`](app::App::mode), the screen's own first
//!    (`[ledger]`), then `[item]` of `keymaps/default.toml`, where `x` is bound once:
//!    `{ on = "x", run = "close_entry" }`; it gives [`Action::CloseEntry`].
//! 2. **The action, update.** [`Session::dispatch`] calls [`update::update`]: the ledger's
//!    update sees an action that opens a form and returns
//!    [`Outcome::OpenForm`](action::Outcome::OpenForm) with the selected row's (id, version)
//!    (or the marked rows', their versions read when the form opens: then the batch form of
//!    [`batch`]). No I/O happens in update.
//! 3. **The dialog's load.** `Session::apply` hands the outcome to `form_session::open_form`
//!    (`build_form`): it checks the action applies to the item (`check_applies` in [`batch`]:
//!    `domain::applies::close`, through the store's candidates), reads the item's detail (for
//!    the title and the conflict history), and asks the registry [`dialogs::Open::load`],
//!    which finds [`dialogs::close_entry::CloseEntry`] by its action: its `load` makes the
//!    one store call `closure_checklist`, its `body` the checklist lines and the fields (a
//!    reason first when a line fails). The form opens as the one [`app::Overlay::Form`], its
//!    dialog `Open::CloseEntry(..)`.
//! 4. **The redraw.** The session measures the views (`Session::measure`); the loop draws
//!    with [`Session::draw`], that is [`views::draw`], which reads the state only (the form
//!    by `forms::draw`).
//! 5. **Enter.** The `[form]` table gives [`Action::Submit`]; update hands it to the form
//!    widget ([`forms::Form::handle`]), which answers `Submit`: update returns
//!    [`Outcome::SaveForm`](action::Outcome::SaveForm).
//! 6. **The dialog's save.** `form_session::save_form` hands the form to its dialog
//!    (`save_dialog`, [`dialogs::Open::save`]): `CloseEntry::save` reads its typed fields
//!    and makes the one store call `close_entry` (one IMMEDIATE transaction, the item's
//!    version checked, an audit row), then reads back the closure's undo record
//!    (`closure_undo`), which it hands to the session in [`forms::Saved::Undoable`]. The
//!    session keeps the record (`save_dialog`), the form closes, the ledger and the index are
//!    read again (`after_write`), the status bar says 已销号.
//! 7. **The redraw** shows the ledger without the closed entry.
//!
//! | module | holds |
//! |---|---|
//! | [`action`] | the `Action` enum (every name a keymap file can use, and `Action::NAMED`, the table help and the palette read) and the `Outcome` of an update |
//! | [`key`] | key strings (`"ctrl-f"`, `"？"`) and terminal key events, normalised |
//! | [`keymap`] | `keymaps/default.toml`, the per-key merge of a user file, key → action |
//! | [`app`] | the state the screens draw from, with the one `Overlay` |
//! | [`nav`] | the way back (Esc): screens to return to, the ledger put aside |
//! | [`layout`] | sizes: regions and how many lines each list shows |
//! | [`columns`] | the ledger's columns (the config's `ledger_columns`) and their widths |
//! | [`update`] | `update(&mut App, Action) -> Outcome`, no I/O |
//! | [`session`] | the state with the store behind it: the one place that calls the store |
//! | [`terminal`] | raw mode and alternate screen with their guard and panic hook; the event loop |
//! | [`backend`] | the terminal backend: the crossterm backend, writing fewer bytes for wide characters |
//! | [`views`] | drawing, one file per region |
//! | [`dialogs`] | overlays that take the keyboard, and one file per dialog behind the `Dialog` trait and its registry |
//! | [`forms`] | the generic form widget: fields, keys, drawing, what a save did |
//! | [`batch`] | forms on a selection: what the action touches and what it leaves, before saving |
//! | [`screens`] | the list screens: dashboard, second-round queue, supervision, units |
//! | [`width`] | cutting and padding by display width |
//! | [`theme`] | colours, borders, ASCII mode |
//! | [`palette`] | the command palette (`:`): every action by label, pinyin or name, with its key |
//! | [`clipboard`] | copying to the terminal's clipboard (OSC 52) |
pub mod action;
pub mod app;
pub mod backend;
pub mod batch;
pub mod clipboard;
pub mod columns;
pub mod dialogs;
pub mod documents;
pub mod form_session;
pub mod forms;
pub mod input;
pub mod job;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod nav;
pub mod palette;
pub mod screens;
pub mod session;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod views;
pub mod warm;
pub mod width;

pub use action::Action;
pub use keymap::{Keymap, Mode};
pub use session::Session;

use crate::store::Store;
use crate::text::{self, Lang};
use std::path::PathBuf;

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Lang,
    pub keymap: Option<PathBuf>,
    pub ascii: bool,
    /// The folder the export and report forms offer (the config file's `export_dir`).
    pub export_dir: Option<PathBuf>,
    /// The ledger's columns (the config file's `ledger_columns`); empty: [`columns::DEFAULT`].
    pub ledger_columns: Vec<columns::Column>,
}

/// Runs the full-screen app until the clerk quits.
pub fn run(store: Store, opts: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("{}", crate::text::T::NoTerminal.get(opts.lang));
    }
    let mut session = Session::open(store, &opts);
    if let Some(locale) = non_utf8_locale() {
        // Xshell and SecureCRT sessions are often GBK: say why Chinese may look broken.
        let text = text::T::LocaleNotUtf8.get(opts.lang).replace("{x}", &locale);
        session.app.warnings.push(text.clone());
        if session.app.message.is_none() {
            session.app.say(app::Level::Warning, text);
        }
    }
    terminal::event_loop(&mut session)?;
    Ok(())
}

/// The locale setting when it is not UTF-8 (the first of `LC_ALL`, `LC_CTYPE`, `LANG` that
/// is set decides, as in C).
fn non_utf8_locale() -> Option<String> {
    let value = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))?;
    let lower = value.to_ascii_lowercase();
    (!lower.contains("utf-8") && !lower.contains("utf8")).then_some(value)
}
