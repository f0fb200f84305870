//! Property test of every registered component: random values of its port types (empty,
//! single-point, NaN-laden, unsorted, duplicate-labelled and misaligned series in naive,
//! UTC and fixed-offset time, int and string indexes, int/float/bool/string values, frames
//! of such columns, and scalars from a pool of meaningful and hostile strings and numbers)
//! never make a component panic, and every failure is a typed error named like a Python
//! exception, as hetida reports it.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rheo_components::Registry;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
use rheo_core::{DataType, Value};
use serde_json::json;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

const HOUR: i64 = 3_600_000_000_000;
const Y2020: i64 = 1_577_836_800_000_000_000;

/// Strings components take as parameters (frequencies, window sizes, names, expressions,
/// modes, timestamps) and some that no component expects.
const STRINGS: &[&str] = &[
    "",
    "1h",
    "5min",
    "2D",
    "-1h",
    "0s",
    "P1DT2H",
    "M",
    "W-MON",
    "left",
    "right",
    "center",
    "both",
    "neither",
    "inner",
    "outer",
    "mean",
    "sum",
    "linear",
    "time",
    "a",
    "b",
    "v",
    "x",
    "x * 2",
    "a + b",
    "a > 1",
    "x // 2",
    "value",
    "timestamp",
    "metric",
    "2020-01-01T00:00:00Z",
    "2020-01-01",
    "not a date",
    "NaN",
    "1e400",
    "ä€😀",
    "{}",
    "[",
];

fn tz() -> impl Strategy<Value = Tz> {
    prop_oneof![Just(Tz::Naive), Just(Tz::Utc), Just(Tz::Fixed(7200))]
}

/// An index of `n` labels: datetimes (sorted, unsorted or duplicated), ints or strings.
fn index(n: usize) -> impl Strategy<Value = Column> {
    let times = (tz(), prop::collection::vec(0i64..48, n), any::<bool>()).prop_map(
        move |(tz, offsets, sorted)| {
            let mut ns: Vec<i64> = offsets.iter().map(|h| Y2020 + h * HOUR).collect();
            if sorted {
                ns.sort_unstable();
            }
            Column::from_datetime_ns(ns, tz)
        },
    );
    prop_oneof![
        4 => times,
        1 => Just(Column::range(n)),
        1 => prop::collection::vec(-5i64..5, n).prop_map(Column::from_i64),
        1 => prop::collection::vec(prop::sample::select(&["a", "b", "c"][..]), n)
            .prop_map(|v| Column::from_strings(v.into_iter().map(|s| Some(s.to_string())).collect())),
    ]
}

/// `n` values: floats with NaN and extremes, ints, bools or strings.
fn values(n: usize) -> impl Strategy<Value = Column> {
    let float = prop_oneof![
        6 => -100.0f64..100.0,
        1 => Just(f64::NAN),
        1 => Just(0.0),
        1 => Just(1e300),
        1 => Just(f64::INFINITY),
    ];
    prop_oneof![
        5 => prop::collection::vec(float, n).prop_map(Column::from_f64),
        2 => prop::collection::vec(-10i64..10, n).prop_map(Column::from_i64),
        1 => prop::collection::vec(any::<bool>(), n).prop_map(Column::from_bool),
        1 => prop::collection::vec(prop::sample::select(STRINGS), n)
            .prop_map(|v| Column::from_strings(v.into_iter().map(|s| Some(s.to_string())).collect())),
    ]
}

fn series() -> impl Strategy<Value = SeriesValue> {
    prop_oneof![Just(0usize), Just(1usize), 2usize..12].prop_flat_map(|n| {
        (
            index(n),
            values(n),
            prop::option::of(prop::sample::select(STRINGS)),
        )
            .prop_map(|(index, values, name)| SeriesValue {
                name: name.map(str::to_string),
                index,
                values,
                attrs: Default::default(),
            })
    })
}

