//! The timing page's runtime: the timeline, the clock tree and the space-time diagram as last
//! drawn, the chosen node and event, and the plots. The frame loop advances and paints it
//! every animation frame without touching the DOM.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::lessons::timing::link::{self, Scenario};
use crate::lessons::timing::model::Order;
use crate::lessons::timing::paint::{self, ClockScene, Diagram};
use crate::lessons::timing::world::{self, Sample, World};
use crate::lessons::timing::{Timing, settings, tour};
use crate::shell::messages::{t, text};
use crate::shell::timeline::Timeline;
use crate::shell::web::canvas::{self, PlotData, PlotSpec};
use crate::shell::web::share::base_url;
use crate::shell::web::stage::{Pace, Stage, mark_first_paint, or_default};
use crate::shell::web::tour_host::remark;
use crate::sim::time::MS;

/// The page's runtime.
pub struct Runtime {
    /// The timeline of the five rules side by side.
    pub tape: Timeline<World>,
    /// Speed, frame clock, address bar, preferences and frame timings.
    pub pace: Pace,
    /// The clock tree's, the diagram's and the plots' canvases.
    pub clocks: NodeRef,
    /// See `clocks`.
    pub diagram: NodeRef,
    /// See `clocks`.
    pub plots: NodeRef,
    /// The clock tree as last drawn.
    pub scene: ClockScene,
    /// The diagram as last drawn.
    pub drawn: Diagram,
    /// The rule whose messages the diagram shows.
    pub rule: Order,
    /// The chosen node (pointer, keyboard).
    pub focus: Option<u32>,
    /// The chosen event of the diagram (its number).
    pub event: Option<u64>,
    /// The event the chosen one is compared with.
    pub pinned: Option<u64>,
    /// The node a guided tour points at.
    pub mark: Option<u32>,
    painted_once: bool,
}

