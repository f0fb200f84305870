//! Datetime-index machinery: resampling grids, numpy/pandas interpolation and filling,
//! pandas Timedelta and resampling-frequency parsing.

use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, ColumnKind, Tz};
use rheo_core::ComponentError;

pub(crate) const NS_PER_S: i64 = 1_000_000_000;
pub(crate) const NS_PER_DAY: i64 = 86_400 * NS_PER_S;

/// `pd.to_datetime(index)` (the crate's one conversion, refusing naive labels among aware
/// ones) for the resampling components: bool indexes and anything that does not convert
/// give `TypeError(message)` (hetida's components wrap the pandas error into their own).
pub(crate) fn to_datetime_index(index: &Column, message: &str) -> Result<Column, ComponentError> {
    let fail = || ComponentError::type_error(message.to_string());
    if index.kind() == ColumnKind::Bool {
        return Err(fail());
    }
    crate::kernels::time_index::to_datetime(
        index,
        crate::kernels::time_index::NaiveAmongAware::Refuse,
    )
    .map_err(|_| fail())
}

/// Offset of a timezone in nanoseconds (local wall time = UTC instant + offset).
pub(crate) fn tz_offset_ns(tz: Tz) -> i64 {
    i64::from(tz.offset_seconds()) * NS_PER_S
}

/// The grid of `resample(freq)` for a fixed frequency with pandas' defaults (origin
/// "start_day", closed/label "left"): the first label is the start of the bin holding
/// `first` counted from local midnight of `first`'s day; labels continue in steps of
/// `freq` while they are ≤ `last`. Returns (first label, number of labels); instants are
/// nanoseconds as stored in the column (`offset_ns` converts them to local wall time).
pub fn resample_grid(first: i64, last: i64, freq: i64, offset_ns: i64) -> (i64, usize) {
    let local_first = first + offset_ns;
    let origin = local_first.div_euclid(NS_PER_DAY) * NS_PER_DAY;
    let start_local = local_first - (local_first - origin).rem_euclid(freq);
    let start = start_local - offset_ns;
    let n = if last < start {
        0
    } else {
        ((last - start) / freq) as usize + 1
    };
    (start, n)
}

/// Interpolation direction of pandas' `limit_direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitDirection {
    /// Fill after valid values (leading NaNs stay).
    Forward,
    /// Fill before valid values (trailing NaNs stay).
    Backward,
    /// Fill in both directions.
    Both,
}

/// pandas' `limit_area`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitArea {
    /// No restriction (`limit_area=None`).
    Any,
    /// Only NaNs surrounded by valid values.
    Inside,
    /// Only NaNs outside the valid values.
    Outside,
}

/// numpy's `interp` formula between two support points, including its NaN fallbacks.
#[inline(always)]
pub fn np_interp_point(x: f64, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    np_interp_with_slope(x, x0, y0, x1, y1, (y1 - y0) / (x1 - x0))
}

/// [`np_interp_point`] with the segment's slope `(y1 - y0) / (x1 - x0)` computed once.
#[inline(always)]
pub(crate) fn np_interp_with_slope(x: f64, x0: f64, y0: f64, x1: f64, y1: f64, slope: f64) -> f64 {
    let mut r = slope * (x - x0) + y0;
    if r.is_nan() {
        r = slope * (x - x1) + y1;
        if r.is_nan() && y0 == y1 {
            r = y0;
        }
    }
    r
}

