//! The detail screen: a header with the item's key facts, then two scrollable panes, the
//! item's text (正文) and everything recorded on it (办理记录), grouped by stage.
use super::history_words as words;
use super::Regions;
use crate::domain::{Filing, Role, SecondReason};
use crate::store::detail::ItemDetail;
use crate::text::{Lang, T};
use crate::tui::app::{App, DetailState, Pane};
use crate::tui::layout::main_of;
use crate::tui::theme::Theme;
use crate::tui::width::{cut, width, wrap};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Lines of the header above the panes.
const HEADER: u16 = 4;

/// The header and the two panes (outer rectangles, borders included) in `main`, for an
/// item whose text has `text_lines` lines at the stacked width. Side by side on a wide
/// terminal; stacked on a narrow one, the text pane no taller than its text (and at most a
/// third of the space), so the records get the rest.
pub fn layout(main: Rect, text_lines: usize) -> (Rect, Rect, Rect) {
    let header = Rect { height: HEADER.min(main.height), ..main };
    let rest = Rect { y: main.y + header.height, height: main.height - header.height, ..main };
    if rest.width >= 120 {
        let left = rest.width * 2 / 5;
        let text = Rect { width: left, ..rest };
        let records = Rect { x: rest.x + left, width: rest.width - left, ..rest };
        (header, text, records)
    } else {
        let wanted = u16::try_from(text_lines + 2).unwrap_or(u16::MAX);
        let top = wanted.min(rest.height / 3).max(3).min(rest.height);
        let text = Rect { height: top, ..rest };
        let records = Rect { y: rest.y + top, height: rest.height - top, ..rest };
        (header, text, records)
    }
}

/// How many lines the item's text takes in a stacked text pane of a `main` area.
fn text_lines(app: &App, d: &DetailState, main: Rect) -> usize {
    pane_lines(app, d, Pane::Text, usize::from(main.width.saturating_sub(2))).len()
}

/// The inside (columns, rows) of a pane in a terminal of `size`.
pub fn pane_size(app: &App, d: &DetailState, pane: Pane) -> (usize, usize) {
    let main = main_of(app.size);
    let (_, text, records) = layout(main, text_lines(app, d, main));
    let r = if pane == Pane::Text { text } else { records };
    (usize::from(r.width.saturating_sub(2)), usize::from(r.height.saturating_sub(2)))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Lines of one pane, wrapped to `w` cells.
pub fn pane_lines(app: &App, d: &DetailState, pane: Pane, w: usize) -> Vec<Line<'static>> {
    match pane {
        Pane::Text => {
            let text = d.detail.item.body_text.trim();
            if text.is_empty() {
                vec![Line::styled(T::None.get(app.lang), app.theme.dim())]
            } else {
                wrap(&app.theme.text(text), w).into_iter().map(Line::from).collect()
            }
        }
        Pane::Records => Records::new(app, w).build(&d.detail),
    }
}

/// Builds the records pane, one section after another.
struct Records<'a> {
    lang: Lang,
    theme: Theme,
    w: usize,
    app: &'a App,
    lines: Vec<Line<'static>>,
}

