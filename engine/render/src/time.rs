//! Dates on plotly date axes: parsing ISO-8601 strings to milliseconds, choosing "nice"
//! tick intervals and formatting tick labels.
//!
//! Like plotly.js, a UTC offset or `Z` suffix is dropped and the wall-clock time is plotted
//! (`2020-01-01T00:00:00+02:00` is drawn at midnight).

use rheo_core::value::timestamp::{civil_from_days, days_from_civil};

const MS_PER_DAY: f64 = 86_400_000.0;

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |a, &c| a * 10 + (c - b'0') as u32))
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]]` with an optional `Z` or
/// `±HH:MM` suffix (dropped), or `YYYY-MM` / `YYYY`, to milliseconds since the epoch.
pub fn parse_iso_ms(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    if b.len() < 4 {
        return None;
    }
    let neg = b[0] == b'-';
    let b = if neg { &b[1..] } else { b };
    let year = digits(b.get(0..4)?)? as i64;
    let year = if neg { -year } else { year };
    let (mut month, mut day) = (1, 1);
    let mut rest = &b[4..];
    if !rest.is_empty() {
        if rest[0] != b'-' || rest.len() < 3 {
            return None;
        }
        month = digits(&rest[1..3])?;
        rest = &rest[3..];
        if !rest.is_empty() {
            if rest[0] != b'-' || rest.len() < 3 {
                return None;
            }
            day = digits(&rest[1..3])?;
            rest = &rest[3..];
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut ms = 0.0;
    if !rest.is_empty() {
        if rest[0] != b'T' && rest[0] != b' ' {
            return None;
        }
        rest = &rest[1..];
        let hh = digits(rest.get(0..2)?)?;
        if rest.get(2) != Some(&b':') {
            return None;
        }
        let mm = digits(rest.get(3..5)?)?;
        rest = &rest[5..];
        let mut sec = 0.0;
        if rest.first() == Some(&b':') {
            let ss = digits(rest.get(1..3)?)?;
            sec = ss as f64;
            rest = &rest[3..];
            if rest.first() == Some(&b'.') {
                let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return None;
                }
                let frac = &rest[1..1 + n];
                let mut f = 0.0;
                let mut scale = 0.1;
                for &c in frac.iter().take(9) {
                    f += (c - b'0') as f64 * scale;
                    scale /= 10.0;
                }
                sec += f;
                rest = &rest[1 + n..];
            }
        }
        if hh > 24 || mm > 59 || sec >= 61.0 {
            return None;
        }
        ms = (hh as f64 * 3600.0 + mm as f64 * 60.0 + sec) * 1000.0;
        match rest.first() {
            None => {}
            Some(b'Z') | Some(b'z') if rest.len() == 1 => {}
            Some(b'+') | Some(b'-') => {
                let t = &rest[1..];
                let ok = (t.len() == 5
                    && t[2] == b':'
                    && digits(&t[0..2]).is_some()
                    && digits(&t[3..5]).is_some())
                    || (t.len() == 4 && digits(t).is_some())
                    || (t.len() == 2 && digits(t).is_some());
                if !ok {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(days_from_civil(year, month, day) as f64 * MS_PER_DAY + ms)
}

/// Broken-down wall-clock time of milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
    /// Hour.
    pub hour: u32,
    /// Minute.
    pub minute: u32,
    /// Second.
    pub second: u32,
    /// Millisecond.
    pub milli: u32,
}

/// Splits milliseconds since the epoch into calendar fields.
pub fn civil(ms: f64) -> Civil {
    let ms = ms.round() as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3_600_000) as u32,
        minute: (rem / 60_000 % 60) as u32,
        second: (rem / 1000 % 60) as u32,
        milli: (rem % 1000) as u32,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A tick interval on a date axis.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// A fixed number of milliseconds.
    Ms(f64),
    /// A number of calendar months.
    Months(u32),
}

/// Tick positions (ms) and their labels for the date range `[lo, hi]`, aiming at about
/// `target` ticks. Labels of sub-day ticks carry the date on a second line at the first tick
/// and where the day changes; day ticks carry the year on the first tick.
pub fn date_ticks(lo: f64, hi: f64, target: usize) -> Vec<(f64, String)> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    match date_step((hi - lo) / target.max(2) as f64) {
        Step::Ms(s) => fixed_step_ticks(lo, hi, s),
        Step::Months(m) => month_ticks(lo, hi, m),
    }
}

const S: f64 = 1000.0;
const M: f64 = 60.0 * S;
const H: f64 = 60.0 * M;
const D: f64 = 24.0 * H;

/// The nicest tick step at least `raw` milliseconds long: a fixed length up to two weeks,
/// else a number of months.
fn date_step(raw: f64) -> Step {
    let fixed = [
        1.0,
        2.0,
        5.0,
        10.0,
        20.0,
        50.0,
        100.0,
        200.0,
        500.0,
        S,
        2.0 * S,
        5.0 * S,
        10.0 * S,
        15.0 * S,
        30.0 * S,
        M,
        2.0 * M,
        5.0 * M,
        10.0 * M,
        15.0 * M,
        30.0 * M,
        H,
        2.0 * H,
        3.0 * H,
        6.0 * H,
        12.0 * H,
        D,
        2.0 * D,
        7.0 * D,
        14.0 * D,
    ];
    match fixed.iter().find(|&&s| s >= raw) {
        Some(&s) => Step::Ms(s),
        None => {
            let months = raw / (30.44 * D);
            let m = [1u32, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]
                .into_iter()
                .find(|&m| m as f64 >= months)
                .unwrap_or(1200);
            Step::Months(m)
        }
    }
}

/// Ticks every `s` milliseconds: times of day (with the date where the day changes) for
/// steps under a day, else dates (the year on the first).
fn fixed_step_ticks(lo: f64, hi: f64, s: f64) -> Vec<(f64, String)> {
    let mut ticks = Vec::new();
    // Weeks start on Sunday as in plotly (1970-01-04 was a Sunday).
    let offset = if s >= 7.0 * D { 3.0 * D } else { 0.0 };
    let mut t = ((lo - offset) / s).ceil() * s + offset;
    let mut prev_day: Option<(i64, u32, u32)> = None;
    while t <= hi + s * 1e-9 && ticks.len() < 1000 {
        let c = civil(t);
        let day = (c.year, c.month, c.day);
        let label = if s < D {
            let time = if s < S {
                format!(
                    "{:02}:{:02}:{:02}.{:03}",
                    c.hour, c.minute, c.second, c.milli
                )
            } else if s < M {
                format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
            } else {
                format!("{:02}:{:02}", c.hour, c.minute)
            };
            if prev_day != Some(day) {
                format!(
                    "{time}\n{} {}, {}",
                    MONTHS[c.month as usize - 1],
                    c.day,
                    c.year
                )
            } else {
                time
            }
        } else if ticks.is_empty() {
            format!("{} {}\n{}", MONTHS[c.month as usize - 1], c.day, c.year)
        } else {
            format!("{} {}", MONTHS[c.month as usize - 1], c.day)
        };
        prev_day = Some(day);
        ticks.push((t, label));
        t += s;
    }
    ticks
}

/// Ticks on the first of every `m`-th month: month names (with the year on the first and in
/// January), or years for steps of a year and more.
fn month_ticks(lo: f64, hi: f64, m: u32) -> Vec<(f64, String)> {
    let mut ticks = Vec::new();
    let c = civil(lo);
    let m = m as i64;
    let mut idx = (c.year * 12 + c.month as i64 - 1).div_euclid(m) * m;
    let mut first = true;
    loop {
        let (y, mo) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
        let t = days_from_civil(y, mo, 1) as f64 * D;
        if t > hi || ticks.len() >= 1000 {
            break;
        }
        if t >= lo {
            let label = if m >= 12 {
                format!("{y}")
            } else if first || mo == 1 {
                format!("{}\n{y}", MONTHS[mo as usize - 1])
            } else {
                MONTHS[mo as usize - 1].to_string()
            };
            first = false;
            ticks.push((t, label));
        }
        idx += m;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_isoformat_variants() {
        assert_eq!(parse_iso_ms("1970-01-01T00:00:00+00:00"), Some(0.0));
        assert_eq!(parse_iso_ms("1970-01-02"), Some(MS_PER_DAY));
        assert_eq!(parse_iso_ms("1970-01-01 00:00:01.5"), Some(1500.0));
        assert_eq!(parse_iso_ms("1970-01-01T01:00:00Z"), Some(3_600_000.0));
        // Offsets are dropped: wall-clock time as plotly.js plots it.
        assert_eq!(parse_iso_ms("1970-01-01T01:00:00+02:00"), Some(3_600_000.0));
        assert_eq!(
            parse_iso_ms("2020-05-01T00:00:00+00:00"),
            Some(1_588_291_200_000.0)
        );
        assert_eq!(
            parse_iso_ms("2020-07-05T01:45:50.843604+00:00").map(|v| v.round()),
            Some(1_593_913_550_844.0)
        );
        assert_eq!(parse_iso_ms("abc"), None);
        assert_eq!(parse_iso_ms("12"), None);
        assert_eq!(parse_iso_ms("2020-13-01"), None);
        assert_eq!(parse_iso_ms("NaT"), None);
        assert_eq!(parse_iso_ms("2020-01-01Tfoo"), None);
    }

    #[test]
    fn civil_round_trips() {
        let ms = parse_iso_ms("2024-02-29T23:59:58.250").unwrap();
        let c = civil(ms);
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute, c.second, c.milli),
            (2024, 2, 29, 23, 59, 58, 250)
        );
        assert_eq!(civil(-1.0).year, 1969);
    }

    #[test]
    fn ticks_pick_calendar_steps() {
        let lo = parse_iso_ms("2020-01-01").unwrap();
        let hi = parse_iso_ms("2020-12-31").unwrap();
        let t = date_ticks(lo, hi, 6);
        assert_eq!(t[0].1, "Jan\n2020");
        assert_eq!(t[1].1, "Mar");
        let hi = lo + 6.0 * 3_600_000.0;
        let t = date_ticks(lo, hi, 6);
        assert_eq!(t[0].1, "00:00\nJan 1, 2020");
        assert_eq!(t[1].1, "01:00");
        assert!(date_ticks(1.0, 1.0, 5).is_empty());
    }
}
