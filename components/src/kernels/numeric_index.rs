//! Sorting an index and reading it as numbers (for derivatives, integrals and other
//! index-based arithmetic).

use crate::kernels::elementwise::{cmp_f64, cmp_opt, numeric};
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::ComponentError;

/// The message of hetida's TypeError for an index that is neither numeric nor datetime.
pub const INDEX_ERROR: &str = "indices of data must be numeric or datetime";

/// The index as these components sort it: numeric and datetime indexes unchanged, string
/// labels converted like `pd.to_datetime` (ISO 8601; one common offset keeps it, mixed
/// offsets are converted to UTC). A failed conversion raises hetida's TypeError, or — when
/// `value_error_propagates` (Consecutive differences only catches TypeError) — the
/// ValueError of pandas' parser.
pub(crate) fn sortable_index(
    index: &Column,
    value_error_propagates: bool,
) -> Result<Column, ComponentError> {
    match index.kind() {
        ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool | ColumnKind::Datetime => {
            Ok(index.clone())
        }
        ColumnKind::Str => {
            let labels = index.str_values().unwrap_or_default();
            let fail = |pos: usize, label: &str| {
                if value_error_propagates {
                    ComponentError::value_error(format!(
                        "Unknown datetime string format, unable to parse: {label}, at \
                         position {pos}"
                    ))
                } else {
                    ComponentError::type_error(INDEX_ERROR)
                }
            };
            let mut ns = Vec::with_capacity(labels.len());
            let (mut offset, mut mixed, mut naive, mut aware) = (None, false, false, false);
            for (pos, label) in labels.iter().enumerate() {
                let Some(label) = label else {
                    ns.push(None);
                    continue;
                };
                let ts = parse_iso8601(label).ok_or_else(|| fail(pos, label))?;
                match ts.offset {
                    None => naive = true,
                    Some(o) => {
                        aware = true;
                        mixed |= offset.is_some_and(|p| p != o);
                        offset = Some(o);
                    }
                }
                ns.push(Some(ts.ns));
            }
            if naive && aware {
                return Err(if value_error_propagates {
                    ComponentError::value_error("Cannot mix tz-aware with tz-naive values")
                } else {
                    ComponentError::type_error(INDEX_ERROR)
                });
            }
            let tz = match offset {
                None => Tz::Naive,
                Some(_) if mixed => Tz::Utc,
                Some(0) => Tz::Utc,
                Some(o) => Tz::Fixed(o),
            };
            Ok(Column::from_opt_datetime_ns(ns, tz))
        }
    }
}

/// `positions` sorted (stably) by their labels in `index`; NaN/NaT labels last.
pub(crate) fn sort_positions(index: &Column, mut positions: Vec<usize>) -> Vec<usize> {
    if index.kind() == ColumnKind::Datetime {
        let v = index.datetime_ns_opt().unwrap_or_default();
        positions.sort_by(|&a, &b| cmp_opt(v[a], v[b]));
    } else if index.kind() == ColumnKind::Int && index.data.i64().is_ok() {
        let v = index.i64_values().unwrap_or_default();
        positions.sort_by_key(|&p| v[p]);
    } else if let Some(v) = index.f64_values() {
        positions.sort_by(|&a, &b| cmp_f64(v[a], v[b]));
    }
    positions
}

/// The x coordinates of the sorted points: numeric labels as floats, datetime labels as
/// elapsed seconds since the first point (`(t - t0).total_seconds()`, NaT → NaN).
pub(crate) fn x_values(index: &Column, order: &[usize]) -> Vec<f64> {
    if index.kind() == ColumnKind::Datetime {
        let v = index.datetime_ns_opt().unwrap_or_default();
        let t0 = order.first().and_then(|&p| v[p]);
        order
            .iter()
            .map(|&p| match (v[p], t0) {
                (Some(t), Some(t0)) => (i128::from(t) - i128::from(t0)) as f64 / 1e9,
                _ => f64::NAN,
            })
            .collect()
    } else {
        let v = index.f64_values().unwrap_or_default();
        order.iter().map(|&p| v[p]).collect()
    }
}

/// Test helpers for the sequential components.
/// The valid (non-NaN) points of `s` sorted by index, for the index-based arithmetic
/// (derivatives, integrals): the sorted index, the input positions in that order, x (the
/// numeric label or the elapsed seconds since the first timestamp) and y. A series with
/// fewer than 2 entries (counted before dropping NaN) raises ValueError, as hetida does.
pub(crate) struct SortedPoints {
    /// The index, converted for sorting.
    pub(crate) index: Column,
    /// Input positions of the valid points in index order.
    pub(crate) order: Vec<usize>,
    /// x of each point.
    pub(crate) x: Vec<f64>,
    /// y of each point.
    pub(crate) y: Vec<f64>,
}

impl SortedPoints {
    /// Reads the points of `s`; `op` names the operation in a type error of its values.
    pub(crate) fn of(s: &SeriesValue, op: &str) -> Result<SortedPoints, ComponentError> {
        if s.len() < 2 {
            return Err(ComponentError::value_error(
                "size of data must be at least 2",
            ));
        }
        let index = sortable_index(&s.index, false)?;
        let values = numeric(&s.values, op)?;
        let all = values.to_f64();
        let valid = (0..s.len()).filter(|&i| !all[i].is_nan()).collect();
        let order = sort_positions(&index, valid);
        let x = x_values(&index, &order);
        let y = order.iter().map(|&i| all[i]).collect();
        Ok(SortedPoints { index, order, x, y })
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use rheo_core::value::{Column, SeriesValue, Tz};
    use rheo_core::Value;

    /// A float series on a UTC datetime index given in seconds.
    pub fn ts(secs: &[i64], values: &[f64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(secs.iter().map(|s| s * 1_000_000_000).collect(), Tz::Utc),
            Column::from_f64(values.to_vec()),
        ))
    }

    /// A float series on string labels.
    pub fn strs(labels: &[&str], values: &[f64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_strings(labels.iter().map(|s| Some(s.to_string())).collect()),
            Column::from_f64(values.to_vec()),
        ))
    }
}
