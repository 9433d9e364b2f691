//! 登记答复: a lead or split unit's reply letter: document number, signer, result class,
//! disclosure, text and the commitments it makes. A reply returned by review starts the new
//! one from it; missing co-handling opinions need the office's override.
use super::parts::{active, assignments, chosen, chosen_id, coded, need, today, ymd};
use super::{Body, Dialog, Head};
use crate::domain::{Disclosure, ReviewState, Role};
use crate::store::handling::reply::NewReply;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
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
        let units = need(assignments(d, lang, replying), T::FaceToFaceTheItemHasNo, lang)?;
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
                let what = if ok { tr(lang, T::ReplyOpinionIn) } else { tr(lang, T::OpinionMissing) };
                let due = format!("{} {}", tr(lang, T::Deadline), ymd(a.assignment.deadline));
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
            info.push((Some(false), say::reply_returned(lang, &r.unit, &r.doc, &r.reason)));
        }
        info.extend(self.co.iter().cloned());
        let class_at = r.and_then(|r| classes.iter().position(|c| c.code == r.class)).unwrap_or(0);
        let disclosure_at = r.and_then(|r| Disclosure::ALL.iter().position(|x| *x == r.disclosure)).unwrap_or(0);
        let disclosures = coded(Disclosure::ALL, |e| e.as_str(), |e| e.label(lang));
        let commitments_hint = tr(lang, T::ReplyOnePerLineDate);
        let fields = vec![
            Field::choice(F::Assignment.id(), &tr(lang, T::ReplyUnit), self.units.clone(), 0),
            today(F::On.id(), ctx, lang, T::ReplyRepliedOn),
            Field::text(F::Doc.id(), &tr(lang, T::ReplyDocumentNo), &self.next_doc),
            Field::text(F::Signer.id(), &tr(lang, T::ReplySignedBy), r.map_or("", |r| r.signer.as_str())),
            Field::choice(F::Class.id(), &tr(lang, T::ReplyResultClass), classes, class_at),
            Field::choice(F::Disclosure.id(), &tr(lang, T::ReplyDisclosure), disclosures, disclosure_at),
            Field::toggle(F::Consent.id(), &tr(lang, T::ReplyPublicationOK), false)
                .hint(tr(lang, T::ReplyTheProposerAgreesTo)),
            Field::area(F::Text.id(), &tr(lang, T::ReplyReplyText), r.map_or("", |r| r.text.as_str())),
            Field::area(F::Commitments.id(), &tr(lang, T::SecCommitments), "").hint(commitments_hint),
            Field::text(F::Override.id(), &tr(lang, T::ReplyOverride), "")
                .hint(tr(lang, T::ReplyOfficeReasonWhenOpinions)),
        ];
        Body { title: head.title(&tr(lang, T::ReplyRecordAReply)), info, fields }
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
        Ok(Saved::Done(tr(form.lang, T::ReplyReplyRecordedWaitingFor)))
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
            return Err(say::commitment_no_date(lang, n + 1, line));
        };
        let rest: Vec<&str> = words.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, w)| *w).collect();
        if rest.is_empty() {
            return Err(say::commitment_no_text(lang, n + 1));
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
