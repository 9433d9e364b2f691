//! Looking at a CSV's text before it is read: which delimiter it uses (Excel's "Unicode
//! text" separates with tabs), and whether a quoted field runs away with the rows after it,
//! which the CSV reader itself accepts silently (a quote that never closes makes every
//! later row part of one title).
use super::TransferError;

/// The delimiter: a tab when the first lines hold more tabs than commas, else a comma.
pub fn delimiter(text: &str) -> u8 {
    let head = text.lines().filter(|l| !l.trim().is_empty()).take(5);
    let (mut tabs, mut commas) = (0usize, 0usize);
    for line in head {
        tabs += line.matches('\t').count();
        commas += line.matches(',').count();
    }
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// A quoted field that cannot be what the clerk meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteProblem {
    /// The quote opened on `line` never closes.
    Unclosed { line: usize, lines_after: usize },
    /// The quote opened on `line` closes on `closed`, and lines between look like rows.
    Runaway { line: usize, closed: usize },
}

impl QuoteProblem {
    /// The file error, naming the file and the line.
    pub fn error(&self, file: &str) -> TransferError {
        match *self {
            QuoteProblem::Unclosed { line, lines_after } => TransferError::file(
                format!(
                    "{file}:第{line}行开始的引号(\")到文件末尾都没有闭合,其后 {lines_after} 行会被读成同一个单元格;请在第{line}行补上或删去引号。未导入任何内容"
                ),
                format!(
                    "{file}: the quote (\") opened on line {line} never closes, so the {lines_after} lines after it would read as one cell; add or remove the quote on line {line}. Nothing was imported"
                ),
            ),
            QuoteProblem::Runaway { line, closed } => TransferError::file(
                format!(
                    "{file}:第{line}行开始的引号(\")到第{closed}行才闭合,中间各行会被读成同一个单元格(多半少了或多了一个引号);请检查第{line}行。未导入任何内容"
                ),
                format!(
                    "{file}: the quote (\") opened on line {line} closes only on line {closed}, so the rows between would read as one cell (a quote missing or extra); check line {line}. Nothing was imported"
                ),
            ),
        }
    }
}

/// Walks the text as the CSV reader does (a quote opens a field only at its start; `""`
/// inside is a quote) and refuses a quoted field that never closes, or one whose inner
/// lines hold as many delimiters as a row (at least half the header's, and two): rows
/// swallowed by a missing quote. A title with a line break in it passes.
pub fn check_quotes(text: &str, delim: u8) -> Result<(), QuoteProblem> {
    let bytes = text.as_bytes();
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let row_like = (first.bytes().filter(|b| *b == delim).count() / 2).max(2);
    let mut line = 1usize;
    let mut at_start = true;
    let mut quoted: Option<usize> = None; // the line the open quote is on
    let mut delims_here = 0usize; // delimiters on the current inner line of a quoted field
    let mut swallowed = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        match quoted {
            Some(open) => {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    if swallowed || (line > open && delims_here >= row_like) {
                        return Err(QuoteProblem::Runaway { line: open, closed: line });
                    }
                    quoted = None;
                    at_start = false;
                } else if b == delim {
                    delims_here += 1;
                } else if ends_line {
                    if line > open && delims_here >= row_like {
                        swallowed = true;
                    }
                    delims_here = 0;
                }
            }
            None => {
                if b == b'"' && at_start {
                    quoted = Some(line);
                    delims_here = 0;
                    swallowed = false;
                }
                at_start = b == delim || ends_line || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'));
            }
        }
        if ends_line {
            line += 1;
        }
        i += 1;
    }
    match quoted {
        Some(open) => {
            let last = if text.ends_with('\n') || text.ends_with('\r') { line - 1 } else { line };
            Err(QuoteProblem::Unclosed { line: open, lines_after: last.saturating_sub(open) })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_or_commas() {
        assert_eq!(delimiter("编号\t标题\t领衔人\r\n1\t关于,的建议\t张三\r\n"), b'\t');
        assert_eq!(delimiter("编号,标题\n1,\"a\tb\"\n"), b',');
    }

    #[test]
    fn a_title_with_a_line_break_passes_and_a_lost_quote_does_not() {
        let ok = "编号,标题,领衔人,单位\n1,\"关于老旧小区\n改造的提案\",张三,区住建局\n2,\"关于\"\"营商\"\"环境\",李四,区财政局\n";
        assert_eq!(check_quotes(ok, b','), Ok(()));
        assert_eq!(check_quotes("a,b\n1,关于\"某\"的提案\n", b','), Ok(()), "a quote mid-field is text");
        let never = "编号,标题,领衔人,单位\n1,a,b,c\n2,\"关于停车难,张三,区交通局\n3,d,e,f\n4,g,h,i\n";
        assert_eq!(check_quotes(never, b','), Err(QuoteProblem::Unclosed { line: 3, lines_after: 2 }));
        let runaway = "编号,标题,领衔人,单位\n1,a,b,c\n2,\"关于停车难,张三,区交通局\n3,d,e,f\n4,\"g\",h,i\n";
        assert_eq!(check_quotes(runaway, b','), Err(QuoteProblem::Runaway { line: 3, closed: 5 }));
        let e = QuoteProblem::Unclosed { line: 6, lines_after: 40 }.error("清单.csv").message(crate::text::Lang::Zh);
        assert!(e.contains("第6行开始的引号") && e.contains("未导入任何内容"), "{e}");
    }
}
