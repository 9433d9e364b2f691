//! Reading a database without writing anything to it or beside it (`banli doctor`): not
//! the file, and not the `-wal` and `-shm` files SQLite makes for a reader (as root, SQLite
//! also gives new files the database's owner and group).
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A `file:` URI for SQLite, every byte but the unreserved ones and `/` percent-encoded.
fn uri(path: &Path, query: &str) -> String {
    let mut s = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => s.push(*b as char),
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.push('?');
    s.push_str(query);
    s
}

/// Opens `path` to read only, creating nothing: when the `-wal` and `-shm` files are there
/// (a clerk has the ledger open), as one more reader of them; when not, as an immutable file
/// (everything is in the file itself then).
pub fn open_untouched(path: &Path) -> rusqlite::Result<Connection> {
    let live = beside(path, "-wal").exists() && beside(path, "-shm").exists();
    let query = if live { "mode=ro" } else { "mode=ro&immutable=1" };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(uri(path, query), flags)?;
    // Readers wait for a clerk's write as banli does, instead of failing at once.
    crate::store::wait_for_locks(&mut conn)?;
    Ok(conn)
}

/// The schema version (`PRAGMA user_version`) and whether banli's own tables are there.
pub fn schema_facts(conn: &Connection) -> rusqlite::Result<(u32, bool)> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'meta')",
        [],
        |r| r.get(0),
    )?;
    Ok((version, tables == 2))
}

/// `PRAGMA integrity_check`: its first `max` lines ("ok" when sound).
pub fn integrity_lines(conn: &Connection, max: usize) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines = st.query_map([], |r| r.get::<_, String>(0))?.take(max).collect();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_chinese_and_signs_is_encoded() {
        assert_eq!(uri(Path::new("/a b/台账?#.db"), "mode=ro"), "file:/a%20b/%E5%8F%B0%E8%B4%A6%3F%23.db?mode=ro");
    }
}
