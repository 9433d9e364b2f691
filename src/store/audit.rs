//! The audit trail: append-only rows, each carrying the hash of the previous row and of its
//! own content, so an edited or deleted row is found by walking the chain.
use super::tx::audit_hash;
use super::{Result, Store, StoreError};
use crate::domain::access::Permission;
use std::path::{Path, PathBuf};

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
pub fn verify_chain(conn: &crate::store::db::Db) -> Result<std::result::Result<u64, Break>> {
    let mut st = conn.prepare(
        "SELECT id, at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut prev = String::new();
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let r = &r;
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

/// The head of the audit chain: the last row's number and hash, written as `N:HASH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub row: i64,
    pub hash: String,
}

impl std::fmt::Display for ChainHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.row, self.hash)
    }
}

impl std::str::FromStr for ChainHead {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ChainHead> {
        let bad = || {
            StoreError::rule(
                format!("审计链头应写成 行号:哈希(如 120:3fa2…),而不是“{s}”"),
                format!("an audit chain head is ROW:HASH (e.g. 120:3fa2…), not '{s}'"),
            )
        };
        let (row, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let row: i64 = row.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if row < 0 || hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(ChainHead { row, hash })
    }
}

impl ChainHead {
    /// The line at the foot of a report, ranking notice or export.
    pub fn foot(head: Option<&ChainHead>, lang: crate::text::Lang) -> String {
        let h = head.map(ToString::to_string).unwrap_or_else(|| "0:".into());
        match lang {
            crate::text::Lang::Zh => format!("审计链头 {h}"),
            crate::text::Lang::En => format!("Audit chain head {h}"),
        }
    }
}

/// What an anchor found, beyond the chain's own walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorBreak {
    /// The chain ends before the anchored row: its tail was cut.
    Cut { anchored: ChainHead, last_row: i64 },
    /// The anchored row holds another hash: the chain was rewritten up to it.
    Rewritten { anchored: ChainHead, found: String },
}

impl AnchorBreak {
    /// The message naming the cut or the rewrite; `source` says which anchor caught it.
    pub fn message(&self, source: &str, lang: crate::text::Lang) -> String {
        use crate::text::Lang::*;
        match (self, lang) {
            (AnchorBreak::Cut { anchored, last_row }, Zh) => format!(
                "审计记录被截断:{source}记录链头为第 {} 行,现在只到第 {last_row} 行(第 {}–{} 行被删除)",
                anchored.row,
                last_row + 1,
                anchored.row
            ),
            (AnchorBreak::Cut { anchored, last_row }, En) => format!(
                "the audit trail was cut: {source} says the chain reached row {}, it now ends at row {last_row} (rows {}–{} deleted)",
                anchored.row,
                last_row + 1,
                anchored.row
            ),
            (AnchorBreak::Rewritten { anchored, found }, Zh) => format!(
                "审计链被重写:第 {} 行的哈希与{source}不符(锚定 {},现为 {})",
                anchored.row,
                short_hash(&anchored.hash),
                short_hash(found)
            ),
            (AnchorBreak::Rewritten { anchored, found }, En) => format!(
                "the audit chain was rewritten: row {}'s hash differs from {source} (anchored {}, now {})",
                anchored.row,
                short_hash(&anchored.hash),
                short_hash(found)
            ),
        }
    }
}

fn short_hash(h: &str) -> &str {
    &h[..h.len().min(12)]
}

/// The anchor file beside the database: `ledger.db` → `ledger.db.anchor`.
pub fn anchor_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".anchor");
    db.with_file_name(name)
}

/// The head recorded in an anchor file (its last `N:HASH` line); `None` when there is none.
pub fn read_anchor(path: &Path) -> Result<Option<ChainHead>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let line = text.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with('#'));
    line.map(str::parse).transpose().map_err(|_| {
        StoreError::rule(
            format!("锚定文件 {} 内容无法识别(应为 行号:哈希)", path.display()),
            format!("the anchor file {} cannot be read (it should hold ROW:HASH)", path.display()),
        )
    })
}

