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
    /// Secondary text (plot scales).
    pub muted: &'static str,
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
    muted: "#566070",
};

/// The dark theme.
pub const DARK: Palette = Palette {
    background: "#151a23",
    link: "rgba(200, 210, 225, 0.30)",
    dead_link: "rgba(200, 210, 225, 0.22)",
    cut_link: "#ff8a80",
    outline: "#e8ecf2",
    down: "#8a919c",
    hollow: "#151a23",
    muted: "#aab3c0",
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

/// Line colour and dash per architecture in plots: colour *and* pattern, never colour alone.
const PLOT_STYLE: [(&str, &[f64]); 3] = [
    ("#0072B2", &[]),
    ("#E69F00", &[7.0, 4.0]),
    ("#009E73", &[2.0, 3.0]),
];

/// What one plot shows.
pub struct PlotSpec<'a> {
    /// Title.
    pub title: &'a str,
    /// Unit shown after the largest value.
    pub unit: &'a str,
    /// Values per architecture, one per sample.
    pub values: [Vec<f64>; 3],
    /// Fixed top of the scale (fractions), or `None` for the largest value.
    pub max: Option<f64>,
}

/// Everything the plots show.
pub struct PlotData<'a> {
    /// Sample times, ms.
    pub times: &'a [u64],
    /// One plot per metric.
    pub plots: &'a [PlotSpec<'a>],
    /// Failure and recovery moments, ms.
    pub marks: &'a [u64],
    /// The current time, ms.
    pub now_ms: u64,
}

/// Draws the metric plots as small multiples in a `w` × `h` canvas: failure moments as
/// vertical marks, the current time as a line.
pub fn paint_plots(ctx: &CanvasRenderingContext2d, w: f64, h: f64, d: &PlotData, p: &Palette) {
    let (times, plots, marks, now_ms) = (d.times, d.plots, d.marks, d.now_ms);
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    let cols = if w > 700.0 { 2 } else { 1 };
    let rows = plots.len().div_ceil(cols);
    let (cw, ch) = (w / cols as f64, h / rows as f64);
    let t_end = times.last().copied().unwrap_or(1).max(now_ms).max(1) as f64;
    let no_dash = js_sys::Array::new();
    ctx.set_font("12px system-ui, sans-serif");
    for (k, plot) in plots.iter().enumerate() {
        let (x0, y0) = ((k % cols) as f64 * cw + 44.0, (k / cols) as f64 * ch + 22.0);
        let (pw, ph) = (cw - 56.0, ch - 40.0);
        let top = plot.max.unwrap_or_else(|| {
            plot.values
                .iter()
                .flatten()
                .copied()
                .fold(0.0, f64::max)
                .max(1e-9)
                * 1.1
        });
        ctx.set_fill_style_str(p.outline);
        let _ = ctx.fill_text(plot.title, x0, y0 - 8.0);
        ctx.set_fill_style_str(p.muted);
        let _ = ctx.fill_text(&format!("{:.0}{}", top, plot.unit), x0 - 40.0, y0 + 10.0);
        let _ = ctx.fill_text("0", x0 - 14.0, y0 + ph);
        ctx.set_stroke_style_str(p.link);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&no_dash);
        ctx.stroke_rect(x0, y0, pw, ph);
        let x = |t: f64| x0 + t / t_end * pw;
        let y = |v: f64| y0 + ph - (v / top).clamp(0.0, 1.0) * ph;
        ctx.begin_path();
        for &m in marks {
            ctx.move_to(x(m as f64), y0);
            ctx.line_to(x(m as f64), y0 + ph);
        }
        ctx.set_stroke_style_str(p.cut_link);
        ctx.stroke();
        for (a, (colour, dash)) in PLOT_STYLE.iter().enumerate() {
            let dash: js_sys::Array = dash.iter().map(|d| JsValue::from(*d)).collect();
            let _ = ctx.set_line_dash(&dash);
            ctx.begin_path();
            for (i, (&t, &v)) in times.iter().zip(&plot.values[a]).enumerate() {
                if i == 0 {
                    ctx.move_to(x(t as f64), y(v));
                } else {
                    ctx.line_to(x(t as f64), y(v));
                }
            }
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.8);
            ctx.stroke();
        }
        let _ = ctx.set_line_dash(&no_dash);
        ctx.begin_path();
        ctx.move_to(x(now_ms as f64), y0);
        ctx.line_to(x(now_ms as f64), y0 + ph);
        ctx.set_stroke_style_str(p.outline);
        ctx.set_line_width(1.0);
        ctx.stroke();
    }
}

/// The three panels side by side with their titles, as one canvas (for the PNG export).
pub fn compose_panels(
    canvases: &[(String, HtmlCanvasElement)],
    p: &Palette,
) -> Option<HtmlCanvasElement> {
    let doc = web_sys::window()?.document()?;
    let out = doc
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    let pad = 16u32;
    let title = 36u32;
    let w: u32 = canvases.iter().map(|(_, c)| c.width() + pad).sum::<u32>() + pad;
    let h: u32 = canvases.iter().map(|(_, c)| c.height()).max()? + title + pad;
    out.set_width(w);
    out.set_height(h);
    let ctx = context(&out)?;
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.set_font("bold 22px system-ui, sans-serif");
    let mut x = pad;
    for (name, c) in canvases {
        ctx.set_fill_style_str(p.outline);
        let _ = ctx.fill_text(name, f64::from(x), 26.0);
        let _ = ctx.draw_image_with_html_canvas_element(c, f64::from(x), f64::from(title));
        x += c.width() + pad;
    }
    Some(out)
}
