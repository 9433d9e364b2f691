//! Lists made the way offices make them, imported with no --meeting: the meeting in the
//! merged title row, a two-row header (承办单位 over 主办 and 会办), 序号 beside 案号,
//! full-width digits, units under short names and repeated, a row with no proposer; the
//! same list as GBK and UTF-16 CSV; a CSV with a broken quote; a formula without a value.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::text::Lang;
use banli::transfer::export::{export, export_to, CsvEncoding, Dest, What};
use banli::transfer::import::{import_file, plan, ImportOptions, MeetingSource};
use banli::transfer::sheet::{Cell, Sheet};
use fixtures::*;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

const TITLE: &str = "2024年区政协十五届三次会议提案交办清单";

/// The list's rows under the two header rows: 序号, 案号, 案由, 提案人, 承办单位/主办, 承办单位/会办, 备注.
const ROWS: &[[&str; 7]] = &[
    ["１", "１０１", "关于加快老旧小区改造的提案", "马均侠", "区住建局", "区财政局", ""],
    ["2", "102", "关于优化营商环境的提案", "李平、王雷", "区财政局", "区财政局、区教体局", "会办重复"],
    ["3", "１０３", "关于增设交通标志的提案", "贾中杰", "区交通局，区交通局", "", ""],
    ["4", "104", "关于保护耕地的提案", "", "区自然资源局", "", "提案人待补"],
];

/// The list as an office sends it: title merged over the table, 承办单位 merged over 主办
/// and 会办, 序号/案号/案由/提案人/备注 merged down over both header rows.
fn office_xlsx(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 6, TITLE, &bold).unwrap();
    for (c, h) in ["序号", "案号", "案由", "提案人"].iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, h, &bold).unwrap();
    }
    ws.merge_range(1, 4, 1, 5, "承办单位", &bold).unwrap();
    ws.write_string(2, 4, "主办").unwrap();
    ws.write_string(2, 5, "会办").unwrap();
    ws.merge_range(1, 6, 2, 6, "备注", &bold).unwrap();
    for (r, row) in ROWS.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 3, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// The same list as CSV text, merged cells left empty as Excel saves them.
fn office_csv(sep: &str) -> String {
    let mut lines = vec![
        [TITLE, "", "", "", "", "", ""].join(sep),
        ["序号", "案号", "案由", "提案人", "承办单位", "", "备注"].join(sep),
        ["", "", "", "", "主办", "会办", ""].join(sep),
    ];
    for row in ROWS {
        let cells: Vec<String> = row
            .iter()
            .map(|c| if sep == "," && c.contains(',') { format!("\"{c}\"") } else { c.to_string() })
            .collect();
        lines.push(cells.join(sep));
    }
    lines.join("\r\n") + "\r\n"
}

fn units_of(store: &banli::store::Store, number: &str) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let mut st = c
        .prepare(
            "SELECT u.short_name, a.role FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN item i ON i.id = a.item_id
             WHERE i.number = ?1 ORDER BY a.role, u.short_name",
        )
        .unwrap();
    st.query_map([number], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// What every form of the list must give: the dry run, then the real import.
fn check_office_list(file: &Path, encoding: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let o = ImportOptions::default();
    let p = plan(&store, file, &o).unwrap();
    let text = p.render(Lang::Zh);
    assert!(!p.has_errors(), "{text}");
    assert_eq!(p.encoding, encoding, "{text}");
    assert_eq!(p.meeting_from, Some(("区政协十五届三次会议".into(), MeetingSource::TitleRow(1))), "{text}");
    assert!(text.contains("届次:区政协十五届三次会议(取自第1行标题行)"), "{text}");
    assert!(text.contains("未读取的列:A 序号(行序号;编号取自 B 列)"), "{text}");
    assert!(text.contains("G 备注(不是可导入的列)"), "{text}");
    assert!(text.contains("E 承办单位/主办→主办单位") && text.contains("F 承办单位/会办→会办单位"), "{text}");
    let numbers: Vec<&str> = p.items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["101", "102", "103", "104"], "案号, not 序号, full-width digits read: {text}");
    assert_eq!(p.new_meetings.len(), 1);
    let notes: Vec<(Option<usize>, String)> = p.notes().map(|n| (n.row, n.render(Lang::Zh))).collect();
    let at = |row: usize, what: &str| notes.iter().any(|(r, t)| *r == Some(row) && t.contains(what));
    assert!(at(5, "F列(承办单位/会办) 值“区财政局”: 同一单位在本件中重复"), "lead again under 会办: {notes:?}");
    assert!(at(6, "E列(承办单位/主办) 值“区交通局”: 同一单位在本件中重复"), "twice in one cell: {notes:?}");
    assert!(at(7, "没有提出人"), "{notes:?}");
    assert!(!text.contains("主办单位\u{201d}不认识") && p.new_units.is_empty(), "no unit named 主办: {text}");
    assert_eq!(count(&store, "item"), 0, "the dry run writes nothing");

    let (_, sum) = import_file(&mut store, file, &o).unwrap();
    assert_eq!((sum.items, sum.meetings, sum.units), (4, 1, 0));
    let name: String = one(&store, "SELECT name FROM meeting");
    assert_eq!(name, "区政协十五届三次会议");
    assert_eq!(
        units_of(&store, "102"),
        [("区教体局".into(), "co_handling".into()), ("区财政局".into(), "lead".into())]
    );
    assert_eq!(units_of(&store, "103"), [("区交通局".into(), "lead".into())]);
    assert_eq!(
        units_of(&store, "101"),
        [("区财政局".into(), "co_handling".into()), ("区住建局".into(), "lead".into())]
    );
    assert_eq!(store.verify_audit().unwrap(), Ok(count(&store, "audit_log") as u64));
    let (_, again) = import_file(&mut store, file, &o).unwrap();
    assert_eq!((again.items, again.unchanged), (0, 4), "a second import changes nothing");
}

