//! The CPU slot an execution holds, and its release while the execution waits for adapters.
//!
//! Why this exists: [`crate::executor::Executor`] bounds how many executions compute at once
//! (`concurrency`, one slot per core by default). Loading inputs from a REST adapter, a
//! database or S3, and sending outputs, is waiting, not computing: an execution that held its
//! slot through a slow adapter call would stall every other request once all slots were
//! waiting. The executor parks the slot here for the execution's thread; the engine gives it
//! back for the duration of adapter calls ([`released_while`]) and takes a slot again before
//! it computes.

use std::cell::RefCell;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A slot held by the current thread's execution.
struct Held {
    permit: OwnedSemaphorePermit,
    slots: Arc<Semaphore>,
    runtime: Handle,
}

thread_local! {
    static SLOT: RefCell<Option<Held>> = const { RefCell::new(None) };
}

/// Runs `work` on this (blocking, non-async) thread holding `permit` of `slots`; the slot is
/// freed when `work` returns.
pub fn hold<R>(
    permit: OwnedSemaphorePermit,
    slots: Arc<Semaphore>,
    runtime: Handle,
    work: impl FnOnce() -> R,
) -> R {
    SLOT.with(|s| {
        *s.borrow_mut() = Some(Held {
            permit,
            slots,
            runtime,
        })
    });
    let result = work();
    SLOT.with(|s| s.borrow_mut().take());
    result
}

/// Runs `wait` (adapter I/O) without the current execution's CPU slot and takes a slot again
/// afterwards; outside an executor (`rheo run`) it just runs `wait`.
pub fn released_while<R>(wait: impl FnOnce() -> R) -> R {
    let Some(held) = SLOT.with(|s| s.borrow_mut().take()) else {
        return wait();
    };
    let Held {
        permit,
        slots,
        runtime,
    } = held;
    drop(permit);
    let result = wait();
    let permit = runtime
        .block_on(slots.clone().acquire_owned())
        .expect("the CPU semaphore is never closed");
    SLOT.with(|s| {
        *s.borrow_mut() = Some(Held {
            permit,
            slots,
            runtime,
        })
    });
    result
}
