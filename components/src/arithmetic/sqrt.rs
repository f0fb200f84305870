//! Sqrt (`40a03a56-5e3d-2695-07e4-9bcf0b1c3a39`): square root.

use crate::kernels::elementwise::map_float;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sqrt 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "40a03a56-5e3d-2695-07e4-9bcf0b1c3a39",
    revision_group_id: "40a03a56-5e3d-2695-07e4-9bcf0b1c3a39",
    name: "Sqrt",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Square root",
    inputs: &[PortSpec::new(
        "data",
        "bc209f5e-c11c-181e-e026-92ee60714c94",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "sqrt",
        "5b535a18-0914-34ae-7d74-3368782df395",
        DataType::Any,
    )],
};

/// Sqrt as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Sqrt: `numpy.sqrt` — elementwise for series/frames (index and name kept), a float for a
/// number. Negative → NaN (no error), -0.0 → -0.0.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = map_float(inputs.value("data")?, "sqrt", f64::sqrt)?;
    Ok(Outputs::single("sqrt", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn sqrt(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn square_roots() {
        assert_eq!(sqrt(Value::Int(9)).unwrap(), Value::Float(3.0));
        let Value::Float(z) = sqrt(Value::Float(-0.0)).unwrap() else {
            panic!()
        };
        assert!(z == 0.0 && z.is_sign_negative());
        let (_, v) = parts(&sqrt(is(&[0, 1], &[4, -4])).unwrap());
        assert_floats(&v, &[2.0, f64::NAN]);
    }
}
