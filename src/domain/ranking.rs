//! The unit ranking of the supervision notice (排名通报, DOMAIN.md step 10): units ranked
//! by progress and quality from the per-unit figures of [`super::unit_figures`] (the same
//! definitions as every other figure), and the notice's text.
//!
//! **Order.** No weights: a weighted score would be a number that differs between
//! localities and so belong in rules.toml, and offices read a plain order more easily. Units
//! are ranked by, in turn: on-time reply rate (按时答复率, higher first), overdue items
//! (fewer first), the head's face-to-face rule (complying first), satisfaction rate (higher
//! first; a unit with no feedback yet comes after those with some), second rounds (fewer
//! first). Units equal on all five share a rank ("1, 2, 2, 4"). Only units with lead or
//! split items are ranked: a co-handling unit writes no reply to be on time with.
use super::face_to_face::HeadRule;
use super::figures::{Figures, Rate};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use unicode_width::UnicodeWidthStr;

/// One unit in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRow {
    pub unit_id: i64,
    pub name: String,
    pub short_name: String,
    /// Lead and split assignments (its items to reply to).
    pub items: u32,
    pub replied: u32,
    /// Replied by the deadline.
    pub on_time: u32,
    /// 逾期: not replied and past the deadline.
    pub overdue: u32,
    /// Replied or overdue: what the on-time rate counts (work still within its deadline is
    /// not yet due).
    pub due: u32,
    /// Items with a face-to-face reply by this unit (any replier).
    pub face_to_face: u32,
    /// The head-reply rule of seed 003.
    pub head_rule: HeadRule,
    /// Its items with feedback, and of those satisfied or basically satisfied (latest round).
    pub with_feedback: u32,
    pub satisfied: u32,
    /// Second-round entries it owns, all and still open.
    pub second_rounds: u32,
    pub second_open: u32,
    /// 1-based; set by [`rank`].
    pub rank: u32,
}

impl RankRow {
    /// 按时答复率: on time over its items due (replied or overdue), as
    /// [`super::unit_figures::UnitFigures::on_time_rate`].
    pub fn on_time_rate(&self) -> Rate {
        Rate { num: self.on_time, den: self.due }
    }

    /// 面复率: items with a face-to-face reply over its items.
    pub fn face_to_face_rate(&self) -> Rate {
        Rate { num: self.face_to_face, den: self.items }
    }

    /// 满意率: satisfied and basically satisfied over items with feedback.
    pub fn satisfaction_rate(&self) -> Rate {
        Rate { num: self.satisfied, den: self.with_feedback }
    }
}

/// Higher rate first; a rate with no base after any rate. Compared exactly (cross
/// products), not on rounded percentages.
fn higher_first(a: Rate, b: Rate) -> Ordering {
    match (a.den, b.den) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => (u64::from(b.num) * u64::from(a.den)).cmp(&(u64::from(a.num) * u64::from(b.den))),
    }
}

/// The ranking order of the module comment (equal means the same rank).
pub fn overall(a: &RankRow, b: &RankRow) -> Ordering {
    higher_first(a.on_time_rate(), b.on_time_rate())
        .then(a.overdue.cmp(&b.overdue))
        .then(b.head_rule.complies().cmp(&a.head_rule.complies()))
        .then(higher_first(a.satisfaction_rate(), b.satisfaction_rate()))
        .then(a.second_rounds.cmp(&b.second_rounds))
}

/// Ranks the units with items: sorted best first (ties by short name) with their ranks set.
pub fn rank(rows: Vec<RankRow>) -> Vec<RankRow> {
    let mut rows: Vec<RankRow> = rows.into_iter().filter(|r| r.items > 0).collect();
    rows.sort_by(|a, b| overall(a, b).then_with(|| a.short_name.cmp(&b.short_name)));
    for i in 0..rows.len() {
        rows[i].rank =
            if i > 0 && overall(&rows[i - 1], &rows[i]) == Ordering::Equal { rows[i - 1].rank } else { i as u32 + 1 };
    }
    rows
}

/// The column the ranking table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum RankColumn {
    /// The rank (the order of the module comment).
    #[default]
    Rank,
    OnTime,
    Overdue,
    FaceToFace,
    Satisfaction,
    SecondRounds,
}

