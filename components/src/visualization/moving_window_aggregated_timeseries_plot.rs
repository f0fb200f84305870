//! Moving Window Aggregated Timeseries Plot (`eb46db4e-aab5-4f93-8330-9423f0a2a34a`): raw
//! data and windowed aggregates in one time plot, optionally with the window extents.

use super::plotly::{column_values, Figure, Layout, Line, Marker, Mode, Scatter, Shape};
use crate::kernels::freq::parse_fixed_frequency;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Moving Window Aggregated Timeseries Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "eb46db4e-aab5-4f93-8330-9423f0a2a34a",
    revision_group_id: "f8c5e505-bb87-4814-bf77-6ce1698851ff",
    name: "Moving Window Aggregated Timeseries Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plot a time window based aggregated timeseries and the original timeseries",
    inputs: &[
        PortSpec::new(
            "original_timeseries",
            "0f92fa34-ee3d-4e3c-927d-4f82a9bb7afd",
            DataType::Series,
        ),
        PortSpec::new(
            "aggregated_timeseries",
            "6c8f83ee-3c55-45be-b893-72c0301ee355",
            DataType::Series,
        ),
        PortSpec::new(
            "window_size",
            "93d14beb-1ec6-4c16-9954-797cc91ec152",
            DataType::String,
        ),
        PortSpec::new(
            "interval_type",
            "a306bb25-1271-4d8c-b3d5-9f4db23807d9",
            DataType::String,
        ),
        PortSpec::new(
            "label_position",
            "629d3bfb-3e54-49d6-ba48-7959a5482139",
            DataType::String,
        ),
        PortSpec::new(
            "plotting_mode",
            "6276625e-33a2-4e01-8b55-0c452e5c46ac",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "plot",
        "5c3b2c95-872a-4d08-91ff-a847532af488",
        DataType::PlotlyJson,
    )],
};

const DATA_COLOR: &str = "gray";
const AGGR_COLOR: &str = "mediumvioletred";

/// Moving Window Aggregated Timeseries Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving Window Aggregated Timeseries Plot. `window_size` is read as a pandas timedelta
/// (see [`parse_window`]); NaN aggregates are dropped. Traces (`scatter`, x = index as
/// given, unsorted):
///
/// 1. "original timeseries": with `plotting_mode == "dots_and_windows"` mode `"markers"`,
///    marker colour `"gray"`; otherwise mode `"lines"`, line colour `"gray"`;
/// 2. "aggregated timeseries": markers of size 6 in `"mediumvioletred"`, or a line of that
///    colour;
/// 3. only in `"dots_and_windows"` mode: with offsets by `label_position` (`"left"`: window
///    from t to t + w; `"right"`: t − w to t; anything else, i.e. centre: t ∓ w/2),
///    "left closed" markers (symbol 8, size 8, mediumvioletred) at t − left offset when
///    `interval_type` is `left_closed`, `right_open` or `closed`; "right closed" markers
///    (symbol 7, size 8) at t + right offset when `right_closed`, `left_open` or `closed`;
///    and one layout shape per aggregate: a line named "window size" from
///    (t − left offset, v) to (t + right offset, v), colour mediumvioletred, width 2.
///
/// Layout: hetida's standard time layout (x title "Time", y title "Values", autosize,
/// height 200, margins l0 r0 b0 t5 pad0, automargin, no template).
///
/// Errors: an unparsable window size `ValueError` (`Invalid frequency: …` or the calendar
/// offset message); offsets on a non-datetime aggregate index in `"dots_and_windows"` mode
/// `TypeError`, as pandas' index arithmetic with a Timedelta.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let original = inputs.series("original_timeseries")?;
    let aggregated = inputs.series("aggregated_timeseries")?;
    let window = parse_window(inputs.str("window_size")?)?;
    let interval_type = inputs.str("interval_type")?;
    let label_position = inputs.str("label_position")?;
    let plotting_mode = inputs.str("plotting_mode")?;
    let fig = mw_figure(
        original,
        aggregated,
        window,
        interval_type,
        label_position,
        plotting_mode,
    )?;
    Ok(Outputs::single("plot", Value::Json(fig)))
}

