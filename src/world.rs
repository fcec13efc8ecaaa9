//! The three architectures of one scenario, advanced together. The page holds one `World`; a
//! click becomes an action applied to one engine at the current virtual time and written to the
//! log, the same path a replay takes, so what was clicked and what a replay restores agree.

use serde::{Deserialize, Serialize};

use crate::sim::{
    Action, Arch, ConfigError, Engine, Fault, FaultSpec, NodeId, Role, SimConfig, time::Micros,
};

/// An action with the architecture it was applied to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedAction {
    /// Which panel.
    pub arch: Arch,
    /// What and when.
    #[serde(flatten)]
    pub action: Action,
}

/// Three engines, one scenario.
pub struct World {
    cfg: SimConfig,
    engines: Vec<Engine>,
    /// Actions applied so far, in order.
    log: Vec<LoggedAction>,
    /// Actions waiting for their time (from a link or a preset), earliest first.
    pending: std::collections::VecDeque<LoggedAction>,
    now: Micros,
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
            log: Vec::new(),
            pending: Default::default(),
            now: 0,
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
    pub fn load(s: &crate::scenario::Scenario) -> Result<(World, Vec<String>), ConfigError> {
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
        w.advance_to(s.time_ms * crate::sim::time::MS);
        Ok((w, problems))
    }

    /// Queues actions to be applied when virtual time reaches them (earlier ones at once, on
    /// the next advance).
    pub fn schedule(&mut self, mut actions: Vec<LoggedAction>) {
        actions.extend(self.pending.drain(..));
        actions.sort_by_key(|a| a.action.at);
        self.pending = actions.into();
    }

