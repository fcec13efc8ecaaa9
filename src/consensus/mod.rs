//! The consensus lesson outside the engine: its scenario links (the page and the runner's
//! `chain --scenario` read the same ones).

pub mod link;
pub mod scene;
pub mod theory;
pub mod world;
