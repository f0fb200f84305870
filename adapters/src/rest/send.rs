//! The bodies a generic REST adapter's sinks receive (hetida-compat §9.3), written straight
//! into bytes: timeseries records with 9-digit `Z` timestamps, DataFrame rows (index
//! dropped, datetimes in Python's `isoformat`), MultiTSFrame records, metadata objects.
//! Each checks hetida's preconditions first (`AdapterOutputDataError`).

use rheo_core::value::timestamp::{civil_from_days, format_isoformat};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz, Value};
use serde_json::Value as Json;

/// `2020-03-11T13:45:18.194000000Z`: UTC, exactly nine fractional digits.
pub fn nine_digit_z(ns: i64) -> String {
    const DAY: i64 = 86_400_000_000_000;
    let (y, m, d) = civil_from_days(ns.div_euclid(DAY));
    let of_day = ns.rem_euclid(DAY);
    let s = of_day / 1_000_000_000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:09}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        of_day % 1_000_000_000
    )
}

/// One entry of a column as JSON (NaN and missing → null; datetimes as `isoformat`).
fn cell_json(c: &Column, i: usize) -> Json {
    match c.kind() {
        ColumnKind::Float => c
            .f64_values()
            .map(|v| v[i])
            .filter(|f| f.is_finite())
            .map_or(Json::Null, Json::from),
        ColumnKind::Int => c.i64_values().map_or(Json::Null, |v| Json::from(v[i])),
        ColumnKind::Bool => c
            .bool_values()
            .and_then(|v| v[i])
            .map_or(Json::Null, Json::from),
        ColumnKind::Str => c
            .str_values()
            .and_then(|v| v[i].map(str::to_string))
            .map_or(Json::Null, Json::from),
        ColumnKind::Datetime => c
            .datetime_ns_opt()
            .and_then(|v| v[i])
            .map_or(Json::Null, |ns| Json::from(format_isoformat(ns, c.tz))),
    }
}

fn push_json(out: &mut Vec<u8>, v: &Json) {
    // Writing a serde_json value into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// The body of `POST /timeseries`: the series must have a UTC datetime index (unless empty)
/// and values of the sink's type.
pub fn timeseries(s: &SeriesValue, value_type: &str) -> Result<Vec<u8>, String> {
    let utc_index = s.index.kind() == ColumnKind::Datetime && s.index.tz == Tz::Utc;
    if !s.is_empty() && !utc_index {
        return Err("a timeseries sink needs a series with a UTC datetime index".into());
    }
    let matches = match value_type {
        "float" => s.values.kind() == ColumnKind::Float,
        "int" => s.values.kind() == ColumnKind::Int,
        "boolean" => s.values.kind() == ColumnKind::Bool,
        "string" => s.values.kind() == ColumnKind::Str,
        _ => true,
    };
    if !matches && !s.is_empty() {
        return Err(format!(
            "the series holds {} values, the sink takes {value_type}",
            s.values.pandas_dtype()
        ));
    }
    let times = s.index.datetime_ns_opt().unwrap_or_default();
    let mut out = b"[".to_vec();
    for i in 0..s.len() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"value\":");
        push_json(&mut out, &cell_json(&s.values, i));
        out.extend_from_slice(b",\"timestamp\":");
        push_json(
            &mut out,
            &Json::from(times.get(i).copied().flatten().map(nine_digit_z)),
        );
        out.push(b'}');
    }
    out.push(b']');
    Ok(out)
}

/// The body of `POST /dataframe`: one object per row, the index dropped.
pub fn dataframe(f: &FrameValue) -> Vec<u8> {
    let mut out = b"[".to_vec();
    for i in 0..f.height() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        for (j, (name, c)) in f.columns.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            push_json(&mut out, &Json::from(name.as_str()));
            out.push(b':');
            push_json(&mut out, &cell_json(c, i));
        }
        out.push(b'}');
    }
    out.push(b']');
    out
}

