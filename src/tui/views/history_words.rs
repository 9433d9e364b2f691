//! The history's words: audit actions and field names as a clerk says them (交办, 签收, …),
//! in the UI language. Actions are [`AuditAction`]'s labels; a field not listed falls back
//! to its code.
use crate::domain::{Filing, Kind, Role, Status, Timing};
use crate::store::detail::ITEM_KEYS;
use crate::store::AuditAction;
use crate::text::Lang;
use serde_json::Value;

/// Field code → (中文, English).
const FIELDS: &[(&str, &str, &str)] = &[
    ("number", "编号", "number"),
    ("title", "标题", "title"),
    ("body_text", "正文", "text"),
    ("topic", "分类", "topic"),
    ("filed_on", "提出日期", "filed on"),
    ("timing", "提出时间", "timing"),
    ("key", "重点件", "key item"),
    ("leader", "分管领导", "leader in charge"),
    ("proposers", "提出人", "proposers"),
    ("meeting_id", "会议", "meeting"),
    ("kind", "类别", "kind"),
    ("filing", "立案", "filing"),
    ("status", "状态", "status"),
    ("ground", "不予立案理由", "ground"),
    ("note", "备注", "note"),
    ("on", "日期", "date"),
    ("opinion_unit", "转送单位", "opinion sent to"),
    ("merged_into", "并入", "merged into"),
    ("from", "来自", "from"),
    ("unit_id", "单位", "unit"),
    ("role", "角色", "role"),
    ("reason", "理由", "reason"),
    ("decision", "决定", "decision"),
];

fn pick(table: &[(&str, &'static str, &'static str)], code: &str, lang: Lang) -> Option<&'static str> {
    table.iter().find(|(c, _, _)| *c == code).map(|(_, zh, en)| match lang {
        Lang::Zh => *zh,
        Lang::En => *en,
    })
}

/// The action as a clerk's word; a review says whether it approved or returned.
pub fn action(action: AuditAction, after: Option<&str>, lang: Lang) -> String {
    if action == AuditAction::ReviewReply {
        let decision = after
            .and_then(|a| serde_json::from_str::<Value>(a).ok())
            .and_then(|v| v.get("decision").and_then(Value::as_str).map(str::to_string));
        match (decision.as_deref(), lang) {
            (Some("approved"), Lang::Zh) => return "审核通过".into(),
            (Some("approved"), Lang::En) => return "Review: approved".into(),
            (Some("returned"), Lang::Zh) => return "退回重办".into(),
            (Some("returned"), Lang::En) => return "Returned for redoing".into(),
            _ => {}
        }
    }
    action.label(lang).to_string()
}

/// A field's name; unknown fields show their code.
pub fn field(code: &str, lang: Lang) -> String {
    pick(FIELDS, code, lang).map(str::to_string).unwrap_or_else(|| code.to_string())
}

/// A field's value in words, where the domain has a label for it ("merged" → 已并入).
/// Item references (already the item's number) read "第209号".
pub fn value(field: &str, v: &Value, lang: Lang) -> Option<String> {
    let s = v.as_str();
    match field {
        _ if ITEM_KEYS.contains(&field) => s.map(|n| crate::text::T::NumberLabel.get(lang).replace("{n}", n)),
        "filing" => s.and_then(Filing::parse).map(|f| f.label(lang).to_string()),
        "status" => s.and_then(Status::parse).map(|x| x.label(lang).to_string()),
        "timing" => s.and_then(Timing::parse).map(|x| x.label(lang).to_string()),
        "kind" => s.and_then(Kind::parse).map(|x| x.label(lang).to_string()),
        "role" => s.and_then(Role::parse).map(|x| x.label(lang).to_string()),
        "key" => v.as_bool().map(|b| {
            match (b, lang) {
                (true, Lang::Zh) => "是",
                (false, Lang::Zh) => "否",
                (true, Lang::En) => "yes",
                (false, Lang::En) => "no",
            }
            .to_string()
        }),
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
