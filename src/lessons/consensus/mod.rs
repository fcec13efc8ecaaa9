//! The second lesson: a blockchain on the peer-to-peer network — leaders, blocks, forks, the
//! longest chain, partitions and an attacker, measured beside the textbook's formulas.

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod link;
pub mod measured;
pub mod model;
pub mod scene;
pub mod settings;
pub mod tour;
pub mod words;
pub mod world;

#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(target_arch = "wasm32")]
pub mod paint;

use crate::shell::lesson::{Decoded, Lesson, with_time};
use crate::sim::{ConfigError, Fault, time::MS, time::Micros};

/// The second lesson, as the shell drives it.
pub struct Consensus;

impl Lesson for Consensus {
    const NAME: &'static str = "consensus";
    const PAGE: &'static str = "consensus/";
    const COMMANDS: &'static [&'static str] = &["consensus", "chain"];
    type Scenario = link::Scenario;
    type World = world::World;
    type Action = Fault;
    type Values = tour::Values;

    fn decode(text: &str) -> Decoded<link::Scenario> {
        link::decode(text)
    }
    fn encode(s: &link::Scenario) -> String {
        link::encode(s)
    }
    fn prepare(s: &link::Scenario) -> Result<(world::World, Vec<String>), ConfigError> {
        world::World::prepare(s)
    }
    fn start(s: &link::Scenario) -> Micros {
        s.time_ms * MS
    }
    fn parse_action(w: &world::World, text: &str) -> Result<Fault, String> {
        let item = with_time(text, w.now());
        let a = crate::shell::link::read_action(text, &item, u64::MAX)?;
        a.fault
            .resolve(w.engine().topology())
            .map_err(|e| format!("action “{}”: {e}", text.trim()))
    }
    fn apply(w: &mut world::World, fault: &Fault) {
        w.apply(fault);
    }
    fn values(w: &world::World) -> tour::Values {
        tour::measure(w)
    }
    fn is_node(highlight: &str) -> bool {
        tour::is_node(highlight)
    }
    fn has_node(w: &world::World, highlight: &str) -> bool {
        tour::node(w, highlight).is_some()
    }
    fn shown(name: &str) -> Option<String> {
        tour::shown(name)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn cli(argv: &[String]) -> std::process::ExitCode {
        crate::shell::cli::main("archsim chain", cli::USAGE, argv, cli::parse, cli::run)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn presets() -> Vec<crate::shell::link::Preset<link::Scenario>> {
        link::presets()
    }
}

pub use words::ENGLISH;
