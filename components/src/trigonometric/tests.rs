//! Table-driven tests of the category's components over the shared kernel.

use super::*;
use crate::kernels::elementwise::test_util::*;
use rheo_core::component::Component;
use rheo_core::value::{Column, SeriesValue};
use rheo_core::ComponentError;
use rheo_core::Value;
use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

/// A component, plain numbers with their exact results, series with expected values.
type Case = (
    &'static dyn Component,
    Vec<(Value, f64)>,
    Vec<(Value, Vec<f64>)>,
);

fn run(c: &dyn Component, v: Value) -> Result<Value, ComponentError> {
    run1(c, &[("data", v)])
}

/// One table for Sine, Cosine, Tangent, Arcussine, Arcuscosine, Arcustangent: exact
/// values at the special angles; NaN, ±inf and out-of-domain inputs give NaN (numpy).
#[test]
fn trigonometric_components_compute_their_function() {
    let cases: Vec<Case> = vec![
        (
            &sine::COMPONENT,
            vec![(Value::Int(0), 0.0), (Value::Float(FRAC_PI_2), 1.0)],
            vec![(
                fs(&[0, 1, 2], &[-FRAC_PI_2, f64::NEG_INFINITY, f64::NAN]),
                vec![-1.0, f64::NAN, f64::NAN],
            )],
        ),
        (
            &cosine::COMPONENT,
            vec![(Value::Int(0), 1.0), (Value::Float(PI), -1.0)],
            vec![
                (is(&[0, 1], &[0, 0]), vec![1.0, 1.0]),
                (
                    fs(&[0, 1], &[f64::INFINITY, f64::NAN]),
                    vec![f64::NAN, f64::NAN],
                ),
            ],
        ),
        (
            &tangent::COMPONENT,
            vec![(Value::Int(0), 0.0)],
            vec![(fs(&[0, 1], &[FRAC_PI_4, f64::NAN]), vec![1.0, f64::NAN])],
        ),
        (
            &arcussine::COMPONENT,
            vec![(Value::Int(0), 0.0), (Value::Float(1.0), FRAC_PI_2)],
            vec![(
                fs(&[0, 1, 2], &[-1.0, -1.5, f64::NAN]),
                vec![-FRAC_PI_2, f64::NAN, f64::NAN],
            )],
        ),
        (
            &arcuscosine::COMPONENT,
            vec![(Value::Int(1), 0.0), (Value::Float(-1.0), PI)],
            vec![(
                fs(&[0, 1, 2], &[0.0, 2.0, f64::NAN]),
                vec![FRAC_PI_2, f64::NAN, f64::NAN],
            )],
        ),
        (
            &arcustangent::COMPONENT,
            vec![(Value::Int(0), 0.0), (Value::Float(1.0), FRAC_PI_4)],
            vec![(
                fs(&[0, 1, 2], &[f64::INFINITY, f64::NEG_INFINITY, f64::NAN]),
                vec![FRAC_PI_2, -FRAC_PI_2, f64::NAN],
            )],
        ),
    ];
    assert_eq!(cases.len(), 6);
    for (c, scalars, series) in cases {
        let name = c.spec().name;
        for (x, expected) in scalars {
            assert_eq!(
                run(c, x.clone()).unwrap(),
                Value::Float(expected),
                "{name}({x:?})"
            );
        }
        for (x, expected) in series {
            let (_, v) = parts(&run(c, x).unwrap());
            assert_floats(&v, &expected);
        }

        // Index and name are kept; empty series stay empty; strings are rejected; a
        // JSON list of numbers maps to a list.
        let r = run(c, named(fs(&[5, 3], &[0.0, 0.0]), "angle")).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("angle"), "{name}");
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 3], "{name}");
        assert_eq!(
            run(c, fs(&[], &[])).unwrap(),
            Value::Series(SeriesValue::new(
                Column::from_i64(vec![]),
                Column::from_f64(vec![]),
            )),
            "{name}"
        );
        assert_eq!(
            run(c, Value::Str("x".into())).unwrap_err().type_name,
            "TypeError",
            "{name}"
        );
        let Value::Json(j) = run(c, Value::Json(serde_json::json!([0, 0.0]))).unwrap() else {
            panic!("{name}")
        };
        assert_eq!(j.as_array().unwrap().len(), 2, "{name}");
    }
}
