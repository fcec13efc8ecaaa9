//! The timeline: a time slider that rewinds by replay, "next event", the metric plots, the event
//! log (filterable by node; an entry seeks to its moment) and the exports.

use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

use crate::shell::journal::LogEntry;
use crate::shell::messages::{int, t, text};

/// An event log row.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// Virtual time, ms.
    pub at_ms: u64,
    /// The panel it happened in (empty when the page has one).
    pub panel: &'static str,
    /// What happened.
    pub text: String,
    /// A user or scenario action (failure, recovery, cut) rather than a consequence.
    pub action: bool,
}

/// The log's rows as the timeline shows them: newest first, those naming the node in
/// `filter` (in any case) when it is set, at most `max`; and how many the log holds in all.
pub fn event_rows<'a>(
    events: impl DoubleEndedIterator<Item = &'a LogEntry> + ExactSizeIterator,
    filter: &str,
    max: usize,
) -> (Vec<EventRow>, usize) {
    let total = events.len();
    let needle = filter.trim();
    let rows = events
        .rev()
        .filter(|e| needle.is_empty() || e.nodes.iter().any(|n| n.eq_ignore_ascii_case(needle)))
        .take(max)
        .map(|e| EventRow {
            at_ms: e.at / crate::sim::time::MS,
            panel: e.panel,
            text: e.text.clone(),
            action: e.action,
        })
        .collect();
    (rows, total)
}

/// What can be exported.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Export {
    /// The lesson's drawings as one PNG.
    Drawing,
    /// The plots as a PNG.
    PlotsPng,
    /// The metric series as CSV.
    SeriesCsv,
    /// The metric series as JSON.
    SeriesJson,
    /// The scenario as JSON (the link's content).
    ScenarioJson,
}

/// Inputs.
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Current virtual time, ms.
    pub now_ms: u64,
    /// End of the slider, ms.
    pub horizon_ms: u64,
    /// Time of the next scheduled action, if any.
    pub next_action_ms: Option<u64>,
    /// Matching log rows, newest first.
    pub events: Vec<EventRow>,
    /// Rows in the log before filtering.
    pub total_events: usize,
    /// The node filter as typed.
    pub filter: AttrValue,
    /// The plot canvas (painted by the page).
    pub plots: NodeRef,
    /// Go to a time (ms).
    pub on_seek: Callback<u64>,
    /// One second back (pausing).
    pub on_back: Callback<()>,
    /// Show only the last minutes of a long run (or the whole run again).
    pub on_zoom: Callback<()>,
    /// The slider's start, ms (0, or later when zoomed into a long run).
    pub from_ms: u64,
    /// New filter text.
    pub on_filter: Callback<String>,
    /// Export something.
    pub on_export: Callback<Export>,
    /// What the plots show, for screen readers.
    pub plots_label: AttrValue,
    /// An example of what the log filter takes.
    pub filter_example: AttrValue,
    /// The label of the drawing's PNG export.
    pub drawing_label: AttrValue,
}

use super::words::{node, ta, tx};
use crate::shell::text::clock_text as secs;

/// Runs longer than this can be zoomed to their last [`ZOOM_MS`].
pub const ZOOM_AFTER_MS: u64 = 360_000;
/// How much of a long run the zoomed timeline shows.
pub const ZOOM_MS: u64 = 300_000;

