//! Direct provisioning: input values travel inside the request (`filters.value`), outputs
//! travel back inside the response (hetida-compat §2.5).

use indexmap::IndexMap;
use rheo_core::adapter::{AdapterError, AdapterFuture, SendContext, SinkAdapter, SourceAdapter};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::value::parse::Raw;
use rheo_core::Shared;
use std::borrow::Cow;

/// The built-in adapter with id `direct_provisioning` (also int id `1`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectProvisioning;

/// The adapter key of direct provisioning.
pub const ID: &str = "direct_provisioning";

impl SourceAdapter for DirectProvisioning {
    fn id(&self) -> &str {
        ID
    }

    fn load<'a, 'w: 'a>(
        &'a self,
        wirings: &'a [&'w InputWiring],
    ) -> AdapterFuture<'a, Vec<(String, Raw<'w>)>> {
        Box::pin(std::future::ready(load_values(wirings)))
    }

    fn waits(&self) -> bool {
        false
    }
}

/// The filter strings of the wirings, borrowed.
fn load_values<'w>(wirings: &[&'w InputWiring]) -> Result<Vec<(String, Raw<'w>)>, AdapterError> {
    wirings
        .iter()
        .map(|w| match w.filters.get("value") {
            Some(v) => Ok((
                w.workflow_input_name.clone(),
                Raw::Text(Cow::Borrowed(v.as_str())),
            )),
            None => Err(AdapterError::wiring_invalid(format!(
                "Direct Input Provisioning without 'value' field in filters \
                 (workflow input '{}')",
                w.workflow_input_name
            ))),
        })
        .collect()
}

impl SinkAdapter for DirectProvisioning {
    fn id(&self) -> &str {
        ID
    }

    fn waits(&self) -> bool {
        false
    }

    fn send<'a>(
        &'a self,
        wirings: &'a [&'a OutputWiring],
        results: &'a IndexMap<String, Shared>,
        _context: SendContext<'a>,
    ) -> AdapterFuture<'a, IndexMap<String, Shared>> {
        let mut out = IndexMap::with_capacity(wirings.len());
        for w in wirings {
            if let Some(v) = results.get(&w.workflow_output_name) {
                out.insert(w.workflow_output_name.clone(), v.clone());
            }
        }
        Box::pin(std::future::ready(Ok(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use rheo_core::model::wiring::WorkflowWiring;
    use rheo_core::Value;
    use std::sync::Arc;

    fn wiring(json: &str) -> WorkflowWiring {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn loads_filter_value_without_copying() {
        let w = wiring(
            r#"{"input_wirings": [{"workflow_input_name": "x", "adapter_id": "direct_provisioning", "filters": {"value": "42"}}]}"#,
        );
        let refs: Vec<&InputWiring> = w.input_wirings.iter().collect();
        let loaded = block_on(DirectProvisioning.load(&refs)).unwrap();
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0].0, "x");
        assert!(matches!(&loaded[0].1, Raw::Text(Cow::Borrowed("42"))));
    }

    #[test]
    fn missing_value_is_a_wiring_error() {
        let w = wiring(
            r#"{"input_wirings": [{"workflow_input_name": "x", "adapter_id": 1, "filters": {}}]}"#,
        );
        let refs: Vec<&InputWiring> = w.input_wirings.iter().collect();
        let e = block_on(DirectProvisioning.load(&refs)).unwrap_err();
        assert_eq!(e.type_name, "AdapterClientWiringInvalidError");
        assert!(e.message.contains("without 'value' field"));
    }

    #[test]
    fn sink_returns_exactly_the_wired_outputs() {
        let w = wiring(r#"{"output_wirings": [{"workflow_output_name": "b", "adapter_id": 1}]}"#);
        let mut results = IndexMap::new();
        results.insert("a".to_string(), Arc::new(Value::Int(1)));
        results.insert("b".to_string(), Arc::new(Value::Int(2)));
        let refs: Vec<&OutputWiring> = w.output_wirings.iter().collect();
        let context = SendContext::for_job(uuid::Uuid::nil());
        let out = block_on(DirectProvisioning.send(&refs, &results, context)).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(*out["b"], Value::Int(2));
    }
}
