//! Compare Timeshifted Timeseries (`daed7280-7013-3be1-41c0-65e4628e0e1d`): a series and
//! time-shifted copies of another one, switched by a slider.

use super::plot_util::{figure_output, sorted_xy};
use super::plotly::{
    column_values, sort_order, Figure, Layout, Margin, Mode, Scatter, Slider, SliderStep,
};
use crate::kernels::freq::parse_fixed_frequency;
use crate::kernels::limits;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::timestamp::IsoFormatter;
use rheo_core::value::{ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType};
use serde_json::{json, Value as Json};

/// Identity and ports of Compare Timeshifted Timeseries 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "daed7280-7013-3be1-41c0-65e4628e0e1d",
    revision_group_id: "daed7280-7013-3be1-41c0-65e4628e0e1d",
    name: "Compare Timeshifted Timeseries",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Use a slider to timeshift one timeseries to compare it with another",
    inputs: &[
        PortSpec::new(
            "series",
            "105c728f-7e02-f7ce-60e5-aba4e0625094",
            DataType::Series,
        ),
        PortSpec::new(
            "series_shiftable",
            "9433aef9-4751-5114-345e-79dfcc427268",
            DataType::Series,
        ),
        PortSpec::new(
            "freq",
            "8fc11cb1-16ad-5053-a187-cb4fb5af31ce",
            DataType::String,
        ),
        PortSpec::new(
            "freq_factor",
            "00041bd7-41a1-4c4e-e129-b491ec028e8a",
            DataType::Int,
        ),
        PortSpec::new(
            "max_shifts_past",
            "9733a691-3271-74d1-fdb0-7b613e599420",
            DataType::Int,
        ),
        PortSpec::new(
            "max_shifts_future",
            "c8a2d3fd-6b49-c1b0-4d46-fbe5c4d156d4",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "comparison_plot",
        "c3d55f42-2827-2899-9bb0-c1537171a8cc",
        DataType::PlotlyJson,
    )],
};

/// Compare Timeshifted Timeseries as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Compare Timeshifted Timeseries:
///
/// * `ValueError("Shift maxima values must be greater equal zero.")` if a maximum is
///   negative;
/// * trace 0: `series` sorted by index, mode `"lines"`, named after the series unless the
///   name is missing, empty or `"measurement"` (then `"series"`);
/// * one trace per step k = -max_shifts_past, …, max_shifts_future - 1: `series_shiftable`
///   sorted, its index shifted by k · freq_factor · freq, mode `"lines"`, named by the same
///   rule (fallback `"series_shiftable"`), `visible: false` — except the k = 0 trace, made
///   visible. With `max_shifts_future == 0` there is none and hetida fails with
///   `IndexError("tuple index out of range")`, reproduced;
/// * layout: titles "Time"/"Values", autosize, height 480, margins l 0 r 0 b 40 t 30 pad
///   10, automargin on both axes, and one slider (`active` = max_shifts_past, current-value
///   prefix `"Shifted by x times frequency {freq_factor}{freq}: "`, pad t 80 b 10) with one
///   `"update"` step per shifted trace i, labelled `i - max_shifts_past - 1`, whose args
///   show trace 0 and trace i only and set the title to prefix + label.
///
/// Deviation: only fixed frequencies (`D`, `H`, `T`/`min`, `S`, …) are supported; calendar
/// offsets (`M`, `W`, `B`, …) raise `ValueError` instead of shifting by calendar units.
/// Shifting a non-datetime index raises hetida's `NotImplementedError`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let shiftable = inputs.series("series_shiftable")?;
    let freq = inputs.str("freq")?;
    let factor = inputs.int("freq_factor")?;
    let past = inputs.int("max_shifts_past")?;
    let future = inputs.int("max_shifts_future")?;
    let fig = shift_figure(series, shiftable, freq, factor, past, future)?;
    Ok(figure_output("comparison_plot", fig))
}

/// `name if (name and name != "measurement") else default`.
fn display_name<'a>(s: &'a SeriesValue, default: &'a str) -> &'a str {
    match s.name.as_deref() {
        Some(n) if !n.is_empty() && n != "measurement" => n,
        _ => default,
    }
}

