//! Reading one trace: its values, axes, colours and kind-specific preparation (`Prep`).

use super::values::Values;
use super::{
    arr, colors_of, num, symbol_name, trace_axes, BarPrep, BoxPrep, Fig, HeatPrep, Prep,
    ScatterPrep, NULL,
};
use crate::axis::{json_label, Kind};
use crate::color;
use crate::color::{ColorScale, Rgba, TEXT};
use crate::paint::dash_pattern;
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub(super) fn prepare<'a>(fig: &mut Fig<'a>, i: usize, t: &'a Json) -> Option<Prep> {
    let ty = t.get("type").and_then(Json::as_str).unwrap_or("scatter");
    let default = fig.colorway[i % fig.colorway.len()];
    match ty {
        "scatter" | "scattergl" | "scattermapbox" | "scattergeo" => {
            prepare_scatter(fig, i, ty, t, default)
        }
        "bar" => prepare_bar(fig, i, t, default),
        "box" => prepare_box(fig, i, t, default),
        "heatmap" | "contour" | "heatmapgl" => prepare_heatmap(fig, i, ty, t),
        "pie" => Some(Prep::Pie),
        "table" => Some(Prep::Table),
        other => {
            fig.notes
                .push(format!("trace type '{other}' is not rendered"));
            None
        }
    }
}

/// Prepares a `scatter`-like trace (`scatter` | `scattergl` | `scattermapbox` | `scattergeo`).
fn prepare_scatter<'a>(
    fig: &mut Fig<'a>,
    i: usize,
    ty: &str,
    t: &'a Json,
    default: Rgba,
) -> Option<Prep> {
    let (xa, ya, x, y) = scatter_xy(fig, i, ty, t);
    let n = x.len().min(y.len());
    let mode = t
        .get("mode")
        .and_then(Json::as_str)
        .unwrap_or(if n <= 20 && ty == "scatter" {
            "lines+markers"
        } else if ty == "scatter" || ty == "scattergl" {
            "lines"
        } else {
            "markers"
        });
    let lines = mode.contains("lines");
    let markers = mode.contains("markers");
    let line = t.get("line").unwrap_or(&NULL);
    let marker = t.get("marker").unwrap_or(&NULL);
    let color = line
        .get("color")
        .and_then(color::from_json)
        .or_else(|| marker.get("color").and_then(color::from_json))
        .unwrap_or(default);
    let mdefault = marker
        .get("color")
        .and_then(color::from_json)
        .unwrap_or(color);
    let sizeref = num(marker.get("sizeref"))
        .filter(|r| *r > 0.0)
        .unwrap_or(1.0);
    let area = marker.get("sizemode").and_then(Json::as_str) == Some("area");
    let diameter = |v: f64| {
        if area {
            (v / sizeref).sqrt()
        } else {
            v / sizeref
        }
    };
    let msize = match marker.get("size") {
        // At least one size, also for an empty array.
        Some(Json::Array(a)) if !a.is_empty() => {
            a.iter().map(|v| v.as_f64().map_or(6.0, diameter)).collect()
        }
        other => vec![num(other).map_or(6.0, diameter)],
    };
    let mline = marker.get("line").and_then(|l| {
        let w = num(l.get("width")).unwrap_or(0.0);
        (w > 0.0).then(|| (l.get("color").and_then(color::from_json).unwrap_or(TEXT), w))
    });
    let opacity = num(t.get("opacity")).unwrap_or(1.0);
    let (mcolor, cbar) = colors_of(marker.get("color"), n, mdefault, marker, fig.layout);
    let mcolor: Vec<Rgba> = mcolor
        .into_iter()
        .map(|c| c.fade(opacity * num(marker.get("opacity")).unwrap_or(1.0)))
        .collect();
    let fill = t
        .get("fill")
        .and_then(Json::as_str)
        .filter(|f| *f != "none")
        .map(str::to_string);
    let fillcolor = t
        .get("fillcolor")
        .and_then(color::from_json)
        .unwrap_or(color.fade(0.5));
    for (&xv, &yv) in x.iter().zip(&y) {
        if xv.is_finite() && yv.is_finite() {
            fig.axes[xa].extend(xv);
            fig.axes[ya].extend(yv);
        }
    }
    fig.axes[ya].padded = true;
    if markers && !lines {
        fig.axes[xa].padded = true;
    }
    if matches!(fill.as_deref(), Some("tozeroy")) {
        fig.axes[ya].tozero = true;
    }
    if matches!(fill.as_deref(), Some("tozerox")) {
        fig.axes[xa].tozero = true;
    }
    Some(Prep::Scatter(ScatterPrep {
        xa,
        ya,
        x,
        y,
        lines,
        markers,
        color: color.fade(opacity),
        width: num(line.get("width")).unwrap_or(2.0),
        dash: dash_pattern(line.get("dash").and_then(Json::as_str)),
        connectgaps: t.get("connectgaps") == Some(&Json::Bool(true)),
        step: line.get("shape").and_then(Json::as_str).map(str::to_string),
        msize,
        mcolor,
        msymbol: symbol_name(marker.get("symbol")),
        cbar,
        mline,
        fill,
        fillcolor,
    }))
}

