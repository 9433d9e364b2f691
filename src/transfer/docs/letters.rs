//! Letters to the units: the assignment letter (交办函) with each unit's items by role and
//! the rules that apply, and the reminder notice (催办通知) with its overdue and due-soon work.
use super::{cn_date, unique_path, what, DocRequest, Office};
use crate::domain::{Kind, Role, Unit};
use crate::store::paperwork::{WorkRow, WorkScope};
use crate::store::Store;
use crate::text::Lang::Zh;
use crate::transfer::official_docx::{Column, OfficialDoc};
use crate::transfer::{Result, TransferError};
use chrono::{Datelike, Days};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Each unit with its rows, in the office's order of units.
fn by_unit(store: &Store, rows: Vec<WorkRow>) -> Result<Vec<(Unit, Vec<WorkRow>)>> {
    let mut map: BTreeMap<i64, Vec<WorkRow>> = BTreeMap::new();
    for r in rows {
        map.entry(r.unit_id).or_default().push(r);
    }
    let mut out = Vec::new();
    for (unit, _) in store.units_in_order()? {
        if let Some(rows) = map.remove(&unit.id) {
            out.push((unit, rows));
        }
    }
    Ok(out)
}

/// The work a letter lists: the request's scope, and only its items when it names some.
fn work_rows(store: &Store, req: &DocRequest) -> crate::store::Result<Vec<WorkRow>> {
    let mut rows = store.work_rows(scope(req))?;
    if !req.items.is_empty() {
        rows.retain(|r| req.items.contains(&r.item_id));
    }
    Ok(rows)
}

fn scope(req: &DocRequest) -> WorkScope {
    WorkScope { meeting: req.meeting.as_ref().map(|m| m.id), unit: req.unit.as_ref().map(|u| u.id), item: req.item }
}

fn role_order(r: Role) -> u8 {
    match r {
        Role::Lead => 0,
        Role::Split => 1,
        Role::CoHandling => 2,
    }
}

/// The list's columns: 序号, 编号, 标题, 提出人, 承办方式, 办理期限.
fn list_columns() -> Vec<Column> {
    vec![
        Column::new("序号", 600, true),
        Column::new("编号", 900, true),
        Column::new("标题", 3444, false),
        Column::new("提出人", 1500, false),
        Column::new("承办方式", 1000, true),
        Column::new("办理期限", 1400, true),
    ]
}

fn list_row(i: usize, r: &WorkRow) -> Vec<String> {
    let mark = if r.key { "(重点)" } else { "" };
    vec![
        (i + 1).to_string(),
        format!("{}{}", r.kind.tag(Zh), r.number),
        format!("{}{mark}", r.title),
        r.proposers.clone(),
        r.role.label(Zh).to_string(),
        r.deadline.format("%Y-%m-%d").to_string(),
    ]
}

/// The rules a unit works to, from rules.toml, as the letter states them.
pub fn rules_paragraphs(store: &Store, kinds: &[Kind]) -> Vec<String> {
    let r = &store.data.rules;
    let mut v = Vec::new();
    for k in kinds {
        let d = match k {
            Kind::Suggestion => &r.deadlines.suggestion,
            Kind::Proposal => &r.deadlines.proposal,
        };
        v.push(format!(
            "{}:主办、分办单位自交办之日起{}内答复提出人;会办单位自交办之日起{}内向主办单位提出会办意见,由主办单位汇总答复。",
            k.label(Zh),
            d.lead.label(Zh),
            d.co_handling.label(Zh)
        ));
    }
    let b = &r.deadlines.between_session;
    v.push(format!("闭会期间提出的,主办、分办单位自交办之日起{}内答复。", b.lead.label(Zh)));
    v.push(format!(
        "对交办有异议的,请于交办之日起{}内提出调整申请并说明理由;逾期未提出的,不作调整。",
        r.windows.reassignment_request.label(Zh)
    ));
    let n = r.face_to_face.head_threshold;
    v.push(format!(
        "实行面复制度:承办{n}件及以下的,单位主要负责人须全部面复;承办{n}件以上的,主要负责人面复不少于{n}件。"
    ));
    let classes: Vec<String> = r.scheme.classes.iter().map(|c| format!("{}类({})", c.code, c.zh)).collect();
    v.push(format!("答复函须注明办理结果类别:{}。", classes.join("、")));
    v
}

