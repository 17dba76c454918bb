//! Build context and .dockerignore (placeholder, being written).
