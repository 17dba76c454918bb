//! Base-image knowledge (placeholder, being written).
