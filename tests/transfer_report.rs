//! The report's figures: a small ledger whose figures are known by hand, and ledgers that
//! reproduce the seeds' published figures exactly.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::store::Store;
use banli::text::Lang;
use banli::transfer::import::{import_file, ImportOptions};
use banli::transfer::report;
use fixtures::*;

const HEADER: &[&str] = &[
    "编号",
    "标题",
    "领衔人",
    "主办单位",
    "会办单位",
    "分办单位",
    "类别",
    "交办日期",
    "答复日期",
    "办理结果",
    "面复日期",
    "满意度",
];

fn import(store: &mut Store, dir: &std::path::Path, meeting: &str, rows: Vec<Vec<V>>) {
    let file = dir.join("ledger.xlsx");
    write_xlsx(&file, None, HEADER, &rows);
    let o = ImportOptions { meeting: Some(meeting.into()), create_units: true, ..Default::default() };
    let (plan, sum) = import_file(store, &file, &o).unwrap();
    assert_eq!(sum.items, rows.len(), "{}", plan.render(Lang::En));
}

fn r(cells: &[&str]) -> Vec<V> {
    cells.iter().map(|c| if c.is_empty() { V::E } else { s(c) }).collect()
}

#[test]
fn a_small_ledger_gives_the_figures_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    // Deadlines: assigned 2026-03-10 → lead and split 2026-06-10.
    let rows = vec![
        // 1: lead + co, replied on time, A, face to face, satisfied.
        r(&[
            "1",
            "一",
            "甲",
            "区住建局",
            "区财政局",
            "",
            "会议期间",
            "2026-03-10",
            "2026-05-01",
            "A",
            "2026-04-20",
            "满意",
        ]),
        // 2: lead, replied late, B, basically satisfied.
        r(&["2", "二", "乙", "区住建局", "", "", "会议期间", "2026-03-10", "2026-07-01", "B", "", "基本满意"]),
        // 3: split between two units, both on time; classes A and C → C; unsatisfied.
        r(&["3", "三", "丙", "", "", "区教体局、区财政局", "闭会期间", "2026-03-10", "2026-06-01", "A", "", "不满意"]),
        // 4: lead + co, not replied, overdue.
        r(&["4", "四", "丁", "区财政局", "区住建局", "", "会议期间", "2026-03-10", "", "", "", ""]),
        // 5: lead, replied on time, D, face to face, no feedback yet.
        r(&["5", "五", "戊", "区教体局", "", "", "闭会期间", "2026-03-10", "2026-06-10", "D", "2026-06-10", ""]),
    ];
    import(&mut store, dir.path(), "区政协十五届二次会议", rows);
    // The split item's second unit answered C; the item went to a second round and turned satisfied.
    store
        .write(|t| {
            let c = t.conn();
            c.execute(
                "UPDATE reply SET result_class = 'C' WHERE assignment_id =
                   (SELECT a.id FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN item i ON i.id = a.item_id
                    WHERE i.number_key = '3' AND u.short_name = '区财政局')",
                [],
            )?;
            c.execute(
                "INSERT INTO second_round (item_id, reason, opened_on, deadline, closed_on, outcome)
                 SELECT id, 'feedback', '2026-07-01', '2026-09-01', '2026-08-20', 'satisfied' FROM item WHERE number_key = '3'",
                [],
            )?;
            c.execute(
                "INSERT INTO feedback (item_id, round, level, received_on) SELECT id, 2, 'satisfied', '2026-08-25' FROM item WHERE number_key = '3'",
                [],
            )?;
            Ok(())
        })
        .unwrap();

    let f = store.figures(None).unwrap();
    assert_eq!((f.items, f.units, f.during, f.between), (5, 3, 3, 2));
    assert_eq!((f.lead_items, f.split_items, f.co_handled_items), (4, 1, 2));
    assert_eq!((f.lead, f.split, f.co_handling), (4, 2, 2));
    let classes: Vec<(&str, u32, u32)> = f.classes.iter().map(|c| (c.code.as_str(), c.count, c.tenths)).collect();
    // A 1, B 1, C 1, D 1, none 1: 20.0% each.
    assert_eq!(classes, [("A", 1, 200), ("B", 1, 200), ("C", 1, 200), ("D", 1, 200), ("", 1, 200)]);
    assert_eq!((f.replied, f.on_time, f.late, f.overdue), (4, 3, 1, 1));
    assert_eq!(f.face_to_face, 2);
    // Latest round: 1 satisfied, 2 basic, 3 satisfied (after the second round) → 3 of 3.
    assert_eq!((f.with_feedback, f.satisfied, f.basic, f.unsatisfied), (3, 2, 1, 0));
    assert_eq!(f.satisfaction_rate().percent(), "100.0%");
    assert_eq!(f.first_satisfaction_rate().percent(), "66.7%");
    assert_eq!((f.second_rounds, f.turned_satisfied), (1, 1));
    assert_eq!(f.reply_rate().percent(), "80.0%");
    assert_eq!(f.on_time_rate().percent(), "60.0%");
    assert_eq!(f.face_to_face_rate().percent(), "40.0%");

    let units = store.unit_figures(None).unwrap();
    let zj = units.iter().find(|u| u.unit.short_name == "区住建局").unwrap().figures.clone();
    assert_eq!((zj.lead, zj.split, zj.co_handling, zj.replied, zj.on_time, zj.late), (2, 0, 1, 2, 1, 1));
    assert_eq!((zj.face_to_face, zj.classes.clone()), (1, vec![1, 1, 0, 0]));
    let cz = units.iter().find(|u| u.unit.short_name == "区财政局").unwrap().figures.clone();
    assert_eq!((cz.lead, cz.split, cz.co_handling, cz.overdue, cz.classes.clone()), (1, 1, 1, 1, vec![0, 0, 1, 0]));

    let rep = report::build(&store, None, Lang::Zh).unwrap();
    let md = report::to_markdown(&rep);
    assert!(md.contains("共交办提案5件\u{FF0C}涉及承办单位3个"), "{md}");
    assert!(md.contains("已解决或采纳的1件\u{FF0C}占20.0%"), "{md}");
    assert!(md.contains("二次办理1件\u{FF0C}其中1件转为满意或基本满意"), "{md}");
    // Counts are 个次 and summed; the rates are the paragraph's (over items): 按时答复率 60.0%,
    // 面复率 40.0%, 满意率 100.0%. (Before, the row summed 个次 into its own rates.)
    assert!(md.contains("| 合计 | 4 | 2 | 2 | 5 | 60.0% | 1 | 40.0% | 100.0% | 2 | 1 | 1 | 1 |"), "{md}");
    assert!(
        md.contains("| 承办单位 | 主办（个次） | 分办（个次） | 会办（个次） | 已答复（个次） | 按时答复率 |"),
        "{md}"
    );
}

