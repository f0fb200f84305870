//! Reading hetida component modules (`.py` files) as data (hetida-compat §11.3).
//!
//! hetida ships 17 of its base components as Python modules instead of JSON revisions. Each
//! carries a literal dict `COMPONENT_INFO` (name, category, ids, inputs/outputs with optional
//! defaults, …), a module docstring with the documentation and optionally a literal
//! `TEST_WIRING_FROM_PY_FILE_IMPORT`. Rheo never executes Python: this module tokenizes the
//! source just far enough to find the module docstring and the module-level assignments, and
//! evaluates their right-hand sides with a parser for exactly the Python literals that
//! `ast.literal_eval` accepts (strings with every quoting/prefix/escape form and implicit
//! concatenation, ints, floats, `True`/`False`/`None`, signed numbers, tuples, lists, dicts,
//! sets). Everything else in the file — imports, functions, decorators, comments — is skipped
//! without being interpreted.
//!
//! The io ids of such components are *seeded* UUIDs ([`seeded_uuid`]), reproducing Python's
//! `random.seed(s); uuid.UUID(int=random.getrandbits(128))` bit for bit (SHA-512 and MT19937
//! are implemented here).
//!
//! Files: this module turns `COMPONENT_INFO` into a transformation revision; `tokenize`
//! finds the docstring and the module-level assignments, `literal` evaluates them,
//! `pyjson` writes them as Python's `json.dumps` would, and `prng` holds SHA-512 and
//! MT19937.

use chrono::{DateTime, Utc};
use rheo_core::model::transformation::{
    Content, IoInput, IoInterface, IoOutput, State, TrafoType, TransformationRevision,
};
use rheo_core::model::wiring::WorkflowWiring;
use rheo_core::model::InputType;
use rheo_core::value::timestamp::{format_isoformat, parse_iso8601};
use rheo_core::value::Tz;
use rheo_core::DataType;
use serde_json::{Map, Value as Json};
use thiserror::Error;
use uuid::Uuid;

mod literal;
mod prng;
mod pyjson;
#[cfg(test)]
mod tests;
mod tokenize;

use literal::{Lit, LitKind};
use prng::{sha512, Mt19937};
use pyjson::{py_float_repr, py_json_dumps, to_json};
use tokenize::{normalize_source, Module};

