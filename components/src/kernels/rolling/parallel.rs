//! Splitting long inputs into row ranges computed in parallel on rayon's pool (the one the
//! engine runs independent operators on, so nested parallelism shares its threads).

use rayon::prelude::*;
use rheo_core::cancel;

/// Rows a kernel computes between two looks at its execution's cancellation token.
const CANCEL_STRIDE: usize = 8192;

/// Whether a kernel that has computed `done` rows of its range should stop: its execution
/// was cancelled (checked every [`CANCEL_STRIDE`] rows). The executor discards the partial
/// result of a cancelled operator.
pub(super) fn stop_requested(done: usize) -> bool {
    done.is_multiple_of(CANCEL_STRIDE) && cancel::requested()
}

/// How many row ranges a long rolling kernel is split into: `$RHEO_KERNEL_THREADS` if set
/// to a positive number (1 keeps every kernel on the calling thread), else the threads of
/// rayon's pool.
pub fn kernel_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("RHEO_KERNEL_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(rayon::current_num_threads)
    })
}

/// Inputs shorter than this run a rolling kernel on one thread.
pub(super) const MIN_ROWS_PER_THREAD: usize = 100_000;

/// Runs `kernel` on consecutive row ranges covering `0..rows`, one per [`kernel_threads`] for
/// long inputs (`MIN_ROWS_PER_THREAD` rows at least each), and concatenates the results
/// in row order. A kernel starts each range from scratch, so its results must not depend on
/// where a range starts (true of window statistics, which only see their window).
pub fn in_row_chunks<T, F>(rows: usize, kernel: F) -> Vec<T>
where
    T: Send,
    F: Fn(std::ops::Range<usize>) -> Vec<T> + Sync,
{
    let threads = kernel_threads().min(rows / MIN_ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return kernel(0..rows);
    }
    let step = rows.div_ceil(threads);
    let ranges: Vec<std::ops::Range<usize>> = (0..rows)
        .step_by(step)
        .map(|a| a..(a + step).min(rows))
        .collect();
    // Worker threads see the execution's cancellation token too.
    let token = cancel::current();
    let parts: Vec<Vec<T>> = ranges
        .into_par_iter()
        .map(|r| cancel::scope_opt(token.as_ref(), || kernel(r)))
        .collect();
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    out.reserve(rows - out.len());
    for part in parts {
        out.extend(part);
    }
    out
}
