//! Wall-clock helpers with Python's microsecond resolution and `isoformat()`.

use rheo_core::value::timestamp::format_isoformat;
use rheo_core::value::Tz;

/// The current UTC time in microseconds since the epoch (Python `datetime.now(timezone.utc)`
/// has microsecond resolution).
pub(crate) fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// Python `isoformat()` of a UTC time given in microseconds (`…+00:00`).
pub(crate) fn iso_us(us: i64) -> String {
    format_isoformat(us.saturating_mul(1000), Tz::Utc)
}

/// `(end - start).total_seconds()` of two microsecond times.
pub(crate) fn seconds_between(start_us: i64, end_us: i64) -> f64 {
    (end_us - start_us) as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_helpers_match_python() {
        // 2020-01-01T00:00:00.000001+00:00
        assert_eq!(
            iso_us(1_577_836_800_000_001),
            "2020-01-01T00:00:00.000001+00:00"
        );
        assert_eq!(iso_us(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(seconds_between(1_000_000, 3_500_000), 2.5);
        assert!(now_us() > 1_577_836_800_000_000);
    }
}
