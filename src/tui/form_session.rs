//! The session's side of forms: loading what a form needs, saving it, and what follows a
//! save (a reload, a conflict shown with both versions, a report). Part of [`Session`]:
//! these are store calls too.
use super::action::Action;
use super::action::Outcome;
use super::app::Level;
use super::dialogs::{Head, Open};
use super::forms::build;
use super::forms::draw::tr;
use super::forms::field::Field;
use super::forms::{intake, transfer, Conflict, Form, Purpose};
use super::forms::{SaveError, Saved};
use super::save::save;
use super::session::Session;
use crate::domain::{Body, Status};
use crate::store::StoreError;
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

    fn body_of(&self, meeting: i64) -> Body {
        self.app.meetings.iter().find(|m| m.id == meeting).map(|m| m.body).unwrap_or(Body::Npc)
    }

    /// The form of `action`, built on what the store says now.
    fn build_form(&self, action: &Action, items: &[(i64, i64)]) -> Result<Form, String> {
        let lang = self.app.lang;
        let err = |e: StoreError| e.message(lang);
        let ctx = &self.app.ctx;
        match action {
            Action::ImportFile => return Ok(transfer::import_form(&self.last_import, lang)),
            Action::ExportFile => return Ok(transfer::export_form(&self.app.meetings, &self.export_dir, lang)),
            Action::WriteReport => return Ok(transfer::report_form(&self.app.meetings, lang)),
            _ => {}
        }
        if *action == Action::NewEntry {
            let Some(meeting) = self.open_meeting() else {
                return Err(tr(lang, "没有未归档的会议,不能登记新件", "no meeting is open for new items"));
            };
            let people = self.store.people(self.body_of(meeting)).map_err(err)?;
            let number = self.store.next_number(meeting).map_err(err)?;
            let meetings = &self.app.meetings;
            return Ok(intake::item_form(Purpose::NewEntry, meetings, meeting, &people, None, &number, ctx, lang));
        }
        let batch_close = *action == Action::CloseShown || (*action == Action::CloseEntry && items.len() > 1);
        if batch_close {
            return self.batch_close_form(action, items);
        }
        if *action == Action::AssignUnits && items.len() > 1 {
            return self.batch_assign_form(items);
        }
        let Some(&(id, _)) = items.first() else { return Err(String::new()) };
        self.check_applies(action, id)?;
        let d = self.store.item_detail(id).map_err(err)?;
        let head = Head { detail: &d };
        let mut form = match Open::load(action, &self.store, &head, ctx, lang) {
            Some(form) => form?,
            None => self.build_old_form(action, &d)?,
        };
        self.say_which_row(&mut form, &d.item.number);
        form.seen = d.history.len();
        Ok(form)
    }

    /// The forms not yet moved to a dialog of their own (`tui/dialogs/`).
    fn build_old_form(&self, action: &Action, d: &crate::store::detail::ItemDetail) -> Result<Form, String> {
        let lang = self.app.lang;
        let err = |e: StoreError| e.message(lang);
        let ctx = &self.app.ctx;
        let id = d.item.id;
        let form = match action {
            Action::EditEntry => {
                let draft = self.store.item_draft(id).map_err(err)?;
                let people = self.store.people(d.meeting.body).map_err(err)?;
                let purpose = Purpose::EditEntry { item: id, version: d.item.version };
                intake::item_form(purpose, &self.app.meetings, d.item.meeting_id, &people, Some(&draft), "", ctx, lang)
            }
            Action::ReviewFiling => intake::filing_form(d, &self.app.units, ctx, lang)?,
            _ => build::open(action, d, ctx, &self.app.units, lang)?,
        };
        Ok(form)
    }

    pub(super) fn open_form(&mut self, action: &Action, items: &[(i64, i64)]) {
        match self.build_form(action, items) {
            Ok(mut f) => {
                if let Some(Ok(m)) = f.field("meeting").map(|m| m.choice_code().parse::<i64>()) {
                    self.people_body = Some(self.body_of(m));
                }
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
        let body = match (&form.purpose, form.field("meeting")) {
            (Purpose::NewEntry, Some(f)) => self.body_of(f.choice_code().parse().unwrap_or(0)),
            (Purpose::EditEntry { item, .. }, _) => match self.store.item_detail(*item) {
                Ok(d) => d.meeting.body,
                Err(e) => return self.form_error(e.message(lang)),
            },
            _ => Body::Npc,
        };
        if form.purpose == Purpose::Import {
            self.last_import = transfer::choice_of(&form);
        }
        match save(&mut self.store, &form, body) {
            Ok(Saved::Done(msg) | Saved::Closed(_, msg)) => {
                self.app.close_form();
                self.after_write();
                self.app.say(Level::Info, msg);
            }
            Ok(Saved::Report(mut r)) => {
                r.lang = lang;
                self.after_write();
                self.app.open_form(*r);
            }
            Ok(Saved::NewItem(id, warning)) => {
                self.app.close_form();
                self.after_write();
                self.apply(Outcome::LoadDetail(id));
                if warning.is_empty() {
                    self.app
                        .say(Level::Info, tr(lang, "已登记,待立案审查", "Registered; waiting for the filing review"));
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
        let Some(item) = self.app.form().and_then(|f| f.purpose.item()) else {
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
                f.purpose = f.purpose.with_version(c.version);
            }
        }
        self.save_form();
    }

    pub(super) fn reload_form(&mut self) {
        let Some(form) = self.app.take_form() else { return };
        let action = match form.purpose {
            Purpose::Assign { reassign: true, .. } => Action::ReassignItem,
            Purpose::Assign { .. } => Action::AssignUnits,
            Purpose::Feedback { .. } => Action::RecordFeedback,
            Purpose::Dialog(ref d) => d.action(),
            Purpose::EditEntry { .. } => Action::EditEntry,
            Purpose::Filing { .. } => Action::ReviewFiling,
            Purpose::CloseMany { .. }
            | Purpose::UndoConfirm
            | Purpose::NewEntry
            | Purpose::Notice
            | Purpose::Import
            | Purpose::ImportConfirm { .. }
            | Purpose::Export
            | Purpose::Report => return,
        };
        if let Some(item) = form.purpose.item() {
            match self.store.item_detail(item) {
                Ok(d) => self.open_form(&action, &[(item, d.item.version)]),
                Err(e) => self.app.say(Level::Error, e.message(self.app.lang)),
            }
        }
    }

    /// The new-item form's meeting changed: its next number and its body's people.
    pub(super) fn form_meeting_changed(&mut self) {
        let lang = self.app.lang;
        let Some(form) = self.app.form() else { return };
        let Ok(meeting) = form.choice("meeting").parse::<i64>() else { return };
        let body = self.body_of(meeting);
        let same_body = self.people_body == Some(body);
        let number = self.store.next_number(meeting);
        let people = if same_body { None } else { Some(self.store.people(body)) };
        let Some(form) = self.app.form_mut() else { return };
        match number {
            Ok(n) => {
                if let Some(f) = form.field_mut("number") {
                    *f = Field::text("number", &f.label.clone(), &n);
                }
            }
            Err(e) => form.error = Some(e.message(lang)),
        }
        match people {
            Some(Ok(p)) => {
                if let Some(f) = form.field_mut("proposers") {
                    if let Some(l) = f.picks_mut() {
                        let picked = std::mem::take(&mut l.picked);
                        *l = intake::people_list(&p);
                        // Proposers of the other body cannot stay on this item.
                        l.picked = picked.into_iter().filter(|x| x.id.is_none()).collect();
                    }
                }
                self.people_body = Some(body);
            }
            Some(Err(e)) => form.error = Some(e.message(lang)),
            None => {}
        }
    }

    /// Undo: first a form naming the step and its items; Enter undoes, Esc leaves it.
    pub(super) fn undo(&mut self) {
        let lang = self.app.lang;
        match self.store.undo_preview() {
            Ok(Some(p)) => {
                let info = vec![
                    (None, p.describe(lang)),
                    (
                        None,
                        tr(lang, "{key:submit} 撤销,{key:back} 取消", "{key:submit} undoes it, {key:back} leaves it"),
                    ),
                ];
                let mut f = Form::new(Purpose::UndoConfirm, tr(lang, "撤销上一步", "Undo"), Vec::new()).with_info(info);
                f.lang = lang;
                self.app.open_form(f);
            }
            Ok(None) => self.app.say(
                Level::Warning,
                tr(
                    lang,
                    "没有可撤销的上一步(只能撤销本次最后一步的修改、立案审查、撤回、交办或销号)",
                    "Nothing to undo (only your last edit, filing decision, withdrawal, assignment or closure)",
                ),
            ),
            Err(e) => self.app.say(Level::Error, e.message(lang)),
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
                let head = tr(lang, "待立案 · 各决定件数:", "Filing queue · counts: ");
                self.app.say(Level::Info, format!("{head}{}", parts.join("  ")));
            }
            Err(e) => self.app.say(Level::Error, e.message(lang)),
        }
    }
}
