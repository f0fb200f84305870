//! Arcustangent (`8b974f17-5055-80f2-64f5-96c6eff93a35`): arctangent of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcustangent 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8b974f17-5055-80f2-64f5-96c6eff93a35",
    revision_group_id: "8b974f17-5055-80f2-64f5-96c6eff93a35",
    name: "Arcustangent",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Arc tangent of values",
    inputs: &[PortSpec::new(
        "data",
        "0090d546-c18a-ba01-1730-b1b0bfb522ca",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "3f1422e2-39e5-7068-acee-978bb4d845fb",
        DataType::Any,
    )],
};

/// Arcustangent: the arc tangent (`numpy.arctan`), in (-π/2, π/2); ±inf give ±π/2, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arcustangent;

impl Component for Arcustangent {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "arctan", f64::atan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Arcustangent, &[("data", v)])
    }

    #[test]
    fn computes_arctan() {
        assert_eq!(f(Value::Int(0)).unwrap(), Value::Float(0.0));
        assert_eq!(
            f(Value::Float(1.0)).unwrap(),
            Value::Float(std::f64::consts::FRAC_PI_4)
        );
        let (_, v) = parts(
            &f(fs(
                &[0, 1, 2],
                &[f64::INFINITY, f64::NEG_INFINITY, f64::NAN],
            ))
            .unwrap(),
        );
        assert_floats(
            &v,
            &[
                std::f64::consts::FRAC_PI_2,
                -std::f64::consts::FRAC_PI_2,
                f64::NAN,
            ],
        );
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
