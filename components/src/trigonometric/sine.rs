//! Sine (`2cc88d07-b151-dc5b-d4c4-cfd95a043de3`): sine of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2cc88d07-b151-dc5b-d4c4-cfd95a043de3",
    revision_group_id: "2cc88d07-b151-dc5b-d4c4-cfd95a043de3",
    name: "Sine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Sine of values",
    inputs: &[PortSpec::new(
        "data",
        "5477553b-1744-8fd6-c4e2-da031cfdb6b4",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "6453b174-0690-1ffa-6630-0602ca8a302f",
        DataType::Any,
    )],
};

/// Sine: the sine (`numpy.sin`); ±inf give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sine;

impl Component for Sine {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "sin", f64::sin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Sine, &[("data", v)])
    }

    #[test]
    fn computes_sin() {
        assert_eq!(f(Value::Int(0)).unwrap(), Value::Float(0.0));
        assert_eq!(
            f(Value::Float(std::f64::consts::FRAC_PI_2)).unwrap(),
            Value::Float(1.0)
        );
        let (_, v) = parts(
            &f(fs(
                &[0, 1, 2],
                &[-std::f64::consts::FRAC_PI_2, f64::NEG_INFINITY, f64::NAN],
            ))
            .unwrap(),
        );
        assert_floats(&v, &[-1.0, f64::NAN, f64::NAN]);
    }

    #[test]
    fn keeps_index_and_name_and_rejects_strings() {
        let r = f(named(fs(&[5, 3], &[0.0, 0.0]), "angle")).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("angle"));
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 3]);
        assert!(
            f(fs(&[], &[])).unwrap()
                == Value::Series(rheo_core::value::SeriesValue::new(
                    rheo_core::value::Column::from_i64(vec![]),
                    rheo_core::value::Column::from_f64(vec![]),
                ))
        );
        assert_eq!(
            f(Value::Str("x".into())).unwrap_err().type_name,
            "TypeError"
        );
        let Value::Json(j) = f(Value::Json(serde_json::json!([0, 0.0]))).unwrap() else {
            panic!()
        };
        assert_eq!(j.as_array().unwrap().len(), 2);
    }
}
