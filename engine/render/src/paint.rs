//! A thin painter over a plotters [`DrawingBackend`]: floating-point coordinates, clipping
//! to a rectangle, dashes, and text that is skipped when no font is available.

use crate::color::Rgba;
use crate::RenderError;
use plotters::backend::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontTransform, IntoFont, RGBAColor, ShapeStyle, TextStyle};

/// A point in pixels.
pub type Pt = (f64, f64);

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    /// Anchor at the left end.
    Left,
    /// Anchor at the middle.
    Center,
    /// Anchor at the right end.
    Right,
}

/// Vertical text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// Anchor at the top.
    Top,
    /// Anchor at the middle.
    Middle,
    /// Anchor at the bottom.
    Bottom,
}

/// An axis-aligned clip rectangle `(x0, y0, x1, y1)` with `x0 < x1`, `y0 < y1`.
pub type Clip = (f64, f64, f64, f64);

/// Approximate width of `text` at `size` px (used for layout on every backend so SVG and
/// PNG are laid out alike, with or without a font).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.lines()
        .map(|l| l.chars().count() as f64 * size * 0.6)
        .fold(0.0, f64::max)
}

/// Draws onto a backend.
pub struct Painter<B: DrawingBackend> {
    backend: B,
    text: bool,
    raster: bool,
}

fn backend_err<E: std::fmt::Display>(e: E) -> RenderError {
    RenderError::Backend(e.to_string())
}

fn style(c: Rgba, width: f64, filled: bool) -> ShapeStyle {
    ShapeStyle {
        color: RGBAColor(c.r, c.g, c.b, c.a),
        filled,
        stroke_width: width.round().max(1.0) as u32,
    }
}

/// Pixel coordinates far outside any canvas (at most 8192 pixels a side) are held at this
/// distance: plotters adds text extents and offsets to them in `i32`, which would overflow
/// for a point mapped from an extreme data value.
const FAR_OUTSIDE: f64 = 1e7;

fn ipt(p: Pt) -> (i32, i32) {
    let px = |v: f64| v.round().clamp(-FAR_OUTSIDE, FAR_OUTSIDE) as i32;
    (px(p.0), px(p.1))
}

