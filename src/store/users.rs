//! Users and roles (`banli user add|list|remove`). A database with no users treats every
//! account as administrator; once one exists, an account it does not know reads only.
use super::handling::ymd;
use super::{Result, Store, StoreError};
use crate::domain::access::{AccountRole, Actor, Permission};
use rusqlite::{params, Connection, OptionalExtension};

/// One user as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub account: String,
    pub role: AccountRole,
    /// Short names of the units a unit clerk works for.
    pub units: Vec<String>,
    pub added_on: String,
    pub added_by: String,
}

/// The operator's role from the users table.
pub(super) fn load_actor(conn: &Connection, account: &str) -> Result<Actor> {
    let users: i64 = conn.query_row("SELECT count(*) FROM app_user WHERE removed_on IS NULL", [], |r| r.get(0))?;
    if users == 0 {
        return Ok(Actor::admin(account));
    }
    let role: Option<AccountRole> = conn
        .query_row("SELECT role FROM app_user WHERE account = ?1 AND removed_on IS NULL", [account], |r| r.get(0))
        .optional()?;
    let mut st = conn.prepare("SELECT unit_id FROM app_user_unit WHERE account = ?1")?;
    let units = st.query_map([account], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Actor { account: account.to_string(), role, units })
}

impl Store {
    /// Adds (or changes) a user. Administrators only; unit clerks name their units.
    pub fn add_user(&mut self, account: &str, role: AccountRole, unit_names: &[String]) -> Result<()> {
        let account = account.trim();
        super::handling::require_text(account, "账号", "the account")?;
        if role == AccountRole::UnitClerk && unit_names.is_empty() {
            return Err(StoreError::rule(
                "承办单位经办人须指定所属单位(--unit)",
                "a unit clerk needs at least one --unit",
            ));
        }
        let r = self.write(|t| {
            t.require(Permission::Admin)?;
            let users: i64 =
                t.conn().query_row("SELECT count(*) FROM app_user WHERE removed_on IS NULL", [], |r| r.get(0))?;
            if users == 0 && role != AccountRole::Admin {
                return Err(StoreError::rule(
                    "第一个用户须为办公室管理员",
                    "the first user must be an office administrator",
                ));
            }
            let mut units = Vec::new();
            for name in unit_names {
                let id: Option<i64> = t
                    .conn()
                    .query_row("SELECT id FROM unit WHERE name = ?1 OR short_name = ?1", [name.trim()], |r| r.get(0))
                    .optional()?;
                units.push(
                    id.ok_or_else(|| StoreError::rule(format!("未知单位:{name}"), format!("unknown unit: {name}")))?,
                );
            }
            t.conn().execute(
                "INSERT INTO app_user (account, role, added_on, added_by) VALUES (?1,?2,?3,?4)
                 ON CONFLICT(account) DO UPDATE SET role = excluded.role, removed_on = NULL",
                params![account, role.as_str(), ymd(t.today), t.operator],
            )?;
            t.conn().execute("DELETE FROM app_user_unit WHERE account = ?1", [account])?;
            for u in &units {
                t.conn()
                    .execute("INSERT INTO app_user_unit (account, unit_id) VALUES (?1, ?2)", params![account, u])?;
            }
            t.audit(
                "app_user",
                0,
                None,
                crate::store::AuditAction::AddUser,
                None,
                Some(&serde_json::json!({"account": account, "role": role.as_str(), "units": units})),
            )
        });
        self.reload_actor()?;
        r
    }

    /// Removes a user (kept, marked removed). Administrators only.
    pub fn remove_user(&mut self, account: &str) -> Result<()> {
        let r = self.write(|t| {
            t.require(Permission::Admin)?;
            let n = t.conn().execute(
                "UPDATE app_user SET removed_on = ?2 WHERE account = ?1 AND removed_on IS NULL",
                params![account.trim(), ymd(t.today)],
            )?;
            if n == 0 {
                return Err(StoreError::rule(format!("没有账号 {account}"), format!("no user {account}")));
            }
            t.audit(
                "app_user",
                0,
                None,
                crate::store::AuditAction::RemoveUser,
                None,
                Some(&serde_json::json!({"account": account.trim()})),
            )
        });
        self.reload_actor()?;
        r
    }

    /// Every current user.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self.conn().prepare(
            "SELECT u.account, u.role, u.added_on, u.added_by,
                    coalesce((SELECT group_concat(n.short_name, '、') FROM app_user_unit x JOIN unit n ON n.id = x.unit_id WHERE x.account = u.account), '')
             FROM app_user u WHERE u.removed_on IS NULL ORDER BY u.account",
        )?;
        let rows = st.query_map([], |r| {
            let units: String = r.get(4)?;
            Ok(User {
                account: r.get(0)?,
                role: r.get(1)?,
                units: units.split('、').filter(|s| !s.is_empty()).map(String::from).collect(),
                added_on: r.get(2)?,
                added_by: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn reload_actor(&mut self) -> Result<()> {
        self.actor = load_actor(self.conn(), &self.operator)?;
        Ok(())
    }
}