/// The NaN positions pandas' `_interpolate_1d` keeps as NaN after interpolating
/// (`preserve_nans`): the leading (forward) or trailing (backward) NaNs, NaNs beyond
/// `limit` consecutive fills in `direction`, and those excluded by `area`. `invalid` marks
/// the NaNs; `first_valid`/`last_valid` are the first and last valid positions.
pub fn preserved_nans(
    invalid: &[bool],
    first_valid: usize,
    last_valid: usize,
    direction: LimitDirection,
    area: LimitArea,
    limit: Option<usize>,
) -> Vec<bool> {
    let n = invalid.len();
    let mut preserve = vec![false; n];
    // Length of the NaN run ending at i (forward) / starting at i (backward).
    let run_fw = |preserve: &mut Vec<bool>, lim: usize| {
        let mut run = 0usize;
        for i in 0..n {
            if invalid[i] {
                run += 1;
                if run > lim {
                    preserve[i] = true;
                }
            } else {
                run = 0;
            }
        }
    };
    let run_bw = |preserve: &mut Vec<bool>, lim: usize| {
        let mut run = 0usize;
        for i in (0..n).rev() {
            if invalid[i] {
                run += 1;
                if run > lim {
                    preserve[i] = true;
                }
            } else {
                run = 0;
            }
        }
    };
    match direction {
        LimitDirection::Forward => {
            preserve[..first_valid].fill(true);
            if let Some(l) = limit {
                run_fw(&mut preserve, l);
            }
        }
        LimitDirection::Backward => {
            preserve[last_valid + 1..].fill(true);
            if let Some(l) = limit {
                run_bw(&mut preserve, l);
            }
        }
        LimitDirection::Both => {
            if let Some(l) = limit {
                let mut f = vec![false; n];
                let mut b = vec![false; n];
                run_fw(&mut f, l);
                run_bw(&mut b, l);
                // pandas also counts the leading (trailing) NaNs within the first (last)
                // `limit + 1` positions as beyond the forward (backward) limit.
                for v in f.iter_mut().take(first_valid.min(l + 1)) {
                    *v = true;
                }
                for v in b.iter_mut().skip(last_valid + 1).rev().take(l + 1) {
                    *v = true;
                }
                for i in 0..n {
                    preserve[i] = f[i] && b[i];
                }
            }
        }
    }
    match area {
        LimitArea::Any => {}
        LimitArea::Inside => {
            preserve[..first_valid].fill(true);
            preserve[last_valid + 1..].fill(true);
        }
        LimitArea::Outside => {
            for (i, p) in preserve
                .iter_mut()
                .enumerate()
                .take(last_valid)
                .skip(first_valid + 1)
            {
                if invalid[i] {
                    *p = true;
                }
            }
        }
    }
    preserve
}

/// pandas' `interpolate(method="pad"/"ffill")` (`backward`: `"bfill"/"backfill"`): each NaN
/// takes the previous (next) valid value, at most `limit` NaNs in a row; `area` Inside
/// fills only NaNs between valid values, Outside only those beyond them.
pub fn fill_pad(y: &mut [f64], backward: bool, area: LimitArea, limit: Option<usize>) {
    let n = y.len();
    let Some(first_valid) = y.iter().position(|v| !v.is_nan()) else {
        return;
    };
    let last_valid = n - 1 - y.iter().rev().position(|v| !v.is_nan()).unwrap_or(0);
    let allowed = |i: usize| match area {
        LimitArea::Any => true,
        LimitArea::Inside => i > first_valid && i < last_valid,
        LimitArea::Outside => i < first_valid || i > last_valid,
    };
    let order: Box<dyn Iterator<Item = usize>> = if backward {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    };
    let (mut source, mut run) = (f64::NAN, 0usize);
    for i in order {
        if !y[i].is_nan() {
            (source, run) = (y[i], 0);
            continue;
        }
        run += 1;
        if !source.is_nan() && limit.is_none_or(|l| run <= l) && allowed(i) {
            y[i] = source;
        }
    }
}

