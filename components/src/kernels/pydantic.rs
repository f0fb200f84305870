//! pydantic v1 coercions the validating components share (their error texts differ, so
//! each maps `CoercionError` into its own).

use rheo_core::value::parse::bool_word;
use serde_json::Value as Json;

/// Why a value did not coerce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoercionError {
    /// `null` for a required field ("none is not an allowed value").
    None,
    /// Any other value pydantic refuses ("value could not be parsed to a boolean").
    Invalid,
}

/// pydantic v1 `bool`: booleans, the numbers 0 and 1, and the words of [`bool_word`].
pub(crate) fn bool_value(v: &Json) -> Result<bool, CoercionError> {
    match v {
        Json::Null => Err(CoercionError::None),
        Json::Bool(b) => Ok(*b),
        Json::Number(n) => match n.as_f64() {
            Some(0.0) => Ok(false),
            Some(1.0) => Ok(true),
            _ => Err(CoercionError::Invalid),
        },
        Json::String(s) => bool_word(s).ok_or(CoercionError::Invalid),
        _ => Err(CoercionError::Invalid),
    }
}
