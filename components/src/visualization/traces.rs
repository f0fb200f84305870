//! Typed builders for the plotly trace types and layout parts that [`super::plotly`] does
//! not cover: heatmap, contour, table, pie, bar, box, scattermapbox, a marker-capable
//! scatter (for plotly-express figures and marker plots), colour scales and a richer layout.
//!
//! Every builder produces `serde_json::Value`s directly (keys in plotly's alphabetical
//! property order, `type` last, unset fields left out), never string templates. Figures
//! built with plotly express in hetida carry px's per-trace defaults (`legendgroup`,
//! `showlegend`, `xaxis`/`yaxis` anchors, `hovertemplate`, …) which the `px_*` constructors
//! reproduce; hetida's px figures also embed plotly's full built-in "plotly" template, which
//! these builders never write (see the component docs).

use super::plotly::{float, Line};
use serde_json::{Map, Value as Json};

/// plotly's qualitative "Plotly" colour sequence, as the built-in "plotly" template's
/// `layout.colorway` spells it (px's default discrete colours).
pub const PLOTLY_COLORWAY: [&str; 10] = [
    "#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880",
    "#FF97FF", "#FECB52",
];

/// plotly's sequential "Plasma" scale (`px.colors.sequential.Plasma`).
pub const PLASMA: [&str; 10] = [
    "#0d0887", "#46039f", "#7201a8", "#9c179e", "#bd3786", "#d8576b", "#ed7953", "#fb9f3a",
    "#fdca26", "#f0f921",
];

/// The 15-stop diverging scale (seaborn's `diverging_palette(220, 10)`) hetida uses for
/// correlation heatmaps.
pub const SNS_DIVERGING: [(f64, &str); 15] = [
    (0.0, "#3f7f93"),
    (0.071, "#5890a1"),
    (0.143, "#72a1b0"),
    (0.214, "#8cb3bf"),
    (0.286, "#a7c5cf"),
    (0.357, "#c0d6dd"),
    (0.429, "#dae8ec"),
    (0.5, "#f2f2f2"),
    (0.571, "#f7d7d9"),
    (0.643, "#f2bcc0"),
    (0.714, "#eda3a9"),
    (0.786, "#e8888f"),
    (0.857, "#e36e76"),
    (0.929, "#de535e"),
    (1.0, "#d93a46"),
];

/// A JSON object under construction: keys in insertion order, optional values skipped.
#[derive(Debug, Default)]
struct Obj(Map<String, Json>);

impl Obj {
    fn new() -> Self {
        Obj(Map::new())
    }

    fn set(&mut self, key: &str, v: impl Into<Json>) {
        self.0.insert(key.to_string(), v.into());
    }

    fn opt<T: Into<Json>>(&mut self, key: &str, v: Option<T>) {
        if let Some(v) = v {
            self.set(key, v);
        }
    }

    fn done(self) -> Json {
        Json::Object(self.0)
    }
}

/// A number as plotly writes user-set numbers: integral values as integers.
pub fn int_or_float(v: f64) -> Json {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Json::from(v as i64)
    } else {
        float(v)
    }
}

fn strings(v: &[String]) -> Json {
    Json::Array(v.iter().map(|s| Json::String(s.clone())).collect())
}

/// A colour scale: `[[position, colour], …]` with positions from 0 to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Colorscale(pub Vec<(f64, String)>);

impl Colorscale {
    /// Evenly spaced stops (`i / (n - 1)`), as plotly express builds continuous scales from
    /// a colour sequence.
    pub fn sequential(colors: &[&str]) -> Self {
        let n = colors.len();
        let den = n.saturating_sub(1).max(1) as f64;
        Colorscale(
            colors
                .iter()
                .enumerate()
                .map(|(i, c)| (i as f64 / den, (*c).to_string()))
                .collect(),
        )
    }

    /// Explicit stops.
    pub fn stops(stops: &[(f64, &str)]) -> Self {
        Colorscale(stops.iter().map(|(p, c)| (*p, (*c).to_string())).collect())
    }

    /// The plotly JSON array.
    pub fn to_json(&self) -> Json {
        Json::Array(
            self.0
                .iter()
                .map(|(p, c)| Json::Array(vec![float(*p), Json::String(c.clone())]))
                .collect(),
        )
    }
}

/// A title object `{"text": …}`.
fn title(text: &str) -> Json {
    let mut t = Obj::new();
    t.set("text", text);
    t.done()
}

