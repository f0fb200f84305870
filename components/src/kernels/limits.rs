//! Bounds on allocations whose size a parameter chooses (a number of samples, trees or
//! shifted copies). numpy and scikit-learn would try to allocate whatever is asked and fail
//! with MemoryError (or run for hours); Rheo refuses such sizes up front with the same
//! error type, so a request cannot exhaust the process's memory.

use rheo_core::ComponentError;

/// Most values one parameter-sized allocation may hold (400 MB of floats).
pub const MAX_ELEMENTS: u128 = 50_000_000;

/// `count` as a `usize` if it is at most `max`; else pandas' MemoryError naming `what`.
pub fn within(what: &str, count: u128, max: u128) -> Result<usize, ComponentError> {
    if count > max {
        return Err(ComponentError::new(
            "MemoryError",
            format!(
                "Unable to allocate {what}: {count} values are more than Rheo allocates ({max})"
            ),
        ));
    }
    usize::try_from(count)
        .map_err(|_| ComponentError::new("MemoryError", format!("Unable to allocate {what}")))
}
