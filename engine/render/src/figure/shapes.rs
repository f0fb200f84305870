//! Drawing layout shapes (line, rect, circle) and their labels.

use super::layout::{ref_px, Area};
use super::{arr, num, Fig, NULL};
use crate::axis::json_label;
use crate::color::TEXT;
use crate::paint::{dash_pattern, Clip, HAlign, Painter, Pt, VAlign};
use crate::text::clean_text;
use crate::{color, RenderError};
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;

/// Draws the layout's shapes of `layer` (`"below"` or `"above"` the traces) with their
/// labels; above the traces also the annotations.
pub(super) fn draw_shapes<B: DrawingBackend>(
    fig: &mut Fig,
    area: Area,
    p: &mut Painter<B>,
    layer: &str,
) -> Result<(), RenderError> {
    let shapes = arr(fig.layout.get("shapes").unwrap_or(&NULL));
    for s in shapes {
        if s.get("layer").and_then(Json::as_str).unwrap_or("above") != layer {
            continue;
        }
        if s.get("visible") == Some(&Json::Bool(false)) {
            continue;
        }
        draw_shape(fig, area, s, p)?;
    }
    if layer == "above" {
        for a in arr(fig.layout.get("annotations").unwrap_or(&NULL)) {
            draw_annotation(fig, area, a, p)?;
        }
    }
    Ok(())
}

/// The reference (`xref`/`yref`) of a shape or annotation: an axis id or `paper`.
fn reference(s: &Json, key: &str, default: &str) -> String {
    s.get(key)
        .and_then(Json::as_str)
        .unwrap_or(default)
        .to_string()
}

/// One shape: its outline and fill, then its label.
fn draw_shape<B: DrawingBackend>(
    fig: &mut Fig,
    area: Area,
    s: &Json,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let ty = s
        .get("type")
        .and_then(Json::as_str)
        .unwrap_or(if s.get("path").is_some() {
            "path"
        } else {
            "rect"
        });
    let (xref, yref) = (reference(s, "xref", "x"), reference(s, "yref", "y"));
    let x0 = ref_px(fig, area, &xref, s.get("x0"), true);
    let x1 = ref_px(fig, area, &xref, s.get("x1"), true);
    let y0 = ref_px(fig, area, &yref, s.get("y0"), false);
    let y1 = ref_px(fig, area, &yref, s.get("y1"), false);
    if ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) && ty != "path" {
        return Ok(());
    }
    let opacity = num(s.get("opacity")).unwrap_or(1.0);
    let line = s.get("line").unwrap_or(&NULL);
    let lc = line
        .get("color")
        .and_then(color::from_json)
        .unwrap_or(TEXT)
        .fade(opacity);
    let lw = num(line.get("width")).unwrap_or(2.0);
    let dash = dash_pattern(line.get("dash").and_then(Json::as_str));
    let fill = s
        .get("fillcolor")
        .and_then(color::from_json)
        .map(|c| c.fade(opacity));
    let clip: Clip = (0.0, 0.0, f64::from(u16::MAX), f64::from(u16::MAX));
    let outline = match ty {
        "line" => {
            p.polyline(&[(x0, y0), (x1, y1)], lc, lw, dash.as_deref(), Some(clip))?;
            None
        }
        "rect" => Some(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
        "circle" => Some(ellipse((x0, y0), (x1, y1))),
        other => {
            fig.notes
                .push(format!("shape type '{other}' is not rendered"));
            None
        }
    };
    if let Some(pts) = outline {
        if let Some(f) = fill {
            let area = if ty == "rect" { &pts[..4] } else { &pts[..] };
            p.polygon(area, f, None)?;
        }
        p.polyline(&pts, lc, lw, dash.as_deref(), None)?;
    }
    draw_shape_label(s, ((x0 + x1) / 2.0, (y0 + y1) / 2.0), lc, p)
}

/// 65 points around the ellipse inscribed in the box from `a` to `b`.
fn ellipse(a: Pt, b: Pt) -> Vec<Pt> {
    let (cx, cy, rx, ry) = (
        (a.0 + b.0) / 2.0,
        (a.1 + b.1) / 2.0,
        (b.0 - a.0).abs() / 2.0,
        (b.1 - a.1).abs() / 2.0,
    );
    (0..=64)
        .map(|k| {
            let t = k as f64 / 64.0 * std::f64::consts::TAU;
            (cx + rx * t.cos(), cy + ry * t.sin())
        })
        .collect()
}

/// A shape's `label.text` near its centre `at` (rotated for `textangle` -90), in the
/// label font's colour or the line colour `lc`.
fn draw_shape_label<B: DrawingBackend>(
    s: &Json,
    at: Pt,
    lc: crate::color::Rgba,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some(text) = s
        .get("label")
        .and_then(|l| l.get("text"))
        .map(json_label)
        .map(|t| clean_text(&t))
        .filter(|t| !t.is_empty())
    else {
        return Ok(());
    };
    let label = &s["label"];
    let size = num(label.get("font").and_then(|f| f.get("size"))).unwrap_or(12.0);
    let c = label
        .get("font")
        .and_then(|f| f.get("color"))
        .and_then(color::from_json)
        .unwrap_or(lc);
    let rotate = num(label.get("textangle")).is_some_and(|a| (a + 90.0).abs() < 1.0);
    if !(at.0.is_finite() && at.1.is_finite()) {
        return Ok(());
    }
    let at = if rotate {
        (at.0 - size * 0.8, at.1)
    } else {
        (at.0, at.1 - size * 0.8)
    };
    p.text(&text, at, size, c, HAlign::Center, VAlign::Middle, rotate)
}

/// One annotation: its text at `x`/`y`, with an arrow unless `showarrow` is false.
fn draw_annotation<B: DrawingBackend>(
    fig: &mut Fig,
    area: Area,
    a: &Json,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some(text) = a.get("text").map(json_label).map(|t| clean_text(&t)) else {
        return Ok(());
    };
    let (xref, yref) = (reference(a, "xref", "x"), reference(a, "yref", "y"));
    let half = Json::from(0.5);
    let x = ref_px(fig, area, &xref, a.get("x").or(Some(&half)), true);
    let y = ref_px(fig, area, &yref, a.get("y").or(Some(&half)), false);
    if !(x.is_finite() && y.is_finite()) {
        return Ok(());
    }
    let arrow = a.get("showarrow") != Some(&Json::Bool(false));
    let (tx, ty) = if arrow {
        (
            x + num(a.get("ax")).unwrap_or(-10.0),
            y + num(a.get("ay")).unwrap_or(-30.0),
        )
    } else {
        (x, y)
    };
    if arrow {
        p.polyline(&[(tx, ty), (x, y)], TEXT, 1.0, None, None)?;
    }
    let size = num(a.get("font").and_then(|f| f.get("size"))).unwrap_or(12.0);
    let c = a
        .get("font")
        .and_then(|f| f.get("color"))
        .and_then(color::from_json)
        .unwrap_or(TEXT);
    let valign = if arrow {
        VAlign::Bottom
    } else {
        VAlign::Middle
    };
    p.text(&text, (tx, ty), size, c, HAlign::Center, valign, false)
}
