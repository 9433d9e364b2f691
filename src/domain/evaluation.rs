//! Year-end evaluation of the units (办理工作考评) and excellent-item candidates (优秀提案、
//! 优秀建议), by the scheme in `rules.toml` `[evaluation]`.
//!
//! **Score.** Each component is a rate of the unit's figures ([`UnitFigures`], the one set of
//! figures: over its lead and split items, 个次) times the component's points; a rate with
//! nothing to count (no feedback yet, no commitment due) earns the full points: nothing stands
//! against the unit. Then each reminder (催办) and interview (约谈) the unit received takes off
//! its points, and the office's marks by hand (each with its reason) are added. The total is
//! rounded to one decimal; the grade is the first of `grades` (highest `min` first) the total
//! reaches.
//!
//! **Candidates.** An item is a candidate for 优秀提案 / 优秀建议 when its result class is one
//! of `classes`, its latest feedback one of `feedback`, and (when `any_of` is not empty) at
//! least one of `any_of` holds. The office marks the final list; the rule only proposes.
use super::figures::ItemFacts;
use super::rate::Rate;
use super::unit_figures::UnitFigures;
use super::Satisfaction;
use serde::Deserialize;

/// What a component measures, each a rate of [`UnitFigures`].
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

/// One of the facts that make an item stand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// 重点件.
    KeyItem,
    /// The head (主要负责人) of a replying unit replied face to face.
    HeadFaceToFace,
    /// 领导包案.
    Leader,
}

impl Criterion {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Criterion::KeyItem => "重点件",
            Criterion::HeadFaceToFace => "主要负责人面复",
            Criterion::Leader => "领导包案",
        }
    }

    fn holds(self, f: &ItemFacts) -> bool {
        match self {
            Criterion::KeyItem => f.key_item,
            Criterion::HeadFaceToFace => f.head_face_to_face(),
            Criterion::Leader => f.leader_case(),
        }
    }
}

/// What makes an item a candidate for 优秀提案 / 优秀建议.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ExcellentItems {
    /// Its result class is one of these (codes of the scheme in use).
    pub classes: Vec<String>,
    /// Its latest feedback is one of these.
    pub feedback: Vec<Satisfaction>,
    /// And at least one of these holds; empty: none needed.
    pub any_of: Vec<Criterion>,
}

impl ExcellentItems {
    /// Whether `item` is a candidate, and which of `any_of` it meets; `codes` are the
    /// scheme's class codes in order.
    pub fn because(&self, item: &ItemFacts, codes: &[String]) -> Option<Vec<Criterion>> {
        let class = item.class(codes)?;
        let feedback = item.final_feedback?;
        if !self.classes.contains(&class) || !self.feedback.contains(&feedback) {
            return None;
        }
        let met: Vec<Criterion> = self.any_of.iter().copied().filter(|c| c.holds(item)).collect();
        (self.any_of.is_empty() || !met.is_empty()).then_some(met)
    }
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
    pub excellent_items: ExcellentItems,
}

/// A mark by hand: points the office added (or, negative, took off), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct HandMark {
    pub points: f64,
    pub reason: String,
}

/// A component as scored for one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub measure: Measure,
    pub label: String,
    pub rate: Rate,
    pub points: f64,
    pub max: f64,
}

/// One unit's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub components: Vec<Scored>,
    /// Reminders and interviews received, and the points they take off (positive).
    pub reminders: u32,
    pub interviews: u32,
    pub deductions: f64,
    /// The office's marks by hand, and their sum.
    pub marks: Vec<HandMark>,
    pub marks_total: f64,
    pub total: f64,
    pub grade: String,
}

/// Rounded to one decimal, as the table shows it.
pub fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The rate a measure reads from a unit's figures; `head_threshold` is
/// `[face_to_face] head_threshold`.
pub fn rate_of(m: Measure, f: &UnitFigures, head_threshold: u32) -> Rate {
    match m {
        Measure::OnTime => f.on_time_rate(),
        Measure::FaceToFace => f.face_to_face_rate(),
        Measure::HeadRule => {
            let h = f.head_rule(head_threshold);
            Rate { num: h.head_items.min(h.required), den: h.required }
        }
        Measure::Satisfaction => f.satisfaction_rate(),
        Measure::FirstSatisfaction => f.first_satisfaction_rate(),
        Measure::NoSecondRound => f.no_second_round_rate(),
        Measure::CommitmentsKept => f.commitments_kept_rate(),
    }
}