/// Marker style of scatter-like, bar and box traces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marker {
    /// One colour (string) or per-point values/colours (array).
    pub color: Option<Json>,
    /// The colour axis per-point numeric colours are mapped through (`"coloraxis"`).
    pub coloraxis: Option<String>,
    /// Bar fill pattern shape (px bars set `""`).
    pub pattern_shape: Option<String>,
    /// One size or per-point sizes.
    pub size: Option<Json>,
    /// How sizes are interpreted (`"area"`).
    pub sizemode: Option<String>,
    /// Size scale factor.
    pub sizeref: Option<f64>,
    /// Symbol name (`"circle"`) or number (7, 8, …).
    pub symbol: Option<Json>,
}

impl Marker {
    /// A marker of one colour.
    pub fn color(c: impl Into<String>) -> Self {
        Marker {
            color: Some(Json::String(c.into())),
            ..Default::default()
        }
    }

    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.opt("color", self.color.clone());
        m.opt("coloraxis", self.coloraxis.clone());
        if let Some(shape) = &self.pattern_shape {
            let mut p = Obj::new();
            p.set("shape", shape.as_str());
            m.set("pattern", p.done());
        }
        m.opt("size", self.size.clone());
        m.opt("sizemode", self.sizemode.clone());
        m.opt("sizeref", self.sizeref.map(float));
        m.opt("symbol", self.symbol.clone());
        m.done()
    }
}

/// The per-trace defaults plotly express writes.
#[derive(Debug, Clone, PartialEq)]
pub struct PxDefaults {
    /// Hover template (`"x=%{x}<br>y=%{y}<extra></extra>"`).
    pub hovertemplate: String,
    /// Legend group (`""` or the category).
    pub legendgroup: String,
    /// Trace name (`""` or the category).
    pub name: String,
    /// Whether the trace appears in the legend.
    pub showlegend: bool,
}

impl PxDefaults {
    /// px's defaults for an ungrouped trace: empty group and name, no legend entry.
    pub fn single(hovertemplate: impl Into<String>) -> Self {
        PxDefaults {
            hovertemplate: hovertemplate.into(),
            legendgroup: String::new(),
            name: String::new(),
            showlegend: false,
        }
    }

    /// px's defaults for the trace of one category: group and name = category, in the
    /// legend.
    pub fn group(hovertemplate: impl Into<String>, category: &str) -> Self {
        PxDefaults {
            hovertemplate: hovertemplate.into(),
            legendgroup: category.to_string(),
            name: category.to_string(),
            showlegend: true,
        }
    }
}

/// A `scatter` trace with marker styling and px fields (the plain line trace is
/// [`super::plotly::Scatter`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScatterTrace {
    /// x data.
    pub x: Vec<Json>,
    /// y data.
    pub y: Vec<Json>,
    /// `"lines"`, `"markers"`, …
    pub mode: Option<String>,
    /// Legend name (also set by `px`).
    pub name: Option<String>,
    /// Marker style.
    pub marker: Option<Marker>,
    /// Line style.
    pub line: Option<Line>,
    /// px defaults (hovertemplate, legendgroup, showlegend, orientation and axes).
    pub px: Option<PxDefaults>,
}

impl ScatterTrace {
    /// A trace through `(x[i], y[i])`.
    pub fn new(x: Vec<Json>, y: Vec<Json>) -> Self {
        ScatterTrace {
            x,
            y,
            ..Default::default()
        }
    }

    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        let px = self.px;
        if let Some(p) = &px {
            m.set("hovertemplate", p.hovertemplate.as_str());
            m.set("legendgroup", p.legendgroup.as_str());
        }
        m.opt("line", self.line.as_ref().map(Line::to_json));
        m.opt("marker", self.marker.as_ref().map(Marker::to_json));
        m.opt("mode", self.mode);
        match (&px, self.name) {
            (Some(p), _) => m.set("name", p.name.as_str()),
            (None, n) => m.opt("name", n),
        }
        if let Some(p) = &px {
            m.set("orientation", "v");
            m.set("showlegend", p.showlegend);
        }
        m.set("x", Json::Array(self.x));
        if px.is_some() {
            m.set("xaxis", "x");
        }
        m.set("y", Json::Array(self.y));
        if px.is_some() {
            m.set("yaxis", "y");
        }
        m.set("type", "scatter");
        m.done()
    }
}

/// A colorbar (thickness/ticklen as heatmaps set them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColorBar {
    /// Thickness in pixels.
    pub thickness: Option<f64>,
    /// Tick length in pixels.
    pub ticklen: Option<f64>,
    /// Title text.
    pub title: Option<String>,
}

impl ColorBar {
    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.opt("thickness", self.thickness.map(int_or_float));
        m.opt("ticklen", self.ticklen.map(int_or_float));
        m.opt("title", self.title.as_deref().map(title));
        m.done()
    }
}

