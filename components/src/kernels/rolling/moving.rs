//! The plumbing of the moving-window components: window strings, index conversion and checks, NaN rows, sorting, and the body of the "Moving … number/time" components.

use crate::kernels::rolling::{
    count_bounds, rolling, time_bounds, validate_time_index, Agg, Bounds, Closed, Ordering,
};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, Value};

/// Nanoseconds of a pandas offset string for a rolling window: signed and possibly zero,
/// as `to_offset(window).nanos` (a zero or negative window holds each row on its own, see
/// [`time_bounds`]); decimal multipliers only with pandas' tick spellings (`"17486.0S"`,
/// `"1.5H"`, not `"1.5h"`).
pub use crate::kernels::freq::parse_offset_ns as parse_window;

/// `pd.Timedelta` of a string (a bare integer is nanoseconds), shared with the time length
/// operations.
pub use crate::kernels::time_index::parse_timedelta;

/// `pd.to_datetime` of an index: datetimes as they are, ints as epoch nanoseconds, floats
/// likewise (NaN → NaT), ISO 8601 strings parsed (one common offset keeps it as fixed
/// timezone, mixed offsets become UTC). `None` when some label cannot be converted.
pub fn to_datetime(index: &Column) -> Option<Column> {
    if index.kind() == ColumnKind::Bool {
        return None;
    }
    use crate::kernels::time_index::{to_datetime, NaiveAmongAware};
    to_datetime(index, NaiveAmongAware::AsUtc).ok()
}

/// pandas' validation and bounds of `obj.rolling(window)` with a window string on a
/// series/frame index: an empty object passes; otherwise the index must be datetimes
/// ("window must be an integer 0 or greater" as pandas says for other indexes), free of NaT
/// and monotonic ([`validate_time_index`]); the window must be a fixed offset ("passed window
/// … is not compatible with a datetimelike index" for unparseable strings, pandas'
/// non-fixed message for calendar offsets).
pub fn pandas_time_bounds(
    index: &Column,
    window: &str,
    closed: Closed,
    center: bool,
) -> Result<Bounds, ComponentError> {
    if !index.is_empty() {
        if index.kind() != ColumnKind::Datetime {
            return Err(ComponentError::value_error(
                "window must be an integer 0 or greater",
            ));
        }
        validate_time_index(index)?;
    }
    let w = parse_window(window).map_err(|e| {
        if e.message.contains("non-fixed") {
            e
        } else {
            ComponentError::value_error(format!(
                "passed window {window} is not compatible with a datetimelike index"
            ))
        }
    })?;
    let ns = index.datetime_ns().unwrap_or_default();
    Ok(time_bounds(&ns, w, closed, center))
}

/// The numeric data of a column as floats for rolling (ints and bools converted), or
/// pandas' DataError for strings and datetimes.
pub fn rolling_values(col: &Column) -> Result<std::borrow::Cow<'_, [f64]>, ComponentError> {
    col.f64_values()
        .ok_or_else(|| ComponentError::new("DataError", "No numeric types to aggregate"))
}

/// The series/frame helpers the rolling components share with the others.
pub use crate::kernels::series_frame::{rebuild, value_columns};

/// Whether an entry counts as missing for `dropna` (NaN floats, null strings/datetimes).
pub(super) fn missing_mask(col: &Column) -> Vec<bool> {
    match col.kind() {
        ColumnKind::Float => col
            .f64_values()
            .map(|v| v.iter().map(|x| x.is_nan()).collect())
            .unwrap_or_default(),
        ColumnKind::Int | ColumnKind::Bool if col.data.null_count() == 0 => vec![false; col.len()],
        _ => (0..col.len())
            .map(|i| col.data.get(i).map_or(true, |v| v.is_null()))
            .collect(),
    }
}

/// Positions of the rows kept by `dropna()` (a row goes when any column is missing).
pub fn dropna_rows(v: &Value) -> Vec<usize> {
    let cols = value_columns(v);
    let n = match v {
        Value::Series(s) => s.len(),
        Value::Frame(f) => f.height(),
        _ => 0,
    };
    let mut keep = vec![true; n];
    for c in cols {
        for (k, m) in keep.iter_mut().zip(missing_mask(c)) {
            *k &= !m;
        }
    }
    (0..n).filter(|&i| keep[i]).collect()
}