/// pandas' `_interpolate_1d` for the numpy methods (linear/time/index/values): fills the
/// NaNs of `y` by `np.interp` over the valid points at positions `x(i)` (sorted
/// ascending), then restores the NaNs pandas preserves for `direction`, `area` and `limit`.
/// Before the first valid point `np.interp` yields the first valid value, after the last one
/// the last valid value.
pub fn interpolate_1d(
    y: &mut [f64],
    x: impl Fn(usize) -> f64,
    direction: LimitDirection,
    area: LimitArea,
    limit: Option<usize>,
) {
    let n = y.len();
    let Some(first_valid) = y.iter().position(|v| !v.is_nan()) else {
        return;
    };
    let last_valid = n - 1 - y.iter().rev().position(|v| !v.is_nan()).unwrap_or(0);
    if !y.iter().any(|v| v.is_nan()) {
        return;
    }
    if direction == LimitDirection::Forward && area == LimitArea::Any && limit.is_none() {
        fill_forward_fast(y, &x, first_valid, last_valid);
        return;
    }
    let invalid: Vec<bool> = y.iter().map(|v| v.is_nan()).collect();
    let preserve = preserved_nans(&invalid, first_valid, last_valid, direction, area, limit);
    // Fill: leading, interior runs, trailing.
    let y_first = y[first_valid];
    for i in 0..first_valid {
        if !preserve[i] {
            y[i] = y_first;
        }
    }
    let mut prev = first_valid;
    let mut i = first_valid + 1;
    while i <= last_valid {
        if !invalid[i] {
            if i > prev + 1 {
                let (x0, y0, x1, y1) = (x(prev), y[prev], x(i), y[i]);
                for j in prev + 1..i {
                    if !preserve[j] {
                        y[j] = np_interp_point(x(j), x0, y0, x1, y1);
                    }
                }
            }
            prev = i;
        }
        i += 1;
    }
    let y_last = y[last_valid];
    for j in last_valid + 1..n {
        if !preserve[j] {
            y[j] = y_last;
        }
    }
}

/// The default case of [`interpolate_1d`] (forward, no area, no limit) without bookkeeping
/// vectors: leading NaNs stay, interior runs are interpolated, trailing NaNs get the last
/// valid value.
pub(crate) fn fill_forward_fast(
    y: &mut [f64],
    x: &impl Fn(usize) -> f64,
    first_valid: usize,
    last_valid: usize,
) {
    let mut prev = first_valid;
    let mut i = first_valid + 1;
    while i <= last_valid {
        if !y[i].is_nan() {
            if i > prev + 1 {
                let (x0, y0, x1, y1) = (x(prev), y[prev], x(i), y[i]);
                let slope = (y1 - y0) / (x1 - x0);
                for (j, v) in y.iter_mut().enumerate().take(i).skip(prev + 1) {
                    *v = np_interp_with_slope(x(j), x0, y0, x1, y1, slope);
                }
            }
            prev = i;
        }
        i += 1;
    }
    let y_last = y[last_valid];
    for v in &mut y[last_valid + 1..] {
        *v = y_last;
    }
}