/// A `heatmap` trace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heatmap {
    /// Rows of z values (row i belongs to `y[i]`).
    pub z: Vec<Vec<Json>>,
    /// Column labels.
    pub x: Vec<Json>,
    /// Row labels.
    pub y: Vec<Json>,
    /// Gap between columns in pixels.
    pub xgap: Option<f64>,
    /// Gap between rows in pixels.
    pub ygap: Option<f64>,
    /// Colour scale.
    pub colorscale: Option<Colorscale>,
    /// Colorbar.
    pub colorbar: Option<ColorBar>,
    /// Hover text per cell (same shape as `z`).
    pub hovertext: Option<Vec<Vec<String>>>,
    /// Hover info (`"text"`).
    pub hoverinfo: Option<String>,
}

impl Heatmap {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.opt("colorbar", self.colorbar.as_ref().map(ColorBar::to_json));
        m.opt(
            "colorscale",
            self.colorscale.as_ref().map(Colorscale::to_json),
        );
        m.opt("hoverinfo", self.hoverinfo);
        m.opt(
            "hovertext",
            self.hovertext
                .map(|rows| Json::Array(rows.iter().map(|r| strings(r)).collect())),
        );
        m.set("x", Json::Array(self.x));
        m.opt("xgap", self.xgap.map(int_or_float));
        m.set("y", Json::Array(self.y));
        m.opt("ygap", self.ygap.map(int_or_float));
        m.set(
            "z",
            Json::Array(self.z.into_iter().map(Json::Array).collect()),
        );
        m.set("type", "heatmap");
        m.done()
    }
}

/// A `contour` trace (plotly's default colour scale).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contour {
    /// Rows of z values (row i belongs to `y[i]`, column j to `x[j]`).
    pub z: Vec<Vec<Json>>,
    /// x coordinates.
    pub x: Vec<Json>,
    /// y coordinates.
    pub y: Vec<Json>,
}

impl Contour {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.set("x", Json::Array(self.x));
        m.set("y", Json::Array(self.y));
        m.set(
            "z",
            Json::Array(self.z.into_iter().map(Json::Array).collect()),
        );
        m.set("type", "contour");
        m.done()
    }
}

/// A `table` trace: header row and columns of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Relative column widths (`None`: not set).
    pub columnwidth: Option<Vec<Json>>,
    /// Header texts.
    pub header: Vec<Json>,
    /// Header fill colour.
    pub header_fill: Option<String>,
    /// Cell values column by column.
    pub cells: Vec<Vec<Json>>,
    /// Cell fill colour.
    pub cells_fill: Option<String>,
    /// Text alignment of header and cells (`"left"`).
    pub align: Option<String>,
}

impl Table {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        fn section(align: &Option<String>, fill: Option<String>, values: Json) -> Json {
            let mut s = Obj::new();
            s.opt("align", align.clone());
            if let Some(c) = fill {
                let mut f = Obj::new();
                f.set("color", c);
                s.set("fill", f.done());
            }
            s.set("values", values);
            s.done()
        }
        let mut m = Obj::new();
        let cells = Json::Array(self.cells.into_iter().map(Json::Array).collect());
        m.set("cells", section(&self.align, self.cells_fill, cells));
        m.opt("columnwidth", self.columnwidth.map(Json::Array));
        m.set(
            "header",
            section(&self.align, self.header_fill, Json::Array(self.header)),
        );
        m.set("type", "table");
        m.done()
    }
}

/// A px `pie` trace (domain the whole figure).
#[derive(Debug, Clone, PartialEq)]
pub struct Pie {
    /// Sector labels, one per value (equal labels are summed by plotly).
    pub labels: Vec<Json>,
    /// Sector values.
    pub values: Vec<Json>,
    /// px defaults.
    pub px: PxDefaults,
}

impl Pie {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        let mut d = Obj::new();
        d.set("x", vec![float(0.0), float(1.0)]);
        d.set("y", vec![float(0.0), float(1.0)]);
        m.set("domain", d.done());
        m.set("hovertemplate", self.px.hovertemplate);
        m.set("labels", Json::Array(self.labels));
        m.set("legendgroup", self.px.legendgroup);
        m.set("name", self.px.name);
        m.set("showlegend", self.px.showlegend);
        m.set("values", Json::Array(self.values));
        m.set("type", "pie");
        m.done()
    }
}

/// A px vertical `bar` trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Bar positions.
    pub x: Vec<Json>,
    /// Bar heights.
    pub y: Vec<Json>,
    /// Marker (px: first colorway colour, empty pattern shape).
    pub marker: Marker,
    /// px defaults.
    pub px: PxDefaults,
}

impl Bar {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.set("alignmentgroup", "True");
        m.set("hovertemplate", self.px.hovertemplate);
        m.set("legendgroup", self.px.legendgroup);
        m.set("marker", self.marker.to_json());
        m.set("name", self.px.name);
        m.set("offsetgroup", "");
        m.set("orientation", "v");
        m.set("showlegend", self.px.showlegend);
        m.set("textposition", "auto");
        m.set("x", Json::Array(self.x));
        m.set("xaxis", "x");
        m.set("y", Json::Array(self.y));
        m.set("yaxis", "y");
        m.set("type", "bar");
        m.done()
    }
}

