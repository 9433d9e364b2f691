//! The year-end evaluation (办理工作考评) of [`crate::domain::evaluation`] over the items of a
//! year's meetings, read from the one set of figures ([`Store::year_figures`]); the office's
//! marks by hand, excellent-item candidates, and the commendation list (优秀提案、优秀建议、
//! 先进承办单位). Marks and the list are written by the office only, each audited.
use super::audit_action::AuditAction;
use super::{Result, Store, StoreError};
use crate::domain::access::Permission;
use crate::domain::evaluation::{Criterion, EvaluationScheme, HandMark, Score};
use crate::domain::figures::UnitFigures;
use crate::domain::{Kind, Unit};
use crate::store::db::OptionalExtension;
use rusqlite::params;
use std::collections::HashMap;

/// One evaluated unit.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRow {
    pub unit: Unit,
    pub figures: UnitFigures,
    pub score: Score,
    /// Why it has its grade, in words.
    pub why: String,
}

/// An item the rules make a candidate for 优秀提案 / 优秀建议.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub proposer: String,
    pub units: String,
    pub class: String,
    /// Which of the rule's `any_of` it meets.
    pub because: Vec<Criterion>,
    /// Already on the commendation list.
    pub commended: bool,
}

impl Candidate {
    /// 重点件、主要负责人面复 (or the class alone when the rule asks for nothing more).
    pub fn because_words(&self) -> String {
        let mut v = vec![format!("{}类", self.class)];
        v.extend(self.because.iter().map(|c| c.label().to_string()));
        v.join("、")
    }
}

/// One entry of the office's commendation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commended {
    pub id: i64,
    /// 优秀提案, 优秀建议 or 先进承办单位.
    pub honour: &'static str,
    pub item_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// 第N号 and the title, or the unit's name.
    pub name: String,
    pub note: String,
}

/// One mark by hand, as the list of marks shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub points: f64,
    pub reason: String,
    pub marked_on: String,
    pub operator: String,
}

/// The evaluation of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub year: i32,
    /// The day the figures stand at.
    pub today: chrono::NaiveDate,
    pub scheme: EvaluationScheme,
    /// Units with lead or split items that year, in the office's order.
    pub rows: Vec<EvalRow>,
    pub candidates: Vec<Candidate>,
    pub commended: Vec<Commended>,
    pub marks: Vec<MarkRow>,
}

/// What to commend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Honour {
    Item(i64),
    Unit(i64),
}

/// The honour's name: 优秀提案 / 优秀建议 for an item of that kind, 先进承办单位 for a unit.
pub fn honour_label(item_kind: Option<Kind>) -> &'static str {
    match item_kind {
        Some(Kind::Proposal) => "优秀提案",
        Some(Kind::Suggestion) => "优秀建议",
        None => "先进承办单位",
    }
}

impl Store {
    /// The scheme of rules.toml `[evaluation]`.
    pub fn evaluation_scheme(&self) -> &EvaluationScheme {
        &self.data.rules.evaluation
    }

    /// The year evaluated by default: the latest meeting's.
    pub fn latest_year(&self) -> Result<i32> {
        Ok(self.meetings()?.iter().map(|m| m.year).max().unwrap_or_else(|| chrono::Datelike::year(&self.today())))
    }

    /// The evaluation is the office's and the leaders': a unit clerk sees only their own
    /// units' items, so the figures would be wrong, and is refused.
    fn require_whole_ledger(&self) -> Result<()> {
        if self.is_scoped() {
            return Err(StoreError::rule(
                "考评结果只对办公室和领导开放(承办单位只能看到本单位的件,算出的分数不完整)",
                "the evaluation is for the office and leaders (a unit clerk sees only their units' items, so the scores would be incomplete)",
            ));
        }
        Ok(())
    }

