//! Loads the unit ranking ([`crate::domain::ranking`]) from the one set of figures
//! ([`super::stats::FigureBook`]): per-unit figures, the head-reply rule over each unit's
//! items due, and the second rounds each unit owns; and the notice's text for the export.
use super::stats::FigureBook;
use super::{Result, Store};
use crate::domain::ranking::{notice, rank, Notice, RankRow};
use crate::domain::Kind;
use std::collections::HashMap;

impl Store {
    /// Every unit with lead or split items on filed items (of every meeting), ranked best first.
    pub fn ranking(&self) -> Result<Vec<RankRow>> {
        self.ranking_of(&self.figure_book(None)?)
    }

    /// The ranking from figures already read (the dashboard and the notice read them once).
    pub fn ranking_of(&self, book: &FigureBook) -> Result<Vec<RankRow>> {
        let threshold = self.data.rules.face_to_face.head_threshold;
        let mut seconds: HashMap<i64, (u32, u32)> = HashMap::new();
        {
            let mut st = self.conn().prepare(
                "SELECT s.unit_id, count(*), count(*) FILTER (WHERE s.closed_on IS NULL)
                 FROM second_round s JOIN item i ON i.id = s.item_id
                 WHERE s.unit_id IS NOT NULL AND i.filing = 'filed' GROUP BY s.unit_id",
            )?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?))))?;
            for r in rows {
                let (unit, counts) = r?;
                seconds.insert(unit, counts);
            }
        }
        let rows = book
            .units
            .iter()
            .map(|u| {
                let f = &u.figures;
                let (second_rounds, second_open) = seconds.get(&u.unit.id).copied().unwrap_or((0, 0));
                RankRow {
                    unit_id: u.unit.id,
                    name: u.unit.name.clone(),
                    short_name: u.unit.short_name.clone(),
                    items: f.replying(),
                    replied: f.replied,
                    on_time: f.on_time,
                    overdue: f.overdue,
                    due: f.due,
                    face_to_face: f.face_to_face,
                    head_rule: f.head_rule(threshold),
                    with_feedback: f.with_feedback,
                    satisfied: f.satisfied,
                    second_rounds,
                    second_open,
                    rank: 0,
                }
            })
            .collect();
        Ok(rank(rows))
    }

    /// The ranking notice (排名通报) as of today, as the office sends it.
    pub fn ranking_notice(&self) -> Result<String> {
        let book = self.figure_book(None)?;
        let rows = self.ranking_of(&book)?;
        let mut text = notice(&Notice {
            date: book.today,
            figures: book.all(),
            suggestions: book.kind_items(Kind::Suggestion),
            proposals: book.kind_items(Kind::Proposal),
            rows: &rows,
        });
        let foot = super::audit::ChainHead::foot(self.chain_head()?.as_ref(), crate::text::Lang::Zh);
        text.push_str(&format!("\n{foot}\n"));
        Ok(text)
    }

    /// Where the notice of `date` is written: beside the database, `排名通报-YYYY-MM-DD.txt`.
    pub fn ranking_notice_path(&self, date: chrono::NaiveDate) -> std::path::PathBuf {
        let dir = self.path().parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        dir.join(format!("排名通报-{}.txt", date.format("%Y-%m-%d")))
    }
}
