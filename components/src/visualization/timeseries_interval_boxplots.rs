//! Timeseries Interval Boxplots (`56c937d5-37df-c70f-2113-808ef4a6d9ba`): box plots of a
//! series' values grouped by day, ISO week, month or year (plotly express box plot).

use super::plotly::{column_values, Figure, Layout, Line, Marker};
use super::traces::{BoxTrace, PxDefaults, PLOTLY_COLORWAY};
use chrono::{DateTime, Datelike};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Timeseries Interval Boxplots 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "56c937d5-37df-c70f-2113-808ef4a6d9ba",
    revision_group_id: "56c937d5-37df-c70f-2113-808ef4a6d9ba",
    name: "Timeseries Interval Boxplots",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Box Plots for each day, week, month or year",
    inputs: &[
        PortSpec::new(
            "series",
            "884ef67a-37ae-d67c-6d51-6d3b59556bec",
            DataType::Series,
        ),
        PortSpec::new(
            "interval",
            "4128780c-c4e1-1540-8864-06e810fb223d",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "plot",
        "1658275f-5ff6-1e12-c44c-3dac33a6a56d",
        DataType::PlotlyJson,
    )],
};

/// Timeseries Interval Boxplots as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interval {
    Day,
    Week,
    Month,
    Year,
}

impl Interval {
    fn parse(s: &str) -> Result<Self, ComponentError> {
        match s.to_lowercase().as_str() {
            "day" | "d" => Ok(Interval::Day),
            "week" | "w" => Ok(Interval::Week),
            "month" | "m" => Ok(Interval::Month),
            "year" | "y" => Ok(Interval::Year),
            _ => Err(ComponentError::value_error(format!(
                "Unknown interval string: {s}"
            ))),
        }
    }

    fn column(self) -> &'static str {
        match self {
            Interval::Day => "year--month--day",
            Interval::Week => "year--week",
            Interval::Month => "year--month",
            Interval::Year => "year",
        }
    }

    /// The label of local wall-clock nanoseconds `ns`.
    fn label(self, ns: i64) -> String {
        let d = DateTime::from_timestamp_nanos(ns).naive_utc().date();
        match self {
            Interval::Day => format!("{}--{:02}--{:02}", d.year(), d.month(), d.day()),
            Interval::Week => format!("{}--{:02}", d.year(), d.iso_week().week()),
            Interval::Month => format!("{}--{:02}", d.year(), d.month()),
            Interval::Year => d.year().to_string(),
        }
    }
}

/// Timeseries Interval Boxplots: the series sorted by index (stable) and, per point, a
/// group label from its timestamp in the index's own wall time; `interval`
/// (case-insensitive) selects label and label column:
///
/// * `"day"`/`"d"`: `"YYYY--MM--DD"` (`year--month--day`);
/// * `"week"`/`"w"`: calendar year and **ISO week** `"YYYY--WW"` (`year--week`; so
///   2021-01-01 gives `"2021--53"`);
/// * `"month"`/`"m"`: `"YYYY--MM"` (`year--month`);
/// * `"year"`/`"y"`: `"YYYY"` (`year`).
///
/// One px `box` trace: x = the labels, y = the values (NaN → `null`), marker colour
/// `"#636efa"`, `line.color = "#1199bb"`, px defaults (alignmentgroup `"True"`, notched
/// false, offsetgroup `""`, orientation `"v"`, x0/y0 `" "`, name/legendgroup `""`, no legend
/// entry, hovertemplate `"<label column>=%{x}<br><value column>=%{y}<extra></extra>"` with
/// the value column = the series name or `0` when unnamed). Layout: x title = the label
/// column, y title `"Values"` (px anchors/domains, automargin), autosize, height 200,
/// boxmode `"group"`, legend tracegroupgap 0, margins l0 r0 b0 t5 pad0.
///
/// Errors: `ValueError("Unknown interval string: <interval>")`; a non-datetime index with
/// entries `AttributeError("'<type>' object has no attribute 'year'")`; NaT labels
/// `ValueError("Unknown format code 'd' for object of type 'float'")` (as Python's
/// formatting of NaT's NaN fields).
///
/// Deliberate deviation: the full "plotly" template of hetida's px figure is not written.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("series")?;
    let interval = inputs.str("interval")?;
    Ok(Outputs::single(
        "plot",
        Value::Json(box_figure(s, interval)?),
    ))
}

