//! Export: the ledger (台账), the statistics tables and the public replies (统一公开), as
//! .xlsx (a title row and 制表日期 above a frozen header, numbers as numbers, dates as
//! dates, rates as percentages; printed with the header on every page and page numbers in
//! the footer) or .csv (UTF-8 with a BOM, which Excel on Chinese Windows opens correctly,
//! or GBK for older systems). Files go to a path, to the export folder ([`export_dir`]),
//! or to standard output (`-o -`).
//!
//! The ledger's headers are the import's own names, so an exported ledger imports back.
use super::export_write::{self, SheetOut};
use super::figure_tables::{unit_table, Cell, Width};
use super::{Result, TransferError};
use crate::domain::figures::Figures;
use crate::domain::Disclosure;
use crate::store::Store;
use crate::text::Lang;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// 台账: one row per item.
    Ledger,
    /// 统计表: per meeting and kind, and per unit.
    Stats,
    /// 统一公开: replies marked public, with what may be published.
    Public,
}

impl std::str::FromStr for What {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "ledger" | "台账" => Ok(What::Ledger),
            "stats" | "统计" => Ok(What::Stats),
            "public" | "公开" => Ok(What::Public),
            _ => Err(format!("'{s}': use ledger, stats or public")),
        }
    }
}

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Empty,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    /// Tenths of a percent; `None` when the rate has no base.
    Percent(Option<u32>),
}

impl Val {
    pub(crate) fn text(&self) -> String {
        match self {
            Val::Empty => String::new(),
            Val::Text(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::Percent(t) => t.map(crate::domain::figures::fmt_tenths).unwrap_or_default(),
        }
    }
}

fn t(s: impl Into<String>) -> Val {
    let s = s.into();
    if s.is_empty() {
        Val::Empty
    } else {
        Val::Text(s)
    }
}

fn od(d: Option<NaiveDate>) -> Val {
    d.map(Val::Date).unwrap_or(Val::Empty)
}

/// A sheet: a name, headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Val>>,
}

/// The tables of `what`, for one meeting or all.
pub fn tables(store: &Store, what: What, meeting: Option<i64>, lang: Lang) -> Result<Vec<Table>> {
    Ok(match what {
        What::Ledger => vec![ledger(store, meeting, lang)?],
        What::Stats => stats(store, meeting, lang)?,
        What::Public => vec![public(store, meeting, lang)?],
    })
}

/// How a CSV is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8 with a BOM (what Excel on Chinese Windows opens correctly).
    #[default]
    Utf8,
    /// GBK, for older provincial systems; a character GBK lacks refuses the export.
    Gbk,
}

impl std::str::FromStr for CsvEncoding {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(CsvEncoding::Utf8),
            "gbk" | "gb2312" | "gb18030" => Ok(CsvEncoding::Gbk),
            _ => Err(format!("'{s}': use utf-8 or gbk")),
        }
    }
}

/// Where the export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    File(PathBuf),
    /// Standard output (`-o -`): the statistics' two CSV tables one after the other.
    Stdout,
}

/// The export folder: `$BANLI_EXPORT_DIR` when set, else the folder of the database (where
/// the ranking notice goes too). `--out-dir` on the command line overrides both.
pub fn export_dir(db: &Path) -> PathBuf {
    match std::env::var_os("BANLI_EXPORT_DIR").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None if crate::store::server_url(db).is_some() => PathBuf::new(),
        None => db.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_default(),
    }
}

/// The file name an export gets when none is given: banli-WHAT-YYYYMMDD.EXT in `dir`.
pub fn default_path(dir: &Path, what: &str, today: NaiveDate, ext: &str) -> PathBuf {
    dir.join(format!("banli-{what}-{}.{ext}", today.format("%Y%m%d")))
}

/// Writes the tables of `what` to `path` as xlsx or csv (UTF-8 with BOM); returns the
/// files written (a csv of the statistics is two files: per meeting, and `-units` per unit).
pub fn export(
    store: &Store,
    what: What,
    meeting: Option<i64>,
    format: &str,
    path: &Path,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    export_to(store, what, meeting, format, CsvEncoding::Utf8, &Dest::File(path.to_path_buf()), lang)
}

