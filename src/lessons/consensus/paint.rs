//! Draws the consensus page's two display lists: the network and the block tree.

use std::f64::consts::TAU;

use web_sys::CanvasRenderingContext2d;

use crate::lessons::consensus::model::ForkKind;
use crate::lessons::consensus::scene::{NetScene, TreeScene};
use crate::shell::web::canvas::Palette;

/// The main chain's colour, then one per branch (Okabe–Ito hues; the main chain is the
/// theme's outline so branches stand out).
pub const BRANCH: [&str; 6] = [
    "#D55E00", "#0072B2", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
];

/// A branch's colour (0: the main chain's, which depends on the theme).
pub fn branch_colour(branch: u8, p: &Palette) -> &'static str {
    match branch {
        0 => main_colour(p),
        b => BRANCH[(usize::from(b) - 1) % BRANCH.len()],
    }
}

/// The main chain's colour in a theme.
pub fn main_colour(p: &Palette) -> &'static str {
    if p.background == crate::shell::web::canvas::DARK.background {
        "#4fc3a1"
    } else {
        "#009E73"
    }
}

/// Paints the network: links, cut links, bodies in flight, peers by branch, failed peers, the
/// leaders' flash and the focused peer's ring.
pub fn paint_network(
    ctx: &CanvasRenderingContext2d,
    s: &NetScene,
    p: &Palette,
    focus: Option<u32>,
) {
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, s.width, s.height);
    ctx.set_line_width(1.0);
    for cut in [false, true] {
        ctx.begin_path();
        for l in s.links.iter().filter(|l| l.cut == cut) {
            ctx.move_to(l.x1, l.y1);
            ctx.line_to(l.x2, l.y2);
        }
        ctx.set_stroke_style_str(if cut { p.cut_link } else { p.link });
        if cut {
            // Hundreds of cut links must not hide the two halves: thin, dashed, faded.
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &4.0.into()));
            ctx.set_global_alpha(0.55);
        }
        ctx.stroke();
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.set_global_alpha(1.0);
    // Bodies in flight, batched by colour.
    for b in 0..=crate::lessons::consensus::scene::BRANCH_COLOURS {
        ctx.begin_path();
        let mut any = false;
        for d in s.dots.iter().filter(|d| d.branch == b) {
            ctx.move_to(d.x + 3.0, d.y);
            let _ = ctx.arc(d.x, d.y, 3.0, 0.0, TAU);
            any = true;
        }
        if any {
            ctx.set_fill_style_str(branch_colour(b, p));
            ctx.fill();
        }
    }
    // Peers, batched by colour; failed ones grey with a cross.
    let r = s.r;
    for b in 0..=crate::lessons::consensus::scene::BRANCH_COLOURS {
        ctx.begin_path();
        let mut any = false;
        for peer in s.peers.iter().filter(|q| q.branch == b && !q.down) {
            ctx.move_to(peer.x + r, peer.y);
            let _ = ctx.arc(peer.x, peer.y, r, 0.0, TAU);
            any = true;
        }
        if any {
            ctx.set_fill_style_str(branch_colour(b, p));
            ctx.fill();
        }
    }
    ctx.begin_path();
    for q in s.peers.iter().filter(|q| q.down) {
        ctx.move_to(q.x + r, q.y);
        let _ = ctx.arc(q.x, q.y, r, 0.0, TAU);
    }
    ctx.set_fill_style_str(p.down);
    ctx.fill();
    if r >= 3.0 {
        ctx.begin_path();
        for q in s.peers.iter().filter(|q| q.down) {
            let k = r * 0.6;
            ctx.move_to(q.x - k, q.y - k);
            ctx.line_to(q.x + k, q.y + k);
            ctx.move_to(q.x + k, q.y - k);
            ctx.line_to(q.x - k, q.y + k);
        }
        ctx.set_stroke_style_str(p.hollow);
        ctx.set_line_width(1.2);
        ctx.stroke();
    }
    // Leaders: a ring around whoever just made a block.
    ctx.begin_path();
    for q in s.peers.iter().filter(|q| q.leader && !q.down) {
        ctx.move_to(q.x + r + 3.5, q.y);
        let _ = ctx.arc(q.x, q.y, r + 3.5, 0.0, TAU);
    }
    ctx.set_stroke_style_str(p.outline);
    ctx.set_line_width(2.0);
    ctx.stroke();
    if let Some(q) = focus.and_then(|f| s.peers.get(f as usize)) {
        ctx.begin_path();
        let _ = ctx.arc(q.x, q.y, r + 6.0, 0.0, TAU);
        ctx.set_stroke_style_str(p.outline);
        ctx.set_line_width(2.5);
        let dash = js_sys::Array::of2(&4.0.into(), &3.0.into());
        let _ = ctx.set_line_dash(&dash);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
}

/// The mark of a fork kind in the tree.
pub fn fork_letter(k: ForkKind) -> &'static str {
    match k {
        ForkKind::SlotBattle => "S",
        ForkKind::HeightBattle => "H",
        ForkKind::Partition => "P",
        ForkKind::Withheld => "W",
    }
}

