//! The first page's views: the callbacks its controls hold, and the page in full or embedded.

use std::rc::Rc;

use yew::prelude::*;

use super::compare::{Column, Compare};
use super::controls::Controls;
use super::hooks::{History, Nodes};
use super::panel::{NodeCtl, NodeList, Panel};
use super::runtime::{Runtime, hover_card, node_controls};
use crate::lessons::network::link::encode;
use crate::lessons::network::paint::{dot_colour, role_colour};
use crate::lessons::network::scene::{DotKind, NodeState};
use crate::lessons::network::settings::Settings;
use crate::lessons::network::world::{Point, World};
use crate::shell::messages::{int, t, text};
use crate::shell::text::count;
use crate::shell::web::frame::{language_picker, worded};
use crate::shell::web::page::{Rt, Ui, on_export};
use crate::shell::web::share::{LinkNotice, Share, share_url};
use crate::shell::web::stage::{Shortcuts, Stage, seek_callbacks, skip};
use crate::shell::web::stats::StatsOverlay;
use crate::shell::web::timeline_panel::{Export, TimelinePanel, event_rows};
use crate::shell::web::{esc, node, raw, ta, tx};
use crate::sim::time::MS;
use crate::sim::{Arch, Role};

/// Series points shown in a sparkline (the latest; 60 s at the default spacing).
const SPARK_POINTS: usize = 120;

/// The callbacks the page's controls hold.
#[derive(Clone)]
pub struct On {
    /// Play or pause.
    pub play: Callback<()>,
    /// A tenth of a second on (paused).
    pub step: Callback<()>,
    /// A new speed.
    pub speed: Callback<f64>,
    /// Start the scenario again.
    pub reset: Callback<()>,
    /// Undo the reset.
    pub undo: Callback<MouseEvent>,
    /// Fail the hub of every architecture (or recover them).
    pub fail_hubs: Callback<()>,
    /// New settings, applied when valid.
    pub settings: Callback<Settings>,
    /// Settings being typed.
    pub draft: Callback<Settings>,
    /// Go to a time (ms), and a second back.
    pub seek: Callback<u64>,
    /// See `seek`.
    pub back: Callback<()>,
    /// Show only the last minutes of a long run, or all of it.
    pub zoom: Callback<()>,
    /// Downloads.
    pub export: Callback<Export>,
}

impl On {
    /// The callbacks over the page's runtime, state and history.
    pub fn new(rt: &Rt<Runtime>, ui: &Ui, history: &History) -> On {
        let (seek, back) = seek_callbacks(rt, &ui.refresh, &ui.playing);
        let step = {
            let (rt, refresh) = (rt.clone(), ui.refresh.clone());
            Callback::from(move |()| {
                let mut r = rt.borrow_mut();
                let t = r.world().now() + 100 * MS;
                r.tape.seek(t);
                drop(r);
                refresh.force_update();
            })
        };
        let speed = {
            let (rt, speed) = (rt.clone(), ui.speed.clone());
            Callback::from(move |s: f64| {
                // Two decimals is what a link keeps.
                let s = (s * 100.0).round() / 100.0;
                rt.borrow_mut().pace.speed = s;
                speed.set(s);
            })
        };
        let reset = {
            let (rt, history, playing) = (rt.clone(), history.clone(), ui.playing.clone());
            Callback::from(move |()| history.reset(&rt, *playing))
        };
        let undo = {
            let history = history.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(before) = (*history.undo).clone() {
                    history.undo.set(None);
                    (history.open)(before, Vec::new(), "Reset undone.".to_string());
                }
            })
        };
        let fail_hubs = {
            let (rt, ui) = (rt.clone(), ui.clone());
            Callback::from(move |()| {
                let mut r = rt.borrow_mut();
                r.tape.act(World::toggle_hubs);
                let text = r.world().summaries();
                r.paint();
                drop(r);
                ui.say(text);
            })
        };
        let settings = {
            let (rt, history, playing) = (rt.clone(), history.clone(), ui.playing.clone());
            Callback::from(move |s: Settings| history.restart(&rt, *playing, s))
        };
        let draft = {
            let settings = history.settings.clone();
            Callback::from(move |s: Settings| settings.set(s))
        };
        let zoom = {
            let (rt, refresh) = (rt.clone(), ui.refresh.clone());
            Callback::from(move |()| {
                let mut r = rt.borrow_mut();
                r.zoomed = !r.zoomed;
                r.paint_plots();
                drop(r);
                refresh.force_update();
            })
        };
        let play = {
            let ui = ui.clone();
            Callback::from(move |()| ui.toggle_play())
        };
        On {
            play,
            step,
            speed,
            reset,
            undo,
            fail_hubs,
            settings,
            draft,
            seek,
            back,
            zoom,
            export: on_export(rt, ui),
        }
    }
}

