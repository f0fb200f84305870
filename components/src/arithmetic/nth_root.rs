//! nth root (`11152e31-cf25-4280-2b28-220319277011`): n-th root.

use crate::kernels::elementwise::{binary, DivOp, PowOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of nth root 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "11152e31-cf25-4280-2b28-220319277011",
    revision_group_id: "11152e31-cf25-4280-2b28-220319277011",
    name: "nth root",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "n-th root",
    inputs: &[
        PortSpec::new(
            "data",
            "f5717b42-a4ad-3fd1-60e6-a575d460ab57",
            DataType::Any,
        ),
        PortSpec::new("n", "fac33722-5845-9ab2-7285-088648397e37", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "root",
        "98f4bba2-4c3d-7225-a17a-e6735baddf7b",
        DataType::Any,
    )],
};

/// nth root as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// nth root: `data ** (1 / n)` as hetida computes it (true division first, so n = 3 gives
/// the exponent 0.333…). Negative values give NaN for series; `n` = 0 raises
/// ZeroDivisionError for a plain number; a series `n` aligns with the data. Deviation: a
/// negative plain float `data` with a fractional exponent raises ValueError (Python would
/// return a complex number, which no hetida type can carry).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let exponent = binary::<DivOp>(&Value::Int(1), inputs.value("n")?)?;
    let result = binary::<PowOp>(inputs.value("data")?, &exponent)?;
    Ok(Outputs::single("root", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn root(d: Value, n: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", d), ("n", n)])
    }

    #[test]
    fn roots() {
        assert_eq!(
            root(Value::Int(16), Value::Int(2)).unwrap(),
            Value::Float(4.0)
        );
        assert_eq!(
            root(Value::Int(8), Value::Int(3)).unwrap(),
            Value::Float(8f64.powf(1.0 / 3.0))
        );
        assert_eq!(
            root(Value::Int(8), Value::Int(0)).unwrap_err().type_name,
            "ZeroDivisionError"
        );
        assert_eq!(
            root(Value::Float(-8.0), Value::Int(3))
                .unwrap_err()
                .type_name,
            "ValueError"
        );
        let (_, v) = parts(&root(fs(&[0, 1, 2], &[9.0, -8.0, f64::NAN]), Value::Int(2)).unwrap());
        assert_floats(&v, &[3.0, f64::NAN, f64::NAN]);
        let (_, v) = parts(&root(Value::Int(64), is(&[0, 1], &[2, 3])).unwrap());
        assert_floats(&v, &[8.0, 64f64.powf(1.0 / 3.0)]);
    }
}
