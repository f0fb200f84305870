//! 2D Scatter Plot colored by Index (`a408a19b-70fd-5a16-958c-193d678c2c2b`): y against x,
//! coloured by the common index (plotly express scatter). Also holds the scatter figure
//! shared with "2D Scatter Plot colored by other Series".

use super::plotly::{
    column_values, float, ColorAxis, Figure, Layout, Legend, Line, Marker, Mode, Scatter,
};
use super::traces::{Colorscale, PxDefaults, PLASMA, PLOTLY_COLORWAY};
use crate::kernels::elementwise::align;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of 2D Scatter Plot colored by Index 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a408a19b-70fd-5a16-958c-193d678c2c2b",
    revision_group_id: "a408a19b-70fd-5a16-958c-193d678c2c2b",
    name: "2D Scatter Plot colored by Index",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting two series into the plane using index for coloring points",
    inputs: &[
        PortSpec::new(
            "x",
            "2e61e06b-a7dc-6ea6-efb7-dc7bf68890b8",
            DataType::Series,
        ),
        PortSpec::new(
            "y",
            "050d0420-21c8-8560-7f97-40f2f93cb9d3",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "scatter_plot",
        "66990a60-30fa-7a61-65f6-0c6a27636b83",
        DataType::PlotlyJson,
    )],
};

/// 2D Scatter Plot colored by Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// 2D Scatter Plot colored by Index: the frame `{x: x, y: y}` (outer join of both indexes:
/// positional when identical, otherwise the sorted union with `null` where a side lacks a
/// label) as one px scatter trace (mode `"markers"`, marker symbol `"circle"`), coloured
/// continuously by the index through `layout.coloraxis` (Plasma scale, 10 even stops,
/// colorbar titled with the colour column):
///
/// * datetime index: colour column `seconds_from_start` = seconds since the earliest
///   timestamp (NaT → `null`);
/// * numeric (or bool) index: colour column `index` = the labels;
/// * other index types: `ValueError("Index is not of a dtype that allows coloring from
///   it")`.
///
/// Trace px defaults: hovertemplate `"x=%{x}<br>y=%{y}<br><col>=%{marker.color}<extra></extra>"`,
/// legendgroup/name `""`, orientation `"v"`, no legend entry; `line.color = "#1199bb"` (set
/// by hetida on every trace; invisible for markers). Layout: x title `"x"`, y title `"y"`
/// (px anchors and domains, automargin), autosize, height 400, legend tracegroupgap 0,
/// margins l0 r0 b0 t5 pad0.
///
/// Deliberate deviation: hetida's px figure also embeds plotly's complete built-in "plotly"
/// template under `layout.template`; it is not written here.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x = inputs.series("x")?;
    let y = inputs.series("y")?;
    let frame = XyFrame::new(x, y)?;
    let coloring = match frame.index.kind() {
        ColumnKind::Datetime => Coloring::Continuous {
            name: "seconds_from_start".into(),
            values: seconds_from_start(&frame.index),
        },
        ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool => Coloring::Continuous {
            name: "index".into(),
            values: column_values(&frame.index, None),
        },
        ColumnKind::Str => {
            return Err(ComponentError::value_error(
                "Index is not of a dtype that allows coloring from it",
            ))
        }
    };
    Ok(Outputs::single(
        "scatter_plot",
        Value::Json(scatter_figure(frame, coloring)),
    ))
}

/// The frame `{x: x, y: y}` of two aligned series.
#[derive(Debug, Clone)]
pub(crate) struct XyFrame {
    /// The joined index.
    pub index: Column,
    /// x per row (`null` where x lacks the label).
    pub x: Vec<Json>,
    /// y per row.
    pub y: Vec<Json>,
}

