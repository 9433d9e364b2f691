//! `banli audit verify | anchor | show`: the audit chain from the command line.
use super::AuditCommand;
use super::{db_path, open_existing, Cli};
use crate::store;
use crate::text::Lang;
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
            let zh = cli.lang == Lang::Zh;
            if let Some((source, b)) = store.verify_anchors(&heads).map_err(msg)?.first() {
                let source = if source == "--head" && zh { "--head 给出的链头" } else { source.as_str() };
                bail!("{}", b.message(source, cli.lang));
            }
            let head = store.chain_head().map_err(msg)?;
            let head = head.map(|h| h.to_string()).unwrap_or_else(|| "0".into());
            let anchor = store::audit::anchor_path(store.path());
            let anchored = store::audit::read_anchor(&anchor).map_err(msg)?;
            match (zh, anchored) {
                (true, Some(a)) => println!("审计链完整:共 {n} 行,链头 {head};与锚定文件({} 行)相符", a.row),
                (false, Some(a)) => println!("audit chain intact: {n} rows, head {head}; matches the anchor file (row {})", a.row),
                (true, None) => println!("审计链完整:共 {n} 行,链头 {head};尚无锚定文件,被截掉的末尾查不出来:请运行 banli audit anchor"),
                (false, None) => println!("audit chain intact: {n} rows, head {head}; no anchor file yet, so a cut tail cannot be found: run banli audit anchor"),
            }
            Ok(())
        }
        AuditCommand::Anchor => {
            let (head, path) = store.anchor_audit().map_err(msg)?;
            let head = head.map(|h| h.to_string()).unwrap_or_else(|| "0".into());
            match cli.lang {
                Lang::Zh => println!("已锚定审计链头 {head} → {}", path.display()),
                Lang::En => println!("anchored the audit chain head {head} in {}", path.display()),
            }
            Ok(())
        }
        AuditCommand::Show { item } => {
            let ids = store.items_by_number(item).map_err(msg)?;
            if ids.is_empty() {
                match cli.lang {
                    Lang::Zh => bail!("没有编号为 {item} 的件"),
                    Lang::En => bail!("no item numbered {item}"),
                }
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
