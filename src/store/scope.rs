//! What a unit clerk may read: ONE scope for every read of the store. For a unit clerk the
//! connection gets a temporary view named `item` that shadows the table (SQLite looks in
//! the `temp` schema first) and holds only the items where one of the clerk's units has an
//! assignment (co-handling, with its opinions, included). Every read that names `item` —
//! the ledger, the detail, search, export, the report, the dashboard, the queue,
//! supervision, `audit show` — is scoped by it without knowing. Writes run with the view
//! dropped ([`super::Store::write`]): the clerk's changes are checked by role instead.
use super::Result;
use crate::domain::access::{AccountRole, Actor};
use rusqlite::Connection;

/// Whether the actor's reads are scoped to their units.
pub fn is_scoped(actor: &Actor) -> bool {
    actor.role == Some(AccountRole::UnitClerk)
}

/// Puts the scope on the connection (a no-op for everyone but a unit clerk).
pub(super) fn apply(conn: &Connection, actor: &Actor) -> Result<()> {
    if !is_scoped(actor) {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS scope_unit (unit_id INTEGER PRIMARY KEY);
         DELETE FROM temp.scope_unit;",
    )?;
    let mut st = conn.prepare("INSERT OR IGNORE INTO temp.scope_unit (unit_id) VALUES (?1)")?;
    for u in &actor.units {
        st.execute([u])?;
    }
    conn.execute_batch(
        "CREATE TEMP VIEW IF NOT EXISTS item AS
           SELECT * FROM main.item
           WHERE id IN (SELECT a.item_id FROM main.assignment a WHERE a.unit_id IN (SELECT unit_id FROM temp.scope_unit));",
    )?;
    Ok(())
}

/// Takes the scope off (before a write transaction, and when the actor changes).
pub(super) fn lift(conn: &Connection) -> Result<()> {
    conn.execute_batch("DROP VIEW IF EXISTS temp.item;")?;
    Ok(())
}
