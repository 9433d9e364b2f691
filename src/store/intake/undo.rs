//! Undo (action `undo`): each undoable step returns its record ([`Undo`]): an edit, a filing
//! decision, a withdrawal, an assignment or re-assignment (one item or a batch) and a
//! closure (one entry or a batch, [`Store::closure_undo`]). The clerk's session keeps the
//! last one (and drops it on any other save, so undo never reaches past the last step to
//! another item); the store only names a record ([`Store::undo_preview`]) and applies it
//! ([`Store::undo`]) as a new audited change, refused when an item changed since, naming
//! who changed it and how.
use super::entry::{restore, ItemDraft};
use super::filing::set_filing_state;
use crate::store::db::OptionalExtension;
use crate::store::handling::ymd;
use crate::store::{AuditAction, Result, Store, StoreError, Tx};
use crate::text::Lang;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// The filing columns of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingState {
    pub filing: String,
    pub ground: String,
    pub note: String,
    pub on: Option<String>,
    pub opinion_unit: Option<i64>,
    pub merged_into: Option<i64>,
}

crate::coded_enum! {
    /// The kind of step undo can take back.
    pub enum Step {
        Edit = ("edit_entry", "修改", "edit"),
        Filing = ("review_filing", "立案审查", "filing decision"),
        Withdraw = ("withdraw", "撤回", "withdrawal"),
        Assign = ("assign", "交办", "assignment"),
        Reassign = ("reassign", "重新交办", "re-assignment"),
        Close = ("close_entry", "销号", "closure"),
    }
}

/// What one undoable step changed on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Edit {
        before: ItemDraft,
    },
    Filing {
        before: FilingState,
    },
    /// The assignments the withdrawal ended and the second rounds it closed.
    Withdraw {
        before: FilingState,
        assignments: Vec<i64>,
        rounds: Vec<i64>,
    },
    /// Assignments the step added, and the ones it ended.
    Assign {
        added: Vec<i64>,
        ended: Vec<i64>,
    },
    /// The closure row the step wrote.
    Close {
        closure: i64,
    },
}

/// One item a step touched, at the version the step left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    pub item_id: i64,
    pub version: i64,
    pub change: Change,
}

/// An undoable step: what it changed on each item, to take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    pub step: Step,
    pub items: Vec<Touched>,
    /// The last audit row when the step was saved: later rows on its items are changes since.
    pub audit_id: i64,
}

/// What undo would do, shown before it acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoPreview {
    pub step: Step,
    /// (number, title) of each item, in the order of the step.
    pub items: Vec<(String, String)>,
}

/// How many numbers a batch's description names (the count says how many there are).
const SHOWN: usize = 10;

impl UndoPreview {
    /// "撤销批量销号 3 件:第12号、第15号、第20号" or "撤销修改:第25号 关于……".
    pub fn describe(&self, lang: Lang) -> String {
        let step = self.step.label(lang);
        match (self.items.as_slice(), lang) {
            ([(n, title)], Lang::Zh) => format!("撤销{step}:第{n}号 {title}"),
            ([(n, title)], Lang::En) => format!("Undo the {step} of No. {n} {title}"),
            (all, Lang::Zh) => {
                let nums: Vec<String> = all.iter().take(SHOWN).map(|(n, _)| format!("第{n}号")).collect();
                let more = if all.len() > SHOWN { "等" } else { "" };
                format!("撤销批量{step} {} 件:{}{more}", all.len(), nums.join("、"))
            }
            (all, Lang::En) => {
                let nums: Vec<&str> = all.iter().take(SHOWN).map(|(n, _)| n.as_str()).collect();
                let more = if all.len() > SHOWN { " …" } else { "" };
                format!("Undo the batch {step} of {} items: No. {}{more}", all.len(), nums.join(", "))
            }
        }
    }
}

