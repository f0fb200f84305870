//! Tests of the rolling-window kernels.

use super::*;
use rheo_core::value::{Column, Tz};

const S: i64 = 1_000_000_000;

fn naive_median(w: &[f64]) -> f64 {
    let mut v = w.to_vec();
    nanmedian(&mut v)
}

fn close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * y.abs().max(1.0),
            "{a:?} vs {b:?}"
        );
    }
}

#[test]
fn trailing_time_bounds_are_right_closed() {
    // Irregular: 0, 1, 3, 4, 10 s; window 3 s: (t-3, t].
    let idx: Vec<i64> = [0, 1, 3, 4, 10].iter().map(|t| t * S).collect();
    let b = time_bounds(&idx, 3 * S, Closed::Right, false);
    assert_eq!(b.start, [0, 0, 1, 2, 4]);
    assert_eq!(b.end, [1, 2, 3, 4, 5]);
    // Left-closed [t-3, t): excludes the point itself, includes t-3.
    let b = time_bounds(&idx, 3 * S, Closed::Left, false);
    assert_eq!(b.start, [0, 0, 0, 1, 4]);
    assert_eq!(b.end, [0, 1, 2, 3, 4]);
    let b = time_bounds(&idx, 3 * S, Closed::Both, false);
    assert_eq!(b.start, [0, 0, 0, 1, 4]);
    assert_eq!(b.end, [1, 2, 3, 4, 5]);
    let b = time_bounds(&idx, 3 * S, Closed::Neither, false);
    assert_eq!(b.start, [0, 0, 1, 2, 4]);
    assert_eq!(b.end, [0, 1, 2, 3, 4]);
}

#[test]
fn duplicate_timestamps_see_only_earlier_rows() {
    let idx = [0, S, S, 2 * S];
    let b = time_bounds(&idx, 2 * S, Closed::Right, false);
    assert_eq!(b.start, [0, 0, 0, 1]);
    assert_eq!(b.end, [1, 2, 3, 4]);
    let v = [1.0, 2.0, 4.0, 8.0];
    close(&rolling_sum(&v, &b, 1), &[1.0, 3.0, 7.0, 14.0]);
}

#[test]
fn centered_time_bounds() {
    // Window 4 s centered: (t-2, t+2].
    let idx: Vec<i64> = [0, 1, 2, 3, 5, 9].iter().map(|t| t * S).collect();
    let b = time_bounds(&idx, 4 * S, Closed::Right, true);
    // t=0: (-2,2] -> 0,1,2 ; t=1: (-1,3] -> 0..4 ; t=2: (0,4] -> 1..4 ;
    // t=3: (1,5] -> 2..5 ; t=5: (3,7] -> 4..5 ; t=9: (7,11] -> 5..6
    assert_eq!(b.start, [0, 0, 1, 2, 4, 5]);
    assert_eq!(b.end, [3, 4, 4, 5, 5, 6]);
}

#[test]
fn decreasing_index_windows_look_towards_larger_positions() {
    let idx: Vec<i64> = [4, 3, 1, 0].iter().map(|t| t * S).collect();
    // Trailing window in the direction of growth: (t+2, t] mirrored = [t, t+2) ...
    let b = time_bounds(&idx, 2 * S, Closed::Right, false);
    // t=1 s: window [1, 3) in the direction of growth excludes t=3 s.
    assert_eq!(b.start, [0, 0, 2, 2]);
    assert_eq!(b.end, [1, 2, 3, 4]);
}

#[test]
fn count_bounds_clip_at_zero() {
    let b = count_bounds(4, 2);
    assert_eq!(b.start, [0, 0, 1, 2]);
    assert_eq!(b.end, [1, 2, 3, 4]);
    let b = count_bounds(2, 0);
    assert_eq!(b.start, [1, 2]);
}

#[test]
fn interval_bounds_respect_closedness() {
    let idx = [0, 5, 10, 15];
    let b = interval_bounds(&idx, [0, 5, 10], 5, Closed::Left);
    assert_eq!(
        (b.start.clone(), b.end.clone()),
        (vec![0, 1, 2], vec![1, 2, 3])
    );
    let b = interval_bounds(&idx, [0, 5, 10], 5, Closed::Both);
    assert_eq!(
        (b.start.clone(), b.end.clone()),
        (vec![0, 1, 2], vec![2, 3, 4])
    );
    let b = interval_bounds(&idx, [-5, 0], 5, Closed::Neither);
    assert_eq!((b.start, b.end), (vec![0, 1], vec![0, 1]));
}

