//! The machinery components share, below every category: a component imports from here
//! (and from `rheo_core`), never from its crate root or another category.
//!
//! [`elementwise`] broadcasts arithmetic over numbers, series and frames; [`compare`] does
//! the same for comparisons; [`rolling`] holds the moving-window kernels; [`time_index`]
//! resampling, interpolation and Timedelta parsing; [`rows`] row selection; [`freq`] pandas
//! frequency strings; [`series_frame`] series/frame conversion; [`limits`] bounds on
//! parameter-sized allocations.

pub mod broadcast;
pub mod bspline;
pub mod clock;
pub mod compare;
pub mod elementwise;
pub mod estimators;
pub mod freq;
pub mod limits;
pub mod numeric_index;
pub mod object_store;
pub mod pydantic;
pub mod reindex;
pub mod rolling;
pub mod rows;
pub mod scipy_interpolation;
pub mod series_frame;
pub mod time_index;
pub mod ufunc;