impl RankColumn {
    /// Every column, in the order a key cycles through them.
    pub const ALL: [RankColumn; 6] = [
        RankColumn::Rank,
        RankColumn::OnTime,
        RankColumn::Overdue,
        RankColumn::FaceToFace,
        RankColumn::Satisfaction,
        RankColumn::SecondRounds,
    ];

    /// The next column, wrapping round.
    pub fn next(self) -> RankColumn {
        let i = RankColumn::ALL.iter().position(|c| *c == self).unwrap_or(0);
        RankColumn::ALL[(i + 1) % RankColumn::ALL.len()]
    }
}

/// Sorts ranked rows by `col`: by rank, or by the column's value from the largest down (as a
/// spreadsheet sorts descending: the most overdue first, the highest rate first), ties by rank.
pub fn sort_by(rows: &mut [RankRow], col: RankColumn) {
    rows.sort_by(|a, b| {
        let by = match col {
            RankColumn::Rank => Ordering::Equal,
            RankColumn::OnTime => higher_first(a.on_time_rate(), b.on_time_rate()),
            RankColumn::Overdue => b.overdue.cmp(&a.overdue),
            RankColumn::FaceToFace => b
                .head_rule
                .complies()
                .cmp(&a.head_rule.complies())
                .then(higher_first(a.face_to_face_rate(), b.face_to_face_rate())),
            RankColumn::Satisfaction => higher_first(a.satisfaction_rate(), b.satisfaction_rate()),
            RankColumn::SecondRounds => b.second_rounds.cmp(&a.second_rounds),
        };
        by.then(a.rank.cmp(&b.rank)).then_with(|| a.short_name.cmp(&b.short_name))
    });
}

/// What the notice (排名通报) is made of.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// The date the figures stand at.
    pub date: NaiveDate,
    /// The figures of every filed item.
    pub figures: &'a Figures,
    /// Filed suggestions and proposals.
    pub suggestions: u32,
    pub proposals: u32,
    /// The ranked units, in rank order.
    pub rows: &'a [RankRow],
}

/// "2026年11月22日".
fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `s` padded with spaces to `w` display cells (Chinese characters are two).
fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The ranked table, columns aligned by display width, two spaces apart.
fn table(rows: &[RankRow]) -> Vec<String> {
    let header =
        ["名次", "承办单位", "承办件数", "已答复", "按时答复率", "逾期未答复", "负责人面复", "满意率", "二次办理"];
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in rows {
        let rule = &r.head_rule;
        let head = format!("{}/{}{}", rule.head_items, rule.required, if rule.complies() { "达标" } else { "未达标" });
        cells.push(vec![
            r.rank.to_string(),
            r.name.clone(),
            r.items.to_string(),
            r.replied.to_string(),
            r.on_time_rate().percent(),
            r.overdue.to_string(),
            head,
            r.satisfaction_rate().percent(),
            r.second_rounds.to_string(),
        ]);
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|c| cells.iter().map(|row| row[c].width()).max().unwrap_or(0)).collect();
    cells
        .iter()
        .map(|row| {
            let parts: Vec<String> = row
                .iter()
                .enumerate()
                // Unit and head columns read left to right; figures line up on the right.
                .map(|(c, s)| pad(s, widths[c], !matches!(c, 1 | 6)))
                .collect();
            parts.join("  ").trim_end().to_string()
        })
        .collect()
}

/// Names and counts joined the way a notice lists them: "区城管局（3件）、区交通局（1件）".
fn named(rows: &[&RankRow], what: impl Fn(&RankRow) -> String) -> String {
    rows.iter().map(|r| format!("{}（{}）", r.name, what(r))).collect::<Vec<_>>().join("、")
}

