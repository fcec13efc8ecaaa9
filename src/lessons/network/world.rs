//! The three architectures of one scenario, advanced together. The page holds one `World`; a
//! click becomes an action applied to one engine at the current virtual time and written to the
//! log, the same path a replay takes, so what was clicked and what a replay restores agree.

use crate::sim::small::Dec;
use serde::Serialize;

pub use super::link::LoggedAction;
use super::link::Scenario;
use super::model::{Engine, SimConfig};
pub use crate::shell::journal::LogEntry;
use crate::shell::journal::{Journal, Journaled};
use crate::sim::{Action, Arch, ConfigError, Fault, FaultSpec, NodeId, Role, time::Micros};

/// Virtual time between two points of the metric series.
pub const SERIES_EVERY: Micros = 500 * crate::sim::time::MS;

/// The metrics plotted over time, for one architecture at one moment.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// Live participants connected to the majority, fraction.
    pub reachable_fraction: f64,
    /// Deliveries late or missing over the recent window, fraction (0 before any is due).
    pub missing_fraction: f64,
    /// Largest clock difference among live nodes, ms.
    pub max_clock_skew_ms: f64,
    /// Messages sent per virtual second since the previous point.
    pub messages_per_s: f64,
}

/// One point of the series: a time and a [`Point`] per architecture (page order).
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Virtual time, ms.
    pub t_ms: u64,
    /// Client-server, federated, peer-to-peer.
    pub arch: [Point; 3],
}

/// Three engines, one scenario.
#[derive(Clone)]
pub struct World {
    cfg: SimConfig,
    engines: Vec<Engine>,
    /// The actions taken and waiting, the metric series and the event log.
    journal: Journal<LoggedAction, Sample>,
    now: Micros,
    last_sent: [u64; 3],
}

impl World {
    /// Builds the three architectures of `cfg`.
    pub fn new(cfg: &SimConfig) -> Result<World, ConfigError> {
        let engines = Arch::ALL
            .iter()
            .map(|&a| Engine::new(a, cfg))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(World {
            cfg: cfg.clone(),
            engines,
            journal: Journal::new(SERIES_EVERY),
            now: 0,
            last_sent: [0; 3],
        })
    }

    /// Rebuilds `cfg` and replays `log` up to `until`; actions later than `until` wait for their
    /// time. Fails on an action naming a node its architecture lacks.
    pub fn replay(
        cfg: &SimConfig,
        log: &[LoggedAction],
        until: Micros,
    ) -> Result<World, ConfigError> {
        let mut w = World::new(cfg)?;
        for a in log {
            a.action.fault.resolve(w.engine(a.arch).topology())?;
        }
        w.schedule(log.to_vec());
        w.advance_to(until);
        Ok(w)
    }

    /// Builds a scenario from a link: actions naming nodes their architecture lacks are
    /// dropped, with one sentence each in the returned list.
    pub fn load(s: &Scenario) -> Result<(World, Vec<String>), ConfigError> {
        let (mut w, problems) = World::prepare(s)?;
        w.advance_to(s.time_ms * crate::sim::time::MS);
        Ok((w, problems))
    }

    /// Like [`World::load`], but left at time zero with every action waiting.
    pub fn prepare(s: &Scenario) -> Result<(World, Vec<String>), ConfigError> {
        let mut w = World::new(&s.cfg)?;
        let mut problems = Vec::new();
        let mut ok = Vec::new();
        for a in &s.log {
            match a.action.fault.resolve(w.engine(a.arch).topology()) {
                Ok(_) => ok.push(a.clone()),
                Err(e) => problems.push(format!("Dropped an action for {}: {e}.", a.arch.title())),
            }
        }
        w.schedule(ok);
        Ok((w, problems))
    }

    /// The metric series so far.
    pub fn series(&self) -> &[Sample] {
        self.journal.series()
    }

