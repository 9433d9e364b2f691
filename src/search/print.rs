//! Search results as `banli search` prints them: tab-separated lines or JSON.
use super::eval::ResultKind;
use super::results::SearchResult;
use crate::text::Lang;

/// One line per result: kind, number, title, lead proposer, unit, status (and deadline);
/// or a JSON array of the results.
pub fn format(results: &[SearchResult], json: bool, lang: Lang) -> String {
    if json {
        return serde_json::to_string_pretty(results).unwrap_or_else(|_| "[]".into()) + "\n";
    }
    let mut out = String::new();
    for r in results {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let line = match (&r.item, r.kind) {
            (Some(it), _) => [
                it.kind.tag(lang).to_string(),
                clean(&it.number),
                clean(&r.title),
                clean(&it.lead),
                clean(&it.unit),
                it.status.label(lang).to_string(),
                it.due_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            ]
            .join("\t"),
            (None, ResultKind::Person) => {
                let tag = match (r.body, lang) {
                    (Some(crate::domain::Body::Cppcc), Lang::Zh) => "委员",
                    (_, Lang::Zh) => "代表",
                    (Some(crate::domain::Body::Cppcc), Lang::En) => "member",
                    (_, Lang::En) => "deputy",
                };
                [tag, "", &clean(&r.title), "", &clean(&r.detail), ""].join("\t")
            }
            (None, _) => {
                let tag = if lang == Lang::Zh { "单位" } else { "unit" };
                [tag, "", &clean(&r.title), "", &clean(&r.detail), ""].join("\t")
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
