//! Compose files (being written).
pub mod yaml;
