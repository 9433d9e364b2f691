//! The tables of figures the report and the statistics export share: per unit (with a 合计
//! row) and per scope (every meeting, each kind, each meeting). Every cell comes from the
//! one set of figures ([`crate::store::stats::FigureBook`]).
//!
//! **个次 and 合计.** A unit's counts are 个次: an item handled by three split units counts
//! once for each. The columns that sum 个次 say so in their header, and the 合计 row sums
//! them. Rates are not summed: the 合计 row shows the ledger's rates over items, the same as
//! the report's paragraph, the dashboard and the ranking notice.
use crate::domain::figures::{Figures, Rate, UnitFigures};
use crate::store::stats::{FigureBook, UnitRow};
use crate::text::Lang;

/// One cell: text, a count, or a rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Count(u32),
    Rate(Rate),
}

impl Cell {
    /// As the report writes it: "12", "71.7%", "—" for a rate without a base.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Rate(r) => r.percent(),
        }
    }
}

/// A column of the per-unit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Lead,
    Split,
    Co,
    Replied,
    OnTime,
    Late,
    Overdue,
    OnTimeRate,
    FaceToFace,
    HeadFaceToFace,
    FaceToFaceRate,
    Satisfaction,
    Reminders,
    Interviews,
    Class(usize),
}

impl Col {
    /// The header; counts of assignments say 个次.
    fn header(self, codes: &[String], lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let (z, e) = match self {
            Col::Lead => ("主办(个次)", "Lead"),
            Col::Split => ("分办(个次)", "Split"),
            Col::Co => ("会办(个次)", "Co-handling"),
            Col::Replied => ("已答复(个次)", "Replied"),
            Col::OnTime => ("按时答复(个次)", "On time"),
            Col::Late => ("超期答复(个次)", "Late"),
            Col::Overdue => ("逾期未答复(个次)", "Overdue"),
            Col::OnTimeRate => ("按时答复率", "On-time rate"),
            Col::FaceToFace => ("面复(个次)", "Face to face"),
            Col::HeadFaceToFace => ("负责人面复(个次)", "By the head"),
            Col::FaceToFaceRate => ("面复率", "F2F rate"),
            Col::Satisfaction => ("满意率", "Satisfaction"),
            Col::Reminders => ("催办(次)", "Reminders"),
            Col::Interviews => ("约谈(次)", "Interviews"),
            Col::Class(i) => {
                let code = codes.get(i).cloned().unwrap_or_default();
                return if zh { format!("{code}类(个次)") } else { code };
            }
        };
        if zh { z } else { e }.to_string()
    }

    /// A unit's cell.
    fn unit(self, f: &UnitFigures) -> Cell {
        match self {
            Col::Lead => Cell::Count(f.lead),
            Col::Split => Cell::Count(f.split),
            Col::Co => Cell::Count(f.co_handling),
            Col::Replied => Cell::Count(f.replied),
            Col::OnTime => Cell::Count(f.on_time),
            Col::Late => Cell::Count(f.late),
            Col::Overdue => Cell::Count(f.overdue),
            Col::OnTimeRate => Cell::Rate(f.on_time_rate()),
            Col::FaceToFace => Cell::Count(f.face_to_face),
            Col::HeadFaceToFace => Cell::Count(f.head_face_to_face),
            Col::FaceToFaceRate => Cell::Rate(f.face_to_face_rate()),
            Col::Satisfaction => Cell::Rate(f.satisfaction_rate()),
            Col::Reminders => Cell::Count(f.reminders),
            Col::Interviews => Cell::Count(f.interviews),
            Col::Class(i) => Cell::Count(f.classes.get(i).copied().unwrap_or(0)),
        }
    }

    /// The 合计 cell: counts summed over the units (个次), rates the ledger's (over items).
    fn total(self, units: &[UnitRow], all: &Figures) -> Cell {
        match self {
            Col::OnTimeRate => Cell::Rate(all.on_time_rate()),
            Col::FaceToFaceRate => Cell::Rate(all.face_to_face_rate()),
            Col::Satisfaction => Cell::Rate(all.satisfaction_rate()),
            _ => Cell::Count(
                units
                    .iter()
                    .map(|u| match self.unit(&u.figures) {
                        Cell::Count(n) => n,
                        _ => 0,
                    })
                    .sum(),
            ),
        }
    }
}

/// Which per-unit table: the report's (narrow enough for a portrait A4 page) or the
/// export's (every column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Report,
    Full,
}

fn columns(ncodes: usize, width: Width) -> Vec<Col> {
    let mut cols = match width {
        Width::Report => vec![
            Col::Lead,
            Col::Split,
            Col::Co,
            Col::Replied,
            Col::OnTimeRate,
            Col::Overdue,
            Col::FaceToFaceRate,
            Col::Satisfaction,
        ],
        Width::Full => vec![
            Col::Lead,
            Col::Split,
            Col::Co,
            Col::Replied,
            Col::OnTime,
            Col::Late,
            Col::Overdue,
            Col::OnTimeRate,
            Col::FaceToFace,
            Col::HeadFaceToFace,
            Col::FaceToFaceRate,
            Col::Satisfaction,
            Col::Reminders,
            Col::Interviews,
        ],
    };
    cols.extend((0..ncodes).map(Col::Class));
    cols
}

/// The per-unit table: header, a row per unit (by name), then 合计.
pub fn unit_table(book: &FigureBook, codes: &[String], width: Width, lang: Lang) -> (Vec<String>, Vec<Vec<Cell>>) {
    let cols = columns(codes.len(), width);
    let mut header = vec![if lang == Lang::Zh { "承办单位" } else { "Unit" }.to_string()];
    header.extend(cols.iter().map(|c| c.header(codes, lang)));
    let mut rows: Vec<Vec<Cell>> = book
        .units
        .iter()
        .map(|u| {
            std::iter::once(Cell::Text(u.unit.name.clone())).chain(cols.iter().map(|c| c.unit(&u.figures))).collect()
        })
        .collect();
    let total = if lang == Lang::Zh { "合计" } else { "Total" };
    rows.push(
        std::iter::once(Cell::Text(total.into()))
            .chain(cols.iter().map(|c| c.total(&book.units, book.all())))
            .collect(),
    );
    (header, rows)
}

/// The note under the per-unit table, saying what 个次 and 合计 mean.
pub fn unit_table_note(lang: Lang) -> String {
    match lang {
        Lang::Zh => "注:各单位件数按个次统计(一件由几个单位办理的,每个单位各计一次),合计行件数为各单位个次之和;合计行的按时答复率、面复率、满意率按件计算,与正文一致。".into(),
        Lang::En => "Per-unit counts are assignments (an item handled by three units counts once for each); the Total row sums them. Its rates are over items, as in the text above.".into(),
    }
}
