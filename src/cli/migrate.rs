//! `banli migrate --db ledger.db --to postgres://…`: moving an office's ledger onto a server.
use super::{db_path, open_existing, Cli};
use crate::store::{self, copy};
use crate::text::{say, T};
use anyhow::{bail, Result};

/// Copies the ledger at --db onto the empty PostgreSQL database `to`, then prints the
/// comparison; fails when any line differs.
pub(super) fn run(cli: &Cli, to: &str) -> Result<()> {
    if store::server_url(std::path::Path::new(to)).is_none() {
        bail!(say::migrate_not_server(cli.lang, to));
    }
    let src = open_existing(cli, &db_path(cli))?;
    if src.conn().is_postgres() {
        bail!(T::MigrateDbNotSqlite.get(cli.lang));
    }
    let lines = copy::copy_to_server(&src, to).map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    let width = lines.iter().map(|l| crate::tui::width::width(&l.what)).max().unwrap_or(0);
    let (head_src, head_dst) = (T::MigrateSourceHead.get(cli.lang), T::MigrateTargetHead.get(cli.lang));
    println!("{}\t{head_src}\t{head_dst}", " ".repeat(width));
    let mut differ = 0;
    for l in &lines {
        let pad = width.saturating_sub(crate::tui::width::width(&l.what));
        let mark = if l.same() { "" } else { "  ≠" };
        differ += usize::from(!l.same());
        println!("{}{}\t{}\t{}{mark}", l.what, " ".repeat(pad), l.source, l.target);
    }
    if differ > 0 {
        bail!(say::migrate_differ(cli.lang, differ));
    }
    println!("{}", say::migrated(cli.lang, store::server::shown(to)));
    Ok(())
}
