//! [`RunMetrics`]: executions counted and timed per transformation, for `/metrics`
//! (`rheo_transformation_executions_total{transformation_id, result}` and the histogram
//! `rheo_transformation_execution_seconds{transformation_id}`), whatever started them, and
//! `rheo_execution_retries_total`.

use crate::python::pool::PythonPool;
use crate::response::ExecutionResponse;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::NoLabelSet;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::MetricType;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Upper bounds (seconds) of the per-transformation duration buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0,
];

/// Labels of the execution counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    transformation_id: String,
    result: &'static str,
}

/// Label of the duration histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Transformation {
    transformation_id: String,
}

fn new_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// The per-transformation families (one series per stored transformation that ran, so the
/// label set is bounded by the store).
#[derive(Debug)]
pub struct RunMetrics {
    executions: Family<Outcome, Counter>,
    seconds: Family<Transformation, Histogram, fn() -> Histogram>,
    python: OnceLock<Arc<PythonPool>>,
    retries: Counter,
}

impl Default for RunMetrics {
    fn default() -> Self {
        RunMetrics {
            executions: Family::default(),
            seconds: Family::new_with_constructor(new_histogram),
            python: OnceLock::new(),
            retries: Counter::default(),
        }
    }
}

impl RunMetrics {
    /// Adds the Python workers' counts (`rheo_python_workers{state}` busy/idle and
    /// `rheo_python_workers_replaced_total`) to the exposition.
    pub fn watch_python(&self, pool: Arc<PythonPool>) {
        let _ = self.python.set(pool);
    }

    /// Counts an execution tried again after a transient failure.
    pub fn retried(&self) {
        self.retries.inc();
    }

    /// Counts a finished execution; one that never resolved a transformation counts under
    /// `transformation_id="none"`.
    pub fn observe(&self, resp: &ExecutionResponse, seconds: f64) {
        let id = resp
            .transformation_id
            .clone()
            .unwrap_or_else(|| "none".into());
        self.executions
            .get_or_create(&Outcome {
                transformation_id: id.clone(),
                result: resp.status(),
            })
            .inc();
        self.seconds
            .get_or_create(&Transformation {
                transformation_id: id,
            })
            .observe(seconds);
    }
}

impl Collector for RunMetrics {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        let m = enc.encode_descriptor(
            "rheo_transformation_executions",
            "Executions by transformation and result (Kafka, HTTP and jobs).",
            None,
            self.executions.metric_type(),
        )?;
        self.executions.encode(m)?;
        let m = enc.encode_descriptor(
            "rheo_transformation_execution_seconds",
            "Execution time by transformation.",
            None,
            self.seconds.metric_type(),
        )?;
        self.seconds.encode(m)?;
        let m = enc.encode_descriptor(
            "rheo_execution_retries",
            "Executions tried again after a transient adapter failure.",
            None,
            MetricType::Counter,
        )?;
        self.retries.encode(m)?;
        let Some(pool) = self.python.get() else {
            return Ok(());
        };
        let stats = pool.stats();
        for (name, help, value) in [
            (
                "rheo_python_workers_busy",
                "Python workers running a component.",
                stats.busy,
            ),
            (
                "rheo_python_workers_idle",
                "Python workers waiting for one.",
                stats.idle,
            ),
        ] {
            enc.encode_descriptor(name, help, None, MetricType::Gauge)?
                .encode_gauge(&(value as i64))?;
        }
        enc.encode_descriptor(
            "rheo_python_workers_replaced",
            "Python workers that died, timed out or were cancelled, and were replaced.",
            None,
            MetricType::Counter,
        )?
        .encode_counter::<NoLabelSet, _, u64>(&stats.replaced, None)
    }
}
