//! Add (`2abf72f6-68c9-7398-7175-165d31b3ced7`): adds two values.

use crate::kernels::elementwise::{binary, AddOp};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2abf72f6-68c9-7398-7175-165d31b3ced7",
    revision_group_id: "2abf72f6-68c9-7398-7175-165d31b3ced7",
    name: "Add",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Adds two values",
    inputs: &[
        PortSpec::new("a", "a329b531-6fd7-fc1b-cd99-9e3eac95f7ee", DataType::Any),
        PortSpec::new("b", "97f7df43-bfb5-554a-4ba7-f3fc85a468b6", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "sum",
        "1dde5f5d-178b-aa88-be6a-8fe1bb59cd27",
        DataType::Any,
    )],
};

/// Add as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add: `a + b` with hetida's runtime semantics — Python for two plain numbers (int + int
/// stays int), pandas for series and frames (labels aligned by outer join, NaN where a
/// label is missing, name kept only when both names are equal, scalars broadcast). Two
/// strings concatenate, also elementwise for a string series and a string; a number and a
/// string raise TypeError. Deviations: two string series, and bool + bool (numpy's logical
/// or), are not special-cased (TypeError / int sums).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let (a, b) = (inputs.value("a")?, inputs.value("b")?);
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            return Ok(Outputs::single("sum", Value::Str(format!("{x}{y}"))));
        }
        (Value::Series(s), Value::Str(t)) if s.values.kind() == ColumnKind::Str => {
            return Ok(Outputs::single("sum", concat(s, t, false)));
        }
        (Value::Str(t), Value::Series(s)) if s.values.kind() == ColumnKind::Str => {
            return Ok(Outputs::single("sum", concat(s, t, true)));
        }
        _ => {}
    }
    let result = binary::<AddOp>(a, b)?;
    Ok(Outputs::single("sum", result))
}

/// A string series plus a string, elementwise (missing entries stay missing), as pandas
/// concatenates object series.
fn concat(s: &SeriesValue, t: &str, string_first: bool) -> Value {
    let values = s
        .values
        .str_values()
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            v.map(|v| {
                if string_first {
                    format!("{t}{v}")
                } else {
                    format!("{v}{t}")
                }
            })
        })
        .collect();
    Value::Series(SeriesValue {
        name: s.name.clone(),
        index: s.index.clone(),
        values: Column::from_strings(values),
        attrs: s.attrs.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn add(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("a", a), ("b", b)])
    }

    #[test]
    fn plain_numbers_follow_python() {
        assert_eq!(add(Value::Int(2), Value::Int(3)).unwrap(), Value::Int(5));
        assert_eq!(
            add(Value::Int(2), Value::Float(0.5)).unwrap(),
            Value::Float(2.5)
        );
        assert_eq!(
            add(Value::Bool(true), Value::Int(1)).unwrap(),
            Value::Int(2)
        );
        assert!(
            matches!(add(Value::Float(f64::NAN), Value::Int(1)).unwrap(), Value::Float(f) if f.is_nan())
        );
        assert_eq!(
            add(Value::Str("ab".into()), Value::Str("c".into())).unwrap(),
            Value::Str("abc".into())
        );
        let e = add(Value::Int(1), Value::Str("c".into())).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert_eq!(
            e.message,
            "unsupported operand type(s) for +: 'int' and 'str'"
        );
        assert_eq!(
            add(Value::Int(i64::MAX), Value::Int(1))
                .unwrap_err()
                .type_name,
            "OverflowError"
        );
    }

    #[test]
    fn series_plus_scalar_keeps_ints_and_name() {
        let r = add(named(is(&[0, 1], &[1, 2]), "x"), Value::Int(10)).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"));
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [11, 12]);
        let (_, v) = parts(&add(Value::Float(0.5), is(&[0, 1], &[1, 2])).unwrap());
        assert_floats(&v, &[1.5, 2.5]);
    }

    #[test]
    fn misaligned_series_union_with_nan_and_name_rule() {
        let a = named(fs(&[0, 1, 2], &[1.0, f64::NAN, 3.0]), "x");
        let b = named(is(&[1, 2, 3], &[10, 20, 30]), "x");
        let r = add(a.clone(), b).unwrap();
        let (idx, v) = parts(&r);
        assert_eq!(idx, [0, 1, 2, 3]);
        assert_floats(&v, &[f64::NAN, f64::NAN, 23.0, f64::NAN]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"));
        let r = add(a, named(is(&[0, 1, 2], &[1, 1, 1]), "y")).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name, None);
        assert_floats(&s.values.f64_values().unwrap(), &[2.0, f64::NAN, 4.0]);
    }

    #[test]
    fn string_series_concatenate() {
        let s = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_strings(vec![Some("a".into()), None]),
        ));
        let Value::Series(r) = add(s.clone(), Value::Str("c".into())).unwrap() else {
            panic!()
        };
        assert_eq!(r.values.str_values().unwrap(), [Some("ac"), None]);
        let Value::Series(r) = add(Value::Str("c".into()), s).unwrap() else {
            panic!()
        };
        assert_eq!(r.values.str_values().unwrap(), [Some("ca"), None]);
    }

    #[test]
    fn empty_series_stay_empty() {
        let (idx, v) = parts(&add(fs(&[], &[]), Value::Int(1)).unwrap());
        assert!(idx.is_empty() && v.is_empty());
    }
}
