//! Painting the timing page's scenes on canvases: the clock tree and the space-time diagram.

use web_sys::CanvasRenderingContext2d as Ctx;

pub use super::scene::{ClockScene, Diagram};
use super::scene::{Dot, Relation};
use crate::shell::messages::{num, t};
use crate::shell::web::canvas::Palette;
use crate::sim::small::Dec;

/// Events that happened before the chosen one.
pub const PAST: &str = "#1f6fd1";
/// Events that happened after it.
pub const FUTURE: &str = "#d9480f";
/// A payment's messages.
const PAYMENT: &str = "#2f9e44";

/// A clock's colour by how far off it is: within 5 ms, within 50 ms, further.
fn error_colour(ms: f64) -> &'static str {
    let a = ms.abs();
    if a < 5.0 {
        "#2f9e44"
    } else if a < 50.0 {
        "#e8a317"
    } else {
        "#d9480f"
    }
}

/// `+12.3 ms` (one decimal below 100 ms, whole above).
pub fn signed_ms(ms: f64) -> String {
    let sign = if ms >= 0.0 { "+" } else { "−" };
    let a = ms.abs();
    let v = if a < 100.0 { num(a, 1) } else { num(a, 0) };
    format!("{sign}{}", crate::t!("time-ms", v = v))
}

