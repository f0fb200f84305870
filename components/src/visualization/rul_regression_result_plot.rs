//! Univariate Linear RUL Regression Result Plot (`9c3f88ce-1311-241e-18b7-acf7d3f5a051`):
//! the base series, the regression line and the limit in one time plot.

use super::plotly::{
    column_values, float, sort_order, timestamp, Figure, Layout, Line, Mode, Scatter, Shape,
};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;
use std::cmp::Ordering;
use std::sync::Arc;

/// Identity and ports of Univariate Linear RUL Regression Result Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9c3f88ce-1311-241e-18b7-acf7d3f5a051",
    revision_group_id: "9c3f88ce-1311-241e-18b7-acf7d3f5a051",
    name: "Univariate Linear RUL Regression Result Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plot of a time series, its linear RUL regression and the limit",
    inputs: &[
        PortSpec::new(
            "limit_violation_prediction_timestamp",
            "e2f270a0-3c80-9f57-776e-ecc396268ac1",
            DataType::String,
        ),
        PortSpec::new(
            "limit",
            "c53283a0-82e6-c162-6d79-1acc92206950",
            DataType::Float,
        ),
        PortSpec::new(
            "base_series",
            "64734a41-f66b-9394-b961-44dd0b5e74f1",
            DataType::Series,
        ),
        PortSpec::new(
            "predictions",
            "120f0e00-3ee6-743b-22a9-b0f1481c7b60",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "rul_regression_result_plot",
        "aebbc55f-1e4a-c035-bbd0-2475307536c9",
        DataType::PlotlyJson,
    )],
};

/// Univariate Linear RUL Regression Result Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Univariate Linear RUL Regression Result Plot: a plotly figure with
///
/// * two scatter traces (mode `"lines"`): `base_series`, then `predictions`, each sorted by
///   index, named after the series or `"series_1"`/`"series_2"` when unnamed, x = the
///   timestamps as Python `isoformat()` strings, y = the values (NaN → `null`);
/// * unless `limit_violation_prediction_timestamp` is null, a vertical line shape at that
///   string (passed on as is, so `"NaT"` too) from min(base min, predictions min, limit)
///   to max(base max, predictions max, limit), in data coordinates with plotly's default
///   style;
/// * a horizontal red line (width 1) at `limit` from the earliest to the latest timestamp of
///   both series;
/// * hetida's standard time layout (see [`Layout::standard_time`]).
///
/// Minimum and maximum follow Python's built-in `min`/`max` over the pandas reductions
/// (NaN skipped inside a series; a NaN result or limit is kept only in first position).
/// Comparing a tz-naive with a tz-aware index raises `TypeError`, as in pandas.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let violation = inputs.opt_str("limit_violation_prediction_timestamp")?;
    let limit = inputs.float("limit")?;
    let base = inputs.series("base_series")?;
    let predictions = inputs.series("predictions")?;
    let figure = rul_figure(violation, limit, base, predictions)?;
    let mut out = Outputs::with_capacity(1);
    out.insert("rul_regression_result_plot", Arc::new(Value::Json(figure)));
    Ok(out)
}

/// Builds the figure (see [`run`]).
fn rul_figure(
    violation: Option<&str>,
    limit: f64,
    base: &SeriesValue,
    predictions: &SeriesValue,
) -> Result<Json, ComponentError> {
    let mut layout = Layout::standard_time();
    if let Some(ts) = violation {
        let (base_min, base_max) = value_extremes(base, "base_series")?;
        let (pred_min, pred_max) = value_extremes(predictions, "predictions")?;
        let y0 = py_min_f64(&[base_min, pred_min, limit]);
        let y1 = py_max_f64(&[base_max, pred_max, limit]);
        let at = Json::String(ts.to_string());
        layout.add_shape(Shape::line(at.clone(), float(y0), at, float(y1)).refs("x", "y"));
    }
    let (base_first, base_last) = label_extremes(&base.index);
    let (pred_first, pred_last) = label_extremes(&predictions.index);
    let first = if pred_first.lt(&base_first)? {
        pred_first
    } else {
        base_first
    };
    let last = if pred_last.gt(&base_last)? {
        pred_last
    } else {
        base_last
    };
    layout.add_shape(
        Shape::line(first.to_json(), float(limit), last.to_json(), float(limit))
            .style(Line::new("red", 1.0)),
    );
    let mut fig = Figure::new(layout);
    fig.add_scatter(trace(base, "series_1"));
    fig.add_scatter(trace(predictions, "series_2"));
    Ok(fig.into_json())
}

