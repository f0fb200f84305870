//! hetida's blob storage adapter (`blob-storage-adapter`, hetida-compat §10): objects in
//! S3-compatible buckets as sources, "next object" sinks that store every result as a new
//! object, both laid out by a JSON hierarchy file.
//!
//! Layout: [`settings`] (variables and credentials), [`hierarchy`] (the tree → buckets and
//! key prefixes), [`keys`] (`ref_key` → object key), [`s3`] (the signed requests),
//! [`codec`] (object bytes ↔ values); this module checks wirings and runs loads and sends.
//!
//! Unlike hetida, new objects are JSON (`.json`), not pickles; `.pkl` objects written by
//! hetida are read when they hold plain Python values. Existing objects are never replaced.

pub mod codec;
pub mod hierarchy;
pub mod keys;
pub mod s3;
pub mod settings;

use crate::per_wiring::PerWiring;
use crate::settings::SettingsError;
use hierarchy::{EndNode, Hierarchy};
use keys::ObjectRef;
use rheo_core::adapter::{AdapterError, SendContext};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::Value;
use s3::{Found, S3};
use settings::BlobStorageSettings;
use std::time::Duration;

/// The adapter key in wirings.
pub const ID: &str = "blob-storage-adapter";

/// The blob storage adapter over one endpoint and hierarchy.
#[derive(Debug, Clone)]
pub struct BlobStorageAdapter {
    hierarchy: Hierarchy,
    s3: S3,
    create_buckets: bool,
}

impl BlobStorageAdapter {
    /// The adapter for `settings`, or `None` when no hierarchy file is configured (hetida
    /// then offers no blob storage adapter either). The hierarchy file is read here, once;
    /// every problem with it or the other settings is an error naming the variable.
    pub fn from_settings(
        settings: &BlobStorageSettings,
        timeout: Duration,
        max_file_bytes: u64,
    ) -> Result<Option<Self>, SettingsError> {
        let Some(path) = &settings.hierarchy_location else {
            return Ok(None);
        };
        settings.check()?;
        let hierarchy = Hierarchy::load(path).map_err(|message| SettingsError {
            variable: "BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION".into(),
            message: format!("the hierarchy file {}: {message}", path.display()),
        })?;
        let credentials = if settings.anonymous {
            None
        } else {
            settings.credentials.as_ref()
        };
        let s3 = S3::new(
            settings.endpoint_url.as_deref(),
            &settings.region_name,
            credentials,
            timeout,
            max_file_bytes,
        )
        .map_err(|message| SettingsError {
            variable: "BLOB_STORAGE_ENDPOINT_URL".into(),
            message,
        })?;
        Ok(Some(BlobStorageAdapter {
            hierarchy,
            s3,
            create_buckets: settings.may_create_buckets(),
        }))
    }

    /// The tree the adapter serves.
    pub fn hierarchy(&self) -> &Hierarchy {
        &self.hierarchy
    }

    /// The end node a wiring names, with both `ref_id` and `ref_key` required as in hetida.
    fn end_node<'w>(
        &self,
        ref_id: Option<&'w str>,
        ref_key: Option<&'w str>,
        what: &str,
    ) -> Result<(&EndNode, &'w str), AdapterError> {
        let (Some(ref_id), Some(ref_key)) = (ref_id, ref_key) else {
            return Err(AdapterError::wiring_invalid(format!(
                "To use the BLOB storage adapter each wiring must have 'ref_id' and 'ref_key' \
                 set! That is not the case for {what}."
            )));
        };
        let node = self.hierarchy.end_node(ref_id).ok_or_else(|| {
            const SHOWN: usize = 10;
            let ids: Vec<&str> = self.hierarchy.end_node_ids().collect();
            let more = ids.len().saturating_sub(SHOWN);
            AdapterError::wiring_invalid(format!(
                "{what}: '{}' is no end node of the blob storage hierarchy; end nodes are {}{}",
                ref_id.escape_debug(),
                ids[..ids.len().min(SHOWN)].join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ))
        })?;
        Ok((node, ref_key))
    }

    /// Loads one source wiring's object.
    pub fn load_object(&self, w: &InputWiring) -> Result<Value, AdapterError> {
        let what = format!("input '{}'", w.workflow_input_name);
        let (node, ref_key) = self.end_node(w.ref_id.as_deref(), w.ref_key.as_deref(), &what)?;
        let at = keys::source(node, ref_key)
            .map_err(|e| AdapterError::wiring_invalid(format!("{what}: {e}")))?;
        let bytes = match self.s3.get_object(&at.bucket, &at.key)? {
            Found::Yes(bytes) => bytes,
            Found::NoObject => {
                return Err(AdapterError::handling(format!(
                    "The bucket '{}' contains no object with the key '{}'!",
                    at.bucket, at.key
                )))
            }
            Found::NoBucket => {
                return Err(AdapterError::handling(format!(
                    "The bucket '{}' does not exist, so it has no object with the key '{}'!",
                    at.bucket, at.key
                )))
            }
        };
        codec::decode(&bytes, &at).map_err(AdapterError::handling)
    }

    /// Stores one output as a new object; never replaces an existing one.
    pub fn store_object(
        &self,
        w: &OutputWiring,
        value: &Value,
        context: SendContext<'_>,
    ) -> Result<ObjectRef, AdapterError> {
        let what = format!("output '{}'", w.workflow_output_name);
        let (node, ref_key) = self.end_node(w.ref_id.as_deref(), w.ref_key.as_deref(), &what)?;
        let suffix = w.filters.get("object_key_suffix").map(String::as_str);
        let at = keys::sink(node, ref_key, suffix, context.job_id, chrono::Utc::now())
            .map_err(|e| AdapterError::wiring_invalid(format!("{what}: {e}")))?;
        let body = codec::encode(value).map_err(|e| {
            AdapterError::output_data(format!(
                "{what} cannot be written to the blob storage as JSON: {e}"
            ))
        })?;
        self.ensure_bucket(&at.bucket)?;
        let exists = || {
            AdapterError::connection(format!(
                "The bucket '{}' already contains an object with the key '{}', write request \
                 will not be executed!",
                at.bucket, at.key
            ))
        };
        if self.s3.object_exists(&at.bucket, &at.key)? {
            return Err(exists());
        }
        if !self
            .s3
            .put_new_object(&at.bucket, &at.key, &body, "application/json")?
        {
            return Err(exists());
        }
        Ok(at)
    }

    /// hetida's `ensure_bucket_exists` for sinks: creates a missing bucket when allowed.
    fn ensure_bucket(&self, bucket: &str) -> Result<(), AdapterError> {
        if self.s3.bucket_exists(bucket)? {
            return Ok(());
        }
        if !self.create_buckets {
            return Err(AdapterError::connection(format!(
                "The bucket '{bucket}' does not exist! (Bucket creation is switched off: \
                 BLOB_STORAGE_ADAPTER_ALLOW_BUCKET_CREATION=false or anonymous access.)"
            )));
        }
        self.s3.create_bucket(bucket)
    }
}

impl PerWiring for BlobStorageAdapter {
    fn key(&self) -> &str {
        ID
    }

    fn load_one(&self, wiring: &InputWiring) -> Result<Value, AdapterError> {
        self.load_object(wiring)
    }

    fn send_one(
        &self,
        wiring: &OutputWiring,
        value: &Value,
        context: SendContext<'_>,
    ) -> Result<(), AdapterError> {
        self.store_object(wiring, value, context).map(|_| ())
    }
}
