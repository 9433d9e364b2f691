//! Importing offices' Excel and CSV files: dry run, real import, idempotence, broken files.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::transfer::import::{import_file, plan, ImportOptions, Severity};
use banli::transfer::TransferError;
use fixtures::*;

const HEADER: &[&str] = &[
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
    "办理结果(A/B/C/D)",
    "是否公开",
    "面复日期",
    "满意度",
    "销号日期",
    "备注",
];

fn row(cells: &[&str]) -> Vec<V> {
    cells.iter().map(|c| if c.is_empty() { V::E } else { s(c) }).collect()
}

/// A list made the way offices make it: merged title row, blank lines, full-width digits,
/// several names in one cell, units under short names, dates as dates and as text.
fn office_list(path: &std::path::Path) {
    let mut r1 = row(&[
        "０１",
        "关于加快老旧小区改造的提案",
        "马均侠、张小耿\u{FF0C}王雷",
        "",
        "会议期间",
        "区住建局",
        "区财政局",
        "",
        "",
        "",
        "区住建局提〔2026〕1号",
        "A类",
        "是",
        "",
        "满意",
        "",
        "已办结",
    ]);
    r1[8] = V::D(2026, 3, 10);
    r1[9] = V::D(2026, 6, 1);
    r1[13] = V::D(2026, 5, 20);
    r1[15] = V::D(2026, 7, 1);
    let rows = vec![
        r1,
        row(&[
            "2",
            "关于优化营商环境的提案",
            "李平",
            "彭志颖 杨坤",
            "闭会期间",
            "",
            "",
            "区教体局/区交通局",
            "2026-03-10",
        ]),
        vec![],
        row(&[
            "３",
            "关于在学校周边道路增设交通标志的提案",
            "贾中杰",
            "",
            "城建环资",
            "区交通运输局",
            "区住房和城乡建设局",
            "",
            "2026/3/10",
            "2026年6月5日",
            "",
            "B",
            "否",
            "",
            "基本满意",
        ]),
        row(&["4", "关于保护耕地的提案", "王俊平;黄涛", "", "", "区自然资源规划局", "", "", "2026.3.10"]),
        vec![],
        row(&["注:本表由区政府督查室编制"]),
    ];
    write_xlsx(path, Some("区政协十五届二次会议提案交办清单"), HEADER, &rows);
}

fn opts(meeting: &str) -> ImportOptions {
    ImportOptions { meeting: Some(meeting.into()), ..Default::default() }
}

