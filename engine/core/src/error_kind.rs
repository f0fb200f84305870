//! The kinds of failure a result can report, typed: each has hetida's type name (what the
//! result's `error.type` says) and a class that decides what the service does with it
//! (dead-letter the record, retry, which HTTP status) by `match` instead of by comparing
//! strings.

use std::fmt;

/// What went wrong, by hetida's (or Rheo's) error type name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The record or body is not a valid execution request.
    RequestValidationError,
    /// The request is larger than `max_request_bytes`.
    RequestTooLarge,
    /// The record value is not UTF-8.
    InvalidUtf8,
    /// Engine processes died while this record was executing; it is not executed again.
    PoisonRecord,
    /// The service had no room for the request (in-flight budget used up).
    ServiceOverloaded,
    /// The result is larger than the result topic takes.
    ResultTooLarge,
    /// The request names a transformation that is not known.
    TransformationNotFound,
    /// The wiring does not fit the workflow (missing or unknown inputs/outputs).
    WiringValidationError,
    /// A provided input value cannot be parsed into its declared type.
    InputParsingError,
    /// The execution took longer than `execution_timeout_seconds`.
    ExecutionTimeout,
    /// A bug or an unexpected state inside Rheo.
    InternalError,
    /// The workflow graph is invalid; the name is the problem's hetida type
    /// (`ConnectionInvalidError`, `CircularDependency`, `MissingInputSource`, …).
    Workflow(&'static str),
    /// An adapter failed to load or send data; the name is the adapter's error type.
    Adapter(String),
    /// An exception a component (or the workflow graph) raised, by its Python class name
    /// (`ValueError`, `ZeroDivisionError`, `ComponentInputValidationException`, …).
    Raised(String),
}

/// What kind of party is to blame, which decides how the failure is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The request itself is malformed: never retried, dead-lettered, HTTP 4xx.
    BadRequest,
    /// The request is well-formed but its data or workflow fails (as in hetida): HTTP 422.
    UserData,
    /// A data source or sink failed: may succeed when retried, HTTP 502.
    Adapter,
    /// Rheo failed: HTTP 500.
    Internal,
    /// The work took too long: HTTP 504.
    Timeout,
    /// The service is full: retry later, HTTP 503.
    Unavailable,
}

impl ErrorKind {
    /// The type name written to results (`error.type`), hetida's where hetida has one.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::RequestValidationError => "RequestValidationError",
            ErrorKind::RequestTooLarge => "RequestTooLarge",
            ErrorKind::InvalidUtf8 => "InvalidUtf8",
            ErrorKind::PoisonRecord => "PoisonRecord",
            ErrorKind::ServiceOverloaded => "ServiceOverloaded",
            ErrorKind::ResultTooLarge => "ResultTooLarge",
            ErrorKind::TransformationNotFound => "TransformationNotFound",
            ErrorKind::WiringValidationError => "WiringValidationError",
            ErrorKind::InputParsingError => "InputParsingError",
            ErrorKind::ExecutionTimeout => "ExecutionTimeout",
            ErrorKind::InternalError => "InternalError",
            ErrorKind::Workflow(name) => name,
            ErrorKind::Adapter(name) | ErrorKind::Raised(name) => name,
        }
    }

    /// Who is to blame (see [`ErrorClass`]).
    pub fn class(&self) -> ErrorClass {
        match self {
            ErrorKind::RequestValidationError
            | ErrorKind::RequestTooLarge
            | ErrorKind::InvalidUtf8
            | ErrorKind::PoisonRecord => ErrorClass::BadRequest,
            ErrorKind::TransformationNotFound
            | ErrorKind::WiringValidationError
            | ErrorKind::InputParsingError
            | ErrorKind::Workflow(_)
            | ErrorKind::Raised(_) => ErrorClass::UserData,
            ErrorKind::Adapter(_) => ErrorClass::Adapter,
            ErrorKind::ResultTooLarge | ErrorKind::InternalError => ErrorClass::Internal,
            ErrorKind::ExecutionTimeout => ErrorClass::Timeout,
            ErrorKind::ServiceOverloaded => ErrorClass::Unavailable,
        }
    }

    /// Whether a record failing this way is copied to the dead-letter topic: only records
    /// that are bad in themselves.
    pub fn dead_letters(&self) -> bool {
        self.class() == ErrorClass::BadRequest
    }

    /// Whether trying again later may succeed: an adapter's backend (a database, a REST
    /// service, a broker, a bucket) could not be reached or did not answer in time.
    pub fn is_transient(&self) -> bool {
        matches!(self, ErrorKind::Adapter(t) if t == "AdapterConnectionError")
    }
}

impl ErrorClass {
    /// The HTTP status an API answers a failure of this class with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorClass::BadRequest => 400,
            ErrorClass::UserData => 422,
            ErrorClass::Adapter => 502,
            ErrorClass::Internal => 500,
            ErrorClass::Timeout => 504,
            ErrorClass::Unavailable => 503,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hetidas_and_classes_drive_handling() {
        assert_eq!(
            ErrorKind::RequestValidationError.as_str(),
            "RequestValidationError"
        );
        assert_eq!(
            ErrorKind::Raised("ValueError".into()).as_str(),
            "ValueError"
        );
        for k in [
            ErrorKind::RequestValidationError,
            ErrorKind::RequestTooLarge,
            ErrorKind::InvalidUtf8,
            ErrorKind::PoisonRecord,
        ] {
            assert!(k.dead_letters(), "{k}");
        }
        assert!(!ErrorKind::ServiceOverloaded.dead_letters());
        assert!(!ErrorKind::Raised("ValueError".into()).dead_letters());
        assert_eq!(ErrorKind::ExecutionTimeout.class().http_status(), 504);
        assert_eq!(ErrorKind::Adapter("X".into()).class(), ErrorClass::Adapter);
    }
}
