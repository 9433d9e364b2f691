//! Writing exported sheets row by row, in constant memory: a CSV record goes to the file as
//! soon as it is made, an xlsx sheet uses rust_xlsxwriter's constant-memory mode (rows go
//! to a temporary file beside the export). A file is written under a temporary name and
//! renamed when complete, so a failed export (a cell GBK cannot hold, a full disk) leaves
//! no file behind and never half of one.
use super::export::{CsvEncoding, Heading, Val};
use super::{Result, TransferError};
use crate::text::Lang;
use chrono::Datelike;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Calls its argument once per row, in order.
pub type EachRow<'a> = dyn FnMut(&mut dyn FnMut(&[Val]) -> Result<()>) -> Result<()> + 'a;

/// One sheet to write: a name, the header, and its rows given one at a time.
pub struct SheetOut<'a> {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Box<EachRow<'a>>,
}

pub(super) fn write_error(path: &Path, e: &dyn std::fmt::Display) -> TransferError {
    TransferError::file(format!("无法写入 {}:{e}", path.display()), format!("cannot write {}: {e}", path.display()))
}

/// The file a write goes to before it is complete: `NAME.part` beside it.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    path.with_file_name(name)
}

/// Writes through `write` into `NAME.part` and renames it to `path` when `write` succeeds;
/// removes it when it fails.
pub(super) fn atomically(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let part = part_path(path);
    let result = std::fs::File::create(&part)
        .map_err(|e| write_error(path, &e))
        .and_then(|mut f| {
            write(&mut f)?;
            f.flush().map_err(|e| write_error(path, &e))
        })
        .and_then(|_| std::fs::rename(&part, path).map_err(|e| write_error(path, &e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// Writes one sheet as CSV to `out`: UTF-8 (a BOM first when `bom`) or GBK. A cell GBK
/// cannot hold stops the write with a message naming its row and column.
pub fn write_csv(
    sheet: &mut SheetOut,
    encoding: CsvEncoding,
    bom: bool,
    out: &mut dyn Write,
    path: &Path,
) -> Result<()> {
    let io = |e: &dyn std::fmt::Display| write_error(path, e);
    if bom && encoding == CsvEncoding::Utf8 {
        out.write_all(b"\xEF\xBB\xBF").map_err(|e| io(&e))?;
    }
    let safe = |s: &str| super::csv_cell::escape(s).into_owned();
    let mut cells: Vec<String> = Vec::new();
    let mut line = 0usize;
    let header = sheet.header.clone();
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut record = |cells: &[String], out: &mut dyn Write| -> Result<()> {
        line += 1;
        let mut w = csv::Writer::from_writer(std::mem::take(&mut buf));
        w.write_record(cells).map_err(|e| io(&e))?;
        buf = w.into_inner().map_err(|e| io(&e))?;
        match encoding {
            CsvEncoding::Utf8 => out.write_all(&buf).map_err(|e| io(&e))?,
            CsvEncoding::Gbk => {
                let text = String::from_utf8_lossy(&buf);
                let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
                if lossy {
                    return Err(not_gbk(cells, line, &header, path));
                }
                out.write_all(&gbk).map_err(|e| io(&e))?;
            }
        }
        buf.clear();
        Ok(())
    };
    let head: Vec<String> = sheet.header.iter().map(|h| safe(h)).collect();
    record(&head, out)?;
    (sheet.rows)(&mut |row: &[Val]| {
        cells.clear();
        cells.extend(row.iter().map(|v| match v {
            Val::Text(s) => safe(s),
            other => other.text(),
        }));
        record(&cells, out)
    })
}

/// The cell of a CSV line GBK cannot hold, as an error.
fn not_gbk(cells: &[String], line: usize, header: &[String], path: &Path) -> TransferError {
    let fits = |s: &str| !encoding_rs::GBK.encode(s).2;
    for (c, v) in cells.iter().enumerate() {
        if let Some(ch) = v.chars().find(|ch| !fits(&ch.to_string())) {
            let col = super::column_letter(c);
            let head = header.get(c).cloned().unwrap_or_default();
            return TransferError::file(
                format!("{}:第{line}行 {col}列({head})的“{ch}”无法用 GBK 编码;请改用 UTF-8(默认)导出,或修改该处文字。未写入文件", path.display()),
                format!("{}: row {line}, column {col} ({head}): '{ch}' has no GBK code; export as UTF-8 (the default) or change the text. Nothing was written", path.display()),
            );
        }
    }
    TransferError::file(
        format!("{}:无法用 GBK 编码", path.display()),
        format!("{}: cannot be encoded as GBK", path.display()),
    )
}

/// Display width of text in Excel's character units (a Chinese character counts two).
fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The rows above the header: the title, then 制表日期.
pub const HEADER_ROW: u32 = 2;

/// Writes the sheets as one workbook under `heading`, each sheet in constant memory, into
/// `out` (`path` names it in messages; the rows wait in a temporary file in `tmp`).
pub fn write_xlsx(
    sheets: &mut [SheetOut],
    heading: &Heading,
    tmp: &Path,
    out: &mut (dyn Write + Send),
    path: &Path,
) -> Result<()> {
    let io = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut wb = Workbook::new();
    if tmp.is_dir() {
        wb.set_tempdir(tmp).map_err(|e| io(&e))?;
    }
    let title_fmt = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let date_fmt = Format::new().set_align(FormatAlign::Right);
    let made = match heading.lang {
        Lang::Zh => {
            format!("制表日期:{}年{}月{}日", heading.made_on.year(), heading.made_on.month(), heading.made_on.day())
        }
        Lang::En => format!("Made on {}", heading.made_on.format("%Y-%m-%d")),
    };
    let footer = match heading.lang {
        Lang::Zh => "&C第 &P 页,共 &N 页",
        Lang::En => "&CPage &P of &N",
    };
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let pct = Format::new().set_num_format("0.0%");
    for sheet in sheets.iter_mut() {
        let ws = wb.add_worksheet_with_constant_memory().map_err(|e| io(&e))?;
        ws.set_name(&sheet.name).map_err(|e| io(&e))?;
        let mut widths: Vec<usize> = sheet.header.iter().map(|h| width_of(h) + 2).collect();
        let last = sheet.header.len().saturating_sub(1) as u16;
        // Row by row, in order: constant-memory mode cannot go back to an earlier row.
        ws.set_row_height(0, 24).map_err(|e| io(&e))?;
        if last > 0 {
            ws.merge_range(0, 0, 0, last, &heading.title, &title_fmt).map_err(|e| io(&e))?;
            ws.merge_range(1, 0, 1, last, &made, &date_fmt).map_err(|e| io(&e))?;
        } else {
            ws.write_string_with_format(0, 0, &heading.title, &title_fmt).map_err(|e| io(&e))?;
            ws.write_string_with_format(1, 0, &made, &date_fmt).map_err(|e| io(&e))?;
        }
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, h, &head).map_err(|e| io(&e))?;
        }
        let mut r = HEADER_ROW;
        (sheet.rows)(&mut |row: &[Val]| {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let res = match v {
                    Val::Empty => continue,
                    Val::Text(s) => ws.write_string(r, col, s).map(|_| ()),
                    Val::Int(i) => ws.write_number(r, col, *i as f64).map(|_| ()),
                    Val::Date(d) => {
                        let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(|e| io(&e))?;
                        ws.write_datetime_with_format(r, col, x, &date).map(|_| ())
                    }
                    Val::Percent(Some(tenths)) => {
                        ws.write_number_with_format(r, col, *tenths as f64 / 1000.0, &pct).map(|_| ())
                    }
                    Val::Percent(None) => ws.write_string(r, col, "—").map(|_| ()),
                };
                res.map_err(|e| io(&e))?;
                let w = match v {
                    Val::Date(_) => 12,
                    Val::Text(s) => width_of(s) + 2,
                    v => width_of(&v.text()) + 2,
                };
                if let Some(x) = widths.get_mut(c) {
                    *x = (*x).max(w);
                }
            }
            Ok(())
        })?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).min(60) as f64).map_err(|e| io(&e))?;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 0).map_err(|e| io(&e))?;
        if r > HEADER_ROW {
            ws.autofilter(HEADER_ROW, 0, r, last).map_err(|e| io(&e))?;
        }
        // Printed: landscape A4, one page wide, the header repeated on every page, page
        // numbers in the footer.
        ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(|e| io(&e))?;
        ws.set_footer(footer);
    }
    wb.save_to_writer(out).map_err(|e| io(&e))
}
