//! Criterion benchmarks of the statistics-heavy components:
//!
//! * Univariate Linear RUL Regression on a 1,000,000-point series (one point per minute),
//!   with the 1,000,000-point prediction grid (`"1min"`) and without it (only the fit and
//!   the limit violation, as when no consumer reads `pred_series`);
//! * Isolation Forest fit + decision function on 100,000 rows x 2 columns with 100 trees
//!   (test data = training data, all outputs including the model JSON).
//!
//! Run: `cargo bench -p rheo-components --bench rul`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use rheo_components::anomaly_detection::isolation_forest;
use rheo_components::remaining_useful_life::univariate_linear_rul_regression;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use rheo_core::Value;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const T2020: i64 = 1_577_836_800 * 1_000_000_000;
const MINUTE: i64 = 60 * 1_000_000_000;

/// A deterministic pseudo-random number in [0, 1) (splitmix64 of `i`).
fn noise(i: u64) -> f64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (((z ^ (z >> 31)) >> 11) as f64) / (1u64 << 53) as f64
}

fn rul_inputs(n: usize, freq: &str) -> Inputs {
    let ts: Vec<i64> = (0..n as i64).map(|k| T2020 + k * MINUTE).collect();
    let ys: Vec<f64> = (0..n)
        .map(|k| 100.0 - 0.00005 * k as f64 + noise(k as u64) - 0.5)
        .collect();
    let mut i = Inputs::new();
    i.insert(
        "timeseries",
        Arc::new(Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ts, Tz::Utc),
            Column::from_f64(ys),
        ))),
    );
    i.insert("num_pred_series_future_days", Arc::new(Value::Int(0)));
    i.insert("pred_series_frequency", Arc::new(Value::Str(freq.into())));
    i.insert("limit", Arc::new(Value::Float(10.0)));
    i
}

fn bench_rul(c: &mut Criterion) {
    let full = rul_inputs(1_000_000, "1min");
    let mut fit_only = rul_inputs(1_000_000, "1min");
    fit_only.set_demand(vec![
        "intercept",
        "slope",
        "limit_violation_prediction_timestamp",
    ]);
    let mut g = c.benchmark_group("univariate_linear_rul_regression");
    g.sample_size(30);
    g.bench_function("1m_points_with_1m_point_prediction_grid", |b| {
        b.iter(|| {
            black_box(
                univariate_linear_rul_regression::COMPONENT
                    .run(black_box(&full))
                    .unwrap(),
            )
        })
    });
    g.bench_function("1m_points_fit_only", |b| {
        b.iter(|| {
            black_box(
                univariate_linear_rul_regression::COMPONENT
                    .run(black_box(&fit_only))
                    .unwrap(),
            )
        })
    });
    g.finish();
}

fn bench_isolation_forest(c: &mut Criterion) {
    let n = 100_000usize;
    // A Gaussian-like cluster (sum of uniforms) plus 1% uniform background noise.
    let (mut x, mut y) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for k in 0..n as u64 {
        if k % 100 == 0 {
            x.push(noise(4 * k) * 20.0 - 10.0);
            y.push(noise(4 * k + 1) * 20.0 - 10.0);
        } else {
            x.push(noise(4 * k) + noise(4 * k + 1) + noise(4 * k + 2) - 1.5);
            y.push(noise(4 * k + 3) + noise(4 * k + 5) + noise(4 * k + 6) - 1.5);
        }
    }
    let frame = Arc::new(Value::Frame(FrameValue {
        index: Column::range(n),
        columns: [
            ("x".to_string(), Column::from_f64(x)),
            ("y".to_string(), Column::from_f64(y)),
        ]
        .into_iter()
        .collect(),
        attrs: Default::default(),
    }));
    let mut inputs = Inputs::new();
    inputs.insert("n_estimators", Arc::new(Value::Int(100)));
    inputs.insert("train_data", frame.clone());
    inputs.insert("test_data", frame);
    let mut g = c.benchmark_group("isolation_forest");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("fit_and_score_100k_rows_2_cols_100_trees", |b| {
        b.iter(|| black_box(isolation_forest::COMPONENT.run(black_box(&inputs)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench_rul, bench_isolation_forest);
criterion_main!(benches);
