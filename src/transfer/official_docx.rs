//! The official-document layout (党政机关公文格式, GB/T 9704-2012) every .docx banli writes
//! shares: the report, the letters, the proposer sheets, the evaluation.
//!
//! | element | GB/T 9704 | here |
//! |---|---|---|
//! | page | A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm | 2098 / 1984 / 1588 / 1474 twips |
//! | title | 方正小标宋简体 二号, centred | `方正小标宋简体` with 宋体 declared as its alternative in the font table (a machine without it shows 宋体) |
//! | first-level heading | 黑体 三号, "一、" | [`OfficialDoc::heading1`] numbers them |
//! | second-level heading | 楷体_GB2312 三号, "(一)" | [`OfficialDoc::heading2`] numbers them within their first level |
//! | body | 仿宋_GB2312 三号, fixed 28-point lines, two-character indent | [`OfficialDoc::para`] |
//! | tables | 四号 or 小四, header row repeated on every page | [`OfficialDoc::table`] (小四; the header row is marked `w:tblHeader`) |
//! | page number | 宋体 四号 Arabic numerals between dashes, "— 1 —", at the foot | footer, centred |
//!
//! docx-rs has no `w:tblHeader` and no font alternatives, so [`OfficialDoc::write`] adds both
//! to the generated XML before packing.
use super::{Result, TransferError};
use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};
use std::path::Path;

/// 方正小标宋简体, the title font (宋体 where it is not installed).
pub const TITLE_FONT: &str = "方正小标宋简体";
/// 黑体, first-level headings.
pub const HEADING1_FONT: &str = "黑体";
/// 楷体_GB2312, second-level headings.
pub const HEADING2_FONT: &str = "楷体_GB2312";
/// 仿宋_GB2312, the body.
pub const BODY_FONT: &str = "仿宋_GB2312";
/// 宋体, the page number.
pub const PAGE_NUMBER_FONT: &str = "宋体";

/// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
pub const ERHAO: usize = 44;
pub const SANHAO: usize = 32;
pub const SIHAO: usize = 28;
pub const XIAOSI: usize = 24;

/// The text width between the margins, in twips (210 mm − 28 mm − 26 mm).
pub const TEXT_WIDTH: usize = 11906 - 1588 - 1474;

/// Fixed 28-point lines (560 twips) for the body.
const LINE_28PT: i32 = 560;
/// The row-height value that marks a table's header row, found again in the XML.
const HEADER_MARK: &str = r#"<w:trHeight w:val="454" w:hRule="atLeast" />"#;

/// A Chinese font for East Asian text with Times New Roman for Latin letters and digits.
pub fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman")
}

/// A run of `text` in `font` at `half_points`, its punctuation full-width as Chinese
/// official text writes it.
pub fn run(text: &str, font: &str, half_points: usize) -> Run {
    Run::new().add_text(full_width(text)).fonts(fonts(font)).size(half_points)
}

/// ASCII , ; : ( ) to the full-width forms; other characters (digits, %, -, /) stay.
pub fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '\u{FF0C}',
            ';' => '\u{FF1B}',
            ':' => '\u{FF1A}',
            '(' => '\u{FF08}',
            ')' => '\u{FF09}',
            c => c,
        })
        .collect()
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new().line(LINE_28PT).line_rule(LineSpacingType::Exact)
}

/// "一", "二" … "九十九" for heading numbers.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n % 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

/// One column of a table: its header and its width in twips.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub width: usize,
    /// Centred (figures) rather than left-aligned (names, titles).
    pub centred: bool,
}

impl Column {
    /// A column `width` twips wide.
    pub fn new(header: impl Into<String>, width: usize, centred: bool) -> Column {
        Column { header: header.into(), width, centred }
    }
}

/// Widths that fill the text width: the first column `first` twips, the others sharing the rest.
pub fn fill_widths(first: usize, n: usize) -> Vec<usize> {
    let other = TEXT_WIDTH.saturating_sub(first) / n.saturating_sub(1).max(1);
    (0..n).map(|i| if i == 0 { first } else { other }).collect()
}

