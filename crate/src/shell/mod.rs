//! Shell command parsing for RUN (placeholder, being written).
