//! Reads the per-item facts the figures are computed from. The reply that counts is the
//! standing reply of the `standing_reply` view (migration 004); second rounds and
//! satisfaction are judged by the domain's functions, never here.
use crate::domain::figures::{CommitmentFacts, ItemFacts, SecondRoundFacts, UnitPart};
use crate::domain::{Kind, ReminderKind, ReplierRank, Role, Satisfaction, SecondReason, Timing};
use crate::store::db::Db;
use crate::store::{date, opt_date, Result};
use std::collections::HashMap;

/// The facts of every filed item, of one meeting or all, in id order.
pub(super) fn load_item_facts(c: &Db, meeting: Option<i64>) -> Result<Vec<ItemFacts>> {
    load(c, meeting, None)
}

/// Filed items whose facts are read at a time by [`each_item_facts`].
const FACTS_CHUNK: usize = 16_384;

/// The facts of every filed item, of one meeting or all, in id order, given to `each` a
/// chunk at a time: what the figures count without holding a large ledger's facts whole
/// (8 bytes an item for the ids, one chunk of facts).
pub(super) fn each_item_facts(c: &Db, meeting: Option<i64>, each: impl FnMut(&ItemFacts)) -> Result<()> {
    each_item_facts_by(c, meeting, FACTS_CHUNK, each)
}

/// [`each_item_facts`], `chunk` items at a time.
pub(super) fn each_item_facts_by(
    c: &Db,
    meeting: Option<i64>,
    chunk: usize,
    mut each: impl FnMut(&ItemFacts),
) -> Result<()> {
    let mut st = c.prepare(
        "SELECT id FROM item WHERE filing = 'filed' AND (:meeting IS NULL OR meeting_id = :meeting) ORDER BY id",
    )?;
    let params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":meeting", &meeting as &dyn rusqlite::ToSql)];
    let ids: Vec<i64> = st.query_map(params.as_slice(), |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    drop(st);
    for part in ids.chunks(chunk.max(1)) {
        for f in load(c, None, Some(&Scope::of(part)))? {
            each(&f);
        }
    }
    Ok(())
}

/// The facts of the filed items among `ids` (a few thousand at a time: an export reads a
/// large ledger in chunks), in id order.
pub(crate) fn load_item_facts_of(c: &Db, ids: &[i64]) -> Result<Vec<ItemFacts>> {
    load(c, None, Some(&Scope::of(ids)))
}

/// Which items a read is limited to: `AND <column> IN` the ids, as a JSON array.
pub(crate) struct Scope(String);

impl Scope {
    pub(crate) fn of(ids: &[i64]) -> Scope {
        Scope(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
    }

    /// The clause for `column` (the ids are bound as `:ids`).
    fn and(scope: Option<&Scope>, column: &str) -> String {
        match scope {
            Some(_) => format!(" AND {column} IN (SELECT CAST(value AS INTEGER) FROM json_each(:ids))"),
            None => String::new(),
        }
    }

    fn params(scope: Option<&Scope>) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        match scope {
            Some(s) => vec![(":ids", &s.0 as &dyn rusqlite::ToSql)],
            None => Vec::new(),
        }
    }
}

fn load(c: &Db, meeting: Option<i64>, scope: Option<&Scope>) -> Result<Vec<ItemFacts>> {
    let mut items: Vec<ItemFacts> = Vec::new();
    let mut st = c.prepare(&format!(
        "SELECT id, meeting_id, kind, timing, key_item, leader != '' FROM item
         WHERE filing = 'filed' AND (:meeting IS NULL OR meeting_id = :meeting){} ORDER BY id",
        Scope::and(scope, "id")
    ))?;
    let mut params = Scope::params(scope);
    params.push((":meeting", &meeting as &dyn rusqlite::ToSql));
    let rows = st.query_map(params.as_slice(), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Kind>(2)?,
            r.get::<_, Timing>(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    for r in rows {
        let (id, m, kind, timing, key_item, leader) = r?;
        items.push(ItemFacts {
            item_id: id,
            meeting_id: m,
            kind,
            timing,
            units: Vec::new(),
            first_feedback: None,
            final_feedback: None,
            second_rounds: Vec::new(),
            key_item,
            leader,
        });
    }
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, f)| (f.item_id, i)).collect();
    add_units(c, &mut items, &index, scope)?;
    add_feedback(c, &mut items, &index, scope)?;
    add_second_rounds(c, &mut items, &index, scope)?;
    Ok(items)
}

/// (item, unit) → whether its head was among those who met face to face.
fn face_to_face(c: &Db, scope: Option<&Scope>) -> Result<HashMap<(i64, i64), bool>> {
    let mut out: HashMap<(i64, i64), bool> = HashMap::new();
    let mut st = c.prepare(&format!(
        "SELECT item_id, unit_id, rank FROM face_to_face WHERE TRUE{}",
        Scope::and(scope, "item_id")
    ))?;
    let rows =
        st.query_map(Scope::params(scope).as_slice(), |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, ReplierRank>(2)?)))?;
    for r in rows {
        let (key, rank) = r?;
        *out.entry(key).or_default() |= rank == ReplierRank::Head;
    }
    Ok(out)
}

/// (item, unit) → (reminders, interviews) logged on an item.
fn reminders(c: &Db, scope: Option<&Scope>) -> Result<HashMap<(i64, i64), (u32, u32)>> {
    let mut out: HashMap<(i64, i64), (u32, u32)> = HashMap::new();
    let mut st = c.prepare(&format!(
        "SELECT item_id, unit_id, kind FROM reminder WHERE item_id IS NOT NULL{}",
        Scope::and(scope, "item_id")
    ))?;
    let rows =
        st.query_map(Scope::params(scope).as_slice(), |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, ReminderKind>(2)?)))?;
    for r in rows {
        let (key, kind) = r?;
        let e = out.entry(key).or_default();
        match kind {
            ReminderKind::Reminder => e.0 += 1,
            ReminderKind::Interview => e.1 += 1,
        }
    }
    Ok(out)
}

