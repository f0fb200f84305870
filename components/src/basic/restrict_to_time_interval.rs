//! Restrict to time interval (`bf469c0a-d17c-ca6f-59ac-9838b2ff67ac`): the part of a
//! Series/DataFrame inside the closed time interval [start, stop].

use crate::kernels::series_frame::{holds_no_data, index_of};
use crate::kernels::time_index::{to_datetime, NaiveAmongAware};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{FrameValue, SeriesValue, Tz};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Restrict to time interval 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "bf469c0a-d17c-ca6f-59ac-9838b2ff67ac",
    revision_group_id: "bf469c0a-d17c-ca6f-59ac-9838b2ff67ac",
    name: "Restrict to time interval",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Returns the data belonging to some time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "1039e08a-964f-2cc8-cffd-37d53078daf8",
            DataType::Any,
        ),
        PortSpec::new(
            "start",
            "7e7ecf61-c319-f6be-1a3f-1526a879fd9a",
            DataType::String,
        ),
        PortSpec::new(
            "stop",
            "a1154696-3e13-8fe2-ee80-3dea4e879b7d",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "interval",
        "21fe8c45-8a45-9d81-4e17-0c73ca7a66f4",
        DataType::Any,
    )],
};

/// Restrict to time interval as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Restrict to time interval: empty data are returned unchanged; otherwise the index is
/// converted like `pd.to_datetime` (strings parsed as ISO 8601, mixed offsets → UTC, ints as
/// epoch nanoseconds), the data are sorted by index and `.loc[start:stop]` keeps the rows
/// with start ≤ label ≤ stop. `start`/`stop` may be null (open end); a bound without offset
/// is read as UTC, one with an offset is converted to UTC, and the bound is compared with
/// the index as UTC wall time (naive index) or UTC instant (aware index).
///
/// Errors as in hetida: an unparseable start raises ValueError "start timestamp could not
/// be parsed: `<start>`"; an unparseable stop raises the same message (naming the start) for
/// a naive index and AttributeError for an aware one; start after stop raises ValueError.
///
/// Deviations: hetida parses the bounds with `dateparser` (many formats, natural language,
/// relative dates); Rheo accepts ISO 8601 and the words `now`, `today`, `yesterday`,
/// `tomorrow`. hetida converts the caller's index in place; Rheo
/// returns a new value and leaves the input untouched.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let shared = inputs.shared("data")?;
    let index = index_of(shared.as_ref(), "index")?;
    // `data.empty`: no rows, or a frame without columns.
    if holds_no_data(shared.as_ref(), index) {
        let mut out = Outputs::with_capacity(1);
        out.insert("interval", shared.clone());
        return Ok(out);
    }
    let index = to_datetime(index, NaiveAmongAware::AsUtc)?;
    let (start_text, stop_text) = (inputs.opt_str("start")?, inputs.opt_str("stop")?);
    let start = start_text
        .map(|s| {
            parse_bound(s).ok_or_else(|| {
                ComponentError::value_error(format!("start timestamp could not be parsed: {s}"))
            })
        })
        .transpose()?;
    let stop = stop_text
        .map(|s| parse_bound(s).ok_or_else(|| stop_error(start_text, index.tz)))
        .transpose()?;
    if let (Some(a), Some(b)) = (start, stop) {
        if a > b {
            return Err(ComponentError::value_error(
                "start timestamp cannot be after stop timestamp",
            ));
        }
    }
    let ns = index.datetime_ns_opt().unwrap_or_default();
    // Sort (stably) by label, NaT last.
    let key = |i: usize| ns[i].unwrap_or(i64::MAX);
    let mut order: Vec<usize> = (0..ns.len()).collect();
    if order.windows(2).any(|w| key(w[0]) > key(w[1])) {
        order.sort_by_key(|&i| key(i));
    }
    let lo = start.map_or(0, |s| order.partition_point(|&i| key(i) < s));
    let hi = stop.map_or(order.len(), |s| order.partition_point(|&i| key(i) <= s));
    let keep = &order[lo..hi.max(lo)];
    let out = match shared.as_ref() {
        Value::Series(s) => Value::Series(SeriesValue {
            name: s.name.clone(),
            index: index.take(keep),
            values: s.values.take(keep),
            attrs: s.attrs.clone(),
        }),
        Value::Frame(f) => Value::Frame(FrameValue {
            index: index.take(keep),
            columns: f
                .columns
                .iter()
                .map(|(k, c)| (k.clone(), c.take(keep)))
                .collect(),
            attrs: f.attrs.clone(),
        }),
        _ => unreachable!("checked above"),
    };
    Ok(Outputs::single("interval", out))
}

/// A bound as UTC nanoseconds: ISO 8601 (a string without offset is taken as UTC), or one
/// of dateparser's relative words `now`/`today` (the current time), `yesterday`,
/// `tomorrow` (± one day).
fn parse_bound(text: &str) -> Option<i64> {
    let text = text.trim();
    let day = 86_400 * 1_000_000_000i64;
    let shift = match text.to_ascii_lowercase().as_str() {
        "now" | "today" => Some(0),
        "yesterday" => Some(-day),
        "tomorrow" => Some(day),
        _ => None,
    };
    if let Some(shift) = shift {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        return i64::try_from(now.as_nanos()).ok().map(|n| n + shift);
    }
    parse_iso8601(text).map(|t| t.ns)
}