/// Each architecture's column of the comparison: its metrics, ratings and sparklines (the
/// tail of the world's own series, so they rewind with it).
fn columns(r: &mut Runtime) -> Rc<Vec<Column>> {
    let measured = r.measure();
    let series = r.world().series();
    let recent = &series[series.len().saturating_sub(SPARK_POINTS)..];
    Rc::new(
        Arch::ALL
            .iter()
            .enumerate()
            .map(|(i, &arch)| {
                let (metrics, ratings) = measured[i].clone();
                let tail = |f: fn(&Point) -> f64| -> Vec<f64> {
                    recent.iter().map(|s| f(&s.arch[i])).collect()
                };
                Column {
                    arch,
                    metrics,
                    ratings,
                    reachable: tail(|p| p.reachable_fraction),
                    missing: tail(|p| p.missing_fraction),
                    skew: tail(|p| p.max_clock_skew_ms),
                }
            })
            .collect(),
    )
}

/// The three panels.
fn panels(
    r: &Runtime,
    canvases: &[NodeRef; 3],
    nodes: &Nodes,
    controls: &[Rc<Vec<NodeCtl>>],
    columns: &[Column],
) -> Vec<Html> {
    Arch::ALL
        .iter()
        .enumerate()
        .map(|(i, &arch)| {
            let status = r.world().status(arch);
            let trouble = status.cut_off > 0;
            let changed = !trouble && r.scenes[i].nodes.iter().any(|n| n.state != NodeState::Up);
            let (st, net) = (&columns[i].metrics.state, &columns[i].metrics.network);
            let facts = format!(
                "{} · {} · {} live · {} reachable",
                count(st.participants.into(), "participant", "participants"),
                count(net.routers.into(), "router", "routers"),
                st.live_participants,
                st.reachable_participants
            );
            html! {
                <Panel {arch} canvas={canvases[i].clone()} summary={status.text} {facts} {trouble} {changed}
                    dense={r.scenes[i].dense}
                    trace={format!("{:016x}", r.world().engine(arch).trace_hash())}
                    nodes={NodeList(controls[i].clone())} card={hover_card(r, i, arch)}
                    on_pick={nodes.toggle.clone()} on_point={nodes.point.clone()}
                    on_focus={nodes.focus.clone()} on_canvas_click={nodes.click.clone()} />
            }
        })
        .collect()
}

/// The timeline: slider, plots, event log and exports.
fn timeline(r: &Runtime, ui: &Ui, on: &On, plots: &NodeRef) -> Html {
    let (events, total_events) = event_rows(r.world().events(), &ui.filter, 120);
    let horizon_ms = r.tape.horizon() / MS;
    let on_filter = {
        let filter = ui.filter.clone();
        Callback::from(move |f: String| filter.set(f))
    };
    html! {
        <TimelinePanel now_ms={r.world().now() / MS} {horizon_ms} from_ms={r.zoom_from(horizon_ms)}
            next_action_ms={r.tape.next_action_after_now().map(|t| t / MS)}
            {events} {total_events} filter={AttrValue::from((*ui.filter).clone())}
            plots={plots.clone()} on_seek={on.seek.clone()} on_back={on.back.clone()}
            on_zoom={on.zoom.clone()} {on_filter} on_export={on.export.clone()}
            plots_label={ta("plots")} filter_example="e.g. S0 or P5" drawing_label={ta("drawing")} />
    }
}

/// The parts both layouts show: the notice and undo, the controls, the panels, the live region
/// and the stats overlay.
struct Parts {
    notice: Html,
    controls: Html,
    panels: Vec<Html>,
    columns: Rc<Vec<Column>>,
    live: Html,
    overlay: Option<Html>,
    fragment: String,
}

