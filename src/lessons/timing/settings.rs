//! The timing page's settings: the form's fields as typed, the config they describe (or the
//! one field at fault, and why), and what a link opens. A link with more nodes than the page
//! draws opens the default instead, saying so.

use super::link::{Decoded, Scenario, decode};
use super::model::{Correct, TimingConfig};

/// Most nodes the page draws.
pub const PAGE_MAX_NODES: u32 = 80;
/// Most processes (account holders and replicas) the space-time diagram draws.
pub const PAGE_MAX_PROCESSES: u32 = 64;
/// Most random payments a second the page runs (its tables walk every payment as they
/// refresh; the runner takes more).
pub const PAGE_MAX_PPS: f64 = 50.0;

/// A refused setting: the id of its field, and why.
pub type SettingError = (&'static str, String);

/// A decoded link as the page can show it.
pub fn for_the_page(d: Decoded) -> (Scenario, Vec<String>) {
    let mut problems = d.problems;
    let c = &d.scenario.cfg;
    if c.payments_per_s > PAGE_MAX_PPS {
        problems.push(format!(
            "This link has {} random payments a second; this page runs at most {PAGE_MAX_PPS} (archsim timing --scenario runs it). Showing the default scenario.",
            crate::sim::small::Dec(c.payments_per_s)
        ));
        return (page_default(), problems);
    }
    if c.nodes > PAGE_MAX_NODES || c.accounts + c.replicas > PAGE_MAX_PROCESSES {
        problems.push(format!(
            "This link has {} nodes and {} account holders and replicas; this page draws at most {PAGE_MAX_NODES} nodes and {PAGE_MAX_PROCESSES} of those (archsim timing --scenario runs it). Showing the default scenario.",
            c.nodes,
            c.accounts + c.replicas
        ));
        return (page_default(), problems);
    }
    (d.scenario, problems)
}

/// What a link opens on the page: the default scenario for an empty one.
pub fn open(fragment: &str) -> (Scenario, Vec<String>) {
    if fragment.trim_start_matches('#').is_empty() {
        return (page_default(), Vec::new());
    }
    for_the_page(decode(fragment))
}

/// The scenario a bare address opens: the story on three replicas, clocks just started.
pub fn page_default() -> Scenario {
    Scenario::default()
}

/// The settings form's fields, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Nodes.
    pub nodes: String,
    /// Server strata.
    pub strata: String,
    /// Drift, ppm.
    pub drift: String,
    /// Start offset, ms.
    pub offset: String,
    /// Message delay range, `lo-hi` ms.
    pub latency: String,
    /// Fixed delay toward the servers, ms (empty: drawn like any message).
    pub up: String,
    /// Fixed delay back, ms.
    pub down: String,
    /// `slew` or `step`.
    pub correct: String,
    /// How often a node asks its servers, s.
    pub sync: String,
    /// Replicas.
    pub replicas: String,
    /// Account holders.
    pub accounts: String,
    /// Random payments per second.
    pub pps: String,
    /// Seed.
    pub seed: String,
}

impl Settings {
    /// The fields for `c`.
    pub fn of(c: &TimingConfig) -> Settings {
        let (up, down) = c
            .asymmetry
            .map_or((String::new(), String::new()), |(u, d)| {
                (u.to_string(), d.to_string())
            });
        Settings {
            nodes: c.nodes.to_string(),
            strata: c.strata.to_string(),
            drift: c.drift_ppm.to_string(),
            offset: c.offset_ms.to_string(),
            latency: format!("{}-{}", c.latency_min_ms, c.latency_max_ms),
            up,
            down,
            correct: c.correct.name().into(),
            sync: c.sync_s.to_string(),
            replicas: c.replicas.to_string(),
            accounts: c.accounts.to_string(),
            pps: crate::sim::small::Dec(c.payments_per_s).to_string(),
            seed: c.seed.to_string(),
        }
    }

