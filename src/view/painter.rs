//! The only code that calls `CanvasRenderingContext2d`: draws a [`Scene`]. Paths are batched by
//! style, so a frame costs a few dozen canvas calls plus one path segment per shape.

use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::scene::{DotKind, LinkState, NodeShape, NodeState, Scene};
use crate::sim::Role;

/// Colours of one theme (Okabe–Ito hues, safe for colour-blind readers).
pub struct Palette {
    /// Canvas background.
    pub background: &'static str,
    /// Live links.
    pub link: &'static str,
    /// Links with a dead end.
    pub dead_link: &'static str,
    /// Cut links.
    pub cut_link: &'static str,
    /// Outline of live nodes.
    pub outline: &'static str,
    /// Fill of failed nodes.
    pub down: &'static str,
    /// Fill of cut-off nodes.
    pub hollow: &'static str,
}

/// The light theme.
pub const LIGHT: Palette = Palette {
    background: "#ffffff",
    link: "rgba(60, 72, 88, 0.35)",
    dead_link: "rgba(60, 72, 88, 0.25)",
    cut_link: "#b3261e",
    outline: "#1d2433",
    down: "#4a4f57",
    hollow: "#ffffff",
};

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
        DotKind::Notice => "#1d2433",
        DotKind::Heartbeat => "#9aa3ad",
        DotKind::Clock => "#8a6d00",
    }
}

const fn dot_radius(kind: DotKind) -> f64 {
    match kind {
        DotKind::Update => 3.4,
        DotKind::Notice => 2.8,
        DotKind::Heartbeat => 1.7,
        DotKind::Clock => 2.2,
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()
}

/// Makes the canvas backing store match its CSS size times the device pixel ratio and returns
/// its context and CSS size.
pub fn prepare(canvas: &HtmlCanvasElement) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let dpr = web_sys::window()?.device_pixel_ratio().max(1.0);
    let w = f64::from(canvas.client_width());
    let h = f64::from(canvas.client_height());
    if w < 2.0 || h < 2.0 {
        return None;
    }
    let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    let ctx = context(canvas)?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0).ok()?;
    Some((ctx, w, h))
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
        let key = scene.static_key() ^ u64::from(canvas.width()) << 32 ^ u64::from(canvas.height());
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
            for k in 0..6 {
                let a = TAU * f64::from(k) / 6.0;
                let (px, py) = (x + r * 1.1 * a.cos(), y + r * 1.1 * a.sin());
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

/// Draws what does not move: background, links, nodes and their marks.
fn paint_static(ctx: &CanvasRenderingContext2d, scene: &Scene, p: &Palette) {
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, scene.width, scene.height);
    let no_dash = js_sys::Array::new();
    let dashed: JsValue = js_sys::Array::of2(&4.0.into(), &4.0.into()).into();

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
            for n in scene
                .nodes
                .iter()
                .filter(|n| n.role == role && n.state == state)
            {
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
            ctx.set_fill_style_str(dot_colour(kind));
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
