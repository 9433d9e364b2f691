//! The store's SQL is SQLite's; this rewrites one statement for PostgreSQL, once (the
//! session keeps the result prepared). What differs, and nothing else:
//!
//! | SQLite | PostgreSQL |
//! |---|---|
//! | `?1`, `?`, `:name` | `$1`, `$n`, `$k` (k: the name's place among the bound names) |
//! | `group_concat(x, sep …)` | `string_agg(x, sep …)` |
//! | `instr(a, b)`, `ifnull(a, b)` | `strpos(a, b)`, `coalesce(a, b)` |
//! | `max(a, b)`, `min(a, b)` (two or more arguments) | `greatest(a, b)`, `least(a, b)` |
//! | `x IS ?1`, `x IS NOT y` (null-safe equality) | `x IS NOT DISTINCT FROM $1`, `x IS DISTINCT FROM y` |
//! | `json_each(?1)` | `json_array_elements_text($1::json)` |
//! | `CAST(x AS INTEGER)` (0 for text without a number) | `banli_int(x)` (see `migrations_pg/001_init.sql`) |
//! | `(?2 IS NULL OR u = ?2)` | `(u = $2 OR $2 IS NULL)`: PostgreSQL types a parameter where it first meets it |
//! | `ORDER BY x`, `ORDER BY x DESC` (nulls first, last) | `ORDER BY x NULLS FIRST`, `x DESC NULLS LAST` |
//!
//! Text inside quotes is never touched.

/// The statement in PostgreSQL's dialect; `names` are the bound parameter names in order.
pub fn to_postgres(sql: &str, names: &[&str]) -> String {
    let mut tokens = tokenize(sql);
    cast_to_int(&mut tokens);
    let mut tokens = null_test_last(tokens);
    sqlite_null_order(&mut tokens);
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next_anon = 1;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match t {
            Tok::Param(None) => {
                out.push_str(&format!("${next_anon}"));
                next_anon += 1;
            }
            Tok::Param(Some(n)) => {
                out.push_str(&format!("${n}"));
                next_anon = n + 1;
            }
            Tok::Named(name) => match names.iter().position(|n| n.trim_start_matches(':') == *name) {
                Some(k) => out.push_str(&format!("${}", k + 1)),
                None => {
                    out.push(':');
                    out.push_str(name);
                }
            },
            Tok::Word(w) => {
                let lower = w.to_ascii_lowercase();
                let call = next_non_space(&tokens, i + 1).is_some_and(|j| tokens[j] == Tok::Other('('));
                match lower.as_str() {
                    "group_concat" if call => out.push_str("string_agg"),
                    "instr" if call => out.push_str("strpos"),
                    "ifnull" if call => out.push_str("coalesce"),
                    "max" | "min" if call && has_top_level_comma(&tokens, i) => {
                        out.push_str(if lower == "max" { "greatest" } else { "least" })
                    }
                    "json_each" if call => out.push_str("json_array_elements_text"),
                    "is" => {
                        let j = next_non_space(&tokens, i + 1);
                        let (not, k) = match j {
                            Some(j) if matches!(&tokens[j], Tok::Word(x) if x.eq_ignore_ascii_case("not")) => {
                                (true, next_non_space(&tokens, j + 1))
                            }
                            _ => (false, j),
                        };
                        let literal = |t: &Tok<'_>| ["null", "true", "false", "distinct"].iter().any(|w| is_word(t, w));
                        match k.map(|k| &tokens[k]) {
                            Some(t @ (Tok::Param(_) | Tok::Named(_) | Tok::Word(_))) if !literal(t) => {
                                out.push_str(if not { "IS DISTINCT FROM" } else { "IS NOT DISTINCT FROM" });
                                out.push(' ');
                                i = k.unwrap_or(i);
                                continue;
                            }
                            _ => out.push_str(w),
                        }
                    }
                    _ => out.push_str(w),
                }
            }
            Tok::Quoted(s) => out.push_str(s),
            Tok::Other(c) => out.push(*c),
            Tok::Text(s) => out.push_str(s),
        }
        // json_each's argument is text holding a JSON array.
        if matches!(t, Tok::Param(_) | Tok::Named(_)) && follows_json_each(&tokens, i) {
            out.push_str("::json");
        }
        i += 1;
    }
    out
}

/// How many parameters a statement takes (the highest `?N`, or the count of bare `?`).
pub fn param_count(sql: &str) -> usize {
    let mut anon = 0;
    let mut top = 0;
    for t in tokenize(sql) {
        match t {
            Tok::Param(Some(n)) => top = top.max(n),
            Tok::Param(None) => anon += 1,
            _ => {}
        }
    }
    top.max(anon)
}

