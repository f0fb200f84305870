//! Drawing the domain-based traces: pies and tables.

use super::layout::Area;
use super::{arr, num, NULL, TICK_FONT};
use crate::axis::json_label;
use crate::color::{Rgba, TEXT, WHITE};
use crate::paint::{HAlign, Painter, Pt, VAlign};
use crate::text::clean_text;
use crate::{color, RenderError};
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;
use std::collections::HashMap;

pub(super) fn domain_rect(t: &Json, area: Area) -> (f64, f64, f64, f64) {
    let d = t.get("domain").unwrap_or(&NULL);
    let pair = |k: &str| {
        d.get(k)
            .and_then(Json::as_array)
            .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)))
            .unwrap_or((0.0, 1.0))
    };
    let (x, y) = (pair("x"), pair("y"));
    let (w, h) = (area.r - area.l, area.b - area.t);
    (
        area.l + x.0 * w,
        area.b - y.1 * h,
        area.l + x.1 * w,
        area.b - y.0 * h,
    )
}

/// `(label, colour)` of a pie's slices in drawing order.
pub(super) fn pie_slices_meta(t: &Json, colorway: &[Rgba]) -> Vec<(String, Rgba)> {
    pie_slices(t, colorway)
        .into_iter()
        .map(|(l, _, c)| (l, c))
        .collect()
}

pub(super) fn pie_slices(t: &Json, colorway: &[Rgba]) -> Vec<(String, f64, Rgba)> {
    let values = arr(t.get("values").unwrap_or(&NULL));
    let labels = arr(t.get("labels").unwrap_or(&NULL));
    let colors = t
        .get("marker")
        .and_then(|m| m.get("colors"))
        .map(arr)
        .unwrap_or(&[]);
    let n = values.len().max(labels.len());
    // Equal labels are summed, as plotly does.
    let mut order: Vec<String> = Vec::new();
    let mut sums: HashMap<String, f64> = HashMap::new();
    for i in 0..n {
        let label = labels
            .get(i)
            .map(json_label)
            .unwrap_or_else(|| i.to_string());
        let v = if values.is_empty() {
            1.0
        } else {
            num(values.get(i)).unwrap_or(0.0)
        };
        if !v.is_finite() || v < 0.0 {
            continue;
        }
        if !sums.contains_key(&label) {
            order.push(label.clone());
        }
        *sums.entry(label).or_insert(0.0) += v;
    }
    let mut slices: Vec<(String, f64, Rgba)> = order
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let c = colors
                .get(i)
                .and_then(color::from_json)
                .unwrap_or(colorway[i % colorway.len()]);
            let v = sums[&l];
            (l, v, c)
        })
        .collect();
    if t.get("sort") != Some(&Json::Bool(false)) {
        slices.sort_by(|a, b| b.1.total_cmp(&a.1));
    }
    slices
}

pub(super) fn draw_pie<B: DrawingBackend>(
    t: &Json,
    colorway: &[Rgba],
    area: Area,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (x0, y0, x1, y1) = domain_rect(t, area);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let r = ((x1 - x0).min(y1 - y0) / 2.0 - 4.0).max(1.0);
    let hole = num(t.get("hole")).unwrap_or(0.0).clamp(0.0, 0.95) * r;
    let slices = pie_slices(t, colorway);
    let total: f64 = slices.iter().map(|s| s.1).sum();
    if total <= 0.0 {
        return Ok(());
    }
    let clockwise = t.get("direction").and_then(Json::as_str) == Some("clockwise");
    let mut angle = 90f64.to_radians() + num(t.get("rotation")).unwrap_or(0.0).to_radians();
    for (_, v, c) in &slices {
        let sweep = v / total * std::f64::consts::TAU * if clockwise { -1.0 } else { 1.0 };
        let steps = ((sweep.abs() / 0.05).ceil() as usize).max(2);
        let mut pts: Vec<Pt> = Vec::with_capacity(2 * steps + 2);
        for k in 0..=steps {
            let a = angle + sweep * k as f64 / steps as f64;
            pts.push((cx + r * a.cos(), cy - r * a.sin()));
        }
        for k in (0..=steps).rev() {
            let a = angle + sweep * k as f64 / steps as f64;
            pts.push((cx + hole * a.cos(), cy - hole * a.sin()));
        }
        p.polygon(&pts, *c, None)?;
        let mut outline = pts.clone();
        outline.push(pts[0]);
        p.polyline(&outline, WHITE, 1.0, None, None)?;
        let mid = angle + sweep / 2.0;
        let tr = (r + hole) / 2.0 + if hole == 0.0 { r * 0.1 } else { 0.0 };
        if v / total >= 0.03 {
            let label = format!("{:.1}%", v / total * 100.0);
            let lum = 0.299 * c.r as f64 + 0.587 * c.g as f64 + 0.114 * c.b as f64;
            let tc = if lum > 150.0 { TEXT } else { WHITE };
            p.text(
                &label,
                (cx + tr * mid.cos(), cy - tr * mid.sin()),
                TICK_FONT,
                tc,
                HAlign::Center,
                VAlign::Middle,
                false,
            )?;
        }
        angle += sweep;
    }
    Ok(())
}

