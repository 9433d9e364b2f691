//! The dashboard (总览): the figures that matter at a glance, read live from the ledger.
//! Report figures come from the one set of figures ([`super::stats::FigureBook`]), the
//! head-rule failures from the ranking's rule over the same figures; the supervision counts
//! from the same lists the queue and supervision screens show, so the numbers agree with
//! those screens.
use super::{Result, Store};
use crate::domain::face_to_face::HeadRule;
use crate::domain::figures::Figures;
use crate::domain::office_due::{self, OfficeWork};
use crate::domain::{Kind, Meeting, Status};

use std::collections::HashMap;

/// The figures of one column of the dashboard: every meeting together, or one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeFigures {
    /// `None` for every meeting together.
    pub meeting: Option<Meeting>,
    pub figures: Figures,
    /// Filed items closed (已销号).
    pub closed: u32,
    /// Second-round entries still open (the queue).
    pub queue_open: u32,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// The "due soon" window in days (rules.toml `due_soon_days`).
    pub due_within: u32,
    /// Filed items per kind.
    pub by_kind: Vec<(Kind, u32)>,
    /// Every item (filed or not) per status, in status order; statuses with none left out.
    pub by_status: Vec<(Status, u32)>,
    /// Every meeting together first, then each meeting, newest first.
    pub scopes: Vec<ScopeFigures>,
    /// Open second-round entries, and of those past their deadline.
    pub queue_open: u32,
    pub queue_overdue: u32,
    /// Finished second rounds turned satisfied, of those finished with a feedback outcome.
    pub queue_turned: (u32, u32),
    /// Items with a reply or co-handling opinion due from today to today + `due_within`.
    pub due_soon_items: u32,
    /// Items with a reply or co-handling opinion past its deadline.
    pub overdue_items: u32,
    /// Co-handling opinions past their deadline and not in.
    pub co_overdue: u32,
    /// Commitments not done: due within the window, and past due.
    pub follow_up_due: u32,
    pub follow_up_overdue: u32,
    /// Units failing the head-reply rule, by short name.
    pub non_complying: Vec<(String, HeadRule)>,
    /// The office's own work past its deadline, per kind (every kind, zeros included): the
    /// same rows as the supervision screen's office pane.
    pub office_overdue: Vec<(OfficeWork, u32)>,
    /// Items filed between sessions assigned after `assign_within`.
    pub late_assigned: u32,
}

impl Store {
    /// The dashboard's figures as of today; `due_within` days is the due-soon window.
    pub fn dashboard(&self, due_within: u32) -> Result<Dashboard> {
        let today = self.today();
        let book = self.figure_book(None)?;
        let closed = self.per_meeting(
            "SELECT meeting_id, count(*) FROM item WHERE filing = 'filed' AND status = 'closed' GROUP BY meeting_id",
        )?;
        let queue = self.per_meeting(
            "SELECT i.meeting_id, count(*) FROM second_round s JOIN item i ON i.id = s.item_id
             WHERE s.closed_on IS NULL AND i.filing = 'filed' GROUP BY i.meeting_id",
        )?;
        let sum = |by: &HashMap<i64, u32>, id: Option<i64>| -> u32 {
            by.iter().filter(|(m, _)| id.is_none_or(|i| i == **m)).map(|(_, n)| n).sum()
        };
        let mut scopes = vec![ScopeFigures {
            meeting: None,
            figures: book.all().clone(),
            closed: sum(&closed, None),
            queue_open: sum(&queue, None),
        }];
        for m in &book.meetings {
            let id = Some(m.meeting.id);
            scopes.push(ScopeFigures {
                meeting: Some(m.meeting.clone()),
                figures: m.figures.clone(),
                closed: sum(&closed, id),
                queue_open: sum(&queue, id),
            });
        }

        let statuses = self.per_status()?;
        let by_status = Status::ALL.iter().filter_map(|s| statuses.get(s).map(|n| (*s, *n))).collect();
        let by_kind = Kind::ALL.iter().map(|k| (*k, book.kind_items(*k))).collect();

        let (queue_open, queue_overdue) = self.queue_open_counts()?;
        let (overdue_items, due_soon_items) = self.due_work_items(due_within)?;
        let (follow, follow_up_overdue) = self.follow_up_ids(due_within)?;
        let co_overdue = self.co_handling_counts()?.1;
        // The ranking's head rule (over each unit's items due), by unit name.
        let threshold = self.data.rules.face_to_face.head_threshold;
        let non_complying = book
            .units
            .iter()
            .filter(|u| u.figures.replying() > 0)
            .map(|u| (u.unit.short_name.clone(), u.figures.head_rule(threshold)))
            .filter(|(_, rule)| !rule.complies())
            .collect();
        let office = self.office_keys(None)?;
        let office_overdue = office_due::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    office.iter().filter(|(w, due)| w.work == *k && office_due::late(*due, None, today)).count() as u32,
                )
            })
            .collect();
        Ok(Dashboard {
            due_within,
            by_kind,
            by_status,
            scopes,
            queue_open,
            queue_overdue,
            queue_turned: self.queue_turned()?,
            due_soon_items,
            overdue_items,
            co_overdue,
            follow_up_due: follow.len() as u32 - follow_up_overdue,
            follow_up_overdue,
            non_complying,
            office_overdue,
            late_assigned: self.late_assignments(None)?.len() as u32,
        })
    }

    /// A `meeting_id, count` query as a map.
    fn per_meeting(&self, sql: &str) -> Result<HashMap<i64, u32>> {
        let mut st = self.conn().prepare(sql)?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// Every item per status.
    fn per_status(&self) -> Result<HashMap<Status, u32>> {
        let mut st = self.conn().prepare("SELECT status, count(*) FROM item GROUP BY status")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, Status>(0)?, r.get::<_, u32>(1)?)))?;
        let mut out = HashMap::new();
        for r in rows {
            let (s, n) = r?;
            *out.entry(s).or_insert(0) += n;
        }
        Ok(out)
    }
}
