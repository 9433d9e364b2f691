//! Proposer sheets (办理情况告知单): for each deputy or member, every one of their items with
//! number, title, units, stage, deadline, reply number and class, face-to-face, and their
//! own feedback. For many people, one file each and an index.
use super::{cn_date, unique_path, DocRequest, Office};
use crate::domain::{Body, Proposer, ReviewState};
use crate::store::detail::ItemDetail;
use crate::store::Store;
use crate::text::Lang::Zh;
use crate::transfer::official_docx::{Column, OfficialDoc};
use crate::transfer::{Result, TransferError};
use std::path::PathBuf;

/// One sheet per person; without `--person`, everyone with items (of the meeting) and an index.
pub fn proposer_sheets(store: &Store, office: &Office, req: &DocRequest) -> Result<Vec<PathBuf>> {
    let meeting = req.meeting.as_ref().map(|m| m.id);
    let people = match &req.person {
        Some(name) => store.people_named(name)?,
        None => store.proposers_with_items(meeting)?,
    };
    let mut taken = Vec::new();
    let mut files = Vec::new();
    let mut index = Vec::new();
    for p in &people {
        let ids = store.person_items_in(p.id, meeting)?;
        if ids.is_empty() {
            continue;
        }
        let items: Vec<ItemDetail> = ids.iter().map(|id| store.item_detail(*id)).collect::<Result<_, _>>()?;
        let path = unique_path(&req.dir, &format!("告知单-{}", p.name), "docx", &mut taken);
        sheet(store, office, p, &items).write(&path)?;
        index.push(vec![
            (index.len() + 1).to_string(),
            p.name.clone(),
            identity(p),
            items.len().to_string(),
            path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        ]);
        files.push(path);
    }
    if files.is_empty() {
        let who = req.person.clone().unwrap_or_default();
        let m = req.meeting.as_ref().map(|m| m.name.clone()).unwrap_or_default();
        return Err(TransferError::file(
            format!("{who}在{}没有提出的件;未生成文件", if m.is_empty() { "台账中".into() } else { m.clone() }),
            format!(
                "{who} has no items{}; no file written",
                if m.is_empty() { String::new() } else { format!(" in {m}") }
            ),
        ));
    }
    if req.person.is_none() {
        let columns = vec![
            Column::new("序号", 700, true),
            Column::new("姓名", 1400, false),
            Column::new("身份", 2400, false),
            Column::new("件数", 800, true),
            Column::new("文件", 3544, false),
        ];
        let path = unique_path(&req.dir, "告知单索引", "docx", &mut taken);
        OfficialDoc::new()
            .title("办理情况告知单索引")
            .subtitle(&format!("(截至{})", cn_date(store.today())))
            .table(&columns, &index, false)
            .write(&path)?;
        files.push(path);
    }
    Ok(files)
}

/// 代表(团) or 委员(界别), or 集体.
fn identity(p: &Proposer) -> String {
    let role = match (p.collective, p.body) {
        (true, _) => "集体",
        (false, Body::Npc) => "代表",
        (false, Body::Cppcc) => "委员",
    };
    if p.delegation.is_empty() {
        role.to_string()
    } else {
        format!("{role}({})", p.delegation)
    }
}

fn sheet(store: &Store, office: &Office, p: &Proposer, items: &[ItemDetail]) -> OfficialDoc {
    let today = store.today();
    let (kind, honorific, from) = match (p.body, p.collective) {
        (Body::Npc, _) => {
            ("建议", if p.collective { p.name.clone() } else { format!("{}代表", p.name) }, &office.npc_office)
        }
        (Body::Cppcc, true) => ("提案", p.name.clone(), &office.cppcc_office),
        (Body::Cppcc, false) => ("提案", format!("{}委员", p.name), &office.cppcc_office),
    };
    let led = items.iter().filter(|d| d.proposers.iter().any(|x| x.person.id == p.id && x.position == 0)).count();
    let replied = items
        .iter()
        .filter(|d| d.assignments.iter().any(|a| a.replies.iter().any(|r| r.review != ReviewState::Returned)))
        .count();
    let mut doc = OfficialDoc::new()
        .title(&format!("{}{kind}办理情况告知单", p.name))
        .subtitle(&format!("(截至{})", cn_date(today)))
        .addressee(&honorific)
        .para(&format!(
            "您提出的{kind}共{}件(其中领衔{}件、附议{}件),已收到承办单位答复的{}件。现将各件办理情况告知如下:",
            items.len(),
            led,
            items.len() - led,
            replied
        ));
    let columns = vec![
        Column::new("编号", 800, true),
        Column::new("标题", 2600, false),
        Column::new("承办单位", 1900, false),
        Column::new("办理情况", 3544, false),
    ];
    let rows: Vec<Vec<String>> = items.iter().map(|d| row(store, p, d)).collect();
    doc = doc.table(&columns, &rows, false).para(&format!(
        "如对办理情况有意见或建议,请与承办单位或{}联系。{}",
        office.short_name,
        office.contact_line()
    ));
    doc.signature(from, &cn_date(today))
}

fn row(store: &Store, p: &Proposer, d: &ItemDetail) -> Vec<String> {
    let mut active: Vec<_> = d.assignments.iter().filter(|a| a.assignment.ended_on.is_none()).collect();
    // Lead and split units before co-handling ones.
    active.sort_by_key(|a| !a.assignment.role.replies());
    let units: Vec<String> =
        active.iter().map(|a| format!("{}({})", a.unit_short, a.assignment.role.label(Zh))).collect();
    let mut lines = vec![format!("阶段:{}", d.status.label(Zh))];
    if let Some(due) = d.due_on {
        lines.push(format!("办理期限:{}", due.format("%Y-%m-%d")));
    }
    let classes = &store.data.rules.scheme.classes;
    for a in &active {
        let latest = a.replies.iter().filter(|r| r.review != ReviewState::Returned).max_by_key(|r| (r.round, r.id));
        if let Some(r) = latest {
            let class =
                classes.iter().find(|c| c.code == r.result_class).map(|c| format!("{}类", c.code)).unwrap_or_default();
            lines.push(format!("答复:{} {class}", r.doc_number).trim_end().to_string());
        }
    }
    let f2f: Vec<String> =
        d.face_to_face.iter().map(|f| format!("{}{}", d.unit_short(f.unit_id), f.rank.label(Zh))).collect();
    lines.push(if f2f.is_empty() { "面复:未面复".into() } else { format!("面复:{}", f2f.join("、")) });
    let mine = d
        .feedback
        .iter()
        .filter(|f| f.person_id.is_none_or(|id| id == p.id))
        .max_by_key(|f| (f.round, f.id))
        .map(|f| f.level.label(Zh).to_string())
        .unwrap_or_else(|| "尚未反馈".into());
    lines.push(format!("您的反馈:{mine}"));
    let title = if d.item.key { format!("{}(重点)", d.item.title) } else { d.item.title.clone() };
    vec![format!("{}{}", d.item.kind.tag(Zh), d.item.number), title, units.join("\n"), lines.join("\n")]
}
