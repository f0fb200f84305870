//! Get R Dataset (`80f4f916-4568-29bb-3f94-b487b0612232`): downloads an R example dataset
//! via statsmodels — not available natively.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Get R Dataset 1.0.0 (connector ids from hetida's component file
/// `data-sources/get-r-dataset_100_80f4f916-….json`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "80f4f916-4568-29bb-3f94-b487b0612232",
    revision_group_id: "80f4f916-4568-29bb-3f94-b487b0612232",
    name: "Get R Dataset",
    category: "Data Sources",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Download an R dataset and obtain it as DataFrame",
    inputs: &[
        PortSpec::new(
            "dataname",
            "b76dd887-094a-f23c-3148-d3f064cce409",
            DataType::String,
        ),
        PortSpec::new(
            "package",
            "0a506794-95f1-c1e9-8152-c951ab93b1f9",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "data",
        "c32362ab-314a-c9e5-a439-830ab93e1672",
        DataType::DataFrame,
    )],
};

/// Get R Dataset as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Get R Dataset: in hetida `statsmodels.datasets.get_rdataset(dataname, package)`
/// downloads `<package>/<dataname>.csv` from the Rdatasets repository on GitHub (plus its
/// documentation and the catalogue) and returns it as a DataFrame. The native engine has
/// neither statsmodels nor network access from components, so running it fails with
/// NotSupportedByNativeEngine naming the component and the requested dataset (after the
/// usual checks that both inputs are strings). Load such data through an adapter or
/// Load Object instead.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let dataname = inputs.str("dataname")?;
    let package = inputs.str("package")?;
    Err(ComponentError::not_supported(format!(
        "{} ({}) needs network access and statsmodels to download the R dataset \
             {package}/{dataname}; not supported by the native engine",
        SPEC.name, SPEC.id
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::Value;
    use std::sync::Arc;

    #[test]
    fn is_not_supported_and_names_the_dataset() {
        let mut i = Inputs::new();
        i.insert("dataname", Arc::new(Value::Str("iris".into())));
        i.insert("package", Arc::new(Value::Str("datasets".into())));
        let e = run(&i).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e.message.starts_with("Get R Dataset (80f4f916-"));
        assert!(e.message.contains("datasets/iris"));
    }

    #[test]
    fn non_string_input_is_a_type_error() {
        let mut i = Inputs::new();
        i.insert("dataname", Arc::new(Value::Int(1)));
        i.insert("package", Arc::new(Value::Str("datasets".into())));
        assert_eq!(run(&i).unwrap_err().type_name, "TypeError");
    }
}
