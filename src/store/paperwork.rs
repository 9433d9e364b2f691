//! What the office's documents read (`banli docs`): each unit's work (assignment letters,
//! reminders), each proposer's items (proposer sheets). Read only; the figures come from
//! [`super::stats`] and [`super::ranking`] like every other report.
use super::{date, opt_date, Result, Store, StoreError};
use crate::domain::{Body, Kind, Proposer, Role};
use chrono::NaiveDate;
use rusqlite::params;

/// One active assignment on a filed item, as a letter lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRow {
    pub item_id: i64,
    pub meeting: String,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    /// Every proposer, lead first, joined with 、.
    pub proposers: String,
    pub unit_id: i64,
    pub role: Role,
    pub assigned_on: NaiveDate,
    pub deadline: NaiveDate,
    /// The reply (lead, split) or the opinion (co-handling) is in: its date.
    pub done_on: Option<NaiveDate>,
    pub key: bool,
    pub leader: String,
}

impl WorkRow {
    /// Not done and the deadline passed.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.deadline < today
    }
}

/// Which work a document covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkScope {
    pub meeting: Option<i64>,
    pub unit: Option<i64>,
    pub item: Option<i64>,
}

impl Store {
    /// Active assignments on filed items in `scope`, by meeting and item number.
    pub fn work_rows(&self, scope: WorkScope) -> Result<Vec<WorkRow>> {
        let mut st = self.conn().prepare(
            "SELECT i.id, m.name, i.kind, i.number, i.title,
                    (SELECT group_concat(p.name, '、' ORDER BY ip.position) FROM item_proposer ip
                       JOIN person p ON p.id = ip.person_id WHERE ip.item_id = i.id),
                    a.unit_id, a.role, a.assigned_on, a.deadline,
                    CASE WHEN a.role = 'co_handling'
                         THEN (SELECT min(received_on) FROM co_opinion WHERE assignment_id = a.id)
                         ELSE (SELECT min(replied_on) FROM reply WHERE assignment_id = a.id AND review != 'returned') END,
                    i.key_item, i.leader
             FROM assignment a JOIN item i ON i.id = a.item_id JOIN meeting m ON m.id = i.meeting_id
             WHERE a.ended_on IS NULL AND i.filing = 'filed'
               AND (?1 IS NULL OR i.meeting_id = ?1) AND (?2 IS NULL OR a.unit_id = ?2) AND (?3 IS NULL OR i.id = ?3)
             ORDER BY i.meeting_id, CAST(i.number_key AS INTEGER), i.number_key, a.id",
        )?;
        let rows = st.query_map(params![scope.meeting, scope.unit, scope.item], |r| {
            Ok(WorkRow {
                item_id: r.get(0)?,
                meeting: r.get(1)?,
                kind: super::kind_at(r, 2)?,
                number: r.get(3)?,
                title: r.get(4)?,
                proposers: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                unit_id: r.get(6)?,
                role: Role::parse(&r.get::<_, String>(7)?).unwrap_or(Role::CoHandling),
                assigned_on: date(&r.get::<_, String>(8)?),
                deadline: date(&r.get::<_, String>(9)?),
                done_on: opt_date(r.get(10)?),
                key: r.get(11)?,
                leader: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The deputies and members named `name` (spaces ignored); an error naming close names
    /// when there is none.
    pub fn people_named(&self, name: &str) -> Result<Vec<Proposer>> {
        let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let found = self.people_where("name = ?1", &key)?;
        if !found.is_empty() {
            return Ok(found);
        }
        let first: String = key.chars().take(1).collect();
        let near: Vec<String> =
            self.people_where("substr(name, 1, 1) = ?1", &first)?.into_iter().take(8).map(|p| p.name).collect();
        let (zh, en) = if near.is_empty() {
            (String::new(), String::new())
        } else {
            (format!(";同姓的有:{}", near.join("、")), format!("; with that surname: {}", near.join(", ")))
        };
        Err(StoreError::rule(
            format!("没有名为“{name}”的代表或委员{zh}"),
            format!("no deputy or member named '{name}'{en}"),
        ))
    }

    /// Everyone who proposed a filed or unfiled item (of `meeting`, or any), by name.
    pub fn proposers_with_items(&self, meeting: Option<i64>) -> Result<Vec<Proposer>> {
        let mut st = self.conn().prepare(
            "SELECT DISTINCT p.id, p.name, p.body, p.collective, p.delegation, p.phone
             FROM person p JOIN item_proposer ip ON ip.person_id = p.id JOIN item i ON i.id = ip.item_id
             WHERE (?1 IS NULL OR i.meeting_id = ?1)",
        )?;
        let mut v: Vec<Proposer> =
            st.query_map([meeting], person_from_row)?.collect::<crate::store::db::DbResult<_>>()?;
        v.sort_by(|a, b| {
            use crate::domain::unit_order::pinyin_key;
            (a.body.as_str(), pinyin_key(&a.name), a.id).cmp(&(b.body.as_str(), pinyin_key(&b.name), b.id))
        });
        Ok(v)
    }

    /// The ids of the person's items (of `meeting`, or any), by meeting and number.
    pub fn person_items_in(&self, person: i64, meeting: Option<i64>) -> Result<Vec<i64>> {
        let mut st = self.conn().prepare(
            "SELECT i.id FROM item i JOIN item_proposer ip ON ip.item_id = i.id
             WHERE ip.person_id = ?1 AND (?2 IS NULL OR i.meeting_id = ?2)
             ORDER BY i.meeting_id, CAST(i.number_key AS INTEGER), i.number_key",
        )?;
        let ids = st.query_map(params![person, meeting], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(ids)
    }

    fn people_where(&self, cond: &str, arg: &str) -> Result<Vec<Proposer>> {
        let sql =
            format!("SELECT id, name, body, collective, delegation, phone FROM person WHERE {cond} ORDER BY body, id");
        let mut st = self.conn().prepare(&sql)?;
        let v = st.query_map([arg], person_from_row)?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(v)
    }
}

fn person_from_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<Proposer> {
    Ok(Proposer {
        id: r.get(0)?,
        name: r.get(1)?,
        body: Body::parse(&r.get::<_, String>(2)?).unwrap_or(Body::Npc),
        collective: r.get(3)?,
        delegation: r.get(4)?,
        phone: r.get(5)?,
    })
}
