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
        Arc::new(consecutive_differences::ConsecutiveDifferences),
        Arc::new(cumulative_sum::CumulativeSum),
        Arc::new(derivate::Derivate),
        Arc::new(e::E),
        Arc::new(exp::Exp),
        Arc::new(integrate::Integrate),
        Arc::new(ln::Ln),
        Arc::new(log_to_base::LogToBase),
        Arc::new(modulo::Modulo),
        Arc::new(nth_root::NthRoot),
        Arc::new(pi::Pi),
        Arc::new(power::Power),
        Arc::new(sqrt::Sqrt),
        Arc::new(sum_columns::SumColumns),
        Arc::new(sum_up_series::SumUpSeries),
    ]
}
