//! Table-driven tests of the category's components over the shared kernel.

use super::*;
use crate::kernels::compare::test_util::*;
use crate::kernels::compare::*;
use crate::kernels::elementwise::test_util::*;
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use rheo_core::Value;
use std::cmp::Ordering;

#[test]
fn relations_and_flips() {
    assert!(Rel::Ge.holds(Some(Ordering::Equal)));
    assert!(!Rel::Gt.holds(None));
    assert!(Rel::Ne.holds(None));
    assert_eq!(Rel::Gt.flip(), Rel::Lt);
    assert_eq!(Rel::Eq.flip(), Rel::Eq);
}

#[test]
fn scalar_on_the_left_flips_the_relation() {
    let s = fs(&[0, 1, 2], &[1.0, 2.0, 3.0]);
    assert_eq!(
        bools(&compare(Rel::Gt, &Value::Int(2), &s).unwrap()),
        [true, false, false]
    );
}

#[test]
fn frames_compare_per_column() {
    let f = Value::Frame(FrameValue {
        index: Column::range(2),
        columns: [("a".to_string(), Column::from_i64(vec![1, 5]))]
            .into_iter()
            .collect(),
        attrs: Default::default(),
    });
    let Value::Frame(r) = compare(Rel::Lt, &f, &Value::Int(3)).unwrap() else {
        panic!()
    };
    assert_eq!(r.columns["a"], Column::from_bool(vec![true, false]));
    let Value::Frame(r) = compare(Rel::Eq, &f, &f).unwrap() else {
        panic!()
    };
    assert_eq!(r.columns["a"], Column::from_bool(vec![true, true]));
}

