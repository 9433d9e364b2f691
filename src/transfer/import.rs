//! Importing an office's Excel list or ledger: [`plan`] reads and checks every row and says
//! what would change (the dry run, which changes nothing); [`import_file`] plans again
//! inside one write transaction and writes everything, or nothing when any row has an
//! error. Items are matched on meeting + normalised number, so importing the same file
//! twice changes nothing the second time.
use super::columns::Field;
use super::sheet::Sheet;
use super::{Result, TransferError};
use crate::domain::Body;
use crate::store::Store;
use crate::text::Lang;
use std::path::Path;

pub use super::import_plan::plan_sheets;
pub use crate::store::import_write::{MeetingRef, NewMeeting, PlannedItem, ReplyIn, UnitRef};

/// What the clerk chose for this import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The meeting every row belongs to (by name); else the file's 届次 column.
    pub meeting: Option<String>,
    /// Create units the file names that match no known unit.
    pub create_units: bool,
    /// (as written, unit name or short name): the clerk's confirmations of guesses.
    pub unit_aliases: Vec<(String, String)>,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The import is refused until it is fixed.
    Error,
    /// Worth reading; the import goes ahead.
    Note,
}

/// One thing the dry run found, pointed at as Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Excel's row number (1-based, counting title and header rows).
    pub row: Option<usize>,
    /// Column letter and header, e.g. "D 交办日期".
    pub column: Option<String>,
    /// The cell's value as read.
    pub value: String,
    pub zh: String,
    pub en: String,
}

impl Problem {
    /// The problem as one line: "错误 第3行 F列(交办日期) 值“2026-02-30”: 不是日期…".
    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut s = String::from(match (self.severity, zh) {
            (Severity::Error, true) => "错误",
            (Severity::Note, true) => "提示",
            (Severity::Error, false) => "error",
            (Severity::Note, false) => "note",
        });
        if let Some(r) = self.row {
            s.push_str(&if zh { format!(" 第{r}行") } else { format!(" row {r}") });
        }
        if let Some(c) = &self.column {
            let (letter, header) = c.split_once(' ').unwrap_or((c, ""));
            s.push_str(&if zh { format!(" {letter}列({header})") } else { format!(" column {letter} ({header})") });
        }
        if !self.value.is_empty() {
            s.push_str(&if zh { format!(" 值“{}”", self.value) } else { format!(" value '{}'", self.value) });
        }
        s.push_str(": ");
        s.push_str(if zh { &self.zh } else { &self.en });
        s
    }
}

/// Where the import found the meeting its rows belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingSource {
    /// `--meeting` (or the TUI's meeting field).
    Option,
    /// The file's 届次 column (the dry run does not name one meeting).
    Column,
    /// A title row above the header (its Excel row number).
    TitleRow(usize),
    /// The sheet's name.
    SheetName,
    /// The file's name.
    FileName,
}

impl MeetingSource {
    /// "取自标题行" / "from the title row".
    pub fn label(self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            MeetingSource::Option => if zh { "取自 --meeting" } else { "from --meeting" }.into(),
            MeetingSource::Column => if zh { "取自届次列" } else { "from the 届次 column" }.into(),
            MeetingSource::TitleRow(r) => {
                if zh {
                    format!("取自第{r}行标题行")
                } else {
                    format!("from the title row {r}")
                }
            }
            MeetingSource::SheetName => if zh { "取自工作表名" } else { "from the sheet's name" }.into(),
            MeetingSource::FileName => if zh { "取自文件名" } else { "from the file's name" }.into(),
        }
    }
}

/// A column with a header that the import does not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedColumn {
    /// "A 序号": the column letter and its header.
    pub column: String,
    pub zh: String,
    pub en: String,
}

/// What the import found and would do. Nothing has been written.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub sheet: String,
    /// Excel row of the header.
    pub header_row: usize,
    /// "A 编号 → 编号" for each mapped column.
    pub mapped: Vec<(String, Field)>,
    /// Columns with a header that are not read, with the reason.
    pub ignored: Vec<SkippedColumn>,
    /// The meeting every row without a 届次 cell belongs to, and where it was found.
    pub meeting_from: Option<(String, MeetingSource)>,
    /// How a CSV's bytes were decoded.
    pub encoding: Option<&'static str>,
    /// Problems past the listed ones (the list stops at [`MAX_PROBLEMS`]).
    pub more_problems: usize,
    pub items: Vec<PlannedItem>,
    /// Rows already imported, identical: skipped.
    pub unchanged: Vec<usize>,
    /// Rows whose item exists with the same title but other cells changed: not applied.
    pub differing: Vec<usize>,
    pub new_meetings: Vec<NewMeeting>,
    /// Names of units to create (with `create_units`).
    pub new_units: Vec<String>,
    /// Proposers to create: (body, name).
    pub new_people: Vec<(Body, String)>,
    pub problems: Vec<Problem>,
}

