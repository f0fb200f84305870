//! Parsing of workflow inputs, stored defaults and constants by hetida data type
//! (hetida §3.2).
//!
//! Why this exists: hetida validates every value that enters a workflow with pydantic and
//! pandas, and users rely on the exact coercions (`"1_000"` is an INT, `"yes"` a BOOLEAN,
//! `'"42"'` an ANY 42, a JSON object a SERIES with a datetime index, …). This module
//! reproduces those rules natively.
//!
//! * Scalars follow Python/pydantic v1: `int()`, `float()`, pydantic's boolean sets, `str()`.
//! * ANY decodes strings as JSON up to twice (quirk Q2, kept on purpose).
//! * SERIES/DATAFRAME/MULTITSFRAME accept hetida's wrapped format and otherwise emulate
//!   pandas `read_json` type inference for the common cases (see [`parse`]).
//!
//! Decided deviations / simplifications (everything else follows hetida 0.9.8):
//! * Series *values* that are all numbers greater than 31 536 000 stay numbers; pandas turns
//!   them into epoch timestamps (quirk Q3), which is never what a user means.
//! * Python's `json` accepts `NaN`/`Infinity` tokens; here they are only understood as a
//!   whole ANY value (`'NaN'` → NaN), not nested inside arrays or objects.
//! * Integers outside the `i64` range (Python ints are unbounded) are rejected as invalid
//!   integers (INT) or become floats (inside JSON data).
//! * Only ISO-8601 strings ([`super::timestamp::parse_iso8601`]) and epoch numbers are
//!   recognised as datetimes, not every format `pandas.to_datetime` guesses.
//! * Columns mixing types, or holding nested arrays/objects, become string columns (numbers
//!   rendered with Python's `str()`, nested values as compact JSON); pandas keeps them as
//!   object columns.
//! * Frame column labels stay strings (pandas would also convert date-like and integer-like
//!   column labels).

use crate::datatype::DataType;
use crate::error::ParseError;
use crate::value::column::{Column, ColumnKind, Tz};
use crate::value::json_out::python_float_repr;
use crate::value::timestamp::{format_isoformat, parse_iso8601_cached, DateCache};
use crate::value::{Attrs, FrameValue, SeriesValue, Value};
use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// A raw input value as an adapter, a wiring or the transformation JSON delivers it.
///
/// Exists so that adapters can hand over borrowed filter strings and JSON without copying,
/// and native adapters can hand over ready-made values.
#[derive(Debug, Clone)]
pub enum Raw<'a> {
    /// A direct-provisioning filter string (or any other textual input).
    Text(Cow<'a, str>),
    /// A JSON value delivered by an adapter.
    Json(Cow<'a, Json>),
    /// An already-native value: series/frames (and anything, for ANY) pass through, scalars
    /// are coerced like the JSON equivalent.
    Value(Value),
}

/// pydantic v1's message for a null given to a non-nullable field.
const NONE_NOT_ALLOWED: &str = "none is not an allowed value";
const NOT_INT: &str = "value is not a valid integer";
const NOT_FLOAT: &str = "value is not a valid float";
const NOT_BOOL: &str = "value could not be parsed to a boolean";
const NOT_STR: &str = "str type expected";
const NOT_DICT: &str = "value is not a valid dict";
/// hetida's message for series/frame parsing failures (it says DataFrame even for SERIES).
const PANDAS_FAIL: &str = "Could not parse provided input as Pandas DataFrame";
/// Labels or values above this (one year in seconds) may be epoch timestamps (pandas).
const MIN_STAMP: i64 = 31_536_000;

/// Parses a non-nullable value of type `dt`: adapter data and constants.
///
/// A null is rejected with pydantic's "none is not an allowed value" for every type — only
/// the ANY *string* `"null"` decodes to [`Value::Null`]. Series and frames are parsed from
/// hetida's wrapped format or from plain pandas `read_json` JSON:
/// a series from an object `{label: value}` or an array; a frame from a column-oriented
/// object (`{"col": {"label": v}}` or `{"col": [..]}`) or a list of records. Labels that are
/// all ISO-8601 become a datetime index (naive, UTC or one fixed offset; mixed offsets are
/// converted to UTC), integer-like labels an integer index (or epoch datetimes when all are
/// above 31 536 000). Values are inferred like pandas: integral numbers without nulls become
/// ints, other numbers floats (null → NaN), booleans bools, ISO strings datetimes (series
/// values; frame columns only when named like dates), else strings.
/// MULTITSFRAME inputs are then validated and sorted by `timestamp` (hetida §3.2).
///
/// Exists as the single entry point the engine uses for everything that enters a workflow.
pub fn parse(raw: Raw<'_>, dt: DataType) -> Result<Value, ParseError> {
    match raw {
        Raw::Text(s) => parse_text(s, dt),
        Raw::Json(j) => match j {
            Cow::Borrowed(Json::String(s)) => parse_text(Cow::Borrowed(s.as_str()), dt),
            Cow::Owned(Json::String(s)) => parse_text(Cow::Owned(s), dt),
            // Moves owned JSON instead of cloning it.
            j if dt == DataType::Any && !j.is_null() => Ok(json_to_value(j.into_owned())),
            Cow::Owned(j @ Json::Object(_)) if dt == DataType::PlotlyJson => Ok(Value::Json(j)),
            j => parse_json(&j, dt),
        },
        Raw::Value(v) => parse_native(v, dt),
    }
}

/// Parses a *nullable* stored value of type `dt`: default values of optional inputs and
/// constants kept in transformation JSON. `None` or JSON null → [`Value::Null`]; a JSON
/// string is parsed like direct-provisioning text; any other JSON like adapter JSON.
///
/// Exists because hetida stores defaults as JSON while direct provisioning delivers text,
/// and defaults (unlike loaded data) may be null.
pub fn parse_default(raw: Option<&Json>, dt: DataType) -> Result<Value, ParseError> {
    match raw {
        None | Some(Json::Null) => Ok(Value::Null),
        Some(Json::String(s)) => parse(Raw::Text(Cow::Borrowed(s)), dt),
        Some(j) => parse(Raw::Json(Cow::Borrowed(j)), dt),
    }
}

fn err(msg: &str) -> ParseError {
    ParseError::new(msg)
}

fn pandas_err(reason: impl std::fmt::Display) -> ParseError {
    ParseError::new(format!("{PANDAS_FAIL}: {reason}"))
}

// ---------------------------------------------------------------------------------------
// Dispatch per input form
// ---------------------------------------------------------------------------------------

fn parse_text(s: Cow<'_, str>, dt: DataType) -> Result<Value, ParseError> {
    match dt {
        DataType::Int => python_int(&s).map(Value::Int).ok_or_else(|| err(NOT_INT)),
        DataType::Float => python_float(&s)
            .map(Value::Float)
            .ok_or_else(|| err(NOT_FLOAT)),
        DataType::Boolean => str_to_bool(&s)
            .map(Value::Bool)
            .ok_or_else(|| err(NOT_BOOL)),
        DataType::String => Ok(Value::Str(s.into_owned())),
        DataType::Any => Ok(decode_any(s)),
        DataType::PlotlyJson => Err(err(NOT_DICT)),
        DataType::Series => parse_series_text(&s).map(Value::Series),
        DataType::DataFrame | DataType::MultiTsFrame => {
            let frame = match serde_json::from_str::<Json>(&s) {
                Ok(j) => frame_from_wrapped_or_plain(&j, Some("DATAFRAME"))?,
                // pandas' second attempt parses the JSON-dumped string, a bare string,
                // which no DataFrame constructor accepts.
                Err(_) => return Err(pandas_err("DataFrame constructor not properly called!")),
            };
            finish_frame(frame, dt)
        }
    }
}

fn parse_json(j: &Json, dt: DataType) -> Result<Value, ParseError> {
    if j.is_null() {
        return Err(err(NONE_NOT_ALLOWED));
    }
    match dt {
        DataType::Int | DataType::Float | DataType::Boolean | DataType::String => {
            coerce_scalar(scalar_of_json(j), dt)
        }
        DataType::Any => Ok(json_to_value(j.clone())),
        DataType::PlotlyJson => match j {
            Json::Object(_) => Ok(Value::Json(j.clone())),
            _ => Err(err(NOT_DICT)),
        },
        DataType::Series => match j {
            Json::Object(_) | Json::Array(_) => {
                series_from_wrapped_or_plain(j, None).map(Value::Series)
            }
            other => Err(unexpected_type("Series", json_kind(other))),
        },
        DataType::DataFrame | DataType::MultiTsFrame => match j {
            Json::Object(_) | Json::Array(_) => {
                finish_frame(frame_from_wrapped_or_plain(j, None)?, dt)
            }
            other => Err(unexpected_type(
                if dt == DataType::DataFrame {
                    "DataFrame"
                } else {
                    "MultiTsFrame"
                },
                json_kind(other),
            )),
        },
    }
}

fn parse_native(v: Value, dt: DataType) -> Result<Value, ParseError> {
    if matches!(v, Value::Null) {
        return Err(err(NONE_NOT_ALLOWED));
    }
    match (dt, v) {
        (DataType::Any, v) => Ok(v),
        (DataType::Series, v @ Value::Series(_)) => Ok(v),
        (DataType::DataFrame | DataType::MultiTsFrame, v @ Value::Frame(_)) => Ok(v),
        (_, Value::Str(s) | Value::Json(Json::String(s))) => parse_text(Cow::Owned(s), dt),
        (_, Value::Json(j)) => parse_json(&j, dt),
        (DataType::Int | DataType::Float | DataType::Boolean | DataType::String, v) => {
            coerce_scalar(scalar_of_value(&v), dt)
        }
        (DataType::PlotlyJson, _) => Err(err(NOT_DICT)),
        (DataType::Series, v) => Err(unexpected_type("Series", v.kind_name())),
        (DataType::DataFrame, v) => Err(unexpected_type("DataFrame", v.kind_name())),
        (DataType::MultiTsFrame, v) => Err(unexpected_type("MultiTsFrame", v.kind_name())),
    }
}

fn unexpected_type(what: &str, kind: &str) -> ParseError {
    ParseError::new(format!(
        "Got unexpected type at runtime when parsing {what}: {kind}"
    ))
}

fn json_kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "int",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

// ---------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------

/// A scalar view on JSON or native values, for the pydantic coercions.
#[derive(Debug, Clone, Copy)]
enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(&'a str),
    /// Arrays, objects, series, frames.
    Other,
}

fn scalar_of_json(j: &Json) -> Scalar<'_> {
    match j {
        Json::Null => Scalar::Null,
        Json::Bool(b) => Scalar::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Scalar::Int(i)
            } else if let Some(u) = n.as_u64() {
                Scalar::UInt(u)
            } else {
                Scalar::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Scalar::Str(s),
        _ => Scalar::Other,
    }
}

fn scalar_of_value(v: &Value) -> Scalar<'_> {
    match v {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Int(i) => Scalar::Int(*i),
        Value::Float(f) => Scalar::Float(*f),
        Value::Str(s) => Scalar::Str(s),
        Value::Json(j) => scalar_of_json(j),
        Value::Series(_) | Value::Frame(_) => Scalar::Other,
    }
}

