//! Models trained natively by Rheo (Isolation Forest, Linear Regression) and what the model
//! components need to apply them: the JSON tag that marks such a model, scikit-learn-like
//! input validation of DataFrames, and the NotSupportedByNativeEngine error for anything
//! else (hetida passes pickled scikit-learn objects, which never exist in Rheo).
//!
//! A native model travels between operators (and through Store/Load Object) as a
//! [`Value::Json`] object with the key [`MODEL_KEY`] naming the estimator; see
//! [`IsolationForestModel`]
//! and [`LinearModel`] for the fields.

use crate::kernels::estimators::isolation_forest::IsolationForestModel;
use crate::kernels::estimators::linear::LinearModel;
use rheo_core::component::{ComponentSpec, Inputs};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::{ComponentError, Value};
use serde_json::Value as Json;
use std::borrow::Cow;

/// The key of a native model's JSON object; its value names the estimator
/// (`"IsolationForest"`, `"LinearRegression"`).
pub const MODEL_KEY: &str = "__rheo_native_model__";

/// A model trained natively by a Rheo component.
#[derive(Debug, Clone, PartialEq)]
pub enum NativeModel {
    /// Trained by the Isolation Forest component.
    IsolationForest(IsolationForestModel),
    /// Trained by the Linear Regression component.
    LinearRegression(LinearModel),
}

impl NativeModel {
    /// The `trained_model` input of a model-applying component: a native model, its
    /// malformation error, or NotSupportedByNativeEngine naming the component (`spec`)
    /// for anything else (a pickled scikit-learn object in hetida).
    pub fn from_input(
        spec: &ComponentSpec,
        inputs: &Inputs,
    ) -> Result<NativeModel, ComponentError> {
        NativeModel::from_value(inputs.value("trained_model")?)
            .ok_or_else(|| not_supported(spec))?
    }

    /// The native model a value holds: `None` if it is not a native model JSON at all,
    /// an error if it claims to be one but is malformed.
    pub fn from_value(v: &Value) -> Option<Result<NativeModel, ComponentError>> {
        let Value::Json(j) = v else { return None };
        let kind = j.get(MODEL_KEY)?.as_str()?;
        let malformed =
            |e: String| ComponentError::value_error(format!("malformed native {kind} model: {e}"));
        Some(match kind {
            "IsolationForest" => IsolationForestModel::from_json(j)
                .map(NativeModel::IsolationForest)
                .map_err(malformed),
            "LinearRegression" => LinearModel::from_json(j)
                .map(NativeModel::LinearRegression)
                .map_err(malformed),
            other => Err(ComponentError::value_error(format!(
                "unknown native model kind {other:?}"
            ))),
        })
    }

    /// The scikit-learn class name of the model.
    pub fn class_name(&self) -> &'static str {
        match self {
            NativeModel::IsolationForest(_) => "IsolationForest",
            NativeModel::LinearRegression(_) => "LinearRegression",
        }
    }
}

/// The error of a component that would need a pickled scikit-learn model.
pub fn not_supported(spec: &ComponentSpec) -> ComponentError {
    ComponentError::not_supported(format!(
        "{} ({}) needs a pickled scikit-learn model; not supported by the native engine \
             (only models trained natively by Rheo's Isolation Forest and Linear Regression \
             components can be applied)",
        spec.name, spec.id
    ))
}

/// Builds a JSON number array.
pub(crate) fn json_f64s(v: &[f64]) -> Json {
    Json::Array(v.iter().map(|&x| Json::from(x)).collect())
}

/// Reads a JSON number array.
pub(crate) fn read_f64s(j: &Json, field: &str) -> Result<Vec<f64>, String> {
    j.get(field)
        .and_then(Json::as_array)
        .ok_or_else(|| format!("missing array '{field}'"))?
        .iter()
        .map(|x| x.as_f64().ok_or_else(|| format!("non-number in '{field}'")))
        .collect()
}

/// Reads a JSON integer array.
pub(crate) fn read_i64s(j: &Json, field: &str) -> Result<Vec<i64>, String> {
    j.get(field)
        .and_then(Json::as_array)
        .ok_or_else(|| format!("missing array '{field}'"))?
        .iter()
        .map(|x| {
            x.as_i64()
                .ok_or_else(|| format!("non-integer in '{field}'"))
        })
        .collect()
}

/// Reads a JSON string array.
pub(crate) fn read_strings(j: &Json, field: &str) -> Result<Vec<String>, String> {
    j.get(field)
        .and_then(Json::as_array)
        .ok_or_else(|| format!("missing array '{field}'"))?
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("non-string in '{field}'"))
        })
        .collect()
}

