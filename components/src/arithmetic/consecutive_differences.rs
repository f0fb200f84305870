//! Consecutive differences (`ce801dcb-8ce1-14ad-029d-a14796dcac92`): differences between consecutive values.

use crate::kernels::elementwise::{numeric, refuse_bool_subtract, Num};
use crate::kernels::numeric_index::{sort_positions, sortable_index};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Consecutive differences 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ce801dcb-8ce1-14ad-029d-a14796dcac92",
    revision_group_id: "ce801dcb-8ce1-14ad-029d-a14796dcac92",
    name: "Consecutive differences",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Differences between consecutive values",
    inputs: &[PortSpec::new(
        "data",
        "41d0c7d6-e752-ed73-3f58-50791cf1ed6a",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "diff",
        "fbade8ef-7e0a-b310-a971-0b935be91a9c",
        DataType::Series,
    )],
};

/// Consecutive differences as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Consecutive differences: NaN values are dropped, the series is sorted by its index
/// (numeric as is, otherwise converted with `pd.to_datetime`) and each value minus its
/// predecessor is assigned to the later label; the first point has no entry. The result is
/// unnamed, int input gives ints, 0 or 1 valid values give an empty series. A string label
/// that cannot be parsed raises pandas' ValueError (hetida only catches TypeError).
/// Boolean values raise numpy's TypeError (booleans cannot be subtracted).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("data")?;
    let index = sortable_index(&s.index, true)?;
    refuse_bool_subtract(&s.values)?;
    let values = numeric(&s.values, "-")?;
    let y = values.to_f64();
    let valid = (0..s.len()).filter(|&i| !y[i].is_nan()).collect();
    let order = sort_positions(&index, valid);
    let later = order.get(1..).unwrap_or(&[]);
    let diffs = match &values {
        Num::Int(v) => Column::from_i64(
            order
                .windows(2)
                .map(|w| v[w[1]].wrapping_sub(v[w[0]]))
                .collect(),
        ),
        Num::Float(_) => Column::from_f64(order.windows(2).map(|w| y[w[1]] - y[w[0]]).collect()),
    };
    let out = SeriesValue::new(index.take(later), diffs);
    Ok(Outputs::single("diff", Value::Series(out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_cannot_be_subtracted_as_in_numpy() {
        let s = Value::Series(SeriesValue::new(
            Column::from_i64(vec![1, 2, 3]),
            Column::from_bool(vec![true, false, true]),
        ));
        use rheo_core::component::Component;
        for c in [&COMPONENT, &crate::arithmetic::derivate::COMPONENT] {
            let port = c.spec().inputs[0].name;
            let e = run1(c, &[(port, s.clone())]).unwrap_err();
            assert_eq!(e.type_name, "TypeError");
            assert!(
                e.message.starts_with("numpy boolean subtract"),
                "{}",
                e.message
            );
        }
    }
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::numeric_index::test_util::*;
    use rheo_core::Value;

    fn diff(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn differences_of_sorted_valid_values() {
        let r = diff(named(fs(&[3, 1, 2, 0], &[10.0, 4.0, f64::NAN, 1.0]), "x")).unwrap();
        let (idx, v) = parts(&r);
        assert_eq!(idx, [1, 3]);
        assert_floats(&v, &[3.0, 6.0]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name, None);
        let r = diff(is(&[0, 1, 2], &[5, 3, 10])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [-2, 7]);
    }

    #[test]
    fn edge_cases() {
        let (idx, v) = parts(&diff(fs(&[0], &[1.0])).unwrap());
        assert!(idx.is_empty() && v.is_empty());
        let (idx, _) = parts(&diff(fs(&[], &[])).unwrap());
        assert!(idx.is_empty());
        let r = diff(strs(
            &["2020-01-01T00:00:02Z", "2020-01-01T00:00:01Z"],
            &[5.0, 1.0],
        ))
        .unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.index.tz, rheo_core::value::Tz::Utc);
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [4.0]);
        let e = diff(strs(&["a", "b"], &[1.0, 2.0])).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
    }
}
