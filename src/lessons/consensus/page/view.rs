//! The consensus page's views: the controls, the network and the block tree, the numbers
//! beside theory, the settings form and the timeline.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::hooks::{History, Net};
use super::runtime::{Runtime, TREE_HEIGHTS};
use crate::lessons::consensus::link;
use crate::lessons::consensus::measured as theory;
use crate::lessons::consensus::paint::{BRANCH, main_colour};
use crate::lessons::consensus::settings::Settings;
use crate::lessons::consensus::world;
use crate::shell::messages::t;
use crate::shell::text::clock_text;
use crate::shell::web::form::Form;
use crate::shell::web::frame::{self, Frame, TimelineWords, timeline, worded};
use crate::shell::web::page::{Rt, Ui};
use crate::shell::web::stage::Stage;
use crate::shell::web::tx;
use crate::sim::small::{Dec, clamp, parse_decimal};
use crate::sim::time::MS;

/// What the page's views are drawn from.
pub struct Page {
    /// The runtime.
    pub rt: Rt<Runtime>,
    /// The page's state in Yew.
    pub ui: Ui,
    /// The network drawing's callbacks.
    pub net: Net,
    /// The scenario's history and settings.
    pub history: History,
    /// Split off one peer in this many.
    pub split: UseStateHandle<u32>,
    /// Split the network, or heal it.
    pub partition: Callback<()>,
    /// Apply the settings.
    pub apply: Callback<SubmitEvent>,
    /// The network's, the tree's and the plots' canvases.
    pub refs: [NodeRef; 3],
    /// In a frame of a course's page.
    pub embed: bool,
}

/// Play, speed, the partition tool, stats, shortcuts and the clock.
fn controls(p: &Page, r: &Runtime) -> Html {
    let ui = &p.ui;
    let cut = r.world().engine().links().cut_links().next().is_some();
    let on_play = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.toggle_play())
    };
    let on_speed = {
        let (rt, speed) = (p.rt.clone(), ui.speed.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let s = parse_decimal(&v).unwrap_or(4.0);
            rt.borrow_mut().pace.speed = s;
            speed.set(s);
        })
    };
    let on_split = {
        let split = p.split.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            split.set(v.parse().unwrap_or(2));
        })
    };
    let flip = |state: &UseStateHandle<bool>| Ui::flip(state).reform(|_: MouseEvent| ());
    let (speed, split) = (*ui.speed, *p.split);
    html! {
        <section class="controls" aria-label="Simulation controls"><div class="row">
            <button type="button" class="primary" id="play" data-playing={ui.playing.to_string()} onclick={on_play}>
                { if *ui.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <label class="field" for="speed"><span>{ "Speed" }</span>
                <select id="speed" onchange={on_speed}>
                    { for link::SPEEDS.iter().map(|&s| html! {
                        <option value={Dec(s).to_string()} selected={(speed - s).abs() < 1e-9}>{ format!("{}×", Dec(s)) }</option>
                    }) }
                </select>
            </label>
            <label class="field" for="split-size"><span>{ "Split off" }</span>
                <select id="split-size" onchange={on_split} disabled={cut}>
                    <option value="2" selected={split == 2}>{ "half the peers" }</option>
                    <option value="3" selected={split == 3}>{ "a third" }</option>
                    <option value="4" selected={split == 4}>{ "a quarter" }</option>
                </select>
            </label>
            <button type="button" id="partition" onclick={p.partition.reform(|_: MouseEvent| ())} data-split={cut.to_string()}>
                { if cut { "Heal the network" } else { "Split the network" } }
            </button>
            <button type="button" onclick={flip(&ui.stats)}>{ "Stats" }</button>
            <button type="button" id="keys" aria-haspopup="dialog" onclick={flip(&ui.help)}>{ "Shortcuts (?)" }</button>
            <span class="clock">{ format!("t = {}", clock_text(r.world().now() / MS)) }</span>
        </div></section>
    }
}

