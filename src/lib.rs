//! archsim: client-server, federated and peer-to-peer networks simulated side by side.
//!
//! * [`sim`] — the deterministic engine (pure Rust).
//! * [`report`] — the JSON report shared by the headless runner and the page.
//! * `view` — the Yew page (wasm only).

pub mod report;
pub mod sim;