/// `pd.Timedelta(text)` in nanoseconds: an optional sign, then number-unit pairs
/// (`"1h30min"`, `"2days"`, `"-4s"`, `"1 day 2 hours"`, `"1.5h"`) or a clock `"[-][D days ]HH:MM:SS[.f]"`.
/// Units: W/weeks, D/days, H/h/hours, T/m/min/minutes, S/s/sec/seconds, L/ms/milliseconds,
/// U/us/microseconds, N/ns/nanoseconds (case-insensitive except that `M` alone is refused,
/// as pandas does).
pub fn parse_timedelta(text: &str) -> Result<i64, ComponentError> {
    let bad = || ComponentError::value_error(format!("Could not parse timedelta string: {text}"));
    let s = text.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b.trim_start()),
        None => (false, s.strip_prefix('+').unwrap_or(s).trim_start()),
    };
    if body.is_empty() {
        return Err(bad());
    }
    if body.starts_with('P') {
        let v = parse_iso_duration(body).ok_or_else(|| {
            ComponentError::value_error(format!("Invalid ISO 8601 Duration format - {text}"))
        })?;
        return Ok(if neg { -v } else { v });
    }
    let total = if body.bytes().all(|b| b.is_ascii_digit()) {
        // A bare integer is nanoseconds (`pd.Timedelta("5")`).
        body.parse::<i64>().map_err(|_| bad())?
    } else if body.contains(':') {
        parse_clock(body).ok_or_else(bad)?
    } else {
        let b = body.as_bytes();
        let mut pos = 0;
        let mut total: f64 = 0.0;
        let mut total_int: i128 = 0;
        let mut any = false;
        while pos < b.len() {
            while pos < b.len() && b[pos] == b' ' {
                pos += 1;
            }
            if pos >= b.len() {
                break;
            }
            let ns = pos;
            while pos < b.len() && (b[pos].is_ascii_digit() || b[pos] == b'.') {
                pos += 1;
            }
            if ns == pos {
                return Err(bad());
            }
            let num = &body[ns..pos];
            while pos < b.len() && b[pos] == b' ' {
                pos += 1;
            }
            let us = pos;
            while pos < b.len() && b[pos].is_ascii_alphabetic() {
                pos += 1;
            }
            let unit = &body[us..pos];
            if unit == "M" || unit == "Y" || unit == "y" {
                return Err(ComponentError::value_error(
                    "Units 'M', 'Y', and 'y' are no longer supported, as they do not represent unambiguous timedelta values durations.",
                ));
            }
            let unit_ns: i64 = match unit.to_ascii_lowercase().as_str() {
                "w" | "week" | "weeks" => 7 * NS_PER_DAY,
                "d" | "day" | "days" => NS_PER_DAY,
                "h" | "hr" | "hour" | "hours" => 3600 * NS_PER_S,
                "t" | "m" | "min" | "mins" | "minute" | "minutes" => 60 * NS_PER_S,
                "s" | "sec" | "secs" | "second" | "seconds" => NS_PER_S,
                "l" | "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 1_000_000,
                "u" | "us" | "micro" | "micros" | "microsecond" | "microseconds" => 1_000,
                "n" | "ns" | "nano" | "nanos" | "nanosecond" | "nanoseconds" => 1,
                "" => return Err(bad()),
                _ => return Err(bad()),
            };
            if num.contains('.') {
                let v: f64 = num.parse().map_err(|_| bad())?;
                total += v * unit_ns as f64;
            } else {
                let v: i128 = num.parse().map_err(|_| bad())?;
                total_int += v * i128::from(unit_ns);
            }
            any = true;
        }
        if !any {
            return Err(bad());
        }
        let t = total_int + total.round() as i128;
        i64::try_from(t).map_err(|_| bad())?
    };
    Ok(if neg { -total } else { total })
}

/// pandas' reading of an ISO 8601 duration (`P1DT2H3M4.5S`, `P2W`, `PT0.5S`), quirks
/// included: `M` is minutes wherever it stands, `P`/`T` are only markers, a `-` before a
/// number negates that one component, hours and minutes have at most two digits, years are
/// refused, a `.` turns the digits before it into seconds (so `PT1.5H` is 5 h 1 s, as
/// pandas 2.1.3 computes it) and whole seconds keep their digits for the next component.
/// `None` for text pandas refuses.
fn parse_iso_duration(body: &str) -> Option<i64> {
    let mut result: i64 = 0;
    let mut number = String::new();
    let (mut have_dot, mut have_value, mut neg) = (false, false, false);
    let signed = |v: i64, neg: bool| if neg { -v } else { v };
    for c in body.chars() {
        let unit_ns = match c {
            '0'..='9' => {
                have_value = true;
                number.push(c);
                continue;
            }
            '-' if neg || have_value => return None,
            '-' => {
                neg = true;
                continue;
            }
            'P' | 'T' => continue,
            '.' => {
                if !number.is_empty() {
                    result += signed(number.parse::<i64>().ok()?.checked_mul(NS_PER_S)?, neg);
                    number.clear();
                }
                have_dot = true;
                continue;
            }
            'S' if have_dot => {
                if number.is_empty() || number.len() > 9 {
                    return None;
                }
                let frac = format!("{number:0<9}").parse::<i64>().ok()?;
                result += signed(frac, neg);
                number.clear();
                continue;
            }
            'W' => 7 * NS_PER_DAY,
            'D' => NS_PER_DAY,
            'H' => 3600 * NS_PER_S,
            'M' => 60 * NS_PER_S,
            'S' => NS_PER_S,
            _ => return None,
        };
        if matches!(c, 'H' | 'M') && number.len() > 2 {
            return None;
        }
        let n: i64 = if number.is_empty() {
            0
        } else {
            number.parse().ok()?
        };
        result = result.checked_add(signed(n.checked_mul(unit_ns)?, neg))?;
        neg = false;
        // pandas keeps the digits after whole seconds (`PT5S5S` is 5 s + 55 s).
        if c != 'S' {
            number.clear();
        }
    }
    have_value.then_some(result)
}

