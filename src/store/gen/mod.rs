//! `banli gen`: a synthetic ledger of any size (benchmarks, tests, trying the screens at
//! 100k items). Seeded and reproducible: the same seed and size give the same ledger.
//!
//! Two meetings (one 人大, one 政协), about 40 units, deputies and members from surname
//! and given-name lists, titles from place, verb, object and tail parts (关于加快城东街道
//! 老旧小区改造的建议), proposers, assignments, some replies, feedback and closures, with
//! derived columns and pinyin keys written as the rows are. One transaction, prepared
//! statements: 100k items take seconds.
use super::{Result, Store, StoreError, Tx};
use crate::domain::status::{self, Facts, HandlerFacts};
use crate::domain::{item::normalize_number, Body, Filing, Kind, ReviewState, Role, Satisfaction, Timing};
use crate::search::{doc::unit_keys, pinyin_keys};
use crate::store::db::{Db, Stmt};
use chrono::{Days, NaiveDate};
use rusqlite::params;
use std::collections::HashMap;
use words::{COLLECTIVES, DELEGATIONS, GIVEN, OBJECTS, PLACES, SECTORS, SURNAMES, TAILS, UNITS, VERBS};

mod words;

/// A small seeded generator (splitmix64): reproducible without another crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// What `banli gen` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenCounts {
    pub items: usize,
    pub people: usize,
    pub units: usize,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Random names from the surname and given-name lists.
struct Names {
    surnames: Vec<char>,
    given: Vec<char>,
}

impl Names {
    fn new() -> Names {
        Names { surnames: SURNAMES.chars().collect(), given: GIVEN.chars().collect() }
    }

    /// A surname and one given character, or two (seven in ten).
    fn draw(&self, rng: &mut Rng) -> String {
        let mut s = String::new();
        s.push(*rng.pick(&self.surnames));
        s.push(*rng.pick(&self.given));
        if rng.pct(70) {
            s.push(*rng.pick(&self.given));
        }
        s
    }
}

/// The meetings, units and people the generated items are drawn from.
struct Cast {
    /// The two meetings' ids and bodies: 人大 first, then 政协.
    meetings: Vec<(i64, Body)>,
    /// Unit id by short name.
    unit_ids: HashMap<&'static str, i64>,
    /// Every unit id, in order.
    all_units: Vec<i64>,
    /// Each body's people: id and name.
    people: HashMap<Body, Vec<(i64, String)>>,
}

impl Cast {
    /// Writes the meetings, the units and `per_body` people for each body.
    fn insert(c: &Db, rng: &mut Rng, opened: NaiveDate, per_body: usize) -> Result<Cast> {
        let names = Names::new();
        let meetings = insert_meetings(c, opened)?;
        let unit_ids = insert_units(c, rng, &names)?;
        let all_units: Vec<i64> =
            unit_ids.values().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let people = insert_people(c, rng, &names, per_body)?;
        Ok(Cast { meetings, unit_ids, all_units, people })
    }

    /// A unit's short name from its id ("" for none).
    fn short_name(&self, id: i64) -> &'static str {
        UNITS.iter().find(|x| self.unit_ids[x.1] == id).map(|x| x.1).unwrap_or("")
    }
}

fn insert_meetings(c: &Db, opened: NaiveDate) -> Result<Vec<(i64, Body)>> {
    let mut meetings = Vec::new();
    for (body, name, term) in [(Body::Npc, "区十八届人大一次会议", 18), (Body::Cppcc, "区政协十五届一次会议", 15)]
    {
        c.execute(
            "INSERT INTO meeting (body, level, term, session, year, name, opened_on, closed_on) VALUES (?1,'区',?2,1,2026,?3,?4,?5)",
            params![body.as_str(), term, name, ymd(opened), ymd(opened + Days::new(3))],
        )?;
        meetings.push((c.last_insert_rowid(), body));
    }
    Ok(meetings)
}

fn insert_units(c: &Db, rng: &mut Rng, names: &Names) -> Result<HashMap<&'static str, i64>> {
    let mut unit_ids = HashMap::new();
    let mut st = c.prepare("INSERT INTO unit (name, short_name, head, deputy_head, clerk, phone, search_keys) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
    for (i, (full, short)) in UNITS.iter().enumerate() {
        let keys = format!("{}{}", pinyin_keys::stored_tag(), unit_keys(full, short));
        let (h, d, k) = (names.draw(rng), names.draw(rng), names.draw(rng));
        st.execute(params![full, short, h, d, k, format!("0551-6{:07}", 1_000_000 + i * 37), keys])?;
        unit_ids.insert(*short, c.last_insert_rowid());
    }
    Ok(unit_ids)
}

