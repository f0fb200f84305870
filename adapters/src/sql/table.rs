//! How the SQL adapter writes frames: the column types a sink creates and the typed cells
//! of each column; identifiers quoted so a name is never read as SQL.

use crate::cells::Cell;
use rheo_core::value::{Column, ColumnKind, FrameValue};

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

/// A SQL identifier in double quotes (quotes inside doubled), so a table or column name is
/// never read as SQL.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{to_frame, Rows};

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