/// A px vertical `box` trace (one box per distinct x).
#[derive(Debug, Clone, PartialEq)]
pub struct BoxTrace {
    /// Group label per point.
    pub x: Vec<Json>,
    /// Values.
    pub y: Vec<Json>,
    /// Marker.
    pub marker: Marker,
    /// Line style.
    pub line: Option<Line>,
    /// px defaults.
    pub px: PxDefaults,
}

impl BoxTrace {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.set("alignmentgroup", "True");
        m.set("hovertemplate", self.px.hovertemplate);
        m.set("legendgroup", self.px.legendgroup);
        m.opt("line", self.line.as_ref().map(Line::to_json));
        m.set("marker", self.marker.to_json());
        m.set("name", self.px.name);
        m.set("notched", false);
        m.set("offsetgroup", "");
        m.set("orientation", "v");
        m.set("showlegend", self.px.showlegend);
        m.set("x", Json::Array(self.x));
        m.set("x0", " ");
        m.set("xaxis", "x");
        m.set("y", Json::Array(self.y));
        m.set("y0", " ");
        m.set("yaxis", "y");
        m.set("type", "box");
        m.done()
    }
}

/// A px `scattermapbox` trace (markers on a map).
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterMapbox {
    /// Extra hover data per point (one row per point).
    pub customdata: Option<Vec<Vec<Json>>>,
    /// Hover title per point.
    pub hovertext: Option<Vec<Json>>,
    /// Latitudes.
    pub lat: Vec<Json>,
    /// Longitudes.
    pub lon: Vec<Json>,
    /// Marker.
    pub marker: Marker,
    /// px defaults.
    pub px: PxDefaults,
}

impl ScatterMapbox {
    /// The plotly JSON trace.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.opt(
            "customdata",
            self.customdata
                .map(|rows| Json::Array(rows.into_iter().map(Json::Array).collect())),
        );
        m.set("hovertemplate", self.px.hovertemplate);
        m.opt("hovertext", self.hovertext.map(Json::Array));
        m.set("lat", Json::Array(self.lat));
        m.set("legendgroup", self.px.legendgroup);
        m.set("lon", Json::Array(self.lon));
        m.set("marker", self.marker.to_json());
        m.set("mode", "markers");
        m.set("name", self.px.name);
        m.set("showlegend", self.px.showlegend);
        m.set("subplot", "mapbox");
        m.set("type", "scattermapbox");
        m.done()
    }
}

/// An axis of [`FigLayout`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AxisSpec {
    /// Anchor axis (px: `"y"` for x axes, `"x"` for y axes).
    pub anchor: Option<String>,
    /// Autorange (`"reversed"`).
    pub autorange: Option<String>,
    /// Whether plotly may grow margins for tick labels.
    pub automargin: Option<bool>,
    /// Domain (px: `[0.0, 1.0]`).
    pub domain: Option<[f64; 2]>,
    /// Grid lines.
    pub showgrid: Option<bool>,
    /// Title text.
    pub title: Option<String>,
}

impl AxisSpec {
    /// A px cartesian axis: anchored to the other axis, full domain, automargin, titled.
    pub fn px(anchor: &str, title: &str) -> Self {
        AxisSpec {
            anchor: Some(anchor.into()),
            automargin: Some(true),
            domain: Some([0.0, 1.0]),
            title: Some(title.into()),
            ..Default::default()
        }
    }

    /// The plotly JSON axis.
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.opt("anchor", self.anchor.clone());
        m.opt("automargin", self.automargin);
        m.opt("autorange", self.autorange.clone());
        m.opt("domain", self.domain.map(|[a, b]| vec![float(a), float(b)]));
        m.opt("showgrid", self.showgrid);
        m.opt("title", self.title.as_deref().map(title));
        m.done()
    }
}

/// Layout margins with the numbers as the component passed them (`15.0` stays a float).
#[derive(Debug, Clone, PartialEq)]
pub struct Margins {
    /// Left.
    pub l: Json,
    /// Right.
    pub r: Json,
    /// Bottom.
    pub b: Json,
    /// Top.
    pub t: Json,
    /// Padding (`None`: not set).
    pub pad: Option<Json>,
}

impl Margins {
    /// hetida's usual `l0 r0 b0 t5 pad0`.
    pub fn standard() -> Self {
        Margins {
            l: 0.into(),
            r: 0.into(),
            b: 0.into(),
            t: 5.into(),
            pad: Some(0.into()),
        }
    }