#[test]
fn an_office_xlsx_is_read_as_a_clerk_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("交办清单.xlsx");
    office_xlsx(&file);
    check_office_list(&file, None);
}

#[test]
fn the_same_list_as_gbk_and_utf16_csv() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = dir.path().join("交办清单-gbk.csv");
    std::fs::write(&gbk, encoding_rs::GBK.encode(&office_csv(",")).0).unwrap();
    check_office_list(&gbk, Some("GB18030"));
    // Excel's "Unicode text": UTF-16LE with a BOM, separated by tabs.
    let utf16 = dir.path().join("交办清单-unicode.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(office_csv("\t").encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(&utf16, bytes).unwrap();
    check_office_list(&utf16, Some("UTF-16LE"));
}

#[test]
fn the_meeting_from_the_sheet_or_file_name_and_a_known_meeting_written_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("第十五届区政协第三次会议提案.csv");
    std::fs::write(&file, "案号,案由,提案人,主办单位\n7,关于修路的提案,王立新,区住建局\n").unwrap();
    let p = plan(&store, &file, &ImportOptions::default()).unwrap();
    assert_eq!(p.meeting_from.as_ref().map(|m| m.1), Some(MeetingSource::FileName), "{}", p.render(Lang::Zh));
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    // Later, a list whose title writes the same meeting the usual way goes into it.
    let other = dir.path().join("list.csv");
    std::fs::write(&other, format!("{TITLE},,,\n案号,案由,提案人,主办单位\n8,关于修桥的提案,王立新,区住建局\n"))
        .unwrap();
    let p = plan(&store, &other, &ImportOptions::default()).unwrap();
    assert!(p.new_meetings.is_empty() && !p.has_errors(), "{}", p.render(Lang::Zh));
    let none = dir.path().join("list2.csv");
    std::fs::write(&none, "案号,案由,提案人,主办单位\n9,关于修桥的提案,王立新,区住建局\n").unwrap();
    let p = plan(&store, &none, &ImportOptions::default()).unwrap();
    assert!(p.render(Lang::Zh).contains("标题行、工作表名和文件名中都没有会议名称"), "{}", p.render(Lang::Zh));
}

#[test]
fn a_csv_with_a_broken_quote_is_refused_at_the_line_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let mut text = String::from("案号,案由,提案人,主办单位\n");
    for n in 1..=4 {
        text.push_str(&format!("{n},关于第{n}件的提案,王立新,区住建局\n"));
    }
    text.push_str("5,\"关于停车难的提案,王立新,区交通局\n");
    for n in 6..=40 {
        text.push_str(&format!("{n},关于第{n}件的提案,王立新,区住建局\n"));
    }
    let file = dir.path().join("区政协十五届三次会议.csv");
    std::fs::write(&file, &text).unwrap();
    for e in [plan(&store, &file, &ImportOptions::default()).unwrap_err(), {
        import_file(&mut store, &file, &ImportOptions::default()).unwrap_err()
    }] {
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("第6行开始的引号") && zh.contains("没有闭合"), "{zh}");
        assert!(e.message(Lang::En).contains("line 6"), "{}", e.message(Lang::En));
    }
    assert_eq!(count(&store, "item"), 0);
    // A later quoted title closes it: still refused, at the same line.
    let closed = text.replace("\n9,关于第9件的提案", "\n9,\"关于第9件的提案\"");
    std::fs::write(&file, closed).unwrap();
    let zh = plan(&store, &file, &ImportOptions::default()).unwrap_err().message(Lang::Zh);
    assert!(zh.contains("第6行开始的引号") && zh.contains("第10行才闭合"), "{zh}");
}

#[test]
fn a_formula_without_its_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let file = dir.path().join("区政协十五届三次会议.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["案号", "案由", "提案人", "主办单位"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_formula(1, 0, "=ROW()-1").unwrap();
    for (c, v) in ["关于修路的提案", "王立新", "区住建局"].iter().enumerate() {
        ws.write_string(1, c as u16 + 1, *v).unwrap();
    }
    wb.save(&file).unwrap();
    strip_formula_values(&file);
    let sheets = Sheet::read(&file).unwrap();
    assert_eq!(sheets[0].rows[1].get(0), &Cell::Formula("ROW()-1".into()));
    let p = plan(&store, &file, &ImportOptions::default()).unwrap();
    let text = p.render(Lang::Zh);
    assert!(text.contains("第2行 A列(案号) 值“=ROW()-1”: 这是公式,文件中没有保存它的计算结果"), "{text}");
    assert!(!text.contains("编号为空"), "{text}");
}

