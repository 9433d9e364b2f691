//! The year-end evaluation (issue 17) on the demo ledger: two units' components recomputed
//! by hand in SQL, grades against the thresholds (the shipped ones and an office's own), the
//! office's hand points needing a reason, candidates following the rule, and the
//! commendation list audited and exported.
#[path = "common/tui.rs"]
#[allow(dead_code)]
mod common;

use banli::domain::access::AccountRole;
use banli::domain::evaluation::tenth;
use banli::store::evaluation::{Evaluation, Honour};
use banli::store::{Store, StoreError};
use banli::text::Lang;
use banli::transfer::docs::{evaluation as out, Office};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

const YEAR_ITEMS: &str =
    "SELECT i.id FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.filing = 'filed' AND m.year = :year";

/// Runs a count with whichever of :unit, :year and :today it names.
fn sql_u32(c: &Connection, sql: &str, unit: i64, year: i32, today: &str) -> u32 {
    let sql = sql.replace("YEAR_ITEMS", YEAR_ITEMS);
    let mut st = c.prepare(&sql).unwrap();
    let today = today.to_string();
    let mut args: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    for (name, value) in [(":unit", &unit as &dyn rusqlite::ToSql), (":year", &year), (":today", &today)] {
        if st.parameter_index(name).unwrap().is_some() {
            args.push((name, value));
        }
    }
    st.query_row(args.as_slice(), |r| r.get::<_, i64>(0)).unwrap() as u32
}

/// One unit's components, counted straight from the tables (not through the figures module).
#[derive(Debug, PartialEq)]
struct ByHand {
    rates: Vec<(u32, u32)>,
    reminders: u32,
    interviews: u32,
}

fn by_hand(c: &Connection, unit: i64, year: i32, today: &str) -> ByHand {
    // The unit's active lead and split assignments on the year's filed items, each with the
    // date of its first reply review did not return.
    let a = "WITH a AS (SELECT a.id, a.item_id, a.deadline,
                (SELECT min(r.replied_on) FROM reply r WHERE r.assignment_id = a.id AND r.review != 'returned') AS replied
              FROM assignment a WHERE a.unit_id = :unit AND a.ended_on IS NULL AND a.role IN ('lead', 'split')
                AND a.item_id IN (YEAR_ITEMS)),
             lvl AS (SELECT item_id, round, max(CASE level WHEN 'unsatisfied' THEN 2 WHEN 'basic' THEN 1 ELSE 0 END) AS worst
                     FROM feedback GROUP BY item_id, round)";
    let q = |body: &str| sql_u32(c, &format!("{a} {body}"), unit, year, today);
    let items = q("SELECT count(*) FROM a");
    let due = q("SELECT count(*) FROM a WHERE replied IS NOT NULL OR deadline < :today");
    let on_time = q("SELECT count(*) FROM a WHERE replied <= deadline");
    let f2f = q("SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM face_to_face f WHERE f.item_id = a.item_id AND f.unit_id = :unit)");
    let head = q("SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM face_to_face f WHERE f.item_id = a.item_id AND f.unit_id = :unit AND f.rank = 'head')");
    let with_fb = q("SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM feedback f WHERE f.item_id = a.item_id)");
    let last_ok = q("SELECT count(*) FROM a JOIN lvl ON lvl.item_id = a.item_id
                     WHERE lvl.round = (SELECT max(round) FROM feedback WHERE item_id = a.item_id) AND lvl.worst < 2");
    let first_ok = q("SELECT count(*) FROM a JOIN lvl ON lvl.item_id = a.item_id
                      WHERE lvl.round = (SELECT min(round) FROM feedback WHERE item_id = a.item_id) AND lvl.worst < 2");
    let second = q("SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = a.item_id)");
    let com = "FROM commitment c JOIN reply r ON r.id = c.reply_id JOIN a ON a.id = r.assignment_id WHERE r.review != 'returned'";
    let com_due = q(&format!("SELECT count(*) {com} AND (c.done_on IS NOT NULL OR c.due_on < :today)"));
    let com_kept = q(&format!("SELECT count(*) {com} AND c.done_on <= c.due_on"));
    // Reminders: on the year's items where the unit has an active assignment (any role), and
    // on the unit as a whole in that year.
    let rem = |kind: &str| {
        sql_u32(
            c,
            &format!(
                "SELECT count(*) FROM reminder r WHERE r.unit_id = :unit AND r.kind = '{kind}' AND (
                   (r.item_id IN (YEAR_ITEMS) AND EXISTS (SELECT 1 FROM assignment x WHERE x.item_id = r.item_id
                       AND x.unit_id = :unit AND x.ended_on IS NULL))
                   OR (r.item_id IS NULL AND substr(r.reminded_on, 1, 4) = CAST(:year AS TEXT)))"
            ),
            unit,
            year,
            today,
        )
    };
    let required = due.min(3);
    ByHand {
        rates: vec![
            (on_time, due),
            (f2f, items),
            (head.min(required), required),
            (last_ok, with_fb),
            (first_ok, with_fb),
            (items - second, items),
            (com_kept, com_due),
        ],
        reminders: rem("reminder"),
        interviews: rem("interview"),
    }
}

