//! RUN replay tests.
