//! Reading a spreadsheet (.xlsx, .xls or .csv) into rows of cells, as an office makes
//! them: blank lines are dropped, CSV may be UTF-8 (with or without BOM) or GBK, and every
//! row keeps the number Excel shows for it so a problem can be pointed at.
use super::{normalize_text, Result, TransferError};
use crate::text::Lang;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, with full-width digits and letters normalised and surrounding space trimmed.
    Text(String),
    Number(f64),
    /// A cell Excel stores as a date.
    Date(NaiveDate),
    /// A formula the file keeps without its computed value (saved by a program that does
    /// not calculate): the formula's text, without '='.
    Formula(String),
}

impl Cell {
    /// The cell as text: numbers without a trailing ".0", dates as 2024-03-05.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Formula(_) => String::new(),
        }
    }

    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.is_empty(),
            _ => false,
        }
    }
}

/// One non-blank row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row number Excel shows (1-based, counting the header and title rows).
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `i`, or an empty cell past the row's end.
    pub fn get(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// The rows of one sheet, blank rows left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The sheet's name (the file name for a CSV).
    pub name: String,
    pub rows: Vec<Row>,
    /// Set when the sheet was left unread for being past the size limits (its rows are
    /// then empty); the import mentions it.
    pub skipped: Option<OverLimit>,
    /// The file's name (without its folder), for a meeting named there.
    pub file: String,
    /// How a CSV's bytes were decoded ("UTF-8", "GB18030", "UTF-16LE"…); `None` for a workbook.
    pub encoding: Option<&'static str>,
}

impl Sheet {
    /// Reads the first sheet of a workbook, or a CSV file, choosing by extension.
    pub fn read(path: &Path) -> Result<Vec<Sheet>> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => {
                let bytes = std::fs::read(path).map_err(|e| read_error(path, &e.to_string()))?;
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                Ok(vec![Sheet::csv(&name, &path.display().to_string(), &bytes)?])
            }
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
                let file = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let mut sheets = read_workbook(path)?;
                for s in &mut sheets {
                    s.file = file.clone();
                }
                Ok(sheets)
            }
            _ => Err(TransferError::file(
                format!("{}:不认识的文件类型,请用 .xlsx、.xls 或 .csv", path.display()),
                format!("{}: unknown file type; use .xlsx, .xls or .csv", path.display()),
            )),
        }
    }

    /// Reads CSV bytes in any encoding [`decode`] knows, comma- or tab-separated (Excel's
    /// "Unicode text" is UTF-16 with tabs). A quoted field that swallows the rows after it
    /// (a quote that never closes) refuses the file, naming the line where it opened.
    pub fn from_csv_bytes(name: &str, bytes: &[u8]) -> Result<Sheet> {
        Sheet::csv(name, name, bytes)
    }

    /// [`Sheet::from_csv_bytes`], with the file called `label` (its path) in messages.
    fn csv(name: &str, label: &str, bytes: &[u8]) -> Result<Sheet> {
        let (text, encoding) = decode_named(bytes);
        let delimiter = super::csv_scan::delimiter(&text);
        super::csv_scan::check_quotes(&text, delimiter).map_err(|q| q.error(label))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        // (byte, line) of the last row: lines are counted on from there, not from the top
        // (counting from the top for every row took 30 s for a 10,000-row file).
        let mut mark = (0usize, 1usize);
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| {
                TransferError::file(
                    format!("{label}:第{}行无法读取({e})", i + 1),
                    format!("{label}: row {}: {e}", i + 1),
                )
            })?;
            let cells: Vec<Cell> = rec
                .iter()
                .map(|s| {
                    let t = normalize_text(super::csv_cell::unescape(s));
                    if t.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(t)
                    }
                })
                .collect();
            // The reader's own line count misses skipped blank lines; count from the byte
            // offset instead, stepping over the blank lines it points at.
            let number = match rec.position() {
                Some(p) => {
                    mark = line_at(&text, mark, p.byte() as usize);
                    mark.1
                }
                None => i + 1,
            };
            push_row(&mut rows, number, cells);
        }
        Ok(Sheet { name: name.to_string(), rows, skipped: None, file: name.to_string(), encoding: Some(encoding) })
    }
}

