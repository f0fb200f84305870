//! Ln (`9f3ebd8c-92cf-deb1-09e9-d67ba16e9754`): natural logarithm.

use crate::kernels::elementwise::map_float;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Ln 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9f3ebd8c-92cf-deb1-09e9-d67ba16e9754",
    revision_group_id: "9f3ebd8c-92cf-deb1-09e9-d67ba16e9754",
    name: "Ln",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Natural logarithm",
    inputs: &[PortSpec::new(
        "data",
        "0544dacf-17de-a744-e6b7-d4e12e6326f3",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "ln",
        "3a12d1c7-3962-58e9-ebe9-d4844e344700",
        DataType::Any,
    )],
};

/// Ln as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Ln: `numpy.log` — elementwise for series/frames (index and name kept), a float for a
/// number, a list for a JSON list of numbers. 0 → -inf, negative → NaN (no error).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = map_float(inputs.value("data")?, "log", f64::ln)?;
    Ok(Outputs::single("ln", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn ln(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn natural_logs() {
        assert_eq!(ln(Value::Int(1)).unwrap(), Value::Float(0.0));
        assert_eq!(ln(Value::Int(0)).unwrap(), Value::Float(f64::NEG_INFINITY));
        let (_, v) = parts(&ln(fs(&[0, 1, 2], &[std::f64::consts::E, -1.0, f64::NAN])).unwrap());
        assert_floats(&v, &[1.0, f64::NAN, f64::NAN]);
        let Value::Json(j) = ln(Value::Json(serde_json::json!([1, 1.0]))).unwrap() else {
            panic!()
        };
        assert_eq!(j, serde_json::json!([0.0, 0.0]));
    }
}