impl XyFrame {
    /// Aligns `x` and `y` like `pd.DataFrame({"x": x, "y": y})`.
    pub fn new(x: &SeriesValue, y: &SeriesValue) -> Result<Self, ComponentError> {
        let al = align(&x.index, &y.index)?;
        let (xt, yt) = match &al.takes {
            Some((l, r)) => (Some(l.as_slice()), Some(r.as_slice())),
            None => (None, None),
        };
        Ok(XyFrame {
            x: gather(&x.values, xt),
            y: gather(&y.values, yt),
            index: al.index,
        })
    }
}

/// The plotly data of `col` reindexed by `take` (positions beyond the column are missing
/// rows → `null`; ints and bools become floats then, as pandas' reindex does).
pub(crate) fn gather(col: &Column, take: Option<&[usize]>) -> Vec<Json> {
    let Some(take) = take else {
        return column_values(col, None);
    };
    let n = col.len();
    let missing = take.iter().any(|&t| t >= n);
    let values = match col.kind() {
        ColumnKind::Int | ColumnKind::Bool if missing => {
            let f = col.f64_values().unwrap_or_default();
            f.iter().map(|&v| float(v)).collect()
        }
        _ => column_values(col, None),
    };
    take.iter()
        .map(|&t| values.get(t).cloned().unwrap_or(Json::Null))
        .collect()
}

/// Seconds since the earliest timestamp of a datetime column (pandas
/// `(ts - ts.min()).dt.total_seconds()`; NaT → `null`).
pub(crate) fn seconds_from_start(col: &Column) -> Vec<Json> {
    let v = col.datetime_ns_opt().unwrap_or_default();
    let min = v.iter().flatten().min().copied();
    v.iter()
        .map(|t| match (t, min) {
            (Some(t), Some(m)) => float((*t as i128 - m as i128) as f64 / 1e9),
            _ => Json::Null,
        })
        .collect()
}

/// How the points are coloured.
#[derive(Debug, Clone)]
pub(crate) enum Coloring {
    /// Per-point numbers through the Plasma colour axis.
    Continuous {
        /// The colour column name.
        name: String,
        /// One value per row.
        values: Vec<Json>,
    },
    /// One trace per category (order of first appearance; rows without category dropped).
    Categorical {
        /// The colour column name.
        name: String,
        /// One category per row.
        labels: Vec<Option<String>>,
    },
}

