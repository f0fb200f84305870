//! Laying out and drawing one plotly figure: traces are prepared against their axes, the
//! axes get ranges and pixel positions, then everything is painted back to front.
//!
//! This module holds the figure model shared by the steps (`Fig`, `Trace`, the per-kind
//! `Prep`s) and small JSON helpers; `prepare` reads a trace, `layout` places bars, shapes
//! and the plot area, `draw` runs the painting pass, which draws cartesian traces with
//! `marks`, pies and tables with `pie_table`, layout shapes with `shapes` and the axes with
//! `axes`.

mod axes;
mod draw;
mod layout;
mod marks;
mod pie_table;
mod prepare;
mod shapes;
mod values;

use crate::axis::Axis;
use crate::color::{self, ColorScale, Rgba};
use crate::document::Column;
use crate::text::title_text;
pub(crate) use draw::draw;
use serde_json::Value as Json;
use std::collections::HashMap;

const TICK_FONT: f64 = 12.0;
const AXIS_TITLE_FONT: f64 = 14.0;
const TITLE_FONT: f64 = 17.0;
const LEGEND_FONT: f64 = 12.0;
const NULL: Json = Json::Null;

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
    /// The figure's data arrays read as compact columns.
    columns: &'a HashMap<(usize, &'static str), Column>,
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
/// of `marker` or of the layout's colour axis it names), never none; with numbers also the
/// colour bar to show, if any.
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
                // At least one colour, also for a trace without points.
                let colors = (0..n.max(1))
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
