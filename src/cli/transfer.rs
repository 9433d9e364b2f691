//! The command-line side of the transfer commands: import, export, report, backup, archive.
use super::{db_path, open_existing, Cli, Command};
use crate::text::{say, Lang, T};
use crate::transfer::import::{self, ImportOptions};
use crate::transfer::TransferError;
use anyhow::{anyhow, bail, Result};

fn clerk(lang: Lang) -> impl Fn(TransferError) -> anyhow::Error {
    move |e| anyhow!("{}", e.message(lang))
}

/// Brings the second-round queue up to date with the rules before a report or export reads it.
fn sweep(store: &mut crate::store::Store, lang: Lang) -> Result<()> {
    store.sweep_queue().map(|_| ()).map_err(|e| anyhow!("{}", e.message(lang)))
}

/// Runs one of the transfer subcommands.
pub fn run(cli: &Cli) -> Result<()> {
    let lang = cli.lang;
    let path = db_path(cli);
    let mut store = open_existing(cli, &path)?;
    match &cli.command {
        Some(Command::Import { file, meeting, dry_run, create_units, map_unit }) => {
            let mut unit_aliases = Vec::new();
            for m in map_unit {
                let Some((a, b)) = m.split_once('=') else {
                    bail!(T::CliMapUnitShape.get(lang));
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
            println!("{}", say::imported(lang, sum.items, sum.unchanged, sum.meetings, sum.units, sum.people));
            Ok(())
        }
        Some(Command::Backup { dest }) => {
            let to = crate::transfer::backup::backup(&mut store, dest).map_err(clerk(lang))?;
            println!("{}", to.display());
            if let Some(head) = crate::transfer::backup::backup_head(&to) {
                println!("{}", say::audit_head(lang, head));
            }
            Ok(())
        }
        Some(Command::Archive { meeting, yes, undo, reason }) => {
            crate::transfer::archive_cli::run(&mut store, meeting, *yes, *undo, reason.as_deref(), lang)
        }
        Some(Command::Publish { meeting, on, numbers }) => {
            let m = find_meeting(&store, meeting.as_deref(), lang)?;
            crate::transfer::publish_cli::run(&mut store, m.map(|m| m.id), on.as_deref(), numbers, lang)
        }
        Some(Command::Report { meeting, format, out, out_dir }) => {
            sweep(&mut store, lang)?;
            let m = find_meeting(&store, meeting.as_deref(), lang)?;
            let rep = crate::transfer::report::build(&store, m.as_ref(), lang).map_err(clerk(lang))?;
            match (format.as_str(), out) {
                ("md", None) => print!("{}", crate::transfer::report::to_markdown(&rep)),
                ("md", Some(p)) if p.as_os_str() == "-" => print!("{}", crate::transfer::report::to_markdown(&rep)),
                ("md", Some(p)) => std::fs::write(p, crate::transfer::report::to_markdown(&rep))
                    .map_err(|e| anyhow!("{}: {e}", p.display()))?,
                ("docx", _) => {
                    let p = out.clone().unwrap_or_else(|| default_name(&store, out_dir, "report", "docx"));
                    crate::transfer::report::write_docx(&rep, &p).map_err(clerk(lang))?;
                    println!("{}", p.display());
                }
                _ => bail!(T::CliReportFormat.get(lang)),
            }
            Ok(())
        }
        Some(Command::Export { format, meeting, what, out, encoding, out_dir }) => {
            sweep(&mut store, lang)?;
            let what: crate::transfer::export::What =
                what.parse().map_err(|_: String| anyhow!(say::bad_what(lang, what)))?;
            if !matches!(format.as_str(), "xlsx" | "csv") {
                bail!(T::CliExportFormat.get(lang));
            }
            let encoding: crate::transfer::export::CsvEncoding =
                encoding.parse().map_err(|_: String| anyhow!(say::bad_encoding(lang, encoding)))?;
            let m = find_meeting(&store, meeting.as_deref(), lang)?;
            let name = match what {
                crate::transfer::export::What::Ledger => "ledger",
                crate::transfer::export::What::Stats => "stats",
                crate::transfer::export::What::Public => "public",
            };
            let dest = match out {
                Some(p) if p.as_os_str() == "-" => crate::transfer::export::Dest::Stdout,
                Some(p) => crate::transfer::export::Dest::File(p.clone()),
                None => crate::transfer::export::Dest::File(default_name(&store, out_dir, name, format)),
            };
            let files =
                crate::transfer::export::export_to(&store, what, m.map(|m| m.id), format, encoding, &dest, lang)
                    .map_err(clerk(lang))?;
            for f in files {
                println!("{}", f.display());
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The meeting named on the command line, or `None` for all meetings.
fn find_meeting(store: &crate::store::Store, name: Option<&str>, lang: Lang) -> Result<Option<crate::domain::Meeting>> {
    let Some(name) = name else { return Ok(None) };
    match store.meeting_by_name(name).map_err(|e| anyhow!("{}", e.message(lang)))? {
        Some(m) => Ok(Some(m)),
        None => {
            let known: Vec<String> = store.meetings().unwrap_or_default().into_iter().map(|m| m.name).collect();
            bail!(say::no_meeting_named(lang, name, known.join(T::ListSep.get(lang))))
        }
    }
}

/// banli-<what>-<today>.<ext> in `--out-dir`, else the export folder.
fn default_name(
    store: &crate::store::Store,
    out_dir: &Option<std::path::PathBuf>,
    what: &str,
    ext: &str,
) -> std::path::PathBuf {
    let dir = out_dir.clone().unwrap_or_else(|| crate::transfer::export::export_dir(store.path()));
    crate::transfer::export::default_path(&dir, what, store.today(), ext)
}
