//! Test helpers shared by the visualization component tests.

use super::schema::check_figure;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, Value};
use serde_json::Value as Json;
use std::sync::Arc;

/// 2020-01-01T00:00:00Z in ns.
pub const T0: i64 = 1_577_836_800 * 1_000_000_000;
/// One hour in ns.
pub const H: i64 = 3_600 * 1_000_000_000;

/// A float series on a datetime index.
pub fn ts_series(ts: &[i64], tz: Tz, ys: &[f64]) -> SeriesValue {
    SeriesValue::new(
        Column::from_datetime_ns(ts.to_vec(), tz),
        Column::from_f64(ys.to_vec()),
    )
}

/// A frame from an index and named columns.
pub fn frame(index: Column, cols: Vec<(&str, Column)>) -> Value {
    Value::Frame(FrameValue {
        index,
        columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
        attrs: Default::default(),
    })
}

/// Runs a plot component and returns its only output (checked against the plotly schema
/// with [`check_figure`]), or the error.
pub fn try_plot(c: &dyn Component, inputs: &[(&str, Value)]) -> Result<Json, ComponentError> {
    let mut i = Inputs::new();
    for (k, v) in inputs {
        i.insert(*k, Arc::new(v.clone()));
    }
    let out = c.run(&i)?;
    assert_eq!(out.len(), 1);
    assert_eq!(out.keys().next(), Some(&c.spec().outputs[0].name));
    match out[0].as_ref() {
        Value::Json(j) => {
            check_figure(j);
            Ok(j.clone())
        }
        other => panic!("not a figure: {other:?}"),
    }
}

/// Runs a plot component that must succeed.
pub fn run_plot(c: &dyn Component, inputs: &[(&str, Value)]) -> Json {
    try_plot(c, inputs).expect("plot failed")
}
