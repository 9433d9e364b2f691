//! Export (ledger, statistics, public replies) and backup.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::store::Store;
use banli::text::Lang;
use banli::transfer::backup::{backup, backup_is_stale, Stale};
use banli::transfer::export::{export, tables, What};
use banli::transfer::import::{import_file, ImportOptions};
use banli::transfer::sheet::{Cell, Sheet};
use fixtures::*;

const HEADER: &[&str] = &[
    "编号",
    "标题",
    "领衔人",
    "附议人",
    "主办单位",
    "会办单位",
    "分办单位",
    "交办日期",
    "答复日期",
    "答复文号",
    "办理结果",
    "是否公开",
    "面复日期",
    "满意度",
    "销号日期",
    "分类",
];

fn r(cells: &[&str]) -> Vec<V> {
    cells.iter().map(|c| if c.is_empty() { V::E } else { s(c) }).collect()
}

fn ledger(store: &mut Store, dir: &std::path::Path) {
    let rows = vec![
        r(&[
            "1",
            "关于修路的提案",
            "甲",
            "乙、丙",
            "区住建局",
            "区财政局",
            "",
            "2026-03-10",
            "2026-05-01",
            "住建提1号",
            "A",
            "是",
            "2026-04-20",
            "满意",
            "2026-07-01",
            "城建环资",
        ]),
        r(&[
            "2",
            "关于修桥的提案",
            "丁",
            "",
            "",
            "",
            "区教体局、区交通局",
            "2026-03-10",
            "2026-07-01",
            "教体提2号",
            "B",
            "否",
            "",
            "基本满意",
        ]),
        r(&["3", "关于建公园的提案", "戊", "", "区财政局", "", "", "2026-03-10"]),
    ];
    let file = dir.join("in.xlsx");
    write_xlsx(&file, None, HEADER, &rows);
    let o = ImportOptions { meeting: Some("区政协十五届二次会议".into()), ..Default::default() };
    import_file(store, &file, &o).unwrap();
}

#[test]
fn an_exported_ledger_imports_back_with_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(dir.path());
    ledger(&mut a, dir.path());
    let out = dir.path().join("台账.xlsx");
    let files = export(&a, What::Ledger, None, "xlsx", &out, Lang::Zh).unwrap();
    assert_eq!(files, std::slice::from_ref(&out));

    // Dates are real dates; the header is row 3, under the title and 制表日期 (it was
    // row 1 before the title rows were added).
    let sheets = Sheet::read(&out).unwrap();
    assert_eq!(sheets[0].name, "台账");
    assert_eq!(sheets[0].rows[2].get(0), &Cell::Text("届次".into()));
    assert!(matches!(sheets[0].rows[3].get(10), Cell::Date(_)), "{:?}", sheets[0].rows[3]);

    let other = tempfile::tempdir().unwrap();
    let mut b = store(other.path());
    let (plan, sum) = import_file(&mut b, &out, &ImportOptions::default()).unwrap();
    assert_eq!(sum.items, 3, "{}", plan.render(Lang::Zh));
    assert_eq!(a.figures(None).unwrap(), b.figures(None).unwrap());
    let split: String = one(&b, "SELECT units_label FROM item WHERE number_key = '2'");
    let topic: String = one(&b, "SELECT topic FROM item WHERE number_key = '1'");
    assert_eq!(topic, "城建环资", "类型 and 分类 both read");
    assert_eq!(split, "区交通局、区教体局");
}

#[test]
fn statistics_and_public_replies() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = store(dir.path());
    ledger(&mut st, dir.path());
    let t = tables(&st, What::Stats, None, Lang::Zh).unwrap();
    assert_eq!(t.len(), 2);
    // Every meeting together (全部), then the one meeting: the same figures.
    assert_eq!(t[0].rows.len(), 2, "all, and the one meeting");
    assert_eq!(t[0].rows[0][2..], t[0].rows[1][2..]);
    assert_eq!(t[1].rows.len(), 5, "four units and the total");
    let public = tables(&st, What::Public, None, Lang::Zh).unwrap();
    assert_eq!(public[0].rows.len(), 1, "only the reply marked public");

    let csv = dir.path().join("stats.csv");
    let files = export(&st, What::Stats, None, "csv", &csv, Lang::Zh).unwrap();
    assert_eq!(files.len(), 2);
    let bytes = std::fs::read(&files[1]).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("承办单位,主办(个次),分办(个次),会办(个次)"), "{text}");
    // Counts summed (个次); the rates are the ledger's over items (1 on time of 3 due, 1 of
    // 3 items met face to face), as in the report's paragraph.
    assert!(text.contains("合计,2,2,1,3,1,2,1,33.3%,1,0,33.3%,100.0%,0,0,1,2,0,0"), "{text}");
    let xlsx = dir.path().join("stats.xlsx");
    export(&st, What::Stats, None, "xlsx", &xlsx, Lang::Zh).unwrap();
    let sheets = Sheet::read(&xlsx).unwrap();
    assert_eq!(sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["按会议", "按承办单位"]);
}

