//! Display Table, both revisions of group `e0320729-10df-8979-4444-feb6fe7adc82`:
//! 1.0.1 (`a11c5089-de92-4197-8e40-1ce827e094b8`, RELEASED, with automatic column widths)
//! and 1.0.0 (`e0320729-10df-8979-4444-feb6fe7adc82`, DISABLED). Both render a DataFrame
//! as a plotly table.

use super::plotly::{column_values, Figure, Layout, Margin};
use super::traces::Table;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Display Table 1.0.1 (port ids: hetida's name-seeded UUIDs).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a11c5089-de92-4197-8e40-1ce827e094b8",
    revision_group_id: "e0320729-10df-8979-4444-feb6fe7adc82",
    name: "Display Table",
    category: "Visualization",
    version_tag: "1.0.1",
    state: State::Released,
    description: "Display DataFrame as table",
    inputs: &[
        PortSpec::new(
            "data",
            "5934ab27-c275-f39b-53e6-fe3bc49db2d1",
            DataType::DataFrame,
        ),
        PortSpec::optional(
            "auto_col_width",
            "e2586ce7-9d4b-de8a-d68f-00031bc351b4",
            DataType::Boolean,
            "true",
        ),
    ],
    outputs: &[PortSpec::new(
        "table",
        "682fea3d-eff2-d055-8c28-30a37b5383f1",
        DataType::PlotlyJson,
    )],
};

/// Identity and ports of the DISABLED Display Table 1.0.0 (same name-seeded port ids).
pub static SPEC_1_0_0: ComponentSpec = ComponentSpec {
    id: "e0320729-10df-8979-4444-feb6fe7adc82",
    revision_group_id: "e0320729-10df-8979-4444-feb6fe7adc82",
    name: "Display Table",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Disabled,
    description: "Display DataFrame as table",
    inputs: &[PortSpec::new(
        "data",
        "5934ab27-c275-f39b-53e6-fe3bc49db2d1",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "table",
        "682fea3d-eff2-d055-8c28-30a37b5383f1",
        DataType::PlotlyJson,
    )],
};

/// Display Table as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Display Table 1.0.0 as the registry holds it: [`SPEC_1_0_0`] and [`run_1_0_0`].
pub static COMPONENT_1_0_0: FnComponent = FnComponent::new(&SPEC_1_0_0, run_1_0_0);

fn frame_input(inputs: &Inputs) -> Result<&FrameValue, ComponentError> {
    match inputs.value("data")? {
        Value::Frame(f) => Ok(f),
        other => Err(crate::kernels::elementwise::attribute_error(
            other, "columns",
        )),
    }
}

/// Python truthiness of a flag input.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Json(Json::Array(a)) => !a.is_empty(),
        Value::Json(Json::Object(o)) => !o.is_empty(),
        Value::Json(j) => !j.is_null(),
        Value::Series(_) | Value::Frame(_) => true,
    }
}

/// Display Table 1.0.1: a figure with one `table` trace: header = the column names (fill
/// `"paleturquoise"`, align left), cells = the columns (fill `"lavender"`, align left;
/// floats with NaN → `null`, datetimes as `isoformat()` strings with offset); the index is
/// not shown. When `auto_col_width` is truthy (default), `columnwidth` per column is
/// `max(w, len(column name))` with `w` from [`auto_col_width`]; otherwise no column widths
/// are set (plotly leaves a `None` property out, so the key is absent).
/// Layout: margins l0 r15.0 b15.0 t5 pad0, x title "Time", y title "Values", autosize,
/// height 400, automargin on both axes, no template.
///
/// Errors: a string column with no rows raises Python's
/// `ValueError("max() arg is an empty sequence")` when widths are computed (as hetida).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = frame_input(inputs)?;
    let auto = inputs.get("auto_col_width").is_none_or(|v| truthy(v));
    Ok(Outputs::single(
        "table",
        Value::Json(table_figure(frame, auto)?),
    ))
}

/// Display Table 1.0.0 (DISABLED in hetida, still runnable): the same table as
/// [`run`] without column widths and without the `auto_col_width` input.
pub fn run_1_0_0(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = frame_input(inputs)?;
    Ok(Outputs::single(
        "table",
        Value::Json(table_figure(frame, false)?),
    ))
}

/// hetida's guess of a column width from the dtype: 16 for float and int, 6 for bool,
/// the longest string length clamped to 12..=200 for strings, 32 for datetimes; at least
/// the length of the column name (in characters).
pub fn auto_col_width(name: &str, col: &Column) -> Result<usize, ComponentError> {
    let w = match col.kind() {
        ColumnKind::Float | ColumnKind::Int => 16,
        ColumnKind::Bool => 6,
        ColumnKind::Datetime => 32,
        ColumnKind::Str => {
            let v = col.str_values().unwrap_or_default();
            if v.is_empty() {
                return Err(ComponentError::value_error(
                    "max() arg is an empty sequence",
                ));
            }
            let longest = v
                .iter()
                .flatten()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0);
            longest.clamp(12, 200)
        }
    };
    Ok(w.max(name.chars().count()))
}

