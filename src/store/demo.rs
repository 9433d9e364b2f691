//! Builds the demo database from the text files in `data/demo/` (compiled in), with every
//! date written as days relative to today so "overdue" stays true as time passes.
//!
//! Files: `meetings.toml`, `units.csv`, `people.csv` and `items.json`; the format of each
//! is described in `data/demo/README.md`.
use super::{Result, Store, StoreError, Tx};
use crate::domain::{self, Body, Kind, Role, Timing};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::params;
use serde::Deserialize;
use std::collections::HashMap;

const MEETINGS: &str = include_str!("../../data/demo/meetings.toml");
const UNITS: &str = include_str!("../../data/demo/units.csv");
const PEOPLE: &str = include_str!("../../data/demo/people.csv");
const ITEMS: &str = include_str!("../../data/demo/items.json");

#[derive(Deserialize)]
struct MeetingsFile {
    meeting: Vec<DemoMeeting>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoMeeting {
    body: Body,
    level: String,
    term: u32,
    session: u32,
    name: String,
    opened: i64,
    closed: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoUnit {
    name: String,
    short_name: String,
    head: String,
    deputy_head: String,
    clerk: String,
    phone: String,
    /// The office's order (1 first); empty: after the numbered units, by pinyin.
    #[serde(default)]
    order: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPerson {
    name: String,
    body: Body,
    collective: u8,
    delegation: String,
    phone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoItem {
    meeting: String,
    number: String,
    title: String,
    #[serde(default)]
    body: String,
    topic: String,
    filed: i64,
    timing: Timing,
    #[serde(default)]
    key: bool,
    #[serde(default)]
    leader: String,
    #[serde(default = "filed")]
    filing: domain::Filing,
    proposers: Vec<String>,
    #[serde(default)]
    assign: Vec<DemoAssign>,
    #[serde(default)]
    events: Vec<DemoEvent>,
}

fn filed() -> domain::Filing {
    domain::Filing::Filed
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAssign {
    unit: String,
    role: Role,
    day: i64,
    #[serde(default)]
    received: Option<i64>,
    #[serde(default)]
    deadline: Option<i64>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum DemoEvent {
    Contact {
        unit: String,
        stage: String,
        method: String,
        day: i64,
        #[serde(default)]
        participants: String,
        #[serde(default)]
        notes: String,
    },
    CoOpinion {
        unit: String,
        day: i64,
        #[serde(default)]
        doc: String,
        #[serde(default)]
        text: String,
    },
    FaceToFace {
        unit: String,
        day: i64,
        place: String,
        rank: String,
        replier: String,
        #[serde(default)]
        office_present: bool,
        #[serde(default)]
        reaction: String,
    },
    Reply {
        unit: String,
        day: i64,
        doc: String,
        signer: String,
        class: String,
        disclosure: String,
        #[serde(default)]
        text: String,
        review: String,
        #[serde(default)]
        review_day: Option<i64>,
        #[serde(default)]
        review_reason: String,
        #[serde(default = "one")]
        round: u32,
    },
    Commitment {
        description: String,
        due: i64,
        #[serde(default)]
        done: Option<i64>,
    },
    Feedback {
        proposer: String,
        level: String,
        day: i64,
        #[serde(default)]
        comments: String,
        #[serde(default = "one")]
        round: u32,
    },
    SecondRound {
        reason: String,
        #[serde(default)]
        unit: Option<String>,
        day: i64,
        #[serde(default)]
        deadline: Option<i64>,
        #[serde(default)]
        closed: Option<i64>,
        #[serde(default)]
        outcome: Option<String>,
        #[serde(default)]
        leader: String,
    },
    Close {
        day: i64,
        #[serde(default)]
        forced_reason: String,
    },
    Reminder {
        unit: String,
        kind: String,
        day: i64,
        #[serde(default)]
        method: String,
        #[serde(default)]
        to: String,
        #[serde(default)]
        note: String,
    },
}

fn one() -> u32 {
    1
}

fn bad(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::rule(format!("演示数据有误({what}):{detail}"), format!("demo data error ({what}): {detail}"))
}

fn day(today: NaiveDate, offset: i64) -> String {
    let d = if offset >= 0 { today + Days::new(offset as u64) } else { today - Days::new(offset.unsigned_abs()) };
    d.format("%Y-%m-%d").to_string()
}

/// Counts of what the demo loader wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    pub meetings: usize,
    pub units: usize,
    pub people: usize,
    pub items: usize,
}

impl Store {
    /// Fills an empty database with the demo ledger, in one transaction.
    pub fn load_demo(&mut self) -> Result<DemoCounts> {
        if self.item_count()? > 0 {
            return Err(StoreError::rule(
                "数据库不是空的,演示数据只能装入空库",
                "the database is not empty; demo data goes into an empty one",
            ));
        }
        let meetings: MeetingsFile = toml::from_str(MEETINGS).map_err(|e| bad("meetings.toml", e))?;
        let units: Vec<DemoUnit> = read_csv(UNITS, "units.csv")?;
        let people: Vec<DemoPerson> = read_csv(PEOPLE, "people.csv")?;
        let items: Vec<DemoItem> = serde_json::from_str(ITEMS).map_err(|e| bad("items.json", e))?;
        let counts = DemoCounts {
            meetings: meetings.meeting.len(),
            units: units.len(),
            people: people.len(),
            items: items.len(),
        };
        self.write(|t| {
            t.require(crate::domain::access::Permission::Admin)?;
            let today = t.today;
            let mut meeting_ids = HashMap::new();
            for m in &meetings.meeting {
                let opened = day(today, m.opened);
                let year = crate::store::date(&opened).year();
                t.conn().execute(
                    "INSERT INTO meeting (body, level, term, session, year, name, opened_on, closed_on) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                    params![m.body.as_str(), m.level, m.term, m.session, year, m.name, opened, day(today, m.closed)],
                )?;
                meeting_ids.insert(m.name.clone(), (t.conn().last_insert_rowid(), m.body));
            }
            let mut unit_ids = HashMap::new();
            for u in &units {
                t.conn().execute(
                    "INSERT INTO unit (name, short_name, head, deputy_head, clerk, phone, sort_order) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    params![u.name, u.short_name, u.head, u.deputy_head, u.clerk, u.phone, u.order],
                )?;
                let id = t.conn().last_insert_rowid();
                unit_ids.insert(u.short_name.clone(), id);
                unit_ids.insert(u.name.clone(), id);
            }
            let mut person_ids = HashMap::new();
            for p in &people {
                t.conn().execute(
                    "INSERT INTO person (name, body, collective, delegation, phone) VALUES (?1,?2,?3,?4,?5)",
                    params![p.name, p.body.as_str(), p.collective != 0, p.delegation, p.phone],
                )?;
                person_ids.insert((p.body, p.name.clone()), t.conn().last_insert_rowid());
            }
            for it in &items {
                load_item(t, it, &meeting_ids, &unit_ids, &person_ids)?;
            }
            super::search_docs::store_stale_keys(t.conn())?;
            t.conn().execute(
                "INSERT INTO meta (key, value) VALUES ('demo_built_on', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [today.format("%Y-%m-%d").to_string()],
            )?;
            t.audit("database", 0, None, crate::store::AuditAction::LoadDemo, None, Some(&serde_json::json!({ "items": counts.items, "units": counts.units, "people": counts.people })))?;
            Ok(())
        })?;
        Ok(counts)
    }
}

fn read_csv<T: for<'de> Deserialize<'de>>(text: &str, name: &str) -> Result<Vec<T>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.deserialize().enumerate().map(|(i, row)| row.map_err(|e| bad(name, format!("row {}: {e}", i + 2)))).collect()
}

type Ids<K> = HashMap<K, i64>;

/// A date `period` after `from` (a "YYYY-MM-DD" day), counted by the rules and calendar.
fn counted(t: &Tx, from: &str, period: domain::rules::Period) -> String {
    t.data.rules.add(&t.data.calendar, crate::store::date(from), period).date.format("%Y-%m-%d").to_string()
}

fn load_item(
    t: &Tx,
    it: &DemoItem,
    meetings: &HashMap<String, (i64, Body)>,
    units: &Ids<String>,
    people: &Ids<(Body, String)>,
) -> Result<()> {
    let here = format!("{} {}", it.meeting, it.number);
    let (meeting_id, body) = *meetings.get(&it.meeting).ok_or_else(|| bad(&here, "unknown meeting"))?;
    let c = t.conn();
    c.execute(
        "INSERT INTO item (meeting_id, kind, number, number_key, title, body_text, topic, filed_on, timing, key_item, leader, filing, created_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
        params![meeting_id, body.kind().as_str(), it.number, domain::item::normalize_number(&it.number), it.title, it.body, it.topic,
                day(t.today, it.filed), it.timing.as_str(), it.key, it.leader, it.filing.as_str(), t.now()],
    )?;
    let mut item = Loading {
        here,
        item_id: c.last_insert_rowid(),
        units,
        proposer_ids: HashMap::new(),
        assignment_of: HashMap::new(),
        last_reply: None,
    };
    item.proposers(t, it, body, people)?;
    item.assign(t, it, body.kind())?;
    for e in &it.events {
        item.event(t, it, e)?;
    }
    t.refresh_item(item.item_id)
}

/// A demo item being loaded: its id, and the ids of the names its events refer to.
struct Loading<'a> {
    /// "meeting number", for the messages.
    here: String,
    item_id: i64,
    units: &'a Ids<String>,
    proposer_ids: Ids<String>,
    /// Assignment id by unit id.
    assignment_of: Ids<i64>,
    /// The latest reply, which a commitment belongs to.
    last_reply: Option<i64>,
}

impl Loading<'_> {
    fn bad(&self, detail: impl std::fmt::Display) -> StoreError {
        bad(&self.here, detail)
    }

    fn unit(&self, name: &str) -> Result<i64> {
        self.units.get(name).copied().ok_or_else(|| self.bad(format!("unknown unit {name}")))
    }

    fn assignment(&self, name: &str) -> Result<i64> {
        let uid = self.unit(name)?;
        self.assignment_of.get(&uid).copied().ok_or_else(|| self.bad(format!("{name} is not assigned")))
    }

    fn proposers(&mut self, t: &Tx, it: &DemoItem, body: Body, people: &Ids<(Body, String)>) -> Result<()> {
        for (pos, name) in it.proposers.iter().enumerate() {
            let pid = *people.get(&(body, name.clone())).ok_or_else(|| self.bad(format!("unknown proposer {name}")))?;
            t.conn().execute(
                "INSERT INTO item_proposer (item_id, person_id, position) VALUES (?1,?2,?3)",
                params![self.item_id, pid, pos as i64],
            )?;
            self.proposer_ids.insert(name.clone(), pid);
        }
        Ok(())
    }

    /// The item's units and roles (checked by the domain's rule), each with its deadline.
    fn assign(&mut self, t: &Tx, it: &DemoItem, kind: Kind) -> Result<()> {
        let pairs: Vec<(i64, Role)> =
            it.assign.iter().map(|a| Ok((self.unit(&a.unit)?, a.role))).collect::<Result<_>>()?;
        if !pairs.is_empty() {
            domain::assignment::check_roles(&pairs).map_err(|e| self.bad(e))?;
        }
        for a in &it.assign {
            let uid = self.unit(&a.unit)?;
            let assigned = day(t.today, a.day);
            let deadline = match a.deadline {
                Some(d) => day(t.today, d),
                None => counted(t, &assigned, t.data.rules.deadline_period(kind, it.timing, a.role)),
            };
            t.conn().execute(
                "INSERT INTO assignment (item_id, unit_id, role, assigned_on, deadline, received_on) VALUES (?1,?2,?3,?4,?5,?6)",
                params![self.item_id, uid, a.role.as_str(), assigned, deadline, a.received.map(|d| day(t.today, d))],
            )?;
            self.assignment_of.insert(uid, t.conn().last_insert_rowid());
        }
        Ok(())
    }

    /// One event of the item's handling, in the order the file gives them.
    fn event(&mut self, t: &Tx, it: &DemoItem, e: &DemoEvent) -> Result<()> {
        let (c, today, item_id) = (t.conn(), t.today, self.item_id);
        match e {
            DemoEvent::Contact { unit: u, stage, method, day: d, participants, notes } => {
                c.execute(
                    "INSERT INTO contact (item_id, unit_id, stage, method, contacted_on, participants, notes) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    params![item_id, self.unit(u)?, stage, method, day(today, *d), participants, notes],
                )?;
            }
            DemoEvent::CoOpinion { unit: u, day: d, doc, text } => {
                c.execute(
                    "INSERT INTO co_opinion (assignment_id, received_on, doc_number, text) VALUES (?1,?2,?3,?4)",
                    params![self.assignment(u)?, day(today, *d), doc, text],
                )?;
            }
            DemoEvent::FaceToFace { unit: u, day: d, place, rank, replier, office_present, reaction } => {
                let present = it.proposers.first().cloned().unwrap_or_default();
                c.execute(
                    "INSERT INTO face_to_face (item_id, unit_id, met_on, place, rank, replier, office_present, proposers_present, reaction)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                    params![item_id, self.unit(u)?, day(today, *d), place, rank, replier, office_present, present, reaction],
                )?;
            }
            DemoEvent::Reply {
                unit: u,
                day: d,
                doc,
                signer,
                class,
                disclosure,
                text,
                review,
                review_day,
                review_reason,
                round,
            } => {
                let aid = self.assignment(u)?;
                if t.data.rules.find_class(class).is_none() {
                    return Err(self.bad(format!("class {class} is not in the scheme")));
                }
                c.execute(
                    "INSERT INTO reply (assignment_id, round, replied_on, doc_number, signer, result_class, disclosure, consent, text, review)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                    params![aid, round, day(today, *d), doc, signer, class, disclosure, disclosure == "public", text, review],
                )?;
                let rid = c.last_insert_rowid();
                self.last_reply = Some(rid);
                if review != "pending" {
                    let public = disclosure == "public";
                    review_reply(t, (aid, rid), review, review_day.unwrap_or(d + 3), review_reason, public)?;
                }
            }
            DemoEvent::Commitment { description, due, done } => {
                c.execute(
                    "INSERT INTO commitment (item_id, reply_id, description, due_on, done_on) VALUES (?1,?2,?3,?4,?5)",
                    params![item_id, self.last_reply, description, day(today, *due), done.map(|d| day(today, d))],
                )?;
            }
            DemoEvent::Feedback { proposer, level, day: d, comments, round } => {
                let pid = self
                    .proposer_ids
                    .get(proposer)
                    .copied()
                    .ok_or_else(|| self.bad(format!("{proposer} is not a proposer of the item")))?;
                c.execute(
                    "INSERT INTO feedback (item_id, person_id, round, level, received_on, comments) VALUES (?1,?2,?3,?4,?5,?6)",
                    params![item_id, pid, round, level, day(today, *d), comments],
                )?;
            }
            DemoEvent::SecondRound { reason, unit: u, day: d, deadline, closed, outcome, leader } => {
                let uid = u.as_deref().map(|u| self.unit(u)).transpose()?;
                let opened = day(today, *d);
                let deadline = match deadline {
                    Some(x) => day(today, *x),
                    None => counted(t, &opened, t.data.rules.second_round.deadline),
                };
                c.execute(
                    "INSERT INTO second_round (item_id, unit_id, reason, leader, opened_on, deadline, closed_on, outcome) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                    params![item_id, uid, reason, leader, opened, deadline, closed.map(|x| day(today, x)), outcome],
                )?;
                // Whose the round is (the unsatisfied proposers, or every proposer).
                crate::store::followup::second_round::adopt_owners(
                    c,
                    c.last_insert_rowid(),
                    &t.data.rules.second_round.levels,
                    t.data.rules.feedback.through_lead_proposer,
                )?;
            }
            DemoEvent::Close { day: d, forced_reason } => {
                c.execute(
                    "INSERT INTO closure (item_id, closed_on, operator, forced_reason) VALUES (?1,?2,?3,?4)",
                    params![item_id, day(today, *d), "demo", forced_reason],
                )?;
            }
            DemoEvent::Reminder { unit: u, kind, day: d, method, to, note } => {
                c.execute(
                    "INSERT INTO reminder (unit_id, item_id, kind, reminded_on, method, to_whom, note) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                    params![self.unit(u)?, item_id, kind, day(today, *d), method, to, note],
                )?;
            }
        }
        Ok(())
    }
}

/// The review of reply `rid` (of assignment `aid`) on day `review_day`: an approved public
/// reply is published about ten days later; a returned one gives the unit a new deadline.
fn review_reply(
    t: &Tx,
    (aid, rid): (i64, i64),
    decision: &str,
    review_day: i64,
    reason: &str,
    public: bool,
) -> Result<()> {
    let c = t.conn();
    let rday = day(t.today, review_day);
    c.execute(
        "INSERT INTO review (reply_id, decision, reviewed_on, reason) VALUES (?1,?2,?3,?4)",
        params![rid, decision, rday, reason],
    )?;
    // 统一公开: approved public replies were published about ten days after their review;
    // one in twenty-five still waits (the office pane's 答复公开 work).
    let published = review_day + 10;
    if decision == "approved" && public && rid % 25 != 0 && published <= 0 {
        c.execute("UPDATE reply SET published_on = ?2 WHERE id = ?1", params![rid, day(t.today, published)])?;
    }
    if decision == "returned" {
        let new = counted(t, &rday, t.data.rules.windows.returned_reply);
        c.execute("UPDATE assignment SET deadline = ?2 WHERE id = ?1", params![aid, new])?;
    }
    Ok(())
}
