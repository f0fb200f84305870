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
    /// Frees the slot when the work ends, also by a panic (the thread goes back to the
    /// blocking pool and must not keep the slot).
    struct Release;
    impl Drop for Release {
        fn drop(&mut self) {
            SLOT.with(|s| s.borrow_mut().take());
        }
    }
    SLOT.with(|s| {
        *s.borrow_mut() = Some(Held {
            permit,
            slots,
            runtime,
        })
    });
    let _release = Release;
    work()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_slot_is_lent_during_waits_and_freed_even_by_a_panic() {
        let slots = Arc::new(Semaphore::new(1));
        let permit = slots.clone().acquire_owned().await.unwrap();
        let (s, rt) = (slots.clone(), Handle::current());
        let seen = tokio::task::spawn_blocking(move || {
            hold(permit, s.clone(), rt, || {
                let during = released_while(|| s.available_permits());
                (during, s.available_permits())
            })
        })
        .await
        .unwrap();
        assert_eq!(seen, (1, 0), "free while waiting, held again to compute");
        assert_eq!(slots.available_permits(), 1, "freed at the end");

        let permit = slots.clone().acquire_owned().await.unwrap();
        let (s, rt) = (slots.clone(), Handle::current());
        let panicked = tokio::task::spawn_blocking(move || {
            hold(permit, s, rt, || -> () { panic!("component bug") })
        })
        .await;
        assert!(panicked.is_err());
        assert_eq!(slots.available_permits(), 1, "a panic frees the slot too");
    }
}