/// Nanoseconds of one unit word of a pandas timedelta string.
fn unit_ns(unit: &str) -> Option<f64> {
    const S: f64 = 1e9;
    Some(match unit.to_ascii_lowercase().as_str() {
        "w" | "week" | "weeks" => 7.0 * 86_400.0 * S,
        "d" | "day" | "days" => 86_400.0 * S,
        "h" | "hr" | "hour" | "hours" => 3_600.0 * S,
        "m" | "t" | "min" | "mins" | "minute" | "minutes" => 60.0 * S,
        "s" | "sec" | "secs" | "second" | "seconds" => S,
        "ms" | "l" | "milli" | "millis" | "millisecond" | "milliseconds" => 1e6,
        "us" | "u" | "micro" | "micros" | "microsecond" | "microseconds" => 1e3,
        "ns" | "n" | "nano" | "nanos" | "nanosecond" | "nanoseconds" => 1.0,
        _ => return None,
    })
}

/// `HH:MM:SS[.fff]` in nanoseconds.
fn clock_ns(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 3 {
        return None;
    }
    let h: u64 = parts[0].parse().ok()?;
    let m: u64 = parts[1].parse().ok()?;
    let sec: f64 = parts[2].parse().ok()?;
    Some((h * 3600 + m * 60) as f64 * 1e9 + sec * 1e9)
}

/// pandas `to_timedelta` of the common string forms: number/unit pairs with optional
/// spaces and decimals (`"15min"`, `"1.5h"`, `"2 days"`, `"1h30m"`), a clock
/// `"HH:MM:SS"` and `"N days HH:MM:SS"`, with an optional sign.
fn timedelta_text(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if t.is_empty() {
        return None;
    }
    let mut total = 0.0f64;
    let mut rest = t;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
            .unwrap_or(rest.len());
        let num = &rest[..num_len];
        if num.is_empty() {
            return None;
        }
        if num.contains(':') {
            total += clock_ns(num)?;
            rest = &rest[num_len..];
            continue;
        }
        let value: f64 = num.parse().ok()?;
        rest = rest[num_len..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        // pandas no longer accepts "M" (month) or "Y"; a bare number is nanoseconds.
        if unit == "M" || unit.eq_ignore_ascii_case("y") {
            return None;
        }
        total += value * if unit.is_empty() { 1.0 } else { unit_ns(unit)? };
        rest = &rest[unit_len..];
    }
    let ns = total.round();
    if !ns.is_finite() || ns.abs() >= 9.2e18 {
        return None;
    }
    Some(if neg { -(ns as i64) } else { ns as i64 })
}

/// hetida's `freqstr2timedelta`: `pd.to_timedelta(s)`, falling back to the fixed-length
/// offset alias (`"H"`, `"5T"`, …; see [`parse_fixed_frequency`]) whose errors it reports.
pub fn parse_window(s: &str) -> Result<i64, ComponentError> {
    match timedelta_text(s) {
        Some(ns) => Ok(ns),
        None => parse_fixed_frequency(s),
    }
}

/// The series without NaN values (pandas `dropna`).
fn dropna(s: &SeriesValue) -> (Vec<usize>, Vec<Json>) {
    let keep: Vec<usize> = match s.values.kind() {
        ColumnKind::Float => {
            let v = s.values.f64_values().unwrap_or_default();
            (0..v.len()).filter(|&i| !v[i].is_nan()).collect()
        }
        ColumnKind::Datetime => {
            let v = s.values.datetime_ns_opt().unwrap_or_default();
            (0..v.len()).filter(|&i| v[i].is_some()).collect()
        }
        ColumnKind::Str => {
            let v = s.values.str_values().unwrap_or_default();
            (0..v.len()).filter(|&i| v[i].is_some()).collect()
        }
        ColumnKind::Int | ColumnKind::Bool => (0..s.len()).collect(),
    };
    let values = column_values(&s.values, Some(&keep));
    (keep, values)
}

/// The datetime index at `keep`, shifted by `delta` ns, as plotly data.
fn shifted(index: &Column, keep: &[usize], delta: i64) -> Vec<Json> {
    let v = index.datetime_ns_opt().unwrap_or_default();
    let col = Column::from_opt_datetime_ns(
        keep.iter()
            .map(|&i| v[i].map(|t| t.saturating_add(delta)))
            .collect(),
        index.tz,
    );
    column_values(&col, None)
}

fn marker_trace(x: Vec<Json>, y: Vec<Json>, marker: Marker, name: &str) -> Json {
    Scatter::new(x, y)
        .mode(Mode::Markers)
        .marker(marker)
        .name(name)
        .into_json()
}

fn line_trace(x: Vec<Json>, y: Vec<Json>, color: &str, name: &str) -> Json {
    let line = Line {
        color: Some(color.into()),
        ..Default::default()
    };
    Scatter::new(x, y)
        .mode(Mode::Lines)
        .line(line)
        .name(name)
        .into_json()
}

