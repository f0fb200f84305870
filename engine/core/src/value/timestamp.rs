//! Timestamp parsing and formatting in the textual forms hetida uses.
//!
//! Why this exists: inputs carry ISO-8601 strings (series keys, frame columns) that must be
//! recognised quickly and exactly like pandas does for the common forms, and outputs must
//! reproduce two different renderings byte for byte: pandas `to_json(date_format="iso")`
//! (millisecond precision, `Z`) and Python `datetime.isoformat()` (`+00:00`, microseconds).
//!
//! All instants are nanoseconds since the Unix epoch (see [`crate::value::column`]). Civil
//! date arithmetic is done by hand (proleptic Gregorian calendar), which is exact for the
//! whole range pandas supports (years 1677 to 2262) and avoids any allocation.

use super::column::Tz;

/// Nanoseconds per second.
const NS_PER_SEC: i64 = 1_000_000_000;
/// Nanoseconds per day.
const NS_PER_DAY: i64 = 86_400 * NS_PER_SEC;

/// The result of [`parse_iso8601`].
///
/// Exists so that callers can tell naive from aware timestamps and group them by offset
/// (pandas keeps the offset of a column when all entries share it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTs {
    /// Naive: wall-clock time as if it were UTC. Aware: the UTC instant.
    pub ns: i64,
    /// `None` for naive timestamps, otherwise the offset east of UTC in seconds
    /// (`Z` gives `Some(0)`).
    pub offset: Option<i32>,
}

/// Days since 1970-01-01 of a proleptic Gregorian civil date: the one civil-date helper
/// the engine, the components and the renderer share.
///
/// Standard era-based computation (400-year cycles of 146 097 days).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`, proleptic Gregorian.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap(year) {
                29
            } else {
                28
            }
        }
    }
}

/// Reads two ASCII digits at `pos`.
#[inline(always)]
fn two_digits(b: &[u8], pos: usize) -> Option<u32> {
    let hi = b.get(pos)?.wrapping_sub(b'0');
    let lo = b.get(pos + 1)?.wrapping_sub(b'0');
    if hi < 10 && lo < 10 {
        Some(u32::from(hi) * 10 + u32::from(lo))
    } else {
        None
    }
}

