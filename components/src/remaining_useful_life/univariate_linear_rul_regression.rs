//! Univariate Linear RUL Regression (`8d61a267-3a71-51cd-2817-48c320469d6b`): fits a line
//! through a time series and extrapolates it to the time the line reaches a limit.

use crate::kernels::freq::parse_fixed_frequency;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::timestamp::format_isoformat;
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::json;
use std::sync::Arc;

/// Identity and ports of Univariate Linear RUL Regression 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8d61a267-3a71-51cd-2817-48c320469d6b",
    revision_group_id: "8d61a267-3a71-51cd-2817-48c320469d6b",
    name: "Univariate Linear RUL Regression",
    category: "Remaining Useful Life",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Linear trend of a time series extrapolated to a limit (remaining useful life)",
    inputs: &[
        PortSpec::new(
            "num_pred_series_future_days",
            "278dc2d7-73da-3c38-a1ad-ea7d186ac887",
            DataType::Int,
        ),
        PortSpec::new(
            "pred_series_frequency",
            "425f3ef8-e7ae-6ba9-c2c1-dcc594b3c61a",
            DataType::String,
        ),
        PortSpec::new(
            "timeseries",
            "c482c011-a393-ff58-67d6-c4caec939083",
            DataType::Series,
        ),
        PortSpec::new(
            "limit",
            "6c78164c-2fa7-90d0-bfbd-a09a571046b5",
            DataType::Float,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "intercept",
            "cf404526-75de-f1ff-f961-200e99dde8d6",
            DataType::Float,
        ),
        PortSpec::new(
            "slope",
            "1828c68d-c5c9-f31a-f2e9-3493409f53ed",
            DataType::Float,
        ),
        PortSpec::new(
            "pred_series",
            "2ac7a056-8d7c-b5a7-f35a-d3676a77afbf",
            DataType::Series,
        ),
        PortSpec::new(
            "limit_violation_prediction_timestamp",
            "9643ae27-3cb4-f5a7-886d-5865d206486c",
            DataType::String,
        ),
    ],
};

const NS_PER_SEC_F: f64 = 1e9;
const NS_PER_DAY: i128 = 86_400 * 1_000_000_000;
const US_PER_DAY: i128 = 86_400 * 1_000_000;

/// The largest prediction grid built; pandas would try to allocate any size, Rheo refuses
/// grids that would take gigabytes (e.g. a `"1ns"` frequency over 30 days).
pub const MAX_PREDICTION_POINTS: usize = 20_000_000;

/// Univariate Linear RUL Regression as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Univariate Linear RUL Regression: ordinary least squares of the values of `timeseries`
/// against time, extrapolated until the line reaches `limit`.
///
/// * x = seconds since the series' minimum timestamp (float), y = the values; the line is
///   fitted on centred data as scikit-learn's `LinearRegression` does.
/// * `intercept` (FLOAT): the fitted value at the minimum timestamp.
/// * `slope`: units per second. hetida returns scikit-learn's coefficient array here, so the
///   output is the **one-element JSON list** `[slope]` (a [`Value::Json`]), not a number —
///   existing consumers of hetida's results depend on that shape.
/// * `pred_series`: the line evaluated on the regular grid from the minimum timestamp to the
///   maximum timestamp plus `num_pred_series_future_days` days, step
///   `pred_series_frequency` (both ends included when on the grid; timezone kept; unnamed
///   float series).
/// * `limit_violation_prediction_timestamp`: minimum timestamp + (limit − intercept) / slope
///   seconds, rounded to whole microseconds like a Python `timedelta`, as Python
///   `isoformat()` in the series' timezone (it may lie in the past). A slope of exactly 0
///   gives the string `"NaT"` (hetida's behaviour).
///
/// Errors: an empty series, NaT in the index, NaN/±inf values and an empty prediction grid
/// (a negative horizon before the first timestamp) raise scikit-learn's
/// `ValueError`s; a non-datetime index raises `TypeError`. Deviation: only fixed
/// frequencies are accepted (pandas would also build calendar grids such as `"M"`); calendar
/// offsets raise `ValueError`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("timeseries")?;
    let limit = inputs.float("limit")?;
    let fit = fit_series(series)?;
    let step = parse_fixed_frequency(inputs.str("pred_series_frequency")?)?;
    let future_ns = future_days_ns(inputs.value("num_pred_series_future_days")?)?;
    let tz = series.index.tz;
    let violation = limit_violation_timestamp(&fit, limit, tz)?;

    let mut out = Outputs::with_capacity(4);
    out.insert("intercept", Arc::new(Value::Float(fit.intercept)));
    out.insert("slope", Arc::new(Value::Json(json!([fit.slope]))));
    // The grid is the costly part; only a plot usually reads it.
    if inputs.wants("pred_series") {
        let pred_series = predict_on_grid(&fit, future_ns, step, tz)?;
        out.insert("pred_series", Arc::new(Value::Series(pred_series)));
    }
    out.insert(
        "limit_violation_prediction_timestamp",
        Arc::new(Value::Str(violation)),
    );
    Ok(out)
}

