//! Values as external systems hand them over (database rows, JSON records of REST
//! adapters), and the frames pandas builds from them: the dtypes `read_sql` and
//! `DataFrame.from_records` end up with (int64, float64 where ints have gaps, bool, UTC
//! datetimes, else strings). Shared by the adapters that read records.

use indexmap::IndexMap;
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};

/// One value read from or written to an external system.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(String),
    /// A timestamp: nanoseconds since the epoch (UTC, or wall-clock for [`column_in()`]'s
    /// naive columns).
    Time(i64),
}

/// A query result, column by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// Column names in result order.
    pub names: Vec<String>,
    /// The values of each column.
    pub columns: Vec<Vec<Cell>>,
}

/// A JSON value as a cell (arrays and objects as their JSON text).
pub fn from_json(v: &serde_json::Value) -> Cell {
    use serde_json::Value as Json;
    match v {
        Json::Null => Cell::Null,
        Json::Bool(b) => Cell::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map_or_else(|| Cell::Float(n.as_f64().unwrap_or(f64::NAN)), Cell::Int),
        Json::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}

/// The frame of column-wise records (RangeIndex, as `read_sql` without `index_col`).
pub fn to_frame(rows: Rows) -> FrameValue {
    let height = rows.columns.first().map_or(0, Vec::len);
    let columns: IndexMap<String, Column> = rows
        .names
        .into_iter()
        .zip(rows.columns)
        .map(|(name, cells)| (name, column(cells)))
        .collect();
    FrameValue {
        index: Column::range(height),
        columns,
        attrs: Default::default(),
    }
}

/// One column of cells as the dtype pandas infers for it (timestamps as UTC).
pub fn column(cells: Vec<Cell>) -> Column {
    column_in(cells, Tz::Utc)
}

/// [`column()`], with timestamps in `tz` (spreadsheets hold wall-clock times: naive).
pub fn column_in(cells: Vec<Cell>, tz: Tz) -> Column {
    let present = || cells.iter().filter(|c| **c != Cell::Null);
    let nulls = cells.len() - present().count();
    if present().all(|c| matches!(c, Cell::Int(_))) && nulls == 0 {
        return Column::from_i64(
            cells
                .iter()
                .map(|c| if let Cell::Int(i) = c { *i } else { 0 })
                .collect(),
        );
    }
    if present().all(|c| matches!(c, Cell::Int(_) | Cell::Float(_))) {
        return Column::from_f64(cells.iter().map(as_f64).collect());
    }
    if present().all(|c| matches!(c, Cell::Bool(_))) && nulls == 0 {
        return Column::from_bool(
            cells
                .iter()
                .map(|c| matches!(c, Cell::Bool(true)))
                .collect(),
        );
    }
    if present().all(|c| matches!(c, Cell::Time(_))) {
        let ns = cells.iter().map(|c| {
            if let Cell::Time(t) = c {
                Some(*t)
            } else {
                None
            }
        });
        return Column::from_opt_datetime_ns(ns.collect(), tz);
    }
    Column::from_strings(cells.iter().map(text).collect())
}

fn as_f64(c: &Cell) -> f64 {
    match c {
        Cell::Int(i) => *i as f64,
        Cell::Float(f) => *f,
        _ => f64::NAN,
    }
}

fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Null => None,
        Cell::Int(i) => Some(i.to_string()),
        Cell::Float(f) => Some(python_float_repr(*f)),
        Cell::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
        Cell::Text(s) => Some(s.clone()),
        Cell::Time(ns) => Some(rheo_core::value::timestamp::format_isoformat(*ns, Tz::Utc)),
    }
}

/// A series as the one-column frame `Series.to_sql` writes (column named after the
/// series, `0` when unnamed).
pub fn series_as_frame(s: &SeriesValue) -> FrameValue {
    let name = s.name.clone().unwrap_or_else(|| "0".into());
    FrameValue {
        index: s.index.clone(),
        columns: std::iter::once((name, s.values.clone())).collect(),
        attrs: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::value::ColumnKind;

    #[test]
    fn dtypes_follow_read_sql() {
        let rows = Rows {
            names: vec!["i".into(), "gap".into(), "b".into(), "t".into(), "s".into()],
            columns: vec![
                vec![Cell::Int(1), Cell::Int(2)],
                vec![Cell::Int(1), Cell::Null],
                vec![Cell::Bool(true), Cell::Bool(false)],
                vec![Cell::Time(0), Cell::Null],
                vec![Cell::Text("x".into()), Cell::Null],
            ],
        };
        let f = to_frame(rows);
        let kinds: Vec<_> = f.columns.values().map(Column::kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Int, Float, Bool, Datetime, Str]);
        assert_eq!(f.columns["t"].tz, Tz::Utc);
        assert_eq!(f.height(), 2);
    }
}
