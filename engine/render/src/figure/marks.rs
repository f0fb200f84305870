//! Drawing cartesian traces: line polylines with per-column decimation, markers, bars, boxes and heatmap cells.

use super::{BarPrep, BoxPrep, Fig, HeatPrep, ScatterPrep};
use crate::color::TEXT;
use crate::paint::{Clip, Painter, Pt};
use crate::RenderError;
use plotters::backend::DrawingBackend;

/// Pixel polylines of a scatter trace, split at gaps (NaN), decimated to at most four points
/// per pixel column (first, min, max, last in drawing order), so the extremes survive.
pub(super) fn line_segments(fig: &Fig, s: &ScatterPrep) -> Vec<Vec<Pt>> {
    let (xa, ya) = (&fig.axes[s.xa], &fig.axes[s.ya]);
    let n = s.x.len().min(s.y.len());
    let connect = s.connectgaps;
    let mut segs: Vec<Vec<Pt>> = Vec::new();
    let mut cur: Vec<Pt> = Vec::new();
    // Bucket of the current pixel column: first, min, max, last (index, point).
    let mut col = i64::MIN;
    let mut bucket: [(usize, Pt); 4] = [(0, (0.0, 0.0)); 4];
    let mut filled = false;
    let flush = |cur: &mut Vec<Pt>, bucket: &[(usize, Pt); 4], filled: &mut bool| {
        if !*filled {
            return;
        }
        let [first, mn, mx, last] = *bucket;
        let (a, b) = if mn.0 <= mx.0 { (mn, mx) } else { (mx, mn) };
        let mut prev = usize::MAX;
        for (i, q) in [first, a, b, last] {
            if i != prev {
                cur.push(q);
                prev = i;
            }
        }
        *filled = false;
    };
    let step_hv = s.step.as_deref() == Some("hv");
    let step_vh = s.step.as_deref() == Some("vh");
    let mut last_pt: Option<Pt> = None;
    for i in 0..n {
        let (xv, yv) = (s.x[i], s.y[i]);
        if !(xv.is_finite() && yv.is_finite()) {
            if connect {
                continue;
            }
            flush(&mut cur, &bucket, &mut filled);
            if !cur.is_empty() {
                segs.push(std::mem::take(&mut cur));
            }
            col = i64::MIN;
            last_pt = None;
            continue;
        }
        let q = (xa.px(xv), ya.px(yv));
        let mut pts: [Option<Pt>; 2] = [None, Some(q)];
        if let Some(lp) = last_pt {
            if step_hv {
                pts[0] = Some((q.0, lp.1));
            } else if step_vh {
                pts[0] = Some((lp.0, q.1));
            }
        }
        last_pt = Some(q);
        for q in pts.into_iter().flatten() {
            let c = q.0.floor() as i64;
            if c != col || !filled {
                flush(&mut cur, &bucket, &mut filled);
                col = c;
                bucket = [(i, q); 4];
                filled = true;
            } else {
                if q.1 < bucket[1].1 .1 {
                    bucket[1] = (i, q);
                }
                if q.1 > bucket[2].1 .1 {
                    bucket[2] = (i, q);
                }
                bucket[3] = (i, q);
                if bucket[3].0 == bucket[0].0 {
                    bucket[3].0 = usize::MAX - 1;
                }
            }
        }
    }
    flush(&mut cur, &bucket, &mut filled);
    if !cur.is_empty() {
        segs.push(cur);
    }
    segs
}

/// Markers, at most one per cell of about half a marker (so a million points draw a few
/// thousand markers at most).
pub(super) fn draw_markers<B: DrawingBackend>(
    fig: &Fig,
    s: &ScatterPrep,
    p: &mut Painter<B>,
    clip: Clip,
) -> Result<(), RenderError> {
    let (xa, ya) = (&fig.axes[s.xa], &fig.axes[s.ya]);
    let n = s.x.len().min(s.y.len());
    let cell = (s.msize[0] / 3.0).max(1.0);
    let cols = ((clip.2 - clip.0) / cell).ceil().max(1.0) as usize + 1;
    let rows = ((clip.3 - clip.1) / cell).ceil().max(1.0) as usize + 1;
    let mut seen = vec![false; cols * rows];
    for i in 0..n {
        let (xv, yv) = (s.x[i], s.y[i]);
        if !(xv.is_finite() && yv.is_finite()) {
            continue;
        }
        let q = (xa.px(xv), ya.px(yv));
        if q.0 < clip.0 || q.0 > clip.2 || q.1 < clip.1 || q.1 > clip.3 {
            continue;
        }
        let color = s
            .mcolor
            .get(i)
            .or(s.mcolor.first())
            .copied()
            .unwrap_or(TEXT);
        let size = s.msize.get(i).or(s.msize.first()).copied().unwrap_or(6.0);
        if s.mcolor.len() <= 1 && s.msize.len() <= 1 {
            let k = ((q.1 - clip.1) / cell) as usize * cols + ((q.0 - clip.0) / cell) as usize;
            if k < seen.len() {
                if seen[k] {
                    continue;
                }
                seen[k] = true;
            }
        }
        p.marker(q, size, &s.msymbol, color, s.mline)?;
    }
    Ok(())
}