    /// All four margins zero, no padding.
    pub fn zero() -> Self {
        Margins {
            l: 0.into(),
            r: 0.into(),
            b: 0.into(),
            t: 0.into(),
            pad: None,
        }
    }

    /// The plotly JSON object.
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.set("b", self.b.clone());
        m.set("l", self.l.clone());
        m.opt("pad", self.pad.clone());
        m.set("r", self.r.clone());
        m.set("t", self.t.clone());
        m.done()
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

/// The map of a mapbox figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapbox {
    /// Map centre (lat, lon).
    pub center: (f64, f64),
    /// Tile style (`"open-street-map"`).
    pub style: String,
    /// Zoom level.
    pub zoom: f64,
}

/// A figure layout with the parts plotly-express and the table/heatmap components set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigLayout {
    /// Autosize.
    pub autosize: Option<bool>,
    /// Bar mode (`"relative"`).
    pub barmode: Option<String>,
    /// Box mode (`"group"`).
    pub boxmode: Option<String>,
    /// Continuous colour axis.
    pub coloraxis: Option<ColorAxis>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// Legend.
    pub legend: Option<Legend>,
    /// Map.
    pub mapbox: Option<Mapbox>,
    /// Margins.
    pub margin: Option<Margins>,
    /// Shapes (plotly JSON shapes).
    pub shapes: Vec<Json>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// x axis.
    pub xaxis: Option<AxisSpec>,
    /// y axis.
    pub yaxis: Option<AxisSpec>,
}

impl FigLayout {
    /// The plotly JSON layout.
    pub fn to_json(&self) -> Json {
        let mut m = Obj::new();
        m.opt("autosize", self.autosize);
        m.opt("barmode", self.barmode.clone());
        m.opt("boxmode", self.boxmode.clone());
        if let Some(ca) = &self.coloraxis {
            let mut c = Obj::new();
            c.set(
                "colorbar",
                ColorBar {
                    title: Some(ca.title.clone()),
                    ..Default::default()
                }
                .to_json(),
            );
            c.set("colorscale", ca.colorscale.to_json());
            m.set("coloraxis", c.done());
        }
        m.opt("height", self.height);
        if let Some(l) = &self.legend {
            let mut o = Obj::new();
            o.opt("itemsizing", l.itemsizing.clone());
            o.opt("title", l.title.as_deref().map(title));
            o.opt("tracegroupgap", l.tracegroupgap);
            m.set("legend", o.done());
        }
        if let Some(mb) = &self.mapbox {
            let mut o = Obj::new();
            let mut c = Obj::new();
            c.set("lat", float(mb.center.0));
            c.set("lon", float(mb.center.1));
            o.set("center", c.done());
            let mut d = Obj::new();
            d.set("x", vec![float(0.0), float(1.0)]);
            d.set("y", vec![float(0.0), float(1.0)]);
            o.set("domain", d.done());
            o.set("style", mb.style.as_str());
            o.set("zoom", int_or_float(mb.zoom));
            m.set("mapbox", o.done());
        }
        m.opt("margin", self.margin.as_ref().map(Margins::to_json));
        if !self.shapes.is_empty() {
            m.set("shapes", Json::Array(self.shapes.clone()));
        }
        m.opt("width", self.width);
        m.opt("xaxis", self.xaxis.as_ref().map(AxisSpec::to_json));
        m.opt("yaxis", self.yaxis.as_ref().map(AxisSpec::to_json));
        m.done()
    }
}

/// A figure of traces (already JSON) and a [`FigLayout`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fig {
    /// Traces in drawing order.
    pub data: Vec<Json>,
    /// Layout.
    pub layout: FigLayout,
}

impl Fig {
    /// The figure JSON `{"data": [...], "layout": {...}}`.
    pub fn into_json(self) -> Json {
        let mut m = Obj::new();
        m.set("data", Json::Array(self.data));
        m.set("layout", self.layout.to_json());
        m.done()
    }
}

/// Test-only structural validation of the figures these builders produce.
#[cfg(test)]
pub(crate) mod schema {
    use serde_json::Value as Json;

    const TRACE_TYPES: &[&str] = &[
        "scatter",
        "heatmap",
        "contour",
        "table",
        "pie",
        "bar",
        "box",
        "scattermapbox",
    ];