fn frame() -> impl Strategy<Value = FrameValue> {
    let names = ["a", "b", "value", "timestamp", "metric"];
    (0usize..10, 0usize..4).prop_flat_map(move |(n, k)| {
        (index(n), prop::collection::vec(values(n), k)).prop_map(move |(index, cols)| FrameValue {
            index,
            columns: cols
                .into_iter()
                .enumerate()
                .map(|(i, c)| (names[i].to_string(), c))
                .collect(),
            attrs: Default::default(),
        })
    })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![-5i64..5, Just(i64::MAX), Just(i64::MIN), Just(0)].prop_map(Value::Int),
        prop_oneof![-5.0f64..5.0, Just(f64::NAN), Just(0.0), Just(1e308)].prop_map(Value::Float),
        prop::sample::select(STRINGS).prop_map(|s| Value::Str(s.to_string())),
    ]
}

/// A value of `dt`, or (now and then) one of another type, as a wiring can deliver.
fn value_of(dt: DataType) -> BoxedStrategy<Value> {
    let own: BoxedStrategy<Value> = match dt {
        DataType::Series => series().prop_map(Value::Series).boxed(),
        DataType::DataFrame | DataType::MultiTsFrame => frame().prop_map(Value::Frame).boxed(),
        DataType::Int => prop_oneof![-5i64..50, Just(0), Just(-1), Just(i64::MAX)]
            .prop_map(Value::Int)
            .boxed(),
        DataType::Float => prop_oneof![-5.0f64..50.0, Just(f64::NAN), Just(0.0)]
            .prop_map(Value::Float)
            .boxed(),
        DataType::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        DataType::String => prop::sample::select(STRINGS)
            .prop_map(|s| Value::Str(s.to_string()))
            .boxed(),
        _ => prop_oneof![
            series().prop_map(Value::Series),
            frame().prop_map(Value::Frame),
            scalar(),
            Just(Value::Json(json!({"a": [1, 2.5, null], "b": "x"}))),
            Just(Value::Json(json!([1, 2, 3]))),
            Just(Value::Json(json!({}))),
        ]
        .boxed(),
    };
    prop_oneof![9 => own, 1 => scalar()].boxed()
}

/// hetida reports Python exception class names (and a few of its own).
fn python_like(type_name: &str) -> bool {
    let own = [
        "NotSupportedByNativeEngine",
        "ComponentException",
        "ComponentInputValidationException",
        "OutOfBoundsDatetime",
        "OutOfBoundsTimedelta",
    ];
    own.contains(&type_name)
        || (type_name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            && type_name.chars().all(|c| c.is_ascii_alphanumeric())
            && ["Error", "Exception", "Warning", "Exit", "Interrupt"]
                .iter()
                .any(|s| type_name.ends_with(s)))
}

fn registry() -> &'static Registry {
    static R: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    R.get_or_init(Registry::builtin)
}

fn inputs_for(component: &dyn Component) -> BoxedStrategy<Vec<(&'static str, Option<Value>)>> {
    let ports: Vec<BoxedStrategy<(&'static str, Option<Value>)>> = component
        .spec()
        .inputs
        .iter()
        .map(|p| {
            let name = p.name;
            prop::option::weighted(0.95, value_of(p.data_type))
                .prop_map(move |v| (name, v))
                .boxed()
        })
        .collect();
    ports.boxed()
}

fn check(
    component: &dyn Component,
    ins: Vec<(&'static str, Option<Value>)>,
) -> Result<(), TestCaseError> {
    let mut inputs = Inputs::new();
    for (name, v) in ins.iter() {
        if let Some(v) = v {
            inputs.insert(*name, Arc::new(v.clone()));
        }
    }
    let spec = component.spec();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| component.run(&inputs)));
    let outcome = result.map_err(|_| {
        TestCaseError::fail(format!("{} ({}) panicked on {ins:?}", spec.name, spec.id))
    })?;
    if let Err(e) = outcome {
        prop_assert!(
            python_like(&e.type_name),
            "{} ({}) failed with the untyped error {:?} ({}) on {ins:?}",
            spec.name,
            spec.id,
            e.type_name,
            e.message
        );
    }
    Ok(())
}

