//! The rules of one locality, read from `data/rules.toml`: deadlines, windows,
//! thresholds and the result-class scheme. Nothing here is a literal default; every
//! value comes from the file.
use super::{Calendar, Kind, Role, Satisfaction, Timing};
use crate::domain::calendar::Counted;
use crate::domain::records::Escalation;
use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A rules file that could not be read, with its file and position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

/// What a period counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodUnit {
    Days,
    WorkingDays,
    Months,
}

/// A length of time from a rules entry: "3 months", "5 working_days", "7 days".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub amount: u32,
    pub unit: PeriodUnit,
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut w = s.split_whitespace();
        let (n, u) = (w.next(), w.next());
        let amount = n.and_then(|n| n.parse::<u32>().ok()).filter(|n| *n <= 3660);
        let unit = match u {
            Some("day" | "days") => Some(PeriodUnit::Days),
            Some("working_day" | "working_days") => Some(PeriodUnit::WorkingDays),
            Some("month" | "months") => Some(PeriodUnit::Months),
            _ => None,
        };
        match (amount, unit, w.next()) {
            (Some(amount), Some(unit), None) => Ok(Period { amount, unit }),
            _ => Err(format!("'{s}' is not a period: write \"3 months\", \"5 working_days\" or \"7 days\"")),
        }
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Period {
    /// The period as a clerk reads it: 3个月, 5个工作日, 7天.
    pub fn label(&self, lang: crate::text::Lang) -> String {
        let n = self.amount;
        match (lang, self.unit) {
            (crate::text::Lang::Zh, PeriodUnit::Days) => format!("{n}天"),
            (crate::text::Lang::Zh, PeriodUnit::WorkingDays) => format!("{n}个工作日"),
            (crate::text::Lang::Zh, PeriodUnit::Months) => format!("{n}个月"),
            (crate::text::Lang::En, PeriodUnit::Days) => format!("{n} days"),
            (crate::text::Lang::En, PeriodUnit::WorkingDays) => format!("{n} working days"),
            (crate::text::Lang::En, PeriodUnit::Months) => format!("{n} months"),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let u = match self.unit {
            PeriodUnit::Days => "days",
            PeriodUnit::WorkingDays => "working_days",
            PeriodUnit::Months => "months",
        };
        write!(f, "{} {u}", self.amount)
    }
}

/// Deadlines for one kind (or for between-session items).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDeadlines {
    pub lead: Period,
    pub split: Period,
    pub co_handling: Period,
    /// Between-session items only: assignment within this period of filing.
    pub assign_within: Option<Period>,
}

