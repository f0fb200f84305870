//! Multiply (`0438da97-f524-4a68-28c9-a88c81aa2c63`): multiplies two values.

use crate::kernels::elementwise::{binary, scalar_of, MulOp, Scalar};
use crate::kernels::limits;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Multiply 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0438da97-f524-4a68-28c9-a88c81aa2c63",
    revision_group_id: "0438da97-f524-4a68-28c9-a88c81aa2c63",
    name: "Multiply",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Multiplies two values",
    inputs: &[
        PortSpec::new("a", "61a078bc-e8e2-3b9f-34b3-07507885f3f3", DataType::Any),
        PortSpec::new("b", "c9a07403-6a18-5562-c19c-247d76abcf36", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "product",
        "5f9428b2-948a-5739-4e83-5da58092fc7e",
        DataType::Any,
    )],
};

/// Multiply as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Multiply: `a * b` with Python semantics for plain numbers (a string times an int
/// repeats the string) and pandas semantics for series and frames (outer-join alignment,
/// name rule, broadcasting, int × int stays int).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let (a, b) = (inputs.value("a")?, inputs.value("b")?);
    let repeat = match (a, b) {
        (Value::Str(s), n) | (n, Value::Str(s)) => match scalar_of(n) {
            Some(Scalar::Int(k)) => {
                let k = u128::try_from(k).unwrap_or(0);
                limits::within(
                    "the repeated string",
                    s.len() as u128 * k,
                    limits::MAX_ELEMENTS,
                )?;
                Some(s.repeat(k as usize))
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(s) = repeat {
        return Ok(Outputs::single("product", Value::Str(s)));
    }
    let result = binary::<MulOp>(a, b)?;
    Ok(Outputs::single("product", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn mul(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("a", a), ("b", b)])
    }

    #[test]
    fn plain_numbers_and_strings() {
        assert_eq!(mul(Value::Int(-2), Value::Int(5)).unwrap(), Value::Int(-10));
        assert_eq!(
            mul(Value::Float(0.5), Value::Int(3)).unwrap(),
            Value::Float(1.5)
        );
        assert_eq!(
            mul(Value::Str("ab".into()), Value::Int(2)).unwrap(),
            Value::Str("abab".into())
        );
        assert_eq!(
            mul(Value::Int(-1), Value::Str("ab".into())).unwrap(),
            Value::Str(String::new())
        );
        assert_eq!(
            mul(Value::Str("a".into()), Value::Float(2.0))
                .unwrap_err()
                .type_name,
            "TypeError"
        );
    }

    #[test]
    fn series_products() {
        let r = mul(is(&[0, 1], &[2, 3]), is(&[0, 1], &[4, 5])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [8, 15]);
        let (idx, v) = parts(&mul(fs(&[1, 0], &[2.0, f64::NAN]), Value::Float(2.0)).unwrap());
        assert_eq!(idx, [1, 0]);
        assert_floats(&v, &[4.0, f64::NAN]);
    }
}
