//! The isolation forest estimator (scikit-learn 1.4's algorithm, seeded): fitting,
//! scoring and its native model JSON; used by Isolation Forest and the Models components.

use super::native::{
    check_feature_names, frame_columns, json_f64s, read_f64s, read_i64s, read_strings, MODEL_KEY,
};
use rheo_core::value::FrameValue;
use rheo_core::ComponentError;
use serde_json::{json, Value as Json};

/// The fixed seed of every forest Rheo trains (hetida's forest is unseeded).
pub const SEED: u64 = 0x5EED_1504_F0E5_7001;

/// The offset of `decision_function` with `contamination="auto"`.
pub const OFFSET: f64 = -0.5;

/// splitmix64: a small, fast, well-mixed 64-bit generator.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// scikit-learn's `_average_path_length`: the mean path length of an unsuccessful search
/// in a binary search tree of `n` points.
pub fn average_path_length(n: usize) -> f64 {
    match n {
        0 | 1 => 0.0,
        2 => 1.0,
        _ => {
            let n = n as f64;
            2.0 * ((n - 1.0).ln() + 0.577_215_664_901_532_9) - 2.0 * (n - 1.0) / n
        }
    }
}

pub(crate) const TREE_LEAF: i64 = -1;
pub(crate) const TREE_UNDEFINED: i64 = -2;
/// scikit-learn treats a feature as constant in a node when its range is at most this.
const FEATURE_THRESHOLD: f64 = 1e-7;

/// One isolation tree in scikit-learn's array layout.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IsolationTree {
    /// Split feature per node (`-2` for leaves).
    pub feature: Vec<i64>,
    /// Split threshold per node (`x <= threshold` goes left; `-2` for leaves).
    pub threshold: Vec<f64>,
    /// Left child per node (`-1` for leaves).
    pub children_left: Vec<i64>,
    /// Right child per node (`-1` for leaves).
    pub children_right: Vec<i64>,
    /// Training samples that reached the node.
    pub n_node_samples: Vec<i64>,
}

impl IsolationTree {
    fn push_leaf(&mut self, n: usize) -> usize {
        self.feature.push(TREE_UNDEFINED);
        self.threshold.push(TREE_UNDEFINED as f64);
        self.children_left.push(TREE_LEAF);
        self.children_right.push(TREE_LEAF);
        self.n_node_samples.push(n as i64);
        self.feature.len() - 1
    }

