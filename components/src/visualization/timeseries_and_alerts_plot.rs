//! Timeseries and Alerts Plot (`95c006e4-5050-7722-6717-d1c6be2ba890`): a series with red
//! rectangles over its alert periods.

use super::plot_util::{figure_output, sorted_xy, standard_layout_named};
use super::plotly::{float, timestamp, Figure, Line, Mode, Scatter, Shape};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;

/// Identity and ports of Timeseries and Alerts Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "95c006e4-5050-7722-6717-d1c6be2ba890",
    revision_group_id: "95c006e4-5050-7722-6717-d1c6be2ba890",
    name: "Timeseries and Alerts Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plots timeseries and alerts",
    inputs: &[
        PortSpec::new(
            "series",
            "607d77a9-5f98-b787-2987-fccb9d0a7843",
            DataType::Series,
        ),
        PortSpec::new(
            "alert_series",
            "554b29fa-2965-7063-5be1-229202673085",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "alert_plot",
        "83af48bc-135e-9def-a5cf-e9a2f233f03f",
        DataType::PlotlyJson,
    )],
};

const FIRST_END_ERROR: &str = "value_series must have smaller timestamps if first non-zero \
    entry of alert_indicator_series is -1. Otherwise no start for the first alert can be found!";
const LAST_START_ERROR: &str = "value_series must have greater timestamps if last non-zero \
    entry of alert_indicator_series is 1. Otherwise no end for the last alert can be found!";

/// Timeseries and Alerts Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries and Alerts Plot: the series sorted by index as one `"lines"` trace (no
/// name) on hetida's standard time layout (y axis titled with the series name when it has
/// one), plus one rectangle shape per alert: x0 = alert start, x1 = alert end, y0/y1 =
/// the series' minimum/maximum (NaN skipped; `null` for an all-NaN series), line
/// `rgb(251, 40, 0)` width 1, fill `rgba(251, 40, 0, 0.4)`.
///
/// Alerts come from `alert_series` (+1 start, -1 end, 0 nothing): its non-zero entries
/// (NaN counts as non-zero, as `NaN != 0`) sorted by index; if the first is -1, a +1 is
/// added at the series' first timestamp (`ValueError` unless that is strictly earlier than
/// the first alert entry); if then the last is +1, a -1 is put at the series' last
/// timestamp (overwriting an entry at that label) — `ValueError` unless that timestamp is
/// later than the **first** alert entry (hetida's check, reproduced). Every +1 is paired
/// with the next entry as its end, whatever its value.
///
/// Deviations: indexes must be datetime or integer (other labels raise `TypeError`), the
/// series values and alert values must be numeric (`TypeError`). Mixing tz-naive and
/// tz-aware indexes raises `TypeError` as in pandas.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let alerts = inputs.series("alert_series")?;
    Ok(figure_output("alert_plot", alerts_figure(series, alerts)?))
}

/// An index label: nanoseconds (datetime, with its timezone) or an integer.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Label {
    /// The ordering key; `None` for NaT.
    key: Option<i64>,
    /// Timezone of a datetime label; `None` for integer labels.
    tz: Option<Tz>,
}

impl Label {
    fn to_json(self) -> Json {
        match (self.key, self.tz) {
            (None, _) => Json::Null,
            (Some(ns), Some(tz)) => timestamp(ns, tz),
            (Some(i), None) => Json::from(i),
        }
    }
}

/// The labels of an index; `TypeError` for index kinds the component does not support.
fn labels(col: &Column, what: &str) -> Result<Vec<Label>, ComponentError> {
    match col.kind() {
        ColumnKind::Datetime => Ok(col
            .datetime_ns_opt()
            .unwrap_or_default()
            .into_iter()
            .map(|key| Label {
                key,
                tz: Some(col.tz),
            })
            .collect()),
        ColumnKind::Int => Ok(col
            .i64_values()
            .unwrap_or_default()
            .iter()
            .map(|&i| Label {
                key: Some(i),
                tz: None,
            })
            .collect()),
        _ => Err(ComponentError::type_error(format!(
            "the index of '{what}' must hold timestamps or integers"
        ))),
    }
}

