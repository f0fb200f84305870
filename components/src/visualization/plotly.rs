//! Small typed builders for plotly figures (PLOTLYJSON outputs) and the plotly encoding of
//! series data.
//!
//! hetida's plot components build figures with `plotly.graph_objects` and return the
//! figure as JSON (`{"data": [traces], "layout": {...}}`). These builders produce the same
//! JSON: keys appear in the order plotly writes them (for traces: set properties, then
//! `type`), `None` fields are left out, timestamps become Python `isoformat()` strings and
//! NaN/±inf become `null` (hetida-compat §3.5). No template is ever written, matching
//! hetida's `plotly.io.templates.default = "none"`.
//!
//! This is the one figure model of the crate (figure, layout and its parts, scatter traces
//! with plotly-express defaults); the other trace types are in [`super::traces`].

use super::traces::{ColorBar, Colorscale, PxDefaults};
use rheo_core::value::timestamp::{format_isoformat, IsoFormatter};
use rheo_core::value::{Column, ColumnKind, Tz};
use serde_json::{Map, Number, Value as Json};
use std::cmp::Ordering;

/// A float as plotly's encoder writes it: integral values stay floats, NaN and ±inf become
/// `null`.
pub fn float(v: f64) -> Json {
    Number::from_f64(v).map_or(Json::Null, Json::Number)
}

/// A number written as an integer when it is integral (`1` rather than `1.0`), as for
/// line widths and other user-set plotly numbers.
pub fn number(v: f64) -> Json {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Json::from(v as i64)
    } else {
        float(v)
    }
}

/// A timestamp as plotly writes Python datetimes: `isoformat()` in the column's timezone.
pub fn timestamp(ns: i64, tz: Tz) -> Json {
    Json::String(format_isoformat(ns, tz))
}

/// The entries of a column as plotly trace data (`x`/`y` arrays): datetimes as
/// [`timestamp`] strings (NaT → `null`), floats via [`float`], ints, bools and strings as
/// they are (missing → `null`). With `order`, entry `i` of the result is entry `order[i]`
/// of the column (for sorted traces without copying the column first).
pub fn column_values(col: &Column, order: Option<&[usize]>) -> Vec<Json> {
    let n = order.map_or(col.len(), <[usize]>::len);
    let pick = |i: usize| order.map_or(i, |o| o[i]);
    match col.kind() {
        ColumnKind::Datetime => {
            if col.has_nulls() {
                let v = col.datetime_ns_opt().unwrap_or_default();
                let mut fmt = IsoFormatter::new(col.tz);
                (0..n)
                    .map(|i| v[pick(i)].map_or(Json::Null, |ns| Json::String(fmt.format(ns))))
                    .collect()
            } else {
                let v = col.datetime_ns().unwrap_or_default();
                let mut fmt = IsoFormatter::new(col.tz);
                (0..n)
                    .map(|i| Json::String(fmt.format(v[pick(i)])))
                    .collect()
            }
        }
        ColumnKind::Float => {
            let v = col.f64_values().unwrap_or_default();
            (0..n).map(|i| float(v[pick(i)])).collect()
        }
        ColumnKind::Int => {
            let v = col.i64_values().unwrap_or_default();
            (0..n).map(|i| Json::from(v[pick(i)])).collect()
        }
        ColumnKind::Bool => {
            let v = col.bool_values().unwrap_or_default();
            (0..n)
                .map(|i| v[pick(i)].map_or(Json::Null, Json::Bool))
                .collect()
        }
        ColumnKind::Str => {
            let v = col.str_values().unwrap_or_default();
            (0..n)
                .map(|i| v[pick(i)].map_or(Json::Null, |s| Json::String(s.to_string())))
                .collect()
        }
    }
}

/// Float data as plotly trace data (NaN and ±inf → `null`).
pub fn floats(values: &[f64]) -> Vec<Json> {
    values.iter().map(|&v| float(v)).collect()
}

/// plotly's qualitative "Plotly" colour sequence (`px.colors.qualitative.Plotly`).
pub const PLOTLY_PALETTE: [&str; 10] = [
    "#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#B6E880",
    "#FF97FF", "#FECB52",
];

/// The positions that sort a column ascending with missing entries last (pandas
/// `sort_index`), or `None` when it is sorted already. Ties keep their order.
pub fn sort_order(col: &Column) -> Option<Vec<usize>> {
    fn order_by<T>(v: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Option<Vec<usize>> {
        if v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
            return None;
        }
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| cmp(&v[a], &v[b]));
        Some(idx)
    }
    fn opt<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        }
    }
    match col.kind() {
        ColumnKind::Datetime => order_by(&col.datetime_ns_opt().unwrap_or_default(), opt),
        ColumnKind::Int => order_by(&col.i64_values().unwrap_or_default(), Ord::cmp),
        ColumnKind::Float => order_by(&col.f64_values().unwrap_or_default(), |a, b| {
            match (a.is_nan(), b.is_nan()) {
                (false, false) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
                (an, bn) => an.cmp(&bn),
            }
        }),
        ColumnKind::Bool => order_by(&col.bool_values().unwrap_or_default(), opt),
        ColumnKind::Str => order_by(&col.str_values().unwrap_or_default(), opt),
    }
}