/// `[D day[s][,] ]HH:MM[:SS[.fffffffff]]`.
pub(crate) fn parse_clock(body: &str) -> Option<i64> {
    let (days, clock) = match body.find("day") {
        Some(p) => {
            let d: i64 = body[..p].trim().parse().ok()?;
            let rest = body[p..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
            (d, rest.trim_start_matches(',').trim())
        }
        None => (0, body),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let h: i64 = parts[0].parse().ok()?;
    let m: i64 = parts[1].parse().ok()?;
    let (sec, frac) = match parts.get(2) {
        Some(s) => match s.split_once('.') {
            Some((a, f)) => {
                let digits: String = f.chars().take(9).collect();
                let scale = 10i64.pow(9 - digits.len() as u32);
                (a.parse::<i64>().ok()?, digits.parse::<i64>().ok()? * scale)
            }
            None => (s.parse::<i64>().ok()?, 0),
        },
        None => (0, 0),
    };
    Some(days * NS_PER_DAY + (h * 3600 + m * 60 + sec) * NS_PER_S + frac)
}

/// Parses a fixed pandas frequency for `resample`, with hetida's wrapping of pandas'
/// ValueError into "t could not be parsed as frequency: t". Calendar offsets are valid in
/// pandas but not supported natively.
pub(crate) fn resample_frequency(t: &str) -> Result<i64, ComponentError> {
    crate::kernels::freq::parse_fixed_frequency(t).map_err(|e| {
        if e.message.contains("non-fixed") {
            ComponentError::not_supported(format!("resampling with the calendar frequency {t} is not supported by the native engine; use a fixed frequency (D, H, T/min, S, L/ms, U/us, N/ns)"),
            )
        } else {
            ComponentError::value_error(format!("t could not be parsed as frequency: {t}"))
        }
    })
}

/// What [`to_datetime`] does with naive timestamp strings among offset-aware ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NaiveAmongAware {
    /// Take them as UTC, as hetida's retry with `utc=True` does (Restrict to time
    /// interval, the moving-window and physics components).
    AsUtc,
    /// Refuse, as a plain `pd.to_datetime` does (the resampling components).
    Refuse,
}

/// `pd.to_datetime(index)`: datetimes as they are, ints and bools as epoch nanoseconds,
/// floats likewise (NaN → NaT), ISO strings parsed (one common offset keeps it as a fixed
/// timezone, mixed offsets become UTC; naive labels among aware ones per `naive_policy`).
pub(crate) fn to_datetime(
    index: &Column,
    naive_policy: NaiveAmongAware,
) -> Result<Column, ComponentError> {
    match index.kind() {
        ColumnKind::Datetime => Ok(index.clone()),
        ColumnKind::Int => Ok(Column::from_datetime_ns(
            index.i64_values().unwrap_or_default().into_owned(),
            Tz::Naive,
        )),
        ColumnKind::Bool => {
            let v = index.f64_values().unwrap_or_default();
            Ok(Column::from_datetime_ns(
                v.iter().map(|&x| x as i64).collect(),
                Tz::Naive,
            ))
        }
        ColumnKind::Float => {
            let v = index.f64_values().unwrap_or_default();
            Ok(Column::from_opt_datetime_ns(
                v.iter()
                    .map(|&x| (!x.is_nan()).then_some(x as i64))
                    .collect(),
                Tz::Naive,
            ))
        }
        ColumnKind::Str => {
            let labels = index.str_values().unwrap_or_default();
            let mut ns = Vec::with_capacity(labels.len());
            let (mut offset, mut mixed, mut naive) = (None, false, false);
            for (pos, label) in labels.iter().enumerate() {
                let Some(label) = label else {
                    ns.push(None);
                    continue;
                };
                let ts = parse_iso8601(label).ok_or_else(|| {
                    ComponentError::value_error(format!(
                        "Unknown datetime string format, unable to parse: {label}, at position \
                         {pos}"
                    ))
                })?;
                match ts.offset {
                    None => naive = true,
                    Some(o) => {
                        mixed |= offset.is_some_and(|p| p != o);
                        offset = Some(o);
                    }
                }
                ns.push(Some(ts.ns));
            }
            if naive && offset.is_some() && naive_policy == NaiveAmongAware::Refuse {
                return Err(ComponentError::value_error(
                    "Cannot mix tz-aware with tz-naive values",
                ));
            }
            // With utc=True (the retry) naive labels are taken as UTC.
            let tz = match offset {
                None => Tz::Naive,
                Some(_) if mixed || naive => Tz::Utc,
                Some(0) => Tz::Utc,
                Some(o) => Tz::Fixed(o),
            };
            Ok(Column::from_opt_datetime_ns(ns, tz))
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use rheo_core::value::timestamp::parse_iso8601;
    use rheo_core::value::SeriesValue;
    use rheo_core::Value;

    /// Nanoseconds of an ISO timestamp (panics on bad test input).
    pub fn ts(s: &str) -> i64 {
        parse_iso8601(s).expect("valid timestamp").ns
    }

    /// A float series on a datetime index.
    pub fn dts(labels: &[&str], values: &[f64], tz: Tz) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(labels.iter().map(|s| ts(s)).collect(), tz),
            Column::from_f64(values.to_vec()),
        ))
    }

    /// Index nanoseconds and float values of a series value.
    pub fn dparts(v: &Value) -> (Vec<i64>, Vec<f64>, Tz) {
        let Value::Series(s) = v else {
            panic!("not a series: {v:?}")
        };
        (
            s.index.datetime_ns().unwrap().into_owned(),
            s.values.f64_values().unwrap().into_owned(),
            s.index.tz,
        )
    }
}

