//! Plot Time Series and Value Intervals (`9b4ca94e-0e20-4341-bb23-abe73d33c7ab`): a series
//! with horizontal bands for named value intervals.

use super::plot_util::{figure_output, sorted_xy, standard_layout_named};
use super::plotly::{float, timestamp, Figure, Font, Line, Mode, Scatter, Shape, ShapeLabel};
use crate::kernels::elementwise::py_type;
use crate::kernels::pydantic::{bool_value, CoercionError};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{Map, Value as Json};

/// Identity and ports of Plot Time Series and Value Intervals 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9b4ca94e-0e20-4341-bb23-abe73d33c7ab",
    revision_group_id: "b2c8fc6a-c550-4b4c-94f1-7cec0d87a081",
    name: "Plot Time Series and Value Intervals",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plots the series and each value interval in value_interval_dict.",
    inputs: &[
        PortSpec::new(
            "series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
            DataType::Series,
        ),
        PortSpec::new(
            "value_interval_dict",
            "6faf5462-6098-3cd4-88a4-7e7e753f114a",
            DataType::Any,
        ),
        PortSpec::optional(
            "line_color",
            "fc50a7be-a6f3-281a-1373-2e7ba3249dec",
            DataType::String,
            "\"rgb(40, 251, 0)\"",
        ),
        PortSpec::optional(
            "fill_color",
            "a40d95ab-3035-9bd9-f165-155f810d3e73",
            DataType::String,
            "\"rgba(40, 251, 0, 0.15)\"",
        ),
    ],
    outputs: &[PortSpec::new(
        "series_with_intervals",
        "8d770e3d-b01e-1b01-230a-17e314c995b1",
        DataType::PlotlyJson,
    )],
};

/// One validated value interval (hetida's pydantic `ValueInterval`).
#[derive(Debug, Clone, PartialEq)]
struct ValueInterval {
    min_value: f64,
    max_value: f64,
    fill_color: Option<String>,
    line_color: Option<String>,
    display_name: Option<String>,
}

/// Plot Time Series and Value Intervals as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Plot Time Series and Value Intervals.
///
/// Validation (`ComponentInputValidationException`, code 422): the series dtype must be
/// int64 or float64 (`"To display the time series entries, their dtype must be float or
/// int, while it is <dtype>"`, invalid input `series`); every entry of
/// `value_interval_dict` is parsed like hetida's pydantic v1 model — `min_value`,
/// `max_value` required floats (numbers, numeric strings, booleans), `min_value_inclusive`
/// / `max_value_inclusive` booleans defaulting to true, `fill_color`, `line_color`,
/// `display_name` optional strings (numbers are turned into strings), then non-emptiness
/// (`max_value >= min_value`, strictly greater when a bound is exclusive). Errors of all
/// entries are collected with pydantic's message layout (invalid input
/// `value_interval_dict`). A non-dict `value_interval_dict` raises `AttributeError`, a
/// non-dict entry `TypeError`.
///
/// Figure: the series sorted by index as one `"lines+markers"` trace (no name); per
/// interval (dict order) a rectangle shape from (index min, min_value) to (index max,
/// max_value) with line {colour: the interval's line colour, else its fill colour, else
/// `line_color`; width 1} and fill = the interval's fill colour or `fill_color` (empty
/// strings count as missing, like Python's `or`); then per interval k a vertical line at
/// x = index min + (k + 1)·(max - min)/(12·n) (timedeltas divided in floating point and
/// truncated to ns, as pandas does) from min_value to max_value, same colour rule, width 2,
/// labelled with `display_name` or the dict key (text angle -90, font size 10). Layout:
/// hetida's standard time layout, y axis titled with the series name when named. An empty
/// series gives `null` interval x coordinates (NaT). Inclusiveness does not change the
/// drawing. String/bool indexes raise `TypeError` (pandas cannot subtract them).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let dict = inputs.value("value_interval_dict")?;
    let line_color = optional_str(inputs, "line_color", "rgb(40, 251, 0)")?;
    let fill_color = optional_str(inputs, "fill_color", "rgba(40, 251, 0, 0.15)")?;
    if !series.values.is_numeric() {
        return Err(ComponentError::input_validation(
            format!(
                "To display the time series entries, their dtype must be float or int, \
                 while it is {}",
                series.values.pandas_dtype()
            ),
            &["series"],
        ));
    }
    let intervals = parse_intervals(dict)?;
    let fig = intervals_figure(series, &intervals, line_color, fill_color)?;
    Ok(figure_output("series_with_intervals", fig))
}

/// An optional STRING input (its default when not wired).
fn optional_str<'a>(
    inputs: &'a Inputs,
    name: &str,
    default: &'a str,
) -> Result<&'a str, ComponentError> {
    match inputs.get(name) {
        None => Ok(default),
        Some(_) => inputs.str(name),
    }
}