/// The values of a column as floats, as scikit-learn's `check_array` converts them:
/// strings raise ValueError (`could not convert string to float: '<first string>'`),
/// datetimes the TypeError with the message `datetime_message` gives.
pub(crate) fn sklearn_floats(
    col: &Column,
    datetime_message: impl FnOnce() -> String,
) -> Result<Cow<'_, [f64]>, ComponentError> {
    match col.kind() {
        ColumnKind::Str => {
            let first = col
                .str_values()
                .and_then(|v| v.into_iter().flatten().next().map(str::to_string))
                .unwrap_or_default();
            Err(ComponentError::value_error(format!(
                "could not convert string to float: '{first}'"
            )))
        }
        ColumnKind::Datetime => Err(ComponentError::type_error(datetime_message())),
        _ => Ok(col.f64_values().unwrap_or_default()),
    }
}

/// The numeric columns of a DataFrame after scikit-learn's `check_array`: strings and
/// datetimes, NaN, ±inf (or values beyond float32 when `float32`), no rows or no columns
/// raise the ValueErrors scikit-learn raises. `var` is `"X"` or `"y"`; `estimator` the
/// class name used in messages.
pub(crate) fn frame_columns(
    frame: &FrameValue,
    estimator: &str,
    var: &str,
    float32: bool,
) -> Result<Vec<Vec<f64>>, ComponentError> {
    let (rows, cols) = (frame.height(), frame.columns.len());
    let mut out = Vec::with_capacity(cols);
    for col in frame.columns.values() {
        let x = sklearn_floats(col, || {
            format!("{estimator} cannot convert datetime data in {var} to float")
        })?
        .into_owned();
        let limit = if float32 {
            f64::from(f32::MAX)
        } else {
            f64::MAX
        };
        for &v in &x {
            if v.is_nan() {
                return Err(ComponentError::value_error(format!(
                    "Input {var} contains NaN."
                )));
            }
            if v.abs() > limit {
                return Err(ComponentError::value_error(format!(
                    "Input {var} contains infinity or a value too large for dtype('{}').",
                    if float32 { "float32" } else { "float64" }
                )));
            }
        }
        out.push(x);
    }
    if rows == 0 {
        return Err(ComponentError::value_error(format!(
            "Found array with 0 sample(s) (shape=(0, {cols})) while a minimum of 1 is required \
             by {estimator}."
        )));
    }
    if cols == 0 {
        return Err(ComponentError::value_error(format!(
            "Found array with 0 feature(s) (shape=({rows}, 0)) while a minimum of 1 is \
             required by {estimator}."
        )));
    }
    Ok(out)
}

/// scikit-learn's check that the columns of `frame` are the feature names seen in fit.
pub(crate) fn check_feature_names(
    expected: &[String],
    frame: &FrameValue,
) -> Result<(), ComponentError> {
    let got: Vec<&str> = frame.columns.keys().map(String::as_str).collect();
    if got != expected.iter().map(String::as_str).collect::<Vec<_>>() {
        return Err(ComponentError::value_error(format!(
            "The feature names should match those that were passed during fit.\n\
             Feature names seen at fit time: {expected:?}; got: {got:?}"
        )));
    }
    Ok(())
}

/// The DataFrame input `name` of a training component (any other value is a TypeError).
pub(crate) fn frame_input<'a>(
    inputs: &'a Inputs,
    name: &str,
) -> Result<&'a FrameValue, ComponentError> {
    match inputs.value(name)? {
        Value::Frame(f) => Ok(f),
        other => Err(ComponentError::type_error(format!(
            "input '{name}' must be a DataFrame, got {}",
            other.kind_name()
        ))),
    }
}

/// The DataFrame an estimator is applied to (scikit-learn refuses 1-D data).
pub(crate) fn data_frame<'a>(v: &'a Value, name: &str) -> Result<&'a FrameValue, ComponentError> {
    match v {
        Value::Frame(f) => Ok(f),
        Value::Series(_) => Err(ComponentError::value_error(format!(
            "Expected 2D array, got 1D array instead (input '{name}' is a Series; reshape it \
             into a DataFrame)"
        ))),
        other => Err(ComponentError::type_error(format!(
            "input '{name}' must be a DataFrame, got {}",
            other.kind_name()
        ))),
    }
}

/// Test data shared by the model components' tests.
#[cfg(test)]
pub(crate) mod test_support {
    /// Values crowded around 0 (the cube of an evenly spaced grid), sparser further out.
    pub fn dense_near_zero(i: i64) -> f64 {
        let u = (i % 16) as f64 / 7.5 - 1.0;
        u * u * u
    }
}
