//! Reading a meeting's name as offices write it: 区政协十五届二次会议, 市十八届人大一次会议,
//! 县十一届政协三次会议, 第十五届区政协第二次会议, 区人民代表大会十八届一次会议.
use crate::domain::Body;

/// What a meeting's name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingName {
    pub body: Body,
    /// 区 / 县 / 市 / 省…, whatever comes before the body and the term.
    pub level: String,
    pub term: u32,
    pub session: u32,
}

/// Parses a meeting name; `None` when it does not name a body, a term (届) and a session (次).
pub fn parse_meeting_name(name: &str) -> Option<MeetingName> {
    let s: String = super::normalize_text(name).chars().filter(|c| !c.is_whitespace()).collect();
    let (body, body_at) =
        [("政治协商会议", Body::Cppcc), ("政协", Body::Cppcc), ("人民代表大会", Body::Npc), ("人大", Body::Npc)]
            .iter()
            .find_map(|(w, b)| s.find(w).map(|i| (*b, i)))?;
    let term_end = s.find('届')?;
    let term = number_before(&s[..term_end])?;
    let session_end = s[term_end..].find('次').map(|i| i + term_end)?;
    let session = number_before(&s[..session_end])?;
    // The level is what precedes the first of: the body word, 第, the term's numeral.
    let term_start = term_end - numeral_len(&s[..term_end]);
    let mut cut = body_at.min(term_start);
    if let Some(i) = s.find('第') {
        cut = cut.min(i);
    }
    let level: String = s[..cut].to_string();
    // "第十五届区政协": the level sits between the term and the body.
    let level = if level.is_empty() && body_at > term_end {
        s[term_end + '届'.len_utf8()..body_at].to_string()
    } else {
        level
    };
    (term > 0 && session > 0).then_some(MeetingName { body, level, term, session })
}

/// Byte length of the numeral (Chinese or ASCII digits) that ends `s`.
fn numeral_len(s: &str) -> usize {
    s.chars().rev().take_while(|c| c.is_ascii_digit() || chinese_digit(*c).is_some()).map(char::len_utf8).sum()
}

/// The number written just before the end of `s`: 十五, 二十一, 3, 15.
fn number_before(s: &str) -> Option<u32> {
    let n = numeral_len(s);
    let digits = &s[s.len() - n..];
    if digits.is_empty() {
        return None;
    }
    if digits.chars().all(|c| c.is_ascii_digit()) {
        return digits.parse().ok();
    }
    chinese_number(digits)
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// 一 … 九十九.
fn chinese_number(s: &str) -> Option<u32> {
    let v: Vec<u32> = s.chars().map(chinese_digit).collect::<Option<_>>()?;
    match v.as_slice() {
        [d] => Some(*d),
        [10, d] => Some(10 + d),
        [t, 10] if *t < 10 => Some(t * 10),
        [t, 10, d] if *t < 10 && *d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(body: Body, level: &str, term: u32, session: u32) -> Option<MeetingName> {
        Some(MeetingName { body, level: level.into(), term, session })
    }

    #[test]
    fn the_usual_spellings() {
        assert_eq!(parse_meeting_name("区政协十五届二次会议"), m(Body::Cppcc, "区", 15, 2));
        assert_eq!(parse_meeting_name("市十八届人大一次会议"), m(Body::Npc, "市", 18, 1));
        assert_eq!(parse_meeting_name("县十一届政协三次会议"), m(Body::Cppcc, "县", 11, 3));
        assert_eq!(parse_meeting_name("第十五届区政协第二次会议"), m(Body::Cppcc, "区", 15, 2));
        assert_eq!(parse_meeting_name("济南市章丘区人民代表大会二十一届四次会议"), m(Body::Npc, "济南市章丘区", 21, 4));
        assert_eq!(parse_meeting_name("区政协15届2次会议"), m(Body::Cppcc, "区", 15, 2));
    }

    #[test]
    fn names_without_term_or_body_are_refused() {
        assert_eq!(parse_meeting_name("2026年提案"), None);
        assert_eq!(parse_meeting_name("区政协二次会议"), None);
        assert_eq!(parse_meeting_name("区十五届二次会议"), None);
    }
}
