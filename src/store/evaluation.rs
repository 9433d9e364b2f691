//! The year-end evaluation (办理工作考评) of [`crate::domain::evaluation`] over the items of a
//! year's meetings, the office's marks by hand, excellent-item candidates, and the
//! commendation list (优秀提案、优秀建议、先进承办单位). Marks and the list are audited.
use super::audit_action::AuditAction;
use super::{Result, Store, StoreError};
use crate::domain::access::Permission;
use crate::domain::evaluation::{EvaluationScheme, Score, UnitInputs};
use crate::domain::figures::{counts_as_satisfied, ItemFacts};
use crate::domain::rate::Rate;
use crate::domain::unit_figures::{per_unit, UnitFigures};
use crate::domain::Unit;
use rusqlite::params;
use std::collections::{HashMap, HashSet};

/// One evaluated unit.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRow {
    pub unit: Unit,
    pub figures: UnitFigures,
    pub inputs: UnitInputs,
    pub score: Score,
    /// Why it has its grade, in words.
    pub why: String,
}

/// An item the rules make a candidate for 优秀提案 / 优秀建议.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub item_id: i64,
    pub label: String,
    pub title: String,
    pub proposer: String,
    pub units: String,
    pub class: String,
    /// Which of `any_of` it meets, in words.
    pub because: String,
}

/// One entry of the office's commendation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commended {
    pub id: i64,
    /// 优秀提案, 优秀建议 or 先进承办单位.
    pub honour: String,
    /// The item's number and title, or the unit's name.
    pub name: String,
    pub note: String,
}

/// The evaluation of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub year: i32,
    pub scheme: EvaluationScheme,
    /// Units with lead or split items, in the office's order.
    pub rows: Vec<EvalRow>,
    pub candidates: Vec<Candidate>,
    pub commended: Vec<Commended>,
}

/// What to commend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Honour {
    Item(i64),
    Unit(i64),
}

impl Store {
    /// The scheme of rules.toml, or the shipped one when the office's file has none.
    pub fn evaluation_scheme(&self) -> EvaluationScheme {
        self.data.rules.evaluation.clone().unwrap_or_else(|| {
            crate::domain::Rules::parse("data/rules.toml", crate::data::RULES)
                .ok()
                .and_then(|r| r.evaluation)
                .expect("the shipped rules.toml has [evaluation]")
        })
    }

    /// The year evaluated by default: the latest meeting's.
    pub fn latest_year(&self) -> Result<i32> {
        Ok(self.meetings()?.iter().map(|m| m.year).max().unwrap_or_else(|| chrono::Datelike::year(&self.today())))
    }

    /// The evaluation of the items of `year`'s meetings.
    pub fn evaluation(&self, year: i32) -> Result<Evaluation> {
        let scheme = self.evaluation_scheme();
        let meetings: HashSet<i64> = self.meetings()?.into_iter().filter(|m| m.year == year).map(|m| m.id).collect();
        let facts: Vec<ItemFacts> = self.item_facts(None)?.into_iter().filter(|f| meetings.contains(&f.meeting_id)).collect();
        let codes = self.class_codes();
        let threshold = self.data.rules.face_to_face.head_threshold;
        let mut first: HashMap<i64, Rate> = HashMap::new();
        let mut no_second: HashMap<i64, Rate> = HashMap::new();
        for f in &facts {
            for u in f.units.iter().filter(|u| u.role.replies()) {
                let r = first.entry(u.unit_id).or_default();
                if let Some(level) = f.first_feedback {
                    r.den += 1;
                    r.num += u32::from(counts_as_satisfied(level));
                }
                let s = no_second.entry(u.unit_id).or_default();
                s.den += 1;
                s.num += u32::from(f.second_rounds.is_empty());
            }
        }
        let kept = self.commitments_kept(year)?;
        let marks = self.mark_sums(year)?;
        let units: HashMap<i64, Unit> = self.units_in_order()?.into_iter().map(|(u, _)| (u.id, u)).collect();
        let mut rows = Vec::new();
        for f in per_unit(&facts, &codes, self.today()).into_iter().filter(|f| f.replying() > 0) {
            let Some(unit) = units.get(&f.unit_id).cloned() else { continue };
            let inputs = UnitInputs {
                on_time: f.on_time_rate(),
                face_to_face: f.face_to_face_rate(),
                head_rule: Some(f.head_rule(threshold)),
                satisfaction: f.satisfaction_rate(),
                first_satisfaction: first.get(&f.unit_id).copied().unwrap_or_default(),
                no_second_round: no_second.get(&f.unit_id).copied().unwrap_or_default(),
                commitments_kept: kept.get(&f.unit_id).copied().unwrap_or_default(),
                reminders: f.reminders,
                interviews: f.interviews,
            };
            let score = scheme.score(&inputs, marks.get(&f.unit_id).copied().unwrap_or(0.0));
            let why = scheme.why(&score);
            rows.push(EvalRow { unit, figures: f, inputs, score, why });
        }
        self.sort_by_unit_order(&mut rows, |r| r.unit.id)?;
        let candidates = self.excellent_candidates(&scheme, &facts, &codes)?;
        let commended = self.commended(year)?;
        Ok(Evaluation { year, scheme, rows, candidates, commended })
    }