/// Clips the segment `a`–`b` to `clip` (Liang–Barsky).
fn clip_segment(a: Pt, b: Pt, clip: Clip) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - clip.0),
        (dx, clip.2 - a.0),
        (-dy, a.1 - clip.1),
        (dy, clip.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// Clips a polygon to `clip` (Sutherland–Hodgman).
fn clip_polygon(pts: &[Pt], clip: Clip) -> Vec<Pt> {
    let mut out: Vec<Pt> = pts.to_vec();
    let edges: [(usize, f64, bool); 4] = [
        (0, clip.0, true),
        (0, clip.2, false),
        (1, clip.1, true),
        (1, clip.3, false),
    ];
    for (axis, v, keep_greater) in edges {
        if out.is_empty() {
            break;
        }
        let inside = |p: &Pt| {
            let c = if axis == 0 { p.0 } else { p.1 };
            if keep_greater {
                c >= v
            } else {
                c <= v
            }
        };
        let cross = |a: &Pt, b: &Pt| {
            let (ca, cb) = if axis == 0 { (a.0, b.0) } else { (a.1, b.1) };
            let t = (v - ca) / (cb - ca);
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let input = std::mem::take(&mut out);
        for i in 0..input.len() {
            let cur = &input[i];
            let prev = &input[(i + input.len() - 1) % input.len()];
            match (inside(prev), inside(cur)) {
                (true, true) => out.push(*cur),
                (true, false) => out.push(cross(prev, cur)),
                (false, true) => {
                    out.push(cross(prev, cur));
                    out.push(*cur);
                }
                (false, false) => {}
            }
        }
    }
    out
}

/// A dash pattern in multiples of the line width (plotly's `dash` names).
pub fn dash_pattern(dash: Option<&str>) -> Option<Vec<f64>> {
    match dash? {
        "dash" => Some(vec![9.0, 9.0]),
        "dot" => Some(vec![3.0, 3.0]),
        "dashdot" => Some(vec![9.0, 3.0, 3.0, 3.0]),
        "longdash" => Some(vec![15.0, 9.0]),
        "longdashdot" => Some(vec![15.0, 3.0, 3.0, 3.0]),
        _ => None,
    }
}

impl<B: DrawingBackend> Painter<B> {
    /// A painter; `text` says whether text can be drawn, `raster` that the backend is a
    /// bitmap (wide polylines are then drawn segment by segment with round joins: plotters
    /// fills a wide polyline as one polygon, which leaves holes where a decimated line
    /// doubles back on itself).
    pub fn new(backend: B, text: bool, raster: bool) -> Self {
        Painter {
            backend,
            text,
            raster,
        }
    }

    /// Flushes the backend.
    pub fn finish(mut self) -> Result<(), RenderError> {
        self.backend.present().map_err(backend_err)
    }

    /// A filled rectangle and/or its outline.
    pub fn rect(
        &mut self,
        a: Pt,
        b: Pt,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f64)>,
    ) -> Result<(), RenderError> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        if let Some(f) = fill.filter(|f| f.a > 0.0) {
            self.backend
                .draw_rect(ipt((x0, y0)), ipt((x1, y1)), &style(f, 1.0, true), true)
                .map_err(backend_err)?;
        }
        if let Some((c, w)) = stroke.filter(|s| s.0.a > 0.0 && s.1 > 0.0) {
            let pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
            self.polyline(&pts, c, w, None, None)?;
        }
        Ok(())
    }

    /// A polyline, clipped to `clip`, dashed by `dash` (multiples of the width).
    pub fn polyline(
        &mut self,
        pts: &[Pt],
        c: Rgba,
        width: f64,
        dash: Option<&[f64]>,
        clip: Option<Clip>,
    ) -> Result<(), RenderError> {
        if pts.len() < 2 || c.a <= 0.0 || width.is_nan() || width <= 0.0 {
            return Ok(());
        }
        let width = width.min(50.0);
        let st = style(c, width, false);
        if let Some(pattern) = dash {
            return self.dashed(pts, st, width, pattern, clip);
        }
        let mut run: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
        let wide_raster = self.raster && st.stroke_width > 1;
        let joint = style(c, 1.0, true);
        let radius = (st.stroke_width / 2).max(1);
        let flush = |run: &mut Vec<(i32, i32)>, b: &mut B| -> Result<(), RenderError> {
            if run.len() >= 2 {
                if wide_raster {
                    for w in run.windows(2) {
                        b.draw_path([w[0], w[1]], &st).map_err(backend_err)?;
                    }
                    if st.stroke_width > 2 {
                        for &q in &run[1..run.len() - 1] {
                            b.draw_circle(q, radius, &joint, true)
                                .map_err(backend_err)?;
                        }
                    }
                } else {
                    b.draw_path(run.drain(..), &st).map_err(backend_err)?;
                }
            }
            run.clear();
            Ok(())
        };
        for w in pts.windows(2) {
            let seg = match clip {
                Some(cl) => clip_segment(w[0], w[1], cl),
                None => Some((w[0], w[1])),
            };
            match seg {
                Some((a, b)) => {
                    let (ia, ib) = (ipt(a), ipt(b));
                    if run.last() != Some(&ia) {
                        flush(&mut run, &mut self.backend)?;
                        run.push(ia);
                    }
                    if run.last() != Some(&ib) {
                        run.push(ib);
                    }
                }
                None => flush(&mut run, &mut self.backend)?,
            }
        }
        flush(&mut run, &mut self.backend)
    }

    fn dashed(
        &mut self,
        pts: &[Pt],
        st: ShapeStyle,
        width: f64,
        pattern: &[f64],
        clip: Option<Clip>,
    ) -> Result<(), RenderError> {
        let lens: Vec<f64> = pattern.iter().map(|p| p * width.max(1.0)).collect();
        let (mut idx, mut left, mut on) = (0usize, lens[0], true);
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let mut pos = 0.0;
            while pos < len {
                let step = left.min(len - pos);
                if on {
                    let p = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
                    let seg = match clip {
                        Some(cl) => clip_segment(p(pos), p(pos + step), cl),
                        None => Some((p(pos), p(pos + step))),
                    };
                    if let Some((s, e)) = seg {
                        self.backend
                            .draw_path([ipt(s), ipt(e)], &st)
                            .map_err(backend_err)?;
                    }
                }
                pos += step;
                left -= step;
                if left <= 1e-9 {
                    idx = (idx + 1) % lens.len();
                    left = lens[idx];
                    on = !on;
                }
            }
        }
        Ok(())
    }

    /// A filled polygon, clipped to `clip`.
    pub fn polygon(&mut self, pts: &[Pt], c: Rgba, clip: Option<Clip>) -> Result<(), RenderError> {
        if pts.len() < 3 || c.a <= 0.0 {
            return Ok(());
        }
        let pts = match clip {
            Some(cl) => clip_polygon(pts, cl),
            None => pts.to_vec(),
        };
        if pts.len() < 3 {
            return Ok(());
        }
        let mut ipts: Vec<(i32, i32)> = pts.iter().map(|&p| ipt(p)).collect();
        ipts.dedup();
        if ipts.len() < 3 {
            return Ok(());
        }
        self.backend
            .fill_polygon(ipts, &style(c, 1.0, true))
            .map_err(backend_err)
    }

    /// A marker of plotly `symbol` (circle, square, diamond, cross/x, triangle-up; others
    /// are drawn as circles) with diameter `size`.
    pub fn marker(
        &mut self,
        at: Pt,
        size: f64,
        symbol: &str,
        fill: Rgba,
        stroke: Option<(Rgba, f64)>,
    ) -> Result<(), RenderError> {
        if size.is_nan() || size <= 0.0 {
            return Ok(());
        }
        // Bounded so hostile sizes cannot make the rasteriser loop for minutes.
        let r = (size.min(200.0) / 2.0).max(0.5);
        let (x, y) = at;
        let base = symbol.trim_end_matches("-open");
        let open = symbol.ends_with("-open");
        let fill = if open { None } else { Some(fill) };
        let outline = if open {
            Some((fill_or(fill, stroke), 1.0))
        } else {
            stroke
        };
        match base {
            "square" => self.rect((x - r, y - r), (x + r, y + r), fill, outline),
            "diamond" | "triangle-up" | "triangle-down" | "triangle-left" | "triangle-right" => {
                let pts: Vec<Pt> = match base {
                    "triangle-left" => vec![
                        (x - r * 1.2, y),
                        (x + r * 0.8, y - r * 1.1),
                        (x + r * 0.8, y + r * 1.1),
                    ],
                    "triangle-right" => vec![
                        (x + r * 1.2, y),
                        (x - r * 0.8, y - r * 1.1),
                        (x - r * 0.8, y + r * 1.1),
                    ],
                    "diamond" => {
                        vec![
                            (x, y - r * 1.3),
                            (x + r * 1.3, y),
                            (x, y + r * 1.3),
                            (x - r * 1.3, y),
                        ]
                    }
                    "triangle-up" => vec![
                        (x, y - r * 1.2),
                        (x + r * 1.1, y + r * 0.8),
                        (x - r * 1.1, y + r * 0.8),
                    ],
                    _ => vec![
                        (x, y + r * 1.2),
                        (x + r * 1.1, y - r * 0.8),
                        (x - r * 1.1, y - r * 0.8),
                    ],
                };
                if let Some(f) = fill {
                    self.polygon(&pts, f, None)?;
                }
                if let Some((c, w)) = outline {
                    let mut closed = pts.clone();
                    closed.push(pts[0]);
                    self.polyline(&closed, c, w, None, None)?;
                }
                Ok(())
            }
            "x" | "cross" => {
                let c = fill.unwrap_or(fill_or(fill, stroke));
                let w = (r / 2.0).max(1.0);
                if base == "x" {
                    self.polyline(&[(x - r, y - r), (x + r, y + r)], c, w, None, None)?;
                    self.polyline(&[(x - r, y + r), (x + r, y - r)], c, w, None, None)
                } else {
                    self.polyline(&[(x - r, y), (x + r, y)], c, w, None, None)?;
                    self.polyline(&[(x, y - r), (x, y + r)], c, w, None, None)
                }
            }
            _ => {
                let (ix, iy) = ipt(at);
                let ir = r.round().max(1.0) as u32;
                if let Some(f) = fill.filter(|f| f.a > 0.0) {
                    self.backend
                        .draw_circle((ix, iy), ir, &style(f, 1.0, true), true)
                        .map_err(backend_err)?;
                }
                if let Some((c, w)) = outline.filter(|o| o.0.a > 0.0 && o.1 > 0.0) {
                    self.backend
                        .draw_circle((ix, iy), ir, &style(c, w, false), false)
                        .map_err(backend_err)?;
                }
                Ok(())
            }
        }
    }

    /// Text of `size` px at `at`; several lines for `\n`. Nothing is drawn when the painter
    /// has no font. `rotate` turns it 90° counter-clockwise (for y-axis titles).
    #[allow(clippy::too_many_arguments)] // anchor, style and rotation are all independent
    pub fn text(
        &mut self,
        text: &str,
        at: Pt,
        size: f64,
        color: Rgba,
        h: HAlign,
        v: VAlign,
        rotate: bool,
    ) -> Result<(), RenderError> {
        if !self.text || text.is_empty() || color.a <= 0.0 || size.is_nan() || size < 1.0 {
            return Ok(());
        }
        let size = size.min(200.0);
        let lines: Vec<&str> = text.lines().collect();
        let lh = size * 1.2;
        let total = lh * lines.len() as f64;
        let first = match v {
            VAlign::Top => 0.0,
            VAlign::Middle => -(total - lh) / 2.0,
            VAlign::Bottom => -(total - lh),
        };
        let pos = Pos::new(
            match h {
                HAlign::Left => HPos::Left,
                HAlign::Center => HPos::Center,
                HAlign::Right => HPos::Right,
            },
            match v {
                VAlign::Top => VPos::Top,
                VAlign::Middle => VPos::Center,
                VAlign::Bottom => VPos::Bottom,
            },
        );
        let col = RGBAColor(color.r, color.g, color.b, color.a);
        let mut st: TextStyle = ("sans-serif", size * 1.24).into_font().color(&col).pos(pos);
        if rotate {
            st = st.transform(FontTransform::Rotate270);
        }
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let off = first + i as f64 * lh;
            let p = if rotate {
                (at.0 + off, at.1)
            } else {
                (at.0, at.1 + off)
            };
            self.backend
                .draw_text(line, &st, ipt(p))
                .map_err(backend_err)?;
        }
        Ok(())
    }
}

fn fill_or(fill: Option<Rgba>, stroke: Option<(Rgba, f64)>) -> Rgba {
    fill.or(stroke.map(|s| s.0)).unwrap_or(crate::color::BLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_clipped() {
        let clip = (0.0, 0.0, 10.0, 10.0);
        assert_eq!(
            clip_segment((-5.0, 5.0), (5.0, 5.0), clip),
            Some(((0.0, 5.0), (5.0, 5.0)))
        );
        assert_eq!(clip_segment((-5.0, -5.0), (-1.0, 20.0), clip), None);
    }

    #[test]
    fn polygons_are_clipped() {
        let p = clip_polygon(
            &[(-5.0, 2.0), (5.0, 2.0), (5.0, 8.0), (-5.0, 8.0)],
            (0.0, 0.0, 10.0, 10.0),
        );
        assert!(p.iter().all(|q| q.0 >= 0.0));
        assert_eq!(p.len(), 4);
    }
}