/// [`export`] with the CSV encoding chosen and standard output possible.
pub fn export_to(
    store: &Store,
    what: What,
    meeting: Option<i64>,
    format: &str,
    encoding: CsvEncoding,
    dest: &Dest,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    export_with_progress(store, what, meeting, format, encoding, dest, lang, &mut |_, _| {})
}

/// [`export_to`], calling `progress(rows written, rows in all)` as the ledger's rows are
/// written (every few thousand rows). Rows are read a chunk at a time and written as they
/// come: memory stays flat however large the ledger.
#[allow(clippy::too_many_arguments)]
pub fn export_with_progress(
    store: &Store,
    what: What,
    meeting: Option<i64>,
    format: &str,
    encoding: CsvEncoding,
    dest: &Dest,
    lang: Lang,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>> {
    if format != "xlsx" && format != "csv" {
        return Err(TransferError::file("--format 应为 xlsx 或 csv", "--format takes xlsx or csv"));
    }
    // The audit chain's head at the foot of every table (the importer skips a one-cell row).
    let foot = crate::store::audit::ChainHead::foot(store.chain_head()?.as_ref(), lang);
    let heading = heading(store, what, meeting, lang)?;
    let tables = match what {
        What::Ledger => Vec::new(),
        _ => tables(store, what, meeting, lang)?,
    };
    let mut sheets: Vec<SheetOut> = match what {
        What::Ledger => vec![ledger_sheet(store, meeting, lang, foot, progress)],
        _ => tables.iter().map(|t| table_sheet(t, foot.clone())).collect(),
    };
    let path = match dest {
        Dest::File(p) => p.clone(),
        Dest::Stdout => PathBuf::from("-"),
    };
    let tmp = path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| ".".into());
    match (format, dest) {
        ("xlsx", Dest::File(p)) => {
            export_write::atomically(p, |f| export_write::write_xlsx(&mut sheets, &heading, &tmp, f, p))?;
            Ok(vec![p.clone()])
        }
        ("xlsx", Dest::Stdout) => {
            let mut out = std::io::stdout();
            piped(export_write::write_xlsx(&mut sheets, &heading, &std::env::temp_dir(), &mut out, &path))?;
            Ok(Vec::new())
        }
        (_, Dest::File(_)) => {
            let mut out = Vec::new();
            for (i, sheet) in sheets.iter_mut().enumerate() {
                let p = if i == 0 {
                    path.clone()
                } else {
                    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                    path.with_file_name(format!(
                        "{stem}-{}.csv",
                        if i == 1 { "units".to_string() } else { i.to_string() }
                    ))
                };
                export_write::atomically(&p, |f| {
                    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                    export_write::write_csv(sheet, encoding, true, &mut w, &p)?;
                    w.flush().map_err(|e| export_write::write_error(&p, &e))
                })?;
                out.push(p);
            }
            Ok(out)
        }
        (_, Dest::Stdout) => {
            // GBK is checked whole before anything is printed (a refused cell prints nothing).
            let mut buffered = Vec::new();
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            for (i, sheet) in sheets.iter_mut().enumerate() {
                let out: &mut dyn Write = if encoding == CsvEncoding::Gbk { &mut buffered } else { &mut stdout };
                if i > 0 {
                    piped(out.write_all(b"\r\n").map_err(|e| export_write::write_error(&path, &e)))?;
                }
                piped(export_write::write_csv(sheet, encoding, i == 0, out, &path))?;
            }
            piped(
                stdout
                    .write_all(&buffered)
                    .and_then(|_| stdout.flush())
                    .map_err(|e| export_write::write_error(&path, &e)),
            )?;
            Ok(Vec::new())
        }
    }
}

/// A reader that stopped early (`| head`) took what it wanted: that is no error.
fn piped(r: Result<()>) -> Result<()> {
    match r {
        Err(e) if e.to_string().contains("Broken pipe") || e.to_string().contains("os error 32") => Ok(()),
        r => r,
    }
}

/// A small table as a sheet, with the foot row after its rows.
fn table_sheet(t: &Table, foot: String) -> SheetOut<'_> {
    let width = t.header.len().max(1);
    SheetOut {
        name: t.name.clone(),
        header: t.header.clone(),
        rows: Box::new(move |f| {
            for row in &t.rows {
                f(row)?;
            }
            let mut row = vec![Val::Text(foot.clone())];
            row.resize(width, Val::Empty);
            f(&row)
        }),
    }
}