impl RoleDeadlines {
    /// The period for a role.
    pub fn for_role(&self, role: Role) -> Period {
        match role {
            Role::Lead => self.lead,
            Role::Split => self.split,
            Role::CoHandling => self.co_handling,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    pub suggestion: RoleDeadlines,
    pub proposal: RoleDeadlines,
    pub between_session: RoleDeadlines,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    pub reassignment_request: Period,
    pub reassignment_answer: Period,
    pub feedback_return: Period,
    pub publish_reply: Period,
    pub returned_reply: Period,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondRoundRules {
    pub deadline: Period,
    pub levels: Vec<Satisfaction>,
    pub still_unsatisfied: Escalation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRules {
    pub through_lead_proposer: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceToFaceRules {
    pub head_threshold: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// Item numbers of NPC meetings.
    pub item_npc: String,
    /// Item numbers of CPPCC meetings.
    pub item_cppcc: String,
    pub reply: String,
    pub co_opinion: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingRules {
    pub refusal_grounds: Vec<String>,
    pub topics: Vec<String>,
}

/// One result class of a scheme.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ResultClass {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultScheme {
    pub classes: Vec<ResultClass>,
    /// Classes kept open until their commitments are met.
    pub follow_up: Vec<String>,
}

/// When the TUI warns that the last backup is old.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRules {
    /// Warn at start when the last backup is older than this many days.
    pub warn_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeChoice {
    #[serde(rename = "use")]
    use_: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    roll_to_working_day: bool,
    due_soon_days: u32,
    deadlines: Deadlines,
    windows: Windows,
    second_round: SecondRoundRules,
    feedback: FeedbackRules,
    face_to_face: FaceToFaceRules,
    numbering: Numbering,
    filing: FilingRules,
    result_scheme: SchemeChoice,
    result_schemes: BTreeMap<String, ResultScheme>,
    backup: BackupRules,
    #[serde(default)]
    evaluation: Option<super::evaluation::EvaluationScheme>,
}

/// The `[evaluation]` of the shipped rules.toml, for an office's file written before it had one.
fn shipped_evaluation() -> Result<super::evaluation::EvaluationScheme, String> {
    let v: toml::Value = toml::from_str(crate::data::RULES).map_err(|e| e.to_string())?;
    let e = v.get("evaluation").cloned().ok_or("the shipped rules.toml has no [evaluation]")?;
    e.try_into().map_err(|e: toml::de::Error| e.to_string())
}

/// The rules in force.
#[derive(Debug, Clone)]
pub struct Rules {
    pub roll_to_working_day: bool,
    pub due_soon_days: u32,
    pub deadlines: Deadlines,
    pub windows: Windows,
    pub second_round: SecondRoundRules,
    pub feedback: FeedbackRules,
    pub face_to_face: FaceToFaceRules,
    pub numbering: Numbering,
    pub filing: FilingRules,
    /// Name of the scheme in use.
    pub scheme_name: String,
    /// The result-class scheme in use.
    pub scheme: ResultScheme,
    pub backup: BackupRules,
    /// The year-end evaluation (`[evaluation]`; the shipped scheme when an office's file
    /// has none).
    pub evaluation: super::evaluation::EvaluationScheme,
}

impl Rules {
    /// Parses a rules file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Rules, RulesError> {
        let err = |message: String| RulesError { file: file.to_string(), message };
        let f: RulesFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let scheme = f.result_schemes.get(&f.result_scheme.use_).cloned().ok_or_else(|| {
            err(format!(
                "result_scheme.use = \"{}\" names no [result_schemes.*] table / 未定义的办理结果方案",
                f.result_scheme.use_
            ))
        })?;
        if scheme.classes.is_empty() {
            return Err(err("the result scheme has no classes / 办理结果方案为空".into()));
        }
        let evaluation = match f.evaluation {
            Some(e) => e,
            None => shipped_evaluation().map_err(err)?,
        };
        let codes: Vec<String> = scheme.classes.iter().map(|c| c.code.clone()).collect();
        evaluation.check(&codes).map_err(err)?;
        for code in &scheme.follow_up {
            if !scheme.classes.iter().any(|c| &c.code == code) {
                return Err(err(format!(
                    "follow_up names '{code}', which is not a class of the scheme / 跟踪类别不在方案中"
                )));
            }
        }
        Ok(Rules {
            roll_to_working_day: f.roll_to_working_day,
            due_soon_days: f.due_soon_days,
            deadlines: f.deadlines,
            windows: f.windows,
            second_round: f.second_round,
            feedback: f.feedback,
            face_to_face: f.face_to_face,
            numbering: f.numbering,
            filing: f.filing,
            scheme_name: f.result_scheme.use_,
            scheme,
            backup: f.backup,
            evaluation,
        })
    }

    /// The period a unit in `role` has on an item of `kind` filed with `timing`.
    pub fn deadline_period(&self, kind: Kind, timing: Timing, role: Role) -> Period {
        let table = match (timing, kind) {
            (Timing::Between, _) => &self.deadlines.between_session,
            (Timing::During, Kind::Suggestion) => &self.deadlines.suggestion,
            (Timing::During, Kind::Proposal) => &self.deadlines.proposal,
        };
        table.for_role(role)
    }

    /// `from` + `period` on the calendar, rolled to a working day when the rules say so.
    pub fn add(&self, cal: &Calendar, from: NaiveDate, period: Period) -> Counted {
        let raw = match period.unit {
            PeriodUnit::WorkingDays => return cal.add_working_days(from, period.amount),
            PeriodUnit::Days => from + chrono::Days::new(period.amount.into()),
            PeriodUnit::Months => from.checked_add_months(Months::new(period.amount)).unwrap_or(NaiveDate::MAX),
        };
        if self.roll_to_working_day {
            cal.roll_forward(raw)
        } else {
            Counted { date: raw, confirmed: cal.covers(raw.year()) }
        }
    }

    /// The label of a result class in the scheme, or `None` when the code is not in it.
    pub fn class_label(&self, code: &str, lang: crate::text::Lang) -> Option<&str> {
        self.scheme.classes.iter().find(|c| c.code == code).map(|c| match lang {
            crate::text::Lang::Zh => c.zh.as_str(),
            crate::text::Lang::En => c.en.as_str(),
        })
    }

    /// Finds a class by code or by its label (as an imported sheet may write it).
    pub fn find_class(&self, s: &str) -> Option<&ResultClass> {
        let s = s.trim();
        self.scheme.classes.iter().find(|c| c.code.eq_ignore_ascii_case(s) || c.zh == s || c.en.eq_ignore_ascii_case(s))
    }

    /// Whether a feedback level sends the item to the second round.
    pub fn sends_to_second_round(&self, level: Satisfaction) -> bool {
        self.second_round.levels.contains(&level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::parse("rules.toml", crate::data::RULES).unwrap()
    }

    fn cal() -> Calendar {
        crate::data::calendar().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shipped_rules_parse() {
        let r = rules();
        assert_eq!(r.scheme.classes.len(), 4);
        assert_eq!(r.face_to_face.head_threshold, 3);
        assert!(r.sends_to_second_round(Satisfaction::Unsatisfied));
        assert!(!r.sends_to_second_round(Satisfaction::Basic));
        assert_eq!(r.find_class("留作参考").map(|c| c.code.as_str()), Some("D"));
    }

    #[test]
    fn periods_parse_and_refuse() {
        assert_eq!("3 months".parse(), Ok(Period { amount: 3, unit: PeriodUnit::Months }));
        assert_eq!("5 working_days".parse(), Ok(Period { amount: 5, unit: PeriodUnit::WorkingDays }));
        assert!("5 weeks".parse::<Period>().is_err());
        assert!("five days".parse::<Period>().is_err());
        assert!("5 days extra".parse::<Period>().is_err());
    }

    #[test]
    fn month_deadline_landing_in_national_day_rolls_to_the_working_day() {
        let r = rules();
        // 2026-07-03 + 3 months = 2026-10-03 (holiday) → 10-08 (first working day after 国庆).
        let c = r.add(&cal(), d("2026-07-03"), r.deadline_period(Kind::Proposal, Timing::During, Role::Lead));
        assert_eq!(c.date, d("2026-10-08"));
        assert!(c.confirmed);
    }

    #[test]
    fn between_session_items_use_their_own_table() {
        let mut text = crate::data::RULES.replace(
            "[deadlines.between_session]\nassign_within = \"5 working_days\"\nlead = \"3 months\"",
            "[deadlines.between_session]\nassign_within = \"5 working_days\"\nlead = \"2 months\"",
        );
        text.push('\n');
        let r = Rules::parse("x", &text).unwrap();
        assert_eq!(r.deadline_period(Kind::Suggestion, Timing::Between, Role::Lead).amount, 2);
        assert_eq!(r.deadline_period(Kind::Suggestion, Timing::During, Role::Lead).amount, 3);
    }

    #[test]
    fn a_bad_rules_file_names_the_problem() {
        let bad = crate::data::RULES.replace("head_threshold = 3", "head_treshold = 3");
        let e = Rules::parse("rules.toml", &bad).unwrap_err();
        assert!(e.message.contains("head_treshold"), "{}", e.message);
        let bad = crate::data::RULES.replace("use = \"abcd\"", "use = \"xyz\"");
        assert!(Rules::parse("rules.toml", &bad).is_err());
        let bad = crate::data::RULES.replace("lead = \"3 months\"", "lead = \"3 moons\"");
        let e = Rules::parse("rules.toml", &bad).unwrap_err();
        assert!(e.message.contains("line"), "{}", e.message);
    }
}
