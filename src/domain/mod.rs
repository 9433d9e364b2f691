//! Pure types and rules of DOMAIN.md: no SQLite, no terminal.
//!
//! | module | holds |
//! |---|---|
//! | [`access`] | account roles and what each may do |
//! | [`applies`] | which items each action applies to, and why it leaves the others |
//! | [`item`] | `Body`, `Kind`, `Meeting`, `Item`, `Proposer`, `Filing`, `Timing` |
//! | [`unit`] | `Unit` (承办单位) |
//! | [`assignment`] | `Role`, `Assignment` and the lead/split/co-handling invariants |
//! | [`records`] | later-stage records: contact, face-to-face, reply, review, feedback, second round, commitment, closure, reminder |
//! | [`status`] | the item's handling status, derived from its records |
//! | [`closure`] | the closure (销号) checklist |
//! | [`rules`] | `Rules`, read from `data/rules.toml` |
//! | [`calendar`] | the holiday calendar (`data/holidays/`) and working-day arithmetic |
//! | [`dates`] | parsing dates as clerks type them |
//! | [`event_dates`] | dates that can be true: no event after today or before the event it follows |
//! | [`face_to_face`] | the head-reply rule and 面复率 |
//! | [`intake`] | item numbers, the title shape, filing decisions |
//! | [`figures`] | the one set of figures every screen, report and export reads, with each rate's definition |
//! | [`office_due`] | the office's own deadlines: assigning between sessions, answering a reassignment request, feedback back, publishing a reply |
//! | [`unit_figures`] | the same figures per unit (个次) and the head-reply rule over items due |
//! | [`rate`] | rates and shares, and how percentages are rounded |
//! | [`ranking`] | the unit ranking (排名通报) and the notice's text |
//! | [`unit_order`] | the office's order of units (its numbers, then pinyin) |
//! | [`evaluation`] | the units' year-end evaluation (score, grade, why) and excellent-item candidates |

pub mod access;
pub mod applies;
pub mod assignment;
pub mod calendar;
pub mod closure;
pub mod dates;
pub mod evaluation;
pub mod event_dates;
pub mod face_to_face;
pub mod figures;
pub mod intake;
pub mod item;
pub mod office_due;
pub mod ranking;
pub mod rate;
pub mod records;
pub mod rules;
pub mod status;
pub mod unit;
pub mod unit_figures;
pub mod unit_order;

pub use assignment::{Assignment, Role, RoleError};
pub use calendar::{Calendar, CalendarError};
pub use item::{Body, Filing, Item, Kind, Meeting, Proposer, Timing};
pub use records::*;
pub use rules::{Period, PeriodUnit, Rules, RulesError};
pub use status::Status;
pub use unit::Unit;

/// Implements `as_str`/`parse` (the stored snake_case code) and bilingual labels for a
/// plain enum, so every domain word is spelled in exactly one place.
#[macro_export]
macro_rules! coded_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $( $(#[$vm:meta])* $var:ident = ($code:literal, $zh:literal, $en:literal) ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $( $(#[$vm])* $var ),+ }
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The code stored in the database and written in data files.
            pub fn as_str(self) -> &'static str { match self { $($name::$var => $code),+ } }
            /// Reads a stored code exactly (what the database holds); labels are not codes.
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$var),)+ _ => None }
            }
            /// Reads a stored code, or a Chinese or English label.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                $( if s == $code || s == $zh || s.eq_ignore_ascii_case($en) { return Some($name::$var); } )+
                None
            }
            /// The label in the UI language.
            pub fn label(self, lang: $crate::text::Lang) -> &'static str {
                match lang {
                    $crate::text::Lang::Zh => match self { $($name::$var => $zh),+ },
                    $crate::text::Lang::En => match self { $($name::$var => $en),+ },
                }
            }
        }
    };
}
