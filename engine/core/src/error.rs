//! Errors shared by components, adapters and the engine.

use serde_json::Value as Json;
use thiserror::Error;

/// A value could not be parsed into the requested hetida data type.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{message}")]
pub struct ParseError {
    /// Human-readable reason, in hetida's wording where one exists.
    pub message: String,
}

impl ParseError {
    /// Builds a parse error from any message.
    pub fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
        }
    }
}

/// An error raised by a component while computing; reported in the failure result with the
/// operator's hierarchical name and id added by the engine.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{type_name}: {message}")]
pub struct ComponentError {
    /// The exception class hetida would report (`ValueError`, `ZeroDivisionError`,
    /// `ComponentInputValidationException`, `NotSupportedByNativeEngine`, …).
    pub type_name: String,
    /// The message text.
    pub message: String,
    /// hetida's `error_code` (only for component exceptions raised on purpose); boxed to
    /// keep `Result<_, ComponentError>` small on the success path.
    pub error_code: Option<Box<Json>>,
    /// hetida's `extra_information` (boxed for the same reason).
    pub extra_information: Option<Box<Json>>,
    /// The Python traceback of an exception raised by component code run in Python (the
    /// response's `traceback`); `None` for native components.
    pub traceback: Option<Box<String>>,
}

impl ComponentError {
    /// An error of the given hetida/Python exception type.
    pub fn new(type_name: impl Into<String>, message: impl Into<String>) -> Self {
        ComponentError {
            type_name: type_name.into(),
            message: message.into(),
            error_code: None,
            extra_information: None,
            traceback: None,
        }
    }

    /// A `ValueError`, the most common error class of pandas/numpy code.
    pub fn value_error(message: impl Into<String>) -> Self {
        Self::new("ValueError", message)
    }

    /// The error of something hetida can do that the native engine cannot
    /// (`NotSupportedByNativeEngine`), so that callers see it is a limit of Rheo, not bad
    /// input.
    pub fn not_supported(message: impl Into<String>) -> Self {
        Self::new("NotSupportedByNativeEngine", message)
    }

    /// A `TypeError`: an input of the wrong kind reached the component.
    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new("TypeError", message)
    }

    /// hetida's `ComponentInputValidationException` (error code 422, names the bad inputs).
    pub fn input_validation(message: impl Into<String>, inputs: &[&str]) -> Self {
        ComponentError {
            type_name: "ComponentInputValidationException".into(),
            message: message.into(),
            error_code: Some(Box::new(Json::from(422))),
            extra_information: Some(Box::new(
                serde_json::json!({ "invalid_component_inputs": inputs }),
            )),
            traceback: None,
        }
    }
}

/// The message of a caught panic (`&str` or `String` payloads; anything else says so).
///
/// Exists because several readers of outside input contain panics of the libraries they
/// call (corrupt Parquet pages, damaged spreadsheets, adapters) and report them as errors.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}