/// Checks that labels of the two indexes compare (pandas raises `TypeError` otherwise).
fn comparable(a: &Column, b: &Column) -> Result<(), ComponentError> {
    match (a.kind(), b.kind()) {
        (ColumnKind::Datetime, ColumnKind::Datetime) => {
            if a.tz.is_aware() != b.tz.is_aware() {
                Err(ComponentError::type_error(
                    "Cannot compare tz-naive and tz-aware timestamps",
                ))
            } else {
                Ok(())
            }
        }
        (ColumnKind::Int, ColumnKind::Int) => Ok(()),
        (ColumnKind::Datetime, _) | (_, ColumnKind::Datetime) => Err(ComponentError::type_error(
            "'<' not supported between instances of 'Timestamp' and 'int'",
        )),
        _ => Ok(()),
    }
}

/// `series.min()` and `series.max()` as plotly writes them: ints for int series, floats
/// otherwise (NaN skipped; `null` when nothing is left).
fn value_extremes(values: &Column) -> Result<(Json, Json), ComponentError> {
    if values.kind() == ColumnKind::Int {
        let v = values.i64_values().unwrap_or_default();
        let lo = v.iter().min().map_or(Json::Null, |&x| Json::from(x));
        let hi = v.iter().max().map_or(Json::Null, |&x| Json::from(x));
        return Ok((lo, hi));
    }
    let v = values
        .f64_values()
        .ok_or_else(|| ComponentError::type_error("the values of 'series' must be numeric"))?;
    let (mut lo, mut hi) = (f64::NAN, f64::NAN);
    for &x in v.iter().filter(|x| !x.is_nan()) {
        if lo.is_nan() || x < lo {
            lo = x;
        }
        if hi.is_nan() || x > hi {
            hi = x;
        }
    }
    Ok((float(lo), float(hi)))
}