#[test]
fn frame_against_series_matches_labels_with_columns() {
    let f = Value::Frame(FrameValue {
        index: Column::range(2),
        columns: [
            ("b".to_string(), Column::from_f64(vec![1.0, f64::NAN])),
            ("a".to_string(), Column::from_f64(vec![3.0, 4.0])),
        ]
        .into_iter()
        .collect(),
        attrs: Default::default(),
    });
    let s = Value::Series(SeriesValue::new(
        Column::from_strings(vec![Some("b".into()), Some("c".into())]),
        Column::from_f64(vec![1.0, 2.0]),
    ));
    let Value::Frame(r) = compare(Rel::Ne, &f, &s).unwrap() else {
        panic!()
    };
    assert_eq!(r.columns.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(r.columns["a"], Column::from_bool(vec![true, true]));
    assert_eq!(r.columns["b"], Column::from_bool(vec![false, true]));
    assert_eq!(r.columns["c"], Column::from_bool(vec![true, true]));
    // Series on the left: `s < f` is `f > s`.
    let Value::Frame(r) = compare(Rel::Lt, &s, &f).unwrap() else {
        panic!()
    };
    assert_eq!(r.columns["b"], Column::from_bool(vec![false, false]));
    assert_eq!(r.columns["a"], Column::from_bool(vec![false, false]));
}

#[test]
fn datetime_against_strings_follows_the_index_timezone() {
    let times = |secs: &[i64], tz: Tz| {
        Value::Series(SeriesValue::new(
            Column::range(secs.len()),
            Column::from_datetime_ns(secs.iter().map(|s| s * NS_PER_SEC).collect(), tz),
        ))
    };
    let s = times(&[0, 3600, 7200], Tz::Fixed(3600));
    // 01:00 wall time in +01:00 is the instant 00:00Z = label 0.
    let r = compare(Rel::Eq, &s, &Value::Str("1970-01-01T01:00:00".into())).unwrap();
    assert_eq!(bools(&r), [true, false, false]);
    let r = compare(Rel::Ge, &s, &Value::Str("1970-01-01T01:00:00Z".into())).unwrap();
    assert_eq!(bools(&r), [false, true, true]);
    let naive = times(&[0], Tz::Naive);
    let r = compare(Rel::Ne, &naive, &Value::Str("1970-01-01T00:00:00Z".into())).unwrap();
    assert_eq!(bools(&r), [true]);
    let e = compare(Rel::Lt, &naive, &Value::Str("1970-01-01T00:00:00Z".into())).unwrap_err();
    assert_eq!(e.type_name, "TypeError");
    // Numbers against a string: not equal, not orderable.
    let nums = tz_series(&[0], Tz::Utc, &[1.0]);
    assert_eq!(
        bools(&compare(Rel::Eq, &nums, &Value::Str("1".into())).unwrap()),
        [false]
    );
    assert!(compare(Rel::Gt, &nums, &Value::Str("1".into())).is_err());
}

#[test]
fn misaligned_datetime_indexes_of_mixed_awareness_raise() {
    let a = tz_series(&[0, 1], Tz::Utc, &[1.0, 2.0]);
    let b = tz_series(&[1], Tz::Naive, &[1.0]);
    let e = compare(Rel::Ge, &a, &b).unwrap_err();
    assert_eq!(e.type_name, "TypeError");
    // Aware indexes of different offsets align on the instant (result in UTC).
    let c = tz_series(&[1], Tz::Fixed(3600), &[2.0]);
    let r = compare(Rel::Eq, &a, &c).unwrap();
    assert_eq!(bools(&r), [false, true]);
}

#[test]
fn large_identical_series_compare_quickly() {
    let n = 1_000_000usize;
    let index = Column::range(n);
    let a = Value::Series(SeriesValue::new(
        index.clone(),
        Column::from_f64((0..n).map(|x| x as f64).collect()),
    ));
    let b = Value::Series(SeriesValue::new(
        index,
        Column::from_f64(vec![500_000.0; n]),
    ));
    let t = std::time::Instant::now();
    let r = compare(Rel::Ge, &a, &b).unwrap();
    let dt = t.elapsed();
    let v = bools(&r);
    assert_eq!(v.iter().filter(|&&x| x).count(), 500_000);
    // Generous bound for unoptimised test builds.
    assert!(dt.as_secs_f64() < 2.0, "{dt:?}");
}

/// Expected results of one comparison component on the shared cases of
/// [`comparison_components_agree_with_pandas`].
struct Expect {
    component: &'static dyn rheo_core::component::Component,
    /// 2 ∘ 3, 3 ∘ 3, 4 ∘ 3 (ints).
    ints: [bool; 3],
    /// 2.5 ∘ 2 (float against int).
    float_int: bool,
    /// NaN ∘ NaN.
    nan_nan: bool,
    /// "a" ∘ "b".
    strings: bool,
    /// [1, NaN, 3] ∘ 2.0 (series "x" on index [5, 3, 4] against a scalar).
    series_scalar: [bool; 3],
    /// [3, 1] ∘ [3, 2] (int series "x" and "y" on the same index [5, 4]).
    identical_index: [bool; 2],
    /// [1, 2, 3] on [0, 1, 2] ∘ [5, 1, 2] on [3, 2, 1]: aligned on [0, 1, 2, 3].
    misaligned: [bool; 4],
}

const F: bool = false;
const T: bool = true;

/// One table for Equality, Inequality, Greater, Greater or equal, Smaller, Smaller or
/// equal: Python bools for plain values (NaN compares unequal to everything), pandas
/// for series (NaN and labels missing on one side give false, except `!=`).
#[test]
fn comparison_components_agree_with_pandas() {
    let table = [
        Expect {
            component: &equality::COMPONENT,
            ints: [F, T, F],
            float_int: F,
            nan_nan: F,
            strings: F,
            series_scalar: [F, F, F],
            identical_index: [T, F],
            misaligned: [F, T, F, F],
        },
        Expect {
            component: &inequality::COMPONENT,
            ints: [T, F, T],
            float_int: T,
            nan_nan: T,
            strings: T,
            series_scalar: [T, T, T],
            identical_index: [F, T],
            misaligned: [T, F, T, T],
        },
        Expect {
            component: &greater::COMPONENT,
            ints: [F, F, T],
            float_int: T,
            nan_nan: F,
            strings: F,
            series_scalar: [F, F, T],
            identical_index: [F, F],
            misaligned: [F, F, T, F],
        },
        Expect {
            component: &greater_or_equal::COMPONENT,
            ints: [F, T, T],
            float_int: T,
            nan_nan: F,
            strings: F,
            series_scalar: [F, F, T],
            identical_index: [T, F],
            misaligned: [F, T, T, F],
        },
        Expect {
            component: &smaller::COMPONENT,
            ints: [T, F, F],
            float_int: F,
            nan_nan: F,
            strings: T,
            series_scalar: [T, F, F],
            identical_index: [F, T],
            misaligned: [F, F, F, F],
        },
        Expect {
            component: &smaller_or_equal::COMPONENT,
            ints: [T, T, F],
            float_int: F,
            nan_nan: F,
            strings: T,
            series_scalar: [T, F, F],
            identical_index: [T, T],
            misaligned: [F, T, F, F],
        },
    ];
    assert_eq!(table.len(), 6);
    for e in &table {
        let name = e.component.spec().name;
        let cmp = |a: Value, b: Value| {
            run1(e.component, &[("left", a), ("right", b)])
                .unwrap_or_else(|err| panic!("{name}: {err}"))
        };
        for (b, expected) in [2, 3, 4].into_iter().zip(e.ints) {
            assert_eq!(
                cmp(Value::Int(b), Value::Int(3)),
                Value::Bool(expected),
                "{name}: {b} vs 3"
            );
        }
        assert_eq!(
            cmp(Value::Float(2.5), Value::Int(2)),
            Value::Bool(e.float_int),
            "{name}"
        );
        assert_eq!(
            cmp(Value::Float(f64::NAN), Value::Float(f64::NAN)),
            Value::Bool(e.nan_nan),
            "{name}"
        );
        assert_eq!(
            cmp(Value::Str("a".into()), Value::Str("b".into())),
            Value::Bool(e.strings),
            "{name}"
        );

        // Series against a scalar keeps index and name.
        let r = cmp(
            named(fs(&[5, 3, 4], &[1.0, f64::NAN, 3.0]), "x"),
            Value::Float(2.0),
        );
        assert_eq!(bools(&r), e.series_scalar, "{name}");
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"), "{name}");
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 3, 4], "{name}");

        // Identical indexes compare positionally; different names give no name.
        let r = cmp(
            named(is(&[5, 4], &[3, 1]), "x"),
            named(is(&[5, 4], &[3, 2]), "y"),
        );
        assert_eq!(bools(&r), e.identical_index, "{name}");
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name, None, "{name}");
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 4], "{name}");

        // Misaligned series are aligned on the sorted union.
        let r = cmp(
            fs(&[0, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[3, 2, 1], &[5.0, 1.0, 2.0]),
        );
        assert_eq!(bools(&r), e.misaligned, "{name}");
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(
            s.index.i64_values().unwrap().as_ref(),
            [0, 1, 2, 3],
            "{name}"
        );

        // Empty series.
        assert!(
            bools(&cmp(fs(&[], &[]), Value::Int(1))).is_empty(),
            "{name}"
        );
    }
}
