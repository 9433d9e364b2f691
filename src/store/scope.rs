//! What a unit clerk may read: ONE scope for every read of the store. For a unit clerk the
//! connection gets a temporary view named `item` that shadows the table (SQLite looks in
//! the `temp` schema first) and holds only the items where one of the clerk's units has an
//! assignment (co-handling, with its opinions, included). Every read that names `item` —
//! the ledger, the detail, search, export, the report, the dashboard, the queue,
//! supervision, `audit show` — is scoped by it without knowing. Writes run with the view
//! dropped ([`super::Store::write`]): the clerk's changes are checked by role instead.
use super::Result;
use crate::domain::access::{AccountRole, Actor};
use crate::store::db::Db;

/// Whether the actor's reads are scoped to their units.
pub fn is_scoped(actor: &Actor) -> bool {
    actor.role == Some(AccountRole::UnitClerk)
}

/// Puts the scope on the connection (a no-op for everyone but a unit clerk). PostgreSQL
/// looks in the session's temporary schema first too; there the server's row-level
/// policies also hold for a unit clerk's own login (see `migrations_pg/roles.sql`).
pub(super) fn apply(conn: &Db, actor: &Actor) -> Result<()> {
    if !is_scoped(actor) {
        return Ok(());
    }
    let (temp, main) = match conn {
        Db::Sqlite(_) => ("temp".to_string(), "main".to_string()),
        Db::Postgres(_) => {
            ("pg_temp".to_string(), conn.query_row("SELECT quote_ident(current_schema())", [], |r| r.get(0))?)
        }
    };
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS scope_unit (unit_id BIGINT PRIMARY KEY);
         DELETE FROM {temp}.scope_unit;"
    ))?;
    let mut st =
        conn.prepare(&format!("INSERT INTO {temp}.scope_unit (unit_id) VALUES (?1) ON CONFLICT DO NOTHING"))?;
    for u in &actor.units {
        st.execute([u])?;
    }
    let create = if conn.is_postgres() { "CREATE OR REPLACE TEMP VIEW" } else { "CREATE TEMP VIEW IF NOT EXISTS" };
    conn.execute_batch(&format!(
        "{create} item AS
           SELECT * FROM {main}.item
           WHERE id IN (SELECT a.item_id FROM {main}.assignment a WHERE a.unit_id IN (SELECT unit_id FROM {temp}.scope_unit));"
    ))?;
    Ok(())
}

/// Takes the scope off (before a write transaction, and when the actor changes).
pub(super) fn lift(conn: &Db) -> Result<()> {
    let temp = if conn.is_postgres() { "pg_temp" } else { "temp" };
    conn.execute_batch(&format!("DROP VIEW IF EXISTS {temp}.item;"))?;
    Ok(())
}
