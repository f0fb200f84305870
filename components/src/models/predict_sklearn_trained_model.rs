//! Predict Sklearn Trained Model (`41e8bf16-0a16-6021-33c9-88c2f8336df8`): applies a
//! trained model's `predict` to new data.

use crate::kernels::estimators::native::{data_frame, NativeModel};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Predict Sklearn Trained Model 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "41e8bf16-0a16-6021-33c9-88c2f8336df8",
    revision_group_id: "41e8bf16-0a16-6021-33c9-88c2f8336df8",
    name: "Predict Sklearn Trained Model",
    category: "Models",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Predict Sklearn Trained Model",
    inputs: &[
        PortSpec::new(
            "data",
            "70e3561b-2ca0-f6a4-5ce3-1c05c8c4b32e",
            DataType::Any,
        ),
        PortSpec::new(
            "trained_model",
            "a0540d21-cff0-a6f4-f88a-af5c14f43340",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "predictions",
        "15b7d9b9-7337-4c81-1337-c69cbadfbd8e",
        DataType::Any,
    )],
};

/// Predict Sklearn Trained Model as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Predict Sklearn Trained Model: `pd.DataFrame(trained_model.predict(data),
/// index=data.index)` — a DataFrame on `data`'s index with default column labels `0`, `1`,
/// … (written as the strings `"0"`, `"1"`, … since Rheo's column names are strings).
///
/// hetida expects an in-memory scikit-learn estimator. Rheo applies the models its own
/// components train natively (see [`crate::kernels::estimators::native`]):
/// * an Isolation Forest model gives one int column: 1 for inliers, -1 for anomalies
///   (decision function < 0);
/// * a Linear Regression model gives one float column per target (in training order);
/// * anything else (hetida would need a pickled scikit-learn object) raises
///   NotSupportedByNativeEngine naming this component.
///
/// `data` must be a DataFrame with the training columns (a Series raises ValueError
/// "Expected 2D array …"; other column names raise scikit-learn's feature-name ValueError).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let model = NativeModel::from_input(&SPEC, inputs)?;
    let frame = data_frame(data, "data")?;
    let columns: Vec<Column> = match &model {
        NativeModel::IsolationForest(m) => vec![Column::from_i64(m.predict(frame)?)],
        NativeModel::LinearRegression(m) => m
            .predict(frame)?
            .into_iter()
            .map(Column::from_f64)
            .collect(),
    };
    let out_frame = FrameValue {
        index: frame.index.clone(),
        columns: columns
            .into_iter()
            .enumerate()
            .map(|(k, c)| (k.to_string(), c))
            .collect(),
        attrs: Default::default(),
    };
    Ok(Outputs::single("predictions", Value::Frame(out_frame)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kernels::elementwise::test_util::{assert_floats, float_frame as frame, run1};
    use crate::kernels::estimators::isolation_forest::{IsolationForestModel, SEED};
    use crate::kernels::estimators::linear::LinearModel;
    use crate::kernels::estimators::native::test_support::dense_near_zero;

    fn run(data: Value, model: Value) -> Result<FrameValue, ComponentError> {
        match run1(&COMPONENT, &[("data", data), ("trained_model", model)])? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn applies_a_native_linear_model() {
        // y1 = 1 + 2a - b, y2 = -a.
        let lm = LinearModel {
            feature_names: vec!["a".into(), "b".into()],
            target_names: vec!["y1".into(), "y2".into()],
            coef: vec![vec![2.0, -1.0], vec![-1.0, 0.0]],
            intercept: vec![1.0, 0.0],
        };
        let data = frame(
            vec![5, 6],
            vec![("a", vec![1.0, 2.0]), ("b", vec![0.0, 4.0])],
        );
        let r = run(Value::Frame(data), Value::Json(lm.to_json())).unwrap();
        assert_eq!(r.index, Column::from_i64(vec![5, 6]));
        assert_eq!(r.columns.keys().collect::<Vec<_>>(), ["0", "1"]);
        assert_floats(&r.columns["0"].f64_values().unwrap(), &[3.0, 1.0]);
        assert_floats(&r.columns["1"].f64_values().unwrap(), &[-1.0, -2.0]);
        let wrong = frame(vec![0], vec![("a", vec![1.0])]);
        let e = run(Value::Frame(wrong), Value::Json(lm.to_json())).unwrap_err();
        assert!(e.message.starts_with("The feature names should match"));
    }

    #[test]
    fn applies_a_native_isolation_forest() {
        let train = frame(
            (0..64).collect(),
            vec![("x", (0..64).map(dense_near_zero).collect())],
        );
        let forest = IsolationForestModel::fit(&train, 25, SEED).unwrap();
        let data = frame(vec![0, 1], vec![("x", vec![0.0, -500.0])]);
        let r = run(Value::Frame(data), Value::Json(forest.to_json())).unwrap();
        assert_eq!(r.columns["0"], Column::from_i64(vec![1, -1]));
    }

    #[test]
    fn pickled_models_are_not_supported() {
        let data = frame(vec![0], vec![("x", vec![1.0])]);
        let e = run(Value::Frame(data.clone()), Value::Null).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e
            .message
            .contains("Predict Sklearn Trained Model (41e8bf16"));
        let e = run(Value::Frame(data), Value::Json(serde_json::json!({"a": 1}))).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
    }
}
