//! Test helpers shared by the rolling-window components.

use crate::kernels::elementwise::test_util::run1;
use rheo_core::component::Component;
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use rheo_core::Value;

/// 2019-08-01T15:20:00 (naive) in seconds, the base of hetida's documentation examples.
pub const T0: i64 = 1_564_672_800;

/// A float series on a datetime index given in seconds after [`T0`].
pub fn dts(secs: &[i64], tz: Tz, values: &[f64]) -> Value {
    Value::Series(SeriesValue::new(
        Column::from_datetime_ns(secs.iter().map(|s| (T0 + s) * 1_000_000_000).collect(), tz),
        Column::from_f64(values.to_vec()),
    ))
}

/// Seconds after [`T0`] of a datetime-indexed series or frame.
pub fn secs(v: &Value) -> Vec<i64> {
    let idx = match v {
        Value::Series(s) => &s.index,
        Value::Frame(f) => &f.index,
        _ => panic!("no index: {v:?}"),
    };
    idx.datetime_ns()
        .unwrap()
        .iter()
        .map(|t| t / 1_000_000_000 - T0)
        .collect()
}

/// Float values of a series.
pub fn vals(v: &Value) -> Vec<f64> {
    let Value::Series(s) = v else {
        panic!("not a series: {v:?}")
    };
    s.values.f64_values().unwrap().into_owned()
}

/// Asserts float slices are equal up to 1e-9 relative, NaN equal to NaN.
pub fn close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{a:?} != {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * y.abs().max(1.0),
            "{a:?} != {b:?}"
        );
    }
}

/// hetida's documentation example series: 15:20:10 3, :20 NaN, :25 3, :30 0, :35 6,
/// :40 NaN, :55 12, :56 9.
pub fn doc_example() -> Value {
    dts(
        &[10, 20, 25, 30, 35, 40, 55, 56],
        Tz::Naive,
        &[3.0, f64::NAN, 3.0, 0.0, 6.0, f64::NAN, 12.0, 9.0],
    )
}

/// Edge cases every "Moving … number" component shares; `single` maps one value to the
/// aggregate of a one-value window (x, or NaN for the standard deviation).
pub fn number_edges(c: &dyn Component, single: fn(f64) -> f64) {
    let run = |data: Value, n: i64| run1(c, &[("data", data), ("n", Value::Int(n))]);
    // Empty input.
    let r = run(dts(&[], Tz::Utc, &[]), 2).unwrap();
    assert!(vals(&r).is_empty());
    // Single point, n = 1.
    let r = run(dts(&[0], Tz::Utc, &[4.0]), 1).unwrap();
    close(&vals(&r), &[single(4.0)]);
    // Unsorted int index with NaN: NaN row dropped, sorted, name kept.
    let mut s = SeriesValue::new(
        Column::from_i64(vec![3, 1, 2, 0]),
        Column::from_f64(vec![30.0, 10.0, f64::NAN, 5.0]),
    );
    s.name = Some("x".into());
    let r = run(Value::Series(s), 1).unwrap();
    let Value::Series(out) = &r else { panic!() };
    assert_eq!(out.name.as_deref(), Some("x"));
    assert_eq!(out.index.i64_values().unwrap().as_ref(), [0, 1, 3]);
    close(&vals(&r), &[single(5.0), single(10.0), single(30.0)]);
    // n larger than the data and n = 0: all NaN.
    close(
        &vals(&run(dts(&[0, 1], Tz::Naive, &[1.0, 2.0]), 3).unwrap()),
        &[f64::NAN; 2],
    );
    close(
        &vals(&run(dts(&[0, 1], Tz::Naive, &[1.0, 2.0]), 0).unwrap()),
        &[f64::NAN; 2],
    );
    // Errors.
    let e = run(dts(&[0], Tz::Naive, &[1.0]), -1).unwrap_err();
    assert_eq!(
        (e.type_name.as_str(), e.message.as_str()),
        ("ValueError", "window must be an integer 0 or greater")
    );
    let strs = Value::Series(SeriesValue::new(
        Column::from_strings(vec![Some("a".into())]),
        Column::from_f64(vec![1.0]),
    ));
    let e = run(strs, 1).unwrap_err();
    assert_eq!(
        (e.type_name.as_str(), e.message.as_str()),
        ("TypeError", "indices of data must be numeric or datetime")
    );
    assert_eq!(
        run(Value::Float(1.0), 1).unwrap_err().type_name,
        "AttributeError"
    );
    // Frames: a row with any NaN is dropped, columns rolled separately.
    let f = Value::Frame(FrameValue {
        index: Column::from_i64(vec![0, 1, 2]),
        columns: [
            ("a".to_string(), Column::from_f64(vec![1.0, 2.0, 3.0])),
            ("b".to_string(), Column::from_f64(vec![7.0, f64::NAN, 9.0])),
        ]
        .into_iter()
        .collect(),
        attrs: Default::default(),
    });
    let Value::Frame(r) = run(f, 1).unwrap() else {
        panic!()
    };
    assert_eq!(r.index.i64_values().unwrap().as_ref(), [0, 2]);
    close(
        &r.columns["a"].f64_values().unwrap(),
        &[single(1.0), single(3.0)],
    );
    close(
        &r.columns["b"].f64_values().unwrap(),
        &[single(7.0), single(9.0)],
    );
}

/// Edge cases every "Moving … time" component shares (see [`number_edges`]).
pub fn time_edges(c: &dyn Component, single: fn(f64) -> f64) {
    let run = |data: Value, t: &str| run1(c, &[("data", data), ("t", Value::Str(t.into()))]);
    let r = run(dts(&[], Tz::Utc, &[]), "5s").unwrap();
    assert!(vals(&r).is_empty());
    let r = run(dts(&[0], Tz::Fixed(3600), &[4.0]), "5s").unwrap();
    close(&vals(&r), &[single(4.0)]);
    let Value::Series(out) = &r else { panic!() };
    assert_eq!(out.index.tz, Tz::Fixed(3600));
    // Unsorted string labels with a duplicate timestamp; window 1 s holds one point
    // except for the duplicate, whose second row sees the first.
    let labels = [
        "2020-01-01T00:00:05Z",
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:00:05Z",
    ];
    let s = Value::Series(SeriesValue::new(
        Column::from_strings(labels.iter().map(|l| Some(l.to_string())).collect()),
        Column::from_f64(vec![2.0, 1.0, 2.0]),
    ));
    let r = run(s, "1s").unwrap();
    let Value::Series(out) = &r else { panic!() };
    assert_eq!(out.index.tz, Tz::Utc);
    let v = vals(&r);
    close(&v[..2], &[single(1.0), single(2.0)]);
    // Errors.
    for t in ["M", "xyz", "5"] {
        let e = run(dts(&[0], Tz::Naive, &[1.0]), t).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(
            e.message,
            format!("t could not be parsed as frequency: {t}")
        );
    }
    let strs = Value::Series(SeriesValue::new(
        Column::from_strings(vec![Some("a".into())]),
        Column::from_f64(vec![1.0]),
    ));
    let e = run(strs, "1s").unwrap_err();
    assert_eq!(
        (e.type_name.as_str(), e.message.as_str()),
        ("TypeError", "indices of data must be datetime")
    );
    let text = Value::Series(SeriesValue::new(
        Column::from_datetime_ns(vec![0], Tz::Naive),
        Column::from_strings(vec![Some("a".into())]),
    ));
    assert_eq!(run(text, "1s").unwrap_err().type_name, "DataError");
}
