//! The dry-run report as the clerk reads it: what the file holds, what would change, and
//! every problem with its row, column and value.
use super::import::{ImportPlan, Severity};
use crate::text::Lang;
use std::fmt::Write;

/// Renders the plan in `lang`.
pub fn render(p: &ImportPlan, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let cols: Vec<String> = p.mapped.iter().map(|(c, f)| format!("{c}→{}", f.header())).collect();
    if p.header_row == 0 {
        // No header row was found: the problems say so, and nothing else is known.
    } else if zh {
        let _ = writeln!(s, "工作表“{}”,表头在第 {} 行", p.sheet, p.header_row);
        if let Some(e) = p.encoding {
            let _ = writeln!(s, "编码:{e}");
        }
        if let Some((m, from)) = &p.meeting_from {
            let _ = writeln!(s, "届次:{m}({})", from.label(lang));
        }
        let _ = writeln!(s, "读取的列:{}", cols.join(", "));
        if !p.ignored.is_empty() {
            let v: Vec<String> = p.ignored.iter().map(|c| format!("{}({})", c.column, c.zh)).collect();
            let _ = writeln!(s, "未读取的列:{}", v.join(", "));
        }
        let _ = writeln!(
            s,
            "新增 {} 件;已导入且相同 {} 件(跳过);已存在但内容有变 {} 件(未更新,请在 banli 中修改)",
            p.items.len(),
            p.unchanged.len(),
            p.differing.len()
        );
        for m in &p.new_meetings {
            let _ = writeln!(
                s,
                "新建会议:{}({},{},{}届{}次,{}年)",
                m.name,
                m.body.label(lang),
                m.level,
                m.term,
                m.session,
                m.year
            );
        }
        if !p.new_units.is_empty() {
            let _ = writeln!(s, "新建单位 {} 个:{}", p.new_units.len(), p.new_units.join("、"));
        }
        if !p.new_people.is_empty() {
            let _ = writeln!(s, "新建提出人 {} 人", p.new_people.len());
        }
    } else {
        let _ = writeln!(s, "sheet '{}', header on row {}", p.sheet, p.header_row);
        if let Some(e) = p.encoding {
            let _ = writeln!(s, "encoding: {e}");
        }
        if let Some((m, from)) = &p.meeting_from {
            let _ = writeln!(s, "meeting: {m} ({})", from.label(lang));
        }
        let _ = writeln!(s, "columns read: {}", cols.join(", "));
        if !p.ignored.is_empty() {
            let v: Vec<String> = p.ignored.iter().map(|c| format!("{} ({})", c.column, c.en)).collect();
            let _ = writeln!(s, "columns not read: {}", v.join(", "));
        }
        let _ = writeln!(
            s,
            "{} new items; {} already imported and identical (skipped); {} exist with changed cells (not updated: edit them in banli)",
            p.items.len(),
            p.unchanged.len(),
            p.differing.len()
        );
        for m in &p.new_meetings {
            let _ = writeln!(
                s,
                "new meeting: {} ({}, level {}, term {}, session {}, year {})",
                m.name,
                m.body.label(lang),
                m.level,
                m.term,
                m.session,
                m.year
            );
        }
        if !p.new_units.is_empty() {
            let _ = writeln!(s, "{} new units: {}", p.new_units.len(), p.new_units.join(", "));
        }
        if !p.new_people.is_empty() {
            let _ = writeln!(s, "{} new proposers", p.new_people.len());
        }
    }
    if !p.differing.is_empty() {
        let rows: Vec<String> = p.differing.iter().take(20).map(usize::to_string).collect();
        let more = if p.differing.len() > 20 { "…" } else { "" };
        let _ = writeln!(s, "{}{}{more}", if zh { "内容有变的行:" } else { "changed rows: " }, rows.join(", "));
    }
    let errors = p.error_count();
    let notes = p.problems.iter().filter(|x| x.severity == Severity::Note).count();
    if errors + notes + p.more_problems > 0 {
        let _ = if zh {
            writeln!(s, "问题:错误 {errors} 条,提示 {notes} 条")
        } else {
            writeln!(s, "problems: {errors} errors, {notes} notes")
        };
        for x in &p.problems {
            let _ = writeln!(s, "  {}", x.render(lang));
        }
        if p.more_problems > 0 {
            let _ = if zh {
                writeln!(s, "  ……另有 {} 条未列出", p.more_problems)
            } else {
                writeln!(s, "  … and {} more not listed", p.more_problems)
            };
        }
    }
    let _ = if p.has_errors() {
        writeln!(
            s,
            "{}",
            if zh {
                "有错误,不能导入;数据库未作任何修改。"
            } else {
                "There are errors: nothing can be imported; the database was not changed."
            }
        )
    } else {
        writeln!(s, "{}", if zh { "可以导入。" } else { "Ready to import." })
    };
    s
}
