//! Loads the unit ranking ([`crate::domain::ranking`]) from the ledger: the per-unit figures
//! of [`super::stats`], the head-reply rule of [`super::handling::units`], and the second
//! rounds each unit owns; and the notice's text for the export.
use super::{Result, Store};
use crate::domain::face_to_face::HeadRule;
use crate::domain::figures::Figures;
use crate::domain::ranking::{notice, rank, Notice, RankRow};
use crate::domain::Kind;
use std::collections::HashMap;

impl Store {
    /// Every unit with lead or split items on filed items (of every meeting), ranked best first.
    pub fn ranking(&self) -> Result<Vec<RankRow>> {
        let threshold = self.data.rules.face_to_face.head_threshold;
        let heads: HashMap<i64, HeadRule> = self.unit_rows()?.into_iter().map(|u| (u.unit_id, u.head_rule)).collect();
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
        let rows = self
            .unit_figures(None)?
            .into_iter()
            .map(|u| {
                let f = &u.figures;
                let items = f.replying();
                let (second_rounds, second_open) = seconds.get(&u.unit.id).copied().unwrap_or((0, 0));
                RankRow {
                    unit_id: u.unit.id,
                    name: u.unit.name.clone(),
                    short_name: u.unit.short_name.clone(),
                    items,
                    replied: f.replied,
                    on_time: f.on_time,
                    overdue: f.overdue,
                    face_to_face: f.face_to_face,
                    // A retired unit is not on the units screen; its head replied to none we know of.
                    head_rule: heads.get(&u.unit.id).copied().unwrap_or_else(|| HeadRule::new(items, 0, threshold)),
                    with_feedback: f.with_feedback,
                    satisfied: f.satisfied,
                    second_rounds,
                    second_open,
                    rank: 0,
                }
            })
            .collect();
        // Units sharing a rank are listed in the office's order.
        let places = self.unit_places()?;
        let mut ranked = rank(rows);
        ranked.sort_by_key(|r| (r.rank, places.get(&r.unit_id).copied().unwrap_or(usize::MAX)));
        Ok(ranked)
    }

    /// The ranking notice (排名通报) as of today, as the office sends it.
    pub fn ranking_notice(&self) -> Result<String> {
        let facts = self.item_facts(None)?;
        let figures = Figures::compute(&facts, &self.class_codes(), self.today());
        let count = |k: Kind| facts.iter().filter(|f| f.kind == k).count() as u32;
        let rows = self.ranking()?;
        Ok(notice(&Notice {
            date: self.today(),
            figures: &figures,
            suggestions: count(Kind::Suggestion),
            proposals: count(Kind::Proposal),
            rows: &rows,
        }))
    }

    /// Where the notice of `date` is written: beside the database, `排名通报-YYYY-MM-DD.txt`.
    pub fn ranking_notice_path(&self, date: chrono::NaiveDate) -> std::path::PathBuf {
        let dir = self.path().parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        dir.join(format!("排名通报-{}.txt", date.format("%Y-%m-%d")))
    }
}
