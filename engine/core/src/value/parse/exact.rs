//! Reading values written in the encoder's exact style
//! ([`Style::Exact`](crate::value::json_out::Style::Exact)): a wrapped SERIES or DATAFRAME
//! parsed as direct provisioning parses it, then each column restored to the pandas dtype
//! recorded in `__data_parsing_options__.dtype` (whole floats stay floats, datetime columns
//! stay datetimes in their zone), as pandas' `read_json(dtype=…)` would.
//!
//! Exists for the two places values leave Rheo and come back: objects in blob storage and
//! the outputs of components run in Python.

use super::{parse, Raw};
use crate::value::timestamp::parse_iso8601;
use crate::value::{Column, ColumnKind, Tz, Value};
use crate::DataType;
use serde_json::Value as Json;
use std::borrow::Cow;

/// A wrapped SERIES or DATAFRAME becomes that series or frame (an invalid one is an error);
/// any other JSON stays JSON.
pub fn parse_exact(j: Json) -> Result<Value, String> {
    let dt = match j.get("__hd_wrapped_data_object__").and_then(Json::as_str) {
        Some("SERIES") => DataType::Series,
        Some("DATAFRAME") => DataType::DataFrame,
        _ => return Ok(Value::Json(j)),
    };
    let dtypes = j
        .get("__data_parsing_options__")
        .and_then(|o| o.get("dtype"))
        .cloned();
    let value = parse(Raw::Json(Cow::Owned(j)), dt).map_err(|e| e.message)?;
    Ok(match (value, dtypes) {
        (Value::Series(mut s), Some(Json::String(d))) => {
            s.values = restore(s.values, &d);
            Value::Series(s)
        }
        (Value::Frame(mut f), Some(Json::Object(d))) => {
            for (name, col) in f.columns.iter_mut() {
                if let Some(Json::String(dtype)) = d.get(name) {
                    *col = restore(std::mem::replace(col, Column::range(0)), dtype);
                }
            }
            Value::Frame(f)
        }
        (v, _) => v,
    })
}

/// `col` as the pandas dtype it was written with, where parsing inferred another: whole
/// floats read as ints become floats again, ISO strings of a datetime column datetimes (in
/// the recorded time zone).
fn restore(col: Column, dtype: &str) -> Column {
    match (col.kind(), dtype) {
        (ColumnKind::Int, "float64") => {
            Column::from_f64(col.f64_values().unwrap_or_default().into_owned())
        }
        (ColumnKind::Str | ColumnKind::Datetime, d) if d.starts_with("datetime64[ns") => {
            let tz = tz_of(d);
            let ns = match col.kind() {
                ColumnKind::Datetime => col.datetime_ns_opt().unwrap_or_default(),
                _ => col
                    .str_values()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.and_then(parse_iso8601).map(|t| t.ns))
                    .collect(),
            };
            Column::from_opt_datetime_ns(ns, tz)
        }
        _ => col,
    }
}

/// The zone of a pandas datetime dtype name (`datetime64[ns]`, `datetime64[ns, UTC]`,
/// `datetime64[ns, UTC+01:00]`).
fn tz_of(dtype: &str) -> Tz {
    let Some(zone) = dtype
        .strip_prefix("datetime64[ns, ")
        .and_then(|z| z.strip_suffix(']'))
    else {
        return Tz::Naive;
    };
    let Some(offset) = zone.strip_prefix("UTC").filter(|o| !o.is_empty()) else {
        return Tz::Utc;
    };
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let mut parts = offset[1..]
        .split(':')
        .map(|p| p.parse::<i32>().unwrap_or(0));
    let (h, m) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    Tz::Fixed(sign * (h * 3600 + m * 60))
}
