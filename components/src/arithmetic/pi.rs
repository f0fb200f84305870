//! Pi (`84337854-360a-bbc3-203c-f795d549076d`): the number pi.

use crate::basic_arithmetic::single;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pi 1.0.0 (port ids derived from the port names, see the
/// category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "84337854-360a-bbc3-203c-f795d549076d",
    revision_group_id: "84337854-360a-bbc3-203c-f795d549076d",
    name: "Pi",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "The number pi",
    inputs: &[],
    outputs: &[PortSpec::new(
        "pi",
        "96a19dc2-dcc5-5ca3-bb5a-037adf829e7d",
        DataType::Float,
    )],
};

/// Pi: the constant π as the double 3.141592653589793 (Python `math.pi`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Pi;

impl Component for Pi {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        let _ = inputs;
        Ok(single("pi", Value::Float(std::f64::consts::PI)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    #[test]
    fn returns_pi() {
        assert_eq!(
            run1(&Pi, &[]).unwrap(),
            Value::Float("3.141592653589793".parse().unwrap())
        );
    }
}
