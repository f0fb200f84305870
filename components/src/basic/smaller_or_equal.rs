//! Smaller or equal (`8a7e43b9-ce04-796e-6b73-5ce67547122a`): elementwise `left <= right`.

use super::{run_comparison, Rel};
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Smaller or equal 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8a7e43b9-ce04-796e-6b73-5ce67547122a",
    revision_group_id: "8a7e43b9-ce04-796e-6b73-5ce67547122a",
    name: "Smaller or equal",
    category: "Basic",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Checks if left is smaller than or equal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "848a21dd-e027-f27d-703e-defeeb667e7b",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "d4911144-ee8a-88f6-9c56-9019b1d97a9b",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "e69048fa-e602-19cd-058b-ff1491dde847",
        DataType::Any,
    )],
};

/// Smaller or equal: `left <= right` with the shared comparison semantics of the category
/// ([`super::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmallerOrEqual;

impl Component for SmallerOrEqual {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        run_comparison(Rel::Le, inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basic::test_util::*;
    use crate::elementwise::test_util::*;
    use rheo_core::Value;

    fn cmp(a: Value, b: Value) -> Result<Value, ComponentError> {
        run1(&SmallerOrEqual, &[("left", a), ("right", b)])
    }

    #[test]
    fn plain_values_give_a_python_bool() {
        for ((a, b), expected) in [(2, 3), (3, 3), (4, 3)]
            .into_iter()
            .zip([true, true, false])
        {
            assert_eq!(
                cmp(Value::Int(a), Value::Int(b)).unwrap(),
                Value::Bool(expected)
            );
        }
        assert_eq!(
            cmp(Value::Float(2.5), Value::Int(2)).unwrap(),
            Value::Bool(false)
        );
        assert_eq!(
            cmp(Value::Float(f64::NAN), Value::Float(f64::NAN)).unwrap(),
            Value::Bool(false)
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
        assert_eq!(bools(&r), [true, false, false]);
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
        assert_eq!(bools(&r), [true, true]);
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
        assert_eq!(bools(&r), [false, true, false, false]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [0, 1, 2, 3]);
        let r = cmp(fs(&[], &[]), Value::Int(1)).unwrap();
        assert!(bools(&r).is_empty());
    }
}
