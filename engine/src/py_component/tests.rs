//! Tests of the Python component reader.

use super::literal::{parse_literal, LitError};
use super::tokenize::Token;
use super::{
    component_from_py, component_from_py_at, py_float_repr, py_json_dumps, python_splitlines,
    seeded_uuid, sha512, Lit, LitKind, Module, Mt19937, PyImportError,
};
use chrono::{DateTime, Utc};
use rheo_core::model::transformation::{
    Content, IoInput, State, TrafoType, TransformationRevision,
};
use rheo_core::model::wiring::WorkflowWiring;
use rheo_core::model::InputType;
use rheo_core::DataType;
use serde_json::Value as Json;
use uuid::Uuid;

/// A component module in hetida's style exercising the literal forms seen in hetida.
const SAMPLE: &str = r##""""Documentation for component "Smooth And Mark"

# Smooth And Mark

## Description
Smooths a series and marks the points outside a band.

## Inputs
- **series** (Pandas Series): the data.
- **window** (Integer): window size, default `5`.

## Outputs
- **smoothed** (Pandas Series): the smoothed data.
"""

# Comments before the imports: COMPONENT_INFO = {"name": "not this one"}
import logging
from functools import wraps

import pandas as pd  # noqa: F401

logger = logging.getLogger(__name__)

SEPARATOR = "=" * 3  # an expression, never evaluated
COMPONENT_INFO: dict  # annotation only, ignored
A = COMPONENT_INFO_ALIAS = {"name": "chained, ignored"}

def log_calls(func):
    """Decorator with a docstring of its own."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        COMPONENT_INFO = {"name": "local, ignored"}  # noqa: F841
        logger.debug("calling %s", func.__name__)
        return func(*args, **kwargs)

    return wrapper

if False:
    COMPONENT_INFO = {"name": "inside if, ignored"}

# ***** DO NOT EDIT LINES BELOW *****
# These lines may be overwritten if component details or inputs/outputs change.
COMPONENT_INFO = {
    "inputs": {
        "series": {"data_type": "SERIES"},
        "window": {"data_type": "INT", "default_value": 5},
        "threshold": {"data_type": "FLOAT", "default_value": -2.5e-3},
        "line_color": {"data_type": "STRING", "default_value": "rgb(40, 251, 0)"},
        "label": {
            "data_type": "STRING",
            "default_value": None,  # null stays null
        },
        "interpolation_params": {
            "data_type": "ANY",
            "default_value": {"method": "time"},
        },
        "flags": {"data_type": "ANY", "default_value": ("a", 1, True)},
        "dropna": {"data_type": "BOOLEAN", "default_value": True},
        "note": {"data_type": "ANY", 'default_value': 'caf\u00e9 "quoted"'},
        "count": {"data_type": "STRING", "default_value": 3},
        "frame": "DATAFRAME",
    },
    "outputs": {
        "smoothed": {"data_type": "SERIES"},
        "plot": "PLOTLYJSON",
    },
    "name": "Smooth " "And " 'Mark',
    "category": "Data " "Quality",
    "description": (
        "Smooths a series and "
        "marks outliers."
    ),
    "version_tag": "1.2.0",
    "id": "4E1A3C2B-5D6F-4A7B-8C9D-0E1F2A3B4C5D",
    "revision_group_id": "{0e1f2a3b-4c5d-4e6f-8a7b-9c8d7e6f5a4b}",
    "state": "RELEASED",
    "released_timestamp": "2023-11-08T16:09:29.370028+01:00",
    "unknown_extra_key": [1, 2, {3, 4}],
}

from hdutils import parse_default_value  # noqa: E402, F401

@log_calls
def main(
    *,
    series,
    window=parse_default_value(COMPONENT_INFO, "window"),
    threshold=-2.5e-3,
    line_color="rgb(40, 251, 0)",
    label=None,
    interpolation_params={"method": "time"},  # noqa: B006
    flags=("a", 1, True),
    dropna=True,
    note='café "quoted"',
    count="3",
    frame,
):
    # entrypoint function for this component
    # ***** DO NOT EDIT LINES ABOVE *****
    smoothed = series.rolling(window).mean()
    text = f"{label!r}: {'x' if dropna else 'y'}"  # f-string with nested quotes
    return {"smoothed": smoothed, "plot": {"data": [], "layout": {"title": text}}}

