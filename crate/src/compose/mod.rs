//! Compose files (placeholder, being written).
