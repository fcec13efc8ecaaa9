//! The consensus lesson's world: one chain engine, the actions taken on it, its metric series
//! and its event log. A click becomes an action applied at the current virtual time and written
//! to the log, the path a replay takes, so what was clicked and what a link restores agree.

use serde::Serialize;

use super::link::Scenario;
use crate::lessons::consensus::model::{ChainConfig, ChainEngine as Engine, Notable};
pub use crate::shell::journal::LogEntry;
use crate::shell::journal::{Journal, Journaled};
use crate::sim::fault::{Action, Fault, FaultSpec};
use crate::sim::small::Dec;
use crate::sim::time::{MS, Micros, SECOND, to_ms};
use crate::sim::{ConfigError, NodeId};

/// Virtual time between two points of the series.
pub const SERIES_EVERY: Micros = SECOND;

/// One point of the series.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Virtual time, ms.
    pub t_ms: u64,
    /// Public blocks not on the main chain, fraction.
    pub stale_rate: f64,
    /// Live peers on the most common tip, fraction.
    pub tips_agree_fraction: f64,
    /// Height of the longest chain a live peer follows.
    pub main_chain_length: u64,
    /// Blocks made so far.
    pub blocks_produced: u64,
}

/// The consensus lesson's state.
#[derive(Clone)]
pub struct World {
    engine: Engine,
    /// The faults applied and waiting, the series and the event log.
    journal: Journal<Action, Sample>,
}

impl World {
    /// The world of `cfg` at time zero (its scheduled faults are the engine's).
    pub fn new(cfg: &ChainConfig) -> Result<World, ConfigError> {
        Ok(World {
            engine: Engine::new(cfg)?,
            journal: Journal::new(SERIES_EVERY),
        })
    }

    /// The world of a link at time zero, its actions waiting; actions naming peers the network
    /// lacks are dropped, one sentence each.
    pub fn prepare(s: &Scenario) -> Result<(World, Vec<String>), ConfigError> {
        let mut w = World::new(&s.cfg)?;
        let mut problems = Vec::new();
        let mut ok = Vec::new();
        for a in &s.log {
            match a.fault.resolve(w.engine.topology()) {
                Ok(_) => ok.push(a.clone()),
                Err(e) => problems.push(format!("Dropped an action: {e}.")),
            }
        }
        w.journal.schedule(ok);
        Ok((w, problems))
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Virtual time now.
    pub fn now(&self) -> Micros {
        self.engine.now()
    }

    /// Every action taken, in order.
    pub fn log(&self) -> &[Action] {
        self.journal.log()
    }

    /// The series so far.
    pub fn series(&self) -> &[Sample] {
        self.journal.series()
    }

    /// The event log, oldest first.
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.journal.events()
    }

    /// Runs to `t`, applying waiting actions at their times and sampling on fixed times.
    pub fn advance_to(&mut self, t: Micros) {
        self.advance(t);
    }

