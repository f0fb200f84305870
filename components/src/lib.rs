//! `rheo-components`: native Rust implementations of hetida designer's base components,
//! registered under their hetida transformation ids.
//!
//! Layout: one module per hetida category ([`connectors`], [`remaining_useful_life`],
//! [`visualization`], …) and inside it one file per component. Every component file holds a
//! `pub static SPEC: ComponentSpec` (id, names, ports exactly as in hetida's catalogue), a
//! unit struct implementing [`Component`], and its own unit tests. Shared helpers live next
//! to the components: [`freq`] parses pandas frequency strings, [`visualization::plotly`]
//! builds plotly figures, [`hetida_json`] writes transformation revisions in hetida's export
//! format. [`Registry::builtin`] collects all components; [`definition`] turns a spec into
//! the hetida component revision stored under `transformations/components/`.

#![warn(missing_docs)]

pub mod anomaly_detection;
pub mod arithmetic;
pub mod basic;
pub mod basic_arithmetic;
pub mod connectors;
pub mod data_quality;
pub mod data_sinks;
pub mod data_sources;
pub mod elementwise;
pub mod examples;
pub mod filters;
pub mod freq;
pub mod hetida_json;
pub mod index_operations;
pub mod models;
pub mod physics;
pub mod regression;
pub mod remaining_useful_life;
pub mod series_frame;
pub mod statistic;
pub mod testing;
pub mod time_length_operations;
pub mod trigonometric;
pub mod visualization;

use rheo_core::component::{Component, ComponentSpec, PortSpec};
use rheo_core::model::transformation::{
    Content, IoInput, IoInterface, IoOutput, State, TrafoType, TransformationRevision,
};
use rheo_core::model::wiring::WorkflowWiring;
use rheo_core::model::InputType;
use rheo_core::DataType;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::sync::Arc;

