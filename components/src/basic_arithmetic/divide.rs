//! Divide (`6d510037-229e-8e85-56f3-4a3797fdf315`): divides two values.

use crate::kernels::elementwise::{binary, DivOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Divide 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "6d510037-229e-8e85-56f3-4a3797fdf315",
    revision_group_id: "6d510037-229e-8e85-56f3-4a3797fdf315",
    name: "Divide",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Divides a by b",
    inputs: &[
        PortSpec::new("a", "5833be27-ac97-e5cd-3f88-7fa2312401df", DataType::Any),
        PortSpec::new("b", "8b0c3cdf-0eef-967a-8674-ace724adb24a", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "quotient",
        "17fd03ed-9257-c04c-f5f6-a8cdad3bd5bf",
        DataType::Any,
    )],
};

/// Divide as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Divide: true division `a / b`. Series and frames give floats (int / int too) with
/// x / 0 → ±inf and 0 / 0 → NaN; two plain numbers follow Python and raise
/// `ZeroDivisionError` for a zero divisor.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let (a, b) = (inputs.value("a")?, inputs.value("b")?);
    let result = binary::<DivOp>(a, b)?;
    Ok(Outputs::single("quotient", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn div(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("a", a), ("b", b)])
    }

    #[test]
    fn plain_numbers_raise_on_zero() {
        assert_eq!(
            div(Value::Int(3), Value::Int(2)).unwrap(),
            Value::Float(1.5)
        );
        let e = div(Value::Int(3), Value::Int(0)).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("ZeroDivisionError", "division by zero")
        );
        let e = div(Value::Float(3.0), Value::Int(0)).unwrap_err();
        assert_eq!(e.message, "float division by zero");
    }

    #[test]
    fn series_division_by_zero_gives_inf_and_nan() {
        let r = div(is(&[0, 1, 2], &[1, -1, 0]), Value::Int(0)).unwrap();
        let (_, v) = parts(&r);
        assert_eq!(v[0], f64::INFINITY);
        assert_eq!(v[1], f64::NEG_INFINITY);
        assert!(v[2].is_nan());
        let r = div(is(&[0, 1], &[1, 3]), is(&[0, 1], &[2, 2])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [0.5, 1.5]);
        assert_eq!(s.values.kind(), rheo_core::value::ColumnKind::Float);
    }
}
