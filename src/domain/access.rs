//! Who may do what. Roles guard against mistakes, not malice: with one SQLite file every
//! clerk's OS account can write the file itself (see README, "Several clerks").

crate::coded_enum! {
    /// A user's role in the office.
    pub enum AccountRole {
        /// Office administrator: everything, including users and rules.
        Admin = ("admin", "办公室管理员", "Office administrator"),
        /// Office clerk: assignment, review, closure, supervision and the units' work.
        Clerk = ("clerk", "办公室经办人", "Office clerk"),
        /// A handling unit's clerk: only their units' assignments.
        UnitClerk = ("unit_clerk", "承办单位经办人", "Unit clerk"),
        /// A leader: reads everything, changes nothing.
        Leader = ("leader", "领导(只读)", "Leader (read-only)"),
    }
}

/// What an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// The office's work: assignment, review, closure, the queue, supervision, import.
    Office,
    /// Work on one unit's assignment: receipt, reassignment request, co-handling opinion,
    /// contact, face-to-face, reply.
    Unit(i64),
    /// Users and rules.
    Admin,
}

/// The account using banli and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: String,
    /// `None`: an account the users table does not know; it reads only.
    pub role: Option<AccountRole>,
    /// The units a unit clerk works for.
    pub units: Vec<i64>,
}

impl Actor {
    /// An administrator (a database with no users yet, tests, the demo).
    pub fn admin(account: &str) -> Actor {
        Actor { account: account.to_string(), role: Some(AccountRole::Admin), units: Vec::new() }
    }

    /// Whether the actor may do what `p` needs.
    pub fn allows(&self, p: Permission) -> bool {
        match (self.role, p) {
            (Some(AccountRole::Admin), _) => true,
            (Some(AccountRole::Clerk), Permission::Office | Permission::Unit(_)) => true,
            (Some(AccountRole::UnitClerk), Permission::Unit(u)) => self.units.contains(&u),
            _ => false,
        }
    }

    /// Whether the actor may change anything at all.
    pub fn can_write(&self) -> bool {
        matches!(self.role, Some(AccountRole::Admin | AccountRole::Clerk | AccountRole::UnitClerk))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Option<AccountRole>, units: Vec<i64>) -> Actor {
        Actor { account: "x".into(), role, units }
    }

    #[test]
    fn each_role_may_do_its_own_work() {
        use AccountRole::*;
        let cases = [
            (actor(Some(Admin), vec![]), [true, true, true, true]),
            (actor(Some(Clerk), vec![]), [true, true, true, false]),
            (actor(Some(UnitClerk), vec![7]), [false, true, false, false]),
            (actor(Some(Leader), vec![]), [false, false, false, false]),
            (actor(None, vec![]), [false, false, false, false]),
        ];
        for (a, [office, own_unit, other_unit, admin]) in cases {
            assert_eq!(a.allows(Permission::Office), office, "{a:?}");
            assert_eq!(a.allows(Permission::Unit(7)), own_unit, "{a:?}");
            assert_eq!(a.allows(Permission::Unit(8)), other_unit, "{a:?}");
            assert_eq!(a.allows(Permission::Admin), admin, "{a:?}");
        }
    }
}