/// The chain head on any connection.
pub fn head_in(conn: &crate::store::db::Db) -> Result<Option<ChainHead>> {
    use crate::store::db::OptionalExtension;
    Ok(conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok(ChainHead { row: r.get(0)?, hash: r.get(1)? })
        })
        .optional()?)
}

/// Checks the chain against an anchored head: the row must still be there with its hash.
pub fn check_anchor(conn: &crate::store::db::Db, anchored: &ChainHead) -> Result<Option<AnchorBreak>> {
    use crate::store::db::OptionalExtension;
    if anchored.row == 0 {
        return Ok(None);
    }
    let found: Option<String> =
        conn.query_row("SELECT hash FROM audit_log WHERE id = ?1", [anchored.row], |r| r.get(0)).optional()?;
    Ok(match found {
        Some(h) if h == anchored.hash => None,
        Some(found) => Some(AnchorBreak::Rewritten { anchored: anchored.clone(), found }),
        None => {
            let last_row = head_in(conn)?.map_or(0, |h| h.row);
            if last_row < anchored.row {
                Some(AnchorBreak::Cut { anchored: anchored.clone(), last_row })
            } else {
                // A row in the middle is gone: the chain walk names it.
                Some(AnchorBreak::Rewritten { anchored: anchored.clone(), found: String::new() })
            }
        }
    })
}

impl Store {
    /// The chain head now (`None` for an empty trail).
    pub fn chain_head(&self) -> Result<Option<ChainHead>> {
        head_in(self.conn())
    }

    /// Writes the chain head into the anchor file beside the database (`banli audit
    /// anchor`); office administrators and clerks only. Returns the head and the file.
    pub fn anchor_audit(&self) -> Result<(Option<ChainHead>, PathBuf)> {
        if !self.actor().allows(Permission::Office) {
            return Err(if self.actor().can_write() { StoreError::Forbidden } else { StoreError::ReadOnly });
        }
        if let Err(b) = self.verify_audit()? {
            return Err(StoreError::rule(
                format!("审计链已断开,不能锚定:{}", b.message(crate::text::Lang::Zh)),
                format!("the audit chain is broken and cannot be anchored: {}", b.message(crate::text::Lang::En)),
            ));
        }
        let path = anchor_path(self.path());
        if let Some(old) = read_anchor(&path)? {
            if let Some(b) = check_anchor(self.conn(), &old)? {
                return Err(StoreError::rule(
                    format!("不能更新锚定:{}", b.message("锚定文件", crate::text::Lang::Zh)),
                    format!("the anchor is not updated: {}", b.message("the anchor file", crate::text::Lang::En)),
                ));
            }
        }
        let head = self.chain_head()?;
        let text = format!(
            "# banli audit anchor: the audit chain's head (row:hash); `banli audit verify` checks it\n# {} {}\n{}\n",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
            self.actor().account,
            head.as_ref().map_or_else(|| "0:".to_string() + &"0".repeat(64), ToString::to_string)
        );
        let tmp = path.with_extension("anchor.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)?;
        Ok((head, path))
    }

    /// Checks the trail against the anchor file and `heads` (from `--head`): the first cut
    /// or rewrite found, with the anchor that found it.
    pub fn verify_anchors(&self, heads: &[ChainHead]) -> Result<Vec<(String, AnchorBreak)>> {
        let mut found = Vec::new();
        let path = anchor_path(self.path());
        if let Some(a) = read_anchor(&path)? {
            if let Some(b) = check_anchor(self.conn(), &a)? {
                found.push((path.display().to_string(), b));
            }
        }
        for h in heads {
            if let Some(b) = check_anchor(self.conn(), h)? {
                found.push(("--head".to_string(), b));
            }
        }
        Ok(found)
    }
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
