//! The first page's runtime: the timeline of the three architectures, each panel's scene and
//! painter, the plots, and what is pointed at. The frame loop advances and paints it every
//! animation frame without touching the DOM.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::panel::{HoverCard, NodeCtl};
use crate::lessons::network::measured::{RatingNews, Ratings, rate};
use crate::lessons::network::model::Metrics;
use crate::lessons::network::paint::{self, PanelPainter};
use crate::lessons::network::scene::Scene;
use crate::lessons::network::world::{self, World};
use crate::lessons::network::{Network, card, link, link::Scenario, tour};
use crate::shell::text::clock_text;
use crate::shell::timeline::Timeline;
use crate::shell::web::canvas::{self, Palette};
use crate::shell::web::share::base_url;
use crate::shell::web::stage::{Pace, Stage, mark_first_paint, or_default};
use crate::shell::web::tour_host::remark;
use crate::sim::time::{MS, Micros};
use crate::sim::{Arch, NodeId};

/// Most message dots drawn per panel.
const MAX_DOTS: usize = 4_000;

/// Each architecture's metrics and the ratings derived from them, in [`Arch::ALL`] order.
pub type Measured = Rc<[(Metrics, Ratings); 3]>;

/// The page's runtime: the timeline, the three panels' scenes and painters, the plots, and
/// what is pointed at.
pub struct Runtime {
    pub tape: Timeline<World>,
    pub plots: NodeRef,
    pub scenes: [Scene; 3],
    pub painters: [PanelPainter; 3],
    pub canvases: [NodeRef; 3],
    /// Pointer or keyboard focus: (panel, node).
    pub focus: Option<(usize, u32)>,
    /// The node a guided tour points at: (panel, node).
    pub mark: Option<(usize, u32)>,
    /// Speed, frame clock, address bar, preferences and frame timings.
    pub pace: Pace,
    /// What was last measured, with the (time, revision) it was measured at.
    pub measured: Option<(Micros, u64, Measured)>,
    /// What the live region was last told of the ratings.
    pub news: RatingNews,
    /// Each panel's keyboard controls and the static key they were built for.
    pub controls: [Option<(u64, Rc<Vec<NodeCtl>>)>; 3],
    /// Whether the first frame has been painted (and marked for the startup benchmark).
    pub painted_once: bool,
    /// Whether the timeline shows only the last minutes of a long run.
    pub zoomed: bool,
    /// Per panel: the drawing's left and top within its panel, and the panel's width, px.
    pub boxes: [(f64, f64, f64); 3],
    /// The scene layout the DOM was last rendered with (canvas sizes and node counts): when a
    /// paint finds another, the node controls must move, so the DOM is refreshed.
    pub rendered_layout: Vec<(u32, u32, usize)>,
}

