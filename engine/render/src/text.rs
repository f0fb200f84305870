//! Plotly's text: titles given as a string or `{"text": …}`, and its pseudo-HTML reduced to
//! plain text. A leaf module: the axes and the figure both read titles through it.

use serde_json::Value as Json;

/// The text of a plotly title (`"t"` or `{"text": "t"}`), HTML line breaks as `\n` and
/// other tags removed.
pub fn title_text(v: Option<&Json>) -> Option<String> {
    let raw = match v? {
        Json::String(s) => s.as_str(),
        Json::Object(m) => m.get("text")?.as_str()?,
        _ => return None,
    };
    let t = clean_text(raw);
    (!t.trim().is_empty()).then_some(t)
}

/// Plotly's pseudo-HTML text to plain text.
pub fn clean_text(s: &str) -> String {
    let s = s
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}
