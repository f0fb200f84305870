//! Cooperative cancellation of an execution.
//!
//! A caller that gives up on an execution (a timeout) raises its [`CancelToken`]; the
//! executor checks it between operators and long kernels check it through [`checkpoint`],
//! so the work actually stops and its CPU and concurrency slot are freed. The token of the
//! running execution is kept per thread ([`scope`]), so kernels need no extra argument.

use crate::ComponentError;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag shared by an execution and whoever may stop it.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token nobody has raised yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the execution to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

thread_local! {
    static CURRENT: RefCell<Option<CancelToken>> = const { RefCell::new(None) };
}

/// Runs `f` with `token` as this thread's current token (restoring the previous one after).
pub fn scope<R>(token: &CancelToken, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT.with(|c| c.replace(Some(token.clone())));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = previous);
    out
}

/// This thread's current token, to hand to other threads of the same execution.
pub fn current() -> Option<CancelToken> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Runs `f` under `token` if there is one (a worker thread doing part of an execution's
/// work), else as it is.
pub fn scope_opt<R>(token: Option<&CancelToken>, f: impl FnOnce() -> R) -> R {
    match token {
        Some(t) => scope(t, f),
        None => f(),
    }
}

/// Whether this thread's execution was cancelled. A long kernel that sees `true` may stop
/// and return what it has: the executor discards the result of a cancelled operator.
pub fn requested() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(CancelToken::is_cancelled))
}

/// The error an execution stopped by its token reports.
pub fn cancelled_error() -> ComponentError {
    ComponentError::new(
        "ExecutionCancelled",
        "the execution was cancelled (its caller stopped waiting for it)",
    )
}

/// Fails with [`cancelled_error`] when this thread's execution was cancelled; cheap enough
/// for a kernel to call every few thousand rows.
///
/// # Errors
/// `ExecutionCancelled` once the current token is raised.
pub fn checkpoint() -> Result<(), ComponentError> {
    if requested() {
        Err(cancelled_error())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_sees_the_scoped_token_only() {
        assert!(checkpoint().is_ok(), "no token: never cancelled");
        let token = CancelToken::new();
        scope(&token, || {
            assert!(checkpoint().is_ok());
            token.cancel();
            let e = checkpoint().unwrap_err();
            assert_eq!(e.type_name, "ExecutionCancelled");
            assert!(current().is_some_and(|t| t.is_cancelled()));
        });
        assert!(checkpoint().is_ok(), "the scope ended");
    }
}