/// Decodes CSV bytes: UTF-8 with or without BOM, else GBK (GB18030, its superset).
pub fn decode(bytes: &[u8]) -> String {
    decode_named(bytes).0
}

/// Decodes CSV bytes and names the encoding found: UTF-16 by its BOM (or, without one, by
/// the zero bytes of ASCII characters), UTF-8 with or without BOM, else GB18030 (which
/// reads GBK and GB2312 too).
pub fn decode_named(bytes: &[u8]) -> (String, &'static str) {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (UTF_16LE.decode_without_bom_handling(rest).0.into_owned(), "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (UTF_16BE.decode_without_bom_handling(rest).0.into_owned(), "UTF-16BE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8");
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let zeros = |odd: usize| head.iter().skip(odd).step_by(2).filter(|b| **b == 0).count();
    if head.len() >= 4 && zeros(1) * 2 >= head.len() / 2 && zeros(0) == 0 {
        return (UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(), "UTF-16LE");
    }
    if head.len() >= 4 && zeros(0) * 2 >= head.len() / 2 && zeros(1) == 0 {
        return (UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(), "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => (GB18030.decode_without_bom_handling(bytes).0.into_owned(), "GB18030"),
    }
}

/// The 1-based line of the first non-blank line at or after byte `at`, counting on from
/// `from` (a byte at or before `at` and its line); returns the byte where that line starts
/// and its number. A line ends as the CSV reader ends a record: `\n`, `\r\n` or a lone `\r`.
fn line_at(text: &str, from: (usize, usize), at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let (start, mut line) = if from.0 <= at { from } else { (0, 1) };
    let ends = |i: usize| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    line += (start..at).filter(|&i| ends(i)).count();
    let mut pos = at;
    while pos < bytes.len() && matches!(bytes[pos], b'\n' | b'\r') {
        if ends(pos) {
            line += 1;
        }
        pos += 1;
    }
    (pos, line)
}

fn read_error(path: &Path, detail: &str) -> TransferError {
    TransferError::file(
        format!("无法读取 {}:{detail}", path.display()),
        format!("cannot read {}: {detail}", path.display()),
    )
}

fn push_row(rows: &mut Vec<Row>, number: usize, mut cells: Vec<Cell>) {
    while cells.last().is_some_and(Cell::is_empty) {
        cells.pop();
    }
    if !cells.is_empty() {
        rows.push(Row { number, cells });
    }
}

/// The most columns a sheet may use: offices' lists have a few dozen.
pub const MAX_COLUMNS: u32 = 256;
/// The most cells a sheet may hold (a 10,000-row ledger of 30 columns has 300,000); with
/// their text this keeps a sheet well under 200 MB in memory.
pub const MAX_CELLS: usize = 1_000_000;

/// Which limit a sheet went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A non-empty cell right of [`MAX_COLUMNS`].
    Columns,
    /// More than [`MAX_CELLS`] non-empty cells.
    Cells,
}

/// A sheet left unread because it is past the limits, with the cell where that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverLimit {
    pub sheet: String,
    /// The cell, as Excel names it ("XFD1048576").
    pub at: String,
    pub limit: Limit,
}

impl OverLimit {
    /// What is wrong and what to do, without the file's name.
    pub fn message(&self, lang: Lang) -> String {
        let (name, at) = (&self.sheet, &self.at);
        match (self.limit, lang) {
            (Limit::Columns, Lang::Zh) => {
                format!("工作表“{name}”的单元格 {at} 超出第 {MAX_COLUMNS} 列;请删去表格右侧多余的内容")
            }
            (Limit::Columns, Lang::En) => {
                format!(
                    "sheet '{name}' has a cell at {at}, past column {MAX_COLUMNS}; delete what lies right of the table"
                )
            }
            (Limit::Cells, Lang::Zh) => format!("工作表“{name}”超过 {MAX_CELLS} 个单元格(到 {at} 为止);请拆分文件"),
            (Limit::Cells, Lang::En) => {
                format!("sheet '{name}' has more than {MAX_CELLS} cells (up to {at}); split the file")
            }
        }
    }

    /// The file error when no sheet of the workbook could be read.
    fn error(&self, path: &Path) -> TransferError {
        let p = path.display();
        TransferError::file(format!("{p}:{}", self.message(Lang::Zh)), format!("{p}: {}", self.message(Lang::En)))
    }
}

