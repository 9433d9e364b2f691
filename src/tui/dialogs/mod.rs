//! Overlays that take the keyboard, one per file, and the dialogs that record something on
//! an item, one per file behind the [`Dialog`] trait.
//!
//! | module | holds |
//! |---|---|
//! | [`picker`] | a choice list with a type-to-narrow field (meeting, status, unit filters) |
//! | [`search`] | the quick-search box: query, results, what Enter opens |
//! | [`close_entry`] | 销号: the closure checklist, and the office's reason when a line fails |
//! | [`reopen_entry`] | 重新打开 a closed entry, with a reason |
//!
//! A dialog holds its typed fields (an enum per dialog: a misspelt field does not compile),
//! what it loads (one store call), the body the generic form widget of
//! [`crate::tui::forms`] draws, and how it saves (one store call). [`Open`] is the registry
//! from an action to its dialog; the forms not moved here yet are still built by
//! `forms::build` and saved by `save`.
pub mod close_entry;
pub mod picker;
pub mod reopen_entry;
pub mod search;

use super::action::Action;
use super::app::Context;
use super::forms::{Field, Form, Purpose, SaveError, Saved};
use crate::store::{Store, StoreError};
use crate::text::Lang;

/// The item a dialog opens on, as the session read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub title: String,
}

impl Head {
    /// A dialog's title line: what it does, then the item ("销号 · 25 关于……的建议").
    pub fn title(&self, what: &str) -> String {
        format!("{what} · {} {}", self.number, self.title)
    }
}

/// What a dialog shows: its title, the lines computed from the ledger above the fields (a
/// checklist line ticked or not, a plain line), and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub title: String,
    pub info: Vec<(Option<bool>, String)>,
    pub fields: Vec<Field>,
}

/// One dialog that records something on an item.
pub trait Dialog: Sized + Clone + PartialEq + std::fmt::Debug {
    /// The action that opens it.
    const ACTION: Action;
    /// Reads what it needs from the store (one call).
    fn load(store: &Store, head: &Head, ctx: &Context) -> Result<Self, StoreError>;
    /// What the form widget draws.
    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body;
    /// Saves what was typed in `form` (one store call).
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError>;
    /// The item and the version it was opened on.
    fn item(&self) -> (i64, i64);
    /// The same dialog on a newer version of the item (saving over another clerk's change).
    fn set_version(&mut self, version: i64);
}

macro_rules! registry {
    ($($variant:ident => $ty:ty),* $(,)?) => {
        /// The registry: every dialog, opened by its action.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Open {
            $($variant($ty)),*
        }

        impl Open {
            /// Whether `action` opens one of these dialogs.
            pub fn has(action: &Action) -> bool {
                $(*action == <$ty as Dialog>::ACTION)||*
            }

            /// Loads the dialog of `action` on `head` and gives the form to show; `None` when
            /// no dialog here answers `action`.
            pub fn load(action: &Action, store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Option<Result<Form, StoreError>> {
                $(
                    if *action == <$ty as Dialog>::ACTION {
                        return Some(<$ty as Dialog>::load(store, head, ctx).map(|d| {
                            let body = d.body(head, ctx, lang);
                            Form::new(Purpose::Dialog(Open::$variant(d)), body.title, body.fields).with_info(body.info)
                        }));
                    }
                )*
                None
            }

            /// Saves the form of this dialog.
            pub fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
                match self { $(Open::$variant(d) => d.save(store, form)),* }
            }

            /// The item and the version the dialog was opened on.
            pub fn item(&self) -> (i64, i64) {
                match self { $(Open::$variant(d) => d.item()),* }
            }

            /// The same dialog on a newer version of the item.
            pub fn set_version(&mut self, version: i64) {
                match self { $(Open::$variant(d) => d.set_version(version)),* }
            }

            /// The action that opened it (to open it again after a conflict).
            pub fn action(&self) -> Action {
                match self { $(Open::$variant(_) => <$ty as Dialog>::ACTION),* }
            }
        }
    };
}

registry! {
    CloseEntry => close_entry::CloseEntry,
    ReopenEntry => reopen_entry::ReopenEntry,
}
