//! Cut Values Below Limit (`07f979e0-11bd-f91a-1a8f-52b4ef883d74`): keeps the values that
//! are greater than or equal to a limit.

use crate::kernels::compare::Rel;
use crate::kernels::rows::cut_values;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Cut Values Below Limit 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "07f979e0-11bd-f91a-1a8f-52b4ef883d74",
    revision_group_id: "07f979e0-11bd-f91a-1a8f-52b4ef883d74",
    name: "Cut Values Below Limit",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Return only those values equal to or above the provided limit",
    inputs: &[
        PortSpec::new(
            "limit",
            "632b6220-b088-6e9f-ee3e-cdf43ada4d55",
            DataType::Float,
        ),
        PortSpec::new(
            "ts_or_frame",
            "06d2acd5-2655-14f1-b724-d48a28be631d",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "ts_or_frame",
        "fe98479d-6d17-fa9f-a1d2-78dcd13e3986",
        DataType::Any,
    )],
};

/// Cut Values Below Limit as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Cut Values Below Limit: `x[x >= limit]` with pandas' boolean indexing.
///
/// * Series: entries below the limit **and NaN entries** are removed; name, attrs and
///   dtype kept.
/// * DataFrame: mask semantics, same shape, failing cells (below the limit or NaN) become
///   NaN; int columns with a masked cell become float.
///
/// Errors as for Cut Values Above Limit (TypeError for non-numeric data and non-pandas
/// values).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let limit = inputs.float("limit")?;
    cut_values(inputs.value("ts_or_frame")?, limit, Rel::Ge, "ts_or_frame")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::Column;
    use rheo_core::Value;

    fn cut(data: Value, limit: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("limit", Value::Float(limit)), ("ts_or_frame", data)],
        )
    }

    #[test]
    fn series_keeps_values_at_or_above_limit() {
        let r = cut(fs(&[2, 0, 1], &[2.0, f64::NAN, 1.5]), 2.0).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [2]);
        assert_floats(&vals, &[2.0]);
        // Int limit on duplicate index labels: rows are kept positionally.
        let (idx, vals) = parts(&cut(fs(&[1, 1, 1], &[3.0, 0.0, 4.0]), 1.0).unwrap());
        assert_eq!(idx, [1, 1]);
        assert_floats(&vals, &[3.0, 4.0]);
    }

    #[test]
    fn frame_masks_cells_below_limit() {
        let f = frame(
            &[0, 1],
            vec![
                ("a", Column::from_f64(vec![0.5, 5.0])),
                ("b", Column::from_bool(vec![true, false])),
            ],
        );
        let r = cut(f, 1.0).unwrap();
        let r = as_frame(&r);
        assert_floats(&r.columns["a"].f64_values().unwrap(), &[f64::NAN, 5.0]);
        // bools compare as 1/0; the failing cell becomes missing.
        assert_eq!(r.columns["b"].bool_values().unwrap(), [Some(true), None]);
        let empty = frame(&[], vec![("a", Column::from_f64(vec![]))]);
        let r = cut(empty, 1.0).unwrap();
        assert_eq!(as_frame(&r).height(), 0);
    }
}