/// How a scatter trace draws its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `"lines"`.
    Lines,
    /// `"markers"`.
    Markers,
    /// `"lines+markers"`.
    LinesMarkers,
    /// `"markers+lines"` (plotly keeps the flag order as given).
    MarkersLines,
}

impl Mode {
    /// plotly's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Lines => "lines",
            Mode::Markers => "markers",
            Mode::LinesMarkers => "lines+markers",
            Mode::MarkersLines => "markers+lines",
        }
    }
}

/// A line style (`line` of traces and shapes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// Colour (`"red"`, `"rgb(40, 251, 0)"`, …).
    pub color: Option<String>,
    /// Width in pixels.
    pub width: Option<f64>,
    /// Dash style (`"dash"`, `"dot"`, …).
    pub dash: Option<String>,
}

impl Line {
    /// A solid line of the given colour and width.
    pub fn new(color: impl Into<String>, width: f64) -> Self {
        Line {
            color: Some(color.into()),
            width: Some(width),
            dash: None,
        }
    }

    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(c) = &self.color {
            m.insert("color".into(), Json::String(c.clone()));
        }
        if let Some(d) = &self.dash {
            m.insert("dash".into(), Json::String(d.clone()));
        }
        if let Some(w) = self.width {
            m.insert("width".into(), number(w));
        }
        Json::Object(m)
    }
}

/// A font (`tickfont`, shape label fonts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Font {
    /// Colour.
    pub color: Option<String>,
    /// Size in points.
    pub size: Option<f64>,
}

impl Font {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(c) = &self.color {
            m.insert("color".into(), Json::String(c.clone()));
        }
        if let Some(s) = self.size {
            m.insert("size".into(), number(s));
        }
        Json::Object(m)
    }
}

/// A marker style (`marker` of scatter-like, bar and box traces).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marker {
    /// One colour (string) or per-point values/colours (array).
    pub color: Option<Json>,
    /// The colour axis per-point numeric colours are mapped through (`"coloraxis"`).
    pub coloraxis: Option<String>,
    /// Opacity (0..=1).
    pub opacity: Option<f64>,
    /// Bar fill pattern shape (px bars set `""`).
    pub pattern_shape: Option<String>,
    /// One size or per-point sizes (numbers as written: see [`number`]).
    pub size: Option<Json>,
    /// How sizes are interpreted (`"area"`).
    pub sizemode: Option<String>,
    /// Size scale factor.
    pub sizeref: Option<f64>,
    /// Symbol name (`"x"`, `"circle"`, …) or number (7, 8, …).
    pub symbol: Option<Json>,
}

impl Marker {
    /// A marker of one colour.
    pub fn color(color: impl Into<String>) -> Self {
        Marker {
            color: Some(Json::String(color.into())),
            ..Default::default()
        }
    }

    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(c) = &self.color {
            m.insert("color".into(), c.clone());
        }
        if let Some(c) = &self.coloraxis {
            m.insert("coloraxis".into(), Json::String(c.clone()));
        }
        if let Some(o) = self.opacity {
            m.insert("opacity".into(), float(o));
        }
        if let Some(shape) = &self.pattern_shape {
            let mut p = Map::new();
            p.insert("shape".into(), Json::String(shape.clone()));
            m.insert("pattern".into(), Json::Object(p));
        }
        if let Some(s) = &self.size {
            m.insert("size".into(), s.clone());
        }
        if let Some(s) = &self.sizemode {
            m.insert("sizemode".into(), Json::String(s.clone()));
        }
        if let Some(s) = self.sizeref {
            m.insert("sizeref".into(), float(s));
        }
        if let Some(s) = &self.symbol {
            m.insert("symbol".into(), s.clone());
        }
        Json::Object(m)
    }
}

/// A `go.Scatter` trace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scatter {
    /// x data.
    pub x: Vec<Json>,
    /// y data.
    pub y: Vec<Json>,
    /// Drawing mode.
    pub mode: Option<Mode>,
    /// Legend name.
    pub name: Option<String>,
    /// Line style.
    pub line: Option<Line>,
    /// Marker style.
    pub marker: Option<Marker>,
    /// Trace opacity (0..=1).
    pub opacity: Option<f64>,
    /// Whether the trace is shown (`None`: plotly's default, shown).
    pub visible: Option<bool>,
    /// The x axis the trace is drawn on (`"x"`, `"x2"`, …).
    pub xaxis: Option<String>,
    /// The y axis the trace is drawn on (`"y"`, `"y2"`, …).
    pub yaxis: Option<String>,
    /// plotly-express defaults (hovertemplate, legendgroup, name, showlegend; with them
    /// the trace is vertical and on the axes `x`/`y` unless set).
    pub px: Option<PxDefaults>,
}

impl Scatter {
    /// A trace through the points `(x[i], y[i])`.
    pub fn new(x: Vec<Json>, y: Vec<Json>) -> Self {
        Scatter {
            x,
            y,
            ..Default::default()
        }
    }

