//! Sum up Series (`878d85a2-2cf5-235b-d260-fd94c734cec9`): sum of all values of a series.

use crate::kernels::elementwise::{numeric, pairwise_sum, Num};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sum up Series 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "878d85a2-2cf5-235b-d260-fd94c734cec9",
    revision_group_id: "878d85a2-2cf5-235b-d260-fd94c734cec9",
    name: "Sum up Series",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Sum of all values of a series",
    inputs: &[PortSpec::new(
        "data",
        "2bf8a46c-95bb-2364-6cb0-fe45e12fdf0c",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "sum",
        "03643e0b-1fe7-a9a9-5c1b-e9452265a40a",
        DataType::Float,
    )],
};

/// Sum up Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Sum up Series: the sum of all values, NaN skipped (empty or all-NaN → 0). Integer
/// series give an int (numpy int64 on hetida's FLOAT output), float series a float summed
/// pairwise like numpy, so the last bits match.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("data")?;
    let result = match numeric(&s.values, "sum")? {
        Num::Int(v) => Value::Int(v.iter().fold(0i64, |a, &x| a.wrapping_add(x))),
        Num::Float(v) => {
            let filled: Vec<f64> = v
                .iter()
                .map(|&x| if x.is_nan() { 0.0 } else { x })
                .collect();
            Value::Float(pairwise_sum(&filled))
        }
    };
    Ok(Outputs::single("sum", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn sum(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn sums_skip_nan() {
        assert_eq!(
            sum(fs(&[0, 1, 2], &[1.5, f64::NAN, 2.0])).unwrap(),
            Value::Float(3.5)
        );
        assert_eq!(sum(is(&[0, 1], &[4, -1])).unwrap(), Value::Int(3));
        assert_eq!(sum(fs(&[], &[])).unwrap(), Value::Float(0.0));
        assert_eq!(sum(fs(&[0], &[f64::NAN])).unwrap(), Value::Float(0.0));
        assert_eq!(sum(Value::Int(1)).unwrap_err().type_name, "TypeError");
    }
}
