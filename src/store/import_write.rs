//! The writing half of the import: the rows the importer checked (`transfer::import`),
//! written in the caller's one write transaction, with an audit row for every meeting,
//! unit, person and item it creates (through [`Tx::audit_chain`], the store's audit path
//! for many rows), and each item's derived columns (status, due date, lead proposer, units)
//! set as it is inserted by the rule [`Tx::refresh_item`] uses ([`super::tx::derive_columns`]).
use crate::domain::{Body, Filing, Kind, ReviewState, Role, Status};
use crate::domain::{Disclosure, Satisfaction, Timing};
use crate::store::tx::{derive_columns, AuditChain, HandlerRow};
use crate::store::{Result, Tx};
use chrono::NaiveDate;
use rusqlite::params;
use serde_json::json;
use std::collections::HashMap;

/// A meeting the import will create, read from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub name: String,
    pub body: Body,
    pub level: String,
    pub term: u32,
    pub session: u32,
    /// From the earliest date in its rows, else this year.
    pub year: i32,
}

/// Where a row's meeting is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingRef {
    Existing(i64),
    /// Index into [`ImportPlan::new_meetings`].
    New(usize),
}

/// A unit an item names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitRef {
    Existing(i64),
    /// Index into [`ImportPlan::new_units`].
    New(usize),
}

/// The reply columns of a mid-year ledger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyIn {
    pub replied_on: NaiveDate,
    /// 答复文号 as written; generated when empty.
    pub doc_number: String,
    /// A code of the scheme, or empty when the row gives none.
    pub class: String,
    pub disclosure: Disclosure,
}

/// One row that will become an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedItem {
    pub row: usize,
    pub meeting: MeetingRef,
    pub number: String,
    pub number_key: String,
    pub title: String,
    /// The first leads.
    pub proposers: Vec<String>,
    pub timing: Timing,
    pub topic: String,
    pub key: bool,
    pub leader: String,
    pub filed_on: NaiveDate,
    pub units: Vec<(UnitRef, Role)>,
    pub assigned_on: NaiveDate,
    /// 要求办结日期 when the file gives one (for lead and split units).
    pub deadline: Option<NaiveDate>,
    pub reply: Option<ReplyIn>,
    pub face_to_face: Option<NaiveDate>,
    pub satisfaction: Option<Satisfaction>,
    pub closed_on: Option<NaiveDate>,
    /// A hash of the row's mapped cells, kept in the audit row to recognise it again.
    pub fingerprint: String,
}

/// What the import writes: the meetings, units and people to create, and the items.
#[derive(Debug, Clone, Copy)]
pub struct ImportBatch<'a> {
    pub new_meetings: &'a [NewMeeting],
    pub new_units: &'a [String],
    pub new_people: &'a [(Body, String)],
    pub items: &'a [PlannedItem],
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Names that are a party, sector or committee rather than a person (集体提案).
fn is_collective(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "委员会",
        "界",
        "民革",
        "民盟",
        "民建",
        "民进",
        "农工",
        "致公",
        "九三",
        "台盟",
        "工商联",
        "支部",
        "代表团",
        "小组",
    ];
    name.chars().count() >= 4 && WORDS.iter().any(|w| name.contains(w))
}