    /// The evaluation of the items of `year`'s meetings.
    pub fn evaluation(&self, year: i32) -> Result<Evaluation> {
        self.require_whole_ledger()?;
        let scheme = self.evaluation_scheme().clone();
        let threshold = self.data.rules.face_to_face.head_threshold;
        // The excellent-item candidates the rule proposes, noted as the year's facts go by.
        let codes = self.class_codes();
        let mut proposed = Vec::new();
        let set = self.year_figures(year, |f| {
            if let Some(because) = scheme.excellent_items.because(f, &codes) {
                proposed.push((f.item_id, f.class(&codes).unwrap_or_default(), because));
            }
        })?;
        let marks = self.evaluation_marks(year)?;
        let mut by_unit: HashMap<i64, Vec<HandMark>> = HashMap::new();
        for m in &marks {
            by_unit.entry(m.unit_id).or_default().push(HandMark { points: m.points, reason: m.reason.clone() });
        }
        let units: HashMap<i64, Unit> = self.units_in_order()?.into_iter().map(|(u, _)| (u.id, u)).collect();
        let mut rows = Vec::new();
        for f in set.units.into_iter().filter(|f| f.replying() > 0) {
            let Some(unit) = units.get(&f.unit_id).cloned() else { continue };
            let score = scheme.score(&f, threshold, by_unit.remove(&f.unit_id).unwrap_or_default());
            let why = scheme.why(&score, usize::MAX);
            rows.push(EvalRow { unit, figures: f, score, why });
        }
        self.sort_by_unit_order(&mut rows, |r| r.unit.id)?;
        let commended = self.commended(year)?;
        let mut candidates = Vec::new();
        for (item_id, class, because) in proposed {
            let on_list = commended.iter().any(|c| c.item_id == Some(item_id));
            candidates.push(self.candidate(item_id, class, because, on_list)?);
        }
        Ok(Evaluation { year, today: self.today(), scheme, rows, candidates, commended, marks })
    }

