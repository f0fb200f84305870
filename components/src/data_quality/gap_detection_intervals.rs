//! Gap Detection Intervals (`cd2a8b7f-a1af-4630-89a5-738af595472a`): detects gaps in a time
//! series (larger steps than the expected frequency, missing points of an expected rhythm,
//! external gap timestamps/intervals) and returns one row per merged gap interval.

use super::gaps::{
    ceil_on, clip, datetime_index, floor_on, freq_alias, intervals_from_frame, merge,
    opt_str_or_attr, parse_frequency, parse_utc, Interval,
};
use crate::kernels::elementwise::py_type;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::timestamp::format_isoformat;
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Gap Detection Intervals 1.0.0 (ids derived by hetida from the
/// port names, `get_uuid_from_seed("component_input_<name>")`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "cd2a8b7f-a1af-4630-89a5-738af595472a",
    revision_group_id: "415662ab-e4fb-4084-b752-80433d0df291",
    name: "Gap Detection Intervals",
    category: "Data Quality",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Detects gaps in the given timeseries that are larger than the expected data frequency and returns a DataFrame with information about the gaps.",
    inputs: &[
        PortSpec::new("timeseries", "32c68103-28a2-b3e4-2010-376ff57f0be0", DataType::Series),
        PortSpec::optional("interval_start_timestamp", "5202aaeb-2a16-e2f6-bad9-ce098d1db115", DataType::String, "null"),
        PortSpec::optional("interval_end_timestamp", "9ed588cc-2867-ff5d-7e33-1ecd11afd679", DataType::String, "null"),
        PortSpec::optional("auto_frequency_determination", "5d80c574-aa06-a343-f696-4c793790a98d", DataType::Boolean, "true"),
        PortSpec::optional("auto_freq_percentile", "ca043134-4ec0-86ad-2566-2b9d155fbe42", DataType::Float, "0.5"),
        PortSpec::optional("auto_freq_min_amount_datapoints", "666a4b41-d606-418a-8dd4-0e5ab5480336", DataType::Int, "11"),
        PortSpec::optional("expected_data_frequency", "36379fd3-6112-16b6-5ac8-f7e416e0bdc1", DataType::String, "null"),
        PortSpec::optional("expected_data_freq_allowed_variance_factor", "1b095e5f-3319-e4d7-8753-ca29ca62a3d2", DataType::Float, "1.0"),
        PortSpec::optional("expected_data_frequency_offset", "e6555fe5-d899-8b36-188f-bf0481a7bb77", DataType::String, "null"),
        PortSpec::optional("externally_determined_gap_timestamps", "59688d98-2123-a951-b1e1-766e18f10284", DataType::Series, "null"),
        PortSpec::optional("externally_determined_gap_intervals", "433908ff-5ea2-afcc-59ac-3fd8a6002bd6", DataType::DataFrame, "null"),
        PortSpec::optional("deactivate_freq_based_gap_detection", "30a4a7ac-0e46-d544-ec2c-f340231c44b1", DataType::Boolean, "false"),
    ],
    outputs: &[
        PortSpec::new("gap_info", "4ed9bcbf-ed2a-ecae-436d-963b50510af2", DataType::DataFrame),
        PortSpec::new("data_frequency", "c83f08c0-423b-63f7-793c-c8947fa5b87e", DataType::String),
    ],
};

/// pandas' `str(Timestamp)` of a UTC instant ("2020-01-01 00:00:00+00:00").
pub(crate) fn ts_str(ns: i64) -> String {
    let mut s = format_isoformat(ns, Tz::Utc);
    if s.len() > 10 {
        s.replace_range(10..11, " ");
    }
    s
}

/// The resolved and validated parameters shared with Replacement Locations for Gaps.
pub(crate) struct Resolved {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub auto: bool,
    pub percentile: f64,
    pub min_amount: i64,
    pub freq: Option<i64>,
    pub offset: Option<i64>,
}

impl Resolved {
    /// The data frequency detected from the sorted `timestamps` (the nearest-rank
    /// `percentile` of their differences), after hetida's check that there are at least
    /// `min_amount` of them.
    pub(crate) fn detected_frequency(&self, timestamps: &[i64]) -> Result<i64, ComponentError> {
        if (timestamps.len() as i64) < self.min_amount {
            return Err(ComponentError::input_validation(
                format!(
                    "The timeseries does not contain at least {} datapoints.",
                    self.min_amount
                ),
                &["timeseries"],
            ));
        }
        nearest_quantile_diff(timestamps, self.percentile).ok_or_else(|| {
            ComponentError::value_error(
                "the data frequency of fewer than 2 timestamps is undefined (NaT)",
            )
        })
    }
}

