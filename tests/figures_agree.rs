//! One set of figures: on the demo, the dashboard, the report (paragraph and 合计 row), the
//! ranking, the ranking notice and the statistics export show the same figures; and work
//! assigned today (not yet due) leaves the on-time rate and the ranking where they were.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::domain::figures::Figures;
use banli::domain::ranking::RankRow;
use banli::store::Store;
use banli::text::Lang;
use banli::transfer::export::{tables, Val, What};
use banli::transfer::import::{import_file, ImportOptions};
use banli::transfer::report;
use fixtures::*;

fn demo(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("d.db"), "测试员", banli::data::load(None).unwrap()).unwrap();
    store.set_today(today());
    store.load_demo().unwrap();
    store
}

/// The cell of `row` under the header `name`.
fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    &row[i]
}

/// The rate a paragraph gives right after `label`, e.g. "按时答复率" → "75.1%".
fn rate_after(text: &str, label: &str) -> String {
    let at = text.find(label).unwrap_or_else(|| panic!("no {label} in {text}")) + label.len();
    text[at..].chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '%').collect()
}

#[test]
fn the_report_paragraph_and_its_total_row_agree_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    for meeting in [None, store.meetings().unwrap().first().cloned()] {
        let rep = report::build(&store, meeting.as_ref(), Lang::Zh).unwrap();
        let text = rep.paragraphs.join("");
        let total = rep.rows.last().unwrap();
        assert_eq!(total[0], "合计");
        for label in ["按时答复率", "面复率", "满意率"] {
            assert_eq!(cell(&rep.header, total, label), rate_after(&text, label), "{label}: {text}");
        }
        // 逾期 means not replied and past the deadline: the 合计 row's 个次 are at least the
        // paragraph's items (an item late at two split units counts twice).
        let f = store.figures(meeting.as_ref().map(|m| m.id)).unwrap();
        let overdue: u32 = cell(&rep.header, total, "逾期未答复（个次）").parse().unwrap();
        assert!(overdue >= f.overdue && text.contains(&format!("逾期未答复{}件", f.overdue)), "{text}");
        assert!(
            rep.header.iter().skip(1).filter(|h| !h.ends_with('率')).all(|h| h.contains("个次")),
            "{:?}",
            rep.header
        );
    }
}

/// A unit's standing: unit, rank, on time, due, overdue, head rule kept, satisfied, with feedback.
type Standing = (i64, u32, u32, u32, u32, bool, u32, u32);

/// Everything that ranks, apart from how many items a unit has.
fn standing(rows: &[RankRow]) -> Vec<Standing> {
    rows.iter()
        .map(|r| (r.unit_id, r.rank, r.on_time, r.due, r.overdue, r.head_rule.complies(), r.satisfied, r.with_feedback))
        .collect()
}

#[test]
fn five_items_assigned_today_leave_the_on_time_rate_and_the_ranking_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before = store.figures(None).unwrap();
    let ranking = store.ranking().unwrap();

    let header = ["编号", "标题", "领衔人", "主办单位", "交办日期"];
    let day = today().format("%Y-%m-%d").to_string();
    let rows: Vec<Vec<V>> = (1..=5)
        .map(|i| {
            let unit = ["区住建局", "区财政局", "区教体局", "区城投集团", "区妇联"][i - 1];
            vec![s(&format!("90{i}")), s(&format!("关于新增事项{i}的提案")), s("王委员"), s(unit), s(&day)]
        })
        .collect();
    let file = dir.path().join("new.xlsx");
    write_xlsx(&file, None, &header, &rows);
    let o = ImportOptions { meeting: Some("区政协十五届二次会议".into()), ..Default::default() };
    let (plan, sum) = import_file(&mut store, &file, &o).unwrap();
    assert_eq!(sum.items, 5, "{}", plan.render(Lang::Zh));

    let after = store.figures(None).unwrap();
    assert_eq!(after.items, before.items + 5);
    assert_eq!(after.on_time_rate(), before.on_time_rate(), "按时答复率 counts only items due");
    assert_eq!((after.overdue, after.due), (before.overdue, before.due), "not yet due is not 逾期");
    assert_eq!(standing(&store.ranking().unwrap()), standing(&ranking), "the ranking is unchanged");
}

