//! The evaluation (办理工作考评) written out: `banli evaluate --format md|xlsx|docx`. The
//! table of each unit's components, deductions, marks, total, grade and why; the
//! excellent-item candidates; the office's commendation list.
use super::letters::signed;
use super::Office;
use crate::store::evaluation::Evaluation;
use crate::transfer::official_docx::{Column, OfficialDoc, TEXT_WIDTH};
use crate::transfer::{Result, TransferError};
use std::path::Path;

/// The header of the score table: unit, each component, deductions, marks, total, grade.
pub fn header(e: &Evaluation) -> Vec<String> {
    let mut h = vec!["承办单位".to_string()];
    h.extend(e.scheme.components.iter().map(|c| format!("{}({})", c.label, c.points)));
    h.extend(["催办约谈扣分", "加减分", "总分", "等次"].map(String::from));
    h
}

/// One unit's cells in [`header`]'s order.
pub fn cells(e: &Evaluation) -> Vec<Vec<String>> {
    e.rows
        .iter()
        .map(|r| {
            let mut v = vec![r.unit.name.clone()];
            v.extend(r.score.components.iter().map(|c| format!("{:.1}", c.points)));
            v.push(format!("{:.1}", r.score.deductions));
            v.push(format!("{:+.1}", r.score.marks));
            v.push(format!("{:.1}", r.score.total));
            v.push(r.score.grade.clone());
            v
        })
        .collect()
}

fn title(e: &Evaluation) -> String {
    format!("{}年度建议提案承办单位办理工作考评结果", e.year)
}

/// As Markdown.
pub fn to_markdown(e: &Evaluation) -> String {
    let mut s = format!("# {}\n\n", title(e));
    let h = header(e);
    s += &format!("| {} | 说明 |\n|{}---|\n", h.join(" | "), "---|".repeat(h.len()));
    for (row, r) in cells(e).iter().zip(&e.rows) {
        s += &format!("| {} | {} |\n", row.join(" | "), r.why);
    }
    s += "\n## 优秀提案(建议)候选\n\n";
    if e.candidates.is_empty() {
        s += "(无符合条件的件)\n";
    } else {
        s += "| 编号 | 标题 | 领衔 | 承办单位 | 类别 | 依据 |\n|---|---|---|---|---|---|\n";
        for c in &e.candidates {
            s += &format!("| {} | {} | {} | {} | {} | {} |\n", c.label, c.title, c.proposer, c.units, c.class, c.because);
        }
    }
    s += "\n## 表彰名单\n\n";
    if e.commended.is_empty() {
        s += "(尚未确定)\n";
    }
    for c in &e.commended {
        s += &format!("- {}:{}{}\n", c.honour, c.name, if c.note.is_empty() { String::new() } else { format!("({})", c.note) });
    }
    s
}

/// As .docx in the official layout: the results, the detail of the scores, the candidates
/// and the commendation list.
pub fn write_docx(e: &Evaluation, office: &Office, seq: Option<u32>, path: &Path) -> Result<()> {
    let graded = |g: &str| e.rows.iter().filter(|r| r.score.grade == g).count();
    let counts: Vec<String> = e.scheme.grades.iter().map(|g| format!("{}{}个", g.label, graded(&g.label))).collect();
    let mut doc = OfficialDoc::new()
        .title(&title(e))
        .subtitle(&office.number(&office.numbers.evaluation, e.year, seq))
        .para(&format!(
            "根据建议提案办理工作考评办法,对承办{}年度建议提案的{}个单位进行了考评。考评结果:{}。",
            e.year,
            e.rows.len(),
            counts.join("、")
        ))
        .heading1("考评结果");
    let result_cols = vec![
        Column::new("序号", 640, true),
        Column::new("承办单位", 2400, false),
        Column::new("总分", 900, true),
        Column::new("等次", 900, true),
        Column::new("说明", TEXT_WIDTH - 4840, false),
    ];
    let results: Vec<Vec<String>> = e
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| vec![(i + 1).to_string(), r.unit.name.clone(), format!("{:.1}", r.score.total), r.score.grade.clone(), r.why.clone()])
        .collect();
    doc = doc.table(&result_cols, &results, false).heading1("得分明细");
    let h = header(e);
    let first = 1700;
    let other = (TEXT_WIDTH - first) / (h.len() - 1);
    let cols: Vec<Column> = h.iter().enumerate().map(|(i, t)| Column::new(t.clone(), if i == 0 { first } else { other }, i > 0)).collect();
    doc = doc.table(&cols, &cells(e), false).heading1("优秀提案(建议)候选");
    if e.candidates.is_empty() {
        doc = doc.para("无符合条件的件。");
    } else {
        let cols = vec![
            Column::new("编号", 900, true),
            Column::new("标题", 3200, false),
            Column::new("领衔", 1200, false),
            Column::new("承办单位", 1800, false),
            Column::new("依据", TEXT_WIDTH - 7100, false),
        ];
        let rows: Vec<Vec<String>> = e
            .candidates
            .iter()
            .map(|c| vec![c.label.clone(), c.title.clone(), c.proposer.clone(), c.units.clone(), format!("{}类;{}", c.class, c.because)])
            .collect();
        doc = doc.table(&cols, &rows, false);
    }
    doc = doc.heading1("表彰名单");
    if e.commended.is_empty() {
        doc = doc.para("尚未确定。");
    }
    for c in &e.commended {
        doc = doc.para(&format!("{}:{}{}", c.honour, c.name, if c.note.is_empty() { String::new() } else { format!("({})", c.note) }));
    }
    let today = chrono::Local::now().date_naive();
    signed(doc, office, &office.signature.evaluation, today).write(path)
}

/// As .xlsx: sheets 考评, 候选, 表彰名单.
pub fn write_xlsx(e: &Evaluation, path: &Path) -> Result<()> {
    let err = |x: rust_xlsxwriter::XlsxError| {
        TransferError::file(format!("无法写入 {}:{x}", path.display()), format!("cannot write {}: {x}", path.display()))
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheets: [(&str, Vec<String>, Vec<Vec<String>>); 3] = [
        ("考评", header(e).into_iter().chain(["说明".to_string()]).collect(), {
            cells(e).into_iter().zip(&e.rows).map(|(mut c, r)| {
                c.push(r.why.clone());
                c
            }).collect()
        }),
        (
            "候选",
            ["编号", "标题", "领衔", "承办单位", "类别", "依据"].map(String::from).to_vec(),
            e.candidates.iter().map(|c| vec![c.label.clone(), c.title.clone(), c.proposer.clone(), c.units.clone(), c.class.clone(), c.because.clone()]).collect(),
        ),
        (
            "表彰名单",
            ["荣誉", "名称", "备注"].map(String::from).to_vec(),
            e.commended.iter().map(|c| vec![c.honour.clone(), c.name.clone(), c.note.clone()]).collect(),
        ),
    ];
    for (name, head, rows) in sheets {
        let ws = wb.add_worksheet().set_name(name).map_err(err)?;
        for (j, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold).map_err(err)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                // The scores are numbers (sortable in Excel); names, grades and reasons text.
                let num = if name == "考评" && j > 0 { c.trim_start_matches('+').parse::<f64>().ok() } else { None };
                match num {
                    Some(n) => ws.write_number(i as u32 + 1, j as u16, n).map_err(err)?,
                    None => ws.write_string(i as u32 + 1, j as u16, c).map_err(err)?,
                };
            }
        }
    }
    wb.save(path).map_err(err)
}