/// Says how far a write has come (items written, of how many); `false` asks it to stop.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Writes `plan` (checked, without errors) in `t`, telling `progress` after each item; when
/// it answers `false` the write stops with [`StoreError::Cancelled`] and the transaction,
/// rolled back, leaves the database as it was.
pub fn write(t: &Tx, plan: &ImportBatch, source: &str, progress: Progress) -> Result<()> {
    let c = t.conn();
    let mut audit = t.audit_chain()?;
    let mut meeting_body: HashMap<i64, Body> = HashMap::new();
    {
        let mut st = c.prepare("SELECT id, body FROM meeting")?;
        for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Body>(1)?)))? {
            let (id, b) = r?;
            meeting_body.insert(id, b);
        }
    }
    let mut new_meeting_ids = Vec::new();
    for m in plan.new_meetings {
        c.execute(
            "INSERT INTO meeting (body, level, term, session, year, name) VALUES (?1,?2,?3,?4,?5,?6)",
            params![m.body.as_str(), m.level, m.term, m.session, m.year, m.name],
        )?;
        let id = c.last_insert_rowid();
        meeting_body.insert(id, m.body);
        new_meeting_ids.push(id);
        let after = json!({"name": m.name, "body": m.body.as_str(), "level": m.level, "term": m.term, "session": m.session, "year": m.year, "source": source});
        audit.push("meeting", id, None, crate::store::AuditAction::ImportCreate, None, Some(&after))?;
    }
    let mut new_unit_ids = Vec::new();
    for name in plan.new_units {
        c.execute("INSERT INTO unit (name, short_name) VALUES (?1, ?1)", [name])?;
        let id = c.last_insert_rowid();
        new_unit_ids.push(id);
        audit.push(
            "unit",
            id,
            None,
            crate::store::AuditAction::ImportCreate,
            None,
            Some(&json!({"name": name, "source": source})),
        )?;
    }
    let mut people: HashMap<(Body, String), i64> = HashMap::new();
    {
        let mut st = c.prepare("SELECT id, body, name FROM person ORDER BY id DESC")?;
        for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Body>(1)?, r.get::<_, String>(2)?)))? {
            let (id, b, n) = r?;
            people.insert((b, n), id);
        }
    }
    for (body, name) in plan.new_people {
        c.execute(
            "INSERT INTO person (name, body, collective) VALUES (?1, ?2, ?3)",
            params![name, body.as_str(), is_collective(name)],
        )?;
        let id = c.last_insert_rowid();
        people.insert((*body, name.clone()), id);
        audit.push(
            "person",
            id,
            None,
            crate::store::AuditAction::ImportCreate,
            None,
            Some(&json!({"name": name, "body": body.as_str()})),
        )?;
    }
    let mut short: HashMap<i64, String> = HashMap::new();
    {
        let mut st = c.prepare("SELECT id, short_name FROM unit")?;
        for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, s) = r?;
            short.insert(id, s);
        }
    }
    let ids = Ids {
        meetings: &new_meeting_ids,
        units: &new_unit_ids,
        meeting_body: &meeting_body,
        people: &people,
        short: &short,
    };
    let total = plan.items.len();
    for (n, it) in plan.items.iter().enumerate() {
        if !progress(n, total) {
            return Err(crate::store::StoreError::Cancelled);
        }
        write_item(t, &mut audit, it, &ids, source)?;
    }
    progress(total, total);
    Ok(())
}

struct Ids<'a> {
    meetings: &'a [i64],
    units: &'a [i64],
    meeting_body: &'a HashMap<i64, Body>,
    people: &'a HashMap<(Body, String), i64>,
    short: &'a HashMap<i64, String>,
}

/// The derived columns, by the rule [`Tx::refresh_item`] uses ([`derive_columns`]), from
/// what the row gives (in memory: ten thousand refresh_item calls, seven queries each, would
/// take most of the import's second; a test checks that both give the same).
fn derived(
    it: &PlannedItem,
    units: &[(i64, Role, NaiveDate)],
    ids: &Ids,
) -> (Status, Option<NaiveDate>, String, String) {
    let received = it.reply.as_ref().map(|_| ymd(it.assigned_on));
    let review = it.reply.as_ref().map(|_| ReviewState::Approved);
    let mut rows: Vec<HandlerRow> = units
        .iter()
        .filter(|(_, r, _)| *r != Role::CoHandling)
        .map(|(id, role, d)| (ymd(*d), received.clone(), review, ids.short.get(id).cloned().unwrap_or_default(), *role))
        .collect();
    rows.sort_by(|a, b| (a.4.as_str(), &a.3).cmp(&(b.4.as_str(), &b.3)));
    let (status, due, units_label) =
        derive_columns(Filing::Filed, it.closed_on.is_some(), None, &rows, it.satisfaction);
    let due = due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let body = ids.meeting_body.get(&meeting_of(it, ids)).copied().unwrap_or(Body::Npc);
    let lead =
        it.proposers.iter().find(|n| ids.people.contains_key(&(body, (*n).clone()))).cloned().unwrap_or_default();
    (status, due, lead, units_label)
}

fn meeting_of(it: &PlannedItem, ids: &Ids) -> i64 {
    match it.meeting {
        MeetingRef::Existing(id) => id,
        MeetingRef::New(i) => ids.meetings[i],
    }
}