#[test]
fn aggregations_ignore_nan_and_respect_min_periods() {
    let v = [1.0, f64::NAN, 3.0, 10.0, -2.0];
    let b = count_bounds(5, 3);
    close(&rolling_mean(&v, &b, 1), &[1.0, 1.0, 2.0, 6.5, 11.0 / 3.0]);
    close(
        &rolling_mean(&v, &b, 3),
        &[f64::NAN, f64::NAN, f64::NAN, f64::NAN, 11.0 / 3.0],
    );
    close(&rolling_sum(&v, &b, 1), &[1.0, 1.0, 4.0, 13.0, 11.0]);
    close(&rolling_min(&v, &b, 1), &[1.0, 1.0, 1.0, 3.0, -2.0]);
    close(&rolling_max(&v, &b, 1), &[1.0, 1.0, 3.0, 10.0, 10.0]);
    close(&rolling_median(&v, &b, 1), &[1.0, 1.0, 2.0, 6.5, 3.0]);
    close(&rolling_count(&v, &b, 0), &[1.0, 1.0, 2.0, 2.0, 3.0]);
    // Sample std: [1] -> NaN, [1,3] -> sqrt(2), [3,10] -> sqrt(24.5), [3,10,-2] var 36.333..
    close(
        &rolling_std(&v, &b, 1, 1),
        &[
            f64::NAN,
            f64::NAN,
            2f64.sqrt(),
            24.5f64.sqrt(),
            (109.0f64 / 3.0).sqrt(),
        ],
    );
    // Empty windows: sum with min_periods 0 is 0, the rest NaN.
    let e = count_bounds(2, 0);
    close(&rolling_sum(&[1.0, 2.0], &e, 0), &[0.0, 0.0]);
    close(&rolling_mean(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
    close(&rolling_max(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
    close(&rolling_median(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
    close(&rolling_std(&[1.0, 2.0], &e, 0, 1), &[f64::NAN, f64::NAN]);
}

#[test]
fn constant_runs_are_exact() {
    let v = [0.1; 10];
    let b = count_bounds(10, 3);
    assert!(rolling_mean(&v, &b, 1).iter().all(|&x| x == 0.1));
    assert!(rolling_std(&v, &b, 2, 1)[2..].iter().all(|&x| x == 0.0));
    assert_eq!(rolling_sum(&v, &b, 1)[5], 0.1 * 3.0);
}

#[test]
fn kahan_mean_survives_large_offsets() {
    // 1e16 then small values: naive add/remove would lose the small values.
    let mut v = vec![1e16];
    v.extend((0..20).map(f64::from));
    let b = count_bounds(v.len(), 3);
    let m = rolling_mean(&v, &b, 1);
    // Once 1e16 has left the window, the means of (p-3, p-2, p-1) are exact.
    close(&m[3..], &(1..19).map(f64::from).collect::<Vec<_>>());
}

#[test]
fn median_and_extremes_match_brute_force() {
    // Pseudo-random values with ties and NaN, irregular windows.
    let mut x = 12345u64;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let v: Vec<f64> = (0..2000)
        .map(|_| {
            let r = rnd() % 50;
            if r == 0 {
                f64::NAN
            } else {
                (r % 17) as f64
            }
        })
        .collect();
    let mut t = 0i64;
    let idx: Vec<i64> = (0..2000)
        .map(|_| {
            t += (rnd() % 4) as i64;
            t
        })
        .collect();
    for (w, center) in [
        (0, false),
        (1, false),
        (7, false),
        (40, false),
        (9, true),
        (1000, true),
    ] {
        let b = time_bounds(&idx, w, Closed::Right, center);
        let med = rolling_median(&v, &b, 1);
        // Both median kernels, whichever the window length picks.
        // Row ranges computed separately (as on parallel threads) agree with one pass.
        let chunked: Vec<f64> = [0..700, 700..701, 701..v.len()]
            .into_iter()
            .flat_map(|r| rolling_median_rows(&v, &b, 1, v.len(), b.monotonic(), r))
            .collect();
        let max = rolling_max(&v, &b, 1);
        let min = rolling_min(&v, &b, 2);
        let mad = rolling_mad(&v, &b, 1);
        let (med2, _) = rolling_median_mad(&v, &b, 1);
        for other in [&med2, &chunked] {
            for (x, y) in med.iter().zip(other) {
                assert!(x == y || (x.is_nan() && y.is_nan()));
            }
        }
        for i in 0..v.len() {
            let win = &v[b.start[i]..b.end[i].max(b.start[i])];
            let valid: Vec<f64> = win.iter().copied().filter(|x| !x.is_nan()).collect();
            let m = naive_median(win);
            assert!(m == med[i] || (m.is_nan() && med[i].is_nan()), "median {i}");
            let mx = valid.iter().copied().fold(f64::NAN, f64::max);
            assert!(mx == max[i] || (mx.is_nan() && max[i].is_nan()), "max {i}");
            let mn = if valid.len() >= 2 {
                valid.iter().copied().fold(f64::NAN, f64::min)
            } else {
                f64::NAN
            };
            assert!(mn == min[i] || (mn.is_nan() && min[i].is_nan()), "min {i}");
            let expected_mad = if valid.len() < win.len() || valid.is_empty() {
                f64::NAN
            } else {
                let mut d: Vec<f64> = valid.iter().map(|x| (x - m).abs()).collect();
                nanmedian(&mut d)
            };
            assert!(
                expected_mad == mad[i] || (expected_mad.is_nan() && mad[i].is_nan()),
                "mad {i}: {expected_mad} vs {}",
                mad[i]
            );
        }
    }
}

#[test]
fn row_chunks_cover_all_rows_in_order() {
    for rows in [
        0,
        1,
        5,
        MIN_ROWS_PER_THREAD * 2 + 3,
        MIN_ROWS_PER_THREAD * 5,
    ] {
        let out = in_row_chunks(rows, |r| r.map(|i| i as f64).collect());
        assert_eq!(out.len(), rows);
        assert!(out.iter().enumerate().all(|(i, &x)| x == i as f64));
    }
}

#[test]
fn long_inputs_split_into_row_ranges_match_a_brute_force_median_and_mad() {
    let n = 2 * MIN_ROWS_PER_THREAD + 7;
    let v: Vec<f64> = (0..n)
        .map(|i| {
            if i % 101 == 0 {
                f64::NAN
            } else {
                ((i * 7919) % 23) as f64
            }
        })
        .collect();
    let b = count_bounds(n, 9);
    let med = rolling_median(&v, &b, 1);
    let (med2, mad) = rolling_median_mad(&v, &b, 1);
    for i in 0..n {
        let win = &v[b.start[i]..b.end[i]];
        let m = naive_median(win);
        let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
        assert!(same(m, med[i]) && same(m, med2[i]), "median {i}");
        let expected_mad = if win.iter().any(|x| x.is_nan()) {
            f64::NAN
        } else {
            let mut d: Vec<f64> = win.iter().map(|x| (x - m).abs()).collect();
            nanmedian(&mut d)
        };
        assert!(same(expected_mad, mad[i]), "mad {i}");
    }
}

#[test]
fn mad_of_small_sets() {
    assert_eq!(
        median_and_mad_sorted(&[1.0, 2.0, 3.0, 4.0, 100.0]),
        (3.0, 1.0)
    );
    assert_eq!(median_and_mad_sorted(&[1.0, 2.0, 4.0, 8.0]), (3.0, 1.5));
    assert_eq!(median_and_mad_sorted(&[5.0]), (5.0, 0.0));
    assert!(median_and_mad_sorted(&[]).0.is_nan());
}

#[test]
fn window_strings() {
    assert_eq!(parse_window("17486.0S").unwrap(), 17486 * S);
    assert_eq!(parse_window("1.5H").unwrap(), 5400 * S);
    assert!(parse_window("1.5h").is_err());
    assert!(parse_window("0.5s").is_err());
    assert_eq!(parse_window("-5min").unwrap(), -300 * S);
    assert_eq!(parse_window("0.0S").unwrap(), 0);
    assert_eq!(parse_window("0min").unwrap(), 0);
    assert_eq!(parse_window("10min").unwrap(), 600 * S);
    assert!(parse_window("M").unwrap_err().message.contains("non-fixed"));
    assert!(parse_window("1.5").is_err());
    assert!(parse_window("abc").is_err());
    assert_eq!(parse_timedelta("0").unwrap(), 0);
    assert_eq!(parse_timedelta("5").unwrap(), 5);
    assert_eq!(parse_timedelta("-1min").unwrap(), -60 * S);
    assert_eq!(parse_timedelta("30s").unwrap(), 30 * S);
}

#[test]
fn index_checks_and_conversion() {
    let ok = Column::from_datetime_ns(vec![3, 2, 2, 1], Tz::Utc);
    assert!(validate_time_index(&ok).is_ok());
    let bad = Column::from_datetime_ns(vec![1, 3, 2], Tz::Utc);
    assert_eq!(
        validate_time_index(&bad).unwrap_err().message,
        "index values must be monotonic"
    );
    let nat = Column::from_opt_datetime_ns(vec![Some(1), None], Tz::Utc);
    assert!(validate_time_index(&nat)
        .unwrap_err()
        .message
        .contains("NaT"));
    let s = Column::from_strings(vec![
        Some("2020-01-01T00:00:00+01:00".into()),
        Some("2020-01-01T00:00:01+01:00".into()),
    ]);
    let d = to_datetime(&s).unwrap();
    assert_eq!(d.tz, Tz::Fixed(3600));
    assert!(to_datetime(&Column::from_strings(vec![Some("x".into())])).is_none());
    assert_eq!(
        to_datetime(&Column::from_i64(vec![5])).unwrap(),
        Column::from_datetime_ns(vec![5], Tz::Naive)
    );
}

#[test]
fn cancelled_median_kernels_stop_early_and_uncancelled_ones_finish() {
    use rheo_core::cancel::{scope, CancelToken};
    let n = 500_000;
    let values: Vec<f64> = (0..n).map(|i| (i % 977) as f64).collect();
    let bounds = count_bounds(n, 50);
    let token = CancelToken::new();
    let full = scope(&token, || rolling_median(&values, &bounds, 1));
    assert_eq!(full.len(), n);
    token.cancel();
    let stopped = scope(&token, || rolling_median(&values, &bounds, 1));
    assert!(
        stopped.len() < n,
        "the median kernel stops (also on worker threads)"
    );
    let (med, mad) = scope(&token, || rolling_median_mad(&values, &bounds, 1));
    assert!(med.len() < n && mad.len() < n);
}
