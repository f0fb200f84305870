//! Integrate (`dd73bac2-cd9d-61c5-0aec-9dec6f337516`): trapezoidal integral of a series.

use crate::kernels::elementwise::pairwise_sum;
use crate::kernels::numeric_index::SortedPoints;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Integrate 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dd73bac2-cd9d-61c5-0aec-9dec6f337516",
    revision_group_id: "dd73bac2-cd9d-61c5-0aec-9dec6f337516",
    name: "Integrate",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Trapezoidal integral of a series",
    inputs: &[PortSpec::new(
        "data",
        "3190458c-2c64-2a56-f459-eb9437e85551",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "integral",
        "e40cdbef-97c4-13b5-38d3-d29b8d446c16",
        DataType::Float,
    )],
};

/// Integrate as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Integrate: the definite integral by the trapezoidal rule (`scipy.integrate.trapz`):
/// `Σ (x[i] − x[i−1]) · (y[i] + y[i−1]) / 2` over the valid points sorted by index (numeric
/// labels, or elapsed seconds since the first timestamp), summed pairwise like numpy. A
/// series with fewer than 2 entries (counted before dropping NaN) raises ValueError; 0 or
/// 1 valid points give 0.0.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let p = SortedPoints::of(inputs.series("data")?, "-")?;
    let (x, y) = (&p.x, &p.y);
    let terms: Vec<f64> = (1..y.len())
        .map(|i| (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0)
        .collect();
    Ok(Outputs::single(
        "integral",
        Value::Float(pairwise_sum(&terms)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::numeric_index::test_util::*;
    use rheo_core::Value;

    fn int(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn trapezoids() {
        // (1 - 0) * (0 + 2) / 2 + (3 - 1) * (2 + 4) / 2 = 1 + 6
        assert_eq!(
            int(fs(&[3, 0, 1], &[4.0, 0.0, 2.0])).unwrap(),
            Value::Float(7.0)
        );
        // 10 s at 1.0, then 20 s from 1.0 to 3.0: 10 + 40
        assert_eq!(
            int(ts(&[0, 10, 30], &[1.0, 1.0, 3.0])).unwrap(),
            Value::Float(50.0)
        );
        assert_eq!(int(is(&[0, 2], &[1, 2])).unwrap(), Value::Float(3.0));
    }

    #[test]
    fn edge_cases() {
        assert_eq!(int(fs(&[0], &[1.0])).unwrap_err().type_name, "ValueError");
        assert_eq!(
            int(fs(&[0, 1], &[f64::NAN, 1.0])).unwrap(),
            Value::Float(0.0)
        );
        assert_eq!(
            int(fs(&[0, 1, 2], &[1.0, f64::NAN, 1.0])).unwrap(),
            Value::Float(2.0)
        );
        assert_eq!(
            int(strs(&["x", "y"], &[1.0, 1.0])).unwrap_err().type_name,
            "TypeError"
        );
    }
}
