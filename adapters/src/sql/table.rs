//! Rows as the database drivers hand them over, and their conversion to and from frames:
//! the dtypes pandas' `read_sql` ends up with (int64, float64 when ints have gaps, bool,
//! UTC datetimes, else strings), and the column types `to_sql` creates.

use indexmap::IndexMap;
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::{Column, ColumnKind, FrameValue, Tz};

/// One value read from or written to a database.
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
    /// A timestamp: nanoseconds since the epoch, UTC (naive database values count as UTC).
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

/// The column type a sink creates for a frame column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    /// 64-bit integers.
    BigInt,
    /// 64-bit floats.
    Double,
    /// Booleans.
    Boolean,
    /// Text.
    Text,
    /// Timestamps with time zone (stored as UTC).
    Timestamp,
}

/// The frame of a query result (RangeIndex, as `read_sql` without `index_col`).
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

fn column(cells: Vec<Cell>) -> Column {
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
        return Column::from_opt_datetime_ns(ns.collect(), Tz::Utc);
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

/// A frame's columns as a sink writes them (the index is not written, as hetida's
/// `to_sql(index=False)`).
pub fn frame_columns(frame: &FrameValue) -> Vec<(String, SqlType, Vec<Cell>)> {
    frame
        .columns
        .iter()
        .map(|(name, c)| {
            let (ty, cells) = cells_of(c);
            (name.clone(), ty, cells)
        })
        .collect()
}

fn cells_of(c: &Column) -> (SqlType, Vec<Cell>) {
    match c.kind() {
        ColumnKind::Int => (
            SqlType::BigInt,
            c.i64_values()
                .unwrap_or_default()
                .iter()
                .map(|i| Cell::Int(*i))
                .collect(),
        ),
        ColumnKind::Float => (
            SqlType::Double,
            c.f64_values()
                .unwrap_or_default()
                .iter()
                .map(|f| {
                    if f.is_nan() {
                        Cell::Null
                    } else {
                        Cell::Float(*f)
                    }
                })
                .collect(),
        ),
        ColumnKind::Bool => (
            SqlType::Boolean,
            c.bool_values()
                .unwrap_or_default()
                .into_iter()
                .map(|b| b.map_or(Cell::Null, Cell::Bool))
                .collect(),
        ),
        ColumnKind::Str => (
            SqlType::Text,
            c.str_values()
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.map_or(Cell::Null, |s| Cell::Text(s.into())))
                .collect(),
        ),
        ColumnKind::Datetime => (
            SqlType::Timestamp,
            c.datetime_ns_opt()
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.map_or(Cell::Null, Cell::Time))
                .collect(),
        ),
    }
}

/// A series as the one-column frame `Series.to_sql` writes (column named after the
/// series, `0` when unnamed).
pub fn series_as_frame(s: &rheo_core::value::SeriesValue) -> FrameValue {
    let name = s.name.clone().unwrap_or_else(|| "0".into());
    FrameValue {
        index: s.index.clone(),
        columns: std::iter::once((name, s.values.clone())).collect(),
        attrs: Default::default(),
    }
}

/// A SQL identifier in double quotes (quotes inside doubled), so a table or column name is
/// never read as SQL.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn frames_become_typed_cells() {
        let f = to_frame(Rows {
            names: vec!["a".into()],
            columns: vec![vec![Cell::Float(1.5), Cell::Null]],
        });
        let cols = frame_columns(&f);
        assert_eq!(cols[0].1, SqlType::Double);
        assert_eq!(cols[0].2, vec![Cell::Float(1.5), Cell::Null]);
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(
            quote_ident("a\"; DROP TABLE x; --"),
            "\"a\"\"; DROP TABLE x; --\""
        );
    }
}
