//! Merge timeseries deduplicating timestamps (`b1dba357-b6d5-43cd-ac3e-7b6cd829be37`):
//! merges a long-format frame into one series with unique timestamps by spreading
//! duplicates forward in time.

use crate::kernels::time_index::parse_timedelta;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Merge timeseries deduplicating timestamps 1.0.0 (ids derived by
/// hetida from the port names).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "b1dba357-b6d5-43cd-ac3e-7b6cd829be37",
    revision_group_id: "79de1ec7-b629-4360-a5e2-4eba19e60bd0",
    name: "Merge timeseries deduplicating timestamps",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Combine multiple timeseries from a timeseries dataframe into one, avoiding duplicate timestamps.",
    inputs: &[
        PortSpec::new(
            "timeseries_df",
            "bc4e2fd0-7ce2-b4db-8ffc-70fa741f7a1d",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "max_distribution_delta",
            "3a08de46-664b-83a7-1539-ef0eaf752174",
            DataType::String,
        ),
        PortSpec::new(
            "new_name",
            "05a0332a-fbd4-32c7-50f2-737d38dbb508",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "timeseries",
        "9ea49d83-75e4-5186-4f1b-445c55d2a5ff",
        DataType::Series,
    )],
};

/// Merge timeseries deduplicating timestamps as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Merge timeseries deduplicating timestamps: the rows of `timeseries_df` (columns
/// `timestamp` and `value`; others ignored) are sorted by timestamp (stably — pandas'
/// quicksort keeps input order for small inputs but does not guarantee it). For a run of
/// k ≥ 2 equal timestamps T followed by the next different timestamp N, D = min(N − T,
/// max_distribution_delta) (D = max_distribution_delta for the last run), and the j-th
/// occurrence (j = 0..k−1) is moved to T + trunc(j/k · D) nanoseconds. Output: a series named
/// `new_name` with the sorted values on the new timestamps (timezone kept; NaT sorted last
/// and kept).
///
/// Errors: a missing column raises KeyError ('timestamp' / 'value'); a non-datetime
/// timestamp column raises TypeError; an invalid delta ValueError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame: &FrameValue = match inputs.value("timeseries_df")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::type_error(format!(
                "timeseries_df must be a DataFrame, got {}",
                crate::kernels::elementwise::py_type(other)
            )))
        }
    };
    let max_delta = inputs.str("max_distribution_delta")?;
    let name = inputs.str("new_name")?;
    let col = |c: &str| {
        frame
            .columns
            .get(c)
            .ok_or_else(|| ComponentError::new("KeyError", format!("'{c}'")))
    };
    let tcol = col("timestamp")?;
    let vcol = col("value")?;
    if tcol.kind() != ColumnKind::Datetime && !tcol.is_empty() {
        return Err(ComponentError::type_error(
            "the timestamp column must hold datetimes to distribute duplicates",
        ));
    }
    let max_ns = parse_timedelta(max_delta)?;
    let ts = tcol.datetime_ns_opt().unwrap_or_default();
    let mut order: Vec<usize> = (0..ts.len()).collect();
    order.sort_by_key(|&i| (ts[i].is_none(), ts[i].unwrap_or(0)));
    let sorted: Vec<Option<i64>> = order.iter().map(|&i| ts[i]).collect();
    let new_ts = distribute(&sorted, max_ns);
    let index = Column::from_opt_datetime_ns(new_ts, tcol.tz);
    Ok(Outputs::single(
        "timeseries",
        Value::Series(SeriesValue {
            name: Some(name.to_string()),
            index,
            values: vcol.take(&order),
            attrs: Default::default(),
        }),
    ))
}

