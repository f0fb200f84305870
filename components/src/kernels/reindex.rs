//! Sorting positions of an index and reindexing columns by positions.

use crate::kernels::elementwise::{cmp_f64, cmp_opt};
use polars_core::prelude::{IdxCa, IdxSize, NewChunkedArray, PlSmallStr};
use rheo_core::value::{Column, ColumnKind};
use std::cmp::Ordering;

/// Positions of an index in ascending label order (stable; NaN/NaT/None last); the
/// identity when the index is already sorted.
pub(crate) fn sort_positions(index: &Column) -> Vec<usize> {
    fn order<K: Copy>(keys: &[K], cmp: impl Fn(K, K) -> Ordering) -> Vec<usize> {
        let mut pos: Vec<usize> = (0..keys.len()).collect();
        if keys
            .windows(2)
            .any(|w| cmp(w[0], w[1]) == Ordering::Greater)
        {
            pos.sort_by(|&a, &b| cmp(keys[a], keys[b]));
        }
        pos
    }
    match index.kind() {
        ColumnKind::Int if index.data.i64().is_ok() => {
            order(&index.i64_values().unwrap_or_default(), |a: i64, b| {
                a.cmp(&b)
            })
        }
        ColumnKind::Int | ColumnKind::Float => {
            order(&index.f64_values().unwrap_or_default(), cmp_f64)
        }
        ColumnKind::Datetime => order(&index.datetime_ns_opt().unwrap_or_default(), cmp_opt),
        ColumnKind::Str => order(&index.str_values().unwrap_or_default(), cmp_opt),
        ColumnKind::Bool => order(&index.bool_values().unwrap_or_default(), cmp_opt),
    }
}

/// A column reindexed by `take` (`None` = label missing): unchanged kinds when nothing is
/// missing; otherwise numeric data become float with NaN, other kinds get nulls (NaT for
/// datetimes).
pub(crate) fn reindex_column(col: &Column, take: &[Option<usize>]) -> Column {
    if take.iter().all(Option::is_some) {
        let pos: Vec<usize> = take.iter().flatten().copied().collect();
        return col.take(&pos);
    }
    if col.is_numeric() {
        let v = col.f64_values().unwrap_or_default();
        return Column::from_f64(take.iter().map(|t| t.map_or(f64::NAN, |i| v[i])).collect());
    }
    let idx = IdxCa::from_iter_options(
        PlSmallStr::EMPTY,
        take.iter().map(|t| t.map(|i| i as IdxSize)),
    );
    Column {
        data: col
            .data
            .take(&idx)
            .expect("positions are within the column"),
        tz: col.tz,
    }
}
