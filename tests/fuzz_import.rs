//! Fuzzing the importers: CSV of any bytes (UTF-8, GBK, mutated office lists) and .xlsx
//! workbooks built here and then broken (flipped bytes, truncation, cells at XFD1048576,
//! absurd references and dimensions), plus a minimal .xlsb built record by record. Nothing
//! may panic or abort; a refused file is named with what is wrong and where; an accepted
//! plan is consistent; a sheet past the limits beside a good one is skipped with a note.
//!
//! `BANLI_FUZZ_SCALE=N` multiplies the case counts (see tests/fuzz/mod.rs).
mod fuzz;

use banli::store::Store;
use banli::text::Lang;
use banli::transfer::import::{plan, ImportOptions, ImportPlan, Severity, UnitRef};
use banli::transfer::TransferError;
use fuzz::*;
use proptest::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const MEETING: &str = "区政协十五届二次会议";

/// A store with two units, and a folder for the files of the cases, one per test thread.
struct Bench {
    _dir: tempfile::TempDir,
    store: Store,
    files: PathBuf,
}

fn bench() -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let data = banli::data::load(None).unwrap();
    let mut store = Store::open(&dir.path().join("t.db"), "fuzz", data).unwrap();
    store
        .write(|t| {
            t.conn().execute("INSERT INTO unit (name, short_name) VALUES ('区住房和城乡建设局', '区住建局')", [])?;
            t.conn().execute("INSERT INTO unit (name, short_name) VALUES ('区财政局', '区财政局')", [])?;
            Ok(())
        })
        .unwrap();
    let files = dir.path().to_path_buf();
    Bench { _dir: dir, store, files }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Bench {
    fn file(&self, ext: &str, bytes: &[u8]) -> PathBuf {
        let p = self.files.join(format!("清单{}.{ext}", NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Plans `path`, checks what came back, removes the file.
    fn check(&self, path: &Path, create_units: bool) -> Result<Option<ImportPlan>, TestCaseError> {
        let opts = ImportOptions { meeting: Some(MEETING.into()), create_units, ..Default::default() };
        let out = plan(&self.store, path, &opts);
        let _ = std::fs::remove_file(path);
        match out {
            Ok(p) => {
                consistent(&p)?;
                Ok(Some(p))
            }
            Err(TransferError::File { zh, en }) => {
                let name = path.display().to_string();
                prop_assert!(zh.contains(&name) && en.contains(&name), "the file is named: {zh} / {en}");
                prop_assert!(zh.chars().count() > name.chars().count() + 4 && en.len() > name.len() + 4, "{en}");
                prop_assert!(!en.contains("panicked"), "{en}");
                Ok(None)
            }
            Err(e) => Err(TestCaseError::fail(format!("a plan only reads; got {e:?}"))),
        }
    }
}

/// What an accepted plan must hold.
fn consistent(p: &ImportPlan) -> Result<(), TestCaseError> {
    for x in &p.problems {
        prop_assert!(!x.zh.is_empty() && !x.en.is_empty(), "{x:?}");
        if x.severity == Severity::Error && x.row.is_none() && x.column.is_none() {
            // File-level errors say the whole of it (no header, no meeting, …).
            prop_assert!(x.en.len() > 10, "{x:?}");
        }
    }
    let _ = p.render(Lang::Zh);
    let _ = p.render(Lang::En);
    if p.has_errors() {
        // Refused: nothing will be written; the report is what counts.
        prop_assert!(p.render(Lang::En).contains("error"));
        return Ok(());
    }
    let mut rows = HashSet::new();
    let mut numbers = HashSet::new();
    for it in &p.items {
        prop_assert!(
            rows.insert(it.row),
            "row {} planned twice: {:?}",
            it.row,
            p.items.iter().map(|i| (i.row, &i.title)).collect::<Vec<_>>()
        );
        prop_assert!(numbers.insert((it.meeting, it.number_key.clone())), "number {} twice", it.number);
        prop_assert!(!it.title.is_empty() && !it.number_key.is_empty(), "{it:?}");
        let distinct: HashSet<&String> = it.proposers.iter().collect();
        prop_assert_eq!(distinct.len(), it.proposers.len(), "one proposer per name: {:?}", it.proposers);
        prop_assert!(it.proposers.iter().all(|n| !n.trim().is_empty()));
        for (u, _) in &it.units {
            match u {
                UnitRef::New(i) => prop_assert!(*i < p.new_units.len(), "unit {i} of {}", p.new_units.len()),
                UnitRef::Existing(id) => prop_assert!(*id > 0),
            }
        }
        let leads = it.units.iter().filter(|(_, r)| *r == banli::domain::Role::Lead).count();
        let splits = it.units.iter().filter(|(_, r)| *r == banli::domain::Role::Split).count();
        prop_assert!(leads <= 1 && !(leads == 1 && splits > 0), "{:?}", it.units);
    }
    for r in p.unchanged.iter().chain(&p.differing) {
        prop_assert!(!rows.contains(r));
    }
    let people: HashSet<_> = p.new_people.iter().collect();
    prop_assert_eq!(people.len(), p.new_people.len());
    let units: HashSet<_> = p.new_units.iter().collect();
    prop_assert_eq!(units.len(), p.new_units.len());
    Ok(())
}

const HEADERS: &[&str] = &[
    "序号",
    "案由",
    "提出人",
    "附议人",
    "类别",
    "承办单位",
    "协办单位",
    "分办单位",
    "交办日期",
    "答复日期",
    "答复文号",
    "办理结果",
    "是否公开",
    "面复日期",
    "满意度",
    "销号日期",
    "届次",
    "要求办结日期",
    "是否重点",
    "备注",
];

/// A cell as offices fill them, and some as nobody should.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,4}",
        "[０-９]{1,3}",
        Just("关于加快老旧小区改造的提案".to_string()),
        "关于[\\p{Han}]{1,12}的建议",
        Just("王伟、王伟".to_string()),
        Just("马均侠、张小耿,王雷".to_string()),
        "[\\p{Han}]{2,3}([、,; /][\\p{Han}]{2,3}){0,3}",
        Just("区住建局".to_string()),
        Just("区财政局/区住建局".to_string()),
        Just("区住房和城乡建设局、区住建局".to_string()),
        "区[\\p{Han}]{1,4}局",
        Just("2026-03-10".to_string()),
        Just("2026年6月5日".to_string()),
        Just("2026/2/30".to_string()),
        "20[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}",
        Just("A".to_string()),
        Just("B类".to_string()),
        Just("满意".to_string()),
        Just("不满意".to_string()),
        Just("会议期间".to_string()),
        Just("是".to_string()),
        Just(MEETING.to_string()),
        Just(String::new()),
        "\\PC{0,12}",
        ".{0,8}",
    ]
}

/// A table: a header of known columns in any order, then rows of cells.
fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let header = proptest::sample::subsequence(HEADERS.to_vec(), 2..HEADERS.len()).prop_shuffle();
    (header, proptest::collection::vec(proptest::collection::vec(cell(), 0..12), 0..8)).prop_map(|(h, rows)| {
        let mut t = vec![h.into_iter().map(str::to_string).collect::<Vec<_>>()];
        t.extend(rows);
        t
    })
}