/// The network drawing and the block tree, side by side.
fn drawings(p: &Page, r: &Runtime, status: &str) -> Html {
    let e = r.world().engine();
    let n = e.config().participants;
    let focus = r.focus;
    let palette = r.pace.palette();
    let on_main = focus
        .and_then(|q| r.scene.peers.get(q as usize))
        .is_none_or(|q| q.branch == 0);
    let chosen = world::chosen(e, focus, on_main);
    let focus_xy = focus
        .and_then(|q| r.scene.peers.get(q as usize))
        .map_or(String::new(), |q| {
            format!("{},{}", Dec(q.x.round()), Dec(q.y.round()))
        });
    let net = &p.net;
    let [canvas, tree, _] = p.refs.clone();
    html! {
        <div class="chain-grid">
            <section class="panel" id="network" tabindex="-1" aria-labelledby="network-title">
                <h2 id="network-title">{ format!("The network — {n} peers") }</h2>
                <div class="stage" tabindex="0" data-roving="" onkeydown={net.key.clone()}
                    role="group" aria-roledescription="network"
                    aria-label={format!("{n} peers. Arrow keys choose a peer, Enter fails or recovers it. Chosen: {chosen}.")}
                    data-colours={r.scene.colours().to_string()} data-trace={format!("{:016x}", e.trace_hash())}
                    data-focus={focus.map_or(String::new(), |q| q.to_string())}
                    data-focus-xy={focus_xy}>
                    <canvas ref={canvas} class="net" onclick={net.click.clone()} onpointermove={net.moved.clone()}
                        onpointerdown={net.down.clone()} onpointerup={net.up.clone()}
                        role="img" aria-label={status.to_string()} />
                    { chooser(net, e) }
                </div>
                <p class="note">{ chosen.clone() }</p>
                <ul class="legend chain-legend" aria-label="Colours">
                    <li><span class="swatch" style={format!("background:{}", main_colour(palette))}></span>{ "main chain" }</li>
                    <li><span class="swatch" style={format!("background:{}", BRANCH[0])}></span>{ "a side branch (each its own colour)" }</li>
                    <li><span class="swatch" style={format!("background:{}", palette.down)}></span>{ "failed" }</li>
                    <li><span class="cut-mark" style={format!("border-color:{}", palette.cut_link)}></span>{ "link cut by a split (dashed)" }</li>
                    <li><span class="ring"></span>{ "just made a block" }</li>
                </ul>
            </section>
            <section class="panel" id="tree-panel" aria-labelledby="tree-title">
                <h2 id="tree-title">{ "The block tree" }</h2>
                <canvas ref={tree} class="tree" role="img"
                    aria-label={format!("The latest {TREE_HEIGHTS} heights: the main chain on top, branches below, each marked on its first block: S slot battle (solid), H height battle (dashed), P partition (dotted), W withheld (dash-dot).")} />
                <p class="note">{ "Main chain on top; forked blocks below in their branch's colour, outlined by how the fork arose, its letter on the branch's first block: solid S, a slot battle; dashed H, a height battle; dotted P, a partition; dash-dot W, withheld. G is genesis, where every chain starts; the counts above leave it out. Hollow and dashed, A: the attacker's private chain, not yet published. Choose a peer to ring its chain." }</p>
            </section>
        </div>
    }
}

/// After a tap among peers closer than a fingertip: each of them as a button of a finger's
/// size, above where the finger landed, and one to choose none.
fn chooser(net: &Net, e: &crate::lessons::consensus::model::engine::ChainEngine) -> Html {
    let Some(c) = &*net.choice else {
        return Html::default();
    };
    // Beside the finger, never under it: below a tap in the upper half, above one lower down.
    let (x, y) = c.at;
    let above = c.above;
    let style = format!(
        "left:{}px;top:{}px{}",
        // (The box is at most 240 px wide: it stays inside the drawing.)
        Dec((x - 90.0).min(c.width - 240.0).max(0.0).round()),
        Dec((y + if above { -24.0 } else { 24.0 }).round()),
        if above {
            ";transform:translateY(-100%)"
        } else {
            ""
        }
    );
    let pick = |p: Option<u32>| {
        let pick = net.pick.clone();
        Callback::from(move |_: MouseEvent| pick.emit(p))
    };
    html! {
        <div class="chooser" role="group" aria-label="Peers under your finger" {style}>
            { for c.peers.iter().map(|&p| html! {
                <button type="button" onclick={pick(Some(p))}>
                    { format!("{} P{p}", if e.is_down(p) { "Recover" } else { "Fail" }) }
                </button>
            }) }
            <button type="button" class="chooser-none" aria-label="None of them" onclick={pick(None)}>{ "✕" }</button>
        </div>
    }
}

