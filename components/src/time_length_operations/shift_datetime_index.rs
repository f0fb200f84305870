//! Shift Datetime Index (`64d61740-f520-492f-ffa7-485916fc973c`): moves every index
//! timestamp by `periods` × `frequency` (`Index.shift(periods, freq)`).

use crate::kernels::series_frame::{index_of, rebuild, value_columns};
use crate::kernels::time_index::NS_PER_DAY;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::timestamp::{civil_from_days, days_from_civil, days_in_month};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Shift Datetime Index 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "64d61740-f520-492f-ffa7-485916fc973c",
    revision_group_id: "64d61740-f520-492f-ffa7-485916fc973c",
    name: "Shift Datetime Index",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Shift index by desired frequency",
    inputs: &[
        PortSpec::new(
            "data",
            "ec081b95-17ab-0c57-77ca-99f7de7d7869",
            DataType::Any,
        ),
        PortSpec::new(
            "frequency",
            "3faa780e-23e1-5dc8-2bb3-d44b979e20af",
            DataType::String,
        ),
        PortSpec::new(
            "periods",
            "02cfb5fc-41ad-dbf5-13b6-1750b1187632",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "shifted",
        "b86f4465-814e-0c5e-967d-dd2ba844bbfa",
        DataType::Any,
    )],
};

/// A pandas offset Rheo can apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offset {
    /// Fixed length in ns (Tick offsets; "D" counts as 24 h).
    Fixed(i64),
    /// `k` × month end ("M").
    MonthEnd(i64),
    /// `k` × month begin ("MS").
    MonthBegin(i64),
    /// `k` × business day ("B").
    BusinessDay(i64),
}

fn parse_offset(f: &str) -> Result<Offset, ComponentError> {
    let t = f.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (mult, alias) = t.split_at(digits);
    let k: i64 = if mult.is_empty() {
        1
    } else {
        mult.parse()
            .map_err(|_| ComponentError::value_error(format!("Invalid frequency: {f}")))?
    };
    // pandas 2.1 upper-cases aliases except "MS"/"ms": "m" is a month end, "ms" milliseconds.
    match alias {
        "MS" => return Ok(Offset::MonthBegin(k)),
        "M" | "m" => return Ok(Offset::MonthEnd(k)),
        "B" | "b" => return Ok(Offset::BusinessDay(k)),
        _ => {}
    }
    crate::kernels::freq::parse_fixed_frequency(t)
        .map(Offset::Fixed)
        .map_err(|e| {
            if e.message.contains("non-fixed") {
                ComponentError::not_supported(format!(
                    "shifting by the calendar offset {f} is not supported by the native \
                         engine (supported: fixed frequencies, M, MS, B)"
                ))
            } else {
                e
            }
        })
}

/// `days_from_civil` with the month and day as `i64` (the offset arithmetic's type).
fn days_from_ymd(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m as u32, d as u32)
}

/// `days_in_month` as `i64`.
fn month_days(y: i64, m: i64) -> i64 {
    i64::from(days_in_month(y, m as u32))
}

/// Applies `n` × offset to a wall-clock timestamp (ns), pandas offset rules; `None` when
/// the result leaves the nanosecond timestamp range (pandas' OutOfBoundsDatetime).
fn apply(off: Offset, n: i64, ns: i64) -> Option<i64> {
    let day = ns.div_euclid(NS_PER_DAY);
    let tod = ns.rem_euclid(NS_PER_DAY);
    // Nanosecond timestamps span ±292 years: larger calendar steps cannot land in range.
    let steps = |k: i64, max: i64| n.checked_mul(k).filter(|s| s.abs() <= max);
    let shifted = match off {
        Offset::Fixed(f) => i128::from(ns) + i128::from(n) * i128::from(f),
        Offset::MonthEnd(k) | Offset::MonthBegin(k) => {
            let (y, m, d) = civil_from_days(day);
            let (m, d) = (i64::from(m), i64::from(d));
            let mut n = steps(k, 12 * 600)?;
            let end = matches!(off, Offset::MonthEnd(_));
            let compare = if end { month_days(y, m) } else { 1 };
            if n > 0 && d < compare {
                n -= 1;
            } else if n <= 0 && d > compare {
                n += 1;
            }
            let months = y * 12 + (m - 1) + n;
            let (ny, nm) = (months.div_euclid(12), months.rem_euclid(12) + 1);
            let nd = if end { month_days(ny, nm) } else { 1 };
            i128::from(days_from_ymd(ny, nm, nd)) * i128::from(NS_PER_DAY) + i128::from(tod)
        }
        Offset::BusinessDay(k) => {
            let mut n = steps(k, 600 * 366)?;
            let wday = (day + 3).rem_euclid(7); // Monday = 0
            let weeks = n.div_euclid(5);
            if n <= 0 && wday > 4 {
                n += 1;
            }
            n -= 5 * weeks;
            let days = if n == 0 && wday > 4 {
                4 - wday
            } else if wday > 4 {
                (7 - wday) + (n - 1)
            } else if wday + n <= 4 {
                n
            } else {
                n + 2
            };
            i128::from(ns) + i128::from(7 * weeks + days) * i128::from(NS_PER_DAY)
        }
    };
    i64::try_from(shifted).ok()
}

