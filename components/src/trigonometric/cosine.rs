//! Cosine (`1a83d0bb-2321-fd1a-8db4-22320b6eeb1c`): cosine of values.

use super::ufunc;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Cosine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "1a83d0bb-2321-fd1a-8db4-22320b6eeb1c",
    revision_group_id: "1a83d0bb-2321-fd1a-8db4-22320b6eeb1c",
    name: "Cosine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Cosine of values",
    inputs: &[PortSpec::new(
        "data",
        "3f26bf85-0d72-4d30-5f43-f9453ff45d92",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "fdf56631-cb65-f3f5-b5e6-f7910e6c42c6",
        DataType::Any,
    )],
};

/// Cosine: the cosine (`numpy.cos`); ±inf give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cosine;

impl Component for Cosine {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        ufunc(inputs, "cos", f64::cos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn f(v: Value) -> Result<Value, ComponentError> {
        run1(&Cosine, &[("data", v)])
    }

    #[test]
    fn computes_cos() {
        assert_eq!(f(Value::Int(0)).unwrap(), Value::Float(1.0));
        assert_eq!(
            f(Value::Float(std::f64::consts::PI)).unwrap(),
            Value::Float(-1.0)
        );
        let (_, v) = parts(&f(is(&[0, 1], &[0, 0])).unwrap());
        assert_floats(&v, &[1.0, 1.0]);
        let (_, v) = parts(&f(fs(&[0, 1], &[f64::INFINITY, f64::NAN])).unwrap());
        assert_floats(&v, &[f64::NAN, f64::NAN]);
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
