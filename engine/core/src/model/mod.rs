//! serde model of hetida's wire and storage formats.
//!
//! * [`transformation`] — component and workflow revisions (hetida-compat §5).
//! * [`workflow`] — a workflow's `content`: operators, links, constants, inputs, outputs.
//! * [`wiring`] — wirings that bind workflow inputs/outputs to adapters (§2).
//! * [`request`] — execution requests in 0.9.8, execute-latest and legacy ≤0.6 form (§1).
//! * [`runtime`] — the runtime-level request `WorkflowExecutionInput` (§1.6, §5.4).
//!
//! Every struct keeps unknown JSON fields in `extra`, so importing and exporting a
//! transformation loses nothing.

pub mod hetida_json;
pub mod request;
pub mod runtime;
pub mod transformation;
pub mod wiring;
pub mod workflow;

use serde::{Deserialize, Serialize};

/// A canvas position (kept for round-trip export only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Position {
    /// Horizontal coordinate.
    pub x: i64,
    /// Vertical coordinate.
    pub y: i64,
}

/// Whether an input must be wired or falls back to a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum InputType {
    /// Must be provided.
    #[default]
    Required,
    /// Has a default value.
    Optional,
}