    /// Sets the drawing mode.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Sets the legend name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the line style.
    pub fn line(mut self, line: Line) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the marker style.
    pub fn marker(mut self, marker: Marker) -> Self {
        self.marker = Some(marker);
        self
    }

    /// Sets the trace opacity.
    pub fn opacity(mut self, opacity: f64) -> Self {
        self.opacity = Some(opacity);
        self
    }

    /// Sets the visibility.
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = Some(visible);
        self
    }

    /// Puts the trace on the given x axis (`"x"`, `"x2"`, …).
    pub fn xaxis(mut self, axis: impl Into<String>) -> Self {
        self.xaxis = Some(axis.into());
        self
    }

    /// Puts the trace on the given y axis (`"y"`, `"y2"`, …).
    pub fn yaxis(mut self, axis: impl Into<String>) -> Self {
        self.yaxis = Some(axis.into());
        self
    }

    /// Sets the plotly-express defaults (their name replaces [`Scatter::name`]).
    pub fn px(mut self, px: PxDefaults) -> Self {
        self.px = Some(px);
        self
    }

    /// The plotly JSON trace (properties in plotly's order, `type` last).
    pub fn into_json(self) -> Json {
        let mut m = Map::new();
        let px = self.px;
        if let Some(p) = &px {
            m.insert(
                "hovertemplate".into(),
                Json::String(p.hovertemplate.clone()),
            );
            m.insert("legendgroup".into(), Json::String(p.legendgroup.clone()));
        }
        if let Some(line) = &self.line {
            m.insert("line".into(), line.to_json());
        }
        if let Some(marker) = &self.marker {
            m.insert("marker".into(), marker.to_json());
        }
        if let Some(mode) = self.mode {
            m.insert("mode".into(), Json::String(mode.as_str().into()));
        }
        if let Some(name) = px.as_ref().map(|p| p.name.clone()).or(self.name) {
            m.insert("name".into(), Json::String(name));
        }
        if let Some(o) = self.opacity {
            m.insert("opacity".into(), float(o));
        }
        if let Some(p) = &px {
            m.insert("orientation".into(), Json::String("v".into()));
            m.insert("showlegend".into(), Json::Bool(p.showlegend));
        }
        if let Some(v) = self.visible {
            m.insert("visible".into(), Json::Bool(v));
        }
        let default_axis = |letter: &str| px.as_ref().map(|_| letter.to_string());
        m.insert("x".into(), Json::Array(self.x));
        if let Some(a) = self.xaxis.or_else(|| default_axis("x")) {
            m.insert("xaxis".into(), Json::String(a));
        }
        m.insert("y".into(), Json::Array(self.y));
        if let Some(a) = self.yaxis.or_else(|| default_axis("y")) {
            m.insert("yaxis".into(), Json::String(a));
        }
        m.insert("type".into(), Json::String("scatter".into()));
        Json::Object(m)
    }
}

/// The kind of a layout shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    /// `"line"`: a segment from `(x0, y0)` to `(x1, y1)`.
    Line,
    /// `"rect"`: a rectangle with corners `(x0, y0)` and `(x1, y1)`.
    Rect,
}

impl ShapeKind {
    /// plotly's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeKind::Line => "line",
            ShapeKind::Rect => "rect",
        }
    }
}

/// The text label of a shape (plotly ≥ 5.14 `layout.shapes[].label`).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeLabel {
    /// Label text.
    pub text: String,
    /// Text angle in degrees.
    pub textangle: Option<f64>,
    /// Font.
    pub font: Option<Font>,
}

impl ShapeLabel {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(f) = &self.font {
            m.insert("font".into(), f.to_json());
        }
        m.insert("text".into(), Json::String(self.text.clone()));
        if let Some(a) = self.textangle {
            m.insert("textangle".into(), number(a));
        }
        Json::Object(m)
    }
}

/// A layout shape (a line or a rectangle) from `(x0, y0)` to `(x1, y1)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Line or rectangle.
    pub kind: ShapeKind,
    /// Start x (a number or a timestamp string).
    pub x0: Json,
    /// Start y.
    pub y0: Json,
    /// End x.
    pub x1: Json,
    /// End y.
    pub y1: Json,
    /// Axis the x coordinates refer to (`"x"`, `"paper"`).
    pub xref: Option<String>,
    /// Axis the y coordinates refer to (`"y"`, `"paper"`).
    pub yref: Option<String>,
    /// Line style (plotly's default when `None`).
    pub line: Option<Line>,
    /// Fill colour (rectangles).
    pub fillcolor: Option<String>,
    /// Text label.
    pub label: Option<ShapeLabel>,
    /// Shape name.
    pub name: Option<String>,
}

impl Shape {
    /// A line shape in data coordinates, without explicit axis references or style.
    pub fn line(x0: Json, y0: Json, x1: Json, y1: Json) -> Self {
        Shape {
            kind: ShapeKind::Line,
            x0,
            y0,
            x1,
            y1,
            xref: None,
            yref: None,
            line: None,
            fillcolor: None,
            label: None,
            name: None,
        }
    }