/// The body of `POST /multitsframe`: exactly the columns `timestamp` (UTC), `metric` and
/// `value`, no missing timestamps or metrics.
pub fn multitsframe(f: &FrameValue) -> Result<Vec<u8>, String> {
    let names: Vec<&str> = f.columns.keys().map(String::as_str).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if sorted != ["metric", "timestamp", "value"] {
        return Err(format!(
            "a MultiTSFrame sink needs exactly the columns timestamp, metric, value; got {names:?}"
        ));
    }
    let t = &f.columns["timestamp"];
    let m = &f.columns["metric"];
    let times = t
        .datetime_ns_opt()
        .filter(|_| t.tz == Tz::Utc)
        .ok_or("column 'timestamp' must hold UTC datetimes")?;
    let metrics = m.str_values().ok_or("column 'metric' must hold strings")?;
    if times.iter().any(Option::is_none) || metrics.iter().any(Option::is_none) {
        return Err("columns 'timestamp' and 'metric' must not have missing values".into());
    }
    let mut out = b"[".to_vec();
    for i in 0..f.height() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"timestamp\":");
        push_json(&mut out, &Json::from(times[i].map(nine_digit_z)));
        out.extend_from_slice(b",\"metric\":");
        push_json(&mut out, &Json::from(metrics[i]));
        out.extend_from_slice(b",\"value\":");
        push_json(&mut out, &cell_json(&f.columns["value"], i));
        out.push(b'}');
    }
    out.push(b']');
    Ok(out)
}

/// The body of a metadata `POST`: the value must be parsable as the declared type.
pub fn metadatum(key: &str, value: &Value, value_type: &str) -> Result<Vec<u8>, String> {
    let v: Json = match (value_type, value) {
        ("int", Value::Int(i)) => Json::from(*i),
        ("int", Value::Float(f)) if f.fract() == 0.0 && f.is_finite() => Json::from(*f as i64),
        ("float", Value::Int(i)) => Json::from(*i as f64),
        ("float", Value::Float(f)) if f.is_finite() => Json::from(*f),
        ("string", Value::Str(s)) => Json::from(s.as_str()),
        ("boolean", Value::Bool(b)) => Json::from(*b),
        ("any", Value::Null) => Json::Null,
        ("any", Value::Bool(b)) => Json::from(*b),
        ("any", Value::Int(i)) => Json::from(*i),
        ("any", Value::Float(f)) if f.is_finite() => Json::from(*f),
        ("any", Value::Str(s)) => Json::from(s.as_str()),
        ("any", Value::Json(j)) => j.clone(),
        _ => {
            return Err(format!(
                "Received metadatum value '{}' cannot be parsed as the declared data type {}.",
                value.kind_name(),
                value_type.to_uppercase()
            ))
        }
    };
    let body = serde_json::json!({"key": key, "value": v, "dataType": value_type});
    Ok(body.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_nine_digits_and_z() {
        assert_eq!(
            nine_digit_z(1_583_934_318_194_000_000),
            "2020-03-11T13:45:18.194000000Z"
        );
    }

    #[test]
    fn series_need_a_utc_index_and_matching_values() {
        let mut s = SeriesValue::new(
            Column::from_datetime_ns(vec![0], Tz::Utc),
            Column::from_f64(vec![f64::NAN]),
        );
        assert_eq!(
            String::from_utf8(timeseries(&s, "float").unwrap()).unwrap(),
            r#"[{"value":null,"timestamp":"1970-01-01T00:00:00.000000000Z"}]"#
        );
        assert!(timeseries(&s, "int").is_err());
        s.index = Column::from_datetime_ns(vec![0], Tz::Naive);
        assert!(timeseries(&s, "float").is_err());
    }

    #[test]
    fn metadata_values_are_checked() {
        assert!(metadatum("k", &Value::Str("x".into()), "int")
            .unwrap_err()
            .contains("declared data type INT"));
        assert_eq!(
            String::from_utf8(metadatum("k", &Value::Int(3), "float").unwrap()).unwrap(),
            r#"{"key":"k","value":3.0,"dataType":"float"}"#
        );
    }
}
