//! The third lesson, "Timing and order": drifting clocks, a time-server hierarchy, Lamport and
//! vector clocks, and the Alice → Bob → Charlie payments applied by five ordering rules,
//! measured.

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod model;