fn coerce_scalar(s: Scalar<'_>, dt: DataType) -> Result<Value, ParseError> {
    if matches!(s, Scalar::Null) {
        return Err(err(NONE_NOT_ALLOWED));
    }
    match dt {
        DataType::Int => match s {
            Scalar::Bool(b) => Ok(Value::Int(i64::from(b))),
            Scalar::Int(i) => Ok(Value::Int(i)),
            // Python int(float) truncates; NaN/inf and out-of-range values fail.
            Scalar::Float(f) if f.is_finite() && f.trunc().abs() < 9.223_372_036_854_776e18 => {
                Ok(Value::Int(f.trunc() as i64))
            }
            Scalar::Str(t) => python_int(t).map(Value::Int).ok_or_else(|| err(NOT_INT)),
            _ => Err(err(NOT_INT)),
        },
        DataType::Float => match s {
            Scalar::Bool(b) => Ok(Value::Float(if b { 1.0 } else { 0.0 })),
            Scalar::Int(i) => Ok(Value::Float(i as f64)),
            Scalar::UInt(u) => Ok(Value::Float(u as f64)),
            Scalar::Float(f) => Ok(Value::Float(f)),
            Scalar::Str(t) => python_float(t)
                .map(Value::Float)
                .ok_or_else(|| err(NOT_FLOAT)),
            _ => Err(err(NOT_FLOAT)),
        },
        DataType::Boolean => match s {
            Scalar::Bool(b) => Ok(Value::Bool(b)),
            Scalar::Int(1) | Scalar::UInt(1) => Ok(Value::Bool(true)),
            Scalar::Int(0) | Scalar::UInt(0) => Ok(Value::Bool(false)),
            // pydantic v1 tests membership in {0, 1, ...}: 1.0 == 1 in Python.
            Scalar::Float(1.0) => Ok(Value::Bool(true)),
            Scalar::Float(0.0) => Ok(Value::Bool(false)),
            Scalar::Str(t) => str_to_bool(t).map(Value::Bool).ok_or_else(|| err(NOT_BOOL)),
            _ => Err(err(NOT_BOOL)),
        },
        DataType::String => match s {
            Scalar::Str(t) => Ok(Value::Str(t.to_owned())),
            // Python str(); bool is an int subclass in Python.
            Scalar::Bool(b) => Ok(Value::Str(if b { "True" } else { "False" }.into())),
            Scalar::Int(i) => Ok(Value::Str(i.to_string())),
            Scalar::UInt(u) => Ok(Value::Str(u.to_string())),
            Scalar::Float(f) => Ok(Value::Str(python_float_repr(f))),
            _ => Err(err(NOT_STR)),
        },
        _ => Err(err("unsupported scalar type")),
    }
}

/// Python `int(s)` for base-10 strings: surrounding whitespace, optional sign, digits with
/// single underscores between digits; at most 4300 digits; must fit `i64`.
fn python_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let b = t.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 4300 + 4300 {
        return None;
    }
    let mut v: i128 = 0;
    let mut prev_digit = false;
    let mut count = 0;
    for &c in digits {
        if c == b'_' {
            if !prev_digit {
                return None;
            }
            prev_digit = false;
            continue;
        }
        if !c.is_ascii_digit() {
            return None;
        }
        prev_digit = true;
        count += 1;
        if count > 4300 {
            return None;
        }
        v = v * 10 + i128::from(c - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    if !prev_digit {
        return None;
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// Python `float(s)`: surrounding whitespace, sign, decimal/exponent forms with single
/// underscores between digits, and `nan`/`inf`/`infinity` in any case.
fn python_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let special = if body.eq_ignore_ascii_case("nan") {
        Some(f64::NAN)
    } else if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        Some(f64::INFINITY)
    } else {
        None
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    let b = body.as_bytes();
    let mut i = 0;
    // Reads a digit part (digits with single underscores between digits); returns whether
    // it was well-formed and the number of digits read.
    let digit_part = |i: &mut usize| -> Option<usize> {
        let mut n = 0;
        let mut prev_digit = false;
        while *i < b.len() {
            match b[*i] {
                b'0'..=b'9' => {
                    n += 1;
                    prev_digit = true;
                }
                b'_' => {
                    if !prev_digit || !b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
                        return None;
                    }
                    prev_digit = false;
                }
                _ => break,
            }
            *i += 1;
        }
        Some(n)
    };
    let int_digits = digit_part(&mut i)?;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = digit_part(&mut i)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digit_part(&mut i)? == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let v: f64 = if body.contains('_') {
        body.replace('_', "").parse().ok()?
    } else {
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

/// pydantic v1's string-to-bool sets (case-insensitive, no whitespace stripping).
fn str_to_bool(s: &str) -> Option<bool> {
    const TRUE: [&str; 6] = ["1", "on", "t", "true", "y", "yes"];
    const FALSE: [&str; 6] = ["0", "off", "f", "false", "n", "no"];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// ANY
// ---------------------------------------------------------------------------------------

/// A JSON value as runtime value (objects/arrays stay JSON, numbers become Int/Float).
///
/// Rheo extension: an object in hetida's wrapped format (`__hd_wrapped_data_object__`
/// `"SERIES"`/`"DATAFRAME"` with `__metadata__` and `__data__`) becomes that Series or
/// DataFrame. hetida keeps it a plain dict, so an ANY input of a workflow (e.g.
/// `series_or_dataframe` of "Combine two Series as named columns into DataFrame") could
/// never receive pandas data by direct provisioning; an object that does not parse stays
/// JSON as in hetida.
fn json_to_value(j: Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::Str(s),
        j @ Json::Object(_) if matches!(unwrap(&j, None), Ok(Some(_))) => wrapped_to_value(j),
        other => Value::Json(other),
    }
}

/// A valid wrapped object as Series/DataFrame, or as JSON when its data do not parse.
fn wrapped_to_value(j: Json) -> Value {
    let parsed = match j.get("__hd_wrapped_data_object__").and_then(Json::as_str) {
        Some("SERIES") => series_from_wrapped_or_plain(&j, Some("SERIES")).map(Value::Series),
        _ => frame_from_wrapped_or_plain(&j, Some("DATAFRAME"))
            .and_then(|f| finish_frame(f, DataType::DataFrame)),
    };
    parsed.unwrap_or(Value::Json(j))
}

/// Python `json.loads` for one ANY string (top-level `NaN`/`Infinity` included).
fn py_json_loads(s: &str) -> Option<Json> {
    serde_json::from_str(s).ok()
}

fn py_special_float(s: &str) -> Option<f64> {
    match s.trim_matches([' ', '\t', '\n', '\r']) {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// hetida's `parse_any`: JSON-decode a string; if the result is a string, decode once more;
/// fall back to the last successfully obtained string.
fn decode_any(s: Cow<'_, str>) -> Value {
    if let Some(f) = py_special_float(&s) {
        return Value::Float(f);
    }
    match py_json_loads(&s) {
        None => Value::Str(s.into_owned()),
        Some(Json::String(inner)) => {
            if let Some(f) = py_special_float(&inner) {
                return Value::Float(f);
            }
            match py_json_loads(&inner) {
                Some(j) => json_to_value(j),
                None => Value::Str(inner),
            }
        }
        Some(j) => json_to_value(j),
    }
}

// ---------------------------------------------------------------------------------------
// Wrapped format
// ---------------------------------------------------------------------------------------

/// The parts of a valid wrapped object.
struct Wrapped<'a> {
    data: &'a Json,
    attrs: Attrs,
    orient: Option<&'a str>,
}

/// hetida's `try_parse_wrapped`: `None` means "not wrapped, parse the value as plain data".
/// `expected_marker` is checked only for string inputs (hetida quirk Q12).
fn unwrap<'a>(
    j: &'a Json,
    expected_marker: Option<&str>,
) -> Result<Option<Wrapped<'a>>, ParseError> {
    let Json::Object(m) = j else {
        return Ok(None);
    };
    let Some(Json::String(marker)) = m.get("__hd_wrapped_data_object__") else {
        return Ok(None);
    };
    if marker != "SERIES" && marker != "DATAFRAME" {
        return Ok(None);
    }
    if expected_marker.is_some_and(|e| e != marker) {
        return Ok(None);
    }
    let Some(Json::Object(meta)) = m.get("__metadata__") else {
        return Ok(None);
    };
    let data = match m.get("__data__") {
        Some(d @ (Json::Object(_) | Json::Array(_))) => d,
        _ => return Ok(None),
    };
    let orient = match m.get("__data_parsing_options__") {
        None => None,
        Some(Json::Object(opts)) => match opts.get("orient") {
            None | Some(Json::Null) => None,
            Some(Json::String(o)) => Some(o.as_str()),
            Some(other) => return Err(pandas_err(format!("invalid orient {other}"))),
        },
        Some(_) => return Ok(None),
    };
    Ok(Some(Wrapped {
        data,
        attrs: meta.clone(),
        orient,
    }))
}

// ---------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------

fn parse_series_text(s: &str) -> Result<SeriesValue, ParseError> {
    if let Some(series) = fast::series_from_text(s) {
        return Ok(series);
    }
    match serde_json::from_str::<Json>(s) {
        Ok(j) => series_from_wrapped_or_plain(&j, Some("SERIES")),
        // pandas' second attempt reads the JSON-dumped string: `Series("text")`, a
        // one-element string series.
        Err(_) => {
            let cell = Json::String(s.to_owned());
            Ok(SeriesValue::new(
                Column::range(1),
                infer_values(&[&cell], DateMode::SeriesData),
            ))
        }
    }
}

fn series_from_wrapped_or_plain(
    j: &Json,
    expected_marker: Option<&str>,
) -> Result<SeriesValue, ParseError> {
    match unwrap(j, expected_marker)? {
        Some(w) => {
            let mut s = series_from_json(w.data, w.orient)?;
            s.attrs = w.attrs;
            Ok(s)
        }
        None => series_from_json(j, None),
    }
}

static JSON_NULL: Json = Json::Null;

/// pandas `read_json(typ="series", orient=…)` on decoded JSON.
fn series_from_json(data: &Json, orient: Option<&str>) -> Result<SeriesValue, ParseError> {
    if orient == Some("table") {
        return Err(pandas_err("orient 'table' is not supported"));
    }
    if orient == Some("split") {
        let Json::Object(m) = data else {
            return Err(pandas_err("split orient requires a JSON object"));
        };
        check_split_keys(m, &["name", "index", "data"])?;
        let cells: Vec<&Json> = match m.get("data") {
            Some(Json::Array(a)) => a.iter().collect(),
            None | Some(Json::Null) => Vec::new(),
            Some(_) => return Err(pandas_err("split orient 'data' must be a list")),
        };
        let index = match m.get("index") {
            Some(Json::Array(a)) => {
                if a.len() != cells.len() {
                    return Err(pandas_err(format!(
                        "Length of values ({}) does not match length of index ({})",
                        cells.len(),
                        a.len()
                    )));
                }
                infer_labels(&a.iter().map(Lab::J).collect::<Vec<_>>())
            }
            None | Some(Json::Null) => Column::range(cells.len()),
            Some(_) => return Err(pandas_err("split orient 'index' must be a list")),
        };
        let name = match m.get("name") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => Some(cell_to_string(other)),
        };
        let mut s = SeriesValue::new(index, infer_values(&cells, DateMode::SeriesData));
        s.name = name;
        return Ok(s);
    }
    let (index, cells): (Column, Vec<&Json>) = match data {
        Json::Object(m) => {
            let labels: Vec<Lab> = m.keys().map(|k| Lab::S(k)).collect();
            (infer_labels(&labels), m.values().collect())
        }
        Json::Array(a) => (Column::range(a.len()), a.iter().collect()),
        Json::Null => (Column::range(0), Vec::new()),
        // pandas `Series(scalar)`: one element.
        scalar => (Column::range(1), vec![scalar]),
    };
    Ok(SeriesValue::new(
        index,
        infer_values(&cells, DateMode::SeriesData),
    ))
}

fn check_split_keys(m: &Map<String, Json>, allowed: &[&str]) -> Result<(), ParseError> {
    let bad: Vec<&str> = m
        .keys()
        .map(String::as_str)
        .filter(|k| !allowed.contains(k))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(pandas_err(format!(
            "JSON data had unexpected key(s): {}",
            bad.join(", ")
        )))
    }
}