/// A `"lines"` trace of the series sorted by index.
fn trace(s: &SeriesValue, default_name: &str) -> Scatter {
    let order = sort_order(&s.index);
    let order = order.as_deref();
    let name = match s.name.as_deref() {
        Some(n) if !n.is_empty() => n,
        _ => default_name,
    };
    Scatter::new(
        column_values(&s.index, order),
        column_values(&s.values, order),
    )
    .mode(Mode::Lines)
    .name(name)
}

/// `series.min()` and `series.max()` of numeric values (NaN skipped; NaN when nothing is
/// left).
fn value_extremes(s: &SeriesValue, name: &str) -> Result<(f64, f64), ComponentError> {
    let v = s.values.f64_values().ok_or_else(|| {
        ComponentError::type_error(format!(
            "'<' not supported between the values of '{name}' and a float: the values must \
             be numeric"
        ))
    })?;
    let (mut lo, mut hi) = (f64::NAN, f64::NAN);
    for &x in v.iter() {
        if !x.is_nan() {
            if lo.is_nan() || x < lo {
                lo = x;
            }
            if hi.is_nan() || x > hi {
                hi = x;
            }
        }
    }
    Ok((lo, hi))
}

/// Python's `min(a, b, …)`: keeps the first item unless a later one compares smaller (so a
/// NaN is kept only when it comes first).
fn py_min_f64(items: &[f64]) -> f64 {
    items[1..]
        .iter()
        .fold(items[0], |acc, &x| if x < acc { x } else { acc })
}

/// Python's `max(a, b, …)`, see [`py_min_f64`].
fn py_max_f64(items: &[f64]) -> f64 {
    items[1..]
        .iter()
        .fold(items[0], |acc, &x| if x > acc { x } else { acc })
}

/// A scalar index label, as pandas' `Index.min()`/`max()` return it.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    /// Not-a-time: the extreme of an empty or all-NaT datetime index.
    NaT,
    /// A timestamp in its index's timezone.
    Ts(i64, Tz),
    /// An integer label.
    Int(i64),
    /// A float label (NaN for empty non-datetime indexes).
    Float(f64),
    /// A string label.
    Str(String),
    /// A boolean label.
    Bool(bool),
}

impl Label {
    fn type_name(&self) -> &'static str {
        match self {
            Label::NaT => "NaTType",
            Label::Ts(..) => "Timestamp",
            Label::Int(_) => "int",
            Label::Float(_) => "float",
            Label::Str(_) => "str",
            Label::Bool(_) => "bool",
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Label::Int(i) => Some(*i as f64),
            Label::Float(f) => Some(*f),
            Label::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    /// Python's `self < other` (`Greater` for `>`), with pandas' rules: NaT compares false,
    /// naive and aware timestamps do not compare, numbers compare across int/float.
    fn compare(&self, other: &Label, want: Ordering) -> Result<bool, ComponentError> {
        let unsupported = || {
            ComponentError::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                if want == Ordering::Less { "<" } else { ">" },
                self.type_name(),
                other.type_name()
            ))
        };
        match (self, other) {
            (Label::NaT, Label::NaT | Label::Ts(..)) | (Label::Ts(..), Label::NaT) => Ok(false),
            (Label::Ts(a, ta), Label::Ts(b, tb)) => {
                if ta.is_aware() != tb.is_aware() {
                    return Err(ComponentError::type_error(
                        "Cannot compare tz-naive and tz-aware timestamps",
                    ));
                }
                Ok(a.cmp(b) == want)
            }
            (Label::Str(a), Label::Str(b)) => Ok(a.cmp(b) == want),
            (a, b) => match (a.as_number(), b.as_number()) {
                (Some(x), Some(y)) => Ok(x.partial_cmp(&y) == Some(want)),
                _ => Err(unsupported()),
            },
        }
    }

    fn lt(&self, other: &Label) -> Result<bool, ComponentError> {
        self.compare(other, Ordering::Less)
    }

    fn gt(&self, other: &Label) -> Result<bool, ComponentError> {
        self.compare(other, Ordering::Greater)
    }

    /// The JSON plotly writes for the label.
    fn to_json(&self) -> Json {
        match self {
            Label::NaT => Json::Null,
            Label::Ts(ns, tz) => timestamp(*ns, *tz),
            Label::Int(i) => Json::from(*i),
            Label::Float(f) => float(*f),
            Label::Str(s) => Json::String(s.clone()),
            Label::Bool(b) => Json::Bool(*b),
        }
    }
}

