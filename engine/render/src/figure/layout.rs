//! Layout before painting: bar offsets and stacking, extents of shapes and annotations, the plot area and positions given in axis references.

use super::{arr, num, Fig, Prep, NULL};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// Assigns bar offsets/widths and stacking bases.
pub(super) fn layout_bars(fig: &mut Fig) {
    let mode = fig
        .layout
        .get("barmode")
        .and_then(Json::as_str)
        .unwrap_or("group")
        .to_string();
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, t) in fig.traces.iter().enumerate() {
        if let (Prep::Bar(b), true) = (&t.prep, t.drawn) {
            groups.entry(b.pa).or_default().push(i);
        }
    }
    for members in groups.into_values() {
        let mut positions: Vec<f64> = members
            .iter()
            .flat_map(|&i| match &fig.traces[i].prep {
                Prep::Bar(b) => b.pos.clone(),
                _ => Vec::new(),
            })
            .filter(|v| v.is_finite())
            .collect();
        positions.sort_by(f64::total_cmp);
        positions.dedup();
        let spacing = positions
            .windows(2)
            .map(|w| w[1] - w[0])
            .filter(|d| *d > 0.0)
            .fold(f64::INFINITY, f64::min);
        let spacing = if spacing.is_finite() { spacing } else { 1.0 };
        let total = spacing * (1.0 - num(fig.layout.get("bargap")).unwrap_or(0.2));
        let n = members.len() as f64;
        let mut pos_base: HashMap<(u64, bool), f64> = HashMap::new();
        for (k, &i) in members.iter().enumerate() {
            let Prep::Bar(b) = &mut fig.traces[i].prep else {
                continue;
            };
            match mode.as_str() {
                "stack" | "relative" => {
                    b.width = total;
                    for j in 0..b.val.len() {
                        let v = b.val[j];
                        if !v.is_finite() {
                            continue;
                        }
                        let key = (
                            b.pos.get(j).copied().unwrap_or(f64::NAN).to_bits(),
                            mode == "relative" && v < 0.0,
                        );
                        let base = pos_base.entry(key).or_insert(0.0);
                        b.base[j] = *base;
                        *base += v;
                    }
                }
                "overlay" => b.width = total,
                _ => {
                    b.width = total / n;
                    b.offset = (k as f64 - (n - 1.0) / 2.0) * total / n;
                }
            }
            let (pa_, va) = (b.pa, b.va);
            let ext: Vec<(f64, f64, f64)> = (0..b.val.len())
                .map(|j| {
                    (
                        b.pos.get(j).copied().unwrap_or(f64::NAN),
                        b.base[j],
                        b.base[j] + b.val[j],
                    )
                })
                .collect();
            let (off, w) = (b.offset, b.width);
            for (p, lo, hi) in ext {
                if p.is_finite() && hi.is_finite() {
                    fig.axes[pa_].extend(p + off - w / 2.0);
                    fig.axes[pa_].extend(p + off + w / 2.0);
                    fig.axes[va].extend(lo);
                    fig.axes[va].extend(hi);
                }
            }
        }
    }
}

/// Shapes and annotations in data coordinates widen the autorange.
pub(super) fn shape_extents(fig: &mut Fig) {
    for s in arr(fig.layout.get("shapes").unwrap_or(&NULL)) {
        for (refkey, keys) in [("xref", ["x0", "x1"]), ("yref", ["y0", "y1"])] {
            let r = s.get(refkey).and_then(Json::as_str).unwrap_or(&refkey[..1]);
            if r == "paper" || r.ends_with("domain") {
                continue;
            }
            let a = fig.axis(r);
            let sample = s.get(keys[0]);
            fig.axes[a].infer(sample);
            for k in keys {
                if let Some(v) = s.get(k) {
                    let c = fig.axes[a].conv(v);
                    fig.axes[a].extend(c);
                }
            }
        }
    }
}

/// The plot area in pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Area {
    pub(super) l: f64,
    pub(super) t: f64,
    pub(super) r: f64,
    pub(super) b: f64,
}

pub(super) fn ref_px(fig: &mut Fig, area: Area, r: &str, v: Option<&Json>, is_x: bool) -> f64 {
    let Some(v) = v else { return f64::NAN };
    if r == "paper" {
        let f = num(Some(v)).unwrap_or(f64::NAN);
        return if is_x {
            area.l + f * (area.r - area.l)
        } else {
            area.b - f * (area.b - area.t)
        };
    }
    let (id, domain) = match r.strip_suffix(" domain") {
        Some(id) => (id, true),
        None => (r, false),
    };
    let Some(&a) = fig.index.get(id) else {
        return f64::NAN;
    };
    let ax = &mut fig.axes[a];
    if domain {
        let f = num(Some(v)).unwrap_or(f64::NAN);
        let (p0, p1) = ax.pix_span();
        return if is_x {
            p0 + f * (p1 - p0)
        } else {
            p1 - f * (p1 - p0)
        };
    }
    let c = ax.conv(v);
    ax.px(c)
}
