//! A trace's data array as the renderer reads it: JSON values, or a compact column read
//! from the figure's text (see [`crate::document`]). Both convert the same way.

use super::{arr, first_sample, Fig, NULL};
use crate::axis::Axis;
use crate::document::{Column, COLUMN_KEYS};
use serde_json::Value as Json;

/// The values of one data array of a trace.
#[derive(Clone, Copy)]
pub(super) enum Values<'a> {
    Json(&'a [Json]),
    Col(&'a Column),
}

impl<'a> Values<'a> {
    /// Array `key` of trace `i` (`t`): its column if it was read as one, else its JSON.
    pub(super) fn of(fig: &Fig<'a>, i: usize, t: &'a Json, key: &str) -> Values<'a> {
        let column = COLUMN_KEYS
            .iter()
            .find(|k| **k == key)
            .and_then(|k| fig.columns.get(&(i, *k)));
        match column {
            Some(c) => Values::Col(c),
            None => Values::Json(arr(t.get(key).unwrap_or(&NULL))),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Values::Json(v) => v.len(),
            Values::Col(c) => c.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lets the first non-null value decide the axis kind (else `fallback`).
    pub(super) fn infer(&self, axis: &mut Axis, fallback: Option<&Json>) {
        match self {
            Values::Json(v) => axis.infer(first_sample(v).or(fallback)),
            Values::Col(Column::Num { values, .. }) if values.iter().any(|v| !v.is_nan()) => {
                axis.infer_number()
            }
            Values::Col(c @ Column::Str { .. }) if !c.is_empty() => {
                axis.infer_str(c.str_at(0).unwrap_or_default())
            }
            Values::Col(_) => axis.infer(fallback),
        }
    }

    /// Element `k` in the axis' units (NaN when it has no position).
    pub(super) fn conv_at(&self, axis: &mut Axis, k: usize) -> f64 {
        match self {
            Values::Json(v) => v.get(k).map_or(f64::NAN, |v| axis.conv(v)),
            Values::Col(Column::Num { values, ints }) => {
                let v = values.get(k).copied().unwrap_or(f64::NAN);
                if v.is_nan() {
                    return f64::NAN;
                }
                let int = ints.get(k).copied().unwrap_or(false);
                axis.conv_number(v, || crate::document::num_json(v, int).to_string())
            }
            Values::Col(c) => c.str_at(k).map_or(f64::NAN, |s| axis.conv_str(s)),
        }
    }

    /// Every element in the axis' units.
    pub(super) fn conv_all(&self, axis: &mut Axis) -> Vec<f64> {
        (0..self.len()).map(|k| self.conv_at(axis, k)).collect()
    }
}
