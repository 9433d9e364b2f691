//! Finding the meeting a list belongs to when it has no 届次 column: offices write it in
//! the merged title row ("2024年区政协十五届三次会议提案交办清单"), in the sheet's name or
//! in the file's name. Looked for in that order; the dry run says where it was found.
use super::import::MeetingSource;
use super::meeting_name::parse_meeting_name;
use super::sheet::Sheet;

/// The meeting named above the header (rows before `header_index`), else in the sheet's
/// name (a workbook's), else in the file's name.
pub fn meeting_outside_table(sheet: &Sheet, header_index: usize) -> Option<(String, MeetingSource)> {
    for row in &sheet.rows[..header_index.min(sheet.rows.len())] {
        for cell in &row.cells {
            if let Some(m) = meeting_in(&cell.text()) {
                return Some((m, MeetingSource::TitleRow(row.number)));
            }
        }
    }
    if sheet.encoding.is_none() {
        if let Some(m) = meeting_in(&sheet.name) {
            return Some((m, MeetingSource::SheetName));
        }
    }
    let stem = sheet.file.rsplit_once('.').map(|(a, _)| a).unwrap_or(&sheet.file);
    meeting_in(stem).map(|m| (m, MeetingSource::FileName))
}

/// The meeting's name inside a longer text: from the level before the body or term (区,
/// 市十八届…) to the 会议 after the session (次), when [`parse_meeting_name`] reads it.
pub fn meeting_in(text: &str) -> Option<String> {
    let s: String = super::normalize_text(text).chars().filter(|c| !c.is_whitespace()).collect();
    let mut from = 0;
    while let Some(at) = s[from..].find("会议").map(|i| i + from) {
        let end = at + "会议".len();
        // "政治协商会议" is the body, not the session's 会议.
        if s[..end].ends_with("政治协商会议") {
            from = end;
            continue;
        }
        let head = &s[..end];
        if let Some(start) = name_start(head) {
            let name = &head[start..];
            if parse_meeting_name(name).is_some() {
                return Some(name.to_string());
            }
        }
        from = end;
    }
    None
}

/// Where the meeting's name ending `head` starts: before the body word, the term (…届) or
/// 第, stepping back over a short level (区, 市, 海淀区) but not over a year (2024年) or
/// words like 关于 and 印发.
fn name_start(head: &str) -> Option<usize> {
    let term = head.rfind('届')?;
    let numeral = head[..term]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || "〇零一二两三四五六七八九十".contains(*c))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(term);
    let mut cut = numeral;
    for w in ["政治协商会议", "人民代表大会", "政协", "人大"] {
        if let Some(i) = head[..term].rfind(w) {
            cut = cut.min(i);
        }
    }
    if let Some(i) = head[..cut].rfind('第').filter(|i| head[*i..cut].chars().count() <= 1) {
        cut = i;
    }
    // The level: up to four characters back, stopping at a year, a bracket, quote or word
    // that ends a phrase before it.
    let mut start = cut;
    for (i, c) in head[..cut].char_indices().rev().take(4) {
        if c.is_ascii_digit() || "年于发的《》“”\"()（）【】〔〕,，、:：".contains(c) {
            break;
        }
        start = i;
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_inside_titles_and_names() {
        for (text, want) in [
            ("2024年区政协十五届三次会议提案交办清单", Some("区政协十五届三次会议")),
            ("２０２５年市十八届人大一次会议代表建议交办表", Some("市十八届人大一次会议")),
            ("关于印发区政协十五届二次会议提案的通知", Some("区政协十五届二次会议")),
            ("第十五届区政协第二次会议提案", Some("第十五届区政协第二次会议")),
            ("提案交办清单", None),
            ("2024年工作会议", None),
        ] {
            assert_eq!(meeting_in(text).as_deref(), want, "{text}");
        }
    }
}
