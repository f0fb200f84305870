//! The blob storage adapter's settings: hetida's `BLOB_STORAGE_*` variables, the AWS
//! credential variables, and the `[adapters.blob_storage]` table of Rheo's TOML config.
//!
//! Why this exists: a hetida deployment's environment must carry over unchanged, and what
//! Rheo cannot honour (STS web-identity authentication) must fail at startup with a message
//! saying what to do instead, not at the first request.

use crate::settings::SettingsError;
use rheo_core::value::parse::bool_word;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The checksum algorithms hetida accepts (`""` switches checksums off).
const CHECKSUMS: &[&str] = &["SHA1", "SHA256", "CRC32", "CRC32C", ""];

/// A secret string, kept out of `Debug` output and thus out of logs.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Static AWS credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`): what signs the adapter's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (not secret; it appears in signed requests).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// A session token of temporary credentials.
    pub session_token: Option<Secret>,
}

/// Everything the blob storage adapter is configured with. The adapter is offered only
/// when `hierarchy_location` is set, as in hetida.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlobStorageSettings {
    /// The JSON hierarchy file (`BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION`).
    pub hierarchy_location: Option<PathBuf>,
    /// The S3 endpoint (`BLOB_STORAGE_ENDPOINT_URL`; none: AWS in `region_name`).
    pub endpoint_url: Option<String>,
    /// The region requests are signed for and buckets created in
    /// (`BLOB_STORAGE_REGION_NAME`).
    pub region_name: String,
    /// Unsigned requests, no bucket creation (`BLOB_STORAGE_ADAPTER_ANONYMOUS`).
    pub anonymous: bool,
    /// Whether a sink creates its missing bucket
    /// (`BLOB_STORAGE_ADAPTER_ALLOW_BUCKET_CREATION`).
    pub allow_bucket_creation: bool,
    /// hetida's checksum setting (`BLOB_STORAGE_CHECKSUM_ALGORITHM`): checked, then left to
    /// the server (S3 checks every upload's integrity itself).
    pub checksum_algorithm: String,
    /// `BLOB_STORAGE_STS_PARAMS` as given: only remembered to refuse it with advice.
    #[serde(skip)]
    pub sts_params: Option<String>,
    /// The credentials from the `AWS_*` variables (never read from the config file).
    #[serde(skip)]
    pub credentials: Option<Credentials>,
}

impl Default for BlobStorageSettings {
    fn default() -> Self {
        BlobStorageSettings {
            hierarchy_location: None,
            endpoint_url: None,
            region_name: "eu-central-1".into(),
            anonymous: false,
            allow_bucket_creation: true,
            checksum_algorithm: "SHA1".into(),
            sts_params: None,
            credentials: None,
        }
    }
}

fn error(variable: &str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        variable: variable.into(),
        message: message.into(),
    }
}

impl BlobStorageSettings {
    /// Applies hetida's `BLOB_STORAGE_*` variables and the `AWS_*` credentials.
    pub fn apply_env(&mut self, env: &BTreeMap<String, String>) -> Result<(), SettingsError> {
        let get = |k: &str| env.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        if let Some(v) = get("BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION") {
            self.hierarchy_location = Some(PathBuf::from(v));
        }
        if let Some(v) = get("BLOB_STORAGE_ENDPOINT_URL") {
            self.endpoint_url = Some(v.to_string());
        }
        if let Some(v) = get("BLOB_STORAGE_REGION_NAME") {
            self.region_name = v.to_string();
        }
        for (var, field) in [
            ("BLOB_STORAGE_ADAPTER_ANONYMOUS", &mut self.anonymous),
            (
                "BLOB_STORAGE_ADAPTER_ALLOW_BUCKET_CREATION",
                &mut self.allow_bucket_creation,
            ),
        ] {
            if let Some(v) = get(var) {
                *field = bool_word(v)
                    .ok_or_else(|| error(var, format!("expected true or false, got '{v}'")))?;
            }
        }
        // An empty value is meaningful here: no checksums.
        if let Some(v) = env.get("BLOB_STORAGE_CHECKSUM_ALGORITHM") {
            self.checksum_algorithm = v.trim().to_string();
        }
        self.sts_params = get("BLOB_STORAGE_STS_PARAMS").map(str::to_string);
        if let (Some(id), Some(secret)) = (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            self.credentials = Some(Credentials {
                access_key_id: id.to_string(),
                secret_access_key: Secret(secret.to_string()),
                session_token: get("AWS_SESSION_TOKEN").map(|t| Secret(t.to_string())),
            });
        }
        Ok(())
    }

