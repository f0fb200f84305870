//! Arcuscosine (`ba0783de-93ab-0eb2-87fd-a5e09aff9d87`): arccosine of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcuscosine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ba0783de-93ab-0eb2-87fd-a5e09aff9d87",
    revision_group_id: "ba0783de-93ab-0eb2-87fd-a5e09aff9d87",
    name: "Arcuscosine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Arc cosine of values",
    inputs: &[PortSpec::new(
        "data",
        "a8228aef-e2ef-4a1a-2982-dc71c47cc301",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "ff9c358e-279e-e7a7-344e-1e90975df6c6",
        DataType::Any,
    )],
};

/// Arcuscosine: the arc cosine (`numpy.arccos`), in [0, π]; values outside [-1, 1] give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arcuscosine;

impl Component for Arcuscosine {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "arccos", f64::acos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Arcuscosine, &[("data", v)])
    }

    #[test]
    fn computes_arccos() {
        assert_eq!(f(Value::Int(1)).unwrap(), Value::Float(0.0));
        assert_eq!(
            f(Value::Float(-1.0)).unwrap(),
            Value::Float(std::f64::consts::PI)
        );
        let (_, v) = parts(&f(fs(&[0, 1, 2], &[0.0, 2.0, f64::NAN])).unwrap());
        assert_floats(&v, &[std::f64::consts::FRAC_PI_2, f64::NAN, f64::NAN]);
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
