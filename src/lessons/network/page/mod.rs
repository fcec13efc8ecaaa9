//! The page: owns the world and the frame loop, and wires panels, controls and the comparison.
//!
//! The world and the per-panel scenes live in one `Runtime` behind `Rc<RefCell<…>>`: the frame
//! loop advances and paints them every animation frame without touching the DOM, and asks Yew
//! to re-render the DOM (summaries, table, controls) four times a second. While paused, or
//! while the tab is hidden (no animation frames), nothing runs. Unmounting cancels the loop.

mod compare;
mod controls;
mod panel;

use crate::sim::small::Dec;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::paint::{self as painter, dot_colour, role_colour};
use crate::lessons::network::link::{self as scenario, Scenario};
use crate::lessons::network::measured::{Challenge, Level, Ratings, rate};
use crate::lessons::network::model::{Metrics, SimConfig};
use crate::lessons::network::scene::{DotKind, NodeState, Scene};
use crate::lessons::network::settings::{PageSettings, SettingError};
use crate::lessons::network::tour as tour_model;
use crate::lessons::network::world::World;
use crate::shell::timeline::Timeline;
use crate::shell::web::canvas::{self, Palette};
use crate::shell::web::share::{LinkNotice, Share};
use crate::shell::web::stage::{
    Pace, ShortcutKey, Shortcuts, Stage, add_problems, address_fragment, flag, mark_first_paint,
    or_default, scenario_fragment, seek_callbacks, show, skip, use_fragment_change, use_repaint,
    use_shortcuts, use_stage_loop,
};
use crate::shell::web::stats::StatsOverlay;
use crate::shell::web::timeline_panel::{
    EventRow, Export, TimelinePanel, download_canvas, download_text,
};
use crate::shell::web::tour_host::{TourHost, remark, use_tour_host};
use crate::sim::small::clamp;
use crate::sim::{
    Arch, NodeId, Role,
    time::{MS, Micros},
};
use compare::{Column, Compare};
use controls::Controls;
use panel::{HoverCard, NodeCtl, NodeList, Panel};

/// Series points shown in a sparkline (the latest; 60 s at the default spacing).
const SPARK_POINTS: usize = 120;
/// Most message dots drawn per panel.
const MAX_DOTS: usize = 4_000;

/// Each architecture's metrics and the ratings derived from them, in [`Arch::ALL`] order.
type Measured = Rc<[(Metrics, Ratings); 3]>;

struct Runtime {
    tape: Timeline<World>,
    plots: NodeRef,
    scenes: [Scene; 3],
    painters: [painter::PanelPainter; 3],
    canvases: [NodeRef; 3],
    /// Pointer or keyboard focus: (panel, node).
    focus: Option<(usize, u32)>,
    /// The node a guided tour points at: (panel, node).
    mark: Option<(usize, u32)>,
    /// Speed, frame clock, address bar, preferences and frame timings.
    pace: Pace,
    /// What was last measured, with the (time, revision) it was measured at.
    measured: Option<(Micros, u64, Measured)>,
    /// The ratings last announced to screen readers, and since when (real ms) the shown ones
    /// have differed from them.
    announced: Option<Vec<Level>>,
    differs_since: Option<f64>,
    /// Each panel's keyboard controls and the static key they were built for.
    controls: [Option<(u64, Rc<Vec<NodeCtl>>)>; 3],
    /// Whether the first frame has been painted (and marked for the startup benchmark).
    painted_once: bool,
    /// Whether the timeline shows only the last minutes of a long run.
    zoomed: bool,
    /// Per panel: the drawing's left and top within its panel, and the panel's width, px.
    boxes: [(f64, f64, f64); 3],
    /// The scene layout the DOM was last rendered with (canvas sizes and node counts): when a
    /// paint finds another, the node controls must move, so the DOM is refreshed.
    rendered_layout: Vec<(u32, u32, usize)>,
}