/// A sheet's cells gathered one at a time within [`MAX_COLUMNS`] and [`MAX_CELLS`], so a
/// stray cell far away (XFD1048576) costs one cell, not the whole rectangle.
#[derive(Debug, Default)]
pub struct CellGrid {
    /// Row → (column, cell), in the file's order; rows come out sorted.
    by_row: BTreeMap<u32, Vec<(u32, Cell)>>,
    count: usize,
}

impl CellGrid {
    /// Adds the cell at 0-based (`row`, `col`); an empty cell is dropped. Past a limit,
    /// returns which one and the cell's name.
    pub fn add(&mut self, row: u32, col: u32, cell: Cell) -> std::result::Result<(), (Limit, String)> {
        if cell.is_empty() {
            return Ok(());
        }
        let at = || format!("{}{}", super::column_letter(col as usize), row as u64 + 1);
        if col >= MAX_COLUMNS {
            return Err((Limit::Columns, at()));
        }
        self.count += 1;
        if self.count > MAX_CELLS {
            return Err((Limit::Cells, at()));
        }
        self.by_row.entry(row).or_default().push((col, cell));
        Ok(())
    }

    /// The non-blank rows, numbered as Excel shows them.
    pub fn into_rows(self) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.by_row.len());
        for (r, mut cols) in self.by_row {
            cols.sort_by_key(|(c, _)| *c);
            let width = cols.last().map(|(c, _)| *c as usize + 1).unwrap_or(0);
            let mut cells = vec![Cell::Empty; width];
            for (c, cell) in cols {
                cells[c as usize] = cell;
            }
            push_row(&mut rows, r as usize + 1, cells);
        }
        rows
    }
}

/// One sheet read cell by cell from `next` ((row, column, cell), or `None` at the end). A
/// sheet past the limits comes back empty, with [`Sheet::skipped`] saying why; a cell the
/// library cannot read is a broken file.
fn read_cells<E: std::fmt::Display>(
    path: &Path,
    name: String,
    mut next: impl FnMut() -> std::result::Result<Option<(u32, u32, Cell)>, E>,
) -> Result<Sheet> {
    let mut grid = CellGrid::default();
    while let Some((r, c, cell)) = next().map_err(|e| broken(path, &e.to_string()))? {
        if let Err((limit, at)) = grid.add(r, c, cell) {
            let skipped = Some(OverLimit { sheet: name.clone(), at, limit });
            return Ok(Sheet { name, rows: Vec::new(), skipped, ..Default::default() });
        }
    }
    Ok(Sheet { name, rows: grid.into_rows(), skipped: None, ..Default::default() })
}

/// The sheets of a workbook as read: those past the limits stay in the list (empty, with
/// the reason) so the import can mention them, unless no sheet was readable, which is the
/// first one's limit error.
pub fn keep_readable(path: &Path, sheets: Vec<Sheet>) -> Result<Vec<Sheet>> {
    if sheets.iter().all(|s| s.skipped.is_some()) {
        if let Some(over) = sheets.iter().find_map(|s| s.skipped.as_ref()) {
            return Err(over.error(path));
        }
    }
    Ok(sheets)
}

fn read_workbook(path: &Path) -> Result<Vec<Sheet>> {
    std::fs::metadata(path).map_err(|e| read_error(path, &e.to_string()))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let path_owned = path.to_path_buf();
    // A broken file can make the library panic (an absurd cell reference overflows its
    // column arithmetic); that is a broken file, said as such.
    let read = move || match ext.as_str() {
        "xlsx" | "xlsm" => read_xlsx(&path_owned),
        "xlsb" => read_xlsb(&path_owned),
        _ => read_range(&path_owned),
    };
    let sheets = crate::caught::catch(read).unwrap_or_else(|detail| Err(broken(path, &detail)))?;
    keep_readable(path, sheets)
}

/// The most bytes one part of an .xlsx (a sheet, the shared strings) may inflate to, as
/// its zip directory declares: a 10,000-row ledger's sheet is about 15 MB.
pub const MAX_PART_BYTES: u64 = 150 * 1024 * 1024;

