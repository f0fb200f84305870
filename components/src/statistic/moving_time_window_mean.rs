//! Moving Time Window Mean (`e4682ac2-9a53-4fac-a4ea-e766666ee27e`): means over fixed-size
//! time windows placed on a regular rhythm (epoch + offset + k · frequency).

use crate::kernels::rolling::{
    interval_bounds, parse_timedelta, parse_window, rolling, rolling_values, sort_rows_by_index,
    Agg, Closed,
};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Moving Time Window Mean 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e4682ac2-9a53-4fac-a4ea-e766666ee27e",
    revision_group_id: "0b98c587-601f-4a03-9f17-02f857d3a741",
    name: "Moving Time Window Mean",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculate moving time window mean values",
    inputs: &[
        PortSpec::new(
            "timeseries",
            "5bfe6402-81cc-49ef-beb2-456bbfbbd6cb",
            DataType::Series,
        ),
        PortSpec::new(
            "window_size",
            "1c0ddc42-cd17-4378-9f07-9930c1a1f7f2",
            DataType::String,
        ),
        PortSpec::new(
            "window_frequency",
            "8aa8f60e-0bd5-41d4-b511-372b3660c189",
            DataType::String,
        ),
        PortSpec::new(
            "frequency_offset",
            "a29e7af3-4be2-4cbb-9f78-1b7520ed5142",
            DataType::String,
        ),
        PortSpec::new(
            "interval_type",
            "abb7a7e9-fda2-4e74-9e0c-14574410008a",
            DataType::String,
        ),
        PortSpec::new(
            "label_position",
            "2e68e763-81db-4127-84cb-80e0c7e3f080",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "window_means",
        "c81dedf8-99e5-431f-ab4e-b6db9eaf7772",
        DataType::Series,
    )],
};

/// Moving Time Window Mean as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving Time Window Mean: the mean of the non-NaN values in each window (NaN for windows
/// without valid values), computed with the Kahan-compensated rolling mean (last-bit
/// differences to numpy's pairwise mean are possible). See [`time_window_aggregate`] for
/// the window grid, labels and errors.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    Ok(Outputs::single(
        "window_means",
        time_window_aggregate(inputs, Agg::Mean)?,
    ))
}

const INTERVAL_TYPES: [(&str, Closed); 6] = [
    ("closed", Closed::Both),
    ("open", Closed::Neither),
    ("left_closed", Closed::Left),
    ("right_open", Closed::Left),
    ("right_closed", Closed::Right),
    ("left_open", Closed::Right),
];

