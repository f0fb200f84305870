//! Cumulative sum (`d2cc4c0d-303e-b0ad-fdba-73392e890b30`): running total.

use crate::kernels::elementwise::{attribute_error, numeric, Num};
use crate::kernels::numeric_index::{sort_positions, sortable_index};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Cumulative sum 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d2cc4c0d-303e-b0ad-fdba-73392e890b30",
    revision_group_id: "d2cc4c0d-303e-b0ad-fdba-73392e890b30",
    name: "Cumulative sum",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Running total of a series or frame",
    inputs: &[PortSpec::new(
        "data",
        "1f7f06dd-be1b-6bf6-ff03-b5827812ab53",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "cum_sum",
        "6235c925-1b9a-28b2-4cff-ec1f71bfdd6d",
        DataType::Any,
    )],
};

/// Cumulative sum as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Cumulative sum: sorts by the index (numeric as is, otherwise converted with
/// `pd.to_datetime`) and returns the running total with pandas' skipna semantics: a NaN
/// stays NaN at its own position without resetting the sum (`[1, NaN, 3, 4]` →
/// `[1, NaN, 4, 8]`). Series keep name and attrs; frames are summed column by column; int
/// data stay int. An index that cannot be converted raises hetida's TypeError.
/// Deviation: hetida converts the index of the caller's object in place; Rheo never
/// mutates inputs.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = match inputs.value("data")? {
        Value::Series(s) => {
            let index = sortable_index(&s.index, false)?;
            let order = sort_positions(&index, (0..s.len()).collect());
            Value::Series(SeriesValue {
                name: s.name.clone(),
                index: index.take(&order),
                values: cumsum(&s.values, &order)?,
                attrs: s.attrs.clone(),
            })
        }
        Value::Frame(f) => {
            let index = sortable_index(&f.index, false)?;
            let order = sort_positions(&index, (0..f.height()).collect());
            let mut columns = f.columns.clone();
            for c in columns.values_mut() {
                *c = cumsum(c, &order)?;
            }
            Value::Frame(FrameValue {
                index: index.take(&order),
                columns,
                attrs: f.attrs.clone(),
            })
        }
        other => return Err(attribute_error(other, "index")),
    };
    Ok(Outputs::single("cum_sum", result))
}

/// The skipna running total of `col` taken in `order`.
fn cumsum(col: &Column, order: &[usize]) -> Result<Column, ComponentError> {
    Ok(match numeric(col, "+")? {
        Num::Int(v) => {
            let mut acc = 0i64;
            Column::from_i64(
                order
                    .iter()
                    .map(|&p| {
                        acc = acc.wrapping_add(v[p]);
                        acc
                    })
                    .collect(),
            )
        }
        Num::Float(v) => {
            let mut acc = 0.0;
            Column::from_f64(
                order
                    .iter()
                    .map(|&p| {
                        let x = v[p];
                        if x.is_nan() {
                            x
                        } else {
                            acc += x;
                            acc
                        }
                    })
                    .collect(),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::numeric_index::test_util::*;
    use rheo_core::value::{Column, FrameValue};
    use rheo_core::Value;

    fn cs(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn nan_does_not_reset_the_sum() {
        let r = cs(named(fs(&[0, 1, 2, 3], &[1.0, f64::NAN, 3.0, 4.0]), "x")).unwrap();
        let (_, v) = parts(&r);
        assert_floats(&v, &[1.0, f64::NAN, 4.0, 8.0]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"));
    }

    #[test]
    fn sorts_by_index_and_keeps_ints() {
        let r = cs(is(&[2, 0, 1], &[100, 1, 10])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [0, 1, 2]);
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [1, 11, 111]);
        let r = cs(ts(&[20, 10], &[2.0, 1.0])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [1.0, 3.0]);
        let (idx, _) = parts(&cs(fs(&[], &[])).unwrap());
        assert!(idx.is_empty());
    }

    #[test]
    fn frames_and_errors() {
        let f = Value::Frame(FrameValue {
            index: Column::from_i64(vec![1, 0]),
            columns: [("a".to_string(), Column::from_f64(vec![2.0, 1.0]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = cs(f).unwrap() else {
            panic!()
        };
        assert_eq!(r.index, Column::from_i64(vec![0, 1]));
        assert_eq!(r.columns["a"], Column::from_f64(vec![1.0, 3.0]));
        let e = cs(strs(&["x"], &[1.0])).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("TypeError", crate::kernels::numeric_index::INDEX_ERROR)
        );
        assert_eq!(cs(Value::Int(1)).unwrap_err().type_name, "AttributeError");
    }
}