    /// A rectangle shape in data coordinates, without explicit axis references or style.
    pub fn rect(x0: Json, y0: Json, x1: Json, y1: Json) -> Self {
        Shape {
            kind: ShapeKind::Rect,
            ..Shape::line(x0, y0, x1, y1)
        }
    }

    /// Sets the axis references.
    pub fn refs(mut self, xref: &str, yref: &str) -> Self {
        self.xref = Some(xref.to_string());
        self.yref = Some(yref.to_string());
        self
    }

    /// Sets the line style.
    pub fn style(mut self, line: Line) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the fill colour.
    pub fn fill(mut self, color: impl Into<String>) -> Self {
        self.fillcolor = Some(color.into());
        self
    }

    /// Sets the text label.
    pub fn with_label(mut self, label: ShapeLabel) -> Self {
        self.label = Some(label);
        self
    }

    /// Sets the name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The plotly JSON shape.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(c) = &self.fillcolor {
            m.insert("fillcolor".into(), Json::String(c.clone()));
        }
        if let Some(l) = &self.label {
            m.insert("label".into(), l.to_json());
        }
        if let Some(line) = &self.line {
            m.insert("line".into(), line.to_json());
        }
        if let Some(n) = &self.name {
            m.insert("name".into(), Json::String(n.clone()));
        }
        m.insert("type".into(), Json::String(self.kind.as_str().into()));
        m.insert("x0".into(), self.x0.clone());
        m.insert("x1".into(), self.x1.clone());
        if let Some(r) = &self.xref {
            m.insert("xref".into(), Json::String(r.clone()));
        }
        m.insert("y0".into(), self.y0.clone());
        m.insert("y1".into(), self.y1.clone());
        if let Some(r) = &self.yref {
            m.insert("yref".into(), Json::String(r.clone()));
        }
        Json::Object(m)
    }
}

/// An axis of the layout (`xaxis`, `yaxis2`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Axis {
    /// Title text.
    pub title: Option<String>,
    /// Whether plotly may grow the margins to fit tick labels.
    pub automargin: Option<bool>,
    /// Autorange (`"reversed"`).
    pub autorange: Option<String>,
    /// The axis this one is anchored to (`"x"`, `"y"`, `"free"`).
    pub anchor: Option<String>,
    /// The fraction of the plot area the axis spans, `[start, end]` (numbers as plotly
    /// writes them: `0` or `0.0` as given).
    pub domain: Option<[Json; 2]>,
    /// Colour of the axis line.
    pub linecolor: Option<String>,
    /// The axis this one is drawn over (`"x"`, `"y"`).
    pub overlaying: Option<String>,
    /// Position of a free axis in paper fraction.
    pub position: Option<f64>,
    /// Whether grid lines are drawn.
    pub showgrid: Option<bool>,
    /// Whether the axis line is drawn.
    pub showline: Option<bool>,
    /// Side of the plot (`"left"`, `"right"`, `"top"`, `"bottom"`).
    pub side: Option<String>,
    /// Tick label font.
    pub tickfont: Option<Font>,
}

impl Axis {
    /// An axis with only a title.
    pub fn titled(title: impl Into<String>) -> Self {
        Axis {
            title: Some(title.into()),
            ..Default::default()
        }
    }

    /// A plotly-express cartesian axis: anchored to the other axis, full domain
    /// (`[0.0, 1.0]`), automargin, titled.
    pub fn px(anchor: &str, title: &str) -> Self {
        Axis {
            anchor: Some(anchor.into()),
            automargin: Some(true),
            domain: Some([float(0.0), float(1.0)]),
            title: Some(title.into()),
            ..Default::default()
        }
    }

    /// The plotly JSON axis object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(a) = &self.anchor {
            m.insert("anchor".into(), Json::String(a.clone()));
        }
        if let Some(a) = self.automargin {
            m.insert("automargin".into(), Json::Bool(a));
        }
        if let Some(a) = &self.autorange {
            m.insert("autorange".into(), Json::String(a.clone()));
        }
        if let Some(d) = &self.domain {
            m.insert("domain".into(), Json::Array(d.to_vec()));
        }
        if let Some(c) = &self.linecolor {
            m.insert("linecolor".into(), Json::String(c.clone()));
        }
        if let Some(o) = &self.overlaying {
            m.insert("overlaying".into(), Json::String(o.clone()));
        }
        if let Some(p) = self.position {
            m.insert("position".into(), float(p));
        }
        if let Some(g) = self.showgrid {
            m.insert("showgrid".into(), Json::Bool(g));
        }
        if let Some(l) = self.showline {
            m.insert("showline".into(), Json::Bool(l));
        }
        if let Some(s) = &self.side {
            m.insert("side".into(), Json::String(s.clone()));
        }
        if let Some(f) = &self.tickfont {
            m.insert("tickfont".into(), f.to_json());
        }
        if let Some(t) = &self.title {
            m.insert("title".into(), title(t));
        }
        Json::Object(m)
    }
}

