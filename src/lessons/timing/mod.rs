//! The third lesson, "Timing and order": drifting clocks, a time-server hierarchy, Lamport and
//! vector clocks, and the Alice → Bob → Charlie payments applied by five ordering rules side by
//! side, measured.

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod link;
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
use crate::sim::fault::{Fault, FaultSpec};
use crate::sim::time::{MS, Micros};
use crate::sim::{ConfigError, NodeId};

/// The third lesson, as the shell drives it.
pub struct Timing;

impl Lesson for Timing {
    const NAME: &'static str = "timing";
    const PAGE: &'static str = "timing/";
    const COMMANDS: &'static [&'static str] = &["timing"];
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
        let a = crate::shell::link::read_action_named(text, &item, u64::MAX, &link::is_name)?;
        let layout = w.engines()[0].layout();
        let node = |name: &str| {
            layout
                .find(name)
                .map(NodeId)
                .ok_or_else(|| format!("action “{}”: this run has no node “{name}”", text.trim()))
        };
        match &a.fault {
            FaultSpec::Crash { node: n } => Ok(Fault::Crash(node(n)?)),
            FaultSpec::Recover { node: n } => Ok(Fault::Recover(node(n)?)),
            _ => Err(format!(
                "action “{}”: this lesson fails (x) and recovers (r) nodes only",
                text.trim()
            )),
        }
    }
    fn apply(w: &mut world::World, fault: &Fault) {
        w.apply(fault);
    }
    fn values(w: &world::World) -> tour::Values {
        tour::measure(w)
    }
    fn is_node(highlight: &str) -> bool {
        link::is_name(highlight.trim())
    }
    fn has_node(w: &world::World, highlight: &str) -> bool {
        w.engines()[0].layout().find(highlight).is_some()
    }
    fn shown(name: &str) -> Option<String> {
        tour::shown(name)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn cli(argv: &[String]) -> std::process::ExitCode {
        crate::shell::cli::main("archsim timing", cli::USAGE, argv, cli::parse, cli::run)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn presets() -> Vec<crate::shell::link::Preset<link::Scenario>> {
        link::presets()
    }
}

pub use words::ENGLISH;
