//! The consensus page: a blockchain on the peer-to-peer network. One network drawing (peers
//! coloured by the branch their chain ends on, blocks moving, leaders flashing), the block tree,
//! the measured-beside-theory panel, the settings, the partition tool and the timeline — on the
//! same shell as the first page (frame loop, frame clock, address bar, timeline, exports).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::paint::{BRANCH, main_colour, paint_cut_line, paint_network, paint_tree};
use crate::lessons::consensus::link::{self, Scenario};
use crate::lessons::consensus::measured as theory;
use crate::lessons::consensus::model::{
    Adversary, ChainConfig, ClockSkew, Consensus, Latency, Stake, TieBreak,
};
use crate::lessons::consensus::scene::{NetScene, TreeScene};
use crate::lessons::consensus::tour as tour_model;
use crate::lessons::consensus::world::{Sample, World};
use crate::shell::timeline::Timeline;
use crate::shell::web::canvas as painter;
use crate::shell::web::share::{LinkNotice, Share, base_url};
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
use crate::sim::small::{Dec, parse_decimal};
use crate::sim::time::{MS, SECOND};

/// Most block bodies drawn moving.
const MAX_DOTS: usize = 3_000;
/// Heights the block tree shows.
const TREE_HEIGHTS: u32 = 24;
/// Most peers the page accepts.
pub const PAGE_MAX_PEERS: u32 = 3_000;

type Tape = Timeline<World>;

struct Chain {
    tape: Tape,
    /// Speed, frame clock, address bar, preferences and frame timings.
    pace: Pace,
    net: NodeRef,
    tree: NodeRef,
    plots: NodeRef,
    scene: NetScene,
    /// The chosen peer (pointer, keyboard): its chain is marked in the tree.
    focus: Option<u32>,
    /// The peer a guided tour points at.
    mark: Option<u32>,
    /// A line being drawn across the network to split it: from, to (canvas px).
    drag: Option<((f64, f64), (f64, f64))>,
    /// The last pointer press ended a drag (its click must not fail a peer).
    dragged: bool,
    painted_once: bool,
}

impl Stage for Chain {
    fn now(&self) -> crate::sim::time::Micros {
        self.world().now()
    }
    fn go(&mut self, t: crate::sim::time::Micros) {
        self.tape.seek(t);
    }
    fn events(&self) -> u64 {
        self.world().engine().metrics().run.events
    }
    fn pace(&mut self) -> &mut Pace {
        &mut self.pace
    }
    fn link(&self, playing: bool) -> String {
        link::encode(&self.scenario(playing))
    }
    fn paint(&mut self) {
        let p = self.pace.palette();
        if let Some(canvas) = self.net.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = painter::prepare(&canvas)
        {
            let dots = if self.pace.reduced_motion {
                0
            } else {
                MAX_DOTS
            };
            self.scene = NetScene::of(self.world().engine(), w, h, dots);
            paint_network(&ctx, &self.scene, p, self.focus);
            if let Some(q) = self.mark.and_then(|m| self.scene.peers.get(m as usize)) {
                painter::paint_mark(&ctx, q.x, q.y, self.scene.r, p);
            }
            if let Some(((x0, y0), (x1, y1))) = self.drag {
                paint_cut_line(&ctx, (x0, y0), (x1, y1), p);
            }
        }
        if let Some(canvas) = self.tree.cast::<HtmlCanvasElement>()
            && let Some((ctx, w, h)) = painter::prepare(&canvas)
        {
            let t = TreeScene::of(self.world().engine(), TREE_HEIGHTS, self.focus);
            paint_tree(&ctx, w, h, &t, p);
        }
        if !self.painted_once && !self.scene.peers.is_empty() {
            self.painted_once = true;
            mark_first_paint();
        }
    }

    fn pace_ref(&self) -> &Pace {
        &self.pace
    }
    fn plots_canvas(&self) -> &NodeRef {
        &self.plots
    }
    /// Stale share, agreement and chain length over time.
    fn plots(&self) -> painter::PlotData {
        let series = self.world().series();
        let line = |f: fn(&Sample) -> f64| vec![series.iter().map(f).collect()];
        let spec = |title, unit, values, max| painter::PlotSpec {
            title,
            unit,
            values,
            max,
        };
        painter::PlotData {
            times: series.iter().map(|s| s.t_ms).collect(),
            marks: painter::action_marks(self.world().events().map(|e| (e.at, e.action))),
            now_ms: self.now() / MS,
            from_ms: 0,
            names: &["this run"],
            plots: vec![
                spec("Stale blocks", "", line(|s| s.stale_rate), Some(1.0)),
                spec(
                    "Tips in agreement",
                    "",
                    line(|s| s.tips_agree_fraction),
                    Some(1.0),
                ),
                spec(
                    "Chain length",
                    " blocks",
                    line(|s| s.main_chain_length as f64),
                    None,
                ),
            ],
        }
    }
}