/// Each body's deputies or members (and, for 政协, a fixed member and the collectives).
fn insert_people(c: &Db, rng: &mut Rng, names: &Names, per_body: usize) -> Result<HashMap<Body, Vec<(i64, String)>>> {
    let mut people = HashMap::new();
    let mut st = c.prepare("INSERT INTO person (name, body, collective, delegation, phone, search_keys) VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT DO NOTHING")?;
    for body in [Body::Npc, Body::Cppcc] {
        let mut list = Vec::new();
        let mut add = |st: &mut Stmt, n: String, collective: bool, group: &str, rng: &mut Rng| -> Result<()> {
            let phone = format!("13{:09}", rng.next() % 1_000_000_000);
            if st.execute(params![n, body.as_str(), collective, group, phone, pinyin_keys::stored(&n)])? == 1 {
                list.push((c.last_insert_rowid(), n));
            }
            Ok(())
        };
        if body == Body::Cppcc {
            // A fixed member the tests and the examples look for.
            add(&mut st, "马均侠".into(), false, "经济界", rng)?;
            for g in COLLECTIVES {
                add(&mut st, g.to_string(), true, "", rng)?;
            }
        }
        for _ in 0..per_body {
            let n = names.draw(rng);
            let group = if body == Body::Npc { *rng.pick(DELEGATIONS) } else { *rng.pick(SECTORS) };
            add(&mut st, n, false, group, rng)?;
        }
        people.insert(body, list);
    }
    Ok(people)
}

/// What was drawn for one item before it is written.
struct Drawn {
    meeting_id: i64,
    body: Body,
    kind: Kind,
    number: String,
    topic: &'static str,
    title: String,
    timing: Timing,
    filed: NaiveDate,
    /// Indexes into the body's people: the lead proposer first.
    proposers: Vec<usize>,
    roles: Vec<(i64, Role)>,
    assigned: NaiveDate,
    /// How far handling got: 0 assigned, 1 received, 2 replied, 3 feedback in, 4 closed.
    stage: usize,
}

/// Draws the next item: its meeting and number, title, timing, proposers, units and stage.
fn draw_item(rng: &mut Rng, cast: &Cast, numbers: &mut [usize; 2], opened: NaiveDate) -> Drawn {
    let m = if rng.pct(55) { 0 } else { 1 };
    let (meeting_id, body) = cast.meetings[m];
    let kind = body.kind();
    numbers[m] += 1;
    let number = if body == Body::Npc { numbers[m].to_string() } else { format!("{:04}", numbers[m]) };
    let (topic, object, lead_short) = *rng.pick(OBJECTS);
    let title = format!(
        "关于{}{}{}{}的{}",
        rng.pick(PLACES),
        rng.pick(VERBS),
        object,
        rng.pick(TAILS),
        if kind == Kind::Suggestion { "建议" } else { "提案" }
    );
    let timing = if rng.pct(85) { Timing::During } else { Timing::Between };
    let filed = opened + Days::new(if timing == Timing::During { rng.below(4) } else { 10 + rng.below(150) } as u64);
    let proposers = draw_proposers(rng, cast.people[&body].len());
    let roles = draw_roles(rng, cast, lead_short);
    let assigned = filed + Days::new(20 + rng.below(20) as u64);
    let stage = if roles.is_empty() { 0 } else { [0, 1, 1, 1, 2, 2, 3, 4, 4, 1][rng.below(10)] };
    Drawn { meeting_id, body, kind, number, topic, title, timing, filed, proposers, roles, assigned, stage }
}

/// The lead proposer and up to four co-signers, all different, out of `pool` people.
fn draw_proposers(rng: &mut Rng, pool: usize) -> Vec<usize> {
    let mut proposers: Vec<usize> = vec![rng.below(pool)];
    for _ in 0..rng.below(5) {
        let p = rng.below(pool);
        if !proposers.contains(&p) {
            proposers.push(p);
        }
    }
    proposers
}

