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
        let ty = s
            .get("type")
            .and_then(Json::as_str)
            .unwrap_or(if s.get("path").is_some() {
                "path"
            } else {
                "rect"
            });
        let xref = s
            .get("xref")
            .and_then(Json::as_str)
            .unwrap_or("x")
            .to_string();
        let yref = s
            .get("yref")
            .and_then(Json::as_str)
            .unwrap_or("y")
            .to_string();
        let x0 = ref_px(fig, area, &xref, s.get("x0"), true);
        let x1 = ref_px(fig, area, &xref, s.get("x1"), true);
        let y0 = ref_px(fig, area, &yref, s.get("y0"), false);
        let y1 = ref_px(fig, area, &yref, s.get("y1"), false);
        if ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) && ty != "path" {
            continue;
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
        match ty {
            "line" => p.polyline(&[(x0, y0), (x1, y1)], lc, lw, dash.as_deref(), Some(clip))?,
            "rect" => {
                if let Some(f) = fill {
                    p.polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], f, None)?;
                }
                p.polyline(
                    &[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
                    lc,
                    lw,
                    dash.as_deref(),
                    None,
                )?;
            }
            "circle" => {
                let (cx, cy, rx, ry) = (
                    (x0 + x1) / 2.0,
                    (y0 + y1) / 2.0,
                    (x1 - x0).abs() / 2.0,
                    (y1 - y0).abs() / 2.0,
                );
                let pts: Vec<Pt> = (0..=64)
                    .map(|k| {
                        let a = k as f64 / 64.0 * std::f64::consts::TAU;
                        (cx + rx * a.cos(), cy + ry * a.sin())
                    })
                    .collect();
                if let Some(f) = fill {
                    p.polygon(&pts, f, None)?;
                }
                p.polyline(&pts, lc, lw, dash.as_deref(), None)?;
            }
            other => fig
                .notes
                .push(format!("shape type '{other}' is not rendered")),
        }
        if let Some(text) = s
            .get("label")
            .and_then(|l| l.get("text"))
            .map(json_label)
            .map(|t| clean_text(&t))
            .filter(|t| !t.is_empty())
        {
            let label = &s["label"];
            let size = num(label.get("font").and_then(|f| f.get("size"))).unwrap_or(12.0);
            let c = label
                .get("font")
                .and_then(|f| f.get("color"))
                .and_then(color::from_json)
                .unwrap_or(lc);
            let rotate = num(label.get("textangle")).is_some_and(|a| (a + 90.0).abs() < 1.0);
            let at = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            if at.0.is_finite() && at.1.is_finite() {
                let at = if rotate {
                    (at.0 - size * 0.8, at.1)
                } else {
                    (at.0, at.1 - size * 0.8)
                };
                p.text(&text, at, size, c, HAlign::Center, VAlign::Middle, rotate)?;
            }
        }
    }
    if layer == "above" {
        for a in arr(fig.layout.get("annotations").unwrap_or(&NULL)) {
            let Some(text) = a.get("text").map(json_label).map(|t| clean_text(&t)) else {
                continue;
            };
            let xref = a
                .get("xref")
                .and_then(Json::as_str)
                .unwrap_or("x")
                .to_string();
            let yref = a
                .get("yref")
                .and_then(Json::as_str)
                .unwrap_or("y")
                .to_string();
            let x = ref_px(
                fig,
                area,
                &xref,
                a.get("x").or(Some(&Json::from(0.5))),
                true,
            );
            let y = ref_px(
                fig,
                area,
                &yref,
                a.get("y").or(Some(&Json::from(0.5))),
                false,
            );
            if !(x.is_finite() && y.is_finite()) {
                continue;
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
            p.text(
                &text,
                (tx, ty),
                size,
                c,
                HAlign::Center,
                if arrow {
                    VAlign::Bottom
                } else {
                    VAlign::Middle
                },
                false,
            )?;
        }
    }
    Ok(())
}