#[test]
fn backup_copies_records_and_warns_when_old() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = store(dir.path());
    assert_eq!(backup_is_stale(&st), None, "an empty ledger needs no warning");
    ledger(&mut st, dir.path());
    assert_eq!(backup_is_stale(&st), Some(Stale::Never));
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let file = backup(&mut st, &folder).unwrap();
    let second = backup(&mut st, &folder).unwrap();
    assert_ne!(file, second, "two backups in one second get different names");
    assert!(backup(&mut st, &file).is_err(), "never overwrites");
    let copy = Store::open(&file, "t", banli::data::load(None).unwrap()).unwrap();
    assert_eq!(copy.item_count().unwrap(), 3);
    assert_eq!(copy.integrity_check().unwrap(), "ok");
    assert!(st.last_backup().unwrap().is_some());
    // The clock of the test store is fixed; the backup time is the real one.
    let taken = st.last_backup().unwrap().unwrap().date();
    st.set_today(taken);
    assert_eq!(backup_is_stale(&st), None);
    st.set_today(taken + chrono::Days::new(8));
    assert_eq!(backup_is_stale(&st), Some(Stale::Days(8)));
    assert!(Stale::Days(8).message(Lang::Zh).contains("8 天前"));
}

#[test]
fn a_ledger_larger_than_a_chunk_streams_the_same_rows_as_the_table() {
    use banli::store::export_rows::CHUNK;
    use banli::transfer::export::{export_with_progress, CsvEncoding, Dest, Val};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("gen.db"), "test", banli::data::load(None).unwrap()).unwrap();
    let n = CHUNK + 700;
    s.generate(n, 3).unwrap();
    let table = &tables(&s, What::Ledger, None, Lang::Zh).unwrap()[0];
    assert_eq!(table.rows.len(), n);

    let csv = dir.path().join("ledger.csv");
    let mut calls = Vec::new();
    let dest = Dest::File(csv.clone());
    export_with_progress(&s, What::Ledger, None, "csv", CsvEncoding::Utf8, &dest, Lang::Zh, &mut |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    assert_eq!(calls.first(), Some(&(0, n)));
    assert_eq!(calls.last(), Some(&(n, n)));
    assert_eq!(calls.len(), 3, "once before, once per chunk: {calls:?}");
    assert!(!dir.path().join("ledger.csv.part").exists(), "the part file is renamed");

    // The streamed file holds the table's rows, in its order, and the foot row.
    let sheet = Sheet::read(&csv).unwrap().remove(0);
    assert_eq!(sheet.rows.len(), n + 2, "header, rows, foot");
    let text = |c: &Cell| match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(x) => format!("{x}"),
        other => format!("{other:?}"),
    };
    for (i, row) in table.rows.iter().enumerate().step_by(97) {
        let got = &sheet.rows[i + 1];
        for (c, v) in row.iter().enumerate() {
            if let Val::Text(t) = v {
                assert_eq!(&text(got.get(c)), t, "row {i}, column {c}");
            }
        }
    }

    let xlsx = dir.path().join("ledger.xlsx");
    banli::transfer::export::export(&s, What::Ledger, None, "xlsx", &xlsx, Lang::Zh).unwrap();
    let sheet = Sheet::read(&xlsx).unwrap().remove(0);
    assert_eq!(sheet.rows.len(), n + 4, "title, date, header, rows, foot");
    assert_eq!(
        text(sheet.rows[3].get(2)),
        match &table.rows[0][2] {
            Val::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        }
    );
}