/// The clock tree: the reference on top, lines from each node to the server it follows, each
/// node coloured by its clock's error, with its name and the error beside it.
pub fn paint_clocks(ctx: &Ctx, s: &ClockScene, p: &Palette, focus: Option<u32>) {
    let (w, h) = s.size;
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_line_width(1.5);
    for n in &s.nodes {
        let to = match n.server {
            Some(k) => s.nodes.get(k as usize).map(|m| (m.x, m.y)),
            None if n.stratum == 1 => Some(s.reference),
            None => None,
        };
        if let Some((x, y)) = to {
            ctx.set_stroke_style_str(if n.down { p.dead_link } else { p.link });
            ctx.begin_path();
            ctx.move_to(n.x, n.y);
            ctx.line_to(x, y);
            ctx.stroke();
        }
    }
    // The clients' stratum: below every server's.
    let clients = s.nodes.iter().map(|n| n.stratum).max().unwrap_or(0);
    // Short labels where nodes or rows are close together.
    let compact = s.gap.0 < 56.0 || s.gap.1 < 56.0;
    let (bold, plain) = if compact {
        (
            "bold 9px system-ui, sans-serif",
            "9px system-ui, sans-serif",
        )
    } else {
        (
            "bold 11px system-ui, sans-serif",
            "11px system-ui, sans-serif",
        )
    };
    // The reference clock: a square, "true time".
    let (rx, ry) = s.reference;
    ctx.set_fill_style_str(p.outline);
    ctx.fill_rect(rx - s.r * 0.8, ry - s.r * 0.8, s.r * 1.6, s.r * 1.6);
    ctx.set_font(plain);
    ctx.set_text_align("left");
    let reference = t(if compact { "ref-short" } else { "ref-long" });
    let _ = ctx.fill_text(&reference, rx + s.r + 6.0, ry + 4.0);
    for (i, n) in s.nodes.iter().enumerate() {
        ctx.begin_path();
        let _ = ctx.arc(n.x, n.y, s.r, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(if n.down {
            p.down
        } else {
            error_colour(n.error_ms)
        });
        ctx.fill();
        ctx.set_stroke_style_str(p.outline);
        ctx.set_line_width(if focus == Some(i as u32) { 3.5 } else { 1.5 });
        if n.free && !n.down {
            let _ = ctx.set_line_dash(&js_dashes(&[4.0, 3.0]));
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_dashes(&[]));
        ctx.set_fill_style_str(p.outline);
        ctx.set_text_align("center");
        ctx.set_font(bold);
        let _ = ctx.fill_text(&n.name, n.x, n.y - s.r - 3.0);
        ctx.set_font(plain);
        let label = match (n.down, compact) {
            (true, _) => t("node-down"),
            // Whole ms, the unit left to the legend.
            (false, true) => format!(
                "{}{}",
                if n.error_ms < 0.0 { "−" } else { "+" },
                Dec(n.error_ms.abs().round())
            ),
            (false, false) => signed_ms(n.error_ms),
        };
        if n.stratum < clients {
            // A server: its error beside it, clear of the row below.
            ctx.set_text_align("left");
            let _ = ctx.fill_text(&label, n.x + s.r + 4.0, n.y + 4.0);
        } else {
            let _ = ctx.fill_text(&label, n.x, n.y + s.r + if compact { 9.0 } else { 12.0 });
        }
    }
    // The exchanges under way, message by message; the chosen node's carry their stamps.
    ctx.set_font(plain);
    ctx.set_text_align("left");
    for m in &s.moving {
        ctx.begin_path();
        let _ = ctx.arc(m.x, m.y, 4.5, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(if m.back { ANSWER } else { REQUEST });
        ctx.fill();
        ctx.set_stroke_style_str(p.background);
        ctx.set_line_width(1.0);
        ctx.stroke();
        if focus == Some(m.node) {
            ctx.set_fill_style_str(p.outline);
            let _ = ctx.fill_text(&m.label, m.x + 7.0, m.y - 5.0);
        }
    }
}

/// A sync request on its way to a server, and the server's answer on its way back.
pub const REQUEST: &str = "#1f6fd1";
/// See [`REQUEST`].
pub const ANSWER: &str = "#9c36b5";

/// Events in view beyond which the diagram draws hairlines and squares.
const DENSE: usize = 1_500;

fn js_dashes(d: &[f64]) -> wasm_bindgen::JsValue {
    let a = js_sys::Array::new();
    for &x in d {
        a.push(&wasm_bindgen::JsValue::from_f64(x));
    }
    a.into()
}

/// The space-time diagram: one line per process, each message an arrow from its send to its
/// receipt (payments solid green, notices, heartbeats and beacons thin), each event a dot with
/// its Lamport time; with an event chosen, what happened before it blue, after it orange,
/// and what is concurrent faded.
pub fn paint_diagram(ctx: &Ctx, d: &Diagram, p: &Palette) {
    let (w, h) = d.size;
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    // Names as large as the lines' spacing lets them be, down to 9 px.
    let spacing = match d.lines.as_slice() {
        [a, b, ..] => b.1 - a.1,
        _ => 20.0,
    };
    let size = (spacing - 1.0).clamp(9.0, 12.0).floor();
    ctx.set_font(&format!("{}px system-ui, sans-serif", size as u32));
    ctx.set_text_align("left");
    for (name, y) in &d.lines {
        ctx.set_fill_style_str(p.outline);
        let _ = ctx.fill_text(name, 6.0, y + size / 3.0);
        ctx.set_stroke_style_str(p.link);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.move_to(d.x0, *y);
        ctx.line_to(d.x1, *y);
        ctx.stroke();
    }
    ctx.set_fill_style_str(p.muted);
    ctx.set_text_align("right");
    let _ = ctx.fill_text(
        &crate::t!("diagram-now", window = num(d.window_ms as f64 / 1_000.0, 3)),
        d.x1,
        h - 4.0,
    );
    let lit = d.dots.iter().any(|x| x.relation != Relation::None);
    // Each kind of arrow in one path, its heads in another: thousands of messages stay one
    // stroke and one fill each. Past a few thousand events (up to 10,000 on 64 lines) the
    // arrows are hairlines without heads (time runs to the right, so they still read left to
    // right) and the events squares: what a canvas draws fastest.
    let dense = d.dots.len() > DENSE;
    ctx.set_global_alpha(if lit { 0.35 } else { 0.9 });
    for payment in [false, true] {
        let colour = if payment { PAYMENT } else { p.muted };
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(match (dense, payment) {
            (true, _) => 0.5,
            (false, true) => 2.0,
            (false, false) => 1.0,
        });
        ctx.begin_path();
        for a in d.arrows.iter().filter(|a| a.payment == payment) {
            ctx.move_to(a.from.0, a.from.1);
            ctx.line_to(a.to.0, a.to.1);
        }
        ctx.stroke();
        if dense {
            continue;
        }
        ctx.begin_path();
        for a in d.arrows.iter().filter(|a| a.payment == payment) {
            let (dx, dy) = (a.to.0 - a.from.0, a.to.1 - a.from.1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ux, uy) = (dx / len, dy / len);
            ctx.move_to(a.to.0, a.to.1);
            ctx.line_to(a.to.0 - 7.0 * ux - 3.5 * uy, a.to.1 - 7.0 * uy + 3.5 * ux);
            ctx.line_to(a.to.0 - 7.0 * ux + 3.5 * uy, a.to.1 - 7.0 * uy - 3.5 * ux);
            ctx.close_path();
        }
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    ctx.set_global_alpha(1.0);
    ctx.set_text_align("center");
    ctx.set_font("10px system-ui, sans-serif");
    let style = |x: &Dot| match x.relation {
        Relation::Chosen => (p.outline, 6.0),
        Relation::Before => (PAST, 4.5),
        Relation::After => (FUTURE, 4.5),
        Relation::Concurrent => (p.dead_link, 3.5),
        Relation::None => (if x.payment { PAYMENT } else { p.muted }, 3.5),
    };
    // The dots, one path per look.
    let mut looks: Vec<(&str, f64)> = Vec::new();
    for x in &d.dots {
        let look = style(x);
        if !looks.contains(&look) {
            looks.push(look);
        }
    }
    for (fill, r) in looks {
        ctx.begin_path();
        for x in d.dots.iter().filter(|x| style(x) == (fill, r)) {
            if dense && x.relation != Relation::Chosen {
                ctx.rect(x.x - r * 0.8, x.y - r * 0.8, r * 1.6, r * 1.6);
            } else {
                ctx.move_to(x.x + r, x.y);
                let _ = ctx.arc(x.x, x.y, r, 0.0, std::f64::consts::TAU);
            }
        }
        ctx.set_fill_style_str(fill);
        ctx.fill();
    }
    // Labels while they can be read: every event's Lamport time when few are in view, then
    // only payments', then only the chosen and compared ones'.
    let crowded = d.dots.len() > 120;
    let payments_only = d.dots.iter().filter(|x| x.payment).count() <= 200;
    let pinned = d.dots.iter().any(|x| x.pinned);
    for x in &d.dots {
        let picked = x.relation == Relation::Chosen || x.pinned;
        if x.relation == Relation::Chosen {
            ctx.set_stroke_style_str(p.outline);
            ctx.set_line_width(2.0);
            ctx.begin_path();
            let _ = ctx.arc(x.x, x.y, 10.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
        if x.pinned {
            // The event compared with: a dashed ring, and its letter.
            ctx.set_stroke_style_str(p.outline);
            ctx.set_line_width(2.0);
            let _ = ctx.set_line_dash(&js_dashes(&[3.0, 3.0]));
            ctx.begin_path();
            let _ = ctx.arc(x.x, x.y, 10.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
            let _ = ctx.set_line_dash(&js_dashes(&[]));
        }
        if !crowded || (x.payment && payments_only) || picked {
            ctx.set_fill_style_str(p.outline);
            let _ = ctx.fill_text(&x.lamport.to_string(), x.x, x.y - 8.0);
        }
        if let Some(v) = &x.vector {
            ctx.set_fill_style_str(p.muted);
            let _ = ctx.fill_text(v, x.x, x.y + 16.0);
        }
        let letter = if x.pinned {
            "a"
        } else if pinned && x.relation == Relation::Chosen {
            "b"
        } else {
            ""
        };
        if !letter.is_empty() {
            ctx.set_font("bold 12px system-ui, sans-serif");
            let _ = ctx.fill_text(letter, x.x + 15.0, x.y + 4.0);
            ctx.set_font("10px system-ui, sans-serif");
        }
    }
}
