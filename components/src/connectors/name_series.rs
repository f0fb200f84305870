//! Name Series (`a4064897-66d3-9601-328e-5ae9036665c5`): sets the name of a series.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Name Series 1.0.0 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a4064897-66d3-9601-328e-5ae9036665c5",
    revision_group_id: "a4064897-66d3-9601-328e-5ae9036665c5",
    name: "Name Series",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Give a name to a series",
    inputs: &[
        PortSpec::new(
            "input",
            "5336c0a5-97ac-d436-ae5f-ee75fa8c8b40",
            DataType::Series,
        ),
        PortSpec::new(
            "name",
            "44d0fd6a-4f72-3ec1-d5dc-4f8df7029652",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "output",
        "44dc198e-d6b6-535f-f2c8-c8bae74acdf1",
        DataType::Series,
    )],
};

/// Name Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Name Series: the `input` series named `name`; index, values and attrs unchanged.
///
/// Deviation: hetida renames the caller's object in place, so every other consumer of the
/// upstream output sees the new name too. Rheo shares values immutably and returns a
/// renamed copy instead (the column data itself is shared, not copied); the upstream value
/// keeps its name.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let name = inputs.str("name")?;
    let mut series = inputs.series("input")?.clone();
    series.name = Some(name.to_string());
    Ok(Outputs::single("output", Value::Series(series)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    #[test]
    fn renames_and_keeps_data() {
        let input = named(fs(&[2, 5], &[1.5, f64::NAN]), "old");
        let out = run1(
            &COMPONENT,
            &[("input", input.clone()), ("name", Value::Str("y".into()))],
        )
        .unwrap();
        let Value::Series(s) = &out else { panic!() };
        assert_eq!(s.name.as_deref(), Some("y"));
        let (idx, v) = parts(&out);
        assert_eq!(idx, [2, 5]);
        assert_floats(&v, &[1.5, f64::NAN]);
        // the upstream value is not renamed
        let Value::Series(orig) = &input else {
            panic!()
        };
        assert_eq!(orig.name.as_deref(), Some("old"));
    }

    #[test]
    fn empty_name_on_empty_series_and_wrong_kinds() {
        let out = run1(
            &COMPONENT,
            &[("input", fs(&[], &[])), ("name", Value::Str(String::new()))],
        )
        .unwrap();
        let Value::Series(s) = &out else { panic!() };
        assert_eq!(s.name.as_deref(), Some(""));
        assert!(s.is_empty());
        let e = run1(
            &COMPONENT,
            &[("input", Value::Int(1)), ("name", Value::Str("x".into()))],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
