//! The work report's figures section (办理情况报告), in the seeds' shape: "共交办提案226件，
//! 涉及承办单位44个……占71.7%", then a per-unit table. Written as Markdown or as .docx
//! with an official-document font (仿宋_GB2312, falling back to 宋体) on every run.
//! Every number comes from [`crate::domain::figures`]; shares of the result classes sum
//! to 100.0% by the largest-remainder method described there.
use super::Result;
use crate::domain::figures::{fmt_tenths, Figures, UnitFigures};
use crate::domain::Filing;
use crate::domain::{Kind, Meeting};
use crate::store::stats::UnitRow;
use crate::store::Store;
use crate::text::Lang;
use super::official_docx::{fill_widths, Column, OfficialDoc};
use std::path::Path;

/// The report, ready to be written in either format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    /// The figures paragraphs.
    pub paragraphs: Vec<String>,
    pub table_title: String,
    pub header: Vec<String>,
    /// Per-unit rows, then a total row.
    pub rows: Vec<Vec<String>>,
}

/// ASCII punctuation to the full-width forms Chinese official text uses.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '\u{FF0C}',
            ';' => '\u{FF1B}',
            ':' => '\u{FF1A}',
            '(' => '\u{FF08}',
            ')' => '\u{FF09}',
            c => c,
        })
        .collect()
}

/// The figures paragraph(s) for `f`: `what` names the items (提案, 建议, 建议和提案).
pub fn figures_paragraphs(f: &Figures, what: &str, labels: &[(String, String)], lang: Lang) -> Vec<String> {
    let label = |code: &str| -> String {
        if code.is_empty() {
            return if lang == Lang::Zh {
                "尚未答复或未标注类别".into()
            } else {
                "not replied or no class yet".into()
            };
        }
        labels.iter().find(|(c, _)| c == code).map(|(_, l)| l.clone()).unwrap_or_else(|| code.to_string())
    };
    match lang {
        Lang::Zh => {
            // Classes with no item are left out, as the seeds do; the shares still sum to 100.0%.
            let classes: Vec<String> = f
                .classes
                .iter()
                .filter(|c| c.count > 0)
                .map(|c| format!("{}的{}件,占{}", label(&c.code), c.count, fmt_tenths(c.tenths)))
                .collect();
            let first = format!(
                "共交办{what}{}件,涉及承办单位{}个。其中会议期间提出{}件,闭会期间提出{}件;由一个单位主办的{}件,分办的{}件,有会办单位的{}件(主办{}个次、分办{}个次、会办{}个次)。据统计,{}。",
                f.items, f.units, f.during, f.between, f.lead_items, f.split_items, f.co_handled_items,
                f.lead, f.split, f.co_handling, classes.join(";")
            );
            let second = format!(
                "已答复{}件,答复率{};按时答复{}件,按时答复率{};逾期答复{}件,超期未答复{}件。面复{}件,面复率{}。收到反馈意见{}件,其中满意{}件、基本满意{}件、不满意{}件,满意率{}(初次满意率{})。二次办理{}件,其中{}件转为满意或基本满意。",
                f.replied, f.reply_rate().percent(), f.on_time, f.on_time_rate().percent(), f.late, f.overdue,
                f.face_to_face, f.face_to_face_rate().percent(), f.with_feedback, f.satisfied, f.basic,
                f.unsatisfied, f.satisfaction_rate().percent(), f.first_satisfaction_rate().percent(),
                f.second_rounds, f.turned_satisfied
            );
            vec![full_width(&first), full_width(&second)]
        }
        Lang::En => {
            let classes: Vec<String> = f
                .classes
                .iter()
                .filter(|c| c.count > 0)
                .map(|c| format!("{} {} ({})", label(&c.code), c.count, fmt_tenths(c.tenths)))
                .collect();
            vec![
                format!(
                    "{} {what} were assigned to {} units: {} during the session and {} between sessions; {} with a lead unit, {} split, {} with co-handling units ({} lead, {} split and {} co-handling assignments). Results: {}.",
                    f.items, f.units, f.during, f.between, f.lead_items, f.split_items, f.co_handled_items,
                    f.lead, f.split, f.co_handling, classes.join("; ")
                ),
                format!(
                    "{} replied (reply rate {}); {} on time ({}); {} replied late, {} overdue unanswered. {} face-to-face replies ({}). Feedback on {}: {} satisfied, {} basically satisfied, {} unsatisfied; satisfaction {} (first round {}). {} second rounds, {} of them turned satisfied.",
                    f.replied, f.reply_rate().percent(), f.on_time, f.on_time_rate().percent(), f.late, f.overdue,
                    f.face_to_face, f.face_to_face_rate().percent(), f.with_feedback, f.satisfied, f.basic,
                    f.unsatisfied, f.satisfaction_rate().percent(), f.first_satisfaction_rate().percent(),
                    f.second_rounds, f.turned_satisfied
                ),
            ]
        }
    }
}

