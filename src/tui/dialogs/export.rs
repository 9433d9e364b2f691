//! 导出 and 报告: the ledger, the statistics or the public replies as xlsx or CSV (a job off
//! the screen thread), and the figures report of the work report (md or Word).
use super::parts::typed_path;
use super::Task;
use crate::domain::Meeting;
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};
use crate::tui::job::{absolute, JobSpec};
use std::path::PathBuf;

fields! {
    /// 内容: ledger, stats or public.
    What = "what",
    /// 格式.
    Format = "format",
    /// CSV 编码.
    Encoding = "encoding",
    /// 会议 (empty: all).
    Meeting = "meeting",
    /// 保存为 (empty: a name is made in the export folder).
    Path = "path",
}

/// The export form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export;

/// The report form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report;

fn meeting_opts(meetings: &[Meeting], lang: Lang) -> Vec<Opt> {
    let mut v = vec![Opt::new("", tr(lang, T::AllMeetings))];
    v.extend(meetings.iter().map(|m| Opt::new(m.id.to_string(), m.name.clone())));
    v
}

fn meeting_field(meetings: &[Meeting], lang: Lang) -> Field {
    Field::choice(F::Meeting.id(), &tr(lang, T::ActFilterMeeting), meeting_opts(meetings, lang), 0)
}

fn path_field(path: &str, lang: Lang) -> Field {
    Field::text(F::Path.id(), &tr(lang, T::ExportSaveAs), path).hint(tr(lang, T::ExportEmptyANameIs))
}

fn chosen_meeting(form: &Form) -> Option<i64> {
    form.choice(F::Meeting.id()).parse().ok()
}

impl Export {
    /// The form, offering `path` (the config's export folder) to save in.
    pub fn open(meetings: &[Meeting], path: &str, lang: Lang) -> Form {
        let what = vec![
            Opt::new("ledger", tr(lang, T::LedgerTitle)),
            Opt::new("stats", tr(lang, T::ExportStatistics)),
            Opt::new("public", tr(lang, T::ExportPublicReplies)),
        ];
        let formats = vec![Opt::new("xlsx", "xlsx"), Opt::new("csv", "csv")];
        let encodings = vec![
            Opt::new("utf-8", tr(lang, T::ExportUTF8WithBOM)),
            Opt::new("gbk", tr(lang, T::ExportGBKOlderSystems)),
        ];
        let fields = vec![
            Field::choice(F::What.id(), &tr(lang, T::ExportWhat), what, 0),
            Field::choice(F::Format.id(), &tr(lang, T::ExportFormat), formats, 0),
            Field::choice(F::Encoding.id(), &tr(lang, T::ExportCSVEncoding), encodings, 0)
                .hint(tr(lang, T::ExportCSVOnly)),
            meeting_field(meetings, lang),
            path_field(path, lang),
        ];
        Form::new(super::Open::Export(Export), tr(lang, T::ActExportFile), fields)
    }
}

impl Task for Export {
    const KEEPS_UNDO: bool = true;

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let what: crate::transfer::export::What = form.choice(F::What.id()).parse().map_err(SaveError::Input)?;
        let format = form.choice(F::Format.id());
        let path = out_path(store, &form.text(F::Path.id()), &form.choice(F::What.id()), &format);
        let encoding = form.choice(F::Encoding.id()).parse().map_err(SaveError::Input)?;
        let meeting = chosen_meeting(form);
        Ok(Saved::Job(JobSpec::Export { what, meeting, format, encoding, path }))
    }
}

impl Report {
    /// The form: which meeting, which format, where.
    pub fn open(meetings: &[Meeting], lang: Lang) -> Form {
        let formats = vec![Opt::new("docx", "docx (Word)"), Opt::new("md", "md")];
        let fields = vec![
            meeting_field(meetings, lang),
            Field::choice(F::Format.id(), &tr(lang, T::ExportFormat), formats, 0),
            path_field("", lang),
        ];
        Form::new(super::Open::Report(Report), tr(lang, T::ExportWorkReportFigures), fields)
    }
}

impl Task for Report {
    const KEEPS_UNDO: bool = true;

    /// The figures report of one meeting or all, as Markdown or Word, never over an
    /// existing file.
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let meeting = match chosen_meeting(form) {
            Some(id) => store.meetings()?.into_iter().find(|m| m.id == id),
            None => None,
        };
        let rep = crate::transfer::report::build(store, meeting.as_ref(), lang)
            .map_err(|e| SaveError::Input(e.message(lang)))?;
        let format = form.choice(F::Format.id());
        let path = out_path(store, &form.text(F::Path.id()), "report", &format);
        if path.exists() {
            return Err(SaveError::Input(say::exists_not_overwritten(lang, path.display())));
        }
        let written = if format == "md" {
            std::fs::write(&path, crate::transfer::report::to_markdown(&rep))
                .map_err(|e| SaveError::Input(format!("{}: {e}", path.display())))
        } else {
            crate::transfer::report::write_docx(&rep, &path).map_err(|e| SaveError::Input(e.message(lang)))
        };
        written?;
        Ok(Saved::Done(format!("{}{}", tr(lang, T::ExportReportWritten), absolute(&path))))
    }
}

/// The typed output path, or banli-WHAT-YYYYMMDD.EXT in the export folder (the one the
/// command line uses); a folder typed (the config's export_dir) gets the made name in it.
fn out_path(store: &Store, typed: &str, what: &str, ext: &str) -> PathBuf {
    if typed.trim().is_empty() {
        let dir = crate::transfer::export::export_dir(store.path());
        return crate::transfer::export::default_path(&dir, what, store.today(), ext);
    }
    let p = typed_path(typed);
    if p.is_dir() {
        return p.join(format!("banli-{what}-{}.{ext}", store.today().format("%Y%m%d")));
    }
    p
}