/// One step of a layout slider.
#[derive(Debug, Clone, PartialEq)]
pub struct SliderStep {
    /// The plotly.js method the step calls (`"update"`, `"restyle"`, …).
    pub method: String,
    /// Step label.
    pub label: String,
    /// Arguments of the method call (plotly passes them through unvalidated).
    pub args: Vec<Json>,
}

impl SliderStep {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("args".into(), Json::Array(self.args.clone()));
        m.insert("label".into(), Json::String(self.label.clone()));
        m.insert("method".into(), Json::String(self.method.clone()));
        Json::Object(m)
    }
}

/// A layout slider (`layout.sliders[]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slider {
    /// Index of the step that is active initially.
    pub active: Option<i64>,
    /// Prefix of the current-value label.
    pub currentvalue_prefix: Option<String>,
    /// Padding `(t, b)` in pixels.
    pub pad: Option<(i64, i64)>,
    /// The steps.
    pub steps: Vec<SliderStep>,
}

impl Slider {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(a) = self.active {
            m.insert("active".into(), Json::from(a));
        }
        if let Some(p) = &self.currentvalue_prefix {
            let mut cv = Map::new();
            cv.insert("prefix".into(), Json::String(p.clone()));
            m.insert("currentvalue".into(), Json::Object(cv));
        }
        if let Some((t, b)) = self.pad {
            let mut pad = Map::new();
            pad.insert("b".into(), Json::from(b));
            pad.insert("t".into(), Json::from(t));
            m.insert("pad".into(), Json::Object(pad));
        }
        m.insert(
            "steps".into(),
            Json::Array(self.steps.iter().map(SliderStep::to_json).collect()),
        );
        Json::Object(m)
    }
}

/// Layout margins in pixels, the numbers as the component passed them (`15.0` stays a
/// float). The default is all zero with zero padding.
#[derive(Debug, Clone, PartialEq)]
pub struct Margin {
    /// Left.
    pub l: Json,
    /// Right.
    pub r: Json,
    /// Bottom.
    pub b: Json,
    /// Top.
    pub t: Json,
    /// Padding between plot area and axis lines (`None`: not set).
    pub pad: Option<Json>,
}

impl Default for Margin {
    fn default() -> Self {
        Margin {
            l: 0.into(),
            r: 0.into(),
            b: 0.into(),
            t: 0.into(),
            pad: Some(0.into()),
        }
    }
}

impl Margin {
    /// hetida's usual `l0 r0 b0 t5 pad0`.
    pub fn standard() -> Self {
        Margin {
            t: 5.into(),
            ..Default::default()
        }
    }

    /// All four margins zero, no padding.
    pub fn zero() -> Self {
        Margin {
            pad: None,
            ..Default::default()
        }
    }

    /// The plotly JSON margin object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("b".into(), self.b.clone());
        m.insert("l".into(), self.l.clone());
        if let Some(p) = &self.pad {
            m.insert("pad".into(), p.clone());
        }
        m.insert("r".into(), self.r.clone());
        m.insert("t".into(), self.t.clone());
        Json::Object(m)
    }
}

/// A continuous colour axis (px `layout.coloraxis`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColorAxis {
    /// Colorbar title.
    pub title: String,
    /// Scale.
    pub colorscale: Colorscale,
}

impl ColorAxis {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        let colorbar = ColorBar {
            title: Some(self.title.clone()),
            ..Default::default()
        };
        m.insert("colorbar".into(), colorbar.to_json());
        m.insert("colorscale".into(), self.colorscale.to_json());
        Json::Object(m)
    }
}

/// A title object `{"text": …}`.
pub fn title(text: &str) -> Json {
    let mut t = Map::new();
    t.insert("text".into(), Json::String(text.to_string()));
    Json::Object(t)
}

/// The legend (px always sets `tracegroupgap` 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Legend {
    /// Marker sizing in the legend (`"constant"`).
    pub itemsizing: Option<String>,
    /// Legend title.
    pub title: Option<String>,
    /// Gap between trace groups.
    pub tracegroupgap: Option<i64>,
}

impl Legend {
    /// plotly express' legend: only `tracegroupgap` 0.
    pub fn px() -> Self {
        Legend {
            tracegroupgap: Some(0),
            ..Default::default()
        }
    }

    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(i) = &self.itemsizing {
            m.insert("itemsizing".into(), Json::String(i.clone()));
        }
        if let Some(t) = &self.title {
            m.insert("title".into(), title(t));
        }
        if let Some(g) = self.tracegroupgap {
            m.insert("tracegroupgap".into(), Json::from(g));
        }
        Json::Object(m)
    }
}

/// The map of a mapbox figure (spanning the whole figure).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapbox {
    /// Map centre (lat, lon).
    pub center: (f64, f64),
    /// Tile style (`"open-street-map"`).
    pub style: String,
    /// Zoom level.
    pub zoom: f64,
}

/// The domain `{"x": [0.0, 1.0], "y": [0.0, 1.0]}` of a trace or map filling the figure.
pub fn full_domain() -> Json {
    let mut d = Map::new();
    d.insert("x".into(), Json::Array(vec![float(0.0), float(1.0)]));
    d.insert("y".into(), Json::Array(vec![float(0.0), float(1.0)]));
    Json::Object(d)
}

