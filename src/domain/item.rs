//! Meetings, items and proposers.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::coded_enum! {
    /// 人大 or 政协.
    pub enum Body {
        Npc = ("npc", "人大", "NPC"),
        Cppcc = ("cppcc", "政协", "CPPCC"),
    }
}

crate::coded_enum! {
    /// What a deputy files (建议) or what a member files (提案).
    pub enum Kind {
        Suggestion = ("suggestion", "建议", "Suggestion"),
        Proposal = ("proposal", "提案", "Proposal"),
    }
}

impl Body {
    /// The kind of item this body's members file.
    pub fn kind(self) -> Kind {
        match self {
            Body::Npc => Kind::Suggestion,
            Body::Cppcc => Kind::Proposal,
        }
    }
}

impl Kind {
    /// The one-character tag of the ledger's 类 column: 建 or 提.
    pub fn tag(self, lang: crate::text::Lang) -> &'static str {
        match (self, lang) {
            (Kind::Suggestion, crate::text::Lang::Zh) => "建",
            (Kind::Proposal, crate::text::Lang::Zh) => "提",
            (Kind::Suggestion, crate::text::Lang::En) => "S",
            (Kind::Proposal, crate::text::Lang::En) => "P",
        }
    }
}

crate::coded_enum! {
    /// Filed during the session (会议期间) or between sessions (闭会期间).
    pub enum Timing {
        During = ("during", "会议期间", "During session"),
        Between = ("between", "闭会期间", "Between sessions"),
    }
}

crate::coded_enum! {
    /// Where the item stands in filing review (立案).
    pub enum Filing {
        /// Received, waiting for the office's decision.
        Received = ("received", "待立案", "Received"),
        Filed = ("filed", "已立案", "Filed"),
        NotFiled = ("not_filed", "不予立案", "Not filed"),
        /// Turned into an opinion letter (转为意见).
        Opinion = ("opinion", "转为意见", "Opinion letter"),
        /// Merged into another item (并案).
        Merged = ("merged", "已并案", "Merged"),
        Withdrawn = ("withdrawn", "已撤回", "Withdrawn"),
    }
}

/// A plenary session (届次会议) items are filed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub body: Body,
    /// 区 / 县 / 市 / 省…
    pub level: String,
    /// 届
    pub term: u32,
    /// 次
    pub session: u32,
    pub year: i32,
    /// e.g. 区十八届人大一次会议
    pub name: String,
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub archived: bool,
}

impl Meeting {
    /// Whether a date falls within the session (from the opening to the closing day).
    pub fn timing_of(&self, date: NaiveDate) -> Timing {
        match (self.opened_on, self.closed_on) {
            (Some(a), Some(b)) if date >= a && date <= b => Timing::During,
            (Some(_), Some(_)) => Timing::Between,
            _ => Timing::During,
        }
    }
}

/// A person (deputy or member) or a collective (party, sector, committee) who files items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposer {
    pub id: i64,
    pub name: String,
    pub body: Body,
    /// A party, sector (界别) or special committee filing a collective proposal.
    pub collective: bool,
    /// 代表团 for a deputy, 界别 for a member.
    pub delegation: String,
    pub phone: String,
}

/// One suggestion or proposal (件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub meeting_id: i64,
    pub kind: Kind,
    /// 编号 as written by the office, e.g. "25" or "0123".
    pub number: String,
    pub title: String,
    pub body_text: String,
    pub topic: String,
    pub filed_on: NaiveDate,
    pub timing: Timing,
    /// 重点
    pub key: bool,
    /// 牵头领导 (leader in charge), empty when none.
    pub leader: String,
    pub filing: Filing,
    pub version: i64,
}

/// Normalises an item number for comparison: full-width digits to ASCII, leading
/// zeros and the 第…号 wrapper dropped ("第025号" → "25").
pub fn normalize_number(s: &str) -> String {
    let ascii: String = s
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '第' | '号' | '號' | ' ' => None,
            c => Some(c),
        })
        .collect();
    let trimmed = ascii.trim_start_matches('0');
    if trimmed.is_empty() && !ascii.is_empty() {
        "0".into()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_normalise() {
        assert_eq!(normalize_number("第025号"), "25");
        assert_eq!(normalize_number("０１２３"), "123");
        assert_eq!(normalize_number("0"), "0");
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for b in Body::ALL {
            assert_eq!(Body::parse(b.as_str()), Some(*b));
            assert_eq!(Body::parse(b.label(crate::text::Lang::Zh)), Some(*b));
        }
        assert_eq!(Body::Npc.kind(), Kind::Suggestion);
    }

    #[test]
    fn timing_follows_session_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = Meeting {
            id: 1,
            body: Body::Npc,
            level: "区".into(),
            term: 18,
            session: 1,
            year: 2026,
            name: "区十八届人大一次会议".into(),
            opened_on: Some(d("2026-01-10")),
            closed_on: Some(d("2026-01-13")),
            archived: false,
        };
        assert_eq!(m.timing_of(d("2026-01-12")), Timing::During);
        assert_eq!(m.timing_of(d("2026-03-01")), Timing::Between);
    }
}
