//! `banli evaluate [--year Y] [--format md|xlsx|docx] [-o FILE]`, and its `mark`, `unmark`
//! and `commend` subcommands (the office's marks by hand and the commendation list).
use super::docs::{no_meeting, office};
use super::{db_path, open_existing, Cli, Command, EvaluateCommand};
use crate::store::evaluation::Honour;
use crate::store::Store;
use crate::text::{say, Lang, T};
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
            println!("{}", say::mark_recorded(lang, year, id, &u.name, format!("{points:+}"), reason.trim()));
            return Ok(());
        }
        Some(EvaluateCommand::Unmark { id }) => {
            store.withdraw_evaluation_mark(*id).map_err(msg)?;
            println!("{}", say::mark_withdrawn(lang, id));
            return Ok(());
        }
        Some(EvaluateCommand::Commend { item, meeting, unit, note, remove }) => {
            if let Some(id) = remove {
                store.uncommend(*id).map_err(msg)?;
                println!("{}", say::uncommended(lang, id));
                return Ok(());
            }
            let what = match (item, unit) {
                (Some(n), None) => Honour::Item(item_of_year(&store, n, meeting.as_deref(), year, lang)?),
                (None, Some(u)) => Honour::Unit(store.unit_by_name(u).map_err(msg)?.id),
                _ => bail!(T::CliItemOrUnit.get(lang)),
            };
            let id = store.commend(year, what, note).map_err(msg)?;
            println!("{}", say::commended(lang, year, id));
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
        other => bail!(say::eval_format(lang, other)),
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
        (0, _) => bail!(say::no_item_in_year(lang, year, number)),
        (n, _) => bail!(say::number_in_year_meetings(lang, n, year, number)),
    }
}