/// Why a Python component module could not be read.
///
/// Line numbers are 1-based and refer to the module source.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PyImportError {
    /// The source is not valid Python where it had to be read (e.g. an unterminated string,
    /// a malformed escape or number inside `COMPONENT_INFO` or the docstring).
    #[error("line {line}: invalid Python source: {message}")]
    Syntax {
        /// Where the problem is.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The value assigned to a module-level variable is valid Python but not a literal
    /// (e.g. a function call or a name).
    #[error("line {line}: the value of {variable} is not a Python literal: {message}")]
    NotLiteral {
        /// The variable (`COMPONENT_INFO`).
        variable: String,
        /// Where the offending expression is.
        line: usize,
        /// What is not a literal.
        message: String,
    },
    /// `COMPONENT_INFO` is a literal but does not describe a valid component.
    #[error("line {line}: COMPONENT_INFO: {message}")]
    InvalidInfo {
        /// The line of the offending key or value.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a hetida component module (`.py`) into a COMPONENT transformation revision.
///
/// Follows hetida's `transformation_revision_from_python_code` (hetida-compat §11.3):
///
/// * `COMPONENT_INFO` (first module-level single-target assignment, a dict literal) provides
///   `name` ("Unnamed Component"), `description` ("No description provided"), `category`
///   ("Other"), `version_tag` ("1.0.0"), `id` and `revision_group_id` (random when missing),
///   `state` ("RELEASED"), `released_timestamp` (now unless DRAFT) and `disabled_timestamp`
///   (now if DISABLED); given timestamps are normalised to UTC `isoformat()`.
/// * `inputs`/`outputs` map names to a type string or `{"data_type": T, "default_value": v}`;
///   a `default_value` key makes the input OPTIONAL with `value` = the string itself for
///   STRING/ANY string defaults, no value for `None`, otherwise Python's `json.dumps(v)`.
///   Io ids are `seeded_uuid("component_input_<name>")` / `seeded_uuid("component_output_<name>")`.
/// * `documentation` is the module docstring without its first two lines.
/// * `content` is the whole source; `test_wiring` comes from `TEST_WIRING_FROM_PY_FILE_IMPORT`
///   (empty when missing, not a literal or not a valid wiring).
pub fn component_from_py(source: &str) -> Result<TransformationRevision, PyImportError> {
    component_from_py_at(source, Utc::now())
}

/// Python's `random.seed(s); uuid.UUID(int=random.getrandbits(128))` — hetida's
/// `get_uuid_from_seed`, used for the io ids of components created from code.
///
/// The seed integer is the big-endian number of `utf8(s) ‖ SHA-512(utf8(s))`; its 32-bit
/// words (least significant first, without leading zero words) key MT19937's
/// `init_by_array`, and four outputs w0..w3 form `w0 | w1<<32 | w2<<64 | w3<<96`.
/// The result carries no RFC-4122 version bits.
pub fn seeded_uuid(s: &str) -> Uuid {
    let mut bytes = s.as_bytes().to_vec();
    bytes.extend_from_slice(&sha512(s.as_bytes()));
    // Big-endian integer → 32-bit words, least significant first.
    let mut words: Vec<u32> = bytes
        .rchunks(4)
        .map(|chunk| chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
        .collect();
    while words.len() > 1 && words.last() == Some(&0) {
        words.pop();
    }
    let mut mt = Mt19937::by_array(&words);
    let mut n: u128 = 0;
    for i in 0..4 {
        n |= u128::from(mt.next_u32()) << (32 * i);
    }
    Uuid::from_u128(n)
}

// ---------------------------------------------------------------------------------------------
// Building the revision
// ---------------------------------------------------------------------------------------------

/// Keys hetida sets itself; `COMPONENT_INFO` repeating them makes hetida's import fail.
const RESERVED_INFO_KEYS: [&str; 5] = [
    "type",
    "documentation",
    "content",
    "io_interface",
    "test_wiring",
];

fn component_from_py_at(
    source: &str,
    now: DateTime<Utc>,
) -> Result<TransformationRevision, PyImportError> {
    let normalized = normalize_source(source);
    let module = Module::tokenize(&normalized)?;

    let docstring = module.docstring()?.unwrap_or_default();
    let documentation = python_splitlines(&docstring)
        .into_iter()
        .skip(2)
        .collect::<Vec<_>>()
        .join("\n");

    let info = match module.global("COMPONENT_INFO")? {
        None => Info::default(),
        Some(lit) => Info::new(lit)?,
    };

    let name = info.string("name", "Unnamed Component")?;
    let description = info.string("description", "No description provided")?;
    let category = info.string("category", "Other")?;
    let version_tag = info.string("version_tag", "1.0.0")?;
    let id = info.uuid("id")?;
    let revision_group_id = info.uuid("revision_group_id")?;
    let state = info.state()?;
    let now_iso = format_isoformat(
        now.timestamp_nanos_opt()
            .unwrap_or_else(|| now.timestamp_micros().saturating_mul(1000)),
        Tz::Utc,
    );
    let mut released_timestamp = match info.timestamp("released_timestamp")? {
        Some(given) => given,
        None => (state != State::Draft).then(|| now_iso.clone()),
    };
    let disabled_timestamp = match info.timestamp("disabled_timestamp")? {
        Some(given) => given,
        None => (state == State::Disabled).then(|| now_iso.clone()),
    };
    // hetida's state/timestamp validation (hetida-compat §5.1).
    let state_line = info.line_of("state");
    match state {
        State::Draft if released_timestamp.is_some() => {
            return Err(info_error(
                info.line_of("released_timestamp"),
                "a DRAFT component must not have a released_timestamp",
            ))
        }
        State::Released if released_timestamp.is_none() => {
            return Err(info_error(
                state_line,
                "a RELEASED component needs a released_timestamp",
            ))
        }
        State::Released if disabled_timestamp.is_some() => {
            return Err(info_error(
                info.line_of("disabled_timestamp"),
                "a RELEASED component must not have a disabled_timestamp",
            ))
        }
        State::Disabled if disabled_timestamp.is_none() => {
            return Err(info_error(
                info.line_of("disabled_timestamp"),
                "a DISABLED component needs a disabled_timestamp",
            ))
        }
        State::Disabled if released_timestamp.is_none() => {
            released_timestamp.clone_from(&disabled_timestamp);
        }
        _ => {}
    }

    let inputs = info
        .ports("inputs")?
        .iter()
        .map(|(key, value)| io_input(key, value))
        .collect::<Result<Vec<_>, _>>()?;
    let outputs = info
        .ports("outputs")?
        .iter()
        .map(|(key, value)| io_output(key, value))
        .collect::<Result<Vec<_>, _>>()?;

    let test_wiring = match module.global("TEST_WIRING_FROM_PY_FILE_IMPORT") {
        Ok(Some(lit)) => wiring_from_literal(&lit).unwrap_or_default(),
        Ok(None) | Err(PyImportError::NotLiteral { .. }) => WorkflowWiring::default(),
        Err(e) => return Err(e),
    };

    Ok(TransformationRevision {
        id,
        revision_group_id,
        name,
        description: Some(description),
        category: Some(category),
        version_tag,
        released_timestamp,
        disabled_timestamp,
        state,
        trafo_type: TrafoType::Component,
        documentation: Some(documentation),
        content: Content::Code(source.to_string()),
        io_interface: IoInterface {
            inputs,
            outputs,
            extra: Map::new(),
        },
        test_wiring: Some(test_wiring),
        extra: Map::new(),
    })
}

fn info_error(line: usize, message: impl Into<String>) -> PyImportError {
    PyImportError::InvalidInfo {
        line,
        message: message.into(),
    }
}

/// The evaluated `COMPONENT_INFO` dict (empty when the module has none).
#[derive(Default)]
struct Info {
    /// Line of the assignment.
    line: usize,
    /// Entries with string keys.
    entries: Vec<(String, Lit)>,
}

impl Info {
    fn new(lit: Lit) -> Result<Self, PyImportError> {
        let line = lit.line;
        let LitKind::Dict(pairs) = lit.kind else {
            return Err(info_error(
                line,
                format!("must be a dict, not {}", lit.kind.type_name()),
            ));
        };
        let mut entries = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let LitKind::Str(key) = key.kind else {
                return Err(info_error(
                    key.line,
                    format!("keys must be strings, not {}", key.kind.type_name()),
                ));
            };
            if RESERVED_INFO_KEYS.contains(&key.as_str()) {
                return Err(info_error(
                    value.line,
                    format!("key '{key}' is set by the import and must not be given"),
                ));
            }
            entries.push((key, value));
        }
        Ok(Info { line, entries })
    }

    fn get(&self, key: &str) -> Option<&Lit> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn line_of(&self, key: &str) -> usize {
        self.get(key).map_or(self.line, |v| v.line)
    }

    /// A string field; numbers and booleans are converted like pydantic v1 does (`str(v)`).
    fn string(&self, key: &str, default: &str) -> Result<String, PyImportError> {
        let Some(value) = self.get(key) else {
            return Ok(default.to_string());
        };
        match &value.kind {
            LitKind::Str(s) => Ok(s.clone()),
            LitKind::Int(i) => Ok(i.to_string()),
            LitKind::Float(f) => Ok(py_float_repr(*f)),
            LitKind::Bool(b) => Ok(if *b { "True" } else { "False" }.to_string()),
            other => Err(info_error(
                value.line,
                format!("'{key}' must be a string, not {}", other.type_name()),
            )),
        }
    }

    /// A UUID field, normalised to the lower-case hyphenated form; random when missing.
    fn uuid(&self, key: &str) -> Result<String, PyImportError> {
        let Some(value) = self.get(key) else {
            return Ok(Uuid::new_v4().to_string());
        };
        match &value.kind {
            LitKind::Str(s) => Uuid::parse_str(s.trim())
                .map(|u| u.to_string())
                .map_err(|e| info_error(value.line, format!("'{key}' is not a UUID: {e}"))),
            other => Err(info_error(
                value.line,
                format!("'{key}' must be a UUID string, not {}", other.type_name()),
            )),
        }
    }

    fn state(&self) -> Result<State, PyImportError> {
        let Some(value) = self.get("state") else {
            return Ok(State::Released);
        };
        match &value.kind {
            LitKind::Str(s) if s == "DRAFT" => Ok(State::Draft),
            LitKind::Str(s) if s == "RELEASED" => Ok(State::Released),
            LitKind::Str(s) if s == "DISABLED" => Ok(State::Disabled),
            other => Err(info_error(
                value.line,
                format!(
                    "'state' must be \"DRAFT\", \"RELEASED\" or \"DISABLED\", not {}",
                    other.describe()
                ),
            )),
        }
    }

    /// `None` when the key is missing, `Some(None)` for an explicit `None`, otherwise the
    /// timestamp normalised to UTC `isoformat()` (naive timestamps are taken as UTC).
    fn timestamp(&self, key: &str) -> Result<Option<Option<String>>, PyImportError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        match &value.kind {
            LitKind::None => Ok(Some(None)),
            LitKind::Str(s) => match parse_iso8601(s.trim()) {
                Some(ts) => Ok(Some(Some(format_isoformat(ts.ns, Tz::Utc)))),
                None => Err(info_error(
                    value.line,
                    format!("'{key}' is not an ISO datetime: {s:?}"),
                )),
            },
            other => Err(info_error(
                value.line,
                format!(
                    "'{key}' must be an ISO datetime string, not {}",
                    other.type_name()
                ),
            )),
        }
    }

    /// The `inputs`/`outputs` dict as (name literal, info literal) pairs.
    fn ports(&self, key: &str) -> Result<&[(Lit, Lit)], PyImportError> {
        let Some(value) = self.get(key) else {
            return Ok(&[]);
        };
        match &value.kind {
            LitKind::Dict(pairs) => Ok(pairs),
            other => Err(info_error(
                value.line,
                format!("'{key}' must be a dict, not {}", other.type_name()),
            )),
        }
    }
}

/// One `inputs`/`outputs` entry of `COMPONENT_INFO`.
struct Port<'l> {
    name: &'l str,
    data_type: DataType,
    /// The entry's dict when it is not a bare type string.
    dict: Option<&'l [(Lit, Lit)]>,
}