// ---------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------

/// Row labels of a frame under construction.
enum Rows<'a> {
    Range(usize),
    Labels(Vec<Lab<'a>>),
}

/// A frame before type inference: row labels and the cells of each column.
struct RawFrame<'a> {
    rows: Rows<'a>,
    columns: Vec<(String, Vec<&'a Json>)>,
}

impl RawFrame<'_> {
    fn empty() -> Self {
        RawFrame {
            rows: Rows::Range(0),
            columns: Vec::new(),
        }
    }

    fn finish(self, attrs: Attrs) -> FrameValue {
        let index = match self.rows {
            Rows::Range(n) => Column::range(n),
            Rows::Labels(l) => infer_labels(&l),
        };
        let mut columns = IndexMap::with_capacity(self.columns.len());
        for (name, cells) in self.columns {
            let mode = if is_date_column_name(&name) {
                DateMode::FrameDateColumn
            } else {
                DateMode::No
            };
            let col = infer_values(&cells, mode);
            columns.insert(name, col);
        }
        FrameValue {
            index,
            columns,
            attrs,
        }
    }
}

/// pandas' `keep_default_dates`: which frame columns get date conversion.
fn is_date_column_name(name: &str) -> bool {
    let l = name.to_lowercase();
    l.ends_with("_at")
        || l.ends_with("_time")
        || l.starts_with("timestamp")
        || l == "modified"
        || l == "date"
        || l == "datetime"
}

fn frame_from_wrapped_or_plain(
    j: &Json,
    expected_marker: Option<&str>,
) -> Result<FrameValue, ParseError> {
    match unwrap(j, expected_marker)? {
        Some(w) => Ok(frame_from_json(w.data, w.orient)?.finish(w.attrs)),
        None => Ok(frame_from_json(j, None)?.finish(Attrs::new())),
    }
}

fn finish_frame(frame: FrameValue, dt: DataType) -> Result<Value, ParseError> {
    if dt == DataType::MultiTsFrame {
        validate_multitsframe(frame).map(Value::Frame)
    } else {
        Ok(Value::Frame(frame))
    }
}

/// Name of a column label given as JSON (split orient `columns`).
fn label_name(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        other => cell_to_string(other),
    }
}

/// pandas `read_json(typ="frame", orient=…)` on decoded JSON, before type inference.
fn frame_from_json<'a>(data: &'a Json, orient: Option<&str>) -> Result<RawFrame<'a>, ParseError> {
    match orient {
        Some("split") => frame_split(data),
        Some("index") => frame_index_orient(data),
        Some("table") => Err(pandas_err("orient 'table' is not supported")),
        // "columns" (the default), "records", "values": `DataFrame(json.loads(data))`.
        _ => frame_constructor(data),
    }
}

fn frame_split(data: &Json) -> Result<RawFrame<'_>, ParseError> {
    let Json::Object(m) = data else {
        return Err(pandas_err("split orient requires a JSON object"));
    };
    check_split_keys(m, &["columns", "index", "data"])?;
    let rows: Vec<&Json> = match m.get("data") {
        Some(Json::Array(a)) => a.iter().collect(),
        None | Some(Json::Null) => Vec::new(),
        Some(_) => return Err(pandas_err("split orient 'data' must be a list")),
    };
    let names: Vec<String> = match m.get("columns") {
        Some(Json::Array(a)) => a.iter().map(label_name).collect(),
        None | Some(Json::Null) => {
            let width = rows
                .iter()
                .map(|r| r.as_array().map_or(1, Vec::len))
                .max()
                .unwrap_or(0);
            (0..width).map(|i| i.to_string()).collect()
        }
        Some(_) => return Err(pandas_err("split orient 'columns' must be a list")),
    };
    let mut columns: Vec<(String, Vec<&Json>)> = names
        .into_iter()
        .map(|n| (n, Vec::with_capacity(rows.len())))
        .collect();
    for row in &rows {
        let cells: Vec<&Json> = match row {
            Json::Array(a) => a.iter().collect(),
            other => vec![*other],
        };
        if cells.len() != columns.len() {
            return Err(pandas_err(format!(
                "{} columns passed, passed data had {} columns",
                columns.len(),
                cells.len()
            )));
        }
        for (c, cell) in columns.iter_mut().zip(cells) {
            c.1.push(cell);
        }
    }
    let rows = match m.get("index") {
        Some(Json::Array(a)) => {
            if a.len() != rows.len() {
                return Err(pandas_err(format!(
                    "Length of values ({}) does not match length of index ({})",
                    rows.len(),
                    a.len()
                )));
            }
            Rows::Labels(a.iter().map(Lab::J).collect())
        }
        None | Some(Json::Null) => Rows::Range(rows.len()),
        Some(_) => return Err(pandas_err("split orient 'index' must be a list")),
    };
    Ok(RawFrame { rows, columns })
}

fn frame_index_orient(data: &Json) -> Result<RawFrame<'_>, ParseError> {
    let Json::Object(outer) = data else {
        return Err(pandas_err("index orient requires a JSON object"));
    };
    // Transpose {row: {col: v}} into columns; column order of first appearance.
    let mut names: IndexSet<&str> = IndexSet::new();
    for row in outer.values() {
        match row {
            Json::Object(inner) => names.extend(inner.keys().map(String::as_str)),
            _ => return Err(pandas_err("index orient requires objects as rows")),
        }
    }
    let columns = names
        .iter()
        .map(|name| {
            let cells = outer
                .values()
                .map(|row| row.get(*name).unwrap_or(&JSON_NULL))
                .collect();
            (name.to_string(), cells)
        })
        .collect();
    Ok(RawFrame {
        rows: Rows::Labels(outer.keys().map(|k| Lab::S(k)).collect()),
        columns,
    })
}

/// pandas `DataFrame(obj)` for a decoded JSON object or array.
fn frame_constructor(data: &Json) -> Result<RawFrame<'_>, ParseError> {
    match data {
        Json::Object(m) => {
            if m.is_empty() {
                return Ok(RawFrame::empty());
            }
            let dicts = m.values().filter(|v| v.is_object()).count();
            let lists = m.values().filter(|v| v.is_array()).count();
            if dicts > 0 && lists > 0 {
                return Err(pandas_err(
                    "Mixing dicts with non-Series may lead to ambiguous ordering.",
                ));
            }
            if dicts > 0 {
                // Index: union of the inner keys in order of first appearance.
                let mut labels: IndexSet<&str> = IndexSet::new();
                for v in m.values() {
                    if let Json::Object(inner) = v {
                        labels.extend(inner.keys().map(String::as_str));
                    }
                }
                let columns = m
                    .iter()
                    .map(|(name, v)| {
                        let cells = match v {
                            Json::Object(inner) => labels
                                .iter()
                                .map(|l| inner.get(*l).unwrap_or(&JSON_NULL))
                                .collect(),
                            scalar => vec![scalar; labels.len()],
                        };
                        (name.clone(), cells)
                    })
                    .collect();
                return Ok(RawFrame {
                    rows: Rows::Labels(labels.into_iter().map(Lab::S).collect()),
                    columns,
                });
            }
            if lists == 0 {
                return Err(pandas_err(
                    "If using all scalar values, you must pass an index",
                ));
            }
            let mut n = None;
            for v in m.values() {
                if let Json::Array(a) = v {
                    if n.is_some_and(|n| n != a.len()) {
                        return Err(pandas_err("All arrays must be of the same length"));
                    }
                    n = Some(a.len());
                }
            }
            let n = n.unwrap_or(0);
            let columns = m
                .iter()
                .map(|(name, v)| {
                    let cells = match v {
                        Json::Array(a) => a.iter().collect(),
                        scalar => vec![scalar; n],
                    };
                    (name.clone(), cells)
                })
                .collect();
            Ok(RawFrame {
                rows: Rows::Range(n),
                columns,
            })
        }
        Json::Array(rows) => {
            if rows.is_empty() {
                return Ok(RawFrame::empty());
            }
            if rows.iter().all(Json::is_object) {
                // Records: columns in order of first appearance, missing → null.
                let mut names: IndexSet<&str> = IndexSet::new();
                for r in rows {
                    if let Json::Object(o) = r {
                        names.extend(o.keys().map(String::as_str));
                    }
                }
                let columns = names
                    .iter()
                    .map(|name| {
                        let cells = rows
                            .iter()
                            .map(|r| r.get(*name).unwrap_or(&JSON_NULL))
                            .collect();
                        (name.to_string(), cells)
                    })
                    .collect();
                Ok(RawFrame {
                    rows: Rows::Range(rows.len()),
                    columns,
                })
            } else if rows.iter().all(Json::is_array) {
                let width = rows
                    .iter()
                    .map(|r| r.as_array().map_or(0, Vec::len))
                    .max()
                    .unwrap_or(0);
                let columns = (0..width)
                    .map(|c| {
                        let cells = rows
                            .iter()
                            .map(|r| r.get(c).unwrap_or(&JSON_NULL))
                            .collect();
                        (c.to_string(), cells)
                    })
                    .collect();
                Ok(RawFrame {
                    rows: Rows::Range(rows.len()),
                    columns,
                })
            } else if rows.iter().all(|r| !r.is_array() && !r.is_object()) {
                Ok(RawFrame {
                    rows: Rows::Range(rows.len()),
                    columns: vec![("0".to_string(), rows.iter().collect())],
                })
            } else {
                Err(pandas_err("mixed rows of objects, lists and scalars"))
            }
        }
        _ => Err(pandas_err("DataFrame constructor not properly called!")),
    }
}

// ---------------------------------------------------------------------------------------
// MULTITSFRAME
// ---------------------------------------------------------------------------------------

/// Python repr of a string (single quotes, like `str(df.columns)` shows names).
fn py_str_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// numpy/pandas dtype name of a column, for error messages.
fn dtype_name(c: &Column) -> String {
    match c.kind() {
        ColumnKind::Float => "float64".into(),
        ColumnKind::Int => "int64".into(),
        ColumnKind::Bool => "bool".into(),
        ColumnKind::Str => "object".into(),
        ColumnKind::Datetime => match c.tz {
            Tz::Naive => "datetime64[ns]".into(),
            tz => format!("datetime64[ns, {}]", tz_name(tz)),
        },
    }
}