fn unit_id(c: &Connection, name: &str) -> i64 {
    c.query_row("SELECT id FROM unit WHERE name = ?1", [name], |r| r.get(0)).unwrap()
}

fn row<'a>(e: &'a Evaluation, name: &str) -> &'a banli::store::evaluation::EvalRow {
    e.rows.iter().find(|r| r.unit.name == name).unwrap_or_else(|| panic!("{name} not evaluated"))
}

#[test]
fn two_units_components_recomputed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    let e = store.evaluation(year).unwrap();
    let c = Connection::open(store.path()).unwrap();
    let today = store.today().format("%Y-%m-%d").to_string();
    let scheme = &e.scheme;
    for name in ["区住房和城乡建设局", "区交通运输局"] {
        let want = by_hand(&c, unit_id(&c, name), year, &today);
        let r = row(&e, name);
        let got: Vec<(u32, u32)> = r.score.components.iter().map(|s| (s.rate.num, s.rate.den)).collect();
        assert_eq!(got, want.rates, "{name}: component rates");
        assert!(want.rates.iter().any(|(n, d)| n < d), "{name} loses points somewhere: {want:?}");
        assert_eq!((r.score.reminders, r.score.interviews), (want.reminders, want.interviews), "{name}");
        // The points: rate × the component's points, full points when nothing is counted.
        let mut total = 0.0;
        for ((num, den), comp) in want.rates.iter().zip(&scheme.components) {
            let p = if *den == 0 { comp.points } else { tenth(comp.points * f64::from(*num) / f64::from(*den)) };
            let s = r.score.components.iter().find(|s| s.label == comp.label).unwrap();
            assert_eq!(s.points, p, "{name}: {}", comp.label);
            total += p;
        }
        let off = tenth(
            scheme.reminder_points * f64::from(want.reminders) + scheme.interview_points * f64::from(want.interviews),
        );
        assert_eq!(r.score.deductions, off, "{name}");
        assert_eq!(r.score.total, tenth(total - off), "{name}");
        assert!(r.why.starts_with(&format!("总分{:.1},达到“{}”", r.score.total, r.score.grade)), "{}", r.why);
    }
}

