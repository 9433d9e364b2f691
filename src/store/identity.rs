//! Who is acting. ONE function answers it for the whole program: the real OS account of
//! the process, looked up by its uid in the system's user database (so accounts from a
//! directory service resolve too), never `$USER`, which anyone can set. A PostgreSQL store
//! will answer the same question with the database login instead.
use nix::unistd::{getuid, User};

/// The account the process really runs as: the user database's name for the real uid, or
/// `uid:N` when the uid has no entry.
pub fn acting_account() -> String {
    let uid = getuid();
    match User::from_uid(uid) {
        Ok(Some(u)) if !u.name.trim().is_empty() => u.name,
        _ => format!("uid:{}", uid.as_raw()),
    }
}

/// The environment variable tests use to act as another account. It is honoured only when
/// the real account is already an administrator of the database (see
/// [`super::Store::act_as`]), so it lends nothing to anyone else.
pub const ACT_AS_VAR: &str = "BANLI_ACT_AS";

/// The name the audit trail records: the account, and on whose behalf when given
/// (`wangfang 代 李明`).
pub fn recorded_name(account: &str, on_behalf: Option<&str>) -> String {
    match on_behalf.map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) if name != account => format!("{account} 代 {name}"),
        _ => account.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acting_account_ignores_user_variables() {
        let real = acting_account();
        assert!(!real.is_empty());
        // SAFETY of the test: only this test reads USER in this process's tests.
        std::env::set_var("USER", "boss-from-env");
        assert_eq!(acting_account(), real);
    }

    #[test]
    fn the_recorded_name_keeps_both() {
        assert_eq!(recorded_name("wangfang", Some("李明")), "wangfang 代 李明");
        assert_eq!(recorded_name("wangfang", Some(" ")), "wangfang");
        assert_eq!(recorded_name("wangfang", None), "wangfang");
    }
}
