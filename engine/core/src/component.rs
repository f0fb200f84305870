//! The [`Component`] trait native operators implement, and the static [`ComponentSpec`]
//! that names their hetida id and ports.

use crate::error::ComponentError;
pub use crate::model::transformation::State;
use crate::value::{SeriesValue, Shared, Value};
use crate::DataType;
use indexmap::IndexMap;

/// One input or output port of a component, exactly as in hetida's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortSpec {
    /// Port name (the keyword argument name in hetida).
    pub name: &'static str,
    /// Connector id of hetida's component revision (operators in workflows copy it).
    pub id: &'static str,
    /// Declared data type.
    pub data_type: DataType,
    /// For OPTIONAL inputs: the default as a JSON literal (`null`, `0.5`, `"text"`);
    /// `None` for REQUIRED inputs and outputs.
    pub default: Option<&'static str>,
}

impl PortSpec {
    /// A required input or an output.
    pub const fn new(name: &'static str, id: &'static str, data_type: DataType) -> Self {
        PortSpec {
            name,
            id,
            data_type,
            default: None,
        }
    }

    /// An optional input with a default given as a JSON literal.
    pub const fn optional(
        name: &'static str,
        id: &'static str,
        data_type: DataType,
        default: &'static str,
    ) -> Self {
        PortSpec {
            name,
            id,
            data_type,
            default: Some(default),
        }
    }
}

/// Identity and interface of a component revision, as registered in hetida.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentSpec {
    /// Transformation revision id (what workflows reference).
    pub id: &'static str,
    /// Revision group id.
    pub revision_group_id: &'static str,
    /// Component name.
    pub name: &'static str,
    /// Category (e.g. "Connectors").
    pub category: &'static str,
    /// Version tag (e.g. "1.0.0").
    pub version_tag: &'static str,
    /// hetida state.
    pub state: State,
    /// One-line description.
    pub description: &'static str,
    /// Inputs in interface order.
    pub inputs: &'static [PortSpec],
    /// Outputs in interface order.
    pub outputs: &'static [PortSpec],
}

impl ComponentSpec {
    /// Whether hetida treats the component as pure plot (≥1 output, all PLOTLYJSON).
    pub fn is_pure_plot(&self) -> bool {
        !self.outputs.is_empty()
            && self
                .outputs
                .iter()
                .all(|o| o.data_type == DataType::PlotlyJson)
    }
}

/// A native operator implementation, registered under its hetida id.
pub trait Component: Send + Sync {
    /// The component's identity and ports.
    fn spec(&self) -> &'static ComponentSpec;

    /// Computes the outputs from the inputs. Inputs are shared, never copied; a component
    /// that passes a value through returns the same [`Shared`].
    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError>;
}

/// The signature of a component that is a plain function of its inputs.
pub type RunFn = fn(&Inputs) -> Result<Outputs, ComponentError>;

/// A component that keeps no state: its identity and the function that computes it. Nearly
/// every native component is one (a file with a `SPEC` static and a `run` function), so a
/// new component needs no type and no trait impl of its own.
#[derive(Clone, Copy)]
pub struct FnComponent {
    spec: &'static ComponentSpec,
    run: RunFn,
}

impl FnComponent {
    /// Pairs a spec with its function (a `const fn`, so components can be statics).
    pub const fn new(spec: &'static ComponentSpec, run: RunFn) -> Self {
        Self { spec, run }
    }
}

impl std::fmt::Debug for FnComponent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnComponent")
            .field("id", &self.spec.id)
            .field("name", &self.spec.name)
            .finish()
    }
}

impl Component for FnComponent {
    fn spec(&self) -> &'static ComponentSpec {
        self.spec
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        (self.run)(inputs)
    }
}

/// Output values by port name, in the order the component produced them.
pub type Outputs = IndexMap<&'static str, Shared>;

