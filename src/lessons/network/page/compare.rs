//! The comparison: measured ratings beside the lesson's, with reasons, the resilience row, and
//! key metrics with sparklines of their recent history.

use crate::sim::small::Dec;
use std::rc::Rc;

use yew::prelude::*;

use crate::lessons::network::measured::{self as rating, Challenge, Level, Ratings};
use crate::lessons::network::model::Metrics;
use crate::sim::Arch;

/// One architecture's numbers for the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Which.
    pub arch: Arch,
    /// Measured now.
    pub metrics: Metrics,
    /// Rated from `metrics`.
    pub ratings: Ratings,
    /// Recent reachable fractions, oldest first.
    pub reachable: Vec<f64>,
    /// Recent shares of deliveries late or missing.
    pub missing: Vec<f64>,
    /// Recent max clock skews, ms.
    pub skew: Vec<f64>,
}

/// Inputs.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// One per architecture, in page order.
    pub columns: Rc<Vec<Column>>,
    /// Ratings and resilience only (embed mode).
    #[prop_or_default]
    pub compact: bool,
}

/// "Delivered within (p99)": the window's figure, or, when nothing reaches anyone now, how
/// long nothing has, with the window's figure marked as from before.
fn p99_text(m: &crate::lessons::network::model::Metrics) -> String {
    let l = &m.liveliness;
    let before = match (l.delivery_p99_ms, l.delivery_p99_delays) {
        (Some(ms), Some(d)) => format!("{:.0} ms ({:.1})", Dec(ms), Dec(d)),
        _ => "—".to_string(),
    };
    let stopped = l.stalled_ms.is_some() || crate::lessons::network::measured::nothing_reachable(m);
    if stopped && l.delivery_p99_ms.is_some() {
        format!(
            "none for {} (before: {before})",
            crate::shell::text::duration(l.since_last_delivery_ms.round() as u64)
        )
    } else {
        before
    }
}

fn badge(level: Level) -> Html {
    // Shape and word as well as colour: state is never colour alone.
    let mark = match level {
        Level::Low => "●",
        Level::Medium => "◆",
        Level::High => "▲",
    };
    html! {
        <span class={classes!("lvl", level.name())}>
            <span aria-hidden="true">{ mark }</span>{ " " }{ level.name() }
        </span>
    }
}

fn sparkline(values: &[f64], max: f64, label: String) -> Html {
    let (w, h) = (84.0, 22.0);
    let n = values.len();
    let points: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n > 1 {
                i as f64 / (n - 1) as f64 * w
            } else {
                w
            };
            let y = h - 2.0 - crate::sim::small::clamp(v / max.max(1e-9), 0.0, 1.0) * (h - 4.0);
            format!("{:.1},{:.1} ", Dec(x), Dec(y))
        })
        .collect();
    html! {
        <svg class="spark" width="84" height="22" viewBox="0 0 84 22" role="img" aria-label={label}>
            <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
    }
}

fn pct(v: f64) -> String {
    format!("{:.0} %", Dec(v * 100.0))
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.0} ms", Dec(v)))
}

/// The key numbers: header, its definition (a tooltip and the header's accessible
/// description), and the metric key the cells carry.
const KEY_NUMBERS: [(&str, &str, &str); 8] = [
    (
        "Reachable",
        "Live participants in the working part of the network: connected to the server that orders updates, or (peer-to-peer) to most other peers.",
        "reachable_fraction",
    ),
    (
        "Late or missing",
        "Of the deliveries recent updates should have made (one to every other live participant), the share that did not arrive within 16 link delays.",
        "late_or_missed_fraction",
    ),
    (
        "Delivered within (p99)",
        "99 % of recent deliveries reached their participant within this time from the update's start; in brackets, in link delays (mean one-way latencies).",
        "delivery_p99_ms",
    ),
    (
        "Sources",
        "How many different neighbours a participant got updates from, recently, on average: 1 when its server sends it everything.",
        "sources_per_participant",
    ),
    (
        "Clock skew",
        "The largest difference between any two live clocks right now (a node's card shows how far its own clock is from true time).",
        "max_clock_skew_ms",
    ),
    (
        "Out of order",
        "Of recent pairs of consecutive updates, those that participants applied in different orders.",
        "order_disagreement_fraction",
    ),
    (
        "Msgs per delivery",
        "Messages that carry, announce or request an update, per update delivered to a participant.",
        "messages_per_delivery",
    ),
    (
        "Failure noticed in",
        "Time from a node failing until everyone who should know marks it down (average).",
        "detection_delay_ms",
    ),
];

fn departures(cols: &[Column]) -> Vec<String> {
    let ratings: Vec<(Arch, &Ratings)> = cols.iter().map(|c| (c.arch, &c.ratings)).collect();
    rating::departures(&ratings)
}

