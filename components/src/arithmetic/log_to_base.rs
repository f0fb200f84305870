//! Log to base (`cd804f5d-76ea-1f8b-6adc-b4c4a78acaf4`): logarithm to a base.

use crate::kernels::elementwise::{binary, map_float, DivOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Log to base 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "cd804f5d-76ea-1f8b-6adc-b4c4a78acaf4",
    revision_group_id: "cd804f5d-76ea-1f8b-6adc-b4c4a78acaf4",
    name: "Log to base",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Logarithm to a base",
    inputs: &[
        PortSpec::new(
            "base",
            "e123c91c-496f-b727-af82-1715599b24c4",
            DataType::Any,
        ),
        PortSpec::new(
            "data",
            "db594bb9-ca83-e915-ca26-db1b28c56869",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "log",
        "cd1bdf43-4863-2566-0847-3872934d24a1",
        DataType::Any,
    )],
};

/// Log to base as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Log to base: `numpy.log(data) / numpy.log(base)`, each side a number, series or frame
/// (two series align by outer join, NaN where a label is missing; name kept only when both
/// names are equal). base 1 divides by zero → ±inf/NaN (numpy scalars do not raise);
/// negative values → NaN.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = map_float(inputs.value("data")?, "log", f64::ln)?;
    let base = map_float(inputs.value("base")?, "log", f64::ln)?;
    let result = match (&data, &base) {
        // numpy float64 scalars divide without ZeroDivisionError.
        (Value::Float(x), Value::Float(y)) => Value::Float(x / y),
        _ => binary::<DivOp>(&data, &base)?,
    };
    Ok(Outputs::single("log", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn log(data: Value, base: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("base", base)])
    }

    #[test]
    fn logs_to_bases() {
        assert_eq!(
            log(Value::Int(8), Value::Int(2)).unwrap(),
            Value::Float(3.0)
        );
        assert_eq!(
            log(Value::Int(8), Value::Int(1)).unwrap(),
            Value::Float(f64::INFINITY)
        );
        let (_, v) = parts(&log(fs(&[0, 1, 2], &[100.0, -1.0, 1.0]), Value::Int(10)).unwrap());
        assert_floats(&v, &[2.0, f64::NAN, 0.0]);
        // A series base aligns with the data.
        let (idx, v) = parts(&log(fs(&[0, 1], &[9.0, 4.0]), fs(&[1, 2], &[2.0, 3.0])).unwrap());
        assert_eq!(idx, [0, 1, 2]);
        assert_floats(&v, &[f64::NAN, 2.0, f64::NAN]);
    }
}
