//! Load Object (`eb8e8d6b-ba7d-dc88-14dc-6839a471d5e0`): loads a value stored by Store
//! Object from the local object store.

use crate::kernels::object_store::{load, store_dir};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};
use std::path::Path;

/// Identity and ports of Load Object 1.0.0 (connector ids from hetida's component file
/// `data-sources/load-object_100_eb8e8d6b-….json`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "eb8e8d6b-ba7d-dc88-14dc-6839a471d5e0",
    revision_group_id: "eb8e8d6b-ba7d-dc88-14dc-6839a471d5e0",
    name: "Load Object",
    category: "Data Sources",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Load a serialized Object from the object Repository",
    inputs: &[
        PortSpec::new(
            "name",
            "562eea2c-2f89-ebe5-f62a-658b561f25be",
            DataType::String,
        ),
        PortSpec::new(
            "tag",
            "f1a2390f-1bae-62a7-731b-4772c0ba6708",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "obj",
        "2a5d344e-53b3-cf7e-2e05-eda8ea17fe89",
        DataType::Any,
    )],
};

/// Load Object as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Load Object against an explicit store directory.
pub(crate) fn load_from(dir: &Path, inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let name = inputs.str("name")?;
    let tag = inputs.str("tag")?;
    Ok(Outputs::single("obj", load(dir, name, tag)?))
}

/// Load Object: reads the file `<name>_<tag>` from the object store directory
/// (`$RHEO_OBJECT_STORE`, default `./rheo-object-store`; see
/// [`crate::kernels::object_store`]) and returns the value exactly as Store Object
/// stored it; the tag `latest` gives the most recently stored object of that name
/// (the tag is used as given: `LATEST` is an ordinary tag, as in hetida). Hand-written
/// JSON files are accepted too: hetida's wrapped series/frame form becomes a series/frame,
/// other JSON an ANY value.
///
/// Errors: a missing object raises FileNotFoundError "[Errno 2] No such file or
/// directory: '`<path>`'" (hetida: the same from joblib); a file that is not JSON (e.g. a
/// hetida joblib pickle) raises NotSupportedByNativeEngine; a name or tag with a path
/// separator raises ValueError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    load_from(&store_dir(), inputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sinks::store_object::store_in;
    use crate::kernels::object_store::test_util::temp_store;
    use rheo_core::value::{Column, FrameValue, Tz};
    use rheo_core::Value;
    use serde_json::json;
    use std::sync::Arc;

    fn inputs(pairs: &[(&str, Value)]) -> Inputs {
        let mut i = Inputs::new();
        for (k, v) in pairs {
            i.insert(*k, Arc::new(v.clone()));
        }
        i
    }

    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }

    #[test]
    fn loads_what_store_object_stored() {
        let dir = temp_store();
        let frame = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0, 60_000_000_000], Tz::Utc),
            columns: [("x".to_string(), Column::from_f64(vec![1.5, -0.25]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let obj = Value::Json(json!({"name": "pump", "amount": 3, "value": 2.5}));
        store_in(
            &dir,
            &inputs(&[("name", s("f")), ("tag", s("1")), ("obj", frame.clone())]),
        )
        .unwrap();
        store_in(
            &dir,
            &inputs(&[("name", s("f")), ("tag", s("2")), ("obj", obj.clone())]),
        )
        .unwrap();
        let load = |tag: &str| {
            load_from(&dir, &inputs(&[("name", s("f")), ("tag", s(tag))])).map(|o| {
                assert_eq!(o.len(), 1);
                o["obj"].as_ref().clone()
            })
        };
        assert_eq!(load("1").unwrap(), frame);
        assert_eq!(load("2").unwrap(), obj);
        assert_eq!(load("latest").unwrap(), obj);
        // Tags are case-sensitive on load.
        assert_eq!(load("LATEST").unwrap_err().type_name, "FileNotFoundError");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_object_is_a_file_not_found_error() {
        let dir = temp_store();
        let e = load_from(&dir, &inputs(&[("name", s("none")), ("tag", s("latest"))])).unwrap_err();
        assert_eq!(e.type_name, "FileNotFoundError");
        assert!(e.message.starts_with("[Errno 2] "), "{}", e.message);
        assert!(e.message.ends_with("none_latest'"), "{}", e.message);
    }
}