    /// The event log, in time order (latest last).
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.journal.events()
    }

    /// Moves the engines' notable events into the log.
    fn collect_events(&mut self) {
        for i in 0..3 {
            let arch = Arch::ALL[i];
            let notable = self.engines[i].take_notable();
            for (at, n) in notable {
                let topo = self.engines[i].topology();
                let entry = match n {
                    super::model::Notable::Detected { node, after } => LogEntry {
                        at,
                        panel: arch.title(),
                        text: format!(
                            "everyone who should know now knows {} is down ({:.0} ms after it failed)",
                            topo.label(NodeId(node)),
                            Dec(crate::sim::time::to_ms(after))
                        ),
                        nodes: vec![topo.label(NodeId(node)).to_string()],
                        action: false,
                    },
                    super::model::Notable::ReachedAll { uid, origin, after } => LogEntry {
                        at,
                        panel: arch.title(),
                        text: format!(
                            "update #{uid} from {} reached everyone in {:.0} ms",
                            topo.label(NodeId(origin)),
                            Dec(crate::sim::time::to_ms(after))
                        ),
                        nodes: vec![topo.label(NodeId(origin)).to_string()],
                        action: false,
                    },
                };
                self.journal.record(entry);
            }
        }
    }

    fn sample(&mut self) -> Sample {
        let dt_s = self.journal.every() as f64 / 1e6;
        let mut arch = [Point {
            reachable_fraction: 0.0,
            missing_fraction: 0.0,
            max_clock_skew_ms: 0.0,
            messages_per_s: 0.0,
        }; 3];
        for (i, p) in arch.iter_mut().enumerate() {
            let m = self.engines[i].metrics();
            *p = Point {
                reachable_fraction: m.state.reachable_fraction,
                missing_fraction: m.liveliness.late_or_missed_fraction.unwrap_or(0.0),
                max_clock_skew_ms: m.timing.max_clock_skew_ms,
                messages_per_s: (m.counters.sent - self.last_sent[i]) as f64 / dt_s,
            };
            self.last_sent[i] = m.counters.sent;
        }
        Sample {
            t_ms: self.now / crate::sim::time::MS,
            arch,
        }
    }

    /// Queues actions to be applied when virtual time reaches them (earlier ones at once, on
    /// the next advance).
    pub fn schedule(&mut self, actions: Vec<LoggedAction>) {
        self.journal.schedule(actions);
    }

    /// Applied actions followed by those still waiting: what a link must carry.
    pub fn all_actions(&self) -> Vec<LoggedAction> {
        self.journal.all_actions()
    }

    /// The scenario.
    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// Virtual time now.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Every action taken, in order.
    pub fn log(&self) -> &[LoggedAction] {
        self.journal.log()
    }

    /// One architecture's engine.
    pub fn engine(&self, arch: Arch) -> &Engine {
        &self.engines[Arch::ALL
            .iter()
            .position(|&a| a == arch)
            .expect("all three exist")]
    }

    fn engine_mut(&mut self, arch: Arch) -> &mut Engine {
        &mut self.engines[Arch::ALL
            .iter()
            .position(|&a| a == arch)
            .expect("all three exist")]
    }

    /// Advances all three to `t`, applying waiting actions at their times and taking a series
    /// point on the schedule's fixed times (so a replay takes the same).
    pub fn advance_to(&mut self, t: Micros) {
        self.advance(t);
    }

    /// Applies `fault` to `arch` now and logs it.
    pub fn apply(&mut self, arch: Arch, fault: &Fault) {
        let now = self.now;
        let e = self.engine_mut(arch);
        e.apply(fault);
        let spec = fault.to_spec(e.topology());
        let (text, nodes) = describe(&spec, e.topology());
        let entry = LogEntry {
            at: now,
            panel: arch.title(),
            text,
            nodes,
            action: true,
        };
        let logged = LoggedAction {
            arch,
            action: Action {
                at: now,
                fault: spec,
            },
        };
        self.journal.acted(logged, entry);
    }

    /// Fails `node` if it is up, recovers it if it is down. Returns whether it is now up.
    pub fn toggle(&mut self, arch: Arch, node: NodeId) -> bool {
        let up = self.engine(arch).is_up(node);
        let fault = if up {
            Fault::Crash(node)
        } else {
            Fault::Recover(node)
        };
        self.apply(arch, &fault);
        !up
    }

    /// The node a "fail the hub" action takes down: the server, the first federated server,
    /// and the first peer — the most central node each architecture lets one fail.
    pub fn hub(&self, arch: Arch) -> NodeId {
        let topo = self.engine(arch).topology();
        let role = match arch {
            Arch::ClientServer => Role::Server,
            Arch::Federated => Role::FederatedServer,
            Arch::PeerToPeer => Role::Peer,
        };
        NodeId(
            topo.nodes
                .iter()
                .position(|n| n.role == role)
                .expect("every architecture has its hub role") as u32,
        )
    }

    /// Whether the hub of every architecture is down.
    pub fn hubs_down(&self) -> bool {
        Arch::ALL
            .iter()
            .all(|&a| !self.engine(a).is_up(self.hub(a)))
    }

    /// Fails the hub of all three (those already down stay down) — or, when all three are
    /// down, recovers them.
    pub fn toggle_hubs(&mut self) {
        let recover = self.hubs_down();
        for arch in Arch::ALL {
            let hub = self.hub(arch);
            if recover {
                self.apply(arch, &Fault::Recover(hub));
            } else if self.engine(arch).is_up(hub) {
                self.apply(arch, &Fault::Crash(hub));
            }
        }
    }

    /// Applies a fault given with labels to one architecture now.
    pub fn apply_spec(&mut self, arch: Arch, spec: &FaultSpec) -> Result<(), ConfigError> {
        let fault = spec.resolve(self.engine(arch).topology())?;
        self.apply(arch, &fault);
        Ok(())
    }

    /// What failures did to `arch`, for its status line.
    pub fn status(&self, arch: Arch) -> Status {
        let e = self.engine(arch);
        let topo = e.topology();
        let noun = if arch == Arch::PeerToPeer {
            "peers"
        } else {
            "clients"
        };
        let down: Vec<NodeId> = (0..topo.len() as u32)
            .map(NodeId)
            .filter(|&n| !e.is_up(n))
            .collect();
        let total = topo.participants.len();
        let live = topo.participants.iter().filter(|&&p| e.is_up(p)).count();
        let cut_off = topo
            .participants
            .iter()
            .filter(|&&p| e.is_up(p) && !e.is_reachable(p))
            .count();
        let cut_links = (0..topo.links.len()).filter(|&l| e.is_cut(l)).count();
        let text = if down.is_empty() && cut_links == 0 {
            format!("All {live} {noun} up and connected.")
        } else if live == 0 {
            format!("All {total} {noun} down.")
        } else {
            let mut what: Vec<String> = down
                .iter()
                .take(3)
                .map(|&n| {
                    format!(
                        "{} ({}) down",
                        topo.label(n),
                        topo.role(n).name().replace('-', " ")
                    )
                })
                .collect();
            if down.len() > 3 {
                what.push(format!("{} more down", down.len() - 3));
            }
            if cut_links > 0 {
                what.push(format!(
                    "{cut_links} link{} cut",
                    if cut_links == 1 { "" } else { "s" }
                ));
            }
            let what = what.join(", ");
            if cut_off > 0 {
                format!("{what} — {cut_off} of {live} live {noun} cut off")
            } else if live < total {
                format!("{what} — the other {live} {noun} stay connected.")
            } else {
                format!("{what} — all {live} {noun} stay connected.")
            }
        };
        Status { text, cut_off }
    }

    /// What the live region says after node `id` of `arch` was failed or recovered (`now_up`).
    pub fn toggled(&self, arch: Arch, id: u32, now_up: bool) -> String {
        let topo = self.engine(arch).topology();
        format!(
            "{}: {} {} {}. {}",
            arch.title(),
            if now_up { "recovered" } else { "failed" },
            topo.role(NodeId(id)).name().replace('-', " "),
            topo.label(NodeId(id)),
            self.summary(arch)
        )
    }

    /// Every architecture's status line, in one sentence (after "fail the hubs").
    pub fn summaries(&self) -> String {
        Arch::ALL
            .iter()
            .map(|&a| format!("{}: {}", a.title(), self.summary(a)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The status line of `arch`, e.g. "S0 (server) down — 24 of 24 live clients cut off".
    pub fn summary(&self, arch: Arch) -> String {
        self.status(arch).text
    }
}

/// What failures did to one architecture.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// One sentence, e.g. "F1 (federated server) down — 6 of 24 live clients cut off".
    pub text: String,
    /// Live participants cut off from the working part.
    pub cut_off: usize,
}

impl Journaled for World {
    type Action = LoggedAction;
    type Sample = Sample;
    fn journal(&self) -> &Journal<LoggedAction, Sample> {
        &self.journal
    }
    fn journal_mut(&mut self) -> &mut Journal<LoggedAction, Sample> {
        &mut self.journal
    }
    fn now(&self) -> Micros {
        self.now
    }
    fn run_to(&mut self, t: Micros) {
        for e in &mut self.engines {
            e.advance_to(t);
        }
        self.now = self.now.max(t);
    }
    fn act(&mut self, a: LoggedAction) {
        // Checked when scheduled, so this resolves.
        if let Ok(fault) = a.action.fault.resolve(self.engine(a.arch).topology()) {
            self.apply(a.arch, &fault);
        }
    }
    fn take_notes(&mut self) {
        self.collect_events();
    }
    fn measure(&mut self) -> Sample {
        self.sample()
    }
    fn weight(&self) -> u32 {
        // A checkpoint copies three engines of `participants` each.
        self.cfg.participants
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::from_ms;

    #[test]
    fn presets_are_clean_links_that_show_their_claim() {
        for p in crate::lessons::network::link::presets() {
            let link = crate::lessons::network::link::encode(&p.scenario);
            let d = crate::lessons::network::link::decode(&link);
            assert!(d.problems.is_empty(), "{}: {:?}", p.id, d.problems);
            assert_eq!(d.scenario, p.scenario, "{}", p.id);
            let (mut w, problems) = World::load(&d.scenario).unwrap();
            assert!(problems.is_empty(), "{}: {problems:?}", p.id);
            w.advance_to(12_000 * crate::sim::time::MS);
            assert_eq!(
                w.log().len(),
                p.scenario.log.len(),
                "{}: every action fired",
                p.id
            );
            let reach = |a: Arch| w.engine(a).metrics().state.reachable_fraction;
            match p.id {
                "server-down" => assert_eq!(reach(Arch::ClientServer), 0.0),
                "federated-server-down" => assert_eq!(reach(Arch::Federated), 0.75),
                "p2p-third" => {
                    assert_eq!(
                        w.engine(Arch::PeerToPeer).metrics().state.live_participants,
                        16
                    );
                    assert_eq!(reach(Arch::PeerToPeer), 1.0);
                }
                "partition" => {
                    // The minority side (a third, or one server's quarter) is cut off everywhere.
                    assert!((reach(Arch::ClientServer) - 16.0 / 24.0).abs() < 1e-9);
                    assert!((reach(Arch::Federated) - 18.0 / 24.0).abs() < 1e-9);
                    assert!((reach(Arch::PeerToPeer) - 16.0 / 24.0).abs() < 1e-9);
                }
                "clocks" => {
                    let skew = |a: Arch| w.engine(a).metrics().timing.max_clock_skew_ms;
                    assert!(skew(Arch::PeerToPeer) > 2.0 * skew(Arch::Federated));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn server_down_summary_counts_every_client() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(1_000));
        let hub = w.hub(Arch::ClientServer);
        assert!(!w.toggle(Arch::ClientServer, hub));
        assert_eq!(
            w.summary(Arch::ClientServer),
            "S0 (server) down — 24 of 24 live clients cut off"
        );
        assert_eq!(
            w.summary(Arch::PeerToPeer),
            "All 24 peers up and connected."
        );
    }

    #[test]
    fn status_lines_say_what_the_state_is() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(1_000));
        // Only the main server down: a standby orders, nobody is cut off.
        let m0 = w.engine(Arch::Federated).topology().find("M0").unwrap();
        w.toggle(Arch::Federated, m0);
        let s = w.status(Arch::Federated);
        assert_eq!(s.cut_off, 0);
        assert_eq!(
            s.text,
            "M0 (main server) down — all 24 clients stay connected."
        );
        // Every peer down: no "0 of 0 cut off".
        for p in w.engine(Arch::PeerToPeer).topology().participants.clone() {
            w.toggle(Arch::PeerToPeer, p);
        }
        assert_eq!(w.summary(Arch::PeerToPeer), "All 24 peers down.");
    }

    #[test]
    fn what_the_live_region_says_after_a_click() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(1_000));
        assert!(!w.toggle(Arch::ClientServer, NodeId(0)));
        assert_eq!(
            w.toggled(Arch::ClientServer, 0, false),
            "Client-server: failed server S0. S0 (server) down — 24 of 24 live clients cut off"
        );
        assert!(w.summaries().starts_with("Client-server: S0 (server) down"));
        assert!(
            w.summaries()
                .contains(" Peer-to-peer: All 24 peers up and connected.")
        );
    }

    #[test]
    fn the_hubs_button_fails_then_recovers() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.toggle_hubs();
        assert!(w.hubs_down());
        w.toggle_hubs();
        assert!(!w.hubs_down());
        assert!(Arch::ALL.iter().all(|&a| w.engine(a).is_up(w.hub(a))));
        assert_eq!(w.log().len(), 6);
    }

    #[test]
    fn fail_hubs_fails_one_node_per_architecture_and_replays() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(2_500));
        w.toggle_hubs();
        w.advance_to(from_ms(4_000));
        assert_eq!(w.log().len(), 3);
        assert!(
            w.summary(Arch::Federated)
                .starts_with("F0 (federated server) down — 6 of 24")
        );
        assert_eq!(
            w.summary(Arch::PeerToPeer),
            "P0 (peer) down — the other 23 peers stay connected."
        );
        let r = World::replay(w.config(), w.log(), w.now()).unwrap();
        for arch in Arch::ALL {
            assert_eq!(r.engine(arch).trace_hash(), w.engine(arch).trace_hash());
        }
    }
}