/// hetida's error for a stop bound it cannot parse: for a tz-aware index the unparsed
/// `None` is used (`None.replace(...)`, an AttributeError); for a naive index the
/// ValueError names the *start* bound.
fn stop_error(start: Option<&str>, tz: Tz) -> ComponentError {
    if tz.is_aware() {
        ComponentError::new(
            "AttributeError",
            "'NoneType' object has no attribute 'replace'",
        )
    } else {
        ComponentError::value_error(format!(
            "start timestamp could not be parsed: {}",
            start.unwrap_or("None")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Column;
    use std::sync::Arc;

    const T0: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

    fn restrict(data: Value, start: Value, stop: Value) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("data", data), ("start", start), ("stop", stop)],
        )
    }

    fn s(text: &str) -> Value {
        Value::Str(text.into())
    }

    fn secs(v: &Value) -> Vec<i64> {
        let Value::Series(s) = v else { panic!() };
        s.index
            .datetime_ns()
            .unwrap()
            .iter()
            .map(|t| t / 1_000_000_000 - T0)
            .collect()
    }

    #[test]
    fn closed_interval_on_sorted_data() {
        let data = tz_series(
            &[T0 + 3, T0, T0 + 1, T0 + 2],
            Tz::Utc,
            &[3.0, 0.0, 1.0, 2.0],
        );
        let r = restrict(
            data.clone(),
            s("2020-01-01T00:00:01+00:00"),
            s("2020-01-01T00:00:02Z"),
        )
        .unwrap();
        assert_eq!(secs(&r), [1, 2]);
        let Value::Series(x) = &r else { panic!() };
        assert_eq!(x.values.f64_values().unwrap().as_ref(), [1.0, 2.0]);
        // Open start; a bound with an offset is converted to UTC (01:00:02+01:00 = 00:00:02Z).
        let r = restrict(data.clone(), Value::Null, s("2020-01-01T01:00:02+01:00")).unwrap();
        assert_eq!(secs(&r), [0, 1, 2]);
        let r = restrict(data, s("2020-01-01T00:00:02"), Value::Null).unwrap();
        assert_eq!(secs(&r), [2, 3]);
    }

    #[test]
    fn naive_index_compares_utc_wall_time_and_strings_are_converted() {
        let data = tz_series(&[T0, T0 + 3600], Tz::Naive, &[0.0, 1.0]);
        let r = restrict(data, s("2020-01-01T01:30:00+01:00"), Value::Null).unwrap();
        assert_eq!(secs(&r), [3600]);
        let labels = Value::Series(SeriesValue::new(
            Column::from_strings(vec![
                Some("2020-01-01T01:00:00+01:00".into()),
                Some("2020-01-01T00:00:05Z".into()),
            ]),
            Column::from_f64(vec![0.0, 5.0]),
        ));
        let r = restrict(labels, s("2020-01-01T00:00:00Z"), s("2020-01-01T00:00:04Z")).unwrap();
        let Value::Series(x) = &r else { panic!() };
        assert_eq!(x.index.tz, Tz::Utc);
        assert_eq!(secs(&r), [0]);
    }

    #[test]
    fn edge_cases() {
        let empty = Arc::new(tz_series(&[], Tz::Utc, &[]));
        let mut i = Inputs::new();
        i.insert("data", empty.clone());
        i.insert("start", Arc::new(s("garbage")));
        i.insert("stop", Arc::new(Value::Null));
        let out = run(&i).unwrap();
        assert!(Arc::ptr_eq(&out["interval"], &empty));
        let data = tz_series(&[T0], Tz::Utc, &[1.0]);
        let e = restrict(data.clone(), s("garbage"), Value::Null).unwrap_err();
        assert_eq!(e.message, "start timestamp could not be parsed: garbage");
        let e = restrict(data.clone(), s("2020-01-01"), s("garbage")).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        let naive = tz_series(&[T0], Tz::Naive, &[1.0]);
        let e = restrict(naive, Value::Null, s("garbage")).unwrap_err();
        assert_eq!(e.message, "start timestamp could not be parsed: None");
        let e = restrict(data.clone(), s("Today"), s("2020-01-01")).unwrap_err();
        assert_eq!(e.message, "start timestamp cannot be after stop timestamp");
        let r = restrict(data.clone(), Value::Null, s("yesterday")).unwrap();
        assert_eq!(secs(&r), [0]);
        let e = restrict(data.clone(), s("2020-01-02"), s("2020-01-01")).unwrap_err();
        assert_eq!(e.message, "start timestamp cannot be after stop timestamp");
        let r = restrict(data, s("2020-01-02"), Value::Null).unwrap();
        assert!(secs(&r).is_empty());
        // An int index is read as epoch nanoseconds.
        let r = restrict(fs(&[5, 0], &[1.0, 2.0]), Value::Null, s("1970-01-01")).unwrap();
        let Value::Series(x) = &r else { panic!() };
        assert_eq!(x.index.datetime_ns().unwrap().as_ref(), [0]);
    }
}