#[test]
fn dry_run_then_import_then_import_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("清单.xlsx");
    office_list(&file);
    let o = opts("区政协十五届二次会议");

    let p = plan(&store, &file, &o).unwrap();
    let text = p.render(banli::text::Lang::Zh);
    assert!(!p.has_errors(), "{text}");
    assert_eq!(p.header_row, 3, "title row and blank line above the header");
    assert_eq!(p.items.len(), 4, "{text}");
    assert_eq!(p.new_meetings.len(), 1);
    let m = &p.new_meetings[0];
    assert_eq!((m.body, m.level.as_str(), m.term, m.session, m.year), (banli::domain::Body::Cppcc, "区", 15, 2, 2026));
    assert_eq!(p.new_people.len(), 9, "{:?}", p.new_people);
    assert!(p.ignored.iter().any(|c| c.column.ends_with("备注")));
    assert!(text.contains("区自然资源规划局") && text.contains("区自然资源和规划局"), "close match is shown: {text}");
    assert!(p.problems.iter().any(|x| x.severity == Severity::Note && x.row == Some(10)), "note line skipped: {text}");
    assert_eq!(count(&store, "item"), 0, "the dry run changes nothing");
    assert_eq!(count(&store, "meeting"), 0);
    let audit_before = count(&store, "audit_log");

    let (_, sum) = import_file(&mut store, &file, &o).unwrap();
    assert_eq!((sum.items, sum.meetings, sum.people, sum.units), (4, 1, 9, 0));
    assert_eq!(count(&store, "item"), 4);
    assert_eq!(count(&store, "assignment"), 2 + 2 + 2 + 1);
    assert_eq!(count(&store, "reply"), 2);
    assert_eq!(count(&store, "face_to_face"), 1);
    assert_eq!(count(&store, "feedback"), 2);
    assert_eq!(count(&store, "closure"), 1);
    let status: String = one(&store, "SELECT status FROM item WHERE number_key = '1'");
    assert_eq!(status, "closed");
    let status: String = one(&store, "SELECT status FROM item WHERE number_key = '2'");
    assert_eq!(status, "assigned");
    let units: String = one(&store, "SELECT units_label FROM item WHERE number_key = '2'");
    assert_eq!(units, "区交通局、区教体局");
    let lead: String = one(&store, "SELECT lead_name FROM item WHERE number_key = '1'");
    assert_eq!(lead, "马均侠");
    let (timing, topic): (String, String) = {
        let c = rusqlite::Connection::open(store.path()).unwrap();
        c.query_row("SELECT timing, topic FROM item WHERE number_key = '3'", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    assert_eq!((timing.as_str(), topic.as_str()), ("during", "城建环资"));
    let class: String = one(&store, "SELECT result_class FROM reply WHERE doc_number = '区住建局提〔2026〕1号'");
    assert_eq!(class, "A");
    let deadline: String =
        one(&store, "SELECT a.deadline FROM assignment a JOIN item i ON i.id = a.item_id WHERE i.number_key = '4'");
    assert_eq!(deadline, "2026-06-10", "3 months from 2026-03-10, a working day");
    let audit_after = count(&store, "audit_log");
    assert_eq!(audit_after - audit_before, 4 + 1 + 9, "one audit row per item, meeting and person");

    assert_audit_chain_holds(&store);
    // The derived columns set at insert are what refresh_item computes.
    assert_eq!(derived_columns(&mut store, false), derived_columns(&mut store, true));

    // The same file again changes nothing.
    let (p2, sum2) = import_file(&mut store, &file, &o).unwrap();
    assert_eq!(
        (sum2.items, sum2.unchanged, sum2.meetings, sum2.people),
        (0, 4, 0, 0),
        "{}",
        p2.render(banli::text::Lang::En)
    );
    assert_eq!(count(&store, "item"), 4);
    assert_eq!(count(&store, "audit_log"), audit_after);
}

#[test]
fn a_broken_file_gets_row_and_column_messages_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("broken.xlsx");
    let header = &["编号", "标题", "领衔代表", "主办单位", "分办单位", "交办日期", "办理结果", "答复日期"];
    let rows = vec![
        row(&["1", "", "王立新", "区住建局", "", "2026-03-10"]),
        row(&["2", "关于修路的建议", "王立新", "区住建局", "", "2026-02-30"]),
        row(&["3", "关于建公园的建议", "王立新", "区住建局", "", "2026-03-10", "E", "2026-05-01"]),
        row(&["3", "关于建学校的建议", "王立新", "区教体局", "", "2026-03-10"]),
        row(&["5", "关于河道治理的建议", "王立新", "区住建局", "区财政局、区教体局", "2026-03-10"]),
        row(&["6", "关于医疗服务的建议", "王立新", "区卫健委", "", "2026-03-10"]),
    ];
    write_xlsx(&file, None, header, &rows);
    let o = opts("区十八届人大一次会议");
    let audit = count(&store, "audit_log");

    let p = plan(&store, &file, &o).unwrap();
    let errors: Vec<_> = p.problems.iter().filter(|x| x.severity == Severity::Error).collect();
    let at = |row: usize, col: &str| errors.iter().find(|e| e.row == Some(row) && e.column.as_deref() == Some(col));
    let text = p.render(banli::text::Lang::Zh);
    assert!(at(2, "B 标题").is_some(), "missing title: {text}");
    let bad_date = at(3, "F 交办日期").expect(&text);
    assert_eq!(bad_date.value, "2026-02-30");
    assert_eq!(at(4, "G 办理结果").expect(&text).value, "E");
    assert!(at(5, "A 编号").expect(&text).zh.contains("第4行"));
    assert!(at(6, "E 分办单位").is_some(), "lead and split: {text}");
    let unknown = at(7, "D 主办单位").expect(&text);
    assert_eq!(unknown.value, "区卫健委");
    assert!(unknown.zh.contains("区卫生健康局"), "best guess: {}", unknown.zh);
    assert_eq!(errors.len(), 6, "{text}");
    assert!(text.contains("错误 第3行 F列(交办日期) 值“2026-02-30”: 不是日期"), "{text}");

    match import_file(&mut store, &file, &o) {
        Err(TransferError::Refused { zh, .. }) => assert!(zh.contains("区卫生健康局"), "{zh}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(count(&store, "item"), 0);
    assert_eq!(count(&store, "meeting"), 0);
    assert_eq!(count(&store, "person"), 0);
    assert_eq!(count(&store, "audit_log"), audit);

    // The clerk confirms the guess; the other rows are fixed.
    let rows = vec![
        row(&["1", "关于修桥的建议", "王立新", "区住建局", "", "2026-03-10"]),
        row(&["6", "关于医疗服务的建议", "王立新", "区卫健委", "", "2026-03-10"]),
    ];
    write_xlsx(&file, None, header, &rows);
    let mut o = o;
    o.unit_aliases.push(("区卫健委".into(), "区卫生健康局".into()));
    let (_, sum) = import_file(&mut store, &file, &o).unwrap();
    assert_eq!(sum.items, 2);
    let units: String = one(&store, "SELECT units_label FROM item WHERE number_key = '6'");
    assert_eq!(units, "区卫健局");
}

#[test]
fn a_number_already_in_the_database_with_another_title_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("a.xlsx");
    let header = &["编号", "标题", "领衔代表", "主办单位"];
    write_xlsx(&file, None, header, &[row(&["7", "关于修路的建议", "王立新", "区住建局"])]);
    let o = opts("区十八届人大一次会议");
    import_file(&mut store, &file, &o).unwrap();
    write_xlsx(&file, None, header, &[row(&["第7号", "关于修桥的建议", "王立新", "区住建局"])]);
    let p = plan(&store, &file, &o).unwrap();
    assert!(p.has_errors());
    assert_eq!(p.problems[0].row, Some(2));
    assert!(p.problems[0].zh.contains("关于修路的建议"), "{}", p.problems[0].zh);
    // Same title, another cell changed: reported, not applied.
    write_xlsx(&file, None, header, &[row(&["007", "关于修路的建议", "王立新", "区财政局"])]);
    let p = plan(&store, &file, &o).unwrap();
    assert!(!p.has_errors());
    assert_eq!((p.items.len(), p.differing.as_slice()), (0, &[2usize][..]));
}

#[test]
fn gbk_csv_is_detected_and_new_units_can_be_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("list.csv");
    let text = "区十八届人大一次会议建议交办表\r\n\r\n建议号,题目,领衔代表,联名代表,主办单位,会办单位,交办日期,届次\r\n\
                ００１,关于增设公交线路的建议,王立新,\"张三、李四\",区交通局,区气象站,2026-03-12,区十八届人大一次会议\r\n\
                ００２,关于改善农村饮水的建议,赵六,,区水务局,,2026-03-12,区十八届人大一次会议\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&file, &bytes).unwrap();
    let o = ImportOptions::default();
    let p = plan(&store, &file, &o).unwrap();
    let unknown: Vec<&str> =
        p.problems.iter().filter(|x| x.severity == Severity::Error).map(|x| x.value.as_str()).collect();
    assert_eq!(unknown, ["区气象站", "区水务局"], "{}", p.render(banli::text::Lang::Zh));
    let o = ImportOptions { create_units: true, ..o };
    let (p, sum) = import_file(&mut store, &file, &o).unwrap();
    assert_eq!((sum.items, sum.units, sum.meetings), (2, 2, 1), "{}", p.render(banli::text::Lang::Zh));
    assert_eq!(p.header_row, 3);
    let kind: String = one(&store, "SELECT kind FROM item WHERE number_key = '1'");
    assert_eq!(kind, "suggestion");
    let n: i64 =
        one(&store, "SELECT count(*) FROM item_proposer ip JOIN item i ON i.id = ip.item_id WHERE i.number_key = '1'");
    assert_eq!(n, 3);
}

