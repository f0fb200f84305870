//! Replacement Locations for Gaps (`ccf45f3a-8cbe-4269-8f3c-5d56d80db29a`): the timestamps
//! on a regular rhythm at which replacement values are needed for given gap intervals.

use super::gap_detection_intervals::{constrict, resolve};
use super::gaps::{ceil_on, clip, datetime_index, floor_on, intervals_from_frame, merge, Interval};
use crate::kernels::elementwise::py_type;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::timestamp::format_iso_ms;
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Replacement Locations for Gaps 1.0.0 (ids derived by hetida from
/// the port names).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ccf45f3a-8cbe-4269-8f3c-5d56d80db29a",
    revision_group_id: "fd0f4cce-9a6e-48d2-8d10-5a2a1310f6c6",
    name: "Replacement Locations for Gaps",
    category: "Data Quality",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Determine timestamps at which replacement values need to be determined.",
    inputs: &[
        PortSpec::new(
            "gap_intervals",
            "b33c3bde-789b-e1fb-89c5-006556e63419",
            DataType::DataFrame,
        ),
        PortSpec::optional(
            "timeseries",
            "32c68103-28a2-b3e4-2010-376ff57f0be0",
            DataType::Series,
            "null",
        ),
        PortSpec::optional(
            "interval_start_timestamp",
            "5202aaeb-2a16-e2f6-bad9-ce098d1db115",
            DataType::String,
            "null",
        ),
        PortSpec::optional(
            "interval_end_timestamp",
            "9ed588cc-2867-ff5d-7e33-1ecd11afd679",
            DataType::String,
            "null",
        ),
        PortSpec::optional(
            "auto_frequency_determination",
            "5d80c574-aa06-a343-f696-4c793790a98d",
            DataType::Boolean,
            "false",
        ),
        PortSpec::optional(
            "auto_freq_percentile",
            "ca043134-4ec0-86ad-2566-2b9d155fbe42",
            DataType::Float,
            "0.5",
        ),
        PortSpec::optional(
            "auto_freq_min_amount_datapoints",
            "666a4b41-d606-418a-8dd4-0e5ab5480336",
            DataType::Int,
            "11",
        ),
        PortSpec::optional(
            "expected_data_frequency",
            "36379fd3-6112-16b6-5ac8-f7e416e0bdc1",
            DataType::String,
            "null",
        ),
        PortSpec::optional(
            "expected_data_frequency_offset",
            "e6555fe5-d899-8b36-188f-bf0481a7bb77",
            DataType::String,
            "null",
        ),
        PortSpec::optional(
            "all_gap_points",
            "36cbf65f-f31c-c551-eaff-5bd70bf6c662",
            DataType::Boolean,
            "true",
        ),
    ],
    outputs: &[PortSpec::new(
        "replacement_locations",
        "3a82e5f8-ff12-a938-bb4f-48684abe56fe",
        DataType::Series,
    )],
};

/// Renders rows of a frame like pandas `to_json(date_format="iso", indent=2)`.
fn rows_json(f: &FrameValue, rows: &[usize]) -> String {
    let labels = f.index.i64_values();
    let mut out = String::from("{\n");
    let ncols = f.columns.len();
    for (ci, (name, col)) in f.columns.iter().enumerate() {
        out.push_str(&format!("  \"{name}\":{{\n"));
        for (k, &r) in rows.iter().enumerate() {
            let label = labels.as_ref().map_or(r as i64, |l| l[r]);
            let v = match col.kind() {
                ColumnKind::Datetime => col.datetime_ns_opt().unwrap_or_default()[r]
                    .map_or("null".to_string(), |ns| {
                        format!("\"{}\"", format_iso_ms(ns, col.tz.is_aware()))
                    }),
                ColumnKind::Bool => col.bool_values().unwrap_or_default()[r]
                    .map_or("null".into(), |b| b.to_string()),
                ColumnKind::Str => col.str_values().unwrap_or_default()[r]
                    .map_or("null".into(), |s| format!("{s:?}")),
                _ => {
                    let x = col.f64_values().unwrap_or_default()[r];
                    if x.is_nan() {
                        "null".into()
                    } else {
                        rheo_core::value::json_out::python_float_repr(x)
                    }
                }
            };
            out.push_str(&format!("    \"{label}\":{v}"));
            out.push_str(if k + 1 < rows.len() { ",\n" } else { "\n" });
        }
        out.push_str(if ci + 1 < ncols { "  },\n" } else { "  }\n" });
    }
    out.push('}');
    out
}

/// pandas `date_range(rs, re, freq, inclusive=…)` on a fixed frequency.
fn range(rs: i64, re: i64, freq: i64, left: bool, right: bool, out: &mut Vec<i64>) {
    let mut d = Vec::new();
    let mut t = rs;
    while t <= re {
        d.push(t);
        t += freq;
    }
    if !left && d.first() == Some(&rs) {
        d.remove(0);
    }
    if !right && d.last() == Some(&re) {
        d.pop();
    }
    out.extend(d);
}