/// A document being built in the official layout.
pub struct OfficialDoc {
    doc: Docx,
    h1: usize,
    h2: usize,
}

impl Default for OfficialDoc {
    fn default() -> Self {
        Self::new()
    }
}

impl OfficialDoc {
    /// An empty A4 document with the GB/T 9704 margins, body defaults and the page number.
    pub fn new() -> OfficialDoc {
        let page = Paragraph::new()
            .add_run(run("— ", PAGE_NUMBER_FONT, SIHAO))
            .add_run(page_field())
            .add_run(run(" —", PAGE_NUMBER_FONT, SIHAO))
            .align(AlignmentType::Center);
        let doc = Docx::new()
            .page_size(11906, 16838)
            .page_margin(PageMargin::new().top(2098).bottom(1984).left(1588).right(1474).footer(1247))
            .default_fonts(fonts(BODY_FONT))
            .default_size(SANHAO)
            .footer(Footer::new().add_paragraph(page));
        OfficialDoc { doc, h1: 0, h2: 0 }
    }

    /// The title: 方正小标宋简体 二号, centred, a blank line after.
    pub fn title(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(
            Paragraph::new()
                .add_run(run(text, TITLE_FONT, ERHAO))
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().line(700).line_rule(LineSpacingType::Exact).after(LINE_28PT as u32)),
        );
        self
    }

    /// A line under the title (a document number, a date), centred in the body font.
    pub fn subtitle(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(
            Paragraph::new()
                .add_run(run(text, BODY_FONT, SANHAO))
                .align(AlignmentType::Center)
                .line_spacing(exact_lines()),
        );
        self
    }

    /// The addressee (主送机关): flush left, ending with a full-width colon.
    pub fn addressee(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(
            Paragraph::new().add_run(run(&format!("{text}:"), BODY_FONT, SANHAO)).line_spacing(exact_lines()),
        );
        self
    }

    /// A first-level heading: 黑体 三号, numbered 一、二、…
    pub fn heading1(mut self, text: &str) -> Self {
        self.h1 += 1;
        self.h2 = 0;
        let t = format!("{}、{text}", chinese_number(self.h1));
        self.doc = self.doc.add_paragraph(indented(run(&t, HEADING1_FONT, SANHAO)));
        self
    }

    /// A second-level heading: 楷体_GB2312 三号, numbered (一)(二)… within its first level.
    pub fn heading2(mut self, text: &str) -> Self {
        self.h2 += 1;
        let t = format!("({}){text}", chinese_number(self.h2));
        self.doc = self.doc.add_paragraph(indented(run(&t, HEADING2_FONT, SANHAO)));
        self
    }

    /// A body paragraph: 仿宋_GB2312 三号, 28-point lines, two-character first-line indent.
    pub fn para(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(indented(run(text, BODY_FONT, SANHAO)));
        self
    }

    /// A table's caption, centred in 黑体 四号 (tables keep to 四号 and smaller).
    pub fn caption(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(
            Paragraph::new()
                .add_run(run(text, HEADING1_FONT, SIHAO))
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(120).after(120)),
        );
        self
    }

    /// A table in 小四 with its header row repeated on every page; `bold_last` sets the
    /// last row (a total) in bold.
    pub fn table(mut self, columns: &[Column], rows: &[Vec<String>], bold_last: bool) -> Self {
        // A cell's lines ("\n") are paragraphs of their own.
        let cell = |text: &str, c: &Column, bold: bool| {
            let align = if c.centred { AlignmentType::Center } else { AlignmentType::Left };
            let mut tc = TableCell::new().width(c.width, WidthType::Dxa).vertical_align(docx_rs::VAlignType::Center);
            for line in text.split('\n') {
                let mut r = run(line, BODY_FONT, XIAOSI);
                if bold {
                    r = r.bold();
                }
                tc = tc.add_paragraph(Paragraph::new().add_run(r).align(align));
            }
            tc
        };
        let header = TableRow::new(
            columns.iter().map(|c| cell(&c.header, &Column { centred: true, ..c.clone() }, true)).collect(),
        )
        .row_height(454.0)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split();
        let mut trs = vec![header];
        for (k, row) in rows.iter().enumerate() {
            let bold = bold_last && k + 1 == rows.len();
            let cells = columns
                .iter()
                .enumerate()
                .map(|(i, c)| cell(row.get(i).map(String::as_str).unwrap_or(""), c, bold))
                .collect();
            trs.push(TableRow::new(cells).cant_split());
        }
        let table = Table::new(trs)
            .set_grid(columns.iter().map(|c| c.width).collect())
            .layout(docx_rs::TableLayoutType::Fixed)
            .margins(docx_rs::TableCellMargins::new().margin(30, 60, 30, 60));
        self.doc = self.doc.add_table(table);
        self
    }

    /// The signature block (落款): the issuing office and the date, right-aligned, after a
    /// blank line.
    pub fn signature(mut self, office: &str, date: &str) -> Self {
        self.doc = self.doc.add_paragraph(Paragraph::new().line_spacing(exact_lines()));
        for line in [office, date] {
            if line.is_empty() {
                continue;
            }
            self.doc = self.doc.add_paragraph(
                Paragraph::new()
                    .add_run(run(line, BODY_FONT, SANHAO))
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(640 * 2), None)
                    .line_spacing(exact_lines()),
            );
        }
        self
    }

    /// A note in the body font without indent (a 联系人 line, a 附件 line).
    pub fn plain(mut self, text: &str) -> Self {
        self.doc =
            self.doc.add_paragraph(Paragraph::new().add_run(run(text, BODY_FONT, SANHAO)).line_spacing(exact_lines()));
        self
    }

    /// A note under a table, in 仿宋_GB2312 小四.
    pub fn note(mut self, text: &str) -> Self {
        self.doc = self.doc.add_paragraph(
            Paragraph::new().add_run(run(text, BODY_FONT, XIAOSI)).line_spacing(LineSpacing::new().before(120)),
        );
        self
    }

    /// Starts a new page (headings numbered afresh).
    pub fn page_break(mut self) -> Self {
        self.doc = self.doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        self.h1 = 0;
        self.h2 = 0;
        self
    }

    /// Writes the document to `path`.
    pub fn write(self, path: &Path) -> Result<()> {
        let mut xml = self.doc.build();
        xml.document = mark_header_rows(&xml.document);
        xml.font_table = FONT_TABLE.as_bytes().to_vec();
        let file = std::fs::File::create(path).map_err(|e| write_error(path, &e))?;
        xml.pack(file).map_err(|e| write_error(path, &e))?;
        Ok(())
    }
}

