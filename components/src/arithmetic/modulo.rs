//! Modulo (`ebb5b2d1-7c25-94dd-ca81-6a9e5b21bc2f`): remainder of a division.

use crate::kernels::elementwise::{binary, ModOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Modulo 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ebb5b2d1-7c25-94dd-ca81-6a9e5b21bc2f",
    revision_group_id: "ebb5b2d1-7c25-94dd-ca81-6a9e5b21bc2f",
    name: "Modulo",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Remainder of a division",
    inputs: &[
        PortSpec::new("a", "1aa579e3-e568-326c-0768-72c725844828", DataType::Any),
        PortSpec::new("b", "6198074e-18fa-0ba1-13a7-8d77b7f2c8f3", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "modulo",
        "f309d0e5-6f20-2edb-c7be-13f84882af93",
        DataType::Any,
    )],
};

/// Modulo as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Modulo: `a % b` with Python/pandas **floor** modulo (the result has the sign of the
/// divisor: -3 % 2 = 1, 3 % -2 = -1, 5.5 % 2 = 1.5). Series/frames elementwise (index and
/// name kept; int % int stays int, % 0 gives NaN); plain numbers raise ZeroDivisionError
/// for a zero divisor.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = binary::<ModOp>(inputs.value("a")?, inputs.value("b")?)?;
    Ok(Outputs::single("modulo", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn m(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("a", a), ("b", b)])
    }

    #[test]
    fn floor_modulo_of_numbers() {
        assert_eq!(m(Value::Int(-3), Value::Int(2)).unwrap(), Value::Int(1));
        assert_eq!(m(Value::Int(3), Value::Int(-2)).unwrap(), Value::Int(-1));
        assert_eq!(
            m(Value::Float(5.5), Value::Int(2)).unwrap(),
            Value::Float(1.5)
        );
        assert_eq!(
            m(Value::Float(-5.5), Value::Int(2)).unwrap(),
            Value::Float(0.5)
        );
        let e = m(Value::Int(3), Value::Int(0)).unwrap_err();
        assert_eq!(e.type_name, "ZeroDivisionError");
        assert_eq!(
            m(Value::Float(3.0), Value::Int(0)).unwrap_err().message,
            "float modulo"
        );
    }

    #[test]
    fn series_modulo() {
        let r = m(is(&[0, 1, 2], &[-3, 3, 4]), Value::Int(2)).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [1, 1, 0]);
        let (_, v) = parts(&m(is(&[0, 1], &[-3, 3]), Value::Int(0)).unwrap());
        assert_floats(&v, &[f64::NAN, f64::NAN]);
        let (_, v) = parts(&m(fs(&[0, 1], &[-7.5, f64::NAN]), Value::Int(-2)).unwrap());
        assert_floats(&v, &[-1.5, f64::NAN]);
    }
}