/// hetida's parameter resolution and validation (attrs fallbacks, 422 checks) for both gap
/// components. `series` may be absent (Replacement Locations).
pub(crate) fn resolve(
    inputs: &Inputs,
    series: Option<&SeriesValue>,
    index: &[i64],
    auto_default: bool,
) -> Result<Resolved, ComponentError> {
    let (start_str, _) = opt_str_or_attr(
        inputs,
        "interval_start_timestamp",
        series,
        &["ref_interval_start_timestamp", "from"],
    )?;
    let (end_str, _) = opt_str_or_attr(
        inputs,
        "interval_end_timestamp",
        series,
        &["ref_interval_end_timestamp", "to"],
    )?;
    let mut auto = inputs.opt_bool("auto_frequency_determination", auto_default)?;
    let (freq_str, freq_attr) = attr_frequency(
        inputs,
        series,
        "expected_data_frequency",
        "ref_data_frequency",
    )?;
    let (off_str, off_attr) = attr_frequency(
        inputs,
        series,
        "expected_data_frequency_offset",
        "ref_data_frequency_offset",
    )?;
    // A frequency from the series' attrs switches automatic determination off.
    auto &= !(freq_attr || off_attr);
    let (start, end) = interval_bounds(series, index, start_str, end_str)?;
    let percentile = inputs.opt_float("auto_freq_percentile", 0.5)?;
    if !(0.0..=1.0).contains(&percentile) {
        return Err(ComponentError::input_validation(
            "The percentile value has to be a non-negative float less or equal to 1.",
            &["auto_freq_percentile"],
        ));
    }
    let min_amount = inputs.opt_int("auto_freq_min_amount_datapoints", 11)?;
    if min_amount < 0 {
        return Err(ComponentError::input_validation(
            "The minimum amount of datapoints has to be a non-negative integer.",
            &["auto_freq_min_amount_datapoints"],
        ));
    }
    let (freq, offset) = expected_frequency(auto, freq_str.as_deref(), off_str.as_deref())?;
    Ok(Resolved {
        start,
        end,
        auto,
        percentile,
        min_amount,
        freq,
        offset,
    })
}

/// A frequency input, or its attrs fallback `attr` (which is validated at once); whether
/// it came from the attrs.
fn attr_frequency(
    inputs: &Inputs,
    series: Option<&SeriesValue>,
    name: &str,
    attr: &str,
) -> Result<(Option<String>, bool), ComponentError> {
    let (value, from_attrs) = opt_str_or_attr(inputs, name, series, &[attr])?;
    if let (true, Some(f)) = (from_attrs, &value) {
        parse_frequency(f, &format!("timeseries.attrs[\"{attr}\"]"))?;
    }
    Ok((value, from_attrs))
}

/// The checked interval: the given bounds (UTC; refused against a tz-naive series) or the
/// first and last index label; the start must not be after the end.
fn interval_bounds(
    series: Option<&SeriesValue>,
    index: &[i64],
    start_str: Option<String>,
    end_str: Option<String>,
) -> Result<(Option<i64>, Option<i64>), ComponentError> {
    let naive = series.is_some_and(|s| !s.is_empty() && !s.index.tz.is_aware());
    if naive && (start_str.is_some() || end_str.is_some()) {
        return Err(ComponentError::new(
            "ValidationError",
            "Invalid comparison between dtype=datetime64[ns] and Timestamp (tz-naive series \
             against a UTC interval bound)",
        ));
    }
    let start = match &start_str {
        Some(s) => Some(parse_utc(s, "interval_start_timestamp")?),
        None => index.first().copied(),
    };
    let end = match &end_str {
        Some(s) => Some(parse_utc(s, "interval_end_timestamp")?),
        None => index.last().copied(),
    };
    if let (Some(a), Some(b)) = (start, end) {
        if a > b {
            return Err(ComponentError::input_validation(
                format!(
                    "The value interval_start_timestamp must not be later than the \
                     interval_end_timestamp, while it is {} > {}.",
                    ts_str(a),
                    ts_str(b)
                ),
                &["interval_start_timestamp", "interval_end_timestamp"],
            ));
        }
    }
    Ok((start, end))
}