#[test]
fn grades_follow_the_thresholds_and_an_office_may_set_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    let e = store.evaluation(year).unwrap();
    assert!(e.rows.len() > 20, "every unit with lead or split items: {}", e.rows.len());
    let grades = &e.scheme.grades;
    for r in &e.rows {
        let want = grades.iter().find(|g| r.score.total >= g.min).unwrap_or(grades.last().unwrap());
        assert_eq!(r.score.grade, want.label, "{} {}", r.unit.name, r.score.total);
    }
    let seen: BTreeSet<&str> = e.rows.iter().map(|r| r.score.grade.as_str()).collect();
    assert!(seen.len() >= 2, "the demo spreads the units over grades: {seen:?}");

    // The office's own labels and thresholds, in its rules.toml beside the database.
    let text = banli::data::RULES.replace(
        "  { label = \"优秀\", min = 90 },\n  { label = \"良好\", min = 80 },\n  { label = \"一般\", min = 60 },\n  { label = \"较差\", min = 0 },",
        "  { label = \"好\", min = 95 },\n  { label = \"较好\", min = 85 },\n  { label = \"差\", min = 0 },",
    );
    assert_ne!(text, banli::data::RULES);
    let own = tempfile::tempdir().unwrap();
    std::fs::write(own.path().join("rules.toml"), text).unwrap();
    let mut other = Store::open(store.path(), "测试员", banli::data::load(Some(own.path())).unwrap()).unwrap();
    other.set_today(store.today());
    let e2 = other.evaluation(year).unwrap();
    for (a, b) in e.rows.iter().zip(&e2.rows) {
        assert_eq!(a.score.total, b.score.total, "same figures, same points");
        let want = if b.score.total >= 95.0 {
            "好"
        } else if b.score.total >= 85.0 {
            "较好"
        } else {
            "差"
        };
        assert_eq!(b.score.grade, want, "{} {}", b.unit.name, b.score.total);
    }
}

#[test]
fn a_rules_file_with_an_evaluation_key_no_code_reads_is_refused() {
    let with = |from: &str, to: &str| {
        let t = banli::data::RULES.replace(from, to);
        assert_ne!(t, banli::data::RULES, "{from}");
        banli::domain::Rules::parse("rules.toml", &t)
    };
    let e = with("reminder_points = 0.5", "reminder_points = 0.5\nbonus_points = 3").unwrap_err();
    assert!(e.message.contains("bonus_points"), "{}", e.message);
    let e = with("any_of = [\"key_item\",", "any_of = [\"famous\",").unwrap_err();
    assert!(e.message.contains("famous"), "{}", e.message);
    let e = with("{ measure = \"face_to_face\",", "{ measure = \"smiles\",").unwrap_err();
    assert!(e.message.contains("smiles"), "{}", e.message);
    let e = with("classes = [\"A\"]", "classes = [\"Z\"]").unwrap_err();
    assert!(e.message.contains("'Z'"), "{}", e.message);
    // An office file written before [evaluation] existed gets the shipped scheme.
    let start = banli::data::RULES.find("# Year-end evaluation").unwrap();
    let old = banli::domain::Rules::parse("rules.toml", &banli::data::RULES[..start]).unwrap();
    assert_eq!(old.evaluation, banli::domain::Rules::parse("x", banli::data::RULES).unwrap().evaluation);
}

fn counts(store: &Store) -> (i64, i64, i64) {
    let c = Connection::open(store.path()).unwrap();
    let n = |t: &str| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
    (n("audit_log"), n("evaluation_mark"), n("commendation"))
}