/// The shared body of Moving Time Window Mean/Median.
///
/// * Parameters: `window_size` w and `window_frequency` f are fixed pandas offsets ("5min",
///   "1h", "D", also "1.5H"; not negative); `frequency_offset` is a timedelta string ("0" = 0 ns, "30s",
///   "-1min") reduced modulo f; `interval_type` ∈ closed/open/left_closed/right_open/
///   right_closed/left_open decides which window edges belong to a window;
///   `label_position` left/center/right (anything else behaves like right).
/// * Grid: left edges L on the rhythm {1970-01-01 + offset + k·f} in the index's wall-clock
///   time (as pandas' `Timestamp.floor`/`ceil` do for tz-aware timestamps); from
///   ceil_on_rhythm(first - w) to floor_on_rhythm(last), one window [L, L + w] each. When
///   w == f and the interval is half-open hetida resamples instead (`origin="epoch"`, which
///   pandas anchors at 1970-01-01 in the index's own timezone), which emits only the bins
///   from the one holding the first timestamp to the one holding the last; Rheo does the
///   same (wall-clock rhythm, no leading/trailing empty window in that case).
/// * Labels: right → L + w, left → L, center → L + w - w/2. Output float64, name, attrs
///   and timezone of the input kept; all windows between first and last present.
/// * Errors as in hetida: an unknown interval_type raises ValueError listing the options;
///   bad offset strings ValueError; a non-datetime index TypeError "This component is
///   exclusively for Pandas Series with a Pandas DatetimeIndex!"; on the rolling path an
///   empty series raises IndexError and duplicate timestamps raise ValueError "cannot
///   reindex on an axis with duplicate labels".
///
/// Deviation: hetida sorts the caller's series in place; Rheo leaves it untouched.
pub fn time_window_aggregate(inputs: &Inputs, agg: Agg) -> Result<Value, ComponentError> {
    let interval_type = inputs.str("interval_type")?;
    let closed = INTERVAL_TYPES
        .iter()
        .find(|(k, _)| *k == interval_type)
        .map(|(_, c)| *c)
        .ok_or_else(|| {
            let options: Vec<&str> = INTERVAL_TYPES.iter().map(|(k, _)| *k).collect();
            ComponentError::value_error(format!(
                "'{interval_type}' is not allowed as input for interval_type!\nPlease use one \
                 of the following options instead:\n{}\n",
                options.join("\n")
            ))
        })?;
    let s = inputs.series("timeseries")?;
    let w = parse_window(inputs.str("window_size")?)?;
    let f = parse_window(inputs.str("window_frequency")?)?;
    let offset = parse_timedelta(inputs.str("frequency_offset")?)?;
    let label_position = inputs.str("label_position")?;
    if f == 0 {
        return Err(ComponentError::new(
            "ZeroDivisionError",
            "window_frequency must not be zero",
        ));
    }
    if w < 0 || f < 0 {
        return Err(ComponentError::value_error(format!(
            "window_size ({}) and window_frequency ({}) must not be negative",
            inputs.str("window_size")?,
            inputs.str("window_frequency")?
        )));
    }
    if s.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::type_error(
            "This component is exclusively for Pandas Series with a Pandas DatetimeIndex!",
        ));
    }
    if s.index.has_nulls() {
        return Err(ComponentError::value_error(
            "index values must not have NaT",
        ));
    }
    let offset = offset.rem_euclid(f);
    let resample = w == f && matches!(closed, Closed::Left | Closed::Right);
    let mut rows: Vec<usize> = (0..s.len()).collect();
    sort_rows_by_index(&s.index, &mut rows);
    let all = s.index.datetime_ns().unwrap_or_default();
    let sorted: Vec<i64> = rows.iter().map(|&i| all[i]).collect();
    let tz = s.index.tz;
    let result = |labels: Vec<i64>, values: Vec<f64>| {
        Value::Series(SeriesValue {
            name: s.name.clone(),
            index: Column::from_datetime_ns(labels, tz),
            values: Column::from_f64(values),
            attrs: s.attrs.clone(),
        })
    };
    if sorted.is_empty() {
        if resample {
            return Ok(result(Vec::new(), Vec::new()));
        }
        return Err(ComponentError::new(
            "IndexError",
            "index 0 is out of bounds for axis 0 with size 0",
        ));
    }
    if !resample && sorted.windows(2).any(|p| p[0] == p[1]) {
        return Err(ComponentError::value_error(
            "cannot reindex on an axis with duplicate labels",
        ));
    }
    // Rhythm arithmetic in wall-clock time: pandas' `floor`/`ceil` of tz-aware timestamps
    // (rolling path) work there, and `resample(origin="epoch")` takes its epoch as
    // `Timestamp("1970-01-01", tz=index.tz)`, midnight in the index's own timezone.
    let wall = i64::from(tz.offset_seconds()) * 1_000_000_000;
    let floor_r = |t: i64| (t - offset).div_euclid(f) * f + offset;
    let ceil_r = |t: i64| {
        let fl = floor_r(t);
        if fl == t {
            t
        } else {
            fl + f
        }
    };
    let (first, last) = (sorted[0] + wall, sorted[sorted.len() - 1] + wall);
    let (l_first, l_last) = match (resample, closed) {
        (true, Closed::Right) => (ceil_r(first) - w, ceil_r(last) - w),
        (true, _) => (floor_r(first), floor_r(last)),
        (false, _) => (ceil_r(first.saturating_sub(w)), floor_r(last)),
    };
    let count = if l_last < l_first {
        0
    } else {
        ((l_last - l_first) / f + 1) as usize
    };
    if count > 100_000_000 {
        return Err(ComponentError::new(
            "MemoryError",
            format!("{count} windows requested (window_frequency too small for the time span)"),
        ));
    }
    let lefts: Vec<i64> = (0..count as i64).map(|k| l_first + k * f - wall).collect();
    let bounds = interval_bounds(&sorted, lefts.iter().copied(), w, closed);
    let values = rolling_values(&s.values)?;
    let values: Vec<f64> = rows.iter().map(|&i| values[i]).collect();
    let out = rolling(&values, &bounds, agg, 1);
    let shift = match label_position {
        "left" => 0,
        "center" => w - w / 2,
        _ => w,
    };
    Ok(result(lefts.iter().map(|l| l + shift).collect(), out))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::component::Component;
    use rheo_core::value::Tz;

    /// 2020-01-01T00:00:00Z in seconds (a multiple of every rhythm used here).
    pub const D0: i64 = 1_577_836_800;

    pub fn series(mins: &[i64], values: &[f64]) -> Value {
        let mut v = dts(
            &mins.iter().map(|m| D0 - T0 + m * 60).collect::<Vec<_>>(),
            Tz::Utc,
            values,
        );
        if let Value::Series(s) = &mut v {
            s.name = Some("temp".into());
        }
        v
    }

    pub fn run(c: &dyn Component, ts: Value, p: [&str; 5]) -> Result<Value, ComponentError> {
        let names = [
            "window_size",
            "window_frequency",
            "frequency_offset",
            "interval_type",
            "label_position",
        ];
        let mut inputs: Vec<(&str, Value)> = vec![("timeseries", ts)];
        inputs.extend(names.iter().zip(p).map(|(n, v)| (*n, Value::Str(v.into()))));
        run1(c, &inputs)
    }

    /// Labels of a result in minutes after [`D0`] (halves as x.5 → tenths of minutes).
    pub fn mins(v: &Value) -> Vec<f64> {
        secs(v)
            .iter()
            .map(|s| (s - (D0 - T0)) as f64 / 60.0)
            .collect()
    }

    #[test]
    fn overlapping_windows_as_in_the_example_workflow() {
        // 15 min windows every 5 min, left-closed, centered labels (the example workflow's
        // parameters). Windows [L, L+15) for L = -15 .. 15 min.
        let ts = series(&[0, 5, 10, 15], &[1.0, 2.0, 3.0, 4.0]);
        let r = run(
            &COMPONENT,
            ts,
            ["15min", "5min", "0", "left_closed", "center"],
        )
        .unwrap();
        assert_eq!(mins(&r), [-7.5, -2.5, 2.5, 7.5, 12.5, 17.5, 22.5]);
        close(&vals(&r), &[f64::NAN, 1.0, 1.5, 2.0, 3.0, 3.5, 4.0]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("temp"));
        assert_eq!(s.index.tz, Tz::Utc);
    }

    #[test]
    fn consecutive_windows_like_resample() {
        let ts = series(&[35, 0, 5, 10], &[4.0, 1.0, 2.0, 3.0]);
        // [L, L+10): bins 0,10,20,30 labelled right.
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "right_open", "right"],
        )
        .unwrap();
        assert_eq!(mins(&r), [10.0, 20.0, 30.0, 40.0]);
        close(&vals(&r), &[1.5, 3.0, f64::NAN, 4.0]);
        // (L, L+10]: the first bin is (-10, 0].
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "left_open", "left"],
        )
        .unwrap();
        assert_eq!(mins(&r), [-10.0, 0.0, 10.0, 20.0, 30.0]);
        close(&vals(&r), &[1.0, 2.5, f64::NAN, f64::NAN, 4.0]);
        // Closed and open windows take the rolling path with its leading window.
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "closed", "right"],
        )
        .unwrap();
        assert_eq!(mins(&r), [0.0, 10.0, 20.0, 30.0, 40.0]);
        close(&vals(&r), &[1.0, 2.0, 3.0, f64::NAN, 4.0]);
        let r = run(&COMPONENT, ts, ["10min", "10min", "0", "open", "right"]).unwrap();
        close(&vals(&r), &[f64::NAN, 2.0, f64::NAN, f64::NAN, 4.0]);
    }

    #[test]
    fn frequency_offset_shifts_the_rhythm() {
        // Offset 12 min ≡ 2 min (mod 10): bins [-8, 2), [2, 12), [12, 22).
        let ts = series(&[0, 5, 10, 15], &[1.0, f64::NAN, 3.0, 4.0]);
        let r = run(
            &COMPONENT,
            ts,
            ["10min", "10min", "12min", "left_closed", "left"],
        )
        .unwrap();
        assert_eq!(mins(&r), [-8.0, 2.0, 12.0]);
        close(&vals(&r), &[1.0, 3.0, 4.0]);
    }

    #[test]
    fn aware_indexes_use_wall_time_rhythm_also_when_resampling() {
        // 2020-01-01T00:05:00Z is a multiple of 7 min since the epoch in UTC; in +01:00 wall
        // time it is 4 min past a 7 min boundary.
        let t0 = 1_577_837_100;
        let ts = dts(&[t0 - T0], Tz::Fixed(3600), &[2.0]);
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["7min", "7min", "0", "closed", "right"],
        )
        .unwrap();
        // Wall rhythm: the window [t0 - 4 min, t0 + 3 min].
        assert_eq!(secs(&r), [t0 + 180 - T0]);
        close(&vals(&r), &[2.0]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.tz, Tz::Fixed(3600));
        let r = run(
            &COMPONENT,
            ts,
            ["7min", "7min", "0", "left_closed", "right"],
        )
        .unwrap();
        // Resample path: pandas' epoch origin is midnight in the index's timezone, so the
        // same wall rhythm: bin [t0 - 4 min, t0 + 3 min), labelled at its right edge
        // (pandas 2.1.3 gives 2020-01-01 01:08:00+01:00).
        assert_eq!(secs(&r), [t0 + 180 - T0]);
    }

    #[test]
    fn errors_and_edge_cases() {
        let ts = series(&[0, 0, 5], &[1.0, 2.0, 3.0]);
        let e = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "half", "right"],
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "'half' is not allowed as input for interval_type!\nPlease use one of the \
             following options instead:\nclosed\nopen\nleft_closed\nright_open\nright_closed\n\
             left_open\n"
        );
        // Duplicates: fine for the resample path, an error on the rolling path.
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "left_closed", "right"],
        )
        .unwrap();
        close(&vals(&r), &[2.0]);
        let e = run(
            &COMPONENT,
            ts,
            ["10min", "5min", "0", "left_closed", "right"],
        )
        .unwrap_err();
        assert_eq!(e.message, "cannot reindex on an axis with duplicate labels");
        let empty = series(&[], &[]);
        let r = run(
            &COMPONENT,
            empty.clone(),
            ["5min", "5min", "0", "left_closed", "right"],
        )
        .unwrap();
        assert!(vals(&r).is_empty());
        let e = run(
            &COMPONENT,
            empty,
            ["5min", "1min", "0", "left_closed", "right"],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "IndexError");
        let ints = Value::Series(SeriesValue::new(
            Column::from_i64(vec![1]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(&COMPONENT, ints, ["5min", "1min", "0", "closed", "right"]).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = run(
            &COMPONENT,
            series(&[0], &[1.0]),
            ["M", "1min", "0", "closed", "right"],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        for p in [["-5min", "5min"], ["5min", "-5min"]] {
            let e = run(
                &COMPONENT,
                series(&[0], &[1.0]),
                [p[0], p[1], "0", "closed", "right"],
            )
            .unwrap_err();
            assert_eq!(e.type_name, "ValueError");
            assert!(e.message.contains("must not be negative"), "{}", e.message);
        }
        // A single point: the windows containing it (left edges -10, -5, 0 for 10 min
        // windows every 5 min, right-closed: (-10, 0] holds it, (0, 10] does not).
        let r = run(
            &COMPONENT,
            series(&[0], &[7.0]),
            ["10min", "5min", "0", "right_closed", "right"],
        )
        .unwrap();
        assert_eq!(mins(&r), [0.0, 5.0, 10.0]);
        close(&vals(&r), &[7.0, 7.0, f64::NAN]);
    }
}