impl Stage for Runtime {
    fn now(&self) -> Micros {
        self.world().now()
    }
    fn go(&mut self, t: Micros) {
        self.tape.seek(t);
    }
    fn events(&self) -> u64 {
        Runtime::events(self)
    }
    fn pace(&mut self) -> &mut Pace {
        &mut self.pace
    }
    /// The address bar always holds the scenario as it stands.
    fn link(&self, playing: bool) -> String {
        scenario::encode(&self.scenario(playing))
    }
    fn layout_changed(&mut self) -> bool {
        self.layout() != self.rendered_layout
    }
    fn paint(&mut self) {
        for (i, arch) in Arch::ALL.iter().enumerate() {
            let Some(canvas) = self.canvases[i].cast::<HtmlCanvasElement>() else {
                continue;
            };
            let Some((ctx, w, h)) = canvas::prepare(&canvas) else {
                continue;
            };
            // Reduced motion: no moving dots; failures and cut-offs still show at once.
            let dots = if self.pace.reduced_motion {
                0
            } else {
                MAX_DOTS
            };
            self.scenes[i].update(self.tape.world().engine(*arch), w, h, dots);
            // Where the drawing sits in its panel: the hover card may use the panel's width.
            if let Some(stage) = canvas
                .parent_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let panel = stage
                    .parent_element()
                    .map_or(w, |p| f64::from(p.client_width()));
                self.boxes[i] = (
                    f64::from(stage.offset_left()),
                    f64::from(stage.offset_top()),
                    panel,
                );
            }
            let focus = self.focus.filter(|f| f.0 == i).map(|f| f.1);
            let palette = self.palette();
            self.painters[i].paint(&canvas, &ctx, &self.scenes[i], palette, focus);
            if let Some(n) = self
                .mark
                .filter(|m| m.0 == i)
                .and_then(|m| self.scenes[i].nodes.iter().find(|n| n.id == m.1))
            {
                canvas::paint_mark(&ctx, n.x, n.y, n.r, palette);
            }
        }
        if !self.painted_once && self.scenes.iter().all(|s| !s.nodes.is_empty()) {
            // Time from navigation to the first painted frame, for the startup benchmark.
            self.painted_once = true;
            mark_first_paint();
        }
    }
    fn plots_canvas(&self) -> &NodeRef {
        &self.plots
    }
    fn pace_ref(&self) -> &Pace {
        &self.pace
    }
    /// The four metrics over time, one line per architecture.
    fn plots(&self) -> canvas::PlotData {
        let series = self.world().series();
        let pick = |f: fn(&crate::lessons::network::world::Point) -> f64| -> Vec<Vec<f64>> {
            (0..3)
                .map(|a| series.iter().map(|s| f(&s.arch[a])).collect())
                .collect()
        };
        canvas::PlotData {
            plots: vec![
                canvas::PlotSpec {
                    title: "Reachable participants",
                    unit: "",
                    values: pick(|p| p.reachable_fraction),
                    max: Some(1.0),
                },
                canvas::PlotSpec {
                    title: "Deliveries late or missing",
                    unit: "",
                    values: pick(|p| p.missing_fraction),
                    max: Some(1.0),
                },
                canvas::PlotSpec {
                    title: "Max clock skew",
                    unit: " ms",
                    values: pick(|p| p.max_clock_skew_ms),
                    max: None,
                },
                canvas::PlotSpec {
                    title: "Messages per second",
                    unit: "/s",
                    values: pick(|p| p.messages_per_s),
                    max: None,
                },
            ],
            names: &["client-server", "federated", "peer-to-peer"],
            from_ms: self.zoom_from(self.tape.horizon() / MS),
            now_ms: self.world().now() / MS,
            times: series.iter().map(|s| s.t_ms).collect(),
            marks: canvas::action_marks(self.world().events().map(|e| (e.at, e.action))),
        }
    }
}

impl Runtime {
    /// Builds the world a scenario describes (the default scenario starts 3 s in, so clocks
    /// have synchronised and updates have spread before the student looks at the table).
    /// Returns the problems met on the way.
    fn load(s: &Scenario, canvases: [NodeRef; 3], plots: NodeRef) -> (Runtime, Vec<String>) {
        let (tape, problems) = or_default(crate::shell::lesson::open::<super::Network>(s), || {
            // (No `expect`: formatting the error's Debug would ship Unicode tables.)
            let Ok((t, _)) = crate::shell::lesson::open::<super::Network>(&Scenario::default())
            else {
                unreachable!("the default scenario loads")
            };
            t
        });
        let mut rt = Runtime {
            tape,
            plots,
            scenes: Default::default(),
            painters: Default::default(),
            canvases,
            focus: None,
            mark: None,
            pace: Pace::new(s.speed),
            rendered_layout: Vec::new(),
            measured: None,
            announced: None,
            differs_since: None,
            controls: Default::default(),
            painted_once: false,
            zoomed: false,
            boxes: Default::default(),
        };
        // The ratings on opening are the baseline later changes are announced against.
        rt.rating_news(0.0);
        (rt, problems)
    }

    /// The scenario as it stands: what the address bar and the share box carry.
    fn scenario(&self, playing: bool) -> Scenario {
        Scenario {
            cfg: self.world().config().clone(),
            speed: self.pace.speed,
            time_ms: self.world().now() / MS,
            playing,
            log: self.tape.history().to_vec(),
        }
    }

    fn events(&self) -> u64 {
        Arch::ALL
            .iter()
            .map(|&a| self.world().engine(a).counters().events)
            .sum()
    }

    fn in_flight(&self) -> u64 {
        Arch::ALL
            .iter()
            .map(|&a| self.world().engine(a).counters().in_flight)
            .sum()
    }

    fn world(&self) -> &World {
        self.tape.world()
    }

    /// Where the timeline (and the plots) start, ms: 0, or the last minutes of a long run.
    fn zoom_from(&self, horizon_ms: u64) -> u64 {
        if self.zoomed && horizon_ms > crate::shell::web::timeline_panel::ZOOM_AFTER_MS {
            horizon_ms - crate::shell::web::timeline_panel::ZOOM_MS
        } else {
            0
        }
    }