impl Chain {
    fn load(s: &Scenario, refs: [NodeRef; 3]) -> (Chain, Vec<String>) {
        let (tape, problems) =
            or_default(crate::shell::lesson::open::<super::Consensus>(s), || {
                let Ok((t, _)) =
                    crate::shell::lesson::open::<super::Consensus>(&Scenario::default())
                else {
                    unreachable!("the default scenario opens")
                };
                t
            });
        let [net, tree, plots] = refs;
        (
            Chain {
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
            },
            problems,
        )
    }

    fn world(&self) -> &World {
        self.tape.world()
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

    /// A sentence on the state of the network, for the status line and screen readers.
    fn status(&self) -> String {
        let e = self.world().engine();
        let m = e.metrics();
        let colours = distinct_branches(&self.scene);
        let down = (0..e.config().participants)
            .filter(|&p| e.is_down(p))
            .count();
        let mut s = format!(
            "{} block{} on the main chain; {} of live peers agree on its tip",
            m.blocks.main_chain_length,
            if m.blocks.main_chain_length == 1 {
                ""
            } else {
                "s"
            },
            pct(m.agreement.tips_agree_fraction)
        );
        if colours > 1 {
            s.push_str(&format!("; the peers follow {colours} different branches"));
        }
        if down > 0 {
            s.push_str(&format!("; {down} peer(s) down"));
        }
        if e.links().cut_links().next().is_some() {
            s.push_str("; the network is split");
        }
        s.push('.');
        s
    }
}

/// How many branch colours live peers show.
fn distinct_branches(s: &NetScene) -> usize {
    let mut seen = [false; 8];
    for p in s.peers.iter().filter(|p| !p.down) {
        seen[usize::from(p.branch).min(7)] = true;
    }
    seen.iter().filter(|&&b| b).count()
}

fn pct(v: f64) -> String {
    format!("{:.0} %", Dec(v * 100.0))
}

/// What the address asks for (none while a tour in the link opens its own scenarios).
fn from_address() -> (Scenario, Vec<String>) {
    let hash = scenario_fragment(&address_fragment());
    if hash.trim_start_matches('#').is_empty() {
        return (preset_default(), Vec::new());
    }
    for_the_page(link::decode(&hash))
}

/// A decoded link as the page can show it: more peers than it draws is refused with a
/// sentence (the runner takes such links; the page shows its default instead).
fn for_the_page(d: link::Decoded) -> (Scenario, Vec<String>) {
    let mut problems = d.problems;
    if d.scenario.cfg.participants > PAGE_MAX_PEERS {
        problems.push(format!(
            "This link has {} peers; this page draws at most {PAGE_MAX_PEERS} (archsim chain --scenario runs it). Showing the default scenario.",
            d.scenario.cfg.participants
        ));
        return (preset_default(), problems);
    }
    (d.scenario, problems)
}

/// The scenario a bare address opens: 200 peers of Praos, starting a minute in.
fn preset_default() -> Scenario {
    Scenario {
        cfg: ChainConfig {
            participants: 200,
            degree: 6,
            active_slot_coeff: 0.1,
            ..ChainConfig::default()
        },
        time_ms: 60_000,
        speed: 4.0,
        playing: true,
        log: Vec::new(),
    }
}

/// The consensus page's keyboard shortcuts, for the list `?` shows.
const SHORTCUTS: &[(&str, &str)] = &[
    ("Tab", "move between controls; the network is one stop"),
    (
        "Arrow keys in the network",
        "choose a peer (Home, End: the first, the last)",
    ),
    (
        "Enter / Space in the network",
        "fail the chosen peer, or recover it",
    ),
    ("Space or K", "play / pause"),
    ("← / →", "one second back (pausing) / forward"),
    ("P", "split the network, or heal it"),
    ("S", "show or hide stats"),
    ("?", "show or hide this list; Esc closes it"),
];

/// The settings form's fields, as typed.
#[derive(Clone, PartialEq)]
struct Draft {
    consensus: String,
    participants: String,
    degree: String,
    interval: String,
    f: String,
    latency: String,
    block_kb: String,
    bandwidth: String,
    stake: String,
    tie: String,
    seed: String,
    attacker: String,
    confirmations: String,
    skew_peer: String,
    skew_ms: String,
}

impl Draft {
    fn of(c: &ChainConfig) -> Draft {
        let (lo, hi) = match &c.latency {
            Latency::Range { min_ms, max_ms } => (*min_ms, *max_ms),
            Latency::Classes { .. } => (10, 100),
        };
        Draft {
            consensus: c.consensus.name().into(),
            participants: c.participants.to_string(),
            degree: c.degree.to_string(),
            interval: Dec(c.block_interval_s).to_string(),
            f: Dec(c.active_slot_coeff).to_string(),
            latency: format!("{lo}-{hi}"),
            block_kb: c.block_kb.to_string(),
            bandwidth: Dec(c.bandwidth_mbps).to_string(),
            stake: c.stake.name().into(),
            tie: c.tie.name().into(),
            seed: c.seed.to_string(),
            attacker: c.adversary.map_or("0".into(), |a| Dec(a.share).to_string()),
            confirmations: c.adversary.map_or(6, |a| a.confirmations).to_string(),
            skew_peer: c
                .clock_skew
                .map_or(String::new(), |k| format!("P{}", k.peer)),
            skew_ms: c.clock_skew.map_or("0".into(), |k| k.offset_ms.to_string()),
        }
    }

