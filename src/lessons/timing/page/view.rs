//! The timing page's views: the controls, the clock tree and the diagram, the last exchange,
//! the ledger under each rule, the measured rows, the settings form and the timeline.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::hooks::{Clicks, History};
use super::runtime::Runtime;
use crate::lessons::timing::link;
use crate::lessons::timing::model::{Order, TimingEngine};
use crate::lessons::timing::paint::signed_ms;
use crate::lessons::timing::settings::Settings;
use crate::lessons::timing::tour::{self, Values};
use crate::shell::messages::t;
use crate::shell::text::clock_text;
use crate::shell::web::form::Form;
use crate::shell::web::frame::{self, Frame, TimelineWords, timeline, worded};
use crate::shell::web::page::{Rt, Ui};
use crate::shell::web::stage::Stage;
use crate::shell::web::tx;
use crate::sim::small::{Dec, parse_decimal};
use crate::sim::time::MS;

/// What the page's views are drawn from.
pub struct Page {
    /// The runtime.
    pub rt: Rt<Runtime>,
    /// The page's state in Yew.
    pub ui: Ui,
    /// The drawings' callbacks.
    pub clicks: Clicks,
    /// The scenario's history and settings.
    pub history: History,
    /// Apply the settings.
    pub apply: Callback<SubmitEvent>,
    /// The clock tree's, the diagram's and the plots' canvases.
    pub refs: [NodeRef; 3],
    /// In a frame of a course's page.
    pub embed: bool,
}

/// `x` ms with one decimal.
fn ms1(x: f64) -> String {
    format!("{} ms", Dec((x * 10.0).round() / 10.0))
}

/// Play, speed, which rule's messages the diagram shows, stats, shortcuts and the clock.
fn controls(p: &Page, r: &Runtime) -> Html {
    let ui = &p.ui;
    let on_play = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.toggle_play())
    };
    let on_speed = {
        let (rt, speed) = (p.rt.clone(), ui.speed.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let s = parse_decimal(&v).unwrap_or(1.0);
            rt.borrow_mut().pace.speed = s;
            speed.set(s);
        })
    };
    let on_rule = {
        let (rt, refresh) = (p.rt.clone(), ui.refresh.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut r = rt.borrow_mut();
            r.rule = Order::parse(&v).unwrap_or(Order::Arrival);
            r.event = None;
            r.pinned = None;
            r.paint();
            drop(r);
            refresh.force_update();
        })
    };
    let flip = |state: &UseStateHandle<bool>| Ui::flip(state).reform(|_: MouseEvent| ());
    let speed = *ui.speed;
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
            <label class="field" for="rule"><span>{ "Messages under" }</span>
                <select id="rule" onchange={on_rule}>
                    { for Order::ALL.iter().map(|&o| html! {
                        <option value={o.name()} selected={o == r.rule}>{ o.name() }</option>
                    }) }
                </select>
            </label>
            <button type="button" onclick={flip(&ui.stats)}>{ "Stats" }</button>
            <button type="button" id="keys" aria-haspopup="dialog" onclick={flip(&ui.help)}>{ "Shortcuts (?)" }</button>
            <span class="clock">{ format!("t = {}", clock_text(r.world().now() / MS)) }</span>
        </div></section>
    }
}

/// The chosen node's last exchange, every timestamp and what follows from them.
fn exchange(e: &TimingEngine, focus: Option<u32>) -> String {
    let l = e.layout();
    let n = focus.unwrap_or_else(|| l.account(0));
    let name = l.name(n);
    if l.servers_of(n).is_none() {
        return format!(
            "{name} is in stratum 1: it reads the reference clock directly, with no network between."
        );
    }
    let Some(x) = e.last_exchange(n) else {
        return format!("{name} has not completed an exchange yet.");
    };
    let s = |t: i64| format!("{} s", Dec((t as f64 / 1_000.0).round() / 1_000.0));
    let server = l.name(x.server);
    format!(
        "{name} last asked {server}: it sent at t₁ = {} on its clock; {server} received it at t₂ = {} and answered at t₃ = {} on its own; the answer came back at t₄ = {}. So θ = ((t₂ − t₁) + (t₃ − t₄))/2 = {} and δ = (t₄ − t₁) − (t₃ − t₂) = {}. The true offset was {}: θ was off by {}, within δ/2 = {}.",
        s(x.t[0]),
        s(x.t[1]),
        s(x.t[2]),
        s(x.t[3]),
        signed_ms(x.theta as f64 / 1_000.0),
        ms1(x.delta as f64 / 1_000.0),
        signed_ms(x.truth as f64 / 1_000.0),
        ms1((x.theta - x.truth).unsigned_abs() as f64 / 1_000.0),
        ms1(x.delta as f64 / 2_000.0),
    )
}

