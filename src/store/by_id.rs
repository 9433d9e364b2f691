//! The rows of a page, read by id: a paged screen holds the ids of its whole list and reads
//! the rows around the cursor in one query, in the order of the ids.
use crate::store::db::{Db, DbResult, Row};
use crate::store::Result;
use std::collections::HashMap;

/// The condition matching `column` against the ids of [`rows_by_id`] (its `?1`).
pub(crate) fn in_ids(column: &str) -> String {
    format!("{column} IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))")
}

/// The rows `sql` reads for `ids` (bound as `?1`, a JSON array: see [`in_ids`]), each read by
/// `row` and known by `key`, in the order of `ids`; an id no longer readable (another clerk's
/// change, a change of scope) is left out.
pub(crate) fn rows_by_id<T>(
    c: &Db,
    sql: &str,
    ids: &[i64],
    row: impl FnMut(&Row<'_>) -> DbResult<T>,
    key: impl Fn(&T) -> i64,
) -> Result<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut st = c.prepare_cached(sql)?;
    let mut by_id: HashMap<i64, T> =
        st.query_map([json], row)?.map(|r| r.map(|v| (key(&v), v))).collect::<DbResult<_>>()?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
