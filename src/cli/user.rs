//! `banli user add | remove | list`: the accounts and their roles.
use super::UserCommand;
use super::{db_path, open_existing, Cli};
use crate::domain::access::AccountRole;
use crate::store;
use crate::text::{Lang, T};
use anyhow::Result;

/// One line of standard input, without its line end.
fn read_password(lang: Lang) -> Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    anyhow::ensure!(!p.is_empty(), T::CliNoPassword.get(lang));
    Ok(p)
}

/// Runs one user command.
pub(super) fn run(cli: &Cli, cmd: &UserCommand) -> Result<()> {
    let mut store = open_existing(cli, &db_path(cli))?;
    let msg = |e: store::StoreError| anyhow::anyhow!("{}", e.message(cli.lang));
    match cmd {
        UserCommand::Add { account, role, units, password_stdin } => {
            let password = if *password_stdin { Some(read_password(cli.lang)?) } else { None };
            store.add_user(account, *role, units).map_err(msg)?;
            // On a server the account is also a login of its own, in its role's group.
            store.create_login(account.trim(), *role, password.as_deref()).map_err(msg)
        }
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
