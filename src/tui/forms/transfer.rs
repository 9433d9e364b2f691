//! The forms that move files: import (with the dry run shown before anything is written),
//! export of the ledger, statistics or public replies, and the work report.
use super::draw::tr;
use super::field::{Field, Opt};
use super::{Form, Purpose};
use crate::domain::Meeting;
use crate::text::Lang;

/// What the clerk typed in the import form last time (kept for the next one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportChoice {
    pub path: String,
    /// A meeting name, or empty: the file's 届次 column.
    pub meeting: String,
    pub create_units: bool,
    /// "写法=单位" pairs, separated by ; or ；.
    pub map: String,
}

impl ImportChoice {
    /// The confirmed unit names as (written, unit) pairs.
    pub fn aliases(&self) -> Vec<(String, String)> {
        self.map
            .split([';', '；'])
            .filter_map(|p| p.split_once(['=', '＝']))
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            .collect()
    }
}

/// What the import form holds.
pub fn choice_of(form: &Form) -> ImportChoice {
    ImportChoice {
        path: form.text("path"),
        meeting: form.text("meeting"),
        create_units: form.ticked("create_units"),
        map: form.text("map"),
    }
}

fn meeting_opts(meetings: &[Meeting], none: String) -> Vec<Opt> {
    let mut v = vec![Opt::new("", none)];
    v.extend(meetings.iter().map(|m| Opt::new(m.id.to_string(), m.name.clone())));
    v
}

/// The import form: the file, the meeting, and how to treat unknown units.
pub fn import_form(last: &ImportChoice, lang: Lang) -> Form {
    Form::new(
        Purpose::Import,
        tr(lang, "导入 Excel / CSV(先预检,不写入)", "Import Excel / CSV (checked first, nothing written)"),
        vec![
            Field::text("path", &tr(lang, "文件", "File"), &last.path).hint(".xlsx .xls .csv"),
            Field::text("meeting", &tr(lang, "会议名称", "Meeting"), &last.meeting).hint(tr(
                lang,
                "留空:按文件中的届次列",
                "empty: the file's 届次 column",
            )),
            Field::toggle("create_units", &tr(lang, "新建未知单位", "Create units"), last.create_units).hint(tr(
                lang,
                "文件中找不到的单位按原名新建",
                "units the ledger lacks are created",
            )),
            Field::text("map", &tr(lang, "单位对应", "Unit names"), &last.map).hint(tr(
                lang,
                "写法=单位;多个用;分隔",
                "WRITTEN=UNIT; separated by ;",
            )),
        ],
    )
}

/// The dry run's report, to read before the real import.
pub fn preview_form(choice: ImportChoice, report: &str, errors: usize, lang: Lang) -> Form {
    let info = report
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let bad = l.trim_start().starts_with("错误") || l.trim_start().starts_with("error");
            (bad.then_some(false), l.to_string())
        })
        .collect();
    let title = if errors == 0 {
        tr(lang, "预检通过:{key:submit} 导入,{key:back} 取消", "Check passed: {key:submit} imports, {key:back} cancels")
    } else {
        tr(
            lang,
            &format!("预检发现 {errors} 处错误:请修改文件后重试(Esc)"),
            &format!("{errors} error(s) found: fix the file and try again (Esc)"),
        )
    };
    Form::new(Purpose::ImportConfirm { choice, ok: errors == 0 }, title, Vec::new()).with_info(info)
}

/// The export form.
pub fn export_form(meetings: &[Meeting], path: &str, lang: Lang) -> Form {
    let what = vec![
        Opt::new("ledger", tr(lang, "台账", "Ledger")),
        Opt::new("stats", tr(lang, "统计表", "Statistics")),
        Opt::new("public", tr(lang, "统一公开", "Public replies")),
    ];
    Form::new(
        Purpose::Export,
        tr(lang, "导出", "Export"),
        vec![
            Field::choice("what", &tr(lang, "内容", "What"), what, 0),
            Field::choice(
                "format",
                &tr(lang, "格式", "Format"),
                vec![Opt::new("xlsx", "xlsx"), Opt::new("csv", "csv")],
                0,
            ),
            Field::choice(
                "encoding",
                &tr(lang, "CSV 编码", "CSV encoding"),
                vec![
                    Opt::new("utf-8", tr(lang, "UTF-8(带 BOM)", "UTF-8 (with BOM)")),
                    Opt::new("gbk", tr(lang, "GBK(旧系统)", "GBK (older systems)")),
                ],
                0,
            )
            .hint(tr(lang, "仅用于 CSV", "CSV only")),
            Field::choice(
                "meeting",
                &tr(lang, "会议", "Meeting"),
                meeting_opts(meetings, tr(lang, "全部会议", "All meetings")),
                0,
            ),
            Field::text("path", &tr(lang, "保存为", "Save as"), path).hint(tr(
                lang,
                "留空自动命名",
                "empty: a name is made",
            )),
        ],
    )
}

/// The report form.
pub fn report_form(meetings: &[Meeting], lang: Lang) -> Form {
    Form::new(
        Purpose::Report,
        tr(lang, "办理情况报告(数字部分)", "Work report (figures)"),
        vec![
            Field::choice(
                "meeting",
                &tr(lang, "会议", "Meeting"),
                meeting_opts(meetings, tr(lang, "全部会议", "All meetings")),
                0,
            ),
            Field::choice(
                "format",
                &tr(lang, "格式", "Format"),
                vec![Opt::new("docx", "docx (Word)"), Opt::new("md", "md")],
                0,
            ),
            Field::text("path", &tr(lang, "保存为", "Save as"), "").hint(tr(
                lang,
                "留空自动命名",
                "empty: a name is made",
            )),
        ],
    )
}
