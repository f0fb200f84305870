//! Tangent (`38eb0c5d-6182-0be2-3058-9b5bddc7842d`): tangent of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Tangent 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "38eb0c5d-6182-0be2-3058-9b5bddc7842d",
    revision_group_id: "38eb0c5d-6182-0be2-3058-9b5bddc7842d",
    name: "Tangent",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
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

/// Tangent as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Tangent: the tangent (`numpy.tan`); no special case near π/2 (huge finite values), in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "tan", f64::tan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    // The values shared with the other functions are tested in `trigonometric/mod.rs`.

    #[test]
    fn the_pole_is_huge_but_finite() {
        // π/2 is not exactly representable: numpy gives 1.633123935319537e16.
        let Value::Float(t) = run1(
            &COMPONENT,
            &[("data", Value::Float(std::f64::consts::FRAC_PI_2))],
        )
        .unwrap() else {
            panic!()
        };
        assert!(t.is_finite() && t > 1e15);
    }
}
