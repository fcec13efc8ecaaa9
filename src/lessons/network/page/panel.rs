//! One architecture's panel: its canvas, a keyboard control over every node, the hover card
//! and a one-line summary of what failures did.

use crate::sim::small::Dec;
use std::rc::Rc;

use web_sys::{FocusEvent, MouseEvent, PointerEvent};
use yew::prelude::*;

use crate::lessons::network::scene::NodeState;
use crate::sim::{Arch, Role};

/// One node's keyboard control.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCtl {
    /// Engine id.
    pub id: u32,
    /// Label, e.g. `C3`.
    pub label: String,
    /// Role.
    pub role: Role,
    /// State.
    pub state: NodeState,
    /// Centre on the canvas, CSS px.
    pub x: f64,
    /// Centre on the canvas, CSS px.
    pub y: f64,
    /// Radius, CSS px.
    pub r: f64,
}

impl NodeCtl {
    /// The accessible name: id, role and state.
    pub fn name(&self) -> String {
        let state = match self.state {
            NodeState::Up => "up — connected",
            NodeState::CutOff => "up — cut off",
            NodeState::Down => "down",
        };
        let action = if self.state == NodeState::Down {
            "recover"
        } else {
            "fail"
        };
        format!(
            "{} {} — {state}. Press to {action}.",
            self.role.name().replace('-', " "),
            self.label
        )
    }
}

/// A panel's node controls, shared: equal when they are the same list (rebuilt only when a
/// node's state or the layout changes), so comparing props never walks thousands of nodes.
#[derive(Clone, Debug)]
pub struct NodeList(pub Rc<Vec<NodeCtl>>);

impl PartialEq for NodeList {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the hover card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverCard {
    /// Left edge, CSS px within the canvas.
    pub x: f64,
    /// Top edge, or with `above` the bottom edge, CSS px within the panel.
    pub y: f64,
    /// Whether the card sits above its node (anchored by its bottom edge).
    pub above: bool,
    /// Title line.
    pub title: String,
    /// Detail lines.
    pub lines: Vec<String>,
}

/// Panel inputs.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Which architecture.
    pub arch: Arch,
    /// The canvas the frame loop paints.
    pub canvas: NodeRef,
    /// What failures did, in one sentence.
    pub summary: AttrValue,
    /// Participants, routers, live and reachable, in one line.
    pub facts: AttrValue,
    /// Whether participants are cut off (the summary is an alarm).
    pub trouble: bool,
    /// Whether something is down or cut, though nobody is cut off (the summary is a notice).
    pub changed: bool,
    /// Whether the drawing shows participants as arcs (too many to draw one by one).
    #[prop_or_default]
    pub dense: bool,
    /// The engine's trace hash (hex), for checking a replay against the runner.
    pub trace: AttrValue,
    /// Keyboard controls.
    pub nodes: NodeList,
    /// The hover card, if any.
    pub card: Option<HoverCard>,
    /// A node was chosen (click, tap, key): fail or recover it.
    pub on_pick: Callback<(Arch, u32)>,
    /// The pointer is at a canvas position (or left it).
    pub on_point: Callback<(Arch, Option<(f64, f64)>)>,
    /// A node's control gained or lost keyboard focus.
    pub on_focus: Callback<(Arch, Option<u32>)>,
    /// Click on the canvas at a position.
    pub on_canvas_click: Callback<(Arch, f64, f64)>,
}

/// The keyboard controls, one button per node over the node's spot. They only re-render when
/// a node's state (or the layout) changes, not every frame.
#[derive(Properties, PartialEq)]
struct ControlsProps {
    arch: Arch,
    nodes: NodeList,
    on_pick: Callback<(Arch, u32)>,
    on_focus: Callback<(Arch, Option<u32>)>,
}

