//! The command-line side of the transfer commands: import, export, report, backup, archive.
use super::import::{self, ImportOptions};
use super::TransferError;
use crate::cli::{db_path, open_existing, Cli, Command};
use crate::text::Lang;
use anyhow::{anyhow, bail, Result};

fn clerk(lang: Lang) -> impl Fn(TransferError) -> anyhow::Error {
    move |e| anyhow!("{}", e.message(lang))
}

/// Runs one of the transfer subcommands.
pub fn run(cli: &Cli) -> Result<()> {
    let lang = cli.lang;
    let zh = lang == Lang::Zh;
    let path = db_path(cli);
    let mut store = open_existing(cli, &path)?;
    match &cli.command {
        Some(Command::Import { file, meeting, dry_run, create_units, map_unit }) => {
            let mut unit_aliases = Vec::new();
            for m in map_unit {
                let Some((a, b)) = m.split_once('=') else {
                    bail!(if zh {
                        "--map-unit 应写成 写法=单位名称"
                    } else {
                        "--map-unit takes WRITTEN=UNIT"
                    });
                };
                unit_aliases.push((a.trim().to_string(), b.trim().to_string()));
            }
            let opts = ImportOptions { meeting: meeting.clone(), create_units: *create_units, unit_aliases };
            if *dry_run {
                let plan = import::plan(&store, file, &opts).map_err(clerk(lang))?;
                print!("{}", plan.render(lang));
                if plan.has_errors() {
                    std::process::exit(2);
                }
                return Ok(());
            }
            let (plan, sum) = import::import_file(&mut store, file, &opts).map_err(clerk(lang))?;
            print!("{}", plan.render(lang));
            if zh {
                println!(
                    "已导入:新增 {} 件,跳过相同 {} 件,新建会议 {} 个、单位 {} 个、提出人 {} 人。",
                    sum.items, sum.unchanged, sum.meetings, sum.units, sum.people
                );
            } else {
                println!(
                    "Imported: {} new items, {} identical skipped; created {} meetings, {} units, {} proposers.",
                    sum.items, sum.unchanged, sum.meetings, sum.units, sum.people
                );
            }
            Ok(())
        }
        Some(Command::Backup { dest }) => {
            let to = super::backup::backup(&mut store, dest).map_err(clerk(lang))?;
            println!("{}", to.display());
            Ok(())
        }
        Some(Command::Archive { meeting }) => {
            let a = store.archive_meeting(meeting).map_err(|e| anyhow!("{}", e.message(lang)))?;
            if zh {
                println!("已归档:{}({} 件,其中未销号 {} 件),今后只读。", a.name, a.items, a.open_items);
            } else {
                println!(
                    "Archived {} ({} items, {} not closed); it is read-only from now on.",
                    a.name, a.items, a.open_items
                );
            }
            Ok(())
        }
        _ => bail!("{}", crate::text::T::NotYetAvailable.get(lang)),
    }
}
