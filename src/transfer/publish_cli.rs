//! `banli publish`: records public replies as published (统一公开), which ends the office's
//! `publish_reply` deadline ([`crate::domain::office_due`]).
use crate::store::Store;
use crate::text::Lang;
use anyhow::{anyhow, bail, Result};

/// Runs `banli publish [--meeting NAME] [--on DATE] [NUMBER…]`.
pub fn run(store: &mut Store, meeting: Option<i64>, on: Option<&str>, numbers: &[String], lang: Lang) -> Result<()> {
    let zh = lang == Lang::Zh;
    let today = store.today();
    let on = match on {
        None => today,
        Some(s) => crate::domain::dates::parse_date(s, chrono::Datelike::year(&today))
            .map_err(|e| anyhow!("--on {s}: {}", e.message(lang)))?,
    };
    let (items, unknown) = store.items_for_publishing(meeting, numbers).map_err(|e| anyhow!("{}", e.message(lang)))?;
    if !unknown.is_empty() {
        match zh {
            true => bail!("没有这些编号的件:{};未作任何改动", unknown.join("、")),
            false => bail!("no item numbered {}; nothing was changed", unknown.join(", ")),
        }
    }
    if items.is_empty() {
        match zh {
            true => bail!("没有待公开的答复(须为已审核通过、标为公开且尚未公开的答复)"),
            false => bail!("no reply to publish (approved, marked public, not yet published)"),
        }
    }
    let done = store.record_published(&items, on).map_err(|e| anyhow!("{}", e.message(lang)))?;
    match zh {
        true => println!("已记录公开:答复 {} 份,公开日期 {on}。", done.replies),
        false => println!("Recorded as published on {on}: {} replies.", done.replies),
    }
    if !done.left_alone.is_empty() {
        match zh {
            true => println!(
                "另有 {} 件没有待公开的答复,未作改动:第{}号",
                done.left_alone.len(),
                done.left_alone.join("、")
            ),
            false => println!(
                "{} items had no reply to publish and were left alone: No. {}",
                done.left_alone.len(),
                done.left_alone.join(", ")
            ),
        }
    }
    Ok(())
}