/// One assignment letter per unit with work in scope.
pub fn assignment_letters(store: &Store, office: &Office, req: &DocRequest) -> Result<Vec<PathBuf>> {
    let rows = work_rows(store, req)?;
    if rows.is_empty() {
        return Err(nothing("没有已交办的件", "no assigned items"));
    }
    let today = store.today();
    let subject = what(store, req.meeting.as_ref());
    let mut taken = Vec::new();
    let mut files = Vec::new();
    for (unit, mut rows) in by_unit(store, rows)? {
        rows.sort_by_key(|r| role_order(r.role));
        let count = |role: Role| rows.iter().filter(|r| r.role == role).count();
        let mut kinds: Vec<Kind> = rows.iter().map(|r| r.kind).collect();
        kinds.sort();
        kinds.dedup();
        let mut doc = OfficialDoc::new()
            .title(&format!("关于交办{subject}的函"))
            .subtitle(&office.number(&office.numbers.assignment, today.year(), req.seq))
            .addressee(&unit.name)
            .para(&format!(
                "现将{subject}{}件交由你单位办理,其中主办{}件、分办{}件、会办{}件,清单附后。请高度重视,明确分管负责人和经办人,认真研究办理,按时答复。有关要求如下:",
                rows.len(),
                count(Role::Lead),
                count(Role::Split),
                count(Role::CoHandling)
            ))
            .heading1("办理时限和要求");
        for p in rules_paragraphs(store, &kinds) {
            doc = doc.para(&p);
        }
        doc = signed(doc, office, &office.signature.assignment, today);
        let list: Vec<Vec<String>> = rows.iter().enumerate().map(|(i, r)| list_row(i, r)).collect();
        let doc = doc.page_break().caption(&format!("{}交办清单", unit.name)).table(&list_columns(), &list, false);
        let path = unique_path(&req.dir, &format!("交办函-{}", unit.short_name), "docx", &mut taken);
        doc.write(&path)?;
        files.push(path);
    }
    Ok(files)
}

/// One reminder notice per unit with work overdue or due within `due_soon_days`.
pub fn reminders(store: &Store, office: &Office, req: &DocRequest) -> Result<Vec<PathBuf>> {
    let today = store.today();
    let soon = store.data.rules.due_soon_days;
    let until = today + Days::new(soon.into());
    let rows: Vec<WorkRow> =
        work_rows(store, req)?.into_iter().filter(|r| r.done_on.is_none() && r.deadline <= until).collect();
    if rows.is_empty() {
        return Err(nothing(
            &format!("没有逾期或{soon}天内到期未办的件,无需催办"),
            &format!("nothing overdue or due within {soon} days: no reminder needed"),
        ));
    }
    let mut taken = Vec::new();
    let mut files = Vec::new();
    for (unit, mut rows) in by_unit(store, rows)? {
        rows.sort_by_key(|r| (r.deadline, role_order(r.role)));
        let overdue = rows.iter().filter(|r| r.overdue(today)).count();
        let mut doc = OfficialDoc::new()
            .title("关于抓紧办理建议提案的催办通知")
            .subtitle(&office.number(&office.numbers.reminder, today.year(), req.seq))
            .addressee(&unit.name)
            .para(&format!(
                "截至{},你单位承办的件中,已超过办理期限尚未答复(提交会办意见)的{}件,{}天内到期的{}件,清单附后。请抓紧办理,逾期件尽快答复,并将办理情况及时报送{}。",
                cn_date(today),
                overdue,
                soon,
                rows.len() - overdue,
                office.short_name
            ));
        doc = signed(doc, office, &office.signature.reminder, today);
        let mut cols = list_columns();
        cols[2].width -= 1000;
        cols.push(Column::new("状态", 1000, true));
        let list: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = list_row(i, r);
                let late = (today - r.deadline).num_days();
                row.push(if late > 0 { format!("逾期{late}天") } else { "即将到期".into() });
                row
            })
            .collect();
        let doc = doc.page_break().caption(&format!("{}待办清单", unit.name)).table(&cols, &list, false);
        let path = unique_path(&req.dir, &format!("催办通知-{}", unit.short_name), "docx", &mut taken);
        doc.write(&path)?;
        files.push(path);
    }
    Ok(files)
}

/// The signature, extra lines, and the contact line.
pub fn signed(mut doc: OfficialDoc, office: &Office, extra: &[String], day: chrono::NaiveDate) -> OfficialDoc {
    doc = doc.signature(&office.name, &cn_date(day));
    for l in extra {
        doc = doc.plain(l);
    }
    let contact = office.contact_line();
    if !contact.is_empty() {
        doc = doc.para(&format!("({contact})"));
    }
    doc
}

fn nothing(zh: &str, en: &str) -> TransferError {
    TransferError::file(format!("{zh};未生成文件"), format!("{en}; no file written"))
}
