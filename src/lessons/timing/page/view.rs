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
use crate::shell::messages::{int, num, t, text};
use crate::shell::text::clock_text;
use crate::shell::web::form::Form;
use crate::shell::web::frame::{self, Frame, TimelineWords, timeline, worded};
use crate::shell::web::page::{Rt, Ui};
use crate::shell::web::stage::Stage;
use crate::shell::web::{node, ta, tx};
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

/// `x` ms with one decimal at most.
fn ms1(x: f64) -> String {
    crate::t!("time-ms", v = num(x, 1))
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
        <section class="controls" aria-label={ta("controls")}><div class="row">
            <button type="button" class="primary" id="play" data-playing={ui.playing.to_string()} onclick={on_play}>
                { tx(if *ui.playing { "pause" } else { "play" }) }
            </button>
            <label class="field" for="speed"><span>{ tx("speed-label") }</span>
                <select id="speed" onchange={on_speed}>
                    { for link::SPEEDS.iter().map(|&s| html! {
                        <option value={Dec(s).to_string()} selected={(speed - s).abs() < 1e-9}>{ crate::t!("speed", v = num(s, 2)) }</option>
                    }) }
                </select>
            </label>
            <label class="field" for="rule"><span>{ tx("messages-under") }</span>
                <select id="rule" onchange={on_rule}>
                    { for Order::ALL.iter().map(|&o| html! {
                        <option value={o.name()} selected={o == r.rule}>{ tx(&format!("rule-{}", o.name())) }</option>
                    }) }
                </select>
            </label>
            <button type="button" onclick={flip(&ui.stats)}>{ tx("stats-button") }</button>
            <button type="button" id="keys" aria-haspopup="dialog" onclick={flip(&ui.help)}>{ tx("shortcuts-button") }</button>
            <span class="clock">{ node(crate::t!("clock", t = text(clock_text(r.world().now() / MS)))) }</span>
        </div></section>
    }
}