/// What the page's hooks hand its view.
pub struct Hooks<'a> {
    /// The stage.
    pub rt: &'a Rt<Runtime>,
    /// Playback, notices, the live region, the overlays.
    pub ui: &'a Ui,
    /// Settings as typed, undo.
    pub history: &'a History,
    /// The nodes' callbacks.
    pub nodes: &'a Nodes,
    /// The controls' callbacks.
    pub on: &'a On,
    /// The three panels' canvases.
    pub canvases: &'a [NodeRef; 3],
    /// The timeline's plots.
    pub plots: &'a NodeRef,
    /// The embedded view's chosen architecture.
    pub tab: &'a UseStateHandle<usize>,
}

fn parts(h: &Hooks, embed: bool) -> Parts {
    let Hooks {
        rt,
        ui,
        history,
        nodes,
        on,
        canvases,
        ..
    } = *h;
    let layout = rt.borrow().layout();
    let controls: Vec<Rc<Vec<NodeCtl>>> = {
        let mut r = rt.borrow_mut();
        r.rendered_layout = layout;
        Arch::ALL
            .iter()
            .enumerate()
            .map(|(i, &a)| node_controls(&mut r, i, a))
            .collect()
    };
    let columns = columns(&mut rt.borrow_mut());
    let r = rt.borrow();
    let on_dismiss = {
        let notice = ui.notice.clone();
        Callback::from(move |()| notice.set(Vec::new()))
    };
    let flip = |state: &UseStateHandle<bool>| Ui::flip(state);
    Parts {
        notice: html! {
            <>
            <LinkNotice problems={(*ui.notice).clone()} {on_dismiss} />
            if history.undo.is_some() {
                <div class="undo" role="status">
                    <span>{ "Reset: the scenario starts again with no failures." }</span>
                    <button type="button" id="undo-reset" onclick={on.undo.clone()}>{ "Undo reset" }</button>
                </div>
            }
            </>
        },
        controls: html! {
            <Controls playing={*ui.playing} speed={*ui.speed} time_ms={r.world().now() as f64 / MS as f64}
                settings={(*history.settings).clone()} error={(*history.error).clone()}
                on_play={on.play.clone()} on_step={on.step.clone()} on_speed={on.speed.clone()}
                on_reset={on.reset.clone()} on_fail_hubs={on.fail_hubs.clone()}
                hubs_down={r.world().hubs_down()} on_settings={on.settings.clone()}
                on_draft={on.draft.clone()} on_stats={flip(&ui.stats)} on_help={flip(&ui.help)} {embed} />
        },
        panels: panels(&r, canvases, nodes, &controls, &columns),
        columns,
        live: html! {
            <p class="sr-only" role="status" aria-live="polite" id="announce">{ (*ui.said).clone() }</p>
        },
        overlay: ui
            .stats
            .then(|| r.pace.stats.summary(r.in_flight()))
            .map(|s| html! { <StatsOverlay ..s /> }),
        fragment: encode(&r.scenario(*ui.playing)),
    }
}

/// The page, in full or embedded.
pub fn page(h: &Hooks, embed: bool) -> Html {
    let p = parts(h, embed);
    // `?` lists the keys in an embed too.
    let help = (*h.ui.help).then(|| {
        let help = h.ui.help.clone();
        let close = Callback::from(move |_: MouseEvent| help.set(false));
        html! { <Shortcuts {close} rows={worded("key", KEYS)} /> }
    });
    if embed {
        return embedded(p, h.tab, help);
    }
    let Hooks {
        rt, ui, on, plots, ..
    } = *h;
    let r = rt.borrow();
    let participants = r.world().config().participants;
    let timeline = timeline(&r, ui, on, plots);
    drop(r);
    html! {
        <>
        <header class="top">
            <div class="wrap">
                // The skip links are the first Tab stops, before the language picker.
                <nav class="skip" aria-label={ta("skip-to")}>
                    <a href="#networks" onclick={skip("networks")}>{ tx("skip-1") }</a>
                    <a href="#ratings" onclick={skip("ratings")}>{ tx("skip-2") }</a>
                    <a href="#timeline" onclick={skip("timeline")}>{ tx("skip-3") }</a>
                </nav>
                <h1>{ tx("brand") }<span>{ format!(" — {}", t("title")) }</span></h1>
                { language_picker(&p.fragment) }
                <p class="lede">{ node(crate::t!("lede", n = int(participants as f64))) }</p>
            </div>
        </header>
        <main class="wrap">
            <p class="tour-row">
                <button type="button" class="tour-start">{ tx("take-tour") }</button>
                <button type="button" class="tour-write">{ tx("write-tour") }</button>
                <a href="consensus/" id="to-lesson-2">{ tx("to-lesson-2") }</a>
                <a href="timing/" id="to-lesson-3">{ tx("to-lesson-3") }</a>
            </p>
            { p.notice }
            { p.controls }
            <Share fragment={p.fragment.clone()} title={ta("share-title")} />
            <Legend />
            <div class="panels" id="networks" tabindex="-1" role="region" aria-label={ta("the-networks")}>{ for p.panels }</div>
            { p.live }
            <Compare columns={p.columns} />
            { timeline }
            { p.overlay }
            { help }
        </main>
        </>
    }
}

