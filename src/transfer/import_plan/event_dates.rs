//! Dates that can be true, for an imported row: the rule of [`crate::domain::event_dates`]
//! applied to the row's dated events (提出, 交办, 答复, 面复, 销号), each reported on its cell.
use super::Planner;
use crate::domain::event_dates::{check, Event};
use crate::text::Lang;
use crate::transfer::columns::Field;
use crate::transfer::sheet::Row;
use chrono::NaiveDate;

/// The dated events a row can carry.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RowDates {
    pub filed: Option<NaiveDate>,
    pub assigned: Option<NaiveDate>,
    pub replied: Option<NaiveDate>,
    pub face_to_face: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
}

impl Planner<'_> {
    /// Reports each of the row's events dated after today or before the event it follows.
    pub(super) fn check_event_dates(&mut self, row: &Row, d: RowDates) {
        let filed = d.filed.map(|x| (Event::Filed, x));
        let assigned = d.assigned.map(|x| (Event::Assignment, x));
        let replied = d.replied.map(|x| (Event::Reply, x));
        let f2f = d.face_to_face.map(|x| (Event::FaceToFace, x));
        let checks = [
            (Field::FiledOn, filed, vec![]),
            (Field::AssignedOn, assigned, vec![filed]),
            (Field::RepliedOn, replied, vec![filed, assigned]),
            (Field::FaceToFace, f2f, vec![filed, assigned]),
            (Field::ClosedOn, d.closed.map(|x| (Event::Closure, x)), vec![filed, assigned, replied, f2f]),
        ];
        for (field, event, follows) in checks {
            let Some((event, on)) = event else { continue };
            let follows: Vec<(Event, NaiveDate)> = follows.into_iter().flatten().collect();
            if let Err(e) = check(event, on, self.today, &follows) {
                let value = self.text(row, field);
                self.err(row, field, &value, &e.message(Lang::Zh), &e.message(Lang::En));
            }
        }
    }
}
