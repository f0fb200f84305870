//! Shared machinery of Gap Detection Intervals and Replacement Locations for Gaps: hetida's
//! parameter resolution (attrs fallbacks), frequency parsing, clipping of gap intervals to
//! the processing range, the four-pass interval merge, boundary values and pandas 2.1
//! frequency aliases. All instants are UTC nanoseconds.

use crate::kernels::time_index::parse_timedelta;
use rheo_core::component::Inputs;
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, Value};
use serde_json::Value as Json;

/// One gap interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval {
    pub start: i64,
    pub end: i64,
    pub start_incl: bool,
    pub end_incl: bool,
}

/// An optional STRING input, falling back to string attrs of `attrs_of` under `keys`.
pub(crate) fn opt_str_or_attr(
    inputs: &Inputs,
    name: &str,
    attrs_of: Option<&SeriesValue>,
    keys: &[&str],
) -> Result<(Option<String>, bool), ComponentError> {
    if let Some(v) = inputs.opt(name) {
        return match v {
            Value::Str(s) => Ok((Some(s.clone()), false)),
            _ => inputs.str(name).map(|s| (Some(s.to_string()), false)),
        };
    }
    if let Some(s) = attrs_of {
        for k in keys {
            if let Some(a) = s.attrs.get(*k) {
                return Ok((
                    Some(match a {
                        Json::String(t) => t.clone(),
                        other => other.to_string(),
                    }),
                    true,
                ));
            }
        }
    }
    Ok((None, false))
}

/// `pd.to_datetime(text, utc=True)` or hetida's 422 naming `input`.
pub(crate) fn parse_utc(text: &str, input: &str) -> Result<i64, ComponentError> {
    parse_iso8601(text.trim()).map(|p| p.ns).ok_or_else(|| {
        ComponentError::input_validation(
            format!("Unknown datetime string format, unable to parse: {text}, at position 0"),
            &[input],
        )
    })
}

/// hetida's `freqstr2timedelta`: a Timedelta string ("5min", "60s") or a fixed offset
/// alias ("D", "H", "T"); calendar offsets give the 422 "The <input> cannot be parsed as
/// Pandas Timedelta: …"; text pandas cannot parse at all surfaces as a validation error.
pub(crate) fn parse_frequency(text: &str, input: &str) -> Result<i64, ComponentError> {
    if let Ok(ns) = parse_timedelta(text) {
        return Ok(ns);
    }
    match crate::kernels::freq::parse_fixed_frequency(text) {
        Ok(ns) => Ok(ns),
        Err(e) if e.message.contains("non-fixed") => Err(ComponentError::input_validation(
            format!(
                "The {input} cannot be parsed as Pandas Timedelta: Value must be Timedelta, \
                 string, integer, float, timedelta or convertible, not {text}"
            ),
            &[input],
        )),
        Err(_) => Err(ComponentError::new(
            "ValidationError",
            format!("Invalid frequency: {text}"),
        )),
    }
}

/// pandas 2.1 `to_offset(Timedelta).freqstr`: the largest unit dividing the length
/// ("T", "90S", "H", "500L", "D", "2D").
pub(crate) fn freq_alias(ns: i64) -> String {
    const UNITS: [(i64, &str); 7] = [
        (86_400_000_000_000, "D"),
        (3_600_000_000_000, "H"),
        (60_000_000_000, "T"),
        (1_000_000_000, "S"),
        (1_000_000, "L"),
        (1_000, "U"),
        (1, "N"),
    ];
    for (u, a) in UNITS {
        if ns != 0 && ns % u == 0 {
            let n = ns / u;
            return if n == 1 {
                a.to_string()
            } else {
                format!("{n}{a}")
            };
        }
    }
    "0N".into()
}