/// Shift Datetime Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Shift Datetime Index: a copy of the data whose index timestamps are moved by
/// `periods` × `frequency`. Fixed frequencies ("10min", "1h", "D" = 24 h) add
/// periods × length; "M" (month end), "MS" (month start) and "B" (business day) follow
/// pandas' offset arithmetic on the wall-clock time (e.g. 2020-01-31 + 1 M → 2020-02-29,
/// + 2 B → 2020-02-04). Values, name, attrs, timezone unchanged; NaT stays NaT.
///
/// Errors: a non-datetime index raises NotImplementedError as pandas does; an invalid
/// frequency raises ValueError; a shift beyond the nanosecond timestamp range raises
/// OutOfBoundsDatetime.
///
/// Deviation: the other calendar offsets (W, Q, A, BH, …) are not supported natively
/// (NotSupportedByNativeEngine).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let index = index_of(data, "index")?;
    let frequency = inputs.str("frequency")?;
    let periods = inputs.int("periods")?;
    if index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::new(
            "NotImplementedError",
            "This method is only implemented for DatetimeIndex, PeriodIndex and \
             TimedeltaIndex; Got type Index",
        ));
    }
    let off = parse_offset(frequency)?;
    let offset_ns = crate::kernels::time_index::tz_offset_ns(index.tz);
    let ns = index.datetime_ns_opt().unwrap_or_default();
    let out_of_bounds =
        || ComponentError::new("OutOfBoundsDatetime", "Out of bounds nanosecond timestamp");
    let shifted: Vec<Option<i64>> = ns
        .iter()
        .map(|t| match t {
            None => Ok(None),
            Some(t) => t
                .checked_add(offset_ns)
                .and_then(|w| apply(off, periods, w))
                .and_then(|w| w.checked_sub(offset_ns))
                .map(Some)
                .ok_or_else(out_of_bounds),
        })
        .collect::<Result<_, _>>()?;
    let new_index = Column::from_opt_datetime_ns(shifted, index.tz);
    let cols = value_columns(data).into_iter().cloned().collect();
    Ok(Outputs::single("shifted", rebuild(data, new_index, cols)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};
    use rheo_core::value::Tz;
    use rheo_core::Value;

    fn run(data: Value, f: &str, p: i64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("data", data),
                ("frequency", Value::Str(f.into())),
                ("periods", Value::Int(p)),
            ],
        )
    }

    #[test]
    fn fixed_frequencies() {
        let data = dts(
            &[
                "2019-08-01T15:20:00",
                "2019-08-02T15:20:15",
                "2019-08-04T15:19:20",
            ],
            &[1.0, 7.0, 5.0],
            Tz::Naive,
        );
        let (idx, v, _) = dparts(&run(data.clone(), "d", 2).unwrap());
        assert_eq!(
            idx,
            vec![
                ts("2019-08-03T15:20:00"),
                ts("2019-08-04T15:20:15"),
                ts("2019-08-06T15:19:20")
            ]
        );
        assert_floats(&v, &[1.0, 7.0, 5.0]);
        let (idx, _, _) = dparts(&run(data, "min", -1).unwrap());
        assert_eq!(idx[0], ts("2019-08-01T15:19:00"));
    }

    #[test]
    fn calendar_offsets() {
        let data = dts(
            &["2020-01-31T10:00:00Z", "2020-01-15T00:00:00Z"],
            &[1.0, 2.0],
            Tz::Utc,
        );
        let (idx, _, tz) = dparts(&run(data.clone(), "M", 1).unwrap());
        assert_eq!(tz, Tz::Utc);
        assert_eq!(
            idx,
            vec![ts("2020-02-29T10:00:00Z"), ts("2020-01-31T00:00:00Z")]
        );
        // lower-case "m" is upper-cased by pandas 2.1: month end, not minutes
        let (idx_m, _, _) = dparts(&run(data.clone(), "m", 1).unwrap());
        assert_eq!(idx_m[0], ts("2020-02-29T10:00:00Z"));
        let (idx, _, _) = dparts(&run(data.clone(), "MS", -1).unwrap());
        assert_eq!(
            idx,
            vec![ts("2020-01-01T10:00:00Z"), ts("2020-01-01T00:00:00Z")]
        );
        let (idx, _, _) = dparts(&run(data, "B", 2).unwrap());
        // Fri 01-31 + 2B = Tue 02-04; Wed 01-15 + 2B = Fri 01-17
        assert_eq!(
            idx,
            vec![ts("2020-02-04T10:00:00Z"), ts("2020-01-17T00:00:00Z")]
        );
        let sat = dts(&["2020-02-01"], &[1.0], Tz::Naive);
        let (idx, _, _) = dparts(&run(sat.clone(), "B", 1).unwrap());
        assert_eq!(idx, vec![ts("2020-02-03")]);
        let (idx, _, _) = dparts(&run(sat, "B", -1).unwrap());
        assert_eq!(idx, vec![ts("2020-01-31")]);
    }

    #[test]
    fn fixed_offset_tz_uses_wall_clock_for_calendar_offsets() {
        // 2020-01-31T23:30+01:00 is 22:30Z; month end in local time stays 01-31 → +1M = 02-29 23:30 local
        let data = dts(&["2020-01-31T22:30:00Z"], &[1.0], Tz::Fixed(3600));
        let (idx, _, tz) = dparts(&run(data, "M", 1).unwrap());
        assert_eq!(tz, Tz::Fixed(3600));
        assert_eq!(idx, vec![ts("2020-02-29T22:30:00Z")]);
    }

    #[test]
    fn empty_and_errors() {
        let (idx, _, _) = dparts(&run(dts(&[], &[], Tz::Naive), "h", 3).unwrap());
        assert!(idx.is_empty());
        assert_eq!(
            run(fs(&[1], &[1.0]), "h", 1).unwrap_err().type_name,
            "NotImplementedError"
        );
        let d = dts(&["2020-01-01"], &[1.0], Tz::Naive);
        assert_eq!(
            run(d.clone(), "xyz", 1).unwrap_err().type_name,
            "ValueError"
        );
        assert_eq!(
            run(d, "W", 1).unwrap_err().type_name,
            "NotSupportedByNativeEngine"
        );
    }
}
