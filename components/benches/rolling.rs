//! Criterion benchmarks of the rolling-window kernel and the components built on it:
//! 1,000,000 points at 1-second spacing (naive datetime index, pseudo-random values),
//! trailing window "10min" (600 points per window) for mean and median, centered "10min"
//! for the MAD band filter.
//!
//! Run: `cargo bench -p rheo-components --bench rolling`

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use rheo_components::filters::moving_window_mad_band_filter;
use rheo_components::kernels::rolling::{rolling_mean, rolling_median, time_bounds, Closed};
use rheo_components::statistic::moving_average_time;
use rheo_components::statistic::moving_median_time;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use std::hint::black_box;
use std::sync::Arc;

const N: usize = 1_000_000;
const SECOND: i64 = 1_000_000_000;
const WINDOW: &str = "10min";

fn data() -> (Vec<i64>, Vec<f64>) {
    let t0 = 1_577_836_800 * SECOND;
    let index: Vec<i64> = (0..N as i64).map(|i| t0 + i * SECOND).collect();
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let values: Vec<f64> = (0..N)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (i as f64 / 3600.0).sin() * 10.0 + (x % 1000) as f64 / 100.0
        })
        .collect();
    (index, values)
}

fn run(c: &dyn Component, inputs: &Inputs) -> usize {
    c.run(inputs).expect("component runs").len()
}

fn bench(c: &mut Criterion) {
    let (index, values) = data();
    let series = Arc::new(Value::Series(SeriesValue::new(
        Column::from_datetime_ns(index.clone(), Tz::Naive),
        Column::from_f64(values.clone()),
    )));
    let w = 600 * SECOND;
    let mut g = c.benchmark_group("rolling_1M_1s");
    g.sample_size(10);

    g.bench_function("kernel: time bounds 10min", |b| {
        b.iter(|| time_bounds(black_box(&index), w, Closed::Right, false))
    });
    g.bench_function("kernel: bounds + mean 10min", |b| {
        b.iter(|| {
            let bounds = time_bounds(black_box(&index), w, Closed::Right, false);
            rolling_mean(black_box(&values), &bounds, 1)
        })
    });
    g.bench_function("kernel: bounds + median 10min", |b| {
        b.iter(|| {
            let bounds = time_bounds(black_box(&index), w, Closed::Right, false);
            rolling_median(black_box(&values), &bounds, 1)
        })
    });

    let mut inputs = Inputs::new();
    inputs.insert("data", series.clone());
    inputs.insert("t", Arc::new(Value::Str(WINDOW.into())));
    g.bench_function("component: Moving average time 10min", |b| {
        b.iter(|| run(&moving_average_time::COMPONENT, black_box(&inputs)))
    });
    g.bench_function("component: Moving median time 10min", |b| {
        b.iter(|| run(&moving_median_time::COMPONENT, black_box(&inputs)))
    });

    let mut mad = Inputs::new();
    mad.insert("series", series.clone());
    mad.insert("window_size", Arc::new(Value::Str(WINDOW.into())));
    mad.insert("min_num_datapoints_in_window", Arc::new(Value::Int(10)));
    mad.insert("mad_scaling_factor", Arc::new(Value::Float(1.4826)));
    mad.insert("min_band_width_factor", Arc::new(Value::Float(1.0)));
    g.bench_function(
        "component: Moving Window MAD Band Filter 10min centered",
        |b| b.iter(|| run(&moving_window_mad_band_filter::COMPONENT, black_box(&mad))),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