/// The path's two delays as sliders: let go, and every exchange takes exactly those.
fn path_delays(p: &Page, e: &TimingEngine) -> Html {
    let c = e.config();
    let fixed = c.asymmetry;
    // Drawn delays: both sliders start at the middle of the range drawn from.
    let middle = (c.latency_min_ms + c.latency_max_ms) / 2;
    let (up, down) = fixed.unwrap_or((middle, middle));
    let d = super::hooks::path_delays(&p.history, &p.rt, *p.ui.playing);
    let top = up.max(down).max(300);
    let slider = |id: &'static str, label: &'static str, v: u32| {
        html! {
            <label class="path-delay" for={id}>
                <span>{ label }</span>
                <input type="range" id={id} min="0" max={top.to_string()} step="1" value={v.to_string()}
                    oninput={d.moving.clone()} onchange={d.set.clone()} />
                <output for={id}>{ format!("{v} ms") }</output>
            </label>
        }
    };
    let said = match fixed {
        _ if c.sync_s == 0 => "Nobody asks a time server in this run, so the path's delays change no clock (switch syncing on in the settings).".to_string(),
        Some((u, dn)) => {
            let hop = (f64::from(u) - f64::from(dn)) / 2.0;
            format!(
                "Every sync message takes {u} ms toward a server and {dn} ms back: each exchange splits its {} ms round trip evenly, so it misreads the offset by (d↑ − d↓)/2 = {}, and each stratum down adds that again: the clients, {} exchanges below the reference, end up near {}.",
                u + dn,
                signed_ms(hop),
                c.strata,
                signed_ms(hop * f64::from(c.strata))
            )
        }
        None => format!(
            "Each sync message's delay is drawn between {} and {} ms. Drag a slider to fix the two ways' delays instead.",
            c.latency_min_ms, c.latency_max_ms
        ),
    };
    html! {
        <div class="path-delays" role="group" aria-label="The delays of the path to a server">
            { slider("drag-up", "Toward the server", up) }
            { slider("drag-down", "Back", down) }
            if fixed.is_some() {
                <button type="button" id="drag-random" onclick={d.random.clone()}>{ "Draw the delays again" }</button>
            }
            <p class="note">{ said }</p>
        </div>
    }
}

