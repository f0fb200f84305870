//! pandas frequency strings (offset aliases of pandas 2.1) for components that step through
//! time on a fixed grid or use fixed-length windows.

use rheo_core::ComponentError;

const NS_PER_US: i64 = 1_000;
const NS_PER_MS: i64 = 1_000_000;
const NS_PER_S: i64 = 1_000_000_000;
const NS_PER_MIN: i64 = 60 * NS_PER_S;
const NS_PER_H: i64 = 60 * NS_PER_MIN;
const NS_PER_D: i64 = 24 * NS_PER_H;

/// Calendar offset aliases of pandas 2.1: valid frequencies whose length varies (weeks
/// anchored to a weekday, months, quarters, years, business days and hours).
const CALENDAR_ALIASES: &[&str] = &[
    "W", "M", "MS", "SM", "SMS", "BM", "BMS", "CBM", "CBMS", "B", "C", "BH", "CBH", "Q", "QS",
    "BQ", "BQS", "A", "AS", "Y", "YS", "BA", "BAS", "BY", "BYS", "WOM", "LWOM", "RE", "REQ",
];

/// The nanoseconds of one unit of a fixed alias (pandas 2.1 spelling rules: aliases are
/// case-insensitive except `ms` (milliseconds) versus `MS` (month start)).
fn fixed_unit_ns(alias: &str) -> Option<i64> {
    if alias == "ms" {
        return Some(NS_PER_MS);
    }
    Some(match alias.to_ascii_uppercase().as_str() {
        "D" => NS_PER_D,
        "H" => NS_PER_H,
        "T" | "MIN" => NS_PER_MIN,
        "S" => NS_PER_S,
        "L" => NS_PER_MS,
        "U" | "US" => NS_PER_US,
        "N" | "NS" => 1,
        _ => return None,
    })
}

/// The nanoseconds of one unit and the rounding precision of a fractional stride for the
/// spellings that pandas 2.1's `to_offset` maps to a tick prefix (`D`, `H`, `T`, `S`, `L`,
/// `U`, `N`, also `min`/`Min`, `ms`, `us`, `ns`). Only these take decimal strides and keep
/// the sign of a later part (`"1.5H"`, `"2.5T"`); `"1.5h"` and `"0.5s"` are invalid.
fn tick_unit(alias: &str) -> Option<(i64, i32)> {
    Some(match alias {
        "D" => (NS_PER_D, 9),
        "H" => (NS_PER_H, 9),
        "T" | "min" | "Min" => (NS_PER_MIN, 9),
        "S" => (NS_PER_S, 9),
        "L" | "ms" => (NS_PER_MS, 6),
        "U" | "us" => (NS_PER_US, 3),
        "N" | "ns" => (1, 0),
        _ => return None,
    })
}

/// Nanoseconds of `multiplier` (a non-negative decimal with a `.`) units of a tick spelling,
/// as pandas 2.1 computes `Timedelta(float(stride), unit)`: whole units plus the fraction
/// rounded to the unit's precision (9 decimals for D/H/T/S, 6 for L, 3 for U, 0 for N) and
/// truncated to ns.
fn fractional_ns(multiplier: &str, alias: &str) -> Option<i64> {
    let (unit, precision) = tick_unit(alias)?;
    let x: f64 = multiplier.parse().ok()?;
    let base = x.trunc();
    let scale = 10f64.powi(precision);
    let frac = ((x - base) * scale).round() / scale;
    let ns = base * unit as f64 + (frac * unit as f64).trunc();
    (ns.is_finite() && ns < i64::MAX as f64).then_some(ns as i64)
}

fn is_calendar_alias(alias: &str) -> bool {
    let upper = alias.to_ascii_uppercase();
    // Anchored forms such as "W-SUN", "Q-DEC", "A-JAN".
    let base = upper.split('-').next().unwrap_or("");
    CALENDAR_ALIASES.contains(&base)
}

