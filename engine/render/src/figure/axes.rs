//! Drawing the axes of the painting pass: axis lines, tick labels and axis titles, placed
//! by each axis's side, anchor and position.

use super::{num, Fig, AXIS_TITLE_FONT, TICK_FONT};
use crate::axis::Axis;
use crate::color::{Rgba, TEXT};
use crate::paint::{text_width, HAlign, Painter, VAlign};
use crate::{color, RenderError};
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;

/// Draws every used axis of `fig` with its tick labels (`tick_sets`, per axis) around the
/// plot area `(left, top, right, bottom)` in pixels.
pub(super) fn draw_axes<B: DrawingBackend>(
    fig: &Fig,
    tick_sets: &[Vec<(f64, String)>],
    plot: (f64, f64, f64, f64),
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    for (ai, a) in fig.axes.iter().enumerate() {
        if !a.used {
            continue;
        }
        let style = AxisStyle::of(fig, a);
        if a.is_x() {
            draw_x_axis(a, &style, &tick_sets[ai], plot, p)?;
        } else {
            draw_y_axis(a, &style, &tick_sets[ai], plot, p)?;
        }
    }
    Ok(())
}

/// Where and how one axis is drawn, read from its layout spec.
struct AxisStyle {
    /// `top`/`bottom` for x axes, `left`/`right` for y axes.
    side: String,
    /// The pixel span of the axis it is anchored to, if that one exists.
    anchor: Option<(f64, f64)>,
    tick_color: Rgba,
    /// The axis line's colour, when `showline` is set.
    line: Option<Rgba>,
}

impl AxisStyle {
    fn of(fig: &Fig, a: &Axis) -> AxisStyle {
        let spec = &a.spec;
        let side = spec
            .get("side")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "bottom" } else { "left" })
            .to_string();
        let anchor_id = spec
            .get("anchor")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "y" } else { "x" });
        let tick_color = spec
            .get("tickfont")
            .and_then(|f| f.get("color"))
            .and_then(color::from_json)
            .unwrap_or(TEXT);
        let linecolor = spec
            .get("linecolor")
            .and_then(color::from_json)
            .unwrap_or(TEXT);
        AxisStyle {
            side,
            anchor: fig.index.get(anchor_id).map(|&j| fig.axes[j].pix_span()),
            tick_color,
            line: (spec.get("showline") == Some(&Json::Bool(true))).then_some(linecolor),
        }
    }
}

/// An x axis: line, tick labels below (or above, on top) and the title beyond them.
fn draw_x_axis<B: DrawingBackend>(
    a: &Axis,
    style: &AxisStyle,
    ticks: &[(f64, String)],
    (_, pt, _, pb): (f64, f64, f64, f64),
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (s0, s1) = a.pix_span();
    let top = style.side == "top";
    let (ay0, ay1) = style.anchor.unwrap_or((pt, pb));
    let mut y = if top { ay0 } else { ay1 };
    if let Some(pos) = num(a.spec.get("position")) {
        y = pb - pos * (pb - pt);
    }
    if let Some(c) = style.line {
        p.polyline(&[(s0, y), (s1, y)], c, 1.0, None, None)?;
    }
    // Labels hang below the axis, or stand above it on top.
    let (dir, valign) = if top {
        (-1.0, VAlign::Bottom)
    } else {
        (1.0, VAlign::Top)
    };
    let mut max_lines = 0;
    for (v, label) in ticks {
        max_lines = max_lines.max(label.lines().count());
        let at = (a.px(*v), y + dir * 4.0);
        p.text(
            label,
            at,
            TICK_FONT,
            style.tick_color,
            HAlign::Center,
            valign,
            false,
        )?;
    }
    if let Some(tt) = a.title() {
        let off = max_lines as f64 * TICK_FONT * 1.2 + 8.0;
        let at = ((s0 + s1) / 2.0, y + dir * off);
        p.text(
            &tt,
            at,
            AXIS_TITLE_FONT,
            TEXT,
            HAlign::Center,
            valign,
            false,
        )?;
    }
    Ok(())
}

/// A y axis: line, tick labels left (or right) of it and the rotated title beyond them.
fn draw_y_axis<B: DrawingBackend>(
    a: &Axis,
    style: &AxisStyle,
    ticks: &[(f64, String)],
    (pl, _, pr, _): (f64, f64, f64, f64),
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (s0, s1) = a.pix_span();
    let right = style.side == "right";
    let (ax0, ax1) = style.anchor.unwrap_or((pl, pr));
    let mut x = if right { ax1 } else { ax0 };
    // hetida's multi-axis plots set `position` without `anchor: "free"`; placing
    // the axis there keeps the axes apart instead of stacking them on one line.
    if let Some(pos) = num(a.spec.get("position")) {
        x = pl + pos * (pr - pl);
    }
    if let Some(c) = style.line {
        p.polyline(&[(x, s0), (x, s1)], c, 1.0, None, None)?;
    }
    let (dir, halign) = if right {
        (1.0, HAlign::Left)
    } else {
        (-1.0, HAlign::Right)
    };
    let mut widest: f64 = 0.0;
    for (v, label) in ticks {
        widest = widest.max(text_width(label, TICK_FONT));
        let at = (x + dir * 4.0, a.px(*v));
        p.text(
            label,
            at,
            TICK_FONT,
            style.tick_color,
            halign,
            VAlign::Middle,
            false,
        )?;
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
        let at = (x + dir * off, (s0 + s1) / 2.0);
        p.text(
            &tt,
            at,
            AXIS_TITLE_FONT,
            title_color,
            HAlign::Center,
            VAlign::Middle,
            true,
        )?;
    }
    Ok(())
}
