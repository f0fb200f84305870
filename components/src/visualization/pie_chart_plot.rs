//! Pie Chart Plot (`3b2fe728-5f36-64be-3963-df83918ff8a9`): a plotly-express pie chart of
//! one value column grouped by another column of a frame.

use super::plotly::{column_values, Axis, Figure, Layout, Legend, Margin};
use super::traces::{Pie, PxDefaults};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Pie Chart Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "3b2fe728-5f36-64be-3963-df83918ff8a9",
    revision_group_id: "3b2fe728-5f36-64be-3963-df83918ff8a9",
    name: "Pie Chart Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a pie chart",
    inputs: &[
        PortSpec::new(
            "dataframe",
            "bc8b441a-9d32-f9ab-eb7e-5a19688039d2",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "value_column",
            "f586c1eb-6943-45cc-b828-fc1c30515b9a",
            DataType::String,
        ),
        PortSpec::new(
            "group_column",
            "03280c10-5cf8-0e47-9e23-3b06b7388168",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "plot",
        "2ba3fb5f-4be0-f48a-3124-894113466b62",
        DataType::PlotlyJson,
    )],
};

/// Pie Chart Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Pie Chart Plot: `px.pie(dataframe, values=value_column, names=group_column)`: one `pie`
/// trace with `labels` = the group column and `values` = the value column row by row (not
/// aggregated: plotly sums equal labels when drawing; NaN → `null`), domain x/y `[0, 1]`,
/// hovertemplate `"<group>=%{label}<br><value>=%{value}<extra></extra>"`, legendgroup and
/// name `""`, showlegend true. Layout: height 300, width 300, legend tracegroupgap 0,
/// margins l0 r0 b0 t5 pad0, automargin on the (unused) x and y axes.
///
/// Errors: a column name that is not in the frame raises px's `ValueError("Value of
/// 'names' is not the name of a column in 'data_frame'. Expected one of [...] but
/// received: <name>")` (`names` is checked before `values`).
///
/// Deliberate deviation: hetida's px figure also embeds plotly's complete built-in
/// "plotly" template under `layout.template`; it is not written here.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::value_error(format!(
                "Unsupported type for 'data_frame': {}",
                crate::kernels::elementwise::py_type(other)
            )))
        }
    };
    let value_column = inputs.str("value_column")?;
    let group_column = inputs.str("group_column")?;
    Ok(Outputs::single(
        "plot",
        Value::Json(pie_figure(frame, value_column, group_column)?),
    ))
}

/// The column `name` of the frame, or px's error for argument `arg`.
pub(crate) fn px_column<'a>(
    frame: &'a FrameValue,
    arg: &str,
    name: &str,
) -> Result<&'a Column, ComponentError> {
    frame.columns.get(name).ok_or_else(|| {
        let expected: Vec<String> = frame.columns.keys().map(|k| format!("'{k}'")).collect();
        ComponentError::value_error(format!(
            "Value of '{arg}' is not the name of a column in 'data_frame'. Expected one of \
             [{}] but received: {name}",
            expected.join(", ")
        ))
    })
}

fn pie_figure(
    frame: &FrameValue,
    value_column: &str,
    group_column: &str,
) -> Result<Json, ComponentError> {
    let names = px_column(frame, "names", group_column)?;
    let values = px_column(frame, "values", value_column)?;
    let pie = Pie {
        labels: column_values(names, None),
        values: column_values(values, None),
        px: PxDefaults {
            showlegend: true,
            ..PxDefaults::single(format!(
                "{group_column}=%{{label}}<br>{value_column}=%{{value}}<extra></extra>"
            ))
        },
    };
    // hetida's update_xaxes/update_yaxes(automargin=True) reach the (unused) default axes.
    let automargin = Axis {
        automargin: Some(true),
        ..Default::default()
    };
    Ok(Figure {
        data: vec![pie.into_json()],
        layout: Layout {
            height: Some(300),
            width: Some(300),
            legend: Some(Legend::px()),
            margin: Some(Margin::standard()),
            xaxis: automargin.clone(),
            yaxis: automargin,
            ..Default::default()
        },
    }
    .into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{range_frame as frame, run1};
    use serde_json::json;

    fn run(f: Value, value: &str, group: &str) -> Result<Json, ComponentError> {
        let out = run1(
            &COMPONENT,
            &[
                ("dataframe", f),
                ("value_column", Value::Str(value.into())),
                ("group_column", Value::Str(group.into())),
            ],
        )?;
        match out {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn sample() -> Value {
        frame(vec![
            (
                "col_1",
                Column::from_strings(vec![Some("a".into()), Some("b".into()), Some("a".into())]),
            ),
            ("col_2", Column::from_f64(vec![2.0, 3.0, f64::NAN])),
        ])
    }

    #[test]
    fn pie_of_value_per_group_row() {
        let fig = run(sample(), "col_2", "col_1").unwrap();
        check_figure(&fig);
        assert_eq!(
            fig,
            json!({
                "data": [{"domain": {"x": [0.0, 1.0], "y": [0.0, 1.0]},
                          "hovertemplate": "col_1=%{label}<br>col_2=%{value}<extra></extra>",
                          "labels": ["a", "b", "a"], "legendgroup": "", "name": "",
                          "showlegend": true, "values": [2.0, 3.0, null], "type": "pie"}],
                "layout": {"height": 300, "legend": {"tracegroupgap": 0},
                           "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5}, "width": 300,
                           "xaxis": {"automargin": true}, "yaxis": {"automargin": true}}
            })
        );
    }

    #[test]
    fn missing_columns_and_empty_frame() {
        let e = run(sample(), "col_2", "nope").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(
            e.message,
            "Value of 'names' is not the name of a column in 'data_frame'. Expected one of \
             ['col_1', 'col_2'] but received: nope"
        );
        let e = run(sample(), "x", "col_1").unwrap_err();
        assert!(e.message.starts_with("Value of 'values'"));
        let empty = frame(vec![
            ("g", Column::from_strings(vec![])),
            ("v", Column::from_f64(vec![])),
        ]);
        let fig = run(empty, "v", "g").unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["labels"], json!([]));
    }
}
