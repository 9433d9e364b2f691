//! The ranking notice (排名通报) as an official document, and the frame of a unit's reply
//! letter (答复函) on one item.
use super::letters::signed;
use super::{cn_date, unique_path, DocRequest, Office};
use crate::domain::{Body, Role};
use crate::store::Store;
use crate::text::Lang::Zh;
use crate::transfer::official_docx::{Column, OfficialDoc};
use crate::transfer::{Result, TransferError};
use chrono::Datelike;
use std::path::PathBuf;

/// The ranking notice: the notice's own paragraphs ([`Store::ranking_notice`]) around the
/// ranked table, units sharing a rank in the office's order.
pub fn ranking(store: &Store, office: &Office, req: &DocRequest) -> Result<PathBuf> {
    let today = store.today();
    let rows = store.ranking()?;
    if rows.is_empty() {
        return Err(TransferError::file(
            "没有承办主办或分办件的单位,无从排名;未生成文件",
            "no unit has lead or split items to rank; no file written",
        ));
    }
    let text = store.ranking_notice()?;
    // The notice's paragraphs are its indented lines; the plain-text table is replaced by a real one.
    let paragraphs: Vec<&str> = text.lines().filter(|l| l.starts_with("    ")).map(str::trim).collect();
    let title = text.lines().next().unwrap_or("排名通报");
    let table_after = paragraphs.iter().position(|p| p.starts_with("现将")).map_or(paragraphs.len(), |i| i + 1);
    let mut doc = OfficialDoc::new()
        .title(title)
        .subtitle(&office.number(&office.numbers.ranking, today.year(), req.seq))
        .addressee("各承办单位");
    for p in &paragraphs[..table_after] {
        doc = doc.para(p);
    }
    let columns = vec![
        Column::new("名次", 640, true),
        Column::new("承办单位", 2204, false),
        Column::new("承办件数", 750, true),
        Column::new("已答复", 750, true),
        Column::new("按时答复率", 1000, true),
        Column::new("逾期未答复", 750, true),
        Column::new("负责人面复", 1000, true),
        Column::new("满意率", 1000, true),
        Column::new("二次办理", 750, true),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let h = &r.head_rule;
            vec![
                r.rank.to_string(),
                r.name.clone(),
                r.items.to_string(),
                r.replied.to_string(),
                r.on_time_rate().percent(),
                r.overdue.to_string(),
                format!("{}/{}{}", h.head_items, h.required, if h.complies() { "达标" } else { "未达标" }),
                r.satisfaction_rate().percent(),
                r.second_rounds.to_string(),
            ]
        })
        .collect();
    doc = doc.table(&columns, &cells, false);
    for p in &paragraphs[table_after..] {
        doc = doc.para(p);
    }
    let doc = signed(doc, office, &office.signature.ranking, today);
    let path = super::unique_path(&req.dir, &format!("排名通报-{}", today.format("%Y-%m-%d")), "docx", &mut Vec::new());
    doc.write(&path)?;
    Ok(path)
}

/// The reply letter's frame for one item: one file per replying unit (or the unit asked for).
pub fn reply_drafts(store: &Store, office: &Office, req: &DocRequest) -> Result<Vec<PathBuf>> {
    let Some(item_id) = req.item else {
        return Err(TransferError::file("答复函需要指明件:--item 编号", "a reply draft needs an item: --item NUMBER"));
    };
    let d = store.item_detail(item_id)?;
    let active: Vec<_> = d.assignments.iter().filter(|a| a.assignment.ended_on.is_none()).collect();
    let replying: Vec<_> = active
        .iter()
        .filter(|a| a.assignment.role.replies())
        .filter(|a| req.unit.as_ref().is_none_or(|u| u.id == a.assignment.unit_id))
        .collect();
    if replying.is_empty() {
        let n = &d.item.number;
        return Err(match &req.unit {
            Some(u) => TransferError::file(
                format!("{}不是第{n}号的主办或分办单位,不写答复函", u.name),
                format!("{} is not a lead or split unit of item {n}: it writes no reply", u.name),
            ),
            None => TransferError::file(
                format!("第{n}号尚未交办主办或分办单位"),
                format!("item {n} has no lead or split unit yet"),
            ),
        });
    }
    let kind = d.item.kind;
    let today = store.today();
    let lead = d.proposers.iter().find(|p| p.position == 0).or(d.proposers.first());
    let honorific = |p: &crate::store::detail::ItemProposer| match (p.person.collective, p.person.body) {
        (true, _) => p.person.name.clone(),
        (false, Body::Npc) => format!("{}代表", p.person.name),
        (false, Body::Cppcc) => format!("{}委员", p.person.name),
    };
    let others: Vec<String> = d.proposers.iter().filter(|p| p.position != 0).map(|p| p.person.name.clone()).collect();
    let co: Vec<&str> =
        active.iter().filter(|a| a.assignment.role == Role::CoHandling).map(|a| a.unit_name.as_str()).collect();
    let classes: Vec<String> =
        store.data.rules.scheme.classes.iter().map(|c| format!("□{}类({})", c.code, c.zh)).collect();
    let mut taken = Vec::new();
    let mut files = Vec::new();
    for a in replying {
        let unit = store.unit_by_name(&a.unit_name)?;
        let number = store.next_doc_number(&a.unit_short, kind, today.year(), false)?;
        let mut doc = OfficialDoc::new()
            .title(&format!("关于{}第{}号{}的答复", d.meeting.name, d.item.number, kind.label(Zh)))
            .subtitle(&number)
            .plain(&format!("办理结果类别:{}", classes.join(" ")))
            .addressee(&lead.map(honorific).unwrap_or_default());
        let mut first = format!("您{}提出的《{}》收悉。", if others.is_empty() { "" } else { "领衔" }, d.item.title);
        if !others.is_empty() {
            first += &format!("(附议:{})", others.join("、"));
        }
        first += &match (a.assignment.role, co.is_empty()) {
            (Role::Split, _) => "本件由我单位分办,现就我单位承办部分答复如下:".to_string(),
            (_, true) => "我单位高度重视,认真研究办理,现答复如下:".to_string(),
            (_, false) => format!("本件由我单位主办,{}会办。经认真研究并汇总会办意见,现答复如下:", co.join("、")),
        };
        doc = doc
            .para(&first)
            .heading1("基本情况")
            .para("(写明所提问题的现状与成因。)")
            .heading1("办理情况")
            .para("(逐条写明采取的措施、已解决的事项及依据。)")
            .heading1("下一步工作")
            .para("(写明承诺事项及完成时限,如:2027年6月30日前完成。)")
            .para("感谢您对我们工作的关心和支持,欢迎继续提出宝贵意见和建议。")
            .signature(&unit.name, &cn_date(today));
        let contact = [("联系人", unit.clerk.as_str()), ("联系电话", unit.phone.as_str())]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}:{v}"))
            .collect::<Vec<_>>()
            .join(",");
        if !contact.is_empty() {
            doc = doc.para(&format!("({contact})"));
        }
        let cc = match d.meeting.body {
            Body::Npc => &office.npc_office,
            Body::Cppcc => &office.cppcc_office,
        };
        doc = doc.plain(&format!("抄送:{cc},{}", office.name));
        let stem = format!("答复函-{}第{}号-{}", d.meeting.name, d.item.number, a.unit_short);
        let path = unique_path(&req.dir, &stem, "docx", &mut taken);
        doc.write(&path)?;
        files.push(path);
    }
    Ok(files)
}