pub(super) fn draw_table<B: DrawingBackend>(
    t: &Json,
    area: Area,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (x0, y0, x1, y1) = domain_rect(t, area);
    let header = t.get("header").unwrap_or(&NULL);
    let cells = t.get("cells").unwrap_or(&NULL);
    let hvals = arr(header.get("values").unwrap_or(&NULL));
    let cvals = arr(cells.get("values").unwrap_or(&NULL));
    let ncols = hvals.len().max(cvals.len());
    if ncols == 0 {
        return Ok(());
    }
    let cell_text = |v: &Json| -> String {
        match v {
            Json::Array(a) => a.iter().map(json_label).collect::<Vec<_>>().join(" "),
            Json::Number(n) => match n.as_f64() {
                Some(f) if f.fract() != 0.0 => format!("{}", (f * 1e6).round() / 1e6),
                _ => n.to_string(),
            },
            other => clean_text(&json_label(other)),
        }
    };
    let nrows = cvals
        .iter()
        .map(|c| arr(c).len().max(usize::from(!c.is_array())))
        .max()
        .unwrap_or(0);
    let colw = (x1 - x0) / ncols as f64;
    let (hh, rh) = (28.0, 20.0);
    let hfill = header
        .get("fill")
        .and_then(|f| f.get("color"))
        .and_then(color::from_json)
        .unwrap_or(Rgba::rgb(0xc8, 0xd4, 0xe3));
    let cfill = cells
        .get("fill")
        .and_then(|f| f.get("color"))
        .and_then(color::from_json)
        .unwrap_or(Rgba::rgb(0xeb, 0xf0, 0xf8));
    let line = Rgba::rgb(0xff, 0xff, 0xff);
    let max_chars = ((colw - 8.0) / (TICK_FONT * 0.6)).max(1.0) as usize;
    let fit = |s: String| -> String {
        if s.chars().count() > max_chars {
            let mut t: String = s.chars().take(max_chars.saturating_sub(1)).collect();
            t.push('…');
            t
        } else {
            s
        }
    };
    // One cell: its box at (x, y) of the column width and height `ch`, and its text.
    let cell = |p: &mut Painter<B>, (x, y): (f64, f64), ch: f64, fill: Rgba, text: String| {
        p.rect((x, y), (x + colw, y + ch), Some(fill), Some((line, 1.0)))?;
        p.text(
            &fit(text),
            (x + 4.0, y + ch / 2.0),
            TICK_FONT,
            TEXT,
            HAlign::Left,
            VAlign::Middle,
            false,
        )
    };
    if !hvals.is_empty() {
        for c in 0..ncols {
            let text = hvals.get(c).map(cell_text).unwrap_or_default();
            cell(p, (x0 + c as f64 * colw, y0), hh, hfill, text)?;
        }
    }
    let top = y0 + if hvals.is_empty() { 0.0 } else { hh };
    let fits = (((y1 - top) / rh).floor().max(0.0)) as usize;
    let shown = if nrows > fits {
        fits.saturating_sub(1)
    } else {
        nrows
    };
    for r in 0..shown {
        let ry = top + r as f64 * rh;
        for c in 0..ncols {
            let v = match cvals.get(c).unwrap_or(&NULL) {
                Json::Array(a) => a.get(r).unwrap_or(&NULL),
                other => other,
            };
            cell(p, (x0 + c as f64 * colw, ry), rh, cfill, cell_text(v))?;
        }
    }
    if shown < nrows {
        let ry = top + shown as f64 * rh;
        p.text(
            &format!("… {} more rows", nrows - shown),
            (x0 + 4.0, ry + rh / 2.0),
            TICK_FONT,
            TEXT,
            HAlign::Left,
            VAlign::Middle,
            false,
        )?;
    }
    Ok(())
}