impl ImportPlan {
    /// Whether any problem refuses the import.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    /// The warnings (notes) the clerk should read, in order.
    pub fn notes(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Note)
    }

    /// The dry-run report, as the clerk reads it.
    pub fn render(&self, lang: Lang) -> String {
        super::import_render::render(self, lang)
    }
}

/// The most problems a dry run lists; the rest are counted.
pub const MAX_PROBLEMS: usize = 300;

/// What the real import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub items: usize,
    pub unchanged: usize,
    pub differing: usize,
    pub meetings: usize,
    pub units: usize,
    pub people: usize,
}

/// Reads a file's sheets.
pub fn read(path: &Path) -> Result<Vec<Sheet>> {
    Sheet::read(path)
}

/// The dry run: reads `path` and checks every row against the database. Changes nothing.
pub fn plan(store: &Store, path: &Path, opts: &ImportOptions) -> Result<ImportPlan> {
    plan_with(store, path, opts, &mut |_, _, _| true)
}

/// Where an import is: checking the rows (the dry run, and again inside the write), then
/// writing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Checking,
    Writing,
}

/// Told the step and how far it has come (rows or items done, of how many); `false` stops the
/// work, which then changes nothing.
pub type StepProgress<'a> = &'a mut dyn FnMut(Step, usize, usize) -> bool;

/// [`plan`] telling `progress` how many rows are checked.
pub fn plan_with(store: &Store, path: &Path, opts: &ImportOptions, progress: StepProgress) -> Result<ImportPlan> {
    let sheets = read(path)?;
    let mut checking = |d: usize, t: usize| progress(Step::Checking, d, t);
    Ok(plan_sheets(store.conn(), &store.data, store.today(), &sheets, opts, &mut checking)?)
}

/// The real import: plans again inside one write transaction and writes every row, or
/// nothing when any row has an error (the error carries the dry-run report).
pub fn import_file(store: &mut Store, path: &Path, opts: &ImportOptions) -> Result<(ImportPlan, ImportSummary)> {
    let sheets = read(path)?;
    import_sheets(store, &sheets, opts, &path.display().to_string())
}

/// [`import_file`] for sheets already read (the TUI's preview keeps them).
pub fn import_sheets(
    store: &mut Store,
    sheets: &[Sheet],
    opts: &ImportOptions,
    source: &str,
) -> Result<(ImportPlan, ImportSummary)> {
    import_sheets_with(store, sheets, opts, source, &mut |_, _, _| true)
}

/// [`import_sheets`] telling `progress` how many rows are checked and items written;
/// cancelled, nothing is written.
pub fn import_sheets_with(
    store: &mut Store,
    sheets: &[Sheet],
    opts: &ImportOptions,
    source: &str,
    progress: StepProgress,
) -> Result<(ImportPlan, ImportSummary)> {
    let mut refused: Option<ImportPlan> = None;
    let out = store.write(|t| {
        t.require(crate::domain::access::Permission::Office)?;
        let plan = plan_sheets(t.conn(), t.data, t.today, sheets, opts, &mut |d, n| progress(Step::Checking, d, n))?;
        if plan.has_errors() {
            refused = Some(plan);
            return Err(crate::store::StoreError::rule("导入被拒绝", "import refused"));
        }
        let batch = crate::store::import_write::ImportBatch {
            new_meetings: &plan.new_meetings,
            new_units: &plan.new_units,
            new_people: &plan.new_people,
            items: &plan.items,
        };
        crate::store::import_write::write(t, &batch, source, &mut |d, n| progress(Step::Writing, d, n))?;
        let summary = ImportSummary {
            items: plan.items.len(),
            unchanged: plan.unchanged.len(),
            differing: plan.differing.len(),
            meetings: plan.new_meetings.len(),
            units: plan.new_units.len(),
            people: plan.new_people.len(),
        };
        Ok((plan, summary))
    });
    match (out, refused) {
        (_, Some(plan)) => Err(TransferError::Refused { zh: plan.render(Lang::Zh), en: plan.render(Lang::En) }),
        (Ok(r), None) => Ok(r),
        (Err(e), None) => Err(e.into()),
    }
}
