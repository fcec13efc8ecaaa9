//! Checking one step of a tour by running it headlessly — its link, then its action, then
//! until the state it waits for — and evaluating each claim it makes, each naming only what
//! the page shows. `archsim tour check` runs it; the page's tour editor (`static/tour-edit.js`)
//! takes the same steps on the page itself, through the claim evaluator and the lesson's
//! values the page exports, and an end-to-end test checks that the two agree.

use super::lesson::{Entry, Run};
use super::text::seconds;
use crate::sim::small::Dec;
use crate::sim::time::MS;
use crate::tour::{self, Claim, Step};

/// Virtual time between looks for a step's `until`, ms.
const LOOK_EVERY_MS: u64 = 100;

fn now_ms(run: &dyn Run) -> u64 {
    run.now() / MS
}

/// A value as a report prints it.
fn shown(value: Option<f64>) -> String {
    value.map_or("none".to_string(), |v| {
        Dec((v * 10_000.0).round() / 10_000.0).to_string()
    })
}

/// Runs until `until` holds (looking every 100 ms), at most `within_ms` from now.
fn reach(run: &mut dyn Run, until: &Claim, step: &Step, out: &mut String) -> Result<(), String> {
    let start = now_ms(run);
    loop {
        let (holds, _) = until.check(&*run.values())?;
        if holds {
            out.push_str(&format!(
                "    reached {} after {} s of virtual time ({})\n",
                until.text,
                Dec((now_ms(run) - start) as f64 / 1_000.0),
                seconds(now_ms(run)),
            ));
            return Ok(());
        }
        if now_ms(run) >= start + step.within_ms {
            return Err(format!(
                "its state “{}” is not reached within {} s{}",
                until.text,
                step.within_ms / 1_000,
                step.action
                    .as_ref()
                    .map_or(String::new(), |a| format!(" of its action “{a}”"))
            ));
        }
        let next = now_ms(run) + LOOK_EVERY_MS;
        run.seek(next * MS);
    }
}

/// Checks the step's claims now and, for `dwell_ms` more, once a second.
fn hold(run: &mut dyn Run, step: &Step, dwell_ms: u64, out: &mut String) -> Result<(), String> {
    let end = now_ms(run) + dwell_ms;
    loop {
        let m = run.values();
        let last = now_ms(run) >= end;
        for c in &step.claims {
            if let Some((n, why)) = names(c).find_map(|n| m.hidden(n).map(|w| (n, w))) {
                return Err(format!(
                    "claim “{}” names “{n}”, which the page does not show at {}: {why}",
                    c.text,
                    seconds(now_ms(run))
                ));
            }
            let (holds, value) = c.check(&*m)?;
            if !holds {
                return Err(format!(
                    "claim “{}” does not hold at {}: {} is {}",
                    c.text,
                    seconds(now_ms(run)),
                    c.name,
                    shown(value)
                ));
            }
            if last {
                out.push_str(&format!(
                    "    ✓ {}   ({} is {})\n",
                    c.text,
                    c.name,
                    shown(value)
                ));
            }
        }
        if last {
            break;
        }
        let next = (now_ms(run) + 1_000).min(end);
        run.seek(next * MS);
    }
    if dwell_ms > 0 && !step.claims.is_empty() {
        out.push_str(&format!(
            "    (held from {} to {})\n",
            seconds(end - dwell_ms),
            seconds(end)
        ));
    }
    Ok(())
}

/// The names a claim reads: its value's and, when it compares with another, that one's.
pub fn names(c: &Claim) -> impl Iterator<Item = &str> {
    std::iter::once(c.name.as_str()).chain(match &c.rhs {
        tour::Operand::Name(n) => Some(n.as_str()),
        _ => None,
    })
}

/// One step, opened on `link` (its own, or the nearest earlier step's): what held, or the
/// first thing that did not.
pub fn check(l: &dyn Entry, link: &str, step: &Step, out: &mut String) -> Result<(), String> {
    let mut run = l.open_clean(link)?;
    // A name the lesson does not measure is reported as such when its claim is checked.
    let values = run.values();
    for c in step.claims.iter().chain(&step.until) {
        if let Some(n) = names(c).find(|n| values.value(n).is_ok() && l.shown(n).is_none()) {
            let what = if step.until.as_ref() == Some(c) {
                "its state"
            } else {
                "claim"
            };
            return Err(format!(
                "{what} “{}” names “{n}”, which the page does not show: a tour may name only what a student can see",
                c.text
            ));
        }
    }
    drop(values);
    if let Some(h) = &step.highlight
        && l.is_node(h)
        && !run.has_node(h)
    {
        return Err(format!(
            "it highlights “{h}”, which is no node of its scenario"
        ));
    }
    if let Some(a) = &step.action {
        run.act(a)?;
    }
    if let Some(until) = &step.until {
        reach(&mut *run, until, step, out)?;
    }
    // A step that waits for nothing is read while the scenario plays on: its claims must hold
    // from its start and for `within_ms` after, looked at once a second.
    let dwell = if step.until.is_none() {
        step.within_ms
    } else {
        0
    };
    hold(&mut *run, step, dwell, out)
}