/// The expected frequency and offset (ns, offset reduced modulo the frequency), checked
/// against automatic determination as hetida does.
fn expected_frequency(
    auto: bool,
    freq_str: Option<&str>,
    off_str: Option<&str>,
) -> Result<(Option<i64>, Option<i64>), ComponentError> {
    let freq_inputs = ["auto_frequency_determination", "expected_data_frequency"];
    if !auto && freq_str.is_none() {
        return Err(ComponentError::input_validation(
            "An expected_data_frequency_str is required for gap detection, if it is not \
             automatically determined.",
            &freq_inputs,
        ));
    }
    if auto && freq_str.is_some() {
        return Err(ComponentError::input_validation(
            "The expected_data_frequency_str must not be set, if automatical frequency \
             determination is enabled.",
            &freq_inputs,
        ));
    }
    let freq = freq_str
        .map(|f| parse_frequency(f, "expected_data_frequency"))
        .transpose()?;
    let Some(o) = off_str else {
        return Ok((freq, None));
    };
    if auto {
        return Err(ComponentError::input_validation(
            "The expected_data_frequency_offset_str must not be set, if automatical \
             frequency determination is enabled.",
            &[
                "auto_frequency_determination",
                "expected_data_frequency_offset",
            ],
        ));
    }
    let Some(f) = freq else {
        return Err(ComponentError::input_validation(
            "An expected_data_frequency_str is required for gap detection, if an \
             expected_data_frequency_offset_str is provided.",
            &["expected_data_frequency", "expected_data_frequency_offset"],
        ));
    };
    let o = parse_frequency(o, "expected_data_frequency_offset")?;
    Ok((freq, Some(o.rem_euclid(f))))
}

/// `quantile(p, interpolation="nearest")` of the consecutive differences of sorted `ts`
/// (numpy rounds the virtual index half to even).
pub(crate) fn nearest_quantile_diff(ts: &[i64], p: f64) -> Option<i64> {
    let mut d: Vec<i64> = ts.windows(2).map(|w| w[1] - w[0]).collect();
    if d.is_empty() {
        return None;
    }
    d.sort_unstable();
    let k = (p * (d.len() - 1) as f64).round_ties_even() as usize;
    Some(d[k.min(d.len() - 1)])
}

/// A series restricted to start ≤ t (and t ≤ end, only applied when a start is set):
/// positions of the kept entries.
pub(crate) fn constrict(index: &[i64], start: Option<i64>, end: Option<i64>) -> Vec<usize> {
    (0..index.len())
        .filter(|&i| start.is_none_or(|s| index[i] >= s && end.is_none_or(|e| index[i] <= e)))
        .collect()
}

