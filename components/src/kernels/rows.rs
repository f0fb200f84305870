//! Row selection: taking rows by position, missing-value masks, factorizing and cutting
//! columns.

use crate::kernels::compare::{compare, Rel};
use crate::kernels::elementwise::py_type;
use polars_core::prelude::{BooleanChunked, IntoSeries, NewChunkedArray, PlSmallStr};
use rheo_core::component::{Outputs, OutputsExt};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, Value};
use std::collections::HashMap;

pub(crate) use crate::kernels::elementwise::attribute_error;

/// The rows at `positions` of a Series (index, values) or DataFrame (index, every column);
/// name and attrs kept. Other values are returned unchanged.
pub(crate) fn take_rows(v: &Value, positions: &[usize]) -> Value {
    match v {
        Value::Series(s) => Value::Series(SeriesValue {
            name: s.name.clone(),
            index: s.index.take(positions),
            values: s.values.take(positions),
            attrs: s.attrs.clone(),
        }),
        Value::Frame(f) => Value::Frame(FrameValue {
            index: f.index.take(positions),
            columns: f
                .columns
                .iter()
                .map(|(k, c)| (k.clone(), c.take(positions)))
                .collect(),
            attrs: f.attrs.clone(),
        }),
        other => other.clone(),
    }
}

/// The positions where `keep` is true.
pub(crate) fn positions(keep: impl IntoIterator<Item = bool>) -> Vec<usize> {
    keep.into_iter()
        .enumerate()
        .filter_map(|(i, k)| k.then_some(i))
        .collect()
}

/// Whether each entry of a column is missing for pandas (`isna`): NaN for floats, null for
/// strings, bools and datetimes (NaT); ints are never missing.
pub(crate) fn missing_mask(col: &Column) -> Vec<bool> {
    match col.kind() {
        ColumnKind::Float => col
            .f64_values()
            .map(|v| v.iter().map(|x| x.is_nan()).collect())
            .unwrap_or_default(),
        _ => {
            if col.data.null_count() == 0 {
                vec![false; col.len()]
            } else {
                col.data
                    .is_null()
                    .into_iter()
                    .map(|b| b == Some(true))
                    .collect()
            }
        }
    }
}

/// `DataFrame.where(mask)` for one column: entries where `mask` is false become missing.
/// Untouched when every entry is kept; int columns become float with NaN otherwise, bool
/// and string columns get nulls (pandas: object dtype with NaN), datetimes NaT.
pub(crate) fn mask_column(col: &Column, mask: &[bool]) -> Column {
    if mask.iter().all(|&m| m) {
        return col.clone();
    }
    match col.kind() {
        ColumnKind::Float | ColumnKind::Int => {
            let v = col.f64_values().unwrap_or_default();
            Column::from_f64(
                v.iter()
                    .zip(mask)
                    .map(|(&x, &m)| if m { x } else { f64::NAN })
                    .collect(),
            )
        }
        ColumnKind::Bool => {
            let v = col.bool_values().unwrap_or_default();
            let data = BooleanChunked::from_iter_options(
                PlSmallStr::EMPTY,
                v.iter().zip(mask).map(|(&x, &m)| if m { x } else { None }),
            )
            .into_series();
            Column { data, tz: col.tz }
        }
        ColumnKind::Str => {
            let v = col.str_values().unwrap_or_default();
            Column::from_strings(
                v.iter()
                    .zip(mask)
                    .map(|(x, &m)| if m { x.map(str::to_string) } else { None })
                    .collect(),
            )
        }
        ColumnKind::Datetime => {
            let v = col.datetime_ns_opt().unwrap_or_default();
            Column::from_opt_datetime_ns(
                v.iter()
                    .zip(mask)
                    .map(|(&x, &m)| if m { x } else { None })
                    .collect(),
                col.tz,
            )
        }
    }
}