    fn palette(&self) -> &'static Palette {
        self.pace.palette()
    }

    /// Draws the metric plots (on DOM refreshes, not every frame).
    fn layout(&self) -> Vec<(u32, u32, usize)> {
        self.scenes
            .iter()
            .map(|s| (s.width as u32, s.height as u32, s.nodes.len()))
            .collect()
    }

    /// Advances by `dt` real ms; returns whether the DOM is due a refresh.
    /// A sentence for the live region when ratings have changed and stayed changed for two
    /// seconds (so a metric hovering at a threshold does not chatter), at most every 2 s.
    /// The metrics and ratings of the world as it stands, measured once per state: the live
    /// announcements and the render share them.
    fn measure(&mut self) -> Measured {
        let key = (self.world().now(), self.tape.revision());
        if let Some((t, rev, m)) = &self.measured
            && (*t, *rev) == key
        {
            return m.clone();
        }
        let m: Measured = Rc::new(Arch::ALL.map(|a| {
            let metrics = self.world().engine(a).metrics();
            let ratings = rate(&metrics);
            (metrics, ratings)
        }));
        self.measured = Some((key.0, key.1, m.clone()));
        m
    }

    fn rating_news(&mut self, now: f64) -> Option<String> {
        let measured = self.measure();
        let levels: Vec<Level> = measured
            .iter()
            .flat_map(|(_, r)| Challenge::ALL.map(|c| r.get(c).level))
            .collect();
        let Some(before) = self.announced.clone() else {
            self.announced = Some(levels);
            return None;
        };
        if before == levels {
            self.differs_since = None;
            return None;
        }
        let since = *self.differs_since.get_or_insert(now);
        if now - since < 2_000.0 {
            return None;
        }
        let mut changes = Vec::new();
        for (k, (arch, (_, r))) in Arch::ALL.iter().zip(measured.iter()).enumerate() {
            for (j, c) in Challenge::ALL.iter().enumerate() {
                if before[3 * k + j] != levels[3 * k + j] {
                    let rating = r.get(*c);
                    changes.push(format!(
                        "{} {} now {} ({})",
                        arch.title(),
                        c.title().to_ascii_lowercase(),
                        rating.level,
                        rating.reason
                    ));
                }
            }
        }
        self.announced = Some(levels);
        self.differs_since = None;
        Some(format!("Ratings changed: {}.", changes.join("; ")))
    }
}

/// The keyboard controls of panel `i`, rebuilt only when its static layer changed (a node's
/// state, or the size): the same `Rc` otherwise, so the list is neither rebuilt nor diffed.
fn node_controls(rt: &mut Runtime, i: usize, arch: Arch) -> Rc<Vec<NodeCtl>> {
    let key = rt.scenes[i].static_key();
    if let Some((k, list)) = &rt.controls[i]
        && *k == key
    {
        return Rc::clone(list);
    }
    let topo = rt.world().engine(arch).topology();
    let list = Rc::new(
        rt.scenes[i]
            .nodes
            .iter()
            .map(|n| NodeCtl {
                id: n.id,
                label: topo.label(NodeId(n.id)).to_string(),
                role: n.role,
                state: n.state,
                x: n.x,
                y: n.y,
                r: n.r,
            })
            .collect(),
    );
    rt.controls[i] = Some((key, Rc::clone(&list)));
    list
}

fn hover_card(rt: &Runtime, i: usize, arch: Arch) -> Option<HoverCard> {
    let (panel, id) = rt.focus?;
    if panel != i {
        return None;
    }
    let e = rt.world().engine(arch);
    let topo = e.topology();
    let n = rt.scenes[i].nodes.iter().find(|n| n.id == id)?;
    let s = e.status(NodeId(id));
    let role = topo.role(NodeId(id));
    let mut lines = vec![
        format!(
            "{} — {}",
            role.name().replace('-', " "),
            if s.up { "up" } else { "down" }
        ),
        if !s.up {
            "failed: sends and receives nothing".to_string()
        } else if topo.orderers.is_empty() {
            let to = if s.reachable {
                "connected to"
            } else {
                "cut off from"
            };
            format!("{to} most of the peers")
        } else {
            let to = if s.reachable {
                "connected to"
            } else {
                "cut off from"
            };
            format!("{to} the server that orders updates")
        },
        // How far this clock is from true time (the table's skew compares clocks with each
        // other).
        format!(
            "its clock: {:.1} ms {} true time",
            Dec(s.clock_error_ms.abs()),
            if s.clock_error_ms >= 0.0 {
                "ahead of"
            } else {
                "behind"
            }
        ),
    ];
    if role.is_participant() {
        lines.push(match s.missing_updates {
            0 => "data: up to date".to_string(),
            k => format!("data: missing {k} update{}", if k == 1 { "" } else { "s" }),
        });
    }
    if s.believes_down > 0 {
        lines.push(format!("believes {} node(s) down", s.believes_down));
    }
    let scene = &rt.scenes[i];
    // A small drawing (a small embed) gets the short card: name and state.
    if scene.width < 200.0 {
        lines.truncate(1);
    }
    let tall = 24.0 + 17.0 * lines.len() as f64;
    let (left, top, panel) = rt.boxes[i];
    let (x, y, above) = card_place(
        left + n.x,
        top + n.y,
        n.r,
        tall,
        panel.max(scene.width),
        top + scene.height,
    );
    Some(HoverCard {
        x,
        y,
        above,
        title: topo.label(NodeId(id)).to_string(),
        lines,
    })
}

