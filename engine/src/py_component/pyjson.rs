//! Python's `repr(float)` and `json.dumps` of evaluated literals, so stored defaults and wirings read as hetida writes them.

use super::literal::{Lit, LitKind};
use serde_json::{Map, Value as Json};

/// Python's `repr(float)`: shortest round-trip digits, scientific outside 1e-4 ≤ |x| < 1e16.
pub(super) fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let n = digits.len() as i32;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point >= n {
            format!("{digits}{}.0", "0".repeat((point - n) as usize))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs())
    }
}

/// Python's `json.dumps` float spelling (`NaN`, `Infinity`, `-Infinity`, else `repr`).
pub(super) fn py_json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        py_float_repr(f)
    }
}

/// The string a dict key becomes in JSON (Python `json.dumps` rules).
pub(super) fn json_key(key: &Lit) -> Result<String, String> {
    match &key.kind {
        LitKind::Str(s) => Ok(s.clone()),
        LitKind::Int(i) => Ok(i.to_string()),
        LitKind::Float(f) => Ok(py_json_float(*f)),
        LitKind::Bool(b) => Ok(b.to_string()),
        LitKind::None => Ok("null".to_string()),
        other => Err(format!(
            "keys must be str, int, float, bool or None, not {}",
            other.type_name()
        )),
    }
}

/// Python's `json.dumps(v)` with default settings: `", "`/`": "` separators, ASCII-only.
pub(super) fn py_json_dumps(lit: &Lit, out: &mut String) -> Result<(), String> {
    match &lit.kind {
        LitKind::None => out.push_str("null"),
        LitKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        LitKind::Int(i) => out.push_str(&i.to_string()),
        LitKind::Float(f) => out.push_str(&py_json_float(*f)),
        LitKind::Str(s) => py_json_string(s, out),
        LitKind::Tuple(items) | LitKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_json_dumps(item, out)?;
            }
            out.push(']');
        }
        LitKind::Dict(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_json_string(&json_key(key)?, out);
                out.push_str(": ");
                py_json_dumps(value, out)?;
            }
            out.push('}');
        }
        other => {
            return Err(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            ))
        }
    }
    Ok(())
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii=True`).
pub(super) fn py_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// A literal as a JSON value (tuples become arrays, keys strings as in `json.dumps`).
pub(super) fn to_json(lit: &Lit) -> Result<Json, String> {
    Ok(match &lit.kind {
        LitKind::None => Json::Null,
        LitKind::Bool(b) => Json::Bool(*b),
        LitKind::Int(i) => {
            if let Ok(v) = i64::try_from(*i) {
                Json::from(v)
            } else if let Ok(v) = u64::try_from(*i) {
                Json::from(v)
            } else {
                return Err(format!("integer {i} does not fit into JSON"));
            }
        }
        LitKind::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or_else(|| format!("{} is not valid JSON", py_json_float(*f)))?,
        LitKind::Str(s) => Json::String(s.clone()),
        LitKind::Tuple(items) | LitKind::List(items) => {
            Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        LitKind::Dict(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                map.insert(json_key(key)?, to_json(value)?);
            }
            Json::Object(map)
        }
        other => {
            return Err(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            ))
        }
    })
}