/// Datetime index of a series as UTC ns, or hetida's 422 for other index dtypes.
pub(crate) fn datetime_index(s: &SeriesValue, input: &str) -> Result<Vec<i64>, ComponentError> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    if s.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::input_validation(
            format!(
                "The index of `{input}` is not of any datetime64 dtype, but {}.",
                s.index.pandas_dtype()
            ),
            &[input],
        ));
    }
    Ok(s.index.datetime_ns().unwrap_or_default().into_owned())
}

/// A datetime-like frame column as UTC ns (ISO strings are parsed).
fn time_column(col: &Column) -> Option<Vec<i64>> {
    match col.kind() {
        ColumnKind::Datetime => Some(col.datetime_ns().unwrap_or_default().into_owned()),
        ColumnKind::Str => col
            .str_values()?
            .into_iter()
            .map(|s| s.and_then(|s| parse_iso8601(s).map(|p| p.ns)))
            .collect(),
        _ => None,
    }
}

/// The gap intervals of a frame with columns start_time, end_time, start_inclusive,
/// end_inclusive (hetida's validation, 422 naming `input`).
pub(crate) fn intervals_from_frame(
    f: &FrameValue,
    input: &str,
) -> Result<Vec<Interval>, ComponentError> {
    let required = ["start_time", "end_time", "start_inclusive", "end_inclusive"];
    if !required.iter().all(|c| f.columns.contains_key(*c)) {
        let names: Vec<&str> = f.columns.keys().map(String::as_str).collect();
        return Err(ComponentError::input_validation(
            format!(
                "The column names {} of `{input}` don't contain the required columns {}.",
                names.join(", "),
                required.join(", ")
            ),
            &[input],
        ));
    }
    let (sc, ec) = (&f.columns["start_time"], &f.columns["end_time"]);
    if f.height() > 0 && sc.kind() != ColumnKind::Datetime && ec.kind() != ColumnKind::Datetime {
        return Err(ComponentError::input_validation(
            "At least one of the required columns start_time, end_time is not of any datetime64 dtype.",
            &[input],
        ));
    }
    let bad = || ComponentError::type_error(format!("`{input}` holds invalid interval bounds"));
    let starts = time_column(sc).ok_or_else(bad)?;
    let ends = time_column(ec).ok_or_else(bad)?;
    let flag = |c: &Column| -> Result<Vec<bool>, ComponentError> {
        match c.bool_values() {
            Some(v) => Ok(v.into_iter().map(|b| b.unwrap_or(false)).collect()),
            None => Ok(c
                .f64_values()
                .ok_or_else(bad)?
                .iter()
                .map(|&x| x != 0.0)
                .collect()),
        }
    };
    let si = flag(&f.columns["start_inclusive"])?;
    let ei = flag(&f.columns["end_inclusive"])?;
    Ok((0..f.height())
        .map(|i| Interval {
            start: starts[i],
            end: ends[i],
            start_incl: si[i],
            end_incl: ei[i],
        })
        .collect())
}

/// Clips intervals to [start, end] (clipped sides inclusive) and drops inverted ones and
/// degenerate ones not closed on both sides.
pub(crate) fn clip(
    intervals: Vec<Interval>,
    start: Option<i64>,
    end: Option<i64>,
) -> Vec<Interval> {
    intervals
        .into_iter()
        .map(|mut iv| {
            if let Some(s) = start {
                if iv.start < s {
                    iv.start = s;
                    iv.start_incl = true;
                }
            }
            if let Some(e) = end {
                if iv.end > e {
                    iv.end = e;
                    iv.end_incl = true;
                }
            }
            iv
        })
        .filter(|iv| iv.start <= iv.end && !(iv.start == iv.end && !(iv.start_incl && iv.end_incl)))
        .collect()
}

/// Groups consecutive rows where `new_group(prev, row)` is false and aggregates each group.
fn pass(
    rows: Vec<Interval>,
    new_group: impl Fn(&Interval, &Interval) -> bool,
    agg: impl Fn(&[Interval]) -> Interval,
) -> Vec<Interval> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i + 1;
        while j < rows.len() && !new_group(&rows[j - 1], &rows[j]) {
            j += 1;
        }
        out.push(agg(&rows[i..j]));
        i = j;
    }
    out
}

