//! What the index is built from: plain values the store loads (`Store::search_docs`).
use crate::domain::{Body, Kind, Status};
use chrono::NaiveDate;

/// One item as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDoc {
    pub id: i64,
    /// The item's `version`: a changed version means the index entry is stale.
    pub version: i64,
    pub kind: Kind,
    /// 编号 as written (25, 0123, 第25号).
    pub number: String,
    /// The normalised number (`domain::item::normalize_number`).
    pub number_key: String,
    pub title: String,
    /// The title's pinyin key as stored, without its tag; `None` to compute it.
    pub title_key: Option<String>,
    /// Proposer person ids, the lead (领衔) first.
    pub proposers: Vec<i64>,
    /// Unit ids with an active assignment, lead and split units first.
    pub units: Vec<i64>,
    pub meeting_id: i64,
    pub topic: String,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    /// 主办 / 分办 units as the ledger shows them.
    pub units_label: String,
}

/// An item's own fields, borrowed (from a row being read, or an [`ItemDoc`]).
#[derive(Debug, Clone, Copy)]
pub struct ItemFields<'a> {
    pub id: i64,
    pub version: i64,
    pub kind: Kind,
    pub number: &'a str,
    pub number_key: &'a str,
    pub title: &'a str,
    pub title_key: Option<&'a str>,
    pub meeting_id: i64,
    pub topic: &'a str,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub units_label: &'a str,
}

impl ItemDoc {
    /// The item's own fields, borrowed.
    pub fn fields(&self) -> ItemFields<'_> {
        ItemFields {
            id: self.id,
            version: self.version,
            kind: self.kind,
            number: &self.number,
            number_key: &self.number_key,
            title: &self.title,
            title_key: self.title_key.as_deref(),
            meeting_id: self.meeting_id,
            topic: &self.topic,
            status: self.status,
            due_on: self.due_on,
            units_label: &self.units_label,
        }
    }
}

/// A deputy, member or collective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDoc {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub body: Body,
    /// 代表团 or 界别.
    pub delegation: String,
    /// The name's pinyin key as stored, without its tag; `None` to compute it.
    pub key: Option<String>,
}

/// A person's fields, borrowed (from a row being read, or a [`PersonDoc`]).
#[derive(Debug, Clone, Copy)]
pub struct PersonFields<'a> {
    pub id: i64,
    pub version: i64,
    pub name: &'a str,
    pub body: Body,
    pub delegation: &'a str,
    pub key: Option<&'a str>,
}

impl PersonDoc {
    /// The person's fields, borrowed.
    pub fn fields(&self) -> PersonFields<'_> {
        PersonFields {
            id: self.id,
            version: self.version,
            name: &self.name,
            body: self.body,
            delegation: &self.delegation,
            key: self.key.as_deref(),
        }
    }
}

impl PersonFields<'_> {
    /// An owned copy.
    pub fn to_doc(&self) -> PersonDoc {
        PersonDoc {
            id: self.id,
            version: self.version,
            name: self.name.to_string(),
            body: self.body,
            delegation: self.delegation.to_string(),
            key: self.key.map(str::to_string),
        }
    }
}

/// A handling unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDoc {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub short_name: String,
    /// The keys of name and short name as stored (see [`unit_keys`]); `None` to compute them.
    pub key: Option<String>,
}

/// A unit's fields, borrowed (from a row being read, or a [`UnitDoc`]).
#[derive(Debug, Clone, Copy)]
pub struct UnitFields<'a> {
    pub id: i64,
    pub version: i64,
    pub name: &'a str,
    pub short_name: &'a str,
    pub key: Option<&'a str>,
}

impl UnitDoc {
    /// The unit's fields, borrowed.
    pub fn fields(&self) -> UnitFields<'_> {
        UnitFields {
            id: self.id,
            version: self.version,
            name: &self.name,
            short_name: &self.short_name,
            key: self.key.as_deref(),
        }
    }
}

impl UnitFields<'_> {
    /// An owned copy.
    pub fn to_doc(&self) -> UnitDoc {
        UnitDoc {
            id: self.id,
            version: self.version,
            name: self.name.to_string(),
            short_name: self.short_name.to_string(),
            key: self.key.map(str::to_string),
        }
    }
}

/// A meeting (届次会议), matched through its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDoc {
    pub id: i64,
    pub name: String,
}

/// Everything the index is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDocs {
    pub items: Vec<ItemDoc>,
    pub people: Vec<PersonDoc>,
    pub units: Vec<UnitDoc>,
    pub meetings: Vec<MeetingDoc>,
}

/// The stored form of a unit's keys: the name's key and the short name's, separated by
/// `|` (keys hold only letters, digits and spaces).
pub fn unit_keys(name: &str, short_name: &str) -> String {
    format!("{}|{}", super::pinyin_keys::key(name), super::pinyin_keys::key(short_name))
}

/// Splits [`unit_keys`] back into (name key, short name key).
pub fn split_unit_keys(keys: &str) -> Option<(&str, &str)> {
    keys.split_once('|')
}