/// Refuses an .xlsx whose sheets or shared strings declare more than [`MAX_PART_BYTES`],
/// before anything is inflated (the shared strings are held in memory whole).
fn check_declared_sizes(path: &Path) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| read_error(path, &e.to_string()))?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(()); // not a zip: the workbook reader says what it is
    };
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else { continue };
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let part = name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml";
        if part && f.size() > MAX_PART_BYTES {
            let mb = f.size() / (1024 * 1024);
            let max = MAX_PART_BYTES / (1024 * 1024);
            return Err(TransferError::file(
                format!("{}:工作簿中的 {name} 解压后有 {mb} MB,超过 {max} MB 的上限;请删去多余的行列或拆分文件", path.display()),
                format!("{}: {name} in the workbook inflates to {mb} MB, past the {max} MB limit; delete unused rows and columns or split the file", path.display()),
            ));
        }
    }
    Ok(())
}

/// An .xlsx read cell by cell (see [`CellGrid`]). A formula saved without its value is
/// kept as [`Cell::Formula`] so the import can name it.
fn read_xlsx(path: &Path) -> Result<Vec<Sheet>> {
    check_declared_sizes(path)?;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| broken(path, &e.to_string()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| broken(path, &e.to_string()))?;
        sheets.push(read_cells(path, name, || {
            reader.next_cell_with_formula().map(|c| {
                c.map(|c| {
                    let (r, col) = c.pos;
                    let cell = match (&c.value, c.formula) {
                        (calamine::DataRef::Empty, Some(f)) if !f.trim().is_empty() => Cell::Formula(f),
                        (v, _) => cell_of_ref(v),
                    };
                    (r, col, cell)
                })
            })
        })?);
    }
    Ok(sheets)
}

/// An .xlsb read cell by cell, as an .xlsx: its whole-range read would allocate the
/// rectangle up to a stray far cell before any limit could be checked.
fn read_xlsb(path: &Path) -> Result<Vec<Sheet>> {
    let mut wb: calamine::Xlsb<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsbError| broken(path, &e.to_string()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| broken(path, &e.to_string()))?;
        sheets.push(read_cells(path, name, || reader.next_cell().map(|c| c.map(|c| position_and_cell(&c))))?);
    }
    Ok(sheets)
}

fn position_and_cell(c: &calamine::Cell<calamine::DataRef>) -> (u32, u32, Cell) {
    let (r, col) = c.get_position();
    (r, col, cell_of_ref(c.get_value()))
}

/// .xls and .ods: the library reads the whole range. An .xls sheet is bounded by its
/// format (65,536 × 256); an .ods range is capped by the library at 100 million cells.
fn read_range(path: &Path) -> Result<Vec<Sheet>> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| broken(path, &e.to_string()))?;
    let names = wb.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| broken(path, &e.to_string()))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut grid = CellGrid::default();
        let mut over = None;
        for (r, c, d) in range.used_cells() {
            if let Err((limit, at)) = grid.add(row0 + r as u32, col0 + c as u32, cell_of(d)) {
                over = Some(OverLimit { sheet: name.clone(), at, limit });
                break;
            }
        }
        let rows = if over.is_some() { Vec::new() } else { grid.into_rows() };
        sheets.push(Sheet { name, rows, skipped: over, ..Default::default() });
    }
    Ok(sheets)
}

/// A workbook the library could not read: damaged, or not the type its name says.
fn broken(path: &Path, detail: &str) -> TransferError {
    let detail: String = detail.chars().take(200).collect();
    TransferError::file(
        format!("{}:无法作为 Excel 工作簿读取,文件可能已损坏或并非 Excel 格式(详情:{detail})", path.display()),
        format!(
            "{}: cannot be read as an Excel workbook; the file may be damaged or not Excel (detail: {detail})",
            path.display()
        ),
    )
}

