//! What every lesson's drawings share on a canvas: the two themes' colours, sizing a canvas to
//! its CSS box at the device's pixel ratio, the ring a tour puts round a node, and the plots of
//! a lesson's series over virtual time.

use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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

/// The 2D context of `canvas`.
pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
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

/// The ring a guided tour puts round the node it points at: wide, in the focus colour, and
/// doubled so it reads on both themes.
pub fn paint_mark(ctx: &CanvasRenderingContext2d, x: f64, y: f64, r: f64, p: &Palette) {
    for (gap, width, colour) in [(9.0, 4.0, "#E69F00"), (12.5, 1.5, p.outline)] {
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + gap, 0.0, TAU);
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.stroke();
    }
}

/// Line colour and dash of each line of a plot: colour *and* pattern, never colour alone.
const PLOT_STYLE: [(&str, &[f64]); 3] = [
    ("#0072B2", &[]),
    ("#E69F00", &[7.0, 4.0]),
    ("#009E73", &[2.0, 3.0]),
];

/// What one plot shows (its words as message keys of the page's).
pub struct PlotSpec {
    /// The title's message.
    pub title: &'static str,
    /// The message writing the scale's largest value `$v` with its unit, or "" for none.
    pub unit: &'static str,
    /// Values per line (in [`PlotData::names`]' order), one per sample.
    pub values: Vec<Vec<f64>>,
    /// Fixed top of the scale (fractions), or `None` for the largest value.
    pub max: Option<f64>,
}

/// Everything the plots show.
pub struct PlotData {
    /// Sample times, ms.
    pub times: Vec<u64>,
    /// One plot per metric.
    pub plots: Vec<PlotSpec>,
    /// Failure and recovery moments, ms.
    pub marks: Vec<u64>,
    /// The current time, ms.
    pub now_ms: u64,
    /// Where the time axis starts, ms (later than 0 when zoomed into a long run).
    pub from_ms: u64,
    /// The lines' names' messages, for the key (at most three: [`PLOT_STYLE`]).
    pub names: &'static [&'static str],
}

/// The times of the actions among `events` (time µs, is an action), ms: the plots' marks.
pub fn action_marks(events: impl Iterator<Item = (u64, bool)>) -> Vec<u64> {
    events
        .filter(|e| e.1)
        .map(|e| e.0 / crate::sim::time::MS)
        .collect()
}

/// Paints `data` on the canvas behind `canvas`, once it is in the page and has a size.
pub fn paint_plots_on(canvas: &yew::NodeRef, data: &PlotData, p: &Palette) {
    if let Some(c) = canvas.cast::<HtmlCanvasElement>()
        && let Some((ctx, w, h)) = prepare(&c)
    {
        paint_plots(&ctx, w, h, data, p);
    }
}

/// A legend's row of coloured squares, each with its words, from (`x`, `y`) in the 15 px font
/// (for [`compose`]'s legend).
pub fn swatches(
    ctx: &CanvasRenderingContext2d,
    mut x: f64,
    y: f64,
    items: &[(&str, &str)],
    p: &Palette,
) {
    for &(colour, text) in items {
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(x - 7.0, y - 7.0, 14.0, 14.0);
        ctx.set_fill_style_str(p.outline);
        let _ = ctx.fill_text(text, x + 12.0, y + 5.0);
        x += 30.0 + ctx.measure_text(text).map_or(60.0, |m| m.width());
    }
}