/// Stable sort of `rows` by index label (numbers or datetimes; NaN/NaT last), as
/// `sort_index()` orders them.
pub fn sort_rows_by_index(index: &Column, rows: &mut [usize]) {
    match index.kind() {
        ColumnKind::Datetime if !index.has_nulls() => {
            let ns = index.datetime_ns().unwrap_or_default();
            if rows.windows(2).any(|w| ns[w[0]] > ns[w[1]]) {
                rows.sort_by_key(|&i| ns[i]);
            }
        }
        ColumnKind::Datetime => {
            let ns = index.datetime_ns_opt().unwrap_or_default();
            let key = |i: usize| ns[i].map_or((1u8, 0), |t| (0, t));
            if rows.windows(2).any(|w| key(w[0]) > key(w[1])) {
                rows.sort_by_key(|&i| key(i));
            }
        }
        ColumnKind::Str => {
            // Strings sort by code point, missing labels last.
            let v = index.str_values().unwrap_or_default();
            let key = |i: usize| (v[i].is_none(), v[i]);
            if rows.windows(2).any(|w| key(w[0]) > key(w[1])) {
                rows.sort_by_key(|&i| key(i));
            }
        }
        _ => {
            let v = index.f64_values().unwrap_or_default();
            let cmp = |a: &usize, b: &usize| match (v[*a].is_nan(), v[*b].is_nan()) {
                (false, false) => v[*a].total_cmp(&v[*b]),
                (x, y) => x.cmp(&y),
            };
            if rows
                .windows(2)
                .any(|w| cmp(&w[0], &w[1]) == Ordering::Greater)
            {
                rows.sort_by(cmp);
            }
        }
    }
}

/// How the "Moving … number/time" components place their windows.
#[derive(Debug, Clone, Copy)]
pub enum MovingWindow<'a> {
    /// `rolling(n)` over the last `n` rows, all `n` required.
    Count(i64),
    /// `rolling(t)` over the time window `(t_i - t, t_i]`, at least one value.
    Time(&'a str),
}

/// The shared body of the ten "Moving average/maximum/median/minimum/standard deviation
/// number/time" components: `dropna()`, index conversion (`pd.to_datetime`; the count
/// variants keep numeric indexes), `sort_index()` (stable) and the rolling aggregation of
/// every column. Errors as hetida raises them (see the component docs).
pub fn moving(data: &Value, window: MovingWindow<'_>, agg: Agg) -> Result<Value, ComponentError> {
    let index = crate::kernels::series_frame::index_of(data, "dropna")?;
    let index = match window {
        MovingWindow::Count(_)
            if matches!(
                index.kind(),
                ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool
            ) =>
        {
            index.clone()
        }
        MovingWindow::Count(_) => to_datetime(index).ok_or_else(|| {
            ComponentError::type_error("indices of data must be numeric or datetime")
        })?,
        MovingWindow::Time(_) => to_datetime(index)
            .ok_or_else(|| ComponentError::type_error("indices of data must be datetime"))?,
    };
    let mut rows = dropna_rows(data);
    sort_rows_by_index(&index, &mut rows);
    // Clean, sorted input (the common case) is used as it is, without copies.
    let identity = rows.len() == index.len() && rows.iter().enumerate().all(|(k, &r)| k == r);
    let take = |c: &Column| if identity { c.clone() } else { c.take(&rows) };
    let new_index = take(&index);
    let bounds = match window {
        MovingWindow::Count(n) => {
            let n = usize::try_from(n).map_err(|_| {
                ComponentError::value_error("window must be an integer 0 or greater")
            })?;
            count_bounds(rows.len(), n)
        }
        MovingWindow::Time(t) => {
            let err =
                || ComponentError::value_error(format!("t could not be parsed as frequency: {t}"));
            if new_index.has_nulls() {
                return Err(err());
            }
            let w = parse_window(t).map_err(|_| err())?;
            time_bounds(
                &new_index.datetime_ns().unwrap_or_default(),
                w,
                Closed::Right,
                false,
            )
        }
    };
    let min_periods = match window {
        MovingWindow::Count(n) => n as usize,
        MovingWindow::Time(_) => 1,
    };
    let mut out = Vec::new();
    for col in value_columns(data) {
        let taken = take(col);
        let vals = rolling_values(&taken)?;
        out.push(Column::from_f64(rolling(&vals, &bounds, agg, min_periods)));
    }
    Ok(rebuild(data, new_index, out))
}