#[test]
fn an_archived_meeting_refuses_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("a.xlsx");
    let header = &["编号", "标题", "领衔代表", "主办单位"];
    write_xlsx(&file, None, header, &[row(&["1", "关于修路的建议", "王立新", "区住建局"])]);
    let o = opts("区十八届人大一次会议");
    import_file(&mut store, &file, &o).unwrap();
    let a = store.archive_meeting("区十八届人大一次会议").unwrap();
    assert_eq!((a.items, a.open_items), (1, 1));
    assert!(store.archive_meeting("区十八届人大一次会议").is_err(), "archiving twice is refused");
    write_xlsx(&file, None, header, &[row(&["2", "关于修桥的建议", "王立新", "区住建局"])]);
    let err = import_file(&mut store, &file, &o).unwrap_err();
    assert!(err.message(banli::text::Lang::Zh).contains("已归档"), "{}", err.message(banli::text::Lang::Zh));
    assert_eq!(count(&store, "item"), 1);
    // Every write to its items is refused too.
    let id: i64 = one(&store, "SELECT id FROM item");
    let e = store.write(|t| t.claim_item(id, 1)).unwrap_err();
    assert!(matches!(e, banli::store::StoreError::Archived));
}

type Derived = Vec<(i64, String, Option<String>, String, String)>;

/// Every item's derived columns, optionally after running refresh_item on each.
fn derived_columns(store: &mut banli::store::Store, refresh: bool) -> Derived {
    let read = |store: &banli::store::Store| -> Derived {
        let c = rusqlite::Connection::open(store.path()).unwrap();
        let mut st = c.prepare("SELECT id, status, due_on, lead_name, units_label FROM item ORDER BY id").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    if refresh {
        let ids: Vec<i64> = read(store).into_iter().map(|r| r.0).collect();
        store
            .write(|t| {
                for id in &ids {
                    t.refresh_item(*id)?;
                }
                Ok(())
            })
            .unwrap();
    }
    read(store)
}

/// An audit row: at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash.
type AuditRow = (String, String, String, i64, Option<i64>, String, Option<String>, Option<String>, String, String);

/// Every audit row's hash is the hash of the one before it and its own fields.
fn assert_audit_chain_holds(store: &banli::store::Store) {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let mut st = c
        .prepare("SELECT at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash FROM audit_log ORDER BY id")
        .unwrap();
    let rows: Vec<AuditRow> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = String::new();
    for (at, op, entity, eid, item, action, before, after, prev_hash, hash) in rows {
        assert_eq!(prev_hash, prev);
        let h = banli::store::tx::audit_hash(
            &prev,
            &at,
            &op,
            &entity,
            eid,
            item,
            &action,
            before.as_deref(),
            after.as_deref(),
        );
        assert_eq!(h, hash, "{entity} {eid} {action}");
        prev = hash;
    }
}