    /// CSS named colours (CSS Color Module Level 4).
    const CSS_NAMES: &[&str] = &[
        "aliceblue",
        "antiquewhite",
        "aqua",
        "aquamarine",
        "azure",
        "beige",
        "bisque",
        "black",
        "blanchedalmond",
        "blue",
        "blueviolet",
        "brown",
        "burlywood",
        "cadetblue",
        "chartreuse",
        "chocolate",
        "coral",
        "cornflowerblue",
        "cornsilk",
        "crimson",
        "cyan",
        "darkblue",
        "darkcyan",
        "darkgoldenrod",
        "darkgray",
        "darkgrey",
        "darkgreen",
        "darkkhaki",
        "darkmagenta",
        "darkolivegreen",
        "darkorange",
        "darkorchid",
        "darkred",
        "darksalmon",
        "darkseagreen",
        "darkslateblue",
        "darkslategray",
        "darkslategrey",
        "darkturquoise",
        "darkviolet",
        "deeppink",
        "deepskyblue",
        "dimgray",
        "dimgrey",
        "dodgerblue",
        "firebrick",
        "floralwhite",
        "forestgreen",
        "fuchsia",
        "gainsboro",
        "ghostwhite",
        "gold",
        "goldenrod",
        "gray",
        "grey",
        "green",
        "greenyellow",
        "honeydew",
        "hotpink",
        "indianred",
        "indigo",
        "ivory",
        "khaki",
        "lavender",
        "lavenderblush",
        "lawngreen",
        "lemonchiffon",
        "lightblue",
        "lightcoral",
        "lightcyan",
        "lightgoldenrodyellow",
        "lightgray",
        "lightgrey",
        "lightgreen",
        "lightpink",
        "lightsalmon",
        "lightseagreen",
        "lightskyblue",
        "lightslategray",
        "lightslategrey",
        "lightsteelblue",
        "lightyellow",
        "lime",
        "limegreen",
        "linen",
        "magenta",
        "maroon",
        "mediumaquamarine",
        "mediumblue",
        "mediumorchid",
        "mediumpurple",
        "mediumseagreen",
        "mediumslateblue",
        "mediumspringgreen",
        "mediumturquoise",
        "mediumvioletred",
        "midnightblue",
        "mintcream",
        "mistyrose",
        "moccasin",
        "navajowhite",
        "navy",
        "oldlace",
        "olive",
        "olivedrab",
        "orange",
        "orangered",
        "orchid",
        "palegoldenrod",
        "palegreen",
        "paleturquoise",
        "palevioletred",
        "papayawhip",
        "peachpuff",
        "peru",
        "pink",
        "plum",
        "powderblue",
        "purple",
        "rebeccapurple",
        "red",
        "rosybrown",
        "royalblue",
        "saddlebrown",
        "salmon",
        "sandybrown",
        "seagreen",
        "seashell",
        "sienna",
        "silver",
        "skyblue",
        "slateblue",
        "slategray",
        "slategrey",
        "snow",
        "springgreen",
        "steelblue",
        "tan",
        "teal",
        "thistle",
        "tomato",
        "transparent",
        "turquoise",
        "violet",
        "wheat",
        "white",
        "whitesmoke",
        "yellow",
        "yellowgreen",
    ];

    /// Whether `s` is a valid CSS colour: `#rgb`/`#rrggbb`(`aa`), `rgb()`/`rgba()` with
    /// 3/4 numeric components, or a named colour.
    pub fn is_css_color(s: &str) -> bool {
        if let Some(hex) = s.strip_prefix('#') {
            return matches!(hex.len(), 3 | 4 | 6 | 8)
                && hex.chars().all(|c| c.is_ascii_hexdigit());
        }
        for (prefix, n) in [("rgba(", 4), ("rgb(", 3)] {
            if let Some(rest) = s.strip_prefix(prefix) {
                let Some(inner) = rest.strip_suffix(')') else {
                    return false;
                };
                let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
                return parts.len() == n && parts.iter().all(|p| p.parse::<f64>().is_ok());
            }
        }
        CSS_NAMES.contains(&s.to_ascii_lowercase().as_str())
    }