/// The ranking notice as the office sends it: title, date, a paragraph of figures, the
/// ranked table, and the units with problems named. Plain text, in Chinese (the notice is an
/// official document whatever the UI language).
pub fn notice(n: &Notice) -> String {
    let f = n.figures;
    let date = cn_date(n.date);
    let mut out = vec![
        "建议提案办理工作进展情况排名通报".to_string(),
        String::new(),
        format!("（{date}）"),
        String::new(),
        "各承办单位：".to_string(),
        String::new(),
    ];
    let mut para = format!(
        "    截至{date}，共有人大代表建议和政协委员提案{}件（代表建议{}件、委员提案{}件），涉及承办单位{}个。",
        f.items, n.suggestions, n.proposals, f.units
    );
    para += &format!(
        "已答复{}件，答复率{}；按时答复{}件，按时答复率{}；逾期未答复{}件。",
        f.replied,
        f.reply_rate().percent(),
        f.on_time,
        f.on_time_rate().percent(),
        f.overdue
    );
    para += &format!(
        "面复{}件，面复率{}；收到满意度反馈{}件，其中满意{}件、基本满意{}件、不满意{}件，满意率{}。",
        f.face_to_face,
        f.face_to_face_rate().percent(),
        f.with_feedback,
        f.satisfied,
        f.basic,
        f.unsatisfied,
        f.satisfaction_rate().percent()
    );
    para += &format!("进入二次办理{}件，已转为满意{}件。", f.second_rounds, f.turned_satisfied);
    out.push(para);
    out.push(String::new());
    out.push(
        "    现将各承办单位办理情况排名通报如下（依次按按时答复率、逾期未答复件数、主要负责人面复、满意率、二次办理件数排序）："
            .to_string(),
    );
    out.push(String::new());
    out.extend(table(n.rows));
    out.push(String::new());

    let mut overdue: Vec<&RankRow> = n.rows.iter().filter(|r| r.overdue > 0).collect();
    overdue.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.rank.cmp(&b.rank)));
    let head: Vec<&RankRow> = n.rows.iter().filter(|r| !r.head_rule.complies()).collect();
    let open: Vec<&RankRow> = n.rows.iter().filter(|r| r.second_open > 0).collect();
    let sections = [
        ("逾期未答复", named(&overdue, |r| format!("{}件", r.overdue))),
        (
            "主要负责人面复未达到要求",
            named(&head, |r| format!("应面复{}件，实际{}件", r.head_rule.required, r.head_rule.head_items)),
        ),
        ("二次办理尚未办结", named(&open, |r| format!("{}件", r.second_open))),
    ];
    out.push("    存在问题的单位：".to_string());
    let numerals = ["一", "二", "三"];
    let listed: Vec<_> = sections.iter().filter(|(_, who)| !who.is_empty()).collect();
    if listed.is_empty() {
        out.push("    各承办单位均无逾期未答复、面复未达要求或二次办理未办结的情况。".to_string());
    }
    for (i, (what, who)) in listed.iter().enumerate() {
        out.push(format!("    {}、{what}：{who}。", numerals[i]));
    }
    if !listed.is_empty() {
        out.push(String::new());
        out.push("    请上述单位对照问题，抓紧整改，按期办结。".to_string());
    }
    out.push(String::new());
    out.push(date);
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, name: &str, items: u32, on_time: u32, overdue: u32, head: (u32, u32), sat: (u32, u32)) -> RankRow {
        RankRow {
            unit_id: id,
            name: format!("区{name}局"),
            short_name: name.to_string(),
            items,
            replied: on_time,
            on_time,
            overdue,
            due: items,
            face_to_face: head.0,
            head_rule: HeadRule::new(items, head.0, head.1),
            with_feedback: sat.1,
            satisfied: sat.0,
            second_rounds: 0,
            second_open: 0,
            rank: 0,
        }
    }

    #[test]
    fn ranks_by_on_time_rate_then_overdue_then_the_head_rule() {
        let rows = rank(vec![
            row(1, "甲", 4, 2, 1, (3, 3), (2, 2)), // 50%
            row(2, "乙", 3, 3, 0, (1, 3), (3, 3)), // 100%, head 1 of 3: fails
            row(3, "丙", 3, 3, 0, (3, 3), (1, 3)), // 100%, complies
            row(4, "丁", 2, 1, 1, (2, 3), (0, 0)), // 50%, the same overdue as 甲, complies, no feedback
            row(5, "戊", 0, 0, 0, (0, 3), (0, 0)), // no items: not ranked
            row(6, "己", 6, 6, 0, (3, 3), (1, 3)), // 100%, equal to 丙 on every criterion
        ]);
        let order: Vec<(&str, u32)> = rows.iter().map(|r| (r.short_name.as_str(), r.rank)).collect();
        assert_eq!(order, [("丙", 1), ("己", 1), ("乙", 3), ("甲", 4), ("丁", 5)]);
    }

    #[test]
    fn rates_compare_exactly_not_rounded() {
        // 2/3 = 66.666…% and 666/1000 = 66.6%: both round to 66.7% half up, but 2/3 is more.
        let a = row(1, "甲", 1000, 666, 0, (3, 3), (0, 0));
        let b = row(2, "乙", 3, 2, 0, (3, 3), (0, 0));
        assert_eq!(rank(vec![a, b]).iter().map(|r| r.unit_id).collect::<Vec<_>>(), [2, 1]);
    }

    #[test]
    fn each_column_sorts_largest_first_then_by_rank() {
        let mut rows = rank(vec![
            row(1, "甲", 4, 2, 2, (3, 3), (2, 2)),
            row(2, "乙", 3, 3, 0, (1, 3), (3, 3)),
            row(3, "丙", 3, 3, 0, (3, 3), (1, 3)),
        ]);
        let ids = |rows: &[RankRow]| rows.iter().map(|r| r.unit_id).collect::<Vec<_>>();
        assert_eq!(ids(&rows), [3, 2, 1]);
        sort_by(&mut rows, RankColumn::Overdue);
        assert_eq!(ids(&rows), [1, 3, 2]);
        sort_by(&mut rows, RankColumn::Satisfaction);
        assert_eq!(ids(&rows), [2, 1, 3]);
        sort_by(&mut rows, RankColumn::FaceToFace);
        assert_eq!(ids(&rows), [3, 1, 2], "complying units first (丙 3/3 before 甲 3/4), then the rest");
        sort_by(&mut rows, RankColumn::Rank);
        assert_eq!(ids(&rows), [3, 2, 1]);
        let mut col = RankColumn::Rank;
        for _ in 0..RankColumn::ALL.len() {
            col = col.next();
        }
        assert_eq!(col, RankColumn::Rank, "the key cycles round");
    }

    #[test]
    fn the_notice_has_title_figures_table_and_named_problems() {
        let mut city = row(1, "城管", 4, 2, 2, (1, 3), (2, 2));
        (city.second_rounds, city.second_open) = (1, 1);
        let rows = rank(vec![city, row(2, "住建", 3, 3, 0, (3, 3), (3, 3))]);
        let figures = Figures {
            items: 7,
            units: 3,
            replied: 5,
            on_time: 5,
            overdue: 2,
            due: 7,
            face_to_face: 4,
            with_feedback: 5,
            satisfied: 4,
            basic: 1,
            second_rounds: 1,
            ..Figures::default()
        };
        let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let text = notice(&Notice { date, figures: &figures, suggestions: 3, proposals: 4, rows: &rows });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "建议提案办理工作进展情况排名通报");
        assert_eq!(lines[2], "（2026年11月22日）");
        assert!(text.contains(
            "截至2026年11月22日，共有人大代表建议和政协委员提案7件（代表建议3件、委员提案4件），涉及承办单位3个。"
        ));
        assert!(text.contains("已答复5件，答复率71.4%；按时答复5件，按时答复率71.4%；逾期未答复2件。"));
        assert!(text.contains("满意率100.0%"));
        assert!(text.contains("进入二次办理1件，已转为满意0件。"));
        let header = lines.iter().position(|l| l.starts_with("名次")).unwrap();
        assert_eq!(
            &lines[header..header + 3],
            [
                "名次  承办单位  承办件数  已答复  按时答复率  逾期未答复  负责人面复  满意率  二次办理",
                "   1  区住建局         3       3      100.0%           0  3/3达标     100.0%         0",
                "   2  区城管局         4       2       50.0%           2  1/3未达标   100.0%         1",
            ]
        );
        assert!(text.contains("    一、逾期未答复：区城管局（2件）。"));
        assert!(text.contains("    二、主要负责人面复未达到要求：区城管局（应面复3件，实际1件）。"));
        assert!(text.contains("    三、二次办理尚未办结：区城管局（1件）。"));
        assert!(text.ends_with("2026年11月22日\n"));
    }

    #[test]
    fn a_notice_without_problems_says_so() {
        let rows = rank(vec![row(2, "住建", 3, 3, 0, (3, 3), (3, 3))]);
        let f = Figures::default();
        let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let text = notice(&Notice { date, figures: &f, suggestions: 0, proposals: 0, rows: &rows });
        assert!(text.contains("各承办单位均无逾期未答复、面复未达要求或二次办理未办结的情况。"));
        assert!(!text.contains("请上述单位"));
    }
}
