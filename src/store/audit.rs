//! The audit trail: append-only rows, each carrying the hash of the previous row and of its
//! own content, so an edited or deleted row is found by walking the chain.
use super::tx::audit_hash;
use super::{Result, Store};

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The audit row id at which the chain no longer holds.
    pub id: i64,
    /// What is wrong there.
    pub reason: BreakReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakReason {
    /// The row's content no longer matches its hash (edited).
    Edited,
    /// The row does not follow the one before it (a row was deleted or inserted).
    Unlinked,
}

impl Break {
    /// The message for the clerk or the administrator.
    pub fn message(&self, lang: crate::text::Lang) -> String {
        match (self.reason, lang) {
            (BreakReason::Edited, crate::text::Lang::Zh) => format!("审计记录第 {} 行的内容被改动过", self.id),
            (BreakReason::Edited, crate::text::Lang::En) => format!("audit row {} was edited", self.id),
            (BreakReason::Unlinked, crate::text::Lang::Zh) => {
                format!("审计记录第 {} 行与前一行不相连(有记录被删除或插入)", self.id)
            }
            (BreakReason::Unlinked, crate::text::Lang::En) => {
                format!("audit row {} does not follow the row before it (a row was deleted or inserted)", self.id)
            }
        }
    }
}

impl Store {
    /// Walks the audit chain; returns the number of rows checked, or the first break.
    pub fn verify_audit(&self) -> Result<std::result::Result<u64, Break>> {
        verify_chain(self.conn())
    }
}

/// [`Store::verify_audit`] on any connection, a read-only one included (`banli doctor`).
pub fn verify_chain(conn: &rusqlite::Connection) -> Result<std::result::Result<u64, Break>> {
    let mut st = conn.prepare(
        "SELECT id, at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut prev = String::new();
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let (before, after): (Option<String>, Option<String>) = (r.get(7)?, r.get(8)?);
        let stored_prev: String = r.get(9)?;
        let stored: String = r.get(10)?;
        let computed = audit_hash(
            &stored_prev,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            r.get(4)?,
            r.get(5)?,
            &r.get::<_, String>(6)?,
            before.as_deref(),
            after.as_deref(),
        );
        if computed != stored {
            return Ok(Err(Break { id, reason: BreakReason::Edited }));
        }
        if stored_prev != prev {
            return Ok(Err(Break { id, reason: BreakReason::Unlinked }));
        }
        prev = stored;
        n += 1;
    }
    Ok(Ok(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_or_deleted_row_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut s = Store::open(&path, "t", crate::data::load(None).unwrap()).unwrap();
        for i in 0..5 {
            s.write(|t| {
                t.audit("test", i, None, crate::store::AuditAction::Backup, None, Some(&serde_json::json!({"i": i})))
            })
            .unwrap();
        }
        assert_eq!(s.verify_audit().unwrap(), Ok(5));
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("UPDATE audit_log SET operator = 'mallory' WHERE id = 3", []).unwrap();
        assert_eq!(s.verify_audit().unwrap(), Err(Break { id: 3, reason: BreakReason::Edited }));
        c.execute("UPDATE audit_log SET operator = 't' WHERE id = 3", []).unwrap();
        c.execute("DELETE FROM audit_log WHERE id = 2", []).unwrap();
        assert_eq!(s.verify_audit().unwrap(), Err(Break { id: 3, reason: BreakReason::Unlinked }));
    }
}