impl<'a> Records<'a> {
    fn new(app: &'a App, w: usize) -> Records<'a> {
        Records { lang: app.lang, theme: app.theme, w, app, lines: Vec::new() }
    }

    fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    /// A section heading with its count; "none" under it when empty.
    fn section(&mut self, title: T, count: usize) {
        if !self.lines.is_empty() {
            self.lines.push(Line::raw(""));
        }
        self.lines.push(Line::styled(format!("{} ({count})", self.t(title)), self.theme.section()));
        if count == 0 {
            self.lines.push(Line::styled(format!("  {}", self.t(T::None)), self.theme.dim()));
        }
    }

    /// One entry: its parts joined by a dot, a part that does not fit starting a new line
    /// with a hanging indent (and wrapping if it is longer than a line).
    fn entry(&mut self, parts: &[String], indent: usize) {
        let dot = self.theme.dot();
        let first_w = self.w.saturating_sub(indent).max(8);
        let rest_w = self.w.saturating_sub(indent + 2).max(8);
        let mut out: Vec<String> = Vec::new();
        let mut line = String::new();
        let theme = self.theme;
        let parts: Vec<std::borrow::Cow<str>> = parts.iter().map(|p| theme.text(p.trim())).collect();
        for p in parts.iter().map(|p| p.as_ref()).filter(|p| !p.is_empty()) {
            let room = if out.is_empty() { first_w } else { rest_w };
            let sep = if line.is_empty() { "" } else { dot };
            if width(&line) + width(sep) + width(p) <= room {
                line.push_str(sep);
                line.push_str(p);
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let mut pieces = wrap(p, rest_w);
            line = pieces.pop().unwrap_or_default();
            out.extend(pieces);
        }
        out.push(line);
        for (i, l) in out.into_iter().enumerate() {
            let pre = " ".repeat(if i == 0 { indent } else { indent + 2 });
            self.lines.push(Line::from(vec![Span::raw(pre), Span::raw(l)]));
        }
    }

    fn build(mut self, d: &ItemDetail) -> Vec<Line<'static>> {
        self.handling(d);
        self.follow_up(d);
        self.lines
    }

    /// Who filed it and how it is handled: proposers, assignments, requests, opinions,
    /// contacts, face-to-face replies, replies.
    fn handling(&mut self, d: &ItemDetail) {
        let lang = self.lang;
        let unit = |id: i64| -> String {
            let s = d.unit_short(id);
            if s.is_empty() {
                self.app.unit_short(id).to_string()
            } else {
                s.to_string()
            }
        };

        self.section(T::SecProposers, d.proposers.len());
        for p in &d.proposers {
            let mut who = format!("{}. {}", p.position + 1, p.person.name);
            if p.position == 0 {
                who.push_str(&format!(" ({})", self.t(T::LeadProposer)));
            }
            if p.person.collective {
                who.push_str(&format!(" [{}]", self.t(T::Collective)));
            }
            self.entry(&[who, p.person.delegation.clone(), p.person.phone.clone()], 2);
        }

        self.section(T::SecAssignments, d.assignments.len());
        for a in &d.assignments {
            let s = &a.assignment;
            let mut parts = vec![
                format!("{} {}", s.role.label(lang), a.unit_name),
                format!("{} {}", self.t(T::Assigned), day(s.assigned_on)),
                format!("{} {} {}", self.t(T::Deadline), day(s.deadline), s.deadline_note),
                match s.received_on {
                    Some(r) => format!("{} {}", self.t(T::Received), day(r)),
                    None => self.t(T::NotReceived).to_string(),
                },
            ];
            if let Some(e) = s.ended_on {
                parts.push(format!("{} {} {}", self.t(T::Ended), day(e), s.end_reason));
            }
            self.entry(&parts, 2);
        }

        if !d.requests.is_empty() {
            self.section(T::SecRequests, d.requests.len());
            for r in &d.requests {
                let decision = match r.decision.as_str() {
                    "approved" => self.t(T::Approved),
                    "refused" => self.t(T::Refused),
                    _ => self.t(T::Waiting),
                };
                let mut parts = vec![
                    r.unit_short.clone(),
                    format!("{} {}", self.t(T::Requested), day(r.requested_on)),
                    r.reason.clone(),
                    format!("{decision} {}", r.decided_on.map(day).unwrap_or_default()),
                    r.note.clone(),
                ];
                if !r.override_reason.is_empty() {
                    parts.push(r.override_reason.clone());
                }
                self.entry(&parts, 2);
            }
        }

        let co: Vec<_> = d.assignments.iter().filter(|a| a.assignment.role == Role::CoHandling).collect();
        let n = co.iter().map(|a| a.co_opinions.len().max(usize::from(a.assignment.ended_on.is_none()))).sum();
        self.section(T::SecCoOpinions, n);
        for a in &co {
            for o in &a.co_opinions {
                self.entry(&[a.unit_short.clone(), day(o.received_on), o.doc_number.clone(), o.text.clone()], 2);
            }
            if a.co_opinions.is_empty() && a.assignment.ended_on.is_none() {
                let missing =
                    format!("{} ({} {})", self.t(T::OpinionMissing), self.t(T::Deadline), day(a.assignment.deadline));
                self.entry(&[a.unit_short.clone(), missing], 2);
            }
        }

        self.section(T::SecContacts, d.contacts.len());
        for c in &d.contacts {
            let u = c.unit_id.map(unit).unwrap_or_default();
            let parts = [
                day(c.contacted_on),
                c.stage.label(lang).into(),
                c.method.label(lang).into(),
                u,
                c.participants.clone(),
                c.notes.clone(),
            ];
            self.entry(&parts, 2);
        }

        self.section(T::SecFaceToFace, d.face_to_face.len());
        for f in &d.face_to_face {
            let mut parts =
                vec![day(f.met_on), unit(f.unit_id), f.place.clone(), format!("{} {}", f.rank.label(lang), f.replier)];
            if f.office_present {
                parts.push(self.t(T::ThreeWay).to_string());
            }
            if !f.proposers_present.is_empty() {
                parts.push(format!("{} {}", self.t(T::Present), f.proposers_present));
            }
            parts.push(f.reaction.clone());
            self.entry(&parts, 2);
        }

        let replies: Vec<_> = d.assignments.iter().flat_map(|a| a.replies.iter().map(move |r| (a, r))).collect();
        self.section(T::SecReplies, replies.len());
        for (a, r) in replies {
            let class = self.app.ctx.rules.class_label(&r.result_class, lang).unwrap_or("");
            let parts = [
                a.unit_short.clone(),
                T::Round.get(lang).replace("{n}", &r.round.to_string()),
                day(r.replied_on),
                format!("{} {}", r.result_class, class),
                r.doc_number.clone(),
                format!("{} {}", self.t(T::Signer), r.signer),
                r.disclosure.label(lang).to_string(),
                r.review.label(lang).to_string(),
            ];
            self.entry(&parts, 2);
            if !r.text.trim().is_empty() {
                self.entry(&[r.text.trim().to_string()], 4);
            }
            for v in d.reviews.iter().filter(|v| v.reply_id == r.id) {
                let parts = [
                    self.t(T::ReviewWord).to_string(),
                    day(v.reviewed_on),
                    v.decision.label(lang).into(),
                    v.reason.clone(),
                ];
                self.entry(&parts, 4);
            }
        }
    }

    /// What came after: feedback, second rounds, commitments, closure, reminders, the
    /// office's deadlines, history.
    fn follow_up(&mut self, d: &ItemDetail) {
        let lang = self.lang;
        let name_of = |id: Option<i64>| -> String {
            id.and_then(|id| d.proposers.iter().find(|p| p.person.id == id))
                .map(|p| p.person.name.clone())
                .unwrap_or_default()
        };
        let unit = |id: i64| -> String {
            let s = d.unit_short(id);
            if s.is_empty() {
                self.app.unit_short(id).to_string()
            } else {
                s.to_string()
            }
        };

        self.section(T::SecFeedback, d.feedback.len());
        for f in &d.feedback {
            let parts = [
                T::Round.get(lang).replace("{n}", &f.round.to_string()),
                day(f.received_on),
                f.level.label(lang).to_string(),
                name_of(f.person_id),
                f.comments.clone(),
            ];
            self.entry(&parts, 2);
        }

        self.section(T::SecSecondRounds, d.second_rounds.len());
        for s in &d.second_rounds {
            let mut parts = vec![
                day(s.opened_on),
                s.reason.label(lang).to_string(),
                s.unit_id.map(unit).unwrap_or_default(),
                format!("{} {}", self.t(T::Deadline), day(s.deadline)),
            ];
            if !s.leader.is_empty() {
                parts.push(format!("{} {}", self.t(T::CaseLeader), s.leader));
            }
            if let Some(c) = s.closed_on {
                parts.push(format!("{} {}", self.t(T::Finished), day(c)));
            }
            // Whose the round is (a round opened by feedback: the unsatisfied proposers).
            if s.reason == SecondReason::Feedback {
                let names: Vec<String> = s.owners.iter().map(|o| name_of(*o)).filter(|n| !n.is_empty()).collect();
                parts.push(names.join("、"));
            }
            parts.push(s.outcome.map(|o| o.label(lang).to_string()).unwrap_or_default());
            parts.push(s.escalation.map(|e| e.label(lang).to_string()).unwrap_or_default());
            self.entry(&parts, 2);
            // Its progress log, one line a note.
            for n in &s.progress {
                self.entry(&[day(n.noted_on), n.text.clone()], 4);
            }
        }

        self.section(T::SecCommitments, d.commitments.len());
        for c in &d.commitments {
            let state = match (c.done_on, c.carried) {
                (Some(done), _) => format!("{} {}", self.t(T::Done), day(done)),
                (None, true) => self.t(T::Carried).to_string(),
                (None, false) => self.t(T::NotDone).to_string(),
            };
            self.entry(&[c.description.clone(), format!("{} {}", self.t(T::Deadline), day(c.due_on)), state], 2);
        }
        // A returned reply's commitments: on record, no longer counted.
        for c in &d.returned_commitments {
            let parts = [
                c.description.clone(),
                format!("{} {}", self.t(T::Deadline), day(c.due_on)),
                self.t(T::ReturnedWithReply).to_string(),
            ];
            self.entry(&parts, 2);
        }

        self.section(T::SecClosure, d.closures.len());
        for c in &d.closures {
            let mut parts = vec![day(c.closed_on), c.operator.clone()];
            if !c.forced_reason.is_empty() {
                parts.push(format!("{}: {}", self.t(T::Forced), c.forced_reason));
            }
            if let Some(r) = c.reopened_on {
                parts.push(format!("{} {} {}", self.t(T::Reopened), day(r), c.reopen_reason));
            }
            self.entry(&parts, 2);
        }

        self.section(T::SecReminders, d.reminders.len());
        for r in &d.reminders {
            let parts = [
                day(r.reminded_on),
                r.kind.label(lang).into(),
                unit(r.unit_id),
                r.method.clone(),
                r.to_whom.clone(),
                r.note.clone(),
            ];
            self.entry(&parts, 2);
        }

        self.section(T::SecOffice, d.office.len());
        for w in &d.office {
            let state = match w.done {
                Some(done) => T::DoneLate.get(lang).replace("{d}", &day(done)),
                None => {
                    crate::tui::views::ledger::deadline_cell(
                        Some(w.due.date),
                        crate::domain::Status::Handling,
                        self.app.ctx.today,
                        self.app.ctx.rules.due_soon_days,
                        lang,
                        self.theme,
                    )
                    .0
                }
            };
            let parts = [
                w.work.label(lang).to_string(),
                w.whom.clone(),
                format!("{} {}", w.work.from_label(lang), day(w.from)),
                format!("{} {}", self.t(T::ColDeadline), day(w.due.date)),
                state,
            ];
            self.entry(&parts, 2);
        }

        self.section(T::SecHistory, d.history.len());
        for h in &d.history {
            let at: String = h.at.replace('T', " ").chars().take(16).collect();
            let mut parts = vec![at, h.operator.clone(), words::action(h.action, h.after.as_deref(), lang)];
            match (&h.before, &h.after) {
                (Some(b), Some(a)) => parts.extend(changes(b, a, lang)),
                // 并入本件: which item came in.
                (None, Some(a)) if h.action == crate::store::AuditAction::MergedIn => {
                    parts.extend(changes("{}", a, lang))
                }
                _ => {}
            }
            self.entry(&parts, 2);
        }
    }
}

/// What an edit changed, field by field ("标题: 旧 → 新"), from the audit row's before and
/// after values.
pub(crate) fn changes(before: &str, after: &str, lang: Lang) -> Vec<String> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::from_str::<serde_json::Value>(before), serde_json::from_str::<serde_json::Value>(after))
    else {
        return Vec::new();
    };
    let show = |k: &str, v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::Null) | None => "—".to_string(),
        Some(v) => words::value(k, v, lang).unwrap_or_else(|| match v {
            serde_json::Value::String(s) => cut(s, 24, "…"),
            v => cut(&v.to_string(), 24, "…"),
        }),
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| {
            let name = words::field(k, lang);
            if b.is_empty() {
                return format!("{name}: {}", show(k, Some(v)));
            }
            format!("{name}: {} → {}", show(k, b.get(k)), show(k, Some(v)))
        })
        .collect()
}

