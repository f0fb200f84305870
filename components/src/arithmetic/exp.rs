//! Exp (`0da30127-b4d1-5e0d-2621-2c59b891c9b0`): exponential function.

use crate::kernels::elementwise::{binary, PowOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Exp 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0da30127-b4d1-5e0d-2621-2c59b891c9b0",
    revision_group_id: "0da30127-b4d1-5e0d-2621-2c59b891c9b0",
    name: "Exp",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Exponential function",
    inputs: &[PortSpec::new(
        "data",
        "1757da7e-6614-b287-5177-7377b0c24f37",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "exp",
        "71fd7d71-41fa-6e8e-ad1a-d4a005a83fa5",
        DataType::Any,
    )],
};

/// Exp as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Exp: `math.e ** data` as hetida computes it — a power of the double constant e (not
/// `exp()`, which can differ in the last bit). Series/frames elementwise (index and name
/// kept, overflow → inf); a plain number follows Python float power (OverflowError for
/// huge exponents).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let result = binary::<PowOp>(&Value::Float(std::f64::consts::E), data)?;
    Ok(Outputs::single("exp", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn exp(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn powers_of_e() {
        let e = std::f64::consts::E;
        assert_eq!(exp(Value::Int(0)).unwrap(), Value::Float(1.0));
        assert_eq!(exp(Value::Int(2)).unwrap(), Value::Float(e.powf(2.0)));
        let (_, v) = parts(&exp(fs(&[0, 1, 2], &[1.0, f64::NAN, 1000.0])).unwrap());
        assert_floats(&v, &[e, f64::NAN, f64::INFINITY]);
        assert_eq!(
            exp(Value::Float(1000.0)).unwrap_err().type_name,
            "OverflowError"
        );
        assert_eq!(
            exp(Value::Str("1".into())).unwrap_err().type_name,
            "TypeError"
        );
    }
}