/// The page in a small frame: below 560 px, the view selector shows one architecture (and its
/// ratings) at a time.
fn embedded(p: Parts, tab: &UseStateHandle<usize>, help: Option<Html>) -> Html {
    let views = Arch::ALL.iter().enumerate().map(|(i, a)| {
        let pick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(i))
        };
        let short = t(["view-cs", "view-fed", "view-p2p"][i]);
        html! {
            <button type="button" aria-pressed={(i == **tab).to_string()} onclick={pick}
                aria-controls={format!("panel-{}", a.name())}>{ short }</button>
        }
    });
    let full_view = format!("{}#{}", share_url(), p.fragment);
    html! {
        <main class="embed" data-tab={Arch::ALL[**tab].name()}>
            <div class="embed-bar">
                <strong>{ tx("brand") }</strong>
                <span class="hint">{ tx("embed-hint") }</span>
                <button type="button" class="tour-start">{ tx("embed-tour") }</button>
                <div class="views" role="group" aria-label={ta("embed-views")}>{ for views }</div>
                <a href={full_view} target="_blank" rel="noopener"
                    aria-label={ta("full-view.aria-label")}><span class="hint">{ tx("full-view") }{ " " }</span>{ "↗" }</a>
            </div>
            { p.notice }
            { p.controls }
            <div class="panels">{ for p.panels }</div>
            { p.live }
            <Compare columns={p.columns} compact=true />
            { p.overlay }
            { help }
        </main>
    }
}

/// The first page's keyboard shortcuts, for the list `?` shows (what each does is `key-<n>`
/// in the page's messages).
const KEYS: &[&str] = &[
    "Tab",
    "Arrow keys in a network",
    "Enter / Space on a node",
    "Space or K",
    ".",
    "← / →",
    "N",
    "H",
    "R",
    "S",
    "?",
];

/// What the drawings' shapes and dots mean (static: built as markup, see [`raw`]).
#[function_component]
fn Legend() -> Html {
    let item = |class: &str, colour: &str, what: String| {
        format!(
            "<li><span class=\"sym {class}\" style=\"--c:{colour}\" aria-hidden=\"true\"></span>{}</li>",
            esc(&what)
        )
    };
    let mut out = format!(
        "<section class=\"legend\" aria-label=\"{}\"><ul>",
        esc(&t("legend"))
    );
    for (r, shape) in [
        (Role::Server, "square"),
        (Role::MainServer, "diamond"),
        (Role::FederatedServer, "triangle"),
        (Role::Client, "circle"),
        (Role::Peer, "hexagon"),
    ] {
        out += &item(
            shape,
            role_colour(r),
            crate::t!("role", role = text(r.name())),
        );
    }
    out += &item("circle cut", "", t("legend-cut"));
    out += &item("circle down", "", t("legend-down"));
    for (k, key) in [
        (DotKind::Update, "legend-update"),
        (DotKind::Announce, "legend-announce"),
        (DotKind::Notice, "legend-notice"),
        (DotKind::Heartbeat, "legend-heartbeat"),
        (DotKind::Clock, "legend-clock"),
    ] {
        let colour = if k == DotKind::Notice {
            "var(--ink)"
        } else {
            dot_colour(k)
        };
        out += &item("dot", colour, t(key));
    }
    out += "</ul></section>";
    raw(out)
}