/// The native components known to the engine, addressable by hetida id and, as a fallback,
/// by (category, name, version tag).
#[derive(Clone, Default)]
pub struct Registry {
    components: Vec<Arc<dyn Component>>,
    by_id: HashMap<&'static str, usize>,
    by_name: HashMap<(&'static str, &'static str, &'static str), usize>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.components.iter().map(|c| c.spec().id))
            .finish()
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// All components implemented by this crate, in category order.
    pub fn builtin() -> Registry {
        let mut r = Registry::new();
        r.register(Arc::new(connectors::pass_through::PassThrough));
        r.register(Arc::new(connectors::pass_through_float::PassThroughFloat));
        r.register(Arc::new(
            connectors::pass_through_integer::PassThroughInteger,
        ));
        r.register(Arc::new(connectors::pass_through_series::PassThroughSeries));
        r.register(Arc::new(connectors::pass_through_string::PassThroughString));
        r.register(Arc::new(
            connectors::timeseries_dataframe::TimeseriesDataframe,
        ));
        r.register(Arc::new(
            connectors::merge_dataframes_on_single_column::MergeDataFramesOnSingleColumn,
        ));
        r.register(Arc::new(
            connectors::add_timeseries_to_multitsframe::AddTimeseriesToMultiTsFrame,
        ));
        r.register(Arc::new(
            connectors::convert_multitsframe_to_dataframe::ConvertMultiTsFrameToDataFrame,
        ));
        r.register(Arc::new(
            connectors::convert_dataframe_to_multitsframe::ConvertDataFrameToMultiTsFrame,
        ));
        r.register(Arc::new(
            connectors::wrap_keras_model_with_custom_classes::WrapKerasModelWithCustomClasses,
        ));
        r.register(Arc::new(
            connectors::combine_as_named_column_into_dataframe::CombineAsNamedColumnIntoDataFrame,
        ));
        r.register(Arc::new(
            connectors::add_update_value_in_dictionary::AddUpdateValueInDictionary,
        ));
        r.register(Arc::new(
            connectors::combine_into_dataframe::CombineIntoDataFrame,
        ));
        r.register(Arc::new(
            connectors::add_update_attributes_dataframe::AddUpdateAttributesDataFrame,
        ));
        r.register(Arc::new(
            connectors::add_update_attributes_multitsframe::AddUpdateAttributesMultiTsFrame,
        ));
        r.register(Arc::new(
            connectors::add_update_attributes_series::AddUpdateAttributesSeries,
        ));
        r.register(Arc::new(
            connectors::convert_series_to_dataframe::ConvertSeriesToDataFrame,
        ));
        r.register(Arc::new(connectors::dataframe_to_series::DataFrameToSeries));
        r.register(Arc::new(
            connectors::extract_attributes_dataframe::ExtractAttributesDataFrame,
        ));
        r.register(Arc::new(
            connectors::extract_attributes_multitsframe::ExtractAttributesMultiTsFrame,
        ));
        r.register(Arc::new(
            connectors::extract_attributes_series::ExtractAttributesSeries,
        ));
        r.register(Arc::new(connectors::forget::Forget));
        r.register(Arc::new(connectors::name_series::NameSeries));
        r.register(Arc::new(
            connectors::pass_through_boolean::PassThroughBoolean,
        ));
        r.register(Arc::new(
            connectors::pass_through_dataframe::PassThroughDataFrame,
        ));
        r.register(Arc::new(
            connectors::pass_through_multitsframe::PassThroughMultiTsFrame,
        ));
        r.register(Arc::new(
            remaining_useful_life::univariate_linear_rul_regression::UnivariateLinearRulRegression,
        ));
        r.register(Arc::new(
            visualization::rul_regression_result_plot::RulRegressionResultPlot,
        ));
        r.register(Arc::new(
            arithmetic::consecutive_differences::ConsecutiveDifferences,
        ));
        r.register(Arc::new(arithmetic::cumulative_sum::CumulativeSum));
        r.register(Arc::new(arithmetic::derivate::Derivate));
        r.register(Arc::new(arithmetic::e::E));
        r.register(Arc::new(arithmetic::exp::Exp));
        r.register(Arc::new(arithmetic::integrate::Integrate));
        r.register(Arc::new(arithmetic::ln::Ln));
        r.register(Arc::new(arithmetic::log_to_base::LogToBase));
        r.register(Arc::new(arithmetic::modulo::Modulo));
        r.register(Arc::new(arithmetic::nth_root::NthRoot));
        r.register(Arc::new(arithmetic::pi::Pi));
        r.register(Arc::new(arithmetic::power::Power));
        r.register(Arc::new(arithmetic::sqrt::Sqrt));
        r.register(Arc::new(arithmetic::sum_columns::SumColumns));
        r.register(Arc::new(arithmetic::sum_up_series::SumUpSeries));
        r.register(Arc::new(basic::equality::Equality));
        r.register(Arc::new(basic::filter::Filter));
        r.register(Arc::new(basic::first_datetime_index::FirstDatetimeIndex));
        r.register(Arc::new(basic::greater::Greater));
        r.register(Arc::new(basic::greater_or_equal::GreaterOrEqual));
        r.register(Arc::new(basic::inequality::Inequality));
        r.register(Arc::new(basic::last_datetime_index::LastDatetimeIndex));
        r.register(Arc::new(
            basic::restrict_to_time_interval::RestrictToTimeInterval,
        ));
        r.register(Arc::new(
            basic::select_column_from_dataframe::SelectColumnFromDataFrame,
        ));
        r.register(Arc::new(
            basic::series_difference_quotients::SeriesDifferenceQuotients,
        ));
        r.register(Arc::new(basic::smaller::Smaller));
        r.register(Arc::new(basic::smaller_or_equal::SmallerOrEqual));
        r.register(Arc::new(basic_arithmetic::abs::Abs));
        r.register(Arc::new(basic_arithmetic::add::Add));
        r.register(Arc::new(basic_arithmetic::divide::Divide));
        r.register(Arc::new(basic_arithmetic::multiply::Multiply));
        r.register(Arc::new(basic_arithmetic::round::Round));
        r.register(Arc::new(basic_arithmetic::signum::Signum));
        r.register(Arc::new(basic_arithmetic::substract::Substract));
        r.register(Arc::new(trigonometric::arcuscosine::Arcuscosine));
        r.register(Arc::new(trigonometric::arcussine::Arcussine));
        r.register(Arc::new(trigonometric::arcustangent::Arcustangent));
        r.register(Arc::new(trigonometric::cosine::Cosine));
        r.register(Arc::new(trigonometric::sine::Sine));
        r.register(Arc::new(trigonometric::tangent::Tangent));
        statistic::register(&mut r);
        time_length_operations::register(&mut r);
        filters::register(&mut r);
        data_quality::register(&mut r);
        anomaly_detection::register(&mut r);
        regression::register(&mut r);
        models::register(&mut r);
        index_operations::register(&mut r);
        physics::register(&mut r);
        data_sources::register(&mut r);
        data_sinks::register(&mut r);
        testing::register(&mut r);
        examples::register(&mut r);
        visualization::register(&mut r);
        r
    }

    /// Adds a component; a component with the same id replaces the earlier one.
    pub fn register(&mut self, component: Arc<dyn Component>) {
        let spec = component.spec();
        let key = (spec.category, spec.name, spec.version_tag);
        if let Some(&i) = self.by_id.get(spec.id) {
            let old = self.components[i].spec();
            self.by_name
                .remove(&(old.category, old.name, old.version_tag));
            self.components[i] = component;
            self.by_name.insert(key, i);
        } else {
            self.by_id.insert(spec.id, self.components.len());
            self.by_name.insert(key, self.components.len());
            self.components.push(component);
        }
    }

    /// The component registered under a transformation revision id (lower-case, hyphenated).
    pub fn get(&self, id: &str) -> Option<&Arc<dyn Component>> {
        self.by_id.get(id).map(|&i| &self.components[i])
    }

    /// Fallback lookup by category, name and version tag (for revisions whose id is unknown,
    /// e.g. components re-imported under a new id).
    pub fn find(
        &self,
        category: &str,
        name: &str,
        version_tag: &str,
    ) -> Option<&Arc<dyn Component>> {
        self.by_name
            .get(&(category, name, version_tag))
            .map(|&i| &self.components[i])
    }

    /// All components in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Component>> {
        self.components.iter()
    }