/// Every registered component, 48 random input sets each (shrunk to a minimal failing set
/// when one fails).
#[test]
fn no_component_panics_and_every_failure_is_typed() {
    // Store Object writes files: into a scratch directory, never into the source tree.
    let store = std::env::temp_dir().join(format!("rheo-prop-objects-{}", std::process::id()));
    std::env::set_var(rheo_components::kernels::object_store::STORE_ENV, &store);
    let config = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut failures = Vec::new();
    for component in registry().iter() {
        let c: &dyn Component = component.as_ref();
        // Names the component on stderr first, so a hang or abort shows which one.
        eprintln!("checking {}", c.spec().name);
        let mut runner = proptest::test_runner::TestRunner::new(config.clone());
        if let Err(e) = runner.run(&inputs_for(c), |ins| check(c, ins)) {
            failures.push(e.to_string());
        }
    }
    let _ = std::fs::remove_dir_all(&store);
    assert!(
        failures.is_empty(),
        "{} components failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn run_by_name(name: &str, ins: &[(&'static str, Value)]) -> Result<(), rheo_core::ComponentError> {
    let c = registry().iter().find(|c| c.spec().name == name).unwrap();
    let mut inputs = Inputs::new();
    for (n, v) in ins {
        inputs.insert(*n, Arc::new(v.clone()));
    }
    c.run(&inputs).map(|_| ())
}

fn utc_series(hours: &[i64], values: Column) -> Value {
    Value::Series(SeriesValue::new(
        Column::from_datetime_ns(hours.iter().map(|h| Y2020 + h * HOUR).collect(), Tz::Utc),
        values,
    ))
}

/// The inputs this test found panicking, now errors of the type pandas/numpy raise.
#[test]
fn sizes_from_parameters_are_bounded_and_odd_indexes_handled() {
    let frame = Value::Frame(FrameValue {
        index: Column::range(1),
        columns: [("a".to_string(), Column::from_f64(vec![0.0]))]
            .into_iter()
            .collect(),
        attrs: Default::default(),
    });
    let memory = |r: Result<(), rheo_core::ComponentError>| {
        assert_eq!(r.unwrap_err().type_name, "MemoryError")
    };
    memory(run_by_name(
        "Isolation Forest",
        &[
            ("n_estimators", Value::Int(i64::MAX)),
            ("train_data", frame.clone()),
            ("test_data", frame),
        ],
    ));
    let zero = Value::Float(0.0);
    memory(run_by_name(
        "2D Grid Generator",
        &[
            ("x_min", zero.clone()),
            ("x_max", zero.clone()),
            ("y_min", zero.clone()),
            ("y_max", zero),
            ("n", Value::Int(i64::MAX)),
        ],
    ));
    let s = utc_series(&[0, 1], Column::from_f64(vec![1.0, 2.0]));
    memory(run_by_name(
        "Compare Timeshifted Timeseries",
        &[
            ("series", s.clone()),
            ("series_shiftable", s.clone()),
            ("freq", Value::Str("h".into())),
            ("freq_factor", Value::Int(1)),
            ("max_shifts_past", Value::Int(i64::MAX)),
            ("max_shifts_future", Value::Int(1)),
        ],
    ));
    memory(run_by_name(
        "Multiply",
        &[("a", Value::Str("1h".into())), ("b", Value::Int(i64::MAX))],
    ));
    let e = run_by_name(
        "Shift Datetime Index",
        &[
            ("data", s),
            ("frequency", Value::Str("1h".into())),
            ("periods", Value::Int(i64::MAX)),
        ],
    )
    .unwrap_err();
    assert_eq!(e.type_name, "OutOfBoundsDatetime");
    // A string index sorts as strings (the time window then refuses it, as pandas does).
    let strs = Value::Series(SeriesValue::new(
        Column::from_strings(vec![Some("b".into()), Some("a".into())]),
        Column::from_f64(vec![1.0, 2.0]),
    ));
    let e = run_by_name(
        "Simple Volatility Score",
        &[
            ("timeseries", strs),
            ("window_size", Value::Str("1h".into())),
            ("window_timestamp_location", Value::Str("right".into())),
        ],
    )
    .unwrap_err();
    assert!(python_like(&e.type_name), "{e:?}");
}