/// Units: usually the object's own unit leads; some items are split; some have co-handlers;
/// one in twelve is not assigned yet (no units).
fn draw_roles(rng: &mut Rng, cast: &Cast, lead_short: &str) -> Vec<(i64, Role)> {
    let mut roles: Vec<(i64, Role)> = Vec::new();
    if rng.pct(92) {
        let lead = if rng.pct(75) { cast.unit_ids[lead_short] } else { *rng.pick(&cast.all_units) };
        if rng.pct(12) {
            let other = *rng.pick(&cast.all_units);
            roles.push((lead, Role::Split));
            if other != lead {
                roles.push((other, Role::Split));
            }
        } else {
            roles.push((lead, Role::Lead));
        }
        for _ in 0..rng.below(3) {
            let u = *rng.pick(&cast.all_units);
            if roles.iter().all(|(x, _)| *x != u) {
                roles.push((u, Role::CoHandling));
            }
        }
        if roles.iter().filter(|(_, r)| *r == Role::Split).count() == 1 {
            roles[0].1 = Role::Lead;
        }
    }
    roles
}

/// The prepared statements an item's rows go through, and what carries over from item to
/// item (the deadlines already counted, the reply document numbers).
struct Rows<'c> {
    item: Stmt<'c>,
    proposer: Stmt<'c>,
    assignment: Stmt<'c>,
    reply: Stmt<'c>,
    review: Stmt<'c>,
    feedback: Stmt<'c>,
    closure: Stmt<'c>,
    /// A deadline counted once per (kind, timing, role, assignment day).
    deadlines: HashMap<(Kind, Timing, Role, NaiveDate), String>,
    classes: Vec<String>,
    doc_no: usize,
}

impl<'c> Rows<'c> {
    fn prepare(c: &'c Db, classes: Vec<String>) -> Result<Rows<'c>> {
        Ok(Rows {
            item: c.prepare(
                "INSERT INTO item (meeting_id, kind, number, number_key, title, topic, filed_on, timing, key_item, filing,
                                   status, due_on, lead_name, units_label, search_keys, created_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'filed',?10,?11,?12,?13,?14,?15)",
            )?,
            proposer: c.prepare("INSERT INTO item_proposer (item_id, person_id, position) VALUES (?1,?2,?3)")?,
            assignment: c.prepare(
                "INSERT INTO assignment (item_id, unit_id, role, assigned_on, deadline, received_on) VALUES (?1,?2,?3,?4,?5,?6)",
            )?,
            reply: c.prepare(
                "INSERT INTO reply (assignment_id, replied_on, doc_number, signer, result_class, disclosure, review)
                 VALUES (?1,?2,?3,?4,?5,'public',?6)",
            )?,
            review: c.prepare("INSERT INTO review (reply_id, decision, reviewed_on) VALUES (?1,'approved',?2)")?,
            feedback: c.prepare("INSERT INTO feedback (item_id, person_id, level, received_on) VALUES (?1,?2,?3,?4)")?,
            closure: c.prepare("INSERT INTO closure (item_id, closed_on, operator) VALUES (?1,?2,'gen')")?,
            deadlines: HashMap::new(),
            classes,
            doc_no: 0,
        })
    }

    /// The deadline of a role assigned on `d.assigned`, counted once per kind, timing, role and day.
    fn deadline(&mut self, t: &Tx, d: &Drawn, role: Role) -> String {
        let rules = &t.data.rules;
        let key = (d.kind, d.timing, role, d.assigned);
        self.deadlines
            .entry(key)
            .or_insert_with(|| {
                ymd(rules.add(&t.data.calendar, d.assigned, rules.deadline_period(d.kind, d.timing, role)).date)
            })
            .clone()
    }

    /// The status facts of a drawn item, and its earliest open deadline (due_on).
    fn facts(&mut self, t: &Tx, d: &Drawn, feedback: Option<Satisfaction>) -> (Facts, Option<String>) {
        let mut handlers = Vec::new();
        let mut due: Option<String> = None;
        for (_, role) in &d.roles {
            let deadline = self.deadline(t, d, *role);
            if role.replies() {
                handlers.push(HandlerFacts {
                    received: d.stage >= 1,
                    reply: (d.stage >= 2).then_some(ReviewState::Approved),
                });
                if d.stage < 2 && due.as_ref().is_none_or(|x| deadline < *x) {
                    due = Some(deadline);
                }
            }
        }
        let facts = Facts { filing: Filing::Filed, closed: d.stage >= 4, open_second_round: false, handlers, feedback };
        (facts, due)
    }