/// The series as CSV: one row per time and architecture.
pub fn series_csv(series: &[Sample]) -> String {
    let mut out = String::from(
        "t_ms,arch,reachable_fraction,missing_fraction,max_clock_skew_ms,messages_per_s\n",
    );
    for s in series {
        for (arch, p) in Arch::ALL.iter().zip(&s.arch) {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                s.t_ms,
                arch.name(),
                Dec(p.reachable_fraction),
                Dec(p.missing_fraction),
                Dec(p.max_clock_skew_ms),
                Dec(p.messages_per_s)
            ));
        }
    }
    out
}

/// A number for JSON (non-finite values, which the series never holds, become 0).
fn json_num(v: f64) -> String {
    if v.is_finite() {
        Dec(v).to_string()
    } else {
        "0".into()
    }
}

/// The series as JSON: `[{"t_ms": …, "client-server": {…}, "federated": {…}, "p2p": {…}}, …]`.
/// Written by hand: the page does not ship a JSON library for one flat format.
pub fn series_json(series: &[Sample]) -> String {
    let mut out = String::from("[");
    for (i, s) in series.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\n{{\"t_ms\":{}", s.t_ms));
        for (arch, p) in Arch::ALL.iter().zip(&s.arch) {
            out.push_str(&format!(
                ",\"{}\":{{\"reachable_fraction\":{},\"missing_fraction\":{},\"max_clock_skew_ms\":{},\"messages_per_s\":{}}}",
                arch.name(),
                json_num(p.reachable_fraction),
                json_num(p.missing_fraction),
                json_num(p.max_clock_skew_ms),
                json_num(p.messages_per_s)
            ));
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    out
}

/// Words and node labels for an action, for the event log.
fn describe(spec: &FaultSpec, topo: &crate::sim::Topology) -> (String, Vec<String>) {
    let role = |l: &str| {
        topo.find(l)
            .map_or(String::new(), |n| topo.role(n).name().replace('-', " "))
    };
    match spec {
        FaultSpec::Crash { node } => (format!("{} {node} failed", role(node)), vec![node.clone()]),
        FaultSpec::Recover { node } => (
            format!("{} {node} recovered", role(node)),
            vec![node.clone()],
        ),
        FaultSpec::Cut { a, b } => (format!("link {a}–{b} cut"), vec![a.clone(), b.clone()]),
        FaultSpec::Heal { a, b } => (format!("link {a}–{b} healed"), vec![a.clone(), b.clone()]),
        FaultSpec::Partition { side } => (
            format!("network partitioned: {} node(s) split off", side.len()),
            side.clone(),
        ),
        FaultSpec::HealAll => ("every cut link healed".to_string(), Vec::new()),
    }
}

#[cfg(test)]
mod series_tests {
    use super::*;
    use crate::sim::time::from_ms;

    #[test]
    fn series_is_sampled_on_fixed_times_and_exports_as_csv() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(2_300));
        w.toggle(Arch::ClientServer, NodeId(0));
        w.advance_to(from_ms(5_000));
        let s = w.series();
        assert_eq!(
            s.iter().map(|p| p.t_ms).collect::<Vec<_>>(),
            (1..=10).map(|k| k * 500).collect::<Vec<_>>()
        );
        assert_eq!(s.last().unwrap().arch[0].reachable_fraction, 0.0);
        assert_eq!(s[3].arch[0].reachable_fraction, 1.0);
        let csv = series_csv(s);
        let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), 1 + 3 * s.len());
        assert_eq!(rows[0][2], "reachable_fraction");
        let last = &rows[rows.len() - 3];
        assert_eq!((last[0], last[1]), ("5000", "client-server"));
        assert_eq!(last[2].parse::<f64>().unwrap(), 0.0);
        let json: serde_json::Value = serde_json::from_str(&series_json(s)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), s.len());
        assert_eq!(json[9]["t_ms"], 5000);
        assert_eq!(json[9]["client-server"]["reachable_fraction"], 0.0);
        assert_eq!(json[0]["p2p"]["reachable_fraction"], 1.0);
        assert!(w.events().any(|e| e.action && e.text == "server S0 failed"));
        assert!(
            w.events()
                .any(|e| !e.action && e.text.contains("knows S0 is down"))
        );
    }
}

