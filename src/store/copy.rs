//! `banli migrate`: a whole ledger copied from a SQLite file onto a PostgreSQL server, in one
//! transaction on the target (the schema, every row, the roles), then compared with the
//! source: rows per table, the audit chain, and the report figures.
use super::db::{Db, Value};
use super::error::{Result, StoreError};
use super::{migrations, server, Store};

/// Every table, parents before children (the order rows can be inserted in).
pub const TABLES: &[&str] = &[
    "meeting",
    "unit",
    "person",
    "item",
    "item_proposer",
    "assignment",
    "reassignment_request",
    "co_opinion",
    "contact",
    "face_to_face",
    "reply",
    "review",
    "commitment",
    "feedback",
    "second_round",
    "second_round_proposer",
    "progress_note",
    "closure",
    "reminder",
    "audit_log",
    "meta",
    "app_user",
    "app_user_unit",
    "evaluation_mark",
    "commendation",
];

/// One line of the comparison: what the source has, what the target has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub what: String,
    pub source: String,
    pub target: String,
}

impl Compared {
    pub fn same(&self) -> bool {
        self.source == self.target
    }
}

/// Copies the ledger of `src` onto the empty database at `url` and compares the two.
pub fn copy_to_server(src: &Store, url: &str) -> Result<Vec<Compared>> {
    let target = server::connect(url)?;
    if migrations::version(&target)? > 0 || !migrations::looks_like_banli(&target)? {
        return Err(StoreError::rule(
            format!("{} 已有数据,迁移只写入空库", server::shown(url)),
            format!("{} is not empty; a migration writes into an empty database only", server::shown(url)),
        ));
    }
    target.atomically(|| {
        migrations::apply_all(&target)?;
        copy_rows(src.conn(), &target)?;
        server::grant_roles(&target)
    })?;
    // Fresh statistics, so the first queries on the copy are planned on what it holds.
    target.execute_batch("ANALYZE")?;
    drop(target);
    compare(src, url)
}

fn columns(src: &Db, table: &str) -> Result<Vec<String>> {
    let mut st = src.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = st.query_map([table], |r| r.get(0))?.collect::<super::db::DbResult<Vec<String>>>()?;
    Ok(cols)
}

fn copy_rows(src: &Db, target: &Db) -> Result<()> {
    for table in TABLES {
        let cols = columns(src, table)?;
        let list = cols.join(", ");
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let mut insert = target.prepare(&format!("INSERT INTO {table} ({list}) VALUES ({})", marks.join(", ")))?;
        let mut st = src.prepare(&format!("SELECT {list} FROM {table} ORDER BY rowid"))?;
        let merged = cols.iter().position(|c| c == "merged_into");
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let mut vals: Vec<Value> = (0..cols.len()).map(|i| r.get(i)).collect::<super::db::DbResult<_>>()?;
            // An item may be merged into a later one: the link is set once every item is in.
            if let Some(m) = merged {
                vals[m] = Value::Null;
            }
            insert.execute(super::db::params_from_iter(vals))?;
        }
        if merged.is_some() {
            let mut st = src.prepare("SELECT id, merged_into FROM item WHERE merged_into IS NOT NULL")?;
            let links = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            for l in links {
                let (id, into) = l?;
                target.execute("UPDATE item SET merged_into = ?2 WHERE id = ?1", [id, into])?;
            }
        }
        if cols.iter().any(|c| c == "id") {
            // New rows on the server continue after the copied ids.
            target.execute_batch(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ))?;
        }
    }
    Ok(())
}

fn count(db: &Db, table: &str) -> Result<i64> {
    Ok(db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

/// Rows per table, the audit chain and the report figures of the source against the target.
pub fn compare(src: &Store, url: &str) -> Result<Vec<Compared>> {
    let dst = Store::open(std::path::Path::new(url), &src.operator, src.data.clone())?;
    let mut out = Vec::new();
    for table in TABLES {
        out.push(Compared {
            what: format!("{table} 行数 rows"),
            source: count(src.conn(), table)?.to_string(),
            target: count(dst.conn(), table)?.to_string(),
        });
    }
    let chain = |s: &Store| -> Result<String> {
        Ok(match s.verify_audit()? {
            Ok(n) => format!("完整 intact ({n})"),
            Err(b) => format!("断裂 broken at {}", b.id),
        })
    };
    out.push(Compared { what: "审计链 audit chain".into(), source: chain(src)?, target: chain(&dst)? });
    let head =
        |s: &Store| -> Result<String> { Ok(super::audit::head_in(s.conn())?.map(|h| h.hash).unwrap_or_default()) };
    out.push(Compared { what: "链头 chain head".into(), source: head(src)?, target: head(&dst)? });
    let (a, b) = (src.figures(None)?, dst.figures(None)?);
    let figures = [
        ("件数 items", a.items, b.items),
        ("承办单位 units", a.units, b.units),
        ("已答复 replied", a.replied, b.replied),
        ("按时答复 on time", a.on_time, b.on_time),
        ("逾期 overdue", a.overdue, b.overdue),
        ("面复 face to face", a.face_to_face, b.face_to_face),
    ];
    for (what, x, y) in figures {
        out.push(Compared { what: format!("报表 {what}"), source: x.to_string(), target: y.to_string() });
    }
    out.push(Compared {
        what: "报表全部数字 all report figures".into(),
        source: "相同 same".into(),
        target: if a == b { "相同 same".into() } else { "不同 differ".into() },
    });
    Ok(out)
}
