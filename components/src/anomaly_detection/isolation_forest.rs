//! Isolation Forest (`cdec1d55-5bb6-8e8d-4571-fbc0ebf5a354`): fits a seeded, native
//! isolation forest on a training frame and returns its decision function on a test frame.

use crate::kernels::estimators::isolation_forest::{IsolationForestModel, SEED};
use crate::kernels::estimators::native::frame_input;
use crate::kernels::limits;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Isolation Forest 1.0.0 (connector ids from workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "cdec1d55-5bb6-8e8d-4571-fbc0ebf5a354",
    revision_group_id: "cdec1d55-5bb6-8e8d-4571-fbc0ebf5a354",
    name: "Isolation Forest",
    category: "Anomaly Detection",
    version_tag: "1.0.0",
    state: State::Released,
    description: "A Isolation Forest Model",
    inputs: &[
        PortSpec::new(
            "n_estimators",
            "9861c5a4-1e37-54af-70be-f4e7b81d1f64",
            DataType::Int,
        ),
        PortSpec::new(
            "test_data",
            "bc5ae666-e1fb-9189-8f72-d681eb5dcfde",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "train_data",
            "017e5542-46dd-e1aa-d6f8-4026dcad3d44",
            DataType::DataFrame,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "trained_model",
            "68234ebe-51c0-96b9-c95b-86548f09e79c",
            DataType::Any,
        ),
        PortSpec::new(
            "decision_function_values",
            "4594161b-f878-09c3-ab66-c1803728ea62",
            DataType::Series,
        ),
    ],
};

