//! The office's order of units ([`crate::domain::unit_order`]): read for every list of
//! units, and set with `banli unit order` (audited).
use super::{Result, Store, StoreError};
use crate::domain::access::Permission;
use crate::domain::unit_order::office_order;
use crate::domain::Unit;
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Each unit's place (0 first) in the office's order, every unit, active or not.
    pub fn unit_places(&self) -> Result<HashMap<i64, usize>> {
        let mut st = self.conn().prepare("SELECT id, sort_order, name FROM unit")?;
        let units: Vec<(i64, Option<i64>, String)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(office_order(&units).into_iter().enumerate().map(|(i, id)| (id, i)).collect())
    }

    /// Sorts `v` into the office's order of units, by the unit id `id` gives.
    pub fn sort_by_unit_order<T>(&self, v: &mut [T], id: impl Fn(&T) -> i64) -> Result<()> {
        let places = self.unit_places()?;
        v.sort_by_key(|t| places.get(&id(t)).copied().unwrap_or(usize::MAX));
        Ok(())
    }

    /// The unit named `name` (its full or short name, spaces ignored), active or not.
    pub fn unit_by_name(&self, name: &str) -> Result<Unit> {
        use super::ledger::{unit_from_row, UNIT_COLUMNS};
        let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let mut st =
            self.conn().prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE name = ?1 OR short_name = ?1"))?;
        let found: Vec<Unit> = st.query_map([&key], unit_from_row)?.collect::<crate::store::db::DbResult<_>>()?;
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one unit")),
            0 => {
                let near: Vec<String> = self
                    .units()?
                    .into_iter()
                    .filter(|u| key.chars().any(|c| c != '区' && u.name.contains(c)))
                    .take(5)
                    .map(|u| u.short_name)
                    .collect();
                Err(StoreError::rule(
                    format!(
                        "没有名为“{name}”的承办单位{}",
                        if near.is_empty() { String::new() } else { format!(";相近的有:{}", near.join("、")) }
                    ),
                    format!(
                        "no unit named '{name}'{}",
                        if near.is_empty() { String::new() } else { format!("; close: {}", near.join(", ")) }
                    ),
                ))
            }
            _ => Err(StoreError::rule(
                format!("“{name}”指多个单位,请写全称"),
                format!("'{name}' names several units; give the full name"),
            )),
        }
    }

    /// Sets the office's order: the named units (full or short names) get 1, 2, 3… in the
    /// order given; every other unit loses its number (it follows, by pinyin). All or
    /// nothing: an unknown or repeated name changes nothing. Audited.
    pub fn set_unit_order(&mut self, names: &[String]) -> Result<usize> {
        let mut ids = Vec::new();
        for n in names {
            let u = self.unit_by_name(n)?;
            if ids.contains(&u.id) {
                return Err(StoreError::rule(
                    format!("“{n}”在顺序中出现了两次(第{}位)", ids.len() + 1),
                    format!("'{n}' is listed twice (place {})", ids.len() + 1),
                ));
            }
            ids.push(u.id);
        }
        self.write(|t| {
            t.require(Permission::Office)?;
            let before: Vec<(i64, i64)> = {
                let mut st = t
                    .conn()
                    .prepare("SELECT id, sort_order FROM unit WHERE sort_order IS NOT NULL ORDER BY sort_order")?;
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<crate::store::db::DbResult<_>>()?
            };
            t.conn().execute("UPDATE unit SET sort_order = NULL WHERE sort_order IS NOT NULL", [])?;
            for (i, id) in ids.iter().enumerate() {
                t.conn().execute("UPDATE unit SET sort_order = ?1 WHERE id = ?2", params![i as i64 + 1, id])?;
            }
            t.audit(
                "unit_order",
                0,
                None,
                crate::store::audit_action::AuditAction::SetUnitOrder,
                Some(&serde_json::json!(before.iter().map(|(id, _)| id).collect::<Vec<_>>())),
                Some(&serde_json::json!(ids)),
            )?;
            Ok(ids.len())
        })
    }

    /// Every unit, active or not, with its number in the office's order, in that order.
    pub fn units_in_order(&self) -> Result<Vec<(Unit, Option<i64>)>> {
        use super::ledger::{unit_from_row, UNIT_COLUMNS};
        let mut st = self.conn().prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit"))?;
        let mut units: Vec<Unit> = st.query_map([], unit_from_row)?.collect::<crate::store::db::DbResult<_>>()?;
        self.sort_by_unit_order(&mut units, |u| u.id)?;
        let mut st = self.conn().prepare("SELECT id, sort_order FROM unit")?;
        let orders: HashMap<i64, Option<i64>> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(units.into_iter().map(|u| (orders.get(&u.id).copied().flatten(), u)).map(|(o, u)| (u, o)).collect())
    }
}