impl EvaluationScheme {
    /// The score of a unit with figures `f` and the office's `marks`.
    pub fn score(&self, f: &UnitFigures, head_threshold: u32, marks: Vec<HandMark>) -> Score {
        let components: Vec<Scored> = self
            .components
            .iter()
            .map(|c| {
                let rate = rate_of(c.measure, f, head_threshold);
                let share = if rate.den == 0 { 1.0 } else { f64::from(rate.num) / f64::from(rate.den) };
                Scored {
                    measure: c.measure,
                    label: c.label.clone(),
                    rate,
                    points: tenth(c.points * share),
                    max: c.points,
                }
            })
            .collect();
        let deductions =
            tenth(self.reminder_points * f64::from(f.reminders) + self.interview_points * f64::from(f.interviews));
        // `+ 0.0`: an empty sum is -0.0, which would print as "-0.0".
        let marks_total = tenth(marks.iter().map(|m| m.points).sum::<f64>()) + 0.0;
        let total = tenth(components.iter().map(|c| c.points).sum::<f64>() - deductions + marks_total);
        Score {
            components,
            reminders: f.reminders,
            interviews: f.interviews,
            deductions,
            marks,
            marks_total,
            total,
            grade: self.grade(total),
        }
    }

    /// The grade a total reaches (the last grade when it reaches none).
    pub fn grade(&self, total: f64) -> String {
        self.grades.iter().find(|g| total >= g.min).or(self.grades.last()).map(|g| g.label.clone()).unwrap_or_default()
    }

    /// The full points of the scheme (every component at its full rate).
    pub fn full_points(&self) -> f64 {
        tenth(self.components.iter().map(|c| c.points).sum())
    }

    /// Why a unit has its grade, in words: its total against the grade's threshold (and how
    /// far the next grade up is), where it lost points (the `most` largest losses), the
    /// deductions and the office's marks with their reasons.
    pub fn why(&self, s: &Score, most: usize) -> String {
        let at = self.grades.iter().position(|g| g.label == s.grade).unwrap_or(0);
        let min = self.grades.get(at).map_or(0.0, |g| g.min);
        let mut head = format!("总分{:.1},达到“{}”({}分以上)", s.total, s.grade, fmt_points(min));
        if s.total < min {
            head = format!("总分{:.1},未达任何等次的分数线,定为“{}”", s.total, s.grade);
        }
        if let Some(up) = at.checked_sub(1).and_then(|i| self.grades.get(i)) {
            head += &format!(",距“{}”差{:.1}分", up.label, tenth(up.min - s.total));
        }
        let mut parts = vec![head];
        let mut lost: Vec<&Scored> = s.components.iter().filter(|c| tenth(c.max - c.points) > 0.0).collect();
        lost.sort_by(|a, b| (b.max - b.points).total_cmp(&(a.max - a.points)));
        if !lost.is_empty() {
            let more = lost.len().saturating_sub(most);
            let mut words: Vec<String> = lost
                .iter()
                .take(most)
                .map(|c| format!("{}{}失{:.1}分", c.label, rate_words(c.rate), tenth(c.max - c.points)))
                .collect();
            if more > 0 {
                words.push(format!("另{more}项"));
            }
            parts.push(words.join("、"));
        }
        if s.deductions > 0.0 {
            let mut what = Vec::new();
            if s.reminders > 0 {
                what.push(format!("催办{}次", s.reminders));
            }
            if s.interviews > 0 {
                what.push(format!("约谈{}次", s.interviews));
            }
            parts.push(format!("{}扣{:.1}分", what.join("、"), s.deductions));
        }
        for m in &s.marks {
            parts.push(format!(
                "办公室{}{:.1}分:{}",
                if m.points >= 0.0 { "加" } else { "减" },
                m.points.abs(),
                m.reason
            ));
        }
        parts.join(";")
    }

