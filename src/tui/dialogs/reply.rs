//! 登记答复: a lead or split unit's reply letter: document number, signer, result class,
//! disclosure, text and the commitments it makes. A reply returned by review starts the new
//! one from it; missing co-handling opinions need the office's override.
use super::parts::{active, assignments, chosen, chosen_id, coded, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::domain::{Disclosure, ReviewState, Role};
use crate::store::handling::reply::NewReply;
use crate::store::Store;
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::draw::tr;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};
use chrono::Datelike;
use chrono::NaiveDate;

fields! {
    /// 答复单位.
    Assignment = "assignment",
    /// 答复日期.
    On = "on",
    /// 答复文号.
    Doc = "doc",
    /// 签发人.
    Signer = "signer",
    /// 办理结果.
    Class = "class",
    /// 公开属性.
    Disclosure = "disclosure",
    /// 同意公开.
    Consent = "consent",
    /// 答复内容.
    Text = "text",
    /// 承诺事项, one a line.
    Commitments = "commitments",
    /// 会办未到特批.
    Override = "override",
}

/// A reply returned by review, the new one starts from: its unit, doc, signer, class,
/// disclosure, text, and the reason it came back.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Returned {
    unit: String,
    doc: String,
    signer: String,
    class: String,
    disclosure: Disclosure,
    text: String,
    reason: String,
}

/// Recording a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    item: i64,
    version: i64,
    units: Vec<Opt>,
    /// The next document number of the first replying unit.
    next_doc: String,
    returned: Option<Returned>,
    /// Each co-handling unit: its opinion in, and the line saying so.
    co: Vec<(Option<bool>, String)>,
}

impl Dialog for Reply {
    const ACTION: Action = Action::RecordReply;

    fn load(store: &Store, head: &Head, ctx: &Context, lang: Lang) -> Result<Self, String> {
        let d = head.detail;
        let replying = |a: &crate::store::detail::AssignmentView| a.assignment.role.replies();
        let units = need(assignments(d, lang, replying), "该件尚未交办", "the item has no lead or split unit", lang)?;
        let returned = active(d, replying).find_map(|a| {
            let last = a.replies.last().filter(|r| r.review == ReviewState::Returned)?;
            let reason = d.reviews.iter().rev().find(|v| v.reply_id == last.id).map(|v| v.reason.clone());
            Some(Returned {
                unit: a.unit_short.clone(),
                doc: last.doc_number.clone(),
                signer: last.signer.clone(),
                class: last.result_class.clone(),
                disclosure: last.disclosure,
                text: last.text.clone(),
                reason: reason.unwrap_or_default(),
            })
        });
        let co = active(d, |a| a.assignment.role == Role::CoHandling)
            .map(|a| {
                let ok = !a.co_opinions.is_empty();
                let what = if ok {
                    tr(lang, "会办意见已到", "opinion in")
                } else {
                    tr(lang, "会办意见未到", "opinion not in")
                };
                let due = format!("{} {}", tr(lang, "期限", "due"), ymd(a.assignment.deadline));
                (Some(ok), format!("{} {what} ({due})", a.unit_short))
            })
            .collect();
        // The one store call: the next document number of the first replying unit.
        let next_doc = match active(d, replying).next() {
            Some(a) => store
                .next_doc_number(&a.unit_short, d.item.kind, ctx.today.year(), false)
                .map_err(|e| e.message(lang))?,
            None => String::new(),
        };
        Ok(Reply { item: head.id(), version: head.version(), units, next_doc, returned, co })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let classes: Vec<Opt> = ctx
            .rules
            .scheme
            .classes
            .iter()
            .map(|c| Opt::new(c.code.clone(), format!("{} {}", c.code, if lang == Lang::Zh { &c.zh } else { &c.en })))
            .collect();
        let mut info: Vec<(Option<bool>, String)> = Vec::new();
        let r = self.returned.as_ref();
        if let Some(r) = r {
            let zh = format!("{} 的答复 {} 被退回重办:{}", r.unit, r.doc, r.reason);
            let en = format!("{}'s reply {} was returned: {}", r.unit, r.doc, r.reason);
            info.push((Some(false), tr(lang, &zh, &en)));
        }
        info.extend(self.co.iter().cloned());
        let class_at = r.and_then(|r| classes.iter().position(|c| c.code == r.class)).unwrap_or(0);
        let disclosure_at = r.and_then(|r| Disclosure::ALL.iter().position(|x| *x == r.disclosure)).unwrap_or(0);
        let disclosures = coded(Disclosure::ALL, |e| e.as_str(), |e| e.label(lang));
        let commitments_hint = tr(
            lang,
            "每行一项:日期 内容(如 2027-06-30 完成道路改造);{key:new_line} 换行",
            "one per line: date text (2027-06-30 finish the road); {key:new_line} for a new line",
        );
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, "答复单位", "Unit"), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, "答复日期", "Replied on"),
            Field::text(F::Doc.id(), &tr(lang, "答复文号", "Document no."), &self.next_doc),
            Field::text(F::Signer.id(), &tr(lang, "签发人", "Signed by"), r.map_or("", |r| r.signer.as_str())),
            Field::choice(F::Class.id(), &tr(lang, "办理结果", "Result class"), classes, class_at),
            Field::choice(F::Disclosure.id(), &tr(lang, "公开属性", "Disclosure"), disclosures, disclosure_at),
            Field::toggle(F::Consent.id(), &tr(lang, "同意公开", "Publication OK"), false).hint(tr(
                lang,
                "代表委员同意公开答复",
                "the proposer agrees to publication",
            )),
            Field::area(F::Text.id(), &tr(lang, "答复内容", "Reply text"), r.map_or("", |r| r.text.as_str())),
            Field::area(F::Commitments.id(), &tr(lang, "承诺事项", "Commitments"), "").hint(commitments_hint),
            Field::text(F::Override.id(), &tr(lang, "会办未到特批", "Override"), "").hint(tr(
                lang,
                "会办意见未到齐时,办公室说明理由",
                "office reason when opinions are missing",
            )),
        ];
        Body { title: head.title(&tr(lang, "登记答复", "Record a reply")), info, fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let area = |f: F| form.field(f.id()).map(|x| x.text_value()).unwrap_or_default();
        let r = NewReply {
            on: form.required_date(F::On.id())?,
            doc_number: form.text(F::Doc.id()),
            signer: form.text(F::Signer.id()),
            result_class: form.choice(F::Class.id()),
            disclosure: chosen(form, F::Disclosure.id(), Disclosure::parse)?,
            consent: form.ticked(F::Consent.id()),
            text: area(F::Text),
            commitments: commitments(&area(F::Commitments), form.this_year, form.lang)?,
        };
        let over = form.text(F::Override.id());
        let over = (!over.is_empty()).then_some(over.as_str());
        store.record_reply(chosen_id(form, F::Assignment.id())?, self.version, &r, over)?;
        Ok(Saved::Done(tr(form.lang, "已登记答复,待审核", "Reply recorded, waiting for review")))
    }

    on_item!();
}

