//! Year-end evaluation of the units (办理工作考评) and excellent-item candidates (优秀提案、
//! 优秀建议), by the scheme in `rules.toml` `[evaluation]`.
//!
//! **Score.** Each component is a rate from the ledger's one set of figures (per unit, over
//! its lead and split assignments) times the component's points; a rate with nothing to count
//! (no feedback yet, no commitment due) earns the full points: nothing stands against the
//! unit. Then each reminder (催办) and interview (约谈) the unit received takes off its points,
//! and the office's marks by hand (with their reasons) are added. The total is rounded to one
//! decimal; the grade is the first of `grades` (highest `min` first) the total reaches.
use super::face_to_face::HeadRule;
use super::rate::Rate;
use serde::Deserialize;

/// What a component measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 按时答复率: on time over assignments due.
    OnTime,
    /// 面复率: face-to-face over lead and split assignments.
    FaceToFace,
    /// The head-reply rule: head face-to-face replies over what the rule asks (at most 1).
    HeadRule,
    /// 满意率 (latest round).
    Satisfaction,
    /// 初次满意率 (first round).
    FirstSatisfaction,
    /// Items that went to no second round, over its items.
    NoSecondRound,
    /// Commitments met by their date, over commitments due.
    CommitmentsKept,
}

/// One scored component.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub measure: Measure,
    /// Its name in the table, e.g. 按时答复.
    pub label: String,
    pub points: f64,
}

/// A grade and the score it starts at.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub label: String,
    pub min: f64,
}

/// What makes an item a candidate for 优秀提案 / 优秀建议.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ExcellentItems {
    /// Its result class is one of these.
    pub classes: Vec<String>,
    /// Its latest feedback is one of these (satisfied, basic).
    pub feedback: Vec<String>,
    /// And at least one of these holds (key_item, head_face_to_face, leader); empty: none needed.
    pub any_of: Vec<String>,
}

/// The scheme of `[evaluation]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationScheme {
    pub components: Vec<Component>,
    /// Points off per reminder and per interview received.
    pub reminder_points: f64,
    pub interview_points: f64,
    /// Highest first.
    pub grades: Vec<Grade>,
    #[serde(default)]
    pub excellent_items: ExcellentItems,
}

/// What the score of one unit is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitInputs {
    pub on_time: Rate,
    pub face_to_face: Rate,
    pub head_rule: Option<HeadRule>,
    pub satisfaction: Rate,
    pub first_satisfaction: Rate,
    /// Items without a second round, over its items.
    pub no_second_round: Rate,
    pub commitments_kept: Rate,
    pub reminders: u32,
    pub interviews: u32,
}

/// A component as scored for one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub label: String,
    pub rate: Rate,
    pub points: f64,
    pub max: f64,
}

/// One unit's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub components: Vec<Scored>,
    /// Points off for reminders and interviews (positive).
    pub deductions: f64,
    /// The office's marks by hand, summed.
    pub marks: f64,
    pub total: f64,
    pub grade: String,
}

/// Rounded to one decimal, as the table shows it.
pub fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl EvaluationScheme {
    /// The rate a measure reads.
    fn rate(m: Measure, i: &UnitInputs) -> Rate {
        match m {
            Measure::OnTime => i.on_time,
            Measure::FaceToFace => i.face_to_face,
            Measure::HeadRule => i.head_rule.map_or(Rate::default(), |h| Rate { num: h.head_items.min(h.required), den: h.required }),
            Measure::Satisfaction => i.satisfaction,
            Measure::FirstSatisfaction => i.first_satisfaction,
            Measure::NoSecondRound => i.no_second_round,
            Measure::CommitmentsKept => i.commitments_kept,
        }
    }

    /// The score of a unit with `inputs` and the office's `marks`.
    pub fn score(&self, inputs: &UnitInputs, marks: f64) -> Score {
        let components: Vec<Scored> = self
            .components
            .iter()
            .map(|c| {
                let rate = Self::rate(c.measure, inputs);
                let share = if rate.den == 0 { 1.0 } else { f64::from(rate.num) / f64::from(rate.den) };
                Scored { label: c.label.clone(), rate, points: tenth(c.points * share), max: c.points }
            })
            .collect();
        let deductions =
            tenth(self.reminder_points * f64::from(inputs.reminders) + self.interview_points * f64::from(inputs.interviews));
        let total = tenth(components.iter().map(|c| c.points).sum::<f64>() - deductions + marks);
        Score { components, deductions, marks, total, grade: self.grade(total) }
    }

    /// The grade a total reaches (the last grade when it reaches none).
    pub fn grade(&self, total: f64) -> String {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .or(self.grades.last())
            .map(|g| g.label.clone())
            .unwrap_or_default()
    }

    /// Why a unit has its grade, in words: its total against the grade's threshold, and
    /// where it lost most.
    pub fn why(&self, s: &Score) -> String {
        let min = self.grades.iter().find(|g| g.label == s.grade).map_or(0.0, |g| g.min);
        let mut lost: Vec<(&str, f64)> =
            s.components.iter().map(|c| (c.label.as_str(), tenth(c.max - c.points))).filter(|l| l.1 > 0.0).collect();
        lost.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut parts = vec![format!("总分{:.1},达到“{}”({:.0}分以上)", s.total, s.grade, min)];
        if !lost.is_empty() {
            let top: Vec<String> = lost.iter().take(2).map(|(l, p)| format!("{l}失{p:.1}分")).collect();
            parts.push(top.join("、"));
        }
        if s.deductions > 0.0 {
            parts.push(format!("催办约谈扣{:.1}分", s.deductions));
        }
        if s.marks != 0.0 {
            parts.push(format!("办公室加减分{:+.1}", s.marks));
        }
        parts.join(";")
    }

    /// Checks the scheme: grades highest first, points not negative.
    pub fn check(&self) -> Result<(), String> {
        if self.grades.is_empty() {
            return Err("[evaluation] grades is empty / 未设等次".into());
        }
        if self.grades.windows(2).any(|w| w[0].min < w[1].min) {
            return Err("[evaluation] grades must go from the highest min down / 等次须按分数从高到低".into());
        }
        if self.components.iter().any(|c| c.points < 0.0) {
            return Err("[evaluation] a component has negative points / 分值不能为负".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> EvaluationScheme {
        let text = crate::data::RULES;
        let v: toml::Value = toml::from_str(text).unwrap();
        v.get("evaluation").unwrap().clone().try_into().unwrap()
    }

    #[test]
    fn the_shipped_scheme_reads_and_scores() {
        let s = scheme();
        s.check().unwrap();
        let perfect = UnitInputs::default();
        let full: f64 = s.components.iter().map(|c| c.points).sum();
        assert_eq!(s.score(&perfect, 0.0).total, tenth(full), "nothing counted: full points");
        let i = UnitInputs {
            on_time: Rate { num: 3, den: 4 },
            reminders: 2,
            interviews: 1,
            ..UnitInputs::default()
        };
        let sc = s.score(&i, 1.5);
        let on_time = s.components.iter().find(|c| c.measure == Measure::OnTime).unwrap().points;
        let want = tenth(full - on_time * 0.25 - 2.0 * s.reminder_points - s.interview_points + 1.5);
        assert_eq!(sc.total, want);
        assert!(s.why(&sc).contains("按时答复失"), "{}", s.why(&sc));
    }

    #[test]
    fn grades_by_threshold() {
        let s = scheme();
        assert_eq!(s.grade(95.0), s.grades[0].label);
        assert_eq!(s.grade(-5.0), s.grades.last().unwrap().label);
    }
}
