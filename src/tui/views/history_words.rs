//! The history's words: audit actions and field names as a clerk says them (交办, 签收, …),
//! in the UI language. Actions are [`AuditAction`]'s labels; a field not listed falls back
//! to its code.
use crate::domain::{Filing, Kind, Role, Status, Timing};
use crate::store::detail::ITEM_KEYS;
use crate::store::AuditAction;
use crate::text::{tr, Lang, T};
use serde_json::Value;

/// Field code → its name in the catalogue.
const FIELDS: &[(&str, T)] = &[
    ("number", T::HistNumber),
    ("title", T::HistTitle),
    ("body_text", T::HistBodyText),
    ("topic", T::HistTopic),
    ("filed_on", T::HistFiledOn),
    ("timing", T::HistTiming),
    ("key", T::HistKey),
    ("leader", T::HistLeader),
    ("proposers", T::HistProposers),
    ("meeting_id", T::HistMeeting),
    ("kind", T::HistKind),
    ("filing", T::HistFiling),
    ("status", T::HistStatus),
    ("ground", T::HistGround),
    ("note", T::HistNote),
    ("on", T::HistOn),
    ("opinion_unit", T::HistOpinionUnit),
    ("merged_into", T::HistMergedInto),
    ("from", T::HistFrom),
    ("unit_id", T::HistUnit),
    ("role", T::HistRole),
    ("reason", T::HistReason),
    ("decision", T::HistDecision),
];

/// The action as a clerk's word; a review says whether it approved or returned.
pub fn action(action: AuditAction, after: Option<&str>, lang: Lang) -> String {
    if action == AuditAction::ReviewReply {
        let decision = after
            .and_then(|a| serde_json::from_str::<Value>(a).ok())
            .and_then(|v| v.get("decision").and_then(Value::as_str).map(str::to_string));
        match decision.as_deref() {
            Some("approved") => return tr(lang, T::HistReviewApproved),
            Some("returned") => return tr(lang, T::HistReviewReturned),
            _ => {}
        }
    }
    action.label(lang).to_string()
}

/// A field's name; unknown fields show their code.
pub fn field(code: &str, lang: Lang) -> String {
    FIELDS.iter().find(|(c, _)| *c == code).map_or_else(|| code.to_string(), |(_, t)| tr(lang, *t))
}

/// A field's value in words, where the domain has a label for it ("merged" → 已并入).
/// Item references (already the item's number) read "第209号".
pub fn value(field: &str, v: &Value, lang: Lang) -> Option<String> {
    let s = v.as_str();
    match field {
        _ if ITEM_KEYS.contains(&field) => s.map(|n| T::NumberLabel.get(lang).replace("{n}", n)),
        "filing" => s.and_then(Filing::parse).map(|f| f.label(lang).to_string()),
        "status" => s.and_then(Status::parse).map(|x| x.label(lang).to_string()),
        "timing" => s.and_then(Timing::parse).map(|x| x.label(lang).to_string()),
        "kind" => s.and_then(Kind::parse).map(|x| x.label(lang).to_string()),
        "role" => s.and_then(Role::parse).map(|x| x.label(lang).to_string()),
        "key" => v.as_bool().map(|b| tr(lang, if b { T::HistYes } else { T::HistNo })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_fields_read_as_words() {
        assert_eq!(action(AuditAction::Assign, None, Lang::Zh), "交办");
        assert_eq!(action(AuditAction::Receive, None, Lang::En), "Receipt");
        assert_eq!(action(AuditAction::ReviewReply, Some(r#"{"decision":"returned"}"#), Lang::Zh), "退回重办");
        assert_eq!(action(AuditAction::ReviewReply, None, Lang::Zh), "审核");
        assert_eq!(field("filing", Lang::Zh), "立案");
        assert_eq!(field("odd", Lang::En), "odd");
        assert_eq!(value("merged_into", &Value::from("209"), Lang::Zh).as_deref(), Some("第209号"));
        assert_eq!(value("merged_into", &Value::from("209"), Lang::En).as_deref(), Some("No. 209"));
        assert_eq!(value("filing", &Value::from("merged"), Lang::Zh), Some(Filing::Merged.label(Lang::Zh).to_string()));
    }
}