/// Constructors of [`Outputs`] (a map type from another crate cannot carry inherent ones;
/// bring this trait into scope to call `Outputs::single`).
pub trait OutputsExt {
    /// The outputs of a component with the single output `name`.
    fn single(name: &'static str, value: Value) -> Self;
}

impl OutputsExt for Outputs {
    fn single(name: &'static str, value: Value) -> Self {
        let mut out = Outputs::with_capacity(1);
        out.insert(name, std::sync::Arc::new(value));
        out
    }
}

/// The values an operator receives, by input name, with typed accessors that produce
/// hetida-like errors naming the input.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    values: IndexMap<String, Shared>,
    /// Outputs some consumer reads; `None` means all of them.
    demand: Option<Vec<&'static str>>,
}

impl Inputs {
    /// Empty inputs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets an input.
    pub fn insert(&mut self, name: impl Into<String>, value: Shared) {
        self.values.insert(name.into(), value);
    }

    /// Tells the component which of its outputs are read by anyone (the engine knows the
    /// graph); outputs outside the set need not be computed or returned.
    pub fn set_demand(&mut self, outputs: Vec<&'static str>) {
        self.demand = Some(outputs);
    }

    /// Whether output `name` is read by anyone. Components call this to skip expensive
    /// outputs nobody consumes (e.g. a prediction series only a skipped plot would read).
    pub fn wants(&self, name: &str) -> bool {
        self.demand.as_ref().is_none_or(|d| d.contains(&name))
    }

    /// Number of inputs present.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no input is present.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Names of the inputs present.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The shared value of an input, if present.
    pub fn get(&self, name: &str) -> Option<&Shared> {
        self.values.get(name)
    }

    /// The shared value of a required input.
    pub fn shared(&self, name: &str) -> Result<&Shared, ComponentError> {
        self.values.get(name).ok_or_else(|| {
            ComponentError::type_error(format!("main() missing required argument: '{name}'"))
        })
    }

    /// A required input as a value reference.
    pub fn value(&self, name: &str) -> Result<&Value, ComponentError> {
        self.shared(name).map(|v| v.as_ref())
    }

    /// A SERIES input.
    pub fn series(&self, name: &str) -> Result<&SeriesValue, ComponentError> {
        match self.value(name)? {
            Value::Series(s) => Ok(s),
            other => Err(wrong_kind(name, "a series", other)),
        }
    }

    /// A FLOAT input (ints are accepted, as Python would).
    pub fn float(&self, name: &str) -> Result<f64, ComponentError> {
        match self.value(name)? {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(f64::from(u8::from(*b))),
            other => Err(wrong_kind(name, "a number", other)),
        }
    }

    /// An INT input.
    pub fn int(&self, name: &str) -> Result<i64, ComponentError> {
        match self.value(name)? {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            other => Err(wrong_kind(name, "an integer", other)),
        }
    }

    /// A STRING input.
    pub fn str(&self, name: &str) -> Result<&str, ComponentError> {
        match self.value(name)? {
            Value::Str(s) => Ok(s),
            other => Err(wrong_kind(name, "a string", other)),
        }
    }

    /// A STRING input that may be null.
    pub fn opt_str(&self, name: &str) -> Result<Option<&str>, ComponentError> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Str(s) => Ok(Some(s)),
            other => Err(wrong_kind(name, "a string or null", other)),
        }
    }

    /// An optional input: `None` when absent or null.
    pub fn opt(&self, name: &str) -> Option<&Value> {
        match self.get(name).map(|v| v.as_ref()) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// An optional BOOLEAN input with a default (an integer counts as Python's truth value).
    pub fn opt_bool(&self, name: &str, default: bool) -> Result<bool, ComponentError> {
        match self.opt(name) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => self.int(name).map(|i| i != 0),
        }
    }

    /// An optional FLOAT input with a default.
    pub fn opt_float(&self, name: &str, default: f64) -> Result<f64, ComponentError> {
        match self.opt(name) {
            None => Ok(default),
            Some(_) => self.float(name),
        }
    }

    /// An optional INT input with a default.
    pub fn opt_int(&self, name: &str, default: i64) -> Result<i64, ComponentError> {
        match self.opt(name) {
            None => Ok(default),
            Some(_) => self.int(name),
        }
    }
}

fn wrong_kind(name: &str, expected: &str, got: &Value) -> ComponentError {
    ComponentError::type_error(format!(
        "input '{name}' must be {expected}, got {}",
        got.kind_name()
    ))
}
