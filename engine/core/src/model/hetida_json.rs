//! hetida's export format for transformation revisions (hetida-compat §11.1): file naming
//! with [`slug`], and the JSON text layout of [`to_export_json`] (keys sorted recursively,
//! 2-space indent, ASCII-only, no trailing newline).

use crate::model::transformation::{TrafoType, TransformationRevision};
use serde_json::{Map, Value as Json};
use std::fmt::Write as _;

/// hetida's slug of a category, name or version tag: lower-case ASCII, word characters kept,
/// runs of whitespace and `-` turned into one `-`, other characters dropped, leading and
/// trailing `-`/`_` stripped (`"Basic Arithmetic"` → `basic-arithmetic`, `"1.0.0"` → `100`).
///
/// Non-ASCII characters are dropped; hetida first decomposes them (NFKD) so that accented
/// letters keep their base letter — no shipped name contains any.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in s.chars() {
        if !c.is_ascii() {
            continue;
        }
        if c.is_ascii_whitespace() || c == '-' {
            pending_dash = true;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out.trim_matches(|c| c == '-' || c == '_').to_string()
}

/// The path of a revision's export file relative to the transformations root:
/// `<type>s/<slug(category)>/<slug(name)>_<slug(version_tag)>_<id>.json`.
pub fn export_path(trafo: &TransformationRevision) -> String {
    let dir = match trafo.trafo_type {
        TrafoType::Component => "components",
        TrafoType::Workflow => "workflows",
    };
    format!(
        "{dir}/{}/{}_{}_{}.json",
        slug(trafo.category_or_default()),
        slug(&trafo.name),
        slug(&trafo.version_tag),
        trafo.id.to_ascii_lowercase()
    )
}

/// A copy of `v` with the keys of every object sorted (Python's `sort_keys=True`).
pub fn sort_keys(v: &Json) -> Json {
    match v {
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::with_capacity(m.len());
            for k in keys {
                out.insert(k.clone(), sort_keys(&m[k]));
            }
            Json::Object(out)
        }
        Json::Array(a) => Json::Array(a.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// The export text of a JSON value as hetida writes it: keys sorted recursively, 2-space
/// indent, `": "` and `","` separators, every non-ASCII character (and DEL) escaped as
/// `\uXXXX`, no trailing newline.
pub fn to_export_json(v: &Json) -> String {
    let pretty = serde_json::to_string_pretty(&sort_keys(v)).expect("JSON values serialise");
    let mut out = String::with_capacity(pretty.len());
    for c in pretty.chars() {
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

/// The export text of a transformation revision (see [`to_export_json`]).
pub fn revision_to_export_json(trafo: &TransformationRevision) -> String {
    to_export_json(&serde_json::to_value(trafo).expect("revisions serialise"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_like_hetida() {
        assert_eq!(slug("Basic Arithmetic"), "basic-arithmetic");
        assert_eq!(slug("1.0.0"), "100");
        assert_eq!(slug("Pass Through (Series)"), "pass-through-series");
        assert_eq!(
            slug("Time Intervals - Substitution with fixed value per interval"),
            "time-intervals-substitution-with-fixed-value-per-interval"
        );
        assert_eq!(
            slug("Add/Update Attributes (DataFrame)"),
            "addupdate-attributes-dataframe"
        );
        assert_eq!(slug("  _x__ "), "x");
        assert_eq!(slug("Data Quality"), "data-quality");
    }

    #[test]
    fn export_json_sorts_indents_and_escapes() {
        let v = json!({"b": [1, {"z": true, "a": null}], "a": "ä€😀\u{7f}", "c": [], "d": {}});
        assert_eq!(
            to_export_json(&v),
            "{\n  \"a\": \"\\u00e4\\u20ac\\ud83d\\ude00\\u007f\",\n  \"b\": [\n    1,\n    {\n      \
             \"a\": null,\n      \"z\": true\n    }\n  ],\n  \"c\": [],\n  \"d\": {}\n}"
        );
    }
}