/// Spreads runs of equal (sorted) timestamps: j-th of k → T + trunc(j/k · D).
fn distribute(sorted: &[Option<i64>], max_ns: i64) -> Vec<Option<i64>> {
    let n = sorted.len();
    let mut out = sorted.to_vec();
    let mut i = 0;
    while i < n {
        let Some(t) = sorted[i] else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && sorted[j] == Some(t) {
            j += 1;
        }
        let k = j - i;
        if k >= 2 {
            let delta_to = match sorted.get(j).copied().flatten() {
                Some(next) if next > t => next - t,
                _ => max_ns,
            };
            let d = delta_to.min(max_ns);
            for (q, o) in out[i..j].iter_mut().enumerate() {
                let factor = q as f64 / k as f64;
                *o = Some(t + (factor * d as f64) as i64);
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, run1};
    use crate::kernels::time_index::test_support::{dparts, ts};
    use rheo_core::value::Tz;

    fn frame(stamps: &[&str], values: &[f64], tz: Tz) -> Value {
        let columns = vec![
            (
                "timestamp".to_string(),
                Column::from_datetime_ns(stamps.iter().map(|s| ts(s)).collect(), tz),
            ),
            (
                "metric".to_string(),
                Column::from_strings(vec![Some("a".into()); stamps.len()]),
            ),
            ("value".to_string(), Column::from_f64(values.to_vec())),
        ]
        .into_iter()
        .collect();
        Value::Frame(FrameValue {
            index: Column::range(stamps.len()),
            columns,
            attrs: Default::default(),
        })
    }

    fn run(f: Value, d: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("timeseries_df", f),
                ("max_distribution_delta", Value::Str(d.into())),
                ("new_name", Value::Str("m".into())),
            ],
        )
    }

    #[test]
    fn spreads_duplicates_up_to_next_timestamp_or_max_delta() {
        let f = frame(
            &[
                "2020-01-01T01:00:00Z",
                "2020-01-01T00:00:00Z",
                "2020-01-01T00:00:00Z",
                "2020-01-01T00:10:00Z",
                "2020-01-01T00:00:00Z",
                "2020-01-01T01:00:00Z",
            ],
            &[5.0, 1.0, 2.0, 4.0, 3.0, 6.0],
            Tz::Utc,
        );
        let out = run(f, "1h").unwrap();
        let (idx, v, tz) = dparts(&out);
        assert_eq!(tz, Tz::Utc);
        assert_eq!(
            idx,
            vec![
                ts("2020-01-01T00:00:00Z"),
                ts("2020-01-01T00:03:20Z"),
                ts("2020-01-01T00:06:40Z"),
                ts("2020-01-01T00:10:00Z"),
                ts("2020-01-01T01:00:00Z"),
                ts("2020-01-01T01:30:00Z"),
            ]
        );
        assert_floats(&v, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let Value::Series(s) = out else { panic!() };
        assert_eq!(s.name.as_deref(), Some("m"));
    }

    #[test]
    fn max_delta_caps_the_spread_and_uniques_stay() {
        let f = frame(
            &[
                "2020-01-01T00:00:00",
                "2020-01-01T00:00:00",
                "2020-01-01T10:00:00",
            ],
            &[1.0, 2.0, 3.0],
            Tz::Naive,
        );
        let (idx, _, _) = dparts(&run(f, "1min").unwrap());
        assert_eq!(
            idx,
            vec![
                ts("2020-01-01T00:00:00"),
                ts("2020-01-01T00:00:30"),
                ts("2020-01-01T10:00:00")
            ]
        );
        // thirds of 1 s are truncated to whole nanoseconds
        let f = frame(&["2020-01-01T00:00:00"; 3], &[1.0, 2.0, 3.0], Tz::Naive);
        let (idx, _, _) = dparts(&run(f, "1s").unwrap());
        let t0 = ts("2020-01-01T00:00:00");
        assert_eq!(idx, vec![t0, t0 + 333_333_333, t0 + 666_666_666]);
    }

    #[test]
    fn empty_single_and_missing_column() {
        let (idx, _, _) = dparts(&run(frame(&[], &[], Tz::Utc), "1h").unwrap());
        assert!(idx.is_empty());
        let (idx, _, _) = dparts(&run(frame(&["2020-01-01"], &[1.0], Tz::Naive), "1h").unwrap());
        assert_eq!(idx, vec![ts("2020-01-01")]);
        let bad = Value::Frame(FrameValue {
            index: Column::range(0),
            columns: Default::default(),
            attrs: Default::default(),
        });
        let e = run(bad, "1h").unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'timestamp'")
        );
    }
}