/// A straight line fitted to a time series, with the time range it was fitted on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearFit {
    /// Value of the line at `min_ns`.
    pub intercept: f64,
    /// Change per second.
    pub slope: f64,
    /// Earliest timestamp (ns), the origin of x.
    pub min_ns: i64,
    /// Latest timestamp (ns).
    pub max_ns: i64,
}

/// Checks the series like scikit-learn/pandas would and fits the line.
fn fit_series(series: &SeriesValue) -> Result<LinearFit, ComponentError> {
    if series.is_empty() {
        return Err(ComponentError::value_error(
            "Found array with 0 sample(s) (shape=(0, 1)) while a minimum of 1 is required by \
             LinearRegression.",
        ));
    }
    let Some(ts) = series.index.datetime_ns() else {
        return Err(ComponentError::type_error(format!(
            "Univariate Linear RUL Regression needs a series with a DatetimeIndex, got an \
             index of {}",
            kind_name(series.index.kind())
        )));
    };
    if series.index.has_nulls() {
        return Err(ComponentError::value_error(
            "Input X contains NaN. (the index of 'timeseries' contains NaT)",
        ));
    }
    let Some(ys) = series.values.f64_values() else {
        return Err(ComponentError::value_error(format!(
            "could not convert the values of 'timeseries' to float (they are {})",
            kind_name(series.values.kind())
        )));
    };
    fit_line(&ts, &ys)
}

fn kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Float => "floats",
        ColumnKind::Int => "integers",
        ColumnKind::Bool => "booleans",
        ColumnKind::Str => "strings",
        ColumnKind::Datetime => "datetimes",
    }
}

