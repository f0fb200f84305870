//! Substract (`10d27d69-e999-6654-3cef-427672aeb0fa`): subtracts two values.

use crate::kernels::elementwise::{binary, SubOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Substract 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "10d27d69-e999-6654-3cef-427672aeb0fa",
    revision_group_id: "10d27d69-e999-6654-3cef-427672aeb0fa",
    name: "Substract",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Substracts b from a",
    inputs: &[
        PortSpec::new("a", "70a510ea-ae96-d1cd-7135-25bc41e65bb6", DataType::Any),
        PortSpec::new("b", "ba67d6e1-4a1a-8a02-0a55-cf8731e01734", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "difference",
        "4c60ecbd-35e4-e78c-6569-f4b26365c565",
        DataType::Any,
    )],
};

/// Substract as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Substract (hetida's spelling): `a - b` with Python semantics for plain numbers and
/// pandas semantics (outer-join alignment, name rule, broadcasting) for series and frames.
/// Deviation: datetime − datetime (pandas timedeltas) raises TypeError, Rheo has no
/// timedelta values.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let (a, b) = (inputs.value("a")?, inputs.value("b")?);
    let result = binary::<SubOp>(a, b)?;
    Ok(Outputs::single("difference", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn sub(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("a", a), ("b", b)])
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(sub(Value::Int(2), Value::Int(5)).unwrap(), Value::Int(-3));
        assert_eq!(
            sub(Value::Float(2.5), Value::Int(1)).unwrap(),
            Value::Float(1.5)
        );
        assert_eq!(
            sub(Value::Null, Value::Int(1)).unwrap_err().type_name,
            "TypeError"
        );
    }

    #[test]
    fn scalar_minus_series_and_misaligned_series() {
        let (_, v) = parts(&sub(Value::Int(10), is(&[0, 1], &[1, 2])).unwrap());
        assert_floats(&v, &[9.0, 8.0]);
        let r = sub(is(&[2, 0], &[5, 7]), is(&[0, 2], &[1, 1])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        // Same labels in another order: sorted union, nothing missing, ints kept.
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [0, 2]);
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [6, 4]);
        let (idx, v) = parts(&sub(fs(&[0], &[1.0]), fs(&[1], &[1.0])).unwrap());
        assert_eq!(idx, [0, 1]);
        assert_floats(&v, &[f64::NAN, f64::NAN]);
    }
}
