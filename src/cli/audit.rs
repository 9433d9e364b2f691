//! `banli audit verify | anchor | show`: the audit chain from the command line.
use super::AuditCommand;
use super::{db_path, open_existing, Cli};
use crate::store;
use crate::text::{say, T};
use anyhow::{bail, Result};

/// Runs one audit command.
pub(super) fn run(cli: &Cli, cmd: &AuditCommand) -> Result<()> {
    let store = open_existing(cli, &db_path(cli))?;
    let msg = |e: store::StoreError| anyhow::anyhow!("{}", e.message(cli.lang));
    match cmd {
        AuditCommand::Verify { heads } => {
            let heads = heads.iter().map(|h| h.parse()).collect::<store::Result<Vec<_>>>().map_err(msg)?;
            let n = match store.verify_audit().map_err(msg)? {
                Ok(n) => n,
                Err(b) => bail!("{}", b.message(cli.lang)),
            };
            if let Some((source, b)) = store.verify_anchors(&heads).map_err(msg)?.first() {
                let source = if source == "--head" { T::CliHeadSource.get(cli.lang) } else { source.as_str() };
                bail!("{}", b.message(source, cli.lang));
            }
            let head = store.chain_head().map_err(msg)?;
            let head = head.map(|h| h.to_string()).unwrap_or_else(|| "0".into());
            let anchor = store::audit::anchor_path(store.path());
            let anchored = store::audit::read_anchor(&anchor).map_err(msg)?;
            match anchored {
                Some(a) => println!("{}", say::chain_intact_anchored(cli.lang, n, &head, a.row)),
                None => println!("{}", say::chain_intact_unanchored(cli.lang, n, &head)),
            }
            Ok(())
        }
        AuditCommand::Anchor => {
            let (head, path) = store.anchor_audit().map_err(msg)?;
            let head = head.map(|h| h.to_string()).unwrap_or_else(|| "0".into());
            println!("{}", say::anchored(cli.lang, head, path.display()));
            Ok(())
        }
        AuditCommand::Show { item } => {
            let ids = store.items_by_number(item).map_err(msg)?;
            if ids.is_empty() {
                bail!(say::no_item_number(cli.lang, item));
            }
            for id in ids {
                let d = store.item_detail(id).map_err(msg)?;
                println!("{} {} {}", d.meeting.name, d.item.number, d.item.title);
                for h in store.history(id).map_err(msg)? {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        h.at,
                        h.operator,
                        h.entity,
                        h.action.as_str(),
                        h.after.unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
    }
}
