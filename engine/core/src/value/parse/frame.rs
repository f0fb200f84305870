//! DataFrame input (`pd.read_json` orients split, index and the constructor forms) and the validation of MULTITSFRAME's long format.

use super::{
    cell_to_string, check_split_keys, err, infer_labels, infer_values, pandas_err, unwrap,
    DateMode, Lab, JSON_NULL,
};
use crate::value::json_out::python_float_repr;
use crate::value::timestamp::format_isoformat;
use crate::value::{Attrs, Column, ColumnKind, FrameValue, Tz};
use crate::{DataType, ParseError, Value};
use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value as Json};

/// Row labels of a frame under construction.
pub(super) enum Rows<'a> {
    Range(usize),
    Labels(Vec<Lab<'a>>),
}

/// A frame before type inference: row labels and the cells of each column.
pub(super) struct RawFrame<'a> {
    pub(super) rows: Rows<'a>,
    pub(super) columns: Vec<(String, Vec<&'a Json>)>,
}

impl RawFrame<'_> {
    pub(super) fn empty() -> Self {
        RawFrame {
            rows: Rows::Range(0),
            columns: Vec::new(),
        }
    }

    pub(super) fn finish(self, attrs: Attrs) -> FrameValue {
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
pub(super) fn is_date_column_name(name: &str) -> bool {
    let l = name.to_lowercase();
    l.ends_with("_at")
        || l.ends_with("_time")
        || l.starts_with("timestamp")
        || l == "modified"
        || l == "date"
        || l == "datetime"
}

pub(super) fn frame_from_wrapped_or_plain(
    j: &Json,
    expected_marker: Option<&str>,
) -> Result<FrameValue, ParseError> {
    match unwrap(j, expected_marker)? {
        Some(w) => Ok(frame_from_json(w.data, w.orient)?.finish(w.attrs)),
        None => Ok(frame_from_json(j, None)?.finish(Attrs::new())),
    }
}

pub(super) fn finish_frame(frame: FrameValue, dt: DataType) -> Result<Value, ParseError> {
    if dt == DataType::MultiTsFrame {
        validate_multitsframe(frame).map(Value::Frame)
    } else {
        Ok(Value::Frame(frame))
    }
}

/// Name of a column label given as JSON (split orient `columns`).
pub(super) fn label_name(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        other => cell_to_string(other),
    }
}

/// pandas `read_json(typ="frame", orient=…)` on decoded JSON, before type inference.
pub(super) fn frame_from_json<'a>(
    data: &'a Json,
    orient: Option<&str>,
) -> Result<RawFrame<'a>, ParseError> {
    match orient {
        Some("split") => frame_split(data),
        Some("index") => frame_index_orient(data),
        Some("table") => Err(pandas_err("orient 'table' is not supported")),
        // "columns" (the default), "records", "values": `DataFrame(json.loads(data))`.
        _ => frame_constructor(data),
    }
}

pub(super) fn frame_split(data: &Json) -> Result<RawFrame<'_>, ParseError> {
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

pub(super) fn frame_index_orient(data: &Json) -> Result<RawFrame<'_>, ParseError> {
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
pub(super) fn frame_constructor(data: &Json) -> Result<RawFrame<'_>, ParseError> {
    match data {
        Json::Object(m) => frame_from_object(m),
        Json::Array(rows) => frame_from_rows(rows),
        _ => Err(pandas_err("DataFrame constructor not properly called!")),
    }
}

/// `DataFrame(dict)`: columns of dicts (rows: the union of their keys) or of lists (rows:
/// positions); scalars are broadcast.
fn frame_from_object(m: &Map<String, Json>) -> Result<RawFrame<'_>, ParseError> {
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

/// `DataFrame(list)`: records (columns in order of first appearance, missing → null),
/// lists (columns by position) or scalars (one column `0`).
fn frame_from_rows(rows: &[Json]) -> Result<RawFrame<'_>, ParseError> {
    if rows.is_empty() {
        return Ok(RawFrame::empty());
    }
    let columns = if rows.iter().all(Json::is_object) {
        let mut names: IndexSet<&str> = IndexSet::new();
        for r in rows {
            if let Json::Object(o) = r {
                names.extend(o.keys().map(String::as_str));
            }
        }
        names
            .iter()
            .map(|name| {
                let cells = rows
                    .iter()
                    .map(|r| r.get(*name).unwrap_or(&JSON_NULL))
                    .collect();
                (name.to_string(), cells)
            })
            .collect()
    } else if rows.iter().all(Json::is_array) {
        let width = rows
            .iter()
            .map(|r| r.as_array().map_or(0, Vec::len))
            .max()
            .unwrap_or(0);
        (0..width)
            .map(|c| {
                let cells = rows
                    .iter()
                    .map(|r| r.get(c).unwrap_or(&JSON_NULL))
                    .collect();
                (c.to_string(), cells)
            })
            .collect()
    } else if rows.iter().all(|r| !r.is_array() && !r.is_object()) {
        vec![("0".to_string(), rows.iter().collect())]
    } else {
        return Err(pandas_err("mixed rows of objects, lists and scalars"));
    };
    Ok(RawFrame {
        rows: Rows::Range(rows.len()),
        columns,
    })
}

// ---------------------------------------------------------------------------------------
// MULTITSFRAME
// ---------------------------------------------------------------------------------------

/// Python repr of a string (single quotes, like `str(df.columns)` shows names).
pub(super) fn py_str_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

pub(super) fn column_has_missing(c: &Column) -> bool {
    match c.kind() {
        ColumnKind::Float => c.f64_values().is_some_and(|v| v.iter().any(|x| x.is_nan())),
        _ => c.has_nulls(),
    }
}

/// pandas `astype("string")` of a null-free column.
pub(super) fn to_string_column(c: &Column) -> Column {
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
pub(super) fn validate_multitsframe(mut f: FrameValue) -> Result<FrameValue, ParseError> {
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
            ts.pandas_dtype()
        )));
    }
    if ts.tz != Tz::Utc {
        return Err(ParseError::new(format!(
            "Column 'timestamp' of MultiTSFrame does not have UTC timezone. \
             Got {} timezone instead.",
            ts.tz.pandas_name()
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
