//! Tangent (`38eb0c5d-6182-0be2-3058-9b5bddc7842d`): tangent of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Tangent 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "38eb0c5d-6182-0be2-3058-9b5bddc7842d",
    revision_group_id: "38eb0c5d-6182-0be2-3058-9b5bddc7842d",
    name: "Tangent",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Tangent of values",
    inputs: &[PortSpec::new(
        "data",
        "e002ae84-13f1-ffbb-fe36-f9888604b316",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "ef093fa1-0522-11b4-113a-2b3230cfff80",
        DataType::Any,
    )],
};

/// Tangent: the tangent (`numpy.tan`); no special case near π/2 (huge finite values), in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tangent;

impl Component for Tangent {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "tan", f64::tan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Tangent, &[("data", v)])
    }

    #[test]
    fn computes_tan() {
        assert_eq!(f(Value::Int(0)).unwrap(), Value::Float(0.0));
        let Value::Float(t) = f(Value::Float(std::f64::consts::FRAC_PI_2)).unwrap() else {
            panic!()
        };
        assert!(t.is_finite() && t > 1e15);
        let (_, v) = parts(&f(fs(&[0, 1], &[std::f64::consts::FRAC_PI_4, f64::NAN])).unwrap());
        assert_floats(&v, &[1.0, f64::NAN]);
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