fn csv_text(t: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for r in t {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Bom,
    Gbk,
}

fn encode(text: &str, e: Encoding) -> Vec<u8> {
    match e {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
    }
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Utf8), Just(Encoding::Bom), Just(Encoding::Gbk)]
}

/// An office list that imports cleanly, to mutate.
const GOOD_CSV: &str = "区政协十五届二次会议提案交办清单\r\n\r\n序号,案由,提出人,附议人,承办单位,协办单位,交办日期,答复日期,办理结果,满意度\r\n\
1,关于加快老旧小区改造的提案,马均侠、张小耿,王雷,区住建局,区财政局,2026-03-10,2026-06-01,A,满意\r\n\
2,关于优化营商环境的提案,李平,\"彭志颖 杨坤\",区财政局,,2026/3/10,,,\r\n\
３,关于保护耕地的提案,王俊平;黄涛,,区住房和城乡建设局,,2026.3.10,2026年6月5日,B类,基本满意\r\n\
注:本表由区政府督查室编制\r\n";

thread_local! {
    static BENCH: Bench = bench();
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn csv_of_any_bytes_is_read_or_refused_clearly(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        BENCH.with(|b| b.check(&b.file("csv", &bytes), false).map(|_| ()))?;
    }

    #[test]
    fn csv_tables_in_any_encoding_plan_consistently(t in table(), e in encoding(), create in any::<bool>()) {
        BENCH.with(|b| b.check(&b.file("csv", &encode(&csv_text(&t), e)), create).map(|_| ()))?;
    }

    #[test]
    fn mutated_office_csv_plans_consistently(e in encoding(), text_edits in edits(5), byte_edits in edits(3), bytes in any::<bool>()) {
        let text = mutate_text(GOOD_CSV, &text_edits, ALPHABET);
        let mut raw = encode(&text, e);
        if bytes {
            raw = mutate_bytes(&raw, &byte_edits);
        }
        BENCH.with(|b| b.check(&b.file("csv", &raw), true).map(|_| ()))?;
    }
}