pub(super) fn draw_bars<B: DrawingBackend>(
    fig: &Fig,
    b: &BarPrep,
    p: &mut Painter<B>,
    clip: Clip,
) -> Result<(), RenderError> {
    let (pa, va) = (&fig.axes[b.pa], &fig.axes[b.va]);
    for j in 0..b.val.len() {
        let (pos, v) = (b.pos.get(j).copied().unwrap_or(f64::NAN), b.val[j]);
        if !(pos.is_finite() && v.is_finite()) {
            continue;
        }
        let c = b.color.get(j).or(b.color.first()).copied().unwrap_or(TEXT);
        let (p0, p1) = (
            pa.px(pos + b.offset - b.width / 2.0),
            pa.px(pos + b.offset + b.width / 2.0),
        );
        let (v0, v1) = (va.px(b.base[j]), va.px(b.base[j] + v));
        let (a, z) = if b.horizontal {
            ((v0, p0), (v1, p1))
        } else {
            ((p0, v0), (p1, v1))
        };
        let a = (a.0.clamp(clip.0, clip.2), a.1.clamp(clip.1, clip.3));
        let z = (z.0.clamp(clip.0, clip.2), z.1.clamp(clip.1, clip.3));
        p.rect(a, z, Some(c), b.line)?;
    }
    Ok(())
}

pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    if i + 1 < sorted.len() {
        sorted[i] + (sorted[i + 1] - sorted[i]) * f
    } else {
        sorted[i]
    }
}

pub(super) fn draw_box<B: DrawingBackend>(
    fig: &Fig,
    b: &BoxPrep,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let (pa, va) = (&fig.axes[b.pa], &fig.axes[b.va]);
    let fill = b.color.fade(0.5);
    for (pos, vals) in &b.groups {
        if vals.is_empty() {
            continue;
        }
        let mut s = vals.clone();
        s.sort_by(f64::total_cmp);
        let (q1, med, q3) = (quantile(&s, 0.25), quantile(&s, 0.5), quantile(&s, 0.75));
        let iqr = q3 - q1;
        let lo_w = s
            .iter()
            .copied()
            .find(|&v| v >= q1 - 1.5 * iqr)
            .unwrap_or(q1);
        let hi_w = s
            .iter()
            .rev()
            .copied()
            .find(|&v| v <= q3 + 1.5 * iqr)
            .unwrap_or(q3);
        let half = 0.25;
        let (c0, c1, cm) = (pa.px(pos - half), pa.px(pos + half), pa.px(*pos));
        let pt = |along: f64, v: f64| {
            if b.horizontal {
                (va.px(v), along)
            } else {
                (along, va.px(v))
            }
        };
        let corners = [pt(c0, q1), pt(c1, q1), pt(c1, q3), pt(c0, q3)];
        p.polygon(&corners, fill, None)?;
        let mut outline = corners.to_vec();
        outline.push(corners[0]);
        p.polyline(&outline, b.color, 2.0, None, None)?;
        p.polyline(&[pt(c0, med), pt(c1, med)], b.color, 2.0, None, None)?;
        p.polyline(&[pt(cm, q1), pt(cm, lo_w)], b.color, 2.0, None, None)?;
        p.polyline(&[pt(cm, q3), pt(cm, hi_w)], b.color, 2.0, None, None)?;
        let (w0, w1) = (pa.px(pos - half / 2.0), pa.px(pos + half / 2.0));
        p.polyline(&[pt(w0, lo_w), pt(w1, lo_w)], b.color, 2.0, None, None)?;
        p.polyline(&[pt(w0, hi_w), pt(w1, hi_w)], b.color, 2.0, None, None)?;
        for &v in s.iter().filter(|&&v| v < lo_w || v > hi_w) {
            p.marker(pt(cm, v), 6.0, "circle", b.color, None)?;
        }
    }
    Ok(())
}

pub(super) fn draw_heat<B: DrawingBackend>(
    fig: &Fig,
    hp: &HeatPrep,
    p: &mut Painter<B>,
    clip: Clip,
) -> Result<(), RenderError> {
    let (xa, ya) = (&fig.axes[hp.xa], &fig.axes[hp.ya]);
    let ncols = hp.xedges.len().saturating_sub(1);
    let nrows = hp.yedges.len().saturating_sub(1);
    let (xs0, xs1) = xa.pix_span();
    let (ys0, ys1) = ya.pix_span();
    let cstride = ((ncols as f64 / (xs1 - xs0).max(1.0)).ceil() as usize).max(1);
    let rstride = ((nrows as f64 / (ys1 - ys0).max(1.0)).ceil() as usize).max(1);
    let span = hp.zmax - hp.zmin;
    for r in (0..nrows).step_by(rstride) {
        let (y0, y1) = (
            ya.px(hp.yedges[r]),
            ya.px(hp.yedges[(r + rstride).min(nrows)]),
        );
        for c in (0..ncols).step_by(cstride) {
            let Some(&z) = hp.z.get(r).and_then(|row| row.get(c)) else {
                continue;
            };
            if !z.is_finite() {
                continue;
            }
            let (x0, x1) = (
                xa.px(hp.xedges[c]),
                xa.px(hp.xedges[(c + cstride).min(ncols)]),
            );
            let t = if span > 0.0 {
                (z - hp.zmin) / span
            } else {
                0.5
            };
            let a = (x0.clamp(clip.0, clip.2), y0.clamp(clip.1, clip.3));
            let b = (x1.clamp(clip.0, clip.2), y1.clamp(clip.1, clip.3));
            p.rect(a, b, Some(hp.scale.at(t)), None)?;
        }
    }
    Ok(())
}