/// One pydantic error: location, message, type.
type FieldError = (&'static str, String, &'static str);

/// pydantic v1 `float` coercion.
fn parse_float(v: &Json) -> Result<f64, (String, &'static str)> {
    match v {
        Json::Null => Err((
            "none is not an allowed value".into(),
            "type_error.none.not_allowed",
        )),
        Json::Number(n) => Ok(n.as_f64().unwrap_or(f64::NAN)),
        Json::Bool(b) => Ok(f64::from(u8::from(*b))),
        Json::String(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| ("value is not a valid float".into(), "type_error.float")),
        _ => Err(("value is not a valid float".into(), "type_error.float")),
    }
}

/// pydantic v1 `bool` coercion, with its error text and type.
fn parse_bool(v: &Json) -> Result<bool, (String, &'static str)> {
    bool_value(v).map_err(|e| match e {
        CoercionError::None => (
            "none is not an allowed value".into(),
            "type_error.none.not_allowed",
        ),
        CoercionError::Invalid => (
            "value could not be parsed to a boolean".into(),
            "type_error.bool",
        ),
    })
}

/// pydantic v1 `Optional[str]` coercion.
fn parse_opt_str(v: &Json) -> Result<Option<String>, (String, &'static str)> {
    match v {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s.clone())),
        Json::Number(n) => Ok(Some(n.to_string())),
        Json::Bool(b) => Ok(Some(if *b { "True" } else { "False" }.into())),
        _ => Err(("str type expected".into(), "type_error.str")),
    }
}

/// pydantic's `str(ValidationError)`.
fn validation_message(errors: &[FieldError]) -> String {
    let n = errors.len();
    let mut s = format!(
        "{n} validation error{} for ValueInterval",
        if n == 1 { "" } else { "s" }
    );
    for (loc, msg, ty) in errors {
        s.push_str(&format!("\n{loc}\n  {msg} ({ty})"));
    }
    s
}

/// Parses one interval like `ValueInterval(**value)`.
fn parse_interval(m: &Map<String, Json>) -> Result<ValueInterval, String> {
    let mut errors: Vec<FieldError> = Vec::new();
    let float_field = |name: &'static str, errors: &mut Vec<FieldError>| match m.get(name) {
        None => {
            errors.push((name, "field required".into(), "value_error.missing"));
            f64::NAN
        }
        Some(v) => parse_float(v).unwrap_or_else(|(msg, ty)| {
            errors.push((name, msg, ty));
            f64::NAN
        }),
    };
    let bool_field = |name: &'static str, errors: &mut Vec<FieldError>| match m.get(name) {
        None => true,
        Some(v) => parse_bool(v).unwrap_or_else(|(msg, ty)| {
            errors.push((name, msg, ty));
            true
        }),
    };
    let str_field = |name: &'static str, errors: &mut Vec<FieldError>| match m.get(name) {
        None => None,
        Some(v) => parse_opt_str(v).unwrap_or_else(|(msg, ty)| {
            errors.push((name, msg, ty));
            None
        }),
    };
    let min_value = float_field("min_value", &mut errors);
    let min_inclusive = bool_field("min_value_inclusive", &mut errors);
    let max_value = float_field("max_value", &mut errors);
    let max_inclusive = bool_field("max_value_inclusive", &mut errors);
    let fill_color = str_field("fill_color", &mut errors);
    let line_color = str_field("line_color", &mut errors);
    let display_name = str_field("display_name", &mut errors);
    if !errors.is_empty() {
        return Err(validation_message(&errors));
    }
    let root = |msg: &str| validation_message(&[("__root__", msg.to_string(), "value_error")]);
    if max_value < min_value {
        return Err(root(
            "To be valid, a value interval must be non-empty, i.e. min_value may not be \
             bigger than max_value.",
        ));
    }
    if (!min_inclusive || !max_inclusive)
        && min_value.partial_cmp(&max_value) != Some(std::cmp::Ordering::Less)
    {
        return Err(root(
            "To be valid, a value interval must be non-empty, i.e min_value must be smaller \
             than max_value.",
        ));
    }
    Ok(ValueInterval {
        min_value,
        max_value,
        fill_color,
        line_color,
        display_name,
    })
}

