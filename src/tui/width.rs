//! Cutting, padding and wrapping text by display width: a Chinese character is two
//! cells, and a cut never falls in the middle of one.
use unicode_width::UnicodeWidthChar;

/// The display width of one character; control characters are shown as a space.
fn char_width(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// The display width of `s` as [`fit`] draws it.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Characters as drawn: line breaks and tabs become spaces.
fn clean(c: char) -> char {
    if c.is_control() {
        ' '
    } else {
        c
    }
}

/// `s` cut to at most `w` cells, ending with `ellipsis` when something was cut off.
pub fn cut(s: &str, w: usize, ellipsis: &str) -> String {
    if width(s) <= w {
        return s.chars().map(clean).collect();
    }
    let ew = width(ellipsis);
    if w < ew {
        return " ".repeat(w);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if used + cw > w - ew {
            break;
        }
        out.push(clean(c));
        used += cw;
    }
    out.push_str(ellipsis);
    out
}

/// `s` cut to `w` cells and padded with spaces to exactly `w` cells.
pub fn fit(s: &str, w: usize, ellipsis: &str) -> String {
    let mut out = cut(s, w, ellipsis);
    let pad = w.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// `s` cut and padded to exactly `w` cells as [`fit`] does, in runs of characters that are
/// marked or not: `marked` holds character (not byte, not cell) indices, ascending, as a
/// search result's highlight positions do. A cut never splits a two-cell character, so a
/// highlight stays on the character it belongs to.
pub fn fit_marked(s: &str, w: usize, ellipsis: &str, marked: &[usize]) -> Vec<(String, bool)> {
    let fits = width(s) <= w;
    let ew = width(ellipsis);
    if !fits && w < ew {
        return vec![(" ".repeat(w), false)];
    }
    let room = if fits { w } else { w - ew };
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |c: char, hit: bool| match runs.last_mut() {
        Some((text, h)) if *h == hit => text.push(c),
        _ => runs.push((c.to_string(), hit)),
    };
    let mut used = 0;
    let mut next = marked.iter().copied().peekable();
    for (i, c) in s.chars().enumerate() {
        let cw = char_width(c);
        if used + cw > room {
            break;
        }
        while next.peek().is_some_and(|&m| m < i) {
            next.next();
        }
        push(clean(c), next.peek() == Some(&i));
        used += cw;
    }
    let mut tail = String::new();
    if !fits {
        tail.push_str(ellipsis);
        used += ew;
    }
    tail.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    if !tail.is_empty() {
        match runs.last_mut() {
            Some((text, false)) => text.push_str(&tail),
            _ => runs.push((tail, false)),
        }
    }
    runs
}

/// `s` cut and padded on the left to exactly `w` cells (numbers, right-aligned).
pub fn fit_right(s: &str, w: usize, ellipsis: &str) -> String {
    let cut = cut(s, w, ellipsis);
    let pad = w.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(pad))
}

/// `s` cut from the left to at most `w` cells (a path whose end matters most).
pub fn cut_left(s: &str, w: usize, ellipsis: &str) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let ew = width(ellipsis);
    if w < ew {
        return " ".repeat(w);
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let cw = char_width(c);
        if used + cw > w - ew {
            break;
        }
        tail.push(clean(c));
        used += cw;
    }
    let mut out = ellipsis.to_string();
    out.extend(tail.into_iter().rev());
    out
}

/// Where a line of text may break to fit `w` cells: byte ranges covering `line`, in order.
/// Breaks follow the Unicode line-breaking rules (UAX #14, through textwrap), so no row starts
/// with ，。、;：！？ or a closing quote, and none ends with an opening one; a run of Latin
/// letters or digits moves whole to the next row when it can; a run longer than a row breaks
/// between characters. A row's trailing spaces may overhang `w` (they are trimmed when shown).
pub fn break_ranges(line: &str, w: usize) -> Vec<(usize, usize)> {
    let w = w.max(2);
    let mut rows = Vec::new();
    let (mut start, mut used) = (0usize, 0usize);
    for (at, word, space) in break_units(line) {
        let ww = width(word);
        if used > 0 && used + ww > w {
            rows.push((start, at));
            start = at;
            used = 0;
        }
        if ww > w {
            for (i, c) in word.char_indices() {
                let cw = char_width(c);
                if used > 0 && used + cw > w {
                    let cut = char_cut(line, start, at + i);
                    rows.push((start, cut));
                    used = width(&line[cut..at + i]);
                    start = cut;
                }
                used += cw;
            }
        } else {
            used += ww;
        }
        used += width(space);
    }
    rows.push((start, line.len()));
    rows
}

/// Where to cut a run that is wider than a row, at or before byte `at`: never after an
/// opening quote or before closing punctuation (the character before goes along).
fn char_cut(line: &str, start: usize, at: usize) -> usize {
    let before = line[start..at].chars().next_back();
    let after = line[at..].chars().next();
    let bad = before.is_some_and(|c| OPENING.contains(&c)) || after.is_some_and(|c| CLOSING.contains(&c));
    match before {
        Some(c) if bad && at - c.len_utf8() > start => at - c.len_utf8(),
        _ => at,
    }
}