/// Builds the figure (see [`run`]).
fn alerts_figure(series: &SeriesValue, alerts: &SeriesValue) -> Result<Json, ComponentError> {
    let (lo, hi) = value_extremes(&series.values)?;
    let series_labels = labels(&series.index, "series")?;
    let alert_labels = labels(&alerts.index, "alert_series")?;
    comparable(&series.index, &alerts.index)?;
    let alert_values = alerts.values.f64_values().ok_or_else(|| {
        ComponentError::type_error("the values of 'alert_series' must be numeric")
    })?;

    let keys = series_labels.iter().filter_map(|l| l.key.map(|k| (k, *l)));
    let min_ts = keys.clone().min_by_key(|(k, _)| *k).map(|(_, l)| l);
    let max_ts = keys.max_by_key(|(k, _)| *k).map(|(_, l)| l);

    // Non-zero entries sorted by label (stable; NaT last).
    let mut entries: Vec<(Label, f64)> = alert_labels
        .into_iter()
        .zip(alert_values.iter().copied())
        .filter(|(_, v)| *v != 0.0)
        .collect();
    let sort = |e: &mut Vec<(Label, f64)>| {
        e.sort_by_key(|(l, _)| (l.key.is_none(), l.key));
    };
    sort(&mut entries);
    let first_key = |e: &[(Label, f64)]| e.iter().filter_map(|(l, _)| l.key).min();
    if entries.first().is_some_and(|(_, v)| *v == -1.0) {
        match (min_ts, first_key(&entries)) {
            (Some(t), Some(first)) if t.key.is_some_and(|k| k < first) => {
                entries.push((t, 1.0));
                sort(&mut entries);
            }
            _ => return Err(ComponentError::value_error(FIRST_END_ERROR)),
        }
    }
    if entries.last().is_some_and(|(_, v)| *v == 1.0) {
        match (max_ts, first_key(&entries)) {
            (Some(t), Some(first)) if t.key.is_some_and(|k| k > first) => {
                let mut found = false;
                for (l, v) in entries.iter_mut() {
                    if l.key == t.key {
                        *v = -1.0;
                        found = true;
                    }
                }
                if !found {
                    entries.push((t, -1.0));
                }
                sort(&mut entries);
            }
            _ => return Err(ComponentError::value_error(LAST_START_ERROR)),
        }
    }

    let mut layout = standard_layout_named(series.name.as_deref());
    let nat = Label {
        key: None,
        tz: None,
    };
    for (i, (start, v)) in entries.iter().enumerate() {
        if *v == 1.0 {
            let end = entries.get(i + 1).map_or(nat, |(l, _)| *l);
            layout.add_shape(
                Shape::rect(start.to_json(), lo.clone(), end.to_json(), hi.clone())
                    .style(Line::new("rgb(251, 40, 0)", 1.0))
                    .fill("rgba(251, 40, 0, 0.4)"),
            );
        }
    }
    let mut fig = Figure::new(layout);
    let (x, y) = sorted_xy(series);
    fig.add_scatter(Scatter::new(x, y).mode(Mode::Lines));
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{try_plot, ts_series, H, T0};
    use rheo_core::Value;
    use serde_json::json;

    fn run(s: SeriesValue, a: SeriesValue) -> Result<Json, ComponentError> {
        try_plot(
            &COMPONENT,
            &[
                ("series", Value::Series(s)),
                ("alert_series", Value::Series(a)),
            ],
        )
    }

    fn ts(h: i64) -> String {
        format!("2020-01-01T{h:02}:00:00+00:00")
    }

    #[test]
    fn rectangles_for_alert_periods() {
        let mut s = ts_series(
            &[T0, T0 + H, T0 + 2 * H, T0 + 3 * H, T0 + 4 * H],
            Tz::Utc,
            &[1.0, 5.0, f64::NAN, -2.0, 3.0],
        );
        s.name = Some("x".into());
        let a = ts_series(
            &[T0 + H, T0 + 2 * H, T0 + 3 * H],
            Tz::Utc,
            &[1.0, 0.0, -1.0],
        );
        let fig = run(s, a).unwrap();
        check_figure(&fig);
        assert_eq!(
            fig["layout"]["shapes"],
            json!([{"fillcolor": "rgba(251, 40, 0, 0.4)",
                    "line": {"color": "rgb(251, 40, 0)", "width": 1}, "type": "rect",
                    "x0": ts(1), "x1": ts(3), "y0": -2.0, "y1": 5.0}])
        );
        assert_eq!(fig["data"][0]["mode"], "lines");
        assert_eq!(fig["data"][0]["y"], json!([1.0, 5.0, null, -2.0, 3.0]));
        assert!(fig["data"][0].get("name").is_none());
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "x");
    }

    #[test]
    fn open_alerts_are_closed_at_the_series_ends() {
        let s = ts_series(&[T0, T0 + 4 * H], Tz::Utc, &[1.0, 2.0]);
        // Starts with an end (-1 at 01:00), ends with a start (+1 at 03:00).
        let a = ts_series(&[T0 + 3 * H, T0 + H], Tz::Utc, &[1.0, -1.0]);
        let fig = run(s, a).unwrap();
        check_figure(&fig);
        let shapes = fig["layout"]["shapes"].as_array().unwrap();
        assert_eq!(shapes.len(), 2);
        assert_eq!(
            (shapes[0]["x0"].clone(), shapes[0]["x1"].clone()),
            (json!(ts(0)), json!(ts(1)))
        );
        assert_eq!(
            (shapes[1]["x0"].clone(), shapes[1]["x1"].clone()),
            (json!(ts(3)), json!(ts(4)))
        );
    }

    #[test]
    fn errors_and_empty_inputs() {
        let s = ts_series(&[T0 + H], Tz::Utc, &[1.0]);
        let e = run(s.clone(), ts_series(&[T0 + H], Tz::Utc, &[-1.0])).unwrap_err();
        assert_eq!(e.message, FIRST_END_ERROR);
        let e = run(s.clone(), ts_series(&[T0 + H], Tz::Utc, &[1.0])).unwrap_err();
        assert_eq!(e.message, LAST_START_ERROR);
        let e = run(s.clone(), ts_series(&[T0], Tz::Naive, &[1.0])).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let fig = run(ts_series(&[], Tz::Utc, &[]), ts_series(&[], Tz::Utc, &[])).unwrap();
        check_figure(&fig);
        assert!(fig["layout"].get("shapes").is_none());
        assert_eq!(fig["data"][0]["x"], json!([]));
        // Zeros only: no alerts.
        let fig = run(s, ts_series(&[T0], Tz::Utc, &[0.0])).unwrap();
        assert!(fig["layout"].get("shapes").is_none());
        // Int series: int extremes; NaN alert entries count as non-zero ends.
        let ints = SeriesValue::new(
            Column::from_datetime_ns(vec![T0, T0 + H, T0 + 2 * H], Tz::Utc),
            Column::from_i64(vec![4, 7, 5]),
        );
        let a = ts_series(&[T0, T0 + H], Tz::Utc, &[1.0, f64::NAN]);
        let fig = run(ints, a).unwrap();
        check_figure(&fig);
        assert_eq!(
            fig["layout"]["shapes"][0],
            json!({"fillcolor": "rgba(251, 40, 0, 0.4)",
                   "line": {"color": "rgb(251, 40, 0)", "width": 1}, "type": "rect",
                   "x0": ts(0), "x1": ts(1), "y0": 4, "y1": 7})
        );
    }
}