    /// The config these fields describe, from `base` (what the form does not set), or the
    /// field at fault and why.
    pub fn apply(&self, base: &TimingConfig) -> Result<TimingConfig, SettingError> {
        fn num<T: std::str::FromStr>(id: &'static str, v: &str) -> Result<T, SettingError> {
            v.trim()
                .parse()
                .map_err(|_| (id, format!("“{}” is not a whole number", v.trim())))
        }
        let mut c = base.clone();
        c.nodes = num("set-nodes", &self.nodes)?;
        c.strata = num("set-strata", &self.strata)?;
        c.drift_ppm = num("set-drift", &self.drift)?;
        c.offset_ms = num("set-offset", &self.offset)?;
        let (lo, hi) = self.latency.split_once('-').ok_or((
            "set-latency",
            "expected a range like 10-120 (ms)".to_string(),
        ))?;
        c.latency_min_ms = num("set-latency", lo)?;
        c.latency_max_ms = num("set-latency", hi)?;
        c.asymmetry = match (self.up.trim(), self.down.trim()) {
            ("", "") => None,
            (u, d) => Some((num("set-up", u)?, num("set-down", d)?)),
        };
        c.correct = Correct::parse(self.correct.trim())
            .ok_or(("set-correct", "expected slew or step".to_string()))?;
        c.sync_s = num("set-sync", &self.sync)?;
        c.replicas = num("set-replicas", &self.replicas)?;
        c.accounts = num("set-accounts", &self.accounts)?;
        c.payments_per_s = crate::sim::small::parse_decimal(self.pps.trim())
            .ok_or(("set-pps", format!("“{}” is not a number", self.pps.trim())))?;
        c.seed = num("set-seed", &self.seed)?;
        let field = |msg: &str| -> &'static str {
            for (key, id) in [
                ("payments", "set-pps"),
                ("nodes", "set-nodes"),
                ("strata", "set-strata"),
                ("drift", "set-drift"),
                ("offset", "set-offset"),
                ("latency", "set-latency"),
                ("asymmetry", "set-up"),
                ("sync", "set-sync"),
                ("replicas", "set-replicas"),
                ("accounts", "set-accounts"),
            ] {
                if msg.contains(key) {
                    return id;
                }
            }
            "set-seed"
        };
        c.validate(super::model::config::MAX_UNTIL_S)
            .map_err(|e| e.to_string())
            .map_err(|m| (field(&m), m))?;
        if c.nodes > PAGE_MAX_NODES {
            return Err((
                "set-nodes",
                format!("this page draws at most {PAGE_MAX_NODES} nodes"),
            ));
        }
        if c.payments_per_s > PAGE_MAX_PPS {
            return Err((
                "set-pps",
                format!("this page runs at most {PAGE_MAX_PPS} payments a second"),
            ));
        }
        if c.accounts + c.replicas > PAGE_MAX_PROCESSES {
            return Err((
                "set-accounts",
                format!(
                    "this page draws at most {PAGE_MAX_PROCESSES} account holders and replicas together"
                ),
            ));
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_describes_the_config_or_names_the_field_at_fault() {
        let c = TimingConfig::default();
        assert_eq!(Settings::of(&c).apply(&c), Ok(c.clone()));
        let mut s = Settings::of(&c);
        s.up = "10".into();
        s.down = "50".into();
        assert_eq!(s.apply(&c).unwrap().asymmetry, Some((10, 50)));
        for (edit, field) in [
            (("nodes", "5"), "set-nodes"),
            (("nodes", "500"), "set-nodes"),
            (("latency", "9"), "set-latency"),
            (("up", "x"), "set-up"),
            (("pps", "3"), "set-pps"),
            (("strata", "9"), "set-strata"),
            (("pps", "500"), "set-pps"),
        ] {
            let mut s = Settings::of(&c);
            let v = edit.1.to_string();
            match edit.0 {
                "nodes" => s.nodes = v,
                "latency" => s.latency = v,
                "up" => s.up = v,
                "pps" => s.pps = v,
                _ => s.strata = v,
            }
            let err = s.apply(&c).unwrap_err();
            assert_eq!(err.0, field, "{edit:?}: {}", err.1);
        }
        // A link with more than the page draws opens the default, saying so.
        let (s, problems) = open("#l=timing&v=1&n=500");
        assert_eq!(s, page_default());
        assert!(problems[0].contains("at most 80"));
        // 64 holders and replicas is the most the diagram takes.
        let mut c = c.clone();
        (c.nodes, c.accounts, c.replicas) = (70, 32, 32);
        assert_eq!(Settings::of(&c).apply(&c), Ok(c.clone()));
        let mut more = Settings::of(&c);
        more.accounts = "33".into();
        assert_eq!(more.apply(&c).unwrap_err().0, "set-accounts");
    }
}