    fn candidate(&self, item_id: i64, class: String, because: Vec<Criterion>, commended: bool) -> Result<Candidate> {
        Ok(self.conn().query_row(
            "SELECT kind, number, title, lead_name, units_label FROM item WHERE id = ?1",
            [item_id],
            |r| {
                Ok(Candidate {
                    item_id,
                    kind: r.get(0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    proposer: r.get(3)?,
                    units: r.get(4)?,
                    class,
                    because,
                    commended,
                })
            },
        )?)
    }

    /// The office's marks by hand of `year` still standing, in the order they were made.
    pub fn evaluation_marks(&self, year: i32) -> Result<Vec<MarkRow>> {
        let mut st = self.conn().prepare(
            "SELECT m.id, m.unit_id, u.name, m.points_tenths, m.reason, m.marked_on, m.operator
             FROM evaluation_mark m JOIN unit u ON u.id = m.unit_id
             WHERE m.year = ?1 AND m.withdrawn_on IS NULL ORDER BY m.id",
        )?;
        let rows = st.query_map([year], |r| {
            Ok(MarkRow {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                unit: r.get(2)?,
                points: r.get::<_, i64>(3)? as f64 / 10.0,
                reason: r.get(4)?,
                marked_on: r.get(5)?,
                operator: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The office's commendation list of `year`: units first, then items by kind and number.
    pub fn commended(&self, year: i32) -> Result<Vec<Commended>> {
        let mut st = self.conn().prepare(
            "SELECT c.id, c.item_id, c.unit_id, i.kind, i.number, i.title, u.name, c.note FROM commendation c
             LEFT JOIN item i ON i.id = c.item_id LEFT JOIN unit u ON u.id = c.unit_id
             WHERE c.year = ?1 AND c.removed_on IS NULL ORDER BY c.kind DESC, i.kind, i.id, c.id",
        )?;
        let rows = st.query_map([year], |r| {
            let item_id: Option<i64> = r.get(1)?;
            let kind: Option<Kind> = r.get(3)?;
            let name = match item_id {
                Some(_) => format!("第{}号 {}", r.get::<_, String>(4)?, r.get::<_, String>(5)?),
                None => r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            };
            Ok(Commended {
                id: r.get(0)?,
                honour: honour_label(kind),
                item_id,
                unit_id: r.get(2)?,
                name,
                note: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// Adds (or, negative, takes off) points to a unit's evaluation of `year`, with the
    /// reason. A mark without a reason, of zero or of more than 100 points, or for a unit
    /// with no lead or split item that year, is refused and nothing is written.
    pub fn add_evaluation_mark(&mut self, unit_id: i64, year: i32, points: f64, reason: &str) -> Result<i64> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(StoreError::rule("加减分须写明理由", "points by hand need a reason"));
        }
        if !points.is_finite() || points == 0.0 || points.abs() > 100.0 {
            return Err(StoreError::rule(
                format!("分值 {points} 不合理:应在 -100 到 100 之间且不为 0"),
                format!("{points} points: give a number between -100 and 100, not 0"),
            ));
        }
        self.require_evaluated(unit_id, year)?;
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

    /// Withdraws a mark by hand (it stays on record, dated).
    pub fn withdraw_evaluation_mark(&mut self, id: i64) -> Result<()> {
        self.write(|t| {
            t.require(Permission::Office)?;
            let before: Option<(i64, i32, i64, String)> = t
                .conn()
                .query_row(
                    "SELECT unit_id, year, points_tenths, reason FROM evaluation_mark WHERE id = ?1 AND withdrawn_on IS NULL",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((unit, year, tenths, reason)) = before else {
                return Err(StoreError::rule(format!("没有第{id}条加减分(或已撤销)"), format!("no standing mark {id}")));
            };
            t.conn().execute("UPDATE evaluation_mark SET withdrawn_on = ?1 WHERE id = ?2", params![t.now(), id])?;
            let before = serde_json::json!({ "unit_id": unit, "year": year, "points": tenths as f64 / 10.0, "reason": reason });
            t.audit("evaluation_mark", id, None, AuditAction::WithdrawMark, Some(&before), None)?;
            Ok(())
        })
    }

    /// A unit has lead or split items among `year`'s: it is evaluated that year.
    fn require_evaluated(&self, unit_id: i64, year: i32) -> Result<()> {
        let set = self.year_figures(year, |_| {})?;
        if set.units.iter().any(|f| f.unit_id == unit_id && f.replying() > 0) {
            return Ok(());
        }
        Err(StoreError::rule(
            format!("该单位{year}年度没有主办或分办的件,不在考评之列"),
            format!("this unit handles no item as lead or split in {year}: it is not evaluated"),
        ))
    }

    /// Puts an item or a unit on `year`'s commendation list (once). An item must be one of
    /// that year's; one the rule does not propose needs a note saying why. A unit must be
    /// one evaluated that year.
    pub fn commend(&mut self, year: i32, what: Honour, note: &str) -> Result<i64> {
        let note = note.trim().to_string();
        let (kind, item, unit) = match what {
            Honour::Item(id) => {
                let e = self.evaluation(year)?;
                if !e.candidates.iter().any(|c| c.item_id == id) {
                    self.require_item_of_year(id, year)?;
                    if note.is_empty() {
                        return Err(StoreError::rule(
                            "该件不是按规则产生的优秀候选件,列入表彰须在备注中写明理由",
                            "this item is not a candidate by the rule: give a note saying why it is commended",
                        ));
                    }
                }
                ("item", Some(id), None)
            }
            Honour::Unit(id) => {
                self.require_evaluated(id, year)?;
                ("unit", None, Some(id))
            }
        };
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

    /// A filed item of one of `year`'s meetings.
    fn require_item_of_year(&self, item_id: i64, year: i32) -> Result<()> {
        let ok: Option<bool> = self
            .conn()
            .query_row(
                "SELECT i.filing = 'filed' AND m.year = ?2 FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ?1",
                params![item_id, year],
                |r| r.get(0),
            )
            .optional()?;
        match ok {
            Some(true) => Ok(()),
            Some(false) => Err(StoreError::rule(
                format!("该件不是{year}年度已立案的件,不能列入该年表彰"),
                format!("this item is not a filed item of {year}"),
            )),
            None => Err(StoreError::NotFound { entity: "item", id: item_id }),
        }
    }

    /// Takes an entry off the commendation list (kept on record, dated).
    pub fn uncommend(&mut self, id: i64) -> Result<()> {
        self.write(|t| {
            t.require(Permission::Office)?;
            let item: Option<Option<i64>> = t
                .conn()
                .query_row("SELECT item_id FROM commendation WHERE id = ?1 AND removed_on IS NULL", [id], |r| r.get(0))
                .optional()?;
            let Some(item) = item else {
                return Err(StoreError::rule(
                    format!("表彰名单中没有第{id}条"),
                    format!("no entry {id} on the commendation list"),
                ));
            };
            t.conn().execute("UPDATE commendation SET removed_on = ?1 WHERE id = ?2", params![t.now(), id])?;
            t.audit("commendation", id, item, AuditAction::Uncommend, None, None)?;
            Ok(())
        })
    }
}
