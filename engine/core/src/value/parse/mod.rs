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
//! * SERIES text must be a JSON object, array or wrapped object (or `null`, the empty
//!   series): plain text such as `"hello"` and JSON scalars such as `"5"` fail with
//!   "expected a series as JSON …" (an `InputParsingError` naming the input); pandas'
//!   second attempt, and so hetida, makes a one-element series of them, and the user meets
//!   a confusing component error later.
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
//!
//! Files: this module dispatches by input form and data type and handles scalars and ANY;
//! `series` reads the wrapped format and series, `frame` frames and MULTITSFRAMEs, `infer`
//! does pandas' label and value type inference, and `fast` streams large
//! `{"<iso>": number}` series without building a JSON tree.

use crate::datatype::DataType;
use crate::error::ParseError;
use crate::value::json_out::python_float_repr;
use crate::value::Value;
use serde_json::Value as Json;
use std::borrow::Cow;

pub mod exact;
mod fast;
mod frame;
mod infer;
mod series;
#[cfg(test)]
mod tests;

use frame::*;
use infer::*;
use series::*;

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
/// The truth value of a word as pydantic (and Python's `strtobool`) read it: `1`, `on`, `t`,
/// `true`, `y`, `yes` and `0`, `off`, `f`, `false`, `n`, `no`, in any case; `None` for
/// anything else.
pub fn bool_word(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
        "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
        _ => None,
    }
}

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