fn int(v: &Val) -> u32 {
    match v {
        Val::Int(n) => *n as u32,
        v => panic!("not a count: {v:?}"),
    }
}

fn pct(v: &Val) -> Option<u32> {
    match v {
        Val::Percent(p) => *p,
        v => panic!("not a rate: {v:?}"),
    }
}

#[test]
fn dashboard_report_ranking_notice_and_export_show_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let dash = store.dashboard(7).unwrap();
    let f: &Figures = &dash.scopes[0].figures;
    assert_eq!(*f, store.figures(None).unwrap());
    assert!(f.due > f.replied && f.key.items > 0 && f.leader.items > 0 && f.reminders > 0, "{f:?}");

    // The report's paragraph.
    let rep = report::build(&store, None, Lang::Zh).unwrap();
    let text = rep.paragraphs.join("");
    for (label, rate) in [
        ("答复率", f.reply_rate()),
        ("按时答复率", f.on_time_rate()),
        ("面复率", f.face_to_face_rate()),
        ("满意率", f.satisfaction_rate()),
    ] {
        assert_eq!(rate_after(&text, label), rate.percent(), "{label}");
    }
    assert!(text.contains(&format!(
        "主要负责人面复{}件，占{}",
        f.head_face_to_face,
        f.head_face_to_face_rate().percent()
    )));
    assert!(text.contains(&format!("重点建议和提案{}件，已答复{}件", f.key.items, f.key.replied)), "{text}");
    assert!(text.contains("分类别看"), "a combined ledger is split by kind: {text}");

    // The ranking notice.
    let notice = store.ranking_notice().unwrap();
    assert!(notice.contains(&format!("按时答复率{}", f.on_time_rate().percent())), "{notice}");
    assert!(notice.contains(&format!("逾期未答复{}件", f.overdue)), "{notice}");

    // The statistics export: 全部 is the dashboard's; each meeting is the dashboard's column.
    let t = tables(&store, What::Stats, None, Lang::Zh).unwrap();
    let col = |name: &str| t[0].header.iter().position(|h| h == name).unwrap();
    let all = &t[0].rows[0];
    assert_eq!(int(&all[col("件数")]), f.items);
    assert_eq!(int(&all[col("逾期未答复")]), f.overdue);
    assert_eq!(int(&all[col("负责人面复")]), f.head_face_to_face);
    assert_eq!(pct(&all[col("按时答复率")]), f.on_time_rate().tenths());
    assert_eq!(pct(&all[col("满意率")]), f.satisfaction_rate().tenths());
    for scope in &dash.scopes[1..] {
        let name = &scope.meeting.as_ref().unwrap().name;
        let row = t[0].rows.iter().find(|r| matches!(&r[0], Val::Text(n) if n == name)).unwrap();
        assert_eq!(pct(&row[col("按时答复率")]), scope.figures.on_time_rate().tenths(), "{name}");
        assert_eq!(int(&row[col("逾期未答复")]), scope.figures.overdue, "{name}");
    }

    // The ranking and the export's per-unit table: the same per-unit figures.
    let units = &t[1];
    let ucol = |name: &str| units.header.iter().position(|h| h == name).unwrap();
    for r in store.ranking().unwrap() {
        let row = units.rows.iter().find(|u| matches!(&u[0], Val::Text(n) if *n == r.name)).unwrap();
        assert_eq!(pct(&row[ucol("按时答复率")]), r.on_time_rate().tenths(), "{}", r.name);
        assert_eq!(int(&row[ucol("逾期未答复(个次)")]), r.overdue, "{}", r.name);
        assert_eq!(int(&row[ucol("已答复(个次)")]), r.replied, "{}", r.name);
    }
    let total = units.rows.last().unwrap();
    assert_eq!(pct(&total[ucol("按时答复率")]), f.on_time_rate().tenths(), "合计 = the ledger's rate");
}
