//! The comparison: measured ratings beside the lesson's, with reasons, the resilience row, and
//! key metrics with sparklines of their recent history.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{Arch, Challenge, Level, Metrics, Ratings, rating};

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
    /// Recent stale fractions.
    pub stale: Vec<f64>,
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
            let y = h - 2.0 - (v / max.max(1e-9)).clamp(0.0, 1.0) * (h - 4.0);
            format!("{x:.1},{y:.1} ")
        })
        .collect();
    html! {
        <svg class="spark" width="84" height="22" viewBox="0 0 84 22" role="img" aria-label={label}>
            <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
    }
}

fn pct(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.0} ms"))
}

/// The comparison table and the key metrics.
#[function_component]
pub fn Compare(p: &CompareProps) -> Html {
    let cols = &p.columns;
    let max_skew = cols
        .iter()
        .flat_map(|c| c.skew.iter().copied())
        .fold(1.0, f64::max);
    html! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "How hard is each challenge? Measured now, beside the lesson" }</h2>
            <div class="table-wrap">
            <table class="ratings">
                <thead>
                    <tr>
                        <th scope="col">{ "Challenge" }</th>
                        { for cols.iter().map(|c| html!{ <th scope="col">{ c.arch.title() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for Challenge::ALL.iter().map(|&ch| html! {
                        <tr data-challenge={ch.key()}>
                            <th scope="row">{ ch.title() }</th>
                            { for cols.iter().map(|c| {
                                let r = c.ratings.get(ch);
                                let reference = rating::reference(c.arch);
                                html! {
                                    <td data-arch={c.arch.name()} data-level={r.level.name()}>
                                        <div class="cell-head">
                                            { badge(r.level) }
                                            <span class="ref" title="The lesson's rating">
                                                { format!("lesson: {}", reference.name()) }
                                                if reference == r.level { <span aria-label="matches">{ " ✓" }</span> }
                                            </span>
                                        </div>
                                        <details>
                                            <summary>{ "why" }</summary>
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
                            let who = m.worst_single_failure_node.clone().map_or_else(
                                || "no single node can".to_string(),
                                |n| format!("when {n} fails"),
                            );
                            html! {
                                <td data-arch={c.arch.name()} data-worst={format!("{:.3}", m.worst_single_failure_fraction)}>
                                    <strong>{ pct(m.worst_single_failure_fraction) }</strong>
                                    <span class="sub">{ who }</span>
                                </td>
                            }
                        }) }
                    </tr>
                </tbody>
            </table>
            </div>
            if !p.compact {
            <h3>{ "Key numbers, live" }</h3>
            <div class="table-wrap">
            <table class="metrics">
                <thead>
                    <tr>
                        <th scope="col">{ "Architecture" }</th>
                        <th scope="col">{ "Reachable" }</th>
                        <th scope="col">{ "Stale" }</th>
                        <th scope="col">{ "Clock skew" }</th>
                        <th scope="col">{ "Reach all (p99)" }</th>
                        <th scope="col">{ "Out of order" }</th>
                        <th scope="col">{ "Msgs per update" }</th>
                        <th scope="col">{ "Failure noticed in" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for cols.iter().map(|c| {
                        let m = &c.metrics;
                        html! {
                            <tr data-arch={c.arch.name()}>
                                <th scope="row">{ c.arch.title() }</th>
                                <td data-metric="reachable_fraction" data-value={format!("{:.4}", m.reachable_fraction)}>
                                    { pct(m.reachable_fraction) }
                                    { sparkline(&c.reachable, 1.0, format!("{} reachable fraction, recent history", c.arch.title())) }
                                </td>
                                <td data-metric="stale_fraction">
                                    { pct(m.stale_fraction) }
                                    { sparkline(&c.stale, 1.0, format!("{} stale fraction, recent history", c.arch.title())) }
                                </td>
                                <td data-metric="max_clock_skew_ms">
                                    { format!("{:.0} ms", m.max_clock_skew_ms) }
                                    { sparkline(&c.skew, max_skew, format!("{} clock skew, recent history", c.arch.title())) }
                                </td>
                                <td>{ ms(m.propagation_p99_ms) }</td>
                                <td>{ pct(m.order_disagreement_fraction) }</td>
                                <td>{ m.messages_per_update.map_or_else(|| "—".to_string(), |v| format!("{v:.1}")) }</td>
                                <td>{ ms(m.detection_delay_ms) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            }
        </section>
    }
}