    /// Checks what only matters when the adapter is offered; the error names the variable
    /// and says what to set instead.
    pub fn check(&self) -> Result<(), SettingsError> {
        if self.sts_params.as_deref().is_some_and(|p| p.trim() != "{}") {
            return Err(error(
                "BLOB_STORAGE_STS_PARAMS",
                "Rheo does not authenticate through STS (AssumeRoleWithWebIdentity); unset it and \
                 give the credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and \
                 AWS_SESSION_TOKEN for temporary credentials), or set \
                 BLOB_STORAGE_ADAPTER_ANONYMOUS=true",
            ));
        }
        if !self.anonymous && self.credentials.is_none() {
            return Err(error(
                "AWS_ACCESS_KEY_ID",
                "the blob storage adapter is configured (BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION) \
                 but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set; set them, or \
                 BLOB_STORAGE_ADAPTER_ANONYMOUS=true for unsigned requests",
            ));
        }
        if !CHECKSUMS.contains(&self.checksum_algorithm.as_str()) {
            return Err(error(
                "BLOB_STORAGE_CHECKSUM_ALGORITHM",
                format!(
                    "expected SHA1, SHA256, CRC32, CRC32C or an empty value, got '{}'",
                    self.checksum_algorithm
                ),
            ));
        }
        let region_ok = !self.region_name.is_empty()
            && self
                .region_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !region_ok {
            return Err(error(
                "BLOB_STORAGE_REGION_NAME",
                format!(
                    "'{}' is not a region name such as eu-central-1",
                    self.region_name
                ),
            ));
        }
        Ok(())
    }

    /// Whether a missing bucket may be created (never with anonymous access, as in hetida).
    pub fn may_create_buckets(&self) -> bool {
        self.allow_bucket_creation && !self.anonymous
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::settings::test_env as env;

    #[test]
    fn hetidas_variables_and_aws_credentials_are_read() {
        let mut s = BlobStorageSettings::default();
        s.apply_env(&env(&[
            ("BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION", "/mnt/h.json"),
            ("BLOB_STORAGE_ENDPOINT_URL", "http://minio:9000"),
            ("BLOB_STORAGE_ADAPTER_ALLOW_BUCKET_CREATION", "false"),
            ("BLOB_STORAGE_CHECKSUM_ALGORITHM", ""),
            ("AWS_ACCESS_KEY_ID", "AKIA"),
            ("AWS_SECRET_ACCESS_KEY", "very-secret"),
        ]))
        .unwrap();
        assert_eq!(s.hierarchy_location, Some(PathBuf::from("/mnt/h.json")));
        assert_eq!(s.endpoint_url.as_deref(), Some("http://minio:9000"));
        assert_eq!(s.region_name, "eu-central-1");
        assert!(!s.allow_bucket_creation);
        assert_eq!(s.checksum_algorithm, "");
        assert!(s.check().is_ok());
        // Secrets never reach debug output (logs).
        assert!(!format!("{s:?}").contains("very-secret"));
    }

    #[test]
    fn the_toml_table_is_read() {
        let s: crate::settings::AdapterSettings =
            toml::from_str("[blob_storage]\nhierarchy_location = \"/h.json\"\nanonymous = true\n")
                .unwrap();
        assert_eq!(
            s.blob_storage.hierarchy_location,
            Some(PathBuf::from("/h.json"))
        );
        assert!(s.blob_storage.anonymous);
        assert_eq!(s.blob_storage.region_name, "eu-central-1");
        assert!(toml::from_str::<crate::settings::AdapterSettings>(
            "[blob_storage]\naws_secret_access_key = \"x\"\n"
        )
        .is_err());
    }

    #[test]
    fn what_rheo_cannot_do_is_refused_with_advice() {
        let mut s = BlobStorageSettings::default();
        s.apply_env(&env(&[(
            "BLOB_STORAGE_STS_PARAMS",
            r#"{"DurationSeconds": 3600}"#,
        )]))
        .unwrap();
        let e = s.check().unwrap_err();
        assert_eq!(e.variable, "BLOB_STORAGE_STS_PARAMS");
        assert!(e.message.contains("AWS_ACCESS_KEY_ID"), "{e}");
        let e = BlobStorageSettings::default().check().unwrap_err();
        assert_eq!(e.variable, "AWS_ACCESS_KEY_ID");
        let anonymous = BlobStorageSettings {
            anonymous: true,
            ..Default::default()
        };
        assert!(anonymous.check().is_ok());
        assert!(!anonymous.may_create_buckets());
        let e = BlobStorageSettings {
            anonymous: true,
            checksum_algorithm: "MD5".into(),
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(e.variable, "BLOB_STORAGE_CHECKSUM_ALGORITHM");
        let e = s
            .apply_env(&env(&[("BLOB_STORAGE_ADAPTER_ANONYMOUS", "perhaps")]))
            .unwrap_err();
        assert_eq!(e.variable, "BLOB_STORAGE_ADAPTER_ANONYMOUS");
    }
}
