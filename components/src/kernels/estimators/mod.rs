//! Estimators the model-fitting components and the Models components share: the fitted
//! models, their native JSON form and the scikit-learn checks around them.

pub mod isolation_forest;
pub mod linear;
pub mod native;