    /// The config these fields describe, or the first field that is wrong and why.
    fn apply(&self, base: &ChainConfig) -> Result<ChainConfig, (&'static str, String)> {
        let whole =
            |id: &'static str, v: &str, lo: u64, hi: u64| -> Result<u64, (&'static str, String)> {
                crate::shell::link::whole::<u64>(v.trim(), lo, hi).map_err(|e| (id, e))
            };
        let real =
            |id: &'static str, v: &str, lo: f64, hi: f64| -> Result<f64, (&'static str, String)> {
                crate::shell::link::real(v.trim(), lo, hi).map_err(|e| (id, e))
            };
        let mut c = base.clone();
        c.consensus = Consensus::parse(&self.consensus).unwrap_or(c.consensus);
        c.participants = whole("set-n", &self.participants, 2, PAGE_MAX_PEERS.into())? as u32;
        c.degree = whole("set-deg", &self.degree, 1, 64)? as u32;
        c.block_interval_s = real("set-interval", &self.interval, 1.0, 3_600.0)?;
        c.active_slot_coeff = real("set-f", &self.f, 0.001, 1.0)?;
        let (lo, hi) = self
            .latency
            .split_once('-')
            .and_then(|(a, b)| Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?)))
            .filter(|(a, b)| a <= b && *b <= 5_000)
            .ok_or((
                "set-lat",
                "expected a range like 10-100 (ms, at most 5000)".to_string(),
            ))?;
        c.latency = Latency::Range {
            min_ms: lo,
            max_ms: hi,
        };
        c.block_kb = whole("set-kb", &self.block_kb, 1, 10_000)? as u32;
        c.bandwidth_mbps = real("set-bw", &self.bandwidth, 0.1, 10_000.0)?;
        c.stake = Stake::parse(&self.stake).unwrap_or(c.stake);
        c.tie = TieBreak::parse(&self.tie).unwrap_or(c.tie);
        c.seed = whole("set-seed", &self.seed, 0, u64::from(u32::MAX))?;
        let q = real("set-q", &self.attacker, 0.0, 0.9)?;
        c.adversary = (q > 0.0).then_some(Adversary {
            share: q,
            confirmations: 6,
        });
        if let Some(a) = &mut c.adversary {
            a.confirmations = whole("set-z", &self.confirmations, 1, 50)? as u32;
        }
        let skew = real("set-skew", &self.skew_ms, -60_000.0, 60_000.0)? as i32;
        c.clock_skew = if self.skew_peer.trim().is_empty() || skew == 0 {
            None
        } else {
            let peer = self
                .skew_peer
                .trim()
                .strip_prefix('P')
                .and_then(|x| x.parse::<u32>().ok())
                .filter(|&p| p < c.participants)
                .ok_or((
                    "set-skew-peer",
                    format!("expected a peer from P0 to P{}", c.participants - 1),
                ))?;
            Some(ClockSkew {
                peer,
                offset_ms: skew,
            })
        };
        c.validate().map_err(|e| ("set-n", e.to_string()))?;
        Ok(c)
    }
}

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<ConsensusPage>();
}

