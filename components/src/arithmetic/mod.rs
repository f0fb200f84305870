//! Category "Arithmetic": constants, exponentials/logarithms, powers and roots, modulo,
//! sums, and the sequential operations on consecutive points (differences, difference
//! quotients, cumulative sums, trapezoidal integrals).
//!
//! The elementwise ones build on [`crate::kernels::elementwise`]; the sequential ones share the
//! index handling below (hetida sorts a numeric index as it is and converts any other index
//! with `pd.to_datetime` first). Port ids are hetida's own connector ids, so exported
//! workflows match.

pub mod consecutive_differences;
pub mod cumulative_sum;
pub mod derivate;
pub mod e;
pub mod exp;
pub mod integrate;
pub mod ln;
pub mod log_to_base;
pub mod modulo;
pub mod nth_root;
pub mod pi;
pub mod power;
pub mod sqrt;
pub mod sum_columns;
pub mod sum_up_series;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(consecutive_differences::COMPONENT),
        Arc::new(cumulative_sum::COMPONENT),
        Arc::new(derivate::COMPONENT),
        Arc::new(e::COMPONENT),
        Arc::new(exp::COMPONENT),
        Arc::new(integrate::COMPONENT),
        Arc::new(ln::COMPONENT),
        Arc::new(log_to_base::COMPONENT),
        Arc::new(modulo::COMPONENT),
        Arc::new(nth_root::COMPONENT),
        Arc::new(pi::COMPONENT),
        Arc::new(power::COMPONENT),
        Arc::new(sqrt::COMPONENT),
        Arc::new(sum_columns::COMPONENT),
        Arc::new(sum_up_series::COMPONENT),
    ]
}
