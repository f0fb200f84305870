//! Splitting long inputs into row ranges computed on parallel threads.

/// How many threads a long rolling kernel may use: `$RHEO_KERNEL_THREADS` if set to a
/// positive number (1 keeps every kernel on the calling thread), else the available cores.
pub fn kernel_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("RHEO_KERNEL_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
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
    std::thread::scope(|scope| {
        let kernel = &kernel;
        let handles: Vec<_> = ranges[1..]
            .iter()
            .map(|r| {
                let r = r.clone();
                scope.spawn(move || kernel(r))
            })
            .collect();
        let mut out = kernel(ranges[0].clone());
        out.reserve(rows - out.len());
        for h in handles {
            out.extend(h.join().expect("rolling kernel thread panicked"));
        }
        out
    })
}
