//! Every figure kind renders, odd and hostile figures never panic, bad figures are errors,
//! and large traces are decimated.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_render::{render, render_png, render_svg, Format, RenderError, RenderOptions};
use serde_json::{json, Value as Json};

fn fixture(name: &str) -> Json {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn both(fig: &Json) -> (String, Vec<u8>) {
    let svg =
        render_svg(fig, &RenderOptions::default()).unwrap_or_else(|e| panic!("SVG: {e} for {fig}"));
    let png =
        render_png(fig, &RenderOptions::default()).unwrap_or_else(|e| panic!("PNG: {e} for {fig}"));
    assert_eq!(&png[1..4], b"PNG");
    (svg, png)
}

#[test]
fn all_kinds_render() {
    let (svg, _) = both(&fixture("kinds_cartesian.json"));
    assert!(svg.contains("Kinds"), "title is in the SVG");
    assert!(svg.contains("\nbox\n"));
    let (svg, _) = both(&fixture("kinds_pie_table.json"));
    assert!(svg.contains("50.0%"), "the pie labels its largest slice");
    assert!(svg.contains("\nvalue\n"), "the table has its header");
}

#[test]
fn plotly_express_templates_colour_the_plot() {
    // The template's plot background (#E5ECF6) fills the plot area.
    let (rgb, w, _) =
        rheo_render::render_rgb(&fixture("px_bar_template.json"), &RenderOptions::default())
            .unwrap();
    let px = |x: usize, y: usize| &rgb[(y * w as usize + x) * 3..][..3];
    assert_eq!(
        px(100, 70),
        &[0xe5, 0xec, 0xf6],
        "plot background at (100, 70)"
    );
    assert_eq!(px(5, 5), &[255, 255, 255], "paper stays white");
}

#[test]
fn colour_axes_map_marker_values_and_get_a_colour_bar() {
    let (rgb, w, h) = rheo_render::render_rgb(
        &fixture("px_scatter_coloraxis.json"),
        &RenderOptions::default(),
    )
    .unwrap();
    let (w, h) = (w as usize, h as usize);
    // The colour bar in the right margin runs from the scale's first to its last colour.
    let near = |want: [u8; 3]| {
        (0..h).any(|y| {
            (w - 80..w).any(|x| {
                let p = &rgb[(y * w + x) * 3..][..3];
                p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 12)
            })
        })
    };
    assert!(
        near([0x0d, 0x08, 0x87]),
        "the bar shows the low end of the scale"
    );
    assert!(
        near([0xf0, 0xf9, 0x21]),
        "the bar shows the high end of the scale"
    );
}

#[test]
fn unknown_trace_types_are_noted_not_fatal() {
    let fig = json!({"data": [{"type": "sankey", "node": {}}, {"type": "scatter", "y": [1, 2]}]});
    let (svg, _) = both(&fig);
    assert!(
        svg.contains("trace type &apos;sankey&apos; is not rendered")
            || svg.contains("trace type 'sankey' is not rendered"),
        "{svg}"
    );
}

#[test]
fn hostile_figures_do_not_panic() {
    let figs = [
        json!({}),
        json!({"data": []}),
        json!({"data": [null, 1, "x", []]}),
        json!({"data": [{"x": [1, 2], "y": "nope"}], "layout": {"xaxis": {"range": "a"}, "shapes": [1, {"x0": {}}]}}),
        json!({"data": [{"x": [null, "2020-13-45", "abc", 1e308, -1e308], "y": [null, 1, "2", true, {}], "mode": "lines+markers"}]}),
        json!({"data": [{"y": [1, 1, 1], "marker": {"size": [-5, 1e9, null], "color": [1, "red", null]}}]}),
        json!({"data": [{"type": "bar", "x": [], "y": []}, {"type": "pie", "values": [-1, 0]}, {"type": "box", "y": []}]}),
        json!({"data": [{"type": "heatmap", "z": [[], [null], 5]}, {"type": "table", "cells": {"values": 3}}]}),
        json!({"data": [{"y": [1, 2], "yaxis": "y7", "xaxis": "q"}], "layout": {"yaxis7": {"overlaying": "y9", "type": "log"}, "title": 5, "margin": {"l": 1e9}}}),
        json!({"data": [{"type": "scatter", "x": ["a", "b"], "y": [1, 2], "fill": "tonexty", "line": {"dash": "dot", "shape": "hv"}}], "layout": {"width": 3, "height": 3}}),
        json!({"data": [{"x": [1, 2, 3], "y": [1e-300, 1e300, 5]}], "layout": {"yaxis": {"type": "log"}, "annotations": [{"text": "<b>hi</b><br>there", "x": 2, "y": 1}]}}),
    ];
    for fig in &figs {
        let t = std::time::Instant::now();
        both(fig);
        assert!(
            t.elapsed().as_secs_f64() < 5.0,
            "{:?} for {fig}",
            t.elapsed()
        );
    }
}

