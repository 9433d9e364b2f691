//! The office's order of units read from its own unit list (`banli unit order --file
//! 单位名单.xlsx`): a sheet (.xlsx, .xls or .csv) with a unit column (单位名称, 承办单位, 单位,
//! 名称) and, if there is one, an order column (排序, 顺序, 序号, 次序). The units are put in
//! the order of that column's numbers, else in the order of the rows. A plain text file is
//! one unit a line. What the sheet says is checked before anything is written: a row whose
//! order is not a number, or two rows with one number, refuse the file, naming the rows.
use crate::transfer::sheet::{Row, Sheet};
use crate::transfer::{Result, TransferError};
use std::path::Path;

/// Headers of the unit column, best first.
const UNIT_HEADERS: [&str; 5] = ["单位名称", "承办单位", "单位全称", "单位", "名称"];
/// Headers of the order column, best first.
const ORDER_HEADERS: [&str; 4] = ["排序", "顺序", "次序", "序号"];

/// The unit names of `path` in the office's order.
pub fn read_order(path: &Path) -> Result<Vec<String>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "txt" || ext.is_empty() {
        let text = std::fs::read(path).map_err(|e| {
            TransferError::file(
                format!("无法读取 {}:{e}", path.display()),
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        let text = crate::transfer::sheet::decode(&text);
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect());
    }
    let sheets = Sheet::read(path)?;
    let sheet = sheets.into_iter().find(|s| !s.rows.is_empty()).ok_or_else(|| {
        TransferError::file(format!("{}:没有内容", path.display()), format!("{}: nothing in it", path.display()))
    })?;
    order_of_sheet(&sheet, &path.display().to_string())
}

/// The column of the first of `names` the header row holds.
fn column(header: &Row, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| header.cells.iter().position(|c| c.text().trim() == *n))
}

/// The units of one sheet in the office's order; `file` names it in messages.
pub fn order_of_sheet(sheet: &Sheet, file: &str) -> Result<Vec<String>> {
    let found = sheet.rows.iter().take(20).enumerate().find_map(|(i, r)| column(r, &UNIT_HEADERS).map(|u| (i, u)));
    let Some((at, unit_col)) = found else {
        return Err(TransferError::file(
            format!("{file}:前20行中没有“单位名称”(或“承办单位”“单位”)列;也可用每行一个单位的 .txt 文件"),
            format!("{file}: no 单位名称 (or 承办单位, 单位) column in the first 20 rows; a .txt file with one unit a line also works"),
        ));
    };
    let header = &sheet.rows[at];
    let order_col = column(header, &ORDER_HEADERS).filter(|c| *c != unit_col);
    let mut listed: Vec<(f64, usize, String)> = Vec::new();
    for r in &sheet.rows[at + 1..] {
        let name = r.get(unit_col).text().trim().to_string();
        if name.is_empty() {
            continue;
        }
        let place = match order_col {
            None => listed.len() as f64,
            Some(c) => {
                let text = r.get(c).text();
                text.trim().parse::<f64>().map_err(|_| {
                    let col = column_letter(c);
                    TransferError::file(
                        format!("{file} 第{}行 {col}列:排序“{text}”不是数字({name})", r.number),
                        format!("{file} row {}, column {col}: order '{text}' is not a number ({name})", r.number),
                    )
                })?
            }
        };
        if let Some(other) = listed.iter().find(|(p, _, _)| order_col.is_some() && *p == place) {
            return Err(TransferError::file(
                format!("{file} 第{}行:排序 {place} 与第{}行({})重复", r.number, other.1, other.2),
                format!("{file} row {}: order {place} is also row {}'s ({})", r.number, other.1, other.2),
            ));
        }
        listed.push((place, r.number, name));
    }
    listed.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(listed.into_iter().map(|(_, _, n)| n).collect())
}

/// A, B, … Z, AA for a zero-based column.
fn column_letter(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(csv: &str) -> Sheet {
        Sheet::from_csv_bytes("单位.csv", csv.as_bytes()).unwrap()
    }

    #[test]
    fn the_order_column_decides_below_a_title_row() {
        let s = sheet("2026年承办单位名单,,\n序号,单位名称,排序\n1,区财政局,2\n2,区发改局,1\n3,区住建局,3\n");
        assert_eq!(order_of_sheet(&s, "单位.csv").unwrap(), ["区发改局", "区财政局", "区住建局"]);
    }

    #[test]
    fn without_an_order_column_the_rows_decide() {
        let s = sheet("承办单位,联系人\n区发改局,王\n区财政局,李\n");
        assert_eq!(order_of_sheet(&s, "u.csv").unwrap(), ["区发改局", "区财政局"]);
    }

    #[test]
    fn a_bad_or_repeated_order_is_refused_with_its_row() {
        let e = order_of_sheet(&sheet("单位名称,排序\n区发改局,1\n区财政局,一\n"), "u.csv").unwrap_err();
        assert!(e.message(crate::text::Lang::Zh).contains("第3行 B列"), "{}", e.message(crate::text::Lang::Zh));
        let e = order_of_sheet(&sheet("单位名称,排序\n区发改局,1\n区财政局,1\n"), "u.csv").unwrap_err();
        assert!(
            e.message(crate::text::Lang::Zh).contains("与第2行(区发改局)重复"),
            "{}",
            e.message(crate::text::Lang::Zh)
        );
        assert!(order_of_sheet(&sheet("名字\n区发改局\n"), "u.csv").is_err());
    }
}