#[test]
fn the_office_csv_plans_cleanly_and_a_repeated_name_is_one_proposer() {
    let b = bench();
    for e in [Encoding::Utf8, Encoding::Bom, Encoding::Gbk] {
        let text = GOOD_CSV.replace("马均侠、张小耿", "马均侠、马均侠、张小耿");
        let p = b.check(&b.file("csv", &encode(&text, e)), false).unwrap().unwrap();
        assert!(!p.has_errors(), "{}", p.render(Lang::En));
        assert_eq!(p.items.len(), 3);
        assert_eq!(p.items[0].proposers, ["马均侠", "张小耿", "王雷"]);
    }
}

// ---- xlsx ---------------------------------------------------------------------------

/// Escapes text for XML.
fn esc(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            c => c.to_string(),
        })
        .collect()
}

fn letter(i: usize) -> String {
    banli::transfer::column_letter(i)
}

/// The worksheet XML of a table, with extra cells at given references (any text at all).
fn sheet_xml(t: &[Vec<String>], dimension: &str, stray: &[(String, String)]) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    x.push_str(&format!(r#"<dimension ref="{}"/><sheetData>"#, esc(dimension)));
    for (r, row) in t.iter().enumerate() {
        x.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let at = format!("{}{}", letter(c), r + 1);
            if !v.is_empty() && v.len() < 6 && v.bytes().all(|b| b.is_ascii_digit()) {
                x.push_str(&format!(r#"<c r="{at}"><v>{v}</v></c>"#));
            } else {
                x.push_str(&format!(r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#, esc(v)));
            }
        }
        x.push_str("</row>");
    }
    for (at, v) in stray {
        x.push_str(&format!(r#"<row><c r="{}" t="inlineStr"><is><t>{}</t></is></c></row>"#, esc(at), esc(v)));
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// A minimal workbook around one worksheet's XML.
fn xlsx(sheet: &[u8]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 5] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, body) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Cell references from sensible to absurd.
fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("XFD1048576".to_string()),
        Just("XFE1".to_string()),
        Just("IV1".to_string()),
        Just("IW1".to_string()),
        Just("A0".to_string()),
        Just("A1048577".to_string()),
        Just("A99999999999".to_string()),
        "[A-Z]{1,3}[0-9]{1,7}",
        "[A-Z]{4,30}[0-9]{1,12}",
        "[A-Za-z0-9$:]{0,20}",
    ]
}

fn dimension() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("A1".to_string()),
        Just("A1:XFD1048576".to_string()),
        Just("A1:ZZZZZZZZ99999999999".to_string()),
        "[A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7}",
        "[A-Za-z0-9:]{0,16}",
    ]
}

proptest! {
    #![proptest_config(config(1_500))]

    #[test]
    fn xlsx_tables_with_stray_cells_are_read_or_refused_clearly(
        t in table(),
        dim in dimension(),
        stray in proptest::collection::vec((reference(), cell()), 0..3),
        create in any::<bool>(),
    ) {
        let bytes = xlsx(sheet_xml(&t, &dim, &stray).as_bytes());
        BENCH.with(|b| b.check(&b.file("xlsx", &bytes), create).map(|_| ()))?;
    }

    #[test]
    fn xlsx_with_broken_sheet_xml_is_read_or_refused_clearly(t in table(), e in edits(6)) {
        let xml = sheet_xml(&t, "A1", &[]);
        let bytes = xlsx(&mutate_bytes(xml.as_bytes(), &e));
        BENCH.with(|b| b.check(&b.file("xlsx", &bytes), true).map(|_| ()))?;
    }

    #[test]
    fn xlsx_with_broken_bytes_is_read_or_refused_clearly(t in table(), e in edits(4)) {
        let bytes = mutate_bytes(&xlsx(sheet_xml(&t, "A1", &[]).as_bytes()), &e);
        BENCH.with(|b| b.check(&b.file("xlsx", &bytes), false).map(|_| ()))?;
    }
}

#[test]
fn a_stray_cell_at_xfd1048576_is_refused_naming_it() {
    let b = bench();
    let t = vec![vec!["序号".to_string(), "案由".to_string()], vec!["1".to_string(), "关于保护耕地的提案".to_string()]];
    let p = b.file("xlsx", &xlsx(sheet_xml(&t, "A1:XFD1048576", &[("XFD1048576".into(), "x".into())]).as_bytes()));
    let e = banli::transfer::import::read(&p).unwrap_err();
    let en = e.message(Lang::En);
    assert!(en.contains("XFD1048576") && en.contains("256"), "{en}");
    assert!(e.message(Lang::Zh).contains("XFD1048576"));
    // The same table without the stray cell, and with a huge declared dimension, reads.
    let p = b.file("xlsx", &xlsx(sheet_xml(&t, "A1:XFD1048576", &[]).as_bytes()));
    let sheets = banli::transfer::import::read(&p).unwrap();
    assert_eq!(sheets[0].rows.len(), 2);
}

#[test]
fn an_absurdly_long_cell_reference_is_a_clear_error() {
    let b = bench();
    let t = vec![vec!["序号".to_string(), "案由".to_string()]];
    let long = format!("{}1", "Z".repeat(40));
    let p = b.file("xlsx", &xlsx(sheet_xml(&t, "A1", &[(long, "x".into())]).as_bytes()));
    let e = banli::transfer::import::read(&p).unwrap_err();
    let en = e.message(Lang::En);
    // A debug build's calamine panics on the overflow (caught); a release build wraps it
    // into some column far right. Either way a clear error naming the file.
    assert!(en.contains(&p.display().to_string()), "{en}");
    assert!(en.contains("cannot be read as an Excel workbook") || en.contains("past column 256"), "{en}");
}

#[test]
fn a_workbook_written_by_rust_xlsxwriter_reads_back() {
    let b = bench();
    let p = b.files.join("w.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["序号", "案由", "提出人"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_string(1, 1, "关于保护耕地的提案").unwrap();
    ws.write_string(1, 2, "王伟、王伟").unwrap();
    wb.save(&p).unwrap();
    let p = b.check(&p, false).unwrap().unwrap();
    assert!(!p.has_errors(), "{}", p.render(Lang::En));
    assert_eq!(p.items[0].proposers, ["王伟"]);
}

#[test]
fn a_number_without_digits_or_letters_is_refused() {
    let b = bench();
    let text = GOOD_CSV.replace("\r\n３,", "\r\n号,");
    let p = b.check(&b.file("csv", text.as_bytes()), false).unwrap().unwrap();
    let e = p.problems.iter().find(|x| x.severity == Severity::Error).expect("an error");
    assert_eq!((e.row, e.value.as_str()), (Some(6), "号"), "{}", p.render(Lang::En));
    assert!(e.column.as_deref().unwrap_or("").starts_with("A "), "{e:?}");
}

/// A workbook of a ledger in its first sheet and `second` sheet written by `fill`.
fn two_sheets(path: &Path, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("台账").unwrap();
    for (c, h) in ["序号", "案由", "提出人"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_string(1, 1, "关于保护耕地的提案").unwrap();
    ws.write_string(1, 2, "王伟").unwrap();
    fill(wb.add_worksheet().set_name("统计").unwrap());
    wb.save(path).unwrap();
}

#[test]
fn a_wide_second_sheet_is_skipped_with_a_note_and_the_ledger_imports() {
    let b = bench();
    let p = b.files.join("two.xlsx");
    two_sheets(&p, |ws| {
        ws.write_string(0, 0, "合计").unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let sheets = banli::transfer::import::read(&p).unwrap();
    assert_eq!(sheets.len(), 2);
    assert_eq!((sheets[0].rows.len(), sheets[0].skipped.is_none()), (2, true));
    let over = sheets[1].skipped.as_ref().expect("the second sheet is skipped");
    assert_eq!((over.sheet.as_str(), over.at.as_str()), ("统计", "XFD1048576"));
    assert!(sheets[1].rows.is_empty());
    let plan = b.check(&p, false).unwrap().unwrap();
    assert!(!plan.has_errors(), "{}", plan.render(Lang::En));
    assert_eq!(plan.items.len(), 1);
    let note = plan.problems.iter().find(|x| x.severity == Severity::Note && x.value == "XFD1048576");
    let note = note.unwrap_or_else(|| panic!("a note names the cell: {}", plan.render(Lang::En)));
    assert!(note.zh.contains("统计") && note.zh.contains("已跳过"), "{note:?}");
    assert!(note.en.contains("past column 256") && note.en.contains("skipped"), "{note:?}");
}

#[test]
fn a_workbook_whose_every_sheet_is_past_the_limits_is_refused_naming_the_first() {
    let b = bench();
    let p = b.files.join("wide.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("甲").unwrap().write_string(0, 300, "x").unwrap();
    wb.add_worksheet().set_name("乙").unwrap().write_string(5, 16_383, "y").unwrap();
    wb.save(&p).unwrap();
    let e = banli::transfer::import::read(&p).unwrap_err();
    let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
    assert!(zh.contains("甲") && zh.contains("KO1") && zh.contains(&p.display().to_string()), "{zh}");
    assert!(en.contains("past column 256") && en.contains("KO1"), "{en}");
}

// ---- xlsb ---------------------------------------------------------------------------

/// One BIFF12 record: its type and length as 7-bit groups, then the body.
fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = if typ < 0x80 { vec![typ as u8] } else { vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8] };
    let mut len = body.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        r.push(if len > 0 { b | 0x80 } else { b });
        if len == 0 {
            break;
        }
    }
    r.extend_from_slice(body);
    r
}

/// An XLWideString: a character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut b = (units.len() as u32).to_le_bytes().to_vec();
    b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    b
}

/// A worksheet's records: text cells at 0-based (row, column), rows in order.
fn xlsb_sheet(cells: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut b = record(0x94, &[0u8; 16]); // BrtWsDim
    b.extend(record(0x91, &[])); // BrtBeginSheetData
    let mut row = None;
    for (r, c, v) in cells {
        if row != Some(*r) {
            b.extend(record(0x00, &r.to_le_bytes())); // BrtRowHdr
            row = Some(*r);
        }
        let mut body = c.to_le_bytes().to_vec();
        body.extend([0u8; 4]); // style and flags
        body.extend(wide(v));
        b.extend(record(0x06, &body)); // BrtCellSt
    }
    b.extend(record(0x92, &[])); // BrtEndSheetData
    b
}

/// A minimal .xlsb around named worksheets.
fn xlsb(sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut wb = Vec::new();
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, body)) in sheets.iter().enumerate() {
        let mut bundle = 0u32.to_le_bytes().to_vec(); // visible
        bundle.extend((i as u32 + 1).to_le_bytes());
        bundle.extend(wide(&format!("rId{}", i + 1)));
        bundle.extend(wide(name));
        wb.extend(record(0x9C, &bundle)); // BrtBundleSh
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>"#,
            n = i + 1
        ));
        z.start_file(format!("xl/worksheets/sheet{}.bin", i + 1), o).unwrap();
        z.write_all(body).unwrap();
    }
    wb.extend(record(0x90, &[])); // BrtEndBundleShs
    wb.extend(record(0x9D, &[])); // BrtCalcProp: the defined names are over
    rels.push_str("</Relationships>");
    z.start_file("xl/workbook.bin", o).unwrap();
    z.write_all(&wb).unwrap();
    z.start_file("xl/_rels/workbook.bin.rels", o).unwrap();
    z.write_all(rels.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

const LEDGER: &[(u32, u32, &str)] =
    &[(0, 0, "序号"), (0, 1, "案由"), (0, 2, "提出人"), (1, 0, "1"), (1, 1, "关于保护耕地的提案"), (1, 2, "王伟")];

#[test]
fn an_xlsb_ledger_reads_and_a_stray_cell_at_xfd1048576_skips_only_its_sheet() {
    let b = bench();
    let stray = xlsb_sheet(&[(0, 0, "合计"), (1_048_575, 16_383, "x")]);
    let p = b.file("xlsb", &xlsb(&[("台账", xlsb_sheet(LEDGER)), ("统计", stray.clone())]));
    let plan = b.check(&p, false).unwrap().unwrap();
    assert!(!plan.has_errors(), "{}", plan.render(Lang::En));
    assert_eq!(plan.items.len(), 1);
    assert_eq!(plan.items[0].title, "关于保护耕地的提案");
    assert!(plan.problems.iter().any(|x| x.severity == Severity::Note && x.value == "XFD1048576"), "{plan:?}");
    // Alone, the sheet with the stray cell is refused, naming it (not an abort on allocation).
    let p = b.file("xlsb", &xlsb(&[("统计", stray)]));
    let e = banli::transfer::import::read(&p).unwrap_err();
    let en = e.message(Lang::En);
    assert!(en.contains("XFD1048576") && en.contains("past column 256") && en.contains("统计"), "{en}");
}