/// Gap Detection Intervals as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Gap Detection Intervals — semantics as in spec "Gap Detection Intervals":
/// parameter resolution (attrs `ref_interval_start_timestamp`/`from`,
/// `ref_interval_end_timestamp`/`to`, `ref_data_frequency`, `ref_data_frequency_offset`),
/// hetida's 422 validations, the series restricted to the processing range with the range
/// bounds added as NaN points ("series with bounds"), external gap timestamps/intervals
/// clipped to the range, auto frequency = nearest quantile of the index differences,
/// open gaps where a difference divided by the frequency exceeds the variance factor,
/// closed point gaps at missing rhythm timestamps when an offset is known, hetida's
/// four-pass merge, and label-based boundary values (`value_to_left`, `value_to_right`,
/// `mean_left_right`; NaN where no neighbour or a NaN bound point; mean null for
/// non-numeric series).
///
/// Outputs: `gap_info` (RangeIndex; start_time, end_time in UTC — naive for a naive series;
/// start_inclusive, end_inclusive; gap_size_in_seconds; value_to_left, value_to_right,
/// mean_left_right) and `data_frequency` (pandas 2.1 alias such as "T", "90S", "H"),
/// which is **absent** when `deactivate_freq_based_gap_detection` is true (as in hetida).
///
/// Errors besides the 422 validations: a zero expected frequency raises ZeroDivisionError
/// ("float division by zero"); duplicate timestamps raise ValueError "cannot reindex on an
/// axis with duplicate labels" when gaps exist; a naive series with explicit interval bounds
/// and unparseable frequency strings raise a (pydantic) ValidationError.
///
/// Deviation: timestamps are parsed as ISO 8601 only (pandas accepts more formats).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let ts = inputs.series("timeseries")?;
    let index = datetime_index(ts, "timeseries")?;
    let r = resolve(inputs, Some(ts), &index, true)?;
    let factor = inputs.opt_float("expected_data_freq_allowed_variance_factor", 1.0)?;
    if factor < 0.0 {
        return Err(ComponentError::input_validation(
            "The gap size factor has to be a non-negative float.",
            &["expected_data_freq_allowed_variance_factor"],
        ));
    }
    let mut candidates = external_gaps(inputs, &r)?;
    let deactivate = inputs.opt_bool("deactivate_freq_based_gap_detection", false)?;

    // Series restricted to the range, with the bounds added (NaN) and sorted.
    let kept = constrict(&index, r.start, r.end);
    let mut wb: Vec<(i64, Option<usize>)> = kept.iter().map(|&i| (index[i], Some(i))).collect();
    for b in [r.start, r.end].into_iter().flatten() {
        if !wb.iter().any(|(t, _)| *t == b) {
            wb.push((b, None));
        }
    }
    wb.sort_by_key(|(t, _)| *t);
    let wb_ts: Vec<i64> = wb.iter().map(|(t, _)| *t).collect();

    let mut freq_out = None;
    if !deactivate {
        let freq = if r.auto {
            r.detected_frequency(&wb_ts)?
        } else {
            r.freq.unwrap_or(0)
        };
        candidates.extend(frequency_gaps(&wb_ts, freq, factor)?);
        if let (Some(off), Some(s), Some(e)) = (r.offset, r.start, r.end) {
            let present: std::collections::HashSet<i64> = kept.iter().map(|&i| index[i]).collect();
            candidates.extend(missing_grid_points(&present, (s, e), freq, off));
        }
        freq_out = Some(freq_alias(freq));
    }
    let merged = if candidates.is_empty() {
        Vec::new()
    } else {
        merge(candidates)
    };
    if !merged.is_empty() && wb_ts.windows(2).any(|w| w[0] == w[1]) {
        return Err(ComponentError::value_error(
            "cannot reindex on an axis with duplicate labels",
        ));
    }
    let out_tz = if ts.is_empty() || ts.index.tz.is_aware() {
        Tz::Utc
    } else {
        Tz::Naive
    };
    let frame = gap_info(ts, &wb, &merged, out_tz);
    let mut out = Outputs::with_capacity(2);
    out.insert("gap_info", Arc::new(Value::Frame(frame)));
    if let Some(f) = freq_out {
        out.insert("data_frequency", Arc::new(Value::Str(f)));
    }
    Ok(out)
}

/// A gap of a single timestamp.
fn point_gap(t: i64) -> Interval {
    Interval {
        start: t,
        end: t,
        start_incl: true,
        end_incl: true,
    }
}

/// The externally determined gaps (intervals, then single timestamps), clipped to the
/// resolved interval.
fn external_gaps(inputs: &Inputs, r: &Resolved) -> Result<Vec<Interval>, ComponentError> {
    let ext_ts = match inputs.opt("externally_determined_gap_timestamps") {
        None => None,
        Some(Value::Series(s)) => Some(datetime_index(s, "externally_determined_gap_timestamps")?),
        Some(other) => {
            return Err(ComponentError::type_error(format!(
                "externally_determined_gap_timestamps must be a Series, got {}",
                py_type(other)
            )))
        }
    };
    let ext_iv = match inputs.opt("externally_determined_gap_intervals") {
        None => None,
        Some(Value::Frame(f)) => Some(intervals_from_frame(
            f,
            "externally_determined_gap_intervals",
        )?),
        Some(other) => {
            return Err(ComponentError::type_error(format!(
                "externally_determined_gap_intervals must be a DataFrame, got {}",
                py_type(other)
            )))
        }
    };
    let mut gaps: Vec<Interval> = Vec::new();
    if let Some(iv) = ext_iv {
        gaps.extend(clip(iv, r.start, r.end));
    }
    if let Some(pts) = &ext_ts {
        gaps.extend(
            constrict(pts, r.start, r.end)
                .into_iter()
                .map(|i| point_gap(pts[i])),
        );
    }
    Ok(gaps)
}

