//! The work report's figures section (办理情况报告), in the seeds' shape: "共交办提案226件，
//! 涉及承办单位44个……占71.7%", then a per-unit table. Written as Markdown or as .docx
//! with an official-document font (仿宋_GB2312, falling back to 宋体) on every run.
//! Every number comes from the one set of figures ([`crate::store::stats::FigureBook`]);
//! shares of the result classes sum to 100.0% by the largest-remainder method of
//! [`crate::domain::rate`]. The table's 合计 row shows the paragraph's rates.
use super::figure_tables::{unit_table, unit_table_note, Cell, Width};
use super::official_docx::{fill_widths, full_width, Column, OfficialDoc};
use super::Result;
use crate::domain::figures::{fmt_tenths, Figures};
use crate::domain::Filing;
use crate::domain::Meeting;
use crate::store::stats::FigureBook;
use crate::store::Store;
use crate::text::Lang;
use std::path::Path;

/// The report, ready to be written in either format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    /// The figures paragraphs.
    pub paragraphs: Vec<String>,
    pub table_title: String,
    pub header: Vec<String>,
    /// Per-unit rows, then the 合计 row.
    pub rows: Vec<Vec<String>>,
    /// Under the table: what 个次 and 合计 mean.
    pub table_note: String,
    /// The audit chain's head when the report was made (`审计链头 N:HASH`), at its foot.
    pub foot: String,
}

/// The label of a result class, or of "no class yet".
fn class_label(code: &str, labels: &[(String, String)], lang: Lang) -> String {
    if code.is_empty() {
        return if lang == Lang::Zh {
            "尚未答复或未标注类别".into()
        } else {
            "not replied or no class yet".into()
        };
    }
    labels.iter().find(|(c, _)| c == code).map(|(_, l)| l.clone()).unwrap_or_else(|| code.to_string())
}

/// The figures paragraph(s) for `f`: `what` names the items (提案, 建议, 建议和提案).
/// Every rate is the one of [`Figures`] (its definitions are there and in the README).
pub fn figures_paragraphs(f: &Figures, what: &str, labels: &[(String, String)], lang: Lang) -> Vec<String> {
    // Classes with no item are left out, as the seeds do; the shares still sum to 100.0%.
    let classes = f.classes.iter().filter(|c| c.count > 0);
    match lang {
        Lang::Zh => {
            let classes: Vec<String> = classes
                .map(|c| format!("{}的{}件,占{}", class_label(&c.code, labels, lang), c.count, fmt_tenths(c.tenths)))
                .collect();
            let first = format!(
                "共交办{what}{}件,涉及承办单位{}个。其中会议期间提出{}件,闭会期间提出{}件;由一个单位主办的{}件,分办的{}件,有会办单位的{}件(主办{}个次、分办{}个次、会办{}个次)。据统计,{}。",
                f.items, f.units, f.during, f.between, f.lead_items, f.split_items, f.co_handled_items,
                f.lead, f.split, f.co_handling, classes.join(";")
            );
            let second = format!(
                "已答复{}件,答复率{};已答复或已逾期的{}件中,按时答复{}件,按时答复率{};超期答复{}件,逾期未答复{}件。面复{}件,面复率{};其中承办单位主要负责人面复{}件,占{}。收到反馈意见{}件,其中满意{}件、基本满意{}件、不满意{}件,满意率{}(初次满意率{})。二次办理{}件,其中{}件转为满意或基本满意。",
                f.replied, f.reply_rate().percent(), f.due, f.on_time, f.on_time_rate().percent(), f.late, f.overdue,
                f.face_to_face, f.face_to_face_rate().percent(), f.head_face_to_face, f.head_face_to_face_rate().percent(),
                f.with_feedback, f.satisfied, f.basic, f.unsatisfied, f.satisfaction_rate().percent(),
                f.first_satisfaction_rate().percent(), f.second_rounds, f.turned_satisfied
            );
            let mut third = String::new();
            if f.reminders + f.interviews > 0 {
                third += &format!("督办中催办{}次,约谈承办单位{}次。", f.reminders, f.interviews);
            }
            for (name, s) in [("重点", &f.key), ("领导包案", &f.leader)].into_iter().filter(|(_, s)| s.items > 0)
            {
                third += &format!(
                    "{name}{what}{}件,已答复{}件,收到反馈{}件,其中满意或基本满意{}件,满意率{}。",
                    s.items,
                    s.replied,
                    s.with_feedback,
                    s.satisfied,
                    s.satisfaction_rate().percent()
                );
            }
            [first, second, third].iter().filter(|p| !p.is_empty()).map(|p| full_width(p)).collect()
        }
        Lang::En => {
            let classes: Vec<String> = classes
                .map(|c| format!("{} {} ({})", class_label(&c.code, labels, lang), c.count, fmt_tenths(c.tenths)))
                .collect();
            let mut third = String::new();
            if f.reminders + f.interviews > 0 {
                third += &format!("{} reminders and {} interviews were logged.", f.reminders, f.interviews);
            }
            for (name, s) in
                [("Key items", &f.key), ("Leader cases", &f.leader)].into_iter().filter(|(_, s)| s.items > 0)
            {
                third += &format!(
                    " {name}: {}, {} replied, {} with feedback, {} satisfied ({}).",
                    s.items,
                    s.replied,
                    s.with_feedback,
                    s.satisfied,
                    s.satisfaction_rate().percent()
                );
            }
            let paragraphs = vec![
                format!(
                    "{} {what} were assigned to {} units: {} during the session and {} between sessions; {} with a lead unit, {} split, {} with co-handling units ({} lead, {} split and {} co-handling assignments). Results: {}.",
                    f.items, f.units, f.during, f.between, f.lead_items, f.split_items, f.co_handled_items,
                    f.lead, f.split, f.co_handling, classes.join("; ")
                ),
                format!(
                    "{} replied (reply rate {}); of {} replied or overdue, {} on time ({}); {} replied late, {} overdue unanswered. {} face-to-face replies ({}), {} of them by the unit's head ({}). Feedback on {}: {} satisfied, {} basically satisfied, {} unsatisfied; satisfaction {} (first round {}). {} second rounds, {} of them turned satisfied.",
                    f.replied, f.reply_rate().percent(), f.due, f.on_time, f.on_time_rate().percent(), f.late, f.overdue,
                    f.face_to_face, f.face_to_face_rate().percent(), f.head_face_to_face, f.head_face_to_face_rate().percent(),
                    f.with_feedback, f.satisfied, f.basic, f.unsatisfied, f.satisfaction_rate().percent(),
                    f.first_satisfaction_rate().percent(), f.second_rounds, f.turned_satisfied
                ),
                third.trim_start().to_string(),
            ];
            paragraphs.into_iter().filter(|p| !p.is_empty()).collect()
        }
    }
}

