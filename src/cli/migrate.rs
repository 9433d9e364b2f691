//! `banli migrate --db ledger.db --to postgres://…`: moving an office's ledger onto a server.
use super::{db_path, open_existing, Cli};
use crate::store::{self, copy};
use crate::text::Lang;
use anyhow::{bail, Result};

/// Copies the ledger at --db onto the empty PostgreSQL database `to`, then prints the
/// comparison; fails when any line differs.
pub(super) fn run(cli: &Cli, to: &str) -> Result<()> {
    if store::server_url(std::path::Path::new(to)).is_none() {
        match cli.lang {
            Lang::Zh => bail!("--to 须为 PostgreSQL 地址(postgres://…),而不是 {to}"),
            Lang::En => bail!("--to must be a PostgreSQL address (postgres://…), not {to}"),
        }
    }
    let src = open_existing(cli, &db_path(cli))?;
    if src.conn().is_postgres() {
        match cli.lang {
            Lang::Zh => bail!("--db 须为 SQLite 台账文件"),
            Lang::En => bail!("--db must be a SQLite ledger file"),
        }
    }
    let lines = copy::copy_to_server(&src, to).map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    let width = lines.iter().map(|l| crate::tui::width::width(&l.what)).max().unwrap_or(0);
    let (head_src, head_dst) = match cli.lang {
        Lang::Zh => ("源 SQLite", "目标 PostgreSQL"),
        Lang::En => ("source SQLite", "target PostgreSQL"),
    };
    println!("{}\t{head_src}\t{head_dst}", " ".repeat(width));
    let mut differ = 0;
    for l in &lines {
        let pad = width.saturating_sub(crate::tui::width::width(&l.what));
        let mark = if l.same() { "" } else { "  ≠" };
        differ += usize::from(!l.same());
        println!("{}{}\t{}\t{}{mark}", l.what, " ".repeat(pad), l.source, l.target);
    }
    if differ > 0 {
        match cli.lang {
            Lang::Zh => bail!("{differ} 项不一致;目标库已写入,请检查后再启用"),
            Lang::En => bail!("{differ} lines differ; the target was written: check it before using it"),
        }
    }
    match cli.lang {
        Lang::Zh => println!("迁移完成,全部一致:{}", store::server::shown(to)),
        Lang::En => println!("migrated; everything agrees: {}", store::server::shown(to)),
    }
    Ok(())
}