/// A page's drawings side by side as one picture, for a PNG export that stands on its own:
/// `heading` (the lesson and the time), each drawing under its name with its caption wrapped
/// below it, and a row for the legend, which `legend` paints from (x, y) with the 15 px font.
pub fn compose(
    panels: &[(String, String, HtmlCanvasElement)],
    heading: &str,
    p: &Palette,
    legend: impl FnOnce(&CanvasRenderingContext2d, f64, f64),
) -> Option<HtmlCanvasElement> {
    let doc = web_sys::window()?.document()?;
    let out = doc
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    let (pad, title, status, key) = (16u32, 72u32, 64u32, 40u32);
    let w: u32 = panels.iter().map(|(_, _, c)| c.width() + pad).sum::<u32>() + pad;
    let canvas_h = panels.iter().map(|(_, _, c)| c.height()).max()?;
    let h = title + canvas_h + status + key + pad;
    out.set_width(w);
    out.set_height(h);
    let ctx = context(&out)?;
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.set_fill_style_str(p.outline);
    ctx.set_font("bold 24px system-ui, sans-serif");
    let _ = ctx.fill_text(heading, f64::from(pad), 30.0);
    let mut x = f64::from(pad);
    for (name, caption, c) in panels {
        let cw = f64::from(c.width());
        ctx.set_fill_style_str(p.outline);
        ctx.set_font("bold 20px system-ui, sans-serif");
        let _ = ctx.fill_text(name, x, 62.0);
        let _ = ctx.draw_image_with_html_canvas_element(c, x, f64::from(title));
        // The caption, wrapped to the drawing's width.
        ctx.set_font("16px system-ui, sans-serif");
        ctx.set_fill_style_str(p.muted);
        let mut line = String::new();
        let mut y = f64::from(title + canvas_h) + 22.0;
        for word in caption.split(' ') {
            let wider = format!("{line} {word}");
            if !line.is_empty() && ctx.measure_text(&wider).map_or(0.0, |m| m.width()) > cw {
                let _ = ctx.fill_text(&line, x, y);
                y += 20.0;
                line = word.to_string();
            } else {
                line = wider.trim_start().to_string();
            }
        }
        let _ = ctx.fill_text(&line, x, y);
        x += cw + f64::from(pad);
    }
    ctx.set_font("15px system-ui, sans-serif");
    legend(&ctx, f64::from(pad) + 10.0, f64::from(h - key / 2 - 4));
    Some(out)
}