/// The per-unit table's header.
pub fn unit_header(codes: &[String], lang: Lang) -> Vec<String> {
    let base: &[&str] = match lang {
        Lang::Zh => {
            &["承办单位", "主办", "分办", "会办", "已答复", "按时", "逾期答复", "超期未复", "面复", "面复率", "满意率"]
        }
        Lang::En => &[
            "Unit",
            "Lead",
            "Split",
            "Co-handling",
            "Replied",
            "On time",
            "Late",
            "Overdue",
            "Face to face",
            "F2F rate",
            "Satisfaction",
        ],
    };
    base.iter().map(|s| s.to_string()).chain(codes.iter().map(|c| c.to_string())).collect()
}

/// One row of the per-unit table.
pub fn unit_cells(name: &str, f: &UnitFigures) -> Vec<String> {
    let mut v = vec![
        name.to_string(),
        f.lead.to_string(),
        f.split.to_string(),
        f.co_handling.to_string(),
        f.replied.to_string(),
        f.on_time.to_string(),
        f.late.to_string(),
        f.overdue.to_string(),
        f.face_to_face.to_string(),
        f.face_to_face_rate().percent(),
        f.satisfaction_rate().percent(),
    ];
    v.extend(f.classes.iter().map(u32::to_string));
    v
}

/// The per-unit rows and their total.
pub fn unit_rows(units: &[UnitRow], ncodes: usize, lang: Lang) -> Vec<Vec<String>> {
    let mut total = UnitFigures { classes: vec![0; ncodes], ..UnitFigures::default() };
    let mut rows = Vec::new();
    for u in units {
        let f = &u.figures;
        rows.push(unit_cells(&u.unit.name, f));
        total.lead += f.lead;
        total.split += f.split;
        total.co_handling += f.co_handling;
        total.replied += f.replied;
        total.on_time += f.on_time;
        total.late += f.late;
        total.overdue += f.overdue;
        total.face_to_face += f.face_to_face;
        total.with_feedback += f.with_feedback;
        total.satisfied += f.satisfied;
        for (t, c) in total.classes.iter_mut().zip(&f.classes) {
            *t += c;
        }
    }
    rows.push(unit_cells(if lang == Lang::Zh { "合计" } else { "Total" }, &total));
    rows
}

/// Builds the report of one meeting, or of every meeting together.
pub fn build(store: &Store, meeting: Option<&Meeting>, lang: Lang) -> Result<Report> {
    let id = meeting.map(|m| m.id);
    let facts = store.item_facts(id)?;
    let codes = store.class_codes();
    let f = Figures::compute(&facts, &codes, store.today());
    let kinds: std::collections::BTreeSet<Kind> = facts.iter().map(|i| i.kind).collect();
    let what = match (kinds.len(), kinds.iter().next(), lang) {
        (1, Some(k), _) => k.label(lang).to_string(),
        (_, _, Lang::Zh) => "建议和提案".into(),
        (_, _, Lang::En) => "items".into(),
    };
    let what = if lang == Lang::En { format!("{}s", what.to_lowercase()).replace("itemss", "items") } else { what };
    let labels: Vec<(String, String)> = store
        .data
        .rules
        .scheme
        .classes
        .iter()
        .map(|c| (c.code.clone(), if lang == Lang::Zh { c.zh.clone() } else { c.en.clone() }))
        .collect();
    let title = match (meeting, lang) {
        (Some(m), Lang::Zh) => format!("关于{}{}办理情况的报告(数据部分)", m.name, what),
        (None, Lang::Zh) => format!("{what}办理情况(数据部分)"),
        (Some(m), Lang::En) => format!("Handling of the {what} of {}: figures", m.name),
        (None, Lang::En) => format!("Handling of {what}: figures"),
    };
    let units = store.unit_figures(id)?;
    let mut paragraphs = figures_paragraphs(&f, &what, &labels, lang);
    paragraphs.extend(filing_paragraph(&store.filing_counts(id)?, &what, lang));
    Ok(Report {
        title: if lang == Lang::Zh { full_width(&title) } else { title },
        paragraphs,
        table_title: if lang == Lang::Zh { "各承办单位办理情况".into() } else { "Figures per unit".into() },
        header: compact(&unit_header(&codes, lang), lang),
        rows: unit_rows(&units, codes.len(), lang).iter().map(|r| compact(r, lang)).collect(),
    })
}

