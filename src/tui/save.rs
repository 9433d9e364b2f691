//! Saving a form: its values read and checked, then one store call (one transaction).
//! Called only by the session; a failure leaves the form open with what was typed.
use super::forms::draw::tr;
use super::forms::{transfer, Form, Purpose, SaveError, Saved};
use crate::domain::assignment::check_roles;
use crate::domain::intake::{title_fits, FilingDecision};
use crate::domain::*;
use crate::store::handling::assign::UnitRole;
use crate::store::intake::entry::{ItemDraft, NewPerson};
use crate::store::intake::filing::FilingReview;
use crate::store::Store;
use chrono::NaiveDate;

type R = Result<Saved, SaveError>;

fn opt_id(form: &Form, field: &str) -> Option<i64> {
    form.choice(field).parse().ok()
}

fn done(lang: crate::text::Lang, zh: &str, en: &str) -> R {
    Ok(Saved::Done(tr(lang, zh, en)))
}

/// Commitments typed one per line: a date and the text, in either order.
pub fn commitments(text: &str, this_year: i32, lang: crate::text::Lang) -> Result<Vec<(String, NaiveDate)>, String> {
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

/// The draft typed in an item form, and the people to create in place (position, person).
pub fn item_draft(form: &Form, body: Body) -> Result<(ItemDraft, Vec<(usize, NewPerson)>), SaveError> {
    let meeting_id = match form.field("meeting").map(|f| f.choice_code().to_string()) {
        Some(c) if !c.is_empty() => c.parse().map_err(|_| SaveError::Input("meeting?".into()))?,
        _ => match &form.purpose {
            Purpose::EditEntry { .. } => 0,
            _ => return Err(SaveError::Input(tr(form.lang, "请选择会议", "choose a meeting"))),
        },
    };
    let list = form.field("proposers").and_then(|f| f.picks());
    let mut known = Vec::new();
    let mut new = Vec::new();
    for (i, p) in list.map(|l| l.picked.as_slice()).unwrap_or_default().iter().enumerate() {
        match p.id {
            Some(id) => known.push(id),
            None => new.push((
                i,
                NewPerson {
                    name: p.label.clone(),
                    body,
                    collective: form.ticked("collective"),
                    delegation: form.text("delegation"),
                    phone: form.text("phone"),
                },
            )),
        }
    }
    let timing = Timing::parse(&form.choice("timing"));
    let draft = ItemDraft {
        meeting_id,
        number: form.text("number"),
        title: form.text("title"),
        body_text: form.field("body").map(|f| f.text_value()).unwrap_or_default(),
        topic: form.choice("topic"),
        filed_on: form.required_date("filed_on")?,
        timing,
        key: form.ticked("key"),
        leader: form.text("leader"),
        proposers: known,
    };
    Ok((draft, new))
}

/// Saves `form` through `store`. `body` is the body of the item form's meeting.
///
/// Undo takes back only the last step: a save of a kind undo does not cover clears it, so
/// `U` after (say) a reply never reaches back to an earlier edit of another item.
pub fn save(store: &mut Store, form: &Form, body: Body) -> R {
    let r = save_purpose(store, form, body);
    let undoable = matches!(
        form.purpose,
        Purpose::Assign { .. }
            | Purpose::Dialog(crate::tui::dialogs::Open::CloseEntry(_))
            | Purpose::CloseMany { .. }
            | Purpose::Dialog(crate::tui::dialogs::Open::Withdraw(_))
            | Purpose::Filing { .. }
            | Purpose::EditEntry { .. }
            | Purpose::UndoConfirm
            | Purpose::Notice
            | Purpose::Export
            | Purpose::Report
    );
    if r.is_ok() && !undoable {
        store.forget_undo();
    }
    r
}

fn save_purpose(store: &mut Store, form: &Form, body: Body) -> R {
    let lang = form.lang;
    let on = || form.required_date("on");
    match &form.purpose {
        Purpose::Assign { items, reassign, .. } => {
            let Some(list) = form.field("units").and_then(|f| f.picks()) else {
                return Err(SaveError::Input("units".into()));
            };
            let changed = form.date("deadline")?;
            let reason = form.text("reason");
            let plan: Vec<UnitRole> = list
                .picked
                .iter()
                .filter_map(|p| {
                    let role = Role::parse(list.role_code(p))?;
                    let deadline_override = changed.filter(|_| role.replies()).map(|d| (d, reason.clone()));
                    Some(UnitRole { unit_id: p.id?, role, deadline_override })
                })
                .collect();
            if let Err(e) = check_roles(&plan.iter().map(|u| (u.unit_id, u.role)).collect::<Vec<_>>()) {
                return Err(SaveError::Input(e.message(lang)));
            }
            if let (true, [(item, version)]) = (*reassign, items.as_slice()) {
                store.reassign(*item, *version, &plan, on()?, &form.text("why"))?;
                return done(
                    lang,
                    "已重新交办;原交办和答复记录保留",
                    "Re-assigned; the earlier assignment and replies are kept",
                );
            }
            let n = store.assign(items, &plan, on()?)?;
            Ok(Saved::Done(tr(lang, &format!("已交办 {n} 件"), &format!("{n} item(s) assigned"))))
        }
        Purpose::Feedback { item, version } => {
            let level = Satisfaction::parse(&form.choice("level")).unwrap_or(Satisfaction::Satisfied);
            let on = on()?;
            store.record_feedback(*item, *version, opt_id(form, "person"), level, on, &form.text("comments"))?;
            feedback_saved(store, *item, on, lang)
        }
        Purpose::Dialog(d) => match d.save(store, form)? {
            Saved::Closed(items, msg) => {
                store.remember_closure(&items)?;
                Ok(Saved::Done(msg))
            }
            saved => Ok(saved),
        },
        Purpose::CloseMany { items } => {
            let b = store.close_many(items, on()?)?;
            store.remember_closure(&b.closed)?;
            Ok(Saved::Report(Box::new(batch_report(store, &b, lang)?)))
        }
        Purpose::UndoConfirm => {
            let u = store.undo_last()?;
            Ok(Saved::Done(tr(lang, &format!("已{}", u.describe(lang)), &format!("Done: {}", u.describe(lang)))))
        }
        Purpose::Filing { item, version } => {
            let decision = FilingDecision::parse(&form.choice("decision")).unwrap_or(FilingDecision::File);
            let merge_into = match decision {
                FilingDecision::Merge => Some(merge_target(store, *item, &form.text("merge"), lang)?),
                _ => None,
            };
            let opinion_unit =
                form.field("unit").and_then(|f| f.picks()).and_then(|l| l.picked.first()).and_then(|p| p.id);
            let r = FilingReview {
                decision,
                ground: if decision == FilingDecision::NotFile { form.choice("ground") } else { String::new() },
                note: form.text("note"),
                opinion_unit,
                merge_into,
                on: on()?,
            };
            store.review_filing(*item, *version, &r)?;
            let what = match decision {
                FilingDecision::NotFile => format!("({})", r.ground),
                FilingDecision::Merge => tr(
                    lang,
                    &format!(",并入第{}号", form.text("merge").trim()),
                    &format!(" into No. {}", form.text("merge").trim()),
                ),
                _ => String::new(),
            };
            Ok(Saved::Done(format!("{}: {}{what}", tr(lang, "立案审查", "Filing"), decision.label(lang))))
        }
        Purpose::NewEntry => {
            let (draft, people) = item_draft(form, body)?;
            let id = store.new_entry_with_people(&draft, &people)?;
            let mut warn = title_warning(&draft, body, lang);
            let twins = store.same_title(draft.meeting_id, &draft.title, id)?;
            if !twins.is_empty() {
                let numbers = twins.join("、");
                warn = tr(
                    lang,
                    &format!("已登记;注意:与第{numbers}号标题相同,如为重复件可在立案审查(l)时并案"),
                    &format!("Registered; note: same title as No. {numbers}; merge it at the filing review (l) if it is a duplicate"),
                );
            }
            Ok(Saved::NewItem(id, warn))
        }
        Purpose::EditEntry { item, version } => {
            let (mut draft, people) = item_draft(form, body)?;
            draft.meeting_id = store.item_draft(*item)?.meeting_id;
            // People named in place are created first (their own audited change).
            for (at, p) in &people {
                let id = store.new_person(p)?;
                draft.proposers.insert((*at).min(draft.proposers.len()), id);
            }
            store.edit_entry(*item, *version, &draft)?;
            let warn = title_warning(&draft, body, lang);
            Ok(Saved::Done(if warn.is_empty() { tr(lang, "已保存修改", "Changes saved") } else { warn }))
        }
        Purpose::Notice => done(lang, "", ""),
        Purpose::Import => {
            let choice = transfer::choice_of(form);
            let path = file_path(&choice.path, lang)?;
            let opts = import_options(&choice);
            Ok(Saved::Job(super::job::JobSpec::Check { choice, path, opts }))
        }
        Purpose::ImportConfirm { choice, ok } => {
            if !ok {
                return Err(SaveError::Input(tr(
                    lang,
                    "预检有错误,未导入;请修改文件后重试",
                    "The check found errors; nothing imported. Fix the file and try again",
                )));
            }
            let path = file_path(&choice.path, lang)?;
            Ok(Saved::Job(super::job::JobSpec::Import { path, opts: import_options(choice) }))
        }
        Purpose::Export => {
            let what: crate::transfer::export::What = form.choice("what").parse().map_err(SaveError::Input)?;
            let format = form.choice("format");
            let path = out_path(store, &form.text("path"), &form.choice("what"), &format);
            let encoding = form.choice("encoding").parse().map_err(SaveError::Input)?;
            Ok(Saved::Job(super::job::JobSpec::Export {
                what,
                meeting: opt_id(form, "meeting"),
                format,
                encoding,
                path,
            }))
        }
        Purpose::Report => save_report(store, form, lang),
    }
}

/// The report form: the figures report of one meeting or all, as Markdown or Word, never
/// over an existing file.
fn save_report(store: &Store, form: &Form, lang: crate::text::Lang) -> R {
    let meeting = match opt_id(form, "meeting") {
        Some(id) => store.meetings()?.into_iter().find(|m| m.id == id),
        None => None,
    };
    let rep =
        crate::transfer::report::build(store, meeting.as_ref(), lang).map_err(|e| SaveError::Input(e.message(lang)))?;
    let format = form.choice("format");
    let path = out_path(store, &form.text("path"), "report", &format);
    if path.exists() {
        return Err(SaveError::Input(tr(
            lang,
            &format!("{} 已存在,未覆盖", path.display()),
            &format!("{} exists; not overwritten", path.display()),
        )));
    }
    let written = if format == "md" {
        std::fs::write(&path, crate::transfer::report::to_markdown(&rep))
            .map_err(|e| SaveError::Input(format!("{}: {e}", path.display())))
    } else {
        crate::transfer::report::write_docx(&rep, &path).map_err(|e| SaveError::Input(e.message(lang)))
    };
    written?;
    Ok(Saved::Done(format!("{}{}", tr(lang, "已生成报告:", "Report written: "), absolute(&path))))
}

fn import_options(c: &transfer::ImportChoice) -> crate::transfer::import::ImportOptions {
    crate::transfer::import::ImportOptions {
        meeting: (!c.meeting.trim().is_empty()).then(|| c.meeting.trim().to_string()),
        create_units: c.create_units,
        unit_aliases: c.aliases(),
    }
}

/// A typed file path (a leading ~ is the home folder); refused when empty or missing.
fn file_path(typed: &str, lang: crate::text::Lang) -> Result<std::path::PathBuf, SaveError> {
    let t = typed.trim().trim_matches(['"', '\'']);
    if t.is_empty() {
        return Err(SaveError::Input(tr(lang, "请填写文件路径", "give the file's path")));
    }
    let p = match (t.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(t),
    };
    if !p.is_file() {
        return Err(SaveError::Input(tr(
            lang,
            &format!("找不到文件 {}", p.display()),
            &format!("no file {}", p.display()),
        )));
    }
    Ok(p)
}

/// The typed output path, or banli-WHAT-YYYYMMDD.EXT in the export folder (the one the
/// command line uses).
fn out_path(store: &Store, typed: &str, what: &str, ext: &str) -> std::path::PathBuf {
    let t = typed.trim();
    if t.is_empty() {
        let dir = crate::transfer::export::export_dir(store.path());
        return crate::transfer::export::default_path(&dir, what, store.today(), ext);
    }
    let p = match (t.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(t),
    };
    // A folder (the config file's export_dir is offered so): the made name in it.
    if p.is_dir() {
        return p.join(format!("banli-{what}-{}.{ext}", store.today().format("%Y%m%d")));
    }
    p
}

use super::job::absolute;

fn title_warning(d: &ItemDraft, body: Body, lang: crate::text::Lang) -> String {
    if title_fits(body.kind(), &d.title) {
        return String::new();
    }
    tr(
        lang,
        "已保存;注意:标题不是“关于……的建议/提案”的格式",
        "Saved; note: the title does not have the shape 关于……的建议/提案",
    )
}

fn merge_target(store: &Store, item: i64, number: &str, lang: crate::text::Lang) -> Result<i64, SaveError> {
    if number.trim().is_empty() {
        return Err(SaveError::Input(tr(lang, "并案须填写并入件的编号", "give the number of the item to merge into")));
    }
    let meeting = store.item_draft(item)?.meeting_id;
    for id in store.items_by_number(number)? {
        if id != item && store.item_draft(id)?.meeting_id == meeting {
            return Ok(id);
        }
    }
    Err(SaveError::Input(tr(
        lang,
        &format!("本次会议没有编号为“{number}”的件"),
        &format!("no item numbered '{number}' in this meeting"),
    )))
}

/// What a batch closure did: how many were closed, and each one left open with the first
/// checklist line it fails.
fn batch_report(
    store: &Store,
    b: &crate::store::followup::closure::BatchClosure,
    lang: crate::text::Lang,
) -> Result<Form, SaveError> {
    let mut info =
        vec![(Some(true), tr(lang, &format!("已销号 {} 件", b.closed.len()), &format!("{} closed", b.closed.len())))];
    if !b.left.is_empty() {
        info.push((None, tr(lang, &format!("未销号 {} 件:", b.left.len()), &format!("{} left open:", b.left.len()))));
    }
    for (id, check) in &b.left {
        let d = store.item_draft(*id)?;
        let why = match check {
            Some(c) => c.label(lang).to_string(),
            None => tr(lang, "已被他人修改,或不是在办件", "changed by someone else, or not an open entry"),
        };
        info.push((Some(false), format!("{} {} — {why}", d.number, d.title)));
    }
    Ok(Form::new(Purpose::Notice, tr(lang, "批量销号结果", "Batch closure"), Vec::new()).with_info(info))
}

/// What a saved feedback did to the item's second round, in words.
fn feedback_saved(store: &Store, item: i64, on: NaiveDate, lang: crate::text::Lang) -> R {
    let d = store.item_detail(item)?;
    let round = d.second_rounds.iter().rev().find(|s| s.reason.settled_by_feedback());
    match round {
        Some(s) if s.closed_on.is_none() => done(
            lang,
            "已登记满意度;二次办理进行中,待其提出人反馈",
            "Feedback recorded; the second round waits for its proposers",
        ),
        Some(s) if s.closed_on == Some(on) && s.outcome.is_some() => {
            let facts = crate::domain::figures::SecondRoundFacts { reason: s.reason, outcome: s.outcome };
            if crate::domain::figures::turned_satisfied(&facts) {
                done(lang, "已登记满意度;二次办理转为满意", "Feedback recorded; the second round turned satisfied")
            } else {
                let to = s.escalation.map(|e| e.label(lang)).unwrap_or_default();
                Ok(Saved::Done(tr(
                    lang,
                    &format!("已登记满意度;二次办理后仍不满意,转{to}"),
                    &format!("Feedback recorded; still unsatisfied after the second round: {to}"),
                )))
            }
        }
        _ => done(lang, "已登记满意度", "Feedback recorded"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

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