    /// Applies `fault` now and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        self.engine.apply(fault);
        let spec = fault.to_spec(self.engine.topology());
        let (text, nodes) = describe(&spec, self.engine.config().participants);
        let at = self.now();
        let entry = LogEntry {
            at,
            panel: "",
            text,
            nodes,
            action: true,
        };
        self.journal.acted(Action { at, fault: spec }, entry);
    }

    /// Fails peer `p` if it is up, recovers it if it is down; whether it is up now.
    pub fn toggle(&mut self, p: u32) -> bool {
        let fault = if self.engine.is_down(p) {
            Fault::Recover(NodeId(p))
        } else {
            Fault::Crash(NodeId(p))
        };
        self.apply(&fault);
        !self.engine.is_down(p)
    }

    /// Splits the network: peers below `split` on one side, the rest on the other.
    pub fn partition(&mut self, split: u32) {
        let n = self.engine.config().participants;
        let side = (0..split.min(n)).map(NodeId).collect();
        self.apply(&Fault::Partition(side));
    }

    /// Splits the network: `side` on one side, every other peer on the other.
    pub fn partition_side(&mut self, side: &[u32]) {
        self.apply(&Fault::Partition(side.iter().map(|&p| NodeId(p)).collect()));
    }

    /// Heals every cut link.
    pub fn heal_all(&mut self) {
        self.apply(&Fault::HealAll);
    }

    fn collect_events(&mut self) {
        let notables: Vec<(Micros, Notable)> = self.engine.take_notables().collect();
        for (at, n) in notables {
            let entry = self.explain(at, n);
            self.journal.record(entry);
        }
    }

    /// A notable event in words.
    fn explain(&self, at: Micros, n: Notable) -> LogEntry {
        let label = |p: u32| format!("P{p}");
        let blocks = self.engine.blocks();
        let (text, nodes) = match n {
            Notable::Fork { block, kind } => match blocks.try_get(block) {
                Some(b) => {
                    let rival = blocks
                        .try_get(b.parent)
                        .map(|p| p.first_child)
                        .into_iter()
                        .flat_map(|first| {
                            std::iter::successors(blocks.try_get(first), |s| {
                                blocks.try_get(s.next_sibling)
                            })
                        })
                        .find(|s| s.producer != b.producer || s.made_at != b.made_at)
                        .map(|s| s.producer);
                    let mut nodes = vec![label(b.producer)];
                    nodes.extend(rival.map(label));
                    let with = rival.map_or(String::new(), |r| format!(" beside {}'s", label(r)));
                    (
                        format!(
                            "{}: {} made a block at height {}{with}",
                            capitalise(kind.name()),
                            label(b.producer),
                            b.height
                        ),
                        nodes,
                    )
                }
                None => (capitalise(kind.name()), Vec::new()),
            },
            Notable::Rollback { peer, depth } => (
                format!(
                    "{} dropped {depth} blocks it had adopted for a longer chain",
                    label(peer)
                ),
                vec![label(peer)],
            ),
            Notable::FromTheFuture { peer, from, ahead } => (
                format!(
                    "{} dropped {} for a minute: its block's slot begins {} s ahead of {}'s clock (more than the 2 s allowed)",
                    label(peer),
                    label(from),
                    Dec((to_ms(ahead) / 100.0).round() / 10.0),
                    label(peer)
                ),
                vec![label(peer), label(from)],
            ),
            Notable::Converged { after } => (
                format!(
                    "every live peer follows one chain again, {} after the heal",
                    crate::shell::text::duration(to_ms(after) as u64)
                ),
                Vec::new(),
            ),
        };
        LogEntry {
            at,
            panel: "",
            text,
            nodes,
            action: false,
        }
    }

    fn sample(&self) -> Sample {
        let m = self.engine.metrics();
        Sample {
            t_ms: self.now() / MS,
            stale_rate: m.blocks.stale_rate,
            tips_agree_fraction: m.agreement.tips_agree_fraction,
            main_chain_length: m.blocks.main_chain_length,
            blocks_produced: m.blocks.blocks_produced,
        }
    }
}

/// The sentence with its first letter capitalised (ASCII: the full Unicode case tables would
/// cost the page's download kilobytes).
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_ascii_uppercase().to_string() + c.as_str()
    })
}

/// An action in words, and the peers it names.
fn describe(spec: &FaultSpec, participants: u32) -> (String, Vec<String>) {
    match spec {
        FaultSpec::Crash { node } => (format!("{node} failed"), vec![node.clone()]),
        FaultSpec::Recover { node } => (format!("{node} recovered"), vec![node.clone()]),
        FaultSpec::Cut { a, b } => (format!("link {a}–{b} cut"), vec![a.clone(), b.clone()]),
        FaultSpec::Heal { a, b } => (format!("link {a}–{b} healed"), vec![a.clone(), b.clone()]),
        FaultSpec::Partition { side } => (
            format!(
                "the network split: {} peers on one side, {} on the other",
                side.len(),
                participants as usize - side.len().min(participants as usize)
            ),
            Vec::new(),
        ),
        FaultSpec::HealAll => ("every cut link healed".into(), Vec::new()),
    }
}