    /// Applied actions followed by those still waiting: what a link must carry.
    pub fn all_actions(&self) -> Vec<LoggedAction> {
        self.log
            .iter()
            .chain(self.pending.iter())
            .cloned()
            .collect()
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
        &self.log
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

    /// Advances all three to `t`, applying waiting actions at their times.
    pub fn advance_to(&mut self, t: Micros) {
        while let Some(a) = self.pending.front().filter(|a| a.action.at <= t).cloned() {
            self.pending.pop_front();
            let at = a.action.at.max(self.now);
            for e in &mut self.engines {
                e.advance_to(at);
            }
            self.now = at;
            // Checked when scheduled, so this resolves.
            if let Ok(fault) = a.action.fault.resolve(self.engine(a.arch).topology()) {
                self.apply(a.arch, &fault);
            }
        }
        for e in &mut self.engines {
            e.advance_to(t);
        }
        self.now = self.now.max(t);
    }

    fn apply(&mut self, arch: Arch, fault: &Fault) {
        let now = self.now;
        let e = self.engine_mut(arch);
        e.apply(fault);
        let spec = fault.to_spec(e.topology());
        self.log.push(LoggedAction {
            arch,
            action: Action {
                at: now,
                fault: spec,
            },
        });
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

    /// Fails the hub of all three (those already down stay down).
    pub fn fail_hubs(&mut self) {
        for arch in Arch::ALL {
            let hub = self.hub(arch);
            if self.engine(arch).is_up(hub) {
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

    /// One sentence on what failures did to `arch`, e.g.
    /// "S0 (server) down — 24 of 24 clients cut off".
    pub fn summary(&self, arch: Arch) -> String {
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
        let live = topo.participants.iter().filter(|&&p| e.is_up(p)).count();
        let cut = topo
            .participants
            .iter()
            .filter(|&&p| e.is_up(p) && !e.is_reachable(p))
            .count();
        let cut_links = (0..topo.links.len()).filter(|&l| e.is_cut(l)).count();
        if down.is_empty() && cut_links == 0 {
            return format!("All {live} {noun} up and connected.");
        }
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
        format!("{} — {cut} of {live} live {noun} cut off", what.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::from_ms;

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
    fn fail_hubs_fails_one_node_per_architecture_and_replays() {
        let mut w = World::new(&SimConfig::default()).unwrap();
        w.advance_to(from_ms(2_500));
        w.fail_hubs();
        w.advance_to(from_ms(4_000));
        assert_eq!(w.log().len(), 3);
        assert!(
            w.summary(Arch::Federated)
                .starts_with("F0 (federated server) down — 6 of 24")
        );
        assert!(
            w.summary(Arch::PeerToPeer)
                .contains("— 0 of 23 live peers cut off")
        );
        let r = World::replay(w.config(), w.log(), w.now()).unwrap();
        for arch in Arch::ALL {
            assert_eq!(r.engine(arch).trace_hash(), w.engine(arch).trace_hash());
        }
    }
}

/// Most participants the page accepts per architecture (the engine allows more; the page keeps
/// drawing interactive).
pub const PAGE_MAX_PARTICIPANTS: u32 = 3_000;

/// The scenario knobs the page exposes, as the user typed them.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    /// Participants per architecture.
    pub participants: String,
    /// Mean peer degree.
    pub degree: String,
    /// Seed.
    pub seed: String,
    /// Smallest link latency, ms.
    pub latency_min_ms: String,
    /// Largest link latency, ms.
    pub latency_max_ms: String,
    /// Message loss, percent.
    pub loss_percent: String,
}

impl PageSettings {
    /// The page's settings for `cfg`.
    pub fn of(cfg: &SimConfig) -> PageSettings {
        PageSettings {
            participants: cfg.participants.to_string(),
            degree: cfg.degree.to_string(),
            seed: cfg.seed.to_string(),
            latency_min_ms: cfg.latency_min_ms.to_string(),
            latency_max_ms: cfg.latency_max_ms.to_string(),
            loss_percent: format!("{}", (cfg.loss * 100.0 * 1000.0).round() / 1000.0),
        }
    }

    /// The config these settings describe, on top of `base`, or a message naming the first
    /// field that is wrong and what it accepts.
    pub fn apply(&self, base: &SimConfig) -> Result<SimConfig, String> {
        fn whole(name: &str, v: &str, lo: u64, hi: u64) -> Result<u64, String> {
            match v.trim().parse::<u64>() {
                Ok(n) if (lo..=hi).contains(&n) => Ok(n),
                _ => Err(format!(
                    "{name} must be a whole number from {lo} to {hi} (got “{}”).",
                    clip(v)
                )),
            }
        }
        let participants = whole(
            "Participants",
            &self.participants,
            3,
            PAGE_MAX_PARTICIPANTS.into(),
        )? as u32;
        let max_degree = (participants - 1).min(16);
        let degree = whole("Peer degree", &self.degree, 2, max_degree.into())? as u32;
        let seed = whole("Seed", &self.seed, 0, u64::MAX)?;
        let latency_min_ms = whole("Minimum latency", &self.latency_min_ms, 0, 2_000)? as u32;
        let latency_max_ms = whole(
            "Maximum latency",
            &self.latency_max_ms,
            latency_min_ms.max(1).into(),
            2_000,
        )? as u32;
        let loss = match self.loss_percent.trim().parse::<f64>() {
            Ok(p) if p.is_finite() && (0.0..=50.0).contains(&p) => p / 100.0,
            _ => {
                return Err(format!(
                    "Loss must be a percentage from 0 to 50 (got “{}”).",
                    clip(&self.loss_percent)
                ));
            }
        };
        let cfg = SimConfig {
            participants,
            degree,
            seed,
            latency_min_ms,
            latency_max_ms,
            loss,
            ..base.clone()
        };
        cfg.validate()
            .map_err(|e| format!("That scenario is not possible: {e}."))?;
        Ok(cfg)
    }
}

/// At most 24 characters of what the user typed, for messages.
fn clip(s: &str) -> String {
    let t: String = s.chars().take(24).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_reject_with_a_reason() {
        let base = SimConfig::default();
        let s = PageSettings::of(&base);
        assert_eq!(s.apply(&base).unwrap(), base);
        let bad = [
            (
                PageSettings {
                    participants: "0".into(),
                    ..s.clone()
                },
                "Participants",
            ),
            (
                PageSettings {
                    participants: "5000".into(),
                    ..s.clone()
                },
                "3000",
            ),
            (
                PageSettings {
                    participants: "ten".into(),
                    ..s.clone()
                },
                "Participants",
            ),
            (
                PageSettings {
                    degree: "9".into(),
                    participants: "6".into(),
                    ..s.clone()
                },
                "Peer degree",
            ),
            (
                PageSettings {
                    latency_max_ms: "5".into(),
                    ..s.clone()
                },
                "Maximum latency",
            ),
            (
                PageSettings {
                    loss_percent: "NaN".into(),
                    ..s.clone()
                },
                "Loss",
            ),
            (
                PageSettings {
                    seed: "-1".into(),
                    ..s.clone()
                },
                "Seed",
            ),
        ];
        for (settings, needle) in bad {
            let err = settings.apply(&base).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
        let long = PageSettings {
            participants: "x".repeat(10_000),
            ..s
        };
        assert!(long.apply(&base).unwrap_err().len() < 120);
    }
}
