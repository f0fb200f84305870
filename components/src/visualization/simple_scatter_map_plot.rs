//! Simple Scatter Map Plot (`dc909fa2-93fa-3205-e31d-b05f944cbd29`): locations of a frame
//! as small markers on an OpenStreetMap map, one trace per category (plotly express
//! scatter_mapbox).

use super::pie_chart_plot::px_column;
use super::plotly::{column_values, float, Figure, Layout, Legend, Mapbox, Margin, Marker};
use super::traces::{PxDefaults, ScatterMapbox, PLOTLY_COLORWAY};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{Map, Value as Json};

/// Identity and ports of Simple Scatter Map Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dc909fa2-93fa-3205-e31d-b05f944cbd29",
    revision_group_id: "dc909fa2-93fa-3205-e31d-b05f944cbd29",
    name: "Simple Scatter Map Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Mark locations on a map",
    inputs: &[
        PortSpec::new(
            "data",
            "159f2c5a-40fc-65a2-d84c-2e7d2ae16e0a",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "color_map",
            "0d0227d4-60cd-98de-d7bd-8de9462ff452",
            DataType::Any,
        ),
        PortSpec::new(
            "cat_color_col",
            "b7519a7a-83ae-d0a4-e79c-60b3c0f00c2e",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "map_plot",
        "7c1a20a3-f8ae-be72-f6c3-73e874904c74",
        DataType::PlotlyJson,
    )],
};

/// Fixed marker size hetida passes for every point.
const POINT_SIZE: f64 = 2.0;
/// px `size_max`.
const SIZE_MAX: f64 = 10.0;

/// Simple Scatter Map Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Simple Scatter Map Plot: `data` needs the columns `lat`, `lon`, `name` (hover title),
/// `description` (extra hover data) and `cat_color_col` (categories). One px
/// `scattermapbox` trace per category, in order of first appearance (rows without a
/// category are dropped, as pandas' groupby does):
///
/// * lat/lon of the category's rows, `hovertext` = names, `customdata` = `[[description]]`
///   per point, mode `"markers"`, subplot `"mapbox"`, legendgroup/name = the category, in
///   the legend;
/// * marker: size 2.0 per point, sizemode `"area"`, sizeref = max size / size_max² = 0.02
///   (0 without points); colour = `color_map[category]`, or for unmapped categories px's
///   default colours continuing after the map's entries (`colorway[(len(color_map) + k) %
///   10]` for the k-th unmapped category);
/// * hovertemplate `"<b>%{hovertext}</b><br><br><col>=<category><br>size=%{marker.size}<br>lat=%{lat}<br>lon=%{lon}<br>description=%{customdata[0]}<extra></extra>"`.
///
/// Layout: mapbox style `"open-street-map"`, zoom 8, centre = mean lat/lon (NaN skipped),
/// domain the whole figure; legend titled with the category column, itemsizing
/// `"constant"`, tracegroupgap 0; height 400; margins r0 t0 l0 b0.
///
/// `color_map` null means no mapping; only string categories can match its (string) keys.
/// Errors: px's `ValueError("Value of '<arg>' is not the name of a column in
/// 'data_frame'. …")` for a missing column; a `color_map` that is no dict `TypeError`.
///
/// Deliberate deviation: hetida's px figure also embeds plotly's complete built-in "plotly"
/// template; it is not written. The hover line order follows px's usual order and was not
/// verified against plotly 5.15.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("data")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::value_error(format!(
                "Unsupported type for 'data_frame': {}",
                crate::kernels::elementwise::py_type(other)
            )))
        }
    };
    let empty = Map::new();
    let color_map = match inputs.value("color_map")? {
        Value::Null => &empty,
        Value::Json(Json::Object(m)) => m,
        other => {
            return Err(ComponentError::type_error(format!(
                "color_map must be a dict, got {}",
                crate::kernels::elementwise::py_type(other)
            )))
        }
    };
    let cat = inputs.str("cat_color_col")?;
    Ok(Outputs::single(
        "map_plot",
        Value::Json(map_figure(frame, color_map, cat)?),
    ))
}

