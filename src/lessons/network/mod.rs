//! The first lesson: the same participants connected three ways — client-server, federated
//! servers and peer-to-peer — side by side, failed at will, rated on the three challenges.

pub mod card;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod link;
pub mod measured;
pub mod model;
pub mod report;
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
use crate::sim::{Arch, ConfigError, Fault, time::MS, time::Micros};

/// The first lesson, as the shell drives it.
pub struct Network;

impl Lesson for Network {
    const NAME: &'static str = "network";
    const PAGE: &'static str = "";
    const COMMANDS: &'static [&'static str] = &["network"];
    type Scenario = link::Scenario;
    type World = world::World;
    type Action = (Arch, Fault);
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
    fn parse_action(w: &world::World, text: &str) -> Result<(Arch, Fault), String> {
        let a = link::parse_action(&with_time(text, w.now()))?;
        let fault = a
            .action
            .fault
            .resolve(w.engine(a.arch).topology())
            .map_err(|e| format!("action “{}”: {e}", text.trim()))?;
        Ok((a.arch, fault))
    }
    fn apply(w: &mut world::World, (arch, fault): &(Arch, Fault)) {
        w.apply(*arch, fault);
    }
    fn values(w: &world::World) -> tour::Values {
        tour::Values(std::rc::Rc::new(tour::measure(w)))
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
        crate::shell::cli::main("archsim", cli::USAGE, argv, cli::parse, cli::run)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn presets() -> Vec<crate::shell::link::Preset<link::Scenario>> {
        link::presets()
    }
}

pub use words::ENGLISH;