/// Reminders and interviews logged on a unit as a whole (no item), all or those logged in
/// `year`: (unit, reminders, interviews).
pub(super) fn unit_reminders(c: &Db, year: Option<i32>) -> Result<Vec<(i64, u32, u32)>> {
    let mut st = c.prepare(
        "SELECT unit_id, count(*) FILTER (WHERE kind = 'reminder'), count(*) FILTER (WHERE kind = 'interview')
         FROM reminder WHERE item_id IS NULL AND (?1 IS NULL OR substr(CAST(reminded_on AS TEXT), 1, 4) = ?1) GROUP BY unit_id",
    )?;
    let rows = st.query_map([year.map(|y| format!("{y:04}"))], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// assignment → the commitments of its replies that review has not returned (the same
/// commitments the closure checklist and 回头看 count: `followup::commitments::LIVE`).
fn commitments(c: &Db, scope: Option<&Scope>) -> Result<HashMap<i64, Vec<CommitmentFacts>>> {
    let mut out: HashMap<i64, Vec<CommitmentFacts>> = HashMap::new();
    let mut st = c.prepare(&format!(
        "SELECT r.assignment_id, c.due_on, c.done_on FROM commitment c JOIN reply r ON r.id = c.reply_id
         WHERE r.review != 'returned'{} ORDER BY c.id",
        Scope::and(scope, "c.item_id")
    ))?;
    let rows = st.query_map(Scope::params(scope).as_slice(), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    for r in rows {
        let (assignment, due, done) = r?;
        out.entry(assignment).or_default().push(CommitmentFacts { due_on: date(&due), done_on: opt_date(done) });
    }
    Ok(out)
}

/// Each active assignment, with its standing reply, face to face, reminders and commitments.
fn add_units(c: &Db, items: &mut [ItemFacts], index: &HashMap<i64, usize>, scope: Option<&Scope>) -> Result<()> {
    let f2f = face_to_face(c, scope)?;
    let reminded = reminders(c, scope)?;
    let mut promised = commitments(c, scope)?;
    let mut st = c.prepare(&format!(
        "SELECT a.item_id, a.unit_id, a.role, a.deadline, s.first_replied_on, s.result_class, a.id
         FROM assignment a JOIN standing_reply s ON s.assignment_id = a.id
         WHERE a.ended_on IS NULL{} ORDER BY a.item_id, a.id",
        Scope::and(scope, "a.item_id")
    ))?;
    let rows = st.query_map(Scope::params(scope).as_slice(), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Role>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    for r in rows {
        let (item, unit, role, deadline, replied, class, assignment) = r?;
        let Some(&i) = index.get(&item) else { continue };
        let replies = role.replies();
        let met = if replies { f2f.get(&(item, unit)).copied() } else { None };
        let (reminders, interviews) = reminded.get(&(item, unit)).copied().unwrap_or_default();
        items[i].units.push(UnitPart {
            unit_id: unit,
            role,
            deadline: date(&deadline),
            replied_on: if replies { opt_date(replied) } else { None },
            class: if replies { class.filter(|c| !c.is_empty()) } else { None },
            face_to_face: met.is_some(),
            head_face_to_face: met == Some(true),
            reminders,
            interviews,
            commitments: if replies { promised.remove(&assignment).unwrap_or_default() } else { Vec::new() },
        });
    }
    Ok(())
}

/// Per item, the least satisfied opinion of its first round and of its latest round
/// (several proposers may answer).
fn add_feedback(c: &Db, items: &mut [ItemFacts], index: &HashMap<i64, usize>, scope: Option<&Scope>) -> Result<()> {
    let mut st = c.prepare(&format!(
        "SELECT item_id, round, level FROM feedback WHERE TRUE{} ORDER BY item_id, round, id",
        Scope::and(scope, "item_id")
    ))?;
    let rows = st.query_map(Scope::params(scope).as_slice(), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Satisfaction>(2)?))
    })?;
    let mut rounds: HashMap<i64, (i64, Satisfaction, i64, Satisfaction)> = HashMap::new();
    for r in rows {
        let (item, round, level) = r?;
        let e = rounds.entry(item).or_insert((round, level, round, level));
        if round == e.0 {
            e.1 = e.1.max(level);
        }
        if round > e.2 {
            (e.2, e.3) = (round, level);
        } else if round == e.2 {
            e.3 = e.3.max(level);
        }
    }
    for (item, (_, first, _, last)) in rounds {
        if let Some(&i) = index.get(&item) {
            items[i].first_feedback = Some(first);
            items[i].final_feedback = Some(last);
        }
    }
    Ok(())
}

/// Each item's second-round entries.
fn add_second_rounds(
    c: &Db,
    items: &mut [ItemFacts],
    index: &HashMap<i64, usize>,
    scope: Option<&Scope>,
) -> Result<()> {
    let mut st = c.prepare(&format!(
        "SELECT item_id, reason, outcome FROM second_round WHERE TRUE{} ORDER BY id",
        Scope::and(scope, "item_id")
    ))?;
    let rows = st.query_map(Scope::params(scope).as_slice(), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, SecondReason>(1)?, r.get::<_, Option<Satisfaction>>(2)?))
    })?;
    for r in rows {
        let (item, reason, outcome) = r?;
        let Some(&i) = index.get(&item) else { continue };
        items[i].second_rounds.push(SecondRoundFacts { reason, outcome });
    }
    Ok(())
}