impl Journaled for World {
    type Action = Action;
    type Sample = Sample;
    fn journal(&self) -> &Journal<Action, Sample> {
        &self.journal
    }
    fn journal_mut(&mut self) -> &mut Journal<Action, Sample> {
        &mut self.journal
    }
    fn now(&self) -> Micros {
        self.engine.now()
    }
    fn run_to(&mut self, t: Micros) {
        self.engine.advance_to(t);
    }
    fn act(&mut self, a: Action) {
        if let Ok(f) = a.fault.resolve(self.engine.topology()) {
            self.apply(&f);
        }
    }
    fn take_notes(&mut self) {
        self.collect_events();
    }
    fn measure(&mut self) -> Sample {
        self.sample()
    }
    fn weight(&self) -> u32 {
        self.engine.config().participants
    }
}

/// Runs `s` to its time, as the page does: each logged fault applied when it was. Faults
/// naming a peer the network does not have are dropped, with a sentence each.
pub fn replay(s: &Scenario) -> Result<(World, Vec<String>), String> {
    let (mut world, problems) = World::prepare(s).map_err(|e| e.to_string())?;
    world.advance_to(s.time_ms * MS);
    Ok((world, problems))
}

/// The series as CSV.
pub fn series_csv(series: &[Sample]) -> String {
    let mut out =
        String::from("t_ms,stale_rate,tips_agree_fraction,main_chain_length,blocks_produced\n");
    for s in series {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            s.t_ms,
            Dec(s.stale_rate),
            Dec(s.tips_agree_fraction),
            s.main_chain_length,
            s.blocks_produced
        ));
    }
    out
}

/// The series as JSON.
pub fn series_json(series: &[Sample]) -> String {
    let rows: Vec<String> = series
        .iter()
        .map(|s| {
            format!(
                "{{\"t_ms\":{},\"stale_rate\":{},\"tips_agree_fraction\":{},\"main_chain_length\":{},\"blocks_produced\":{}}}",
                s.t_ms,
                Dec(s.stale_rate),
                Dec(s.tips_agree_fraction),
                s.main_chain_length,
                s.blocks_produced
            )
        })
        .collect();
    format!("[\n{}\n]\n", rows.join(",\n"))
}

/// A sentence on the state of the network, for the status line and screen readers: the main
/// chain, how many live peers agree on its tip, how many `branches` they follow, who is down,
/// and whether the network is split.
pub fn status(e: &Engine, branches: usize) -> String {
    let m = e.metrics();
    let down = (0..e.config().participants)
        .filter(|&p| e.is_down(p))
        .count();
    let length = m.blocks.main_chain_length;
    let mut s = format!(
        "{length} block{} on the main chain; {:.0} % of live peers agree on its tip",
        if length == 1 { "" } else { "s" },
        Dec(m.agreement.tips_agree_fraction * 100.0)
    );
    match branches {
        0 => {}
        1 => s.push_str("; one branch"),
        n => s.push_str(&format!("; the peers follow {n} different branches")),
    }
    if down > 0 {
        s.push_str(&format!(
            "; {} down",
            crate::shell::text::count(down as u64, "peer", "peers")
        ));
    }
    if e.links().cut_links().next().is_some() {
        s.push_str("; the network is split");
    }
    s.push('.');
    s
}