impl Mapbox {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        let mut c = Map::new();
        c.insert("lat".into(), float(self.center.0));
        c.insert("lon".into(), float(self.center.1));
        m.insert("center".into(), Json::Object(c));
        m.insert("domain".into(), full_domain());
        m.insert("style".into(), Json::String(self.style.clone()));
        m.insert("zoom".into(), number(self.zoom));
        Json::Object(m)
    }
}

/// A figure layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Whether the figure fills its container.
    pub autosize: Option<bool>,
    /// Bar mode (`"relative"`).
    pub barmode: Option<String>,
    /// Box mode (`"group"`).
    pub boxmode: Option<String>,
    /// Continuous colour axis.
    pub coloraxis: Option<ColorAxis>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// Hover mode (`"closest"`, `"x"`, …).
    pub hovermode: Option<String>,
    /// Legend.
    pub legend: Option<Legend>,
    /// Map.
    pub mapbox: Option<Mapbox>,
    /// Margins.
    pub margin: Option<Margin>,
    /// Shapes drawn on the plot.
    pub shapes: Vec<Shape>,
    /// Whether the legend is shown.
    pub showlegend: Option<bool>,
    /// Sliders.
    pub sliders: Vec<Slider>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// x axis.
    pub xaxis: Axis,
    /// y axis.
    pub yaxis: Axis,
    /// Further x axes: entry `i` is written as `xaxis{i + 2}`.
    pub more_xaxes: Vec<Axis>,
    /// Further y axes: entry `i` is written as `yaxis{i + 2}`.
    pub more_yaxes: Vec<Axis>,
}

/// The trace reference of the `i`-th (0-based) axis with the given letter: `"x"`, `"x2"`, ….
pub fn axis_ref(letter: char, i: usize) -> String {
    if i == 0 {
        letter.to_string()
    } else {
        format!("{letter}{}", i + 1)
    }
}

impl Layout {
    /// hetida's standard layout for time series plots: x axis "Time", y axis "Values",
    /// autosize, height 200, zero margins except 5 px on top, automargin on both axes, no
    /// template.
    pub fn standard_time() -> Self {
        Layout {
            autosize: Some(true),
            height: Some(200),
            margin: Some(Margin::standard()),
            xaxis: Axis {
                title: Some("Time".into()),
                automargin: Some(true),
                ..Default::default()
            },
            yaxis: Axis {
                title: Some("Values".into()),
                automargin: Some(true),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// The layout plotly express gives a cartesian figure as hetida configures it:
    /// autosize, the given height, legend with `tracegroupgap` 0, margins l0 r0 b0 t5 pad0,
    /// and px axes ([`Axis::px`]) titled `x_title` and `y_title`.
    pub fn px(height: u32, x_title: &str, y_title: &str) -> Self {
        Layout {
            autosize: Some(true),
            height: Some(height),
            legend: Some(Legend::px()),
            margin: Some(Margin::standard()),
            xaxis: Axis::px("y", x_title),
            yaxis: Axis::px("x", y_title),
            ..Default::default()
        }
    }

    /// hetida's 440 × 400 layout of matrix plots (contours, heatmaps): standard margins,
    /// both axes with automargin and without grid lines.
    pub fn matrix_plot() -> Self {
        let axis = Axis {
            automargin: Some(true),
            showgrid: Some(false),
            ..Default::default()
        };
        Layout {
            height: Some(400),
            width: Some(440),
            margin: Some(Margin::standard()),
            xaxis: axis.clone(),
            yaxis: axis,
            ..Default::default()
        }
    }

    /// Adds a shape.
    pub fn add_shape(&mut self, shape: Shape) {
        self.shapes.push(shape);
    }

    /// Sets the `i`-th (0-based) x axis (`xaxis`, `xaxis2`, …); axes must be set in order.
    pub fn set_xaxis(&mut self, i: usize, axis: Axis) {
        set_axis(&mut self.xaxis, &mut self.more_xaxes, i, axis);
    }

    /// Sets the `i`-th (0-based) y axis (`yaxis`, `yaxis2`, …); axes must be set in order.
    pub fn set_yaxis(&mut self, i: usize, axis: Axis) {
        set_axis(&mut self.yaxis, &mut self.more_yaxes, i, axis);
    }

    /// The plotly JSON layout object (`shapes`/`sliders` only when there are any, empty
    /// axes left out).
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        if let Some(a) = self.autosize {
            m.insert("autosize".into(), Json::Bool(a));
        }
        if let Some(b) = &self.barmode {
            m.insert("barmode".into(), Json::String(b.clone()));
        }
        if let Some(b) = &self.boxmode {
            m.insert("boxmode".into(), Json::String(b.clone()));
        }
        if let Some(c) = &self.coloraxis {
            m.insert("coloraxis".into(), c.to_json());
        }
        if let Some(h) = self.height {
            m.insert("height".into(), Json::from(h));
        }
        if let Some(h) = &self.hovermode {
            m.insert("hovermode".into(), Json::String(h.clone()));
        }
        if let Some(l) = &self.legend {
            m.insert("legend".into(), l.to_json());
        }
        if let Some(mb) = &self.mapbox {
            m.insert("mapbox".into(), mb.to_json());
        }
        if let Some(margin) = &self.margin {
            m.insert("margin".into(), margin.to_json());
        }
        if !self.shapes.is_empty() {
            m.insert(
                "shapes".into(),
                Json::Array(self.shapes.iter().map(Shape::to_json).collect()),
            );
        }
        if let Some(s) = self.showlegend {
            m.insert("showlegend".into(), Json::Bool(s));
        }
        if !self.sliders.is_empty() {
            m.insert(
                "sliders".into(),
                Json::Array(self.sliders.iter().map(Slider::to_json).collect()),
            );
        }
        if let Some(w) = self.width {
            m.insert("width".into(), Json::from(w));
        }
        for (letter, first, more) in [
            ('x', &self.xaxis, &self.more_xaxes),
            ('y', &self.yaxis, &self.more_yaxes),
        ] {
            for (i, axis) in std::iter::once(first).chain(more.iter()).enumerate() {
                let a = axis.to_json();
                if a.as_object().is_some_and(|o| !o.is_empty()) {
                    let key = format!(
                        "{letter}axis{}",
                        if i == 0 {
                            String::new()
                        } else {
                            (i + 1).to_string()
                        }
                    );
                    m.insert(key, a);
                }
            }
        }
        Json::Object(m)
    }
}

fn set_axis(first: &mut Axis, more: &mut Vec<Axis>, i: usize, axis: Axis) {
    if i == 0 {
        *first = axis;
    } else if i - 1 < more.len() {
        more[i - 1] = axis;
    } else {
        more.resize(i - 1, Axis::default());
        more.push(axis);
    }
}

/// A figure: traces plus layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    /// Traces in drawing order (already in plotly JSON form).
    pub data: Vec<Json>,
    /// The layout.
    pub layout: Layout,
}

impl Figure {
    /// An empty figure with the given layout.
    pub fn new(layout: Layout) -> Self {
        Figure {
            data: Vec::new(),
            layout,
        }
    }

