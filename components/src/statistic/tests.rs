//! Table-driven tests of the moving-window components: each on hetida's documentation
//! example, on the edge cases of its window kind, and keeping an aware index.

use crate::kernels::elementwise::test_util::run1;
use crate::kernels::rolling::test_util::*;
use rheo_core::component::Component;
use rheo_core::value::Tz;
use rheo_core::Value;

/// A moving-window component, its result on the documentation example (if checked here)
/// and what the edge-case checks expect of a single value's window.
type Case = (&'static dyn Component, Option<[f64; 6]>, fn(f64) -> f64);

/// The components with a window of `n` rows (documentation example: `n` = 3).
fn by_count() -> Vec<Case> {
    vec![
        (
            &super::moving_average_number::COMPONENT,
            Some([f64::NAN, f64::NAN, 2.0, 3.0, 6.0, 9.0]),
            |x| x,
        ),
        (
            &super::moving_maximum_number::COMPONENT,
            Some([f64::NAN, f64::NAN, 3.0, 6.0, 12.0, 12.0]),
            |x| x,
        ),
        (
            &super::moving_median_number::COMPONENT,
            Some([f64::NAN, f64::NAN, 3.0, 3.0, 6.0, 9.0]),
            |x| x,
        ),
        (
            &super::moving_minimum_number::COMPONENT,
            Some([f64::NAN, f64::NAN, 0.0, 0.0, 0.0, 6.0]),
            |x| x,
        ),
        (
            &super::moving_standard_deviation_number::COMPONENT,
            Some([f64::NAN, f64::NAN, 3f64.sqrt(), 3.0, 6.0, 3.0]),
            |_| f64::NAN,
        ),
    ]
}

/// The components with a time window `t` (documentation example: 7 s).
fn by_time() -> Vec<Case> {
    vec![
        (
            &super::moving_average_time::COMPONENT,
            Some([3.0, 3.0, 1.5, 3.0, 12.0, 10.5]),
            |x| x,
        ),
        (
            &super::moving_maximum_time::COMPONENT,
            Some([3.0, 3.0, 3.0, 6.0, 12.0, 12.0]),
            |x| x,
        ),
        (
            &super::moving_median_time::COMPONENT,
            Some([3.0, 3.0, 1.5, 3.0, 12.0, 10.5]),
            |x| x,
        ),
        (
            &super::moving_minimum_time::COMPONENT,
            Some([3.0, 3.0, 0.0, 0.0, 12.0, 9.0]),
            |x| x,
        ),
        (
            &super::moving_standard_deviation_time::COMPONENT,
            None,
            |_| f64::NAN,
        ),
    ]
}

/// Runs `c` on `data` with the window input of its kind.
fn run(c: &dyn Component, data: Value, by_count: bool) -> Value {
    let window = if by_count {
        ("n", Value::Int(3))
    } else {
        ("t", Value::Str("7s".into()))
    };
    run1(c, &[("data", data), window]).unwrap()
}

#[test]
fn documentation_examples() {
    // NaN rows (15:20:20, 15:20:40) are dropped before rolling.
    for (cases, count) in [(by_count(), true), (by_time(), false)] {
        for (c, expected, _) in cases {
            let Some(expected) = expected else { continue };
            let r = run(c, doc_example(), count);
            assert_eq!(secs(&r), [10, 25, 30, 35, 55, 56], "{}", c.spec().name);
            close(&vals(&r), &expected);
        }
    }
}

#[test]
fn edge_cases() {
    for (c, _, single) in by_count() {
        number_edges(c, single);
    }
    for (c, _, single) in by_time() {
        time_edges(c, single);
    }
}

#[test]
fn aware_indexes_are_kept() {
    for (cases, count) in [(by_count(), true), (by_time(), false)] {
        for (c, _, _) in cases {
            let r = run(c, dts(&[0, 1], Tz::Utc, &[1.0, 1.0]), count);
            assert_eq!(secs(&r), [0, 1], "{}", c.spec().name);
        }
    }
}