/// The filing review's figures (收到、立案、并案、转为意见…), when the office decided any item
/// other than by filing it: a ledger of filed items only needs no such paragraph.
pub fn filing_paragraph(counts: &[(Filing, u32)], what: &str, lang: Lang) -> Option<String> {
    let n = |f: Filing| counts.iter().find(|c| c.0 == f).map_or(0, |c| c.1);
    let total: u32 = counts.iter().map(|c| c.1).sum();
    if total == n(Filing::Filed) {
        return None;
    }
    let parts: Vec<String> =
        [Filing::Filed, Filing::Merged, Filing::Opinion, Filing::NotFiled, Filing::Withdrawn, Filing::Received]
            .iter()
            .filter(|f| n(**f) > 0 || **f == Filing::Filed)
            .map(|f| match lang {
                Lang::Zh => format!("{}{}件", f.label(lang), n(*f)),
                Lang::En => format!("{} {}", n(*f), f.label(lang).to_lowercase()),
            })
            .collect();
    Some(match lang {
        Lang::Zh => full_width(&format!("共收到{what}{total}件,经审查,{}。", parts.join(","))),
        Lang::En => format!("{total} {what} received; after review: {}.", parts.join(", ")),
    })
}

/// The report's narrower table (it must fit a portrait A4 page): on-time is left out
/// (replied − late) and late and overdue become one 逾期 column. The full table is in the
/// statistics export.
fn compact(row: &[String], lang: Lang) -> Vec<String> {
    let n = |i: usize| row.get(i).and_then(|c| c.parse::<u32>().ok());
    let overdue = match (n(6), n(7)) {
        (Some(a), Some(b)) => (a + b).to_string(),
        _ => if lang == Lang::Zh { "逾期" } else { "Late/overdue" }.to_string(),
    };
    let mut v: Vec<String> = row.iter().take(5).cloned().collect();
    v.push(overdue);
    v.extend(row.iter().skip(9).cloned());
    v
}

/// The report as Markdown.
pub fn to_markdown(r: &Report) -> String {
    let mut s = format!("# {}\n\n", r.title);
    for p in &r.paragraphs {
        s.push_str(p);
        s.push_str("\n\n");
    }
    s.push_str(&format!("## {}\n\n", r.table_title));
    let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    s.push_str(&line(&r.header));
    s.push_str(&format!(
        "|{}\n",
        r.header.iter().enumerate().map(|(i, _)| if i == 0 { "---|" } else { "---:|" }).collect::<String>()
    ));
    for row in &r.rows {
        s.push_str(&line(row));
    }
    s
}

/// Writes the report as .docx in the official layout of [`super::official_docx`]
/// (GB/T 9704): 方正小标宋 title, 仿宋_GB2312 三号 body at 28-point lines, the table in 小四
/// with its header repeated on every page, page numbers "— 1 —".
pub fn write_docx(r: &Report, path: &Path) -> Result<()> {
    let mut doc = OfficialDoc::new().title(&r.title);
    for p in &r.paragraphs {
        doc = doc.para(p);
    }
    // The unit's name gets the room it needs; the figures share the rest.
    let widths = fill_widths(2000, r.header.len());
    let columns: Vec<Column> =
        r.header.iter().zip(&widths).enumerate().map(|(i, (h, w))| Column::new(h.clone(), *w, i > 0)).collect();
    doc.caption(&r.table_title).table(&columns, &r.rows, true).write(path)
}
