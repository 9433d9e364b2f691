//! Overlays that take the keyboard, one per file, and the dialogs that record something on
//! an item, one per file behind the [`Dialog`] trait.
//!
//! | module | holds |
//! |---|---|
//! | [`picker`] | a choice list with a type-to-narrow field (meeting, status, unit filters) |
//! | [`search`] | the quick-search box: query, results, what Enter opens |
//! | [`close_entry`] | 销号: the closure checklist, and the office's reason when a line fails |
//! | [`reopen_entry`] | 重新打开 a closed entry, with a reason |
//! | [`receipt`] | 签收: a unit signs for its assignment |
//! | [`decide_reassignment`] | 调整申请审批: the office decides a unit's request |
//! | [`co_opinion`] | 会办意见: a co-handling unit's opinion comes in |
//! | [`contact`] | 沟通: a contact with the proposer, by stage and method |
//! | [`review`] | 审核答复: approve a reply or return it for redoing |
//! | [`commitment`] | 承诺事项: done, or carried into follow-up |
//! | [`progress`] | 二次办理进展 |
//! | [`reminder`] | 催办 / 约谈 of a unit on the item |
//! | [`withdraw`] | 撤回 at the proposer's written request |
//! | [`request_reassignment`] | 申请调整: a unit asks to be reassigned, within its window |
//! | [`face_to_face`] | 面复: a leader replies in person |
//! | [`reply`] | 登记答复: the reply letter, its class, disclosure and commitments |
//! | [`second_round`] | 二次办理 opened for a leader's case or public attention |
//!
//! A dialog holds its typed fields (an enum per dialog: a misspelt field does not compile),
//! what it loads (one store call), the body the generic form widget of
//! [`crate::tui::forms`] draws, and how it saves (one store call). [`Open`] is the registry
//! from an action to its dialog; the forms not moved here yet are still built by
//! `forms::build` and saved by `save`.
/// A dialog's fields: `fields!(Reason = "reason", On = "on")` makes `enum F` whose `id()`
/// is the one place the field's name is written.
macro_rules! fields {
    ($($(#[$doc:meta])* $v:ident = $id:literal),* $(,)?) => {
        /// The dialog's fields.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum F {
            $($(#[$doc])* $v),*
        }
        impl F {
            fn id(self) -> &'static str {
                match self {
                    $(F::$v => $id),*
                }
            }
        }
    };
}

/// `item()` and `set_version()` of a dialog whose state has `item` and `version`.
macro_rules! on_item {
    () => {
        fn item(&self) -> (i64, i64) {
            (self.item, self.version)
        }
        fn set_version(&mut self, version: i64) {
            self.version = version;
        }
    };
}

pub mod close_entry;
pub mod co_opinion;
pub mod commitment;
pub mod contact;
pub mod decide_reassignment;
pub mod face_to_face;
mod parts;
pub mod picker;
pub mod progress;
pub mod receipt;
pub mod reminder;
pub mod reopen_entry;
pub mod reply;
pub mod request_reassignment;
pub mod review;
pub mod search;
pub mod second_round;
pub mod withdraw;

use super::action::Action;
use super::app::Context;
use super::forms::{Field, Form, Purpose, SaveError, Saved};
use crate::store::detail::ItemDetail;
use crate::store::Store;
use crate::text::Lang;

/// The item a dialog opens on, as the session read it (its detail: assignments, replies,
/// requests… which most dialogs offer as choices).
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub detail: &'a ItemDetail,
}

impl Head<'_> {
    pub fn id(&self) -> i64 {
        self.detail.item.id
    }
    pub fn version(&self) -> i64 {
        self.detail.item.version
    }
    /// A dialog's title line: what it does, then the item ("销号 · 25 关于……的建议").
    pub fn title(&self, what: &str) -> String {
        format!("{what} · {} {}", self.detail.item.number, self.detail.item.title)
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
    /// Reads what it needs from the store (one call at most), or says why the action does
    /// not apply to the item now.
    fn load(store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Result<Self, String>;
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
            pub fn load(action: &Action, store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Option<Result<Form, String>> {
                $(
                    if *action == <$ty as Dialog>::ACTION {
                        return Some(<$ty as Dialog>::load(store, head, ctx, lang).map(|d| {
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
    Receipt => receipt::Receipt,
    DecideReassignment => decide_reassignment::DecideReassignment,
    CoOpinion => co_opinion::CoOpinion,
    Contact => contact::Contact,
    Review => review::Review,
    Commitment => commitment::Commitment,
    Progress => progress::Progress,
    Reminder => reminder::Reminder,
    Withdraw => withdraw::Withdraw,
    RequestReassignment => request_reassignment::RequestReassignment,
    FaceToFace => face_to_face::FaceToFace,
    SecondRound => second_round::SecondRound,
    Reply => reply::Reply,
}