/// Writes one table as CSV, UTF-8 with a BOM.
pub fn write_csv(table: &Table, path: &Path) -> Result<()> {
    let mut sheet = SheetOut {
        name: table.name.clone(),
        header: table.header.clone(),
        rows: Box::new(|f| table.rows.iter().try_for_each(|r| f(r))),
    };
    export_write::atomically(path, |file| {
        let mut w = std::io::BufWriter::new(file);
        export_write::write_csv(&mut sheet, CsvEncoding::Utf8, true, &mut w, path)?;
        w.flush().map_err(|e| export_write::write_error(path, &e))
    })
}

/// What stands above every sheet's header: the title and the day the table was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// "区十八届人大一次会议 建议办理台账".
    pub title: String,
    pub made_on: NaiveDate,
    pub lang: Lang,
}

/// The heading of an export of `what`: the meeting (or every meeting) and what it is.
fn heading(store: &Store, what: What, meeting: Option<i64>, lang: Lang) -> Result<Heading> {
    let zh = lang == Lang::Zh;
    let m = match meeting {
        Some(id) => store.meetings()?.into_iter().find(|m| m.id == id),
        None => None,
    };
    let kind = match &m {
        Some(m) if zh => m.body.kind().label(lang).to_string(),
        Some(m) => m.body.kind().label(lang).to_string() + " ",
        None if zh => "建议提案".into(),
        None => String::new(),
    };
    let what = match (what, zh) {
        (What::Ledger, true) => format!("{kind}办理台账"),
        (What::Ledger, false) => format!("{kind}ledger"),
        (What::Stats, true) => format!("{kind}办理情况统计表"),
        (What::Stats, false) => format!("{kind}handling statistics"),
        (What::Public, true) => format!("{kind}答复公开目录"),
        (What::Public, false) => format!("{kind}public replies"),
    };
    let name = match (&m, zh) {
        (Some(m), _) => m.name.clone(),
        (None, true) => "全部会议".into(),
        (None, false) => "All meetings".into(),
    };
    Ok(Heading { title: format!("{name} {what}"), made_on: store.today(), lang })
}

/// 台账: one row per item, every state, with units by role and the handling record.
fn ledger(store: &Store, meeting: Option<i64>, lang: Lang) -> Result<Table> {
    let numeric = numeric_meetings(store, meeting)?;
    let rows = crate::store::export_rows::ledger_rows(store, meeting)?;
    let body = rows.into_iter().map(|r| ledger_cells(r, &numeric, lang)).collect();
    Ok(Table { name: ledger_name(lang), header: ledger_header(), rows: body })
}

fn ledger_name(lang: Lang) -> String {
    if lang == Lang::Zh {
        "台账".into()
    } else {
        "Ledger".into()
    }
}

/// The ledger streamed: a chunk of items read, written, dropped; then the foot row.
fn ledger_sheet<'a>(
    store: &'a Store,
    meeting: Option<i64>,
    lang: Lang,
    foot: String,
    progress: &'a mut dyn FnMut(usize, usize),
) -> SheetOut<'a> {
    let header = ledger_header();
    let width = header.len();
    SheetOut {
        name: ledger_name(lang),
        header,
        rows: Box::new(move |f| {
            use crate::store::export_rows::{ledger_lines, ledger_order, CHUNK};
            let numeric = numeric_meetings(store, meeting)?;
            let ids = ledger_order(store, meeting)?;
            let mut done = 0;
            progress(0, ids.len());
            for chunk in ids.chunks(CHUNK) {
                for line in ledger_lines(store, chunk)? {
                    f(&ledger_cells(line, &numeric, lang))?;
                }
                done += chunk.len();
                progress(done, ids.len());
            }
            let mut row = vec![Val::Text(foot.clone())];
            row.resize(width, Val::Empty);
            f(&row)
        }),
    }
}

