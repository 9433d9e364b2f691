//! Long transfers (an import's dry run and the import, an export) off the screen thread: the
//! work runs on a second
//! connection ([`Store::reopen`]) in its own thread and reports how far it has come; the
//! screen keeps drawing, the status line shows a progress bar, and Esc cancels. A cancelled
//! import is rolled back whole and a cancelled export leaves no file, so nothing is written.
use crate::store::{Store, StoreError};
use crate::text::{Lang, T};
use crate::transfer::export::{CsvEncoding, Dest, What};
use crate::transfer::import::{ImportOptions, Step};
use crate::tui::dialogs::import::{ImportChoice, ImportConfirm};
use crate::tui::forms::Form;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

/// The work a job does.
#[derive(Debug, Clone)]
pub enum JobSpec {
    /// The dry run of an import: every row checked, nothing written; shows the report.
    Check { choice: ImportChoice, path: PathBuf, opts: ImportOptions },
    /// Import `path` for real (its dry run passed).
    Import { path: PathBuf, opts: ImportOptions },
    /// Export `what` (of one meeting, or all) as `format` (a CSV in `encoding`) to `path`.
    Export { what: What, meeting: Option<i64>, format: String, encoding: CsvEncoding, path: PathBuf },
}

impl JobSpec {
    fn label(&self, lang: Lang) -> &'static str {
        match self {
            JobSpec::Check { .. } | JobSpec::Import { .. } => T::JobImporting.get(lang),
            JobSpec::Export { .. } => T::JobExporting.get(lang),
        }
    }
}

/// What the screen shows of a running job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobView {
    pub label: &'static str,
    /// What it is doing now (checking rows, writing items), when it says.
    pub step: Option<Step>,
    pub done: usize,
    pub total: usize,
    /// Esc was pressed: waiting for the work to stop and roll back.
    pub cancelling: bool,
}

/// What a finished job leaves: a message, or a form to show (the dry run's report).
#[derive(Debug)]
pub enum Done {
    Said(String),
    Show(Box<Form>),
}

enum Msg {
    Progress(Option<Step>, usize, usize),
    Finished(Result<Done, String>),
}

/// A running job.
pub struct Job {
    pub view: JobView,
    lang: Lang,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Msg>,
}

impl Job {
    /// Starts `spec` on `store` (a second connection) in a new thread.
    pub fn spawn(spec: JobSpec, mut store: Store, lang: Lang) -> Job {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let view = JobView { label: spec.label(lang), step: None, done: 0, total: 0, cancelling: false };
        let stop = cancel.clone();
        std::thread::spawn(move || {
            let work = std::panic::AssertUnwindSafe(|| run(&spec, &mut store, &tx, &stop, lang));
            let result = crate::caught::catch(work)
                .unwrap_or_else(|panic| Err(format!("{}: {panic}", T::ErrDatabase.get(lang))));
            let _ = tx.send(Msg::Finished(result));
        });
        Job { view, lang, cancel, rx }
    }

    /// Asks the work to stop; it rolls back and reports [`StoreError::Cancelled`].
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.view.cancelling = true;
    }

    /// Takes what the work reported since the last call: `Some` with its outcome once it
    /// has finished (a message to show, or an error).
    pub fn poll(&mut self) -> Option<Result<Done, String>> {
        while let Ok(msg) = self.rx.try_recv() {
            if let Some(r) = self.take(msg) {
                return Some(r);
            }
        }
        None
    }

    /// Waits for the work to finish (tests, and quitting while a job runs).
    pub fn wait(&mut self) -> Result<Done, String> {
        loop {
            let Ok(msg) = self.rx.recv() else { return Err(StoreError::Cancelled.message(self.lang)) };
            if let Some(r) = self.take(msg) {
                return r;
            }
        }
    }

    /// Keeps a progress report in the view; a finish is the outcome.
    fn take(&mut self, msg: Msg) -> Option<Result<Done, String>> {
        match msg {
            Msg::Progress(step, done, total) => {
                (self.view.step, self.view.done, self.view.total) = (step, done, total);
                None
            }
            Msg::Finished(r) => Some(r),
        }
    }
}