/// Width of the hover card (`.card` in style.css).
const CARD_WIDTH: f64 = 168.0;

/// Where the hover card (`tall` px high) goes in its panel, as (left, top — or, when above,
/// where its bottom goes — and whether above), for a node at
/// (`x`, `y`) in panel coordinates: beside the node (right, else left) if it fits in the
/// panel's `width`; otherwise below the node in the upper half and above it in the lower half,
/// as far right as fits. Either way it never covers its node, never sticks out of the panel
/// sideways, and stays above `height`, the drawing's bottom, off the status line under it.
fn card_place(x: f64, y: f64, r: f64, tall: f64, width: f64, height: f64) -> (f64, f64, bool) {
    let right = x + r + 8.0;
    let left = x - r - 8.0 - CARD_WIDTH;
    let top = clamp(y - 12.0, 0.0, (height - tall).max(0.0));
    if right + CARD_WIDTH <= width {
        (right, top, false)
    } else if left >= 0.0 {
        (left, top, false)
    } else {
        let x = clamp(x - CARD_WIDTH / 2.0, 0.0, (width - CARD_WIDTH).max(0.0));
        let below_fits = y + r + 8.0 + tall <= height;
        let above_fits = y - r - 8.0 - tall >= 0.0;
        if !above_fits || (below_fits && y < height / 2.0) {
            (x, y + r + 8.0, false)
        } else {
            (x, y - r - 8.0, true)
        }
    }
}

fn announce_toggle(rt: &Runtime, arch: Arch, id: u32, now_up: bool) -> String {
    let topo = rt.world().engine(arch).topology();
    format!(
        "{}: {} {} {}. {}",
        arch.title(),
        if now_up { "recovered" } else { "failed" },
        topo.role(NodeId(id)).name().replace('-', " "),
        topo.label(NodeId(id)),
        rt.world().summary(arch)
    )
}

/// What the address asks for: the scenario in the fragment (with what was wrong with it),
/// whether the page is embedded (`?embed=1`) and whether to show stats (`?stats=1`).
/// What the address asks for: the scenario (none while a tour in the link opens its own),
/// what could not be used, embed and stats.
fn from_address() -> (Scenario, Vec<String>, bool, bool) {
    let decoded = scenario::decode(&scenario_fragment(&address_fragment()));
    (
        decoded.scenario,
        decoded.problems,
        flag("embed"),
        flag("stats"),
    )
}

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<NetworkPage>();
}