fn mw_figure(
    original: &SeriesValue,
    aggregated: &SeriesValue,
    window: i64,
    interval_type: &str,
    label_position: &str,
    plotting_mode: &str,
) -> Result<Json, ComponentError> {
    let dots = plotting_mode == "dots_and_windows";
    let (keep, agg_values) = dropna(aggregated);
    let agg_x = column_values(&aggregated.index, Some(&keep));
    let orig_x = column_values(&original.index, None);
    let orig_y = column_values(&original.values, None);
    let mut data = Vec::new();
    let mut shapes = Vec::new();
    if dots {
        data.push(marker_trace(
            orig_x,
            orig_y,
            Marker::color(DATA_COLOR),
            "original timeseries",
        ));
        data.push(marker_trace(
            agg_x,
            agg_values.clone(),
            Marker {
                size: Some(6.into()),
                ..Marker::color(AGGR_COLOR)
            },
            "aggregated timeseries",
        ));
        if aggregated.index.kind() != ColumnKind::Datetime {
            return Err(ComponentError::type_error(
                "unsupported operand type(s) for -: 'Index' and 'Timedelta'",
            ));
        }
        let (x0_off, x1_off) = match label_position {
            "left" => (0, window),
            "right" => (window, 0),
            _ => {
                // pandas Timedelta / 2 truncates to whole nanoseconds.
                let half = (window as f64 / 2.0) as i64;
                (half, half)
            }
        };
        let edge = |symbol: i64| Marker {
            size: Some(8.into()),
            symbol: Some(symbol.into()),
            ..Marker::color(AGGR_COLOR)
        };
        let starts = shifted(&aggregated.index, &keep, -x0_off);
        let ends = shifted(&aggregated.index, &keep, x1_off);
        if matches!(interval_type, "left_closed" | "right_open" | "closed") {
            data.push(marker_trace(
                starts.clone(),
                agg_values.clone(),
                edge(8),
                "left closed",
            ));
        }
        if matches!(interval_type, "right_closed" | "left_open" | "closed") {
            data.push(marker_trace(
                ends.clone(),
                agg_values.clone(),
                edge(7),
                "right closed",
            ));
        }
        for ((x0, x1), v) in starts.into_iter().zip(ends).zip(agg_values) {
            shapes.push(
                Shape::line(x0, v.clone(), x1, v)
                    .style(Line::new(AGGR_COLOR, 2.0))
                    .named("window size"),
            );
        }
    } else {
        data.push(line_trace(
            orig_x,
            orig_y,
            DATA_COLOR,
            "original timeseries",
        ));
        data.push(line_trace(
            agg_x,
            agg_values,
            AGGR_COLOR,
            "aggregated timeseries",
        ));
    }
    Ok(Figure {
        data,
        layout: Layout {
            shapes,
            ..Layout::standard_time()
        },
    }
    .into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use rheo_core::value::Tz;
    use serde_json::json;

    const MIN: i64 = 60 * 1_000_000_000;

    fn ts(ns: Vec<i64>, v: Vec<f64>) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ns, Tz::Utc),
            Column::from_f64(v),
        ))
    }

    fn run(
        orig: Value,
        agg: Value,
        window: &str,
        interval: &str,
        label: &str,
        mode: &str,
    ) -> Result<Json, ComponentError> {
        let s = |x: &str| Value::Str(x.into());
        match run1(
            &COMPONENT,
            &[
                ("original_timeseries", orig),
                ("aggregated_timeseries", agg),
                ("window_size", s(window)),
                ("interval_type", s(interval)),
                ("label_position", s(label)),
                ("plotting_mode", s(mode)),
            ],
        )? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn dots_and_windows_centered_closed() {
        let fig = run(
            ts(vec![0, MIN, 2 * MIN], vec![1.0, 2.0, 3.0]),
            ts(vec![MIN, 3 * MIN], vec![2.0, f64::NAN]),
            "2min",
            "closed",
            "center",
            "dots_and_windows",
        )
        .unwrap();
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 4);
        assert_eq!(data[0]["name"], "original timeseries");
        assert_eq!(data[0]["mode"], "markers");
        assert_eq!(data[0]["marker"], json!({"color": "gray"}));
        assert_eq!(data[0]["x"].as_array().unwrap().len(), 3);
        assert_eq!(
            data[1]["marker"],
            json!({"color": "mediumvioletred", "size": 6})
        );
        // NaN aggregate dropped.
        assert_eq!(data[1]["x"], json!(["1970-01-01T00:01:00+00:00"]));
        assert_eq!(data[1]["y"], json!([2.0]));
        assert_eq!(data[2]["name"], "left closed");
        assert_eq!(data[2]["x"], json!(["1970-01-01T00:00:00+00:00"]));
        assert_eq!(
            data[2]["marker"],
            json!({"color": "mediumvioletred", "size": 8, "symbol": 8})
        );
        assert_eq!(data[3]["name"], "right closed");
        assert_eq!(data[3]["x"], json!(["1970-01-01T00:02:00+00:00"]));
        assert_eq!(data[3]["marker"]["symbol"], 7);
        assert_eq!(
            fig["layout"]["shapes"],
            json!([{"line": {"color": "mediumvioletred", "width": 2}, "name": "window size",
                    "type": "line", "x0": "1970-01-01T00:00:00+00:00",
                    "x1": "1970-01-01T00:02:00+00:00", "y0": 2.0, "y1": 2.0}])
        );
        assert_eq!(
            fig["layout"]["xaxis"],
            json!({"automargin": true, "title": {"text": "Time"}})
        );
        assert_eq!(fig["layout"]["height"], 200);
    }

    #[test]
    fn label_positions_and_interval_types() {
        let agg = ts(vec![10 * MIN], vec![1.0]);
        let orig = ts(vec![], vec![]);
        let fig = run(
            orig.clone(),
            agg.clone(),
            "5T",
            "left_closed",
            "left",
            "dots_and_windows",
        )
        .unwrap();
        assert_eq!(fig["data"].as_array().unwrap().len(), 3);
        assert_eq!(fig["data"][2]["x"], json!(["1970-01-01T00:10:00+00:00"]));
        let shape = &fig["layout"]["shapes"][0];
        assert_eq!(shape["x1"], "1970-01-01T00:15:00+00:00");
        let fig = run(
            orig.clone(),
            agg.clone(),
            "5min",
            "right_closed",
            "right",
            "dots_and_windows",
        )
        .unwrap();
        assert_eq!(fig["data"][2]["name"], "right closed");
        assert_eq!(
            fig["layout"]["shapes"][0]["x0"],
            "1970-01-01T00:05:00+00:00"
        );
        let fig = run(
            orig.clone(),
            agg.clone(),
            "5min",
            "open",
            "center",
            "dots_and_windows",
        )
        .unwrap();
        assert_eq!(fig["data"].as_array().unwrap().len(), 2);
        assert_eq!(
            fig["layout"]["shapes"][0]["x0"],
            "1970-01-01T00:07:30+00:00"
        );
    }

    #[test]
    fn lines_mode_and_errors() {
        let fig = run(
            fs(&[1, 2], &[1.0, 2.0]),
            fs(&[1, 2], &[f64::NAN, 3.0]),
            "1h",
            "closed",
            "center",
            "lines",
        )
        .unwrap();
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 2);
        assert_eq!(data[0]["line"], json!({"color": "gray"}));
        assert_eq!(data[0]["mode"], "lines");
        assert_eq!(data[1]["line"], json!({"color": "mediumvioletred"}));
        assert_eq!(data[1]["x"], json!([2]));
        assert!(fig["layout"].get("shapes").is_none());
        let e = run(
            ts(vec![], vec![]),
            ts(vec![], vec![]),
            "1M",
            "closed",
            "left",
            "lines",
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = run(
            fs(&[1], &[1.0]),
            fs(&[1], &[1.0]),
            "1h",
            "closed",
            "left",
            "dots_and_windows",
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }

    #[test]
    fn window_strings() {
        assert_eq!(parse_window("15min").unwrap(), 15 * MIN);
        assert_eq!(parse_window("1h30m").unwrap(), 90 * MIN);
        assert_eq!(parse_window("2 days").unwrap(), 2 * 24 * 60 * MIN);
        assert_eq!(parse_window("00:15:00").unwrap(), 15 * MIN);
        assert_eq!(
            parse_window("1 days 00:01:00").unwrap(),
            (24 * 60 + 1) * MIN
        );
        assert_eq!(parse_window("1.5h").unwrap(), 90 * MIN);
        assert_eq!(parse_window("H").unwrap(), 60 * MIN);
        assert_eq!(parse_window("90S").unwrap(), 90 * 1_000_000_000);
        assert!(parse_window("abc").is_err());
        assert!(parse_window("").is_err());
    }
}
