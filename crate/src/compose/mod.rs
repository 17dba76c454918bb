//! Compose files (being written).
pub mod dotenv;
pub mod interpolate;
pub mod schema;
pub mod suggest;
pub mod yaml;
