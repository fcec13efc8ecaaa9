//! `archsim tour check FILE…`: replays every step of a tour headlessly — its link, then its
//! action, then until the state it waits for — and evaluates each claim it makes.

use archsim::consensus::link as chain_link;
use archsim::sim::time::MS;
use archsim::timeline::Timeline;
use archsim::tour::{self, Lesson, Measured, Step, Tour, Unknown};

pub const USAGE: &str = "usage: archsim tour check FILE…           replays each step of a tour and checks every claim it makes
                                         (exit 1 names the step and the claim that does not hold)
       archsim tour json FILE             the tour as the page reads it (JSON)
       archsim tour link FILE [--base URL]  a link that opens the tour on its lesson's page, once
                                         every claim holds";

/// Largest tour file read.
const MAX_FILE: u64 = tour::MAX_TOUR_BYTES as u64;
/// Virtual time between looks for a step's `until`, ms.
const LOOK_EVERY_MS: u64 = 100;

/// A lesson's run, as the checker drives it.
trait Run {
    fn now_ms(&self) -> u64;
    fn go(&mut self, ms: u64);
    fn act(&mut self, action: &str) -> Result<(), String>;
    fn has_node(&self, label: &str) -> bool;
    fn measured(&self) -> Box<dyn Measured + '_>;
}

struct Network(Timeline);

impl Run for Network {
    fn now_ms(&self) -> u64 {
        self.0.world().now() / MS
    }
    fn go(&mut self, ms: u64) {
        self.0.seek(ms * MS);
    }
    fn act(&mut self, action: &str) -> Result<(), String> {
        tour::network::act(&mut self.0, action)
    }
    fn has_node(&self, label: &str) -> bool {
        tour::network::node(&self.0, label).is_some()
    }
    fn measured(&self) -> Box<dyn Measured + '_> {
        Box::new(Owned(tour::network::measure(&self.0)))
    }
}

/// Owns what [`tour::network::Values`] borrows.
struct Owned([(archsim::sim::Metrics, archsim::sim::Ratings); 3]);

impl Measured for Owned {
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
        tour::network::Values(&self.0).value(name)
    }
    fn names(&self) -> Vec<String> {
        tour::network::Values(&self.0).names()
    }
}

struct Chain(Timeline<archsim::consensus::world::ChainWorld>);

impl Run for Chain {
    fn now_ms(&self) -> u64 {
        self.0.world().now() / MS
    }
    fn go(&mut self, ms: u64) {
        self.0.seek(ms * MS);
    }
    fn act(&mut self, action: &str) -> Result<(), String> {
        tour::chain::act(&mut self.0, action)
    }
    fn has_node(&self, label: &str) -> bool {
        tour::chain::node(&self.0, label).is_some()
    }
    fn measured(&self) -> Box<dyn Measured + '_> {
        Box::new(tour::chain::measure(self.0.world()))
    }
}

/// Opens a step's link exactly as the page does; a link with problems is an error (a tour
/// must say what it shows).
fn open(lesson: Lesson, link: &str) -> Result<Box<dyn Run>, String> {
    let fail = |problems: Vec<String>| format!("its link has problems: {}", problems.join(" "));
    match lesson {
        Lesson::Network => {
            let d = archsim::scenario::decode(link);
            if !d.problems.is_empty() {
                return Err(fail(d.problems));
            }
            let (t, problems) = Timeline::load(&d.scenario).map_err(|e| e.to_string())?;
            if !problems.is_empty() {
                return Err(fail(problems));
            }
            Ok(Box::new(Network(t)))
        }
        Lesson::Consensus => {
            let d = chain_link::decode(link);
            if !d.problems.is_empty() {
                return Err(fail(d.problems));
            }
            let (t, problems) = Timeline::open(&d.scenario).map_err(|e| e.to_string())?;
            if !problems.is_empty() {
                return Err(fail(problems));
            }
            Ok(Box::new(Chain(t)))
        }
    }
}