fn ledger_header() -> Vec<String> {
    [
        "届次",
        "编号",
        "标题",
        "领衔人",
        "附议人",
        "类型",
        "分类",
        "主办单位",
        "分办单位",
        "会办单位",
        "交办日期",
        "要求办结日期",
        "是否重点",
        "牵头领导",
        "答复日期",
        "答复文号",
        "办理结果",
        "是否公开",
        "面复日期",
        "满意度",
        "办理状态",
        "销号日期",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// One item's cells, in [`ledger_header`]'s order.
fn ledger_cells(r: crate::store::export_rows::LedgerLine, numeric: &HashSet<String>, lang: Lang) -> Vec<Val> {
    let yes = |b: bool| t(if b { "是" } else { "否" });
    let number = match r.number.parse::<i64>() {
        Ok(n) if numeric.contains(&r.meeting) => Val::Int(n),
        _ => t(r.number),
    };
    vec![
        t(r.meeting),
        number,
        t(r.title),
        t(r.proposers.first().cloned().unwrap_or_default()),
        t(r.proposers.iter().skip(1).cloned().collect::<Vec<_>>().join("、")),
        t(r.timing.label(lang)),
        t(r.topic),
        t(r.lead.join("、")),
        t(r.split.join("、")),
        t(r.co.join("、")),
        od(r.assigned_on),
        od(r.deadline),
        yes(r.key),
        t(r.leader),
        od(r.replied_on),
        t(r.docs.join("、")),
        t(r.class.unwrap_or_default()),
        match r.disclosure {
            Some(Disclosure::Public) => t("是"),
            Some(Disclosure::NotPublic) => t("否"),
            Some(d) => t(d.label(lang)),
            None => Val::Empty,
        },
        od(r.face_to_face),
        t(r.satisfaction.map(|s| s.label(Lang::Zh)).unwrap_or_default()),
        t(r.status.label(lang)),
        od(r.closed_on),
    ]
}

/// The meetings whose numbers are all plain numbers (digits, no leading zero): their 编号
/// is written as a number, so Excel sorts 2 before 10. A meeting with 025 or A12 keeps text.
fn numeric_meetings(store: &Store, meeting: Option<i64>) -> Result<HashSet<String>> {
    let plain = |n: &str| {
        !n.is_empty() && n.len() <= 15 && n.bytes().all(|b| b.is_ascii_digit()) && !(n.len() > 1 && n.starts_with('0'))
    };
    let mut all: HashMap<String, bool> = HashMap::new();
    crate::store::export_rows::each_number(store, meeting, &mut |m, n| match all.get_mut(m) {
        Some(ok) => *ok &= plain(n),
        None => {
            all.insert(m.to_string(), plain(n));
        }
    })?;
    Ok(all.into_iter().filter(|(_, ok)| *ok).map(|(m, _)| m).collect())
}

/// The statistics: every meeting together, each kind, each meeting; and per unit (个次,
/// with the 合计 row of [`super::figure_tables`]). All from the one set of figures.
fn stats(store: &Store, meeting: Option<i64>, lang: Lang) -> Result<Vec<Table>> {
    let codes = store.class_codes();
    let zh = lang == Lang::Zh;
    let book = store.figure_book(meeting)?;
    let mut header: Vec<String> = if zh {
        ["会议", "类别", "件数", "承办单位数", "会议期间", "闭会期间", "主办件", "分办件", "有会办件"]
    } else {
        ["Meeting", "Kind", "Items", "Units", "During", "Between", "Lead", "Split", "Co-handled"]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(codes.iter().cloned());
    header.push(if zh { "未答复或无类别".into() } else { "No class yet".into() });
    for c in &codes {
        header.push(format!("{c}{}", if zh { "占比" } else { " share" }));
    }
    let tail: &[&str] = if zh {
        &[
            "已答复",
            "答复率",
            "应答复(已答复或逾期)",
            "按时答复",
            "按时答复率",
            "超期答复",
            "逾期未答复",
            "面复",
            "面复率",
            "负责人面复",
            "负责人面复率",
            "反馈件",
            "满意",
            "基本满意",
            "不满意",
            "满意率",
            "初次满意率",
            "二次办理",
            "转为满意",
            "催办(次)",
            "约谈(次)",
            "重点件",
            "重点已答复",
            "重点满意",
            "领导包案",
            "包案已答复",
            "包案满意",
        ]
    } else {
        &[
            "Replied",
            "Reply rate",
            "Due (replied or overdue)",
            "On time",
            "On-time rate",
            "Late",
            "Overdue",
            "Face to face",
            "F2F rate",
            "By the head",
            "Head F2F rate",
            "With feedback",
            "Satisfied",
            "Basic",
            "Unsatisfied",
            "Satisfaction",
            "First-round satisfaction",
            "Second rounds",
            "Turned satisfied",
            "Reminders",
            "Interviews",
            "Key items",
            "Key replied",
            "Key satisfied",
            "Leader cases",
            "Leader replied",
            "Leader satisfied",
        ]
    };
    header.extend(tail.iter().map(|s| s.to_string()));
    let all = if zh { "全部" } else { "All" };
    let mut rows = vec![stats_row(all, all, book.all(), &codes)];
    if book.set.kinds.len() > 1 {
        for (k, f) in &book.set.kinds {
            rows.push(stats_row(all, k.label(lang), f, &codes));
        }
    }
    for mf in &book.meetings {
        rows.push(stats_row(&mf.meeting.name, mf.kind.label(lang), &mf.figures, &codes));
    }
    let (units_header, cells) = unit_table(&book, &codes, Width::Full, lang);
    let unit_rows: Vec<Vec<Val>> = cells
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c {
                    Cell::Text(s) => t(s),
                    Cell::Count(n) => Val::Int(n.into()),
                    Cell::Rate(r) => Val::Percent(r.tenths()),
                })
                .collect()
        })
        .collect();
    Ok(vec![
        Table { name: if zh { "按会议".into() } else { "By meeting".into() }, header, rows },
        Table {
            name: if zh { "按承办单位".into() } else { "By unit".into() }, header: units_header, rows: unit_rows
        },
    ])
}

