//! A 10k-row import, whole, then again with every row unchanged; it prints the time each
//! took (measured, never asserted: speed targets live in `banli bench`). Run with
//! `cargo test --release --test transfer_speed -- --ignored --nocapture`.
#[path = "fixtures/mod.rs"]
mod fixtures;

use banli::transfer::import::{import_file, ImportOptions};
use fixtures::*;
use std::time::Instant;

/// A 10k-row mid-year ledger: proposers from a pool, lead and co-handling units, and
/// half the rows with a reply, a class, disclosure and satisfaction.
fn big_ledger(path: &std::path::Path, n: usize) {
    let header = &[
        "编号",
        "标题",
        "领衔人",
        "附议人",
        "类别",
        "主办单位",
        "会办单位",
        "交办日期",
        "答复日期",
        "答复文号",
        "办理结果",
        "是否公开",
        "满意度",
    ];
    let classes = ["A", "B", "C", "D"];
    let rows: Vec<Vec<V>> = (1..=n)
        .map(|i| {
            let lead = UNITS[i % UNITS.len()].1;
            let co = UNITS[(i + 1) % UNITS.len()].1;
            let mut r = vec![
                V::N(i as f64),
                s(&format!("关于第{i}项民生事项的提案")),
                s(&format!("委员{}", i % 500)),
                s(&format!("委员{}、委员{}", (i + 7) % 500, (i + 13) % 500)),
                s(if i % 5 == 0 { "闭会期间" } else { "会议期间" }),
                s(lead),
                s(co),
                V::D(2026, 3, 10),
            ];
            if i % 2 == 0 {
                r.extend([
                    V::D(2026, 6, 1 + (i % 28) as u8),
                    s(&format!("提〔2026〕{i}号")),
                    s(classes[i % 4]),
                    s(if i % 3 == 0 { "否" } else { "是" }),
                    s(if i % 10 == 0 { "基本满意" } else { "满意" }),
                ]);
            }
            r
        })
        .collect();
    write_xlsx(path, Some("区政协十五届二次会议提案办理台账"), header, &rows);
}

#[test]
#[ignore = "timing: run in release with --ignored"]
fn ten_thousand_rows_import_whole_and_again_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let file = dir.path().join("big.xlsx");
    big_ledger(&file, 10_000);
    let opts = ImportOptions { meeting: Some("区政协十五届二次会议".into()), ..Default::default() };
    let t = Instant::now();
    let (plan, sum) = import_file(&mut store, &file, &opts).unwrap();
    let first = t.elapsed();
    assert_eq!(sum.items, 10_000, "{}", plan.render(banli::text::Lang::En));
    let t = Instant::now();
    let (_, again) = import_file(&mut store, &file, &opts).unwrap();
    let second = t.elapsed();
    assert_eq!((again.items, again.unchanged), (0, 10_000));
    eprintln!("10k-row import: {first:?} (read + check + write); again, all unchanged: {second:?}");
}