#[derive(Debug, PartialEq, Clone)]
enum Tok<'a> {
    /// Text put in by a rewrite, copied as it is.
    Text(&'static str),
    Word(&'a str),
    Param(Option<usize>),
    Named(&'a str),
    Quoted(&'a str),
    Other(char),
}

fn tokenize(sql: &str) -> Vec<Tok<'_>> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\'' || c == b'"' {
            let mut j = i + 1;
            while j < b.len() {
                if b[j] == c {
                    if j + 1 < b.len() && b[j + 1] == c {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            let end = (j + 1).min(b.len());
            out.push(Tok::Quoted(&sql[i..end]));
            i = end;
        } else if c == b'?' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            out.push(Tok::Param(sql[i + 1..j].parse().ok()));
            i = j;
        } else if c == b':' && i + 1 < b.len() && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_') {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            out.push(Tok::Named(&sql[i + 1..j]));
            i = j;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            out.push(Tok::Word(&sql[i..j]));
            i = j;
        } else {
            let ch = sql[i..].chars().next().unwrap_or(' ');
            out.push(Tok::Other(ch));
            i += ch.len_utf8();
        }
    }
    out
}

fn is_word(t: &Tok<'_>, w: &str) -> bool {
    matches!(t, Tok::Word(x) if x.eq_ignore_ascii_case(w))
}

/// The index of the `)` closing the `(` at `open`.
fn closing(t: &[Tok<'_>], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, tok) in t.iter().enumerate().skip(open) {
        match tok {
            Tok::Other('(') => depth += 1,
            Tok::Other(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// `CAST(x AS INTEGER)` → `banli_int(x)`: SQLite reads the leading number of any text,
/// PostgreSQL refuses text that is not one.
fn cast_to_int(t: &mut [Tok<'_>]) {
    for i in 0..t.len() {
        if !is_word(&t[i], "cast") {
            continue;
        }
        let Some(open) = next_non_space(t, i + 1).filter(|&j| t[j] == Tok::Other('(')) else { continue };
        let Some(close) = closing(t, open) else { continue };
        let Some(ty) = prev_non_space(t, close) else { continue };
        let Some(as_) = prev_non_space(t, ty) else { continue };
        if is_word(&t[ty], "integer") && is_word(&t[as_], "as") {
            t[i] = Tok::Text("banli_int");
            t[as_] = Tok::Text("");
            t[ty] = Tok::Text("");
        }
    }
}

/// `(?N IS NULL OR rest)` → `(rest OR ?N IS NULL)`: the same test, but PostgreSQL meets the
/// parameter first where its type shows (`u.id = ?N`), not in `IS NULL`, which would make it text.
fn null_test_last(t: Vec<Tok<'_>>) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok<'_>> = Vec::with_capacity(t.len() + 8);
    let mut i = 0;
    while i < t.len() {
        if t[i] == Tok::Other('(') {
            let p = next_non_space(&t, i + 1);
            let is = p.and_then(|p| next_non_space(&t, p + 1));
            let null = is.and_then(|k| next_non_space(&t, k + 1));
            let or = null.and_then(|k| next_non_space(&t, k + 1));
            let fits = matches!(p.map(|p| &t[p]), Some(Tok::Param(Some(_)) | Tok::Named(_)))
                && is.is_some_and(|k| is_word(&t[k], "is"))
                && null.is_some_and(|k| is_word(&t[k], "null"))
                && or.is_some_and(|k| is_word(&t[k], "or"));
            if let (true, Some(p), Some(or), Some(close)) = (fits, p, or, closing(&t, i)) {
                out.push(Tok::Other('('));
                out.extend(null_test_last(t[or + 1..close].to_vec()));
                out.push(Tok::Text(" OR "));
                out.push(t[p].clone());
                out.push(Tok::Text(" IS NULL"));
                i = close;
                continue;
            }
        }
        out.push(t[i].clone());
        i += 1;
    }
    out
}

/// SQLite puts NULLs first in ascending order and last in descending order; PostgreSQL the
/// other way round. Each ORDER BY term gets SQLite's order said out loud.
fn sqlite_null_order(t: &mut Vec<Tok<'_>>) {
    let mut i = 0;
    while i < t.len() {
        let by = next_non_space(t, i + 1);
        if !(is_word(&t[i], "order") && by.is_some_and(|b| is_word(&t[b], "by"))) {
            i += 1;
            continue;
        }
        let mut j = by.unwrap_or(i) + 1;
        let mut depth = 0i32;
        let mut desc = false;
        let mut said = false;
        loop {
            let end = j >= t.len()
                || (depth == 0
                    && (matches!(t[j], Tok::Other(')') | Tok::Other(';'))
                        || ["limit", "offset", "union", "except", "intersect", "window", "for"]
                            .iter()
                            .any(|w| is_word(&t[j], w))));
            let comma = !end && depth == 0 && t[j] == Tok::Other(',');
            if end || comma {
                if !said {
                    let at = prev_non_space(t, j).map_or(j, |p| p + 1);
                    t.insert(at, Tok::Text(if desc { " NULLS LAST" } else { " NULLS FIRST" }));
                    j += 1;
                }
                if end {
                    break;
                }
                desc = false;
                said = false;
            } else {
                match &t[j] {
                    Tok::Other('(') => depth += 1,
                    Tok::Other(')') => depth -= 1,
                    w if depth == 0 && is_word(w, "desc") => desc = true,
                    w if depth == 0 && is_word(w, "nulls") => said = true,
                    _ => {}
                }
            }
            j += 1;
        }
        i = j;
    }
}

fn next_non_space(t: &[Tok<'_>], from: usize) -> Option<usize> {
    (from..t.len()).find(|&j| !matches!(t[j], Tok::Other(c) if c.is_whitespace()))
}

fn prev_non_space(t: &[Tok<'_>], before: usize) -> Option<usize> {
    (0..before).rev().find(|&j| !matches!(t[j], Tok::Other(c) if c.is_whitespace()))
}

/// Whether the call starting at word `i` has a comma at its own depth.
fn has_top_level_comma(t: &[Tok<'_>], i: usize) -> bool {
    let Some(open) = next_non_space(t, i + 1) else { return false };
    let mut depth = 0;
    for tok in &t[open..] {
        match tok {
            Tok::Other('(') => depth += 1,
            Tok::Other(')') => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            Tok::Other(',') if depth == 1 => return true,
            _ => {}
        }
    }
    false
}

/// Whether the parameter at `i` is the argument of `json_each(`.
fn follows_json_each(t: &[Tok<'_>], i: usize) -> bool {
    let Some(p) = prev_non_space(t, i) else { return false };
    if t[p] != Tok::Other('(') {
        return false;
    }
    prev_non_space(t, p).is_some_and(|w| matches!(t[w], Tok::Word(x) if x.eq_ignore_ascii_case("json_each")))
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn placeholders_functions_and_quotes() {
        assert_eq!(
            to_postgres("SELECT a FROM t WHERE x = ?1 AND y = ?2", &[]),
            "SELECT a FROM t WHERE x = $1 AND y = $2"
        );
        assert_eq!(to_postgres("INSERT INTO t VALUES (?, ?)", &[]), "INSERT INTO t VALUES ($1, $2)");
        assert_eq!(
            to_postgres("WHERE m = :meeting AND i IN (:ids)", &[":ids", ":meeting"]),
            "WHERE m = $2 AND i IN ($1)"
        );
        assert_eq!(
            to_postgres("SELECT group_concat(n, '、' ORDER BY p) FROM t WHERE s = 'a?b:c'", &[]),
            "SELECT string_agg(n, '、' ORDER BY p NULLS FIRST) FROM t WHERE s = 'a?b:c'"
        );
        assert_eq!(
            to_postgres("SELECT max(a, b), max(c), min(x, (y))", &[]),
            "SELECT greatest(a, b), max(c), least(x, (y))"
        );
        assert_eq!(
            to_postgres("WHERE p IS ?2 AND q IS NOT ?3 AND r IS NULL", &[]),
            "WHERE p IS NOT DISTINCT FROM $2 AND q IS DISTINCT FROM $3 AND r IS NULL"
        );
        assert_eq!(
            to_postgres("WHERE g.p IS f.p AND x IS NOT NULL AND y IS TRUE", &[]),
            "WHERE g.p IS NOT DISTINCT FROM f.p AND x IS NOT NULL AND y IS TRUE"
        );
        assert_eq!(
            to_postgres("x IN (SELECT value FROM json_each(?1))", &[]),
            "x IN (SELECT value FROM json_array_elements_text($1::json))"
        );
        assert_eq!(to_postgres("SELECT 'it''s ?1'", &[]), "SELECT 'it''s ?1'");
        assert_eq!(
            to_postgres("WHERE (?1 IS NULL OR s.r = ?1) AND (?2 IS NULL OR (u = ?2 AND ?3))", &[]),
            "WHERE ( s.r = $1 OR $1 IS NULL) AND ( (u = $2 AND $3) OR $2 IS NULL)"
        );
        assert_eq!(
            to_postgres("SELECT a FROM t ORDER BY m, CAST(k AS INTEGER) DESC, max(a, b) LIMIT 5", &[]),
            "SELECT a FROM t ORDER BY m NULLS FIRST, banli_int(k  ) DESC NULLS LAST, greatest(a, b) NULLS FIRST LIMIT 5"
        );
        assert_eq!(
            to_postgres("SELECT (SELECT x FROM u ORDER BY id DESC LIMIT 1), group_concat(n, ',' ORDER BY p) FROM t", &[]),
            "SELECT (SELECT x FROM u ORDER BY id DESC NULLS LAST LIMIT 1), string_agg(n, ',' ORDER BY p NULLS FIRST) FROM t"
        );
    }
}