/// Builds the figure (see [`run`]).
fn shift_figure(
    series: &SeriesValue,
    shiftable: &SeriesValue,
    freq: &str,
    factor: i64,
    past: i64,
    future: i64,
) -> Result<Json, ComponentError> {
    if past < 0 || future < 0 {
        return Err(ComponentError::value_error(
            "Shift maxima values must be greater equal zero.",
        ));
    }
    // Every shift is a trace holding a copy of the shiftable series.
    let copies = (past as u128 + future as u128) * (shiftable.len() as u128 + 1);
    limits::within("the shifted traces", copies, limits::MAX_ELEMENTS)?;
    let mut layout = Layout::standard_time();
    layout.height = Some(480);
    layout.margin = Some(Margin {
        b: 40.into(),
        t: 30.into(),
        pad: Some(10.into()),
        ..Default::default()
    });
    let mut fig = Figure::new(layout);
    let (x, y) = sorted_xy(series);
    fig.add_scatter(
        Scatter::new(x, y)
            .mode(Mode::Lines)
            .name(display_name(series, "series")),
    );

    let shifted_name = display_name(shiftable, "series_shiftable");
    if past + future > 0 {
        if shiftable.index.kind() != ColumnKind::Datetime {
            return Err(ComponentError::new(
                "NotImplementedError",
                "This method is only implemented for DatetimeIndex, PeriodIndex and \
                 TimedeltaIndex; Got type Index",
            ));
        }
        let freq_ns = parse_fixed_frequency(freq)?;
        let order = sort_order(&shiftable.index);
        let order = order.as_deref();
        let y = column_values(&shiftable.values, order);
        let ts = shiftable.index.datetime_ns_opt().unwrap_or_default();
        let mut fmt = IsoFormatter::new(shiftable.index.tz);
        let overflow =
            || ComponentError::new("OverflowError", "Python int too large to convert to C long");
        for step in -past..future {
            let offset = step
                .checked_mul(factor)
                .and_then(|p| p.checked_mul(freq_ns))
                .ok_or_else(overflow)?;
            let x = (0..ts.len())
                .map(|i| match ts[order.map_or(i, |o| o[i])] {
                    Some(t) => t
                        .checked_add(offset)
                        .map(|t| Json::String(fmt.format(t)))
                        .ok_or_else(overflow),
                    None => Ok(Json::Null),
                })
                .collect::<Result<Vec<_>, _>>()?;
            fig.add_scatter(
                Scatter::new(x, y.clone())
                    .mode(Mode::Lines)
                    .name(shifted_name)
                    .visible(false),
            );
        }
    }
    let n = fig.data.len();
    let start = usize::try_from(past)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    match fig.data.get_mut(start) {
        Some(trace) => trace["visible"] = Json::Bool(true),
        None => {
            return Err(ComponentError::new(
                "IndexError",
                "tuple index out of range",
            ))
        }
    }
    let prefix = format!("Shifted by x times frequency {factor}{freq}: ");
    let steps = (1..n)
        .map(|i| {
            let label = (i as i64 - past - 1).to_string();
            let visible: Vec<bool> = (0..n).map(|j| j == 0 || j == i).collect();
            SliderStep {
                method: "update".into(),
                label: label.clone(),
                args: vec![
                    json!({ "visible": visible }),
                    json!({ "title": format!("{prefix}{label}") }),
                ],
            }
        })
        .collect();
    fig.layout.sliders.push(Slider {
        active: Some(past),
        currentvalue_prefix: Some(prefix),
        pad: Some((80, 10)),
        steps,
    });
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{try_plot, ts_series, H, T0};
    use rheo_core::value::{Column, Tz};
    use rheo_core::Value;

    fn run(
        s: SeriesValue,
        sh: SeriesValue,
        freq: &str,
        factor: i64,
        past: i64,
        future: i64,
    ) -> Result<Json, ComponentError> {
        try_plot(
            &COMPONENT,
            &[
                ("series", Value::Series(s)),
                ("series_shiftable", Value::Series(sh)),
                ("freq", Value::Str(freq.into())),
                ("freq_factor", Value::Int(factor)),
                ("max_shifts_past", Value::Int(past)),
                ("max_shifts_future", Value::Int(future)),
            ],
        )
    }

    #[test]
    fn shifted_traces_and_slider() {
        let mut s = ts_series(&[T0], Tz::Utc, &[1.0]);
        s.name = Some("measurement".into());
        let mut sh = ts_series(&[T0 + H, T0], Tz::Utc, &[2.0, f64::NAN]);
        sh.name = Some("other".into());
        let fig = run(s, sh, "1h", 2, 1, 2).unwrap();
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 4);
        assert_eq!(data[0]["name"], "series");
        assert!(data[0].get("visible").is_none());
        // k = -1: shifted by -2h.
        assert_eq!(
            data[1],
            json!({"mode": "lines", "name": "other", "visible": false,
                   "x": ["2019-12-31T22:00:00+00:00", "2019-12-31T23:00:00+00:00"],
                   "y": [null, 2.0], "type": "scatter"})
        );
        assert_eq!(data[2]["visible"], true);
        assert_eq!(data[2]["x"][0], "2020-01-01T00:00:00+00:00");
        assert_eq!(data[3]["visible"], false);
        assert_eq!(data[3]["x"][0], "2020-01-01T02:00:00+00:00");
        let l = &fig["layout"];
        assert_eq!(l["height"], 480);
        assert_eq!(
            l["margin"],
            json!({"b": 40, "l": 0, "pad": 10, "r": 0, "t": 30})
        );
        let slider = &l["sliders"][0];
        assert_eq!(slider["active"], 1);
        assert_eq!(
            slider["currentvalue"]["prefix"],
            "Shifted by x times frequency 21h: "
        );
        assert_eq!(slider["pad"], json!({"b": 10, "t": 80}));
        assert_eq!(
            slider["steps"][0],
            json!({"args": [{"visible": [true, true, false, false]},
                            {"title": "Shifted by x times frequency 21h: -1"}],
                   "label": "-1", "method": "update"})
        );
        assert_eq!(slider["steps"][2]["label"], "1");
        assert_eq!(slider["steps"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn errors_like_hetida() {
        let s = ts_series(&[T0], Tz::Utc, &[1.0]);
        let e = run(s.clone(), s.clone(), "D", 1, -1, 1).unwrap_err();
        assert_eq!(e.message, "Shift maxima values must be greater equal zero.");
        let e = run(s.clone(), s.clone(), "D", 1, 2, 0).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("IndexError", "tuple index out of range")
        );
        let e = run(s.clone(), s.clone(), "M", 1, 0, 1).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let ints = SeriesValue::new(Column::from_i64(vec![1]), Column::from_f64(vec![1.0]));
        let e = run(s.clone(), ints, "D", 1, 0, 1).unwrap_err();
        assert_eq!(e.type_name, "NotImplementedError");
        // Empty shiftable series: traces without points.
        let empty = ts_series(&[], Tz::Naive, &[]);
        let fig = run(s, empty, "D", 1, 0, 1).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][1]["x"], json!([]));
        assert_eq!(fig["data"][1]["visible"], true);
    }
}
