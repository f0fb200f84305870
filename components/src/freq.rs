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

fn is_calendar_alias(alias: &str) -> bool {
    let upper = alias.to_ascii_uppercase();
    // Anchored forms such as "W-SUN", "Q-DEC", "A-JAN".
    let base = upper.split('-').next().unwrap_or("");
    CALENDAR_ALIASES.contains(&base)
}

/// Parses a fixed-length pandas frequency string into nanoseconds.
///
/// Accepts the pandas 2.1 aliases `D`, `H`/`h`, `T`/`min`, `S`/`s`, `L`/`ms`, `U`/`us` and
/// `N`/`ns`, each with an optional non-negative integer multiplier, also combined
/// (`"T"`, `"5min"`, `"90S"`, `"1h"`, `"1H30T"`). The result must be positive.
///
/// # Errors
/// `ValueError` for calendar offsets (`W`, `M`, `B`, `Q`, `A`, …; named as non-fixed
/// frequencies), unknown aliases (`Invalid frequency: …`, as pandas says), a zero length and
/// lengths beyond the nanosecond range.
pub fn parse_fixed_frequency(s: &str) -> Result<i64, ComponentError> {
    let invalid = || ComponentError::value_error(format!("Invalid frequency: {s}"));
    let text = s.trim();
    if text.is_empty() {
        return Err(invalid());
    }
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut total: i64 = 0;
    while pos < bytes.len() {
        let digits_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let multiplier: i64 = if pos == digits_start {
            1
        } else {
            text[digits_start..pos].parse().map_err(|_| invalid())?
        };
        let alias_start = pos;
        while pos < bytes.len() && (bytes[pos].is_ascii_alphabetic() || bytes[pos] == b'-') {
            pos += 1;
        }
        let alias = &text[alias_start..pos];
        if alias.is_empty() {
            return Err(invalid());
        }
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
        total = multiplier
            .checked_mul(unit)
            .and_then(|ns| total.checked_add(ns))
            .ok_or_else(|| {
                ComponentError::value_error(format!("frequency {s} is too long (overflow)"))
            })?;
    }
    if total == 0 {
        return Err(ComponentError::value_error(format!(
            "frequency {s} has zero length"
        )));
    }
    Ok(total)
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
        for f in ["", "5", "xyz", "5 min", "min5x", "-5min"] {
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
