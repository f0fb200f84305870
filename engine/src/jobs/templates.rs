//! Parameter templates: a named, versioned transformation plus the static part of its
//! wiring (constants, adapter wirings), stored in the job database. A caller names a
//! template and gives only the dynamic inputs (`{"template": NAME, "inputs": {...}}`, over
//! HTTP jobs or Kafka); [`expand_if_template`] turns that into an ordinary execution request
//! in which each dynamic input is provided directly.

use super::db::{iso, now_us, JobDb, JobDbError};
use super::sql::Param;
use rheo_core::model::request::{normalize_uuid, Target};
use rheo_core::model::wiring::WorkflowWiring;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Longest template name.
pub const MAX_NAME_CHARS: usize = 128;

/// A stored template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Template {
    /// Its name (from the path it is stored under).
    #[serde(default)]
    pub name: String,
    /// Its version: 1 for the first, one more for each later `PUT`.
    #[serde(default)]
    pub version: i64,
    /// The revision it runs…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformation_id: Option<String>,
    /// …or the latest released revision of this group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_group_id: Option<String>,
    /// The static wiring; inputs it wires cannot be given by callers.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub wiring: WorkflowWiring,
    /// Whether pure plot operators run.
    #[serde(default)]
    pub run_pure_plot_operators: bool,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When this version was stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

impl Template {
    /// What it runs ([`parse`] makes sure exactly one of the two ids is set; a revision id
    /// wins otherwise).
    pub fn target(&self) -> Target {
        match (&self.transformation_id, &self.revision_group_id) {
            (Some(id), _) => Target::Id(id.clone()),
            (None, Some(g)) => Target::LatestOfGroup(g.clone()),
            (None, None) => Target::Id(String::new()),
        }
    }
}

/// Why a template could not be stored or used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The name has characters outside `A-Z a-z 0-9 . _ -` or is too long or empty.
    #[error("template name {0:?}: use 1 to 128 of A-Z, a-z, 0-9, '.', '_', '-'")]
    BadName(String),
    /// The template body is not valid.
    #[error("template {name}: {message}")]
    Invalid {
        /// Template name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// No such template (or version).
    #[error("no template {0}")]
    NotFound(String),
    /// A caller gave an input the template fixes.
    #[error("template {name} wires input {input:?} itself; it cannot be given in `inputs`")]
    FixedInput {
        /// Template name.
        name: String,
        /// The input.
        input: String,
    },
    /// Templates need the job database, which this service does not keep.
    #[error("templates need the job database, which this service does not keep")]
    NoDatabase,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] JobDbError),
}

/// Checks a template name.
pub fn check_name(name: &str) -> Result<(), TemplateError> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(TemplateError::BadName(name.to_string()))
    }
}

/// Parses and checks a template body for `name`: exactly one of `transformation_id` and
/// `revision_group_id`, as UUIDs (normalised).
pub fn parse(name: &str, body: &[u8]) -> Result<Template, TemplateError> {
    check_name(name)?;
    let invalid = |message: String| TemplateError::Invalid {
        name: name.to_string(),
        message,
    };
    let mut t: Template =
        serde_json::from_slice(body).map_err(|e| invalid(format!("not a template: {e}")))?;
    let uuid = |field: &str, v: &str| {
        normalize_uuid(field, &Value::from(v)).map_err(|e| invalid(e.to_string()))
    };
    match (&t.transformation_id, &t.revision_group_id) {
        (Some(id), None) => t.transformation_id = Some(uuid("transformation_id", id)?),
        (None, Some(g)) => t.revision_group_id = Some(uuid("revision_group_id", g)?),
        _ => {
            return Err(invalid(
                "give exactly one of transformation_id and revision_group_id".into(),
            ))
        }
    }
    t.name = name.to_string();
    Ok(t)
}

impl JobDb {
    /// Stores `t` as the next version of its name; returns it as stored.
    pub fn put_template(&self, t: &Template) -> Result<Template, JobDbError> {
        let created_us = now_us();
        let mut stored = t.clone();
        stored.created_at = Some(iso(created_us));
        let body = serde_json::to_string(t).unwrap_or_default();
        let versions = self.query(
            "storing a template",
            "INSERT INTO templates (name, version, body, created_us) \
             SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3 FROM templates WHERE name = ?1 \
             RETURNING version",
            &[
                Param::Text(Some(t.name.clone())),
                Param::Text(Some(body)),
                Param::I64(Some(created_us)),
            ],
            |r| r.i64(0),
        )?;
        stored.version = versions.first().copied().unwrap_or(1);
        Ok(stored)
    }