/// The whole page.
#[function_component]
pub fn NetworkPage() -> Html {
    let canvases = [use_node_ref(), use_node_ref(), use_node_ref()];
    let plots = use_node_ref();
    let filter = use_state(String::new);
    let first = use_memo((), |_| from_address());
    let (start, first_problems, embed, stats_on) = (*first).clone();
    let show_stats = use_state(|| stats_on);
    let notice = use_state(|| first_problems.clone());
    let cfg = use_state(|| start.cfg.clone());
    let rt = {
        let canvases = canvases.clone();
        let plots = plots.clone();
        let start = start.clone();
        let notice = notice.clone();
        use_mut_ref(move || {
            let (rt, problems) = Runtime::load(&start, canvases, plots);
            add_problems(&notice, problems);
            rt
        })
    };
    let playing = use_state(|| start.playing);
    let speed = use_state(|| start.speed);
    let settings = use_state(|| PageSettings::of(&start.cfg));
    let error = use_state(|| None::<SettingError>);
    let announcement = use_state(String::new);
    let refresh = use_force_update();

    // The frame loop runs while playing; cleanup stops it (pause, unmount). When the DOM is
    // due, rating changes are announced.
    {
        let (rt2, refresh, announcement) = (rt.clone(), refresh.clone(), announcement.clone());
        use_stage_loop(
            rt.clone(),
            *playing,
            Callback::from(move |end| {
                let news = rt2.borrow_mut().rating_news(end);
                if let Some(text) = news {
                    announcement.set(text);
                }
                refresh.force_update();
            }),
        );
    }
    // Repaint after every render (state changes while paused); keep the address bar on the
    // scenario.
    use_repaint(rt.clone(), *playing);

    // The two callbacks every node control holds keep their identity across renders
    // (use_callback), so thousands of controls are not re-rendered four times a second.
    let toggle = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        let announcement = announcement.clone();
        use_callback((), move |(arch, id): (Arch, u32), _| {
            let mut r = rt.borrow_mut();
            let up = r.tape.act(|w| w.toggle(arch, NodeId(id)));
            let text = announce_toggle(&r, arch, id, up);
            r.paint();
            drop(r);
            announcement.set(text);
            refresh.force_update();
        })
    };
    let on_canvas_click = {
        let rt = rt.clone();
        let toggle = toggle.clone();
        Callback::from(move |(arch, x, y): (Arch, f64, f64)| {
            let i = Arch::ALL.iter().position(|&a| a == arch).unwrap_or(0);
            let hit = rt.borrow().scenes[i].hit(x, y);
            if let Some(id) = hit {
                toggle.emit((arch, id));
            }
        })
    };
    let on_point = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        Callback::from(move |(arch, at): (Arch, Option<(f64, f64)>)| {
            let i = Arch::ALL.iter().position(|&a| a == arch).unwrap_or(0);
            let mut r = rt.borrow_mut();
            let hit = at
                .and_then(|(x, y)| r.scenes[i].hit(x, y))
                .map(|id| (i, id));
            if hit != r.focus && (hit.is_some() || r.focus.is_some_and(|f| f.0 == i)) {
                r.focus = hit;
                r.paint();
                drop(r);
                refresh.force_update();
            }
        })
    };
    let on_focus = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        use_callback((), move |(arch, id): (Arch, Option<u32>), _| {
            let i = Arch::ALL.iter().position(|&a| a == arch).unwrap_or(0);
            rt.borrow_mut().focus = id.map(|id| (i, id));
            refresh.force_update();
        })
    };
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |()| playing.set(!*playing))
    };
    let on_stats_toggle = {
        let show_stats = show_stats.clone();
        Callback::from(move |()| show_stats.set(!*show_stats))
    };
    let on_step = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        Callback::from(move |()| {
            let mut r = rt.borrow_mut();
            let t = r.world().now() + 100 * MS;
            r.tape.seek(t);
            drop(r);
            refresh.force_update();
        })
    };
    let on_speed = {
        let rt = rt.clone();
        let speed = speed.clone();
        Callback::from(move |s: f64| {
            // Two decimals is what a link keeps.
            let s = (s * 100.0).round() / 100.0;
            rt.borrow_mut().pace.speed = s;
            speed.set(s);
        })
    };
    // Replaces the whole scenario (reset, new settings, a link opened from the gallery).
    let undo = use_state(|| None::<Scenario>);
    // In a small embed, one architecture is shown at a time: this one.
    let tab = use_state(|| 0usize);
    let open = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        let announcement = announcement.clone();
        let (cfg, playing, speed, settings, notice, undo) = (
            cfg.clone(),
            playing.clone(),
            speed.clone(),
            settings.clone(),
            notice.clone(),
            undo.clone(),
        );
        Rc::new(move |s: Scenario, problems: Vec<String>, message: String| {
            crate::shell::web::tour_host::opened();
            undo.set(None);
            let mut r = rt.borrow_mut();
            let canvases = r.canvases.clone();
            let (fresh, more) = Runtime::load(&s, canvases, r.plots.clone());
            *r = fresh;
            drop(r);
            let mut all = problems;
            all.extend(more);
            notice.set(all);
            cfg.set(s.cfg.clone());
            settings.set(PageSettings::of(&s.cfg));
            playing.set(s.playing);
            speed.set(s.speed);
            announcement.set(message);
            refresh.force_update();
        })
    };
    // New settings: the same scenario — its failures and its moment — on the new network.
    // Failures of nodes the new network lacks are dropped, each named in the notice.
    let restart = {
        let open = open.clone();
        let rt = rt.clone();
        let playing = playing.clone();
        Rc::new(move |cfg: &SimConfig| {
            let r = rt.borrow();
            let mut s = Scenario {
                cfg: cfg.clone(),
                speed: r.pace.speed,
                time_ms: r.world().now() / MS,
                playing: *playing,
                log: r.tape.history().to_vec(),
            };
            drop(r);
            let problems: Vec<String> = scenario::fit_replay_budget(&mut s).into_iter().collect();
            let kept = s.log.len();
            open(
                s,
                problems,
                format!("Restarted with the new settings, keeping {kept} action(s)."),
            );
        })
    };
    // Reset starts the scenario again without its failures; it can be undone (the button,
    // or the browser's Back: the reset scenario gets a history entry of its own).
    let on_reset = {
        let (open, rt, cfg, undo, playing) = (
            open.clone(),
            rt.clone(),
            cfg.clone(),
            undo.clone(),
            playing.clone(),
        );
        Callback::from(move |()| {
            let before = rt.borrow().scenario(*playing);
            let s = Scenario {
                cfg: (*cfg).clone(),
                speed: before.speed,
                playing: before.playing,
                ..Scenario::default()
            };
            let link = scenario::encode(&s);
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.push_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&format!("#{link}")),
                );
            }
            open(
                s,
                Vec::new(),
                "Reset: the scenario starts again with no failures.".to_string(),
            );
            rt.borrow_mut().pace.address.written(link);
            undo.set(Some(before));
        })
    };
    let on_undo = {
        let (open, undo) = (open.clone(), undo.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(before) = (*undo).clone() {
                undo.set(None);
                open(before, Vec::new(), "Reset undone.".to_string());
            }
        })
    };
    // A link followed inside the page (the gallery, or an edited address): load it.
    use_fragment_change({
        let open = open.clone();
        Callback::from(move |fragment: String| {
            let d = scenario::decode(&fragment);
            open(
                d.scenario,
                d.problems,
                "Opened the linked scenario.".to_string(),
            );
            show("networks");
        })
    });
    // The guided tour: a step opens its link here, and "Show me" takes its action now.
    {
        let open = open.clone();
        let load = Callback::from(move |(link, said): (String, String)| {
            let d = scenario::decode(&link);
            open(d.scenario, d.problems, said);
        });
        let (rt1, rt2, rt3) = (rt.clone(), rt.clone(), rt.clone());
        use_tour_host(TourHost::new(
            load,
            move |a| crate::shell::lesson::act::<super::Network>(&mut rt1.borrow_mut().tape, a),
            move |name| {
                let m = rt2.borrow_mut().measure();
                crate::tour::Measured::value(&tour_model::Values(m), name)
            },
            move |label| {
                let mut r = rt3.borrow_mut();
                let mark = label.and_then(|l| tour_model::node(r.tape.world(), l));
                if remark(&mut r.mark, mark) {
                    r.paint();
                }
                let (i, id) = mark?;
                let topo = r.world().engine(Arch::ALL[i]).topology();
                Some(format!(
                    "{} {} in {}",
                    topo.role(NodeId(id)).name().replace('-', " "),
                    topo.label(NodeId(id)),
                    Arch::ALL[i].title()
                ))
            },
            playing.clone(),
            refresh.clone(),
        ));
    }
    let (on_seek, on_back) = seek_callbacks(&rt, &refresh, &playing);
    let on_zoom = {
        let (rt, refresh) = (rt.clone(), refresh.clone());
        Callback::from(move |()| {
            let mut r = rt.borrow_mut();
            r.zoomed = !r.zoomed;
            r.paint_plots();
            drop(r);
            refresh.force_update();
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |f: String| filter.set(f))
    };
    let on_export = {
        let rt = rt.clone();
        let playing = playing.clone();
        Callback::from(move |kind: Export| {
            let r = rt.borrow();
            let stamp = format!("t{}s", r.world().now() / crate::sim::time::SECOND);
            match kind {
                Export::PanelsPng => {
                    let panels: Vec<(String, String, HtmlCanvasElement)> = Arch::ALL
                        .iter()
                        .zip(&r.canvases)
                        .filter_map(|(&a, c)| {
                            Some((a.title().to_string(), r.world().summary(a), c.cast()?))
                        })
                        .collect();
                    let time = crate::shell::text::clock_text(r.world().now() / MS);
                    if let Some(c) = painter::compose_panels(&panels, &time, r.palette()) {
                        download_canvas(&format!("archsim-panels-{stamp}.png"), &c);
                    }
                }
                Export::PlotsPng => {
                    if let Some(c) = r.plots.cast::<HtmlCanvasElement>() {
                        download_canvas(&format!("archsim-plots-{stamp}.png"), &c);
                    }
                }
                Export::SeriesCsv => download_text(
                    &format!("archsim-metrics-{stamp}.csv"),
                    "text/csv",
                    &crate::lessons::network::world::series_csv(r.world().series()),
                ),
                Export::SeriesJson => download_text(
                    &format!("archsim-metrics-{stamp}.json"),
                    "application/json",
                    &crate::lessons::network::world::series_json(r.world().series()),
                ),
                Export::ScenarioJson => download_text(
                    &format!("archsim-scenario-{stamp}.json"),
                    "application/json",
                    &scenario::scenario_json(
                        &r.scenario(*playing),
                        &crate::shell::web::share::base_url(),
                    ),
                ),
            }
        })
    };
    let on_dismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(Vec::new()))
    };
    let on_fail_hubs = {
        let rt = rt.clone();
        let refresh = refresh.clone();
        let announcement = announcement.clone();
        Callback::from(move |()| {
            let mut r = rt.borrow_mut();
            r.tape.act(World::toggle_hubs);
            let text = Arch::ALL
                .iter()
                .map(|&a| format!("{}: {}", a.title(), r.world().summary(a)))
                .collect::<Vec<_>>()
                .join(" ");
            r.paint();
            drop(r);
            announcement.set(text);
            refresh.force_update();
        })
    };
    let on_draft = {
        let settings = settings.clone();
        Callback::from(move |s: PageSettings| settings.set(s))
    };
    let on_settings = {
        let settings = settings.clone();
        let error = error.clone();
        let cfg = cfg.clone();
        let restart = restart.clone();
        Callback::from(move |s: PageSettings| {
            match s.apply(&cfg) {
                Ok(new_cfg) => {
                    error.set(None);
                    restart(&new_cfg);
                }
                Err(e) => error.set(Some(e)),
            }
            settings.set(s);
        })
    };

    // Keyboard shortcuts: a control that owns a key keeps it (text fields every key; buttons,
    // links and disclosure summaries Space and Enter; a group of nodes or log entries its
    // arrows).
    let help = use_state(|| false);
    {
        let (on_play, on_step, on_reset, on_fail_hubs, on_stats, on_seek, on_back) = (
            on_play.clone(),
            on_step.clone(),
            on_reset.clone(),
            on_fail_hubs.clone(),
            on_stats_toggle.clone(),
            on_seek.clone(),
            on_back.clone(),
        );
        let (help, rt) = (help.clone(), rt.clone());
        use_shortcuts(Callback::from(move |k: ShortcutKey| {
            let now = rt.borrow().world().now() / MS;
            let next = rt.borrow().tape.next_action_after_now().map(|t| t / MS);
            match k.key.as_str() {
                " " if k.owns_space => return false,
                " " | "k" => on_play.emit(()),
                "." => on_step.emit(()),
                "ArrowLeft" | "ArrowRight" | "Home" | "End" if k.in_group => return false,
                "ArrowLeft" => on_back.emit(()),
                "ArrowRight" => on_seek.emit(now + 1_000),
                "n" => {
                    if let Some(t) = next {
                        on_seek.emit(t);
                    }
                }
                "h" => on_fail_hubs.emit(()),
                "r" => on_reset.emit(()),
                "s" => on_stats.emit(()),
                "?" => help.set(!*help),
                "Escape" => help.set(false),
                _ => return false,
            }
            true
        }));
    }
    let on_help = {
        let help = help.clone();
        Callback::from(move |()| help.set(!*help))
    };
    let layout = rt.borrow().layout();
    rt.borrow_mut().rendered_layout = layout;
    let controls: Vec<Rc<Vec<NodeCtl>>> = {
        let mut r = rt.borrow_mut();
        Arch::ALL
            .iter()
            .enumerate()
            .map(|(i, &a)| node_controls(&mut r, i, a))
            .collect()
    };
    let measured = rt.borrow_mut().measure();
    let r = rt.borrow();
    // Sparklines are the tail of the world's own series (so they rewind with it).
    let series = r.world().series();
    let recent = &series[series.len().saturating_sub(SPARK_POINTS)..];
    let columns: Rc<Vec<Column>> = Rc::new(
        Arch::ALL
            .iter()
            .enumerate()
            .map(|(i, &arch)| {
                let (metrics, ratings) = measured[i].clone();
                let tail = |f: fn(&crate::lessons::network::world::Point) -> f64| -> Vec<f64> {
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
    );
    let panels: Vec<Html> = Arch::ALL
        .iter()
        .enumerate()
        .map(|(i, &arch)| {
            let status = r.world().status(arch);
            let trouble = status.cut_off > 0;
            let changed = !trouble && r.scenes[i].nodes.iter().any(|n| n.state != NodeState::Up);
            let summary = status.text;
            html! {
                <Panel {arch} canvas={canvases[i].clone()} summary={summary} {trouble} {changed}
                    dense={r.scenes[i].dense}
                trace={format!("{:016x}", r.world().engine(arch).trace_hash())}
                    nodes={NodeList(controls[i].clone())} card={hover_card(&r, i, arch)}
                    on_pick={toggle.clone()} on_point={on_point.clone()} on_focus={on_focus.clone()}
                    on_canvas_click={on_canvas_click.clone()} />
            }
        })
        .collect();
    let time_ms = r.world().now() as f64 / MS as f64;
    let participants = r.world().config().participants;
    let fragment = scenario::encode(&r.scenario(*playing));
    let needle = filter.trim().to_ascii_uppercase();
    let total_events = r.world().events().len();
    let events: Vec<EventRow> = r
        .world()
        .events()
        .rev()
        .filter(|e| needle.is_empty() || e.nodes.iter().any(|n| n.eq_ignore_ascii_case(&needle)))
        .take(120)
        .map(|e| EventRow {
            at_ms: e.at / MS,
            arch: e.panel,
            text: e.text.clone(),
            action: e.action,
        })
        .collect();
    let horizon_ms = r.tape.horizon() / MS;
    let from_ms = r.zoom_from(horizon_ms);
    let timeline = html! {
        <TimelinePanel now_ms={r.world().now() / MS} {horizon_ms} {from_ms}
            next_action_ms={r.tape.next_action_after_now().map(|t| t / MS)}
            {events} {total_events} filter={AttrValue::from((*filter).clone())}
            plots={plots.clone()} {on_seek} {on_back} {on_zoom} {on_filter} {on_export} />
    };
    let hubs_down = r.world().hubs_down();
    let stats = show_stats.then(|| r.pace.stats.summary(r.in_flight()));
    drop(r);
    let on_stats = on_stats_toggle;
    let overlay = stats.map(|s| html! { <StatsOverlay ..s /> });
    let full_view = format!("{}#{}", crate::shell::web::share::base_url(), fragment);

    let controls = html! {
        <Controls playing={*playing} speed={*speed} {time_ms} settings={(*settings).clone()}
            error={(*error).clone()} {on_play} {on_step} {on_speed} {on_reset} {on_fail_hubs} {hubs_down}
            {on_settings} {on_draft} {on_stats} {on_help} {embed} />
    };
    let help_box = (*help).then(|| {
        let close = {
            let help = help.clone();
            Callback::from(move |_: MouseEvent| help.set(false))
        };
        html! { <Shortcuts {close} rows={SHORTCUTS} /> }
    });
    let notice_box = html! {
        <>
        <LinkNotice problems={(*notice).clone()} {on_dismiss} />
        if undo.is_some() {
            <div class="undo" role="status">
                <span>{ "Reset: the scenario starts again with no failures." }</span>
                <button type="button" id="undo-reset" onclick={on_undo}>{ "Undo reset" }</button>
            </div>
        }
        </>
    };
    let live = html! {
        <p class="sr-only" role="status" aria-live="polite" id="announce">{ (*announcement).clone() }</p>
    };
    if embed {
        // Below 560 px, the view selector shows one architecture (and its ratings) at a time.
        let views = Arch::ALL.iter().enumerate().map(|(i, a)| {
            let pick = {
                let tab = tab.clone();
                Callback::from(move |_: MouseEvent| tab.set(i))
            };
            let short = ["Client-server", "Federated", "P2P"][i];
            html! {
                <button type="button" aria-pressed={(i == *tab).to_string()} onclick={pick}
                    aria-controls={format!("panel-{}", a.name())}>{ short }</button>
            }
        });
        return html! {
            <main class="embed" data-tab={Arch::ALL[*tab].name()}>
                <div class="embed-bar">
                    <strong>{ "archsim" }</strong>
                    <span class="hint">{ "Click a node to fail it." }</span>
                    <button type="button" class="tour-start">{ "Tour" }</button>
                    <div class="views" role="group" aria-label="Show one architecture">{ for views }</div>
                    <a href={full_view} target="_blank" rel="noopener"
                        aria-label="Open the full view in a new tab"><span class="hint">{ "Full view " }</span>{ "↗" }</a>
                </div>
                { notice_box }
                { controls }
                <div class="panels">{ for panels }</div>
                { live }
                <Compare {columns} compact=true />
                { overlay }
            </main>
        };
    }
    html! {
        <>
        <header class="top">
            <div class="wrap">
                <h1>{ "archsim" }<span>{ " — why distributed systems (and blockchains) are hard" }</span></h1>
                <p class="lede">
                    { format!("The same {participants} participants, connected three ways. Click or tap any node to fail it (again to recover) and watch what it takes down. The table below rates each architecture from what the simulation measures.") }
                </p>
            </div>
        </header>
        <main class="wrap">
            <nav class="skip" aria-label="Skip to">
                <a href="#networks" onclick={skip("networks")}>{ "Skip to the networks" }</a>
                <a href="#ratings" onclick={skip("ratings")}>{ "Skip to the ratings" }</a>
                <a href="#timeline" onclick={skip("timeline")}>{ "Skip to the timeline" }</a>
            </nav>
            <p class="tour-row">
                <button type="button" class="tour-start">{ "Take the tour" }</button>
                <a href="consensus/" id="to-lesson-2">{ "The next lesson: how a blockchain copes →" }</a>
            </p>
            { notice_box }
            { controls }
            <Share fragment={fragment} />
            <Legend />
            <div class="panels" id="networks" tabindex="-1" role="region" aria-label="The three networks">{ for panels }</div>
            { live }
            <Compare {columns} />
            { timeline }
            { overlay }
            { help_box }
        </main>
        </>
    }
}

/// The first page's keyboard shortcuts, for the list `?` shows.
const SHORTCUTS: &[(&str, &str)] = &[
    ("Tab", "move between controls; each network is one stop"),
    (
        "Arrow keys in a network",
        "move between its nodes (Home, End: first, last)",
    ),
    ("Enter / Space on a node", "fail it, or recover it"),
    ("Space or K", "play / pause"),
    (".", "step 100 ms (paused)"),
    ("← / →", "one second back (pausing) / forward"),
    ("N", "go to the next scheduled event"),
    ("H", "fail the hub in all three (again: recover them)"),
    ("R", "reset"),
    ("S", "show or hide stats"),
    ("?", "show or hide this list; Esc closes it"),
];

#[function_component]
fn Legend() -> Html {
    let role = |r: Role, shape: &'static str| {
        html! {
            <li><span class={classes!("sym", shape)} style={format!("--c:{}", role_colour(r))} aria-hidden="true"></span>{ r.name().replace('-', " ") }</li>
        }
    };
    let dot = |k: DotKind, text: &'static str| {
        let colour = if k == DotKind::Notice {
            "var(--ink)"
        } else {
            dot_colour(k)
        };
        html! {
            <li><span class="sym dot" style={format!("--c:{colour}")} aria-hidden="true"></span>{ text }</li>
        }
    };
    html! {
        <section class="legend" aria-label="Legend">
            <ul>
                { role(Role::Server, "square") }
                { role(Role::MainServer, "diamond") }
                { role(Role::FederatedServer, "triangle") }
                { role(Role::Client, "circle") }
                { role(Role::Peer, "hexagon") }
                <li><span class="sym circle cut" aria-hidden="true"></span>{ "cut off (hollow, dashed)" }</li>
                <li><span class="sym circle down" aria-hidden="true"></span>{ "failed (grey, ✕)" }</li>
                { dot(DotKind::Update, "update (data)") }
                { dot(DotKind::Announce, "peer announces / asks") }
                { dot(DotKind::Notice, "failure news") }
                { dot(DotKind::Heartbeat, "heartbeat") }
                { dot(DotKind::Clock, "clock sync") }
            </ul>
        </section>
    }
}
