//! Draws the first lesson's [`Scene`] on a canvas. Paths are batched by style, so a frame costs
//! a few dozen canvas calls plus one path segment per shape.

use std::f32::consts::FRAC_PI_2;
use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::scene::{DotKind, LinkState, NodeShape, NodeState, Scene};
use crate::shell::web::canvas::{Palette, compose, context};
use crate::sim::Role;
use crate::sim::topology::sine;

/// The colour of a role (also used by the legend).
pub const fn role_colour(role: Role) -> &'static str {
    match role {
        Role::Server => "#0072B2",
        Role::MainServer => "#AA4499",
        Role::FederatedServer => "#E69F00",
        Role::Client => "#56B4E9",
        Role::Peer => "#009E73",
    }
}

/// The colour of a message dot (also used by the legend).
pub const fn dot_colour(kind: DotKind) -> &'static str {
    match kind {
        DotKind::Update => "#D55E00",
        DotKind::Announce => "#CC79A7",
        DotKind::Notice => "#1d2433",
        DotKind::Heartbeat => "#9aa3ad",
        DotKind::Clock => "#8a6d00",
    }
}

const fn dot_radius(kind: DotKind) -> f64 {
    match kind {
        DotKind::Update => 3.4,
        DotKind::Announce => 2.4,
        DotKind::Notice => 2.8,
        DotKind::Heartbeat => 1.7,
        DotKind::Clock => 2.2,
    }
}

/// Paints one panel. Links and nodes change only when something fails, recovers or the size
/// changes, so they are drawn into an offscreen layer once and copied each frame; only the
/// moving messages and the focus ring are drawn every frame.
#[derive(Default)]
pub struct PanelPainter {
    layer: Option<HtmlCanvasElement>,
    key: Option<u64>,
}

impl PanelPainter {
    /// Draws `scene` onto `canvas` (already prepared, so its backing store is sized).
    pub fn paint(
        &mut self,
        canvas: &HtmlCanvasElement,
        ctx: &CanvasRenderingContext2d,
        scene: &Scene,
        p: &Palette,
        focus: Option<u32>,
    ) {
        let key = scene.static_key()
            ^ u64::from(canvas.width()) << 32
            ^ u64::from(canvas.height())
            ^ (p.background.as_ptr() as u64).rotate_left(17);
        if self.key != Some(key) {
            if self.layer.is_none() {
                self.layer = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.create_element("canvas").ok())
                    .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
            }
            let Some(layer) = &self.layer else {
                // No offscreen canvas: draw everything directly.
                paint_static(ctx, scene, p);
                paint_moving(ctx, scene, p, focus);
                return;
            };
            layer.set_width(canvas.width());
            layer.set_height(canvas.height());
            if let Some(lctx) = context(layer) {
                let scale = f64::from(canvas.width()) / scene.width.max(1.0);
                let _ = lctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
                paint_static(&lctx, scene, p);
            }
            self.key = Some(key);
        }
        if let Some(layer) = &self.layer {
            ctx.save();
            let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
            let _ = ctx.draw_image_with_html_canvas_element(layer, 0.0, 0.0);
            ctx.restore();
        }
        paint_moving(ctx, scene, p, focus);
    }
}

/// Unit hexagon corners (cos, sin of k·60°).
const HEXAGON: [(f64, f64); 6] = [
    (1.0, 0.0),
    (0.5, 0.866_025_403_784_438_6),
    (-0.5, 0.866_025_403_784_438_6),
    (-1.0, 0.0),
    (-0.5, -0.866_025_403_784_438_6),
    (0.5, -0.866_025_403_784_438_6),
];

fn node_path(ctx: &CanvasRenderingContext2d, n: &NodeShape) {
    let (x, y, r) = (n.x, n.y, n.r);
    match n.role {
        Role::Server => ctx.rect(x - r, y - r, 2.0 * r, 2.0 * r),
        Role::MainServer => {
            ctx.move_to(x, y - r * 1.3);
            ctx.line_to(x + r * 1.3, y);
            ctx.line_to(x, y + r * 1.3);
            ctx.line_to(x - r * 1.3, y);
            ctx.close_path();
        }
        Role::FederatedServer => {
            ctx.move_to(x, y - r * 1.25);
            ctx.line_to(x + r * 1.1, y + r * 0.7);
            ctx.line_to(x - r * 1.1, y + r * 0.7);
            ctx.close_path();
        }
        Role::Client => {
            ctx.move_to(x + r, y);
            let _ = ctx.arc(x, y, r, 0.0, TAU);
        }
        Role::Peer => {
            for (k, (c, s)) in HEXAGON.iter().enumerate() {
                let (px, py) = (x + r * 1.1 * c, y + r * 1.1 * s);
                if k == 0 {
                    ctx.move_to(px, py);
                } else {
                    ctx.line_to(px, py);
                }
            }
            ctx.close_path();
        }
    }
}