    /// Appends a scatter trace.
    pub fn add_scatter(&mut self, trace: Scatter) {
        self.data.push(trace.into_json());
    }

    /// The figure JSON `{"data": [...], "layout": {...}}` (a PLOTLYJSON value).
    pub fn into_json(self) -> Json {
        let mut m = Map::new();
        m.insert("data".into(), Json::Array(self.data));
        m.insert("layout".into(), self.layout.to_json());
        Json::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_column_data_like_plotly() {
        let ts = Column::from_opt_datetime_ns(vec![Some(0), None, Some(1_500)], Tz::Utc);
        assert_eq!(
            column_values(&ts, None),
            [
                json!("1970-01-01T00:00:00+00:00"),
                Json::Null,
                json!("1970-01-01T00:00:00.000001+00:00")
            ]
        );
        let naive = Column::from_datetime_ns(vec![0], Tz::Naive);
        assert_eq!(column_values(&naive, None), [json!("1970-01-01T00:00:00")]);
        let f = Column::from_f64(vec![1.0, f64::NAN, f64::INFINITY, 2.5]);
        assert_eq!(
            column_values(&f, Some(&[3, 0, 1, 2])),
            [json!(2.5), json!(1.0), Json::Null, Json::Null]
        );
        let i = Column::from_i64(vec![3, 4]);
        assert_eq!(column_values(&i, Some(&[1])), [json!(4)]);
        let s = Column::from_strings(vec![Some("a".into()), None]);
        assert_eq!(column_values(&s, None), [json!("a"), Json::Null]);
        let b = Column::from_bool(vec![true]);
        assert_eq!(column_values(&b, None), [json!(true)]);
    }

    #[test]
    fn builds_figure_json() {
        let mut layout = Layout::standard_time();
        layout.add_shape(
            Shape::line(json!(0), json!(1.5), json!(2), json!(1.5)).style(Line::new("red", 1.0)),
        );
        layout.add_shape(Shape::line(json!("a"), json!(0), json!("a"), json!(1)).refs("x", "y"));
        let mut fig = Figure::new(layout);
        fig.add_scatter(
            Scatter::new(vec![json!(0)], vec![json!(1.0)])
                .mode(Mode::Lines)
                .name("s"),
        );
        fig.add_scatter(
            Scatter::new(vec![], vec![])
                .mode(Mode::LinesMarkers)
                .line(Line {
                    dash: Some("dot".into()),
                    ..Default::default()
                }),
        );
        assert_eq!(
            fig.into_json(),
            json!({
                "data": [
                    {"mode": "lines", "name": "s", "x": [0], "y": [1.0], "type": "scatter"},
                    {"line": {"dash": "dot"}, "mode": "lines+markers", "x": [], "y": [], "type": "scatter"}
                ],
                "layout": {
                    "autosize": true,
                    "height": 200,
                    "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                    "shapes": [
                        {"line": {"color": "red", "width": 1}, "type": "line", "x0": 0, "x1": 2, "y0": 1.5, "y1": 1.5},
                        {"type": "line", "x0": "a", "x1": "a", "xref": "x", "y0": 0, "y1": 1, "yref": "y"}
                    ],
                    "xaxis": {"automargin": true, "title": {"text": "Time"}},
                    "yaxis": {"automargin": true, "title": {"text": "Values"}}
                }
            })
        );
        assert_eq!(Layout::default().to_json(), json!({}));
        assert_eq!(number(1.5), json!(1.5));
        assert_eq!(float(f64::NAN), Json::Null);
    }