/// One step: what held, or the first thing that did not.
fn check_step(t: &Tour, k: usize, out: &mut String) -> Result<(), String> {
    let step: &Step = &t.steps[k];
    let link = t.link_for(k).unwrap_or_default();
    let mut run = open(t.lesson, link)?;
    if let Some(h) = &step.highlight
        && tour::is_node(t.lesson, h)
        && !run.has_node(h)
    {
        return Err(format!(
            "it highlights “{h}”, which is no node of its scenario"
        ));
    }
    if let Some(a) = &step.action {
        run.act(a)?;
    }
    let start = run.now_ms();
    if let Some(until) = &step.until {
        loop {
            let (holds, _) = until.check(&*run.measured())?;
            if holds {
                out.push_str(&format!(
                    "    reached {} after {} s of virtual time ({})\n",
                    until.text,
                    archsim::sim::small::Dec((run.now_ms() - start) as f64 / 1_000.0),
                    archsim::scenario::seconds(run.now_ms()),
                ));
                break;
            }
            if run.now_ms() >= start + step.within_ms {
                return Err(format!(
                    "its state “{}” is not reached within {} s{}",
                    until.text,
                    step.within_ms / 1_000,
                    step.action
                        .as_ref()
                        .map_or(String::new(), |a| format!(" of its action “{a}”"))
                ));
            }
            let next = run.now_ms() + LOOK_EVERY_MS;
            run.go(next);
        }
    }
    // A step that waits for nothing is read while the scenario plays on: its claims must hold
    // from its start and for `within_ms` after, looked at once a second.
    let dwell = if step.until.is_none() {
        step.within_ms
    } else {
        0
    };
    let end = run.now_ms() + dwell;
    loop {
        let m = run.measured();
        let last = run.now_ms() >= end;
        for c in &step.claims {
            let (holds, value) = c.check(&*m)?;
            let shown = value.map_or("none".to_string(), |v| {
                archsim::sim::small::Dec((v * 10_000.0).round() / 10_000.0).to_string()
            });
            if !holds {
                return Err(format!(
                    "claim “{}” does not hold at {}: {} is {shown}",
                    c.text,
                    archsim::scenario::seconds(run.now_ms()),
                    c.name
                ));
            }
            if last {
                out.push_str(&format!("    ✓ {}   ({} is {shown})\n", c.text, c.name));
            }
        }
        drop(m);
        if last {
            break;
        }
        let next = (run.now_ms() + 1_000).min(end);
        run.go(next);
    }
    if dwell > 0 && !step.claims.is_empty() {
        out.push_str(&format!(
            "    (held from {} to {})\n",
            archsim::scenario::seconds(end - dwell),
            archsim::scenario::seconds(end)
        ));
    }
    Ok(())
}

/// Reads and parses a tour file.
pub fn read(path: &str) -> Result<Tour, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    if meta.len() > MAX_FILE {
        return Err(format!("'{path}' is larger than {MAX_FILE} bytes"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    tour::parse(&text).map_err(|e| format!("{path}: {e}"))
}

/// Checks one file; its report, and whether everything held.
pub fn check_file(path: &str) -> Result<(String, bool), String> {
    let t = read(path)?;
    let mut out = format!(
        "{path}: “{}” ({} lesson, {} steps)\n",
        t.title,
        t.lesson.name(),
        t.steps.len()
    );
    let mut ok = true;
    for k in 0..t.steps.len() {
        let mut detail = String::new();
        let head = format!("  step {} “{}”", k + 1, t.steps[k].title);
        match check_step(&t, k, &mut detail) {
            Ok(()) => {
                out.push_str(&format!("{head}: holds\n{detail}"));
            }
            Err(why) => {
                ok = false;
                out.push_str(&format!("{head}: FAILS: {why}\n{detail}"));
            }
        }
    }
    out.push_str(if ok {
        "  every step holds\n"
    } else {
        "  some steps do not hold\n"
    });
    Ok((out, ok))
}

/// The tour as the page reads it: the same steps, each `until` already split into the value,
/// the comparison and what it is compared with, and whether the highlight is a node.
pub fn page_json(t: &Tour) -> String {
    use serde_json::{Value, json};
    let op = |o: tour::Op| match o {
        tour::Op::Eq => "=",
        tour::Op::Ne => "!=",
        tour::Op::Lt => "<",
        tour::Op::Le => "<=",
        tour::Op::Gt => ">",
        tour::Op::Ge => ">=",
    };
    let steps: Vec<Value> = t
        .steps
        .iter()
        .map(|s| {
            let until = s.until.as_ref().map(|c| {
                let mut u = json!({ "text": c.text, "name": c.name, "op": op(c.op) });
                match &c.rhs {
                    tour::Operand::Number(v) => u["value"] = json!(v),
                    tour::Operand::None => u["value"] = Value::Null,
                    tour::Operand::Name(n) => u["other"] = json!(n),
                }
                u
            });
            json!({
                "title": s.title,
                "text": s.text,
                "link": s.link,
                "highlight": s.highlight,
                "node": s.highlight.as_deref().is_some_and(|h| tour::is_node(t.lesson, h)),
                "action": s.action,
                "until": until,
                "done": s.done,
            })
        })
        .collect();
    let v = json!({
        "format": "archsim-tour",
        "version": 1,
        "lesson": t.lesson.name(),
        "title": t.title,
        "steps": steps,
    });
    serde_json::to_string_pretty(&v).expect("a tour serialises") + "\n"
}

/// The page a lesson's tours open on, relative to the site's root.
pub fn page_path(lesson: Lesson) -> &'static str {
    match lesson {
        Lesson::Network => "",
        Lesson::Consensus => "consensus/",
    }
}