TEST_WIRING_FROM_PY_FILE_IMPORT = {
    "input_wirings": [
        {
            "workflow_input_name": "series",
            "filters": {
                "value": '{\n    "2020-01-01T01:15:27.000Z": 42.0,\n    "2020-01-01T16:20:00.000Z": 16.1\n}'  # noqa: E501
            },
        },
        {
            "workflow_input_name": "window",
            "adapter_id": "direct_provisioning",
            "use_default_value": True,
        },
    ],
}
RELEASE_WIRING = {"input_wirings": []}
"##;

fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-06T07:08:09.123456Z")
        .unwrap()
        .with_timezone(&Utc)
}

const NOW_ISO: &str = "2024-05-06T07:08:09.123456+00:00";

fn import(source: &str) -> TransformationRevision {
    component_from_py_at(source, fixed_now()).unwrap()
}

fn literal(source: &str) -> Result<Lit, LitError> {
    let module = Module::tokenize(source).unwrap();
    let tokens: Vec<Token<'_>> = module
        .lines
        .iter()
        .flat_map(|l| l.tokens.iter().copied())
        .collect();
    parse_literal(&tokens)
}

fn dumps(source: &str) -> String {
    let mut out = String::new();
    py_json_dumps(&literal(source).unwrap(), &mut out).unwrap();
    out
}

fn input<'t>(t: &'t TransformationRevision, name: &str) -> &'t IoInput {
    t.io_interface
        .inputs
        .iter()
        .find(|i| i.name.as_deref() == Some(name))
        .unwrap()
}

#[test]
fn seeded_uuids_match_python() {
    for (seed, expected) in [
        ("component_input_a", "30a60331-79fd-e818-b345-9553866e30dc"),
        (
            "component_output_sum",
            "3dd971e2-fee2-8f00-3e8f-2e2ef56ccf0b",
        ),
        (
            "component_input_data",
            "5934ab27-c275-f39b-53e6-fe3bc49db2d1",
        ),
        ("x", "99aab4fe-98cf-afc3-50ae-02a8a17b4dd3"),
        ("", "34f68880-986c-eb00-7458-f93cf5d15920"),
        ("ü€😀", "c274771e-cbc3-b6aa-79ae-d84fa8e7591b"),
    ] {
        assert_eq!(seeded_uuid(seed).to_string(), expected, "seed {seed:?}");
    }
}

#[test]
fn appendix_a_ids_of_python_module_components() {
    // workflows.md Appendix A: Plot Time Series and Value Intervals, Display Table 1.0.1.
    for (seed, expected) in [
        (
            "component_input_series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
        ),
        (
            "component_input_value_interval_dict",
            "6faf5462-6098-3cd4-88a4-7e7e753f114a",
        ),
        (
            "component_input_line_color",
            "fc50a7be-a6f3-281a-1373-2e7ba3249dec",
        ),
        (
            "component_input_fill_color",
            "a40d95ab-3035-9bd9-f165-155f810d3e73",
        ),
        (
            "component_output_series_with_intervals",
            "8d770e3d-b01e-1b01-230a-17e314c995b1",
        ),
        (
            "component_input_auto_col_width",
            "e2586ce7-9d4b-de8a-d68f-00031bc351b4",
        ),
    ] {
        assert_eq!(seeded_uuid(seed).to_string(), expected, "seed {seed:?}");
    }
}