fn table_figure(frame: &FrameValue, auto: bool) -> Result<Json, ComponentError> {
    let columnwidth = if auto {
        Some(
            frame
                .columns
                .iter()
                .map(|(k, c)| auto_col_width(k, c).map(Json::from))
                .collect::<Result<Vec<_>, _>>()?,
        )
    } else {
        None
    };
    let table = Table {
        columnwidth,
        header: frame
            .columns
            .keys()
            .map(|k| Json::String(k.clone()))
            .collect(),
        header_fill: Some("paleturquoise".into()),
        cells: frame
            .columns
            .values()
            .map(|c| column_values(c, None))
            .collect(),
        cells_fill: Some("lavender".into()),
        align: Some("left".into()),
    };
    let fig = Figure {
        data: vec![table.into_json()],
        layout: Layout {
            height: Some(400),
            margin: Some(Margin {
                r: Json::from(15.0),
                b: Json::from(15.0),
                ..Margin::standard()
            }),
            ..Layout::standard_time()
        },
    };
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{range_frame as frame, run1};
    use rheo_core::value::Tz;
    use serde_json::json;

    fn fig_of(v: Value) -> Json {
        match v {
            Value::Json(j) => j,
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn sample() -> Value {
        frame(vec![
            (
                "very very very looooooong column name",
                Column::from_i64(vec![1, 2]),
            ),
            ("column2", Column::from_f64(vec![1.3, f64::NAN])),
            (
                "c",
                Column::from_strings(vec![Some("0".into()), Some("The green fox".into())]),
            ),
            ("t", Column::from_datetime_ns(vec![0, 1_000], Tz::Utc)),
            ("b", Column::from_bool(vec![true, false])),
        ])
    }

    #[test]
    fn table_with_auto_widths() {
        let fig = fig_of(run1(&COMPONENT, &[("data", sample())]).unwrap());
        check_figure(&fig);
        let t = &fig["data"][0];
        assert_eq!(t["type"], "table");
        assert_eq!(t["columnwidth"], json!([37, 16, 13, 32, 6]));
        assert_eq!(
            t["header"],
            json!({"align": "left", "fill": {"color": "paleturquoise"},
                   "values": ["very very very looooooong column name", "column2", "c", "t", "b"]})
        );
        assert_eq!(
            t["cells"]["values"],
            json!([
                [1, 2],
                [1.3, null],
                ["0", "The green fox"],
                [
                    "1970-01-01T00:00:00+00:00",
                    "1970-01-01T00:00:00.000001+00:00"
                ],
                [true, false]
            ])
        );
        assert_eq!(t["cells"]["fill"]["color"], "lavender");
        assert_eq!(
            fig["layout"],
            json!({"autosize": true, "height": 400,
                   "margin": {"b": 15.0, "l": 0, "pad": 0, "r": 15.0, "t": 5},
                   "xaxis": {"automargin": true, "title": {"text": "Time"}},
                   "yaxis": {"automargin": true, "title": {"text": "Values"}}})
        );
    }

    #[test]
    fn without_widths_and_disabled_revision() {
        let off = fig_of(
            run1(
                &COMPONENT,
                &[("data", sample()), ("auto_col_width", Value::Bool(false))],
            )
            .unwrap(),
        );
        assert!(off["data"][0].get("columnwidth").is_none());
        let old = fig_of(run1(&COMPONENT_1_0_0, &[("data", sample())]).unwrap());
        assert_eq!(old, off);
        assert_eq!(SPEC_1_0_0.state, State::Disabled);
    }

    #[test]
    fn edge_cases() {
        let empty = fig_of(run1(&COMPONENT, &[("data", frame(vec![]))]).unwrap());
        check_figure(&empty);
        assert_eq!(empty["data"][0]["cells"]["values"], json!([]));
        assert_eq!(empty["data"][0]["columnwidth"], json!([]));
        // Long strings are capped at 200, short ones raised to 12.
        let long = "x".repeat(250);
        let c = Column::from_strings(vec![Some(long), None]);
        assert_eq!(auto_col_width("s", &c).unwrap(), 200);
        let c = Column::from_strings(vec![Some("ab".into())]);
        assert_eq!(auto_col_width("s", &c).unwrap(), 12);
        let e = auto_col_width("s", &Column::from_strings(vec![])).unwrap_err();
        assert_eq!(e.message, "max() arg is an empty sequence");
        let e = run1(&COMPONENT, &[("data", Value::Int(1))]).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }
}
