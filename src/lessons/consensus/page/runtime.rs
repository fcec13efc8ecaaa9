//! The consensus page's runtime: the timeline, the network's scene, the block tree, the plots,
//! the chosen peer and a line being drawn to split the network. The frame loop advances and
//! paints it every animation frame without touching the DOM.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::lessons::consensus::link::{self, Scenario};
use crate::lessons::consensus::paint::{paint_cut_line, paint_network, paint_tree};
use crate::lessons::consensus::scene::{NetScene, TreeScene};
use crate::lessons::consensus::world::{self, Sample, World};
use crate::lessons::consensus::{Consensus, settings, tour};
use crate::shell::timeline::Timeline;
use crate::shell::web::canvas::{self, PlotData, PlotSpec};
use crate::shell::web::share::base_url;
use crate::shell::web::stage::{Pace, Stage, mark_first_paint, or_default};
use crate::shell::web::tour_host::remark;
use crate::sim::time::MS;

/// Most block bodies drawn moving.
const MAX_DOTS: usize = 3_000;
/// Heights the block tree shows.
pub const TREE_HEIGHTS: u32 = 24;

/// The page's runtime.
pub struct Runtime {
    /// The chain's timeline.
    pub tape: Timeline<World>,
    /// Speed, frame clock, address bar, preferences and frame timings.
    pub pace: Pace,
    /// The network's, the tree's and the plots' canvases.
    pub net: NodeRef,
    /// See `net`.
    pub tree: NodeRef,
    /// See `net`.
    pub plots: NodeRef,
    /// The network as last drawn.
    pub scene: NetScene,
    /// The chosen peer (pointer, keyboard): its chain is marked in the tree.
    pub focus: Option<u32>,
    /// The peer a guided tour points at.
    pub mark: Option<u32>,
    /// A line being drawn across the network to split it: from, to (canvas px).
    pub drag: Option<((f64, f64), (f64, f64))>,
    /// The last pointer press ended a drag (its click must not fail a peer).
    pub dragged: bool,
    painted_once: bool,
}

impl Stage for Runtime {
    type Lesson = Consensus;
    fn tape(&self) -> &Timeline<World> {
        &self.tape
    }
    fn tape_mut(&mut self) -> &mut Timeline<World> {
        &mut self.tape
    }
    fn events(&self) -> u64 {
        self.world().engine().metrics().cost.events
    }
    fn pace(&mut self) -> &mut Pace {
        &mut self.pace
    }
    fn pace_ref(&self) -> &Pace {
        &self.pace
    }
    fn scenario(&self, playing: bool) -> Scenario {
        Scenario {
            cfg: self.world().engine().config().clone(),
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
        mark.map(|p| format!("peer P{p}"))
    }
    fn file_stem(&self) -> &'static str {
        "archsim-chain"
    }
    fn drawing(&self) -> Option<(&'static str, HtmlCanvasElement)> {
        let (net, tree) = (self.net.cast()?, self.tree.cast()?);
        let n = self.world().engine().config().participants;
        let panels = [
            (format!("The network — {n} peers"), self.status(), net),
            (
                "The block tree".to_string(),
                "Main chain on top, branches below; S slot battle, H height battle, P partition, W withheld; G genesis.".to_string(),
                tree,
            ),
        ];
        let time = crate::shell::text::clock_text(self.world().now() / MS);
        let p = self.pace.palette();
        crate::shell::web::canvas::compose(
            &panels,
            &format!("archsim, a blockchain — t = {time}"),
            p,
            |ctx, x, y| {
                let swatches = [
                    (
                        crate::lessons::consensus::paint::main_colour(p),
                        "main chain",
                    ),
                    (crate::lessons::consensus::paint::BRANCH[0], "a side branch"),
                    (p.down, "failed"),
                ];
                crate::shell::web::canvas::swatches(ctx, x, y, &swatches, p);
            },
        )
        .map(|c| ("network-and-tree", c))
    }
    fn series_csv(&self) -> String {
        world::series_csv(self.world().series())
    }
    fn series_json(&self) -> String {
        world::series_json(self.world().series())
    }
    fn scenario_json(&self, playing: bool) -> String {
        crate::shell::link::scenario_json(
            "archsim-chain-scenario",
            link::VERSION,
            &format!("{}#{}", base_url(), link::encode(&self.scenario(playing))),
            &[],
        )
    }
    fn paint(&mut self) {
        let p = self.pace.palette();
        if let Some(canvas) = self.net.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = canvas::prepare(&canvas)
        {
            let dots = if self.pace.reduced_motion {
                0
            } else {
                MAX_DOTS
            };
            self.scene = NetScene::of(self.world().engine(), w, h, dots);
            paint_network(&ctx, &self.scene, p, self.focus);
            if let Some(q) = self.mark.and_then(|m| self.scene.peers.get(m as usize)) {
                canvas::paint_mark(&ctx, q.x, q.y, self.scene.r, p);
            }
            if let Some((from, to)) = self.drag {
                paint_cut_line(&ctx, from, to, p);
            }
        }
        if let Some(canvas) = self.tree.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = canvas::prepare(&canvas)
        {
            let t = TreeScene::of(self.world().engine(), TREE_HEIGHTS, self.focus);
            paint_tree(&ctx, w, h, &t, p);
        }
        if !self.painted_once && !self.scene.peers.is_empty() {
            self.painted_once = true;
            mark_first_paint();
        }
    }
    fn plots_canvas(&self) -> &NodeRef {
        &self.plots
    }
    /// Stale share, agreement and chain length over time.
    fn plots(&self) -> PlotData {
        let series = self.world().series();
        let line = |f: fn(&Sample) -> f64| vec![series.iter().map(f).collect()];
        let spec = |title, unit, values, max| PlotSpec {
            title,
            unit,
            values,
            max,
        };
        PlotData {
            times: series.iter().map(|s| s.t_ms).collect(),
            marks: canvas::action_marks(self.world().events().map(|e| (e.at, e.action))),
            now_ms: self.now() / MS,
            from_ms: 0,
            names: &["plot-run"],
            plots: vec![
                spec("plot-stale", "", line(|s| s.stale_rate), Some(1.0)),
                spec("plot-agree", "", line(|s| s.tips_agree_fraction), Some(1.0)),
                spec(
                    "plot-length",
                    "plot-blocks",
                    line(|s| s.main_chain_length as f64),
                    None,
                ),
            ],
        }
    }
}

impl Runtime {
    /// The runtime of `s` (or of the default scenario, saying why); the problems met.
    pub fn load(s: &Scenario, refs: [NodeRef; 3]) -> (Runtime, Vec<String>) {
        let open = crate::shell::lesson::open::<Consensus>;
        let (tape, problems) = or_default(open(s), || {
            let Ok((t, _)) = open(&settings::page_default()) else {
                unreachable!("the default scenario opens")
            };
            t
        });
        let [net, tree, plots] = refs;
        let runtime = Runtime {
            tape,
            pace: Pace::new(s.speed),
            net,
            tree,
            plots,
            scene: NetScene::default(),
            focus: None,
            mark: None,
            drag: None,
            dragged: false,
            painted_once: false,
        };
        (runtime, problems)
    }

    /// The chain, now.
    pub fn world(&self) -> &World {
        self.tape.world()
    }

    /// The state of the network in a sentence.
    pub fn status(&self) -> String {
        world::status(self.world().engine(), self.scene.colours())
    }
}
