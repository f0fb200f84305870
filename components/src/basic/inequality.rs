//! Inequality (`4ec3ef23-6bea-872d-1905-c9c6d06dddef`): elementwise `left != right`.

use super::{run_comparison, Rel};
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Inequality 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "4ec3ef23-6bea-872d-1905-c9c6d06dddef",
    revision_group_id: "4ec3ef23-6bea-872d-1905-c9c6d06dddef",
    name: "Inequality",
    category: "Basic",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Checks if left is unequal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "4b0b61ae-d560-6687-7c97-fdd15d9798d8",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "3f8bcc87-a39f-7f4c-0943-e3efcd9b01f0",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "3f28c477-9d86-a82c-885b-4e8f2f967fb3",
        DataType::Any,
    )],
};

/// Inequality: `left != right` with the shared comparison semantics of the category
/// ([`super::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give True. The result is a bool series/frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inequality;

impl Component for Inequality {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        run_comparison(Rel::Ne, inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basic::test_util::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn cmp(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&Inequality, &[("left", a), ("right", b)])
    }

    #[test]
    fn plain_values_give_a_python_bool() {
        for ((a, b), expected) in [(2, 3), (3, 3), (4, 3)]
            .into_iter()
            .zip([true, false, true])
        {
            assert_eq!(
                cmp(Value::Int(a), Value::Int(b)).unwrap(),
                Value::Bool(expected)
            );
        }
        assert_eq!(
            cmp(Value::Float(2.5), Value::Int(2)).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            cmp(Value::Float(f64::NAN), Value::Float(f64::NAN)).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            cmp(Value::Str("a".into()), Value::Str("b".into())).unwrap(),
            Value::Bool(true)
        );
    }

    #[test]
    fn series_against_scalar_keeps_index_and_name() {
        let r = cmp(
            named(fs(&[5, 3, 4], &[1.0, f64::NAN, 3.0]), "x"),
            Value::Float(2.0),
        )
        .unwrap();
        assert_eq!(bools(&r), [true, true, true]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"));
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 3, 4]);
    }

    #[test]
    fn identical_indexes_compare_positionally() {
        let r = cmp(
            named(is(&[5, 4], &[3, 1]), "x"),
            named(is(&[5, 4], &[3, 2]), "y"),
        )
        .unwrap();
        assert_eq!(bools(&r), [false, true]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name, None);
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 4]);
    }

    #[test]
    fn misaligned_series_are_aligned_on_the_union() {
        let r = cmp(
            fs(&[0, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[3, 2, 1], &[5.0, 1.0, 2.0]),
        )
        .unwrap();
        assert_eq!(bools(&r), [true, false, true, true]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [0, 1, 2, 3]);
        let r = cmp(fs(&[], &[]), Value::Int(1)).unwrap();
        assert!(bools(&r).is_empty());
    }
}