fn indented(r: Run) -> Paragraph {
    Paragraph::new()
        .add_run(r)
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .line_spacing(exact_lines())
}

/// The PAGE field in the page-number font.
fn page_field() -> Run {
    Run::new()
        .fonts(fonts(PAGE_NUMBER_FONT))
        .size(SIHAO)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false)
}

/// Marks each table's header row (the one carrying [`HEADER_MARK`]) to repeat on every page.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace(HEADER_MARK, &format!("{HEADER_MARK}<w:tblHeader />")).into_bytes()
}

/// The font table: each Chinese official font with the font a machine without it uses.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font><w:font w:name="宋体"><w:altName w:val="SimSun" /><w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体" /><w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font><w:font w:name="黑体"><w:altName w:val="SimHei" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font><w:font w:name="楷体_GB2312"><w:altName w:val="楷体" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font></w:fonts>"#;

fn write_error(path: &Path, e: &dyn std::fmt::Display) -> TransferError {
    TransferError::file(format!("无法写入 {}:{e}", path.display()), format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_numbers_in_chinese() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(23), "二十三");
    }

    #[test]
    fn widths_fill_the_text_width() {
        let w = fill_widths(2000, 5);
        assert_eq!(w[0], 2000);
        assert!(w.iter().sum::<usize>() <= TEXT_WIDTH && w.iter().sum::<usize>() + 4 >= TEXT_WIDTH);
    }
}