#[test]
fn a_hand_point_needs_a_reason_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    let unit = store.unit_by_name("区住房和城乡建设局").unwrap();
    let before = store.evaluation(year).unwrap();
    let n0 = counts(&store);
    for reason in ["", "   "] {
        let e = store.add_evaluation_mark(unit.id, year, 2.0, reason).unwrap_err();
        assert!(e.message(Lang::Zh).contains("须写明理由"), "{}", e.message(Lang::Zh));
        assert!(e.message(Lang::Zh).contains("未"), "says nothing was recorded");
    }
    for p in [0.0, 150.0, f64::NAN] {
        assert!(store.add_evaluation_mark(unit.id, year, p, "理由").is_err(), "{p}");
    }
    assert_eq!(counts(&store), n0, "nothing written");
    assert_eq!(store.evaluation(year).unwrap(), before, "the evaluation unchanged");

    let id = store.add_evaluation_mark(unit.id, year, 2.5, "创新开展“代表联络站”面复").unwrap();
    let after = store.evaluation(year).unwrap();
    let (b, a) = (row(&before, &unit.name), row(&after, &unit.name));
    assert_eq!(a.score.total, tenth(b.score.total + 2.5));
    assert!(a.why.contains("办公室加2.5分:创新开展“代表联络站”面复"), "{}", a.why);
    assert_eq!(after.marks.len(), 1);
    let c = Connection::open(store.path()).unwrap();
    let (action, entity): (String, String) = c
        .query_row("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((action.as_str(), entity.as_str()), ("mark_evaluation", "evaluation_mark"));
    store.withdraw_evaluation_mark(id).unwrap();
    assert_eq!(row(&store.evaluation(year).unwrap(), &unit.name).score.total, b.score.total);
    assert!(store.withdraw_evaluation_mark(id).is_err(), "withdrawn once");
    let last: String = c.query_row("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(last, "withdraw_mark");
    let kept: i64 =
        c.query_row("SELECT count(*) FROM evaluation_mark WHERE withdrawn_on IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 1, "a withdrawn mark stays on record");
}

#[test]
fn only_the_office_marks_and_a_unit_clerk_does_not_see_the_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    store.add_user("测试员", AccountRole::Admin, &[]).unwrap();
    store.add_user("boss", AccountRole::Leader, &[]).unwrap();
    store.add_user("zjj", AccountRole::UnitClerk, &["区住房和城乡建设局".into()]).unwrap();
    let open = |account: &str| {
        let mut s = Store::open(store.path(), account, banli::data::load(None).unwrap()).unwrap();
        s.set_today(store.today());
        s
    };
    let unit = store.unit_by_name("区住房和城乡建设局").unwrap();
    let n0 = counts(&store);
    let mut boss = open("boss");
    assert_eq!(
        boss.evaluation(year).unwrap().rows.len(),
        store.evaluation(year).unwrap().rows.len(),
        "a leader reads it"
    );
    let e = boss.add_evaluation_mark(unit.id, year, 1.0, "理由").unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly), "a leader reads only: {e:?}");
    assert!(matches!(boss.commend(year, Honour::Unit(unit.id), "").unwrap_err(), StoreError::ReadOnly));
    let mut zjj = open("zjj");
    let e = zjj.evaluation(year).unwrap_err();
    assert!(e.message(Lang::Zh).contains("只对办公室和领导开放"), "{}", e.message(Lang::Zh));
    let e = zjj.add_evaluation_mark(unit.id, year, 5.0, "自评").unwrap_err();
    assert!(matches!(e, StoreError::Forbidden), "a unit never marks itself: {e:?}");
    assert_eq!(counts(&store), n0);
}