/// Validates `value_interval_dict` (see [`run`]).
fn parse_intervals(dict: &Value) -> Result<Vec<(String, ValueInterval)>, ComponentError> {
    let Value::Json(Json::Object(m)) = dict else {
        return Err(crate::kernels::elementwise::attribute_error(dict, "items"));
    };
    let mut intervals = Vec::with_capacity(m.len());
    let mut errors = Vec::new();
    for (name, v) in m {
        let Json::Object(fields) = v else {
            let ty = py_type(&Value::Json(v.clone()));
            return Err(ComponentError::type_error(format!(
                "ValueInterval() argument after ** must be a mapping, not {ty}"
            )));
        };
        match parse_interval(fields) {
            Ok(i) => intervals.push((name.clone(), i)),
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    crate::kernels::elementwise::validation_errors("value_interval_dict", &errors)?;
    Ok(intervals)
}

/// `a or b` for optional strings (empty counts as missing).
fn or<'a>(a: &'a Option<String>, b: &'a str) -> &'a str {
    match a.as_deref() {
        Some(s) if !s.is_empty() => s,
        _ => b,
    }
}

/// The x coordinates: index min, index max and the label line positions.
fn x_positions(index: &Column, n: usize) -> Result<(Json, Json, Vec<Json>), ComponentError> {
    let parts = 12.0 * n as f64;
    match index.kind() {
        ColumnKind::Datetime => {
            let v = index.datetime_ns_opt().unwrap_or_default();
            let lo = v.iter().flatten().min().copied();
            let hi = v.iter().flatten().max().copied();
            let tz = index.tz;
            let ts = |t: Option<i64>| t.map_or(Json::Null, |t| timestamp(t, tz));
            let xs = (1..=n)
                .map(|k| match (lo, hi) {
                    (Some(lo), Some(hi)) => {
                        let span = (hi - lo).saturating_mul(k as i64);
                        ts(Some(lo + (span as f64 / parts) as i64))
                    }
                    _ => Json::Null,
                })
                .collect();
            Ok((ts(lo), ts(hi), xs))
        }
        ColumnKind::Int | ColumnKind::Float => {
            let ints = index.kind() == ColumnKind::Int;
            let v = index.f64_values().unwrap_or_default();
            let finite = v.iter().copied().filter(|x| !x.is_nan());
            let lo = finite
                .clone()
                .fold(f64::NAN, |a, x| if a.is_nan() || x < a { x } else { a });
            let hi = finite.fold(f64::NAN, |a, x| if a.is_nan() || x > a { x } else { a });
            let label = |x: f64| {
                if ints && !x.is_nan() {
                    Json::from(x as i64)
                } else {
                    float(x)
                }
            };
            let xs = (1..=n)
                .map(|k| float(lo + (k as f64) * (hi - lo) / parts))
                .collect();
            Ok((label(lo), label(hi), xs))
        }
        ColumnKind::Str | ColumnKind::Bool => Err(ComponentError::type_error(format!(
            "unsupported operand type(s) for -: '{0}' and '{0}'",
            if index.kind() == ColumnKind::Str {
                "str"
            } else {
                "bool"
            }
        ))),
    }
}

/// Builds the figure (see [`run`]).
fn intervals_figure(
    series: &SeriesValue,
    intervals: &[(String, ValueInterval)],
    line_color: &str,
    fill_color: &str,
) -> Result<Json, ComponentError> {
    let (x0, x1, label_x) = x_positions(&series.index, intervals.len())?;
    let mut layout = standard_layout_named(series.name.as_deref());
    for (_, iv) in intervals {
        let line = or(&iv.line_color, or(&iv.fill_color, line_color));
        layout.add_shape(
            Shape::rect(
                x0.clone(),
                float(iv.min_value),
                x1.clone(),
                float(iv.max_value),
            )
            .style(Line::new(line, 1.0))
            .fill(or(&iv.fill_color, fill_color)),
        );
    }
    for ((key, iv), x) in intervals.iter().zip(label_x) {
        let line = or(&iv.line_color, or(&iv.fill_color, line_color));
        layout.add_shape(
            Shape::line(x.clone(), float(iv.min_value), x, float(iv.max_value))
                .style(Line::new(line, 2.0))
                .with_label(ShapeLabel {
                    text: or(&iv.display_name, key).to_string(),
                    textangle: Some(-90.0),
                    font: Some(Font {
                        color: None,
                        size: Some(10.0),
                    }),
                }),
        );
    }
    let mut fig = Figure::new(layout);
    let (x, y) = sorted_xy(series);
    fig.add_scatter(Scatter::new(x, y).mode(Mode::LinesMarkers));
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{try_plot, ts_series, H, T0};
    use rheo_core::value::Tz;
    use serde_json::json;

    fn run(
        s: SeriesValue,
        dict: Json,
        colors: Option<(&str, &str)>,
    ) -> Result<Json, ComponentError> {
        let mut inputs = vec![
            ("series", Value::Series(s)),
            ("value_interval_dict", Value::Json(dict)),
        ];
        if let Some((l, f)) = colors {
            inputs.push(("line_color", Value::Str(l.into())));
            inputs.push(("fill_color", Value::Str(f.into())));
        }
        try_plot(&COMPONENT, &inputs)
    }

    #[test]
    fn bands_and_labelled_lines() {
        let mut s = ts_series(&[T0 + 24 * H, T0], Tz::Utc, &[15.0, f64::NAN]);
        s.name = Some("level".into());
        let dict = json!({
            "[10,20]": {"min_value": 10.0, "max_value": 20, "display_name": "Intv. 1"},
            "(20,30)": {"min_value": "20", "max_value": 30.0, "min_value_inclusive": false,
                        "line_color": "rgb(40,20,250)", "fill_color": "rgba(40,20,250,0.15)"}
        });
        let fig = run(s, dict, None).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["mode"], "lines+markers");
        assert_eq!(fig["data"][0]["y"], json!([null, 15.0]));
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "level");
        let shapes = fig["layout"]["shapes"].as_array().unwrap();
        assert_eq!(shapes.len(), 4);
        assert_eq!(
            shapes[0],
            json!({"fillcolor": "rgba(40, 251, 0, 0.15)",
                   "line": {"color": "rgb(40, 251, 0)", "width": 1}, "type": "rect",
                   "x0": "2020-01-01T00:00:00+00:00", "x1": "2020-01-02T00:00:00+00:00",
                   "y0": 10.0, "y1": 20.0})
        );
        assert_eq!(shapes[1]["line"]["color"], "rgb(40,20,250)");
        assert_eq!(shapes[1]["fillcolor"], "rgba(40,20,250,0.15)");
        // 24 h / (12 * 2) = 1 h per step.
        assert_eq!(
            shapes[2],
            json!({"label": {"font": {"size": 10}, "text": "Intv. 1", "textangle": -90},
                   "line": {"color": "rgb(40, 251, 0)", "width": 2}, "type": "line",
                   "x0": "2020-01-01T01:00:00+00:00", "x1": "2020-01-01T01:00:00+00:00",
                   "y0": 10.0, "y1": 20.0})
        );
        assert_eq!(shapes[3]["x0"], "2020-01-01T02:00:00+00:00");
        assert_eq!(shapes[3]["label"]["text"], "(20,30)");
    }

    #[test]
    fn colour_inputs_int_index_and_empty_series() {
        let s = SeriesValue::new(Column::from_i64(vec![0, 12]), Column::from_i64(vec![1, 2]));
        let dict = json!({"a": {"min_value": 0, "max_value": 1, "fill_color": ""}});
        let fig = run(s, dict.clone(), Some(("red", "#abc"))).unwrap();
        check_figure(&fig);
        let shapes = &fig["layout"]["shapes"];
        assert_eq!(shapes[0]["x0"], 0);
        assert_eq!(shapes[0]["x1"], 12);
        assert_eq!(shapes[0]["fillcolor"], "#abc");
        assert_eq!(shapes[0]["line"]["color"], "red");
        assert_eq!(shapes[1]["x0"], 1.0);
        let empty = ts_series(&[], Tz::Utc, &[]);
        let fig = run(empty, dict, None).unwrap();
        check_figure(&fig);
        assert_eq!(fig["layout"]["shapes"][0]["x0"], Json::Null);
        assert_eq!(fig["layout"]["shapes"][1]["x1"], Json::Null);
    }

    #[test]
    fn validation_errors() {
        let bools = SeriesValue::new(Column::range(1), Column::from_bool(vec![true]));
        let e = run(bools, json!({}), None).unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(
            e.message,
            "To display the time series entries, their dtype must be float or int, while it \
             is bool"
        );
        let s = ts_series(&[T0], Tz::Utc, &[1.0]);
        let e = run(
            s.clone(),
            json!({"a": {"max_value": "x"}, "b": {"min_value": 2, "max_value": 1},
                   "c": {"min_value": 1, "max_value": 1, "max_value_inclusive": "no"}}),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "There were input validation errors for the value_interval_dict:\n\
             a: 2 validation errors for ValueInterval\nmin_value\n  field required \
             (value_error.missing)\nmax_value\n  value is not a valid float (type_error.float)\n\
             b: 1 validation error for ValueInterval\n__root__\n  To be valid, a value \
             interval must be non-empty, i.e. min_value may not be bigger than max_value. \
             (value_error)\n\
             c: 1 validation error for ValueInterval\n__root__\n  To be valid, a value \
             interval must be non-empty, i.e min_value must be smaller than max_value. \
             (value_error)"
        );
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&json!({"invalid_component_inputs": ["value_interval_dict"]}))
        );
        let e = run(s.clone(), json!([1]), None).unwrap_err();
        assert_eq!(e.message, "'list' object has no attribute 'items'");
        let e = run(s, json!({"a": 3}), None).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