/// The filing state, with where the review sent the item: merged into which item (and its
/// title), the refusal ground, the opinion letter's unit, the items merged into this one.
fn filing_words(d: &ItemDetail, lang: Lang) -> String {
    let f = &d.filing_facts;
    let number = |n: &str| T::NumberLabel.get(lang).replace("{n}", n);
    let mut s = match (d.item.filing, &f.merged_into) {
        (Filing::Merged, Some((n, title))) => {
            format!("{} {}", T::MergedIntoItem.get(lang).replace("{n}", &number(n)), cut(title, 20, "…"))
        }
        (Filing::NotFiled, _) if !f.ground.is_empty() => T::NotFiledGround.get(lang).replace("{g}", &f.ground),
        (Filing::Opinion, _) => match &f.opinion_unit {
            Some(u) => T::OpinionToUnit.get(lang).replace("{u}", u),
            None => d.item.filing.label(lang).to_string(),
        },
        _ => d.item.filing.label(lang).to_string(),
    };
    if !f.merged_from.is_empty() {
        let sep = crate::text::T::ListSep.get(lang);
        let list: Vec<String> = f.merged_from.iter().map(|n| number(n)).collect();
        s.push_str(&format!(" ({})", T::MergedFromItems.get(lang).replace("{n}", &list.join(sep))));
    }
    s
}

