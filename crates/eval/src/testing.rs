//! Builders for synthetic events, for unit tests of scorers and harnesses (feature `testing`):
//! those of [`sitrep_model::testing`].

pub use sitrep_model::testing::{entity, event};