/// The consensus page.
#[function_component]
pub fn ConsensusPage() -> Html {
    let net = use_node_ref();
    let tree = use_node_ref();
    let plots = use_node_ref();
    let first = use_memo((), |_| from_address());
    let (start, first_problems) = (*first).clone();
    let embed = flag("embed");
    let notice = use_state(|| first_problems.clone());
    let rt = {
        let refs = [net.clone(), tree.clone(), plots.clone()];
        let start = start.clone();
        let notice = notice.clone();
        use_mut_ref(move || {
            let (rt, problems) = Chain::load(&start, refs);
            add_problems(&notice, problems);
            rt
        })
    };
    let speed = use_state(|| start.speed);
    let playing = use_state(|| start.playing);
    let draft = use_state(|| Draft::of(&start.cfg));
    let error = use_state(|| None::<(&'static str, String)>);
    let split = use_state(|| 2u32);
    let show_stats = use_state(|| flag("stats"));
    let announcement = use_state(String::new);
    let filter = use_state(String::new);
    let refresh = use_force_update();

    // The frame loop runs while playing; the DOM follows four times a second.
    {
        let refresh = refresh.clone();
        use_stage_loop(
            rt.clone(),
            *playing,
            Callback::from(move |_| refresh.force_update()),
        );
    }
    use_repaint(rt.clone(), *playing);

    let toggle = {
        let (rt, refresh, announcement) = (rt.clone(), refresh.clone(), announcement.clone());
        Callback::from(move |peer: u32| {
            let mut r = rt.borrow_mut();
            let up = r.tape.act(|w| w.toggle(peer));
            r.focus = Some(peer);
            r.paint();
            let status = r.status();
            drop(r);
            announcement.set(format!(
                "P{peer} {}. {status}",
                if up { "recovered" } else { "failed" }
            ));
            refresh.force_update();
        })
    };
    let canvas_xy = |e: &MouseEvent| -> Option<(f64, f64)> {
        // (A pointer event is a mouse event too.)
        let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = el.get_bounding_client_rect();
        Some((
            f64::from(e.client_x()) - rect.left(),
            f64::from(e.client_y()) - rect.top(),
        ))
    };
    let on_net_click = {
        let (rt, toggle) = (rt.clone(), toggle.clone());
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut rt.borrow_mut().dragged) {
                return;
            }
            let hit = canvas_xy(&e).and_then(|(x, y)| rt.borrow().scene.peer_at(x, y));
            if let Some(p) = hit {
                toggle.emit(p);
            }
        })
    };
    // With a mouse or a pen, a line drawn across the network (starting off any peer) splits
    // it along the line; a touch scrolls the page instead (the button splits it there).
    let on_net_down = {
        let rt = rt.clone();
        Callback::from(move |e: PointerEvent| {
            let at = canvas_xy(&e);
            let mut r = rt.borrow_mut();
            let cut = r.world().engine().links().cut_links().next().is_some();
            if e.pointer_type() != "touch"
                && !cut
                && let Some(a) = at
                && r.scene.peer_at(a.0, a.1).is_none()
            {
                r.drag = Some((a, a));
            }
        })
    };
    let on_net_move = {
        let (rt, refresh) = (rt.clone(), refresh.clone());
        Callback::from(move |e: PointerEvent| {
            let at = canvas_xy(&e);
            let mut r = rt.borrow_mut();
            if let (Some((from, _)), Some(to)) = (r.drag, at) {
                r.drag = Some((from, to));
                r.paint();
                return;
            }
            let hit = at.and_then(|(x, y)| r.scene.peer_at(x, y));
            if hit.is_some() && hit != r.focus {
                r.focus = hit;
                r.paint();
                drop(r);
                refresh.force_update();
            }
        })
    };
    let on_net_up = {
        let (rt, refresh, announcement) = (rt.clone(), refresh.clone(), announcement.clone());
        Callback::from(move |_: PointerEvent| {
            let mut r = rt.borrow_mut();
            let Some((from, to)) = r.drag.take() else {
                return;
            };
            r.dragged = (to.0 - from.0).hypot(to.1 - from.1) >= 40.0;
            let side = r.scene.left_of(from, to);
            let n = r.scene.peers.len();
            let text = if r.dragged && !side.is_empty() && side.len() < n {
                r.tape.act(|w| w.partition_side(&side));
                format!(
                    "The network is split along the line: {} peers on one side, {} on the other. {}",
                    side.len(),
                    n - side.len(),
                    r.status()
                )
            } else {
                String::new()
            };
            r.paint();
            drop(r);
            if !text.is_empty() {
                announcement.set(text);
            }
            refresh.force_update();
        })
    };
    // The network from the keyboard: one Tab stop; arrows choose a peer, Enter or Space fails
    // or recovers it.
    let on_net_key = {
        let (rt, refresh, toggle) = (rt.clone(), refresh.clone(), toggle.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = rt.borrow().world().engine().config().participants;
            let at = rt.borrow().focus.unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (at + 1) % n,
                "ArrowLeft" | "ArrowUp" => (at + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                "Enter" | " " => {
                    e.prevent_default();
                    toggle.emit(at);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let mut r = rt.borrow_mut();
            r.focus = Some(next);
            r.paint();
            drop(r);
            refresh.force_update();
        })
    };
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let on_speed = {
        let (rt, speed) = (rt.clone(), speed.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let s = parse_decimal(&v).unwrap_or(4.0);
            rt.borrow_mut().pace.speed = s;
            speed.set(s);
        })
    };
    let on_split_size = {
        let split = split.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            split.set(v.parse().unwrap_or(2));
        })
    };
    let on_partition = {
        let (rt, refresh, announcement, split) = (
            rt.clone(),
            refresh.clone(),
            announcement.clone(),
            split.clone(),
        );
        Callback::from(move |()| {
            let mut r = rt.borrow_mut();
            let n = r.world().engine().config().participants;
            let cut = r.world().engine().links().cut_links().next().is_some();
            if cut {
                r.tape.act(World::heal_all);
            } else {
                let side = (n / *split).max(1);
                r.tape.act(|w| w.partition(side));
            }
            r.paint();
            let status = r.status();
            drop(r);
            announcement.set(if cut {
                format!("Healed every link. {status}")
            } else {
                format!("The network is split. {status}")
            });
            refresh.force_update();
        })
    };
    let open = {
        let (rt, refresh, notice, playing, speed, draft) = (
            rt.clone(),
            refresh.clone(),
            notice.clone(),
            playing.clone(),
            speed.clone(),
            draft.clone(),
        );
        let refs = [net.clone(), tree.clone(), plots.clone()];
        Rc::new(move |s: Scenario, problems: Vec<String>| {
            crate::shell::web::tour_host::opened();
            let (fresh, more) = Chain::load(&s, refs.clone());
            *rt.borrow_mut() = fresh;
            let mut all = problems;
            all.extend(more);
            notice.set(all);
            playing.set(s.playing);
            speed.set(s.speed);
            draft.set(Draft::of(&s.cfg));
            refresh.force_update();
        })
    };
    use_fragment_change({
        let open = open.clone();
        Callback::from(move |fragment: String| {
            let (s, problems) = for_the_page(link::decode(&fragment));
            open(s, problems);
            show("network");
        })
    });
    let on_field = {
        let draft = draft.clone();
        move |set: fn(&mut Draft, String)| {
            let draft = draft.clone();
            Callback::from(move |e: Event| {
                let v = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .map(|i| i.value())
                    .or_else(|| {
                        e.target()
                            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                            .map(|s| s.value())
                    })
                    .unwrap_or_default();
                let mut d = (*draft).clone();
                set(&mut d, v);
                draft.set(d);
            })
        }
    };
    let on_apply = {
        let (rt, draft, error, open, playing) = (
            rt.clone(),
            draft.clone(),
            error.clone(),
            open.clone(),
            playing.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let base = rt.borrow().world().engine().config().clone();
            match draft.apply(&base) {
                Ok(cfg) => {
                    error.set(None);
                    let r = rt.borrow();
                    let mut s = Scenario {
                        cfg,
                        time_ms: r.world().now() / MS,
                        speed: r.pace.speed,
                        playing: *playing,
                        log: r.tape.history().to_vec(),
                    };
                    drop(r);
                    let limit = link::replay_limit_ms(&s.cfg);
                    let problems = crate::shell::link::fit_replay(&mut s.time_ms, limit);
                    open(s, problems.into_iter().collect());
                }
                Err(err) => error.set(Some(err)),
            }
        })
    };
    // The guided tour: a step opens its link here, and "Show me" takes its action now.
    {
        let (open, said) = (open.clone(), announcement.clone());
        let load = Callback::from(move |(l, text): (String, String)| {
            let (s, problems) = for_the_page(link::decode(&l));
            open(s, problems);
            said.set(text);
        });
        let (rt1, rt2, rt3) = (rt.clone(), rt.clone(), rt.clone());
        use_tour_host(TourHost::new(
            load,
            move |a| crate::shell::lesson::act::<super::Consensus>(&mut rt1.borrow_mut().tape, a),
            move |name| {
                crate::tour::Measured::value(&tour_model::measure(rt2.borrow().world()), name)
            },
            move |label| {
                let mut r = rt3.borrow_mut();
                let mark = label.and_then(|l| tour_model::node(r.tape.world(), l));
                if remark(&mut r.mark, mark) {
                    r.paint();
                }
                mark.map(|p| format!("peer P{p}"))
            },
            playing.clone(),
            refresh.clone(),
        ));
    }
    let (on_seek, on_back) = seek_callbacks(&rt, &refresh, &playing);
    let on_export = {
        let (rt, playing) = (rt.clone(), playing.clone());
        Callback::from(move |kind: Export| {
            let r = rt.borrow();
            let stamp = format!("t{}s", r.world().now() / SECOND);
            match kind {
                Export::PanelsPng => {
                    if let Some(c) = r.net.cast::<HtmlCanvasElement>() {
                        download_canvas(&format!("archsim-chain-network-{stamp}.png"), &c);
                    }
                }
                Export::PlotsPng => {
                    if let Some(c) = r.plots.cast::<HtmlCanvasElement>() {
                        download_canvas(&format!("archsim-chain-plots-{stamp}.png"), &c);
                    }
                }
                Export::SeriesCsv => download_text(
                    &format!("archsim-chain-metrics-{stamp}.csv"),
                    "text/csv",
                    &series_csv(r.world().series()),
                ),
                Export::SeriesJson => download_text(
                    &format!("archsim-chain-metrics-{stamp}.json"),
                    "application/json",
                    &series_json(r.world().series()),
                ),
                Export::ScenarioJson => download_text(
                    &format!("archsim-chain-scenario-{stamp}.json"),
                    "application/json",
                    &format!(
                        "{{\n  \"format\": \"archsim-chain-scenario\",\n  \"version\": {},\n  \"link\": \"{}#{}\"\n}}\n",
                        link::VERSION,
                        base_url(),
                        link::encode(&r.scenario(*playing))
                    ),
                ),
            }
        })
    };
    // Keyboard shortcuts (a focused control keeps the keys it owns).
    let help = use_state(|| false);
    {
        let (playing, show_stats, on_seek, on_back, rt, help) = (
            playing.clone(),
            show_stats.clone(),
            on_seek.clone(),
            on_back.clone(),
            rt.clone(),
            help.clone(),
        );
        let split = on_partition.clone();
        use_shortcuts(Callback::from(move |k: ShortcutKey| {
            let now = rt.borrow().world().now() / MS;
            match k.key.as_str() {
                " " if k.owns_space || k.in_group => return false,
                " " | "k" => playing.set(!*playing),
                "ArrowLeft" | "ArrowRight" if k.in_group => return false,
                "ArrowLeft" => on_back.emit(()),
                "ArrowRight" => on_seek.emit(now + 1_000),
                "p" => split.emit(()),
                "s" => show_stats.set(!*show_stats),
                "?" => help.set(!*help),
                "Escape" => help.set(false),
                _ => return false,
            }
            true
        }));
    }

    let r = rt.borrow();
    let e = r.world().engine();
    let cfg = e.config();
    let m = e.metrics();
    let lines = theory::lines(e);
    let n = cfg.participants;
    let focus = r.focus;
    let cut = e.links().cut_links().next().is_some();
    let status = r.status();
    let fragment = link::encode(&r.scenario(*playing));
    let now_ms = r.world().now() / MS;
    let horizon_ms = r.tape.horizon() / MS;
    let needle = filter.trim().to_ascii_uppercase();
    let rows: Vec<EventRow> = r
        .world()
        .events()
        .rev()
        .filter(|x| needle.is_empty() || x.nodes.contains(&needle))
        .take(200)
        .map(|x| EventRow {
            at_ms: x.at / MS,
            arch: "",
            text: x.text.clone(),
            action: x.action,
        })
        .collect();
    let total_events = r.world().events().len();
    let next_action_ms = r.tape.next_action_after_now().map(|t| t / MS);
    let palette = r.pace.palette();
    let colours = distinct_branches(&r.scene);
    let stats = r.pace.stats.summary(r.scene.in_flight as u64);
    let focus_xy = focus
        .and_then(|p| r.scene.peers.get(p as usize))
        .map_or(String::new(), |q| {
            format!("{},{}", Dec(q.x.round()), Dec(q.y.round()))
        });
    let focus_name = focus.map_or("no peer chosen".to_string(), |p| {
        let branch = r.scene.peers.get(p as usize).map_or(0, |q| q.branch);
        format!(
            "P{p}: {}, chain of {} blocks{}",
            if e.is_down(p) { "down" } else { "up" },
            e.height(p),
            if branch == 0 {
                " (the main chain)"
            } else {
                " (a side branch)"
            }
        )
    });
    drop(r);
    let field = |id: &'static str| -> Option<String> {
        error
            .as_ref()
            .filter(|(f, _)| *f == id)
            .map(|(_, m)| m.clone())
    };
    let input = |id: &'static str,
                 label: &'static str,
                 value: &str,
                 set: fn(&mut Draft, String),
                 size: &'static str| {
        let err = field(id);
        html! {
            <label class={classes!("field", err.is_some().then_some("wrong"))} for={id}>
                <span>{ label }</span>
                <input {id} value={value.to_string()} onchange={on_field(set)} size={size}
                    aria-invalid={err.is_some().to_string()}
                    aria-describedby={err.as_ref().map(|_| format!("{id}-error"))} />
                if let Some(m) = err { <span class="field-error" id={format!("{id}-error")}>{ m }</span> }
            </label>
        }
    };
    let pow = draft.consensus == "pow";
    html! {
        <>
        if !embed {
            <header class="top">
                <div class="wrap">
                    <h1>{ "archsim" }<span>{ " — how a blockchain agrees" }</span></h1>
                    <p class="lede">{ "Peers who do not trust each other take turns making blocks, pass them around, and each follows the longest chain it knows. Watch forks appear when two blocks race, and vanish when one chain grows longer. Click or tap a peer to fail it (again to recover)." }</p>
                    <p class="lede"><a href="../" id="to-lesson-1">{ "← The first lesson: client-server, federated and peer-to-peer side by side" }</a></p>
                </div>
            </header>
        }
        <main class={classes!("wrap", "chain", embed.then_some("embed"))}>
            <nav class="skip" aria-label="Skip to">
                <a href="#network" onclick={skip("network")}>{ "Skip to the network" }</a>
                <a href="#theory" onclick={skip("theory")}>{ "Skip to the numbers" }</a>
                <a href="#timeline" onclick={skip("timeline")}>{ "Skip to the timeline" }</a>
            </nav>
            if !embed {
                <button type="button" class="tour-start">{ "Take the tour" }</button>
            }
            <LinkNotice problems={(*notice).clone()} on_dismiss={{ let notice = notice.clone(); Callback::from(move |()| notice.set(Vec::new())) }} />
            if embed {
                <p class="embed-bar"><button type="button" class="tour-start">{ "Tour" }</button>
                    <a href={format!("{}#{fragment}", base_url())} target="_blank" rel="noopener" title="Open the full view">{ "Open the full view ↗" }</a></p>
            }
            <section class="controls" aria-label="Simulation controls"><div class="row">
                <button type="button" class="primary" id="play" aria-pressed={playing.to_string()} onclick={on_play}>
                    { if *playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <label class="field" for="speed"><span>{ "Speed" }</span>
                    <select id="speed" onchange={on_speed}>
                        { for [0.5, 1.0, 4.0, 10.0, 30.0, 100.0].iter().map(|&s| html! {
                            <option value={Dec(s).to_string()} selected={(*speed - s).abs() < 1e-9}>{ format!("{}×", Dec(s)) }</option>
                        }) }
                    </select>
                </label>
                <label class="field" for="split-size"><span>{ "Split off" }</span>
                    <select id="split-size" onchange={on_split_size} disabled={cut}>
                        <option value="2" selected={*split == 2}>{ "half the peers" }</option>
                        <option value="3" selected={*split == 3}>{ "a third" }</option>
                        <option value="4" selected={*split == 4}>{ "a quarter" }</option>
                    </select>
                </label>
                <button type="button" id="partition" onclick={on_partition.reform(|_: MouseEvent| ())} aria-pressed={cut.to_string()}>
                    { if cut { "Heal the network" } else { "Split the network" } }
                </button>
                <button type="button" onclick={{ let s = show_stats.clone(); Callback::from(move |_: MouseEvent| s.set(!*s)) }}>{ "Stats" }</button>
                <button type="button" id="keys" aria-haspopup="dialog" onclick={{ let h = help.clone(); Callback::from(move |_: MouseEvent| h.set(!*h)) }}>{ "Shortcuts (?)" }</button>
                <span class="clock">{ format!("t = {}", crate::shell::text::clock_text(now_ms)) }</span>
            </div></section>
            <p class="status" id="status" aria-live="off">{ status.clone() }</p>
            <div class="sr-only" aria-live="polite" id="announce">{ (*announcement).clone() }</div>
            <div class="chain-grid">
                <section class="panel" id="network" tabindex="-1" aria-labelledby="network-title">
                    <h2 id="network-title">{ format!("The network — {n} peers") }</h2>
                    <div class="stage" tabindex="0" data-roving="" onkeydown={on_net_key}
                        role="group" aria-roledescription="network"
                        aria-label={format!("{n} peers. Arrow keys choose a peer, Enter fails or recovers it. Chosen: {focus_name}.")}
                        data-colours={colours.to_string()} data-trace={m.run.trace_hash.clone()}
                        data-focus={focus.map_or(String::new(), |p| p.to_string())}
                        data-focus-xy={focus_xy}>
                        <canvas ref={net} class="net" onclick={on_net_click} onpointermove={on_net_move}
                            onpointerdown={on_net_down} onpointerup={on_net_up}
                            role="img" aria-label={status.clone()} />
                    </div>
                    <p class="note">{ focus_name.clone() }</p>
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
                        aria-label={format!("The latest {TREE_HEIGHTS} heights: the main chain on top, branches below. S slot battle, H height battle, P partition, W withheld.")} />
                    <p class="note">{ "Main chain on top; forked blocks below, outlined in their branch's colour and marked S (slot battle), H (height battle), P (partition) or W (withheld). Choose a peer to ring its chain." }</p>
                </section>
            </div>
            <section class="theory" id="theory" tabindex="-1" aria-labelledby="theory-title">
                <h2 id="theory-title">{ "Measured beside theory" }</h2>
                <div class="table-wrap"><table>
                    <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "This run" }</th><th scope="col">{ "Theory" }</th><th scope="col">{ "Why" }</th></tr></thead>
                    <tbody>
                        { for lines.iter().map(|l| html! {
                            <tr id={format!("row-{}", l.key)}>
                                <th scope="row">{ l.label }</th>
                                <td class="measured">{ &l.measured }</td>
                                <td class="theory-value">{ l.theory.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td class="why">{ &l.why }</td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
            </section>
            if !embed {
                <details class="settings" id="settings">
                    <summary>{ "Settings" }</summary>
                    <form class="chain-settings" onsubmit={on_apply} novalidate=true>
                        <label class="field" for="set-cons"><span>{ "Leaders by" }</span>
                            <select id="set-cons" onchange={on_field(|d, v| d.consensus = v)}>
                                <option value="praos" selected={!pow}>{ "Praos (slots, stake)" }</option>
                                <option value="pow" selected={pow}>{ "proof of work" }</option>
                            </select>
                        </label>
                        if pow {
                            { input("set-interval", "Mean block interval T (s)", &draft.interval, |d, v| d.interval = v, "5") }
                        } else {
                            { input("set-f", "Active slot coefficient f", &draft.f, |d, v| d.f = v, "5") }
                        }
                        { input("set-n", "Peers", &draft.participants, |d, v| d.participants = v, "5") }
                        { input("set-deg", "Links per peer", &draft.degree, |d, v| d.degree = v, "3") }
                        { input("set-lat", "Latency (ms)", &draft.latency, |d, v| d.latency = v, "8") }
                        { input("set-kb", "Block size (kB)", &draft.block_kb, |d, v| d.block_kb = v, "5") }
                        { input("set-bw", "Bandwidth (Mbit/s)", &draft.bandwidth, |d, v| d.bandwidth = v, "5") }
                        <label class="field" for="set-stake"><span>{ "Stake" }</span>
                            <select id="set-stake" onchange={on_field(|d, v| d.stake = v)}>
                                <option value="equal" selected={draft.stake == "equal"}>{ "equal" }</option>
                                <option value="skewed" selected={draft.stake == "skewed"}>{ "skewed (a few large pools)" }</option>
                            </select>
                        </label>
                        <label class="field" for="set-tie"><span>{ "Equal chains" }</span>
                            <select id="set-tie" onchange={on_field(|d, v| d.tie = v)}>
                                <option value="lowest" selected={draft.tie == "lowest"}>{ "lower block value wins" }</option>
                                <option value="first-seen" selected={draft.tie == "first-seen"}>{ "first seen wins" }</option>
                            </select>
                        </label>
                        { input("set-q", "Attacker share q (P0; 0 = none)", &draft.attacker, |d, v| d.attacker = v, "4") }
                        { input("set-z", "Confirmations the merchant waits", &draft.confirmations, |d, v| d.confirmations = v, "3") }
                        { input("set-skew-peer", "Peer with its own clock", &draft.skew_peer, |d, v| d.skew_peer = v, "5") }
                        { input("set-skew", "…its clock ahead by (ms)", &draft.skew_ms, |d, v| d.skew_ms = v, "6") }
                        { input("set-seed", "Seed", &draft.seed, |d, v| d.seed = v, "8") }
                        <button type="submit" class="primary" id="apply">{ "Apply" }</button>
                        <p class="note">{ "Applying keeps the failures and splits so far, and the moment." }</p>
                    </form>
                </details>
                <TimelinePanel {now_ms} {horizon_ms} {next_action_ms} events={rows} {total_events}
                    filter={(*filter).clone()} plots={plots} on_seek={on_seek} on_back={on_back}
                    on_zoom={Callback::noop()} from_ms={0}
                    on_filter={{ let f = filter.clone(); Callback::from(move |s: String| f.set(s)) }}
                    on_export={on_export}
                    plots_label="Plots over virtual time of the stale-block share, the share of live peers agreeing on the tip, and the main chain's length; red marks are failures, splits and heals."
                    filter_example="e.g. P5" drawing_label="Network (PNG)" />
                <Share fragment={fragment} title="archsim: how a blockchain agrees" />
            }
            if *show_stats {
                <StatsOverlay ..stats />
            }
            if *help {
                <Shortcuts close={{ let h = help.clone(); Callback::from(move |_: MouseEvent| h.set(false)) }} rows={SHORTCUTS} />
            }
        </main>
        </>
    }
}

/// The series as CSV.
fn series_csv(series: &[Sample]) -> String {
    let mut out =
        String::from("t_ms,stale_rate,tips_agree_fraction,main_chain_length,blocks_produced\n");
    for s in series {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            s.t_ms,
            Dec(s.stale_rate),
            Dec(s.tips_agree_fraction),
            s.main_chain_length,
            s.blocks_produced
        ));
    }
    out
}

/// The series as JSON.
fn series_json(series: &[Sample]) -> String {
    let rows: Vec<String> = series
        .iter()
        .map(|s| {
            format!(
                "{{\"t_ms\":{},\"stale_rate\":{},\"tips_agree_fraction\":{},\"main_chain_length\":{},\"blocks_produced\":{}}}",
                s.t_ms,
                Dec(s.stale_rate),
                Dec(s.tips_agree_fraction),
                s.main_chain_length,
                s.blocks_produced
            )
        })
        .collect();
    format!("[\n{}\n]\n", rows.join(",\n"))
}
