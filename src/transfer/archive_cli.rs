//! `banli archive`: asks before it freezes a meeting, and `--undo` reverses it.
//!
//! The question shows how many items are still open. On a terminal the administrator
//! answers y/N; with no terminal (a script, cron) only `--yes` archives, and without it the
//! command refuses and says why, so nothing is archived by accident.
use crate::store::Store;
use crate::text::Lang;
use anyhow::{anyhow, bail, Result};
use std::io::{BufRead, IsTerminal, Write};

fn clerk(lang: Lang) -> impl Fn(crate::store::StoreError) -> anyhow::Error {
    move |e| anyhow!("{}", e.message(lang))
}

/// Runs `banli archive --meeting NAME [--yes] [--undo --reason TEXT]`.
pub fn run(store: &mut Store, meeting: &str, yes: bool, undo: bool, reason: Option<&str>, lang: Lang) -> Result<()> {
    let zh = lang == Lang::Zh;
    if undo {
        let a = store.unarchive_meeting(meeting, reason.unwrap_or("")).map_err(clerk(lang))?;
        if zh {
            println!(
                "已撤销归档:{}({} 件,其中未销号 {} 件),可再修改;理由已记入审计记录。",
                a.name, a.items, a.open_items
            );
        } else {
            println!(
                "Archive reversed: {} ({} items, {} not closed) can be changed again; the reason is in the audit trail.",
                a.name, a.items, a.open_items
            );
        }
        return Ok(());
    }
    let p = store.archive_preview(meeting).map_err(clerk(lang))?;
    if zh {
        println!(
            "会议“{}”共 {} 件,其中未销号 {} 件。归档后全部只读,未销号的件不能再办理。",
            p.name, p.items, p.open_items
        );
    } else {
        println!(
            "Meeting '{}': {} items, {} of them not closed. Archived, every item becomes read-only and open items can no longer be handled.",
            p.name, p.items, p.open_items
        );
    }
    if !yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            bail!(if zh {
                "没有终端可以确认:请在终端上运行并回答 y,或加 --yes。未作任何改动。"
            } else {
                "no terminal to confirm on: run it on a terminal and answer y, or add --yes. Nothing was changed."
            });
        }
        print!("{}", if zh { "确认归档?[y/N] " } else { "Archive it? [y/N] " });
        std::io::stdout().flush()?;
        let mut answer = String::new();
        stdin.lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "是") {
            println!("{}", if zh { "已取消,未作任何改动。" } else { "Cancelled; nothing was changed." });
            return Ok(());
        }
    }
    let a = store.archive_meeting(meeting).map_err(clerk(lang))?;
    if zh {
        println!(
            "已归档:{}({} 件,其中未销号 {} 件),今后只读;管理员可用 banli archive --undo --meeting 名称 --reason 理由 撤销。",
            a.name, a.items, a.open_items
        );
    } else {
        println!(
            "Archived {} ({} items, {} not closed); read-only from now on. An administrator can reverse it with banli archive --undo --meeting NAME --reason TEXT.",
            a.name, a.items, a.open_items
        );
    }
    Ok(())
}
