//! banli (办理): a terminal ledger for NPC deputy suggestions (人大代表建议) and CPPCC
//! member proposals (政协提案).
//!
//! Three layers, calls in one direction (`tui` → `store` → `domain`):
//!
//! | module | holds |
//! |---|---|
//! | [`domain`] | pure types and rules of DOMAIN.md: items, units, roles, records, status, rules, calendar, dates |
//! | [`store`] | SQLite: schema and migrations, queries, the audit log, the demo loader |
//! | [`search`] | quick search: pinyin keys, the in-memory index, narrowing sessions |
//! | [`transfer`] | files in and out: Excel/CSV import and export, the figures report (md/docx), backup |
//! | [`tui`] | the terminal app: actions, keymaps, state, views |
//! | [`data`] | the files in `data/` (rules, holidays), compiled in and overridable |
//! | [`text`] | every piece of UI text, in Chinese and English |
//! | [`cli`] | the command line: one file per group of commands (transfer, docs, evaluate, doctor, audit, user, stress) |
//! | [`config`] | the configuration files and the effective settings (`banli config`) |
//! | [`bench`] | `banli bench`: start-up, search, frames and exports measured |
//! | [`caught`] | panics a reader catches on purpose, kept quiet |
//! | [`logging`] | the log file (tracing, level from `BANLI_LOG`) |

pub mod bench;
pub mod caught;
pub mod cli;
pub mod config;
pub mod data;
pub mod domain;
pub mod logging;
pub mod search;
pub mod store;
pub mod text;
pub mod transfer;
pub mod tui;
