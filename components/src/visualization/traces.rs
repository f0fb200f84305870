//! Typed builders for the plotly trace types that [`super::plotly`] (the figure model:
//! figure, layout, axes, markers, scatter traces) does not cover: heatmap, contour, table,
//! pie, bar, box, scattermapbox, plus colour scales, colorbars and plotly express'
//! per-trace defaults.
//!
//! Every builder produces `serde_json::Value`s directly (keys in plotly's alphabetical
//! property order, `type` last, unset fields left out), never string templates. Figures
//! built with plotly express in hetida carry px's per-trace defaults (`legendgroup`,
//! `showlegend`, `xaxis`/`yaxis` anchors, `hovertemplate`, …) which the `px_*` constructors
//! reproduce; hetida's px figures also embed plotly's full built-in "plotly" template, which
//! these builders never write (see the component docs).

use super::plotly::{float, full_domain, number, title, Line, Marker};
use serde_json::{Map, Value as Json};

/// plotly's qualitative "Plotly" colour sequence, as the built-in "plotly" template's
/// `layout.colorway` spells it (px's default discrete colours). The same colours as
/// [`super::plotly::PLOTLY_PALETTE`], kept separately because hetida's figures write the
/// two spellings (px figures this one, graph-objects figures the upper-case one).
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
        m.opt("thickness", self.thickness.map(number));
        m.opt("ticklen", self.ticklen.map(number));
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
        m.opt("xgap", self.xgap.map(number));
        m.set("y", Json::Array(self.y));
        m.opt("ygap", self.ygap.map(number));
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
        m.set("domain", full_domain());
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

#[cfg(test)]
mod tests {
    use super::super::schema::{check_figure, validate};
    use super::*;
    use serde_json::json;

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
        check_figure(&fig);
        let bad = json!({"data": [{"type": "heatmap", "z": [[1.0]], "colorscale": [[0.5, "red"], [0.1, "blue"]]}], "layout": {}});
        assert!(validate(&bad).is_err());
    }

    #[test]
    fn builders_write_plotly_json() {
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
    }
}
