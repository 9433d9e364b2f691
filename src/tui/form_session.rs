//! The session's side of forms: loading what a form needs, saving it, and what follows a
//! save (a reload, a conflict shown with both versions, a report). Part of [`Session`]:
//! these are store calls too.
use super::action::Action;
use super::action::Outcome;
use super::app::Level;
use super::dialogs::entry::NewEntry;
use super::dialogs::export::{Export, Report};
use super::dialogs::import::{Import, ImportChoice};
use super::dialogs::undo::UndoConfirm;
use super::dialogs::{Head, Open};
use super::forms::{Conflict, Form};
use super::forms::{SaveError, Saved};
use super::session::Session;
use crate::domain::Status;
use crate::store::StoreError;
use crate::text::{tr, T};
use chrono::Datelike;

impl Session {
    fn open_meeting(&self) -> Option<i64> {
        let open = |id: i64| self.app.meetings.iter().any(|m| m.id == id && !m.archived);
        self.app
            .ledger
            .filter
            .meeting
            .filter(|id| open(*id))
            .or_else(|| self.app.meetings.iter().filter(|m| !m.archived).max_by_key(|m| (m.year, m.id)).map(|m| m.id))
    }

    /// The form of `action`, built on what the store says now.
    fn build_form(&self, action: &Action, items: &[(i64, i64)]) -> Result<Form, String> {
        let lang = self.app.lang;
        let err = |e: StoreError| e.message(lang);
        let ctx = &self.app.ctx;
        match action {
            Action::ImportFile => return Ok(Import::open(&self.last_import, lang)),
            Action::ExportFile => return Ok(Export::open(&self.app.meetings, &self.export_dir, lang)),
            Action::WriteReport => return Ok(Report::open(&self.app.meetings, lang)),
            _ => {}
        }
        if *action == Action::NewEntry {
            let Some(meeting) = self.open_meeting() else {
                return Err(tr(lang, T::FormSessionNoMeetingIsOpen));
            };
            return NewEntry::open(&self.store, &self.app.meetings, meeting, ctx, lang);
        }
        let batch_close = *action == Action::CloseShown || (*action == Action::CloseEntry && items.len() > 1);
        if batch_close {
            return self.batch_close_form(action, items);
        }
        if *action == Action::AssignUnits && items.len() > 1 {
            return self.batch_assign_form(items);
        }
        let Some(&(id, _)) = items.first() else { return Err(String::new()) };
        if !Open::has(action) {
            return Err(String::new());
        }
        self.check_applies(action, id)?;
        let d = self.store.item_detail(id).map_err(err)?;
        let head = Head { detail: &d, units: &self.app.units, meetings: &self.app.meetings };
        let Some(form) = Open::load(action, &self.store, &head, ctx, lang) else { return Err(String::new()) };
        let mut form = form?;
        self.say_which_row(&mut form, &d.item.number);
        form.seen = d.history.len();
        Ok(form)
    }

    pub(super) fn open_form(&mut self, action: &Action, items: &[(i64, i64)]) {
        match self.build_form(action, items) {
            Ok(mut f) => {
                f.lang = self.app.lang;
                f.this_year = self.app.ctx.today.year();
                f.opened = f.fields.clone();
                self.app.open_form(f);
            }
            Err(msg) if msg.is_empty() => {}
            Err(msg) => self.app.say(Level::Warning, msg),
        }
    }

    /// Reads everything again after a save of ours (the search index too, through refresh).
    pub(super) fn after_write(&mut self) {
        self.sweep();
        self.refresh();
    }

    pub(super) fn save_form(&mut self) {
        let Some(form) = self.app.form().cloned() else { return };
        let lang = self.app.lang;
        if let Open::Import(_) = form.dialog {
            self.last_import = ImportChoice::of(&form);
        }
        match self.save_dialog(&form) {
            Ok(Saved::Done(msg) | Saved::Undoable(msg, _)) => {
                self.app.close_form();
                self.after_write();
                self.app.say(Level::Info, msg);
            }
            Ok(Saved::Report(mut r, _)) => {
                r.lang = lang;
                self.after_write();
                self.app.open_form(*r);
            }
            Ok(Saved::NewItem(id, warning)) => {
                self.app.close_form();
                self.after_write();
                self.apply(Outcome::LoadDetail(id));
                if warning.is_empty() {
                    self.app.say(Level::Info, tr(lang, T::FormSessionRegisteredWaitingForThe));
                } else {
                    self.app.say(Level::Warning, warning);
                }
            }
            Ok(Saved::Job(spec)) => match self.store.reopen() {
                Ok(store) => {
                    let job = super::job::Job::spawn(spec, store, lang);
                    self.app.job = Some(job.view);
                    self.job = Some(job);
                }
                Err(e) => self.form_error(e.message(lang)),
            },
            Err(SaveError::Input(m)) => self.form_error(m),
            Err(SaveError::Store(StoreError::Conflict { .. })) => self.show_conflict(),
            Err(SaveError::Store(e)) => self.form_error(e.message(lang)),
        }
    }