/// 170 proposals as seed 001 publishes them: A 115 (67.6%), B 54 ("32%"), and, since the
/// seed's own C count (6) would make 175, the one item left (0.6%, "不到1%"). All replied,
/// all met face to face, all satisfied ("见面率100%、回复率100%、满意率100%"), 147 handled with
/// co-handling units ("部门配合共同办理的达147件").
#[test]
fn seed_001_figures_come_out_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let rows: Vec<Vec<V>> = (1..=170)
        .map(|i| {
            let class = if i <= 115 {
                "A"
            } else if i <= 169 {
                "B"
            } else {
                "C"
            };
            let co = if i <= 147 { "区财政局" } else { "" };
            r(&[
                &i.to_string(),
                &format!("提案{i}"),
                "委员",
                "区住建局",
                co,
                "",
                "",
                "2024-03-10",
                "2024-05-10",
                class,
                "2024-05-01",
                "满意",
            ])
        })
        .collect();
    import(&mut store, dir.path(), "县十一届政协三次会议", rows);
    let m = store.meeting_by_name("县十一届政协三次会议").unwrap().unwrap();
    let rep = report::build(&store, Some(&m), Lang::Zh).unwrap();
    let p = rep.paragraphs.join("");
    for want in [
        "共交办提案170件",
        "已解决或采纳的115件\u{FF0C}占67.6%",
        "正在解决或列入计划的54件\u{FF0C}占31.8%",
        "因条件限制暂不能解决的1件\u{FF0C}占0.6%",
        "有会办单位的147件",
        "答复率100.0%",
        "面复率100.0%",
        "满意率100.0%",
    ] {
        assert!(p.contains(want), "missing {want} in {p}");
    }
}

/// Seed 000: 226 proposals, 44 units, 162 / 51 / 13 in the adoption scheme, published as
/// 71.7% / 22.6% / 5.7% (largest remainder; plain rounding gives 5.8%).
#[test]
fn seed_000_figures_come_out_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let text = banli::data::RULES.replace("use = \"abcd\"", "use = \"adoption\"");
    let rules = banli::domain::Rules::parse("rules.toml", &text).unwrap();
    let mut data = banli::data::load(None).unwrap();
    data.rules = rules;
    let mut store = Store::open(&dir.path().join("t.db"), "tester", data).unwrap();
    store.set_today(d("2026-11-22"));
    let rows: Vec<Vec<V>> = (1..=226)
        .map(|i| {
            let class = if i <= 162 {
                "A"
            } else if i <= 213 {
                "B"
            } else {
                "C"
            };
            let unit = format!("区第{}单位", i % 44);
            r(&[&i.to_string(), &format!("提案{i}"), "委员", &unit, "", "", "", "2023-03-10", "2023-05-10", class])
        })
        .collect();
    import(&mut store, dir.path(), "区政协十五届二次会议", rows);
    let rep = report::build(&store, None, Lang::Zh).unwrap();
    let p = rep.paragraphs.join("");
    let want = "共交办提案226件\u{FF0C}涉及承办单位44个";
    assert!(p.contains(want), "{p}");
    let want = "已采纳和正在采纳的162件\u{FF0C}占71.7%\u{FF1B}列入计划要采纳的51件\u{FF0C}占22.6%\u{FF1B}暂时不具备采纳条件的13件\u{FF0C}占5.7%";
    assert!(p.contains(want), "{p}");

    // The .docx is a Word package with the official font on its runs.
    let out = dir.path().join("report.docx");
    report::write_docx(&rep, &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let json = docx_rs::read_docx(&bytes).unwrap().json();
    assert!(json.contains("\"eastAsia\": \"仿宋_GB2312\""), "east Asian font set on runs");
    assert!(json.contains("共交办提案226件"));
}