    /// Grows a tree on the rows `idx` of the row-major matrix `x` (`p` columns).
    fn grow(x: &[f32], p: usize, idx: &mut [u32], max_depth: usize, rng: &mut SplitMix64) -> Self {
        let mut tree = IsolationTree::default();
        let mut features: Vec<usize> = (0..p).collect();
        // (node, start, end, depth)
        let root = tree.push_leaf(idx.len());
        let mut stack = vec![(root, 0usize, idx.len(), 0usize)];
        while let Some((node, start, end, depth)) = stack.pop() {
            let rows = &mut idx[start..end];
            if depth >= max_depth || rows.len() < 2 {
                continue;
            }
            // Random features without replacement until one is not constant.
            let mut split = None;
            for k in 0..p {
                let j = k + rng.below(p - k);
                features.swap(k, j);
                let f = features[k];
                let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
                for &r in rows.iter() {
                    let v = x[r as usize * p + f];
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                let (lo, hi) = (f64::from(lo), f64::from(hi));
                if hi > lo + FEATURE_THRESHOLD {
                    split = Some((f, lo, hi));
                    break;
                }
            }
            let Some((f, lo, hi)) = split else { continue };
            let mut t = lo + (hi - lo) * rng.next_f64();
            if t >= hi {
                t = lo;
            }
            // Partition: rows with x <= t first.
            let mut i = 0;
            for k in 0..rows.len() {
                if f64::from(x[rows[k] as usize * p + f]) <= t {
                    rows.swap(i, k);
                    i += 1;
                }
            }
            let left = tree.push_leaf(i);
            let right = tree.push_leaf(rows.len() - i);
            tree.feature[node] = f as i64;
            tree.threshold[node] = t;
            tree.children_left[node] = left as i64;
            tree.children_right[node] = right as i64;
            stack.push((right, start + i, end, depth + 1));
            stack.push((left, start, start + i, depth + 1));
        }
        tree
    }

    /// Adds each row's path length (leaf depth + `c(leaf samples)`) to `acc`.
    ///
    /// Leaves are turned into self-loops (threshold +inf, both children the leaf itself), so
    /// every row takes exactly `max depth` branch-free steps; blocks of rows are walked in
    /// lockstep so that their memory accesses overlap.
    fn add_path_lengths(&self, x: &[f32], p: usize, acc: &mut [f64]) {
        #[derive(Clone, Copy)]
        struct Node {
            threshold: f64,
            feature: u32,
            children: [u32; 2],
        }
        let n_nodes = self.feature.len();
        let mut nodes = Vec::with_capacity(n_nodes);
        let mut leaf_value = vec![0.0f64; n_nodes];
        for k in 0..n_nodes {
            nodes.push(if self.children_left[k] == TREE_LEAF {
                Node {
                    threshold: f64::INFINITY,
                    feature: 0,
                    children: [k as u32; 2],
                }
            } else {
                Node {
                    threshold: self.threshold[k],
                    feature: self.feature[k] as u32,
                    children: [self.children_left[k] as u32, self.children_right[k] as u32],
                }
            });
        }
        let mut max_depth = 0;
        let mut stack = vec![(0usize, 0usize)];
        while let Some((k, depth)) = stack.pop() {
            if self.children_left[k] == TREE_LEAF {
                leaf_value[k] = depth as f64 + average_path_length(self.n_node_samples[k] as usize);
                max_depth = max_depth.max(depth);
            } else {
                stack.push((self.children_left[k] as usize, depth + 1));
                stack.push((self.children_right[k] as usize, depth + 1));
            }
        }
        const BLOCK: usize = 16;
        let mut pos = [0u32; BLOCK];
        for (rows, accs) in x.chunks(p * BLOCK).zip(acc.chunks_mut(BLOCK)) {
            let m = accs.len();
            pos[..m].fill(0);
            for _ in 0..max_depth {
                for (r, k) in pos[..m].iter_mut().enumerate() {
                    let n = nodes[*k as usize];
                    let v = f64::from(rows[r * p + n.feature as usize]);
                    *k = n.children[usize::from(v > n.threshold)];
                }
            }
            for (a, &k) in accs.iter_mut().zip(&pos[..m]) {
                *a += leaf_value[k as usize];
            }
        }
    }

    fn to_json(&self) -> Json {
        json!({
            "feature": self.feature,
            "threshold": json_f64s(&self.threshold),
            "children_left": self.children_left,
            "children_right": self.children_right,
            "n_node_samples": self.n_node_samples,
        })
    }

    fn from_json(j: &Json, p: usize) -> Result<Self, String> {
        let t = IsolationTree {
            feature: read_i64s(j, "feature")?,
            threshold: read_f64s(j, "threshold")?,
            children_left: read_i64s(j, "children_left")?,
            children_right: read_i64s(j, "children_right")?,
            n_node_samples: read_i64s(j, "n_node_samples")?,
        };
        let n = t.feature.len();
        if n == 0
            || [
                t.threshold.len(),
                t.children_left.len(),
                t.children_right.len(),
                t.n_node_samples.len(),
            ]
            .iter()
            .any(|&l| l != n)
        {
            return Err("tree arrays are empty or of different lengths".into());
        }
        // Children must point forward (no cycles) and features must exist.
        for k in 0..n {
            let (l, r) = (t.children_left[k], t.children_right[k]);
            if l == TREE_LEAF {
                continue;
            }
            let ok = |c: i64| c > k as i64 && (c as usize) < n;
            if !ok(l) || !ok(r) || t.feature[k] < 0 || t.feature[k] as usize >= p {
                return Err(format!("invalid split node {k}"));
            }
        }
        Ok(t)
    }
}

/// A fitted isolation forest.
#[derive(Debug, Clone, PartialEq)]
pub struct IsolationForestModel {
    /// Column names of the training frame.
    pub feature_names: Vec<String>,
    /// Rows each tree was grown on.
    pub max_samples: usize,
    /// The trees.
    pub trees: Vec<IsolationTree>,
}

/// The rows of numeric columns as one row-major float32 matrix.
fn row_major_f32(cols: &[Vec<f64>]) -> Vec<f32> {
    let p = cols.len();
    let n = cols.first().map_or(0, Vec::len);
    let mut x = vec![0.0f32; n * p];
    for (j, c) in cols.iter().enumerate() {
        for (i, &v) in c.iter().enumerate() {
            x[i * p + j] = v as f32;
        }
    }
    x
}

impl IsolationForestModel {
    /// Fits `n_estimators` trees on all columns of `train` (validated like scikit-learn).
    pub fn fit(train: &FrameValue, n_estimators: usize, seed: u64) -> Result<Self, ComponentError> {
        let cols = frame_columns(train, "IsolationForest", "X", true)?;
        let (n, p) = (train.height(), cols.len());
        let x = row_major_f32(&cols);
        drop(cols);
        let max_samples = n.min(256);
        let max_depth = (max_samples.max(2) as f64).log2().ceil() as usize;
        let mut rng = SplitMix64(seed);
        // A permutation of all rows; each tree shuffles its first `max_samples` entries
        // (a partial Fisher-Yates draw without replacement; the rest stays a permutation).
        let mut perm: Vec<u32> = (0..n as u32).collect();
        let mut sample = vec![0u32; max_samples];
        let mut trees = Vec::with_capacity(n_estimators);
        for _ in 0..n_estimators {
            for k in 0..max_samples {
                let j = k + rng.below(n - k);
                perm.swap(k, j);
            }
            sample.copy_from_slice(&perm[..max_samples]);
            trees.push(IsolationTree::grow(&x, p, &mut sample, max_depth, &mut rng));
        }
        Ok(IsolationForestModel {
            feature_names: train.columns.keys().cloned().collect(),
            max_samples,
            trees,
        })
    }