/// Codes of a column's values for equality-based grouping (pandas `factorize` semantics:
/// all NaN/null are one value, `0.0 == -0.0`), numbered by first occurrence.
pub(crate) fn factorize(col: &Column) -> Vec<u32> {
    fn codes<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>, n: usize) -> Vec<u32> {
        let mut map: HashMap<K, u32> = HashMap::with_capacity(n.min(1 << 16));
        let mut out = Vec::with_capacity(n);
        for k in keys {
            let next = map.len() as u32;
            out.push(*map.entry(k).or_insert(next));
        }
        out
    }
    let n = col.len();
    match col.kind() {
        ColumnKind::Float => {
            let v = col.f64_values().unwrap_or_default();
            codes(
                v.iter().map(|&x| {
                    if x.is_nan() {
                        u64::MAX
                    } else if x == 0.0 {
                        0
                    } else {
                        x.to_bits()
                    }
                }),
                n,
            )
        }
        ColumnKind::Int => {
            let v = col.i64_values().unwrap_or_default();
            codes(v.iter().copied(), n)
        }
        ColumnKind::Bool => codes(col.bool_values().unwrap_or_default().into_iter(), n),
        ColumnKind::Str => codes(col.str_values().unwrap_or_default().into_iter(), n),
        ColumnKind::Datetime => codes(col.datetime_ns_opt().unwrap_or_default().into_iter(), n),
    }
}

/// Combines per-column codes into row codes (rows with equal codes in every column share a
/// code), one pass per column without per-row allocation.
pub(crate) fn combine_codes(acc: &[u32], next: &[u32]) -> Vec<u32> {
    let mut map: HashMap<(u32, u32), u32> = HashMap::with_capacity(acc.len().min(1 << 16));
    acc.iter()
        .zip(next)
        .map(|(&a, &b)| {
            let n = map.len() as u32;
            *map.entry((a, b)).or_insert(n)
        })
        .collect()
}

/// Cut Values Above/Below Limit: `x[x <rel> limit]` (Series: rows removed; DataFrame: mask).
pub(crate) fn cut_values(
    data: &Value,
    limit: f64,
    rel: Rel,
    out: &'static str,
) -> Result<Outputs, ComponentError> {
    let mask = match data {
        Value::Series(_) | Value::Frame(_) => compare(rel, data, &Value::Float(limit))?,
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            return Err(ComponentError::type_error(format!(
                "'{}' object is not subscriptable",
                py_type(data)
            )))
        }
        other => {
            return Err(ComponentError::type_error(format!(
                "'{}' not supported between instances of '{}' and 'float'",
                rel.symbol(),
                py_type(other)
            )))
        }
    };
    let result = match (data, mask) {
        (Value::Series(_), Value::Series(m)) => {
            let keep = m.values.bool_values().unwrap_or_default();
            take_rows(data, &positions(keep.into_iter().map(|b| b == Some(true))))
        }
        (Value::Frame(f), Value::Frame(m)) => {
            let mut columns = f.columns.clone();
            for (name, col) in columns.iter_mut() {
                let keep: Vec<bool> = m
                    .columns
                    .get(name)
                    .and_then(Column::bool_values)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|b| b == Some(true))
                    .collect();
                *col = mask_column(col, &keep);
            }
            Value::Frame(FrameValue {
                index: f.index.clone(),
                columns,
                attrs: f.attrs.clone(),
            })
        }
        _ => unreachable!("compare keeps the kind of its pandas operand"),
    };
    Ok(Outputs::single(out, result))
}

/// Test helpers of the category.
#[cfg(test)]
pub(crate) mod test_util {
    use rheo_core::value::{Column, FrameValue};
    use rheo_core::Value;

    /// A frame on an int index from `(name, column)` pairs.
    pub fn frame(index: &[i64], cols: Vec<(&str, Column)>) -> Value {
        Value::Frame(FrameValue {
            index: Column::from_i64(index.to_vec()),
            columns: cols.into_iter().map(|(n, c)| (n.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    /// The frame of a value.
    pub fn as_frame(v: &Value) -> &FrameValue {
        match v {
            Value::Frame(f) => f,
            other => panic!("not a frame: {other:?}"),
        }
    }
}