/// Draws the metric plots as small multiples in a `w` × `h` canvas, each with its time axis,
/// failure moments as vertical marks, the current time as a line, and the key below: the
/// canvas is complete on its own (the PNG export is this canvas).
pub fn paint_plots(ctx: &CanvasRenderingContext2d, w: f64, h: f64, d: &PlotData, p: &Palette) {
    let (times, plots, marks, now_ms) = (&d.times[..], &d.plots[..], &d.marks[..], d.now_ms);
    ctx.set_fill_style_str(p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_font("12px system-ui, sans-serif");
    // The key's items (each line's name, then the failure mark), wrapped to the width.
    let width = |t: &str| ctx.measure_text(t).map_or(80.0, |m| m.width());
    use crate::shell::messages::t;
    let mark = t("plot-mark");
    let names: Vec<String> = d
        .names
        .iter()
        .take(PLOT_STYLE.len())
        .map(|n| t(n))
        .collect();
    let items: Vec<(Option<usize>, &str, f64)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (Some(i), n.as_str(), 44.0 + width(n)))
        .chain([(None, mark.as_str(), 20.0 + width(&mark))])
        .collect();
    let mut key_rows = 1.0;
    let mut at = 44.0;
    for &(_, _, iw) in &items {
        if at > 44.0 && at + iw > w - 4.0 {
            key_rows += 1.0;
            at = 44.0;
        }
        at += iw;
    }
    let key_h = 6.0 + 18.0 * key_rows;
    let cols = if w > 700.0 { 2 } else { 1 };
    let rows = plots.len().div_ceil(cols);
    let (cw, ch) = (w / cols as f64, (h - key_h) / rows as f64);
    let t0 = d.from_ms as f64;
    let t_end = (times.last().copied().unwrap_or(1).max(now_ms).max(1) as f64).max(t0 + 1.0);
    let no_dash = js_sys::Array::new();
    for (k, plot) in plots.iter().enumerate() {
        let (x0, y0) = ((k % cols) as f64 * cw + 54.0, (k / cols) as f64 * ch + 22.0);
        let (pw, ph) = (cw - 66.0, ch - 52.0);
        let top = plot.max.unwrap_or_else(|| {
            crate::shell::text::round_up(plot.values.iter().flatten().copied().fold(0.0, f64::max))
        });
        ctx.set_fill_style_str(p.outline);
        let _ = ctx.fill_text(&t(plot.title), x0, y0 - 8.0);
        ctx.set_fill_style_str(p.muted);
        // The axis's ends, right-aligned against it.
        ctx.set_text_align("end");
        let top_text = if plot.unit.is_empty() {
            crate::shell::messages::shortest(top, 6)
        } else {
            crate::t!(plot.unit, v = crate::shell::messages::num(top, 6))
        };
        let _ = ctx.fill_text(&top_text, x0 - 4.0, y0 + 10.0);
        let _ = ctx.fill_text(&crate::shell::messages::number(0.0, 0), x0 - 4.0, y0 + ph);
        ctx.set_text_align("start");
        ctx.set_stroke_style_str(p.link);
        ctx.set_line_width(1.0);
        let _ = ctx.set_line_dash(&no_dash);
        ctx.stroke_rect(x0, y0, pw, ph);
        // The time axis: where it starts and ends.
        ctx.set_fill_style_str(p.muted);
        let _ = ctx.fill_text(
            &crate::shell::text::clock_text(d.from_ms),
            x0,
            y0 + ph + 14.0,
        );
        let end = crate::shell::text::clock_text(t_end as u64);
        ctx.set_text_align("end");
        let _ = ctx.fill_text(
            &crate::t!("plot-end", end = crate::shell::messages::text(end)),
            x0 + pw,
            y0 + ph + 14.0,
        );
        ctx.set_text_align("start");
        let x = |t: f64| x0 + (t - t0).max(0.0) / (t_end - t0) * pw;
        let y = |v: f64| y0 + ph - crate::sim::small::clamp(v / top, 0.0, 1.0) * ph;
        ctx.begin_path();
        for &m in marks {
            ctx.move_to(x(m as f64), y0);
            ctx.line_to(x(m as f64), y0 + ph);
        }
        ctx.set_stroke_style_str(p.cut_link);
        ctx.stroke();
        for (a, (colour, dash)) in PLOT_STYLE.iter().enumerate().take(plot.values.len()) {
            let dash: js_sys::Array = dash.iter().map(|d| JsValue::from(*d)).collect();
            let _ = ctx.set_line_dash(&dash);
            ctx.begin_path();
            let shown = times
                .iter()
                .zip(&plot.values[a])
                .filter(|(t, _)| **t >= d.from_ms);
            for (i, (&t, &v)) in shown.enumerate() {
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
    // The key: each line's style and name, and the failure mark, in rows.
    let (mut x, mut y) = (44.0, h - key_h + 14.0);
    for (line, name, iw) in items {
        if x > 44.0 && x + iw > w - 4.0 {
            x = 44.0;
            y += 18.0;
        }
        match line {
            Some(i) => {
                let (colour, dash) = PLOT_STYLE[i];
                let dash: js_sys::Array = dash.iter().map(|d| JsValue::from(*d)).collect();
                let _ = ctx.set_line_dash(&dash);
                ctx.begin_path();
                ctx.move_to(x, y);
                ctx.line_to(x + 26.0, y);
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(2.0);
                ctx.stroke();
                ctx.set_fill_style_str(p.outline);
                let _ = ctx.fill_text(name, x + 32.0, y + 4.0);
            }
            None => {
                let _ = ctx.set_line_dash(&no_dash);
                ctx.begin_path();
                ctx.move_to(x + 4.0, y - 7.0);
                ctx.line_to(x + 4.0, y + 7.0);
                ctx.set_stroke_style_str(p.cut_link);
                ctx.stroke();
                ctx.set_fill_style_str(p.outline);
                let _ = ctx.fill_text(name, x + 12.0, y + 4.0);
            }
        }
        x += iw;
    }
    let _ = ctx.set_line_dash(&no_dash);
}