/// The clock tree and the space-time diagram.
fn drawings(p: &Page, r: &Runtime, status: &str) -> Html {
    let e = &r.world().engines()[0];
    let l = e.layout();
    let focus = r.focus;
    let chosen = focus.map_or("none".to_string(), |n| {
        format!(
            "{}, {}",
            l.name(n),
            if e.is_down(n) { "down" } else { "running" }
        )
    });
    let [clocks, diagram, _] = p.refs.clone();
    let focus_xy = focus
        .and_then(|n| r.scene.nodes.get(n as usize))
        .map_or(String::new(), |q| {
            format!("{},{}", Dec(q.x.round()), Dec(q.y.round()))
        });
    let trace = {
        let mut t = crate::sim::trace::Trace::default();
        for e in r.world().engines() {
            t.add(e.trace_hash());
        }
        format!("{:016x}", t.value())
    };
    let c = &p.clicks;
    let picked = r.drawn.chosen.clone().unwrap_or_else(|| {
        "Click or tap an event (a dot) to see what happened before it and after it; then compare it with another (or shift-click one).".into()
    });
    html! {
        <div class="timing-grid">
            <section class="panel" id="clocks" tabindex="-1" aria-labelledby="clocks-title">
                <h2 id="clocks-title">{ format!("The clocks — {} nodes, {} strata of servers", l.nodes, l.strata) }</h2>
                <div class="stage" tabindex="0" onkeydown={c.key.clone()}
                    role="group" aria-roledescription="clock tree"
                    aria-label={format!("{} nodes. Arrow keys choose a node, Enter fails or recovers it. Chosen: {chosen}.", l.nodes)}
                    data-focus={focus.map_or(String::new(), |n| n.to_string())}
                    data-focus-xy={focus_xy} data-trace={trace} data-moving={r.scene.moving.len().to_string()}>
                    <canvas ref={clocks} class="clocks" onclick={c.clock.clone()} role="img" style={format!("--rows: {}", r.scene.rows)} aria-label={status.to_string()} />
                </div>
                <p class="note" id="exchange">{ exchange(e, focus) }</p>
                { path_delays(p, e) }
                <ul class="legend timing-legend" aria-label="Colours">
                    <li><span class="swatch" style="background:#2f9e44"></span>{ "within 5 ms of true time" }</li>
                    <li><span class="swatch" style="background:#e8a317"></span>{ "within 50 ms" }</li>
                    <li><span class="swatch" style="background:#d9480f"></span>{ "further" }</li>
                    <li><span class="swatch" style={format!("background:{}", r.pace.palette().down)}></span>{ "failed" }</li>
                    <li><span class="dashed"></span>{ "no server answering: running free" }</li>
                    <li><span class="swatch small-dot" style={format!("background:{}", crate::lessons::timing::paint::REQUEST)}></span>{ "a request for the time (t₁)" }</li>
                    <li><span class="swatch small-dot" style={format!("background:{}", crate::lessons::timing::paint::ANSWER)}></span>{ "the server's answer (t₂, t₃)" }</li>
                </ul>
            </section>
            <section class="panel" id="diagram" tabindex="-1" aria-labelledby="diagram-title">
                <h2 id="diagram-title">{ format!("Messages in time — {}", r.rule.name()) }</h2>
                <div class="stage" tabindex="0" onkeydown={c.event_key.clone()} role="group"
                    aria-roledescription="space-time diagram"
                    aria-label={format!("One line per account holder and replica, the last {} s. Arrow keys choose an event, Escape none.", Dec(r.drawn.window_ms as f64 / 1_000.0))}>
                    <canvas ref={diagram} class="diagram" onclick={c.event.clone()} role="img" style={format!("--lines: {}", l.processes())}
                        aria-label={format!("{} events and {} messages in view.", r.drawn.dots.len(), r.drawn.arrows.len())} />
                </div>
                <p class="note" id="event">{ picked }</p>
                if r.event.is_some() || r.pinned.is_some() {
                    <button id="compare" class="small" onclick={c.compare.clone()}>
                        { if r.pinned.is_some() { "Stop comparing" } else { "Compare with another event" } }
                    </button>
                }
                <ul class="legend timing-legend" aria-label="Colours">
                    <li><span class="swatch" style="background:#2f9e44"></span>{ "a payment" }</li>
                    <li><span class="swatch" style={format!("background:{}", r.pace.palette().muted)}></span>{ "a notice, heartbeat or beacon" }</li>
                    <li><span class="swatch" style="background:#1f6fd1"></span>{ "happened before the chosen event" }</li>
                    <li><span class="swatch" style="background:#d9480f"></span>{ "happened after it" }</li>
                </ul>
            </section>
        </div>
    }
}

/// What each rule does, in a line.
fn rule_why(o: Order) -> &'static str {
    match o {
        Order::Arrival => {
            "as each payment arrives: uneven delays let Bob's payment overtake Alice's"
        }
        Order::Physical => {
            "by the payer's clock, after a hold: wrong when clocks differ by more than the gap between cause and effect"
        }
        Order::Lamport => {
            "by Lamport time, once every payer has sent something later: a total order that respects causality, but waits for everyone"
        }
        Order::Causal => {
            "a payment waits for every payment its payer had seen (vector clocks): no total order, but never an effect before its cause"
        }
        Order::Sequencer => {
            "one node numbers every payment: simple, one hop longer, and nothing moves while it is down"
        }
    }
}