#[test]
fn bad_figures_and_sizes_are_errors() {
    let opts = RenderOptions::default();
    assert!(matches!(
        render_svg(&json!([1, 2]), &opts),
        Err(RenderError::InvalidFigure(_))
    ));
    assert!(matches!(
        render_png(&json!({"data": 5}), &opts),
        Err(RenderError::InvalidFigure(_))
    ));
    assert!(matches!(
        render_png(&json!({"layout": []}), &opts),
        Err(RenderError::InvalidFigure(_))
    ));
    let big = RenderOptions {
        width: Some(100_000),
        height: None,
    };
    assert!(matches!(
        render(&json!({}), Format::Png, &big),
        Err(RenderError::InvalidSize(..))
    ));
    let zero = RenderOptions {
        width: Some(0),
        height: Some(10),
    };
    assert!(matches!(
        render(&json!({}), Format::Svg, &zero),
        Err(RenderError::InvalidSize(..))
    ));
}

#[test]
fn size_errors_name_the_requested_size() {
    let fig = json!({"data": [], "layout": {"width": 100000, "height": 450}});
    let e = render_svg(&fig, &RenderOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid image size 100000x450: each side must be 1..=8192 pixels"
    );
    let huge = json!({"layout": {"width": 1e300}});
    let e = render_png(&huge, &RenderOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid image size 1e300x450: each side must be 1..=8192 pixels"
    );
    let opts = RenderOptions {
        width: Some(320),
        height: Some(9000),
    };
    let e = render(&fig, Format::Png, &opts).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid image size 320x9000: each side must be 1..=8192 pixels"
    );
    let edge = json!({"layout": {"width": 8192, "height": 1}});
    assert_eq!(RenderOptions::default().size_for(&edge).unwrap(), (8192, 1));
}

#[test]
fn layout_size_is_used_unless_overridden() {
    let fig = json!({"data": [], "layout": {"width": 321, "height": 123}});
    let svg = render_svg(&fig, &RenderOptions::default()).unwrap();
    assert!(
        svg.contains("width=\"321\"") && svg.contains("height=\"123\""),
        "{}",
        &svg[..200]
    );
    let svg = render_svg(
        &fig,
        &RenderOptions {
            width: Some(50),
            height: Some(40),
        },
    )
    .unwrap();
    assert!(svg.contains("width=\"50\""));
}

#[test]
fn large_line_traces_are_decimated_to_the_pixel_columns() {
    let n = 200_000;
    let y: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
    let fig = json!({"data": [{"x": (0..n).collect::<Vec<_>>(), "y": y, "mode": "lines"}], "layout": {"width": 400, "height": 300}});
    let svg = render_svg(&fig, &RenderOptions::default()).unwrap();
    // At most four vertices per pixel column survive.
    let points = svg
        .split("<polyline")
        .skip(1)
        .map(|p| {
            p.split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .split_whitespace()
                .count()
        })
        .sum::<usize>();
    assert!(
        points > 100 && points <= 4 * 400,
        "{points} polyline vertices"
    );
    // The extremes survive decimation: the line reaches the top and the bottom of the data.
    let ys: Vec<i64> = svg
        .split("<polyline")
        .skip(1)
        .flat_map(|p| {
            p.split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|xy| xy.split(',').nth(1).unwrap().parse::<i64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let (lo, hi) = (ys.iter().min().unwrap(), ys.iter().max().unwrap());
    assert!(hi - lo > 100, "{lo}..{hi}");
}