/// Commitments typed one per line: a date and the text, in either order.
pub fn commitments(text: &str, this_year: i32, lang: Lang) -> Result<Vec<(String, NaiveDate)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let found = [0, words.len() - 1]
            .into_iter()
            .find_map(|i| crate::domain::dates::parse_date(words[i], this_year).ok().map(|d| (i, d)));
        if found.is_none() {
            // A date written straight before the text, as an input method leaves it
            // (2027-06-30完成外墙排查, 6月30日完成).
            if let Some((date, text)) = leading_date(line.trim(), this_year) {
                out.push((text.to_string(), date));
                continue;
            }
        }
        let Some((at, date)) = found else {
            return Err(tr(
                lang,
                &format!("承诺事项第{}行缺少日期:{line}", n + 1),
                &format!("commitment line {}: no date: {line}", n + 1),
            ));
        };
        let rest: Vec<&str> = words.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, w)| *w).collect();
        if rest.is_empty() {
            return Err(tr(
                lang,
                &format!("承诺事项第{}行缺少内容", n + 1),
                &format!("commitment line {}: no text", n + 1),
            ));
        }
        out.push((rest.join(" "), date));
    }
    Ok(out)
}

/// A date at the very start of `line` with text straight after it: the longest prefix made
/// of digits and date punctuation that reads as a date, and the rest.
fn leading_date(line: &str, this_year: i32) -> Option<(NaiveDate, &str)> {
    let datelike = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || "-/.年月日－／．".contains(c);
    let end = line.char_indices().find(|&(_, c)| !datelike(c)).map_or(line.len(), |(i, _)| i);
    let (head, rest) = line.split_at(end);
    let rest = rest.trim();
    if head.is_empty() || rest.is_empty() {
        return None;
    }
    crate::domain::dates::parse_date(head, this_year).ok().map(|d| (d, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_takes_its_date_before_or_after_the_text_with_or_without_a_space() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        let got = commitments(
            "2027-06-30 完成外墙排查\n完成屋面维修 2027-10-31\n2027-06-30完成道路改造\n6月30日前完成绿化",
            2027,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("完成外墙排查".to_string(), d(6, 30)),
                ("完成屋面维修".to_string(), d(10, 31)),
                ("完成道路改造".to_string(), d(6, 30)),
                ("前完成绿化".to_string(), d(6, 30)),
            ]
        );
        assert!(commitments("完成外墙排查", 2027, Lang::Zh).unwrap_err().contains("缺少日期"));
        assert!(commitments("2027-06-30", 2027, Lang::Zh).unwrap_err().contains("缺少内容"));
    }
}
