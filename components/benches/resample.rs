//! Criterion benchmarks of the resampling kernels on 1 000 000 points:
//! Resample Datetime Index using Mean (`t = "1min"`), Linear Interpolation Datetime
//! Index (`t = "500ms"`, a 2 000 000-label grid) and Interpolate Timeseries re-computing
//! every 10th point (methods time, cubic, pchip, akima, quadratic), run through the
//! components' `run` as the engine calls them.
//!
//! Reproduce: `cargo bench -p rheo-components --bench resample`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use rheo_components::data_quality::interpolate_timeseries;
use rheo_components::time_length_operations::linear_interpolation_datetime_index;
use rheo_components::time_length_operations::resample_datetime_index_using_mean;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use std::hint::black_box;
use std::sync::Arc;

const N: usize = 1_000_000;

/// 1 000 000 points one second apart (UTC, from 2020-01-01T00:00:07Z), every 97th value
/// NaN, a smooth signal otherwise.
fn series() -> Value {
    let start = 1_577_836_807_000_000_000i64;
    let index: Vec<i64> = (0..N as i64).map(|i| start + i * 1_000_000_000).collect();
    let values: Vec<f64> = (0..N)
        .map(|i| {
            if i % 97 == 0 {
                f64::NAN
            } else {
                (i as f64 * 0.001).sin() * 10.0 + (i % 13) as f64
            }
        })
        .collect();
    Value::Series(SeriesValue::new(
        Column::from_datetime_ns(index, Tz::Utc),
        Column::from_f64(values),
    ))
}

fn inputs(data: &Value, t: &str) -> Inputs {
    let mut i = Inputs::new();
    i.insert("data", Arc::new(data.clone()));
    i.insert("t", Arc::new(Value::Str(t.into())));
    i
}

fn bench(c: &mut Criterion) {
    let data = series();
    let mut group = c.benchmark_group("resample_1M");
    group.sample_size(20);
    let mean_inputs = inputs(&data, "1min");
    group.bench_function("resample_datetime_index_using_mean_1min", |b| {
        b.iter(|| {
            black_box(
                resample_datetime_index_using_mean::COMPONENT
                    .run(black_box(&mean_inputs))
                    .unwrap(),
            )
        })
    });
    let interp_inputs = inputs(&data, "500ms");
    group.bench_function("linear_interpolation_datetime_index_500ms", |b| {
        b.iter(|| {
            black_box(
                linear_interpolation_datetime_index::COMPONENT
                    .run(black_box(&interp_inputs))
                    .unwrap(),
            )
        })
    });
    let Value::Series(s) = &data else {
        unreachable!()
    };
    let flags = Arc::new(Value::Series(SeriesValue::new(
        s.index.clone(),
        Column::from_bool((0..N).map(|i| i % 10 == 5).collect()),
    )));
    for method in ["time", "cubic", "pchip", "akima", "quadratic"] {
        let mut i = Inputs::new();
        i.insert("timeseries", Arc::new(data.clone()));
        i.insert("filter_series", flags.clone());
        i.insert(
            "interpolation_params",
            Arc::new(Value::Json(serde_json::json!({ "method": method }))),
        );
        group.bench_function(format!("interpolate_timeseries_every_10th_{method}"), |b| {
            b.iter(|| {
                black_box(
                    interpolate_timeseries::COMPONENT
                        .run(black_box(&i))
                        .unwrap(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
