//! Golden-image tests: figures rendered to PNG are compared with the stored images in
//! `tests/golden/` pixel by pixel (a pixel differs when a channel is off by more than
//! `CHANNEL_TOLERANCE`; at most `MAX_DIFFERING` of the pixels may differ).
//! `RHEO_BLESS=1 cargo test -p rheo-render --test golden` rewrites the stored images.
//! Without the PNG font (DejaVu Sans) the comparison is skipped: the stored images have text.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_components::Registry;
use rheo_core::component::Inputs;
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use rheo_render::{decode_png, encode_png, font_available, render_rgb, render_svg, RenderOptions};
use serde_json::Value as Json;
use std::path::PathBuf;
use std::sync::Arc;

const CHANNEL_TOLERANCE: u8 = 40;
const MAX_DIFFERING: f64 = 0.002;

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(sub)
}

fn fixture(name: &str) -> Json {
    let path = dir("data").join(name);
    serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("fixture is JSON")
}

fn check(name: &str, fig: &Json) {
    // The SVG always renders and names every trace in its legend.
    let svg = render_svg(fig, &RenderOptions::default()).expect("SVG renders");
    assert!(svg.starts_with("<svg"), "{name}: not an SVG");
    let (rgb, w, h) = render_rgb(fig, &RenderOptions::default()).expect("PNG renders");
    if !font_available() {
        eprintln!("{name}: no PNG font (install fonts-dejavu-core); golden comparison skipped");
        return;
    }
    let golden = dir("golden").join(format!("{name}.png"));
    if std::env::var_os("RHEO_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(dir("golden")).unwrap();
        std::fs::write(&golden, encode_png(&rgb, w, h).unwrap()).unwrap();
        eprintln!("blessed {}", golden.display());
        return;
    }
    let stored = std::fs::read(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with RHEO_BLESS=1 to create it)",
            golden.display()
        )
    });
    let (want, gw, gh) = decode_png(&stored).expect("stored golden decodes");
    let actual = std::env::temp_dir().join(format!("rheo-render-{name}.png"));
    if (gw, gh) != (w, h) {
        std::fs::write(&actual, encode_png(&rgb, w, h).unwrap()).unwrap();
        panic!(
            "{name}: size {w}x{h}, golden {gw}x{gh}; actual image in {}",
            actual.display()
        );
    }
    let differing = rgb
        .chunks(3)
        .zip(want.chunks(3))
        .filter(|(a, b)| {
            a.iter()
                .zip(b.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count();
    let share = differing as f64 / (w as f64 * h as f64);
    if share > MAX_DIFFERING {
        std::fs::write(&actual, encode_png(&rgb, w, h).unwrap()).unwrap();
        panic!(
            "{name}: {differing} pixels ({:.3}%) differ from {}; actual image in {}",
            share * 100.0,
            golden.display(),
            actual.display()
        );
    }
}

#[test]
fn time_series() {
    check("time_series", &fixture("time_series.json"));
}

#[test]
fn band_filter_plot() {
    check("band_filter_plot", &fixture("band_filter_plot.json"));
}

#[test]
fn multiple_y_axes() {
    // hetida's "Timeseries DataFrame Plot with multiple Y Axes" layout: positioned right axes.
    check("multi_y_axes", &fixture("multi_y_axes.json"));
}

#[test]
fn value_intervals_with_labelled_shapes() {
    check("value_intervals", &fixture("value_intervals.json"));
}

/// The figure of the Univariate Linear RUL Regression Result Plot component for a
/// decreasing health index and its linear prediction until the limit.
fn rul_figure() -> Json {
    const DAY: i64 = 86_400 * 1_000_000_000;
    const T0: i64 = 1_588_291_200 * 1_000_000_000; // 2020-05-01T00:00:00Z
    let base_ts: Vec<i64> = (0..6).map(|i| T0 + i * 7 * DAY).collect();
    let base_ys = vec![2.5, 2.38, 2.1, 2.05, 1.8, 1.72];
    let slope = -0.8 / (35.0 * DAY as f64);
    let pred_ts: Vec<i64> = (0..=70).map(|i| T0 + i * DAY).collect();
    let pred_ys: Vec<f64> = pred_ts
        .iter()
        .map(|&t| 2.5 + slope * (t - T0) as f64)
        .collect();
    let series = |ts: Vec<i64>, ys: Vec<f64>, name: &str| SeriesValue {
        name: Some(name.to_string()),
        ..SeriesValue::new(Column::from_datetime_ns(ts, Tz::Utc), Column::from_f64(ys))
    };
    let mut inputs = Inputs::new();
    inputs.insert(
        "limit_violation_prediction_timestamp",
        Arc::new(Value::Str("2020-06-23T12:00:00+00:00".into())),
    );
    inputs.insert("limit", Arc::new(Value::Float(1.0)));
    inputs.insert(
        "base_series",
        Arc::new(Value::Series(series(base_ts, base_ys, "health"))),
    );
    inputs.insert(
        "predictions",
        Arc::new(Value::Series(series(pred_ts, pred_ys, "prediction"))),
    );
    let registry = Registry::builtin();
    let plot = registry
        .get("9c3f88ce-1311-241e-18b7-acf7d3f5a051")
        .expect("RUL result plot is registered");
    let out = plot.run(&inputs).expect("the component runs");
    match out["rul_regression_result_plot"].as_ref() {
        Value::Json(j) => j.clone(),
        other => panic!("not a figure: {other:?}"),
    }
}

#[test]
fn rul_result_plot() {
    let fig = rul_figure();
    assert_eq!(fig["data"].as_array().map(Vec::len), Some(2));
    check("rul_result_plot", &fig);
}

/// Every fixture renders to the same SVG whether read as a JSON tree or as a
/// `rheo_render::Figure` with compact data arrays (what `rheo render` and `POST /render` use).
#[test]
fn compact_columns_render_the_fixtures_exactly() {
    let mut n = 0;
    for entry in std::fs::read_dir(dir("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read(&path).unwrap();
        let tree: Json = serde_json::from_slice(&text).unwrap();
        let compact = rheo_render::Figure::parse(&text).unwrap();
        let options = rheo_render::RenderOptions::default();
        let a = rheo_render::render_svg(&tree, &options).unwrap();
        let b = rheo_render::figure_svg(&compact, &options).unwrap();
        assert!(a == b, "{}: the SVGs differ", path.display());
        n += 1;
    }
    assert!(n >= 8, "{n} fixtures");
}
