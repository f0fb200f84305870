//! Greater (`e6918e9e-aaaf-6f84-175a-fc2ac03ed85d`): elementwise `left > right`.

use super::{run_comparison, Rel};
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Greater 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e6918e9e-aaaf-6f84-175a-fc2ac03ed85d",
    revision_group_id: "e6918e9e-aaaf-6f84-175a-fc2ac03ed85d",
    name: "Greater",
    category: "Basic",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Checks if left is greater than right",
    inputs: &[
        PortSpec::new(
            "left",
            "791d799b-e78f-53ce-b1e0-0f79ff260269",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "1422edfb-fa9c-a3cf-b846-9735f47a9ce7",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "3446dce1-6305-f454-ee2c-81b68aa33388",
        DataType::Any,
    )],
};

/// Greater: `left > right` with the shared comparison semantics of the category
/// ([`super::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Greater;

impl Component for Greater {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        run_comparison(Rel::Gt, inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basic::test_util::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn cmp(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&Greater, &[("left", a), ("right", b)])
    }

    #[test]
    fn plain_values_give_a_python_bool() {
        for ((a, b), expected) in [(2, 3), (3, 3), (4, 3)]
            .into_iter()
            .zip([false, false, true])
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
            Value::Bool(false)
        );
        assert_eq!(
            cmp(Value::Str("a".into()), Value::Str("b".into())).unwrap(),
            Value::Bool(false)
        );
    }

    #[test]
    fn series_against_scalar_keeps_index_and_name() {
        let r = cmp(
            named(fs(&[5, 3, 4], &[1.0, f64::NAN, 3.0]), "x"),
            Value::Float(2.0),
        )
        .unwrap();
        assert_eq!(bools(&r), [false, false, true]);
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
        assert_eq!(bools(&r), [false, false]);
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
        assert_eq!(bools(&r), [false, false, true, false]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [0, 1, 2, 3]);
        let r = cmp(fs(&[], &[]), Value::Int(1)).unwrap();
        assert!(bools(&r).is_empty());
    }
}