/// The four header lines: where the item comes from, its title, where it stands, its facts.
fn header_lines(app: &App, d: &ItemDetail, w: usize) -> Vec<Line<'static>> {
    let (lang, t) = (app.lang, app.theme);
    let dot = t.dot();
    let it = &d.item;
    let mut first = vec![
        d.meeting.name.clone(),
        format!("{} {}", it.kind.label(lang), T::NumberLabel.get(lang).replace("{n}", &it.number)),
    ];
    if it.key {
        first.push(T::KeyItem.get(lang).to_string());
    }
    let (due_text, due_style) =
        super::ledger::deadline_cell(d.due_on, d.status, app.ctx.today, app.ctx.rules.due_soon_days, lang, t);
    let due = match d.due_on {
        Some(day) if d.status.is_open() => format!("{} ({due_text})", day.format("%Y-%m-%d")),
        _ => due_text,
    };
    let lead = d.proposers.first().map(|p| p.person.name.clone()).unwrap_or_default();
    let mut third = vec![
        Span::raw(format!("{} ", T::FieldStatus.get(lang))),
        Span::styled(d.status.label(lang).to_string(), t.title()),
        Span::raw(format!("{dot}{} ", T::FieldDue.get(lang))),
        Span::styled(due, due_style),
        Span::raw(format!("{dot}{} {lead}", T::FieldLead.get(lang))),
    ];
    if !it.leader.is_empty() {
        third.push(Span::raw(format!("{dot}{} {}", T::FieldLeader.get(lang), it.leader)));
    }
    let fourth = [
        format!("{} {}", T::FieldTopic.get(lang), it.topic),
        format!("{} {}", T::FieldFiled.get(lang), it.filed_on.format("%Y-%m-%d")),
        it.timing.label(lang).to_string(),
        filing_words(d, lang),
    ]
    .join(dot);
    vec![
        Line::raw(cut(&t.text(&first.join(dot)), w, t.ellipsis())),
        Line::styled(cut(&t.text(&it.title), w, t.ellipsis()), t.title()),
        Line::from(third),
        Line::styled(cut(&t.text(&fourth), w, t.ellipsis()), t.dim()),
    ]
}