fn departure_note(cols: &[Column]) -> Html {
    let notes = departures(cols);
    if notes.is_empty() {
        return html! {
            <p class="departures agree" data-departures="0">{ "Every measured rating matches the lesson's table." }</p>
        };
    }
    html! {
        <div class="departures" data-departures={notes.len().to_string()}>
            <p>{ "Where this run departs from the lesson:" }</p>
            <ul>{ for notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
        </div>
    }
}

/// The comparison table and the key metrics.
#[function_component]
pub fn Compare(p: &CompareProps) -> Html {
    let cols = &p.columns;
    // The key number whose definition is open, by touch, click or keyboard.
    let open = use_state(|| None::<usize>);
    let max_skew = cols
        .iter()
        .flat_map(|c| c.skew.iter().copied())
        .fold(1.0, f64::max);
    html! {
        <section class="compare" id="ratings" tabindex="-1" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "How hard is each challenge? Measured now, beside the lesson" }</h2>
            <div class="table-wrap">
            <table class="ratings">
                <thead>
                    <tr>
                        <th scope="col">{ "Challenge" }</th>
                        { for cols.iter().map(|c| html!{ <th scope="col" data-arch={c.arch.name()}>{ c.arch.title() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for Challenge::ALL.iter().map(|&ch| html! {
                        <tr data-challenge={ch.key()}>
                            <th scope="row">{ ch.title() }</th>
                            { for cols.iter().map(|c| {
                                let r = c.ratings.get(ch);
                                let reference = rating::reference(c.arch, ch);
                                html! {
                                    <td data-arch={c.arch.name()} data-level={r.level.name()}>
                                        <div class="cell-head">
                                            { badge(r.level) }
                                            <span class="ref" title="The lesson's rating">
                                                { format!("lesson: {}", reference.name()) }
                                                if reference == r.level { <span aria-hidden="true">{ " ✓" }</span><span class="sr-only">{ ", matches" }</span> }
                                            </span>
                                        </div>
                                        <details>
                                            <summary aria-label={format!("Why {} rates {} {}", c.arch.title(), ch.noun(), r.level.name())}>{ "why" }</summary>
                                            <p>{ &r.reason }</p>
                                        </details>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                    <tr class="resilience" data-challenge="resilience">
                        <th scope="row">{ "Resilience" }<span class="sub">{ "worst single failure cuts off" }</span></th>
                        { for cols.iter().map(|c| {
                            let m = &c.metrics;
                            let who = m.resilience.worst_single_failure_node.clone().map_or_else(
                                || "no single node can".to_string(),
                                |n| format!("when {n} fails"),
                            );
                            html! {
                                <td data-arch={c.arch.name()} data-worst={format!("{:.3}", Dec(m.resilience.worst_single_failure_fraction))}>
                                    <strong>{ pct(m.resilience.worst_single_failure_fraction) }</strong>
                                    <span class="sub">{ who }</span>
                                </td>
                            }
                        }) }
                    </tr>
                </tbody>
            </table>
            </div>
            { departure_note(cols) }
            if !p.compact {
            <h3>{ "Key numbers, live" }</h3>
            <p class="scroll-hint" aria-hidden="true">{ "Swipe the table sideways for more columns →" }</p>
            <div class="table-wrap">
            <table class="metrics">
                <thead>
                    <tr>
                        <th scope="col">{ "Architecture" }</th>
                        { for KEY_NUMBERS.iter().enumerate().map(|(i, &(head, def, key))| {
                            let shown = *open == Some(i);
                            let toggle = {
                                let open = open.clone();
                                Callback::from(move |_: MouseEvent| open.set((!shown).then_some(i)))
                            };
                            html! {
                                <th scope="col" title={def} aria-describedby={format!("def-{key}")}>
                                    { head }
                                    <button type="button" class="def-mark" aria-expanded={shown.to_string()} aria-controls="key-def"
                                        aria-label={format!("What “{head}” means")} onclick={toggle}>{ "?" }</button>
                                    <span id={format!("def-{key}")} class="sr-only">{ def }</span>
                                </th>
                            }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for cols.iter().map(|c| {
                        let m = &c.metrics;
                        let title = c.arch.title();
                        html! {
                            <tr data-arch={c.arch.name()}>
                                <th scope="row">{ title }</th>
                                <td data-metric="reachable_fraction" data-value={format!("{:.4}", Dec(m.state.reachable_fraction))}>
                                    { pct(m.state.reachable_fraction) }
                                    { sparkline(&c.reachable, 1.0, format!("{title} reachable share, recent history")) }
                                </td>
                                <td data-metric="late_or_missed_fraction">
                                    { m.liveliness.late_or_missed_fraction.map_or_else(|| "—".to_string(), pct) }
                                    { sparkline(&c.missing, 1.0, format!("{title} late or missing share, recent history")) }
                                </td>
                                <td data-metric="delivery_p99_ms">
                                    { p99_text(m) }
                                </td>
                                <td data-metric="sources_per_participant">
                                    { m.liveliness.sources_per_participant.map_or_else(|| "—".to_string(), |v| format!("{:.1}", Dec(v))) }
                                </td>
                                <td data-metric="max_clock_skew_ms">
                                    { format!("{:.0} ms (sync bound {:.0})", Dec(m.timing.max_clock_skew_ms), Dec(m.timing.sync_bound_ms)) }
                                    { sparkline(&c.skew, max_skew, format!("{title} clock skew, recent history")) }
                                </td>
                                <td data-metric="order_disagreement_fraction">
                                    { if m.timing.ordered_pairs == 0 { "—".to_string() } else { format!("{} of {}", m.timing.disordered_pairs, m.timing.ordered_pairs) } }
                                </td>
                                <td data-metric="messages_per_delivery">{ m.network.messages_per_delivery.map_or_else(|| "—".to_string(), |v| format!("{:.1}", Dec(v))) }</td>
                                <td data-metric="detection_delay_ms">{ ms(m.liveliness.detection_delay_ms) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            <p id="key-def" class="key-def" aria-live="polite">
                if let Some(&(head, def, _)) = open.and_then(|i| KEY_NUMBERS.get(i)) {
                    <strong>{ head }</strong>{ ": " }{ def }
                }
            </p>
            }
        </section>
    }
}