/// Isolation Forest as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Isolation Forest: scikit-learn's `IsolationForest(n_estimators=n_estimators)` algorithm
/// (all other parameters default) implemented natively with a **fixed seed**, fitted on all
/// columns of `train_data` and evaluated on `test_data`.
///
/// Algorithm (scikit-learn 1.4): the data are converted to float32; every tree is grown on
/// `max_samples = min(256, n_rows)` rows drawn without replacement; each node picks a
/// random feature among those that are not constant in the node (range > 1e-7) and splits
/// at a uniform random threshold between the feature's minimum and maximum (`x <= t` goes
/// left) until the depth limit `ceil(log2(max(max_samples, 2)))`, a single sample or all
/// features constant. A point's path length in a tree is the depth of its leaf plus
/// `c(n_leaf)`, with `c(n) = 2 (ln(n - 1) + γ) - 2 (n - 1) / n` (`c(2) = 1`, `c(≤1) = 0`);
/// `score = 2^(-mean path length / c(max_samples))` and
/// `decision_function = -score - offset` with `offset = -0.5` (contamination "auto"):
/// positive for inliers, negative for anomalies. A single training row gives 0 everywhere
/// (scikit-learn's guard for `c(1) = 0`).
///
/// **Deviation:** hetida's component draws from an unseeded random state, so two runs
/// never agree and Rheo can only agree *statistically* (same expected scores). Rheo seeds
/// its splitmix64 generator with [`SEED`]: the same inputs always give the same forest and
/// scores.
///
/// Outputs:
/// * `decision_function_values`: float series on `test_data`'s index (unnamed).
/// * `trained_model`: the forest as a native model JSON (`{"__rheo_native_model__":
///   "IsolationForest", "feature_names_in", "max_samples", "offset", "trees": [{"feature",
///   "threshold", "children_left", "children_right", "n_node_samples"}]}`, leaves with
///   feature -2 and children -1 as in scikit-learn's `tree_`); it can be stored and applied
///   by the Models components. It is only built when some consumer reads it.
///
/// Errors (scikit-learn's): `n_estimators < 1` → InvalidParameterError; NaN, ±inf or values
/// beyond float32, strings, empty frames → ValueError; test columns that differ from the
/// training columns (names or order) → ValueError "The feature names should match …".
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let n_estimators = inputs.int("n_estimators")?;
    let train = frame_input(inputs, "train_data")?;
    let test = frame_input(inputs, "test_data")?;
    if n_estimators < 1 {
        return Err(ComponentError::new(
            "InvalidParameterError",
            format!(
                "The 'n_estimators' parameter of COMPONENT must be an int in the \
                 range [1, inf). Got {n_estimators} instead."
            ),
        ));
    }
    let trees = limits::within("the trees", n_estimators as u128, 100_000)?;
    let model = IsolationForestModel::fit(train, trees, SEED)?;
    let scores = model.decision_function(test)?;
    let mut out = Outputs::with_capacity(2);
    if inputs.wants("trained_model") {
        out.insert("trained_model", Arc::new(Value::Json(model.to_json())));
    }
    out.insert(
        "decision_function_values",
        Arc::new(Value::Series(SeriesValue::new(
            test.index.clone(),
            Column::from_f64(scores),
        ))),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::estimators::isolation_forest::*;
    use rheo_core::value::FrameValue;

    use rheo_core::component::Inputs;

    fn frame(x: Vec<f64>, y: Vec<f64>) -> FrameValue {
        FrameValue {
            index: Column::range(x.len()),
            columns: [
                ("x".to_string(), Column::from_f64(x)),
                ("y".to_string(), Column::from_f64(y)),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        }
    }

    /// A dense 20 x 20 grid in [0, 1]^2 plus two far outliers.
    fn train() -> FrameValue {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for i in 0..20 {
            for j in 0..20 {
                x.push(f64::from(i) / 19.0);
                y.push(f64::from(j) / 19.0);
            }
        }
        x.extend([10.0, -8.0]);
        y.extend([10.0, 9.0]);
        frame(x, y)
    }

    fn run(n: i64, train: FrameValue, test: FrameValue) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("n_estimators", Arc::new(Value::Int(n)));
        i.insert("train_data", Arc::new(Value::Frame(train)));
        i.insert("test_data", Arc::new(Value::Frame(test)));
        super::run(&i)
    }

    fn scores(out: &Outputs) -> Vec<f64> {
        let Value::Series(s) = out["decision_function_values"].as_ref() else {
            panic!()
        };
        s.values.f64_values().unwrap().into_owned()
    }

    #[test]
    fn path_length_normalisation() {
        assert_eq!(average_path_length(0), 0.0);
        assert_eq!(average_path_length(1), 0.0);
        assert_eq!(average_path_length(2), 1.0);
        // c(3) = 2 (ln 2 + γ) - 4/3.
        let c3 = 2.0 * (2f64.ln() + 0.577_215_664_901_532_9) - 4.0 / 3.0;
        assert!((average_path_length(3) - c3).abs() < 1e-15);
        assert!((average_path_length(256) - 10.244_770_920_116_851).abs() < 1e-9);
    }

    #[test]
    fn outliers_score_negative_and_the_cluster_positive() {
        let test = frame(
            vec![0.5, 0.3, 10.0, -8.0, 50.0],
            vec![0.5, 0.6, 10.0, 9.0, -50.0],
        );
        let out = run(100, train(), test).unwrap();
        let s = scores(&out);
        assert!(s[0] > 0.0 && s[1] > 0.0, "{s:?}");
        assert!(s[2] < 0.0 && s[3] < 0.0 && s[4] < 0.0, "{s:?}");
        assert!(s.iter().all(|v| (-0.5..=0.5).contains(v)));
        let Value::Series(series) = out["decision_function_values"].as_ref() else {
            panic!()
        };
        assert_eq!(series.name, None);
        assert_eq!(series.index, Column::range(5));
    }

    #[test]
    fn same_seed_gives_same_scores_and_model() {
        let test = frame(vec![0.5, 10.0], vec![0.5, 10.0]);
        let a = run(30, train(), test.clone()).unwrap();
        let b = run(30, train(), test.clone()).unwrap();
        assert_eq!(scores(&a), scores(&b));
        assert_eq!(a["trained_model"], b["trained_model"]);
        // A different seed grows a different forest.
        let m1 = IsolationForestModel::fit(&train(), 30, SEED).unwrap();
        let m2 = IsolationForestModel::fit(&train(), 30, SEED + 1).unwrap();
        assert_ne!(m1, m2);
        // The JSON round-trips and scores identically.
        let Value::Json(j) = a["trained_model"].as_ref() else {
            panic!()
        };
        let back = IsolationForestModel::from_json(j).unwrap();
        assert_eq!(back, m1);
        assert_eq!(back.decision_function(&test).unwrap(), scores(&a));
        assert_eq!(back.predict(&test).unwrap(), [1, -1]);
    }

    #[test]
    fn trees_respect_sample_size_and_depth_limit() {
        let m = IsolationForestModel::fit(&train(), 5, SEED).unwrap();
        assert_eq!(m.max_samples, 256);
        for t in &m.trees {
            assert_eq!(t.n_node_samples[0], 256);
            // depth limit ceil(log2 256) = 8 → at most 2^9 - 1 nodes.
            assert!(t.feature.len() <= 511);
            // Children partition their parent's samples.
            for k in 0..t.feature.len() {
                if t.children_left[k] != TREE_LEAF {
                    let (l, r) = (t.children_left[k] as usize, t.children_right[k] as usize);
                    assert_eq!(
                        t.n_node_samples[l] + t.n_node_samples[r],
                        t.n_node_samples[k]
                    );
                    assert!(t.n_node_samples[l] > 0 && t.n_node_samples[r] > 0);
                }
            }
        }
    }

    #[test]
    fn single_row_and_constant_data_give_zero() {
        let one = frame(vec![1.0], vec![2.0]);
        let out = run(10, one.clone(), one).unwrap();
        assert_eq!(scores(&out), [0.0]);
        // Constant data: every tree is a single leaf with c(4) path length → score 0.5.
        let c = frame(vec![1.0; 4], vec![2.0; 4]);
        let out = run(10, c.clone(), c).unwrap();
        for v in scores(&out) {
            assert!(v.abs() < 1e-15);
        }
    }

    #[test]
    fn invalid_inputs_raise_like_scikit_learn() {
        let t = frame(vec![1.0, 2.0], vec![1.0, 2.0]);
        assert_eq!(
            run(0, t.clone(), t.clone()).unwrap_err().type_name,
            "InvalidParameterError"
        );
        let nan = frame(vec![1.0, f64::NAN], vec![1.0, 2.0]);
        assert_eq!(
            run(10, nan.clone(), t.clone()).unwrap_err().message,
            "Input X contains NaN."
        );
        assert_eq!(
            run(10, t.clone(), nan).unwrap_err().message,
            "Input X contains NaN."
        );
        let empty = frame(vec![], vec![]);
        assert!(run(10, empty, t.clone())
            .unwrap_err()
            .message
            .starts_with("Found array with 0 sample(s) (shape=(0, 2))"));
        let mut renamed = t.clone();
        renamed.columns = [
            ("y".to_string(), Column::from_f64(vec![1.0, 2.0])),
            ("x".to_string(), Column::from_f64(vec![1.0, 2.0])),
        ]
        .into_iter()
        .collect();
        assert!(run(10, t.clone(), renamed)
            .unwrap_err()
            .message
            .starts_with("The feature names should match"));
        let huge = frame(vec![1.0, 1e39], vec![1.0, 2.0]);
        assert!(run(10, huge, t).unwrap_err().message.contains("float32"));
    }

    #[test]
    fn integer_columns_are_accepted() {
        let f = FrameValue {
            index: Column::range(3),
            columns: [("a".to_string(), Column::from_i64(vec![1, 2, 100]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        };
        let out = run(20, f.clone(), f).unwrap();
        assert_eq!(scores(&out).len(), 3);
    }
}