    /// `score_samples` (the negated anomaly score) of every row of `data`.
    pub fn score_samples(&self, data: &FrameValue) -> Result<Vec<f64>, ComponentError> {
        check_feature_names(&self.feature_names, data)?;
        let cols = frame_columns(data, "IsolationForest", "X", true)?;
        let p = cols.len();
        let x = row_major_f32(&cols);
        drop(cols);
        let mut depths = vec![0.0f64; data.height()];
        for t in &self.trees {
            t.add_path_lengths(&x, p, &mut depths);
        }
        let denominator = self.trees.len() as f64 * average_path_length(self.max_samples);
        Ok(depths
            .into_iter()
            .map(|d| {
                let ratio = if denominator != 0.0 {
                    d / denominator
                } else {
                    1.0
                };
                -(2f64.powf(-ratio))
            })
            .collect())
    }

    /// `decision_function`: `score_samples - offset` (positive = inlier).
    pub fn decision_function(&self, data: &FrameValue) -> Result<Vec<f64>, ComponentError> {
        let mut s = self.score_samples(data)?;
        for v in &mut s {
            *v -= OFFSET;
        }
        Ok(s)
    }

    /// `predict`: -1 for anomalies (decision < 0), 1 otherwise.
    pub fn predict(&self, data: &FrameValue) -> Result<Vec<i64>, ComponentError> {
        Ok(self
            .decision_function(data)?
            .into_iter()
            .map(|d| if d < 0.0 { -1 } else { 1 })
            .collect())
    }

    /// The model as a native model JSON.
    pub fn to_json(&self) -> Json {
        json!({
            MODEL_KEY: "IsolationForest",
            "format_version": 1,
            "seed": SEED,
            "feature_names_in": self.feature_names,
            "max_samples": self.max_samples,
            "offset": OFFSET,
            "trees": self.trees.iter().map(IsolationTree::to_json).collect::<Vec<_>>(),
        })
    }

    /// Reads a model written by [`IsolationForestModel::to_json`].
    pub fn from_json(j: &Json) -> Result<Self, String> {
        let feature_names = read_strings(j, "feature_names_in")?;
        let max_samples = j
            .get("max_samples")
            .and_then(Json::as_u64)
            .ok_or("missing 'max_samples'")? as usize;
        let trees = j
            .get("trees")
            .and_then(Json::as_array)
            .ok_or("missing array 'trees'")?
            .iter()
            .map(|t| IsolationTree::from_json(t, feature_names.len()))
            .collect::<Result<Vec<_>, _>>()?;
        if trees.is_empty() {
            return Err("no trees".into());
        }
        Ok(IsolationForestModel {
            feature_names,
            max_samples,
            trees,
        })
    }
}
