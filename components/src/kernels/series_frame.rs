//! Helpers for components that take a Series or a DataFrame alike: the index, the value
//! columns, and a result of the same shape with a new index and columns.

use crate::kernels::elementwise::attribute_error;
use rheo_core::value::{Column, FrameValue, SeriesValue};
use rheo_core::{ComponentError, Value};

/// The index of a series or frame; other values raise Python's AttributeError for `attr`
/// (the attribute the hetida code reads first: `index`, `rolling`, …).
pub fn index_of<'a>(v: &'a Value, attr: &str) -> Result<&'a Column, ComponentError> {
    match v {
        Value::Series(s) => Ok(&s.index),
        Value::Frame(f) => Ok(&f.index),
        other => Err(attribute_error(other, attr)),
    }
}

/// The value columns of a Series (one) or DataFrame (all, in order); none for other values.
pub fn value_columns(v: &Value) -> Vec<&Column> {
    match v {
        Value::Series(s) => vec![&s.values],
        Value::Frame(f) => f.columns.values().collect(),
        _ => Vec::new(),
    }
}

/// A Series/DataFrame shaped like `like` (name, column names, attrs) with a new index and
/// new value columns (same number and order as [`value_columns`]).
pub fn rebuild(like: &Value, index: Column, columns: Vec<Column>) -> Value {
    match like {
        Value::Series(s) => Value::Series(SeriesValue {
            name: s.name.clone(),
            index,
            values: columns
                .into_iter()
                .next()
                .unwrap_or_else(|| Column::from_f64(Vec::new())),
            attrs: s.attrs.clone(),
        }),
        Value::Frame(f) => Value::Frame(FrameValue {
            index,
            columns: f.columns.keys().cloned().zip(columns).collect(),
            attrs: f.attrs.clone(),
        }),
        other => other.clone(),
    }
}

/// Whether a series or frame holds no data (no rows, or a frame without columns), which
/// the resampling components hand back unchanged.
pub fn holds_no_data(v: &Value, index: &Column) -> bool {
    match v {
        Value::Frame(f) => f.height() == 0 || f.columns.is_empty(),
        _ => index.is_empty(),
    }
}
