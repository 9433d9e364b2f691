//! Formula-safe CSV cells: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is written with a leading `'`, so a spreadsheet opening the CSV shows it
//! as text and never runs it as a formula (CSV injection). The importer reads such a cell
//! back without the `'`. One pair of functions for every CSV writer and reader.
use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
fn risky(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// The cell as a CSV writer writes it: with a leading `'` when it starts like a formula.
pub fn guard(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if risky(c) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cell as written before [`guard`]: a leading `'` dropped when what follows starts
/// like a formula (a `'` before anything else is the clerk's own text and stays).
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(risky) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_read_back() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let g = guard(s);
            assert!(g.starts_with('\''), "{s}");
            assert_eq!(unguard(&g), s);
        }
        for s in ["关于修路的提案", "2026-03-10", "'引号开头", "", "A=1"] {
            assert_eq!(guard(s), s);
            assert_eq!(unguard(s), s);
        }
    }
}