/// hetida's coloured px scatter figure (see [`run`]).
pub(crate) fn scatter_figure(frame: XyFrame, coloring: Coloring) -> Json {
    let line = Line {
        color: Some("#1199bb".into()),
        ..Default::default()
    };
    let mut layout = Layout::px(400, "x", "y");
    let mut data = Vec::new();
    match coloring {
        Coloring::Continuous { name, values } => {
            let t = Scatter::new(frame.x, frame.y)
                .mode(Mode::Markers)
                .marker(Marker {
                    color: Some(Json::Array(values)),
                    coloraxis: Some("coloraxis".into()),
                    symbol: Some("circle".into()),
                    ..Default::default()
                })
                .line(line)
                .px(PxDefaults::single(format!(
                    "x=%{{x}}<br>y=%{{y}}<br>{name}=%{{marker.color}}<extra></extra>"
                )));
            data.push(t.into_json());
            layout.coloraxis = Some(ColorAxis {
                title: name,
                colorscale: Colorscale::sequential(&PLASMA),
            });
        }
        Coloring::Categorical { name, labels } => {
            let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
            for (row, label) in labels.iter().enumerate() {
                let Some(label) = label else { continue };
                match groups.iter_mut().find(|(g, _)| g == label) {
                    Some((_, rows)) => rows.push(row),
                    None => groups.push((label.clone(), vec![row])),
                }
            }
            for (k, (label, rows)) in groups.into_iter().enumerate() {
                let pick = |v: &[Json]| rows.iter().map(|&r| v[r].clone()).collect();
                let t = Scatter::new(pick(&frame.x), pick(&frame.y))
                    .mode(Mode::Markers)
                    .marker(Marker {
                        color: Some(PLOTLY_COLORWAY[k % PLOTLY_COLORWAY.len()].into()),
                        symbol: Some("circle".into()),
                        ..Default::default()
                    })
                    .line(line.clone())
                    .px(PxDefaults::group(
                        format!("{name}={label}<br>x=%{{x}}<br>y=%{{y}}<extra></extra>"),
                        &label,
                    ));
                data.push(t.into_json());
            }
            layout.legend = Some(Legend {
                title: Some(name),
                ..Legend::px()
            });
        }
    }
    Figure { data, layout }.into_json()
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use rheo_core::value::Tz;
    use serde_json::json;

    fn run(x: Value, y: Value) -> Result<Json, ComponentError> {
        match run1(&COMPONENT, &[("x", x), ("y", y)])? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn ts(ns: Vec<i64>, v: Vec<f64>) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ns, Tz::Utc),
            Column::from_f64(v),
        ))
    }

    #[test]
    fn datetime_index_colours_by_seconds() {
        let s = 1_000_000_000;
        let fig = run(
            ts(vec![0, 60 * s], vec![1.0, 2.0]),
            ts(vec![0, 30 * s], vec![3.0, f64::NAN]),
        )
        .unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"].as_array().unwrap().len(), 1);
        let t = &fig["data"][0];
        assert_eq!(t["type"], "scatter");
        assert_eq!(t["mode"], "markers");
        // Union index 0 s, 30 s, 60 s.
        assert_eq!(t["x"], json!([1.0, null, 2.0]));
        assert_eq!(t["y"], json!([3.0, null, null]));
        assert_eq!(
            t["marker"],
            json!({"color": [0.0, 30.0, 60.0], "coloraxis": "coloraxis", "symbol": "circle"})
        );
        assert_eq!(
            t["hovertemplate"],
            "x=%{x}<br>y=%{y}<br>seconds_from_start=%{marker.color}<extra></extra>"
        );
        assert_eq!(t["line"], json!({"color": "#1199bb"}));
        assert_eq!(
            (t["name"].clone(), t["showlegend"].clone()),
            (json!(""), json!(false))
        );
        let l = &fig["layout"];
        assert_eq!(
            l["coloraxis"]["colorbar"]["title"]["text"],
            "seconds_from_start"
        );
        assert_eq!(l["coloraxis"]["colorscale"].as_array().unwrap().len(), 10);
        assert_eq!(l["xaxis"]["title"]["text"], "x");
        assert_eq!(l["yaxis"]["title"]["text"], "y");
        assert_eq!(l["height"], 400);
        assert_eq!(l["autosize"], true);
        assert_eq!(
            l["margin"],
            json!({"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5})
        );
    }

    #[test]
    fn numeric_index_and_errors() {
        let fig = run(fs(&[2, 1], &[1.0, 2.0]), fs(&[2, 1], &[5.0, 6.0])).unwrap();
        check_figure(&fig);
        let t = &fig["data"][0];
        // Identical indexes stay positional (unsorted).
        assert_eq!(t["marker"]["color"], json!([2, 1]));
        assert_eq!(t["x"], json!([1.0, 2.0]));
        assert!(t["hovertemplate"]
            .as_str()
            .unwrap()
            .contains("index=%{marker.color}"));
        let fig = run(fs(&[], &[]), fs(&[], &[])).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([]));
        let s = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("a".into())]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(s.clone(), s).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(
            e.message,
            "Index is not of a dtype that allows coloring from it"
        );
    }

    #[test]
    fn gather_marks_missing_rows() {
        let c = Column::from_i64(vec![4, 5]);
        assert_eq!(gather(&c, Some(&[1, usize::MAX])), [json!(5.0), Json::Null]);
        assert_eq!(gather(&c, Some(&[1, 0])), [json!(5), json!(4)]);
        let nat = Column::from_opt_datetime_ns(vec![Some(2_000_000_000), None, Some(0)], Tz::Utc);
        assert_eq!(
            seconds_from_start(&nat),
            [json!(2.0), Json::Null, json!(0.0)]
        );
    }
}