fn draw_pane(frame: &mut Frame, area: Rect, app: &App, d: &DetailState, pane: Pane) {
    let t = app.theme;
    let focused = d.pane == pane;
    let name = match pane {
        Pane::Text => T::PaneText,
        Pane::Records => T::PaneRecords,
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(if focused { t.focused() } else { t.dim() })
        .title(Span::styled(format!(" {} ", name.get(app.lang)), if focused { t.section() } else { t.dim() }));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = pane_lines(app, d, pane, usize::from(inner.width));
    let scroll = d.scroll_of(pane).min(lines.len().saturating_sub(usize::from(inner.height)));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// Draws the detail screen.
pub fn draw(frame: &mut Frame, r: Regions, app: &App, d: &DetailState) {
    let lang = app.lang;
    let t = app.theme;
    let it = &d.detail.item;
    let pos = app.ledger.position(it.id);
    let mut title = vec![T::DetailTitle.get(lang).to_string()];
    if let Some(i) = pos {
        title.push(
            T::Position.get(lang).replace("{i}", &(i + 1).to_string()).replace("{n}", &app.ledger.len().to_string()),
        );
    }
    let w = usize::from(r.title.width);
    frame.render_widget(Paragraph::new(Line::styled(cut(&title.join(t.dot()), w, t.ellipsis()), t.title())), r.title);
    let (header, text, records) = layout(r.main, text_lines(app, d, r.main));
    frame.render_widget(Paragraph::new(header_lines(app, &d.detail, usize::from(header.width))), header);
    draw_pane(frame, text, app, d, Pane::Text);
    draw_pane(frame, records, app, d, Pane::Records);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some_detail() -> (tempfile::TempDir, ItemDetail) {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = crate::data::load(None).expect("data");
        let mut store = crate::store::Store::open(&dir.path().join("d.db"), "测试员", data).expect("store");
        store.load_demo().expect("demo");
        let d = store.item_detail(1).expect("item 1");
        (dir, d)
    }

    #[test]
    fn the_header_says_where_the_filing_review_sent_the_item() {
        let (_dir, mut d) = some_detail();
        d.item.filing = Filing::Merged;
        d.filing_facts.merged_into = Some(("209".into(), "关于加快老旧小区改造的建议".into()));
        assert_eq!(filing_words(&d, Lang::Zh), "已并入 第209号 关于加快老旧小区改…", "the title cut");
        assert!(filing_words(&d, Lang::En).starts_with("Merged into No. 209"));
        d.item.filing = Filing::NotFiled;
        d.filing_facts.ground = "涉及个人或家庭私事".into();
        assert_eq!(filing_words(&d, Lang::Zh), "不予立案: 涉及个人或家庭私事");
        d.item.filing = Filing::Opinion;
        d.filing_facts.opinion_unit = Some("区住建局".into());
        assert_eq!(filing_words(&d, Lang::En), "Opinion letter to 区住建局");
        d.item.filing = Filing::Filed;
        d.filing_facts.merged_from = vec!["210".into(), "211".into()];
        assert_eq!(filing_words(&d, Lang::Zh), "已立案 (并入: 第210号、第211号)");
    }

    #[test]
    fn history_changes_read_as_words() {
        let c = changes(
            r#"{"filing":"received","merged_into":null}"#,
            r#"{"filing":"merged","merged_into":"209"}"#,
            Lang::Zh,
        );
        assert_eq!(c, ["立案: 待立案 → 已并案", "并入: — → 第209号"]);
        let c = changes("{}", r#"{"from":"210"}"#, Lang::En);
        assert_eq!(c, ["from: No. 210"]);
    }
}
