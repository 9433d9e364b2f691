//! The office's documents (`banli docs`) on the demo ledger: every kind written in the
//! official layout, a proposer sheet listing exactly the person's items, units in the
//! office's order, and `banli unit order` audited and all-or-nothing.
#[path = "common/tui.rs"]
#[allow(dead_code)]
mod common;

use banli::store::Store;
use banli::text::Lang;
use banli::transfer::docs::{generate, DocKind, DocRequest, Office};
use std::io::Read;
use std::path::Path;

fn request(kind: DocKind, dir: &Path) -> DocRequest {
    DocRequest {
        kind,
        meeting: None,
        unit: None,
        person: None,
        item: None,
        items: Vec::new(),
        seq: Some(7),
        dir: dir.to_path_buf(),
    }
}

/// A part of a .docx package as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The document's visible text, runs joined.
fn text(path: &Path) -> String {
    let xml = part(path, "word/document.xml");
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(start) = piece.find('>') else { continue };
        let rest = &piece[start + 1..];
        out.push_str(&rest[..rest.find("</w:t>").unwrap_or(0)]);
        out.push('|');
    }
    out
}

#[test]
fn a_proposer_sheet_lists_exactly_her_items() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let office = Office::load(None).unwrap();
    let out = dir.path().join("sheets");
    let req = DocRequest { person: Some("马均侠".into()), ..request(DocKind::ProposerSheets, &out) };
    let files = generate(&store, &office, &req).unwrap();
    assert_eq!(files.len(), 1, "one person, one file, no index");
    let want: Vec<String> = {
        let c = rusqlite::Connection::open(store.path()).unwrap();
        let mut st = c
            .prepare(
                "SELECT i.number FROM item i JOIN item_proposer ip ON ip.item_id = i.id JOIN person p ON p.id = ip.person_id
                 WHERE p.name = '马均侠' ORDER BY i.meeting_id, CAST(i.number_key AS INTEGER)",
            )
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert!(want.len() >= 3, "the demo gives her several items: {want:?}");
    let xml = part(&files[0], "word/document.xml");
    // One table: the header row and one row per item.
    assert_eq!(xml.matches("<w:tr>").count(), want.len() + 1, "{want:?}");
    let t = text(&files[0]);
    // Each number appears exactly once as a row's first cell (提025).
    let numbers: Vec<&str> =
        t.split('|').filter(|c| c.starts_with('提') || c.starts_with('建')).filter(|c| c.len() <= 12).collect();
    let want_cells: Vec<String> = want.iter().map(|n| format!("提{n}")).collect();
    assert_eq!(numbers, want_cells);
    assert!(t.contains("马均侠委员"), "{t}");
    assert!(t.contains("您的反馈"), "{t}");

    // For everyone: one file per person with items, plus the index.
    let all = generate(&store, &office, &request(DocKind::ProposerSheets, &dir.path().join("all"))).unwrap();
    let people: i64 = {
        let c = rusqlite::Connection::open(store.path()).unwrap();
        c.query_row("SELECT count(DISTINCT person_id) FROM item_proposer", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(all.len() as i64, people + 1);
    assert!(all.last().unwrap().ends_with("告知单索引.docx"));
}

#[test]
fn an_unknown_person_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let out = dir.path().join("x");
    let req = DocRequest { person: Some("马均".into()), ..request(DocKind::ProposerSheets, &out) };
    let e = generate(&store, &Office::load(None).unwrap(), &req).unwrap_err().message(Lang::Zh);
    assert!(e.contains("没有名为“马均”的代表或委员") && e.contains("马均侠"), "{e}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn every_kind_is_an_official_document() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let office = Office::load(None).unwrap();
    let item = store.items_by_number("25").unwrap()[0];
    for (kind, _) in DocKind::ALL {
        let out = dir.path().join(format!("{kind:?}"));
        let item = (kind == DocKind::ReplyDraft).then_some(item);
        let req = DocRequest { item, ..request(kind, &out) };
        let files = generate(&store, &office, &req).unwrap_or_else(|e| panic!("{kind:?}: {}", e.message(Lang::En)));
        assert!(!files.is_empty());
        let f = &files[0];
        let doc = part(f, "word/document.xml");
        // A4 and the GB/T 9704 margins (37/35/28/26 mm).
        assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{kind:?}");
        for m in [r#"w:top="2098""#, r#"w:bottom="1984""#, r#"w:left="1588""#, r#"w:right="1474""#] {
            assert!(doc.contains(m), "{kind:?} {m}");
        }
        // Title in 方正小标宋 二号; body 仿宋_GB2312 三号 at exact 28-point lines.
        assert!(doc.contains(r#"w:eastAsia="方正小标宋简体""#), "{kind:?}");
        assert!(doc.contains(r#"<w:sz w:val="44" />"#), "{kind:?}");
        assert!(doc.contains(r#"w:eastAsia="仿宋_GB2312""#), "{kind:?}");
        assert!(doc.contains(r#"w:line="560" w:lineRule="exact""#), "{kind:?}");
        // Tables in 小四 with the header row repeated on every page.
        if doc.contains("<w:tbl>") {
            assert!(doc.contains("<w:tblHeader />"), "{kind:?}");
            assert!(doc.contains(r#"<w:sz w:val="24" />"#), "{kind:?}");
        }
        // The page number "— 1 —" at the foot, and 宋体 standing in for 方正小标宋.
        let footer = part(f, "word/footer1.xml");
        assert!(footer.contains("PAGE") && footer.contains("— ") && footer.contains(" —"), "{footer}");
        let fonts = part(f, "word/fontTable.xml");
        assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体" />"#));
        // The numbers the office gave: --seq 7 in the pattern of office.toml.
        if matches!(kind, DocKind::AssignmentLetters | DocKind::Reminders | DocKind::Ranking) {
            assert!(text(f).contains("〔2026〕7号"), "{kind:?}");
        }
    }
}

#[test]
fn letters_go_to_units_in_the_offices_order_with_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let office = Office::load(None).unwrap();
    let files = generate(&store, &office, &request(DocKind::AssignmentLetters, &dir.path().join("a"))).unwrap();
    let names: Vec<String> = files.iter().map(|f| f.file_stem().unwrap().to_string_lossy().to_string()).collect();
    // units.csv numbers the departments (发改 first); the streets and towns follow by pinyin.
    assert_eq!(names[0], "交办函-区发改局");
    let tail: Vec<&str> = names.iter().rev().take(3).rev().map(|s| s.trim_start_matches("交办函-")).collect();
    assert_eq!(tail, ["南湖镇", "青石镇", "西湖街道"]);
    let zj = files.iter().find(|f| f.ends_with("交办函-区住建局.docx")).unwrap();
    let t = text(zj);
    assert!(t.contains("区住房和城乡建设局\u{FF1A}"), "addressee, with a full-width colon: {t}");
    assert!(t.contains("3个月内答复") && t.contains("5个工作日内提出调整申请"), "the rules of rules.toml");
    assert!(t.contains("一、办理时限和要求"), "a numbered first-level heading");
    assert!(t.contains("区人民政府督查室"), "signed by the office of office.toml");
}

#[test]
fn the_office_order_is_set_audited_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store: Store = common::demo_store(&dir);
    let before: Vec<String> = store.units().unwrap().into_iter().map(|u| u.short_name).collect();
    let e = store.set_unit_order(&["区教体局".into(), "区不存在局".into()]).unwrap_err().message(Lang::Zh);
    assert!(e.contains("没有名为“区不存在局”的承办单位"), "{e}");
    let e = store.set_unit_order(&["区教体局".into(), "区教育和体育局".into()]).unwrap_err().message(Lang::Zh);
    assert!(e.contains("出现了两次"), "{e}");
    assert_eq!(store.units().unwrap().into_iter().map(|u| u.short_name).collect::<Vec<_>>(), before);

    store.set_unit_order(&["区教体局".into(), "区财政局".into()]).unwrap();
    let after: Vec<String> = store.units().unwrap().into_iter().map(|u| u.short_name).collect();
    assert_eq!(&after[..2], ["区教体局", "区财政局"]);
    // The rest by pinyin: 北苑街道 (bei) comes before 城关街道 (cheng), not by code point.
    let pos = |n: &str| after.iter().position(|s| s == n).unwrap();
    assert!(pos("北苑街道") < pos("城关街道") && pos("城关街道") < pos("东关街道"));
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let n: i64 =
        c.query_row("SELECT count(*) FROM audit_log WHERE action = 'set_unit_order'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    assert!(store.verify_audit().unwrap().is_ok());
    // The report's per-unit table follows it.
    let rep = banli::transfer::report::build(&store, None, Lang::Zh).unwrap();
    assert_eq!(rep.rows[0][0], "区教育和体育局");
}