fn cell_of_ref(d: &calamine::DataRef) -> Cell {
    use calamine::DataRef as R;
    match d {
        R::SharedString(s) => cell_of(&Data::String(s.to_string())),
        R::String(s) => cell_of(&Data::String(s.clone())),
        R::DateTimeIso(s) => cell_of(&Data::DateTimeIso(s.clone())),
        R::DurationIso(s) => cell_of(&Data::DurationIso(s.clone())),
        R::Int(i) => Cell::Number(*i as f64),
        R::Float(f) => Cell::Number(*f),
        R::Bool(b) => cell_of(&Data::Bool(*b)),
        R::DateTime(dt) => cell_of(&Data::DateTime(*dt)),
        R::Error(_) | R::Empty => Cell::Empty,
    }
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let t = normalize_text(s);
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t)
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
                Some(d) if dt.is_datetime() => Cell::Date(d),
                _ => Cell::Number(dt.as_f64()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_csv_read_the_same() {
        let text = "编号,标题\r\n１,关于加快老旧小区改造的提案\r\n,,\r\n2,关于优化营商环境的建议\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let a = Sheet::from_csv_bytes("a.csv", &gbk).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let b = Sheet::from_csv_bytes("a.csv", &bom).unwrap();
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.rows.len(), 3, "the blank line is dropped");
        assert_eq!(a.rows[1].get(0), &Cell::Text("1".into()));
        assert_eq!(a.rows[2].number, 4, "row numbers count the blank line");
        let t = Sheet::from_csv_bytes("b.csv", "title\r\n\r\nh1,h2\r\na,\"b\nc\"\r\n\r\nd,e\n".as_bytes()).unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 7]);
        // A lone CR ends a record for the CSV reader; it ends a line too.
        let t = Sheet::from_csv_bytes("c.csv", b"a\rb\r\nc\n").unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(a.rows[1].get(1).text(), "关于加快老旧小区改造的提案");
    }

    #[test]
    fn the_grid_names_the_cell_past_a_limit_and_keeps_rows_in_order() {
        let mut g = CellGrid::default();
        g.add(4, 1, Cell::Text("b".into())).unwrap();
        g.add(0, 0, Cell::Number(1.0)).unwrap();
        g.add(4, 0, Cell::Text("a".into())).unwrap();
        g.add(9, 300, Cell::Empty).unwrap();
        assert_eq!(g.add(1_048_575, 16_383, Cell::Text("x".into())), Err((Limit::Columns, "XFD1048576".into())));
        assert_eq!(g.add(0, MAX_COLUMNS, Cell::Number(2.0)), Err((Limit::Columns, "IW1".into())));
        g.add(0, MAX_COLUMNS - 1, Cell::Number(2.0)).unwrap();
        let rows = g.into_rows();
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(rows[1].cells, [Cell::Text("a".into()), Cell::Text("b".into())]);
        assert_eq!(rows[0].cells.len(), MAX_COLUMNS as usize);
        let mut g = CellGrid { count: MAX_CELLS, ..Default::default() };
        assert_eq!(g.add(2, 2, Cell::Number(1.0)), Err((Limit::Cells, "C3".into())));
    }

    #[test]
    fn a_sheet_past_the_limits_is_skipped_unless_none_is_left() {
        let path = Path::new("/tmp/清单.xlsb");
        let cells = vec![(0, 0, Cell::Text("编号".into())), (3, 20_000, Cell::Text("x".into()))];
        let mut it = cells.into_iter();
        let wide = read_cells(path, "统计".into(), || Ok::<_, String>(it.next())).unwrap();
        let over = wide.skipped.clone().expect("skipped");
        assert_eq!((over.at.as_str(), over.limit, wide.rows.len()), ("ACOG4", Limit::Columns, 0));
        let mut it = vec![(1, 0, Cell::Number(1.0))].into_iter();
        let good = read_cells(path, "台账".into(), || Ok::<_, String>(it.next())).unwrap();
        assert_eq!(good.rows.len(), 1);
        let kept = keep_readable(path, vec![wide.clone(), good]).unwrap();
        assert_eq!(kept.len(), 2, "the skipped sheet stays, for the import's note");
        let e = keep_readable(path, vec![wide]).unwrap_err();
        let en = e.message(Lang::En);
        assert!(en.starts_with("/tmp/清单.xlsb: sheet '统计' has a cell at ACOG4, past column 256"), "{en}");
        assert!(e.message(Lang::Zh).contains("工作表“统计”的单元格 ACOG4 超出第 256 列"));
        assert!(keep_readable(path, Vec::new()).unwrap().is_empty());
        let mut broken = std::iter::once(Err("bad record".to_string()));
        let e = read_cells(path, "x".into(), || broken.next().unwrap_or(Ok(None))).unwrap_err();
        assert!(e.message(Lang::En).contains("bad record"));
    }

    #[test]
    fn numbers_print_like_excel() {
        assert_eq!(Cell::Number(25.0).text(), "25");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
