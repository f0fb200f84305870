//! E (`13d3376a-9c08-d78f-8ad4-6d24fef504ca`): Euler's number.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of E 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "13d3376a-9c08-d78f-8ad4-6d24fef504ca",
    revision_group_id: "13d3376a-9c08-d78f-8ad4-6d24fef504ca",
    name: "E",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Euler's number",
    inputs: &[],
    outputs: &[PortSpec::new(
        "e",
        "62db7151-3420-c400-3526-7d80323a9855",
        DataType::Float,
    )],
};

/// E as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// E: the constant Euler's number as the double 2.718281828459045 (Python `math.e`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let _ = inputs;
    Ok(Outputs::single("e", Value::Float(std::f64::consts::E)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    #[test]
    fn returns_e() {
        assert_eq!(
            run1(&COMPONENT, &[]).unwrap(),
            Value::Float("2.718281828459045".parse().unwrap())
        );
    }
}
