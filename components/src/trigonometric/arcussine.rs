//! Arcussine (`487008dc-1476-139c-5392-d5d0de1e6505`): arcsine of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcussine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "487008dc-1476-139c-5392-d5d0de1e6505",
    revision_group_id: "487008dc-1476-139c-5392-d5d0de1e6505",
    name: "Arcussine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Arc sine of values",
    inputs: &[PortSpec::new(
        "data",
        "0f05abb3-52dd-934e-c131-0940ac24b3dd",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "d31249c0-62b9-4c84-af47-d2802bc246c8",
        DataType::Any,
    )],
};

/// Arcussine: the arc sine (`numpy.arcsin`), in [-π/2, π/2]; values outside [-1, 1] give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arcussine;

impl Component for Arcussine {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "arcsin", f64::asin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Arcussine, &[("data", v)])
    }

    #[test]
    fn computes_arcsin() {
        assert_eq!(f(Value::Int(0)).unwrap(), Value::Float(0.0));
        assert_eq!(
            f(Value::Float(1.0)).unwrap(),
            Value::Float(std::f64::consts::FRAC_PI_2)
        );
        let (_, v) = parts(&f(fs(&[0, 1, 2], &[-1.0, -1.5, f64::NAN])).unwrap());
        assert_floats(&v, &[-std::f64::consts::FRAC_PI_2, f64::NAN, f64::NAN]);
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
