//! The time-interval list shared by Select Time Intervals and Correct Time Intervals With
//! Fixed Values: hetida validates each entry with a pydantic (v1) model and reports all
//! invalid entries in one ComponentInputValidationException.

use crate::kernels::compare::{compare, Rel};
use crate::kernels::elementwise::py_type;
use crate::kernels::pydantic::{bool_value, CoercionError};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, Value};
use serde_json::{Map, Value as Json};

/// Which component's model validates the entries (they differ in one field and one
/// message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Select Time Intervals: start, end, start_inclusive, end_inclusive.
    Select,
    /// Correct Time Intervals With Fixed Values: additionally `correction_value` (float,
    /// required).
    Correct,
}

/// One validated interval.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeInterval {
    /// Start timestamp text (compared with the index as pandas parses it).
    pub start: String,
    /// End timestamp text.
    pub end: String,
    /// Whether `start` belongs to the interval.
    pub start_inclusive: bool,
    /// Whether `end` belongs to the interval.
    pub end_inclusive: bool,
    /// The replacement value (Correct model only; 0.0 for Select).
    pub correction_value: f64,
}

/// Python's `str(x)` of a JSON number (pydantic v1 coerces numbers to str fields).
fn py_str_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// One pydantic field error: `(field, message, type)`.
type FieldError = (&'static str, &'static str, &'static str);

const MISSING: (&str, &str) = ("field required", "value_error.missing");
const NONE: (&str, &str) = (
    "none is not an allowed value",
    "type_error.none.not_allowed",
);

fn str_field(obj: &Map<String, Json>, key: &'static str) -> Result<String, FieldError> {
    match obj.get(key) {
        None => Err((key, MISSING.0, MISSING.1)),
        Some(Json::Null) => Err((key, NONE.0, NONE.1)),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(Json::Number(n)) => Ok(py_str_number(n)),
        Some(Json::Bool(b)) => Ok(if *b { "True" } else { "False" }.to_string()),
        Some(_) => Err((key, "str type expected", "type_error.str")),
    }
}

fn bool_field(obj: &Map<String, Json>, key: &'static str) -> Result<bool, FieldError> {
    let Some(v) = obj.get(key) else {
        return Ok(true);
    };
    bool_value(v).map_err(|e| match e {
        CoercionError::None => (key, NONE.0, NONE.1),
        CoercionError::Invalid => (
            key,
            "value could not be parsed to a boolean",
            "type_error.bool",
        ),
    })
}

/// Python's `float(text)`: surrounding whitespace, `_` between digits, nan/inf spellings.
fn py_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "nan" | "inf" | "infinity") {
        return lower
            .parse::<f64>()
            .ok()
            .or(Some(if lower.starts_with('-') {
                f64::NEG_INFINITY
            } else if unsigned == "nan" {
                f64::NAN
            } else {
                f64::INFINITY
            }));
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let cleaned: String = t.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() || !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

fn float_field(obj: &Map<String, Json>, key: &'static str) -> Result<f64, FieldError> {
    let bad = (key, "value is not a valid float", "type_error.float");
    match obj.get(key) {
        None => Err((key, MISSING.0, MISSING.1)),
        Some(Json::Null) => Err((key, NONE.0, NONE.1)),
        Some(Json::Number(n)) => n.as_f64().ok_or(bad),
        Some(Json::Bool(b)) => Ok(f64::from(u8::from(*b))),
        Some(Json::String(s)) => py_float(s).ok_or(bad),
        Some(_) => Err(bad),
    }
}

/// Validates one entry like the pydantic model: field errors first (the root validator is
/// skipped when a field fails), then the two emptiness checks, which compare the **raw
/// strings lexicographically**. `Err` holds `str(ValidationError)`.
fn validate(obj: &Map<String, Json>, model: Model) -> Result<TimeInterval, String> {
    let mut errors: Vec<(&str, &str, &str)> = Vec::new();
    let mut take = |r: Result<(), FieldError>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    let (mut start, mut end, mut value) = (String::new(), String::new(), 0.0);
    let (mut si, mut ei) = (true, true);
    take(str_field(obj, "start").map(|s| start = s));
    take(str_field(obj, "end").map(|s| end = s));
    if model == Model::Correct {
        take(float_field(obj, "correction_value").map(|v| value = v));
    }
    take(bool_field(obj, "start_inclusive").map(|b| si = b));
    take(bool_field(obj, "end_inclusive").map(|b| ei = b));
    if errors.is_empty() {
        let root = if end < start {
            Some(
                "To be valid, a time interval must be non-empty, i.e. the start timestamp \
                 may not be later than the end timestamp.",
            )
        } else if (!si || !ei) && start == end {
            Some(match model {
                Model::Select => {
                    "To be valid, a time interval must be non-empty, i.e the start timestamp \
                     must be earlier than the end timestamp."
                }
                Model::Correct => {
                    "To be valid, a time interval must be non-empty, i.e the start timestamp \
                     must be not equal to the end timestamp, when at least one boundary is \
                     not inclusive."
                }
            })
        } else {
            None
        };
        if let Some(msg) = root {
            errors.push(("__root__", msg, "value_error"));
        }
    }
    if errors.is_empty() {
        return Ok(TimeInterval {
            start,
            end,
            start_inclusive: si,
            end_inclusive: ei,
            correction_value: value,
        });
    }
    let n = errors.len();
    let mut text = format!(
        "{n} validation error{} for TimeInterval",
        if n == 1 { "" } else { "s" }
    );
    for (loc, msg, ty) in errors {
        text.push_str(&format!("\n{loc}\n  {msg} (type={ty})"));
    }
    Err(text)
}

fn not_a_mapping(kind: &str) -> ComponentError {
    ComponentError::type_error(format!(
        "TimeInterval() argument after ** must be a mapping, not {kind}"
    ))
}

/// Parses and validates `list_of_time_intervals` as hetida does: iterate the value, build
/// the model from each entry (`TimeInterval(**entry)`), collect validation errors and raise
/// them together (ComponentInputValidationException, 422, input `list_of_time_intervals`).
///
/// Iterating a non-list follows Python: a string iterates its characters and a dict its
/// keys (TypeError: not a mapping), a Series its values, numbers and null are not iterable.
pub fn parse_intervals(v: &Value, model: Model) -> Result<Vec<TimeInterval>, ComponentError> {
    let items: &[Json] = match v {
        Value::Json(Json::Array(items)) => items,
        Value::Str(s) | Value::Json(Json::String(s)) => {
            return if s.is_empty() {
                Ok(Vec::new())
            } else {
                Err(not_a_mapping("str"))
            }
        }
        Value::Json(Json::Object(o)) => {
            return if o.is_empty() {
                Ok(Vec::new())
            } else {
                Err(not_a_mapping("str"))
            }
        }
        Value::Series(s) if s.is_empty() => return Ok(Vec::new()),
        Value::Series(_) => return Err(not_a_mapping("float")),
        Value::Frame(f) if f.columns.is_empty() => return Ok(Vec::new()),
        Value::Frame(_) => return Err(not_a_mapping("str")),
        other => {
            return Err(ComponentError::type_error(format!(
                "'{}' object is not iterable",
                py_type(other)
            )))
        }
    };
    let mut intervals = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Json::Object(obj) = item else {
            return Err(not_a_mapping(py_type(&Value::Json(item.clone()))));
        };
        match validate(obj, model) {
            Ok(iv) => intervals.push(iv),
            Err(e) => errors.push(format!("TimeInterval {i}: {e}")),
        }
    }
    crate::kernels::elementwise::validation_errors("list_of_time_intervals", &errors)?;
    Ok(intervals)
}