/// The chosen node's last exchange, every timestamp and what follows from them.
fn exchange(e: &TimingEngine, focus: Option<u32>) -> String {
    let l = e.layout();
    let n = focus.unwrap_or_else(|| l.account(0));
    let name = l.name(n);
    if l.servers_of(n).is_none() {
        return crate::t!("stratum-one", name = text(name));
    }
    let Some(x) = e.last_exchange(n) else {
        return crate::t!("no-exchange", name = text(name));
    };
    let s = |t: i64| {
        let v = (t as f64 / 1_000.0).round() / 1_000.0;
        text(crate::t!("time-s", v = num(v, 3)))
    };
    let ms = |v: f64| text(ms1(v));
    crate::t!(
        "exchange",
        name = text(name),
        server = text(l.name(x.server)),
        t1 = s(x.t[0]),
        t2 = s(x.t[1]),
        t3 = s(x.t[2]),
        t4 = s(x.t[3]),
        theta = text(signed_ms(x.theta as f64 / 1_000.0)),
        delta = ms(x.delta as f64 / 1_000.0),
        truth = text(signed_ms(x.truth as f64 / 1_000.0)),
        off = ms((x.theta - x.truth).unsigned_abs() as f64 / 1_000.0),
        half = ms(x.delta as f64 / 2_000.0),
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
                <span>{ tx(label) }</span>
                <input type="range" id={id} min="0" max={top.to_string()} step="1" value={v.to_string()}
                    oninput={d.moving.clone()} onchange={d.set.clone()} />
                <output for={id}>{ node(crate::t!("time-ms", v = int(v))) }</output>
            </label>
        }
    };
    let said = match fixed {
        _ if c.sync_s == 0 => t("no-sync"),
        Some((u, dn)) => {
            let hop = (f64::from(u) - f64::from(dn)) / 2.0;
            crate::t!(
                "fixed-path",
                up = int(u),
                down = int(dn),
                round = int(u + dn),
                hop = text(signed_ms(hop)),
                strata = int(c.strata),
                end = text(signed_ms(hop * f64::from(c.strata))),
            )
        }
        None => crate::t!(
            "drawn-path",
            min = int(c.latency_min_ms),
            max = int(c.latency_max_ms)
        ),
    };
    html! {
        <div class="path-delays" role="group" aria-label={ta("path-group")}>
            { slider("drag-up", "toward-server", up) }
            { slider("drag-down", "back", down) }
            if fixed.is_some() {
                <button type="button" id="drag-random" onclick={d.random.clone()}>{ tx("draw-again") }</button>
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
    let chosen = focus.map_or_else(
        || t("chosen-none"),
        |n| {
            let name = text(l.name(n));
            if e.is_down(n) {
                crate::t!("chosen-down", name = name)
            } else {
                crate::t!("chosen-running", name = name)
            }
        },
    );
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
    let picked = r.drawn.chosen.clone().unwrap_or_else(|| t("pick-event"));
    html! {
        <div class="timing-grid">
            <section class="panel" id="clocks" tabindex="-1" aria-labelledby="clocks-title">
                <h2 id="clocks-title">{ node(crate::t!("clocks-title", nodes = int(l.nodes), strata = int(l.strata))) }</h2>
                <div class="stage" tabindex="0" onkeydown={c.key.clone()}
                    role="group" aria-roledescription={ta("clock-tree")}
                    aria-label={crate::t!("clocks-stage", nodes = int(l.nodes), chosen = text(chosen))}
                    data-focus={focus.map_or(String::new(), |n| n.to_string())}
                    data-focus-xy={focus_xy} data-trace={trace} data-moving={r.scene.moving.len().to_string()}>
                    <canvas ref={clocks} class="clocks" onclick={c.clock.clone()} role="img" style={format!("--rows: {}", r.scene.rows)} aria-label={status.to_string()} />
                </div>
                <p class="note" id="exchange">{ exchange(e, focus) }</p>
                { path_delays(p, e) }
                <ul class="legend timing-legend" aria-label={ta("colours")}>
                    <li><span class="swatch" style="background:#2f9e44"></span>{ tx("within-5") }</li>
                    <li><span class="swatch" style="background:#e8a317"></span>{ tx("within-50") }</li>
                    <li><span class="swatch" style="background:#d9480f"></span>{ tx("further") }</li>
                    <li><span class="swatch" style={format!("background:{}", r.pace.palette().down)}></span>{ tx("failed") }</li>
                    <li><span class="dashed"></span>{ tx("free-running") }</li>
                    <li><span class="swatch small-dot" style={format!("background:{}", crate::lessons::timing::paint::REQUEST)}></span>{ tx("request") }</li>
                    <li><span class="swatch small-dot" style={format!("background:{}", crate::lessons::timing::paint::ANSWER)}></span>{ tx("answer") }</li>
                </ul>
            </section>
            <section class="panel" id="diagram" tabindex="-1" aria-labelledby="diagram-title">
                <h2 id="diagram-title">{ node(crate::t!("diagram-title", rule = text(t(&format!("rule-{}", r.rule.name()))))) }</h2>
                <div class="stage" tabindex="0" onkeydown={c.event_key.clone()} role="group"
                    aria-roledescription={ta("space-time")}
                    aria-label={crate::t!("diagram-stage", window = num(r.drawn.window_ms as f64 / 1_000.0, 3))}>
                    <canvas ref={diagram} class="diagram" onclick={c.event.clone()} role="img" style={format!("--lines: {}", l.processes())}
                        aria-label={crate::t!("diagram-view", events = int(r.drawn.dots.len() as f64), messages = int(r.drawn.arrows.len() as f64))} />
                </div>
                <p class="note" id="event">{ picked }</p>
                if r.event.is_some() || r.pinned.is_some() {
                    <button id="compare" class="small" onclick={c.compare.clone()}>
                        { tx(if r.pinned.is_some() { "stop-comparing" } else { "compare" }) }
                    </button>
                }
                <ul class="legend timing-legend" aria-label={ta("colours")}>
                    <li><span class="swatch" style="background:#2f9e44"></span>{ tx("a-payment") }</li>
                    <li><span class="swatch" style={format!("background:{}", r.pace.palette().muted)}></span>{ tx("a-notice") }</li>
                    <li><span class="swatch" style="background:#1f6fd1"></span>{ tx("before-chosen") }</li>
                    <li><span class="swatch" style="background:#d9480f"></span>{ tx("after-chosen") }</li>
                </ul>
            </section>
        </div>
    }
}

/// The ledger: the replicas' balances and what each rule did.
fn ledger(r: &Runtime, v: &Values) -> Html {
    let w = r.world();
    html! {
        <section class="theory ledger" id="ledger" tabindex="-1" aria-labelledby="ledger-title">
            <h2 id="ledger-title">{ tx("ledger-title") }</h2>
            <p class="note">{ tx("ledger-intro") }</p>
            <div class="table-wrap"><table>
                <thead><tr>
                    { for ["rule", "balances", "applied", "rejected", "short", "disagreeing", "wait", "inversions", "waiting"]
                        .iter().map(|c| html! { <th scope="col">{ tx(&format!("col-{c}")) }</th> }) }
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
                                <th scope="row">{ tx(&format!("rule-{}", o.name())) }<span class="why">{ tx(&format!("why-{}", o.name())) }</span></th>
                                <td class="balances">{ for books.iter().map(|b| html! { <span>{ b }</span> }) }</td>
                                <td class="applied">{ x.applied }</td>
                                <td class="rejected">{ x.rejected }</td>
                                <td class="story-rejected">{ x.story_rejected }</td>
                                <td class="disagreeing-replicas-fraction">{ node(crate::t!("percent", v = num((x.disagreeing_replicas_fraction * 1_000.0).round() / 10.0, 1))) }</td>
                                <td class="mean-wait-ms">{ x.mean_wait_ms.map_or("—".into(), ms1) }</td>
                                <td class="causal-inversions">{ x.causal_inversions }</td>
                                <td class="pending">{ x.pending }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table></div>
            <p class="note">{ tx("ledger-chain") }</p>
        </section>
    }
}

/// A count, as the language writes numbers.
fn node_text(n: u64) -> String {
    crate::shell::messages::number(n as f64, 0)
}

/// The clocks' and the logical clocks' rows, measured beside what theory says.
fn measured(r: &Runtime, v: &Values) -> Html {
    let cfg = r.world().engines()[0].config();
    let s = &v.sync;
    let checked: u64 = v.orders.iter().map(|o| o.events_checked).sum();
    let error_theory = match cfg.asymmetry {
        Some((u, d)) => crate::t!(
            "uneven-error",
            error = text(ms1((f64::from(u) - f64::from(d)).abs() / 2.0))
        ),
        None => t("within-half"),
    };
    let dash = || "—".to_string();
    let ms = |v: Option<f64>| text(v.map_or_else(dash, ms1));
    let count = |n: u64| node_text(n);
    // (row, label, this run, theory, why)
    let rows: Vec<(&str, String, String, String, String)> = vec![
        (
            "bound",
            t("bound-label"),
            crate::t!(
                "of",
                n = int(s.bound_violations as f64),
                total = int(s.exchanges as f64)
            ),
            count(0),
            t("bound-why"),
        ),
        (
            "error",
            t("error-label"),
            crate::t!(
                "error-measured",
                p50 = ms(s.offset_error_ms_p50),
                p99 = ms(s.offset_error_ms_p99)
            ),
            error_theory,
            t("error-why"),
        ),
        (
            "skew",
            t("skew-label"),
            crate::t!(
                "skew-measured",
                max = text(ms1(s.max_skew_ms)),
                now = text(ms1(v.skew_ms))
            ),
            crate::t!(
                "skew-theory",
                max = text(ms1(2.0 * f64::from(cfg.offset_ms)))
            ),
            t("skew-why"),
        ),
        (
            "backwards",
            t("backwards-label"),
            count(v.backwards_steps),
            t(
                if cfg.correct == crate::lessons::timing::model::Correct::Slew {
                    "backwards-slewed"
                } else {
                    "backwards-stepped"
                },
            ),
            t("backwards-why"),
        ),
        (
            "free",
            t("free-label"),
            count(u64::from(s.free_running)),
            crate::t!(
                "free-theory",
                ppm = int(cfg.drift_ppm),
                minute = text(ms1(f64::from(cfg.drift_ppm) * 0.06))
            ),
            t("free-why"),
        ),
        (
            "lamport",
            t("lamport-label"),
            crate::t!(
                "lamport-measured",
                n = int(v.orders.iter().map(|o| o.lamport_violations).sum::<u64>() as f64),
                checked = int(checked as f64)
            ),
            count(0),
            t("lamport-why"),
        ),
        (
            "vector",
            t("vector-label"),
            count(v.orders.iter().map(|o| o.vector_mismatches).sum::<u64>()),
            count(0),
            t("vector-why"),
        ),
        (
            "concurrent",
            t("concurrent-label"),
            v.concurrent_fraction().map_or_else(dash, |f| {
                crate::t!("percent", v = num((f * 1_000.0).round() / 10.0, 1))
            }),
            dash(),
            t("concurrent-why"),
        ),
    ];
    html! {
        <section class="theory" id="measured" tabindex="-1" aria-labelledby="measured-title">
            <h2 id="measured-title">{ tx("measured-title") }</h2>
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{ tx("col-what") }</th><th scope="col">{ tx("col-run") }</th><th scope="col">{ tx("col-theory") }</th><th scope="col">{ tx("col-why") }</th></tr></thead>
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
    let input = |id, label: Html, value: &str, set: fn(&mut Settings, String), size| {
        form.input(id, label, value, set, size)
    };
    html! {
        <details class="settings" id="settings">
            <summary>{ tx("settings") }</summary>
            <form class="timing-settings" onsubmit={p.apply.clone()} novalidate=true>
                <label class="field" for="set-correct"><span>{ tx("corrected-by") }</span>
                    <select id="set-correct" onchange={on_field(|d: &mut Settings, v| d.correct = v)}>
                        <option value="slew" selected={settings.correct == "slew"}>{ tx("slewing") }</option>
                        <option value="step" selected={settings.correct == "step"}>{ tx("stepping") }</option>
                    </select>
                </label>
                { input("set-up", tx("set-up"), &settings.up, |d: &mut Settings, v| d.up = v, "5") }
                { input("set-down", tx("set-down"), &settings.down, |d: &mut Settings, v| d.down = v, "5") }
                { input("set-latency", tx("set-latency"), &settings.latency, |d: &mut Settings, v| d.latency = v, "8") }
                { input("set-drift", tx("set-drift"), &settings.drift, |d: &mut Settings, v| d.drift = v, "5") }
                { input("set-offset", tx("set-offset"), &settings.offset, |d: &mut Settings, v| d.offset = v, "6") }
                { input("set-sync", tx("set-sync"), &settings.sync, |d: &mut Settings, v| d.sync = v, "5") }
                { input("set-nodes", tx("set-nodes"), &settings.nodes, |d: &mut Settings, v| d.nodes = v, "4") }
                { input("set-strata", tx("set-strata"), &settings.strata, |d: &mut Settings, v| d.strata = v, "3") }
                { input("set-replicas", tx("set-replicas"), &settings.replicas, |d: &mut Settings, v| d.replicas = v, "3") }
                { input("set-accounts", tx("set-accounts"), &settings.accounts, |d: &mut Settings, v| d.accounts = v, "3") }
                { input("set-pps", tx("set-pps"), &settings.pps, |d: &mut Settings, v| d.pps = v, "5") }
                { input("set-seed", tx("set-seed"), &settings.seed, |d: &mut Settings, v| d.seed = v, "8") }
                <button type="submit" class="primary" id="apply">{ tx("apply") }</button>
                <p class="note">{ tx("applying-keeps") }</p>
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
        shortcuts: KEYS,
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
