//! `banli docs KIND …` and `banli unit order|list`.
use super::{db_path, open_existing, Cli, Command, UnitCommand};
use crate::store::Store;
use crate::text::{say, Lang, T};
use crate::transfer::docs::{generate, unit_list, DocKind, DocRequest, Office};
use anyhow::{anyhow, bail, Result};
use std::path::Path;

/// Runs `banli docs` or `banli unit`.
pub fn run(cli: &Cli) -> Result<()> {
    let lang = cli.lang;
    let path = db_path(cli);
    let mut store = open_existing(cli, &path)?;
    let msg = |e: crate::store::StoreError| anyhow!("{}", e.message(lang));
    match &cli.command {
        Some(Command::Docs { kind, meeting, unit, person, item, seq, out }) => {
            let kind = DocKind::parse(kind).map_err(|e| anyhow!("{}", e.message(lang)))?;
            let meeting = match meeting {
                Some(name) => {
                    Some(store.meeting_by_name(name).map_err(msg)?.ok_or_else(|| no_meeting(&store, name, lang))?)
                }
                None => None,
            };
            let unit = unit.as_deref().map(|u| store.unit_by_name(u)).transpose().map_err(msg)?;
            let item = match item {
                Some(n) => Some(one_item(&store, n, meeting.as_ref().map(|m| m.id), lang)?),
                None => None,
            };
            let office = office(cli, &path).map_err(|e| anyhow!("{}", e.message(lang)))?;
            let req = DocRequest {
                kind,
                meeting,
                unit,
                person: person.clone(),
                item,
                items: Vec::new(),
                seq: *seq,
                dir: out.clone(),
            };
            for f in generate(&store, &office, &req).map_err(|e| anyhow!("{}", e.message(lang)))? {
                println!("{}", f.display());
            }
            Ok(())
        }
        Some(Command::Unit(UnitCommand::Order { units, file })) => {
            let mut names = units.clone();
            if let Some(f) = file {
                names.extend(unit_list::read_order(f).map_err(|e| anyhow!("{}", e.message(lang)))?);
            }
            let n = store.set_unit_order(&names).map_err(msg)?;
            println!("{}", say::unit_order_set(lang, n));
            Ok(())
        }
        Some(Command::Unit(UnitCommand::List)) => {
            for (u, order) in store.units_in_order().map_err(msg)? {
                println!(
                    "{}\t{}\t{}",
                    order.map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
                    u.name,
                    u.short_name
                );
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The office file for a database: `--data DIR`, else the database's folder, else shipped.
pub fn office(cli: &Cli, db: &Path) -> crate::transfer::Result<Office> {
    let dir = cli.data.clone().or_else(|| db.parent().map(Path::to_path_buf));
    Office::load(dir.as_deref())
}

pub(super) fn no_meeting(store: &Store, name: &str, lang: Lang) -> anyhow::Error {
    let known: Vec<String> = store.meetings().unwrap_or_default().into_iter().map(|m| m.name).collect();
    anyhow!(say::no_meeting_named(lang, name, known.join(T::ListSep.get(lang))))
}

/// The item numbered `number` (in `meeting` when given); refuses none or several.
pub(super) fn one_item(store: &Store, number: &str, meeting: Option<i64>, lang: Lang) -> Result<i64> {
    let mut ids = store.items_by_number(number).map_err(|e| anyhow!("{}", e.message(lang)))?;
    if let Some(m) = meeting {
        ids.retain(|id| store.item_detail(*id).map(|d| d.item.meeting_id == m).unwrap_or(false));
    }
    match ids.len() {
        1 => Ok(ids[0]),
        0 => bail!(say::no_item_number(lang, number)),
        n => bail!(say::number_in_meetings(lang, number, n)),
    }
}
