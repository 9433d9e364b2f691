//! Formula-safe CSV cells. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a
//! tab or a carriage return as a formula (`=HYPERLINK(…)`), so every CSV banli writes
//! starts such a text cell with the usual `'`, which the spreadsheet shows as text; the
//! importer takes that `'` off again, so the text comes back as it was.

/// The first characters a spreadsheet reads as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_quote(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if TRIGGERS.contains(&c) => true,
        // A text that already looks escaped is escaped once more, so it comes back whole.
        Some('\'') => chars.next().is_some_and(|c| TRIGGERS.contains(&c)),
        _ => false,
    }
}

/// The text as it is written to a CSV cell.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A CSV cell as read back: the `'` [`escape`] added is taken off.
pub fn unescape(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) || rest.starts_with('\'') && needs_quote(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_whole() {
        for (plain, written) in [
            ("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"),
            ("+1+1", "'+1+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("关于加快老旧小区改造的建议", "关于加快老旧小区改造的建议"),
            ("'引号开头", "'引号开头"),
            ("", ""),
        ] {
            assert_eq!(escape(plain), written, "{plain:?}");
            assert_eq!(unescape(written), plain, "{written:?}");
        }
    }
}
