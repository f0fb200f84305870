//! Components run one after another through the registry, as a workflow would chain them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_components::Registry;
use rheo_core::component::Inputs;
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use std::sync::Arc;

/// A float series on a datetime index given in seconds since the epoch.
fn tz_series(secs: &[i64], tz: Tz, values: &[f64]) -> Value {
    Value::Series(SeriesValue::new(
        Column::from_datetime_ns(secs.iter().map(|s| s * 1_000_000_000).collect(), tz),
        Column::from_f64(values.to_vec()),
    ))
}

/// The operator chain of the example workflow "Data From Last Positive Step":
/// Consecutive differences → Greater or equal (0.25) → Filter → Last Datetime Index
/// (start) and Last Datetime Index of the input (stop) → Restrict to time interval.
#[test]
fn data_from_last_positive_step_chain() {
    let reg = Registry::builtin();
    let run = |id: &str, inputs: &[(&str, Value)]| -> Value {
        let mut i = Inputs::new();
        for (k, v) in inputs {
            i.insert(*k, Arc::new(v.clone()));
        }
        let out = reg.get(id).unwrap().run(&i).unwrap();
        assert_eq!(out.len(), 1);
        out[0].as_ref().clone()
    };
    // Hourly values with steps of +0.3 at hour 2 and +0.5 at hour 5.
    let hours: Vec<i64> = (0..8).map(|h| 1_577_836_800 + h * 3600).collect();
    let input = tz_series(&hours, Tz::Utc, &[1.0, 1.1, 1.4, 1.3, 1.2, 1.7, 1.6, 1.65]);
    let diff = run(
        "ce801dcb-8ce1-14ad-029d-a14796dcac92",
        &[("data", input.clone())],
    );
    let mask = run(
        "f759e4c0-1468-0f2e-9740-41302b860193",
        &[("left", diff), ("right", Value::Float(0.25))],
    );
    let filtered = run(
        "18260aab-bdd6-af5c-cac1-7bafde85188f",
        &[("data", input.clone()), ("filter_series", mask)],
    );
    let last = "c8e3bc64-b214-6486-31db-92a8888d8991";
    let start = run(last, &[("timeseries_data", filtered)]);
    assert_eq!(start, Value::Str("2020-01-01T05:00:00+00:00".into()));
    let stop = run(last, &[("timeseries_data", input.clone())]);
    assert_eq!(stop, Value::Str("2020-01-01T07:00:00+00:00".into()));
    let out = run(
        "bf469c0a-d17c-ca6f-59ac-9838b2ff67ac",
        &[("data", input), ("start", start), ("stop", stop)],
    );
    let Value::Series(out) = out else { panic!() };
    assert_eq!(out.values.f64_values().unwrap().as_ref(), [1.7, 1.6, 1.65]);
    assert_eq!(out.index.tz, Tz::Utc);
}