/// A plot as one string of SVG (every number in it formatted here, which keeps the page's
/// download small): axes on a 320 × 200 view, `body` drawn on them, `label` for a screen
/// reader, `caption` under it.
fn plot(id: &'static str, label: &str, body: &str, caption: &'static str) -> Html {
    let svg = format!(
        r#"<svg viewBox="0 0 320 200" role="img" aria-label="{label}"><path d="M40 170H310M40 170V10" class="axis"/>{body}</svg>"#
    );
    html! {
        <figure class="plot" {id}>
            { Html::from_html_unchecked(svg.into()) }
            <figcaption>{ caption }</figcaption>
        </figure>
    }
}

/// SVG points of a line through `xy`.
fn polyline(xy: impl Iterator<Item = (f64, f64)>) -> String {
    use std::fmt::Write as _;
    let mut points = String::new();
    for (x, y) in xy {
        let _ = write!(points, "{:.1},{:.1} ", Dec(x), Dec(y));
    }
    format!(r#"<polyline points="{points}" class="curve"/>"#)
}

/// An SVG dot at (`x`, `y`).
fn dot(x: f64, y: f64) -> String {
    format!(
        r#"<circle cx="{:.1}" cy="{:.1}" r="4" class="point"/>"#,
        Dec(x),
        Dec(y)
    )
}

/// The selfish miner's take against its share: Eyal and Sirer's curve for this γ, the fair
/// share, the threshold where withholding starts to pay, and this run's point.
fn revenue_plot(share: f64, gamma: f64, measured: Option<f64>) -> Html {
    use crate::lessons::consensus::model::selfish::{revenue, threshold};
    let x = |a: f64| 40.0 + a / 0.5 * 270.0;
    let y = |r: f64| 170.0 - clamp(r, 0.0, 1.0) * 160.0;
    let curve = polyline((0..=50).map(|i| {
        let a = f64::from(i) / 100.0;
        (x(a), y(revenue(a, gamma)))
    }));
    let t = threshold(gamma);
    let t2 = Dec((t * 100.0).round() / 100.0);
    let label = format!(
        "Selfish mining: the attacker's take against its share α, for γ = {}. It pays above α = {t2}; this run, α = {}, measured {}.",
        Dec(gamma),
        Dec(share),
        measured.map_or("nothing yet".into(), |m| format!("{:.1} %", Dec(m * 100.0)))
    );
    // Left of the line when it stands right of the middle, so it is never cut off.
    let (tx, anchor) = if t > 0.25 {
        (x(t) - 4.0, "end")
    } else {
        (x(t) + 4.0, "start")
    };
    let point = measured.map_or(String::new(), |m| dot(x(share.min(0.5)), y(m)));
    let body = format!(
        r#"<path d="M40 170L310 90" class="fair"/>{curve}<path d="M{tx0:.1} 170V10" class="threshold"/><text x="{tx:.1}" y="24" text-anchor="{anchor}">pays above α = {t2}</text>{point}<text x="40" y="192">α = 0</text><text x="280" y="192">0.5</text><text x="2" y="10">100 %</text>"#,
        tx0 = Dec(x(t)),
        tx = Dec(tx),
    );
    plot(
        "revenue-plot",
        &label,
        &body,
        "The attacker's share of the settled chain (line: Eyal and Sirer's closed form; dot: this run) against its share of the power (dashed: a fair share).",
    )
}

/// Settlement against depth: for k = 1 … z, the share of blocks once k deep on an honest
/// peer's chain that later left it (dots: this run), and, against a double-spender of share
/// q, the chance its chain overtakes k blocks (line), on a log scale down to 0.01 %.
fn settle_plot(measured: &[f64], q: Option<f64>) -> Html {
    use crate::lessons::consensus::model::race::rosenfeld;
    let z = measured.len().max(1);
    let x = |k: usize| 40.0 + (k - 1) as f64 / (z - 1).max(1) as f64 * 270.0;
    // Four decades: 100 % at the top, 0.01 % (and anything smaller, zero too) on the axis.
    let y =
        |p: f64| 10.0 + clamp(-libm::log(p.max(1e-4)) / std::f64::consts::LN_10, 0.0, 4.0) * 40.0;
    let curve = q.map_or(String::new(), |q| {
        polyline((1..=z).map(|k| (x(k), y(rosenfeld(q, k as u32)))))
    });
    let points: String = measured
        .iter()
        .enumerate()
        .map(|(i, &m)| dot(x(i + 1), y(m)))
        .collect();
    let label = format!(
        "Settlement: of blocks once k deep, the share that left, for k = 1 to {z}: {}{}.",
        measured
            .iter()
            .map(|&m| format!("{:.2} %", Dec(m * 100.0)))
            .collect::<Vec<_>>()
            .join(", "),
        q.map_or(String::new(), |q| format!(
            "; an attacker of share {} overtakes {z} blocks with chance {:.2} %",
            Dec(q),
            Dec(rosenfeld(q, z as u32) * 100.0)
        ))
    );
    let end = if z > 1 {
        format!(r#"<text x="300" y="192">{z}</text>"#)
    } else {
        String::new()
    };
    let body = format!(
        r#"{curve}{points}<text x="40" y="192">k = 1</text>{end}<text x="2" y="14">100 %</text><text x="2" y="94">1 %</text><text x="2" y="168">0.01 %</text>"#
    );
    plot(
        "settle-plot",
        &label,
        &body,
        "Blocks once k deep on an honest peer's chain that later left it (dots: this run, all blocks; on the axis: none, or under 0.01 %). With a double-spender, the line is the chance its chain overtakes a payment it races from k blocks behind: most blocks are never raced, so the dots sit far below it.",
    )
}

/// What the run measured, beside what theory says, and why.
fn numbers(r: &Runtime) -> Html {
    let engine = r.world().engine();
    let m = engine.metrics();
    let lines = theory::lines_of(engine, &m);
    let selfish = r
        .world()
        .engine()
        .config()
        .adversary
        .filter(|a| a.strategy == crate::lessons::consensus::model::Strategy::Selfish);
    let take = lines
        .iter()
        .find(|l| l.key == "revenue")
        .and_then(|l| l.measured);
    let settle = &m.rollbacks.settlement;
    let settle = &settle[..theory::settle_depth(engine.config()).min(settle.len())];
    let racer = engine
        .config()
        .adversary
        .filter(|a| a.strategy == crate::lessons::consensus::model::Strategy::DoubleSpend)
        .map(|a| a.share);
    html! {
        <section class="theory" id="theory" tabindex="-1" aria-labelledby="theory-title">
            <h2 id="theory-title">{ "Measured beside theory" }</h2>
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "This run" }</th><th scope="col">{ "Theory" }</th><th scope="col">{ "Why" }</th></tr></thead>
                <tbody>
                    { for lines.iter().map(|l| html! {
                        <tr id={format!("row-{}", l.key)}>
                            <th scope="row">{ l.label }</th>
                            <td class="measured">{ &l.measured_text }</td>
                            <td class="theory-value">{ l.theory_text.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td class="why">{ &l.why }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            { settle_plot(settle, racer) }
            if let Some(a) = selfish {
                { revenue_plot(a.share, a.gamma, take) }
            }
        </section>
    }
}

/// The settings form: every field as typed, the one at fault marked with why.
fn settings_form(p: &Page) -> Html {
    let settings = (*p.history.settings).clone();
    let error = (*p.history.error).clone();
    let form = Form {
        state: &p.history.settings,
        error: &error,
    };
    let on_field = |set: fn(&mut Settings, String)| form.on_field(set);
    let input = |id, label: &'static str, value: &str, set: fn(&mut Settings, String), size| {
        form.input(id, html! { label }, value, set, size)
    };
    let pow = settings.consensus == "pow";
    html! {
        <details class="settings" id="settings">
            <summary>{ "Settings" }</summary>
            <form class="chain-settings" onsubmit={p.apply.clone()} novalidate=true>
                        <label class="field" for="set-cons"><span>{ "Leaders by" }</span>
                            <select id="set-cons" onchange={on_field(|d: &mut Settings, v| d.consensus = v)}>
                                <option value="praos" selected={!pow}>{ "Praos (slots, stake)" }</option>
                                <option value="pow" selected={pow}>{ "proof of work" }</option>
                            </select>
                        </label>
                        if pow {
                            { input("set-interval", "Mean block interval T (s)", &settings.interval, |d: &mut Settings, v| d.interval = v, "5") }
                        } else {
                            { input("set-f", "Active slot coefficient f", &settings.f, |d: &mut Settings, v| d.f = v, "5") }
                        }
                        { input("set-n", "Peers", &settings.participants, |d: &mut Settings, v| d.participants = v, "5") }
                        { input("set-deg", "Links per peer", &settings.degree, |d: &mut Settings, v| d.degree = v, "3") }
                        { input("set-lat", "Latency (ms)", &settings.latency, |d: &mut Settings, v| d.latency = v, "8") }
                        { input("set-kb", "Block size (kB)", &settings.block_kb, |d: &mut Settings, v| d.block_kb = v, "5") }
                        { input("set-bw", "Each peer's bandwidth (Mbit/s)", &settings.bandwidth, |d: &mut Settings, v| d.bandwidth = v, "5") }
                        <label class="field" for="set-stake"><span>{ "Stake" }</span>
                            <select id="set-stake" onchange={on_field(|d: &mut Settings, v| d.stake = v)}>
                                <option value="equal" selected={settings.stake == "equal"}>{ "equal" }</option>
                                <option value="skewed" selected={settings.stake == "skewed"}>{ "skewed (a few large pools)" }</option>
                            </select>
                        </label>
                        <label class="field" for="set-tie"><span>{ "Equal chains" }</span>
                            <select id="set-tie" onchange={on_field(|d: &mut Settings, v| d.tie = v)}>
                                <option value="lowest" selected={settings.tie == "lowest"}>{ "lower block value wins" }</option>
                                <option value="first-seen" selected={settings.tie == "first-seen"}>{ "first seen wins" }</option>
                                <option value="restricted" selected={settings.tie == "restricted"}>{ "lower value, if at most 5 slots apart" }</option>
                            </select>
                        </label>
                        { input("set-q", "Attacker share q (P0; 0 = none)", &settings.attacker, |d: &mut Settings, v| d.attacker = v, "4") }
                        <label class="field" for="set-strategy"><span>{ "The attacker" }</span>
                            <select id="set-strategy" onchange={on_field(|d: &mut Settings, v| d.strategy = v)}>
                                <option value="double-spend" selected={settings.strategy != "selfish"}>{ "double-spends a payment" }</option>
                                <option value="selfish" selected={settings.strategy == "selfish"}>{ "mines selfishly" }</option>
                            </select>
                        </label>
                        if settings.strategy == "selfish" {
                            { input("set-gamma", "Honest power on its side in a tie, γ", &settings.gamma, |d: &mut Settings, v| d.gamma = v, "4") }
                        } else {
                            { input("set-z", "Confirmations the merchant waits", &settings.confirmations, |d: &mut Settings, v| d.confirmations = v, "3") }
                        }
                        { input("set-skew-peer", "Peer with its own clock", &settings.skew_peer, |d: &mut Settings, v| d.skew_peer = v, "5") }
                        { input("set-skew", "…its clock ahead by (ms)", &settings.skew_ms, |d: &mut Settings, v| d.skew_ms = v, "6") }
                        { input("set-seed", "Seed", &settings.seed, |d: &mut Settings, v| d.seed = v, "8") }
                <button type="submit" class="primary" id="apply">{ "Apply" }</button>
                <p class="note">{ "Applying keeps the failures and splits so far, and the moment." }</p>
            </form>
        </details>
    }
}

/// The whole page, in full or embedded.
pub fn page(p: &Page) -> Html {
    let r = p.rt.borrow();
    let status = r.status();
    let fragment = link::encode(&r.scenario(*p.ui.playing));
    let stats =
        p.ui.stats
            .then(|| r.pace.stats.summary(r.scene.in_flight as u64));
    let timeline = timeline(
        &p.rt,
        &p.ui,
        p.refs[2].clone(),
        r.world().events(),
        &TimelineWords {
            plots: t("plots"),
            filter: "e.g. P5",
            drawing: t("drawing"),
        },
    );
    let frame = Frame {
        title: t("title"),
        lede: t("lede"),
        class: "chain",
        skips: worded("skip", &["network", "theory", "timeline"]),
        lessons: html! {
            <p class="to-lesson"><a href="../" id="to-lesson-1">{ tx("to-lesson-1") }</a>{ " · " }<a href="../timing/" id="to-lesson-3">{ tx("to-lesson-3") }</a></p>
        },
        share: t("share-title"),
        shortcuts: KEYS,
    };
    let body = html! { <>{ drawings(p, &r, &status) }{ numbers(&r) }</> };
    let more = html! { <>{ settings_form(p) }{ timeline }</> };
    frame::page(
        &p.ui,
        p.embed,
        &frame,
        &status,
        fragment,
        stats,
        (controls(p, &r), body, more),
    )
}

/// The consensus page's keyboard shortcuts, for the list `?` shows (what each does is
/// `key-<n>` in the page's messages).
const KEYS: &[&str] = &[
    "Tab",
    "Arrow keys in the network",
    "Enter / Space in the network",
    "Space or K",
    "← / →",
    "P",
    "S",
    "?",
];
