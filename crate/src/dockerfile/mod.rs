//! Dockerfiles: syntax (lossless, error-tolerant), variable expansion, and the
//! semantic model the analyses read.

pub mod expand;
pub mod model;
pub mod syntax;
