//! The rows the export writes, read with a few whole-table queries joined in memory.
use crate::domain::{Disclosure, Role, Satisfaction, Status, Timing};
use crate::store::Result;
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One ledger row.
#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub item_id: i64,
    pub meeting: String,
    pub number: String,
    pub title: String,
    /// In order; the first leads.
    pub proposers: Vec<String>,
    pub timing: Timing,
    pub topic: String,
    pub lead: Vec<String>,
    pub split: Vec<String>,
    pub co: Vec<String>,
    pub assigned_on: Option<NaiveDate>,
    /// The earliest deadline of the lead or split units.
    pub deadline: Option<NaiveDate>,
    pub key: bool,
    pub leader: String,
    /// When the last replying unit replied.
    pub replied_on: Option<NaiveDate>,
    pub docs: Vec<String>,
    pub class: Option<String>,
    pub disclosure: Option<Disclosure>,
    pub face_to_face: Option<NaiveDate>,
    pub satisfaction: Option<Satisfaction>,
    pub status: Status,
    pub closed_on: Option<NaiveDate>,
}

fn d(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Every item of one meeting or all, in meeting and number order (a small ledger: a large
/// one is read with [`ledger_order`] and [`ledger_lines`], a chunk at a time).
pub fn ledger_rows(store: &Store, meeting: Option<i64>) -> Result<Vec<LedgerLine>> {
    let mut out = Vec::new();
    for chunk in ledger_order(store, meeting)?.chunks(CHUNK) {
        out.extend(ledger_lines(store, chunk)?);
    }
    Ok(out)
}

/// Items read per chunk by [`ledger_lines`]: memory stays at one chunk's rows.
pub const CHUNK: usize = 4096;

/// The item ids of one meeting or all, in the export's order: meeting, then number.
pub fn ledger_order(store: &Store, meeting: Option<i64>) -> Result<Vec<i64>> {
    let mut st = store.conn().prepare(
        "SELECT i.id FROM item i JOIN meeting m ON m.id = i.meeting_id
         WHERE (?1 IS NULL OR i.meeting_id = ?1)
         ORDER BY m.year, m.id, CAST(i.number_key AS INTEGER), i.number_key",
    )?;
    let ids = st.query_map([meeting], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    Ok(ids)
}

/// Calls `f(meeting, number)` for every item of one meeting or all (the export decides
/// from these whether a meeting's numbers are written as numbers), borrowing each row.
pub fn each_number(store: &Store, meeting: Option<i64>, f: &mut dyn FnMut(&str, &str)) -> Result<()> {
    let mut st = store.conn().prepare(
        "SELECT m.name, i.number FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE (?1 IS NULL OR i.meeting_id = ?1)",
    )?;
    let mut rows = st.query([meeting])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let text = |i: usize| r.get_ref(i).ok().and_then(|v| v.as_str().ok()).unwrap_or("");
        f(text(0), text(1));
    }
    Ok(())
}

/// The ledger lines of the items `ids`, in that order (ids not found are left out).
pub fn ledger_lines(store: &Store, ids: &[i64]) -> Result<Vec<LedgerLine>> {
    let c = store.conn();
    let scope = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut lines: Vec<LedgerLine> = Vec::with_capacity(ids.len());
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(ids.len());
    {
        let mut st = c.prepare_cached(
            "SELECT i.id, m.name, i.number, i.title, i.timing, i.topic, i.key_item, i.leader, i.status
             FROM item i JOIN meeting m ON m.id = i.meeting_id
             WHERE i.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))",
        )?;
        let rows = st.query_map([&scope], |r| {
            Ok(LedgerLine {
                item_id: r.get(0)?,
                meeting: r.get(1)?,
                number: r.get(2)?,
                title: r.get(3)?,
                timing: r.get(4)?,
                topic: r.get(5)?,
                key: r.get(6)?,
                leader: r.get(7)?,
                status: r.get(8)?,
                proposers: Vec::new(),
                lead: Vec::new(),
                split: Vec::new(),
                co: Vec::new(),
                assigned_on: None,
                deadline: None,
                replied_on: None,
                docs: Vec::new(),
                class: None,
                disclosure: None,
                face_to_face: None,
                satisfaction: None,
                closed_on: None,
            })
        })?;
        let mut read: HashMap<i64, LedgerLine> = HashMap::with_capacity(ids.len());
        for r in rows {
            let l = r?;
            read.insert(l.item_id, l);
        }
        for id in ids {
            if let Some(l) = read.remove(id) {
                index.insert(l.item_id, lines.len());
                lines.push(l);
            }
        }
    }
    let mut st = c.prepare_cached(
        "SELECT ip.item_id, p.name FROM item_proposer ip JOIN person p ON p.id = ip.person_id
         WHERE ip.item_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) ORDER BY ip.item_id, ip.position",
    )?;
    for r in st.query_map([&scope], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (item, name) = r?;
        if let Some(&i) = index.get(&item) {
            lines[i].proposers.push(name);
        }
    }
    let mut st = c.prepare_cached(
        "SELECT a.item_id, a.role, u.short_name, a.assigned_on, a.deadline,
                (SELECT group_concat(doc_number, '、') FROM reply WHERE assignment_id = a.id AND review != 'returned'),
                (SELECT disclosure FROM standing_reply WHERE assignment_id = a.id)
         FROM assignment a JOIN unit u ON u.id = a.unit_id
         WHERE a.ended_on IS NULL AND a.item_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) ORDER BY a.item_id, a.role, a.id",
    )?;
    let rows = st.query_map([&scope], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Role>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<Disclosure>>(6)?,
        ))
    })?;
    for r in rows {
        let (item, role, unit, assigned, deadline, docs, disclosure) = r?;
        let Some(&i) = index.get(&item) else { continue };
        let l = &mut lines[i];
        match role {
            Role::Lead => l.lead.push(unit),
            Role::Split => l.split.push(unit),
            Role::CoHandling => l.co.push(unit),
        }
        l.assigned_on = [l.assigned_on, d(Some(assigned))].into_iter().flatten().min();
        if role.replies() {
            l.deadline = [l.deadline, d(Some(deadline))].into_iter().flatten().min();
            l.docs.extend(docs.into_iter().flat_map(|s| s.split('、').map(String::from).collect::<Vec<_>>()));
            if l.disclosure.is_none() {
                l.disclosure = disclosure;
            }
        }
    }
    let codes = store.class_codes();
    for f in crate::store::stats::facts::load_item_facts_of(c, ids)? {
        if let Some(&i) = index.get(&f.item_id) {
            let l = &mut lines[i];
            l.class = f.class(&codes);
            l.satisfaction = f.final_feedback;
            if f.replied() {
                l.replied_on = f.units.iter().filter_map(|u| u.replied_on).max();
            }
        }
    }
    let mut st = c.prepare_cached(
        "SELECT item_id, min(met_on) FROM face_to_face WHERE item_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) GROUP BY item_id",
    )?;
    for r in st.query_map([&scope], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))? {
        let (item, met) = r?;
        if let Some(&i) = index.get(&item) {
            lines[i].face_to_face = d(met);
        }
    }
    let mut st = c.prepare_cached(
        "SELECT item_id, max(closed_on) FROM closure
         WHERE reopened_on IS NULL AND item_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) GROUP BY item_id",
    )?;
    for r in st.query_map([&scope], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))? {
        let (item, closed) = r?;
        if let Some(&i) = index.get(&item) {
            lines[i].closed_on = d(closed);
        }
    }
    Ok(lines)
}