/// A dense drawing's fans and ring arcs: each server's share of the ring, lightly filled and
/// labelled with its count; the ring itself in pieces by state.
fn paint_ring(ctx: &CanvasRenderingContext2d, scene: &Scene, p: &Palette, dashed: &JsValue) {
    let (cx, cy, r) = scene.ring;
    let noun = if scene.nodes.iter().any(|n| n.role == Role::Peer) {
        "peers"
    } else {
        "clients"
    };
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_align("center");
    for f in &scene.fans {
        ctx.begin_path();
        ctx.move_to(f.x, f.y);
        let _ = ctx.arc(cx, cy, r, f.from, f.to);
        ctx.close_path();
        ctx.set_global_alpha(0.13);
        ctx.set_fill_style_str(role_colour(if noun == "peers" {
            Role::Peer
        } else {
            Role::Client
        }));
        ctx.fill();
        ctx.set_global_alpha(1.0);
        let mid = ((f.from + f.to) / 2.0) as f32;
        let (s, c) = (f64::from(sine(mid)), f64::from(sine(mid + FRAC_PI_2)));
        // A whole ring's label goes under its centre (where a server may sit), a share's
        // just inside the ring.
        let whole = f.to - f.from > 6.0;
        let (at, below) = if whole {
            (0.0, r * 0.35)
        } else {
            (r - 22.0, 0.0)
        };
        ctx.set_fill_style_str(p.outline);
        let text = if f.up == f.count {
            format!("{} {noun}", f.count)
        } else {
            format!("{} of {} up", f.up, f.count)
        };
        let _ = ctx.fill_text(&text, cx + at * c, cy + at * s + 4.0 + below);
    }
    ctx.set_text_align("start");
    for a in &scene.arcs {
        ctx.begin_path();
        let _ = ctx.arc(cx, cy, r, a.from, a.to);
        match a.state {
            NodeState::Up => {
                ctx.set_stroke_style_str(role_colour(a.role));
                ctx.set_line_width(7.0);
            }
            NodeState::CutOff => {
                let _ = ctx.set_line_dash(dashed);
                ctx.set_stroke_style_str(role_colour(a.role));
                ctx.set_line_width(3.0);
            }
            NodeState::Down => {
                ctx.set_stroke_style_str(p.down);
                ctx.set_line_width(7.0);
            }
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
}

/// Draws what does not move: background, links, nodes and their marks.
fn paint_static(ctx: &CanvasRenderingContext2d, scene: &Scene, p: &Palette) {
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, scene.width, scene.height);
    let no_dash = js_sys::Array::new();
    let dashed: JsValue = js_sys::Array::of2(&4.0.into(), &4.0.into()).into();
    if scene.dense {
        paint_ring(ctx, scene, p, &dashed);
    }

    // Links, one path per state.
    for (state, colour, width, dash) in [
        (LinkState::Live, p.link, 1.0, false),
        (LinkState::Dead, p.dead_link, 1.0, true),
        (LinkState::Cut, p.cut_link, 1.6, true),
    ] {
        ctx.begin_path();
        let mut any = false;
        for l in scene.links.iter().filter(|l| l.state == state) {
            ctx.move_to(l.x1, l.y1);
            ctx.line_to(l.x2, l.y2);
            any = true;
        }
        if any {
            let _ = ctx.set_line_dash(if dash { &dashed } else { &no_dash });
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            ctx.stroke();
        }
    }
    let _ = ctx.set_line_dash(&no_dash);

    // Nodes, one path per (role, state).
    for role in Role::ALL {
        for state in [NodeState::Up, NodeState::CutOff, NodeState::Down] {
            ctx.begin_path();
            let mut any = false;
            // Dense: participants that are up and connected are the ring's arcs.
            let drawn = |n: &&NodeShape| {
                n.role == role
                    && n.state == state
                    && !(scene.dense && state == NodeState::Up && role.is_participant())
            };
            for n in scene.nodes.iter().filter(drawn) {
                node_path(ctx, n);
                any = true;
            }
            if !any {
                continue;
            }
            match state {
                NodeState::Up => {
                    ctx.set_fill_style_str(role_colour(role));
                    ctx.fill();
                    ctx.set_stroke_style_str(p.outline);
                    ctx.set_line_width(1.0);
                    ctx.stroke();
                }
                NodeState::CutOff => {
                    ctx.set_fill_style_str(p.hollow);
                    ctx.fill();
                    let _ = ctx.set_line_dash(&dashed);
                    ctx.set_stroke_style_str(role_colour(role));
                    ctx.set_line_width(2.0);
                    ctx.stroke();
                    let _ = ctx.set_line_dash(&no_dash);
                }
                NodeState::Down => {
                    ctx.set_fill_style_str(p.down);
                    ctx.fill();
                }
            }
        }
    }
    // A cross on every failed node.
    ctx.begin_path();
    for n in scene.nodes.iter().filter(|n| n.state == NodeState::Down) {
        let k = n.r * 0.6;
        ctx.move_to(n.x - k, n.y - k);
        ctx.line_to(n.x + k, n.y + k);
        ctx.move_to(n.x + k, n.y - k);
        ctx.line_to(n.x - k, n.y + k);
    }
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(1.6);
    ctx.stroke();
}

/// Draws what moves (messages) and the focus ring.
fn paint_moving(ctx: &CanvasRenderingContext2d, scene: &Scene, p: &Palette, focus: Option<u32>) {
    // Messages, one path per kind; quieter kinds first so updates stay on top.
    for kind in [
        DotKind::Heartbeat,
        DotKind::Clock,
        DotKind::Notice,
        DotKind::Announce,
        DotKind::Update,
    ] {
        let r = dot_radius(kind);
        ctx.begin_path();
        let mut any = false;
        for d in scene.dots.iter().filter(|d| d.kind == kind) {
            ctx.move_to(d.x + r, d.y);
            let _ = ctx.arc(d.x, d.y, r, 0.0, TAU);
            any = true;
        }
        if any {
            // News dots take the theme's ink, so they show on dark backgrounds too.
            let colour = if kind == DotKind::Notice {
                p.outline
            } else {
                dot_colour(kind)
            };
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
    }

    // The focused or hovered node gets a ring.
    if let Some(n) = focus.and_then(|id| scene.nodes.iter().find(|n| n.id == id)) {
        ctx.begin_path();
        let _ = ctx.arc(n.x, n.y, n.r + 5.0, 0.0, TAU);
        ctx.set_stroke_style_str(p.outline);
        ctx.set_line_width(2.0);
        ctx.stroke();
    }
}

/// The three panels side by side as one picture, for the PNG export: the time, each
/// architecture's name, drawing and status line, and the legend of roles and states.
pub fn compose_panels(
    panels: &[(String, String, HtmlCanvasElement)],
    time: &str,
    p: &Palette,
) -> Option<HtmlCanvasElement> {
    compose(
        panels,
        &format!("archsim — t = {time}"),
        p,
        |ctx, mut x, y| {
            // The five roles' shapes, then what cut off and failed look like.
            let items = Role::ALL
                .iter()
                .map(|&r| (r, NodeState::Up, r.name().replace('-', " ")))
                .chain([
                    (Role::Client, NodeState::CutOff, "cut off".to_string()),
                    (Role::Client, NodeState::Down, "failed".to_string()),
                ]);
            for (role, state, text) in items {
                let n = NodeShape {
                    id: 0,
                    x,
                    y,
                    r: 7.0,
                    role,
                    state,
                };
                ctx.begin_path();
                node_path(ctx, &n);
                match state {
                    NodeState::Up => ctx.set_fill_style_str(role_colour(role)),
                    NodeState::CutOff => ctx.set_fill_style_str(p.hollow),
                    NodeState::Down => ctx.set_fill_style_str(p.down),
                }
                ctx.fill();
                ctx.set_stroke_style_str(p.outline);
                ctx.set_line_width(1.0);
                ctx.stroke();
                ctx.set_fill_style_str(p.outline);
                let _ = ctx.fill_text(&text, x + 14.0, y + 5.0);
                x += 34.0 + ctx.measure_text(&text).map_or(60.0, |m| m.width());
            }
        },
    )
}
