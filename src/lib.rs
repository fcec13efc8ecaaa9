//! archsim: client-server, federated and peer-to-peer networks simulated side by side.
//!
//! * [`sim`] — the deterministic engine (pure Rust).
//! * [`world`] — the three architectures of one scenario, advanced together.
//! * [`scene`] — engine state to a display list.
//! * [`scenario`] — a scenario as a link, and the preset gallery.
//! * [`page`] — what the page and its links share: logged actions, limits, settings.
//! * [`consensus`] — the consensus lesson's scenario links.
//! * [`link`] — what every lesson's links share: fields, versions, numbers, actions.
//! * [`timeline`] — rewind by checkpoints and deterministic replay.
//! * [`tour`] — guided tours, and the claims they make checked against the model.
//! * [`report`] — the JSON report shared by the headless runner and the page.
//! * `view` — the Yew page (wasm only).

pub mod consensus;
pub mod link;
pub mod page;
pub mod report;
pub mod scenario;
pub mod scene;
pub mod schedule;
pub mod sim;
pub mod timeline;
pub mod tour;
pub mod world;

#[cfg(target_arch = "wasm32")]
pub mod view;