fn run(spec: &JobSpec, store: &mut Store, tx: &Sender<Msg>, stop: &AtomicBool, lang: Lang) -> Result<Done, String> {
    let mut stepped = |step: Step, done: usize, total: usize| {
        let _ = tx.send(Msg::Progress(Some(step), done, total));
        !stop.load(Ordering::SeqCst)
    };
    match spec {
        JobSpec::Check { choice, path, opts } => {
            let plan =
                crate::transfer::import::plan_with(store, path, opts, &mut stepped).map_err(|e| e.message(lang))?;
            let form = ImportConfirm::open(choice.clone(), &plan.render(lang), plan.error_count(), lang);
            Ok(Done::Show(Box::new(form)))
        }
        JobSpec::Import { path, opts } => {
            let sheets = crate::transfer::import::read(path).map_err(|e| e.message(lang))?;
            let source = path.display().to_string();
            let (_, sum) = crate::transfer::import::import_sheets_with(store, &sheets, opts, &source, &mut stepped)
                .map_err(|e| e.message(lang))?;
            Ok(Done::Said(
                T::JobImported
                    .get(lang)
                    .replace("{items}", &sum.items.to_string())
                    .replace("{same}", &sum.unchanged.to_string())
                    .replace("{meetings}", &sum.meetings.to_string())
                    .replace("{units}", &sum.units.to_string())
                    .replace("{people}", &sum.people.to_string()),
            ))
        }
        JobSpec::Export { what, meeting, format, encoding, path } => {
            let progress = |done: usize, total: usize| {
                let _ = tx.send(Msg::Progress(None, done, total));
                !stop.load(Ordering::SeqCst)
            };
            // The rows written, as the export streams them; Esc before the end leaves no file
            // (the export writes NAME.part and renames it when complete; a cancelled one is
            // removed then).
            if !progress(0, 0) {
                return Err(StoreError::Cancelled.message(lang));
            }
            let dest = Dest::File(path.clone());
            let mut rows = |done: usize, total: usize| {
                progress(done, total);
            };
            let files = crate::transfer::export::export_with_progress(
                store, *what, *meeting, format, *encoding, &dest, lang, &mut rows,
            )
            .map_err(|e| e.message(lang))?;
            if !progress(0, 0) {
                for f in &files {
                    let _ = std::fs::remove_file(f);
                }
                return Err(StoreError::Cancelled.message(lang));
            }
            let names: Vec<String> = files.iter().map(|p| absolute(p)).collect();
            Ok(Done::Said(format!("{}{}", T::JobExported.get(lang), names.join("  "))))
        }
    }
}

/// The path as the clerk can find it again.
pub fn absolute(p: &std::path::Path) -> String {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string()
}

/// The status line while a job runs: "导入中 · 写入 3200/10000 [████░░░░] 32% · Esc 取消".
pub fn line(v: &JobView, cancel_key: &str, lang: Lang, ascii: bool) -> String {
    let step = match v.step {
        Some(Step::Checking) => format!(" · {}", T::JobChecking.get(lang)),
        Some(Step::Writing) => format!(" · {}", T::JobWriting.get(lang)),
        None => String::new(),
    };
    const WIDTH: usize = 20;
    let filled = (v.done * WIDTH).checked_div(v.total).unwrap_or(0).min(WIDTH);
    let (on, off) = if ascii { ("#", "-") } else { ("█", "░") };
    let bar = format!("[{}{}]", on.repeat(filled), off.repeat(WIDTH - filled));
    let pct = (v.done * 100).checked_div(v.total).unwrap_or(0);
    let tail = match v.cancelling {
        true => T::JobCancelling.get(lang).to_string(),
        false => format!("{cancel_key} {}", T::Cancel.get(lang)),
    };
    format!("{}{step} {}/{} {bar} {pct}% · {tail}", v.label, v.done, v.total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_export_leaves_no_file_and_a_cancelled_import_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = crate::data::load(None).unwrap();
        let mut store = Store::open(&dir.path().join("d.db"), "tester", data).unwrap();
        store.load_demo().unwrap();
        let (tx, _rx) = mpsc::channel();
        let stop = AtomicBool::new(true);
        let path = dir.path().join("台账.xlsx");
        let encoding = CsvEncoding::Utf8;
        let spec =
            JobSpec::Export { what: What::Ledger, meeting: None, format: "xlsx".into(), encoding, path: path.clone() };
        let e = run(&spec, &mut store, &tx, &stop, Lang::Zh).unwrap_err();
        assert!(e.contains("已取消"), "{e}");
        assert!(!path.exists());
        let csv = dir.path().join("list.csv");
        std::fs::write(&csv, "提案号,案由,领衔委员,主办单位\n901,关于增设公交线路的提案,马均侠,区住建局\n").unwrap();
        let before = store.item_count().unwrap();
        let opts = ImportOptions { meeting: Some("区政协十五届二次会议".into()), ..Default::default() };
        let e = run(&JobSpec::Import { path: csv, opts }, &mut store, &tx, &stop, Lang::Zh).unwrap_err();
        assert!(e.contains("已取消"), "{e}");
        assert_eq!(store.item_count().unwrap(), before);
    }

    #[test]
    fn the_line_shows_the_share_done_and_how_to_cancel() {
        let v = JobView { label: "导入中", step: Some(Step::Writing), done: 32, total: 100, cancelling: false };
        assert_eq!(line(&v, "Esc", Lang::Zh, true), "导入中 · 写入 32/100 [######--------------] 32% · Esc 取消");
        let none = JobView { total: 0, done: 0, ..v };
        assert!(line(&none, "Esc", Lang::Zh, true).contains("0/0 [--------------------] 0%"));
        let c = JobView { cancelling: true, ..v };
        assert!(line(&c, "Esc", Lang::Zh, false).ends_with(T::JobCancelling.get(Lang::Zh)));
    }
}