/// Rewrites an .xlsx as a program that does not calculate saves it: formulas without `<v>`.
fn strip_formula_values(path: &Path) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        parts.push((f.name().unwrap().to_string(), bytes));
    }
    let mut zout = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, mut bytes) in parts {
        if name.starts_with("xl/worksheets/") {
            let s = String::from_utf8(bytes).unwrap();
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("</f>") {
                out.push_str(&rest[..i + 4]);
                rest = &rest[i + 4..];
                if rest.starts_with("<v>") {
                    let j = rest.find("</v>").unwrap();
                    rest = &rest[j + 4..];
                }
            }
            out.push_str(rest);
            bytes = out.into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn exports_for_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("交办清单.xlsx");
    office_xlsx(&file);
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    let out = dir.path().join("台账.xlsx");
    export(&store, What::Ledger, None, "xlsx", &out, Lang::Zh).unwrap();
    let sheets = Sheet::read(&out).unwrap();
    let rows = &sheets[0].rows;
    assert_eq!(rows[0].get(0).text(), "全部会议 建议提案办理台账");
    assert_eq!(rows[1].get(0).text(), "制表日期:2026年11月22日");
    assert_eq!(rows[2].get(1).text(), "编号");
    assert_eq!(rows[3].get(1), &Cell::Number(101.0), "编号 as a number");
    let sheet_xml = {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut s = String::new();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    };
    assert!(sheet_xml.contains("<oddFooter>&amp;C第 &amp;P 页,共 &amp;N 页</oddFooter>"), "{sheet_xml}");

    // GBK on request; the default is UTF-8 with a BOM.
    let gbk = dir.path().join("台账.csv");
    export_to(&store, What::Ledger, None, "csv", CsvEncoding::Gbk, &Dest::File(gbk.clone()), Lang::Zh).unwrap();
    let bytes = std::fs::read(&gbk).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad && text.starts_with("届次,编号,标题") && text.contains("关于加快老旧小区改造的提案"), "{text}");
    // A title that starts like a formula is written with a leading ' and read back without.
    store
        .write(|t| {
            t.conn().execute("UPDATE item SET title = '=HYPERLINK(1)的提案' WHERE number = '103'", [])?;
            Ok(())
        })
        .unwrap();
    let utf8 = dir.path().join("台账-utf8.csv");
    export(&store, What::Ledger, None, "csv", &utf8, Lang::Zh).unwrap();
    let text = String::from_utf8(std::fs::read(&utf8).unwrap()[3..].to_vec()).unwrap();
    assert!(text.contains(",'=HYPERLINK(1)的提案,"), "{text}");
    let back = Sheet::read(&utf8).unwrap();
    assert!(back[0].rows.iter().any(|r| r.get(2).text() == "=HYPERLINK(1)的提案"));
    // A name GBK cannot hold refuses the GBK export, naming the cell.
    store
        .write(|t| {
            t.conn().execute("UPDATE item SET title = '关于𠮷野家的提案' WHERE number = '104'", [])?;
            Ok(())
        })
        .unwrap();
    let e = export_to(&store, What::Ledger, None, "csv", CsvEncoding::Gbk, &Dest::File(gbk.clone()), Lang::Zh)
        .unwrap_err()
        .message(Lang::Zh);
    assert!(e.contains("第5行 C列(标题)的“𠮷”无法用 GBK 编码"), "{e}");
}

#[test]
fn export_to_standard_output_and_the_export_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("交办清单.xlsx");
    office_xlsx(&file);
    import_file(&mut store, &file, &ImportOptions::default()).unwrap();
    drop(store);
    let db = dir.path().join("t.db");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_banli"))
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .current_dir(dir.path().join(".."))
            .env_remove("BANLI_EXPORT_DIR")
            .output()
            .unwrap()
    };
    let o = run(&["export", "--format", "csv", "-o", "-"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    assert!(text.starts_with("届次,编号,标题"), "{text}");
    assert!(!dir.path().join("-").exists() && !dir.path().join("../-").exists());
    let o = run(&["export", "--format", "csv"]);
    let written = String::from_utf8(o.stdout).unwrap();
    assert!(written.trim().starts_with(dir.path().to_str().unwrap()), "beside the database: {written}");
    let sub = dir.path().join("out");
    std::fs::create_dir(&sub).unwrap();
    let o = run(&["export", "--out-dir", sub.to_str().unwrap(), "--encoding", "gbk", "--format", "csv"]);
    assert!(String::from_utf8(o.stdout).unwrap().trim().starts_with(sub.to_str().unwrap()));
}
