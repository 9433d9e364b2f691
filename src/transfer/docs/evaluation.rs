//! The evaluation (办理工作考评) written out: `banli evaluate --format md|xlsx|docx`. The
//! results (total, grade, why), the detail of each component, the office's marks by hand,
//! the excellent-item candidates and the commendation list (优秀提案、优秀建议、先进承办单位).
use super::letters::signed;
use super::Office;
use crate::store::evaluation::Evaluation;
use crate::transfer::official_docx::{Column, OfficialDoc, TEXT_WIDTH};
use crate::transfer::{Result, TransferError};
use std::path::Path;

/// The header of the score table: unit, each component (with its full points), deductions,
/// marks, total, grade. `sep` goes between a component's name and its points.
pub fn header(e: &Evaluation, sep: &str) -> Vec<String> {
    let mut h = vec!["承办单位".to_string()];
    h.extend(e.scheme.components.iter().map(|c| format!("{}{sep}{}分", c.label, points(c.points))));
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
            v.push(signed_points(r.score.marks_total));
            v.push(format!("{:.1}", r.score.total));
            v.push(r.score.grade.clone());
            v
        })
        .collect()
}

/// +2.0 / -1.5, and 0.0 for none.
fn signed_points(x: f64) -> String {
    if x == 0.0 {
        "0.0".into()
    } else {
        format!("{x:+.1}")
    }
}

fn points(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The title.
pub fn title(e: &Evaluation) -> String {
    format!("{}年度建议提案办理工作考评结果", e.year)
}

/// The opening paragraph: how many units, how many of each grade.
pub fn summary(e: &Evaluation) -> String {
    let graded = |g: &str| e.rows.iter().filter(|r| r.score.grade == g).count();
    let counts: Vec<String> = e.scheme.grades.iter().map(|g| format!("“{}”{}个", g.label, graded(&g.label))).collect();
    format!(
        "根据建议提案办理工作考评办法(满分{}分),对承办{}年度建议提案的{}个单位进行了考评。考评结果:{}。",
        points(e.scheme.full_points()),
        e.year,
        e.rows.len(),
        counts.join("、")
    )
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// As Markdown.
pub fn to_markdown(e: &Evaluation) -> String {
    let mut s = format!("# {}\n\n{}\n\n", title(e), summary(e));
    let h = header(e, " ");
    s += &format!("| {} | 说明 |\n|{}---|\n", h.join(" | "), "---|".repeat(h.len()));
    for (row, r) in cells(e).iter().zip(&e.rows) {
        s += &format!("| {} | {} |\n", row.join(" | "), r.why);
    }
    s += "\n## 办公室加减分\n\n";
    if e.marks.is_empty() {
        s += "(无)\n";
    }
    for m in &e.marks {
        s += &format!("- 第{}条 {} {:+.1} 分:{}({} {})\n", m.id, m.unit, m.points, m.reason, m.operator, m.marked_on);
    }
    s += "\n## 优秀提案(建议)候选\n\n";
    if e.candidates.is_empty() {
        s += "(无符合条件的件)\n";
    } else {
        s += "| 编号 | 标题 | 领衔 | 承办单位 | 依据 | 已列入表彰 |\n|---|---|---|---|---|---|\n";
        for c in &e.candidates {
            s += &format!(
                "| {}{} | {} | {} | {} | {} | {} |\n",
                c.kind.tag(crate::text::Lang::Zh),
                c.number,
                c.title,
                or_none(&c.proposer),
                c.units,
                c.because_words(),
                if c.commended { "是" } else { "" }
            );
        }
    }
    s += "\n## 表彰名单\n\n";
    if e.commended.is_empty() {
        s += "(尚未确定)\n";
    }
    for c in &e.commended {
        let note = if c.note.is_empty() { String::new() } else { format!("({})", c.note) };
        s += &format!("- 第{}条 {}:{}{note}\n", c.id, c.honour, c.name);
    }
    s
}

/// As .docx in the official layout: the results with the reason for each grade, the detail
/// of the scores, the marks by hand, the candidates and the commendation list.
pub fn write_docx(e: &Evaluation, office: &Office, seq: Option<u32>, path: &Path) -> Result<()> {
    let mut doc = OfficialDoc::new()
        .title(&title(e))
        .subtitle(&office.number(&office.numbers.evaluation, e.year, seq))
        .para(&summary(e))
        .heading1("考评结果");
    let result_cols = vec![
        Column::new("序号", 640, true),
        Column::new("承办单位", 2000, false),
        Column::new("总分", 900, true),
        Column::new("等次", 900, true),
        Column::new("说明", TEXT_WIDTH - 4440, false),
    ];
    let results: Vec<Vec<String>> = e
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let why = e.scheme.why(&r.score, 3);
            vec![(i + 1).to_string(), r.unit.name.clone(), format!("{:.1}", r.score.total), r.score.grade.clone(), why]
        })
        .collect();
    doc = doc.table(&result_cols, &results, false).heading1("得分明细");
    let h = header(e, "\n");
    let first = 1700;
    let other = (TEXT_WIDTH - first) / (h.len() - 1);
    let cols: Vec<Column> =
        h.iter().enumerate().map(|(i, t)| Column::new(t.clone(), if i == 0 { first } else { other }, i > 0)).collect();
    doc = doc.table(&cols, &cells(e), false);
    doc = doc.note(&format!(
        "注:各项得分为该项比率乘以分值,无可计之件的项目得满分;每次催办扣{}分、每次约谈扣{}分。",
        points(e.scheme.reminder_points),
        points(e.scheme.interview_points)
    ));
    if !e.marks.is_empty() {
        doc = doc.heading1("办公室加减分");
        let cols = vec![
            Column::new("承办单位", 2000, false),
            Column::new("分值", 900, true),
            Column::new("理由", TEXT_WIDTH - 2900, false),
        ];
        let rows: Vec<Vec<String>> =
            e.marks.iter().map(|m| vec![m.unit.clone(), format!("{:+.1}", m.points), m.reason.clone()]).collect();
        doc = doc.table(&cols, &rows, false);
    }
    doc = doc.heading1("优秀提案(建议)候选");
    if e.candidates.is_empty() {
        doc = doc.para("无符合条件的件。");
    } else {
        let cols = vec![
            Column::new("编号", 900, true),
            Column::new("标题", 3300, false),
            Column::new("领衔", 1100, false),
            Column::new("承办单位", 1800, false),
            Column::new("依据", TEXT_WIDTH - 7100, false),
        ];
        let rows: Vec<Vec<String>> = e
            .candidates
            .iter()
            .map(|c| {
                let tag = c.kind.tag(crate::text::Lang::Zh);
                vec![
                    format!("{tag}{}", c.number),
                    c.title.clone(),
                    or_none(&c.proposer),
                    c.units.clone(),
                    c.because_words(),
                ]
            })
            .collect();
        doc = doc.table(&cols, &rows, false);
    }
    doc = doc.heading1("表彰名单");
    if e.commended.is_empty() {
        doc = doc.para("尚未确定。");
    }
    for honour in ["先进承办单位", "优秀提案", "优秀建议"] {
        let names: Vec<String> = e
            .commended
            .iter()
            .filter(|c| c.honour == honour)
            .map(|c| if c.note.is_empty() { c.name.clone() } else { format!("{}({})", c.name, c.note) })
            .collect();
        if !names.is_empty() {
            doc = doc.heading2(&format!("{honour}({}个)", names.len()));
            for n in names {
                doc = doc.para(&n);
            }
        }
    }
    signed(doc, office, &office.signature.evaluation, e.today).write(path)
}