/// The open intervals between consecutive timestamps more than `factor` × `freq` apart.
fn frequency_gaps(wb_ts: &[i64], freq: i64, factor: f64) -> Result<Vec<Interval>, ComponentError> {
    let freq_s = freq as f64 / 1e9;
    let mut gaps = Vec::new();
    for w in wb_ts.windows(2) {
        let gap_s = (w[1] - w[0]) as f64 / 1e9;
        if freq_s == 0.0 {
            return Err(ComponentError::new(
                "ZeroDivisionError",
                "float division by zero",
            ));
        }
        if gap_s / freq_s > factor {
            gaps.push(Interval {
                start: w[0],
                end: w[1],
                start_incl: false,
                end_incl: false,
            });
        }
    }
    Ok(gaps)
}

/// The points of the grid `offset + k × freq` inside `[start, end]` that have no value.
fn missing_grid_points(
    present: &std::collections::HashSet<i64>,
    (start, end): (i64, i64),
    freq: i64,
    offset: i64,
) -> Vec<Interval> {
    let mut gaps = Vec::new();
    let mut g = ceil_on(start, freq, offset);
    let last = floor_on(end, freq, offset);
    while g <= last {
        if !present.contains(&g) {
            gaps.push(point_gap(g));
        }
        g += freq;
    }
    gaps
}