/// For a combined office (suggestions and proposals in one scope): a paragraph giving each
/// kind's main figures. `None` when the scope has one kind only.
pub fn kinds_paragraph(book: &FigureBook, lang: Lang) -> Option<String> {
    if book.set.kinds.len() < 2 {
        return None;
    }
    let parts: Vec<String> = book
        .set
        .kinds
        .iter()
        .map(|(k, f)| match lang {
            Lang::Zh => format!(
                "{}{}件,答复率{},按时答复率{},面复率{},满意率{}",
                k.label(lang),
                f.items,
                f.reply_rate().percent(),
                f.on_time_rate().percent(),
                f.face_to_face_rate().percent(),
                f.satisfaction_rate().percent()
            ),
            Lang::En => format!(
                "{} {}: reply rate {}, on time {}, face to face {}, satisfaction {}",
                k.label(lang),
                f.items,
                f.reply_rate().percent(),
                f.on_time_rate().percent(),
                f.face_to_face_rate().percent(),
                f.satisfaction_rate().percent()
            ),
        })
        .collect();
    Some(match lang {
        Lang::Zh => full_width(&format!("分类别看,{}。", parts.join(";"))),
        Lang::En => format!("By kind: {}.", parts.join("; ")),
    })
}

/// Builds the report of one meeting, or of every meeting together.
pub fn build(store: &Store, meeting: Option<&Meeting>, lang: Lang) -> Result<Report> {
    let book = store.figure_book(meeting.map(|m| m.id))?;
    let codes = store.class_codes();
    let what = match (book.set.kinds.as_slice(), lang) {
        ([(k, _)], Lang::Zh) => k.label(lang).to_string(),
        ([(k, _)], Lang::En) => format!("{}s", k.label(lang).to_lowercase()),
        (_, Lang::Zh) => "建议和提案".into(),
        (_, Lang::En) => "items".into(),
    };
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
    let mut paragraphs = figures_paragraphs(book.all(), &what, &labels, lang);
    paragraphs.extend(kinds_paragraph(&book, lang));
    paragraphs.extend(filing_paragraph(&store.filing_counts(meeting.map(|m| m.id))?, &what, lang));
    let (header, rows) = unit_table(&book, &codes, Width::Report, lang);
    let zh = |s: &str| if lang == Lang::Zh { full_width(s) } else { s.to_string() };
    Ok(Report {
        title: if lang == Lang::Zh { full_width(&title) } else { title },
        paragraphs,
        table_title: if lang == Lang::Zh { "各承办单位办理情况".into() } else { "Figures per unit".into() },
        header: header.iter().map(|h| zh(h)).collect(),
        rows: rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect(),
        table_note: zh(&unit_table_note(lang)),
        foot: crate::store::audit::ChainHead::foot(store.chain_head()?.as_ref(), lang),
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

/// The report as Markdown.
pub fn to_markdown(r: &Report) -> String {
    let mut s = to_markdown_body(r);
    s.push_str(&format!("\n{}\n", r.foot));
    s
}

fn to_markdown_body(r: &Report) -> String {
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
    s.push_str(&format!("\n{}\n", r.table_note));
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
    doc.caption(&r.table_title).table(&columns, &r.rows, true).note(&r.table_note).note(&r.foot).write(path)
}
