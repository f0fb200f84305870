//! Rendering a 1,000,000-point time series (one line trace, ISO timestamps one second
//! apart) to PNG and SVG: `cargo bench -p rheo-render`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use rheo_render::{render_png, render_svg, RenderOptions};
use serde_json::{json, Value as Json};

/// `n` points, one per second from 2020-01-01, a sine with a saw-tooth ripple.
fn figure(n: usize) -> Json {
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let (d, s) = (i / 86_400, i % 86_400);
        x.push(Json::String(format!(
            "2020-01-{:02}T{:02}:{:02}:{:02}+00:00",
            1 + d,
            s / 3600,
            s / 60 % 60,
            s % 60
        )));
        y.push(json!(
            (i as f64 / 5000.0).sin() * 10.0 + (i % 97) as f64 / 97.0
        ));
    }
    json!({
        "data": [{"mode": "lines", "name": "series", "x": x, "y": y, "type": "scatter"}],
        "layout": {"title": {"text": "1,000,000 points"}, "xaxis": {"title": {"text": "Time"}},
                   "yaxis": {"title": {"text": "Values"}}}
    })
}

fn bench(c: &mut Criterion) {
    let fig = figure(1_000_000);
    let opts = RenderOptions::default();
    let mut g = c.benchmark_group("render_1m_time_series");
    g.sample_size(10);
    g.bench_function("png", |b| b.iter(|| render_png(&fig, &opts).unwrap()));
    g.bench_function("svg", |b| b.iter(|| render_svg(&fig, &opts).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