/// A block's letter, centred on it in `colour`.
fn letter(ctx: &CanvasRenderingContext2d, text: &str, (x, y): (f64, f64), colour: &str) {
    ctx.set_fill_style_str(colour);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(text, x, y + 0.5);
    ctx.set_text_align("start");
    ctx.set_text_baseline("alphabetic");
}

/// The outline of a branch by how it forked, so the kinds differ beyond their letter: slot
/// battle solid, height battle dashed, partition dotted, withheld dash-dot.
fn fork_dash(k: Option<ForkKind>) -> js_sys::Array {
    let d = |v: &[f64]| v.iter().map(|&x| wasm_bindgen::JsValue::from(x)).collect();
    match k {
        None | Some(ForkKind::SlotBattle) => js_sys::Array::new(),
        Some(ForkKind::HeightBattle) => d(&[5.0, 3.0]),
        Some(ForkKind::Partition) => d(&[1.5, 2.5]),
        Some(ForkKind::Withheld) => d(&[6.0, 2.0, 1.5, 2.0]),
    }
}

/// Paints the block tree in a `w` × `h` canvas: one column per height, the main chain on the
/// top lane in its colour, branches below in theirs (greyed once orphaned), edges to parents,
/// each branch's first block marked with how its fork arose, the focused peer's chain ringed.
pub fn paint_tree(ctx: &CanvasRenderingContext2d, w: f64, h: f64, t: &TreeScene, p: &Palette) {
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    let cols = f64::from(t.to_height - t.from_height + 1);
    let lanes = f64::from(t.lanes.clamp(3, 8));
    let (left, top) = (28.0, 22.0);
    let cw = (w - left - 12.0) / cols;
    let lh = ((h - top - 12.0) / lanes).min(34.0);
    let size = crate::sim::small::clamp(cw * 0.62, 4.0, 18.0).min(lh * 0.7);
    let pos = |height: u32, lane: u32| {
        (
            left + (f64::from(height - t.from_height) + 0.5) * cw,
            top + (f64::from(lane.min(7)) + 0.5) * lh,
        )
    };
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str(p.muted);
    let _ = ctx.fill_text(&format!("height {}", t.from_height), 4.0, 12.0);
    ctx.set_text_align("end");
    let _ = ctx.fill_text(&format!("{}", t.to_height), w - 6.0, 12.0);
    ctx.set_text_align("start");
    // Edges.
    ctx.begin_path();
    for b in &t.blocks {
        if let Some(pl) = b.parent_lane
            && b.height > t.from_height
        {
            let (x, y) = pos(b.height, b.lane);
            let (px, py) = pos(b.height - 1, pl);
            ctx.move_to(px + size / 2.0, py);
            ctx.line_to(x - size / 2.0, y);
        }
    }
    ctx.set_stroke_style_str(p.link);
    ctx.set_line_width(1.4);
    ctx.stroke();
    // Blocks.
    for b in &t.blocks {
        let (x, y) = pos(b.height, b.lane);
        // The attacker's private chain: hollow and dashed, an A on its first block.
        if b.private {
            ctx.set_stroke_style_str(p.outline);
            ctx.set_line_width(1.5);
            let _ = ctx.set_line_dash(&fork_dash(Some(ForkKind::Withheld)));
            ctx.stroke_rect(x - size / 2.0, y - size / 2.0, size, size);
            let _ = ctx.set_line_dash(&js_sys::Array::new());
            if b.root && size >= 10.0 {
                letter(ctx, "A", (x, y), p.outline);
            }
            continue;
        }
        // Orphaned blocks are greyed: a pale grey (failed peers are the dark one).
        ctx.set_fill_style_str(if b.main { main_colour(p) } else { p.dead_link });
        ctx.fill_rect(x - size / 2.0, y - size / 2.0, size, size);
        if !b.main {
            ctx.set_stroke_style_str(branch_colour(b.branch, p));
            ctx.set_line_width(2.0);
            let _ = ctx.set_line_dash(&fork_dash(b.fork));
            ctx.stroke_rect(x - size / 2.0, y - size / 2.0, size, size);
            let _ = ctx.set_line_dash(&js_sys::Array::new());
        }
        if b.focused {
            ctx.set_stroke_style_str(p.outline);
            ctx.set_line_width(2.0);
            ctx.stroke_rect(
                x - size / 2.0 - 3.0,
                y - size / 2.0 - 3.0,
                size + 6.0,
                size + 6.0,
            );
        }
        // Genesis, which every chain starts from and no count includes.
        if b.height == 0 && size >= 10.0 {
            letter(ctx, "G", (x, y), p.background);
        }
        // The fork's letter, on the first block of its branch.
        if let Some(k) = b.fork.filter(|_| b.root && size >= 10.0) {
            letter(ctx, fork_letter(k), (x, y), p.outline);
        }
    }
}

/// The line a reader is drawing across the network to split it.
pub fn paint_cut_line(
    ctx: &CanvasRenderingContext2d,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    p: &Palette,
) {
    ctx.begin_path();
    ctx.move_to(x0, y0);
    ctx.line_to(x1, y1);
    ctx.set_stroke_style_str(p.cut_link);
    ctx.set_line_width(3.0);
    let dash = js_sys::Array::of2(&8.0.into(), &5.0.into());
    let _ = ctx.set_line_dash(&dash);
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}