/// Validates name and data type of one `inputs`/`outputs` entry.
fn port_basics<'l>(kind: &str, key: &'l Lit, value: &'l Lit) -> Result<Port<'l>, PyImportError> {
    let LitKind::Str(name) = &key.kind else {
        return Err(info_error(
            key.line,
            format!("{kind} names must be strings, not {}", key.kind.type_name()),
        ));
    };
    if !is_python_identifier(name) {
        return Err(info_error(
            key.line,
            format!("{kind} name {name:?} is not a valid Python identifier"),
        ));
    }
    let (type_lit, dict) = match &value.kind {
        LitKind::Str(_) => (value, None),
        LitKind::Dict(pairs) => match dict_get(pairs, "data_type") {
            Some(t) => (t, Some(pairs.as_slice())),
            None => {
                return Err(info_error(
                    value.line,
                    format!("{kind} '{name}' has no \"data_type\""),
                ))
            }
        },
        other => {
            return Err(info_error(
                value.line,
                format!(
                    "{kind} '{name}' must be a data type string or a dict with \"data_type\", \
                     not {}",
                    other.type_name()
                ),
            ))
        }
    };
    let data_type = match &type_lit.kind {
        LitKind::Str(t) => DataType::parse(t).ok_or_else(|| {
            info_error(
                type_lit.line,
                format!("{kind} '{name}' has unknown data type {t:?}"),
            )
        })?,
        other => {
            return Err(info_error(
                type_lit.line,
                format!(
                    "{kind} '{name}': data_type must be a string, not {}",
                    other.type_name()
                ),
            ))
        }
    };
    Ok(Port {
        name,
        data_type,
        dict,
    })
}