/// Ordinary least squares of `ys` against x = seconds since the earliest of `ts`.
///
/// A first scan finds the time range (a branch-free min/max over the timestamps); one fused
/// pass then checks the values and updates means and centred (co-)moments online (Welford),
/// so the fit works on centred data like scikit-learn's `lstsq` on mean-removed X and y and
/// stays accurate for large offsets. x is computed as pandas does
/// (`(t - min) / 1e9` in float), in `i64` whenever the time span fits. A zero x-variance
/// (one distinct timestamp) gives slope 0, as `lstsq`'s minimum-norm solution does. `ts`
/// must be non-empty, free of NaT and as long as `ys`; no allocation.
fn fit_line(ts: &[i64], ys: &[f64]) -> Result<LinearFit, ComponentError> {
    debug_assert_eq!(ts.len(), ys.len());
    let (min_ns, max_ns) = ts
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    let (mut n, mut mean_x, mut mean_y, mut sxx, mut sxy) = (0.0f64, 0.0, 0.0, 0.0, 0.0);
    let mut add = |x: f64, y: f64| {
        n += 1.0;
        let dx = x - mean_x;
        mean_x += dx / n;
        mean_y += (y - mean_y) / n;
        sxx += dx * (x - mean_x);
        sxy += dx * (y - mean_y);
    };
    let span_fits = max_ns.checked_sub(min_ns).is_some();
    for (&t, &y) in ts.iter().zip(ys) {
        if !y.is_finite() {
            return Err(ComponentError::value_error(if y.is_nan() {
                "Input y contains NaN."
            } else {
                "Input y contains infinity or a value too large for dtype('float64')."
            }));
        }
        let offset = if span_fits {
            (t - min_ns) as f64
        } else {
            (i128::from(t) - i128::from(min_ns)) as f64
        };
        add(offset / NS_PER_SEC_F, y);
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    Ok(LinearFit {
        intercept: mean_y - slope * mean_x,
        slope,
        min_ns,
        max_ns,
    })
}

/// `pd.Timedelta(days=…)` of the `num_pred_series_future_days` input, in nanoseconds.
fn future_days_ns(v: &Value) -> Result<i128, ComponentError> {
    match v {
        Value::Int(d) => Ok(i128::from(*d) * NS_PER_DAY),
        Value::Bool(b) => Ok(i128::from(*b) * NS_PER_DAY),
        Value::Float(f) if f.is_nan() => Err(ComponentError::value_error(
            "Neither `start` nor `end` can be NaT",
        )),
        Value::Float(f) => {
            let ns = (f * NS_PER_DAY as f64).round();
            if ns.abs() < 1e30 {
                Ok(ns as i128)
            } else {
                Err(ComponentError::new(
                    "OverflowError",
                    format!("num_pred_series_future_days={f} is too large for a Timedelta"),
                ))
            }
        }
        other => Err(ComponentError::type_error(format!(
            "input 'num_pred_series_future_days' must be an integer, got {}",
            other.kind_name()
        ))),
    }
}

/// The line on the grid `min_ns, min_ns + step, …` up to `max_ns + future_ns` (inclusive),
/// as an unnamed float series in timezone `tz` (`pd.date_range` + `predict`).
fn predict_on_grid(
    fit: &LinearFit,
    future_ns: i128,
    step: i64,
    tz: Tz,
) -> Result<SeriesValue, ComponentError> {
    let start = i128::from(fit.min_ns);
    let end = i128::from(fit.max_ns) + future_ns;
    if end > i128::from(i64::MAX) || end <= i128::from(i64::MIN) {
        return Err(ComponentError::new(
            "OutOfBoundsDatetime",
            format!(
                "the end of the prediction grid ({} days after the last timestamp) is out of \
                 the nanosecond timestamp range",
                future_ns / NS_PER_DAY
            ),
        ));
    }
    if end < start {
        // The grid is empty (many negative future days): scikit-learn refuses to predict.
        return Err(ComponentError::value_error(
            "Found array with 0 sample(s) (shape=(0, 1)) while a minimum of 1 is required by \
             LinearRegression.",
        ));
    }
    let count = (end - start) / i128::from(step) + 1;
    if count > MAX_PREDICTION_POINTS as i128 {
        return Err(ComponentError::new(
            "MemoryError",
            format!(
                "the prediction grid would have {count} points (more than \
                 {MAX_PREDICTION_POINTS}); use a coarser pred_series_frequency"
            ),
        ));
    }
    let count = count as usize;
    let index: Vec<i64> = (0..count as i64)
        .map(|k| fit.min_ns.wrapping_add(k.wrapping_mul(step)))
        .collect();
    let values: Vec<f64> = if end - start <= i128::from(i64::MAX) {
        // Offsets fit in i64: the common, fast path.
        (0..count as i64)
            .map(|k| (k * step) as f64 / NS_PER_SEC_F * fit.slope + fit.intercept)
            .collect()
    } else {
        index
            .iter()
            .map(|&t| (i128::from(t) - start) as f64 / NS_PER_SEC_F * fit.slope + fit.intercept)
            .collect()
    };
    Ok(SeriesValue::new(
        Column::from_datetime_ns(index, tz),
        Column::from_f64(values),
    ))
}

/// Microseconds of Python's `timedelta(seconds=secs)`: whole seconds plus the fraction
/// rounded half-to-even to microseconds, limited to ±999 999 999 days.
fn python_timedelta_micros(secs: f64) -> Result<i128, ComponentError> {
    if secs.is_nan() {
        return Err(ComponentError::value_error(
            "cannot convert float NaN to integer",
        ));
    }
    let overflow = |days: f64| {
        ComponentError::new(
            "OverflowError",
            format!("days={days:.0}; must have magnitude <= 999999999"),
        )
    };
    if secs.is_infinite() {
        return Err(ComponentError::new(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    let whole = secs.trunc();
    if whole.abs() > 1e15 {
        return Err(overflow((secs / 86_400.0).floor()));
    }
    let frac = secs - whole;
    let micros = whole as i128 * 1_000_000 + (frac * 1e6).round_ties_even() as i128;
    let days = micros.div_euclid(US_PER_DAY);
    if days.abs() > 999_999_999 {
        return Err(overflow(days as f64));
    }
    Ok(micros)
}

/// `min_ts + timedelta(seconds=(limit - intercept) / slope)` as Python `isoformat()` in
/// `tz`; `"NaT"` for a zero slope.
fn limit_violation_timestamp(
    fit: &LinearFit,
    limit: f64,
    tz: Tz,
) -> Result<String, ComponentError> {
    if fit.slope == 0.0 {
        return Ok("NaT".to_string());
    }
    let micros = python_timedelta_micros((limit - fit.intercept) / fit.slope)?;
    let ns = i128::from(fit.min_ns) + micros * 1_000;
    if ns > i128::from(i64::MAX) || ns <= i128::from(i64::MIN) {
        return Err(ComponentError::new(
            "OverflowError",
            format!(
                "the predicted limit violation ({} days from the first timestamp) is outside \
                 the nanosecond timestamp range",
                micros / US_PER_DAY
            ),
        ));
    }
    Ok(format_isoformat(ns as i64, tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2020-01-01T00:00:00Z in ns.
    const T2020: i64 = 1_577_836_800 * 1_000_000_000;
    const MIN: i64 = 60 * 1_000_000_000;

    fn series(ts: Vec<i64>, tz: Tz, ys: Vec<f64>) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ts, tz),
            Column::from_f64(ys),
        ))
    }

    /// y = 10 - 0.001 * x at x = 0, 600, …, 2400 s (every 10 minutes from 2020-01-01).
    fn line_series(tz: Tz) -> Value {
        let ts = (0..5).map(|k| T2020 + k * 10 * MIN).collect();
        let ys = (0..5).map(|k| 10.0 - 0.6 * k as f64).collect();
        series(ts, tz, ys)
    }

    fn inputs(ts: Value, days: Value, freq: &str, limit: f64) -> Inputs {
        let mut i = Inputs::new();
        i.insert("num_pred_series_future_days", Arc::new(days));
        i.insert("pred_series_frequency", Arc::new(Value::Str(freq.into())));
        i.insert("timeseries", Arc::new(ts));
        i.insert("limit", Arc::new(Value::Float(limit)));
        i
    }

    fn pred(out: &Outputs) -> &SeriesValue {
        match out["pred_series"].as_ref() {
            Value::Series(s) => s,
            other => panic!("pred_series is {other:?}"),
        }
    }

    fn float(v: &Value) -> f64 {
        match v {
            Value::Float(f) => *f,
            other => panic!("not a float: {other:?}"),
        }
    }

    fn slope(out: &Outputs) -> f64 {
        match out["slope"].as_ref() {
            Value::Json(j) => {
                let a = j.as_array().expect("slope is a JSON list");
                assert_eq!(a.len(), 1);
                a[0].as_f64().unwrap()
            }
            other => panic!("slope is {other:?}"),
        }
    }

    fn assert_close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
    }

    #[test]
    fn fits_a_perfect_line_and_predicts_the_violation() {
        // limit 4 is reached at x = (4 - 10) / -0.001 = 6000 s = 01:40.
        let out = run(&inputs(line_series(Tz::Utc), Value::Int(0), "5min", 4.0)).unwrap();
        assert_eq!(
            out.keys().copied().collect::<Vec<_>>(),
            [
                "intercept",
                "slope",
                "pred_series",
                "limit_violation_prediction_timestamp"
            ]
        );
        assert_close(float(&out["intercept"]), 10.0);
        assert_close(slope(&out), -0.001);
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T01:40:00+00:00".into())
        );
        // Grid 00:00 … 00:40 every 5 minutes: 9 points, both ends included.
        let p = pred(&out);
        assert_eq!(p.name, None);
        assert_eq!(p.len(), 9);
        let idx = p.index.datetime_ns().unwrap();
        let vals = p.values.f64_values().unwrap();
        assert_eq!(p.index.tz, Tz::Utc);
        assert_eq!(idx[0], T2020);
        assert_eq!(idx[8], T2020 + 40 * MIN);
        assert_close(vals[0], 10.0);
        assert_close(vals[1], 9.7);
        assert_close(vals[8], 7.6);
    }

    #[test]
    fn extends_the_grid_by_whole_days() {
        let out = run(&inputs(line_series(Tz::Utc), Value::Int(1), "5min", 4.0)).unwrap();
        let p = pred(&out);
        // (1 day + 40 min) / 5 min + 1 = 288 + 8 + 1 points.
        assert_eq!(p.len(), 297);
        let idx = p.index.datetime_ns().unwrap();
        assert_eq!(idx[296], T2020 + (24 * 60 + 40) * MIN);
        // y(88 800 s) = 10 - 88.8.
        assert_close(p.values.f64_values().unwrap()[296], -78.8);
        // End not on the grid: 00:40 + 1 day = 1480 min; 7-minute steps stop at 211 * 7 = 1477.
        let out = run(&inputs(line_series(Tz::Utc), Value::Int(1), "7min", 4.0)).unwrap();
        let p = pred(&out);
        assert_eq!(p.len(), 212);
        assert_eq!(p.index.datetime_ns().unwrap()[211], T2020 + 211 * 7 * MIN);
        // A negative horizon before the first timestamp gives an empty grid, on which
        // scikit-learn refuses to predict.
        let e = run(&inputs(line_series(Tz::Utc), Value::Int(-1), "5min", 4.0)).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
    }

    #[test]
    fn order_of_points_does_not_matter() {
        // Same line, unsorted: the intercept refers to the minimum timestamp, not the first.
        let ks = [3i64, 0, 4, 1, 2];
        let ts = ks.iter().map(|k| T2020 + k * 10 * MIN).collect();
        let ys = ks.iter().map(|&k| 10.0 - 0.6 * k as f64).collect();
        let out = run(&inputs(
            series(ts, Tz::Utc, ys),
            Value::Int(0),
            "10min",
            4.0,
        ))
        .unwrap();
        assert_close(float(&out["intercept"]), 10.0);
        assert_close(slope(&out), -0.001);
        assert_eq!(pred(&out).index.datetime_ns().unwrap()[0], T2020);
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T01:40:00+00:00".into())
        );
    }

    #[test]
    fn spans_wider_than_i64_nanoseconds_work() {
        // 1700-01-01 to 2200-01-01 (182 621 days): the offset overflows i64 nanoseconds.
        const DAY: i64 = 86_400 * 1_000_000_000;
        let (a, b) = (-98_615 * DAY, 84_006 * DAY);
        let out = run(&inputs(
            series(vec![a, b], Tz::Utc, vec![0.0, 1.0]),
            Value::Int(0),
            "36500D",
            0.5,
        ))
        .unwrap();
        assert_close(slope(&out), 1.0 / (182_621.0 * 86_400.0));
        assert!(float(&out["intercept"]).abs() < 1e-12);
        // Grid: 0, 36 500, …, 182 500 days after 1700-01-01.
        let p = pred(&out);
        assert_eq!(p.len(), 6);
        assert_eq!(p.index.datetime_ns().unwrap()[5], b - 121 * DAY);
        assert_close(p.values.f64_values().unwrap()[5], 182_500.0 / 182_621.0);
        // Half way: 1950-01-01T12:00 (up to float rounding of microseconds).
        let Value::Str(v) = out["limit_violation_prediction_timestamp"].as_ref() else {
            panic!("not a string")
        };
        let at = rheo_core::value::timestamp::parse_iso8601(v).unwrap();
        let expected = a + 91_310 * DAY + DAY / 2;
        assert!((at.ns - expected).abs() < 1_000_000, "{v}");
    }

    #[test]
    fn keeps_a_fixed_offset_timezone() {
        let out = run(&inputs(
            line_series(Tz::Fixed(3600)),
            Value::Int(0),
            "5min",
            4.0,
        ))
        .unwrap();
        // 01:40 UTC is 02:40 at +01:00.
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T02:40:00+01:00".into())
        );
        assert_eq!(pred(&out).index.tz, Tz::Fixed(3600));
        // Naive series stay naive: no offset suffix.
        let out = run(&inputs(line_series(Tz::Naive), Value::Int(0), "5min", 4.0)).unwrap();
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T01:40:00".into())
        );
        assert_eq!(pred(&out).index.tz, Tz::Naive);
    }

    #[test]
    fn zero_slope_gives_nat() {
        let ts = (0..4).map(|k| T2020 + k * MIN).collect();
        let out = run(&inputs(
            series(ts, Tz::Utc, vec![2.5; 4]),
            Value::Int(0),
            "1min",
            1.0,
        ))
        .unwrap();
        assert_eq!(slope(&out), 0.0);
        assert_close(float(&out["intercept"]), 2.5);
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("NaT".into())
        );
        // A single point: no x-variance, slope 0 as lstsq's minimum-norm solution.
        let out = run(&inputs(
            series(vec![T2020], Tz::Utc, vec![7.0]),
            Value::Int(0),
            "1min",
            1.0,
        ))
        .unwrap();
        assert_eq!(slope(&out), 0.0);
        assert_close(float(&out["intercept"]), 7.0);
        assert_eq!(pred(&out).len(), 1);
    }

    #[test]
    fn violation_is_rounded_to_microseconds() {
        // y = 1 + 2x; limit 2 is reached after 0.5 s.
        let ts = vec![T2020, T2020 + 1_000_000_000];
        let out = run(&inputs(
            series(ts.clone(), Tz::Utc, vec![1.0, 3.0]),
            Value::Int(0),
            "1s",
            2.0,
        ))
        .unwrap();
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T00:00:00.500000+00:00".into())
        );
        assert_eq!(python_timedelta_micros(-1.25).unwrap(), -1_250_000);
        assert_eq!(
            python_timedelta_micros(3661.0000004).unwrap(),
            3_661_000_000
        );
        assert_eq!(python_timedelta_micros(0.0000006).unwrap(), 1);
        assert_eq!(python_timedelta_micros(-0.0000006).unwrap(), -1);
        let e = python_timedelta_micros(1e15).unwrap_err();
        assert_eq!(e.type_name, "OverflowError");
        assert_eq!(
            python_timedelta_micros(f64::NAN).unwrap_err().type_name,
            "ValueError"
        );
    }

    #[test]
    fn rejects_nan_values_empty_series_and_non_datetime_index() {
        let ts = (0..3).map(|k| T2020 + k * MIN).collect();
        let e = run(&inputs(
            series(ts, Tz::Utc, vec![1.0, f64::NAN, 2.0]),
            Value::Int(0),
            "1min",
            1.0,
        ))
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.message, "Input y contains NaN.");

        let e = run(&inputs(
            series(vec![], Tz::Utc, vec![]),
            Value::Int(0),
            "1min",
            1.0,
        ))
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert!(
            e.message.starts_with("Found array with 0 sample(s)"),
            "{}",
            e.message
        );

        // Negative future days: an empty grid (3 daily points, -3 days) is sklearn's
        // error; -2 days still leaves the first point (checked against pandas/sklearn).
        let daily = |days: i64| {
            let day = 86_400_000_000_000;
            run(&inputs(
                series(vec![0, day, 2 * day], Tz::Utc, vec![1.0, 2.0, 3.5]),
                Value::Int(days),
                "1D",
                10.0,
            ))
        };
        let e = daily(-3).unwrap_err();
        assert!(
            e.message.starts_with("Found array with 0 sample(s)"),
            "{}",
            e.message
        );
        let Value::Series(p) = daily(-2)
            .unwrap()
            .get("pred_series")
            .unwrap()
            .as_ref()
            .clone()
        else {
            panic!()
        };
        assert_eq!(p.len(), 1);

        let ints = Value::Series(SeriesValue::new(
            Column::range(3),
            Column::from_f64(vec![1.0, 2.0, 3.0]),
        ));
        let e = run(&inputs(ints, Value::Int(0), "1min", 1.0)).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert!(e.message.contains("DatetimeIndex"), "{}", e.message);

        let nat = Value::Series(SeriesValue::new(
            Column::from_opt_datetime_ns(vec![Some(T2020), None], Tz::Utc),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        let e = run(&inputs(nat, Value::Int(0), "1min", 1.0)).unwrap_err();
        assert!(
            e.message.starts_with("Input X contains NaN."),
            "{}",
            e.message
        );
    }

    #[test]
    fn rejects_calendar_frequencies_and_bad_inputs() {
        let e = run(&inputs(line_series(Tz::Utc), Value::Int(1), "M", 4.0)).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert!(e.message.contains("non-fixed"));
        let e = run(&inputs(
            line_series(Tz::Utc),
            Value::Str("3".into()),
            "5min",
            4.0,
        ))
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = run(&inputs(line_series(Tz::Utc), Value::Int(30), "1ns", 4.0)).unwrap_err();
        assert_eq!(e.type_name, "MemoryError");
        let mut i = inputs(line_series(Tz::Utc), Value::Int(0), "5min", 4.0);
        i.insert("timeseries", Arc::new(Value::Float(1.0)));
        assert_eq!(run(&i).unwrap_err().type_name, "TypeError");
    }

    #[test]
    fn integer_values_are_fitted_as_floats() {
        let ts = (0..3).map(|k| T2020 + k * MIN).collect();
        let s = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ts, Tz::Utc),
            Column::from_i64(vec![0, 60, 120]),
        ));
        let out = run(&inputs(s, Value::Float(0.0), "1min", 180.0)).unwrap();
        assert_close(slope(&out), 1.0);
        assert_eq!(
            *out["limit_violation_prediction_timestamp"],
            Value::Str("2020-01-01T00:03:00+00:00".into())
        );
    }
}