    /// Commitments of standing replies on `year`'s items that are due (or done), and of those
    /// met by their date, per unit.
    fn commitments_kept(&self, year: i32) -> Result<HashMap<i64, Rate>> {
        let mut st = self.conn().prepare(
            "SELECT a.unit_id, count(*), count(*) FILTER (WHERE c.done_on IS NOT NULL AND c.done_on <= c.due_on)
             FROM commitment c JOIN reply r ON r.id = c.reply_id JOIN assignment a ON a.id = r.assignment_id
             JOIN item i ON i.id = a.item_id JOIN meeting m ON m.id = i.meeting_id
             WHERE r.review != 'returned' AND m.year = ?1 AND (c.due_on < ?2 OR c.done_on IS NOT NULL)
             GROUP BY a.unit_id",
        )?;
        let today = self.today().format("%Y-%m-%d").to_string();
        let rows = st.query_map(params![year, today], |r| Ok((r.get(0)?, Rate { den: r.get(1)?, num: r.get(2)? })))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn mark_sums(&self, year: i32) -> Result<HashMap<i64, f64>> {
        let mut st = self.conn().prepare(
            "SELECT unit_id, sum(points_tenths) FROM evaluation_mark WHERE year = ?1 AND withdrawn_on IS NULL GROUP BY unit_id",
        )?;
        let rows = st.query_map([year], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as f64 / 10.0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn excellent_candidates(&self, scheme: &EvaluationScheme, facts: &[ItemFacts], codes: &[String]) -> Result<Vec<Candidate>> {
        let rule = &scheme.excellent_items;
        let head: HashSet<i64> = {
            let mut st = self.conn().prepare("SELECT DISTINCT item_id FROM face_to_face WHERE rank = 'head'")?;
            let ids = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            ids
        };
        let mut out = Vec::new();
        for f in facts {
            let Some(class) = f.class(codes) else { continue };
            let feedback = f.final_feedback.map(|l| l.as_str()).unwrap_or("");
            if !rule.classes.contains(&class) || !rule.feedback.iter().any(|x| x == feedback) {
                continue;
            }
            let met: Vec<&str> = rule
                .any_of
                .iter()
                .filter_map(|c| match c.as_str() {
                    "key_item" if f.key_item => Some("重点件"),
                    "leader" if f.leader => Some("领导包案"),
                    "head_face_to_face" if head.contains(&f.item_id) => Some("主要负责人面复"),
                    _ => None,
                })
                .collect();
            if !rule.any_of.is_empty() && met.is_empty() {
                continue;
            }
            let (label, title, proposer, units) = self.conn().query_row(
                "SELECT i.kind, i.number, i.title, i.lead_name, i.units_label FROM item i WHERE i.id = ?1",
                [f.item_id],
                |r| {
                    let kind = super::kind_at(r, 0)?;
                    Ok((format!("{}{}", kind.tag(crate::text::Lang::Zh), r.get::<_, String>(1)?), r.get(2)?, r.get(3)?, r.get(4)?))
                },
            )?;
            out.push(Candidate { item_id: f.item_id, label, title, proposer, units, class, because: met.join("、") });
        }
        Ok(out)
    }

    /// The office's commendation list of `year`.
    pub fn commended(&self, year: i32) -> Result<Vec<Commended>> {
        let mut st = self.conn().prepare(
            "SELECT c.id, c.kind, i.kind, i.number, i.title, u.name, c.note FROM commendation c
             LEFT JOIN item i ON i.id = c.item_id LEFT JOIN unit u ON u.id = c.unit_id
             WHERE c.year = ?1 AND c.removed_on IS NULL ORDER BY c.kind, c.id",
        )?;
        let rows = st.query_map([year], |r| {
            let kind: String = r.get(1)?;
            let (honour, name) = if kind == "unit" {
                ("先进承办单位".to_string(), r.get::<_, Option<String>>(5)?.unwrap_or_default())
            } else {
                let k: Option<String> = r.get(2)?;
                let honour = if k.as_deref() == Some("proposal") { "优秀提案" } else { "优秀建议" };
                let number: Option<String> = r.get(3)?;
                let title: Option<String> = r.get(4)?;
                (honour.to_string(), format!("第{}号 {}", number.unwrap_or_default(), title.unwrap_or_default()))
            };
            Ok(Commended { id: r.get(0)?, honour, name, note: r.get(6)? })
        })?;
        let mut v: Vec<Commended> = rows.collect::<rusqlite::Result<_>>()?;
        v.sort_by(|a, b| b.honour.cmp(&a.honour).then(a.id.cmp(&b.id)));
        Ok(v)
    }

    /// Adds (or, negative, takes off) points to a unit's evaluation of `year`, with the reason.
    pub fn add_evaluation_mark(&mut self, unit_id: i64, year: i32, points: f64, reason: &str) -> Result<i64> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(StoreError::rule("加减分须写明理由(--reason)", "points need a reason (--reason)"));
        }
        if !points.is_finite() || points == 0.0 || points.abs() > 100.0 {
            return Err(StoreError::rule(
                format!("分值 {points} 不合理:应在 -100 到 100 之间且不为 0"),
                format!("{points} points: give a number between -100 and 100, not 0"),
            ));
        }
        let tenths = (points * 10.0).round() as i64;
        self.write(|t| {
            t.require(Permission::Office)?;
            t.conn().execute(
                "INSERT INTO evaluation_mark (unit_id, year, points_tenths, reason, marked_on, operator) VALUES (?1,?2,?3,?4,?5,?6)",
                params![unit_id, year, tenths, reason, t.now(), t.operator],
            )?;
            let id = t.conn().last_insert_rowid();
            let after = serde_json::json!({ "unit_id": unit_id, "year": year, "points": tenths as f64 / 10.0, "reason": reason });
            t.audit("evaluation_mark", id, None, AuditAction::MarkEvaluation, None, Some(&after))?;
            Ok(id)
        })
    }

    /// Puts an item or a unit on `year`'s commendation list (once).
    pub fn commend(&mut self, year: i32, what: Honour, note: &str) -> Result<i64> {
        let (kind, item, unit) = match what {
            Honour::Item(id) => ("item", Some(id), None),
            Honour::Unit(id) => ("unit", None, Some(id)),
        };
        let note = note.trim().to_string();
        self.write(|t| {
            t.require(Permission::Office)?;
            let there: i64 = t.conn().query_row(
                "SELECT count(*) FROM commendation WHERE year = ?1 AND kind = ?2 AND item_id IS ?3 AND unit_id IS ?4 AND removed_on IS NULL",
                params![year, kind, item, unit],
                |r| r.get(0),
            )?;
            if there > 0 {
                return Err(StoreError::rule(format!("已在{year}年的表彰名单中"), format!("already on the {year} commendation list")));
            }
            t.conn().execute(
                "INSERT INTO commendation (year, kind, item_id, unit_id, note, added_on, operator) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                params![year, kind, item, unit, note, t.now(), t.operator],
            )?;
            let id = t.conn().last_insert_rowid();
            let after = serde_json::json!({ "year": year, "kind": kind, "item_id": item, "unit_id": unit, "note": note });
            t.audit("commendation", id, item, AuditAction::Commend, None, Some(&after))?;
            Ok(id)
        })
    }

    /// Takes an entry off the commendation list (kept on record, dated).
    pub fn uncommend(&mut self, id: i64) -> Result<()> {
        self.write(|t| {
            t.require(Permission::Office)?;
            let item: Option<i64> = t
                .conn()
                .query_row("SELECT item_id FROM commendation WHERE id = ?1 AND removed_on IS NULL", [id], |r| r.get(0))
                .map_err(|_| StoreError::rule(format!("表彰名单中没有第{id}条"), format!("no commendation {id}")))?;
            t.conn().execute("UPDATE commendation SET removed_on = ?1 WHERE id = ?2", params![t.now(), id])?;
            t.audit("commendation", id, item, AuditAction::Uncommend, None, None)?;
            Ok(())
        })
    }
}
