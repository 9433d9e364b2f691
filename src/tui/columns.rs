//! The ledger's columns: which the clerk shows (the config file's `ledger_columns`), in
//! what order, and how wide each is drawn from the room the window has.
use crate::text::T;
use serde::{Deserialize, Serialize};

/// One column of the ledger, named in the config file by its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// 编号
    Number,
    /// 届次 (the meeting)
    Meeting,
    /// 类 (建议 / 提案)
    Kind,
    /// 标题
    Title,
    /// 领衔 (the lead proposer)
    Lead,
    /// 主办 (the lead unit, or the split units)
    Units,
    /// 会办 (co-handling units)
    CoUnits,
    /// 期限 (days left or over)
    Due,
    /// 重点 (a key item)
    Key,
    /// 答复文号 (the standing replies' document numbers)
    Doc,
    /// 办理结果 (the result class)
    Result,
    /// 满意度 (the latest feedback)
    Satisfaction,
    /// 状态
    Status,
}

/// The columns shown when the config file names none.
pub const DEFAULT: [Column; 7] =
    [Column::Number, Column::Kind, Column::Title, Column::Lead, Column::Units, Column::Due, Column::Status];

/// Every column, for the config file's documentation and its tests.
pub const ALL: [Column; 13] = [
    Column::Number,
    Column::Meeting,
    Column::Kind,
    Column::Title,
    Column::Lead,
    Column::Units,
    Column::CoUnits,
    Column::Due,
    Column::Key,
    Column::Doc,
    Column::Result,
    Column::Satisfaction,
    Column::Status,
];

impl Column {
    /// The header's words.
    pub fn header(self) -> T {
        match self {
            Column::Number => T::ColNumber,
            Column::Meeting => T::ColMeeting,
            Column::Kind => T::ColKind,
            Column::Title => T::ColTitle,
            Column::Lead => T::ColLead,
            Column::Units => T::ColUnits,
            Column::CoUnits => T::ColCoUnits,
            Column::Due => T::ColDue,
            Column::Key => T::ColKey,
            Column::Doc => T::ColDoc,
            Column::Result => T::ColResult,
            Column::Satisfaction => T::ColFeedback,
            Column::Status => T::ColStatus,
        }
    }

    /// Whether its cells come from [`crate::store::ledger_cells`] (read for the rows on
    /// screen only).
    pub fn needs_cells(self) -> bool {
        matches!(self, Column::CoUnits | Column::Doc | Column::Result | Column::Satisfaction)
    }

    /// A column of names or numbers that may be cut when room is short; the others are
    /// short codes drawn whole when they can be.
    fn flexible(self) -> bool {
        matches!(self, Column::Title | Column::Meeting | Column::Lead | Column::Units | Column::CoUnits | Column::Doc)
    }

    /// The least width worth drawing.
    fn least(self) -> usize {
        match self {
            Column::Title => 8,
            Column::Meeting | Column::Units | Column::Doc => 8,
            Column::Lead | Column::CoUnits => 6,
            Column::Key | Column::Result => 4,
            _ => 2,
        }
    }
}

/// Cells between two columns.
pub const GAP: usize = 1;

/// The width of each column for a table `room` cells wide (the marker column already
/// taken off), given each column's natural width (its header and the longest cell on
/// screen). A column drawn at width 0 is left out: when even the least widths do not fit,
/// columns are left out from the end of the list (never the title or the number).
///
/// The room is given in this order: every column its least width; the short columns
/// (dates, codes, status) their natural width; the title up to half the room; then the names
/// (units, proposers, documents) one cell at a time to the narrowest until each has its
/// natural width; whatever is left goes to the title.
pub fn widths(room: usize, cols: &[Column], natural: &[usize]) -> Vec<usize> {
    let n = cols.len();
    let mut shown: Vec<bool> = vec![true; n];
    let least = |i: usize| cols[i].least().min(natural[i]).max(1);
    let need = |shown: &[bool]| -> usize {
        let k = shown.iter().filter(|s| **s).count();
        (0..n).filter(|&i| shown[i]).map(least).sum::<usize>() + k.saturating_sub(1) * GAP
    };
    for i in (0..n).rev() {
        if need(&shown) <= room {
            break;
        }
        if !matches!(cols[i], Column::Title | Column::Number) {
            shown[i] = false;
        }
    }
    let mut w: Vec<usize> = (0..n).map(|i| if shown[i] { least(i) } else { 0 }).collect();
    let mut rest = room.saturating_sub(need(&shown));
    let give = |w: &mut Vec<usize>, i: usize, upto: usize, rest: &mut usize| {
        let more = upto.saturating_sub(w[i]).min(*rest);
        w[i] += more;
        *rest -= more;
    };
    for i in (0..n).filter(|&i| shown[i] && !cols[i].flexible()) {
        give(&mut w, i, natural[i], &mut rest);
    }
    let title = cols.iter().position(|c| *c == Column::Title).filter(|&i| shown[i]);
    if let Some(t) = title {
        give(&mut w, t, natural[t].min(room / 2), &mut rest);
    }
    while rest > 0 {
        let hungry = (0..n)
            .filter(|&i| shown[i] && cols[i].flexible() && Some(i) != title && w[i] < natural[i])
            .min_by_key(|&i| w[i]);
        let Some(i) = hungry else { break };
        w[i] += 1;
        rest -= 1;
    }
    if let Some(t) = title {
        w[t] += rest;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(w: &[usize]) -> usize {
        w.iter().sum::<usize>() + (w.iter().filter(|x| **x > 0).count() - 1) * GAP
    }

    #[test]
    fn a_wide_window_draws_every_unit_whole_and_gives_the_rest_to_the_title() {
        // 编号 类 标题 领衔 主办 期限 状态
        let natural = [4, 2, 60, 6, 48, 6, 6];
        let w = widths(198, &DEFAULT, &natural);
        assert_eq!(w[4], 48, "主办 is not cut beside empty room: {w:?}");
        assert_eq!(w[2], 198 - (4 + 2 + 6 + 48 + 6 + 6) - 6, "the title takes the rest: {w:?}");
        assert_eq!(total(&w), 198);
    }

    #[test]
    fn a_narrow_window_keeps_least_widths_and_shares_names() {
        let natural = [4, 2, 60, 6, 48, 6, 6];
        let w = widths(58, &DEFAULT, &natural);
        assert_eq!(total(&w), 58, "{w:?}");
        assert_eq!((w[2], w[3], w[4]), (20, 6, 8), "the title first, then the names: {w:?}");
    }

    #[test]
    fn columns_that_do_not_fit_are_left_out_from_the_end() {
        let cols = [Column::Number, Column::Title, Column::Units, Column::Doc, Column::Satisfaction];
        let natural = [4, 40, 20, 20, 6];
        let w = widths(24, &cols, &natural);
        assert_eq!(w[3], 0, "答复文号 left out: {w:?}");
        assert!(w[0] == 4 && w[1] >= 8, "{w:?}");
        assert!(total(&w) <= 24, "{w:?}");
    }

    #[test]
    fn config_names_are_snake_case() {
        #[derive(Deserialize)]
        struct C {
            c: Vec<Column>,
        }
        let c: C = toml::from_str("c = [\"number\", \"co_units\", \"satisfaction\"]").expect("parse");
        assert_eq!(c.c, vec![Column::Number, Column::CoUnits, Column::Satisfaction]);
        assert!(toml::from_str::<C>("c = [\"nubmer\"]").is_err());
    }
}
