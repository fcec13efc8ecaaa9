//! Play, pause, step, speed, reset, "fail the hub" and the scenario's settings.

use web_sys::{HtmlInputElement, InputEvent};
use yew::prelude::*;

use crate::world::{PAGE_MAX_PARTICIPANTS, PageSettings};

/// Inputs.
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Running or paused.
    pub playing: bool,
    /// Virtual ms per real ms.
    pub speed: f64,
    /// Virtual time, ms.
    pub time_ms: f64,
    /// The settings as shown.
    pub settings: PageSettings,
    /// Why the last settings were refused.
    pub error: Option<AttrValue>,
    /// Play/pause.
    pub on_play: Callback<()>,
    /// Advance a little while paused.
    pub on_step: Callback<()>,
    /// New speed.
    pub on_speed: Callback<f64>,
    /// Start the scenario again.
    pub on_reset: Callback<()>,
    /// Fail the hub of every architecture.
    pub on_fail_hubs: Callback<()>,
    /// Settings edited (applied when valid).
    pub on_settings: Callback<PageSettings>,
    /// Settings being typed (shown, not applied yet).
    pub on_draft: Callback<PageSettings>,
    /// Show or hide the stats overlay.
    pub on_stats: Callback<()>,
    /// Show or hide the keyboard shortcuts.
    pub on_help: Callback<()>,
    /// Compact (embed mode): no settings, shorter labels.
    #[prop_or_default]
    pub embed: bool,
}

/// Speeds run from 0.1× to 100× on a log scale: the slider holds log10(speed).
fn speed_label(speed: f64) -> String {
    if speed < 1.0 {
        format!("{speed:.2}×")
    } else {
        format!("{speed:.0}×")
    }
}

/// The control bar.
#[function_component]
pub fn Controls(p: &ControlsProps) -> Html {
    let on_speed = p.on_speed.reform(|e: InputEvent| {
        let v: f64 = e
            .target_unchecked_into::<HtmlInputElement>()
            .value()
            .parse()
            .unwrap_or(0.0);
        // The browser's Math.pow: no need to ship a second one in the wasm.
        js_sys::Math::pow(10.0, v.clamp(-1.0, 2.0))
    });
    let field = |label: &'static str,
                 id: &'static str,
                 value: &str,
                 min: &str,
                 max: &str,
                 step: &str,
                 set: fn(&mut PageSettings, String)| {
        // Controlled input: every keystroke goes into the draft, so a re-render (four a
        // second while running) shows what was typed; leaving the field applies it.
        let edit = |settings: PageSettings| {
            move |e: Event| {
                let mut s = settings.clone();
                set(
                    &mut s,
                    e.target_unchecked_into::<HtmlInputElement>().value(),
                );
                s
            }
        };
        let oninput = p.on_draft.reform({
            let f = edit(p.settings.clone());
            move |e: InputEvent| f(e.into())
        });
        let onchange = p.on_settings.reform(edit(p.settings.clone()));
        html! {
            <label class="field" for={id}>
                <span>{ label }</span>
                <input {id} type="number" inputmode="decimal" value={value.to_string()}
                    min={min.to_string()} max={max.to_string()} step={step.to_string()} {oninput} {onchange}
                    aria-invalid={p.error.is_some().to_string()} aria-describedby="settings-error" />
            </label>
        }
    };
    let max_participants = PAGE_MAX_PARTICIPANTS.to_string();
    html! {
        <section class="controls" aria-label="Simulation controls">
            <div class="row">
                <button type="button" class="primary" onclick={p.on_play.reform(|_| ())} id="play"
                    aria-pressed={(!p.playing).to_string()}>
                    { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button type="button" onclick={p.on_step.reform(|_| ())} disabled={p.playing}
                    title="Advance 100 ms of virtual time">{ "Step" }</button>
                <button type="button" onclick={p.on_reset.reform(|_| ())}>{ "Reset" }</button>
                <button type="button" class="danger" id="fail-hubs" onclick={p.on_fail_hubs.reform(|_| ())}>
                    { if p.embed { "Fail the hubs" } else { "Fail the hub in all three" } }
                </button>
                <label class="speed" for="speed">
                    <span>{ "Speed " }<output for="speed">{ speed_label(p.speed) }</output></span>
                    <input id="speed" type="range" min="-1" max="2" step="0.05"
                        value={format!("{:.2}", js_sys::Math::log10(p.speed))} oninput={on_speed}
                        aria-valuetext={speed_label(p.speed)} />
                </label>
                <button type="button" class="quiet" onclick={p.on_stats.reform(|_| ())}
                    title="Frame time, frame rate, simulation events per second">{ "Stats" }</button>
                <button type="button" class="quiet" onclick={p.on_help.reform(|_| ())}
                    aria-keyshortcuts="?">{ "Shortcuts (?)" }</button>
                <span class="clock" aria-live="off">{ format!("t = {:.1} s", p.time_ms / 1000.0) }</span>
            </div>
            if !p.embed {
            <details class="settings">
                <summary>{ "Scenario settings" }</summary>
                <div class="row">
                    { field("Participants", "participants", &p.settings.participants, "3", &max_participants, "1", |s, v| s.participants = v) }
                    { field("Peer degree", "degree", &p.settings.degree, "2", "16", "1", |s, v| s.degree = v) }
                    { field("Seed", "seed", &p.settings.seed, "0", "18446744073709551615", "1", |s, v| s.seed = v) }
                    { field("Latency min (ms)", "lat-min", &p.settings.latency_min_ms, "0", "2000", "1", |s, v| s.latency_min_ms = v) }
                    { field("Latency max (ms)", "lat-max", &p.settings.latency_max_ms, "1", "2000", "1", |s, v| s.latency_max_ms = v) }
                    { field("Loss (%)", "loss", &p.settings.loss_percent, "0", "50", "0.5", |s, v| s.loss_percent = v) }
                </div>
                <p class="note">{ "Changing a setting restarts all three networks with the new scenario." }</p>
            </details>
            }
            <p id="settings-error" class="error" role="alert">
                { p.error.clone().unwrap_or_default() }
            </p>
        </section>
    }
}
