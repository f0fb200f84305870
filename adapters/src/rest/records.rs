//! The NDJSON answers of a generic REST adapter's data endpoints (hetida-compat §9.3), read
//! record by record from the response stream into typed structs (no JSON tree per record),
//! and turned into series and frames as hetida's client builds them with pandas.

use crate::cells::{self, Cell};
use indexmap::IndexMap;
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use serde::Deserialize;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::io::Read;

/// One record of `GET /timeseries`.
#[derive(Deserialize)]
struct TsRecord {
    #[serde(rename = "timeseriesId")]
    id: String,
    timestamp: String,
    value: Json,
}

/// One record of `GET /multitsframe`.
#[derive(Deserialize)]
struct MultiRecord {
    metric: String,
    timestamp: String,
    value: Json,
}

fn records<T: for<'de> Deserialize<'de>>(
    body: impl Read,
) -> impl Iterator<Item = Result<T, String>> {
    serde_json::Deserializer::from_reader(std::io::BufReader::new(body))
        .into_iter::<T>()
        .map(|r| r.map_err(|e| format!("invalid NDJSON record: {e}")))
}

fn stamp(text: &str) -> Result<i64, String> {
    parse_iso8601(text.trim())
        .map(|t| t.ns)
        .ok_or_else(|| format!("'{text}' is not an ISO timestamp"))
}

/// The value column of a series as the wiring's type asks (`float`, `int`, `boolean`,
/// `string`, else inferred).
fn typed_column(values: Vec<Cell>, value_type: &str) -> Column {
    match value_type {
        "float" => Column::from_f64(
            values
                .iter()
                .map(|c| match c {
                    Cell::Int(i) => *i as f64,
                    Cell::Float(f) => *f,
                    _ => f64::NAN,
                })
                .collect(),
        ),
        _ => cells::column(values),
    }
}

/// The series of every requested id (sorted by time, named after the id, attrs from the
/// `Data-Attributes` header); records of ids not asked for are ignored.
pub fn timeseries(
    body: impl Read,
    wanted: &[(&str, &str)],
    attributes: &Map<String, Json>,
) -> Result<HashMap<String, SeriesValue>, String> {
    let mut points: HashMap<String, Vec<(i64, Cell)>> = wanted
        .iter()
        .map(|(id, _)| (id.to_string(), Vec::new()))
        .collect();
    for r in records::<TsRecord>(body) {
        let r = r?;
        if let Some(p) = points.get_mut(&r.id) {
            p.push((stamp(&r.timestamp)?, cells::from_json(&r.value)));
        }
    }
    let mut out = HashMap::new();
    for (id, value_type) in wanted {
        let mut p = points.remove(*id).unwrap_or_default();
        p.sort_by_key(|(t, _)| *t);
        let (times, values): (Vec<i64>, Vec<Cell>) = p.into_iter().unzip();
        let mut s = SeriesValue::new(
            Column::from_datetime_ns(times, Tz::Utc),
            typed_column(values, value_type),
        );
        s.name = Some(id.to_string());
        if let Some(Json::Object(a)) = attributes.get(*id) {
            s.attrs = a.clone();
        }
        out.insert(id.to_string(), s);
    }
    Ok(out)
}