/// `index.min()` and `index.max()` (missing labels skipped).
fn label_extremes(col: &Column) -> (Label, Label) {
    fn extremes<T: Copy + PartialOrd>(it: impl Iterator<Item = T>) -> Option<(T, T)> {
        it.fold(None, |acc, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((if x < lo { x } else { lo }, if x > hi { x } else { hi })),
        })
    }
    match col.kind() {
        ColumnKind::Datetime => {
            let v = col.datetime_ns_opt().unwrap_or_default();
            match extremes(v.into_iter().flatten()) {
                Some((lo, hi)) => (Label::Ts(lo, col.tz), Label::Ts(hi, col.tz)),
                None => (Label::NaT, Label::NaT),
            }
        }
        ColumnKind::Int => match extremes(col.i64_values().unwrap_or_default().iter().copied()) {
            Some((lo, hi)) => (Label::Int(lo), Label::Int(hi)),
            None => (Label::Float(f64::NAN), Label::Float(f64::NAN)),
        },
        ColumnKind::Float => {
            let v = col.f64_values().unwrap_or_default();
            match extremes(v.iter().copied().filter(|x| !x.is_nan())) {
                Some((lo, hi)) => (Label::Float(lo), Label::Float(hi)),
                None => (Label::Float(f64::NAN), Label::Float(f64::NAN)),
            }
        }
        ColumnKind::Bool => {
            let v = col.bool_values().unwrap_or_default();
            match extremes(v.into_iter().flatten()) {
                Some((lo, hi)) => (Label::Bool(lo), Label::Bool(hi)),
                None => (Label::Float(f64::NAN), Label::Float(f64::NAN)),
            }
        }
        ColumnKind::Str => {
            let v = col.str_values().unwrap_or_default();
            match extremes(v.into_iter().flatten()) {
                Some((lo, hi)) => (Label::Str(lo.to_string()), Label::Str(hi.to_string())),
                None => (Label::Float(f64::NAN), Label::Float(f64::NAN)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// 2020-01-01T00:00:00Z in ns.
    const T2020: i64 = 1_577_836_800 * 1_000_000_000;
    const HOUR: i64 = 3_600 * 1_000_000_000;

    fn series(ts: Vec<i64>, tz: Tz, ys: Vec<f64>, name: Option<&str>) -> SeriesValue {
        SeriesValue {
            name: name.map(str::to_string),
            ..SeriesValue::new(Column::from_datetime_ns(ts, tz), Column::from_f64(ys))
        }
    }

    fn run(
        violation: Value,
        limit: f64,
        base: SeriesValue,
        pred: SeriesValue,
    ) -> Result<Json, ComponentError> {
        let mut i = Inputs::new();
        i.insert("limit_violation_prediction_timestamp", Arc::new(violation));
        i.insert("limit", Arc::new(Value::Float(limit)));
        i.insert("base_series", Arc::new(Value::Series(base)));
        i.insert("predictions", Arc::new(Value::Series(pred)));
        let out = super::run(&i)?;
        assert_eq!(out.len(), 1);
        match out["rul_regression_result_plot"].as_ref() {
            Value::Json(j) => {
                crate::visualization::schema::check_figure(j);
                Ok(j.clone())
            }
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn layout() -> Json {
        json!({
            "autosize": true,
            "height": 200,
            "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
            "xaxis": {"automargin": true, "title": {"text": "Time"}},
            "yaxis": {"automargin": true, "title": {"text": "Values"}}
        })
    }

    #[test]
    fn plots_series_violation_and_limit() {
        // Base unsorted (01:00 before 00:00), predictions named.
        let base = series(vec![T2020 + HOUR, T2020], Tz::Utc, vec![2.0, 3.0], None);
        let pred = series(
            vec![T2020, T2020 + HOUR, T2020 + 2 * HOUR],
            Tz::Utc,
            vec![3.0, 2.0, f64::NAN],
            Some("pred"),
        );
        let fig = run(
            Value::Str("2020-01-01T03:00:00+00:00".into()),
            0.5,
            base,
            pred,
        )
        .unwrap();
        let mut expected_layout = layout();
        expected_layout["shapes"] = json!([
            {"type": "line", "x0": "2020-01-01T03:00:00+00:00", "x1": "2020-01-01T03:00:00+00:00",
             "xref": "x", "y0": 0.5, "y1": 3.0, "yref": "y"},
            {"line": {"color": "red", "width": 1}, "type": "line",
             "x0": "2020-01-01T00:00:00+00:00", "x1": "2020-01-01T02:00:00+00:00",
             "y0": 0.5, "y1": 0.5}
        ]);
        assert_eq!(
            fig,
            json!({
                "data": [
                    {"mode": "lines", "name": "series_1",
                     "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00"],
                     "y": [3.0, 2.0], "type": "scatter"},
                    {"mode": "lines", "name": "pred",
                     "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00", "2020-01-01T02:00:00+00:00"],
                     "y": [3.0, 2.0, null], "type": "scatter"}
                ],
                "layout": expected_layout
            })
        );
    }

    #[test]
    fn null_violation_gives_only_the_limit_line() {
        let base = series(vec![T2020], Tz::Fixed(3600), vec![1.0], Some(""));
        let pred = series(vec![T2020 + HOUR], Tz::Fixed(3600), vec![4.0], None);
        let fig = run(Value::Null, 5.0, base, pred).unwrap();
        assert_eq!(fig["data"][0]["name"], "series_1");
        assert_eq!(fig["data"][1]["name"], "series_2");
        assert_eq!(
            fig["layout"]["shapes"],
            json!([{"line": {"color": "red", "width": 1}, "type": "line",
                    "x0": "2020-01-01T01:00:00+01:00", "x1": "2020-01-01T02:00:00+01:00",
                    "y0": 5.0, "y1": 5.0}])
        );
    }

    #[test]
    fn nat_string_is_passed_on_and_limit_extends_the_range() {
        let base = series(vec![T2020], Tz::Utc, vec![1.0], None);
        let pred = series(vec![T2020], Tz::Utc, vec![2.0], None);
        let fig = run(Value::Str("NaT".into()), 7.0, base, pred).unwrap();
        let v = &fig["layout"]["shapes"][0];
        assert_eq!(v["x0"], "NaT");
        assert_eq!(v["x1"], "NaT");
        assert_eq!(v["y0"], 1.0);
        assert_eq!(v["y1"], 7.0);
    }

    #[test]
    fn naive_and_aware_indexes_do_not_compare() {
        let base = series(vec![T2020], Tz::Naive, vec![1.0], None);
        let pred = series(vec![T2020], Tz::Utc, vec![2.0], None);
        let e = run(Value::Null, 1.0, base, pred).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert_eq!(e.message, "Cannot compare tz-naive and tz-aware timestamps");
    }

    #[test]
    fn python_min_max_semantics() {
        assert_eq!(py_min_f64(&[2.0, 1.0, 3.0]), 1.0);
        assert_eq!(py_max_f64(&[2.0, 1.0, 3.0]), 3.0);
        assert!(py_min_f64(&[f64::NAN, 1.0, 3.0]).is_nan());
        assert_eq!(py_min_f64(&[2.0, f64::NAN, 3.0]), 2.0);
        let empty = SeriesValue::new(
            Column::from_datetime_ns(vec![], Tz::Utc),
            Column::from_f64(vec![]),
        );
        let (lo, hi) = value_extremes(&empty, "x").unwrap();
        assert!(lo.is_nan() && hi.is_nan());
        assert_eq!(label_extremes(&empty.index), (Label::NaT, Label::NaT));
        assert_eq!(
            sort_order(&Column::from_opt_datetime_ns(
                vec![None, Some(2), Some(1)],
                Tz::Utc
            )),
            Some(vec![2, 1, 0])
        );
        assert_eq!(
            sort_order(&Column::from_f64(vec![1.0, 2.0, f64::NAN])),
            None
        );
        assert_eq!(sort_order(&Column::from_i64(vec![2, 1])), Some(vec![1, 0]));
    }
}