/// Replacement Locations for Gaps as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Replacement Locations for Gaps: parameters resolved and validated as in Gap Detection
/// Intervals (attrs fallbacks of `timeseries`; auto frequency detection defaults to
/// **false**, so `expected_data_frequency` is required unless it is switched on); the gap
/// intervals must have the four interval columns (at least one datetime) and no row with
/// start_time > end_time (422 listing those rows as pandas JSON).
///
/// The rhythm offset, when not given, is computed as hetida does: `1970-01-01 UTC − t0`
/// reduced modulo the frequency, with t0 the first timestamp of the interval-restricted
/// series, else the interval start (note: this puts the rhythm through −t0, which passes
/// through t0 only when t0 lies on a multiple of half the frequency; the spec's summary
/// "passes through the first timestamp" describes the intended effect). Without either,
/// the rhythm is anchored at the start of the first non-point gap.
///
/// Gap intervals are clipped to the range (clipped sides inclusive; inverted and open
/// degenerate rows dropped) and merged with hetida's four-pass merge. Per merged interval:
/// with `all_gap_points` a point interval emits its timestamp as is; otherwise the rhythm
/// timestamps from ceil(start) to floor(end) are emitted, the left end only if the interval
/// is start-inclusive or ceil(start) ≠ start, the right end only if end-inclusive or
/// floor(end) ≠ end.
///
/// Output: an unnamed float64 series of NaN whose UTC index is the concatenation of the
/// emitted timestamps in interval order (duplicates possible).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let gap_frame = match inputs.value("gap_intervals")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::type_error(format!(
                "gap_intervals must be a DataFrame, got {}",
                py_type(other)
            )))
        }
    };
    let intervals = intervals_from_frame(gap_frame, "gap_intervals")?;
    let bad_rows: Vec<usize> = (0..intervals.len())
        .filter(|&i| intervals[i].start > intervals[i].end)
        .collect();
    if !bad_rows.is_empty() {
        return Err(ComponentError::input_validation(
            format!(
                "There is at least one gap interval for which the start is after the end:\n{}",
                rows_json(gap_frame, &bad_rows)
            ),
            &["gap_intervals"],
        ));
    }
    let series: Option<&SeriesValue> = match inputs.opt("timeseries") {
        None => None,
        Some(Value::Series(s)) => Some(s),
        Some(other) => {
            return Err(ComponentError::type_error(format!(
                "timeseries must be a Series, got {}",
                py_type(other)
            )))
        }
    };
    let index = match series {
        Some(s) => datetime_index(s, "timeseries")?,
        None => Vec::new(),
    };
    let all_gap_points = inputs.opt_bool("all_gap_points", true)?;
    let r = resolve(inputs, series, &index, false)?;
    let kept = constrict(&index, r.start, r.end);
    let freq = if r.auto {
        let Some(_) = series else {
            return Err(ComponentError::type_error(
                "object of type 'NoneType' has no len()",
            ));
        };
        let mut wb: Vec<i64> = kept.iter().map(|&i| index[i]).collect();
        for b in [r.start, r.end].into_iter().flatten() {
            if !wb.contains(&b) {
                wb.push(b);
            }
        }
        wb.sort_unstable();
        r.detected_frequency(&wb)?
    } else {
        r.freq.unwrap_or(0)
    };
    if freq <= 0 {
        return Err(ComponentError::value_error(format!(
            "Invalid frequency: {freq}ns (must be positive)"
        )));
    }
    let mut offset = r.offset.or_else(|| {
        kept.first()
            .map(|&i| index[i])
            .or(r.start)
            .map(|t0| (-t0).rem_euclid(freq))
    });
    let merged: Vec<Interval> = {
        let c = clip(intervals, r.start, r.end);
        if c.is_empty() {
            c
        } else {
            merge(c)
        }
    };
    let mut locations = Vec::new();
    for iv in &merged {
        if all_gap_points && iv.start == iv.end {
            locations.push(iv.start);
            continue;
        }
        let off = *offset.get_or_insert(iv.start);
        let rs = ceil_on(iv.start, freq, off);
        let re = floor_on(iv.end, freq, off);
        range(
            rs,
            re,
            freq,
            iv.start_incl || rs != iv.start,
            iv.end_incl || re != iv.end,
            &mut locations,
        );
    }
    let n = locations.len();
    Ok(Outputs::single(
        "replacement_locations",
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(locations, Tz::Utc),
            Column::from_f64(vec![f64::NAN; n]),
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::time_index::test_support::{dts, ts};
    use std::sync::Arc;

    fn t(s: &str) -> i64 {
        ts(&format!("2020-01-01T{s}Z"))
    }

    fn gaps(rows: &[(&str, &str, bool, bool)]) -> Value {
        let columns = vec![
            (
                "start_time".to_string(),
                Column::from_datetime_ns(rows.iter().map(|r| t(r.0)).collect(), Tz::Utc),
            ),
            (
                "end_time".to_string(),
                Column::from_datetime_ns(rows.iter().map(|r| t(r.1)).collect(), Tz::Utc),
            ),
            (
                "start_inclusive".to_string(),
                Column::from_bool(rows.iter().map(|r| r.2).collect()),
            ),
            (
                "end_inclusive".to_string(),
                Column::from_bool(rows.iter().map(|r| r.3).collect()),
            ),
        ];
        Value::Frame(FrameValue {
            index: Column::range(rows.len()),
            columns: columns.into_iter().collect(),
            attrs: Default::default(),
        })
    }

    fn run(pairs: &[(&str, Value)]) -> Result<Vec<i64>, ComponentError> {
        let mut i = Inputs::new();
        for (k, v) in pairs {
            i.insert(*k, Arc::new(v.clone()));
        }
        let out = super::run(&i)?;
        let Value::Series(s) = out["replacement_locations"].as_ref() else {
            panic!()
        };
        assert!(s.values.f64_values().unwrap().iter().all(|v| v.is_nan()));
        assert_eq!(s.index.tz, Tz::Utc);
        Ok(s.index.datetime_ns().unwrap().into_owned())
    }

    #[test]
    fn test_wiring_example_anchored_at_the_first_gap() {
        let g = gaps(&[
            ("01:16:00", "01:25:00", true, true),
            ("01:29:00", "01:29:00", true, true),
            ("01:31:00", "01:34:00", false, true),
        ]);
        let locs = run(&[
            ("gap_intervals", g),
            ("expected_data_frequency", Value::Str("2min".into())),
        ])
        .unwrap();
        // rhythm through 01:16 (even minutes): 16..24, then the point 29, then (31, 34] → 32, 34
        let expected: Vec<i64> = [
            "01:16:00", "01:18:00", "01:20:00", "01:22:00", "01:24:00", "01:29:00", "01:32:00",
            "01:34:00",
        ]
        .iter()
        .map(|s| t(s))
        .collect();
        assert_eq!(locs, expected);
    }

    #[test]
    fn exclusive_ends_on_the_rhythm_are_left_out_and_offsets_apply() {
        let g = gaps(&[("00:00:00", "00:03:00", false, false)]);
        let locs = run(&[
            ("gap_intervals", g.clone()),
            ("expected_data_frequency", Value::Str("1min".into())),
            ("expected_data_frequency_offset", Value::Str("0s".into())),
        ])
        .unwrap();
        assert_eq!(locs, vec![t("00:01:00"), t("00:02:00")]);
        let locs = run(&[
            ("gap_intervals", g),
            ("expected_data_frequency", Value::Str("1min".into())),
            ("expected_data_frequency_offset", Value::Str("30s".into())),
        ])
        .unwrap();
        assert_eq!(locs, vec![t("00:00:30"), t("00:01:30"), t("00:02:30")]);
    }

    #[test]
    fn series_and_interval_bounds_clip_and_anchor() {
        // series first point 00:00:30 → offset = (−00:00:30) mod 1 min = 30 s
        let s = dts(
            &["2020-01-01T00:00:30Z", "2020-01-01T00:05:30Z"],
            &[1.0, 2.0],
            Tz::Utc,
        );
        let g = gaps(&[("00:00:00", "00:02:00", false, false)]);
        let locs = run(&[
            ("gap_intervals", g),
            ("timeseries", s),
            ("expected_data_frequency", Value::Str("1min".into())),
        ])
        .unwrap();
        // clipped to [00:00:30, 00:02:00) (start inclusive after clipping)
        assert_eq!(locs, vec![t("00:00:30"), t("00:01:30")]);
    }

    #[test]
    fn all_gap_points_false_uses_the_rhythm_for_points_and_errors() {
        let g = gaps(&[("00:00:10", "00:00:10", true, true)]);
        let locs = run(&[
            ("gap_intervals", g.clone()),
            ("expected_data_frequency", Value::Str("1min".into())),
            ("expected_data_frequency_offset", Value::Str("0s".into())),
            ("all_gap_points", Value::Bool(false)),
        ])
        .unwrap();
        assert!(locs.is_empty());
        let e = run(&[("gap_intervals", g.clone())]).unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        let bad = gaps(&[
            ("00:00:00", "00:01:00", true, true),
            ("00:05:00", "00:01:00", true, true),
        ]);
        let e = run(&[
            ("gap_intervals", bad),
            ("expected_data_frequency", Value::Str("1min".into())),
        ])
        .unwrap_err();
        assert_eq!(
            e.message,
            "There is at least one gap interval for which the start is after the end:\n{\n  \"start_time\":{\n    \"1\":\"2020-01-01T00:05:00.000Z\"\n  },\n  \"end_time\":{\n    \"1\":\"2020-01-01T00:01:00.000Z\"\n  },\n  \"start_inclusive\":{\n    \"1\":true\n  },\n  \"end_inclusive\":{\n    \"1\":true\n  }\n}"
        );
        let empty = gaps(&[]);
        assert!(run(&[
            ("gap_intervals", empty),
            ("expected_data_frequency", Value::Str("1min".into()))
        ])
        .unwrap()
        .is_empty());
    }
}
