//! Category "Remaining Useful Life": trend extrapolation to a limit.

pub mod univariate_linear_rul_regression;