/// The x and y values of a scatter-like trace on its axes (lon/lat for map traces; point
/// numbers where one is missing), and the axes.
fn scatter_xy<'a>(
    fig: &mut Fig<'a>,
    i: usize,
    ty: &str,
    t: &'a Json,
) -> (usize, usize, Vec<f64>, Vec<f64>) {
    let (xs, ys) = if ty == "scatter" || ty == "scattergl" {
        (Values::of(fig, i, t, "x"), Values::of(fig, i, t, "y"))
    } else {
        fig.notes
            .push(format!("{ty}: drawn on plain lon/lat axes without a map"));
        (Values::of(fig, i, t, "lon"), Values::of(fig, i, t, "lat"))
    };
    let (xa, ya) = trace_axes(fig, t);
    let n = ys.len().max(xs.len());
    xs.infer(&mut fig.axes[xa], Some(&Json::from(0)));
    ys.infer(&mut fig.axes[ya], Some(&Json::from(0)));
    let x: Vec<f64> = if xs.is_empty() {
        (0..n).map(|i| fig.axes[xa].conv_num(i as f64)).collect()
    } else {
        xs.conv_all(&mut fig.axes[xa])
    };
    let y: Vec<f64> = if ys.is_empty() {
        (0..n).map(|i| fig.axes[ya].conv_num(i as f64)).collect()
    } else {
        ys.conv_all(&mut fig.axes[ya])
    };
    (xa, ya, x, y)
}

/// Prepares a `bar`-like trace (`bar`).
fn prepare_bar<'a>(fig: &mut Fig<'a>, i: usize, t: &'a Json, default: Rgba) -> Option<Prep> {
    let horizontal = t.get("orientation").and_then(Json::as_str) == Some("h");
    let (xa, ya) = trace_axes(fig, t);
    let (pa, va) = if horizontal { (ya, xa) } else { (xa, ya) };
    let (pk, vk) = if horizontal { ("y", "x") } else { ("x", "y") };
    let ps = Values::of(fig, i, t, pk);
    let vs = Values::of(fig, i, t, vk);
    ps.infer(&mut fig.axes[pa], Some(&Json::from(0)));
    if fig.axes[pa].kind.is_none() {
        fig.axes[pa].kind = Some(Kind::Linear);
    }
    fig.axes[va].infer(Some(&Json::from(0)));
    let pos: Vec<f64> = if ps.is_empty() {
        (0..vs.len()).map(|i| i as f64).collect()
    } else {
        ps.conv_all(&mut fig.axes[pa])
    };
    let val: Vec<f64> = vs.conv_all(&mut fig.axes[va]);
    let marker = t.get("marker").unwrap_or(&NULL);
    let (color, _) = colors_of(marker.get("color"), val.len(), default, marker, fig.layout);
    let line = marker.get("line").and_then(|l| {
        let w = num(l.get("width")).unwrap_or(0.0);
        (w > 0.0).then(|| (l.get("color").and_then(color::from_json).unwrap_or(TEXT), w))
    });
    fig.axes[va].tozero = true;
    fig.axes[va].padded = true;
    Some(Prep::Bar(BarPrep {
        pa,
        va,
        horizontal,
        base: vec![0.0; val.len()],
        pos,
        val,
        color,
        offset: 0.0,
        width: 0.8,
        line,
    }))
}