/// Mean of a numeric column skipping NaN (NaN when nothing is left).
fn mean(col: &Column, name: &str) -> Result<f64, ComponentError> {
    let v = col.f64_values().ok_or_else(|| {
        ComponentError::type_error(format!("Could not convert column '{name}' to numeric"))
    })?;
    let (mut sum, mut comp, mut n) = (0.0f64, 0.0f64, 0usize);
    for &x in v.iter().filter(|x| !x.is_nan()) {
        // Kahan summation.
        let y = x - comp;
        let t = sum + y;
        comp = (t - sum) - y;
        sum = t;
        n += 1;
    }
    Ok(if n == 0 { f64::NAN } else { sum / n as f64 })
}

fn map_figure(
    frame: &FrameValue,
    color_map: &Map<String, Json>,
    cat: &str,
) -> Result<Json, ComponentError> {
    let lat_col = px_column(frame, "lat", "lat")?;
    let lon_col = px_column(frame, "lon", "lon")?;
    let name_col = px_column(frame, "hover_name", "name")?;
    let desc_col = px_column(frame, "hover_data_0", "description")?;
    let cat_col = px_column(frame, "color", cat)?;
    let center = (mean(lat_col, "lat")?, mean(lon_col, "lon")?);
    let (lat, lon) = (column_values(lat_col, None), column_values(lon_col, None));
    let (names, descs) = (column_values(name_col, None), column_values(desc_col, None));
    let cats = column_values(cat_col, None);

    let mut groups: Vec<(Json, Vec<usize>)> = Vec::new();
    for (row, c) in cats.iter().enumerate() {
        if c.is_null() {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| g == c) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((c.clone(), vec![row])),
        }
    }
    let sizeref = if frame.height() == 0 {
        0.0
    } else {
        POINT_SIZE / (SIZE_MAX * SIZE_MAX)
    };
    let mut unmapped = 0usize;
    let mut data = Vec::with_capacity(groups.len());
    for (c, rows) in groups {
        let label = match &c {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        let color = match c.as_str().and_then(|s| color_map.get(s)) {
            Some(mapped) => mapped.clone(),
            None => {
                let k = (color_map.len() + unmapped) % PLOTLY_COLORWAY.len();
                unmapped += 1;
                Json::String(PLOTLY_COLORWAY[k].to_string())
            }
        };
        let pick = |v: &[Json]| -> Vec<Json> { rows.iter().map(|&r| v[r].clone()).collect() };
        let trace = ScatterMapbox {
            customdata: Some(rows.iter().map(|&r| vec![descs[r].clone()]).collect()),
            hovertext: Some(pick(&names)),
            lat: pick(&lat),
            lon: pick(&lon),
            marker: Marker {
                color: Some(color),
                size: Some(Json::Array(vec![float(POINT_SIZE); rows.len()])),
                sizemode: Some("area".into()),
                sizeref: Some(sizeref),
                ..Default::default()
            },
            px: PxDefaults::group(
                format!(
                    "<b>%{{hovertext}}</b><br><br>{cat}={label}<br>size=%{{marker.size}}<br>\
                     lat=%{{lat}}<br>lon=%{{lon}}<br>description=%{{customdata[0]}}<extra></extra>"
                ),
                &label,
            ),
        };
        data.push(trace.into_json());
    }
    Ok(Figure {
        data,
        layout: Layout {
            height: Some(400),
            legend: Some(Legend {
                itemsizing: Some("constant".into()),
                title: Some(cat.to_string()),
                ..Legend::px()
            }),
            mapbox: Some(Mapbox {
                center,
                style: "open-street-map".into(),
                zoom: 8.0,
            }),
            margin: Some(Margin::zero()),
            ..Default::default()
        },
    }
    .into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use serde_json::json;

    fn strs(v: &[&str]) -> Column {
        Column::from_strings(v.iter().map(|s| Some(s.to_string())).collect())
    }

    fn museums(cats: Column) -> Value {
        let cols = vec![
            ("lat", Column::from_f64(vec![51.0, 52.0, 54.0])),
            ("lon", Column::from_f64(vec![7.0, f64::NAN, 6.0])),
            ("name", strs(&["Folkwang", "Heydt", "Lehmbruck"])),
            ("description", strs(&["", "x", ""])),
            ("Organisation", cats),
        ];
        Value::Frame(FrameValue {
            index: Column::range(3),
            columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    fn run(data: Value, color_map: Value, cat: &str) -> Result<Json, ComponentError> {
        match run1(
            &COMPONENT,
            &[
                ("data", data),
                ("color_map", color_map),
                ("cat_color_col", Value::Str(cat.into())),
            ],
        )? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn one_trace_per_category_with_mapped_colours() {
        let cats = Column::from_strings(vec![Some("A".into()), Some("B".into()), Some("A".into())]);
        let cmap = Value::Json(json!({"A": "#005099", "C": "#00925B"}));
        let fig = run(museums(cats), cmap, "Organisation").unwrap();
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 2);
        let a = &data[0];
        assert_eq!(a["type"], "scattermapbox");
        assert_eq!(a["name"], "A");
        assert_eq!(a["lat"], json!([51.0, 54.0]));
        assert_eq!(a["lon"], json!([7.0, 6.0]));
        assert_eq!(a["hovertext"], json!(["Folkwang", "Lehmbruck"]));
        assert_eq!(a["customdata"], json!([[""], [""]]));
        assert_eq!(
            a["marker"],
            json!({"color": "#005099", "size": [2.0, 2.0], "sizemode": "area", "sizeref": 0.02})
        );
        assert_eq!(
            a["hovertemplate"],
            "<b>%{hovertext}</b><br><br>Organisation=A<br>size=%{marker.size}<br>lat=%{lat}<br>lon=%{lon}<br>description=%{customdata[0]}<extra></extra>"
        );
        // "B" is unmapped: px continues after the map's two entries.
        assert_eq!(data[1]["marker"]["color"], "#00cc96");
        assert_eq!(data[1]["lon"], json!([null]));
        let l = &fig["layout"];
        assert_eq!(
            l["mapbox"]["center"],
            json!({"lat": 52.333333333333336, "lon": 6.5})
        );
        assert_eq!(l["mapbox"]["style"], "open-street-map");
        assert_eq!(l["mapbox"]["zoom"], 8);
        assert_eq!(
            l["legend"],
            json!({"itemsizing": "constant", "title": {"text": "Organisation"}, "tracegroupgap": 0})
        );
        assert_eq!(l["margin"], json!({"b": 0, "l": 0, "r": 0, "t": 0}));
        assert_eq!(l["height"], 400);
    }

    #[test]
    fn null_map_missing_categories_and_errors() {
        let cats = Column::from_strings(vec![None, Some("B".into()), None]);
        let fig = run(museums(cats.clone()), Value::Null, "Organisation").unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"].as_array().unwrap().len(), 1);
        assert_eq!(fig["data"][0]["marker"]["color"], "#636efa");
        let e = run(museums(cats.clone()), Value::Null, "Org").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert!(e
            .message
            .starts_with("Value of 'color' is not the name of a column"));
        let e = run(museums(cats), Value::Int(3), "Organisation").unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let empty = Value::Frame(FrameValue {
            index: Column::range(0),
            columns: ["lat", "lon", "name", "description", "c"]
                .iter()
                .map(|k| (k.to_string(), Column::from_f64(vec![])))
                .collect(),
            attrs: Default::default(),
        });
        let fig = run(empty, Value::Null, "c").unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
        assert_eq!(
            fig["layout"]["mapbox"]["center"],
            json!({"lat": null, "lon": null})
        );
    }
}