/// The `gap_info` frame of merged intervals with label-based boundary values taken from the
/// series with bounds `wb` (timestamp, source position; bound points have no source).
fn gap_info(
    ts: &SeriesValue,
    wb: &[(i64, Option<usize>)],
    merged: &[Interval],
    tz: Tz,
) -> FrameValue {
    let numeric = matches!(
        ts.values.kind(),
        ColumnKind::Float | ColumnKind::Int | ColumnKind::Bool
    ) || ts.is_empty();
    let wb_ts: Vec<i64> = wb.iter().map(|(t, _)| *t).collect();
    let left_pos = |b: i64, incl: bool| {
        let p = if incl {
            wb_ts.partition_point(|&t| t < b)
        } else {
            wb_ts.partition_point(|&t| t <= b)
        };
        if p == 0 {
            None
        } else {
            wb[p - 1].1
        }
    };
    let right_pos = |b: i64, incl: bool| {
        let p = if incl {
            wb_ts.partition_point(|&t| t <= b)
        } else {
            wb_ts.partition_point(|&t| t < b)
        };
        wb.get(p).and_then(|x| x.1)
    };
    let lp: Vec<Option<usize>> = merged
        .iter()
        .map(|iv| left_pos(iv.start, iv.start_incl))
        .collect();
    let rp: Vec<Option<usize>> = merged
        .iter()
        .map(|iv| right_pos(iv.end, iv.end_incl))
        .collect();
    // pandas keeps int64 when the series with bounds stayed int (no bound point added) and
    // every boundary found a value; otherwise NaN makes the column float64.
    let int_series = ts.values.kind() == ColumnKind::Int && wb.iter().all(|(_, p)| p.is_some());
    let values_col = |pos: &[Option<usize>]| -> Column {
        if int_series && pos.iter().all(Option::is_some) {
            let v = ts.values.i64_values().unwrap_or_default();
            Column::from_i64(pos.iter().map(|p| p.map_or(0, |i| v[i])).collect())
        } else if numeric {
            let v = ts.values.f64_values().unwrap_or_default();
            Column::from_f64(pos.iter().map(|p| p.map_or(f64::NAN, |i| v[i])).collect())
        } else {
            match ts.values.kind() {
                ColumnKind::Str => {
                    let v = ts.values.str_values().unwrap_or_default();
                    Column::from_strings(
                        pos.iter()
                            .map(|p| p.and_then(|i| v[i].map(str::to_string)))
                            .collect(),
                    )
                }
                _ => {
                    let v = ts.values.datetime_ns_opt().unwrap_or_default();
                    Column::from_opt_datetime_ns(
                        pos.iter().map(|p| p.and_then(|i| v[i])).collect(),
                        ts.values.tz,
                    )
                }
            }
        }
    };
    let left = values_col(&lp);
    let right = values_col(&rp);
    let mean = if numeric {
        let (l, r) = (
            left.f64_values().unwrap_or_default(),
            right.f64_values().unwrap_or_default(),
        );
        Column::from_f64(l.iter().zip(r.iter()).map(|(a, b)| (a + b) / 2.0).collect())
    } else {
        Column::from_f64(vec![f64::NAN; merged.len()])
    };
    let columns = vec![
        (
            "start_time".to_string(),
            Column::from_datetime_ns(merged.iter().map(|i| i.start).collect(), tz),
        ),
        (
            "end_time".to_string(),
            Column::from_datetime_ns(merged.iter().map(|i| i.end).collect(), tz),
        ),
        (
            "start_inclusive".to_string(),
            Column::from_bool(merged.iter().map(|i| i.start_incl).collect()),
        ),
        (
            "end_inclusive".to_string(),
            Column::from_bool(merged.iter().map(|i| i.end_incl).collect()),
        ),
        (
            "gap_size_in_seconds".to_string(),
            Column::from_f64(
                merged
                    .iter()
                    .map(|i| (i.end - i.start) as f64 / 1e9)
                    .collect(),
            ),
        ),
        ("value_to_left".to_string(), left),
        ("value_to_right".to_string(), right),
        ("mean_left_right".to_string(), mean),
    ];
    FrameValue {
        index: Column::range(merged.len()),
        columns: columns.into_iter().collect(),
        attrs: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::assert_floats;
    use crate::kernels::time_index::test_support::{dts, ts};
    use serde_json::json;

    fn run(pairs: &[(&str, Value)]) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        for (k, v) in pairs {
            i.insert(*k, Arc::new(v.clone()));
        }
        super::run(&i)
    }

    fn series() -> Value {
        dts(
            &[
                "2020-01-01T01:16:00Z",
                "2020-01-01T01:18:00Z",
                "2020-01-01T01:19:00Z",
                "2020-01-01T01:20:00Z",
                "2020-01-01T01:22:00Z",
                "2020-01-01T01:23:00Z",
                "2020-01-01T01:25:00Z",
                "2020-01-01T08:28:00Z",
                "2020-01-01T08:30:00Z",
                "2020-01-01T08:31:00Z",
                "2020-01-01T16:34:00Z",
            ],
            &[
                10.0, 10.0, 10.0, 10.0, 20.0, 20.0, 20.0, 20.0, 30.0, 30.0, 30.0,
            ],
            Tz::Utc,
        )
    }

    fn frame(out: &Outputs) -> FrameValue {
        let Value::Frame(f) = out["gap_info"].as_ref() else {
            panic!()
        };
        f.clone()
    }

    fn times(f: &FrameValue, c: &str) -> Vec<i64> {
        f.columns[c].datetime_ns().unwrap().into_owned()
    }

    #[test]
    fn auto_frequency_finds_the_two_large_gaps() {
        let out = run(&[("timeseries", series())]).unwrap();
        assert_eq!(out["data_frequency"].as_ref(), &Value::Str("2T".into()));
        let f = frame(&out);
        assert_eq!(
            times(&f, "start_time"),
            vec![ts("2020-01-01T01:25:00Z"), ts("2020-01-01T08:31:00Z")]
        );
        assert_eq!(
            times(&f, "end_time"),
            vec![ts("2020-01-01T08:28:00Z"), ts("2020-01-01T16:34:00Z")]
        );
        assert_floats(
            &f.columns["gap_size_in_seconds"].f64_values().unwrap(),
            &[25380.0, 28980.0],
        );
        assert_floats(
            &f.columns["mean_left_right"].f64_values().unwrap(),
            &[20.0, 30.0],
        );
    }

    #[test]
    fn explicit_frequency_and_start_before_the_data() {
        let out = run(&[
            ("timeseries", series()),
            (
                "interval_start_timestamp",
                Value::Str("2020-01-01T00:16:00.000Z".into()),
            ),
            (
                "interval_end_timestamp",
                Value::Str("2020-01-01T16:34:00.000Z".into()),
            ),
            ("auto_frequency_determination", Value::Bool(false)),
            ("expected_data_frequency", Value::Str("1min".into())),
        ])
        .unwrap();
        assert_eq!(out["data_frequency"].as_ref(), &Value::Str("T".into()));
        let f = frame(&out);
        assert_eq!(f.height(), 7);
        assert_eq!(times(&f, "start_time")[0], ts("2020-01-01T00:16:00Z"));
        assert_floats(
            &f.columns["value_to_left"].f64_values().unwrap(),
            &[f64::NAN, 10.0, 10.0, 20.0, 20.0, 20.0, 30.0],
        );
        assert_floats(
            &f.columns["value_to_right"].f64_values().unwrap(),
            &[10.0, 10.0, 20.0, 20.0, 20.0, 30.0, 30.0],
        );
        assert_floats(
            &f.columns["mean_left_right"].f64_values().unwrap(),
            &[f64::NAN, 10.0, 15.0, 20.0, 20.0, 25.0, 30.0],
        );
    }

    #[test]
    fn offset_rhythm_adds_point_gaps() {
        let s = dts(
            &[
                "2020-01-01T01:16:30Z",
                "2020-01-01T01:17:30Z",
                "2020-01-01T01:18:30Z",
            ],
            &[10.0; 3],
            Tz::Utc,
        );
        let out = run(&[
            ("timeseries", s),
            (
                "interval_start_timestamp",
                Value::Str("2020-01-01T01:16:00.000Z".into()),
            ),
            (
                "interval_end_timestamp",
                Value::Str("2020-01-01T01:19:00.000Z".into()),
            ),
            ("auto_frequency_determination", Value::Bool(false)),
            ("expected_data_frequency", Value::Str("1min".into())),
            ("expected_data_frequency_offset", Value::Str("0s".into())),
        ])
        .unwrap();
        let f = frame(&out);
        let expected: Vec<i64> = ["01:16", "01:17", "01:18", "01:19"]
            .iter()
            .map(|m| ts(&format!("2020-01-01T{m}:00Z")))
            .collect();
        assert_eq!(times(&f, "start_time"), expected);
        assert_eq!(times(&f, "end_time"), expected);
        assert_floats(
            &f.columns["value_to_left"].f64_values().unwrap(),
            &[f64::NAN, 10.0, 10.0, 10.0],
        );
        assert_floats(
            &f.columns["value_to_right"].f64_values().unwrap(),
            &[10.0, 10.0, 10.0, f64::NAN],
        );
    }

    #[test]
    fn external_gaps_only_when_deactivated() {
        let s = dts(
            &[
                "2020-01-01T01:16:00Z",
                "2020-01-01T01:18:00Z",
                "2020-01-01T01:25:00Z",
                "2020-01-01T01:28:00Z",
                "2020-01-01T01:30:00Z",
                "2020-01-01T01:31:00Z",
                "2020-01-01T01:34:00Z",
            ],
            &[10.0, 10.0, 20.0, 20.0, 30.0, 30.0, 30.0],
            Tz::Utc,
        );
        let ext_ts = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(
                vec![ts("2020-01-01T01:25:00Z"), ts("2020-01-01T01:29:00Z")],
                Tz::Utc,
            ),
            Column::from_bool(vec![true, true]),
        ));
        let t = |s: &str| ts(&format!("2020-01-01T{s}:00Z"));
        let columns = vec![
            (
                "start_time".to_string(),
                Column::from_datetime_ns(
                    vec![t("01:01"), t("01:14"), t("01:31"), t("01:32")],
                    Tz::Utc,
                ),
            ),
            (
                "end_time".to_string(),
                Column::from_datetime_ns(
                    vec![t("01:13"), t("01:25"), t("01:33"), t("01:38")],
                    Tz::Utc,
                ),
            ),
            (
                "start_inclusive".to_string(),
                Column::from_bool(vec![false; 4]),
            ),
            (
                "end_inclusive".to_string(),
                Column::from_bool(vec![false; 4]),
            ),
        ];
        let ext_iv = Value::Frame(FrameValue {
            index: Column::range(4),
            columns: columns.into_iter().collect(),
            attrs: Default::default(),
        });
        let out = run(&[
            ("timeseries", s),
            ("externally_determined_gap_timestamps", ext_ts),
            ("externally_determined_gap_intervals", ext_iv),
            ("deactivate_freq_based_gap_detection", Value::Bool(true)),
        ])
        .unwrap();
        assert!(!out.contains_key("data_frequency"));
        let f = frame(&out);
        assert_eq!(
            times(&f, "start_time"),
            vec![t("01:16"), t("01:29"), t("01:31")]
        );
        assert_eq!(
            times(&f, "end_time"),
            vec![t("01:25"), t("01:29"), t("01:34")]
        );
        let b = |c: &str| {
            f.columns[c]
                .bool_values()
                .unwrap()
                .into_iter()
                .map(Option::unwrap)
                .collect::<Vec<_>>()
        };
        assert_eq!(b("start_inclusive"), vec![true, true, false]);
        assert_eq!(b("end_inclusive"), vec![true, true, true]);
        assert_floats(
            &f.columns["gap_size_in_seconds"].f64_values().unwrap(),
            &[540.0, 0.0, 180.0],
        );
        assert_floats(
            &f.columns["value_to_left"].f64_values().unwrap(),
            &[f64::NAN, 20.0, 30.0],
        );
        assert_floats(
            &f.columns["value_to_right"].f64_values().unwrap(),
            &[20.0, 30.0, f64::NAN],
        );
        assert_floats(
            &f.columns["mean_left_right"].f64_values().unwrap(),
            &[f64::NAN, 25.0, f64::NAN],
        );
    }

    #[test]
    fn no_gaps_empty_frame_and_validation_errors() {
        let regular = dts(
            &[
                "2020-01-01T00:00:00Z",
                "2020-01-01T00:01:00Z",
                "2020-01-01T00:02:00Z",
            ],
            &[1.0, 2.0, 3.0],
            Tz::Utc,
        );
        let out = run(&[
            ("timeseries", regular.clone()),
            ("auto_freq_min_amount_datapoints", Value::Int(2)),
        ])
        .unwrap();
        let f = frame(&out);
        assert_eq!(f.height(), 0);
        assert_eq!(f.columns.len(), 8);
        let e = run(&[("timeseries", regular.clone())]).unwrap_err();
        assert_eq!(
            e.message,
            "The timeseries does not contain at least 11 datapoints."
        );
        let e = run(&[
            ("timeseries", regular.clone()),
            ("auto_freq_percentile", Value::Float(1.5)),
        ])
        .unwrap_err();
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&json!({"invalid_component_inputs": ["auto_freq_percentile"]}))
        );
        let e = run(&[
            ("timeseries", regular.clone()),
            ("auto_frequency_determination", Value::Bool(false)),
        ])
        .unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        let e = run(&[
            ("timeseries", regular.clone()),
            (
                "interval_start_timestamp",
                Value::Str("2020-01-02T00:00:00Z".into()),
            ),
            (
                "interval_end_timestamp",
                Value::Str("2020-01-01T00:00:00Z".into()),
            ),
        ])
        .unwrap_err();
        assert_eq!(
            e.message,
            "The value interval_start_timestamp must not be later than the interval_end_timestamp, while it is 2020-01-02 00:00:00+00:00 > 2020-01-01 00:00:00+00:00."
        );
        let ints = crate::kernels::elementwise::test_util::fs(&[1, 2], &[1.0, 2.0]);
        let e = run(&[("timeseries", ints)]).unwrap_err();
        assert_eq!(
            e.message,
            "The index of `timeseries` is not of any datetime64 dtype, but int64."
        );
    }

    #[test]
    fn int_series_keep_int_boundary_values_when_all_exist() {
        let s = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(
                vec![
                    ts("2020-01-01T00:00:00Z"),
                    ts("2020-01-01T00:01:00Z"),
                    ts("2020-01-01T00:05:00Z"),
                ],
                Tz::Utc,
            ),
            Column::from_i64(vec![1, 2, 3]),
        ));
        let out = run(&[
            ("timeseries", s),
            ("auto_frequency_determination", Value::Bool(false)),
            ("expected_data_frequency", Value::Str("1min".into())),
        ])
        .unwrap();
        let f = frame(&out);
        assert_eq!(
            f.columns["value_to_left"].i64_values().unwrap().as_ref(),
            &[2]
        );
        assert_eq!(
            f.columns["value_to_right"].i64_values().unwrap().as_ref(),
            &[3]
        );
        assert_floats(&f.columns["mean_left_right"].f64_values().unwrap(), &[2.5]);
    }

    #[test]
    fn attrs_provide_range_and_frequency() {
        let Value::Series(mut s) = series() else {
            panic!()
        };
        s.attrs.insert(
            "ref_interval_start_timestamp".into(),
            json!("2020-01-01T00:16:00.000Z"),
        );
        s.attrs.insert(
            "ref_interval_end_timestamp".into(),
            json!("2020-01-01T16:34:00.000Z"),
        );
        s.attrs.insert("ref_data_frequency".into(), json!("1min"));
        let out = run(&[("timeseries", Value::Series(s))]).unwrap();
        assert_eq!(frame(&out).height(), 7);
    }
}