fn stats_row(name: &str, kind: &str, f: &Figures, codes: &[String]) -> Vec<Val> {
    let n = |x: u32| Val::Int(x as i64);
    let mut v = vec![
        t(name),
        t(kind),
        n(f.items),
        n(f.units),
        n(f.during),
        n(f.between),
        n(f.lead_items),
        n(f.split_items),
        n(f.co_handled_items),
    ];
    let count_of =
        |code: &str| f.classes.iter().find(|c| c.code == code).map(|c| (c.count, c.tenths)).unwrap_or((0, 0));
    for c in codes {
        v.push(n(count_of(c).0));
    }
    v.push(n(count_of("").0));
    for c in codes {
        v.push(Val::Percent(Some(count_of(c).1)));
    }
    v.extend([
        n(f.replied),
        Val::Percent(f.reply_rate().tenths()),
        n(f.due),
        n(f.on_time),
        Val::Percent(f.on_time_rate().tenths()),
        n(f.late),
        n(f.overdue),
        n(f.face_to_face),
        Val::Percent(f.face_to_face_rate().tenths()),
        n(f.head_face_to_face),
        Val::Percent(f.head_face_to_face_rate().tenths()),
        n(f.with_feedback),
        n(f.satisfied),
        n(f.basic),
        n(f.unsatisfied),
        Val::Percent(f.satisfaction_rate().tenths()),
        Val::Percent(f.first_satisfaction_rate().tenths()),
        n(f.second_rounds),
        n(f.turned_satisfied),
        n(f.reminders),
        n(f.interviews),
        n(f.key.items),
        n(f.key.replied),
        n(f.key.satisfied),
        n(f.leader.items),
        n(f.leader.replied),
        n(f.leader.satisfied),
    ]);
    v
}

/// 统一公开: approved replies marked public. Only what may be published: no phone
/// numbers, contact notes or feedback comments.
fn public(store: &Store, meeting: Option<i64>, lang: Lang) -> Result<Table> {
    let zh = lang == Lang::Zh;
    let header: Vec<String> = if zh {
        ["届次", "编号", "标题", "提出人", "答复单位", "答复文号", "答复日期", "办理结果", "答复内容"]
    } else {
        ["Meeting", "Number", "Title", "Proposers", "Replying unit", "Reply number", "Replied on", "Result", "Reply"]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = crate::store::export_rows::public_rows(store, meeting)?
        .into_iter()
        .map(|r| {
            let class = match store.data.rules.class_label(&r.class, lang) {
                Some(l) => format!("{} {l}", r.class),
                None => r.class.clone(),
            };
            vec![
                t(r.meeting),
                t(r.number),
                t(r.title),
                t(r.proposers.join("、")),
                t(r.unit),
                t(r.doc),
                Val::Date(r.replied_on),
                t(class),
                t(r.text),
            ]
        })
        .collect();
    Ok(Table { name: if zh { "公开答复".into() } else { "Public replies".into() }, header, rows })
}
