//! Registering (`new_entry`) and editing (`edit_entry`) an item, and new people.
use super::undo::{Change, Step, Undo};
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::intake::format_number;
use crate::domain::item::normalize_number;
use crate::domain::{Body, Timing};
use crate::store::db::OptionalExtension;
use crate::store::handling::{require_text, ymd};
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// What a clerk types for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDraft {
    pub meeting_id: i64,
    pub number: String,
    pub title: String,
    pub body_text: String,
    pub topic: String,
    pub filed_on: NaiveDate,
    /// `None`: from the filing date and the meeting's session dates.
    pub timing: Option<Timing>,
    pub key: bool,
    pub leader: String,
    /// Person ids; the first is the lead proposer.
    pub proposers: Vec<i64>,
}

/// A person to create in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub body: Body,
    pub collective: bool,
    /// 代表团 or 界别 (or the party / committee of a collective).
    pub delegation: String,
    pub phone: String,
}

impl Store {
    /// The next free number of a meeting, in the pattern rules.toml gives its body.
    pub fn next_number(&self, meeting_id: i64) -> Result<String> {
        let body: Body = self.conn().query_row("SELECT body FROM meeting WHERE id = ?1", [meeting_id], |r| r.get(0))?;
        next_free_number(self.conn(), &self.data.rules.numbering, body, meeting_id)
    }