/// The signed length in nanoseconds of a fixed pandas offset string, as
/// `pd.tseries.frequencies.to_offset(s).nanos` gives it: zero and negative lengths are
/// allowed, which time-based rolling windows need (pandas treats a window of zero or
/// negative length as each row on its own).
///
/// Accepts the pandas 2.1 aliases `D`, `H`/`h`, `T`/`min`, `S`/`s`, `L`/`ms`, `U`/`us` and
/// `N`/`ns`, each with an optional multiplier, also combined and separated by whitespace
/// (`"T"`, `"5min"`, `"90S"`, `"1h"`, `"1H30T"`, `"5 min"`). A leading `-` negates the
/// whole offset (`"-1H30T"` is minus 90 minutes); as in pandas, a later, space-separated
/// part keeps its own sign only with a tick spelling (`"1H -30T"` is 30 minutes). Decimal multipliers only with tick spellings, see
/// `tick_unit`.
///
/// # Errors
/// `ValueError` for calendar offsets (`W`, `M`, `B`, `Q`, `A`, …; named as non-fixed
/// frequencies), unknown aliases (`Invalid frequency: …`, as pandas says) and lengths
/// beyond the nanosecond range.
pub fn parse_offset_ns(s: &str) -> Result<i64, ComponentError> {
    let invalid = || ComponentError::value_error(format!("Invalid frequency: {s}"));
    let overflow = || ComponentError::value_error(format!("frequency {s} is too long (overflow)"));
    let text = s.trim();
    if text.is_empty() {
        return Err(invalid());
    }
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut total: i64 = 0;
    let mut first_sign: Option<i64> = None;
    while pos < bytes.len() {
        // pandas separates the parts and a part's number from its alias by optional
        // whitespace ("5 min", "1H 30T").
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let signed = pos < bytes.len() && matches!(bytes[pos], b'+' | b'-');
        let negative = signed && bytes[pos] == b'-';
        pos += usize::from(signed);
        let digits_start = pos;
        while pos < bytes.len() && (bytes[pos].is_ascii_digit() || bytes[pos] == b'.') {
            pos += 1;
        }
        let number = &text[digits_start..pos];
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let alias_start = pos;
        while pos < bytes.len() && (bytes[pos].is_ascii_alphabetic() || bytes[pos] == b'-') {
            pos += 1;
        }
        let alias = &text[alias_start..pos];
        if alias.is_empty() || (signed && number.is_empty()) {
            return Err(invalid());
        }
        let magnitude = if number.contains('.') {
            fractional_ns(number, alias).ok_or_else(invalid)?
        } else {
            let multiplier: i64 = if number.is_empty() {
                1
            } else {
                number.parse().map_err(|_| invalid())?
            };
            let unit = match fixed_unit_ns(alias) {
                Some(unit) => unit,
                None if is_calendar_alias(alias) => {
                    return Err(ComponentError::value_error(format!(
                        "{s} is a non-fixed frequency (calendar offset '{alias}'); only fixed \
                         frequencies (D, H, T/min, S, L/ms, U/us, N/ns) are supported"
                    )))
                }
                None => return Err(invalid()),
            };
            multiplier.checked_mul(unit).ok_or_else(overflow)?
        };
        let own_sign = if negative { -1 } else { 1 };
        let sign = match first_sign {
            None => *first_sign.insert(own_sign),
            Some(first) if tick_unit(alias).is_some() => first * own_sign,
            Some(first) => first,
        };
        total = total.checked_add(sign * magnitude).ok_or_else(overflow)?;
    }
    Ok(total)
}

