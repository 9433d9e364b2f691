//! `banli evaluate [--year Y] [--format md|xlsx|docx] [-o FILE]`, and its `mark`, `unmark`
//! and `commend` subcommands (the office's marks by hand and the commendation list).
use super::docs::{no_meeting, office};
use super::{db_path, open_existing, Cli, Command, EvaluateCommand};
use crate::store::evaluation::Honour;
use crate::store::Store;
use crate::text::Lang;
use crate::transfer::docs::evaluation;
use anyhow::{anyhow, bail, Result};
use std::path::PathBuf;

/// Runs `banli evaluate`.
pub fn run(cli: &Cli) -> Result<()> {
    let Some(Command::Evaluate { action, year, format, out, seq }) = &cli.command else { return Ok(()) };
    let lang = cli.lang;
    let path = db_path(cli);
    let mut store = open_existing(cli, &path)?;
    let msg = |e: crate::store::StoreError| anyhow!("{}", e.message(lang));
    let year = match year {
        Some(y) => *y,
        None => store.latest_year().map_err(msg)?,
    };
    match action {
        Some(EvaluateCommand::Mark { unit, points, reason }) => {
            let u = store.unit_by_name(unit).map_err(msg)?;
            let id = store.add_evaluation_mark(u.id, year, *points, reason).map_err(msg)?;
            match lang {
                Lang::Zh => println!("已记入{year}年度考评(第{id}条):{} {points:+} 分,理由:{}", u.name, reason.trim()),
                Lang::En => println!(
                    "Recorded for {year} (mark {id}): {} {points:+} points, because: {}",
                    u.name,
                    reason.trim()
                ),
            }
            return Ok(());
        }
        Some(EvaluateCommand::Unmark { id }) => {
            store.withdraw_evaluation_mark(*id).map_err(msg)?;
            println!(
                "{}",
                if lang == Lang::Zh { format!("已撤销第{id}条加减分") } else { format!("Mark {id} withdrawn") }
            );
            return Ok(());
        }
        Some(EvaluateCommand::Commend { item, meeting, unit, note, remove }) => {
            if let Some(id) = remove {
                store.uncommend(*id).map_err(msg)?;
                println!(
                    "{}",
                    if lang == Lang::Zh {
                        format!("已将第{id}条撤出表彰名单")
                    } else {
                        format!("Entry {id} taken off the list")
                    }
                );
                return Ok(());
            }
            let what = match (item, unit) {
                (Some(n), None) => Honour::Item(item_of_year(&store, n, meeting.as_deref(), year, lang)?),
                (None, Some(u)) => Honour::Unit(store.unit_by_name(u).map_err(msg)?.id),
                _ => bail!(match lang {
                    Lang::Zh => "请给出 --item 编号 或 --unit 单位(二者取一)",
                    Lang::En => "give --item NUMBER or --unit UNIT (one of them)",
                }),
            };
            let id = store.commend(year, what, note).map_err(msg)?;
            match lang {
                Lang::Zh => println!("已列入{year}年表彰名单(第{id}条)"),
                Lang::En => println!("On the {year} commendation list (entry {id})"),
            }
            return Ok(());
        }
        None => {}
    }
    let e = store.evaluation(year).map_err(msg)?;
    let file = |ext: &str| {
        out.clone().unwrap_or_else(|| {
            crate::transfer::export::export_dir(&path).join(format!("banli-evaluation-{year}.{ext}"))
        })
    };
    let written: PathBuf = match format.as_str() {
        "md" => match out {
            None => {
                print!("{}", evaluation::to_markdown(&e));
                return Ok(());
            }
            Some(p) => {
                std::fs::write(p, evaluation::to_markdown(&e)).map_err(|x| anyhow!("{}: {x}", p.display()))?;
                p.clone()
            }
        },
        "docx" => {
            let p = file("docx");
            let office = office(cli, &path).map_err(|x| anyhow!("{}", x.message(lang)))?;
            evaluation::write_docx(&e, &office, *seq, &p).map_err(|x| anyhow!("{}", x.message(lang)))?;
            p
        }
        "xlsx" => {
            let p = file("xlsx");
            evaluation::write_xlsx(&e, &p).map_err(|x| anyhow!("{}", x.message(lang)))?;
            p
        }
        other => bail!(match lang {
            Lang::Zh => format!("--format {other}:应为 md、xlsx 或 docx"),
            Lang::En => format!("--format {other}: takes md, xlsx or docx"),
        }),
    };
    println!("{}", written.display());
    Ok(())
}

/// The item numbered `number` among `year`'s meetings (or `meeting`'s); refuses none or several.
fn item_of_year(store: &Store, number: &str, meeting: Option<&str>, year: i32, lang: Lang) -> Result<i64> {
    let err = |e: crate::store::StoreError| anyhow!("{}", e.message(lang));
    let meetings: Vec<i64> = match meeting {
        Some(name) => vec![store.meeting_by_name(name).map_err(err)?.ok_or_else(|| no_meeting(store, name, lang))?.id],
        None => store.meetings().map_err(err)?.into_iter().filter(|m| m.year == year).map(|m| m.id).collect(),
    };
    let mut ids = store.items_by_number(number).map_err(err)?;
    ids.retain(|id| store.item_detail(*id).map(|d| meetings.contains(&d.item.meeting_id)).unwrap_or(false));
    match (ids.len(), lang) {
        (1, _) => Ok(ids[0]),
        (0, Lang::Zh) => bail!("{year}年度的会议中没有编号为 {number} 的件"),
        (0, Lang::En) => bail!("no item numbered {number} in the meetings of {year}"),
        (n, Lang::Zh) => bail!("编号 {number} 在{year}年度的 {n} 个会议中都有,请加 --meeting 指明会议"),
        (n, Lang::En) => bail!("{n} meetings of {year} have an item numbered {number}; add --meeting"),
    }
}
