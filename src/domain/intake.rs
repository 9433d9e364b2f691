//! Intake (DOMAIN.md step 1): item numbers from the meeting's pattern, the title's shape,
//! and the office's filing decisions.
use super::Kind;

/// Formats the `seq`th number with a pattern from rules.toml: `{seq}` or `{seq:0N}`.
pub fn format_number(pattern: &str, seq: u32) -> String {
    if let Some(start) = pattern.find("{seq") {
        if let Some(len) = pattern[start..].find('}') {
            let spec = &pattern[start + 4..start + len];
            let width = spec.strip_prefix(":0").and_then(|w| w.parse::<usize>().ok()).unwrap_or(0);
            return format!("{}{:0width$}{}", &pattern[..start], seq, &pattern[start + len + 1..], width = width);
        }
    }
    format!("{pattern}{seq}")
}

/// Whether a title has the usual shape "关于……的建议" (or 提案); a mismatch is a warning.
pub fn title_fits(kind: Kind, title: &str) -> bool {
    let t = title.trim();
    let tail = match kind {
        Kind::Suggestion => ["的建议", "的意见", "的批评"].iter().any(|s| t.ends_with(s)),
        Kind::Proposal => t.ends_with("的提案"),
    };
    t.starts_with("关于") && tail && t.chars().count() > 6
}

crate::coded_enum! {
    /// The office's filing decision (立案审查).
    pub enum FilingDecision {
        File = ("file", "立案", "File"),
        NotFile = ("not_file", "不予立案", "Do not file"),
        Opinion = ("opinion", "转为意见", "Turn into an opinion letter"),
        Merge = ("merge", "并案", "Merge into another item"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_pattern() {
        assert_eq!(format_number("{seq}", 25), "25");
        assert_eq!(format_number("{seq:03}", 25), "025");
        assert_eq!(format_number("{seq:04}", 7), "0007");
        assert_eq!(format_number("提{seq:03}号", 7), "提007号");
    }

    #[test]
    fn titles_are_checked_for_shape() {
        assert!(title_fits(Kind::Proposal, "关于加快老旧小区改造的提案"));
        assert!(!title_fits(Kind::Proposal, "关于加快老旧小区改造的建议"));
        assert!(title_fits(Kind::Suggestion, "关于优化营商环境的建议"));
        assert!(!title_fits(Kind::Suggestion, "优化营商环境"));
    }
}
