//! Power (`d24f40ae-4dfb-248f-6461-e67be3e5de8a`): power of a base.

use crate::kernels::elementwise::{binary, PowOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Power 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d24f40ae-4dfb-248f-6461-e67be3e5de8a",
    revision_group_id: "d24f40ae-4dfb-248f-6461-e67be3e5de8a",
    name: "Power",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Power of a base",
    inputs: &[
        PortSpec::new(
            "base",
            "6ced6256-2cd8-913d-fa16-cb1f15b53890",
            DataType::Any,
        ),
        PortSpec::new(
            "exponent",
            "289da806-3bee-5d01-4c31-2b636ad1aa9d",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "power",
        "0e7fd6bb-f5b0-8dc6-9877-749942d2c220",
        DataType::Any,
    )],
};

/// Power as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Power: `base ** exponent` with Python semantics for plain numbers (int ** non-negative
/// int stays int, int ** negative int is a float, 0 ** negative raises ZeroDivisionError)
/// and pandas semantics for series and frames (alignment by outer join; negative base with
/// fractional exponent → NaN, 0 ** negative → inf; int series ** negative int raises
/// ValueError like numpy). Deviations: int results beyond 64 bits raise OverflowError
/// (Python has big ints) and complex results raise ValueError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = binary::<PowOp>(inputs.value("base")?, inputs.value("exponent")?)?;
    Ok(Outputs::single("power", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn pow(b: Value, e: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("base", b), ("exponent", e)])
    }

    #[test]
    fn python_numbers() {
        assert_eq!(
            pow(Value::Int(2), Value::Int(10)).unwrap(),
            Value::Int(1024)
        );
        assert_eq!(
            pow(Value::Int(2), Value::Int(-1)).unwrap(),
            Value::Float(0.5)
        );
        assert_eq!(
            pow(Value::Int(-1), Value::Int(1_000_001)).unwrap(),
            Value::Int(-1)
        );
        assert_eq!(
            pow(Value::Float(4.0), Value::Float(0.5)).unwrap(),
            Value::Float(2.0)
        );
        let e = pow(Value::Int(0), Value::Int(-1)).unwrap_err();
        assert_eq!(e.message, "0.0 cannot be raised to a negative power");
        assert_eq!(
            pow(Value::Int(10), Value::Int(100)).unwrap_err().type_name,
            "OverflowError"
        );
    }

    #[test]
    fn series_powers() {
        let r = pow(is(&[0, 1], &[2, 3]), Value::Int(2)).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [4, 9]);
        let e = pow(is(&[0], &[2]), Value::Int(-1)).unwrap_err();
        assert_eq!(
            e.message,
            "Integers to negative integer powers are not allowed."
        );
        let (_, v) = parts(&pow(fs(&[0, 1, 2], &[-8.0, 0.0, 2.0]), Value::Float(-0.5)).unwrap());
        assert_floats(&v, &[f64::NAN, f64::INFINITY, 0.5f64.sqrt()]);
        let (idx, v) = parts(&pow(is(&[0, 1], &[2, 3]), is(&[1, 2], &[2, 2])).unwrap());
        assert_eq!(idx, [0, 1, 2]);
        assert_floats(&v, &[f64::NAN, 9.0, f64::NAN]);
    }
}
