//! Peak heap memory of the benchmarked components on 1,000,000 points, measured with a
//! counting global allocator: for each component, the highest number of heap bytes live
//! at once during `run` (all threads, outputs included) above what was live before it,
//! relative to the input's size (16 bytes per point: an i64 timestamp and an f64 value).
//!
//! Run: `cargo bench -p rheo-components --bench memory` (prints a Markdown table).

// A global allocator is an `unsafe impl`: the one place in the workspace that needs it.
#![allow(unsafe_code)]
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_components::filters::moving_window_mad_band_filter;
use rheo_components::remaining_useful_life::univariate_linear_rul_regression;
use rheo_components::statistic::moving_average_time;
use rheo_components::statistic::moving_median_time;
use rheo_components::time_length_operations::linear_interpolation_datetime_index;
use rheo_components::time_length_operations::resample_datetime_index_using_mean;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call forwards to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const N: usize = 1_000_000;
const SECOND: i64 = 1_000_000_000;
const T2020: i64 = 1_577_836_800 * SECOND;

/// `N` points `step` apart from 2020-01-01 (UTC), a sine with a saw-tooth ripple, every
/// 97th value NaN if `gaps`.
fn series(step: i64, gaps: bool) -> Arc<Value> {
    let index: Vec<i64> = (0..N as i64).map(|i| T2020 + i * step).collect();
    let values: Vec<f64> = (0..N)
        .map(|i| {
            if gaps && i % 97 == 0 {
                f64::NAN
            } else {
                (i as f64 * 0.001).sin() * 10.0 + (i % 13) as f64
            }
        })
        .collect();
    Arc::new(Value::Series(SeriesValue::new(
        Column::from_datetime_ns(index, Tz::Utc),
        Column::from_f64(values),
    )))
}

fn inputs(pairs: &[(&str, Arc<Value>)]) -> Inputs {
    let mut i = Inputs::new();
    for (name, v) in pairs {
        i.insert(*name, v.clone());
    }
    i
}

fn text(s: &str) -> Arc<Value> {
    Arc::new(Value::Str(s.into()))
}

/// Peak bytes live during `c.run(inputs)` above those live before it (outputs kept until
/// the peak is read).
fn peak_during(c: &dyn Component, inputs: &Inputs) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = c.run(inputs).expect("component runs");
    let peak = PEAK.load(Ordering::Relaxed);
    drop(out);
    peak - before
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, with no flag.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let per_second = series(SECOND, true);
    // Linear regression refuses NaN, as sklearn does.
    let per_minute = series(60 * SECOND, false);
    let input_bytes = N * 16;
    let window = text("10min");
    let cases: Vec<(&str, &dyn Component, Inputs)> = vec![
        (
            "Moving average time, t = 10min",
            &moving_average_time::COMPONENT,
            inputs(&[("data", per_second.clone()), ("t", window.clone())]),
        ),
        (
            "Moving median time, t = 10min",
            &moving_median_time::COMPONENT,
            inputs(&[("data", per_second.clone()), ("t", window.clone())]),
        ),
        (
            "Moving Window MAD Band Filter, 10min centered",
            &moving_window_mad_band_filter::COMPONENT,
            inputs(&[
                ("series", per_second.clone()),
                ("window_size", window.clone()),
                ("min_num_datapoints_in_window", Arc::new(Value::Int(10))),
                ("mad_scaling_factor", Arc::new(Value::Float(1.4826))),
                ("min_band_width_factor", Arc::new(Value::Float(1.0))),
            ]),
        ),
        (
            "Resample Datetime Index using Mean, t = 1min",
            &resample_datetime_index_using_mean::COMPONENT,
            inputs(&[("data", per_second.clone()), ("t", text("1min"))]),
        ),
        (
            "Linear Interpolation Datetime Index, t = 500ms (2M-point output)",
            &linear_interpolation_datetime_index::COMPONENT,
            inputs(&[("data", per_second.clone()), ("t", text("500ms"))]),
        ),
        (
            "Univariate Linear RUL Regression, 1M-point prediction grid",
            &univariate_linear_rul_regression::COMPONENT,
            inputs(&[
                ("timeseries", per_minute.clone()),
                ("num_pred_series_future_days", Arc::new(Value::Int(0))),
                ("pred_series_frequency", text("1min")),
                ("limit", Arc::new(Value::Float(10.0))),
            ]),
        ),
    ];
    println!("| component (1,000,000 points, input 16 MB) | peak heap during run | × input |");
    println!("| --- | --- | --- |");
    for (name, component, inputs) in &cases {
        let peak = peak_during(*component, inputs);
        println!(
            "| {name} | {:.1} MB | {:.2} |",
            peak as f64 / 1e6,
            peak as f64 / input_bytes as f64
        );
    }
}