    /// Number of registered components.
    pub fn len(&self) -> usize {
        self.components.len()
    }

    /// Whether no component is registered.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }
}

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
///
/// # Panics
/// If `spec.state` is not one of `RELEASED`, `DRAFT`, `DISABLED` (a programming error in a
/// static spec; the registry tests check every spec).
pub fn definition(spec: &ComponentSpec) -> TransformationRevision {
    let state = match spec.state {
        "RELEASED" => State::Released,
        "DRAFT" => State::Draft,
        "DISABLED" => State::Disabled,
        other => panic!("component {}: invalid state {other:?}", spec.id),
    };
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

    #[test]
    fn builtin_registry_is_consistent() {
        let r = Registry::builtin();
        // Every registered component has its own id (no silent replacement).
        let ids: std::collections::HashSet<&str> = r.iter().map(|c| c.spec().id).collect();
        assert_eq!(r.len(), ids.len());
        assert!(r.len() >= 7);
        assert!(!r.is_empty());
        for c in r.iter() {
            let s = c.spec();
            assert!(std::ptr::eq(r.get(s.id).unwrap().spec(), s));
            assert!(std::ptr::eq(
                r.find(s.category, s.name, s.version_tag).unwrap().spec(),
                s
            ));
        }
        assert!(r.get("00000000-0000-0000-0000-000000000000").is_none());
        assert!(r.find("Connectors", "Pass Through", "9.9.9").is_none());
    }

    #[test]
    fn register_replaces_same_id() {
        let mut r = Registry::builtin();
        let n = r.len();
        r.register(Arc::new(connectors::pass_through::PassThrough));
        assert_eq!(r.len(), n);
    }

    #[test]
    fn definition_has_hetida_shape() {
        let d = definition(&connectors::pass_through_series::SPEC);
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
