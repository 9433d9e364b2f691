//! A ledger on a PostgreSQL server (`--db postgres://…`): connecting, who is acting (the
//! session's login), the group roles and policies, and the login roles `banli user add`
//! makes. Everything else is the same store as on SQLite, through [`super::db::Db`].
use super::db::{pg::PgConn, Db, DbError};
use super::error::{Result, StoreError};
use crate::domain::access::AccountRole;

/// The group role each account role is granted on the server.
pub fn group_role(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Admin => "banli_admin",
        AccountRole::Clerk => "banli_clerk",
        AccountRole::UnitClerk => "banli_unit_clerk",
        AccountRole::Leader => "banli_leader",
    }
}

/// Connects to the server, without migrating.
pub fn connect(url: &str) -> Result<Db> {
    PgConn::connect(url).map(Db::Postgres).map_err(|e| cannot_connect(url, e))
}

/// Opens the ledger at `url`, migrating it when its owner opens it. The account acting is
/// the session's login; the owner (who may do anything on the server anyway) may act as
/// `account` instead, as the OS account does on a SQLite file.
pub fn open(url: &str, account: &str) -> Result<(Db, String)> {
    let db = connect(url)?;
    let owner = is_owner(&db)?;
    if owner {
        super::migrations::migrate(&db)?;
    } else {
        let v = super::migrations::version(&db)?;
        if v > super::migrations::LATEST {
            return Err(StoreError::NewerSchema(v));
        }
        if v < super::migrations::LATEST {
            return Err(StoreError::rule(
                "服务器上的台账尚未建立或需要升级:请由数据库所有者运行 banli init --db …",
                "the ledger on the server is missing or older than this banli: its owner runs banli init --db …",
            ));
        }
    }
    let login: String = db.query_row("SELECT session_user::text", [], |r| r.get(0))?;
    let acting = if owner && !account.is_empty() { account.to_string() } else { login };
    Ok((db, acting))
}

/// Whether the database at `url` already holds a ledger (banli's tables).
pub fn has_ledger(url: &str) -> Result<bool> {
    let db = connect(url)?;
    Ok(super::migrations::version(&db)? > 0)
}

/// Whether the session's login owns the ledger (or the database, before there is one).
pub fn is_owner(db: &Db) -> Result<bool> {
    Ok(db.query_row(
        "SELECT coalesce(
            (SELECT pg_has_role(session_user, tableowner, 'MEMBER') FROM pg_tables
              WHERE schemaname = current_schema() AND tablename = 'item'),
            (SELECT pg_has_role(session_user, datdba, 'MEMBER') FROM pg_database WHERE datname = current_database()))
           OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
        [],
        |r| r.get(0),
    )?)
}

/// Puts the group roles, grants, policies, the audit function and the notifications in place.
pub fn grant_roles(db: &Db) -> Result<()> {
    db.execute_batch(include_str!("migrations_pg/roles.sql"))?;
    Ok(())
}

/// Makes (or updates) the login role of `account` with its group role; `password` None:
/// no password (peer or certificate login).
pub fn create_login(db: &Db, account: &str, role: AccountRole, password: Option<&str>) -> Result<()> {
    let ident = quote_ident(account);
    let exists: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [account], |r| r.get(0))?;
    let mut sql = String::new();
    if !exists {
        sql.push_str(&format!("CREATE ROLE {ident} LOGIN;"));
    }
    if let Some(p) = password {
        sql.push_str(&format!("ALTER ROLE {ident} PASSWORD {};", quote_literal(p)));
    }
    for r in [AccountRole::Admin, AccountRole::Clerk, AccountRole::UnitClerk, AccountRole::Leader] {
        if r != role {
            sql.push_str(&format!("REVOKE {} FROM {ident};", group_role(r)));
        }
    }
    sql.push_str(&format!("GRANT {} TO {ident};", group_role(role)));
    if role == AccountRole::Admin {
        sql.push_str(&format!("ALTER ROLE {ident} CREATEROLE;"));
    }
    db.execute_batch(&sql)?;
    Ok(())
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The address without its password, for messages.
pub fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &cred[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn cannot_connect(url: &str, e: DbError) -> StoreError {
    tracing::error!(error = %e, url = %shown(url), "cannot connect to PostgreSQL");
    let why = match &e {
        DbError::Postgres(p) => p.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| p.to_string()),
        other => other.to_string(),
    };
    StoreError::rule(
        format!("无法连接数据库服务器 {}:{why}", shown(url)),
        format!("cannot connect to the database server {}: {why}", shown(url)),
    )
}