    fn arr<'a>(t: &'a Json, key: &str) -> Option<&'a Vec<Json>> {
        t.get(key).and_then(Json::as_array)
    }

    fn check_colorscale(cs: &Json) -> Result<(), String> {
        let stops = cs.as_array().ok_or("colorscale is not an array")?;
        if stops.len() < 2 {
            return Err("colorscale needs at least two stops".into());
        }
        let mut last = f64::NEG_INFINITY;
        for (i, s) in stops.iter().enumerate() {
            let pair = s
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or("stop is not a pair")?;
            let p = pair[0].as_f64().ok_or("stop position is not a number")?;
            let c = pair[1].as_str().ok_or("stop colour is not a string")?;
            if !(0.0..=1.0).contains(&p) || p < last {
                return Err(format!("stop {i} at {p} out of order"));
            }
            if !is_css_color(c) {
                return Err(format!("bad colour {c:?} in colorscale"));
            }
            last = p;
        }
        if stops[0][0].as_f64() != Some(0.0) || stops[stops.len() - 1][0].as_f64() != Some(1.0) {
            return Err("colorscale must run from 0 to 1".into());
        }
        Ok(())
    }

    /// Checks every `color`/`fillcolor` string below `v` and every `colorscale`.
    fn check_colors(v: &Json, path: &str) -> Result<(), String> {
        match v {
            Json::Object(m) => {
                for (k, x) in m {
                    let p = format!("{path}.{k}");
                    match (k.as_str(), x) {
                        ("color" | "fillcolor", Json::String(s)) if !is_css_color(s) => {
                            return Err(format!("{p}: {s:?} is not a CSS colour"))
                        }
                        ("color", Json::Array(items)) => {
                            for it in items {
                                if let Json::String(s) = it {
                                    if !is_css_color(s) {
                                        return Err(format!("{p}: {s:?} is not a CSS colour"));
                                    }
                                }
                            }
                        }
                        ("colorscale", cs) => {
                            check_colorscale(cs).map_err(|e| format!("{p}: {e}"))?
                        }
                        _ => check_colors(x, &p)?,
                    }
                }
                Ok(())
            }
            Json::Array(items) => items.iter().try_for_each(|x| check_colors(x, path)),
            _ => Ok(()),
        }
    }

    fn same_len(t: &Json, a: &str, b: &str) -> Result<(), String> {
        match (arr(t, a), arr(t, b)) {
            (Some(x), Some(y)) if x.len() != y.len() => {
                Err(format!("{a} has {} entries, {b} has {}", x.len(), y.len()))
            }
            _ => Ok(()),
        }
    }

    fn check_matrix(t: &Json) -> Result<(), String> {
        let z = arr(t, "z").ok_or("z missing")?;
        let width = z.first().and_then(Json::as_array).map_or(0, Vec::len);
        for row in z {
            let r = row.as_array().ok_or("z row is not an array")?;
            if r.len() != width {
                return Err("z rows differ in length".into());
            }
        }
        if let Some(x) = arr(t, "x") {
            if !z.is_empty() && x.len() != width {
                return Err(format!("x has {} entries, z rows {}", x.len(), width));
            }
        }
        if let Some(y) = arr(t, "y") {
            if y.len() != z.len() {
                return Err(format!("y has {} entries, z {} rows", y.len(), z.len()));
            }
        }
        if let Some(h) = arr(t, "hovertext") {
            if h.len() != z.len()
                || h.iter()
                    .any(|r| r.as_array().is_none_or(|r| r.len() != width))
            {
                return Err("hovertext shape differs from z".into());
            }
        }
        Ok(())
    }

    fn check_trace(t: &Json) -> Result<(), String> {
        let ty = t
            .get("type")
            .and_then(Json::as_str)
            .ok_or("trace without type")?;
        if !TRACE_TYPES.contains(&ty) {
            return Err(format!("unknown trace type {ty:?}"));
        }
        match ty {
            "scatter" | "bar" | "box" => {
                same_len(t, "x", "y")?;
                let n = arr(t, "x").map_or(0, Vec::len);
                for key in ["color", "size"] {
                    if let Some(v) = t
                        .get("marker")
                        .and_then(|m| m.get(key))
                        .and_then(Json::as_array)
                    {
                        if v.len() != n {
                            return Err(format!("marker.{key} has {} entries, x {n}", v.len()));
                        }
                    }
                }
            }
            "heatmap" | "contour" => check_matrix(t)?,
            "pie" => same_len(t, "labels", "values")?,
            "table" => {
                let header = t["header"]["values"].as_array().ok_or("table header")?;
                let cells = t["cells"]["values"].as_array().ok_or("table cells")?;
                if header.len() != cells.len() {
                    return Err("header and cell columns differ".into());
                }
                let h = cells.first().and_then(Json::as_array).map_or(0, Vec::len);
                if cells
                    .iter()
                    .any(|c| c.as_array().is_none_or(|c| c.len() != h))
                {
                    return Err("cell columns differ in length".into());
                }
                if let Some(w) = arr(t, "columnwidth") {
                    if w.len() != header.len() {
                        return Err("columnwidth length".into());
                    }
                }
            }
            "scattermapbox" => {
                same_len(t, "lat", "lon")?;
                let n = arr(t, "lat").map_or(0, Vec::len);
                for key in ["hovertext", "customdata"] {
                    if arr(t, key).is_some_and(|v| v.len() != n) {
                        return Err(format!("{key} length differs from lat"));
                    }
                }
                if let Some(s) = t["marker"].get("size").and_then(Json::as_array) {
                    if s.len() != n {
                        return Err("marker.size length differs from lat".into());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Validates a figure: `data` array of known trace types with consistent data lengths,
    /// an object `layout` without template, valid colours and colour scales everywhere.
    pub fn check_figure(fig: &Json) -> Result<(), String> {
        let data = fig
            .get("data")
            .and_then(Json::as_array)
            .ok_or("no data array")?;
        let layout = fig
            .get("layout")
            .and_then(Json::as_object)
            .ok_or("no layout object")?;
        if layout.contains_key("template") {
            return Err("unexpected template".into());
        }
        for (i, t) in data.iter().enumerate() {
            check_trace(t).map_err(|e| format!("trace {i}: {e}"))?;
        }
        check_colors(fig, "")
    }

    /// Panics with the reason when [`check_figure`] fails.
    pub fn assert_valid(fig: &Json) {
        if let Err(e) = check_figure(fig) {
            panic!("invalid figure: {e}\n{fig:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::schema::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn css_colours() {
        for ok in [
            "#1199bb",
            "#fff",
            "rgb(40, 251, 0)",
            "rgba(251, 40, 0, 0.4)",
            "Gray",
            "mediumvioletred",
        ] {
            assert!(is_css_color(ok), "{ok}");
        }
        for bad in ["#12", "#ggg", "rgb(1,2)", "rgb(1,2,3", "blurple", ""] {
            assert!(!is_css_color(bad), "{bad}");
        }
    }

    #[test]
    fn colorscales() {
        let p = Colorscale::sequential(&PLASMA).to_json();
        assert_eq!(p[0], json!([0.0, "#0d0887"]));
        assert_eq!(p[1], json!([0.1111111111111111, "#46039f"]));
        assert_eq!(p[9], json!([1.0, "#f0f921"]));
        let s = Colorscale::stops(&SNS_DIVERGING).to_json();
        assert_eq!(s.as_array().unwrap().len(), 15);
        let fig =
            json!({"data": [{"type": "heatmap", "z": [[1.0]], "colorscale": p}], "layout": {}});
        assert_valid(&fig);
        let bad = json!({"data": [{"type": "heatmap", "z": [[1.0]], "colorscale": [[0.5, "red"], [0.1, "blue"]]}], "layout": {}});
        assert!(check_figure(&bad).is_err());
    }

    #[test]
    fn schema_rejects_inconsistent_figures() {
        let cases = [
            json!({"data": [{"type": "sankey"}], "layout": {}}),
            json!({"data": [{"type": "scatter", "x": [1], "y": []}], "layout": {}}),
            json!({"data": [{"type": "pie", "labels": ["a"], "values": []}], "layout": {}}),
            json!({"data": [{"type": "heatmap", "z": [[1, 2], [3]]}], "layout": {}}),
            json!({"data": [{"type": "heatmap", "z": [[1, 2]], "x": ["a"]}], "layout": {}}),
            json!({"data": [{"type": "scatter", "x": [], "y": [], "line": {"color": "nocolour"}}], "layout": {}}),
            json!({"data": [], "layout": {"template": {}}}),
            json!({"data": [{"type": "table", "header": {"values": ["a"]}, "cells": {"values": []}}], "layout": {}}),
            json!({"data": [{"type": "scattermapbox", "lat": [1], "lon": [2], "hovertext": []}], "layout": {}}),
        ];
        for c in cases {
            assert!(check_figure(&c).is_err(), "{c}");
        }
    }

    #[test]
    fn builders_write_plotly_json() {
        let mut t = ScatterTrace::new(vec![json!(1)], vec![json!(2)]);
        t.mode = Some("markers".into());
        t.marker = Some(Marker {
            color: Some(json!([0.5])),
            coloraxis: Some("coloraxis".into()),
            symbol: Some(json!("circle")),
            ..Default::default()
        });
        t.px = Some(PxDefaults::single("x=%{x}<extra></extra>"));
        assert_eq!(
            t.into_json(),
            json!({"hovertemplate": "x=%{x}<extra></extra>", "legendgroup": "",
                   "marker": {"color": [0.5], "coloraxis": "coloraxis", "symbol": "circle"},
                   "mode": "markers", "name": "", "orientation": "v", "showlegend": false,
                   "x": [1], "xaxis": "x", "y": [2], "yaxis": "y", "type": "scatter"})
        );
        let table = Table {
            columnwidth: None,
            header: vec![json!("a")],
            header_fill: Some("paleturquoise".into()),
            cells: vec![vec![json!(1)]],
            cells_fill: Some("lavender".into()),
            align: Some("left".into()),
        }
        .into_json();
        assert_eq!(
            table,
            json!({"cells": {"align": "left", "fill": {"color": "lavender"}, "values": [[1]]},
                   "header": {"align": "left", "fill": {"color": "paleturquoise"}, "values": ["a"]},
                   "type": "table"})
        );
        let layout = FigLayout {
            margin: Some(Margins::standard()),
            xaxis: Some(AxisSpec::px("y", "x")),
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
        assert_eq!(int_or_float(2.0), json!(2));
        assert_eq!(int_or_float(0.02), json!(0.02));
    }
}
