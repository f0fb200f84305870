//! Drawing the axes of the painting pass: axis lines, tick labels and axis titles, placed
//! by each axis's side, anchor and position.

use super::{num, Fig, AXIS_TITLE_FONT, TICK_FONT};
use crate::color::TEXT;
use crate::paint::{text_width, HAlign, Painter, VAlign};
use crate::{color, RenderError};
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;

/// Draws every used axis of `fig` with its tick labels (`tick_sets`, per axis) around the
/// plot area `(left, top, right, bottom)` in pixels.
pub(super) fn draw_axes<B: DrawingBackend>(
    fig: &Fig,
    tick_sets: &[Vec<(f64, String)>],
    (pl, pt, pr, pb): (f64, f64, f64, f64),
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    for (ai, a) in fig.axes.iter().enumerate() {
        if !a.used {
            continue;
        }
        let side = a
            .spec
            .get("side")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "bottom" } else { "left" });
        let anchor_id = a
            .spec
            .get("anchor")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "y" } else { "x" })
            .to_string();
        let anchor = fig.index.get(&anchor_id).map(|&j| fig.axes[j].pix_span());
        let tick_color = a
            .spec
            .get("tickfont")
            .and_then(|f| f.get("color"))
            .and_then(color::from_json)
            .unwrap_or(TEXT);
        let linecolor = a
            .spec
            .get("linecolor")
            .and_then(color::from_json)
            .unwrap_or(TEXT);
        let showline = a.spec.get("showline") == Some(&Json::Bool(true));
        let (s0, s1) = a.pix_span();
        if a.is_x() {
            let (ay0, ay1) = anchor.unwrap_or((pt, pb));
            let mut y = if side == "top" { ay0 } else { ay1 };
            if let Some(pos) = num(a.spec.get("position")) {
                y = pb - pos * (pb - pt);
            }
            if showline {
                p.polyline(&[(s0, y), (s1, y)], linecolor, 1.0, None, None)?;
            }
            let mut max_lines = 0;
            for (v, label) in &tick_sets[ai] {
                let q = a.px(*v);
                max_lines = max_lines.max(label.lines().count());
                if side == "top" {
                    p.text(
                        label,
                        (q, y - 4.0),
                        TICK_FONT,
                        tick_color,
                        HAlign::Center,
                        VAlign::Bottom,
                        false,
                    )?;
                } else {
                    p.text(
                        label,
                        (q, y + 4.0),
                        TICK_FONT,
                        tick_color,
                        HAlign::Center,
                        VAlign::Top,
                        false,
                    )?;
                }
            }
            if let Some(tt) = a.title() {
                let off = max_lines as f64 * TICK_FONT * 1.2 + 8.0;
                if side == "top" {
                    p.text(
                        &tt,
                        ((s0 + s1) / 2.0, y - off),
                        AXIS_TITLE_FONT,
                        TEXT,
                        HAlign::Center,
                        VAlign::Bottom,
                        false,
                    )?;
                } else {
                    p.text(
                        &tt,
                        ((s0 + s1) / 2.0, y + off),
                        AXIS_TITLE_FONT,
                        TEXT,
                        HAlign::Center,
                        VAlign::Top,
                        false,
                    )?;
                }
            }
        } else {
            let (ax0, ax1) = anchor.unwrap_or((pl, pr));
            let right = side == "right";
            let mut x = if right { ax1 } else { ax0 };
            // hetida's multi-axis plots set `position` without `anchor: "free"`; placing
            // the axis there keeps the axes apart instead of stacking them on one line.
            if let Some(pos) = num(a.spec.get("position")) {
                x = pl + pos * (pr - pl);
            }
            if showline {
                p.polyline(&[(x, s0), (x, s1)], linecolor, 1.0, None, None)?;
            }
            let mut widest: f64 = 0.0;
            for (v, label) in &tick_sets[ai] {
                let q = a.px(*v);
                widest = widest.max(text_width(label, TICK_FONT));
                if right {
                    p.text(
                        label,
                        (x + 4.0, q),
                        TICK_FONT,
                        tick_color,
                        HAlign::Left,
                        VAlign::Middle,
                        false,
                    )?;
                } else {
                    p.text(
                        label,
                        (x - 4.0, q),
                        TICK_FONT,
                        tick_color,
                        HAlign::Right,
                        VAlign::Middle,
                        false,
                    )?;
                }
            }
            let title_color = a
                .spec
                .get("title")
                .and_then(|t| t.get("font"))
                .and_then(|f| f.get("color"))
                .and_then(color::from_json)
                .unwrap_or(TEXT);
            if let Some(tt) = a.title() {
                let off = widest + 8.0 + AXIS_TITLE_FONT * 0.6;
                let tx = if right { x + off } else { x - off };
                p.text(
                    &tt,
                    (tx, (s0 + s1) / 2.0),
                    AXIS_TITLE_FONT,
                    title_color,
                    HAlign::Center,
                    VAlign::Middle,
                    true,
                )?;
            }
        }
    }
    Ok(())
}
