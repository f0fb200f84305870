//! Pi (`84337854-360a-bbc3-203c-f795d549076d`): the number pi.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pi 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "84337854-360a-bbc3-203c-f795d549076d",
    revision_group_id: "84337854-360a-bbc3-203c-f795d549076d",
    name: "Pi",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "The number pi",
    inputs: &[],
    outputs: &[PortSpec::new(
        "pi",
        "22b3bf05-32fc-3e37-2a2f-949e1b046e40",
        DataType::Float,
    )],
};

/// Pi as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Pi: the constant π as the double 3.141592653589793 (Python `math.pi`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let _ = inputs;
    Ok(Outputs::single("pi", Value::Float(std::f64::consts::PI)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    #[test]
    fn returns_pi() {
        assert_eq!(
            run1(&COMPONENT, &[]).unwrap(),
            Value::Float("3.141592653589793".parse().unwrap())
        );
    }
}
