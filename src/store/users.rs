//! Users and roles (`banli user add|list|remove`). A database with no users treats every
//! account as administrator; once one exists, an account it does not know reads only.
use super::handling::ymd;
use super::{Result, Store, StoreError};
use crate::domain::access::{AccountRole, Actor, Permission};
use crate::store::db::{Db, OptionalExtension};
use rusqlite::params;

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
pub(super) fn load_actor(conn: &Db, account: &str) -> Result<Actor> {
    let users: i64 = conn.query_row("SELECT count(*) FROM app_user WHERE removed_on IS NULL", [], |r| r.get(0))?;
    if users == 0 {
        return Ok(Actor::admin(account));
    }
    let role: Option<AccountRole> = conn
        .query_row("SELECT role FROM app_user WHERE account = ?1 AND removed_on IS NULL", [account], |r| r.get(0))
        .optional()?;
    let mut st = conn.prepare("SELECT unit_id FROM app_user_unit WHERE account = ?1")?;
    let units = st.query_map([account], |r| r.get(0))?.collect::<crate::store::db::DbResult<Vec<i64>>>()?;
    Ok(Actor { account: account.to_string(), role, units })
}

/// Refuses to remove (`role` None) or demote the last office administrator: after that no
/// user could ever be added again.
fn refuse_last_admin(conn: &Db, account: &str, role: Option<AccountRole>) -> Result<()> {
    if role == Some(AccountRole::Admin) {
        return Ok(());
    }
    let is_admin: bool = conn.query_row(
        "SELECT count(*) FROM app_user WHERE account = ?1 AND role = 'admin' AND removed_on IS NULL",
        [account],
        |r| r.get::<_, i64>(0),
    )? > 0;
    let admins: i64 =
        conn.query_row("SELECT count(*) FROM app_user WHERE role = 'admin' AND removed_on IS NULL", [], |r| r.get(0))?;
    if is_admin && admins <= 1 {
        return Err(StoreError::rule(
            format!("{account} 是最后一位办公室管理员,不能移除或改为其他角色;请先添加另一位管理员"),
            format!("{account} is the last office administrator and cannot be removed or given another role; add another administrator first"),
        ));
    }
    Ok(())
}

impl Store {
    /// Adds (or changes) a user. Administrators only; unit clerks name their units.
    /// On a PostgreSQL ledger, makes `account` a login of the server in its role's group
    /// role (the database then enforces the role); a no-op on a SQLite file.
    pub fn create_login(&self, account: &str, role: AccountRole, password: Option<&str>) -> Result<()> {
        if !self.conn().is_postgres() {
            return Ok(());
        }
        self.require(crate::domain::access::Permission::Admin)?;
        super::server::create_login(self.conn(), account, role, password)
    }

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
            refuse_last_admin(t.conn(), account, Some(role))?;
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
            refuse_last_admin(t.conn(), account.trim(), None)?;
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
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// What the status bar says about the account's access, when it is limited: a unit
    /// clerk's scoped view (with the units), a leader's read-only view, or an account that
    /// is no user (and why it reads only).
    pub fn access_note(&self, lang: crate::text::Lang) -> Option<String> {
        let zh = lang == crate::text::Lang::Zh;
        let a = self.actor();
        match a.role {
            Some(AccountRole::Admin | AccountRole::Clerk) => None,
            Some(AccountRole::Leader) => Some(if zh { "只读(领导)".into() } else { "read-only (leader)".into() }),
            Some(AccountRole::UnitClerk) => {
                let mut st = self.conn().prepare("SELECT short_name FROM unit WHERE id = ?1").ok()?;
                let names: Vec<String> = a.units.iter().filter_map(|u| st.query_row([u], |r| r.get(0)).ok()).collect();
                Some(if zh {
                    format!("仅显示本单位的件:{}", names.join("、"))
                } else {
                    format!("scoped to your units' items: {}", names.join(", "))
                })
            }
            None => Some(if zh {
                format!("只读:账号 {} 不是 banli 用户(请管理员运行 banli user add {})", a.account, a.account)
            } else {
                format!(
                    "read-only: the account {} is no banli user (an administrator runs banli user add {})",
                    a.account, a.account
                )
            }),
        }
    }

    fn reload_actor(&mut self) -> Result<()> {
        let actor = load_actor(self.conn(), &self.actor().account)?;
        self.set_actor(actor)
    }
}