/// Prepares a `box`-like trace (`box`).
fn prepare_box<'a>(fig: &mut Fig<'a>, i: usize, t: &'a Json, default: Rgba) -> Option<Prep> {
    let has_y = !Values::of(fig, i, t, "y").is_empty();
    let horizontal = t.get("orientation").and_then(Json::as_str) == Some("h") || !has_y;
    let (xa, ya) = trace_axes(fig, t);
    let (pa, va) = if horizontal { (ya, xa) } else { (xa, ya) };
    let (pk, vk) = if horizontal { ("y", "x") } else { ("x", "y") };
    let vs = Values::of(fig, i, t, vk);
    let ps = Values::of(fig, i, t, pk);
    vs.infer(&mut fig.axes[va], None);
    let name = t
        .get("name")
        .map(json_label)
        .unwrap_or_else(|| format!("trace {i}"));
    let name_json = Json::String(name);
    ps.infer(&mut fig.axes[pa], Some(&name_json));
    let vals: Vec<f64> = vs.conv_all(&mut fig.axes[va]);
    let mut groups: Vec<(f64, Vec<f64>)> = Vec::new();
    if ps.is_empty() {
        let p = fig.axes[pa].conv(&name_json);
        let p = if p.is_finite() { p } else { i as f64 };
        groups.push((p, vals.iter().copied().filter(|v| v.is_finite()).collect()));
    } else {
        let mut by: BTreeMap<u64, usize> = BTreeMap::new();
        for k in 0..ps.len() {
            let p = ps.conv_at(&mut fig.axes[pa], k);
            let Some(&v) = vals.get(k) else { break };
            if !p.is_finite() || !v.is_finite() {
                continue;
            }
            let gi = *by.entry(p.to_bits()).or_insert_with(|| {
                groups.push((p, Vec::new()));
                groups.len() - 1
            });
            groups[gi].1.push(v);
        }
    }
    for (p, g) in &groups {
        fig.axes[pa].extend(*p);
        for &v in g {
            fig.axes[va].extend(v);
        }
    }
    fig.axes[pa].padded = true;
    fig.axes[va].padded = true;
    let color = t
        .get("line")
        .and_then(|l| l.get("color"))
        .or_else(|| t.get("marker").and_then(|m| m.get("color")))
        .and_then(color::from_json)
        .unwrap_or(default);
    Some(Prep::Box(BoxPrep {
        pa,
        va,
        horizontal,
        groups,
        color,
    }))
}

/// Prepares a `heatmap`-like trace (`heatmap` | `contour` | `heatmapgl`).
fn prepare_heatmap<'a>(fig: &mut Fig<'a>, i: usize, ty: &str, t: &'a Json) -> Option<Prep> {
    let (xa, ya) = trace_axes(fig, t);
    let z: Vec<Vec<f64>> = arr(t.get("z").unwrap_or(&NULL))
        .iter()
        .map(|row| match row {
            Json::Array(r) => r.iter().map(|v| num(Some(v)).unwrap_or(f64::NAN)).collect(),
            v => vec![num(Some(v)).unwrap_or(f64::NAN)],
        })
        .collect();
    let ncols = z.iter().map(Vec::len).max().unwrap_or(0);
    let nrows = z.len();
    if ty == "contour" {
        fig.notes.push("contour: drawn as coloured cells".into());
    }
    let edges = |fig: &mut Fig<'a>, a: usize, key: &str, n: usize| -> Vec<f64> {
        let vs = Values::of(fig, i, t, key);
        vs.infer(&mut fig.axes[a], Some(&Json::from(0)));
        let c: Vec<f64> = if vs.is_empty() {
            (0..n).map(|i| i as f64).collect()
        } else {
            vs.conv_all(&mut fig.axes[a])
        };
        if c.len() == n + 1 {
            return c;
        }
        let c: Vec<f64> = (0..n)
            .map(|i| c.get(i).copied().unwrap_or(f64::NAN))
            .collect();
        let mut e = Vec::with_capacity(n + 1);
        if n == 1 {
            return vec![c[0] - 0.5, c[0] + 0.5];
        }
        for k in 0..=n {
            let v = if k == 0 {
                c[0] - (c[1] - c[0]) / 2.0
            } else if k == n {
                c[n - 1] + (c[n - 1] - c[n - 2]) / 2.0
            } else {
                (c[k - 1] + c[k]) / 2.0
            };
            e.push(v);
        }
        e
    };
    if ncols == 0 {
        return None;
    }
    let xedges = edges(fig, xa, "x", ncols);
    let yedges = edges(fig, ya, "y", nrows);
    for &v in &xedges {
        fig.axes[xa].extend(v);
    }
    for &v in &yedges {
        fig.axes[ya].extend(v);
    }
    let finite = z.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let scale = ColorScale::from_json(
        t.get("colorscale"),
        t.get("reversescale") == Some(&Json::Bool(true)),
    );
    Some(Prep::Heat(HeatPrep {
        xa,
        ya,
        xedges,
        yedges,
        z,
        zmin: num(t.get("zmin")).unwrap_or(lo),
        zmax: num(t.get("zmax")).unwrap_or(hi),
        scale,
    }))
}