#[cfg(test)]
mod tests {
    /// pandas 2.1.3's `pd.Timedelta(text).value` (None: ValueError) for ISO 8601 durations.
    #[test]
    fn iso_8601_durations_as_pandas_reads_them() {
        let cases: &[(&str, Option<i64>)] = &[
            ("P1DT2H", Some(93600000000000)),
            ("PT1H", Some(3600000000000)),
            ("P1D", Some(86400000000000)),
            ("P2W", Some(1209600000000000)),
            ("PT0.5S", Some(500000000)),
            ("P1DT2H3M4.5S", Some(93784500000000)),
            ("-P1D", Some(-86400000000000)),
            ("P1Y", None),
            ("P1M", Some(60000000000)),
            ("PT1M", Some(60000000000)),
            ("PT1.5H", Some(18001000000000)),
            ("P1.5D", Some(432001000000000)),
            ("P", None),
            ("PT", None),
            ("P1DT", Some(86400000000000)),
            ("P1H", Some(3600000000000)),
            ("P0D", Some(0)),
            ("PT36H", Some(129600000000000)),
            ("P1W2D", Some(777600000000000)),
            ("P1DT1H1M1.123456789S", Some(90061123456789)),
            ("PT1.5M", Some(301000000000)),
            ("P-1D", Some(-86400000000000)),
            ("P1DT-1H", None),
            ("PT100H", None),
            ("PT1.1234567891S", None),
            ("PT1.25S", Some(1250000000)),
            ("PT.5S", Some(500000000)),
            ("P1DT2H-3M", None),
            ("-P1DT-2H", None),
            ("P2D3D", Some(432000000000000)),
            ("PT5S5S", Some(60000000000)),
            ("P1.5S", Some(1500000000)),
            ("PT1.5", Some(1000000000)),
            ("P1DX", None),
        ];
        for (text, want) in cases {
            assert_eq!(super::parse_timedelta(text).ok(), *want, "{text}");
        }
        assert!(super::parse_timedelta("P1Y")
            .unwrap_err()
            .message
            .contains("Invalid ISO 8601 Duration format - P1Y"));
    }

