//! Reading the handling-state cells of one row: dates, timing and topic, the reply,
//! face-to-face and satisfaction columns. Each problem is reported where it is found.
use super::{problem, Planner};
use crate::domain::dates::parse_date;
use crate::domain::{Disclosure, Role, Satisfaction, Timing};
use crate::transfer::columns::Field;
use crate::transfer::import::{MeetingRef, ReplyIn, Severity, UnitRef};
use crate::transfer::sheet::{Cell, Row};
use chrono::{Datelike, NaiveDate};

impl Planner<'_> {
    /// A date cell: an Excel date, a serial number, or text as clerks type it.
    pub(super) fn date(&mut self, row: &Row, field: Field) -> Option<Option<NaiveDate>> {
        let cell = self.cell(row, field).clone();
        let year = self.today.year();
        let parsed = match &cell {
            Cell::Empty | Cell::Formula(_) => return Some(None),
            Cell::Date(d) => Some(*d),
            Cell::Number(n) if (20000.0..80000.0).contains(n) => {
                NaiveDate::from_ymd_opt(1899, 12, 30).map(|base| base + chrono::Days::new(*n as u64))
            }
            Cell::Number(_) => None,
            Cell::Text(s) => parse_date(s, year).ok(),
        };
        match parsed {
            Some(d) => Some(Some(d)),
            None => {
                let v = cell.text();
                self.err(
                    row,
                    field,
                    &v,
                    "不是日期,请写成 2024-03-05、2024/3/5、2024年3月5日 或设为日期格式",
                    "not a date; write it like 2024-03-05, 2024/3/5 or 2024年3月5日, or format the cell as a date",
                );
                None
            }
        }
    }

    pub(super) fn timing_and_topic(&mut self, row: &Row) -> (Timing, String) {
        let mut timing = None;
        let mut topic = String::new();
        // 类别 / 类型 / 分类 may each be there: a timing word sets the timing, anything
        // but the kind is the topic.
        for col in self.cols.all(Field::Category) {
            let cat = row.get(col).text();
            match timing_word(&cat) {
                Some(t) => timing = Some(t),
                None if matches!(cat.as_str(), "建议" | "提案" | "") => {}
                None => topic = cat,
            }
        }
        let t = self.text(row, Field::Timing);
        if !t.is_empty() {
            let header = self.cols.col(Field::Timing).map(|c| self.cols.header(c).to_string()).unwrap_or_default();
            let yes_means = if header.contains("闭会") && !header.contains("会议期间") {
                Some(Timing::Between)
            } else if header.contains("会议期间") && !header.contains("闭会") {
                Some(Timing::During)
            } else {
                None
            };
            let flip = |t: Timing| if t == Timing::During { Timing::Between } else { Timing::During };
            match (timing_word(&t), t.as_str(), yes_means) {
                (Some(x), _, _) => timing = Some(x),
                (None, "是" | "√" | "Y", Some(y)) => timing = Some(y),
                (None, "否" | "×" | "N", Some(y)) => timing = Some(flip(y)),
                _ => self.err(
                    row,
                    Field::Timing,
                    &t,
                    "应为“会议期间”或“闭会期间”",
                    "write 会议期间 (during the session) or 闭会期间 (between sessions)",
                ),
            }
        }
        (timing.unwrap_or(Timing::During), topic)
    }

    pub(super) fn reply(
        &mut self,
        row: &Row,
        replied_on: Option<NaiveDate>,
        number: &str,
        meeting: Option<MeetingRef>,
        units: &[(UnitRef, Role, String)],
    ) -> Option<ReplyIn> {
        let doc = self.text(row, Field::ReplyDoc);
        let class_text = self.text(row, Field::ResultClass);
        let public = self.text(row, Field::Public);
        let class = if class_text.is_empty() {
            String::new()
        } else {
            match self.class_code(&class_text) {
                Some(c) => c,
                None => {
                    let codes: Vec<String> =
                        self.data.rules.scheme.classes.iter().map(|c| format!("{} {}", c.code, c.zh)).collect();
                    self.err(
                        row,
                        Field::ResultClass,
                        &class_text,
                        &format!("不是本地办理结果方案中的类别;可用:{}", codes.join("、")),
                        &format!("not a result class of the scheme in use; use one of: {}", codes.join(", ")),
                    );
                    return None;
                }
            }
        };
        let disclosure = match public.as_str() {
            "" | "否" | "不公开" | "×" | "N" | "n" => Disclosure::NotPublic,
            "是" | "公开" | "主动公开" | "√" | "Y" | "y" => Disclosure::Public,
            s => match Disclosure::parse(s) {
                Some(d) => d,
                None => {
                    self.err(
                        row,
                        Field::Public,
                        s,
                        "应为 是/否、公开/不公开 或 依申请公开",
                        "write 是/否, 公开/不公开 or 依申请公开",
                    );
                    return None;
                }
            },
        };
        if doc.is_empty() && class.is_empty() && self.text(row, Field::RepliedOn).is_empty() {
            return None;
        }
        let Some(replied_on) = replied_on else {
            if self.text(row, Field::RepliedOn).is_empty() {
                let col = self.colname(Field::RepliedOn);
                self.plan.problems.push(problem(
                    Severity::Error,
                    Some(row.number),
                    col,
                    "",
                    "有答复文号或办理结果,但没有答复日期",
                    "a reply number or result class without a reply date",
                ));
            }
            return None;
        };
        if !units.iter().any(|(_, r, _)| r.replies()) {
            self.err(row, Field::LeadUnit, "", "有答复但没有主办或分办单位", "a reply but no lead or split unit");
            return None;
        }
        let doc_number = if doc.is_empty() {
            let m = match meeting {
                Some(MeetingRef::Existing(id)) => {
                    self.meetings.values().find(|k| k.id == id).map(|k| k.name.clone()).unwrap_or_default()
                }
                Some(MeetingRef::New(i)) => self.plan.new_meetings[i].name.clone(),
                None => String::new(),
            };
            format!("(导入){m}第{number}号答复")
        } else {
            doc.clone()
        };
        if !doc.is_empty() {
            if let Some(first) = self.docs.insert(doc.clone(), row.number) {
                self.err(
                    row,
                    Field::ReplyDoc,
                    &doc,
                    &format!("答复文号与第{first}行重复"),
                    &format!("the same reply number as row {first}"),
                );
            }
        }
        Some(ReplyIn { replied_on, doc_number, class, disclosure })
    }

    /// A class code from "A", "A类", "A类(已解决)" or the scheme's label.
    pub(super) fn class_code(&self, s: &str) -> Option<String> {
        let rules = &self.data.rules;
        if let Some(c) = rules.find_class(s) {
            return Some(c.code.clone());
        }
        let head: String = s.split(['类', '(', '\u{FF08}', ' ']).next().unwrap_or("").trim().to_string();
        rules.find_class(&head).map(|c| c.code.clone())
    }

    pub(super) fn face_to_face(&mut self, row: &Row, replied_on: Option<NaiveDate>) -> Option<NaiveDate> {
        let t = self.text(row, Field::FaceToFace);
        match t.as_str() {
            "" | "否" | "未面复" | "×" | "N" => None,
            "是" | "已面复" | "√" | "Y" => {
                if replied_on.is_none() {
                    self.err(
                        row,
                        Field::FaceToFace,
                        &t,
                        "面复只写了“是”,又没有答复日期:请写面复日期",
                        "face-to-face marked yes without a date or a reply date: write the date",
                    );
                }
                replied_on
            }
            _ => self.date(row, Field::FaceToFace).flatten(),
        }
    }

    pub(super) fn satisfaction(&mut self, row: &Row) -> Option<Satisfaction> {
        let t = self.text(row, Field::Satisfaction);
        if t.is_empty() {
            return None;
        }
        let s = Satisfaction::parse(&t);
        if s.is_none() {
            self.err(row, Field::Satisfaction, &t, "应为 满意、基本满意 或 不满意", "write 满意, 基本满意 or 不满意");
        }
        s
    }
}

/// 会议期间 / 闭会期间 and their short forms.
pub(super) fn timing_word(s: &str) -> Option<Timing> {
    match s {
        "会议期间" | "大会期间" | "会期" | "会中" | "会议" | "during" => Some(Timing::During),
        "闭会期间" | "会后" | "闭会" | "平时" | "between" => Some(Timing::Between),
        _ => Timing::parse(s),
    }
}