/// One public reply.
#[derive(Debug, Clone)]
pub struct PublicLine {
    pub meeting: String,
    pub number: String,
    pub title: String,
    pub proposers: Vec<String>,
    pub unit: String,
    pub doc: String,
    pub replied_on: NaiveDate,
    pub class: String,
    pub text: String,
}

/// Approved replies marked public (the latest per unit), of one meeting or all.
pub fn public_rows(store: &Store, meeting: Option<i64>) -> Result<Vec<PublicLine>> {
    let c = store.conn();
    let mut st = c.prepare(
        "SELECT i.id, m.name, i.number, i.title, u.name, r.doc_number, r.replied_on, r.result_class, r.text
         FROM reply r JOIN assignment a ON a.id = r.assignment_id JOIN item i ON i.id = a.item_id
         JOIN meeting m ON m.id = i.meeting_id JOIN unit u ON u.id = a.unit_id
         WHERE r.disclosure = 'public' AND r.review = 'approved' AND a.ended_on IS NULL
           AND (?1 IS NULL OR i.meeting_id = ?1)
           AND r.id = (SELECT max(id) FROM reply WHERE assignment_id = a.id AND review = 'approved')
         ORDER BY m.year, m.id, CAST(i.number_key AS INTEGER), i.number_key, u.name",
    )?;
    let rows = st.query_map([meeting], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            PublicLine {
                meeting: r.get(1)?,
                number: r.get(2)?,
                title: r.get(3)?,
                proposers: Vec::new(),
                unit: r.get(4)?,
                doc: r.get(5)?,
                replied_on: d(Some(r.get(6)?)).unwrap_or(NaiveDate::MIN),
                class: r.get(7)?,
                text: r.get(8)?,
            },
        ))
    })?;
    let mut out: Vec<(i64, PublicLine)> = rows.collect::<crate::store::db::DbResult<_>>()?;
    let mut st = c.prepare(
        "SELECT p.name FROM item_proposer ip JOIN person p ON p.id = ip.person_id WHERE ip.item_id = ?1 ORDER BY ip.position",
    )?;
    for (id, line) in &mut out {
        line.proposers = st.query_map([*id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    }
    Ok(out.into_iter().map(|(_, l)| l).collect())
}