/// Membership of each index label in `iv`: `start <(=) t <(=) end` with the bounds parsed
/// the way pandas compares a DatetimeIndex with a string (a string without offset is wall
/// time in the index's timezone). NaT is never inside. Unparseable bounds or naive/aware
/// mismatches raise TypeError (invalid comparison).
pub fn interval_mask(index: &Column, iv: &TimeInterval) -> Result<Vec<bool>, ComponentError> {
    let labels = Value::Series(SeriesValue::new(index.clone(), index.clone()));
    let lower = if iv.start_inclusive { Rel::Ge } else { Rel::Gt };
    let upper = if iv.end_inclusive { Rel::Le } else { Rel::Lt };
    let above = compare(lower, &labels, &Value::Str(iv.start.clone()))?;
    let below = compare(upper, &labels, &Value::Str(iv.end.clone()))?;
    let (Value::Series(a), Value::Series(b)) = (above, below) else {
        unreachable!("a series compared with a scalar is a series")
    };
    let (a, b) = (
        a.values.bool_values().unwrap_or_default(),
        b.values.bool_values().unwrap_or_default(),
    );
    Ok(a.iter()
        .zip(&b)
        .map(|(x, y)| *x == Some(true) && *y == Some(true))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Json, model: Model) -> Result<Vec<TimeInterval>, ComponentError> {
        parse_intervals(&Value::Json(v), model)
    }

    #[test]
    fn defaults_and_coercions() {
        let r = parse(
            json!([{"start": "a", "end": "b"}, {"start": "a", "end": "b", "start_inclusive": "no", "end_inclusive": 0}]),
            Model::Select,
        )
        .unwrap();
        assert!(r[0].start_inclusive && r[0].end_inclusive);
        assert!(!r[1].start_inclusive && !r[1].end_inclusive);
        let r = parse(
            json!([{"start": "a", "end": "b", "correction_value": " 1_0.5 "}]),
            Model::Correct,
        )
        .unwrap();
        assert_eq!(r[0].correction_value, 10.5);
        assert!(parse(json!([]), Model::Select).unwrap().is_empty());
    }

    #[test]
    fn validation_errors_are_collected_like_pydantic_v1() {
        let e = parse(
            json!([
                {"start": "2020-01-02", "end": "2020-01-01"},
                {"start": "x", "end": "x", "end_inclusive": false},
                {"start": "a", "end": "b"},
                {"end": "b", "start_inclusive": "maybe"}
            ]),
            Model::Select,
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(e.error_code.as_deref(), Some(&json!(422)));
        assert_eq!(
            e.message,
            "There were input validation errors for the list_of_time_intervals:\n\
             TimeInterval 0: 1 validation error for TimeInterval\n__root__\n  To be valid, a \
             time interval must be non-empty, i.e. the start timestamp may not be later than \
             the end timestamp. (type=value_error)\n\
             TimeInterval 1: 1 validation error for TimeInterval\n__root__\n  To be valid, a \
             time interval must be non-empty, i.e the start timestamp must be earlier than the \
             end timestamp. (type=value_error)\n\
             TimeInterval 3: 2 validation errors for TimeInterval\nstart\n  field required \
             (type=value_error.missing)\nstart_inclusive\n  value could not be parsed to a \
             boolean (type=type_error.bool)"
        );
        let e = parse(json!([{"start": "a", "end": "b"}]), Model::Correct).unwrap_err();
        assert!(e
            .message
            .ends_with("correction_value\n  field required (type=value_error.missing)"));
        let e = parse(
            json!([{"start": "a", "end": "a", "start_inclusive": false, "correction_value": 1}]),
            Model::Correct,
        )
        .unwrap_err();
        assert!(e.message.contains("must be not equal to the end timestamp"));
    }

    #[test]
    fn lexicographic_check_rejects_valid_offsets() {
        // 05:00+05:00 is 00:00Z, earlier than 01:00Z as instants, but as strings
        // "…T01:00Z" < "…T05:00+05:00", so end < start is reported.
        let e = parse(
            json!([{"start": "2020-01-01T05:00:00+05:00", "end": "2020-01-01T01:00:00Z"}]),
            Model::Select,
        )
        .unwrap_err();
        assert!(e
            .message
            .contains("may not be later than the end timestamp"));
    }

    #[test]
    fn non_list_inputs_follow_python_iteration() {
        assert!(parse_intervals(&Value::Str(String::new()), Model::Select)
            .unwrap()
            .is_empty());
        let e = parse(json!({"start": "a"}), Model::Select).unwrap_err();
        assert_eq!(
            e.message,
            "TimeInterval() argument after ** must be a mapping, not str"
        );
        let e = parse(json!([1]), Model::Select).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = parse_intervals(&Value::Null, Model::Select).unwrap_err();
        assert_eq!(e.message, "'NoneType' object is not iterable");
    }
}