/// Nanoseconds per unit of the n-th fractional digit count (index = number of digits).
const FRAC_SCALE: [i64; 10] = [
    0,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// Reads exactly `n` ASCII digits at `pos`.
#[inline]
fn digits(b: &[u8], pos: usize, n: usize) -> Option<u32> {
    let slice = b.get(pos..pos + n)?;
    let mut v = 0u32;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses the ISO-8601 forms hetida users send: `YYYY-MM-DD`,
/// `YYYY-MM-DDTHH:MM[:SS[.fffffffff]]` (separator `T` or a space) with an optional suffix
/// `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`.
///
/// Exists as a hand-written parser because it runs once per series label on the input hot
/// path (100 000 labels must parse in well under a millisecond each). Returns `None` for
/// anything else, including out-of-range fields and instants outside the `i64` nanosecond
/// range (which pandas rejects as out of bounds as well).
pub fn parse_iso8601(s: &str) -> Option<ParsedTs> {
    parse_iso8601_cached(s, &mut DateCache::default())
}

/// Remembers the last date parsed by [`parse_iso8601_cached`]: consecutive timestamps of a
/// series mostly share their day, so the calendar computation can be skipped.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DateCache {
    date: [u8; 10],
    days: i64,
    valid: bool,
}

/// [`parse_iso8601`] with a cache for the date part (hot path of series parsing).
pub(crate) fn parse_iso8601_cached(s: &str, cache: &mut DateCache) -> Option<ParsedTs> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let days = if cache.valid && b[..10] == cache.date {
        cache.days
    } else {
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = i64::from(digits(b, 0, 4)?);
        let month = two_digits(b, 5)?;
        let day = two_digits(b, 8)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        cache.date.copy_from_slice(&b[..10]);
        cache.days = days;
        cache.valid = true;
        days
    };
    let mut secs_of_day: i64 = 0;
    let mut frac_ns: i64 = 0;
    let mut pos = 10;
    let mut offset: Option<i32> = None;
    if pos < b.len() {
        if b[pos] != b'T' && b[pos] != b' ' {
            return None;
        }
        pos += 1;
        let hour = two_digits(b, pos)?;
        if b.get(pos + 2) != Some(&b':') {
            return None;
        }
        let minute = two_digits(b, pos + 3)?;
        pos += 5;
        let mut second = 0;
        if b.get(pos) == Some(&b':') {
            second = two_digits(b, pos + 1)?;
            pos += 3;
            if b.get(pos) == Some(&b'.') {
                pos += 1;
                let start = pos;
                let mut frac: i64 = 0;
                while pos < b.len() && b[pos].is_ascii_digit() {
                    if pos - start >= 9 {
                        return None;
                    }
                    frac = frac * 10 + i64::from(b[pos] - b'0');
                    pos += 1;
                }
                let n = pos - start;
                if n == 0 {
                    return None;
                }
                frac_ns = frac * FRAC_SCALE[n];
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        secs_of_day = i64::from(hour * 3600 + minute * 60 + second);
        if pos < b.len() {
            match b[pos] {
                b'Z' | b'z' if pos + 1 == b.len() => offset = Some(0),
                sign @ (b'+' | b'-') => {
                    let rest = &b[pos + 1..];
                    let (oh, om) = match rest.len() {
                        2 => (two_digits(rest, 0)?, 0),
                        4 => (two_digits(rest, 0)?, two_digits(rest, 2)?),
                        5 if rest[2] == b':' => (two_digits(rest, 0)?, two_digits(rest, 3)?),
                        _ => return None,
                    };
                    if oh > 23 || om > 59 {
                        return None;
                    }
                    let secs = (oh * 3600 + om * 60) as i32;
                    offset = Some(if sign == b'-' { -secs } else { secs });
                }
                _ => return None,
            }
        }
    }
    let wall_secs = days * 86_400 + secs_of_day - i64::from(offset.unwrap_or(0));
    let ns = wall_secs.checked_mul(NS_PER_SEC)?.checked_add(frac_ns)?;
    Some(ParsedTs { ns, offset })
}

/// Two ASCII digits of `v` (0..=99).
#[inline]
fn two(v: u32) -> [u8; 2] {
    [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]
}

/// Writes `YYYY-MM-DD` of a day number into `buf`.
fn date_bytes(days: i64, buf: &mut [u8; 10]) {
    let (year, month, day) = civil_from_days(days);
    // i64 nanoseconds only reach years 1677..=2262.
    let y = year.clamp(0, 9999) as u32;
    buf[..2].copy_from_slice(&two(y / 100));
    buf[2..4].copy_from_slice(&two(y % 100));
    buf[4] = b'-';
    buf[5..7].copy_from_slice(&two(month));
    buf[7] = b'-';
    buf[8..10].copy_from_slice(&two(day));
}

/// Writes `THH:MM:SS` for a second of the day into `buf`.
fn time_bytes(secs_of_day: u32, buf: &mut [u8]) {
    buf[0] = b'T';
    buf[1..3].copy_from_slice(&two(secs_of_day / 3600));
    buf[3] = b':';
    buf[4..6].copy_from_slice(&two((secs_of_day / 60) % 60));
    buf[6] = b':';
    buf[7..9].copy_from_slice(&two(secs_of_day % 60));
}

/// Writes many pandas-style ISO timestamps, caching the date part of the previous one.
///
/// Used by series/frame serialisation, where consecutive timestamps mostly share a day.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IsoMsWriter {
    day: i64,
    date: [u8; 10],
    valid: bool,
}

impl IsoMsWriter {
    /// The same text as [`write_iso_ms`], wrapped in double quotes (a JSON string), as
    /// bytes: `"2020-01-02T00:00:00.123Z"`. Returns the buffer and its used length.
    #[inline]
    pub(crate) fn quoted(&mut self, ns: i64, with_z: bool) -> ([u8; 26], usize) {
        let days = ns.div_euclid(NS_PER_DAY);
        let ns_of_day = ns.rem_euclid(NS_PER_DAY);
        if !self.valid || days != self.day {
            date_bytes(days, &mut self.date);
            self.day = days;
            self.valid = true;
        }
        let mut buf = [0u8; 26];
        buf[0] = b'"';
        buf[1..11].copy_from_slice(&self.date);
        time_bytes((ns_of_day / NS_PER_SEC) as u32, &mut buf[11..20]);
        let ms = ((ns_of_day % NS_PER_SEC) / 1_000_000) as u32;
        buf[20] = b'.';
        buf[21] = b'0' + (ms / 100) as u8;
        buf[22..24].copy_from_slice(&two(ms % 100));
        if with_z {
            buf[24] = b'Z';
            buf[25] = b'"';
            (buf, 26)
        } else {
            buf[24] = b'"';
            (buf, 25)
        }
    }
}

/// Appends the pandas `to_json(date_format="iso")` rendering of `ns`
/// (`2020-01-02T00:00:00.123Z`): millisecond precision, truncated towards the past (also
/// before 1970), `Z` only when `with_z`.
///
/// Exists separately from [`format_iso_ms`] so that callers can write timestamps into an
/// existing buffer without allocating per entry.
pub fn write_iso_ms(out: &mut String, ns: i64, with_z: bool) {
    let (buf, len) = IsoMsWriter::default().quoted(ns, with_z);
    // Only ASCII was written.
    out.push_str(std::str::from_utf8(&buf[1..len - 1]).unwrap_or_default());
}

/// Appends `ns` as ISO 8601 with all nine fractional digits (`2020-01-02T00:00:00.123456789Z`),
/// `Z` only when `with_z`.
///
/// Exists for storage formats that must keep every nanosecond ([`crate::value::json_out::Style::Exact`]).
pub fn write_iso_ns(out: &mut String, ns: i64, with_z: bool) {
    let (buf, _) = IsoMsWriter::default().quoted(ns - ns.rem_euclid(NS_PER_SEC), false);
    // Date and time of day without the milliseconds: `"YYYY-MM-DDTHH:MM:SS`.
    out.push_str(std::str::from_utf8(&buf[1..20]).unwrap_or_default());
    out.push_str(&format!(".{:09}", ns.rem_euclid(NS_PER_SEC)));
    if with_z {
        out.push('Z');
    }
}

/// The pandas `to_json` ISO rendering of `ns` as a new string (see [`write_iso_ms`]).
///
/// Exists for callers outside the hot path (tests, adapters writing single timestamps).
pub fn format_iso_ms(ns: i64, with_z: bool) -> String {
    let mut s = String::with_capacity(24);
    write_iso_ms(&mut s, ns, with_z);
    s
}

/// Python `datetime.isoformat()` of the instant `ns` in timezone `tz`:
/// `2020-01-01T00:00:00+00:00` for UTC, local wall time plus `±HH:MM` for fixed offsets,
/// no suffix for naive values; `.ffffff` only when the microseconds are non-zero
/// (sub-microsecond digits are truncated, as Python datetimes have no nanoseconds).
///
/// Exists because hetida writes scalar datetimes, measured steps and release timestamps
/// this way (hetida §3.3, §12.1).
pub fn format_isoformat(ns: i64, tz: Tz) -> String {
    IsoFormatter::new(tz).format(ns)
}

/// Formats many timestamps of one timezone in Python `isoformat()` form (see
/// [`format_isoformat`]), remembering the last date: along a time axis the date part
/// changes rarely, and computing it is the costly part.
///
/// Exists for plots, which format one timestamp per point.
#[derive(Debug, Clone)]
pub struct IsoFormatter {
    tz: Tz,
    day: i64,
    date: [u8; 10],
}

impl IsoFormatter {
    /// A formatter for timestamps of timezone `tz`.
    pub fn new(tz: Tz) -> Self {
        IsoFormatter {
            tz,
            day: i64::MIN,
            date: [0; 10],
        }
    }

    /// The `isoformat()` text of `ns`.
    pub fn format(&mut self, ns: i64) -> String {
        let mut buf = [0u8; 40];
        let n = self.write_bytes(ns, &mut buf);
        // Only ASCII digits and separators are written.
        String::from_utf8(buf[..n].to_vec()).unwrap_or_default()
    }

    /// Writes the text into `buf` and returns its length: direct byte stores, no allocation.
    fn write_bytes(&mut self, ns: i64, buf: &mut [u8; 40]) -> usize {
        isoformat_bytes(ns, self.tz, buf, &mut self.day, &mut self.date)
    }
}

fn isoformat_bytes(
    ns: i64,
    tz: Tz,
    buf: &mut [u8; 40],
    day: &mut i64,
    date: &mut [u8; 10],
) -> usize {
    let offset = tz.offset_seconds();
    let local = ns.saturating_add(i64::from(offset) * NS_PER_SEC);
    let days = local.div_euclid(NS_PER_DAY);
    let ns_of_day = local.rem_euclid(NS_PER_DAY);
    if *day != days {
        date_bytes(days, date);
        *day = days;
    }
    buf[..10].copy_from_slice(date);
    time_bytes((ns_of_day / NS_PER_SEC) as u32, &mut buf[10..19]);
    let mut n = 19;
    let micros = ((ns_of_day % NS_PER_SEC) / 1000) as u32;
    if micros != 0 {
        buf[n] = b'.';
        let mut x = micros;
        for i in (1..=6).rev() {
            buf[n + i] = b'0' + (x % 10) as u8;
            x /= 10;
        }
        n += 7;
    }
    if tz.is_aware() {
        let abs = offset.unsigned_abs();
        buf[n] = if offset < 0 { b'-' } else { b'+' };
        buf[n + 1..n + 3].copy_from_slice(&two(abs / 3600));
        buf[n + 3] = b':';
        buf[n + 4..n + 6].copy_from_slice(&two((abs / 60) % 60));
        n += 6;
        if !abs.is_multiple_of(60) {
            buf[n] = b':';
            buf[n + 1..n + 3].copy_from_slice(&two(abs % 60));
            n += 3;
        }
    }
    n
}

/// The current UTC time in Python `isoformat()` form (`…+00:00`, microseconds).
///
/// Exists for hetida's `measured_steps` and other "now" stamps in responses.
pub fn now_isoformat() -> String {
    let now = chrono::Utc::now();
    let ns = now
        .timestamp_nanos_opt()
        .unwrap_or_else(|| now.timestamp_micros().saturating_mul(1000));
    format_isoformat(ns, Tz::Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = NS_PER_DAY;
    /// 2020-01-01T00:00:00Z in ns.
    const Y2020: i64 = 1_577_836_800 * NS_PER_SEC;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2020, 1, 1), 18_262);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for d in [-106_751, -1, 0, 1, 59, 18_262, 106_750] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn parses_common_forms() {
        let p = |s| parse_iso8601(s).unwrap();
        assert_eq!(
            p("2020-01-01"),
            ParsedTs {
                ns: Y2020,
                offset: None
            }
        );
        assert_eq!(p("2020-01-01T00:00:00Z").offset, Some(0));
        assert_eq!(p("2020-01-01T00:00:00Z").ns, Y2020);
        assert_eq!(p("2020-01-01 00:00:00z").ns, Y2020);
        assert_eq!(p("2020-01-01T00:00").ns, Y2020);
        assert_eq!(p("2020-01-01T00:00:00.000Z").ns, Y2020);
        assert_eq!(p("2020-01-01T00:00:00.5").ns, Y2020 + 500_000_000);
        assert_eq!(p("2020-01-01T00:00:00.123456789Z").ns, Y2020 + 123_456_789);
        assert_eq!(
            p("2020-01-02T03:04:05").ns,
            Y2020 + DAY + 11_045 * NS_PER_SEC
        );
        // Offsets: the instant is converted to UTC.
        let plus1 = p("2020-01-01T01:00:00+01:00");
        assert_eq!(
            plus1,
            ParsedTs {
                ns: Y2020,
                offset: Some(3600)
            }
        );
        assert_eq!(p("2020-01-01T01:00:00+0100"), plus1);
        assert_eq!(p("2020-01-01T01:00:00+01"), plus1);
        let minus = p("2019-12-31T22:30:00-01:30");
        assert_eq!(
            minus,
            ParsedTs {
                ns: Y2020,
                offset: Some(-5400)
            }
        );
        assert_eq!(p("2020-01-01T00:00:00+00:00").offset, Some(0));
        // Before 1970.
        assert_eq!(p("1969-12-31T23:59:59.999").ns, -1_000_000);
        assert_eq!(p("2000-02-29").ns, 11_016 * DAY);
    }

    #[test]
    fn rejects_invalid_forms() {
        for s in [
            "",
            "2020",
            "2020-1-01",
            "2020-13-01",
            "2020-02-30",
            "2019-02-29",
            "2020-01-01T",
            "2020-01-01T24:00:00",
            "2020-01-01T00:60",
            "2020-01-01T00:00:60",
            "2020-01-01T00:00:00.",
            "2020-01-01T00:00:00.1234567890",
            "2020-01-01T00:00:00ZZ",
            "2020-01-01T00:00:00+1:00",
            "2020-01-01T00:00:00+01:0",
            "2020-01-01X00:00:00",
            "2020-01-01T00:00:00 ",
            " 2020-01-01",
            "abcdefghij",
            "1577836800",
            // outside the i64 nanosecond range
            "1600-01-01",
            "2300-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_iso8601(s), None, "{s:?}");
        }
    }

    #[test]
    fn iso_ms_formatting() {
        assert_eq!(format_iso_ms(Y2020, true), "2020-01-01T00:00:00.000Z");
        assert_eq!(format_iso_ms(Y2020, false), "2020-01-01T00:00:00.000");
        assert_eq!(
            format_iso_ms(Y2020 + DAY + 123_999_999, true),
            "2020-01-02T00:00:00.123Z"
        );
        // Truncation towards the past before 1970.
        assert_eq!(format_iso_ms(-1, true), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_iso_ms(-1_000_000, false), "1969-12-31T23:59:59.999");
        assert_eq!(format_iso_ms(-1_000_001, false), "1969-12-31T23:59:59.998");
        assert_eq!(format_iso_ms(0, true), "1970-01-01T00:00:00.000Z");
        let mut s = String::from("x");
        write_iso_ms(&mut s, Y2020, true);
        assert_eq!(s, "x2020-01-01T00:00:00.000Z");
        // Extremes of the nanosecond range.
        assert_eq!(format_iso_ms(i64::MAX, true), "2262-04-11T23:47:16.854Z");
        assert_eq!(
            format_iso_ms(i64::MIN + 1, false),
            "1677-09-21T00:12:43.145"
        );
    }

    #[test]
    fn isoformat_like_python() {
        assert_eq!(
            format_isoformat(Y2020, Tz::Utc),
            "2020-01-01T00:00:00+00:00"
        );
        assert_eq!(format_isoformat(Y2020, Tz::Naive), "2020-01-01T00:00:00");
        assert_eq!(
            format_isoformat(Y2020, Tz::Fixed(3600)),
            "2020-01-01T01:00:00+01:00"
        );
        assert_eq!(
            format_isoformat(Y2020, Tz::Fixed(-5400)),
            "2019-12-31T22:30:00-01:30"
        );
        assert_eq!(
            format_isoformat(Y2020 + 1_500, Tz::Utc),
            "2020-01-01T00:00:00.000001+00:00"
        );
        assert_eq!(
            format_isoformat(Y2020 + 999, Tz::Utc),
            "2020-01-01T00:00:00+00:00"
        );
        assert_eq!(
            format_isoformat(Y2020 + 123_456_000, Tz::Naive),
            "2020-01-01T00:00:00.123456"
        );
        assert_eq!(
            format_isoformat(-1_000, Tz::Naive),
            "1969-12-31T23:59:59.999999"
        );
    }

    #[test]
    fn now_is_parseable_utc() {
        let s = now_isoformat();
        assert!(s.ends_with("+00:00"), "{s}");
        let p = parse_iso8601(&s[..19]).unwrap();
        assert!(p.ns > Y2020);
    }
}