/// hetida's four-pass merge (spec: Gap Detection Intervals, step 7).
pub(crate) fn merge(mut rows: Vec<Interval>) -> Vec<Interval> {
    rows.sort_by_key(|r| (r.start, r.end));
    let first_last = |g: &[Interval]| Interval {
        start: g[0].start,
        end: g[g.len() - 1].end,
        start_incl: g[0].start_incl,
        end_incl: g[g.len() - 1].end_incl,
    };
    // (a) equal start
    let rows = pass(
        rows,
        |p, r| r.start != p.start,
        |g| Interval {
            start_incl: g.iter().any(|r| r.start_incl),
            ..first_last(g)
        },
    );
    // (b) equal end
    let rows = pass(
        rows,
        |p, r| r.end != p.end,
        |g| Interval {
            end_incl: g.iter().any(|r| r.end_incl),
            ..first_last(g)
        },
    );
    // (c) overlap: a new group starts when start >= previous row's end
    let rows = pass(rows, |p, r| r.start >= p.end, first_last);
    // (d) touch: new group when start > previous end or the row is not closed
    pass(
        rows,
        |p, r| r.start > p.end || !(r.start_incl && r.end_incl),
        first_last,
    )
}

/// `(t - offset).ceil(freq) + offset` and the floor counterpart.
pub(crate) fn ceil_on(t: i64, freq: i64, offset: i64) -> i64 {
    let x = t - offset;
    let r = x.rem_euclid(freq);
    if r == 0 {
        t
    } else {
        x - r + freq + offset
    }
}

/// `(t - offset).floor(freq) + offset`.
pub(crate) fn floor_on(t: i64, freq: i64, offset: i64) -> i64 {
    let x = t - offset;
    x - x.rem_euclid(freq) + offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(s: i64, e: i64, si: bool, ei: bool) -> Interval {
        Interval {
            start: s,
            end: e,
            start_incl: si,
            end_incl: ei,
        }
    }

    #[test]
    fn aliases() {
        let s = 1_000_000_000;
        assert_eq!(freq_alias(60 * s), "T");
        assert_eq!(freq_alias(90 * s), "90S");
        assert_eq!(freq_alias(5400 * s), "90T");
        assert_eq!(freq_alias(3600 * s), "H");
        assert_eq!(freq_alias(500_000_000), "500L");
        assert_eq!(freq_alias(86_400 * s), "D");
        assert_eq!(freq_alias(2 * 86_400 * s), "2D");
    }

    #[test]
    fn merge_follows_the_four_passes() {
        // docstring example of hetida's merge (minutes)
        let rows = vec![
            iv(16, 25, true, false),
            iv(25, 25, true, true),
            iv(29, 29, true, true),
            iv(31, 33, false, false),
            iv(32, 34, false, true),
        ];
        assert_eq!(
            merge(rows),
            vec![
                iv(16, 25, true, true),
                iv(29, 29, true, true),
                iv(31, 34, false, true)
            ]
        );
        // spec: open (2, 5) plus points 3 and 4 → (2, 3] and [4, 4]
        let rows = vec![
            iv(2, 5, false, false),
            iv(3, 3, true, true),
            iv(4, 4, true, true),
        ];
        assert_eq!(
            merge(rows),
            vec![iv(2, 3, false, true), iv(4, 4, true, true)]
        );
    }

    #[test]
    fn clipping_and_boundaries() {
        let c = clip(
            vec![
                iv(0, 10, false, false),
                iv(12, 20, false, false),
                iv(5, 5, false, true),
            ],
            Some(2),
            Some(8),
        );
        assert_eq!(c, vec![iv(2, 8, true, true)]);
        assert_eq!(
            (ceil_on(7, 5, 1), floor_on(7, 5, 1), ceil_on(6, 5, 1)),
            (11, 6, 6)
        );
    }
}
