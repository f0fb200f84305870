//! The hetida component revision of a native component's spec: what
//! `transformations/components/` holds and what the engine serves for the component's id.

use rheo_core::component::{ComponentSpec, PortSpec};
use rheo_core::model::transformation::{
    Content, IoInput, IoInterface, IoOutput, State, TrafoType, TransformationRevision,
};
use rheo_core::model::wiring::WorkflowWiring;
use rheo_core::model::InputType;
use rheo_core::DataType;
use serde_json::{Map, Value as Json};

/// The release time stamped on every RELEASED component definition (the release time of
/// hetida's base components, so that re-imported revisions keep their order).
pub const RELEASED_TIMESTAMP: &str = "2022-02-09T17:33:32.478184+00:00";

/// The hetida component revision describing a native component: what
/// `transformations/components/` holds and what the engine serves for the component's id.
///
/// `content` is a short note instead of Python code (Rheo never runs Python); OPTIONAL
/// inputs carry their default as hetida stores it (the string itself for STRING/ANY string
/// defaults, otherwise the JSON literal text; a `null` default is omitted, as in hetida's
/// exports).
pub fn definition(spec: &ComponentSpec) -> TransformationRevision {
    let state = spec.state;
    let (released, disabled) = match state {
        State::Released => (Some(RELEASED_TIMESTAMP.to_string()), None),
        State::Disabled => (
            Some(RELEASED_TIMESTAMP.to_string()),
            Some(RELEASED_TIMESTAMP.to_string()),
        ),
        State::Draft => (None, None),
    };
    TransformationRevision {
        id: spec.id.to_string(),
        revision_group_id: spec.revision_group_id.to_string(),
        name: spec.name.to_string(),
        description: Some(spec.description.to_string()),
        category: Some(spec.category.to_string()),
        version_tag: spec.version_tag.to_string(),
        released_timestamp: released,
        disabled_timestamp: disabled,
        state,
        trafo_type: TrafoType::Component,
        documentation: Some(documentation(spec)),
        content: Content::Code(format!(
            "# {} ({}) is implemented natively in Rust by Rheo.\n\
             # No Python code is stored or executed for this component.\n",
            spec.name, spec.version_tag
        )),
        io_interface: IoInterface {
            inputs: spec.inputs.iter().map(io_input).collect(),
            outputs: spec
                .outputs
                .iter()
                .map(|p| IoOutput {
                    id: p.id.to_string(),
                    name: Some(p.name.to_string()),
                    data_type: p.data_type,
                    extra: Map::new(),
                })
                .collect(),
            extra: Map::new(),
        },
        test_wiring: Some(WorkflowWiring::default()),
        extra: Map::new(),
    }
}

fn io_input(p: &PortSpec) -> IoInput {
    let (input_type, value) = match p.default {
        None => (InputType::Required, None),
        Some(literal) => (InputType::Optional, stored_default(p.data_type, literal)),
    };
    IoInput {
        id: p.id.to_string(),
        name: Some(p.name.to_string()),
        data_type: p.data_type,
        input_type,
        value,
        extra: Map::new(),
    }
}

/// hetida's stored form of a default given as a JSON literal.
fn stored_default(data_type: DataType, literal: &str) -> Option<Json> {
    if literal.trim() == "null" {
        return None;
    }
    if matches!(data_type, DataType::String | DataType::Any) {
        if let Ok(Json::String(s)) = serde_json::from_str::<Json>(literal) {
            return Some(Json::String(s));
        }
    }
    Some(Json::String(literal.to_string()))
}

fn port_line(p: &PortSpec) -> String {
    match p.default {
        Some(d) => format!(
            "* **{}** ({}, optional, default `{}`)\n",
            p.name, p.data_type, d
        ),
        None => format!("* **{}** ({})\n", p.name, p.data_type),
    }
}

/// The markdown documentation of a component definition.
fn documentation(spec: &ComponentSpec) -> String {
    let mut doc = format!(
        "# {}\n\n## Description\n{}\n\n## Inputs\n",
        spec.name, spec.description
    );
    if spec.inputs.is_empty() {
        doc.push_str("None.\n");
    }
    for p in spec.inputs {
        doc.push_str(&port_line(p));
    }
    doc.push_str("\n## Outputs\n");
    if spec.outputs.is_empty() {
        doc.push_str("None.\n");
    }
    for p in spec.outputs {
        doc.push_str(&port_line(p));
    }
    doc.push_str(
        "\n## Details\nThis component is implemented natively in Rust by Rheo and behaves like \
         the hetida designer base component of the same id.\n",
    );
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::model::transformation::{Content, State, TrafoType};
    use rheo_core::model::wiring::WorkflowWiring;
    use rheo_core::model::InputType;
    use rheo_core::DataType;
    use serde_json::Value as Json;

    #[test]
    fn definition_has_hetida_shape() {
        let d = definition(&crate::connectors::pass_through::SERIES_SPEC);
        assert_eq!(d.trafo_type, TrafoType::Component);
        assert_eq!(d.state, State::Released);
        assert_eq!(d.released_timestamp.as_deref(), Some(RELEASED_TIMESTAMP));
        assert_eq!(d.io_interface.inputs.len(), 1);
        assert_eq!(d.io_interface.inputs[0].input_type, InputType::Required);
        assert_eq!(d.io_interface.inputs[0].value, None);
        assert_eq!(d.test_wiring, Some(WorkflowWiring::default()));
        let Content::Code(code) = &d.content else {
            panic!("component content must be a string")
        };
        assert!(code.contains("natively"));
        assert!(d
            .documentation
            .unwrap()
            .starts_with("# Pass Through (Series)\n"));
    }

    #[test]
    fn optional_defaults_are_stored_like_hetida() {
        assert_eq!(
            stored_default(DataType::String, "\"rgb(40, 251, 0)\""),
            Some(Json::String("rgb(40, 251, 0)".into()))
        );
        assert_eq!(
            stored_default(DataType::Any, "{\"method\": \"time\"}"),
            Some(Json::String("{\"method\": \"time\"}".into()))
        );
        assert_eq!(
            stored_default(DataType::Float, "0.5"),
            Some(Json::String("0.5".into()))
        );
        assert_eq!(
            stored_default(DataType::Boolean, "true"),
            Some(Json::String("true".into()))
        );
        assert_eq!(stored_default(DataType::Int, "null"), None);
    }
}
