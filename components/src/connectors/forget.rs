//! Forget (`d1fb4ae5-ef27-26b8-7a58-40b7cd8412e7`): a sink that discards its input.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Forget 1.0.0 (hetida's connector id, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d1fb4ae5-ef27-26b8-7a58-40b7cd8412e7",
    revision_group_id: "d1fb4ae5-ef27-26b8-7a58-40b7cd8412e7",
    name: "Forget",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Forgets the input and returns nothing",
    inputs: &[PortSpec::new(
        "input",
        "b7803aec-db20-6bea-970f-0566ded49a7c",
        DataType::Any,
    )],
    outputs: &[],
};

/// Forget as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Forget: consumes `input` (any value, unchecked) and returns no outputs. Workflows use it
/// to consume an operator output nobody else needs.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    inputs.shared("input")?;
    Ok(Outputs::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::Value;
    use std::sync::Arc;

    #[test]
    fn discards_any_input() {
        for v in [
            Value::Int(3),
            Value::Null,
            Value::Json(serde_json::json!({"a": 1})),
        ] {
            let mut i = Inputs::new();
            i.insert("input", Arc::new(v));
            assert!(run(&i).unwrap().is_empty());
        }
    }

    #[test]
    fn missing_input_is_a_type_error() {
        let e = run(&Inputs::new()).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert!(e.message.contains("'input'"));
    }
}