    /// A template's latest version, or `version`.
    pub fn template(
        &self,
        name: &str,
        version: Option<i64>,
    ) -> Result<Option<Template>, JobDbError> {
        let rows = self.query(
            "reading a template",
            "SELECT version, body, created_us FROM templates WHERE name = ?1 \
             AND (CAST(?2 AS BIGINT) IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1",
            &[Param::Text(Some(name.to_string())), Param::I64(version)],
            |r| Ok((r.i64(0)?, r.text(1)?, r.i64(2)?)),
        )?;
        Ok(rows
            .into_iter()
            .next()
            .and_then(|(version, body, created_us)| {
                let mut t: Template = serde_json::from_str(&body).ok()?;
                t.name = name.to_string();
                t.version = version;
                t.created_at = Some(iso(created_us));
                Some(t)
            }))
    }

    /// Deletes every version of a template; returns how many there were.
    pub fn delete_template(&self, name: &str) -> Result<usize, JobDbError> {
        self.execute(
            "deleting a template",
            "DELETE FROM templates WHERE name = ?1",
            &[Param::Text(Some(name.to_string()))],
        )
    }

    /// Every template name with its latest version.
    pub fn template_names(&self) -> Result<Vec<(String, i64)>, JobDbError> {
        self.query(
            "listing templates",
            "SELECT name, MAX(version) FROM templates GROUP BY name ORDER BY name",
            &[],
            |r| Ok((r.text(0)?, r.i64(1)?)),
        )
    }
}

/// A call of a template: `{"template": NAME, "inputs": {...}}`, optionally with
/// `template_version` and `job_id`.
#[derive(Deserialize)]
struct TemplateCall {
    template: Option<String>,
    #[serde(default)]
    template_version: Option<i64>,
    #[serde(default)]
    inputs: Map<String, Value>,
    #[serde(default)]
    job_id: Option<Value>,
}

/// If `body` calls a template, the execution request it stands for; `Ok(None)` for any
/// other body (left to the request parser).
pub fn expand_if_template(
    db: Option<&JobDb>,
    body: &[u8],
) -> Result<Option<Vec<u8>>, TemplateError> {
    if !body.windows(10).any(|w| w == b"\"template\"") {
        return Ok(None);
    }
    let Ok(TemplateCall {
        template: Some(name),
        template_version,
        inputs,
        job_id,
    }) = serde_json::from_slice::<TemplateCall>(body)
    else {
        return Ok(None);
    };
    let db = db.ok_or(TemplateError::NoDatabase)?;
    let label = match template_version {
        Some(v) => format!("{name} version {v}"),
        None => name.clone(),
    };
    let t = db
        .template(&name, template_version)?
        .ok_or(TemplateError::NotFound(label))?;
    request_for(&t, inputs, job_id).map(Some)
}

/// The execution request of template `t` with the dynamic `inputs` provided directly (a
/// string as it is, anything else as its JSON text, as hetida's `filters.value`).
pub fn request_for(
    t: &Template,
    inputs: Map<String, Value>,
    job_id: Option<Value>,
) -> Result<Vec<u8>, TemplateError> {
    let mut wiring = serde_json::to_value(&t.wiring).unwrap_or_else(|_| json!({}));
    let fixed: Vec<&str> = t
        .wiring
        .input_wirings
        .iter()
        .map(|w| w.workflow_input_name.as_str())
        .collect();
    let mut dynamic = Vec::with_capacity(inputs.len());
    for (input, value) in inputs {
        if fixed.contains(&input.as_str()) {
            return Err(TemplateError::FixedInput {
                name: t.name.clone(),
                input,
            });
        }
        let text = match value {
            Value::String(s) => s,
            other => other.to_string(),
        };
        dynamic.push(json!({
            "workflow_input_name": input,
            "adapter_id": "direct_provisioning",
            "filters": {"value": text},
        }));
    }
    if let Some(list) = wiring["input_wirings"].as_array_mut() {
        list.extend(dynamic);
    } else {
        wiring["input_wirings"] = Value::Array(dynamic);
    }
    if wiring.get("output_wirings").is_none() {
        wiring["output_wirings"] = json!([]);
    }
    let mut request = json!({
        "wiring": wiring,
        "run_pure_plot_operators": t.run_pure_plot_operators,
    });
    match t.target() {
        Target::Id(id) => request["id"] = json!(id),
        Target::LatestOfGroup(g) => request["revision_group_id"] = json!(g),
    }
    if let Some(j) = job_id {
        request["job_id"] = j;
    }
    Ok(request.to_string().into_bytes())
}