/// One Tab stop per panel: arrow keys move between its nodes (a roving tab index), Enter or
/// Space fails or recovers the focused one. Each control is at least 44 px across, centred on
/// its node, without moving the drawing.
#[function_component]
fn NodeControls(p: &ControlsProps) -> Html {
    let arch = p.arch;
    let keys = crate::shell::web::roving_keys();
    let roving = crate::shell::web::roving_focus();
    html! {
        <ul class="node-controls" aria-label={format!("{} nodes: one Tab stop, arrow keys move between them", arch.title())}
            data-roving="" onkeydown={keys}>
            { for p.nodes.0.iter().enumerate().map(|(i, n)| {
                let id = n.id;
                let pick = p.on_pick.reform(move |_: MouseEvent| (arch, id));
                let focus = {
                    let (on_focus, roving) = (p.on_focus.clone(), roving.clone());
                    Callback::from(move |e: FocusEvent| {
                        roving.emit(e);
                        on_focus.emit((arch, Some(id)));
                    })
                };
                let blur = p.on_focus.reform(move |_: FocusEvent| (arch, None));
                let size = (n.r * 2.0 + 8.0).max(44.0);
                let style = format!(
                    "left:{:.1}px;top:{:.1}px;width:{size:.0}px;height:{size:.0}px",
                    Dec(n.x - size / 2.0),
                    Dec(n.y - size / 2.0),
                    size = Dec(size)
                );
                html! {
                    <li key={id}>
                        <button type="button" class="node-ctl" {style} aria-label={n.name()}
                            data-node={n.label.clone()} data-state={state_name(n.state)}
                            data-i={i.to_string()} tabindex={if i == 0 { "0" } else { "-1" }}
                            onclick={pick} onfocus={focus} onblur={blur} />
                    </li>
                }
            }) }
        </ul>
    }
}

fn state_name(s: NodeState) -> &'static str {
    match s {
        NodeState::Up => "up",
        NodeState::CutOff => "cut-off",
        NodeState::Down => "down",
    }
}

/// One architecture, drawn.
#[function_component]
pub fn Panel(p: &PanelProps) -> Html {
    let arch = p.arch;
    let click = p
        .on_canvas_click
        .reform(move |e: MouseEvent| (arch, f64::from(e.offset_x()), f64::from(e.offset_y())));
    let mv = p.on_point.reform(move |e: MouseEvent| {
        (
            arch,
            Some((f64::from(e.offset_x()), f64::from(e.offset_y()))),
        )
    });
    let leave = p.on_point.reform(move |_: MouseEvent| (arch, None));
    // A tap shows the node's card for a moment; it does not stay until the next tap.
    let tapped = {
        let on_point = p.on_point.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "touch" {
                let on_point = on_point.clone();
                gloo::timers::callback::Timeout::new(2_500, move || on_point.emit((arch, None)))
                    .forget();
            }
        })
    };
    let id = format!("panel-{}", arch.name());
    html! {
        <section class="panel" aria-label={arch.title()} id={id.clone()} data-trace={p.trace.clone()}>
            <h2>{ arch.title() }</h2>
            <div class="stage">
                <canvas ref={p.canvas.clone()} class="net" data-arch={arch.name()}
                    data-detail={if p.dense { "arcs" } else { "nodes" }}
                    role="img"
                    aria-label={format!("{} network drawing: {}", arch.title(), p.summary)}
                    onclick={click} onmousemove={mv} onmouseleave={leave} onpointerup={tapped} />
                <NodeControls arch={arch} nodes={p.nodes.clone()} on_pick={p.on_pick.clone()}
                    on_focus={p.on_focus.clone()} />
            </div>
            if let Some(card) = &p.card {
                <div class="card" role="tooltip"
                    style={format!("left:{:.0}px;top:{:.0}px{}", Dec(card.x), Dec(card.y),
                        if card.above { ";transform:translateY(-100%)" } else { "" })}>
                    <strong>{ &card.title }</strong>
                    { for card.lines.iter().map(|l| html!{ <div>{ l }</div> }) }
                </div>
            }
            <p class={classes!("summary", p.trouble.then_some("trouble"), p.changed.then_some("changed"))}
                data-summary={arch.name()}>
                { p.summary.clone() }
            </p>
            <p class="facts">{ p.facts.clone() }</p>
        </section>
    }
}