/// A sheet: its name, header and rows.
type Sheet = (&'static str, Vec<String>, Vec<Vec<String>>);

/// As .xlsx: sheets 考评 (scores as numbers), 加减分, 候选, 表彰名单.
pub fn write_xlsx(e: &Evaluation, path: &Path) -> Result<()> {
    let err = |x: rust_xlsxwriter::XlsxError| {
        TransferError::file(format!("无法写入 {}:{x}", path.display()), format!("cannot write {}: {x}", path.display()))
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let scores: Vec<Vec<String>> = cells(e)
        .into_iter()
        .zip(&e.rows)
        .map(|(mut c, r)| {
            c.push(r.why.clone());
            c
        })
        .collect();
    let sheets: [Sheet; 4] = [
        ("考评", header(e, " ").into_iter().chain(["说明".to_string()]).collect(), scores),
        (
            "加减分",
            ["序号", "承办单位", "分值", "理由", "经办人", "时间"].map(String::from).to_vec(),
            e.marks
                .iter()
                .map(|m| {
                    let p = format!("{:.1}", m.points);
                    vec![m.id.to_string(), m.unit.clone(), p, m.reason.clone(), m.operator.clone(), m.marked_on.clone()]
                })
                .collect(),
        ),
        (
            "候选",
            ["编号", "标题", "领衔", "承办单位", "依据", "已列入表彰"].map(String::from).to_vec(),
            e.candidates
                .iter()
                .map(|c| {
                    let number = format!("{}{}", c.kind.tag(crate::text::Lang::Zh), c.number);
                    let on = if c.commended { "是" } else { "" }.to_string();
                    vec![number, c.title.clone(), c.proposer.clone(), c.units.clone(), c.because_words(), on]
                })
                .collect(),
        ),
        (
            "表彰名单",
            ["序号", "荣誉", "名称", "备注"].map(String::from).to_vec(),
            e.commended
                .iter()
                .map(|c| vec![c.id.to_string(), c.honour.to_string(), c.name.clone(), c.note.clone()])
                .collect(),
        ),
    ];
    for (name, head, rows) in sheets {
        let ws = wb.add_worksheet().set_name(name).map_err(err)?;
        for (j, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold).map_err(err)?;
            ws.set_column_width(j as u16, if j == 0 || h.chars().count() > 4 { 16 } else { 10 }).map_err(err)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                // Scores are numbers (sortable in Excel); names, grades and reasons text.
                let numeric = (name == "考评" && j > 0 && j + 2 < row.len()) || (name == "加减分" && j == 2);
                match c.trim_start_matches('+').parse::<f64>().ok().filter(|_| numeric) {
                    Some(n) => ws.write_number(i as u32 + 1, j as u16, n).map_err(err)?,
                    None => ws.write_string(i as u32 + 1, j as u16, c).map_err(err)?,
                };
            }
        }
    }
    wb.save(path).map_err(err)
}
