//! Laying out and drawing one plotly figure: traces are prepared against their axes, the
//! axes get ranges and pixel positions, then everything is painted back to front.

use crate::axis::{json_label, Axis, Kind};
use crate::color::{self, ColorScale, Rgba, DEFAULT_COLORWAY, GRID, TEXT, WHITE};
use crate::paint::{dash_pattern, text_width, Clip, HAlign, Painter, Pt, VAlign};
use crate::RenderError;
use plotters::backend::DrawingBackend;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

const TICK_FONT: f64 = 12.0;
const AXIS_TITLE_FONT: f64 = 14.0;
const TITLE_FONT: f64 = 17.0;
const LEGEND_FONT: f64 = 12.0;
const NULL: Json = Json::Null;

/// The text of a plotly title (`"t"` or `{"text": "t"}`), HTML line breaks as `\n` and
/// other tags removed.
pub fn title_text(v: Option<&Json>) -> Option<String> {
    let raw = match v? {
        Json::String(s) => s.as_str(),
        Json::Object(m) => m.get("text")?.as_str()?,
        _ => return None,
    };
    let t = clean_text(raw);
    (!t.trim().is_empty()).then_some(t)
}

/// Plotly's pseudo-HTML text to plain text.
pub fn clean_text(s: &str) -> String {
    let s = s
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn arr(v: &Json) -> &[Json] {
    v.as_array().map_or(&[], Vec::as_slice)
}

fn num(v: Option<&Json>) -> Option<f64> {
    match v? {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn axis_key(id: &str) -> String {
    let (letter, n) = id.split_at(1);
    format!("{letter}axis{n}")
}

/// What a scatter trace draws.
struct ScatterPrep {
    xa: usize,
    ya: usize,
    x: Vec<f64>,
    y: Vec<f64>,
    lines: bool,
    markers: bool,
    color: Rgba,
    width: f64,
    dash: Option<Vec<f64>>,
    step: Option<String>,
    connectgaps: bool,
    msize: Vec<f64>,
    mcolor: Vec<Rgba>,
    msymbol: String,
    cbar: Option<ColorBar>,
    mline: Option<(Rgba, f64)>,
    fill: Option<String>,
    fillcolor: Rgba,
}

struct BarPrep {
    pa: usize,
    va: usize,
    horizontal: bool,
    pos: Vec<f64>,
    val: Vec<f64>,
    base: Vec<f64>,
    color: Vec<Rgba>,
    offset: f64,
    width: f64,
    line: Option<(Rgba, f64)>,
}

struct BoxPrep {
    pa: usize,
    va: usize,
    horizontal: bool,
    groups: Vec<(f64, Vec<f64>)>,
    color: Rgba,
}

struct HeatPrep {
    xa: usize,
    ya: usize,
    xedges: Vec<f64>,
    yedges: Vec<f64>,
    z: Vec<Vec<f64>>,
    zmin: f64,
    zmax: f64,
    scale: ColorScale,
}

enum Prep {
    Scatter(ScatterPrep),
    Bar(BarPrep),
    Box(BoxPrep),
    Heat(HeatPrep),
    Pie,
    Table,
}

struct Trace<'a> {
    json: &'a Json,
    name: String,
    legend: bool,
    drawn: bool,
    color: Rgba,
    prep: Prep,
}

struct Fig<'a> {
    layout: &'a Json,
    axes: Vec<Axis>,
    index: HashMap<String, usize>,
    traces: Vec<Trace<'a>>,
    notes: Vec<String>,
    colorway: Vec<Rgba>,
}

impl<'a> Fig<'a> {
    fn axis(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        // The figure's own axis settings over those of its template (plotly express figures
        // embed the "plotly" template with grid colours and the like).
        let key = axis_key(id);
        let template = self
            .layout
            .get("template")
            .and_then(|t| t.get("layout"))
            .and_then(|l| l.get(&key[..5]));
        let spec = match (template, self.layout.get(&key)) {
            (Some(Json::Object(t)), own) => {
                let mut m = t.clone();
                if let Some(Json::Object(o)) = own {
                    for (k, v) in o {
                        m.insert(k.clone(), v.clone());
                    }
                }
                Json::Object(m)
            }
            (_, own) => own.cloned().unwrap_or(Json::Null),
        };
        self.axes.push(Axis::new(id, spec));
        self.index.insert(id.to_string(), self.axes.len() - 1);
        self.axes.len() - 1
    }
}

fn trace_axes(fig: &mut Fig, t: &Json) -> (usize, usize) {
    let x = t.get("xaxis").and_then(Json::as_str).unwrap_or("x");
    let y = t.get("yaxis").and_then(Json::as_str).unwrap_or("y");
    let x = if x.starts_with('x') { x } else { "x" };
    let y = if y.starts_with('y') { y } else { "y" };
    let (xa, ya) = (fig.axis(x), fig.axis(y));
    fig.axes[xa].used = true;
    fig.axes[ya].used = true;
    (xa, ya)
}

/// plotly's marker symbol name from a name or symbol number (`100 +` = open).
fn symbol_name(v: Option<&Json>) -> String {
    const NAMES: [&str; 9] = [
        "circle",
        "square",
        "diamond",
        "cross",
        "x",
        "triangle-up",
        "triangle-down",
        "triangle-left",
        "triangle-right",
    ];
    match v {
        Some(Json::String(s)) => match s.parse::<u64>() {
            Ok(n) => symbol_name(Some(&Json::from(n))),
            Err(_) => s.clone(),
        },
        Some(Json::Number(n)) => {
            let n = n.as_u64().unwrap_or(0);
            let base = NAMES.get((n % 100) as usize).copied().unwrap_or("circle");
            if n / 100 == 1 {
                format!("{base}-open")
            } else {
                base.to_string()
            }
        }
        _ => "circle".into(),
    }
}

fn first_sample(v: &[Json]) -> Option<&Json> {
    v.iter().find(|e| !e.is_null())
}

/// Scalar or per-point colours of `v` (strings, or numbers mapped through `scale`).
/// A colour bar: scale, value range and title.
type ColorBar = (ColorScale, f64, f64, Option<String>);

/// Scalar or per-point colours of `v` (strings, or numbers mapped through the colour scale
/// of `marker` or of the layout's colour axis it names); with numbers also the colour bar
/// to show, if any.
fn colors_of(
    v: Option<&Json>,
    n: usize,
    default: Rgba,
    marker: &Json,
    layout: &Json,
) -> (Vec<Rgba>, Option<ColorBar>) {
    match v {
        Some(Json::Array(a)) => {
            if !a.iter().any(Json::is_number) {
                let colors = (0..n)
                    .map(|i| a.get(i).and_then(color::from_json).unwrap_or(default))
                    .collect();
                return (colors, None);
            }
            let axis = marker
                .get("coloraxis")
                .and_then(Json::as_str)
                .and_then(|k| layout.get(k));
            let src = axis.unwrap_or(marker);
            let nums: Vec<f64> = a.iter().map(|e| e.as_f64().unwrap_or(f64::NAN)).collect();
            let finite = || nums.iter().copied().filter(|v| v.is_finite());
            let lo = num(src.get("cmin")).unwrap_or_else(|| finite().fold(f64::INFINITY, f64::min));
            let hi =
                num(src.get("cmax")).unwrap_or_else(|| finite().fold(f64::NEG_INFINITY, f64::max));
            let scale = ColorScale::from_json(
                src.get("colorscale"),
                src.get("reversescale") == Some(&Json::Bool(true)),
            );
            let colors = nums
                .iter()
                .map(|&v| scale.at(if hi > lo { (v - lo) / (hi - lo) } else { 0.5 }))
                .collect();
            let show = match src.get("showscale") {
                Some(Json::Bool(b)) => *b,
                _ => axis.is_some(),
            };
            let title = title_text(src.get("colorbar").and_then(|c| c.get("title")));
            (colors, show.then_some((scale, lo, hi, title)))
        }
        Some(v) => (vec![color::from_json(v).unwrap_or(default)], None),
        None => (vec![default], None),
    }
}

fn prepare<'a>(fig: &mut Fig<'a>, i: usize, t: &'a Json) -> Option<Prep> {
    let ty = t.get("type").and_then(Json::as_str).unwrap_or("scatter");
    let default = fig.colorway[i % fig.colorway.len()];
    match ty {
        "scatter" | "scattergl" | "scattermapbox" | "scattergeo" => {
            let (xs, ys) = if ty == "scatter" || ty == "scattergl" {
                (
                    arr(t.get("x").unwrap_or(&NULL)),
                    arr(t.get("y").unwrap_or(&NULL)),
                )
            } else {
                fig.notes
                    .push(format!("{ty}: drawn on plain lon/lat axes without a map"));
                (
                    arr(t.get("lon").unwrap_or(&NULL)),
                    arr(t.get("lat").unwrap_or(&NULL)),
                )
            };
            let (xa, ya) = trace_axes(fig, t);
            let n = ys.len().max(xs.len());
            fig.axes[xa].infer(first_sample(xs).or(Some(&Json::from(0))));
            fig.axes[ya].infer(first_sample(ys).or(Some(&Json::from(0))));
            let x: Vec<f64> = if xs.is_empty() {
                (0..n).map(|i| fig.axes[xa].conv_num(i as f64)).collect()
            } else {
                let a = &mut fig.axes[xa];
                xs.iter().map(|v| a.conv(v)).collect()
            };
            let y: Vec<f64> = if ys.is_empty() {
                (0..n).map(|i| fig.axes[ya].conv_num(i as f64)).collect()
            } else {
                let a = &mut fig.axes[ya];
                ys.iter().map(|v| a.conv(v)).collect()
            };
            let n = x.len().min(y.len());
            let mode =
                t.get("mode")
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
                Some(Json::Array(a)) => {
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
        "bar" => {
            let horizontal = t.get("orientation").and_then(Json::as_str) == Some("h");
            let (xa, ya) = trace_axes(fig, t);
            let (pa, va) = if horizontal { (ya, xa) } else { (xa, ya) };
            let (pk, vk) = if horizontal { ("y", "x") } else { ("x", "y") };
            let ps = arr(t.get(pk).unwrap_or(&NULL));
            let vs = arr(t.get(vk).unwrap_or(&NULL));
            fig.axes[pa].infer(first_sample(ps).or(Some(&Json::from(0))));
            if fig.axes[pa].kind.is_none() {
                fig.axes[pa].kind = Some(Kind::Linear);
            }
            fig.axes[va].infer(Some(&Json::from(0)));
            let pos: Vec<f64> = if ps.is_empty() {
                (0..vs.len()).map(|i| i as f64).collect()
            } else {
                let a = &mut fig.axes[pa];
                ps.iter().map(|v| a.conv(v)).collect()
            };
            let val: Vec<f64> = {
                let a = &mut fig.axes[va];
                vs.iter().map(|v| a.conv(v)).collect()
            };
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
        "box" => {
            let has_y = t.get("y").is_some_and(|v| !arr(v).is_empty());
            let horizontal = t.get("orientation").and_then(Json::as_str) == Some("h") || !has_y;
            let (xa, ya) = trace_axes(fig, t);
            let (pa, va) = if horizontal { (ya, xa) } else { (xa, ya) };
            let (pk, vk) = if horizontal { ("y", "x") } else { ("x", "y") };
            let vs = arr(t.get(vk).unwrap_or(&NULL));
            let ps = arr(t.get(pk).unwrap_or(&NULL));
            fig.axes[va].infer(first_sample(vs));
            let name = t
                .get("name")
                .map(json_label)
                .unwrap_or_else(|| format!("trace {i}"));
            let name_json = Json::String(name);
            fig.axes[pa].infer(first_sample(ps).or(Some(&name_json)));
            let vals: Vec<f64> = {
                let a = &mut fig.axes[va];
                vs.iter().map(|v| a.conv(v)).collect()
            };
            let mut groups: Vec<(f64, Vec<f64>)> = Vec::new();
            if ps.is_empty() {
                let p = fig.axes[pa].conv(&name_json);
                let p = if p.is_finite() { p } else { i as f64 };
                groups.push((p, vals.iter().copied().filter(|v| v.is_finite()).collect()));
            } else {
                let mut by: BTreeMap<u64, usize> = BTreeMap::new();
                for (k, pv) in ps.iter().enumerate() {
                    let p = fig.axes[pa].conv(pv);
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
        "heatmap" | "contour" | "heatmapgl" => {
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
            let edges = |fig: &mut Fig, a: usize, key: &str, n: usize| -> Vec<f64> {
                let vs = arr(t.get(key).unwrap_or(&NULL));
                fig.axes[a].infer(first_sample(vs).or(Some(&Json::from(0))));
                let c: Vec<f64> = if vs.is_empty() {
                    (0..n).map(|i| i as f64).collect()
                } else {
                    let ax = &mut fig.axes[a];
                    vs.iter().map(|v| ax.conv(v)).collect()
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
        "pie" => Some(Prep::Pie),
        "table" => Some(Prep::Table),
        other => {
            fig.notes
                .push(format!("trace type '{other}' is not rendered"));
            None
        }
    }
}

/// Assigns bar offsets/widths and stacking bases.
fn layout_bars(fig: &mut Fig) {
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
fn shape_extents(fig: &mut Fig) {
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
struct Area {
    l: f64,
    t: f64,
    r: f64,
    b: f64,
}

fn ref_px(fig: &mut Fig, area: Area, r: &str, v: Option<&Json>, is_x: bool) -> f64 {
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

/// Lays out and paints `figure` on a `width`×`height` backend.
pub(crate) fn draw<B: DrawingBackend>(
    figure: &Json,
    width: u32,
    height: u32,
    p: &mut Painter<B>,
) -> Result<(), RenderError> {
    let Some(obj) = figure.as_object() else {
        return Err(RenderError::InvalidFigure(
            "a plotly figure is a JSON object with `data` and `layout`".into(),
        ));
    };
    let data = match obj.get("data") {
        None | Some(Json::Null) => &[][..],
        Some(Json::Array(a)) => a.as_slice(),
        Some(_) => {
            return Err(RenderError::InvalidFigure(
                "`data` must be an array of traces".into(),
            ))
        }
    };
    let layout = match obj.get("layout") {
        Some(l @ Json::Object(_)) => l,
        None | Some(Json::Null) => &NULL,
        Some(_) => {
            return Err(RenderError::InvalidFigure(
                "`layout` must be an object".into(),
            ))
        }
    };
    let colorway: Vec<Rgba> = layout
        .get("colorway")
        .or_else(|| {
            layout
                .get("template")
                .and_then(|t| t.get("layout"))
                .and_then(|l| l.get("colorway"))
        })
        .map(|c| arr(c).iter().filter_map(color::from_json).collect())
        .filter(|c: &Vec<Rgba>| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_COLORWAY.to_vec());
    let mut fig = Fig {
        layout,
        axes: Vec::new(),
        index: HashMap::new(),
        traces: Vec::new(),
        notes: Vec::new(),
        colorway,
    };
    for (i, t) in data.iter().enumerate() {
        if !t.is_object() {
            fig.notes.push(format!("trace {i} is not an object"));
            continue;
        }
        let visible = t.get("visible");
        if visible == Some(&Json::Bool(false)) {
            continue;
        }
        let drawn = visible.and_then(Json::as_str) != Some("legendonly");
        let Some(prep) = prepare(&mut fig, i, t) else {
            continue;
        };
        let name = t
            .get("name")
            .map(json_label)
            .map(|s| clean_text(&s))
            .unwrap_or_else(|| format!("trace {i}"));
        let color = match &prep {
            Prep::Scatter(s) => {
                if s.lines {
                    s.color
                } else {
                    s.mcolor[0]
                }
            }
            Prep::Bar(b) => b.color[0],
            Prep::Box(b) => b.color,
            _ => fig.colorway[i % fig.colorway.len()],
        };
        let legend = t.get("showlegend") != Some(&Json::Bool(false))
            && !matches!(prep, Prep::Heat(_) | Prep::Table | Prep::Pie);
        fig.traces.push(Trace {
            json: t,
            name,
            legend,
            drawn,
            color,
            prep,
        });
    }
    layout_bars(&mut fig);
    let cartesian = fig.traces.iter().any(|t| {
        matches!(
            t.prep,
            Prep::Scatter(_) | Prep::Bar(_) | Prep::Box(_) | Prep::Heat(_)
        )
    });
    let has_data_shapes = arr(layout.get("shapes").unwrap_or(&NULL))
        .iter()
        .any(|s| s.get("xref").and_then(Json::as_str).unwrap_or("x") != "paper");
    if cartesian || has_data_shapes || fig.traces.is_empty() && data.is_empty() {
        let (xa, ya) = (fig.axis("x"), fig.axis("y"));
        fig.axes[xa].used = true;
        fig.axes[ya].used = true;
    }
    if let Some(m) = layout.as_object() {
        for k in m.keys() {
            let id = match (k.strip_prefix("xaxis"), k.strip_prefix("yaxis")) {
                (Some(n), _) if n.chars().all(|c| c.is_ascii_digit()) => format!("x{n}"),
                (_, Some(n)) if n.chars().all(|c| c.is_ascii_digit()) => format!("y{n}"),
                _ => continue,
            };
            if cartesian {
                let a = fig.axis(&id);
                fig.axes[a].used = true;
            }
        }
    }
    shape_extents(&mut fig);
    // Overlaying axes share the domain of the axis they overlay.
    for i in 0..fig.axes.len() {
        if let Some(o) = fig.axes[i].spec.get("overlaying").and_then(Json::as_str) {
            if let Some(&j) = fig.index.get(o) {
                fig.axes[i].domain = fig.axes[j].domain;
            }
        }
        fig.axes[i].finish_range();
    }

    // ---- margins -------------------------------------------------------------------
    let (w, h) = (width as f64, height as f64);
    let margin = layout.get("margin").unwrap_or(&NULL);
    let mget = |k: &str, d: f64| num(margin.get(k)).unwrap_or(d);
    let (mut ml, mut mr, mut mt, mut mb) = (
        mget("l", 80.0),
        mget("r", 80.0),
        mget("t", 100.0),
        mget("b", 80.0),
    );
    let pad = mget("pad", 0.0);
    let title = title_text(layout.get("title"));
    let legend_entries: Vec<usize> = (0..fig.traces.len())
        .filter(|&i| fig.traces[i].legend)
        .collect();
    let pie_labels = fig.traces.iter().any(|t| matches!(t.prep, Prep::Pie));
    let show_legend = match layout.get("showlegend") {
        Some(Json::Bool(b)) => *b,
        _ => legend_entries.len() > 1 || pie_labels,
    };
    let mut legend_items: Vec<(String, LegendMark)> = Vec::new();
    if show_legend {
        for &i in &legend_entries {
            let t = &fig.traces[i];
            let mark = match &t.prep {
                Prep::Scatter(s) => LegendMark::Scatter {
                    line: s.lines.then(|| (s.color, s.width.min(4.0), s.dash.clone())),
                    marker: s.markers.then(|| (s.mcolor[0], s.msymbol.clone())),
                    fill: s.fill.as_ref().map(|_| s.fillcolor),
                },
                _ => LegendMark::Block(t.color),
            };
            legend_items.push((t.name.clone(), mark));
        }
        for t in &fig.traces {
            if let Prep::Pie = t.prep {
                for (label, c) in pie_slices_meta(t.json, &fig.colorway) {
                    legend_items.push((label, LegendMark::Block(c)));
                }
            }
        }
    }
    let legend_w = legend_items
        .iter()
        .map(|(n, _)| text_width(n, LEGEND_FONT) + 50.0)
        .fold(0.0, f64::max)
        .min(w * 0.4);
    let colorbar = fig.traces.iter().find_map(|t| match &t.prep {
        Prep::Heat(hp) if t.drawn && t.json.get("showscale") != Some(&Json::Bool(false)) => {
            let title = title_text(t.json.get("colorbar").and_then(|c| c.get("title")));
            Some((hp.scale.clone(), hp.zmin, hp.zmax, title))
        }
        Prep::Scatter(sp) if t.drawn && sp.markers => sp.cbar.clone(),
        _ => None,
    });
    // Space for tick labels and titles, with provisional tick sets.
    let prov = Area {
        l: ml,
        t: mt,
        r: (w - mr).max(ml + 10.0),
        b: (h - mb).max(mt + 10.0),
    };
    let mut need_l: f64 = 0.0;
    let mut need_r: f64 = 0.0;
    let mut need_b: f64 = 0.0;
    let mut need_t: f64 = 0.0;
    for a in fig.axes.iter().filter(|a| a.used) {
        let len = if a.is_x() {
            prov.r - prov.l
        } else {
            prov.b - prov.t
        };
        let ticks = if a.visible() {
            a.ticks(len * (a.domain.1 - a.domain.0))
        } else {
            Vec::new()
        };
        let title_h = if a.title().is_some() {
            AXIS_TITLE_FONT * 1.2 + 8.0
        } else {
            0.0
        };
        if a.is_x() {
            let lines = ticks.iter().map(|t| t.1.lines().count()).max().unwrap_or(0) as f64;
            let need = lines * TICK_FONT * 1.2 + 6.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("top") {
                need_t = need_t.max(need);
            } else {
                need_b = need_b.max(need);
            }
            // Centred labels of the outermost ticks must not stick out of the image.
            let width = prov.r - prov.l;
            let (r0, r1) = a.range;
            for (v, label) in ticks.iter().take(1).chain(ticks.iter().rev().take(1)) {
                let f = a.domain.0 + (v - r0) / (r1 - r0) * (a.domain.1 - a.domain.0);
                let half = text_width(label, TICK_FONT) / 2.0 + 2.0;
                need_l = need_l.max(half - f * width);
                need_r = need_r.max(half - (1.0 - f) * width);
            }
        } else {
            let widest = ticks
                .iter()
                .map(|t| text_width(&t.1, TICK_FONT))
                .fold(0.0, f64::max);
            let need = widest + 8.0 + title_h + 4.0;
            if a.spec.get("side").and_then(Json::as_str) == Some("right") {
                need_r = need_r.max(need);
            } else {
                need_l = need_l.max(need);
            }
        }
    }
    ml = ml.max(need_l);
    mb = mb.max(need_b);
    let mut right_extra = 0.0;
    if show_legend && !legend_items.is_empty() {
        right_extra += legend_w + 10.0;
    }
    if colorbar.is_some() {
        right_extra += 70.0;
    }
    mr = mr.max(need_r + right_extra);
    if title.is_some() {
        mt = mt.max(
            TITLE_FONT * 1.2 * title.as_deref().map_or(1, |t| t.lines().count()) as f64 + 16.0,
        );
    }
    mt = mt.max(need_t).max(8.0);
    mr = mr.max(8.0);
    // Keep at least a small plot area.
    if ml + mr > w - 20.0 {
        let f = (w - 20.0).max(0.0) / (ml + mr);
        ml *= f;
        mr *= f;
    }
    if mt + mb > h - 20.0 {
        let f = (h - 20.0).max(0.0) / (mt + mb);
        mt *= f;
        mb *= f;
    }
    let area = Area {
        l: ml,
        t: mt,
        r: w - mr,
        b: h - mb,
    };
    let (pl, pt, pr, pb) = (area.l + pad, area.t + pad, area.r - pad, area.b - pad);
    for a in fig.axes.iter_mut() {
        if a.is_x() {
            a.pix = (pl + a.domain.0 * (pr - pl), pl + a.domain.1 * (pr - pl));
        } else {
            a.pix = (pb - a.domain.0 * (pb - pt), pb - a.domain.1 * (pb - pt));
        }
    }

    // ---- background, grid ------------------------------------------------------------
    let template_layout = layout.get("template").and_then(|t| t.get("layout"));
    let layout_color = |k: &str| {
        layout
            .get(k)
            .or_else(|| template_layout.and_then(|l| l.get(k)))
            .and_then(color::from_json)
    };
    let paper = layout_color("paper_bgcolor").unwrap_or(WHITE);
    let plot_bg = layout_color("plot_bgcolor").unwrap_or(WHITE);
    p.rect((0.0, 0.0), (w, h), Some(paper), None)?;
    let x_ids: Vec<usize> = (0..fig.axes.len())
        .filter(|&i| fig.axes[i].used && fig.axes[i].is_x())
        .collect();
    let y_ids: Vec<usize> = (0..fig.axes.len())
        .filter(|&i| fig.axes[i].used && !fig.axes[i].is_x())
        .collect();
    if cartesian || has_data_shapes {
        for &yi in &y_ids {
            if fig.axes[yi].spec.get("overlaying").is_some() {
                continue;
            }
            for &xi in &x_ids {
                if fig.axes[xi].spec.get("overlaying").is_some() {
                    continue;
                }
                let (x0, x1) = fig.axes[xi].pix_span();
                let (y0, y1) = fig.axes[yi].pix_span();
                p.rect((x0, y0), (x1, y1), Some(plot_bg), None)?;
            }
        }
    }
    let mut tick_sets: Vec<Vec<(f64, String)>> = Vec::with_capacity(fig.axes.len());
    for a in &fig.axes {
        let (s0, s1) = a.pix_span();
        tick_sets.push(if a.used && a.visible() {
            a.ticks(s1 - s0)
        } else {
            Vec::new()
        });
    }
    for (ai, a) in fig.axes.iter().enumerate() {
        if !a.used || a.spec.get("overlaying").is_some() {
            continue;
        }
        let showgrid = a.spec.get("showgrid") != Some(&Json::Bool(false));
        let gridcolor = a
            .spec
            .get("gridcolor")
            .and_then(color::from_json)
            .unwrap_or(GRID);
        let others = if a.is_x() { &y_ids } else { &x_ids };
        let anchor = a
            .spec
            .get("anchor")
            .and_then(Json::as_str)
            .unwrap_or(if a.is_x() { "y" } else { "x" });
        let anchored = fig.index.get(anchor).copied().filter(|j| fig.axes[*j].used);
        let Some(o) = anchored.or_else(|| {
            others
                .iter()
                .copied()
                .find(|&o| fig.axes[o].spec.get("overlaying").is_none())
        }) else {
            continue;
        };
        let (o0, o1) = fig.axes[o].pix_span();
        let zero_on =
            a.kind() == Kind::Linear && a.spec.get("zeroline") != Some(&Json::Bool(false));
        if showgrid && a.kind() != Kind::Category {
            for (v, _) in &tick_sets[ai] {
                let q = a.px(*v);
                let pts = if a.is_x() {
                    [(q, o0), (q, o1)]
                } else {
                    [(o0, q), (o1, q)]
                };
                p.polyline(&pts, gridcolor, 1.0, None, None)?;
            }
        }
        let (r0, r1) = (a.range.0.min(a.range.1), a.range.0.max(a.range.1));
        if zero_on && r0 < 0.0 && r1 > 0.0 && cartesian {
            let q = a.px(0.0);
            let pts = if a.is_x() {
                [(q, o0), (q, o1)]
            } else {
                [(o0, q), (o1, q)]
            };
            let zc = a
                .spec
                .get("zerolinecolor")
                .and_then(color::from_json)
                .unwrap_or(TEXT);
            p.polyline(&pts, zc, 1.0, None, None)?;
        }
    }

    // ---- shapes below, traces, shapes above -------------------------------------------------
    draw_shapes(&mut fig, area, p, "below")?;
    let clip_of = |fig: &Fig, xa: usize, ya: usize| -> Clip {
        let (x0, x1) = fig.axes[xa].pix_span();
        let (y0, y1) = fig.axes[ya].pix_span();
        (x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0)
    };
    // Heatmaps first, then fills, then bars/boxes/lines/markers in trace order.
    for t in fig.traces.iter().filter(|t| t.drawn) {
        if let Prep::Heat(hp) = &t.prep {
            draw_heat(&fig, hp, p, clip_of(&fig, hp.xa, hp.ya))?;
        }
    }
    let mut decimated: Vec<Option<Vec<Vec<Pt>>>> = Vec::with_capacity(fig.traces.len());
    for t in &fig.traces {
        decimated.push(match (&t.prep, t.drawn) {
            (Prep::Scatter(s), true) if s.lines || s.fill.is_some() => Some(line_segments(&fig, s)),
            _ => None,
        });
    }
    let mut prev_scatter: Option<usize> = None;
    for (i, t) in fig.traces.iter().enumerate() {
        let Prep::Scatter(s) = &t.prep else { continue };
        if !t.drawn {
            continue;
        }
        if let (Some(fill), Some(segs)) = (&s.fill, &decimated[i]) {
            let clip = clip_of(&fig, s.xa, s.ya);
            let pts: Vec<Pt> = segs.iter().flatten().copied().collect();
            if !pts.is_empty() {
                let poly: Option<Vec<Pt>> = match fill.as_str() {
                    "tozeroy" => {
                        let z = fig.axes[s.ya].px(0.0);
                        let mut v = pts.clone();
                        v.push((pts[pts.len() - 1].0, z));
                        v.push((pts[0].0, z));
                        Some(v)
                    }
                    "tozerox" => {
                        let z = fig.axes[s.xa].px(0.0);
                        let mut v = pts.clone();
                        v.push((z, pts[pts.len() - 1].1));
                        v.push((z, pts[0].1));
                        Some(v)
                    }
                    "tonexty" | "tonextx" | "tonext" => {
                        match prev_scatter.and_then(|j| decimated[j].as_ref()) {
                            Some(prev) => {
                                let mut v = pts.clone();
                                v.extend(prev.iter().flatten().rev().copied());
                                Some(v)
                            }
                            None if fill == "tonexty" => {
                                let z = fig.axes[s.ya].px(0.0);
                                let mut v = pts.clone();
                                v.push((pts[pts.len() - 1].0, z));
                                v.push((pts[0].0, z));
                                Some(v)
                            }
                            None => None,
                        }
                    }
                    "toself" => Some(pts.clone()),
                    _ => None,
                };
                if let Some(poly) = poly {
                    p.polygon(&poly, s.fillcolor, Some(clip))?;
                }
            }
        }
        prev_scatter = Some(i);
    }
    for (i, t) in fig.traces.iter().enumerate() {
        if !t.drawn {
            continue;
        }
        match &t.prep {
            Prep::Scatter(s) => {
                let clip = clip_of(&fig, s.xa, s.ya);
                if s.lines {
                    if let Some(segs) = &decimated[i] {
                        for seg in segs {
                            if seg.len() == 1 && !s.markers {
                                p.marker(seg[0], s.width.max(2.0), "circle", s.color, None)?;
                            }
                            p.polyline(seg, s.color, s.width, s.dash.as_deref(), Some(clip))?;
                        }
                    }
                }
                if s.markers {
                    draw_markers(&fig, s, p, clip)?;
                }
            }
            Prep::Bar(b) => {
                let (xa, ya) = if b.horizontal {
                    (b.va, b.pa)
                } else {
                    (b.pa, b.va)
                };
                draw_bars(&fig, b, p, clip_of(&fig, xa, ya))?
            }
            Prep::Box(b) => draw_box(&fig, b, p)?,
            Prep::Pie => draw_pie(t.json, &fig.colorway, area, p)?,
            Prep::Table => draw_table(t.json, area, p)?,
            Prep::Heat(_) => {}
        }
    }
    draw_shapes(&mut fig, area, p, "above")?;

    // ---- axes: ticks, labels, titles --------------------------------------------------
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

    // ---- title, legend, colour bar, notes ------------------------------------------------
    if let Some(t) = &title {
        let tx = num(layout.get("title").and_then(|t| t.get("x"))).unwrap_or(0.5) * w;
        let align = if tx < w * 0.3 {
            HAlign::Left
        } else {
            HAlign::Center
        };
        p.text(
            t,
            (tx, mt / 2.0),
            TITLE_FONT,
            TEXT,
            align,
            VAlign::Middle,
            false,
        )?;
    }
    let mut lx = pr + need_r + 10.0;
    if show_legend && !legend_items.is_empty() {
        let mut ly = pt + 8.0;
        for (name, mark) in &legend_items {
            if ly > h - 6.0 {
                break;
            }
            mark.draw(p, (lx, ly))?;
            p.text(
                name,
                (lx + 40.0, ly),
                LEGEND_FONT,
                TEXT,
                HAlign::Left,
                VAlign::Middle,
                false,
            )?;
            ly += 19.0;
        }
        lx += legend_w + 10.0;
    }
    if let Some((scale, lo, hi, title)) = colorbar {
        let (top, bot) = match &title {
            Some(t) => {
                p.text(
                    t,
                    (lx, pt),
                    TICK_FONT,
                    TEXT,
                    HAlign::Left,
                    VAlign::Top,
                    false,
                )?;
                (pt + TICK_FONT * 1.2 + 6.0, pb)
            }
            None => (pt, pb),
        };
        let n = ((bot - top) / 2.0).max(1.0) as usize;
        for k in 0..n {
            let y0 = top + (bot - top) * k as f64 / n as f64;
            let y1 = top + (bot - top) * (k + 1) as f64 / n as f64;
            let c = scale.at(1.0 - (k as f64 + 0.5) / n as f64);
            p.rect((lx, y0), (lx + 15.0, y1 + 0.5), Some(c), None)?;
        }
        if lo.is_finite() && hi.is_finite() {
            for (v, label) in crate::axis::linear_ticks(lo, hi, 5) {
                let y = bot - (v - lo) / (hi - lo).max(f64::MIN_POSITIVE) * (bot - top);
                p.text(
                    &label,
                    (lx + 19.0, y),
                    TICK_FONT,
                    TEXT,
                    HAlign::Left,
                    VAlign::Middle,
                    false,
                )?;
            }
        }
    }
    for (k, note) in fig.notes.iter().enumerate() {
        let y = h - 4.0 - (fig.notes.len() - 1 - k) as f64 * 13.0;
        p.text(
            note,
            (4.0, y),
            11.0,
            Rgba::rgb(0xa0, 0x30, 0x30),
            HAlign::Left,
            VAlign::Bottom,
            false,
        )?;
    }
    Ok(())
}

/// A legend symbol.
enum LegendMark {
    Scatter {
        line: Option<(Rgba, f64, Option<Vec<f64>>)>,
        marker: Option<(Rgba, String)>,
        fill: Option<Rgba>,
    },
    Block(Rgba),
}

impl LegendMark {
    fn draw<B: DrawingBackend>(&self, p: &mut Painter<B>, at: Pt) -> Result<(), RenderError> {
        let (x, y) = at;
        match self {
            LegendMark::Scatter { line, marker, fill } => {
                if let Some(f) = fill {
                    p.rect((x + 2.0, y - 5.0), (x + 32.0, y + 5.0), Some(*f), None)?;
                }
                if let Some((c, w, dash)) = line {
                    p.polyline(
                        &[(x + 2.0, y), (x + 32.0, y)],
                        *c,
                        *w,
                        dash.as_deref(),
                        None,
                    )?;
                }
                if let Some((c, sym)) = marker {
                    p.marker((x + 17.0, y), 7.0, sym, *c, None)?;
                }
                Ok(())
            }
            LegendMark::Block(c) => p.rect((x + 8.0, y - 6.0), (x + 26.0, y + 6.0), Some(*c), None),
        }
    }
}

/// Pixel polylines of a scatter trace, split at gaps (NaN), decimated to at most four points
/// per pixel column (first, min, max, last in drawing order), so the extremes survive.
fn line_segments(fig: &Fig, s: &ScatterPrep) -> Vec<Vec<Pt>> {
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
fn draw_markers<B: DrawingBackend>(
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

fn draw_bars<B: DrawingBackend>(
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

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    if i + 1 < sorted.len() {
        sorted[i] + (sorted[i + 1] - sorted[i]) * f
    } else {
        sorted[i]
    }
}

fn draw_box<B: DrawingBackend>(
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

fn draw_heat<B: DrawingBackend>(
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

fn domain_rect(t: &Json, area: Area) -> (f64, f64, f64, f64) {
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
fn pie_slices_meta(t: &Json, colorway: &[Rgba]) -> Vec<(String, Rgba)> {
    pie_slices(t, colorway)
        .into_iter()
        .map(|(l, _, c)| (l, c))
        .collect()
}

fn pie_slices(t: &Json, colorway: &[Rgba]) -> Vec<(String, f64, Rgba)> {
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

fn draw_pie<B: DrawingBackend>(
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

fn draw_table<B: DrawingBackend>(
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
    if !hvals.is_empty() {
        for c in 0..ncols {
            let cx = x0 + c as f64 * colw;
            p.rect(
                (cx, y0),
                (cx + colw, y0 + hh),
                Some(hfill),
                Some((line, 1.0)),
            )?;
            let text = hvals.get(c).map(cell_text).unwrap_or_default();
            p.text(
                &fit(text),
                (cx + 4.0, y0 + hh / 2.0),
                TICK_FONT,
                TEXT,
                HAlign::Left,
                VAlign::Middle,
                false,
            )?;
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
            let cx = x0 + c as f64 * colw;
            p.rect(
                (cx, ry),
                (cx + colw, ry + rh),
                Some(cfill),
                Some((line, 1.0)),
            )?;
            let col = cvals.get(c).unwrap_or(&NULL);
            let v = match col {
                Json::Array(a) => a.get(r).unwrap_or(&NULL),
                other => other,
            };
            p.text(
                &fit(cell_text(v)),
                (cx + 4.0, ry + rh / 2.0),
                TICK_FONT,
                TEXT,
                HAlign::Left,
                VAlign::Middle,
                false,
            )?;
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

fn draw_shapes<B: DrawingBackend>(
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