#[cfg(test)]
mod timeline_tests {
    use super::*;
    use crate::shell::lesson::open;
    use crate::shell::timeline::max_checkpoints;
    use crate::sim::time::MS;
    use crate::sim::time::SECOND;

    fn fingerprint(w: &World) -> Vec<(u64, crate::lessons::network::model::Metrics)> {
        Arch::ALL
            .iter()
            .map(|&a| (w.engine(a).trace_hash(), w.engine(a).metrics()))
            .collect()
    }

    #[test]
    fn rewinding_recreates_the_exact_earlier_state() {
        let (mut t, _) = open::<crate::lessons::network::Network>(&Scenario::default()).unwrap();
        t.seek(6_000 * MS);
        t.act(|w| w.toggle(Arch::ClientServer, NodeId(0)));
        t.seek(13_000 * MS);
        t.act(|w| w.toggle(Arch::PeerToPeer, NodeId(4)));
        t.seek(31_000 * MS);
        for back in [20_000, 12_345, 6_000, 2_000, 29_999] {
            t.seek(back * MS);
            // A fresh run of the same history to the same time.
            let fresh = World::replay(&Scenario::default().cfg, t.history(), back * MS).unwrap();
            assert_eq!(fingerprint(t.world()), fingerprint(&fresh), "at {back} ms");
            assert_eq!(t.world().series(), fresh.series(), "at {back} ms");
        }
        assert_eq!(t.horizon(), 31_000 * MS);
    }

