//! Property tests of the figure renderer: random plotly-shaped figures (traces of every
//! kind with random coordinates, layouts with random sizes and axes) and deeply nested JSON
//! never panic; each renders or fails with an error. Figures read with compact data
//! arrays render exactly as the same figures read as JSON trees.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rheo_render::{figure_svg, render, render_svg, Figure, Format, RenderOptions};
use serde_json::{json, Value as Json};

fn scalar() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        prop::sample::select(&[f64::MAX, f64::MIN_POSITIVE, -0.0, 1e-300][..])
            .prop_map(|f| json!(f)),
        any::<i32>().prop_map(|i| json!(i)),
        prop::sample::select(
            &[
                "2020-01-01T00:00:00+00:00",
                "2020-01-01",
                "not a date",
                "",
                "1e9",
                "NaN",
                "a",
            ][..]
        )
        .prop_map(|s| json!(s)),
    ]
}

/// Arrays that are read as compact columns: numbers with nulls, or strings.
fn column() -> impl Strategy<Value = Json> {
    let number = prop_oneof![
        Just(Json::Null),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        any::<i32>().prop_map(|i| json!(i)),
        Just(json!(9_007_199_254_740_993u64)),
    ];
    let text = prop::sample::select(
        &[
            "2020-01-01T00:00:00+00:00",
            "2020-01-02",
            "a",
            "b",
            "",
            "3.5",
        ][..],
    )
    .prop_map(|s| json!(s));
    prop_oneof![
        prop::collection::vec(number, 0..40).prop_map(Json::Array),
        prop::collection::vec(text, 0..40).prop_map(Json::Array),
    ]
}

fn values() -> impl Strategy<Value = Json> {
    prop_oneof![
        column(),
        prop::collection::vec(scalar(), 0..40).prop_map(Json::Array),
        prop::collection::vec(
            prop::collection::vec(scalar(), 0..6).prop_map(Json::Array),
            0..6
        )
        .prop_map(Json::Array),
        scalar(),
    ]
}

fn trace() -> impl Strategy<Value = Json> {
    let kinds = prop::sample::select(
        &[
            "scatter",
            "scattergl",
            "bar",
            "histogram",
            "heatmap",
            "contour",
            "pie",
            "box",
            "table",
            "surface",
            "unknown",
            "",
        ][..],
    );
    let modes = prop::sample::select(&["lines", "markers", "lines+markers", "text", "none"][..]);
    (kinds, modes, values(), values(), values(), values()).prop_map(|(k, m, x, y, z, v)| {
        json!({"type": k, "mode": m, "x": x, "y": y, "z": z, "values": v, "labels": x,
               "name": "t", "marker": {"color": y, "size": z}})
    })
}

fn figure() -> impl Strategy<Value = Json> {
    (
        prop::collection::vec(trace(), 0..4),
        prop::option::of(-10.0f64..10_000.0),
        prop::option::of(-10.0f64..10_000.0),
        values(),
    )
        .prop_map(|(data, w, h, range)| {
            json!({"data": data, "layout": {"width": w, "height": h, "title": {"text": "f"},
                   "xaxis": {"range": range, "type": "date"}, "yaxis": {"type": "log"}}})
        })
}

fn deep() -> impl Strategy<Value = Json> {
    (0usize..100).prop_map(|n| {
        let mut v = json!([1]);
        for _ in 0..n {
            v = json!({"data": [v], "layout": {"xaxis": {"range": [0, 1]}}});
        }
        v
    })
}

fn options() -> RenderOptions {
    RenderOptions {
        width: Some(200),
        height: Some(150),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_figures_render_or_fail_cleanly(fig in figure()) {
        let _ = render(&fig, Format::Svg, &options());
        let _ = render(&fig, Format::Png, &options());
    }

    #[test]
    fn figure_sizes_from_the_layout_are_bounded(fig in figure()) {
        // No size option: the layout decides, and an out-of-range size is an error.
        let _ = render(&fig, Format::Svg, &RenderOptions { width: None, height: None });
    }

    #[test]
    fn compact_columns_render_exactly_like_json(fig in figure()) {
        // The same text read as one JSON tree and as a `Figure` with compact data arrays
        // gives the same SVG (or the same error).
        let text = serde_json::to_vec(&fig).unwrap();
        let tree: Json = serde_json::from_slice(&text).unwrap();
        let compact = Figure::parse(&text).unwrap();
        let a = render_svg(&tree, &options()).map_err(|e| e.to_string());
        let b = figure_svg(&compact, &options()).map_err(|e| e.to_string());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn nested_json_never_panics(fig in deep()) {
        let _ = render(&fig, Format::Svg, &options());
    }
}