/// Punctuation a row never starts with.
const CLOSING: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '”', '’', '）', ')', '》', '〉', '」', '』', '】', '〕', '］', '｝', ',',
    '.', ';', ':', '!', '?',
];

/// Opening brackets and quotes: a row never ends with one (UAX #14 allows a break after “
/// between Chinese characters; Chinese typesetting does not).
const OPENING: &[char] = &['“', '‘', '（', '(', '《', '〈', '「', '『', '【', '〔', '［', '｛'];

/// The pieces of `line` between break opportunities: (byte offset, word, trailing spaces).
fn break_units(line: &str) -> Vec<(usize, &str, &str)> {
    let base = line.as_ptr() as usize;
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for word in textwrap::WordSeparator::UnicodeBreakProperties.find_words(line) {
        let at = (word.word.as_ptr() as usize).saturating_sub(base);
        let end = at + word.word.len();
        let space_end = end + word.whitespace.len();
        match out.last_mut() {
            // Glue a piece that ends with an opening quote to the piece after it.
            Some(prev) if prev.1 == prev.2 && line[..prev.1].ends_with(OPENING) => {
                prev.1 = end;
                prev.2 = space_end;
            }
            _ => out.push((at, end, space_end)),
        }
    }
    out.into_iter().map(|(a, e, s)| (a, &line[a..e], &line[e..s])).collect()
}

/// Wraps `text` into lines of at most `w` cells, breaking where Chinese and Latin
/// typesetting allow (see [`break_ranges`]); `\n` starts a new line.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        for (a, b) in break_ranges(para, w) {
            out.push(para[a..b].chars().map(clean).collect::<String>().trim_end().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_chinese_by_cells_never_in_half() {
        assert_eq!(cut("关于加快老旧小区改造的提案", 9, "…"), "关于加快…");
        assert_eq!(width(&cut("关于加快老旧小区改造的提案", 9, "…")), 9);
        assert_eq!(cut("关于加快老旧小区改造的提案", 10, "…"), "关于加快…");
        assert_eq!(fit("关于加快老旧小区改造的提案", 10, "…"), "关于加快… ");
        assert_eq!(fit("建", 4, "…"), "建  ");
        assert_eq!(fit("abc", 3, "…"), "abc");
        assert_eq!(fit("abcd", 3, "…"), "ab…");
        assert_eq!(fit("ab\ncd", 5, "…"), "ab cd");
        assert_eq!(fit_right("25", 4, "…"), "  25");
        for w in 0..30 {
            let s = fit("区住建局、区财政局、区教体局 A", w, "~");
            assert_eq!(width(&s), w, "{w}");
        }
    }

    #[test]
    fn marked_runs_follow_characters_not_bytes_or_cells() {
        let runs = fit_marked("关于加快老旧小区改造的提案", 12, "…", &[4, 5, 6, 7]);
        assert_eq!(runs, vec![("关于加快".to_string(), false), ("老".to_string(), true), ("… ".to_string(), false)]);
        let runs = fit_marked("第25号 老旧", 14, "…", &[1, 2, 5]);
        let text: String = runs.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(width(&text), 14);
        let marked: Vec<&str> = runs.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert_eq!(marked, vec!["25", "老"]);
        for w in 0..20 {
            let runs = fit_marked("区住建局、区财政局 A", w, "~", &[1, 2, 10]);
            assert_eq!(runs.iter().map(|r| width(&r.0)).sum::<usize>(), w, "{w}");
        }
    }

    #[test]
    fn cuts_paths_from_the_left() {
        assert_eq!(cut_left("/srv/banli/office.db", 10, "…"), "…office.db");
        assert_eq!(cut_left("/a.db", 10, "…"), "/a.db");
    }

    #[test]
    fn wraps_by_width() {
        assert_eq!(wrap("老旧小区改造", 4), vec!["老旧", "小区", "改造"]);
        assert_eq!(wrap("老旧小区改造", 5), vec!["老旧", "小区", "改造"]);
        assert_eq!(wrap("the quick brown fox", 10), vec!["the quick", "brown fox"]);
        assert_eq!(wrap("一\n\n二", 10), vec!["一", "", "二"]);
        for line in wrap("关于进一步加强中小学生心理健康教育 and mental health of pupils 的建议", 11)
        {
            assert!(width(&line) <= 11, "{line}");
        }
    }

    #[test]
    fn no_line_starts_with_chinese_closing_punctuation() {
        let text = "关于加快老旧小区改造，完善配套设施。建议：一、加大投入；二、“统筹”推进！";
        for w in 4..30 {
            let lines = wrap(text, w);
            assert_eq!(lines.concat(), text, "{w}");
            for (i, l) in lines.iter().enumerate() {
                assert!(width(l) <= w, "{w}: {l}");
                let first = l.chars().next();
                assert!(!matches!(first, Some('，' | '。' | '、' | '；' | '：' | '！' | '”')), "{w}: line {i} {l}");
                assert!(!l.ends_with('“'), "{w}: line {i} ends with an opening quote: {l}");
            }
        }
        // The comma stays with the character before it.
        assert_eq!(wrap("改造，完善", 4), vec!["改", "造，", "完善"]);
    }
}
