//! The optional bearer token of the API: with `api_token` set, a request without
//! `Authorization: Bearer <token>` (or with another token) gets 401 before its body is read.

use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The expected token, kept as its SHA-256 digest so that comparing takes the same time
/// whatever prefix of the token a guess gets right.
#[derive(Clone)]
pub struct Token(Arc<[u8; 32]>);

impl Token {
    /// The token callers must present.
    pub fn new(token: &str) -> Self {
        Token(Arc::new(Sha256::digest(token.as_bytes()).into()))
    }

    fn admits(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        digest == *self.0
    }
}

/// Middleware: passes the request on if it carries the token, else answers 401.
pub async fn require(
    State(token): State<Token>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let presented = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match presented {
        Some(t) if token.admits(t.trim()) => Ok(next.run(req).await),
        Some(_) => Err(ApiError::Unauthorized("invalid bearer token")),
        None => Err(ApiError::Unauthorized(
            "Not authenticated: send Authorization: Bearer <api_token>",
        )),
    }
}
