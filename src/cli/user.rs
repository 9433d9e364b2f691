//! `banli user add | remove | list`: the accounts and their roles.
use super::UserCommand;
use super::{db_path, open_existing, Cli};
use crate::domain::access::AccountRole;
use crate::store;
use anyhow::Result;

/// Runs one user command.
pub(super) fn run(cli: &Cli, cmd: &UserCommand) -> Result<()> {
    let mut store = open_existing(cli, &db_path(cli))?;
    let msg = |e: store::StoreError| anyhow::anyhow!("{}", e.message(cli.lang));
    match cmd {
        UserCommand::Add { account, role, units } => store.add_user(account, *role, units).map_err(msg),
        UserCommand::Remove { account } => store.remove_user(account).map_err(msg),
        UserCommand::List => {
            for u in store.users().map_err(msg)? {
                println!(
                    "{}\t{}\t{}\t{} {}",
                    u.account,
                    u.role.label(cli.lang),
                    u.units.join("、"),
                    u.added_on,
                    u.added_by
                );
            }
            Ok(())
        }
    }
}

/// A role as written on the command line.
pub(super) fn parse_role(s: &str) -> std::result::Result<AccountRole, String> {
    AccountRole::parse(s).ok_or_else(|| format!("unknown role '{s}': use admin, clerk, unit_clerk or leader"))
}