    /// Writes a drawn item: the item row with its derived columns, proposers, assignments,
    /// replies and reviews, feedback and closure.
    fn write(&mut self, t: &Tx, rng: &mut Rng, cast: &Cast, d: &Drawn) -> Result<()> {
        let c = t.conn();
        let feedback =
            (d.stage >= 3).then(|| *rng.pick(&[Satisfaction::Satisfied, Satisfaction::Satisfied, Satisfaction::Basic]));
        let (facts, due) = self.facts(t, d, feedback);
        let status = status::derive(&facts);
        let pool = &cast.people[&d.body];
        let lead_name = &pool[d.proposers[0]].1;
        let mut label: Vec<&str> =
            d.roles.iter().filter(|(_, r)| r.replies()).map(|(u, _)| cast.short_name(*u)).collect();
        label.sort_unstable();
        self.item.execute(params![
            d.meeting_id,
            d.kind.as_str(),
            d.number,
            normalize_number(&d.number),
            d.title,
            d.topic,
            ymd(d.filed),
            d.timing.as_str(),
            rng.pct(8),
            status.as_str(),
            due,
            lead_name,
            label.join("、"),
            pinyin_keys::stored(&d.title),
            t.now()
        ])?;
        let item_id = c.last_insert_rowid();
        for (pos, &p) in d.proposers.iter().enumerate() {
            self.proposer.execute(params![item_id, pool[p].0, pos as i64])?;
        }
        self.write_assignments(t, rng, d, item_id)?;
        if let Some(level) = feedback {
            let day = ymd(d.assigned + Days::new(100));
            self.feedback.execute(params![item_id, pool[d.proposers[0]].0, level.as_str(), day])?;
        }
        if d.stage >= 4 {
            self.closure.execute(params![item_id, ymd(d.assigned + Days::new(120))])?;
        }
        Ok(())
    }

    /// Each unit's assignment; from stage 2 on, each replying unit's approved reply.
    fn write_assignments(&mut self, t: &Tx, rng: &mut Rng, d: &Drawn, item_id: i64) -> Result<()> {
        let c = t.conn();
        for (u, role) in &d.roles {
            let deadline = &self.deadlines[&(d.kind, d.timing, *role, d.assigned)];
            let received = (d.stage >= 1).then(|| ymd(d.assigned + Days::new(2)));
            self.assignment.execute(params![item_id, u, role.as_str(), ymd(d.assigned), deadline, received])?;
            let aid = c.last_insert_rowid();
            if d.stage >= 2 && role.replies() {
                self.doc_no += 1;
                let replied = ymd(d.assigned + Days::new(60 + rng.below(30) as u64));
                let class = rng.pick(&self.classes).clone();
                self.reply.execute(params![
                    aid,
                    replied,
                    format!("生成〔2026〕{}号", self.doc_no),
                    "gen",
                    class,
                    "approved"
                ])?;
                self.review.execute(params![c.last_insert_rowid(), replied])?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// Writes a synthetic ledger of `items` items into an empty database, in one transaction.
    pub fn generate(&mut self, items: usize, seed: u64) -> Result<GenCounts> {
        if self.item_count()? > 0 {
            return Err(StoreError::rule(
                "数据库不是空的,生成数据只能写入空库",
                "the database is not empty; generated data goes into an empty one",
            ));
        }
        let mut rng = Rng(seed ^ 0x62_616e_6c69);
        let per_body = (items / 20).clamp(150, 3000);
        self.write(|t| {
            let opened = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap_or(NaiveDate::MIN);
            let cast = Cast::insert(t.conn(), &mut rng, opened, per_body)?;
            let classes = t.data.rules.scheme.classes.iter().map(|k| k.code.clone()).collect();
            let mut rows = Rows::prepare(t.conn(), classes)?;
            let mut numbers = [0usize; 2];
            for _ in 0..items {
                let drawn = draw_item(&mut rng, &cast, &mut numbers, opened);
                rows.write(t, &mut rng, &cast, &drawn)?;
            }
            let n_people = cast.people.values().map(Vec::len).sum();
            t.audit(
                "database",
                0,
                None,
                crate::store::AuditAction::Generate,
                None,
                Some(&serde_json::json!({ "items": items, "seed": seed })),
            )?;
            Ok(GenCounts { items, people: n_people, units: UNITS.len() })
        })
    }
}