fn box_figure(s: &SeriesValue, interval: &str) -> Result<Json, ComponentError> {
    let iv = Interval::parse(interval)?;
    let n = s.len();
    let labels: Vec<Option<i64>> = match s.index.kind() {
        ColumnKind::Datetime => s.index.datetime_ns_opt().unwrap_or_default(),
        kind if n > 0 => {
            return Err(ComponentError::new(
                "AttributeError",
                format!(
                    "'{}' object has no attribute 'year'",
                    crate::kernels::elementwise::py_entry_type(kind)
                ),
            ));
        }
        _ => Vec::new(),
    };
    // Stable sort by timestamp, NaT last (pandas sort_index).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (labels[i].is_none(), labels[i]));
    let offset = i64::from(s.index.tz.offset_seconds()) * 1_000_000_000;
    let x = order
        .iter()
        .map(|&i| match labels[i] {
            Some(ns) => Ok(Json::String(iv.label(ns.saturating_add(offset)))),
            None => Err(ComponentError::value_error(
                "Unknown format code 'd' for object of type 'float'",
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let values = column_values(&s.values, Some(&order));
    let value_col = s.name.clone().unwrap_or_else(|| "0".into());
    let col = iv.column();
    let trace = BoxTrace {
        x,
        y: values,
        marker: Marker::color(PLOTLY_COLORWAY[0]),
        line: Some(Line {
            color: Some("#1199bb".into()),
            ..Default::default()
        }),
        px: PxDefaults::single(format!("{col}=%{{x}}<br>{value_col}=%{{y}}<extra></extra>")),
    };
    Ok(Figure {
        data: vec![trace.into_json()],
        layout: Layout {
            boxmode: Some("group".into()),
            ..Layout::px(200, col, "Values")
        },
    }
    .into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, named, run1};
    use rheo_core::value::{Column, Tz};
    use serde_json::json;

    const DAY: i64 = 86_400 * 1_000_000_000;
    /// 2021-01-01T00:00:00Z.
    const T2021: i64 = 1_609_459_200 * 1_000_000_000;

    fn run(s: Value, interval: &str) -> Result<Json, ComponentError> {
        match run1(
            &COMPONENT,
            &[("series", s), ("interval", Value::Str(interval.into()))],
        )? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn ts(ns: Vec<i64>, tz: Tz, v: Vec<f64>) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ns, tz),
            Column::from_f64(v),
        ))
    }

    #[test]
    fn groups_by_interval_labels() {
        let s = named(
            ts(
                vec![T2021 + 4 * DAY, T2021, T2021 + DAY],
                Tz::Utc,
                vec![3.0, 1.0, f64::NAN],
            ),
            "temp",
        );
        let fig = run(s.clone(), "Day").unwrap();
        check_figure(&fig);
        let t = &fig["data"][0];
        assert_eq!(t["type"], "box");
        assert_eq!(
            t["x"],
            json!(["2021--01--01", "2021--01--02", "2021--01--05"])
        );
        assert_eq!(t["y"], json!([1.0, null, 3.0]));
        assert_eq!(
            t["hovertemplate"],
            "year--month--day=%{x}<br>temp=%{y}<extra></extra>"
        );
        assert_eq!(t["line"], json!({"color": "#1199bb"}));
        assert_eq!(t["marker"], json!({"color": "#636efa"}));
        assert_eq!(fig["layout"]["xaxis"]["title"]["text"], "year--month--day");
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "Values");
        assert_eq!(fig["layout"]["boxmode"], "group");
        assert_eq!(fig["layout"]["height"], 200);
        // Calendar year with ISO week: 2021-01-01 is in ISO week 53 (of 2020).
        let w = run(s.clone(), "w").unwrap();
        assert_eq!(
            w["data"][0]["x"],
            json!(["2021--53", "2021--53", "2021--01"])
        );
        let m = run(s.clone(), "MONTH").unwrap();
        assert_eq!(
            m["data"][0]["x"],
            json!(["2021--01", "2021--01", "2021--01"])
        );
        let y = run(s, "y").unwrap();
        assert_eq!(y["data"][0]["x"], json!(["2021", "2021", "2021"]));
        assert_eq!(y["layout"]["xaxis"]["title"]["text"], "year");
    }

    #[test]
    fn wall_time_of_the_index_timezone() {
        // 2020-12-31T23:30:00Z is already 2021-01-01 at +01:00.
        let s = ts(vec![T2021 - 1_800_000_000_000], Tz::Fixed(3600), vec![1.0]);
        let fig = run(s, "d").unwrap();
        assert_eq!(fig["data"][0]["x"], json!(["2021--01--01"]));
        assert_eq!(
            fig["data"][0]["hovertemplate"],
            "year--month--day=%{x}<br>0=%{y}<extra></extra>"
        );
    }

    #[test]
    fn errors_and_empty() {
        let e = run(ts(vec![T2021], Tz::Utc, vec![1.0]), "hour").unwrap_err();
        assert_eq!(e.message, "Unknown interval string: hour");
        let e = run(fs(&[1], &[1.0]), "d").unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        let nat = Value::Series(SeriesValue::new(
            Column::from_opt_datetime_ns(vec![None], Tz::Utc),
            Column::from_f64(vec![1.0]),
        ));
        assert_eq!(run(nat, "d").unwrap_err().type_name, "ValueError");
        let fig = run(ts(vec![], Tz::Utc, vec![]), "d").unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([]));
    }
}
