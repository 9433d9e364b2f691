//! Assignment of an item to handling units, and the invariants of DOMAIN.md step 2:
//! exactly one lead unit, or two or more split units, never both; any number of
//! co-handling units; a unit appears once per item.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::coded_enum! {
    /// A unit's role on one item.
    pub enum Role {
        /// 主办 (牵头): owns the item and writes the one final reply.
        Lead = ("lead", "主办", "Lead"),
        /// 分办: handles its part and replies directly.
        Split = ("split", "分办", "Split"),
        /// 会办 (协办): sends its opinion to the lead unit.
        CoHandling = ("co_handling", "会办", "Co-handling"),
    }
}

impl Role {
    /// Whether this role writes a reply to the proposer (lead and split do; co-handling never).
    pub fn replies(self) -> bool {
        !matches!(self, Role::CoHandling)
    }
}

/// One unit's assignment on one item. Never deleted: re-assigning ends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: i64,
    pub item_id: i64,
    pub unit_id: i64,
    pub role: Role,
    pub assigned_on: NaiveDate,
    pub deadline: NaiveDate,
    /// Why the computed deadline was overridden, when it was.
    pub deadline_note: String,
    /// 签收 date.
    pub received_on: Option<NaiveDate>,
    /// Set when the assignment was ended (re-assigned, relieved, withdrawn).
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
}

/// Why a set of roles on one item is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    #[error("no lead or split unit")]
    NoHandler,
    #[error("more than one lead unit")]
    TwoLeads,
    #[error("a lead unit and split units together")]
    LeadAndSplit,
    #[error("only one split unit")]
    LoneSplit,
    #[error("a unit appears twice")]
    DuplicateUnit(i64),
}

impl RoleError {
    /// The message a clerk reads.
    pub fn message(&self, lang: crate::text::Lang) -> String {
        use crate::text::T;
        let t = match self {
            RoleError::NoHandler => T::RoleNoHandler,
            RoleError::TwoLeads => T::RoleTwoLeads,
            RoleError::LeadAndSplit => T::RoleLeadAndSplit,
            RoleError::LoneSplit => T::RoleLoneSplit,
            RoleError::DuplicateUnit(_) => T::RoleDuplicateUnit,
        };
        t.get(lang).to_string()
    }
}

/// Checks the invariants over the (unit, role) pairs of an item's active assignments.
pub fn check_roles(pairs: &[(i64, Role)]) -> Result<(), RoleError> {
    let mut seen = std::collections::HashSet::new();
    for (unit, _) in pairs {
        if !seen.insert(*unit) {
            return Err(RoleError::DuplicateUnit(*unit));
        }
    }
    let leads = pairs.iter().filter(|(_, r)| *r == Role::Lead).count();
    let splits = pairs.iter().filter(|(_, r)| *r == Role::Split).count();
    match (leads, splits) {
        (0, 0) => Err(RoleError::NoHandler),
        (l, s) if l > 0 && s > 0 => Err(RoleError::LeadAndSplit),
        (l, _) if l > 1 => Err(RoleError::TwoLeads),
        (0, 1) => Err(RoleError::LoneSplit),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    #[test]
    fn one_lead_with_co_handlers_is_fine() {
        assert_eq!(check_roles(&[(1, Lead), (2, CoHandling), (3, CoHandling)]), Ok(()));
    }

    #[test]
    fn two_or_more_split_units_are_fine() {
        assert_eq!(check_roles(&[(1, Split), (2, Split)]), Ok(()));
        assert_eq!(check_roles(&[(1, Split), (2, Split), (3, Split), (4, CoHandling)]), Ok(()));
    }

    #[test]
    fn invalid_combinations_are_refused() {
        assert_eq!(check_roles(&[]), Err(RoleError::NoHandler));
        assert_eq!(check_roles(&[(1, CoHandling)]), Err(RoleError::NoHandler));
        assert_eq!(check_roles(&[(1, Lead), (2, Lead)]), Err(RoleError::TwoLeads));
        assert_eq!(check_roles(&[(1, Lead), (2, Split)]), Err(RoleError::LeadAndSplit));
        assert_eq!(check_roles(&[(1, Split)]), Err(RoleError::LoneSplit));
        assert_eq!(check_roles(&[(1, Lead), (1, CoHandling)]), Err(RoleError::DuplicateUnit(1)));
    }

    #[test]
    fn co_handlers_never_reply() {
        assert!(Lead.replies() && Split.replies() && !CoHandling.replies());
    }
}
