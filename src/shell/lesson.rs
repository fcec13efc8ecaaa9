//! The interface every lesson gives the page shell, the runner and the tour checker. A lesson
//! is a scenario (what a link restores), a world (what the timeline replays), the actions a
//! click, a link or a tour step takes, and its measured values by name. The shell knows no
//! lesson's types: it drives any `L: Lesson`.

use super::timeline::{Replayable, Timeline};
use crate::sim::ConfigError;
use crate::sim::time::{MS, Micros};
use crate::tour::Measured;

/// A link read: the scenario to show and one sentence per thing that had to be left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<S> {
    /// What to show.
    pub scenario: S,
    /// What had to be dropped, and why (empty for a clean link).
    pub problems: Vec<String>,
}

/// One lesson.
pub trait Lesson: 'static {
    /// Its name: in tour files, on the command line, and the folder of its page.
    const NAME: &'static str;
    /// Its page, relative to the site's root (`""` for the first lesson, `"consensus/"`).
    const PAGE: &'static str;
    /// What follows `archsim` to run its command line (the first lesson's also runs with none).
    const COMMANDS: &'static [&'static str];
    /// Everything a link restores: settings, seed, time, speed, the actions taken.
    type Scenario: Clone + PartialEq + Default;
    /// The lesson's state, which the timeline advances and replays.
    type World: Replayable;
    /// One action, resolved against a world (a node failed, a link cut, a split, a heal).
    type Action;
    /// The named measured values tour claims read.
    type Values: Measured;

    /// Reads a link (a full address or a fragment). Never fails: what cannot be used is
    /// dropped with a sentence.
    fn decode(link: &str) -> Decoded<Self::Scenario>;
    /// Writes a scenario as a link's fragment (without `#`).
    fn encode(s: &Self::Scenario) -> String;
    /// The world of `s` at time zero with its actions waiting, and what had to be dropped.
    fn prepare(s: &Self::Scenario) -> Result<(Self::World, Vec<String>), ConfigError>;
    /// The virtual time `s` opens at.
    fn start(s: &Self::Scenario) -> Micros;
    /// Reads an action as a link's `a=` list writes it, without its time (`cxS0`, `sP0~P29`),
    /// against `w`.
    fn parse_action(w: &Self::World, text: &str) -> Result<Self::Action, String>;
    /// Applies `a` to `w` now, logging it.
    fn apply(w: &mut Self::World, a: &Self::Action);
    /// What `w` measures now, by name.
    fn values(w: &Self::World) -> Self::Values;
    /// Whether a tour's highlight names a node (`client-server S0`, `P3`) rather than a part
    /// of the page (a CSS selector such as `#ratings`).
    fn is_node(highlight: &str) -> bool;
    /// Whether `w` has the node a highlight names.
    fn has_node(w: &Self::World, highlight: &str) -> bool;
    /// Where the page shows the value `name` (a CSS selector), or none when it does not: a
    /// tour may claim only what a student can see.
    fn shown(name: &str) -> Option<String>;
    /// Runs its command line (`archsim <command> …`); the exit status.
    #[cfg(not(target_arch = "wasm32"))]
    fn cli(argv: &[String]) -> std::process::ExitCode;
    /// Its gallery ("Scenarios to try"), in the page's order.
    #[cfg(not(target_arch = "wasm32"))]
    fn presets() -> Vec<Preset<Self::Scenario>>;
}

/// A named scenario for the gallery: a link with a title and what to watch.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset<S> {
    /// Stable id (used in tests and as an anchor).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// One sentence on what to watch.
    pub watch: &'static str,
    /// The scenario (its link is the lesson's `encode(&scenario)`).
    pub scenario: S,
}

/// The timeline of `s`, at its time; what had to be dropped.
pub fn open<L: Lesson>(s: &L::Scenario) -> Result<(Timeline<L::World>, Vec<String>), ConfigError> {
    let (world, problems) = L::prepare(s)?;
    Ok((Timeline::new(world, L::start(s)), problems))
}

/// Takes the action `text` (as a link's `a=` list writes it, without its time) now, forking
/// the history if now is in the past. Nothing changes when it cannot be read.
pub fn act<L: Lesson>(t: &mut Timeline<L::World>, text: &str) -> Result<(), String> {
    let a = L::parse_action(t.world(), text)?;
    t.act(|w| L::apply(w, &a));
    Ok(())
}

