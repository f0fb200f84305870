//! hetida's wrapped data format (`__hd_wrapped_data_object__`) and series input in every form `pd.read_json(typ="series")` accepts.

use super::{
    cell_to_string, fast, infer_labels, infer_values, json_kind, pandas_err, DateMode, Lab,
};
use crate::value::{Attrs, Column, SeriesValue};
use crate::ParseError;
use serde_json::{Map, Value as Json};

/// The parts of a valid wrapped object.
pub(super) struct Wrapped<'a> {
    pub(super) data: &'a Json,
    pub(super) attrs: Attrs,
    pub(super) orient: Option<&'a str>,
}

/// hetida's `try_parse_wrapped`: `None` means "not wrapped, parse the value as plain data".
/// `expected_marker` is checked only for string inputs (hetida quirk Q12).
pub(super) fn unwrap<'a>(
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

/// A SERIES from text: a JSON object, array or wrapped SERIES object (`null` is the empty
/// series). Anything else is an error — a deliberate deviation: pandas' second attempt
/// turns `"hello"` or `"5"` into a one-element series, and the user then sees an unrelated
/// component error instead of a parsing error naming the input.
pub(super) fn parse_series_text(s: &str) -> Result<SeriesValue, ParseError> {
    if let Some(series) = fast::series_from_text(s) {
        return Ok(series);
    }
    match serde_json::from_str::<Json>(s) {
        Ok(j @ (Json::Object(_) | Json::Array(_) | Json::Null)) => {
            series_from_wrapped_or_plain(&j, Some("SERIES"))
        }
        Ok(other) => Err(not_a_series_document(&format!(
            "a JSON {}",
            json_kind(&other)
        ))),
        Err(_) => Err(not_a_series_document(&format!(
            "text that is not JSON ({})",
            excerpt(s)
        ))),
    }
}

/// The error for series text that is no series document; `found` says what it is instead.
fn not_a_series_document(found: &str) -> ParseError {
    pandas_err(format!(
        "expected a series as JSON (an object such as {{\"2020-01-01T00:00:00Z\": 1.0}}, \
         an array, or a wrapped SERIES object), found {found}"
    ))
}

/// The start of `s` in quotes, for error messages (inputs may be megabytes long).
fn excerpt(s: &str) -> String {
    const MAX_CHARS: usize = 40;
    if s.chars().count() <= MAX_CHARS {
        return format!("{s:?}");
    }
    let head: String = s.chars().take(MAX_CHARS).collect();
    format!("{head:?}…")
}

pub(super) fn series_from_wrapped_or_plain(
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

pub(super) static JSON_NULL: Json = Json::Null;

/// pandas `read_json(typ="series", orient=…)` on decoded JSON.
pub(super) fn series_from_json(
    data: &Json,
    orient: Option<&str>,
) -> Result<SeriesValue, ParseError> {
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

pub(super) fn check_split_keys(m: &Map<String, Json>, allowed: &[&str]) -> Result<(), ParseError> {
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
