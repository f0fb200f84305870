//! Store Object (`26d99461-38a9-5e92-df4f-d0fd2752879e`): persists a value in the local
//! object store under a name and a tag.

use crate::kernels::object_store::{dump, store_dir};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};
use std::path::Path;

/// Identity and ports of Store Object 1.0.0 (connector ids from hetida's component file
/// `data-sinks/store-object_100_26d99461-….json`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "26d99461-38a9-5e92-df4f-d0fd2752879e",
    revision_group_id: "26d99461-38a9-5e92-df4f-d0fd2752879e",
    name: "Store Object",
    category: "Data Sinks",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Serialize an Object and store it in the object Repository",
    inputs: &[
        PortSpec::new(
            "name",
            "2e5bffed-ec7e-2963-9078-2c3e8cba8b43",
            DataType::String,
        ),
        PortSpec::new(
            "tag",
            "688b1939-8be0-0469-f35d-24a6fb76eb97",
            DataType::String,
        ),
        PortSpec::new("obj", "71c4887d-96b2-320d-7a2b-3868a6759990", DataType::Any),
    ],
    outputs: &[],
};

/// Store Object as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Store Object against an explicit store directory.
pub(crate) fn store_in(dir: &Path, inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let name = inputs.str("name")?;
    let tag = inputs.str("tag")?;
    let obj = inputs.value("obj")?;
    dump(dir, obj, name, tag)?;
    Ok(Outputs::new())
}

/// Store Object: writes `obj` to the object store directory (`$RHEO_OBJECT_STORE`, default
/// `./rheo-object-store`) as the file `<name>_<tag>` and points `<name>_latest` at it (see
/// [`crate::kernels::object_store`]). No outputs. Every value Rheo holds can be stored (scalars,
/// ANY JSON, series, frames) and is loaded back unchanged by Load Object.
///
/// Errors: tag "latest" (any case) raises ValueError as in hetida; a name or tag with a
/// path separator raises ValueError (hetida writes outside its directory instead); I/O
/// failures raise OSError.
///
/// Deviation: hetida pickles arbitrary Python objects with joblib; Rheo writes a lossless
/// JSON document, so the stores of hetida and Rheo cannot read each other's objects
/// (except hand-written JSON files, which Load Object accepts).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    store_in(&store_dir(), inputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::object_store::{load, test_util::temp_store};
    use rheo_core::value::{Column, SeriesValue};
    use rheo_core::Value;
    use std::sync::Arc;

    fn inputs(name: &str, tag: &str, obj: Value) -> Inputs {
        let mut i = Inputs::new();
        i.insert("name", Arc::new(Value::Str(name.into())));
        i.insert("tag", Arc::new(Value::Str(tag.into())));
        i.insert("obj", Arc::new(obj));
        i
    }

    #[test]
    fn stores_under_name_and_tag_without_outputs() {
        let dir = temp_store();
        let s = Value::Series(SeriesValue::new(
            Column::from_i64(vec![3, 1]),
            Column::from_f64(vec![1.0 / 3.0, f64::NAN]),
        ));
        let out = store_in(&dir, &inputs("series", "2024", s.clone())).unwrap();
        assert!(out.is_empty());
        let Value::Series(back) = load(&dir, "series", "2024").unwrap() else {
            panic!()
        };
        assert_eq!(back.index, Column::from_i64(vec![3, 1]));
        let v = back.values.f64_values().unwrap();
        assert_eq!(v[0], 1.0 / 3.0);
        assert!(v[1].is_nan());
        // Empty name and tag are allowed (file "_").
        store_in(&dir, &inputs("", "", Value::Null)).unwrap();
        assert_eq!(load(&dir, "", "").unwrap(), Value::Null);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn latest_tag_and_bad_inputs_are_rejected() {
        let dir = temp_store();
        let e = store_in(&dir, &inputs("m", "Latest", Value::Int(1))).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let mut i = inputs("m", "v", Value::Int(1));
        i.insert("tag", Arc::new(Value::Int(1)));
        assert_eq!(store_in(&dir, &i).unwrap_err().type_name, "TypeError");
        assert!(!dir.exists());
    }
}