    use super::test_support::ts;
    use super::*;
    use crate::kernels::elementwise::test_util::assert_floats;

    #[test]
    fn grid_is_anchored_at_midnight_of_the_first_day() {
        let f = 12 * 3600 * NS_PER_S;
        let (start, n) = resample_grid(ts("2019-08-01T15:20:14"), ts("2019-08-04T15:20:20"), f, 0);
        assert_eq!(start, ts("2019-08-01T12:00:00"));
        assert_eq!(n, 7);
        // 7 minutes from midnight: bins of 5 min start at 00:05.
        let (start, n) = resample_grid(
            ts("2020-01-01T00:07:00"),
            ts("2020-01-01T00:10:00"),
            300 * NS_PER_S,
            0,
        );
        assert_eq!((start, n), (ts("2020-01-01T00:05:00"), 2));
        // +01:00: local midnight is 23:00 UTC of the previous day.
        let (start, _) = resample_grid(
            ts("2020-01-01T23:30:00Z"),
            ts("2020-01-01T23:30:00Z"),
            7 * 3600 * NS_PER_S,
            3600 * NS_PER_S,
        );
        // local 2020-01-02 00:30 → bin [00:00, 07:00) local = 2020-01-01T23:00Z
        assert_eq!(start, ts("2020-01-01T23:00:00Z"));
    }

    #[test]
    fn string_index_to_datetime() {
        let col =
            |v: &[&str]| Column::from_strings(v.iter().map(|s| Some(s.to_string())).collect());
        let c = to_datetime_index(
            &col(&["2020-01-01T00:00:00+01:00", "2020-01-01T00:00:00Z"]),
            "x",
        )
        .unwrap();
        assert_eq!(c.tz, Tz::Utc);
        assert_eq!(c.datetime_ns().unwrap()[0], ts("2019-12-31T23:00:00Z"));
        let c = to_datetime_index(&col(&["2020-01-01T00:00:00+01:00"]), "x").unwrap();
        assert_eq!(c.tz, Tz::Fixed(3600));
        assert!(
            to_datetime_index(&col(&["2020-01-01T00:00:00Z", "2020-01-01T00:00:00"]), "x").is_err()
        );
        assert_eq!(
            to_datetime_index(&col(&["abc"]), "bad")
                .unwrap_err()
                .message,
            "bad"
        );
    }

    #[test]
    fn timedelta_strings() {
        assert_eq!(parse_timedelta("-4s").unwrap(), -4 * NS_PER_S);
        assert_eq!(parse_timedelta("0").unwrap(), 0);
        assert_eq!(parse_timedelta("-5").unwrap(), -5);
        assert_eq!(parse_timedelta("1h30min").unwrap(), 5400 * NS_PER_S);
        assert_eq!(parse_timedelta("2days").unwrap(), 2 * NS_PER_DAY);
        assert_eq!(
            parse_timedelta("1 day 2 hours").unwrap(),
            NS_PER_DAY + 7200 * NS_PER_S
        );
        assert_eq!(parse_timedelta("1.5h").unwrap(), 5400 * NS_PER_S);
        assert_eq!(parse_timedelta("00:00:05.5").unwrap(), 5_500_000_000);
        assert_eq!(
            parse_timedelta("1 days 01:00:00").unwrap(),
            NS_PER_DAY + 3600 * NS_PER_S
        );
        assert_eq!(parse_timedelta("D").unwrap_err().type_name, "ValueError");
        assert!(parse_timedelta("1M").is_err());
        assert!(parse_timedelta("xyz").is_err());
    }