/// The candidates by hand: class A (every replying unit's standing reply classed, the least
/// favourable being A), the latest round of feedback all 满意, and a key item, a leader case
/// or a head face-to-face.
fn candidates_by_hand(c: &Connection, year: i32) -> BTreeSet<i64> {
    let sql = format!(
        "WITH rep AS (SELECT a.item_id, s.result_class AS class FROM assignment a JOIN standing_reply s ON s.assignment_id = a.id
                      WHERE a.ended_on IS NULL AND a.role IN ('lead', 'split'))
         SELECT i.id FROM item i WHERE i.id IN ({YEAR_ITEMS})
           AND EXISTS (SELECT 1 FROM rep WHERE rep.item_id = i.id)
           AND NOT EXISTS (SELECT 1 FROM rep WHERE rep.item_id = i.id AND (rep.class IS NULL OR rep.class != 'A'))
           AND EXISTS (SELECT 1 FROM feedback f WHERE f.item_id = i.id)
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.item_id = i.id AND f.level != 'satisfied'
                           AND f.round = (SELECT max(round) FROM feedback WHERE item_id = i.id))
           AND (i.key_item OR i.leader != ''
                OR EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = i.id AND s.reason = 'leader')
                OR EXISTS (SELECT 1 FROM face_to_face f JOIN assignment a ON a.item_id = f.item_id AND a.unit_id = f.unit_id
                           WHERE f.item_id = i.id AND f.rank = 'head' AND a.ended_on IS NULL AND a.role IN ('lead', 'split')))"
    );
    let mut st = c.prepare(&sql).unwrap();
    st.query_map(&[(":year", &year)], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn candidates_follow_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    let e = store.evaluation(year).unwrap();
    let got: BTreeSet<i64> = e.candidates.iter().map(|c| c.item_id).collect();
    let c = Connection::open(store.path()).unwrap();
    let want = candidates_by_hand(&c, year);
    assert!(want.len() >= 5, "the demo has candidates: {want:?}");
    assert_eq!(got, want);
    assert!(e.candidates.iter().all(|c| c.class == "A" && !c.because.is_empty()));
}

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
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
fn the_commendation_list_is_audited_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::demo_store(&dir);
    let year = store.latest_year().unwrap();
    let e = store.evaluation(year).unwrap();
    let cand = e.candidates[0].clone();
    let best = e.rows.iter().max_by(|a, b| a.score.total.total_cmp(&b.score.total)).unwrap().unit.clone();
    store.commend(year, Honour::Item(cand.item_id), "").unwrap();
    store.commend(year, Honour::Unit(best.id), "").unwrap();
    let n0 = counts(&store);
    let again = store.commend(year, Honour::Unit(best.id), "").unwrap_err();
    assert!(again.message(Lang::Zh).contains("已在"), "{}", again.message(Lang::Zh));
    // An item the rule does not propose needs a note.
    let c = Connection::open(store.path()).unwrap();
    let year_items: Vec<i64> = {
        let mut st = c.prepare(YEAR_ITEMS).unwrap();
        st.query_map(&[(":year", &year)], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let other = *year_items.iter().find(|id| !e.candidates.iter().any(|c| c.item_id == **id)).unwrap();
    let refused = store.commend(year, Honour::Item(other), "  ").unwrap_err();
    assert!(refused.message(Lang::Zh).contains("写明理由"), "{}", refused.message(Lang::Zh));
    assert_eq!(counts(&store), n0, "nothing written");
    let noted = store.commend(year, Honour::Item(other), "群众反映好,媒体报道").unwrap();

    let e = store.evaluation(year).unwrap();
    assert_eq!(e.commended.len(), 3);
    assert_eq!(e.commended[0].honour, "先进承办单位", "units first");
    assert!(e.candidates.iter().find(|c| c.item_id == cand.item_id).unwrap().commended);
    let actions: Vec<String> = {
        let mut st = c.prepare("SELECT action FROM audit_log WHERE entity = 'commendation' ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(actions, ["commend", "commend", "commend"]);

    // The list in each format.
    let office = Office::load(None).unwrap();
    let docx = dir.path().join("考评.docx");
    out::write_docx(&e, &office, Some(3), &docx).unwrap();
    let t = docx_text(&docx);
    // The official layout writes full-width punctuation.
    let list = &t[t.find("表彰名单").expect("the list's heading")..];
    assert!(list.contains("先进承办单位\u{ff08}1个\u{ff09}"), "{list}");
    assert!(list.contains(&best.name) && list.contains(&cand.title), "{list}");
    assert!(list.contains("群众反映好\u{ff0c}媒体报道"), "{list}");
    assert!(t.starts_with(&format!("{year}年度建议提案办理工作考评结果")));
    let md = out::to_markdown(&e);
    assert!(md.contains(&format!("第{noted}条")) && md.contains("## 表彰名单"), "{md}");
    let xlsx = dir.path().join("考评.xlsx");
    out::write_xlsx(&e, &xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut wb = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut wb).unwrap();
    assert!(wb.contains("表彰名单") && wb.contains("候选") && wb.contains("加减分"), "{wb}");

    // Taken off: kept on record, audited, no longer listed.
    store.uncommend(noted).unwrap();
    assert_eq!(store.evaluation(year).unwrap().commended.len(), 2);
    let last: String = c.query_row("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(last, "uncommend");
}