fn io_input(key: &Lit, value: &Lit) -> Result<IoInput, PyImportError> {
    let Port {
        name,
        data_type,
        dict,
    } = port_basics("input", key, value)?;
    let default = dict.and_then(|pairs| dict_get(pairs, "default_value"));
    let (input_type, value) = match default {
        None => (InputType::Required, None),
        Some(default) => (
            InputType::Optional,
            stored_default(data_type, default).map_err(|message| {
                info_error(
                    default.line,
                    format!("default_value of input '{name}': {message}"),
                )
            })?,
        ),
    };
    Ok(IoInput {
        id: seeded_uuid(&format!("component_input_{name}")).to_string(),
        name: Some(name.to_string()),
        data_type,
        input_type,
        value,
        extra: Map::new(),
    })
}

fn io_output(key: &Lit, value: &Lit) -> Result<IoOutput, PyImportError> {
    let Port {
        name, data_type, ..
    } = port_basics("output", key, value)?;
    Ok(IoOutput {
        id: seeded_uuid(&format!("component_output_{name}")).to_string(),
        name: Some(name.to_string()),
        data_type,
        extra: Map::new(),
    })
}

/// hetida's `get_json_default_value_from_python_object`: the stored `value` of an input.
fn stored_default(data_type: DataType, default: &Lit) -> Result<Option<Json>, String> {
    match &default.kind {
        LitKind::None => Ok(None),
        LitKind::Str(s) if matches!(data_type, DataType::String | DataType::Any) => {
            Ok(Some(Json::String(s.clone())))
        }
        _ => {
            let mut text = String::new();
            py_json_dumps(default, &mut text)?;
            Ok(Some(Json::String(text)))
        }
    }
}