    #[test]
    fn fill_pad_like_pandas() {
        // pandas 2.1.3 Series([nan, 1, nan, nan, nan, 3, nan, nan]).interpolate(method=...).
        let nan = f64::NAN;
        let base = [nan, 1.0, nan, nan, nan, 3.0, nan, nan];
        let cases: [(bool, LimitArea, Option<usize>, [f64; 8]); 6] = [
            (
                false,
                LimitArea::Any,
                None,
                [nan, 1.0, 1.0, 1.0, 1.0, 3.0, 3.0, 3.0],
            ),
            (
                false,
                LimitArea::Any,
                Some(2),
                [nan, 1.0, 1.0, 1.0, nan, 3.0, 3.0, 3.0],
            ),
            (
                false,
                LimitArea::Inside,
                None,
                [nan, 1.0, 1.0, 1.0, 1.0, 3.0, nan, nan],
            ),
            (
                false,
                LimitArea::Outside,
                None,
                [nan, 1.0, nan, nan, nan, 3.0, 3.0, 3.0],
            ),
            (
                true,
                LimitArea::Any,
                None,
                [1.0, 1.0, 3.0, 3.0, 3.0, 3.0, nan, nan],
            ),
            (
                true,
                LimitArea::Any,
                Some(1),
                [1.0, 1.0, nan, nan, 3.0, 3.0, nan, nan],
            ),
        ];
        for (backward, area, limit, expected) in cases {
            let mut y = base;
            fill_pad(&mut y, backward, area, limit);
            let same = y
                .iter()
                .zip(&expected)
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()));
            assert!(same, "{backward} {area:?} {limit:?}: {y:?}");
        }
        let mut y = [nan, nan];
        fill_pad(&mut y, false, LimitArea::Any, None);
        assert!(y.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn interpolate_1d_directions_and_limits() {
        let nan = f64::NAN;
        let base = [nan, 1.0, nan, nan, 4.0, nan, nan];
        let mut y = base;
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Forward,
            LimitArea::Any,
            None,
        );
        assert_floats(&y, &[nan, 1.0, 2.0, 3.0, 4.0, 4.0, 4.0]);
        let mut y = base;
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Backward,
            LimitArea::Any,
            None,
        );
        assert_floats(&y, &[1.0, 1.0, 2.0, 3.0, 4.0, nan, nan]);
        let mut y = base;
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Both,
            LimitArea::Inside,
            None,
        );
        assert_floats(&y, &[nan, 1.0, 2.0, 3.0, 4.0, nan, nan]);
        let mut y = base;
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Forward,
            LimitArea::Any,
            Some(1),
        );
        assert_floats(&y, &[nan, 1.0, 2.0, nan, 4.0, 4.0, nan]);
        let mut y = base;
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Both,
            LimitArea::Outside,
            None,
        );
        assert_floats(&y, &[1.0, 1.0, nan, nan, 4.0, 4.0, 4.0]);
        let mut y = [nan, nan, nan, 1.0];
        interpolate_1d(
            &mut y,
            |i| i as f64,
            LimitDirection::Both,
            LimitArea::Any,
            Some(1),
        );
        assert_floats(&y, &[nan, nan, 1.0, 1.0]);
        // x-weighted
        let mut y = [0.0, nan, 10.0];
        let x = [0.0, 9.0, 10.0];
        interpolate_1d(
            &mut y,
            |i| x[i],
            LimitDirection::Forward,
            LimitArea::Any,
            None,
        );
        assert_floats(&y, &[0.0, 9.0, 10.0]);
    }
}