    /// Checks the scheme against the result classes in use (`codes`): components and grades
    /// present and labelled, points not negative, grades highest first, candidate classes
    /// known. A mistake is named with the key it is in.
    pub fn check(&self, codes: &[String]) -> Result<(), String> {
        if self.components.is_empty() {
            return Err("[evaluation] components is empty / 考评未设项目".into());
        }
        if self.components.iter().any(|c| c.label.trim().is_empty()) {
            return Err("[evaluation] a component has no label / 考评项目缺少名称".into());
        }
        let bad = |x: f64| !x.is_finite() || x < 0.0;
        if self.components.iter().any(|c| bad(c.points)) || bad(self.reminder_points) || bad(self.interview_points) {
            return Err("[evaluation] points must be numbers of 0 or more / 分值不能为负".into());
        }
        if self.grades.is_empty() || self.grades.iter().any(|g| g.label.trim().is_empty() || !g.min.is_finite()) {
            return Err("[evaluation] grades: each needs a label and a min / 等次须有名称和分数线".into());
        }
        if self.grades.windows(2).any(|w| w[0].min <= w[1].min) {
            return Err("[evaluation] grades must go from the highest min down / 等次须按分数线从高到低".into());
        }
        if let Some(c) = self.excellent_items.classes.iter().find(|c| !codes.contains(c)) {
            return Err(format!(
                "[evaluation.excellent_items] classes names '{c}', which is not a class of the scheme in use / 优秀候选的办理结果类别不在方案中"
            ));
        }
        Ok(())
    }
}

/// "(3/4)" after a component's name; nothing when there was nothing to count.
fn rate_words(r: Rate) -> String {
    if r.den == 0 {
        String::new()
    } else {
        format!("({}/{})", r.num, r.den)
    }
}

/// 90 rather than 90.0; 87.5 stays.
fn fmt_points(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> EvaluationScheme {
        crate::domain::Rules::parse("data/rules.toml", crate::data::RULES).unwrap().evaluation
    }

    fn unit() -> UnitFigures {
        UnitFigures { unit_id: 1, lead: 4, face_to_face: 4, ..UnitFigures::default() }
    }

    #[test]
    fn the_shipped_scheme_reads_and_scores() {
        let s = scheme();
        let full = s.full_points();
        assert_eq!(s.score(&unit(), 3, Vec::new()).total, full, "nothing counted: full points");
        let f = UnitFigures { on_time: 3, due: 4, head_face_to_face: 3, reminders: 2, interviews: 1, ..unit() };
        let sc = s.score(&f, 3, vec![HandMark { points: 1.5, reason: "创新做法".into() }]);
        let on_time = s.components.iter().find(|c| c.measure == Measure::OnTime).unwrap().points;
        let want = tenth(full - on_time * 0.25 - 2.0 * s.reminder_points - s.interview_points + 1.5);
        assert_eq!(sc.total, want);
        let why = s.why(&sc, usize::MAX);
        assert!(s.why(&sc, 0).contains("另1项"), "{}", s.why(&sc, 0));
        assert!(why.contains("按时答复(3/4)失"), "{why}");
        assert!(why.contains("催办2次、约谈1次扣"), "{why}");
        assert!(why.contains("办公室加1.5分:创新做法"), "{why}");
    }

    #[test]
    fn grades_by_threshold() {
        let s = scheme();
        assert_eq!(s.grade(s.grades[0].min), s.grades[0].label);
        assert_eq!(s.grade(s.grades[0].min - 0.1), s.grades[1].label);
        assert_eq!(s.grade(-5.0), s.grades.last().unwrap().label);
    }

    #[test]
    fn a_scheme_with_grades_out_of_order_or_an_unknown_class_is_refused() {
        let codes: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let mut s = scheme();
        s.check(&codes).unwrap();
        s.grades.swap(0, 1);
        assert!(s.check(&codes).unwrap_err().contains("从高到低"));
        let mut s = scheme();
        s.excellent_items.classes = vec!["甲".into()];
        assert!(s.check(&codes).unwrap_err().contains("'甲'"));
    }
}