/// The timeline section.
#[function_component]
pub fn TimelinePanel(p: &TimelineProps) -> Html {
    let on_slide = p.on_seek.reform(|e: InputEvent| {
        e.target_unchecked_into::<HtmlInputElement>()
            .value()
            .parse::<u64>()
            .unwrap_or(0)
    });
    let on_filter = p
        .on_filter
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let back = p.on_back.reform(|_: MouseEvent| ());
    let zoomed = p.from_ms > 0;
    let next = p.next_action_ms.map(|t| {
        let seek = p.on_seek.clone();
        Callback::from(move |_: MouseEvent| seek.emit(t))
    });
    let export = |kind: Export, id: &'static str, label: AttrValue| {
        let cb = p.on_export.reform(move |_: MouseEvent| kind);
        html! { <button type="button" {id} onclick={cb}>{ label }</button> }
    };
    html! {
        <section class="timeline" id="timeline" tabindex="-1" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ tx("timeline") }</h2>
            <div class="scrub">
                <label for="time">{ tx("timeline-time") }</label>
                <input id="time" type="range" min={p.from_ms.to_string()} max={p.horizon_ms.to_string()} step="100"
                    value={p.now_ms.to_string()} oninput={on_slide}
                    aria-valuetext={crate::t!("time-of", now = text(secs(p.now_ms)), end = text(secs(p.horizon_ms)))} />
                <output for="time">{ node(crate::t!("time-slash", now = text(secs(p.now_ms)), end = text(secs(p.horizon_ms)))) }</output>
                <button type="button" onclick={back} id="back-1s" title={ta("back-1s.title")}>{ tx("back-1s") }</button>
                if zoomed || p.horizon_ms > ZOOM_AFTER_MS {
                    <button type="button" id="zoom" data-zoomed={zoomed.to_string()}
                        onclick={p.on_zoom.reform(|_: MouseEvent| ())}>
                        { tx(if zoomed { "whole-run" } else { "last-5-min" }) }
                    </button>
                }
                <button type="button" id="next-event" disabled={next.is_none()} onclick={next.unwrap_or_default()}>
                    { tx("next-event") }
                </button>
            </div>
            <p class="note">{ tx("rewind-note") }</p>
            <div class="timeline-grid">
                <div>
                    <canvas ref={p.plots.clone()} class="plots" role="img" aria-label={p.plots_label.clone()} />
                </div>
                <div class="log">
                    <label for="log-filter">{ tx("log-filter") }</label>
                    <input id="log-filter" type="search" placeholder={p.filter_example.clone()} value={p.filter.clone()}
                        oninput={on_filter} maxlength="12" />
                    <p class="note">{ node(crate::t!("events-shown", shown = int(p.events.len() as f64), total = int(p.total_events as f64))) }</p>
                    <ol class="events" aria-label={ta("events-list")}
                        data-roving="" onkeydown={super::roving_keys()}>
                        { for p.events.iter().enumerate().map(|(i, e)| {
                            let seek = p.on_seek.reform({ let t = e.at_ms; move |_: MouseEvent| t });
                            html! {
                                <li class={classes!(e.action.then_some("action"))}>
                                    <button type="button" onclick={seek} title={ta("go-to-moment")}
                                        data-i={i.to_string()} tabindex={if i == 0 { "0" } else { "-1" }}
                                        onfocus={super::roving_focus()}>
                                        <span class="t">{ secs(e.at_ms) }</span>
                                        <span class="a">{ e.panel }</span>
                                        <span>{ &e.text }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                </div>
            </div>
            <div class="exports" role="group" aria-label={ta("export")}>
                <span>{ tx("export-label") }</span>
                { export(Export::Drawing, "export-panels-png", p.drawing_label.clone()) }
                { export(Export::PlotsPng, "export-plots-png", t("export-plots").into()) }
                { export(Export::SeriesCsv, "export-csv", t("export-csv").into()) }
                { export(Export::SeriesJson, "export-json", t("export-json").into()) }
                { export(Export::ScenarioJson, "export-scenario", t("export-scenario").into()) }
            </div>
        </section>
    }
}

/// Starts a download of `data_url` as `name`.
pub fn download_url(name: &str, url: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

/// Starts a download of `text` as `name`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        download_url(name, &url);
        // Freed once the download has surely started.
        gloo::timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
    }
}

/// Starts a download of a canvas as PNG.
pub fn download_canvas(name: &str, canvas: &HtmlCanvasElement) {
    if let Ok(url) = canvas.to_data_url() {
        download_url(name, &url);
    }
}