#[test]
fn plot_time_series_and_value_intervals_interface() {
    let source = r#""""Documentation for component "Plot Time Series and Value Intervals"

# Plot Time Series and Value Intervals

## Description
Plots the `series` and each value interval in `value_interval_dict`.
"""

import pandas as pd

COMPONENT_INFO = {
    "inputs": {
        "series": {"data_type": "SERIES"},
        "value_interval_dict": {"data_type": "ANY"},
        "line_color": {"data_type": "STRING", "default_value": "rgb(40, 251, 0)"},
        "fill_color": {
            "data_type": "STRING",
            "default_value": "rgba(40, 251, 0, 0.15)",
        },
    },
    "outputs": {
        "series_with_intervals": {"data_type": "PLOTLYJSON"},
    },
    "name": "Plot Time Series and Value Intervals",
    "category": "Visualization",
    "description": "Plots the series and each value interval in value_interval_dict.",
    "version_tag": "1.0.0",
    "id": "9b4ca94e-0e20-4341-bb23-abe73d33c7ab",
    "revision_group_id": "b2c8fc6a-c550-4b4c-94f1-7cec0d87a081",
    "state": "RELEASED",
    "released_timestamp": "2023-11-08T15:09:29.370028+00:00",
}

def main(*, series, value_interval_dict, line_color="rgb(40, 251, 0)", fill_color=None):
    return {"series_with_intervals": {}}
"#;
    let t = import(source);
    assert_eq!(t.id, "9b4ca94e-0e20-4341-bb23-abe73d33c7ab");
    assert_eq!(t.revision_group_id, "b2c8fc6a-c550-4b4c-94f1-7cec0d87a081");
    assert_eq!(
        t.released_timestamp.as_deref(),
        Some("2023-11-08T15:09:29.370028+00:00")
    );
    let ids: Vec<(&str, &str, DataType, InputType, Option<&Json>)> = t
        .io_interface
        .inputs
        .iter()
        .map(|i| {
            (
                i.name.as_deref().unwrap(),
                i.id.as_str(),
                i.data_type,
                i.input_type,
                i.value.as_ref(),
            )
        })
        .collect();
    let line = Json::String("rgb(40, 251, 0)".into());
    let fill = Json::String("rgba(40, 251, 0, 0.15)".into());
    assert_eq!(
        ids,
        vec![
            (
                "series",
                "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
                DataType::Series,
                InputType::Required,
                None
            ),
            (
                "value_interval_dict",
                "6faf5462-6098-3cd4-88a4-7e7e753f114a",
                DataType::Any,
                InputType::Required,
                None
            ),
            (
                "line_color",
                "fc50a7be-a6f3-281a-1373-2e7ba3249dec",
                DataType::String,
                InputType::Optional,
                Some(&line)
            ),
            (
                "fill_color",
                "a40d95ab-3035-9bd9-f165-155f810d3e73",
                DataType::String,
                InputType::Optional,
                Some(&fill)
            ),
        ]
    );
    assert_eq!(t.io_interface.outputs.len(), 1);
    assert_eq!(
        t.io_interface.outputs[0].id,
        "8d770e3d-b01e-1b01-230a-17e314c995b1"
    );
    assert_eq!(t.io_interface.outputs[0].data_type, DataType::PlotlyJson);
    assert!(t
        .documentation
        .as_deref()
        .unwrap()
        .starts_with("# Plot Time Series and Value Intervals\n\n## Description\n"));
}

#[test]
fn realistic_module_every_field() {
    let t = import(SAMPLE);
    assert_eq!(t.id, "4e1a3c2b-5d6f-4a7b-8c9d-0e1f2a3b4c5d");
    assert_eq!(t.revision_group_id, "0e1f2a3b-4c5d-4e6f-8a7b-9c8d7e6f5a4b");
    assert_eq!(t.name, "Smooth And Mark");
    assert_eq!(
        t.description.as_deref(),
        Some("Smooths a series and marks outliers.")
    );
    assert_eq!(t.category.as_deref(), Some("Data Quality"));
    assert_eq!(t.version_tag, "1.2.0");
    assert_eq!(t.state, State::Released);
    assert_eq!(t.trafo_type, TrafoType::Component);
    assert_eq!(
        t.released_timestamp.as_deref(),
        Some("2023-11-08T15:09:29.370028+00:00")
    );
    assert_eq!(t.disabled_timestamp, None);
    assert_eq!(
        t.documentation.as_deref(),
        Some(
            "# Smooth And Mark\n\n## Description\nSmooths a series and marks the points \
                 outside a band.\n\n## Inputs\n- **series** (Pandas Series): the data.\n- \
                 **window** (Integer): window size, default `5`.\n\n## Outputs\n- **smoothed** \
                 (Pandas Series): the smoothed data."
        )
    );
    assert_eq!(t.content, Content::Code(SAMPLE.to_string()));
    assert!(t.extra.is_empty());

    let expected_inputs: [(&str, &str, DataType, Option<&str>); 11] = [
        (
            "series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
            DataType::Series,
            None,
        ),
        (
            "window",
            "070f7f50-c172-67df-bd85-77d3fdb5082f",
            DataType::Int,
            Some("5"),
        ),
        (
            "threshold",
            "8c92712c-32ea-129a-c5b4-cdcaf58ff64b",
            DataType::Float,
            Some("-0.0025"),
        ),
        (
            "line_color",
            "fc50a7be-a6f3-281a-1373-2e7ba3249dec",
            DataType::String,
            Some("rgb(40, 251, 0)"),
        ),
        (
            "label",
            "fe08db78-d61d-e3c9-1cd7-6656ef99844e",
            DataType::String,
            None,
        ),
        (
            "interpolation_params",
            "50308eef-718d-f477-e8e4-01fe00cdda08",
            DataType::Any,
            Some("{\"method\": \"time\"}"),
        ),
        (
            "flags",
            "2b29e84f-60d5-5c47-04b3-8ccdfcf43716",
            DataType::Any,
            Some("[\"a\", 1, true]"),
        ),
        (
            "dropna",
            "861b0d96-dd41-cad6-3148-e2df8c5194a4",
            DataType::Boolean,
            Some("true"),
        ),
        (
            "note",
            "33d6eeaa-8283-f5a9-6dc7-205992c85d43",
            DataType::Any,
            Some("café \"quoted\""),
        ),
        (
            "count",
            "7bc4849e-fd93-42f7-e796-2e29213c7420",
            DataType::String,
            Some("3"),
        ),
        (
            "frame",
            "01ba5020-2dec-d000-4d94-7c551b48fe8e",
            DataType::DataFrame,
            None,
        ),
    ];
    assert_eq!(t.io_interface.inputs.len(), expected_inputs.len());
    for (got, (name, id, data_type, value)) in t.io_interface.inputs.iter().zip(expected_inputs) {
        assert_eq!(got.name.as_deref(), Some(name));
        assert_eq!(got.id, id, "{name}");
        assert_eq!(got.data_type, data_type, "{name}");
        assert_eq!(got.value, value.map(|v| Json::String(v.into())), "{name}");
        let optional = !matches!(name, "series" | "frame");
        assert_eq!(
            got.input_type,
            if optional {
                InputType::Optional
            } else {
                InputType::Required
            },
            "{name}"
        );
        assert!(got.extra.is_empty());
    }
    // `None` default: OPTIONAL without a stored value.
    assert_eq!(input(&t, "label").input_type, InputType::Optional);

    let outputs: Vec<(&str, &str, DataType)> = t
        .io_interface
        .outputs
        .iter()
        .map(|o| (o.name.as_deref().unwrap(), o.id.as_str(), o.data_type))
        .collect();
    assert_eq!(
        outputs,
        vec![
            (
                "smoothed",
                "803bde26-e35a-a2ff-0f95-bba73a5a2d74",
                DataType::Series
            ),
            (
                "plot",
                "a71b49a1-279d-887a-270b-17e400495352",
                DataType::PlotlyJson
            ),
        ]
    );

    let wiring = t.test_wiring.unwrap();
    assert_eq!(wiring.input_wirings.len(), 2);
    assert!(wiring.output_wirings.is_empty());
    let first = &wiring.input_wirings[0];
    assert_eq!(first.workflow_input_name, "series");
    assert_eq!(first.adapter_id.key(), "direct_provisioning");
    assert_eq!(
        first.filters.get("value").map(String::as_str),
        Some(
            "{\n    \"2020-01-01T01:15:27.000Z\": 42.0,\n    \"2020-01-01T16:20:00.000Z\": 16.1\n}"
        )
    );
    assert!(wiring.input_wirings[1].use_default_value);
}

#[test]
fn missing_keys_get_hetida_defaults() {
    let t = import("import pandas as pd\n\n\ndef main():\n    return {}\n");
    assert_eq!(t.name, "Unnamed Component");
    assert_eq!(t.description.as_deref(), Some("No description provided"));
    assert_eq!(t.category.as_deref(), Some("Other"));
    assert_eq!(t.version_tag, "1.0.0");
    assert_eq!(t.state, State::Released);
    assert_eq!(t.released_timestamp.as_deref(), Some(NOW_ISO));
    assert_eq!(t.disabled_timestamp, None);
    assert_eq!(t.documentation.as_deref(), Some(""));
    assert!(t.io_interface.inputs.is_empty());
    assert!(t.io_interface.outputs.is_empty());
    assert_eq!(t.test_wiring, Some(WorkflowWiring::default()));
    let id = Uuid::parse_str(&t.id).unwrap();
    let group = Uuid::parse_str(&t.revision_group_id).unwrap();
    assert_eq!(id.get_version_num(), 4);
    assert_ne!(id, group);
    // A second import draws fresh random ids.
    assert_ne!(import("x = 1\n").id, t.id);

    // Partial info: only what is given is taken.
    let t = import("'''Doc\nsecond\nthird line\nfourth'''\nCOMPONENT_INFO = {'name': 'Only Name', 'inputs': {'a': 'INT'}}\n");
    assert_eq!(t.name, "Only Name");
    assert_eq!(t.category.as_deref(), Some("Other"));
    assert_eq!(t.documentation.as_deref(), Some("third line\nfourth"));
    assert_eq!(
        t.io_interface.inputs[0].id,
        "30a60331-79fd-e818-b345-9553866e30dc"
    );
    assert_eq!(t.io_interface.inputs[0].input_type, InputType::Required);
    assert_eq!(t.io_interface.inputs[0].value, None);
}

#[test]
fn draft_and_disabled_timestamps() {
    let draft = import("COMPONENT_INFO = {'state': 'DRAFT'}\n");
    assert_eq!(draft.state, State::Draft);
    assert_eq!(draft.released_timestamp, None);
    assert_eq!(draft.disabled_timestamp, None);

    let disabled = import("COMPONENT_INFO = {'state': 'DISABLED'}\n");
    assert_eq!(disabled.state, State::Disabled);
    assert_eq!(disabled.released_timestamp.as_deref(), Some(NOW_ISO));
    assert_eq!(disabled.disabled_timestamp.as_deref(), Some(NOW_ISO));

    let given = import(
        "COMPONENT_INFO = {\n    'state': 'DISABLED',\n    'released_timestamp': \
             '2022-02-09T17:33:32.478184+00:00',\n    'disabled_timestamp': \
             '2023-01-01T00:00:00Z',\n}\n",
    );
    assert_eq!(
        given.released_timestamp.as_deref(),
        Some("2022-02-09T17:33:32.478184+00:00")
    );
    assert_eq!(
        given.disabled_timestamp.as_deref(),
        Some("2023-01-01T00:00:00+00:00")
    );

    // DISABLED with only a disabled timestamp: hetida fills the missing released
    // timestamp with "now" before validating.
    let only_disabled = import(
            "COMPONENT_INFO = {'state': 'DISABLED', 'disabled_timestamp': '2023-01-01T10:00:00.5+02:00'}\n",
        );
    assert_eq!(
        only_disabled.disabled_timestamp.as_deref(),
        Some("2023-01-01T08:00:00.500000+00:00")
    );
    assert_eq!(only_disabled.released_timestamp.as_deref(), Some(NOW_ISO));
    // An explicit `None` released timestamp of a DISABLED component: released = disabled.
    let explicit_none = import(
            "COMPONENT_INFO = {'state': 'DISABLED', 'released_timestamp': None, 'disabled_timestamp': '2023-01-01T10:00:00+02:00'}\n",
        );
    assert_eq!(
        explicit_none.released_timestamp.as_deref(),
        Some("2023-01-01T08:00:00+00:00")
    );
    assert_eq!(
        explicit_none.released_timestamp,
        explicit_none.disabled_timestamp
    );

    let err = component_from_py_at(
            "\nCOMPONENT_INFO = {\n    'state': 'DRAFT',\n    'released_timestamp': '2022-01-01T00:00:00+00:00',\n}\n",
            fixed_now(),
        )
        .unwrap_err();
    assert!(
        matches!(err, PyImportError::InvalidInfo { line: 4, .. }),
        "{err}"
    );
    let err = component_from_py_at(
        "COMPONENT_INFO = {'state': 'RELEASED', 'released_timestamp': None}\n",
        fixed_now(),
    )
    .unwrap_err();
    assert!(
        matches!(err, PyImportError::InvalidInfo { line: 1, .. }),
        "{err}"
    );
    let err =
        component_from_py_at("COMPONENT_INFO = {'state': 'released'}\n", fixed_now()).unwrap_err();
    assert!(err.to_string().contains("'state'"), "{err}");
}

#[test]
fn malformed_literals_report_lines() {
    let source = "\"\"\"Doc\"\"\"\nimport os\n\nCOMPONENT_INFO = {\n    \"name\": \"X\",\n    \"category\": os.getcwd(),\n}\n";
    let err = component_from_py(source).unwrap_err();
    assert_eq!(
        err,
        PyImportError::NotLiteral {
            variable: "COMPONENT_INFO".into(),
            line: 6,
            message: "name 'os' is not allowed in a literal".into(),
        }
    );
    assert!(err.to_string().starts_with("line 6: "), "{err}");

    // Unbalanced: the dict never closes before the next statement.
    let err =
        component_from_py("COMPONENT_INFO = {\n    'name': 'X',\n    'a' 'b'\n}\n").unwrap_err();
    assert!(
        matches!(err, PyImportError::Syntax { line: 4, .. }),
        "{err}"
    );

    let err = component_from_py("x = 1\nCOMPONENT_INFO = {'name': 'unterminated}\n").unwrap_err();
    assert!(
        matches!(err, PyImportError::Syntax { line: 2, .. }),
        "{err}"
    );

    let err = component_from_py("COMPONENT_INFO = {\n 'name': \"bad \\x4 escape\"}\n").unwrap_err();
    assert!(
        matches!(err, PyImportError::Syntax { line: 2, .. }),
        "{err}"
    );

    let err = component_from_py("COMPONENT_INFO = {'name': 'a' + 'b'}\n").unwrap_err();
    assert!(
        matches!(err, PyImportError::NotLiteral { line: 1, .. }),
        "{err}"
    );

    let err = component_from_py("COMPONENT_INFO = {'inputs': {'a': 'NUMBER'}}").unwrap_err();
    assert!(
        err.to_string().contains("unknown data type \"NUMBER\""),
        "{err}"
    );

    let err =
        component_from_py("COMPONENT_INFO = {'inputs': {'a': {'default_value': 1}}}").unwrap_err();
    assert!(err.to_string().contains("has no \"data_type\""), "{err}");

    let err = component_from_py("COMPONENT_INFO = {'inputs': {'not valid': 'INT'}}").unwrap_err();
    assert!(err.to_string().contains("identifier"), "{err}");

    let err = component_from_py("COMPONENT_INFO = ['not', 'a', 'dict']").unwrap_err();
    assert!(
        err.to_string().contains("must be a dict, not list"),
        "{err}"
    );

    let err = component_from_py(
        "COMPONENT_INFO = {\n'inputs': {'a': {'data_type': 'ANY', 'default_value': {1, 2}}}}",
    )
    .unwrap_err();
    assert!(
        matches!(err, PyImportError::InvalidInfo { line: 2, .. })
            && err.to_string().contains("set is not JSON serializable"),
        "{err}"
    );

    let err = component_from_py("COMPONENT_INFO = {'type': 'WORKFLOW'}").unwrap_err();
    assert!(err.to_string().contains("'type'"), "{err}");

    let err = component_from_py("COMPONENT_INFO = {'id': 'no-uuid'}").unwrap_err();
    assert!(err.to_string().contains("not a UUID"), "{err}");
}

#[test]
fn module_level_assignment_rules() {
    // First single-target module-level assignment wins; chained, annotated, indented,
    // compound-statement and commented assignments are ignored.
    let source = "# COMPONENT_INFO = {'name': 'comment'}\n\
                      COMPONENT_INFO: dict = {'name': 'annotated'}\n\
                      A = COMPONENT_INFO = {'name': 'chained'}\n\
                      COMPONENT_INFO = B = {'name': 'chained too'}\n\
                      if True: COMPONENT_INFO = {'name': 'compound'}\n\
                      class C:\n    COMPONENT_INFO = {'name': 'class body'}\n\
                      x = 1; COMPONENT_INFO = {'name': 'first'}  # after a semicolon\n\
                      COMPONENT_INFO = {'name': 'second'}\n";
    assert_eq!(import(source).name, "first");

    // Line continuation and CRLF line endings.
    let source = "COMPONENT_INFO = \\\r\n    {'name': 'continued'}\r\n";
    assert_eq!(import(source).name, "continued");
}

#[test]
fn docstring_rules() {
    // Concatenated docstring; escapes are decoded.
    let t = import("\"Title\\n\" 'blank\\n' \"\"\"first\nsecond\"\"\"\nx = 1\n");
    assert_eq!(t.documentation.as_deref(), Some("first\nsecond"));
    // A comment before the docstring is fine; a statement before it is not.
    let t = import("# comment\n\n'''a\nb\nc'''\n");
    assert_eq!(t.documentation.as_deref(), Some("c"));
    let t = import("import os\n'''a\nb\nc'''\n");
    assert_eq!(t.documentation.as_deref(), Some(""));
    // f-strings and string expressions are no docstrings.
    assert_eq!(
        import("f'''a\nb\nc'''\n").documentation.as_deref(),
        Some("")
    );
    assert_eq!(
        import("'''a\nb\n''' + 'c'\n").documentation.as_deref(),
        Some("")
    );
    // Raw docstring keeps backslashes.
    assert_eq!(
        import("r'''a\nb\nc\\d'''\n").documentation.as_deref(),
        Some("c\\d")
    );
}

#[test]
fn test_wiring_rules() {
    let t = import("TEST_WIRING_FROM_PY_FILE_IMPORT = {'input_wirings': [{'workflow_input_name': 'a', 'filters': {'value': None}}], 'output_wirings': [{'workflow_output_name': 'b', 'adapter_id': 1}]}\n");
    let w = t.test_wiring.unwrap();
    assert_eq!(
        w.input_wirings[0].filters.get("value").map(String::as_str),
        Some("")
    );
    assert_eq!(w.output_wirings[0].adapter_id.key(), "direct_provisioning");
    // Not a literal, not a dict, duplicate names, wrong field types → empty wiring.
    for source in [
            "TEST_WIRING_FROM_PY_FILE_IMPORT = make_wiring()\n",
            "TEST_WIRING_FROM_PY_FILE_IMPORT = [1, 2]\n",
            "TEST_WIRING_FROM_PY_FILE_IMPORT = {'input_wirings': [{'workflow_input_name': 'a'}, {'workflow_input_name': 'a'}]}\n",
            "TEST_WIRING_FROM_PY_FILE_IMPORT = {'input_wirings': 5}\n",
        ] {
            assert_eq!(
                import(source).test_wiring,
                Some(WorkflowWiring::default()),
                "{source}"
            );
        }
}

#[test]
fn literal_values_and_python_json_dumps() {
    // Expected output produced by CPython 3.11: json.dumps(ast.literal_eval(src)).
    let src = r#"{"a": (1, -2.5, +3), "b": [True, False, None], "c": "x" "y" 'z', 1: 1e16, 2.0: 0.1, "d": {"n": 1_000, "h": 0xFF, "o": 0o17, "bi": 0b101}, "e": "tab\t\u00e9\x41\101\q\U0001F600", "f": r"raw\n", "g": 1e-5, "h": 123456789012345678.0, "i": 0.000123, "j": 5e-324, "k": 1.7976931348623157e308, "l": (), "m": [], "n": {}, "o": -0.0, "p": 1.5e+16, True: 1, None: .5, "q": 1., "r": 1E3,}"#;
    assert_eq!(
        dumps(src),
        r#"{"a": [1, -2.5, 3], "b": [true, false, null], "c": "xyz", "1": 1, "2.0": 0.1, "d": {"n": 1000, "h": 255, "o": 15, "bi": 5}, "e": "tab\t\u00e9AA\\q\ud83d\ude00", "f": "raw\\n", "g": 1e-05, "h": 1.2345678901234568e+17, "i": 0.000123, "j": 5e-324, "k": 1.7976931348623157e+308, "l": [], "m": [], "n": {}, "o": -0.0, "p": 1.5e+16, "null": 0.5, "q": 1.0, "r": 1000.0}"#
    );
    for (f, repr) in [
        (1.0, "1.0"),
        (100.0, "100.0"),
        (1e15, "1000000000000000.0"),
        (1e16, "1e+16"),
        (123456.789, "123456.789"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1.0 / 3.0, "0.3333333333333333"),
        (2.5e-7, "2.5e-07"),
        (12345678901234567890.0, "1.2345678901234567e+19"),
        (0.0, "0.0"),
        (-0.0001, "-0.0001"),
    ] {
        assert_eq!(py_float_repr(f), repr);
    }
    assert_eq!(dumps("1e999"), "Infinity");
    assert_eq!(dumps("'\\x7f\\x01\\u2028'"), r#""\u007f\u0001\u2028""#);
    assert_eq!(dumps("(1,)"), "[1]");
    assert_eq!(dumps("1, 2,"), "[1, 2]");
    assert_eq!(dumps("((1))"), "1");
    assert_eq!(dumps("[\n  1,  # one\n  2,\n]"), "[1, 2]");
    assert_eq!(dumps("'''a\\\nb'''"), "\"ab\"");
    assert_eq!(
        literal("{1, 1.0, True, 2, set()}").unwrap_err().message,
        "unhashable type: 'set'"
    );
    assert_eq!(
        literal("{1, 1.0, True, 2}").unwrap().kind,
        LitKind::Set(vec![
            Lit {
                line: 1,
                kind: LitKind::Int(1)
            },
            Lit {
                line: 1,
                kind: LitKind::Int(2)
            },
        ])
    );
    assert_eq!(literal("set()").unwrap().kind, LitKind::Set(Vec::new()));
    assert_eq!(
        literal("b'ab' B\"c\"").unwrap().kind,
        LitKind::Bytes("abc".into())
    );
    assert_eq!(literal("-7").unwrap().kind, LitKind::Int(-7));
    assert_eq!(literal("1j").unwrap().kind, LitKind::Unsupported("complex"));
    for bad in [
        "0777",
        "1__0",
        "0x",
        "1e",
        "1.2.3",
        "'a' b'b'",
        "'\\N{DASH}'",
        "'\\ud800'",
    ] {
        let err = literal(bad).unwrap_err();
        assert!(err.invalid_source, "{bad}: {}", err.message);
    }
    for not_literal in [
        "-True",
        "x",
        "f'a'",
        "[1, *x]",
        "{**x}",
        "{[1]: 2}",
        "'a'.upper()",
        "(1) + 2",
    ] {
        let err = literal(not_literal).unwrap_err();
        assert!(!err.invalid_source, "{not_literal}: {}", err.message);
    }
    let mut out = String::new();
    assert!(py_json_dumps(&literal("{(1, 2): 3}").unwrap(), &mut out).is_err());
    assert!(py_json_dumps(&literal("b'x'").unwrap(), &mut out).is_err());
}

#[test]
fn sha512_matches_fips_vectors() {
    fn hex(d: [u8; 64]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }
    assert_eq!(hex(sha512(b"")), "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    assert_eq!(hex(sha512(b"abc")), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    // Padding boundaries (111 and 112 bytes) and a multi-block message.
    assert_eq!(hex(sha512(&[b'a'; 111])), "fa9121c7b32b9e01733d034cfc78cbf67f926c7ed83e82200ef86818196921760b4beff48404df811b953828274461673c68d04e297b0eb7b2b4d60fc6b566a2");
    assert_eq!(hex(sha512(&[b'a'; 112])), "c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568b88fd2d970929b719ecbb152f58f130a407c8830604b70ca");
    let data: Vec<u8> = (0..3).flat_map(|_| 0..=255u8).collect();
    assert_eq!(hex(sha512(&data)), "f1721f49518ee462a3d81def26d81037cd474b4254b85ad7c8f1509594d0177bbb996ee9625813852bacac108c2a72c83a8587050fec1dcda64730d6470953e6");
}

#[test]
fn mt19937_matches_python_random() {
    // random.seed(n); [random.getrandbits(32) for _ in ...] in CPython.
    let mut mt = Mt19937::by_array(&[1]);
    assert_eq!(
        [mt.next_u32(), mt.next_u32(), mt.next_u32()],
        [577_090_037, 2_444_712_010, 3_639_700_191]
    );
    let mut mt = Mt19937::by_array(&[0]);
    assert_eq!(
        [mt.next_u32(), mt.next_u32()],
        [3_626_764_237, 1_654_615_998]
    );
    // 2**200 + 7: seven words, least significant first.
    let mut mt = Mt19937::by_array(&[7, 0, 0, 0, 0, 0, 256]);
    assert_eq!(
        [mt.next_u32(), mt.next_u32()],
        [1_419_238_864, 3_059_065_345]
    );
    // Reference output of init_genrand(5489).
    let mut mt = Mt19937::new(5489);
    assert_eq!(mt.next_u32(), 3_499_211_612);
}

#[test]
fn python_splitlines_like_cpython() {
    assert_eq!(
        python_splitlines("a\nb\r\nc\rd\u{2028}e\n"),
        ["a", "b", "c", "d", "e"]
    );
    assert_eq!(python_splitlines(""), Vec::<&str>::new());
    assert_eq!(python_splitlines("\n\nx"), ["", "", "x"]);
}

#[test]
fn deeply_nested_literals_are_refused_like_python_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("(", ",)"), ("{1: ", "}")] {
        let deep = format!(
            "COMPONENT_INFO = {{'name': {}1{}}}\n",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let err = component_from_py(&deep).unwrap_err();
        assert!(
            err.to_string().contains("too many nested parentheses"),
            "{err}"
        );
    }
    // Python's own limit: 200 brackets parse, 201 do not.
    let ok = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    assert!(literal(&ok).is_ok());
    let too_deep = format!("{}1{}", "[".repeat(201), "]".repeat(201));
    assert!(literal(&too_deep).is_err());
}