    #[test]
    fn acting_after_a_rewind_forks_the_history() {
        let (mut t, _) = open::<crate::lessons::network::Network>(&Scenario::default()).unwrap();
        t.seek(5_000 * MS);
        t.act(|w| w.toggle(Arch::ClientServer, NodeId(0)));
        t.seek(9_000 * MS);
        t.seek(4_000 * MS);
        assert!(t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert_eq!(t.next_action_after_now(), Some(5_000 * MS));
        // Scrubbing forward replays the later failure.
        t.seek(6_000 * MS);
        assert!(!t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        // Acting in the past drops what came after.
        t.seek(4_000 * MS);
        t.act(|w| w.toggle(Arch::Federated, NodeId(1)));
        assert_eq!(t.history().len(), 1);
        assert_eq!(t.horizon(), 4_000 * MS);
        t.seek(8_000 * MS);
        assert!(t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert!(!t.world().engine(Arch::Federated).is_up(NodeId(1)));
    }

    #[test]
    fn a_click_at_a_checkpoint_time_survives_a_rewind() {
        let (mut t, _) = open::<crate::lessons::network::Network>(&Scenario::default()).unwrap();
        // Checkpoints fall every 5 s: act exactly on one, after it was taken.
        t.seek(10_000 * MS);
        assert!(t.checkpoint_times().any(|c| c == 10_000 * MS));
        t.act(|w| w.toggle(Arch::ClientServer, NodeId(0)));
        t.seek(14_000 * MS);
        t.seek(12_000 * MS);
        assert!(!t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert_eq!(t.world().log().len(), 1);
        let fresh = World::replay(&Scenario::default().cfg, t.history(), 12_000 * MS).unwrap();
        assert_eq!(fingerprint(t.world()), fingerprint(&fresh));
    }

    #[test]
    fn time_and_revision_identify_the_state() {
        let (mut t, _) = open::<crate::lessons::network::Network>(&Scenario::default()).unwrap();
        t.seek(5_000 * MS);
        let (rev, before) = (t.revision(), fingerprint(t.world()));
        // Scrubbing away and back keeps the revision and the state.
        t.seek(9_000 * MS);
        t.seek(5_000 * MS);
        assert_eq!(
            (t.revision(), fingerprint(t.world())),
            (rev, before.clone())
        );
        // Acting at the same time changes both.
        t.act(|w| w.toggle(Arch::ClientServer, NodeId(0)));
        assert_ne!(t.revision(), rev);
        assert_ne!(fingerprint(t.world()), before);
    }

    #[test]
    fn big_networks_keep_fewer_checkpoints() {
        let s = Scenario {
            cfg: SimConfig {
                participants: 1_500,
                ..Default::default()
            },
            time_ms: 0,
            ..Scenario::default()
        };
        let (mut t, _) = open::<crate::lessons::network::Network>(&s).unwrap();
        t.seek(60 * SECOND);
        assert!(t.checkpoint_times().count() <= 8);
        t.seek(7 * SECOND);
        assert_eq!(t.world().now(), 7 * SECOND);
    }

    #[test]
    fn checkpoints_stay_bounded() {
        let (mut t, _) = open::<crate::lessons::network::Network>(&Scenario::default()).unwrap();
        t.seek(600 * SECOND);
        assert!(t.checkpoint_times().count() <= max_checkpoints(24));
        assert_eq!(t.checkpoint_times().next(), Some(0));
        t.seek(SECOND);
        assert_eq!(t.world().now(), SECOND);
    }
}