    /// Numbers of the other items of `meeting_id` with this very title (a likely duplicate,
    /// for the office to merge at the filing review).
    pub fn same_title(&self, meeting_id: i64, title: &str, except: i64) -> Result<Vec<String>> {
        let mut st = self.conn().prepare_cached(
            "SELECT number FROM item WHERE meeting_id = ?1 AND trim(title) = trim(?2) AND id <> ?3 ORDER BY number_key",
        )?;
        let rows = st.query_map(params![meeting_id, title, except], |r| r.get(0))?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The deputies (or members) of a body, for the proposer picker.
    pub fn people(&self, body: Body) -> Result<Vec<crate::domain::Proposer>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, name, collective, delegation, phone FROM person WHERE body = ?1 ORDER BY name",
        )?;
        let rows = st.query_map([body.as_str()], |r| {
            Ok(crate::domain::Proposer {
                id: r.get(0)?,
                name: r.get(1)?,
                body,
                collective: r.get(2)?,
                delegation: r.get(3)?,
                phone: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// Creates a person (deputy, member or collective).
    pub fn new_person(&mut self, p: &NewPerson) -> Result<i64> {
        require_text(&p.name, "姓名", "the name")?;
        self.write(|t| {
            t.require(Permission::Office)?;
            insert_person(t, p)
        })
    }

    /// Registers an item; it is "received" (待立案) until the office's filing decision.
    pub fn new_entry(&mut self, d: &ItemDraft) -> Result<i64> {
        self.new_entry_with_people(d, &[])
    }

    /// Registers an item whose proposers include people created in place: the people are
    /// created and appended to `d.proposers` in the same transaction, so a refused item
    /// leaves no new person behind.
    pub fn new_entry_with_people(&mut self, d: &ItemDraft, people: &[(usize, NewPerson)]) -> Result<i64> {
        for (_, p) in people {
            require_text(&p.name, "姓名", "the name")?;
        }
        self.write(|t| {
            t.require(Permission::Office)?;
            let mut d = d.clone();
            for (at, p) in people {
                let id = insert_person(t, p)?;
                d.proposers.insert((*at).min(d.proposers.len()), id);
            }
            let d = &d;
            let (body, timing) = check_draft(t, d, None)?;
            t.conn().execute(
                "INSERT INTO item (meeting_id, kind, number, number_key, title, body_text, topic, filed_on, timing, key_item, leader, filing, created_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,'received',?12)",
                params![d.meeting_id, body.kind().as_str(), d.number.trim(), normalize_number(&d.number), d.title.trim(), d.body_text.trim_end(),
                        d.topic.trim(), ymd(d.filed_on), timing.as_str(), d.key, d.leader.trim(), t.now()],
            )?;
            let id = t.conn().last_insert_rowid();
            write_proposers(t, id, &d.proposers)?;
            t.audit("item", id, Some(id), crate::store::AuditAction::NewEntry, None, Some(&serde_json::to_value(d).unwrap_or_default()))?;
            t.refresh_item(id)?;
            Ok(id)
        })
    }

    /// Edits an item (version-checked); the detail's history shows what changed, and the
    /// clerk may undo it (the record returned).
    pub fn edit_entry(&mut self, item_id: i64, item_version: i64, d: &ItemDraft) -> Result<Undo> {
        let undo = self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let before = read_draft(t, item_id)?;
            let (_, timing) = check_draft(t, d, Some(item_id))?;
            if d.meeting_id != before.meeting_id {
                return Err(StoreError::rule("不能改变所属会议", "an item cannot move to another meeting"));
            }
            t.conn().execute(
                "UPDATE item SET number = ?2, number_key = ?3, title = ?4, body_text = ?5, topic = ?6, filed_on = ?7, timing = ?8,
                        key_item = ?9, leader = ?10 WHERE id = ?1",
                params![item_id, d.number.trim(), normalize_number(&d.number), d.title.trim(), d.body_text.trim_end(), d.topic.trim(),
                        ymd(d.filed_on), timing.as_str(), d.key, d.leader.trim()],
            )?;
            t.conn().execute("DELETE FROM item_proposer WHERE item_id = ?1", [item_id])?;
            write_proposers(t, item_id, &d.proposers)?;
            t.audit("item", item_id, Some(item_id), crate::store::AuditAction::EditEntry, Some(&serde_json::to_value(&before).unwrap_or_default()), Some(&serde_json::to_value(d).unwrap_or_default()))?;
            t.refresh_item(item_id)?;
            Ok(before)
        })?;
        self.undo_record(Step::Edit, vec![(item_id, Change::Edit { before: undo })])
    }

    /// The item as a draft, for the edit form.
    pub fn item_draft(&self, item_id: i64) -> Result<ItemDraft> {
        let t = Tx::new(self.conn(), self.actor(), &self.operator, self.today(), &self.data);
        read_draft(&t, item_id)
    }
}

/// Validates a draft: meeting, number, title, date, topic, proposers of the meeting's body.
fn insert_person(t: &Tx, p: &NewPerson) -> Result<i64> {
    let exists: Option<i64> = t
        .conn()
        .query_row(
            "SELECT id FROM person WHERE body = ?1 AND name = ?2 AND delegation = ?3",
            params![p.body.as_str(), p.name.trim(), p.delegation.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::rule(
            format!("{}({})已存在", p.name.trim(), p.delegation.trim()),
            format!("{} ({}) already exists", p.name.trim(), p.delegation.trim()),
        ));
    }
    t.conn().execute(
        "INSERT INTO person (name, body, collective, delegation, phone) VALUES (?1,?2,?3,?4,?5)",
        params![p.name.trim(), p.body.as_str(), p.collective, p.delegation.trim(), p.phone.trim()],
    )?;
    let id = t.conn().last_insert_rowid();
    t.audit("person", id, None, crate::store::AuditAction::NewPerson, None, Some(&serde_json::json!({"name": p.name.trim(), "body": p.body.as_str(), "collective": p.collective, "delegation": p.delegation.trim()})))?;
    Ok(id)
}

/// The number after the highest of the meeting, in the body's numbering pattern.
fn next_free_number(
    c: &crate::store::db::Db,
    numbering: &crate::domain::rules::Numbering,
    body: Body,
    meeting_id: i64,
) -> Result<String> {
    let pattern = match body {
        Body::Cppcc => &numbering.item_cppcc,
        Body::Npc => &numbering.item_npc,
    };
    let max: Option<i64> =
        c.query_row("SELECT max(CAST(number_key AS INTEGER)) FROM item WHERE meeting_id = ?1", [meeting_id], |r| {
            r.get(0)
        })?;
    Ok(format_number(pattern, max.unwrap_or(0) as u32 + 1))
}

fn check_draft(t: &Tx, d: &ItemDraft, editing: Option<i64>) -> Result<(Body, Timing)> {
    let meeting: Option<(Body, bool, Option<String>, Option<String>)> = t
        .conn()
        .query_row("SELECT body, archived, opened_on, closed_on FROM meeting WHERE id = ?1", [d.meeting_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (body, archived, opened, closed) =
        meeting.ok_or(StoreError::NotFound { entity: "meeting", id: d.meeting_id })?;
    if archived {
        return Err(StoreError::Archived);
    }
    t.check_event_date(Event::Filed, d.filed_on, &[])?;
    require_text(&d.number, "编号", "the number")?;
    require_text(&d.title, "标题", "the title")?;
    if d.proposers.is_empty() {
        return Err(StoreError::rule(
            "请至少选择一位提出人(第一位为领衔人)",
            "choose at least one proposer (the first leads)",
        ));
    }
    if !d.topic.trim().is_empty() && !t.data.rules.filing.topics.iter().any(|x| x == d.topic.trim()) {
        return Err(StoreError::rule(
            format!("类别“{}”不在配置的类别中({})", d.topic.trim(), t.data.rules.filing.topics.join("、")),
            format!("topic '{}' is not one of the configured topics", d.topic.trim()),
        ));
    }
    let key = normalize_number(&d.number);
    let taken: Option<i64> = t
        .conn()
        .query_row("SELECT id FROM item WHERE meeting_id = ?1 AND number_key = ?2", params![d.meeting_id, key], |r| {
            r.get(0)
        })
        .optional()?;
    if taken.is_some_and(|id| Some(id) != editing) {
        let free = next_free_number(t.conn(), &t.data.rules.numbering, body, d.meeting_id)?;
        return Err(StoreError::rule(
            format!("编号 {} 已被本次会议的另一件使用;下一个可用编号为 {free}", d.number.trim()),
            format!("number {} is taken in this meeting; the next free one is {free}", d.number.trim()),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for p in &d.proposers {
        if !seen.insert(p) {
            return Err(StoreError::rule("同一提出人不能重复", "a proposer appears twice"));
        }
        let (name, pb): (String, Body) = t
            .conn()
            .query_row("SELECT name, body FROM person WHERE id = ?1", [p], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(StoreError::NotFound { entity: "person", id: *p })?;
        if pb != body {
            return Err(StoreError::rule(
                format!(
                    "{name} 不是{}的{},不能作为本件提出人",
                    body.label(crate::text::Lang::Zh),
                    if body == Body::Npc { "代表" } else { "委员" }
                ),
                format!(
                    "{name} is not a {} of the {}",
                    if body == Body::Npc { "deputy" } else { "member" },
                    body.label(crate::text::Lang::En)
                ),
            ));
        }
    }
    let timing = d.timing.unwrap_or_else(|| match (opened, closed) {
        (Some(a), Some(b)) => {
            let f = ymd(d.filed_on);
            if f >= a && f <= b {
                Timing::During
            } else {
                Timing::Between
            }
        }
        _ => Timing::During,
    });
    Ok((body, timing))
}

fn write_proposers(t: &Tx, item_id: i64, people: &[i64]) -> Result<()> {
    for (pos, p) in people.iter().enumerate() {
        t.conn().execute(
            "INSERT INTO item_proposer (item_id, person_id, position) VALUES (?1,?2,?3)",
            params![item_id, p, pos as i64],
        )?;
    }
    Ok(())
}

pub(super) fn read_draft(t: &Tx, item_id: i64) -> Result<ItemDraft> {
    let mut d = t
        .conn()
        .query_row(
            "SELECT meeting_id, number, title, body_text, topic, filed_on, timing, key_item, leader FROM item WHERE id = ?1",
            [item_id],
            |r| {
                Ok(ItemDraft {
                    meeting_id: r.get(0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    body_text: r.get(3)?,
                    topic: r.get(4)?,
                    filed_on: crate::store::date(&r.get::<_, String>(5)?),
                    timing: Some(r.get::<_, Timing>(6)?),
                    key: r.get(7)?,
                    leader: r.get(8)?,
                    proposers: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(StoreError::NotFound { entity: "item", id: item_id })?;
    let mut st = t.conn().prepare_cached("SELECT person_id FROM item_proposer WHERE item_id = ?1 ORDER BY position")?;
    d.proposers = st.query_map([item_id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    Ok(d)
}

/// Restores a draft's fields (for undo).
pub(super) fn restore(t: &Tx, item_id: i64, d: &ItemDraft) -> Result<()> {
    t.conn().execute(
        "UPDATE item SET number = ?2, number_key = ?3, title = ?4, body_text = ?5, topic = ?6, filed_on = ?7, timing = ?8,
                key_item = ?9, leader = ?10 WHERE id = ?1",
        params![item_id, d.number, normalize_number(&d.number), d.title, d.body_text, d.topic, ymd(d.filed_on),
                d.timing.unwrap_or(Timing::During).as_str(), d.key, d.leader],
    )?;
    t.conn().execute("DELETE FROM item_proposer WHERE item_id = ?1", [item_id])?;
    write_proposers(t, item_id, &d.proposers)
}
