//! Variable expansion with BuildKit semantics (placeholder, being written).