impl Stage for Runtime {
    type Lesson = Timing;
    fn tape(&self) -> &Timeline<World> {
        &self.tape
    }
    fn tape_mut(&mut self) -> &mut Timeline<World> {
        &mut self.tape
    }
    fn events(&self) -> u64 {
        self.world().engines()[0].logical().events()
    }
    fn pace(&mut self) -> &mut Pace {
        &mut self.pace
    }
    fn pace_ref(&self) -> &Pace {
        &self.pace
    }
    fn scenario(&self, playing: bool) -> Scenario {
        let mut cfg = self.world().engines()[0].config().clone();
        cfg.order = Order::Arrival;
        cfg.faults.clear();
        Scenario {
            cfg,
            time_ms: self.world().now() / MS,
            speed: self.pace.speed,
            playing,
            log: self.tape.history().to_vec(),
        }
    }
    fn mark(&mut self, label: Option<&str>) -> Option<String> {
        let mark = label.and_then(|l| tour::node(self.tape.world(), l));
        if remark(&mut self.mark, mark) {
            self.paint();
        }
        let layout = *self.world().engines()[0].layout();
        mark.map(|n| format!("node {}", layout.name(n)))
    }
    fn file_stem(&self) -> &'static str {
        "archsim-timing"
    }
    fn drawing(&self) -> Option<(&'static str, HtmlCanvasElement)> {
        let (clocks, diagram) = (self.clocks.cast()?, self.diagram.cast()?);
        let panels = [
            (t("drawing-clocks"), self.status(), clocks),
            (
                crate::t!(
                    "diagram-title",
                    rule = text(t(&format!("rule-{}", self.rule.name())))
                ),
                t("drawing-diagram"),
                diagram,
            ),
        ];
        let time = crate::shell::text::clock_text(self.world().now() / MS);
        let p = self.pace.palette();
        canvas::compose(
            &panels,
            &crate::t!("drawing-heading", t = text(time)),
            p,
            |ctx, x, y| {
                let words = [t("drawing-before"), t("drawing-after"), t("failed")];
                let items = [
                    (paint::PAST, words[0].as_str()),
                    (paint::FUTURE, words[1].as_str()),
                    (p.down, words[2].as_str()),
                ];
                canvas::swatches(ctx, x, y, &items, p);
            },
        )
        .map(|c| ("clocks-and-messages", c))
    }
    fn series_csv(&self) -> String {
        world::series_csv(self.world().series())
    }
    fn series_json(&self) -> String {
        world::series_json(self.world().series())
    }
    fn scenario_json(&self, playing: bool) -> String {
        crate::shell::link::scenario_json(
            "archsim-timing-scenario",
            link::VERSION,
            &format!("{}#{}", base_url(), link::encode(&self.scenario(playing))),
            &[],
        )
    }
    fn paint(&mut self) {
        let p = self.pace.palette();
        if let Some(c) = self.clocks.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = canvas::prepare(&c)
        {
            self.scene = ClockScene::of(&self.world().engines()[0], w, h);
            paint::paint_clocks(&ctx, &self.scene, p, self.focus);
            if let Some(q) = self.mark.and_then(|m| self.scene.nodes.get(m as usize)) {
                canvas::paint_mark(&ctx, q.x, q.y, self.scene.r, p);
            }
        }
        if let Some(c) = self.diagram.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = canvas::prepare(&c)
        {
            // A compared event no longer kept: stop comparing.
            let e = self.world().engine(self.rule);
            if self.pinned.is_some_and(|p| e.recent_event(p).is_none()) {
                self.pinned = None;
            }
            self.drawn = Diagram::of(
                self.world().engine(self.rule),
                w,
                h,
                self.event,
                self.pinned,
            );
            paint::paint_diagram(&ctx, &self.drawn, p);
        }
        if !self.painted_once && !self.scene.nodes.is_empty() {
            self.painted_once = true;
            mark_first_paint();
        }
    }
    fn plots_canvas(&self) -> &NodeRef {
        &self.plots
    }
    /// Rejected and pending payments over time, by rule.
    fn plots(&self) -> PlotData {
        let series = self.world().series();
        let lines = |f: fn(&Sample) -> [u64; 5]| {
            let pick = |g: fn([u64; 5]) -> f64| series.iter().map(|s| g(f(s))).collect();
            vec![
                pick(|v| v[0] as f64),
                pick(|v| v[1] as f64),
                pick(|v| (v[2] + v[3] + v[4]) as f64),
            ]
        };
        PlotData {
            times: series.iter().map(|s| s.t_ms).collect(),
            marks: canvas::action_marks(self.world().events().map(|e| (e.at, e.action))),
            now_ms: self.now() / MS,
            from_ms: 0,
            names: &["rule-arrival", "rule-physical", "plot-rest"],
            plots: vec![
                PlotSpec {
                    title: "plot-rejected",
                    unit: "",
                    values: lines(|s| s.rejected),
                    max: None,
                },
                PlotSpec {
                    title: "plot-waiting",
                    unit: "",
                    values: lines(|s| s.pending),
                    max: None,
                },
            ],
        }
    }
}

impl Runtime {
    /// The runtime of `s` (or of the default scenario, saying why); the problems met.
    pub fn load(s: &Scenario, refs: [NodeRef; 3]) -> (Runtime, Vec<String>) {
        let open = crate::shell::lesson::open::<Timing>;
        let (tape, problems) = or_default(open(s), || {
            let Ok((t, _)) = open(&settings::page_default()) else {
                unreachable!("the default scenario opens")
            };
            t
        });
        let [clocks, diagram, plots] = refs;
        let runtime = Runtime {
            tape,
            pace: Pace::new(s.speed),
            clocks,
            diagram,
            plots,
            scene: ClockScene::default(),
            drawn: Diagram::default(),
            rule: Order::Arrival,
            focus: None,
            event: None,
            pinned: None,
            mark: None,
            painted_once: false,
        };
        (runtime, problems)
    }

    /// The world, now.
    pub fn world(&self) -> &World {
        self.tape.world()
    }

    /// The state of the clocks in a sentence.
    pub fn status(&self) -> String {
        world::status(&self.world().engines()[0])
    }
}