    #[test]
    fn builds_multi_axis_layouts_traces_shapes_and_sliders() {
        let mut layout = Layout::default();
        layout.set_yaxis(
            2,
            Axis {
                overlaying: Some("y".into()),
                side: Some("right".into()),
                position: Some(0.88),
                tickfont: Some(Font {
                    color: Some("#636EFA".into()),
                    size: Some(12.0),
                }),
                ..Default::default()
            },
        );
        layout.set_xaxis(
            0,
            Axis {
                domain: Some([Json::from(0), float(0.94)]),
                anchor: Some("y".into()),
                ..Default::default()
            },
        );
        layout.add_shape(
            Shape::rect(json!("a"), json!(0), json!("b"), json!(1))
                .fill("rgba(1, 2, 3, 0.5)")
                .with_label(ShapeLabel {
                    text: "band".into(),
                    textangle: Some(-90.0),
                    font: Some(Font {
                        color: None,
                        size: Some(10.0),
                    }),
                }),
        );
        layout.sliders.push(Slider {
            active: Some(0),
            currentvalue_prefix: Some("p: ".into()),
            pad: Some((80, 10)),
            steps: vec![SliderStep {
                method: "update".into(),
                label: "0".into(),
                args: vec![json!({"visible": [true]})],
            }],
        });
        let mut fig = Figure::new(layout);
        fig.add_scatter(
            Scatter::new(vec![json!(1)], vec![json!(2)])
                .mode(Mode::MarkersLines)
                .marker(Marker {
                    symbol: Some("x".into()),
                    size: Some(number(10.0)),
                    opacity: Some(0.6),
                    ..Default::default()
                })
                .opacity(0.8)
                .visible(false)
                .xaxis("x")
                .yaxis(axis_ref('y', 2)),
        );
        assert_eq!(
            fig.into_json(),
            json!({
                "data": [{"marker": {"opacity": 0.6, "size": 10, "symbol": "x"},
                          "mode": "markers+lines", "opacity": 0.8, "visible": false,
                          "x": [1], "xaxis": "x", "y": [2], "yaxis": "y3", "type": "scatter"}],
                "layout": {
                    "shapes": [{"fillcolor": "rgba(1, 2, 3, 0.5)",
                                "label": {"font": {"size": 10}, "text": "band", "textangle": -90},
                                "type": "rect", "x0": "a", "x1": "b", "y0": 0, "y1": 1}],
                    "sliders": [{"active": 0, "currentvalue": {"prefix": "p: "},
                                 "pad": {"b": 10, "t": 80},
                                 "steps": [{"args": [{"visible": [true]}], "label": "0",
                                            "method": "update"}]}],
                    "xaxis": {"anchor": "y", "domain": [0, 0.94]},
                    "yaxis3": {"overlaying": "y", "position": 0.88, "side": "right",
                               "tickfont": {"color": "#636EFA", "size": 12}}
                }
            })
        );
        assert_eq!(axis_ref('x', 0), "x");
        assert_eq!(floats(&[1.0, f64::NAN]), [json!(1.0), Json::Null]);
        assert_eq!(PLOTLY_PALETTE.len(), 10);
    }

    #[test]
    fn builds_px_scatter_traces_and_layout_parts() {
        let t = Scatter::new(vec![json!(1)], vec![json!(2)])
            .mode(Mode::Markers)
            .marker(Marker {
                color: Some(json!([0.5])),
                coloraxis: Some("coloraxis".into()),
                symbol: Some(json!("circle")),
                ..Default::default()
            })
            .px(PxDefaults::single("x=%{x}<extra></extra>"));
        assert_eq!(
            t.into_json(),
            json!({"hovertemplate": "x=%{x}<extra></extra>", "legendgroup": "",
                   "marker": {"color": [0.5], "coloraxis": "coloraxis", "symbol": "circle"},
                   "mode": "markers", "name": "", "orientation": "v", "showlegend": false,
                   "x": [1], "xaxis": "x", "y": [2], "yaxis": "y", "type": "scatter"})
        );
        let layout = Layout {
            margin: Some(Margin::standard()),
            xaxis: Axis::px("y", "x"),
            legend: Some(Legend {
                tracegroupgap: Some(0),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            layout.to_json(),
            json!({"legend": {"tracegroupgap": 0},
                   "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                   "xaxis": {"anchor": "y", "automargin": true, "domain": [0.0, 1.0], "title": {"text": "x"}}})
        );
        assert_eq!(number(2.0), json!(2));
        assert_eq!(number(0.02), json!(0.02));
    }
}