impl Stage for Runtime {
    type Lesson = Network;
    fn tape(&self) -> &Timeline<World> {
        &self.tape
    }
    fn tape_mut(&mut self) -> &mut Timeline<World> {
        &mut self.tape
    }
    fn events(&self) -> u64 {
        Runtime::events(self)
    }
    fn pace(&mut self) -> &mut Pace {
        &mut self.pace
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
    fn mark(&mut self, label: Option<&str>) -> Option<String> {
        let mark = label.and_then(|l| tour::node(self.tape.world(), l));
        if remark(&mut self.mark, mark) {
            self.paint();
        }
        let (i, id) = mark?;
        let topo = self.world().engine(Arch::ALL[i]).topology();
        Some(format!(
            "{} {} in {}",
            topo.role(NodeId(id)).name().replace('-', " "),
            topo.label(NodeId(id)),
            Arch::ALL[i].title()
        ))
    }
    fn value(&mut self, name: &str) -> Result<Option<f64>, crate::tour::Unknown> {
        use crate::tour::Measured as _;
        tour::Values(self.measure()).value(name)
    }
    fn file_stem(&self) -> &'static str {
        "archsim"
    }
    fn drawing(&self) -> Option<(&'static str, HtmlCanvasElement)> {
        let panels: Vec<(String, String, HtmlCanvasElement)> = Arch::ALL
            .iter()
            .zip(&self.canvases)
            .filter_map(|(&a, c)| Some((a.title().to_string(), self.world().summary(a), c.cast()?)))
            .collect();
        let time = clock_text(self.world().now() / MS);
        paint::compose_panels(&panels, &time, self.palette()).map(|c| ("panels", c))
    }
    fn series_csv(&self) -> String {
        world::series_csv(self.world().series())
    }
    fn series_json(&self) -> String {
        world::series_json(self.world().series())
    }
    fn scenario_json(&self, playing: bool) -> String {
        link::scenario_json(&self.scenario(playing), &base_url())
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
                    title: "plot-reachable",
                    unit: "",
                    values: pick(|p| p.reachable_fraction),
                    max: Some(1.0),
                },
                canvas::PlotSpec {
                    title: "plot-missing",
                    unit: "",
                    values: pick(|p| p.missing_fraction),
                    max: Some(1.0),
                },
                canvas::PlotSpec {
                    title: "plot-skew",
                    unit: "time-ms",
                    values: pick(|p| p.max_clock_skew_ms),
                    max: None,
                },
                canvas::PlotSpec {
                    title: "plot-messages",
                    unit: "plot-per-s",
                    values: pick(|p| p.messages_per_s),
                    max: None,
                },
            ],
            names: &["view-cs", "view-fed", "view-p2p"],
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
    pub fn load(s: &Scenario, canvases: [NodeRef; 3], plots: NodeRef) -> (Runtime, Vec<String>) {
        let (tape, problems) = or_default(crate::shell::lesson::open::<Network>(s), || {
            // (No `expect`: formatting the error's Debug would ship Unicode tables.)
            let Ok((t, _)) = crate::shell::lesson::open::<Network>(&Scenario::default()) else {
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
            news: RatingNews::default(),
            controls: Default::default(),
            painted_once: false,
            zoomed: false,
            boxes: Default::default(),
        };
        // The ratings on opening are the baseline later changes are announced against.
        rt.rating_news(0.0);
        (rt, problems)
    }

    fn events(&self) -> u64 {
        Arch::ALL
            .iter()
            .map(|&a| self.world().engine(a).counters().events)
            .sum()
    }

    /// Messages on the links of all three panels.
    pub fn in_flight(&self) -> u64 {
        Arch::ALL
            .iter()
            .map(|&a| self.world().engine(a).counters().in_flight)
            .sum()
    }

    /// The three architectures, now.
    pub fn world(&self) -> &World {
        self.tape.world()
    }

    /// Where the timeline (and the plots) start, ms: 0, or the last minutes of a long run.
    pub fn zoom_from(&self, horizon_ms: u64) -> u64 {
        if self.zoomed && horizon_ms > crate::shell::web::timeline_panel::ZOOM_AFTER_MS {
            horizon_ms - crate::shell::web::timeline_panel::ZOOM_MS
        } else {
            0
        }
    }

    /// The colours of the reader's scheme.
    pub fn palette(&self) -> &'static Palette {
        self.pace.palette()
    }

    /// The drawings' sizes and node counts (the node controls follow them).
    pub fn layout(&self) -> Vec<(u32, u32, usize)> {
        self.scenes
            .iter()
            .map(|s| (s.width as u32, s.height as u32, s.nodes.len()))
            .collect()
    }

    /// The metrics and ratings of the world as it stands, measured once per state: the live
    /// announcements, the tour and the render share them.
    pub fn measure(&mut self) -> Measured {
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

    /// A sentence for the live region when ratings have changed and stayed changed for two
    /// seconds (see [`RatingNews`]).
    pub fn rating_news(&mut self, now: f64) -> Option<String> {
        let m = self.measure();
        self.news.news(now, &[&m[0].1, &m[1].1, &m[2].1])
    }
}

/// The keyboard controls of panel `i`, rebuilt only when its static layer changed (a node's
/// state, or the size): the same `Rc` otherwise, so the list is neither rebuilt nor diffed.
pub fn node_controls(rt: &mut Runtime, i: usize, arch: Arch) -> Rc<Vec<NodeCtl>> {
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

/// The card of the node pointed at in panel `i`, placed where it covers nothing.
pub fn hover_card(rt: &Runtime, i: usize, arch: Arch) -> Option<HoverCard> {
    let (panel, id) = rt.focus?;
    if panel != i {
        return None;
    }
    let scene = &rt.scenes[i];
    let n = scene.nodes.iter().find(|n| n.id == id)?;
    let e = rt.world().engine(arch);
    // A small drawing (a small embed) gets the short card: name and state.
    let lines = card::lines(e, id, scene.width < 200.0);
    let (left, top, width) = rt.boxes[i];
    let (x, y, above) = card::place(
        left + n.x,
        top + n.y,
        n.r,
        card::height(lines.len()),
        width.max(scene.width),
        top + scene.height,
    );
    Some(HoverCard {
        x,
        y,
        above,
        title: e.topology().label(NodeId(id)).to_string(),
        lines,
    })
}
