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
//! | [`assign`] | 交办 and 重新交办: units picked by name or pinyin, deadlines shown as the plan changes |
//! | [`feedback`] | 满意度: a proposer's satisfaction, and what it did to a second round |
//! | [`filing`] | 立案审查: 立案, 不予立案, 转为意见, 并案 |
//! | [`entry`] | 登记 and 修改: the item form, new and edited |
//! | [`import`] | 导入: the file checked first, imported after the report is read |
//! | [`export`] | 导出 (a job) and the figures report |
//! | [`close_many`] | 批量销号 and the report of what it left open |
//! | [`undo`] | 撤销上一步, confirmed |
//! | [`parts`] | what the dialogs share: reading choices, the date field, choices from assignments |
//!
//! A dialog holds its typed fields (an enum per dialog: a misspelt field does not compile),
//! what it loads (one store call), the body the generic form widget of
//! [`crate::tui::forms`] draws, and how it saves (one store call). [`Open`] is the registry
//! from an action to its dialog on an item ([`Dialog`]); the dialogs not on one item (a new
//! item, import, export, a batch closure, undo: [`Task`]) are opened by the session from what
//! it holds and saved the same way. A [`crate::tui::forms::Form`] holds its dialog.
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
        fn item(&self) -> Option<(i64, i64)> {
            Some((self.item, self.version))
        }
        fn set_version(&mut self, version: i64) {
            self.version = version;
        }
    };
}

pub mod assign;
pub mod close_entry;
pub mod close_many;
pub mod co_opinion;
pub mod commitment;
pub mod contact;
pub mod decide_reassignment;
pub mod entry;
pub mod export;
pub mod face_to_face;
pub mod feedback;
pub mod filing;
pub mod import;
pub mod parts;
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
pub mod undo;
pub mod withdraw;

use super::action::Action;
use super::app::Context;
use super::forms::{Field, Form, SaveError, Saved};
use crate::domain::{Meeting, Unit};
use crate::store::detail::ItemDetail;
use crate::store::Store;
use crate::text::Lang;

/// The item a dialog opens on, as the session read it (its detail: assignments, replies,
/// requests… which most dialogs offer as choices).
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub detail: &'a ItemDetail,
    /// Every unit (the assignment's picker, the filing's opinion unit).
    pub units: &'a [Unit],
    /// Every meeting (the item form).
    pub meetings: &'a [Meeting],
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
    pub info: Vec<Info>,
    pub fields: Vec<Field>,
}

/// A line computed from the ledger above a form's fields: ticked (`Some(true)`), not
/// (`Some(false)`), or plain (`None`).
pub type Info = (Option<bool>, String);

/// One dialog that records something on an item.
pub trait Dialog: Sized + Clone + PartialEq + std::fmt::Debug {
    /// The action that opens it.
    const ACTION: Action;
    /// Whether saving it keeps the clerk's undo step (see [`Open::keeps_undo`]).
    const KEEPS_UNDO: bool = false;
    /// Reads what it needs from the store (one call at most), or says why the action does
    /// not apply to the item now.
    fn load(store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Result<Self, String>;
    /// What the form widget draws.
    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body;
    /// Saves what was typed in `form` (one store call).
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError>;
    /// The item and the version it was opened on (`None` for a batch over several).
    fn item(&self) -> Option<(i64, i64)>;
    /// The same dialog on a newer version of the item (saving over another clerk's change).
    fn set_version(&mut self, version: i64);
    /// The computed lines again after a field marked `affecting` changed (no store call).
    fn changed(&self, _form: &Form, _ctx: &Context, _lang: Lang) -> Option<Vec<Info>> {
        None
    }
    /// The field the form opens on, when not the first that can be edited.
    fn first_field(&self) -> Option<&'static str> {
        None
    }
}

/// A dialog not on one item (a new item, a file to import or export, a batch, undo): the
/// session builds its form from what it holds; it saves like a [`Dialog`].
pub trait Task: Sized + Clone + PartialEq + std::fmt::Debug {
    /// Whether saving it keeps the clerk's undo step (see [`Open::keeps_undo`]).
    const KEEPS_UNDO: bool = false;
    /// Saves what was typed in `form` (one store call, or a job to run).
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError>;
}

macro_rules! registry {
    (
        items { $($variant:ident => $ty:ty),* $(,)? }
        tasks { $($tvariant:ident => $tty:ty),* $(,)? }
    ) => {
        /// The registry: every dialog, the ones opened on an item by their action first.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Open {
            $($variant($ty),)*
            $($tvariant($tty),)*
        }

        impl Open {
            /// Whether `action` opens one of the dialogs on an item.
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
                            let first = d.first_field();
                            let mut form = Form::new(Open::$variant(d), body.title, body.fields).with_info(body.info);
                            if let Some(info) = form.dialog.changed(&form, ctx, lang) {
                                form.info = info;
                            }
                            if let Some(at) = first.and_then(|id| form.fields.iter().position(|f| f.id == id)) {
                                form.focus = at;
                            }
                            form
                        }));
                    }
                )*
                None
            }

            /// Saves the form of this dialog (one store call).
            pub fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
                match self {
                    $(Open::$variant(d) => d.save(store, form),)*
                    $(Open::$tvariant(d) => d.save(store, form),)*
                }
            }

            /// The item and the version the dialog was opened on, when it is about one item.
            pub fn item(&self) -> Option<(i64, i64)> {
                match self {
                    $(Open::$variant(d) => d.item(),)*
                    $(Open::$tvariant(_) => None,)*
                }
            }

            /// The same dialog on a newer version of the item.
            pub fn set_version(&mut self, version: i64) {
                match self {
                    $(Open::$variant(d) => d.set_version(version),)*
                    $(Open::$tvariant(_) => {})*
                }
            }

            /// The action that opened it (to open it again after a conflict); `None` for a
            /// dialog not on one item.
            pub fn action(&self) -> Option<Action> {
                match self {
                    $(Open::$variant(_) => Some(<$ty as Dialog>::ACTION),)*
                    $(Open::$tvariant(_) => None,)*
                }
            }

            /// Whether saving it keeps the clerk's undo step (it records an undoable step of
            /// its own, or writes nothing in the ledger).
            pub fn keeps_undo(&self) -> bool {
                match self {
                    $(Open::$variant(_) => <$ty as Dialog>::KEEPS_UNDO,)*
                    $(Open::$tvariant(_) => <$tty as Task>::KEEPS_UNDO,)*
                }
            }

            /// The form's computed lines again after a field marked `affecting` changed;
            /// `None` when the dialog computes none.
            pub fn changed(&self, form: &Form, ctx: &Context, lang: Lang) -> Option<Vec<Info>> {
                match self {
                    $(Open::$variant(d) => d.changed(form, ctx, lang),)*
                    $(Open::$tvariant(_) => None,)*
                }
            }
        }
    };
}

registry! {
    items {
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
    Assign => assign::Assign<false>,
    Reassign => assign::Reassign,
    Feedback => feedback::Feedback,
    Filing => filing::Filing,
    EditEntry => entry::EditEntry,
    }
    tasks {
    NewEntry => entry::NewEntry,
    CloseMany => close_many::CloseMany,
    Notice => close_many::Notice,
    UndoConfirm => undo::UndoConfirm,
    Import => import::Import,
    ImportConfirm => import::ImportConfirm,
    Export => export::Export,
    Report => export::Report,
    }
}