fn write_item(t: &Tx, audit: &mut AuditChain, it: &PlannedItem, ids: &Ids, source: &str) -> Result<()> {
    let c = t.conn();
    let meeting_id = meeting_of(it, ids);
    let body = ids.meeting_body.get(&meeting_id).copied().unwrap_or(Body::Npc);
    let kind: Kind = body.kind();
    let rules = &t.data.rules;
    let units: Vec<(i64, Role, NaiveDate)> = it
        .units
        .iter()
        .map(|(u, role)| {
            let unit_id = match u {
                UnitRef::Existing(id) => *id,
                UnitRef::New(i) => ids.units[*i],
            };
            let deadline = match (it.deadline, role.replies()) {
                (Some(d), true) => d,
                _ => rules.add(&t.data.calendar, it.assigned_on, rules.deadline_period(kind, it.timing, *role)).date,
            };
            (unit_id, *role, deadline)
        })
        .collect();
    let (status, due, lead_name, units_label) = derived(it, &units, ids);
    c.prepare_cached(
        "INSERT INTO item (meeting_id, kind, number, number_key, title, topic, filed_on, timing, key_item, leader,
                           created_at, status, due_on, lead_name, units_label)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?
    .execute(params![
        meeting_id,
        kind.as_str(),
        it.number,
        it.number_key,
        it.title,
        it.topic,
        ymd(it.filed_on),
        it.timing.as_str(),
        it.key,
        it.leader,
        t.now(),
        status.as_str(),
        due.map(ymd),
        lead_name,
        units_label
    ])?;
    let item_id = c.last_insert_rowid();
    let mut lead_person = None;
    {
        let mut st = c.prepare_cached("INSERT INTO item_proposer (item_id, person_id, position) VALUES (?1,?2,?3)")?;
        for (pos, name) in it.proposers.iter().enumerate() {
            if let Some(pid) = ids.people.get(&(body, name.clone())) {
                st.execute(params![item_id, pid, pos as i64])?;
                lead_person = lead_person.or(Some(*pid));
            }
        }
    }
    let received = it.reply.as_ref().map(|_| ymd(it.assigned_on));
    let mut replying: Vec<(i64, i64)> = Vec::new();
    {
        let mut st = c.prepare_cached(
            "INSERT INTO assignment (item_id, unit_id, role, assigned_on, deadline, received_on) VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for (unit_id, role, deadline) in &units {
            st.execute(params![item_id, unit_id, role.as_str(), ymd(it.assigned_on), ymd(*deadline), received])?;
            if role.replies() {
                replying.push((c.last_insert_rowid(), *unit_id));
            }
        }
    }
    if let Some(r) = &it.reply {
        let mut ins = c.prepare_cached(
            "INSERT INTO reply (assignment_id, round, replied_on, doc_number, result_class, disclosure, consent, review)
             VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, 'approved')",
        )?;
        let mut rev = c.prepare_cached(
            "INSERT INTO review (reply_id, decision, reviewed_on, reason) VALUES (?1, 'approved', ?2, ?3)",
        )?;
        for (k, (aid, _)) in replying.iter().enumerate() {
            // Split units each reply; the ledger row gives one number, so the others get a suffix.
            let doc = if k == 0 { r.doc_number.clone() } else { format!("{}-{}", r.doc_number, k + 1) };
            let public = r.disclosure == crate::domain::Disclosure::Public;
            ins.execute(params![aid, ymd(r.replied_on), doc, r.class, r.disclosure.as_str(), public])?;
            rev.execute(params![c.last_insert_rowid(), ymd(r.replied_on), "导入 import"])?;
        }
    }
    if let (Some(met), Some((_, unit_id))) = (it.face_to_face, replying.first()) {
        c.prepare_cached(
            "INSERT INTO face_to_face (item_id, unit_id, met_on, rank, proposers_present) VALUES (?1,?2,?3,'staff',?4)",
        )?
        .execute(params![item_id, unit_id, ymd(met), it.proposers.first().cloned().unwrap_or_default()])?;
    }
    if let Some(level) = it.satisfaction {
        let on = it.reply.as_ref().map(|r| r.replied_on).or(it.closed_on).unwrap_or(t.today);
        c.prepare_cached(
            "INSERT INTO feedback (item_id, person_id, round, level, received_on) VALUES (?1,?2,1,?3,?4)",
        )?
        .execute(params![item_id, lead_person, level.as_str(), ymd(on)])?;
    }
    if let Some(d) = it.closed_on {
        c.prepare_cached("INSERT INTO closure (item_id, closed_on, operator) VALUES (?1,?2,?3)")?.execute(params![
            item_id,
            ymd(d),
            t.operator
        ])?;
    }
    let after = json!({
        "source": source, "row": it.row, "number": it.number, "title": it.title,
        "units": it.units.len(), "fingerprint": it.fingerprint,
    });
    audit.push("item", item_id, Some(item_id), crate::store::AuditAction::Import, None, Some(&after))?;
    Ok(())
}
