//! 导入: an Excel or CSV file of items, checked first (the dry run, nothing written) and
//! imported only after the clerk has read the check's report.
use super::parts::typed_path;
use super::Task;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::transfer::import::ImportOptions;
use crate::tui::forms::{Field, Form, SaveError, Saved};
use crate::tui::job::JobSpec;

fields! {
    /// 文件.
    Path = "path",
    /// 会议名称 (empty: the file's 届次 column).
    Meeting = "meeting",
    /// 新建未知单位.
    CreateUnits = "create_units",
    /// 单位对应: "写法=单位" pairs.
    Map = "map",
}

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
    /// What an import form holds.
    pub fn of(form: &Form) -> ImportChoice {
        ImportChoice {
            path: form.text(F::Path.id()),
            meeting: form.text(F::Meeting.id()),
            create_units: form.ticked(F::CreateUnits.id()),
            map: form.text(F::Map.id()),
        }
    }

    /// The confirmed unit names as (written, unit) pairs.
    pub fn aliases(&self) -> Vec<(String, String)> {
        self.map
            .split([';', '；'])
            .filter_map(|p| p.split_once(['=', '＝']))
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            .collect()
    }

    fn options(&self) -> ImportOptions {
        ImportOptions {
            meeting: (!self.meeting.trim().is_empty()).then(|| self.meeting.trim().to_string()),
            create_units: self.create_units,
            unit_aliases: self.aliases(),
        }
    }

    /// The typed file, refused when empty or missing.
    fn file(&self, lang: Lang) -> Result<std::path::PathBuf, SaveError> {
        if self.path.trim().trim_matches(['"', '\'']).is_empty() {
            return Err(SaveError::Input(tr(lang, T::ImportGiveTheFileS)));
        }
        let p = typed_path(&self.path);
        if !p.is_file() {
            return Err(SaveError::Input(say::no_file(lang, p.display())));
        }
        Ok(p)
    }
}

/// The import form: Enter runs the dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import;

impl Import {
    /// The form: the file, the meeting, and how to treat unknown units (as typed last time).
    pub fn open(last: &ImportChoice, lang: Lang) -> Form {
        let fields = vec![
            Field::text(F::Path.id(), &tr(lang, T::ImportFile), &last.path).hint(".xlsx .xls .csv"),
            Field::text(F::Meeting.id(), &tr(lang, T::ImportMeeting), &last.meeting)
                .hint(tr(lang, T::ImportEmptyTheFileS)),
            Field::toggle(F::CreateUnits.id(), &tr(lang, T::ImportCreateUnits), last.create_units)
                .hint(tr(lang, T::ImportUnitsTheLedgerLacks)),
            Field::text(F::Map.id(), &tr(lang, T::ImportUnitNames), &last.map)
                .hint(tr(lang, T::ImportWRITTENUNITSeparatedBy)),
        ];
        let title = tr(lang, T::ImportImportExcelCSVChecked);
        Form::new(super::Open::Import(Import), title, fields)
    }
}

impl Task for Import {
    fn save(&self, _store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let choice = ImportChoice::of(form);
        let path = choice.file(form.lang)?;
        let opts = choice.options();
        Ok(Saved::Job(JobSpec::Check { choice, path, opts }))
    }
}

/// The dry run's report: Enter imports for real when `ok`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportConfirm {
    pub choice: ImportChoice,
    /// The check found no error.
    pub ok: bool,
}

impl ImportConfirm {
    /// The dry run's report, to read before the real import.
    pub fn open(choice: ImportChoice, report: &str, errors: usize, lang: Lang) -> Form {
        let info = report
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let bad = l.trim_start().starts_with("错误") || l.trim_start().starts_with("error");
                (bad.then_some(false), l.to_string())
            })
            .collect();
        let title =
            if errors == 0 { tr(lang, T::ImportCheckPassedImportsCancels) } else { say::check_errors(lang, errors) };
        let dialog = super::Open::ImportConfirm(ImportConfirm { choice, ok: errors == 0 });
        Form::new(dialog, title, Vec::new()).with_info(info)
    }
}

impl Task for ImportConfirm {
    fn save(&self, _store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        if !self.ok {
            return Err(SaveError::Input(tr(form.lang, T::ImportTheCheckFoundErrors)));
        }
        let path = self.choice.file(form.lang)?;
        Ok(Saved::Job(JobSpec::Import { path, opts: self.choice.options() }))
    }
}