/// pandas' name of a timezone (`UTC`, `UTC+01:00`).
fn tz_name(tz: Tz) -> String {
    match tz {
        Tz::Naive => "None".into(),
        Tz::Utc => "UTC".into(),
        Tz::Fixed(off) => {
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.unsigned_abs();
            format!("UTC{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
        }
    }
}

fn column_has_missing(c: &Column) -> bool {
    match c.kind() {
        ColumnKind::Float => c.f64_values().is_some_and(|v| v.iter().any(|x| x.is_nan())),
        _ => c.has_nulls(),
    }
}

/// pandas `astype("string")` of a null-free column.
fn to_string_column(c: &Column) -> Column {
    let n = c.len();
    let values: Vec<Option<String>> = match c.kind() {
        ColumnKind::Str => return c.clone(),
        ColumnKind::Float => c
            .f64_values()
            .map(|v| v.iter().map(|f| Some(python_float_repr(*f))).collect())
            .unwrap_or_default(),
        ColumnKind::Int => c
            .i64_values()
            .map(|v| v.iter().map(|i| Some(i.to_string())).collect())
            .unwrap_or_default(),
        ColumnKind::Bool => c
            .bool_values()
            .map(|v| {
                v.into_iter()
                    .map(|b| b.map(|b| if b { "True" } else { "False" }.to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        ColumnKind::Datetime => c
            .datetime_ns_opt()
            .map(|v| {
                v.into_iter()
                    .map(|ns| ns.map(|ns| format_isoformat(ns, c.tz).replacen('T', " ", 1)))
                    .collect()
            })
            .unwrap_or_default(),
    };
    debug_assert_eq!(values.len(), n);
    Column::from_strings(values)
}

/// hetida's `validate_multits_properties` (hetida §3.2).
fn validate_multitsframe(mut f: FrameValue) -> Result<FrameValue, ParseError> {
    if f.columns.is_empty() {
        let mut columns = IndexMap::new();
        columns.insert(
            "timestamp".to_string(),
            Column::from_datetime_ns(Vec::new(), Tz::Utc),
        );
        columns.insert("metric".to_string(), Column::from_strings(Vec::new()));
        columns.insert("value".to_string(), Column::from_f64(Vec::new()));
        return Ok(FrameValue {
            index: Column::range(0),
            columns,
            attrs: f.attrs,
        });
    }
    if f.columns.len() < 3 {
        let names: Vec<String> = f.columns.keys().map(|k| py_str_repr(k)).collect();
        return Err(ParseError::new(format!(
            "MultiTSFrame requires at least 3 columns: metric, timestamp and at least one \
             additional columns. Only found Index([{}], dtype='object')",
            names.join(", ")
        )));
    }
    if !f.columns.contains_key("metric") || !f.columns.contains_key("timestamp") {
        let names: Vec<&str> = f.columns.keys().map(String::as_str).collect();
        return Err(ParseError::new(format!(
            "The column names {} don't contain required columns \"timestamp\" and \"metric\" \
             for a MultiTSFrame.",
            names.join(", ")
        )));
    }
    if column_has_missing(&f.columns["metric"]) {
        return Err(err(
            "No null values are allowed for the column 'metric' of a MulitTSFrame.",
        ));
    }
    let metric = to_string_column(&f.columns["metric"]);
    f.columns.insert("metric".to_string(), metric);
    if column_has_missing(&f.columns["timestamp"]) {
        return Err(err(
            "No null values are allowed for the column 'timestamp' of a MulitTSFrame.",
        ));
    }
    if f.height() == 0 {
        f.columns.insert(
            "timestamp".to_string(),
            Column::from_datetime_ns(Vec::new(), Tz::Utc),
        );
    }
    let ts = &f.columns["timestamp"];
    if ts.kind() != ColumnKind::Datetime || !ts.tz.is_aware() {
        return Err(ParseError::new(format!(
            "Column 'timestamp' of MultiTSFrame does not have DatetimeTZDtype dtype. \
             Got {} index dtype instead.",
            dtype_name(ts)
        )));
    }
    if ts.tz != Tz::Utc {
        return Err(ParseError::new(format!(
            "Column 'timestamp' of MultiTSFrame does not have UTC timezone. \
             Got {} timezone instead.",
            tz_name(ts.tz)
        )));
    }
    // Stable sort by timestamp, keeping the original row labels.
    let ns = ts.datetime_ns().unwrap_or_default();
    if !ns.windows(2).all(|w| w[0] <= w[1]) {
        let mut perm: Vec<usize> = (0..ns.len()).collect();
        perm.sort_by_key(|&i| ns[i]);
        drop(ns);
        f.index = f.index.take(&perm);
        for col in f.columns.values_mut() {
            *col = col.take(&perm);
        }
    }
    Ok(f)
}

// ---------------------------------------------------------------------------------------
// Type inference (pandas read_json emulation)
// ---------------------------------------------------------------------------------------

/// An axis label: an object key or a JSON value (split orient `index`).
#[derive(Debug, Clone, Copy)]
enum Lab<'a> {
    S(&'a str),
    J(&'a Json),
}

impl<'a> Lab<'a> {
    fn as_str(self) -> Option<&'a str> {
        match self {
            Lab::S(s) => Some(s),
            Lab::J(Json::String(s)) => Some(s.as_str()),
            Lab::J(_) => None,
        }
    }

    fn as_int(self) -> Option<i64> {
        match self {
            Lab::S(s) => python_int(s),
            Lab::J(Json::String(s)) => python_int(s),
            Lab::J(Json::Number(n)) => n.as_i64().or_else(|| {
                let f = n.as_f64()?;
                integral_i64(f)
            }),
            Lab::J(_) => None,
        }
    }

    fn as_float(self) -> Option<f64> {
        match self {
            Lab::S(s) => python_float(s),
            Lab::J(Json::String(s)) => python_float(s),
            Lab::J(Json::Number(n)) => n.as_f64(),
            Lab::J(Json::Null) => Some(f64::NAN),
            Lab::J(_) => None,
        }
    }

    fn to_label_string(self) -> Option<String> {
        match self {
            Lab::S(s) => Some(s.to_owned()),
            Lab::J(Json::Null) => None,
            Lab::J(j) => Some(label_name(j)),
        }
    }
}

/// `f` as `i64` when it is integral and in range.
fn integral_i64(f: f64) -> Option<i64> {
    if f.is_finite()
        && f.fract() == 0.0
        && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f)
    {
        Some(f as i64)
    } else {
        None
    }
}

/// Timezone classification of a set of parsed ISO timestamps.
#[derive(Debug, Clone, Copy, Default)]
struct TzClass {
    naive: bool,
    aware: bool,
    first_offset: Option<i32>,
    mixed_offsets: bool,
}

impl TzClass {
    #[inline]
    fn add(&mut self, offset: Option<i32>) {
        match offset {
            None => self.naive = true,
            Some(o) => {
                self.aware = true;
                match self.first_offset {
                    None => self.first_offset = Some(o),
                    Some(f) if f != o => self.mixed_offsets = true,
                    _ => {}
                }
            }
        }
    }

    /// The column timezone; `None` when naive and aware values are mixed, or when offsets
    /// differ and `mixed_to_utc` is false.
    fn tz(&self, mixed_to_utc: bool) -> Option<Tz> {
        if self.naive && self.aware {
            return None;
        }
        if !self.aware {
            return Some(Tz::Naive);
        }
        if self.mixed_offsets {
            return mixed_to_utc.then_some(Tz::Utc);
        }
        match self.first_offset {
            Some(0) | None => Some(Tz::Utc),
            Some(o) => Some(Tz::Fixed(o)),
        }
    }
}

/// Epoch conversion of integers: the first unit of s, ms, µs, ns whose nanoseconds fit.
fn epoch_ints(v: &[i64]) -> Vec<i64> {
    for mult in [1_000_000_000i64, 1_000_000, 1_000, 1] {
        let conv: Option<Vec<i64>> = v.iter().map(|x| x.checked_mul(mult)).collect();
        if let Some(c) = conv {
            return c;
        }
    }
    v.to_vec()
}

/// Epoch conversion of floats (NaN → NaT), first fitting unit; `None` when no unit fits
/// (pandas then keeps the numbers).
fn epoch_floats(v: &[f64]) -> Option<Vec<Option<i64>>> {
    const LIMIT: f64 = 9.223_372_036_854_775e18;
    for mult in [1_000_000_000i64, 1_000_000, 1_000, 1] {
        let m = mult as f64;
        if v.iter().all(|x| x.is_nan() || x.abs() * m < LIMIT) {
            return Some(
                v.iter()
                    .map(|x| {
                        if x.is_nan() {
                            None
                        } else {
                            let whole = x.trunc();
                            Some(whole as i64 * mult + ((x - whole) * m).round() as i64)
                        }
                    })
                    .collect(),
            );
        }
    }
    None
}

/// pandas axis conversion (`_convert_axes`) of index labels.
fn infer_labels(labels: &[Lab<'_>]) -> Column {
    if labels.is_empty() {
        return Column::from_i64(Vec::new());
    }
    // ISO-8601 datetimes (mixed offsets are converted to UTC).
    if labels.iter().all(|l| l.as_str().is_some()) {
        let mut class = TzClass::default();
        let mut ns = Vec::with_capacity(labels.len());
        let mut ok = true;
        let mut cache = DateCache::default();
        for l in labels {
            match l.as_str().and_then(|s| parse_iso8601_cached(s, &mut cache)) {
                Some(p) => {
                    class.add(p.offset);
                    ns.push(p.ns);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            if let Some(tz) = class.tz(true) {
                return Column::from_datetime_ns(ns, tz);
            }
        }
    }
    // Integer-like labels; epoch datetimes when all are above one year in seconds.
    let ints: Option<Vec<i64>> = labels.iter().map(|l| l.as_int()).collect();
    if let Some(ints) = ints {
        if ints.iter().all(|&i| i > MIN_STAMP) {
            return Column::from_datetime_ns(epoch_ints(&ints), Tz::Naive);
        }
        return Column::from_i64(ints);
    }
    // Float-like labels (pandas tries float64, then int64 when all integral).
    let floats: Option<Vec<f64>> = labels.iter().map(|l| l.as_float()).collect();
    if let Some(floats) = floats {
        if floats.iter().all(|&f| f.is_nan() || f > MIN_STAMP as f64)
            && floats.iter().any(|f| !f.is_nan())
        {
            if let Some(ns) = epoch_floats(&floats) {
                return Column::from_opt_datetime_ns(ns, Tz::Naive);
            }
        }
        let ints: Option<Vec<i64>> = floats.iter().map(|&f| integral_i64(f)).collect();
        return match ints {
            Some(i) => Column::from_i64(i),
            None => Column::from_f64(floats),
        };
    }
    Column::from_strings(labels.iter().map(|l| l.to_label_string()).collect())
}

/// Which date conversion pandas attempts on values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateMode {
    /// Frame columns with ordinary names: none.
    No,
    /// Series data: ISO strings (all-numeric values are *not* converted — decided deviation
    /// from hetida quirk Q3).
    SeriesData,
    /// Frame columns named like dates: ISO strings and epoch numbers.
    FrameDateColumn,
}

/// Python `str()` of a JSON cell (used for string columns and labels).
fn cell_to_string(j: &Json) -> String {
    match j {
        Json::Null => "None".into(),
        Json::Bool(b) => if *b { "True" } else { "False" }.into(),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(u)) => u.to_string(),
            _ => python_float_repr(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A numeric column from parsed numbers: ints when all are integral and none is missing,
/// else floats; epoch datetimes for date-named frame columns.
fn numeric_column(floats: Vec<f64>, ints: Option<Vec<i64>>, mode: DateMode) -> Column {
    if mode == DateMode::FrameDateColumn
        && floats.iter().any(|f| !f.is_nan())
        && floats.iter().all(|&f| f.is_nan() || f > MIN_STAMP as f64)
    {
        match ints {
            Some(i) => return Column::from_datetime_ns(epoch_ints(&i), Tz::Naive),
            None => {
                if let Some(ns) = epoch_floats(&floats) {
                    return Column::from_opt_datetime_ns(ns, Tz::Naive);
                }
            }
        }
    }
    match ints {
        Some(i) => Column::from_i64(i),
        None => Column::from_f64(floats),
    }
}

/// pandas value inference for series data and frame columns (see [`parse`]).
fn infer_values(cells: &[&Json], mode: DateMode) -> Column {
    let n = cells.len();
    let (mut nulls, mut nums, mut strs, mut others) = (0, 0, 0, 0);
    for c in cells {
        match c {
            Json::Null => nulls += 1,
            Json::Number(_) => nums += 1,
            Json::Bool(_) => {}
            Json::String(_) => strs += 1,
            _ => others += 1,
        }
    }
    if nulls == n {
        return Column::from_f64(vec![f64::NAN; n]);
    }
    if others == 0 {
        if strs == 0 && nums == 0 && nulls == 0 {
            return Column::from_bool(cells.iter().map(|c| c.as_bool() == Some(true)).collect());
        }
        if strs > 0 && mode != DateMode::No && strs + nulls == n {
            if let Some(col) = iso_column(cells) {
                return col;
            }
        }
        // Numeric coercion: numbers, bools as 1/0, numeric strings, null → NaN.
        let mut floats = Vec::with_capacity(n);
        let mut ints: Option<Vec<i64>> = if nulls == 0 {
            Some(Vec::with_capacity(n))
        } else {
            None
        };
        let mut numeric = true;
        for c in cells {
            let (f, i) = match c {
                Json::Null => (f64::NAN, None),
                Json::Bool(b) => (if *b { 1.0 } else { 0.0 }, Some(i64::from(*b))),
                Json::Number(num) => match num.as_i64() {
                    Some(i) => (i as f64, Some(i)),
                    None => {
                        let f = num.as_f64().unwrap_or(f64::NAN);
                        (f, integral_i64(f))
                    }
                },
                Json::String(s) => match python_float(s) {
                    Some(f) => (f, integral_i64(f)),
                    None => {
                        numeric = false;
                        break;
                    }
                },
                _ => unreachable!("no nested values here"),
            };
            floats.push(f);
            match (&mut ints, i) {
                (Some(v), Some(i)) => v.push(i),
                (Some(_), None) => ints = None,
                _ => {}
            }
        }
        if numeric {
            return numeric_column(floats, ints, mode);
        }
    }
    Column::from_strings(
        cells
            .iter()
            .map(|c| match c {
                Json::Null => None,
                other => Some(cell_to_string(other)),
            })
            .collect(),
    )
}

/// All non-null cells are ISO-8601 strings with one timezone class → datetime column.
fn iso_column(cells: &[&Json]) -> Option<Column> {
    let mut class = TzClass::default();
    let mut out = Vec::with_capacity(cells.len());
    let mut any_null = false;
    let mut cache = DateCache::default();
    for c in cells {
        match c {
            Json::Null => {
                any_null = true;
                out.push(None);
            }
            Json::String(s) => {
                let p = parse_iso8601_cached(s, &mut cache)?;
                class.add(p.offset);
                out.push(Some(p.ns));
            }
            _ => return None,
        }
    }
    let tz = class.tz(false)?;
    Some(if any_null {
        Column::from_opt_datetime_ns(out, tz)
    } else {
        Column::from_datetime_ns(out.into_iter().flatten().collect(), tz)
    })
}

// ---------------------------------------------------------------------------------------
// Fast path: a large `{"<iso>": number, ...}` series string
// ---------------------------------------------------------------------------------------

mod fast {
    //! Streams a JSON object with ISO-8601 keys and numeric/null values straight into
    //! column buffers, without building a `serde_json::Value` tree. Anything else makes it
    //! give up, and the caller takes the general path.

    use super::{integral_i64, TzClass};
    use crate::value::column::Column;
    use crate::value::timestamp::{parse_iso8601_cached, DateCache, ParsedTs};
    use crate::value::SeriesValue;
    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
    use std::fmt;

    struct Acc {
        ns: Vec<i64>,
        floats: Vec<f64>,
        ints: Vec<i64>,
        all_int: bool,
        class: TzClass,
    }

    struct KeySeed<'c>(&'c mut DateCache);

    impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
        type Value = ParsedTs;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ParsedTs, D::Error> {
            d.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for KeySeed<'_> {
        type Value = ParsedTs;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an ISO-8601 timestamp key")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<ParsedTs, E> {
            parse_iso8601_cached(v, self.0).ok_or_else(|| E::custom("not a timestamp"))
        }
    }

    /// A numeric JSON value or null.
    enum Num {
        I(i64),
        F(f64),
        Null,
    }

    struct NumSeed;

    impl<'de> DeserializeSeed<'de> for NumSeed {
        type Value = Num;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Num, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for NumSeed {
        type Value = Num;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or null")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
            Ok(Num::I(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
            Ok(match i64::try_from(v) {
                Ok(i) => Num::I(i),
                Err(_) => Num::F(v as f64),
            })
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
            Ok(Num::F(v))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Num, E> {
            Ok(Num::Null)
        }
    }

    struct SeriesVisitor;

    impl<'de> Visitor<'de> for SeriesVisitor {
        type Value = Acc;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Acc, A::Error> {
            let cap = map.size_hint().unwrap_or(0);
            let mut acc = Acc {
                ns: Vec::with_capacity(cap),
                floats: Vec::with_capacity(cap),
                ints: Vec::with_capacity(cap),
                all_int: true,
                class: TzClass::default(),
            };
            let mut cache = DateCache::default();
            while let Some(key) = map.next_key_seed(KeySeed(&mut cache))? {
                acc.class.add(key.offset);
                acc.ns.push(key.ns);
                let (f, i) = match map.next_value_seed(NumSeed)? {
                    Num::I(i) => (i as f64, Some(i)),
                    Num::F(f) => (f, integral_i64(f)),
                    Num::Null => (f64::NAN, None),
                };
                acc.floats.push(f);
                if acc.all_int {
                    match i {
                        Some(i) => acc.ints.push(i),
                        None => {
                            acc.all_int = false;
                            acc.ints = Vec::new();
                        }
                    }
                }
            }
            Ok(acc)
        }
    }

    /// The series for `s` when it is a plain `{"<iso>": number|null, ...}` object with
    /// strictly increasing timestamps (so no key can repeat) and one timezone class;
    /// `None` otherwise.
    pub(super) fn series_from_text(s: &str) -> Option<SeriesValue> {
        let mut de = serde_json::Deserializer::from_str(s);
        let acc = de.deserialize_map(SeriesVisitor).ok()?;
        de.end().ok()?;
        if acc.ns.is_empty() || !acc.ns.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        let tz = acc.class.tz(true)?;
        let index = Column::from_datetime_ns(acc.ns, tz);
        let values = if acc.all_int {
            Column::from_i64(acc.ints)
        } else {
            Column::from_f64(acc.floats)
        };
        Some(SeriesValue::new(index, values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::json_out::{to_json_string, Style};
    use serde_json::json;

    const Y2020: i64 = 1_577_836_800_000_000_000;
    const HOUR: i64 = 3_600_000_000_000;
    const DAY: i64 = 24 * HOUR;

    fn text(s: &str, dt: DataType) -> Result<Value, ParseError> {
        parse(Raw::Text(Cow::Borrowed(s)), dt)
    }

    fn js(j: Json, dt: DataType) -> Result<Value, ParseError> {
        parse(Raw::Json(Cow::Owned(j)), dt)
    }

    fn series(v: Result<Value, ParseError>) -> SeriesValue {
        match v {
            Ok(Value::Series(s)) => s,
            other => panic!("expected a series, got {other:?}"),
        }
    }

    fn frame(v: Result<Value, ParseError>) -> FrameValue {
        match v {
            Ok(Value::Frame(f)) => f,
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    fn err_msg(v: Result<Value, ParseError>) -> String {
        match v {
            Err(e) => e.message,
            Ok(v) => panic!("expected an error, got {v:?}"),
        }
    }

    fn ints(c: &Column) -> Vec<i64> {
        assert_eq!(c.kind(), ColumnKind::Int, "{c:?}");
        c.i64_values().unwrap().into_owned()
    }

    fn floats(c: &Column) -> Vec<f64> {
        assert_eq!(c.kind(), ColumnKind::Float, "{c:?}");
        c.f64_values().unwrap().into_owned()
    }

    fn strs(c: &Column) -> Vec<Option<String>> {
        assert_eq!(c.kind(), ColumnKind::Str, "{c:?}");
        c.str_values()
            .unwrap()
            .into_iter()
            .map(|s| s.map(str::to_owned))
            .collect()
    }

    fn dts(c: &Column) -> (Vec<i64>, Tz) {
        assert_eq!(c.kind(), ColumnKind::Datetime, "{c:?}");
        (c.datetime_ns().unwrap().into_owned(), c.tz)
    }

    fn same_floats(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }

    fn out(v: &Value) -> String {
        to_json_string(v, Style::Current).unwrap()
    }

    // ----- scalars -------------------------------------------------------------------

    #[test]
    fn int_rules() {
        for (s, v) in [
            ("42", 42),
            (" -1_000 ", -1000),
            ("+7", 7),
            ("007", 7),
            ("\t12\n", 12),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(text(s, DataType::Int), Ok(Value::Int(v)), "{s:?}");
        }
        for s in [
            "42.0",
            "4.2e1",
            "true",
            "",
            "1__0",
            "_1",
            "1_",
            "- 1",
            "0x10",
            "9223372036854775808",
        ] {
            assert_eq!(err_msg(text(s, DataType::Int)), NOT_INT, "{s:?}");
        }
        assert_eq!(js(json!(3.7), DataType::Int), Ok(Value::Int(3)));
        assert_eq!(js(json!(-3.7), DataType::Int), Ok(Value::Int(-3)));
        assert_eq!(js(json!(true), DataType::Int), Ok(Value::Int(1)));
        assert_eq!(js(json!("12"), DataType::Int), Ok(Value::Int(12)));
        assert_eq!(err_msg(js(json!([1]), DataType::Int)), NOT_INT);
        assert_eq!(err_msg(js(Json::Null, DataType::Int)), NONE_NOT_ALLOWED);
        assert_eq!(
            parse(Raw::Value(Value::Float(2.9)), DataType::Int),
            Ok(Value::Int(2))
        );
        assert_eq!(
            err_msg(parse(Raw::Value(Value::Float(f64::NAN)), DataType::Int)),
            NOT_INT
        );
    }

    #[test]
    fn float_rules() {
        let f = |s: &str| match text(s, DataType::Float) {
            Ok(Value::Float(f)) => f,
            other => panic!("{s:?}: {other:?}"),
        };
        assert_eq!(f("3"), 3.0);
        assert!(f("NaN").is_nan());
        assert!(f("nan").is_nan());
        assert_eq!(f("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(f("inf"), f64::INFINITY);
        assert_eq!(f("+iNf"), f64::INFINITY);
        assert_eq!(f(" 1_000.5 "), 1000.5);
        assert_eq!(f("1e5"), 1e5);
        assert_eq!(f("1.5E-3"), 1.5e-3);
        assert_eq!(f(".5"), 0.5);
        assert_eq!(f("5."), 5.0);
        assert_eq!(f("-0"), 0.0);
        for s in [
            "", "abc", "true", "1_e5", "1e", "e5", ".", "1..2", "1_", "infinite", "0x1",
        ] {
            assert_eq!(err_msg(text(s, DataType::Float)), NOT_FLOAT, "{s:?}");
        }
        assert_eq!(js(json!(true), DataType::Float), Ok(Value::Float(1.0)));
        assert_eq!(js(json!(2), DataType::Float), Ok(Value::Float(2.0)));
        assert_eq!(js(json!("2.5"), DataType::Float), Ok(Value::Float(2.5)));
        assert_eq!(err_msg(js(json!({}), DataType::Float)), NOT_FLOAT);
    }

    #[test]
    fn boolean_rules() {
        // §12.7 case 3.
        for s in ["true", "True", "1", "yes", "on", "t", "y", "TRUE", "Yes"] {
            assert_eq!(text(s, DataType::Boolean), Ok(Value::Bool(true)), "{s:?}");
        }
        for s in ["false", "False", "0", "no", "off", "f", "n", "OFF"] {
            assert_eq!(text(s, DataType::Boolean), Ok(Value::Bool(false)), "{s:?}");
        }
        for s in ["2", "", " true", "true ", "ja", "1.0"] {
            assert_eq!(err_msg(text(s, DataType::Boolean)), NOT_BOOL, "{s:?}");
        }
        assert_eq!(js(json!(1), DataType::Boolean), Ok(Value::Bool(true)));
        assert_eq!(js(json!(0), DataType::Boolean), Ok(Value::Bool(false)));
        assert_eq!(js(json!(1.0), DataType::Boolean), Ok(Value::Bool(true)));
        assert_eq!(js(json!(false), DataType::Boolean), Ok(Value::Bool(false)));
        assert_eq!(err_msg(js(json!(2), DataType::Boolean)), NOT_BOOL);
    }

    #[test]
    fn string_rules() {
        assert_eq!(
            text("\"x\"", DataType::String),
            Ok(Value::Str("\"x\"".into()))
        );
        assert_eq!(text(" a ", DataType::String), Ok(Value::Str(" a ".into())));
        assert_eq!(
            js(json!(1.0), DataType::String),
            Ok(Value::Str("1.0".into()))
        );
        assert_eq!(
            js(json!(1e-7), DataType::String),
            Ok(Value::Str("1e-07".into()))
        );
        assert_eq!(js(json!(1), DataType::String), Ok(Value::Str("1".into())));
        assert_eq!(
            js(json!(true), DataType::String),
            Ok(Value::Str("True".into()))
        );
        assert_eq!(err_msg(js(json!([1]), DataType::String)), NOT_STR);
        assert_eq!(err_msg(js(json!({"a": 1}), DataType::String)), NOT_STR);
        assert_eq!(err_msg(js(Json::Null, DataType::String)), NONE_NOT_ALLOWED);
    }

    #[test]
    fn any_rules() {
        // §3.2 examples and §12.7 case 4.
        assert_eq!(
            text(r#"{"a": 1}"#, DataType::Any),
            Ok(Value::Json(json!({"a": 1})))
        );
        assert_eq!(text("[1,2]", DataType::Any), Ok(Value::Json(json!([1, 2]))));
        // Rheo extension: wrapped pandas objects in ANY become Series/DataFrames; objects
        // that only look wrapped stay JSON.
        let wrapped = r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"k": 1},
            "__data__": {"name": "s", "index": [0, 1], "data": [1.5, 2.5]},
            "__data_parsing_options__": {"orient": "split"}}"#;
        let Ok(Value::Series(s)) = text(wrapped, DataType::Any) else {
            panic!("wrapped series in ANY")
        };
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [1.5, 2.5]);
        let frame = r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
            "__data__": {"a": {"2020-01-01T00:00:00Z": 1.0}}}"#;
        assert!(matches!(text(frame, DataType::Any), Ok(Value::Frame(_))));
        let broken = r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": 3}"#;
        assert!(matches!(text(broken, DataType::Any), Ok(Value::Json(_))));
        assert_eq!(text("hello", DataType::Any), Ok(Value::Str("hello".into())));
        assert_eq!(
            text(r#""abc""#, DataType::Any),
            Ok(Value::Str("abc".into()))
        );
        assert_eq!(
            text(r#""quoted""#, DataType::Any),
            Ok(Value::Str("quoted".into()))
        );
        // Q2: double decoding kept.
        assert_eq!(text(r#""42""#, DataType::Any), Ok(Value::Int(42)));
        assert_eq!(text(r#""[1]""#, DataType::Any), Ok(Value::Json(json!([1]))));
        assert_eq!(
            text(r#""\"x\"""#, DataType::Any),
            Ok(Value::Str("x".into()))
        );
        assert_eq!(text("3", DataType::Any), Ok(Value::Int(3)));
        assert_eq!(text("2.5", DataType::Any), Ok(Value::Float(2.5)));
        assert_eq!(text("true", DataType::Any), Ok(Value::Bool(true)));
        assert_eq!(text("null", DataType::Any), Ok(Value::Null));
        assert_eq!(text("", DataType::Any), Ok(Value::Str(String::new())));
        match text("NaN", DataType::Any) {
            Ok(Value::Float(f)) => assert!(f.is_nan()),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            text("-Infinity", DataType::Any),
            Ok(Value::Float(f64::NEG_INFINITY))
        );
        // Non-strings pass through; JSON strings are decoded like text.
        assert_eq!(js(json!(1.5), DataType::Any), Ok(Value::Float(1.5)));
        assert_eq!(
            js(json!({"a": [1]}), DataType::Any),
            Ok(Value::Json(json!({"a": [1]})))
        );
        assert_eq!(js(json!("42"), DataType::Any), Ok(Value::Int(42)));
        assert_eq!(err_msg(js(Json::Null, DataType::Any)), NONE_NOT_ALLOWED);
        assert_eq!(
            parse(Raw::Value(Value::Str("[1]".into())), DataType::Any),
            Ok(Value::Str("[1]".into()))
        );
    }

    #[test]
    fn plotlyjson_rules() {
        assert_eq!(
            err_msg(text(r#"{"data": []}"#, DataType::PlotlyJson)),
            NOT_DICT
        );
        assert_eq!(
            js(json!({"data": []}), DataType::PlotlyJson),
            Ok(Value::Json(json!({"data": []})))
        );
        assert_eq!(err_msg(js(json!("{}"), DataType::PlotlyJson)), NOT_DICT);
        assert_eq!(err_msg(js(json!([1]), DataType::PlotlyJson)), NOT_DICT);
    }

    #[test]
    fn defaults_are_nullable() {
        for dt in [
            DataType::Int,
            DataType::Series,
            DataType::MultiTsFrame,
            DataType::Any,
            DataType::PlotlyJson,
        ] {
            assert_eq!(parse_default(None, dt), Ok(Value::Null));
            assert_eq!(parse_default(Some(&Json::Null), dt), Ok(Value::Null));
        }
        assert_eq!(
            parse_default(Some(&json!("42")), DataType::Int),
            Ok(Value::Int(42))
        );
        assert_eq!(
            parse_default(Some(&json!(5)), DataType::Float),
            Ok(Value::Float(5.0))
        );
        assert_eq!(
            parse_default(Some(&json!("x")), DataType::Any),
            Ok(Value::Str("x".into()))
        );
        assert_eq!(
            parse_default(Some(&json!({"a": 1})), DataType::PlotlyJson),
            Ok(Value::Json(json!({"a": 1})))
        );
        let s = series(parse_default(
            Some(&json!({"2020-01-01T01:15:27.000Z": 42.2})),
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020 + 4_527_000_000_000], Tz::Utc));
        assert_eq!(floats(&s.values), vec![42.2]);
    }

    #[test]
    fn native_values() {
        let s = SeriesValue::new(Column::range(1), Column::from_f64(vec![1.0]));
        assert_eq!(
            parse(Raw::Value(Value::Series(s.clone())), DataType::Series),
            Ok(Value::Series(s.clone()))
        );
        assert!(err_msg(parse(
            Raw::Value(Value::Series(s.clone())),
            DataType::DataFrame
        ))
        .contains("unexpected type"));
        assert_eq!(
            parse(Raw::Value(Value::Series(s.clone())), DataType::Any),
            Ok(Value::Series(s))
        );
        assert_eq!(
            parse(Raw::Value(Value::Int(1)), DataType::Float),
            Ok(Value::Float(1.0))
        );
        assert_eq!(
            parse(Raw::Value(Value::Str("5".into())), DataType::Int),
            Ok(Value::Int(5))
        );
        let s = series(parse(
            Raw::Value(Value::Json(json!("[1, 2]"))),
            DataType::Series,
        ));
        assert_eq!(ints(&s.values), vec![1, 2]);
        assert_eq!(
            parse(Raw::Value(Value::Float(1.0)), DataType::String),
            Ok(Value::Str("1.0".into()))
        );
        assert_eq!(
            err_msg(parse(Raw::Value(Value::Null), DataType::Any)),
            NONE_NOT_ALLOWED
        );
        let f = frame(text(r#"{"a": [1]}"#, DataType::DataFrame));
        assert_eq!(
            parse(Raw::Value(Value::Frame(f.clone())), DataType::MultiTsFrame),
            Ok(Value::Frame(f))
        );
    }

    // ----- series --------------------------------------------------------------------

    #[test]
    fn series_round_trip_table() {
        // §3.3 round-trip table and §12.7 case 5.
        let v = text(
            r#"{"2020-01-01T00:00:00Z": 1.0, "2020-01-02T00:00:00Z": 2.0}"#,
            DataType::Series,
        )
        .unwrap();
        assert!(out(&v).contains(
            r#""__data__":{"name":null,"index":["2020-01-01T00:00:00.000Z","2020-01-02T00:00:00.000Z"],"data":[1,2]}"#
        ));
        let v = text(
            r#"{"2020-01-01T00:00:00Z": 1.5, "2020-01-02T00:00:00Z": null}"#,
            DataType::Series,
        )
        .unwrap();
        assert_eq!(
            out(&v),
            concat!(
                r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"#,
                r#""__data__":{"name":null,"index":["2020-01-01T00:00:00.000Z","2020-01-02T00:00:00.000Z"],"data":[1.5,null]},"#,
                r#""__data_parsing_options__":{"orient":"split"}}"#
            )
        );
        let v = text("[1.2, 3.5]", DataType::Series).unwrap();
        assert!(out(&v).contains(r#""__data__":{"name":null,"index":[0,1],"data":[1.2,3.5]}"#));
        let v = text(r#"{"2020-01-01T00:00:00+01:00": 1}"#, DataType::Series).unwrap();
        assert!(out(&v).contains(r#""index":["2019-12-31T23:00:00.000Z"],"data":[1]"#));
    }

    #[test]
    fn series_index_timezones() {
        let s = series(text(r#"{"2020-01-01T00:00:00Z": 1.5}"#, DataType::Series));
        assert_eq!(dts(&s.index), (vec![Y2020], Tz::Utc));
        let s = series(text(
            r#"{"2020-01-01T00:00:00+00:00": 1.5}"#,
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020], Tz::Utc));
        let s = series(text(
            r#"{"2020-01-01T01:00:00+01:00": 1, "2020-01-01T02:00:00+01:00": 2}"#,
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + HOUR], Tz::Fixed(3600)));
        let s = series(text(
            r#"{"2020-01-01T00:00:00": 1, "2020-01-01 01:00": 2, "2020-01-02": 3}"#,
            DataType::Series,
        ));
        assert_eq!(
            dts(&s.index),
            (vec![Y2020, Y2020 + HOUR, Y2020 + DAY], Tz::Naive)
        );
        // Mixed aware offsets → UTC.
        let s = series(text(
            r#"{"2020-01-01T01:00:00+01:00": 1, "2020-01-01T01:00:00Z": 2}"#,
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + HOUR], Tz::Utc));
        // Mixed naive and aware → strings.
        let s = series(text(
            r#"{"2020-01-01T00:00:00": 1, "2020-01-01T01:00:00Z": 2}"#,
            DataType::Series,
        ));
        assert_eq!(
            strs(&s.index),
            vec![
                Some("2020-01-01T00:00:00".to_string()),
                Some("2020-01-01T01:00:00Z".to_string())
            ]
        );
        // Unsorted keys take the general path and keep their order.
        let s = series(text(
            r#"{"2020-01-02T00:00:00Z": 1, "2020-01-01T00:00:00Z": 2}"#,
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020 + DAY, Y2020], Tz::Utc));
        assert_eq!(ints(&s.values), vec![1, 2]);
    }

    #[test]
    fn series_integer_and_string_labels() {
        let s = series(text(r#"{"1": 5, "2": 6}"#, DataType::Series));
        assert_eq!(ints(&s.index), vec![1, 2]);
        assert_eq!(ints(&s.values), vec![5, 6]);
        let s = series(text(r#"{"1577836800000": 1.5}"#, DataType::Series));
        assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
        let s = series(text(r#"{"1577836800": 1.5}"#, DataType::Series));
        assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
        let s = series(text(r#"{"1577836800000000": 1.5}"#, DataType::Series));
        assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
        let s = series(text(r#"{"1": 1, "1577836800": 2}"#, DataType::Series));
        assert_eq!(ints(&s.index), vec![1, 1_577_836_800]);
        let s = series(text(r#"{"a": 1, "b": 2}"#, DataType::Series));
        assert_eq!(strs(&s.index), vec![Some("a".into()), Some("b".into())]);
        let s = series(text(r#"{"0.5": 1, "1.5": 2}"#, DataType::Series));
        assert_eq!(floats(&s.index), vec![0.5, 1.5]);
        // Duplicate keys collapse like a Python dict: first position, last value.
        let s = series(text(
            r#"{"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00Z": 2, "2020-01-01T00:00:00Z": 3}"#,
            DataType::Series,
        ));
        assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + DAY], Tz::Utc));
        assert_eq!(ints(&s.values), vec![3, 2]);
    }

    #[test]
    fn series_value_inference() {
        let vals = |s: &str| series(text(s, DataType::Series)).values;
        assert_eq!(ints(&vals("[1.0, 2.0]")), vec![1, 2]);
        assert!(same_floats(&floats(&vals("[1.0, null]")), &[1.0, f64::NAN]));
        assert!(same_floats(&floats(&vals("[1, null]")), &[1.0, f64::NAN]));
        assert_eq!(floats(&vals("[1.5, 2]")), vec![1.5, 2.0]);
        assert_eq!(
            vals("[true, false]").bool_values().unwrap(),
            vec![Some(true), Some(false)]
        );
        assert!(same_floats(
            &floats(&vals("[true, null]")),
            &[1.0, f64::NAN]
        ));
        assert_eq!(ints(&vals(r#"["1", "2"]"#)), vec![1, 2]);
        assert_eq!(floats(&vals(r#"["1.5", 2]"#)), vec![1.5, 2.0]);
        assert_eq!(ints(&vals(r#"[1, "2", true]"#)), vec![1, 2, 1]);
        assert_eq!(strs(&vals(r#"["a", null]"#)), vec![Some("a".into()), None]);
        assert_eq!(
            strs(&vals(r#"[1, "a", 1.5, true]"#)),
            vec![
                Some("1".into()),
                Some("a".into()),
                Some("1.5".into()),
                Some("True".into())
            ]
        );
        assert!(same_floats(
            &floats(&vals("[null, null]")),
            &[f64::NAN, f64::NAN]
        ));
        // ISO values → datetimes; NaT for nulls; mixed offsets stay strings.
        let c = vals(r#"["2020-01-01T00:00:00Z", null]"#);
        assert_eq!(c.datetime_ns_opt().unwrap(), vec![Some(Y2020), None]);
        assert_eq!(c.tz, Tz::Utc);
        let c = vals(r#"["2020-01-01T00:00:00+01:00", "2020-01-01T00:00:00Z"]"#);
        assert_eq!(c.kind(), ColumnKind::Str);
        // Decided deviation from Q3: large numbers stay numbers.
        assert_eq!(
            ints(&vals("[100000000, 200000000]")),
            vec![100_000_000, 200_000_000]
        );
        // Huge floats are not integral in int64.
        assert_eq!(floats(&vals("[1e300, 1.0]")), vec![1e300, 1.0]);
        // Nested values become JSON text.
        assert_eq!(
            strs(&vals(r#"[{"a": 1}, [1, 2]]"#)),
            vec![Some(r#"{"a":1}"#.into()), Some("[1,2]".into())]
        );
    }

    #[test]
    fn series_empty_and_odd_inputs() {
        for s in ["{}", "[]", "null"] {
            let v = series(text(s, DataType::Series));
            assert_eq!(v.len(), 0);
            assert_eq!(v.values.kind(), ColumnKind::Float);
            assert_eq!(v.index.kind(), ColumnKind::Int);
        }
        let v = Value::Series(series(text("{}", DataType::Series)));
        assert!(out(&v).contains(r#""__data__":{"name":null,"index":[],"data":[]}"#));
        // Not JSON: pandas' second attempt yields a one-element string series.
        let s = series(text("abc", DataType::Series));
        assert_eq!(strs(&s.values), vec![Some("abc".into())]);
        assert_eq!(ints(&s.index), vec![0]);
        let s = series(text("2020-01-01", DataType::Series));
        assert_eq!(dts(&s.values), (vec![Y2020], Tz::Naive));
        // A JSON scalar from an adapter is rejected.
        assert!(err_msg(js(json!(5), DataType::Series)).contains("unexpected type"));
    }

    #[test]
    fn series_wrapped() {
        let input = r#"{"__hd_wrapped_data_object__": "SERIES",
            "__metadata__": {"unit": "K"},
            "__data__": {"name": "temp",
                         "index": ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
                         "data": [290.1, 290.4]},
            "__data_parsing_options__": {"orient": "split"}}"#;
        let v = text(input, DataType::Series).unwrap();
        let Value::Series(s) = &v else { panic!() };
        let t2024 = 1_704_067_200_000_000_000;
        assert_eq!(dts(&s.index), (vec![t2024, t2024], Tz::Utc));
        assert_eq!(floats(&s.values), vec![290.1, 290.4]);
        assert_eq!(s.name.as_deref(), Some("temp"));
        assert_eq!(s.attrs.get("unit"), Some(&json!("K")));
        // Duplicates survive the round trip.
        assert_eq!(
            out(&v),
            concat!(
                r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{"unit":"K"},"#,
                r#""__data__":{"name":"temp","index":["2024-01-01T00:00:00.000Z","2024-01-01T00:00:00.000Z"],"data":[290.1,290.4]},"#,
                r#""__data_parsing_options__":{"orient":"split"}}"#
            )
        );
        // Our own output parses back to the same value.
        assert_eq!(text(&out(&v), DataType::Series).unwrap(), v);
        // Wrapped list data without options.
        let s = series(text(
            r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"test": 43}, "__data__": [1.2, 3.7, 8.9]}"#,
            DataType::Series,
        ));
        assert_eq!(floats(&s.values), vec![1.2, 3.7, 8.9]);
        assert_eq!(ints(&s.index), vec![0, 1, 2]);
        assert_eq!(s.attrs.get("test"), Some(&json!(43)));
        // Split with integer index and NaN.
        let s = series(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"name":null,"index":[3,1],"data":[null,2.5]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series,
        ));
        assert_eq!(ints(&s.index), vec![3, 1]);
        assert!(same_floats(&floats(&s.values), &[f64::NAN, 2.5]));
        // Errors inside wrapped split data.
        assert!(err_msg(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series
        ))
        .starts_with(PANDAS_FAIL));
        assert!(err_msg(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"x":[1],"data":[1]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series
        ))
        .contains("unexpected key(s): x"));
    }

    #[test]
    fn series_wrapped_marker_quirks() {
        // Q12: a string with the wrong marker is parsed as plain data.
        let input = r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {}, "__data__": [1, 2]}"#;
        let s = series(text(input, DataType::Series));
        assert_eq!(
            strs(&s.index),
            vec![
                Some("__hd_wrapped_data_object__".into()),
                Some("__metadata__".into()),
                Some("__data__".into())
            ]
        );
        assert_eq!(
            strs(&s.values),
            vec![
                Some("DATAFRAME".into()),
                Some("{}".into()),
                Some("[1,2]".into())
            ]
        );
        // A non-string value is unwrapped whatever its marker.
        let s = series(js(serde_json::from_str(input).unwrap(), DataType::Series));
        assert_eq!(ints(&s.values), vec![1, 2]);
        // Missing metadata → not wrapped.
        let s = series(text(
            r#"{"__hd_wrapped_data_object__": "SERIES", "__data__": [1, 2]}"#,
            DataType::Series,
        ));
        assert_eq!(s.len(), 2);
        assert_eq!(s.index.kind(), ColumnKind::Str);
    }

    #[test]
    fn fast_path_matches_general_path() {
        let mut s = String::from("{");
        for i in 0..1000i64 {
            if i > 0 {
                s.push(',');
            }
            let ts = crate::value::timestamp::format_iso_ms(Y2020 + i * 60_000_000_000, true);
            let v = if i % 7 == 0 {
                "null".to_string()
            } else {
                format!("{}", i as f64 * 0.5)
            };
            s.push_str(&format!("\"{ts}\": {v}"));
        }
        s.push('}');
        let fast = fast::series_from_text(&s).expect("fast path");
        let general = series_from_json(&serde_json::from_str(&s).unwrap(), None).unwrap();
        assert_eq!(fast, general);
        assert_eq!(fast.index.tz, Tz::Utc);
        assert!(fast.values.f64_values().unwrap()[0].is_nan());
        // Integral values → ints on both paths.
        let s = r#"{"2020-01-01T00:00:00": 1.0, "2020-01-01T00:00:01": -2}"#;
        let fast = fast::series_from_text(s).expect("fast path");
        assert_eq!(
            fast,
            series_from_json(&serde_json::from_str(s).unwrap(), None).unwrap()
        );
        assert_eq!(ints(&fast.values), vec![1, -2]);
        assert_eq!(fast.index.tz, Tz::Naive);
        // Escaped keys are fine.
        let s = r#"{"2020-01-01T00:00:00\u005a": 1}"#;
        assert_eq!(
            dts(&fast::series_from_text(s).unwrap().index),
            (vec![Y2020], Tz::Utc)
        );
        // Things the fast path leaves to the general path.
        for s in [
            "{}",
            "[1]",
            r#"{"a": 1}"#,
            r#"{"2020-01-01T00:00:00Z": "x"}"#,
            r#"{"2020-01-01T00:00:00Z": true}"#,
            r#"{"2020-01-02T00:00:00Z": 1, "2020-01-01T00:00:00Z": 1}"#,
            r#"{"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00": 1}"#,
            r#"{"2020-01-01T00:00:00Z": 1} x"#,
        ] {
            assert!(fast::series_from_text(s).is_none(), "{s}");
        }
    }

    #[test]
    fn large_series_parses() {
        let n = 100_000i64;
        let mut s = String::with_capacity(40 * n as usize);
        s.push('{');
        for i in 0..n {
            if i > 0 {
                s.push_str(", ");
            }
            s.push('"');
            crate::value::timestamp::write_iso_ms(&mut s, Y2020 + i * 1_000_000_000, true);
            s.push_str("\": 1.5");
        }
        s.push('}');
        let start = std::time::Instant::now();
        let v = series(text(&s, DataType::Series));
        let parse_time = start.elapsed();
        assert_eq!(v.len(), n as usize);
        assert_eq!(dts(&v.index).0[99_999], Y2020 + 99_999 * 1_000_000_000);
        let start = std::time::Instant::now();
        let encoded = out(&Value::Series(v));
        let encode_time = start.elapsed();
        assert!(encoded.ends_with(r#"1.5,1.5]},"__data_parsing_options__":{"orient":"split"}}"#));
        eprintln!("100k series: parse {parse_time:?}, encode {encode_time:?}");
    }

    #[test]
    fn epoch_edge_cases() {
        // Float labels too large for any epoch unit stay floats.
        let s = series(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1e300,2e300],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series,
        ));
        assert_eq!(floats(&s.index), vec![1e300, 2e300]);
        // Float epoch seconds in a date-named frame column, NaN → NaT.
        let f = frame(text(
            r#"{"timestamp": [1577836800.5, null], "v": [1, 2]}"#,
            DataType::DataFrame,
        ));
        assert_eq!(
            f.columns["timestamp"].datetime_ns_opt().unwrap(),
            vec![Some(Y2020 + 500_000_000), None]
        );
        // Integer labels given as JSON numbers in split form.
        let s = series(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1577836800000,1577836801000],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series,
        ));
        assert_eq!(
            dts(&s.index),
            (vec![Y2020, Y2020 + 1_000_000_000], Tz::Naive)
        );
    }

    // ----- frames --------------------------------------------------------------------

    #[test]
    fn dataframe_wrapped_golden() {
        // §12.7 case 6.
        let v = text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"test": 43}, "__data__": {"a": [2.3, 2.4, 2.5], "b": ["t", "t", "k"]} }"#,
            DataType::DataFrame,
        )
        .unwrap();
        assert_eq!(
            out(&v),
            concat!(
                r#"{"__hd_wrapped_data_object__":"DATAFRAME","__metadata__":{"test":43},"#,
                r#""__data__":{"a":{"0":2.3,"1":2.4,"2":2.5},"b":{"0":"t","1":"t","2":"k"}}}"#
            )
        );
        // Round trip of our own output.
        assert_eq!(text(&out(&v), DataType::DataFrame).unwrap(), v);
    }

    #[test]
    fn dataframe_plain_forms() {
        // Column orient with dicts: index = union in order of first appearance.
        let f = frame(text(
            r#"{"a": {"x": 1, "y": 2}, "b": {"y": 3, "z": 4.5}}"#,
            DataType::DataFrame,
        ));
        assert_eq!(
            strs(&f.index),
            vec![Some("x".into()), Some("y".into()), Some("z".into())]
        );
        assert!(same_floats(&floats(&f.columns["a"]), &[1.0, 2.0, f64::NAN]));
        assert!(same_floats(&floats(&f.columns["b"]), &[f64::NAN, 3.0, 4.5]));
        // Records.
        let f = frame(text(
            r#"[{"a": 1, "b": "x"}, {"a": 2}]"#,
            DataType::DataFrame,
        ));
        assert_eq!(ints(&f.index), vec![0, 1]);
        assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
        assert_eq!(strs(&f.columns["b"]), vec![Some("x".into()), None]);
        // Lists of lists.
        let f = frame(text("[[1, true], [2, false]]", DataType::DataFrame));
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["0", "1"]);
        assert_eq!(f.columns["1"].kind(), ColumnKind::Bool);
        // Scalars broadcast next to lists.
        let f = frame(text(r#"{"a": [1, 2], "b": "k"}"#, DataType::DataFrame));
        assert_eq!(
            strs(&f.columns["b"]),
            vec![Some("k".into()), Some("k".into())]
        );
        // Datetime row labels in column orient.
        let f = frame(text(
            r#"{"v": {"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00Z": 2}}"#,
            DataType::DataFrame,
        ));
        assert_eq!(dts(&f.index), (vec![Y2020, Y2020 + DAY], Tz::Utc));
        // Empty frames.
        for s in ["{}", "[]"] {
            let f = frame(text(s, DataType::DataFrame));
            assert_eq!(f.height(), 0);
            assert!(f.columns.is_empty());
        }
    }

    #[test]
    fn dataframe_date_columns_by_name() {
        let f = frame(text(
            r#"{"timestamp": ["2020-01-01T00:00:00Z"], "created_at": [1577836800000],
                "Modified": ["2020-01-01"], "value": ["2020-01-01T00:00:00Z"], "n": [1577836800]}"#,
            DataType::DataFrame,
        ));
        assert_eq!(dts(&f.columns["timestamp"]), (vec![Y2020], Tz::Utc));
        assert_eq!(dts(&f.columns["created_at"]), (vec![Y2020], Tz::Naive));
        assert_eq!(dts(&f.columns["Modified"]), (vec![Y2020], Tz::Naive));
        assert_eq!(
            strs(&f.columns["value"]),
            vec![Some("2020-01-01T00:00:00Z".into())]
        );
        assert_eq!(ints(&f.columns["n"]), vec![1_577_836_800]);
        // Small numbers in a date-named column stay numbers.
        let f = frame(text(r#"{"end_time": [1, 2]}"#, DataType::DataFrame));
        assert_eq!(ints(&f.columns["end_time"]), vec![1, 2]);
        // Output: aware datetime column with Z, naive without.
        let v = text(
            r#"{"timestamp": ["2020-01-01T00:00:00+01:00"], "date": ["2020-01-01T00:00:00.5"]}"#,
            DataType::DataFrame,
        )
        .unwrap();
        assert!(out(&v).contains(
            r#"{"timestamp":{"0":"2019-12-31T23:00:00.000Z"},"date":{"0":"2020-01-01T00:00:00.500"}}"#
        ));
    }

    #[test]
    fn dataframe_orients() {
        let f = frame(text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"columns": ["a", "b"], "index": ["r1", "r2"], "data": [[1, "x"], [2, "y"]]},
                "__data_parsing_options__": {"orient": "split"}}"#,
            DataType::DataFrame,
        ));
        assert_eq!(strs(&f.index), vec![Some("r1".into()), Some("r2".into())]);
        assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
        assert_eq!(
            strs(&f.columns["b"]),
            vec![Some("x".into()), Some("y".into())]
        );
        let f = frame(text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"1": {"a": 1.5}, "2": {"a": 2.5, "b": true}},
                "__data_parsing_options__": {"orient": "index"}}"#,
            DataType::DataFrame,
        ));
        assert_eq!(ints(&f.index), vec![1, 2]);
        assert_eq!(floats(&f.columns["a"]), vec![1.5, 2.5]);
        assert!(same_floats(&floats(&f.columns["b"]), &[f64::NAN, 1.0]));
        let f = frame(text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": [{"a": 1}, {"a": 2}],
                "__data_parsing_options__": {"orient": "records"}}"#,
            DataType::DataFrame,
        ));
        assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
        assert!(err_msg(text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"columns": ["a"], "data": [[1, 2]]},
                "__data_parsing_options__": {"orient": "split"}}"#,
            DataType::DataFrame
        ))
        .contains("1 columns passed, passed data had 2 columns"));
    }

    #[test]
    fn dataframe_errors() {
        for (input, reason) in [
            (
                r#"{"a": [1, 2], "b": [1]}"#,
                "All arrays must be of the same length",
            ),
            (
                r#"{"a": 1, "b": 2}"#,
                "If using all scalar values, you must pass an index",
            ),
            (
                r#"{"a": {"x": 1}, "b": [1]}"#,
                "Mixing dicts with non-Series",
            ),
            ("abc", "DataFrame constructor not properly called!"),
            ("5", "DataFrame constructor not properly called!"),
        ] {
            let m = err_msg(text(input, DataType::DataFrame));
            assert!(m.starts_with(PANDAS_FAIL), "{m}");
            assert!(m.contains(reason), "{m}");
        }
        assert!(err_msg(js(json!(5), DataType::DataFrame)).contains("unexpected type"));
        assert_eq!(
            err_msg(js(Json::Null, DataType::DataFrame)),
            NONE_NOT_ALLOWED
        );
    }

    // ----- MULTITSFRAME --------------------------------------------------------------

    #[test]
    fn multitsframe_golden() {
        // §12.7 case 7.
        let v = text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"test": 44},
                "__data__": {"timestamp": ["2023-01-01T00:00:00+00:00"], "metric": ["mymetric"], "value": [1.7]}}"#,
            DataType::MultiTsFrame,
        )
        .unwrap();
        assert_eq!(
            out(&v),
            concat!(
                r#"{"__hd_wrapped_data_object__":"DATAFRAME","__metadata__":{"test":44},"#,
                r#""__data__":{"timestamp":{"0":"2023-01-01T00:00:00.000Z"},"metric":{"0":"mymetric"},"value":{"0":1.7}}}"#
            )
        );
    }

    #[test]
    fn multitsframe_sorts_stably_keeping_labels() {
        let f = frame(text(
            r#"{"timestamp": ["2024-01-01T00:05:00Z", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"],
                "metric": ["temp", "temp", "press"], "value": [21.7, 21.5, 1.013]}"#,
            DataType::MultiTsFrame,
        ));
        let t = 1_704_067_200_000_000_000;
        assert_eq!(ints(&f.index), vec![1, 2, 0]);
        assert_eq!(
            dts(&f.columns["timestamp"]),
            (vec![t, t, t + 300_000_000_000], Tz::Utc)
        );
        assert_eq!(
            strs(&f.columns["metric"]),
            vec![
                Some("temp".into()),
                Some("press".into()),
                Some("temp".into())
            ]
        );
        assert_eq!(floats(&f.columns["value"]), vec![21.5, 1.013, 21.7]);
        assert!(out(&Value::Frame(f)).contains(
            r#""metric":{"1":"temp","2":"press","0":"temp"},"value":{"1":21.5,"2":1.013,"0":21.7}"#
        ));
    }

    #[test]
    fn multitsframe_shapes() {
        // Zero columns → empty long frame.
        let f = frame(text("{}", DataType::MultiTsFrame));
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            vec!["timestamp", "metric", "value"]
        );
        assert_eq!(f.columns["timestamp"].tz, Tz::Utc);
        // Zero rows: timestamp becomes UTC datetimes.
        let f = frame(text(
            r#"{"timestamp": [], "metric": [], "value": []}"#,
            DataType::MultiTsFrame,
        ));
        assert_eq!(dts(&f.columns["timestamp"]), (vec![], Tz::Utc));
        // Numeric metrics become strings; extra columns are kept.
        let f = frame(text(
            r#"{"timestamp": ["2020-01-01T00:00:00Z"], "metric": [7], "value": [1], "extra": ["e"]}"#,
            DataType::MultiTsFrame,
        ));
        assert_eq!(strs(&f.columns["metric"]), vec![Some("7".into())]);
        assert_eq!(f.columns.len(), 4);
    }

    #[test]
    fn multitsframe_errors() {
        let e = |s: &str| err_msg(text(s, DataType::MultiTsFrame));
        assert_eq!(
            e(r#"{"a": [1], "b": [2]}"#),
            "MultiTSFrame requires at least 3 columns: metric, timestamp and at least one \
             additional columns. Only found Index(['a', 'b'], dtype='object')"
        );
        assert_eq!(
            e(r#"{"timestamp": ["2020-01-01T00:00:00Z"], "a": [1], "b": [2]}"#),
            "The column names timestamp, a, b don't contain required columns \"timestamp\" \
             and \"metric\" for a MultiTSFrame."
        );
        assert_eq!(
            e(r#"{"timestamp": ["2020-01-01T00:00:00Z"], "metric": [null], "value": [1]}"#),
            "No null values are allowed for the column 'metric' of a MulitTSFrame."
        );
        assert_eq!(
            e(r#"{"timestamp": [null], "metric": ["m"], "value": [1]}"#),
            "No null values are allowed for the column 'timestamp' of a MulitTSFrame."
        );
        assert_eq!(
            e(r#"{"timestamp": ["2020-01-01T00:00:00"], "metric": ["m"], "value": [1]}"#),
            "Column 'timestamp' of MultiTSFrame does not have DatetimeTZDtype dtype. \
             Got datetime64[ns] index dtype instead."
        );
        // Epoch numbers become naive datetimes and are rejected too.
        assert!(
            e(r#"{"timestamp": [1577836800000], "metric": ["m"], "value": [1]}"#)
                .contains("does not have DatetimeTZDtype dtype")
        );
        assert!(e(r#"{"timestamp": ["x"], "metric": ["m"], "value": [1]}"#)
            .contains("Got object index dtype"));
        assert_eq!(
            e(r#"{"timestamp": ["2020-01-01T00:00:00+01:00"], "metric": ["m"], "value": [1]}"#),
            "Column 'timestamp' of MultiTSFrame does not have UTC timezone. \
             Got UTC+01:00 timezone instead."
        );
    }
}