impl Store {
    /// The record of `step` on `changes` ((item, change) pairs), at the versions and the
    /// audit position the database has now (just after the step's commit).
    pub(crate) fn undo_record(&self, step: Step, changes: Vec<(i64, Change)>) -> Result<Undo> {
        let mut items = Vec::new();
        for (item_id, change) in changes {
            let version: i64 =
                self.conn().query_row("SELECT version FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
            items.push(Touched { item_id, version, change });
        }
        let audit_id: i64 = self.conn().query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?;
        Ok(Undo { step, items, audit_id })
    }

    /// The record of the closure of `items` (one entry or a batch) just saved, for undo.
    pub fn closure_undo(&self, items: &[i64]) -> Result<Undo> {
        let mut changes = Vec::new();
        for &item in items {
            let closure: Option<i64> = self
                .conn()
                .query_row(
                    "SELECT id FROM closure WHERE item_id = ?1 AND reopened_on IS NULL ORDER BY id DESC LIMIT 1",
                    [item],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(closure) = closure {
                changes.push((item, Change::Close { closure }));
            }
        }
        self.undo_record(Step::Close, changes)
    }

    /// What undoing `u` would do: the step and its items.
    pub fn undo_preview(&self, u: &Undo) -> Result<UndoPreview> {
        let mut st = self.conn().prepare_cached("SELECT number, title FROM item WHERE id = ?1")?;
        let items = u
            .items
            .iter()
            .map(|t| st.query_row([t.item_id], |r| Ok((r.get(0)?, r.get(1)?))))
            .collect::<crate::store::db::DbResult<_>>()?;
        Ok(UndoPreview { step: u.step, items })
    }

    /// Undoes the step `u`, all its items in one transaction. Returns what was undone.
    pub fn undo(&mut self, u: &Undo) -> Result<UndoPreview> {
        let preview = self.undo_preview(u)?;
        let me = self.operator.clone();
        self.write(|t| {
            for x in &u.items {
                let now: i64 =
                    t.conn().query_row("SELECT version FROM item WHERE id = ?1", [x.item_id], |r| r.get(0))?;
                if now != x.version {
                    return Err(changed_since(t, x.item_id, u.audit_id, &me)?);
                }
                t.claim_item(x.item_id, x.version)?;
            }
            for x in &u.items {
                undo_one(t, u.step, x)?;
                t.refresh_item(x.item_id)?;
            }
            Ok(())
        })?;
        Ok(preview)
    }
}

/// Takes back one item's part of the step, with an audit row saying what was undone.
fn undo_one(t: &Tx, step: Step, x: &Touched) -> Result<()> {
    let id = x.item_id;
    let today = ymd(t.today);
    let detail = match &x.change {
        Change::Edit { before } => {
            restore(t, id, before)?;
            serde_json::to_value(before).unwrap_or_default()
        }
        Change::Filing { before } => {
            set_filing_state(t, id, before)?;
            serde_json::to_value(before).unwrap_or_default()
        }
        Change::Withdraw { before, assignments, rounds } => {
            set_filing_state(t, id, before)?;
            for a in assignments {
                t.conn().execute(
                    "UPDATE assignment SET ended_on = NULL, end_reason = '', version = version + 1 WHERE id = ?1",
                    [a],
                )?;
            }
            for r in rounds {
                t.conn().execute("UPDATE second_round SET closed_on = NULL WHERE id = ?1", [r])?;
            }
            serde_json::json!({"filing": before.filing, "assignments_restored": assignments, "rounds_reopened": rounds})
        }
        Change::Assign { added, ended } => {
            for a in added {
                t.conn().execute(
                    "UPDATE assignment SET ended_on = ?2, end_reason = '撤销交办 undone', version = version + 1
                     WHERE id = ?1 AND ended_on IS NULL",
                    params![a, today],
                )?;
            }
            for a in ended {
                t.conn().execute(
                    "UPDATE assignment SET ended_on = NULL, end_reason = '', version = version + 1 WHERE id = ?1",
                    [a],
                )?;
            }
            serde_json::json!({"assignments_ended": added, "assignments_restored": ended})
        }
        Change::Close { closure } => {
            t.conn().execute(
                "UPDATE closure SET reopened_on = ?2, reopen_reason = '撤销销号 undo', reopened_by = ?3
                 WHERE id = ?1 AND reopened_on IS NULL",
                params![closure, today, t.operator],
            )?;
            serde_json::json!({"reopened": closure, "on": today, "reason": "撤销销号 undo"})
        }
    };
    let after = serde_json::json!({"undoes": step.as_str(), "restored": detail});
    t.audit("item", id, Some(id), AuditAction::Undo, None, Some(&after))
}

/// The refusal when `item` changed after the step: who changed it, what, and when, from the
/// audit rows after `since` (the same clerk is named as such, never as "someone else").
fn changed_since(t: &Tx, item: i64, since: i64, me: &str) -> Result<StoreError> {
    let row: Option<(String, String, String)> = t
        .conn()
        .query_row(
            "SELECT operator, action, at FROM audit_log WHERE item_id = ?1 AND id > ?2 ORDER BY id DESC LIMIT 1",
            params![item, since],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let number: String = t.conn().query_row("SELECT number FROM item WHERE id = ?1", [item], |r| r.get(0))?;
    let Some((who, action, at)) = row else {
        return Ok(StoreError::rule(
            format!("第{number}号此后已有改动,无法撤销"),
            format!("No. {number} has changed since; it cannot be undone"),
        ));
    };
    let (zh_act, en_act) = match AuditAction::from_code(&action) {
        Some(a) => (a.label(Lang::Zh).to_string(), a.label(Lang::En).to_string()),
        None => (action.clone(), action.clone()),
    };
    Ok(if who == me {
        StoreError::rule(
            format!("第{number}号此后已由你本人({who})在另一处{zh_act}({at}),无法撤销;请查看该件的办理记录"),
            format!("No. {number} was changed since by you ({who}) elsewhere: {en_act} at {at}; it cannot be undone"),
        )
    } else {
        StoreError::rule(
            format!("第{number}号此后已被 {who} {zh_act}({at}),无法撤销"),
            format!("No. {number} was changed since by {who}: {en_act} at {at}; it cannot be undone"),
        )
    })
}