/// The frame of `GET /dataframe`: columns in order of first appearance; a `timestamp`
/// column that is all timestamps becomes the sorted index too (the column stays).
pub fn dataframe(body: impl Read, attributes: Map<String, Json>) -> Result<FrameValue, String> {
    let mut columns: IndexMap<String, Vec<Cell>> = IndexMap::new();
    let mut rows = 0usize;
    for r in records::<Map<String, Json>>(body) {
        for (k, v) in r? {
            columns
                .entry(k)
                .or_insert_with(|| vec![Cell::Null; rows])
                .push(cells::from_json(&v));
        }
        rows += 1;
        for col in columns.values_mut() {
            col.resize(rows, Cell::Null);
        }
    }
    let times: Option<Vec<i64>> = columns.get("timestamp").and_then(|c| {
        c.iter()
            .map(|x| {
                if let Cell::Text(s) = x {
                    stamp(s).ok()
                } else {
                    None
                }
            })
            .collect()
    });
    let mut frame_columns: IndexMap<String, Column> = IndexMap::new();
    let order: Vec<usize> = match &times {
        Some(t) => {
            let mut o: Vec<usize> = (0..rows).collect();
            o.sort_by_key(|&i| t[i]);
            o
        }
        None => (0..rows).collect(),
    };
    for (name, col) in columns {
        let sorted: Vec<Cell> = order.iter().map(|&i| col[i].clone()).collect();
        let column = match (&times, name.as_str()) {
            (Some(t), "timestamp") => {
                Column::from_datetime_ns(order.iter().map(|&i| t[i]).collect(), Tz::Utc)
            }
            _ => cells::column(sorted),
        };
        frame_columns.insert(name, column);
    }
    let index = match &times {
        Some(t) => Column::from_datetime_ns(order.iter().map(|&i| t[i]).collect(), Tz::Utc),
        None => Column::range(rows),
    };
    Ok(FrameValue {
        index,
        columns: frame_columns,
        attrs: attributes,
    })
}

/// The MULTITSFRAME of `GET /multitsframe` (`timestamp`, `metric`, `value`).
pub fn multitsframe(body: impl Read, attributes: Map<String, Json>) -> Result<FrameValue, String> {
    let (mut times, mut metrics, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for r in records::<MultiRecord>(body) {
        let r = r?;
        times.push(stamp(&r.timestamp)?);
        metrics.push(Some(r.metric));
        values.push(cells::from_json(&r.value));
    }
    let n = times.len();
    let columns: IndexMap<String, Column> = [
        (
            "timestamp".to_string(),
            Column::from_datetime_ns(times, Tz::Utc),
        ),
        ("metric".to_string(), Column::from_strings(metrics)),
        ("value".to_string(), typed_column(values, "float")),
    ]
    .into_iter()
    .collect();
    Ok(FrameValue {
        index: Column::range(n),
        columns,
        attrs: attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeseries_records_are_split_by_id_and_sorted() {
        let body = br#"{"timeseriesId": "b", "timestamp": "2020-01-01T00:00:01Z", "value": 2}
{"timeseriesId": "a", "timestamp": "2020-01-01T00:00:02Z", "value": 1.5}
{"timeseriesId": "a", "timestamp": "2020-01-01T00:00:01Z", "value": null}
{"timeseriesId": "zz", "timestamp": "2020-01-01T00:00:01Z", "value": 9}"#;
        let mut attrs = Map::new();
        attrs.insert("a".into(), serde_json::json!({"unit": "K"}));
        let s = timeseries(&body[..], &[("a", "float"), ("b", "int")], &attrs).unwrap();
        let a = &s["a"];
        assert_eq!(a.values.f64_values().unwrap()[1], 1.5);
        assert!(a.values.f64_values().unwrap()[0].is_nan());
        assert_eq!(a.attrs["unit"], "K");
        assert_eq!(s["b"].values.i64_values().unwrap().as_ref(), &[2]);
        assert!(!s.contains_key("zz"));
    }

    #[test]
    fn a_timestamp_column_becomes_the_index() {
        let body = br#"{"timestamp": "2020-01-02T00:00:00Z", "x": 1}
{"timestamp": "2020-01-01T00:00:00Z", "x": 2, "y": "late"}"#;
        let f = dataframe(&body[..], Map::new()).unwrap();
        assert_eq!(f.columns["x"].i64_values().unwrap().as_ref(), &[2, 1]);
        assert_eq!(
            f.columns["y"].str_values().unwrap(),
            vec![Some("late"), None]
        );
        assert_eq!(f.index.tz, Tz::Utc);
    }

    #[test]
    fn bad_records_are_errors() {
        assert!(dataframe(&b"{\"a\": 1}\n{oops"[..], Map::new()).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(dataframe(deep.as_bytes(), Map::new()).is_err());
        assert!(multitsframe(
            &b"{\"metric\": \"m\", \"timestamp\": \"soon\", \"value\": 1}"[..],
            Map::new()
        )
        .is_err());
    }
}
