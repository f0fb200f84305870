//! Decision Function Sklearn Trained Model (`f35c4918-0a5d-d29c-f3fa-6cfcd425b0f7`):
//! applies a trained model's `decision_function` to new data.

use crate::kernels::estimators::native::{data_frame, NativeModel};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Decision Function Sklearn Trained Model 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f35c4918-0a5d-d29c-f3fa-6cfcd425b0f7",
    revision_group_id: "f35c4918-0a5d-d29c-f3fa-6cfcd425b0f7",
    name: "Decision Function Sklearn Trained Model",
    category: "Models",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Apply decision function of Sklearn Trained Model to new data",
    inputs: &[
        PortSpec::new(
            "data",
            "f2d4729e-f533-38f2-6c81-cb38f879cb73",
            DataType::Any,
        ),
        PortSpec::new(
            "trained_model",
            "bbb9b693-964a-09e8-ca07-591043f12681",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "predictions",
        "a33aac16-552f-790b-7e6c-5c3a288bf462",
        DataType::Any,
    )],
};

/// Decision Function Sklearn Trained Model as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Decision Function Sklearn Trained Model: `trained_model.decision_function(data)` as a
/// float series on `data`'s index named `"decision_function_values"`.
///
/// hetida expects an in-memory scikit-learn estimator. Rheo applies the models its own
/// components train natively (see [`crate::kernels::estimators::native`]):
/// * an Isolation Forest model gives its decision function (`-score + 0.5`), exactly as the
///   Isolation Forest component computes it;
/// * a Linear Regression model has no decision function: AttributeError
///   (`'LinearRegression' object has no attribute 'decision_function'`), as scikit-learn;
/// * anything else (hetida would need a pickled scikit-learn object) raises
///   NotSupportedByNativeEngine naming this component.
///
/// `data` must be a DataFrame with the training columns (a Series raises ValueError
/// "Expected 2D array …"; other column names raise scikit-learn's feature-name ValueError).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let model = NativeModel::from_input(&SPEC, inputs)?;
    let NativeModel::IsolationForest(forest) = &model else {
        return Err(ComponentError::new(
            "AttributeError",
            format!(
                "'{}' object has no attribute 'decision_function'",
                model.class_name()
            ),
        ));
    };
    let frame = data_frame(data, "data")?;
    let values = forest.decision_function(frame)?;
    let series = SeriesValue {
        name: Some("decision_function_values".into()),
        index: frame.index.clone(),
        values: Column::from_f64(values),
        attrs: Default::default(),
    };
    Ok(Outputs::single("predictions", Value::Series(series)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kernels::elementwise::test_util::{float_frame, fs, run1};
    use crate::kernels::estimators::isolation_forest::{IsolationForestModel, SEED};
    use crate::kernels::estimators::linear::LinearModel;
    use crate::kernels::estimators::native::test_support::dense_near_zero;
    use rheo_core::value::FrameValue;

    fn frame(index: Vec<i64>, x: Vec<f64>) -> FrameValue {
        float_frame(index, vec![("x", x)])
    }

    fn run(data: Value, model: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("trained_model", model)])
    }

    #[test]
    fn applies_a_native_isolation_forest() {
        let train = frame((0..50).collect(), (0..50).map(dense_near_zero).collect());
        let forest = IsolationForestModel::fit(&train, 20, SEED).unwrap();
        let test = frame(vec![7, 3], vec![0.0, 1000.0]);
        let r = run(Value::Frame(test.clone()), Value::Json(forest.to_json())).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("decision_function_values"));
        assert_eq!(s.index, Column::from_i64(vec![7, 3]));
        let v = s.values.f64_values().unwrap();
        assert_eq!(v.as_ref(), forest.decision_function(&test).unwrap());
        assert!(v[0] > 0.0 && v[1] < 0.0, "{v:?}");
        let e = run(fs(&[0], &[1.0]), Value::Json(forest.to_json())).unwrap_err();
        assert!(e.message.starts_with("Expected 2D array"));
    }

    #[test]
    fn other_models_are_refused() {
        let e = run(
            Value::Frame(frame(vec![0], vec![1.0])),
            Value::Str("pickled".into()),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e.message.starts_with(
            "Decision Function Sklearn Trained Model (f35c4918-0a5d-d29c-f3fa-6cfcd425b0f7)"
        ));
        let lm = LinearModel {
            feature_names: vec!["x".into()],
            target_names: vec!["y".into()],
            coef: vec![vec![1.0]],
            intercept: vec![0.0],
        };
        let e = run(
            Value::Frame(frame(vec![0], vec![1.0])),
            Value::Json(lm.to_json()),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        let broken = serde_json::json!({ "__rheo_native_model__": "IsolationForest" });
        let e = run(Value::Frame(frame(vec![0], vec![1.0])), Value::Json(broken)).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
    }
}
