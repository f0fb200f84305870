//! Abs (`ea4a196f-5d94-d3cf-02e8-8c750414fc89`): absolute value.

use crate::kernels::elementwise::map_num;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Abs 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ea4a196f-5d94-d3cf-02e8-8c750414fc89",
    revision_group_id: "ea4a196f-5d94-d3cf-02e8-8c750414fc89",
    name: "Abs",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Absolute value",
    inputs: &[PortSpec::new(
        "data",
        "2bf34e30-2de3-b373-e214-b2354eb14d27",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "absolute",
        "4280fb87-b12a-44af-8a9e-250912467d0e",
        DataType::Any,
    )],
};

/// Abs as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Abs: Python `abs()` — elementwise for series and frames (index, name and dtype kept),
/// a number for numbers (bool gives int). NaN stays NaN.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let result = map_num(data, "abs()", i64::wrapping_abs, f64::abs, false)?;
    Ok(Outputs::single("absolute", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn abs(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn numbers_and_series() {
        assert_eq!(abs(Value::Int(-3)).unwrap(), Value::Int(3));
        assert_eq!(abs(Value::Float(-0.5)).unwrap(), Value::Float(0.5));
        let r = abs(is(&[0, 1], &[-1, 2])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [1, 2]);
        let (_, v) = parts(&abs(fs(&[0, 1], &[-1.5, f64::NAN])).unwrap());
        assert_floats(&v, &[1.5, f64::NAN]);
        let e = abs(Value::Str("x".into())).unwrap_err();
        assert_eq!(e.message, "bad operand type for abs(): 'str'");
    }
}