    /// Takes the running job's progress; when it has finished, closes its form and says what
    /// it did, or leaves the form open with why not (a cancel included).
    pub(super) fn poll_job(&mut self) {
        let Some(job) = &mut self.job else { return };
        let finished = job.poll();
        self.app.job = Some(job.view);
        if let Some(result) = finished {
            self.job_finished(result);
        }
    }

    /// Waits for the running job, if any, and takes its outcome (tests; a job of a few
    /// seconds otherwise reports through [`Session::tick`]).
    pub fn wait_for_job(&mut self) {
        if let Some(job) = &mut self.job {
            let result = job.wait();
            self.job_finished(result);
        }
    }

    fn job_finished(&mut self, result: Result<super::job::Done, String>) {
        (self.job, self.app.job) = (None, None);
        match result {
            Ok(super::job::Done::Said(msg)) => {
                self.app.close_form();
                self.after_write();
                self.app.say(Level::Info, msg);
            }
            Ok(super::job::Done::Show(mut form)) => {
                form.lang = self.app.lang;
                self.app.open_form(*form);
            }
            Err(msg) if self.app.form().is_some() => self.form_error(msg),
            Err(msg) => self.app.say(Level::Error, msg),
        }
    }

    fn form_error(&mut self, msg: String) {
        if let Some(f) = self.app.form_mut() {
            f.fail(msg);
        }
    }

    /// The save lost a race: show what the other clerk saved beside what was typed.
    fn show_conflict(&mut self) {
        let lang = self.app.lang;
        let Some((item, _)) = self.app.form().and_then(|f| f.dialog.item()) else {
            return self.form_error(StoreError::Conflict { entity: "item", id: 0 }.message(lang));
        };
        match self.store.item_detail(item) {
            Ok(d) => {
                if let Some(f) = self.app.form_mut() {
                    let theirs = d.history.iter().skip(f.seen).cloned().collect();
                    f.conflict = Some(Conflict { version: d.item.version, theirs });
                    f.seen = d.history.len();
                }
            }
            Err(e) => self.form_error(e.message(lang)),
        }
        // The screen behind the form shows the other clerk's version.
        self.refresh();
    }

    pub(super) fn reapply_form(&mut self) {
        if let Some(f) = self.app.form_mut() {
            if let Some(c) = f.conflict.take() {
                f.dialog.set_version(c.version);
            }
        }
        self.save_form();
    }

    pub(super) fn reload_form(&mut self) {
        let Some(form) = self.app.take_form() else { return };
        let (Some(action), Some((item, _))) = (form.dialog.action(), form.dialog.item()) else { return };
        match self.store.item_detail(item) {
            Ok(d) => self.open_form(&action, &[(item, d.item.version)]),
            Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
        }
    }

    /// The new-item form's meeting changed: its next number and its body's people.
    pub(super) fn form_meeting_changed(&mut self) {
        if let Some(form) = self.app.form_mut() {
            NewEntry::meeting_changed(&self.store, form);
        }
    }

    /// Saves the open dialog's form (one store call) and keeps the undo record of the step
    /// it saved. Undo takes back only the last step: a save of a kind undo does not cover
    /// drops the record, so undo after (say) a reply never reaches back to an earlier edit
    /// of another item.
    fn save_dialog(&mut self, form: &Form) -> Result<Saved, SaveError> {
        let saved = form.dialog.save(&mut self.store, form)?;
        match &saved {
            Saved::Undoable(_, u) | Saved::Report(_, Some(u)) => {
                self.undo = (!u.items.is_empty()).then(|| u.clone());
            }
            _ if !form.dialog.keeps_undo() => self.undo = None,
            _ => {}
        }
        Ok(saved)
    }

    /// The item the clerk's undo step would take back first (the first of a batch), if any.
    pub fn undo_target(&self) -> Option<i64> {
        self.undo.as_ref().and_then(|u| u.items.first()).map(|t| t.item_id)
    }

    /// Undo: first a form naming the step and its items; Enter undoes, Esc leaves it.
    pub(super) fn undo(&mut self) {
        let lang = self.app.lang;
        let Some(record) = self.undo.clone() else {
            let none = tr(lang, T::FormSessionNothingToUndoOnly);
            return self.app.say(Level::Warning, none);
        };
        match UndoConfirm::open(&self.store, record, lang) {
            Ok(mut f) => {
                f.lang = lang;
                self.app.open_form(f);
            }
            Err(e) => self.app.say(Level::Error, e),
        }
    }

    /// The filing queue: the ledger filtered to received items, with the counts per decision.
    pub(super) fn show_filing(&mut self) {
        let lang = self.app.lang;
        self.app.ledger.filter.status = Some(Status::Received);
        self.app.screen = super::app::Screen::Ledger;
        self.app.detail = None;
        self.reload_ledger();
        match self.store.filing_counts(self.app.ledger.filter.meeting) {
            Ok(counts) => {
                let parts: Vec<String> = counts.iter().map(|(f, n)| format!("{} {n}", f.label(lang))).collect();
                let head = tr(lang, T::FormSessionFilingQueueCounts);
                self.app.say(Level::Info, format!("{head}{}", parts.join("  ")));
            }
            Err(e) => self.app.say(Level::Error, e.message(lang)),
        }
    }
}