/// The chosen peer in words: up or down, its chain, and whether that is the main chain.
pub fn chosen(e: &Engine, p: Option<u32>, on_main: bool) -> String {
    let Some(p) = p else {
        return "no peer chosen".into();
    };
    format!(
        "P{p}: {}, chain of {} blocks{}",
        if e.is_down(p) { "down" } else { "up" },
        e.height(p),
        if on_main {
            " (the main chain)"
        } else {
            " (a side branch)"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::consensus::model::ChainConfig;
    use crate::shell::lesson::open;

    fn small() -> ChainConfig {
        ChainConfig {
            participants: 60,
            degree: 5,
            active_slot_coeff: 0.2,
            ..ChainConfig::default()
        }
    }

    fn fingerprint(w: &World) -> (String, Vec<Sample>) {
        (w.engine().metrics().cost.trace_hash, w.series().to_vec())
    }

    #[test]
    fn the_status_line_says_what_the_state_is() {
        let mut w = World::new(&small()).unwrap();
        w.advance_to(30 * SECOND);
        let e = w.engine();
        let s = status(e, 1);
        let length = e.metrics().blocks.main_chain_length;
        assert!(
            s.starts_with(&format!("{length} blocks on the main chain; ")),
            "{s}"
        );
        assert!(s.ends_with("agree on its tip; one branch."), "{s}");
        w.toggle(3);
        w.partition(30);
        let s = status(w.engine(), 2);
        assert!(
            s.contains("2 different branches") && s.contains("1 peer down"),
            "{s}"
        );
        assert!(s.ends_with("; the network is split."), "{s}");
        assert_eq!(chosen(w.engine(), None, true), "no peer chosen");
        assert!(chosen(w.engine(), Some(3), true).starts_with("P3: down, chain of "));
        let csv = series_csv(w.series());
        assert_eq!(csv.lines().count(), 1 + w.series().len());
        let json: serde_json::Value = serde_json::from_str(&series_json(w.series())).unwrap();
        assert_eq!(json.as_array().unwrap().len(), w.series().len());
    }

    #[test]
    fn clicks_and_their_replay_are_the_same_run() {
        let mut w = World::new(&small()).unwrap();
        w.advance_to(20 * SECOND);
        w.toggle(4);
        w.advance_to(40 * SECOND);
        w.partition(30);
        w.advance_to(100 * SECOND);
        w.heal_all();
        w.advance_to(160 * SECOND);
        let s = Scenario {
            cfg: small(),
            time_ms: 160_000,
            log: w.log().to_vec(),
            ..Scenario::default()
        };
        let (t, problems) = open::<crate::lessons::consensus::Consensus>(&s).unwrap();
        assert!(problems.is_empty());
        assert_eq!(fingerprint(t.world()), fingerprint(&w));
        // The series is one point a second, and the log tells the story.
        assert_eq!(w.series().len(), 160);
        let texts: Vec<&str> = w.events().map(|e| e.text.as_str()).collect();
        assert!(texts.contains(&"P4 failed"), "{texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("the network split: 30 peers"))
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("every live peer follows one chain again"))
        );
        assert!(
            texts.iter().any(|t| t.starts_with("Partition: ")),
            "{texts:?}"
        );
    }

    #[test]
    fn rewinding_recreates_the_exact_earlier_state_and_acting_forks() {
        let (mut t, _) = open::<crate::lessons::consensus::Consensus>(&Scenario {
            cfg: small(),
            ..Scenario::default()
        })
        .unwrap();
        t.seek(30 * SECOND);
        t.act(|w| w.partition(20));
        t.seek(90 * SECOND);
        t.act(World::heal_all);
        t.seek(120 * SECOND);
        for back in [100, 61, 30, 12] {
            t.seek(back * SECOND);
            let mut fresh = World::new(&small()).unwrap();
            fresh.journal.replace_pending(t.history().to_vec());
            fresh.advance_to(back * SECOND);
            assert_eq!(fingerprint(t.world()), fingerprint(&fresh), "at {back} s");
        }
        // Acting at 12 s drops the partition and the heal.
        t.act(|w| w.toggle(3));
        assert_eq!(t.history().len(), 1);
        t.seek(120 * SECOND);
        assert_eq!(t.world().engine().metrics().agreement.healed_at_ms, None);
    }

    #[test]
    fn slot_battles_and_rollbacks_reach_the_log() {
        let mut w = World::new(&ChainConfig {
            participants: 40,
            degree: 4,
            active_slot_coeff: 0.6,
            ..ChainConfig::default()
        })
        .unwrap();
        w.advance_to(120 * SECOND);
        let battles = w
            .events()
            .filter(|e| e.text.starts_with("Slot battle: ") && e.nodes.len() == 2)
            .count();
        assert!(battles > 5, "{battles}");
        assert_eq!(
            battles as u64,
            w.engine().metrics().blocks.forks.slot_battles,
            "every slot battle is logged"
        );
    }

    #[test]
    fn replay_applies_the_log_and_drops_what_names_no_peer() {
        use crate::lessons::consensus::link::tests::sample;
        let mut s = sample();
        s.cfg.adversary = None;
        s.log.push(Action {
            at: 70_000 * MS,
            fault: FaultSpec::Crash {
                node: "P400".into(),
            },
        });
        let (w, problems) = replay(&s).expect("valid");
        assert_eq!(w.log().len(), 3);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(w.engine().is_down(7));
        assert_eq!(w.now(), 120_000 * MS);
    }
}