/// The test wiring from a literal; `None` when it is not a valid wiring.
fn wiring_from_literal(lit: &Lit) -> Option<WorkflowWiring> {
    let mut json = to_json(lit).ok()?;
    let object = json.as_object_mut()?;
    for (list_key, name_key) in [
        ("input_wirings", "workflow_input_name"),
        ("output_wirings", "workflow_output_name"),
    ] {
        let Some(list) = object.get_mut(list_key) else {
            continue;
        };
        let list = list.as_array_mut()?;
        let mut names = std::collections::HashSet::new();
        for wiring in list {
            let wiring = wiring.as_object_mut()?;
            // hetida's wiring models default the adapter to direct provisioning.
            wiring
                .entry("adapter_id")
                .or_insert_with(|| Json::String("direct_provisioning".to_string()));
            // hetida refuses duplicate names in one wiring list.
            if !names.insert(wiring.get(name_key)?.as_str()?.to_string()) {
                return None;
            }
        }
    }
    serde_json::from_value(json).ok()
}

fn dict_get<'l>(pairs: &'l [(Lit, Lit)], key: &str) -> Option<&'l Lit> {
    pairs
        .iter()
        .find(|(k, _)| matches!(&k.kind, LitKind::Str(s) if s == key))
        .map(|(_, v)| v)
}

const PYTHON_KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `str.isidentifier()` and not a keyword (hetida's `valid_python_identifier`).
fn is_python_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !PYTHON_KEYWORDS.contains(&s)
}

/// Python's `str.splitlines()` (without keeping the line ends).
fn python_splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(&s[start..i]);
        start = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = chars.peek() {
                chars.next();
                start = j + 1;
            }
        }
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Tokenizing the module
// ---------------------------------------------------------------------------------------------