/// Parses a fixed-length pandas frequency string into positive nanoseconds, for grids and
/// steps (resampling, gaps, shifts, prediction steps). The spelling rules are those of
/// [`parse_offset_ns`] (`"1.5H"` is 90 minutes; `"1.5h"` and `"0.5s"` are invalid in
/// pandas 2.1).
///
/// # Errors
/// Those of [`parse_offset_ns`], and a `ValueError` for a zero or negative length.
pub fn parse_fixed_frequency(s: &str) -> Result<i64, ComponentError> {
    match parse_offset_ns(s)? {
        0 => Err(ComponentError::value_error(format!(
            "frequency {s} has zero length"
        ))),
        ns if ns < 0 => Err(ComponentError::value_error(format!(
            "frequency {s} must be positive"
        ))),
        ns => Ok(ns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fixed_aliases_with_multipliers() {
        assert_eq!(parse_fixed_frequency("5min").unwrap(), 300 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("T").unwrap(), 60 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("min").unwrap(), 60 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("90S").unwrap(), 90 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("90s").unwrap(), 90 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1h").unwrap(), 3600 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("2H").unwrap(), 7200 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("D").unwrap(), 86_400 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("10ms").unwrap(), 10_000_000);
        assert_eq!(parse_fixed_frequency("L").unwrap(), 1_000_000);
        assert_eq!(parse_fixed_frequency("3us").unwrap(), 3_000);
        assert_eq!(parse_fixed_frequency("U").unwrap(), 1_000);
        assert_eq!(parse_fixed_frequency("7ns").unwrap(), 7);
        assert_eq!(parse_fixed_frequency("N").unwrap(), 1);
        assert_eq!(parse_fixed_frequency("1H30T").unwrap(), 5400 * NS_PER_S);
        // Whitespace between parts and between a number and its alias, as pandas allows.
        assert_eq!(parse_fixed_frequency("5 min").unwrap(), 300 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1 H 30 T").unwrap(), 5400 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("5\tmin").unwrap(), 300 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1.5 H").unwrap(), 5400 * NS_PER_S);
    }

    #[test]
    fn decimal_multipliers_only_with_tick_prefixes_like_pandas_2_1() {
        assert_eq!(parse_fixed_frequency("1.5H").unwrap(), 5400 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("2.5T").unwrap(), 150 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1.5min").unwrap(), 90 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1.5D").unwrap(), 36 * 3600 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("0.5S").unwrap(), 500 * NS_PER_MS);
        assert_eq!(parse_fixed_frequency("1.5ms").unwrap(), 1_500_000);
        assert_eq!(parse_fixed_frequency("450.0S").unwrap(), 450 * NS_PER_S);
        assert_eq!(parse_fixed_frequency("1.5H30T").unwrap(), 7200 * NS_PER_S);
        // pandas 2.1.3: "Invalid frequency" for lowercase h/s/d with a decimal stride.
        for f in ["1.5h", "0.5s", "1.5d", "1..5H", ".H", "1.5M", "1.5W"] {
            let e = parse_fixed_frequency(f).unwrap_err();
            assert_eq!(e.message, format!("Invalid frequency: {f}"), "{f}");
        }
    }

    #[test]
    fn signed_offsets_like_to_offset_nanos() {
        assert_eq!(parse_offset_ns("-5min").unwrap(), -300 * NS_PER_S);
        assert_eq!(parse_offset_ns("+5min").unwrap(), 300 * NS_PER_S);
        assert_eq!(parse_offset_ns("0min").unwrap(), 0);
        assert_eq!(parse_offset_ns("0.0S").unwrap(), 0);
        assert_eq!(parse_offset_ns("-1.5H").unwrap(), -5400 * NS_PER_S);
        assert_eq!(parse_offset_ns("-5h").unwrap(), -5 * NS_PER_H);
        // The first sign applies to the whole offset; a later tick part keeps its own sign.
        assert_eq!(parse_offset_ns("-1H30T").unwrap(), -90 * NS_PER_MIN);
        assert_eq!(parse_offset_ns("1H -30T").unwrap(), 30 * NS_PER_MIN);
        assert_eq!(
            parse_offset_ns("-1h30s").unwrap(),
            -(NS_PER_H + 30 * NS_PER_S)
        );
        // "1H-30T" is one (unknown) anchored alias "H-30T" for pandas.
        for f in ["-", "-min", "--5min", "5-min", "-1.5h", "1H-30T"] {
            let e = parse_offset_ns(f).unwrap_err();
            assert_eq!(e.type_name, "ValueError", "{f}");
        }
        assert!(parse_fixed_frequency("-5min")
            .unwrap_err()
            .message
            .contains("must be positive"));
    }

    #[test]
    fn rejects_calendar_offsets_as_non_fixed() {
        for f in ["W", "M", "MS", "B", "2W", "W-SUN", "Q", "A", "Y", "BH"] {
            let e = parse_fixed_frequency(f).unwrap_err();
            assert_eq!(e.type_name, "ValueError");
            assert!(e.message.contains("non-fixed"), "{f}: {}", e.message);
        }
    }

    #[test]
    fn rejects_garbage_zero_and_overflow() {
        for f in [
            "", "5", "xyz", "min5x", "-5min", "5min x", "5min5", "5 5min",
        ] {
            let e = parse_fixed_frequency(f).unwrap_err();
            assert_eq!(e.type_name, "ValueError", "{f}");
        }
        assert_eq!(
            parse_fixed_frequency("abc").unwrap_err().message,
            "Invalid frequency: abc"
        );
        assert!(parse_fixed_frequency("0min")
            .unwrap_err()
            .message
            .contains("zero"));
        assert!(parse_fixed_frequency("999999999999D")
            .unwrap_err()
            .message
            .contains("overflow"));
    }
}