/// The ledger: the replicas' balances and what each rule did.
fn ledger(r: &Runtime, v: &Values) -> Html {
    let w = r.world();
    html! {
        <section class="theory ledger" id="ledger" tabindex="-1" aria-labelledby="ledger-title">
            <h2 id="ledger-title">{ "The ledger under five ordering rules" }</h2>
            <p class="note">{ "Every round, Alice pays Bob 10; Bob, once his replica shows it, pays Charlie 10; Charlie then pays Alice back. Each rule runs on its own copy of the same network, the same clocks and the same payers." }</p>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{ "Rule" }</th>
                    <th scope="col">{ "Balances (Alice · Bob · Charlie)" }</th>
                    <th scope="col">{ "Applied" }</th>
                    <th scope="col">{ "Rejected" }</th>
                    <th scope="col">{ "Bob or Charlie short" }</th>
                    <th scope="col">{ "Replicas disagreeing" }</th>
                    <th scope="col">{ "Mean wait" }</th>
                    <th scope="col">{ "Effect before cause" }</th>
                    <th scope="col">{ "Waiting" }</th>
                </tr></thead>
                <tbody>
                    { for Order::ALL.iter().zip(&v.orders).map(|(&o, x)| {
                        let e = w.engine(o);
                        let books: Vec<String> = (0..e.config().replicas).map(|j| {
                            let b = e.balances(j);
                            format!("R{j}: {} · {} · {}", b[0], b[1], b[2])
                        }).collect();
                        html! {
                            <tr id={format!("rule-{}", o.name())}>
                                <th scope="row">{ o.name() }<span class="why">{ rule_why(o) }</span></th>
                                <td class="balances">{ for books.iter().map(|b| html! { <span>{ b }</span> }) }</td>
                                <td class="applied">{ x.applied }</td>
                                <td class="rejected">{ x.rejected }</td>
                                <td class="story-rejected">{ x.story_rejected }</td>
                                <td class="disagreeing-replicas-fraction">{ format!("{} %", Dec((x.disagreeing_replicas_fraction * 1_000.0).round() / 10.0)) }</td>
                                <td class="mean-wait-ms">{ x.mean_wait_ms.map_or("—".into(), ms1) }</td>
                                <td class="causal-inversions">{ x.causal_inversions }</td>
                                <td class="pending">{ x.pending }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table></div>
            <p class="note">{ "A blockchain is the last rule with a twist: the sequencer is chosen afresh for each block (the leader), and the chain fixes the order of everything in it." }</p>
        </section>
    }
}

/// The clocks' and the logical clocks' rows, measured beside what theory says.
fn measured(r: &Runtime, v: &Values) -> Html {
    let cfg = r.world().engines()[0].config();
    let s = &v.sync;
    let checked: u64 = v.orders.iter().map(|o| o.events_checked).sum();
    let error_theory = match cfg.asymmetry {
        Some((u, d)) => format!(
            "(d↑ − d↓)/2 = {} on every exchange",
            ms1((f64::from(u) - f64::from(d)).abs() / 2.0)
        ),
        None => "anywhere within ±δ/2".into(),
    };
    let rows: Vec<(&str, &str, String, String, &str)> = vec![
        (
            "bound",
            "Exchanges off by more than δ/2",
            format!("{} of {}", s.bound_violations, s.exchanges),
            "0".into(),
            "θ misses the true offset by half the difference between the two ways' delays, so never by more than half the round trip while the node's clock does not run back during the exchange: this holds by construction, and the count checks the model (a step drops the exchanges it would spoil).",
        ),
        (
            "error",
            "|θ − true offset|",
            format!(
                "median {}, 99th percentile {}",
                s.offset_error_ms_p50.map_or("—".into(), ms1),
                s.offset_error_ms_p99.map_or("—".into(), ms1)
            ),
            error_theory,
            "Only the round trip is measured, not how it splits: an uneven path leaves an error no number of exchanges removes. Each stratum adds its own path's error to its server's.",
        ),
        (
            "skew",
            "Largest skew",
            format!("{} (now {})", ms1(s.max_skew_ms), ms1(v.skew_ms)),
            format!("up to {} at the start", ms1(2.0 * f64::from(cfg.offset_ms))),
            "Clocks start up to the offset setting off, either way; slewing at most the slew rate, a clock takes a while to come in.",
        ),
        (
            "backwards",
            "Clocks set back",
            v.backwards_steps.to_string(),
            if cfg.correct == crate::lessons::timing::model::Correct::Slew {
                "0 (slewed)".into()
            } else {
                "one per correction of a clock that was ahead".into()
            },
            "A slewed clock is slowed or sped up; a stepped one jumps, and a jump back makes a later event carry an earlier time.",
        ),
        (
            "free",
            "Running free",
            s.free_running.to_string(),
            format!(
                "drifting up to {} ppm: {} a minute",
                cfg.drift_ppm,
                ms1(f64::from(cfg.drift_ppm) * 0.06)
            ),
            "A node whose servers both stopped answering keeps its own time, and its oscillator's drift adds up.",
        ),
        (
            "lamport",
            "a → b, yet L(a) ≥ L(b)",
            format!(
                "{} (every pair among {checked} events, and every message)",
                v.orders.iter().map(|o| o.lamport_violations).sum::<u64>()
            ),
            "0".into(),
            "Happened-before worked out by following messages over the first 1,024 events of each rule, against Lamport's clock condition; and the condition checked on every message received.",
        ),
        (
            "vector",
            "V(a) < V(b) disagrees with a → b",
            v.orders
                .iter()
                .map(|o| o.vector_mismatches)
                .sum::<u64>()
                .to_string(),
            "0".into(),
            "Vector clocks tell exactly which events could have affected which.",
        ),
        (
            "concurrent",
            "Pairs of events that are concurrent",
            v.concurrent_fraction().map_or("—".into(), |f| {
                format!("{} %", Dec((f * 1_000.0).round() / 10.0))
            }),
            "—".into(),
            "Neither happened before the other: Lamport times still order them, vector clocks do not.",
        ),
    ];
    html! {
        <section class="theory" id="measured" tabindex="-1" aria-labelledby="measured-title">
            <h2 id="measured-title">{ "Measured beside theory" }</h2>
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "This run" }</th><th scope="col">{ "Theory" }</th><th scope="col">{ "Why" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().map(|(key, label, m, t, why)| html! {
                        <tr id={format!("row-{key}")}>
                            <th scope="row">{ label }</th>
                            <td class="measured">{ m }</td>
                            <td class="theory-value">{ t }</td>
                            <td class="why">{ why }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
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
    let input = |id, label, value: &str, set: fn(&mut Settings, String), size| {
        form.input(id, label, value, set, size)
    };
    html! {
        <details class="settings" id="settings">
            <summary>{ "Settings" }</summary>
            <form class="timing-settings" onsubmit={p.apply.clone()} novalidate=true>
                <label class="field" for="set-correct"><span>{ "Clocks are corrected by" }</span>
                    <select id="set-correct" onchange={on_field(|d: &mut Settings, v| d.correct = v)}>
                        <option value="slew" selected={settings.correct == "slew"}>{ "slewing (never back)" }</option>
                        <option value="step" selected={settings.correct == "step"}>{ "stepping (may go back)" }</option>
                    </select>
                </label>
                { input("set-up", "Delay toward the servers (ms; empty: drawn)", &settings.up, |d: &mut Settings, v| d.up = v, "5") }
                { input("set-down", "…and back (ms)", &settings.down, |d: &mut Settings, v| d.down = v, "5") }
                { input("set-latency", "Message delay (ms)", &settings.latency, |d: &mut Settings, v| d.latency = v, "8") }
                { input("set-drift", "Drift, up to (ppm)", &settings.drift, |d: &mut Settings, v| d.drift = v, "5") }
                { input("set-offset", "Start offset, up to (ms)", &settings.offset, |d: &mut Settings, v| d.offset = v, "6") }
                { input("set-sync", "Ask the servers every (s)", &settings.sync, |d: &mut Settings, v| d.sync = v, "5") }
                { input("set-nodes", "Nodes", &settings.nodes, |d: &mut Settings, v| d.nodes = v, "4") }
                { input("set-strata", "Strata of servers", &settings.strata, |d: &mut Settings, v| d.strata = v, "3") }
                { input("set-replicas", "Replicas", &settings.replicas, |d: &mut Settings, v| d.replicas = v, "3") }
                { input("set-accounts", "Account holders", &settings.accounts, |d: &mut Settings, v| d.accounts = v, "3") }
                { input("set-pps", "Other payments a second", &settings.pps, |d: &mut Settings, v| d.pps = v, "5") }
                { input("set-seed", "Seed", &settings.seed, |d: &mut Settings, v| d.seed = v, "8") }
                <button type="submit" class="primary" id="apply">{ "Apply" }</button>
                <p class="note">{ "Applying keeps the failures so far, and the moment." }</p>
            </form>
        </details>
    }
}

/// The whole page, in full or embedded.
pub fn page(p: &Page) -> Html {
    let r = p.rt.borrow();
    let status = r.status();
    let values = tour::measure(r.world());
    let fragment = link::encode(&r.scenario(*p.ui.playing));
    let stats =
        p.ui.stats
            .then(|| r.pace.stats.summary(r.drawn.arrows.len() as u64));
    let timeline = timeline(
        &p.rt,
        &p.ui,
        p.refs[2].clone(),
        r.world().events(),
        &TimelineWords {
            plots: t("plots"),
            filter: "e.g. R0",
            drawing: t("drawing"),
        },
    );
    let frame = Frame {
        title: t("title"),
        lede: t("lede"),
        class: "timing",
        skips: worded("skip", &["clocks", "ledger", "timeline"]),
        lessons: html! {
            <p class="to-lesson"><a href="../" id="to-lesson-1">{ tx("to-lesson-1") }</a>{ " · " }<a href="../consensus/">{ tx("to-lesson-2") }</a></p>
        },
        share: t("share-title"),
        shortcuts: worded("key", KEYS),
    };
    let body =
        html! { <>{ drawings(p, &r, &status) }{ ledger(&r, &values) }{ measured(&r, &values) }</> };
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

/// The timing page's keyboard shortcuts, for the list `?` shows (what each does is `key-<n>`
/// in the page's messages).
const KEYS: &[&str] = &[
    "Tab",
    "Arrow keys in the clocks",
    "Enter / Space in the clocks",
    "Arrow keys in the diagram",
    "Space or K",
    "← / →",
    "S",
    "?",
];