/// An action as a tour or a click writes it (`cxS0`), timed `now` as a link's list needs
/// (`cxS0@1200`).
pub fn with_time(action: &str, now: Micros) -> String {
    format!("{}@{}", action.trim(), now / MS)
}

/// A lesson's run as code that picks a lesson by name drives it (the tour checker): its types
/// erased.
pub trait Run {
    /// Virtual time now.
    fn now(&self) -> Micros;
    /// Goes to `t` (forwards by running, backwards by replay).
    fn seek(&mut self, t: Micros);
    /// Takes an action now (see [`act`]).
    fn act(&mut self, text: &str) -> Result<(), String>;
    /// Whether the run has the node a highlight names.
    fn has_node(&self, highlight: &str) -> bool;
    /// What the run measures now, by name.
    fn values(&self) -> Box<dyn Measured>;
}

struct Running<L: Lesson>(Timeline<L::World>);

impl<L: Lesson> Run for Running<L>
where
    L::Values: 'static,
{
    fn now(&self) -> Micros {
        self.0.world().now()
    }
    fn seek(&mut self, t: Micros) {
        self.0.seek(t);
    }
    fn act(&mut self, text: &str) -> Result<(), String> {
        act::<L>(&mut self.0, text)
    }
    fn has_node(&self, highlight: &str) -> bool {
        L::has_node(self.0.world(), highlight)
    }
    fn values(&self) -> Box<dyn Measured> {
        Box::new(L::values(self.0.world()))
    }
}

/// A lesson with its types erased: what the one list of lessons holds.
pub trait Entry: Sync {
    /// See [`Lesson::NAME`].
    fn name(&self) -> &'static str;
    /// See [`Lesson::PAGE`].
    fn page(&self) -> &'static str;
    /// See [`Lesson::COMMANDS`].
    fn commands(&self) -> &'static [&'static str];
    /// See [`Lesson::is_node`].
    fn is_node(&self, highlight: &str) -> bool;
    /// See [`Lesson::shown`].
    fn shown(&self, name: &str) -> Option<String>;
    /// See [`Lesson::cli`].
    #[cfg(not(target_arch = "wasm32"))]
    fn cli(&self, argv: &[String]) -> std::process::ExitCode;
    /// Its gallery, each preset with its link's fragment (without `#`).
    #[cfg(not(target_arch = "wasm32"))]
    fn gallery(&self) -> Vec<Preset<String>>;
    /// Opens `link` exactly as the page does; a link with problems is an error (a tour must
    /// say what it shows).
    fn open_clean(&self, link: &str) -> Result<Box<dyn Run>, String>;
}

/// The [`Entry`] of lesson `L`.
pub struct Registered<L>(std::marker::PhantomData<fn() -> L>);

impl<L> Registered<L> {
    /// The entry.
    pub const fn new() -> Self {
        Registered(std::marker::PhantomData)
    }
}

impl<L> Default for Registered<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Lesson> Entry for Registered<L>
where
    L::Values: 'static,
{
    fn name(&self) -> &'static str {
        L::NAME
    }
    fn page(&self) -> &'static str {
        L::PAGE
    }
    fn commands(&self) -> &'static [&'static str] {
        L::COMMANDS
    }
    fn is_node(&self, highlight: &str) -> bool {
        L::is_node(highlight)
    }
    fn shown(&self, name: &str) -> Option<String> {
        L::shown(name)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn cli(&self, argv: &[String]) -> std::process::ExitCode {
        L::cli(argv)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn gallery(&self) -> Vec<Preset<String>> {
        L::presets()
            .into_iter()
            .map(|p| Preset {
                id: p.id,
                title: p.title,
                watch: p.watch,
                scenario: L::encode(&p.scenario),
            })
            .collect()
    }
    fn open_clean(&self, link: &str) -> Result<Box<dyn Run>, String> {
        let fail = |problems: Vec<String>| format!("its link has problems: {}", problems.join(" "));
        let d = L::decode(link);
        if !d.problems.is_empty() {
            return Err(fail(d.problems));
        }
        let (t, problems) = open::<L>(&d.scenario).map_err(|e| e.to_string())?;
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        Ok(Box::new(Running::<L>(t)))
    }
}
