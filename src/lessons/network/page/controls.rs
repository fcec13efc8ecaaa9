//! Play, pause, step, speed, reset, "fail the hub" and the scenario's settings.

use crate::sim::small::Dec;
use web_sys::{HtmlInputElement, InputEvent};
use yew::prelude::*;

use crate::lessons::network::settings::{Field, PAGE_MAX_PARTICIPANTS, SettingError, Settings};

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
    pub settings: Settings,
    /// Why the last settings were refused, and which field is at fault.
    pub error: Option<SettingError>,
    /// Play/pause.
    pub on_play: Callback<()>,
    /// Advance a little while paused.
    pub on_step: Callback<()>,
    /// New speed.
    pub on_speed: Callback<f64>,
    /// Start the scenario again.
    pub on_reset: Callback<()>,
    /// Fail the hub of every architecture (or recover them, when all are down).
    pub on_fail_hubs: Callback<()>,
    /// Whether every hub is down (the button then recovers them).
    pub hubs_down: bool,
    /// Settings edited (applied when valid).
    pub on_settings: Callback<Settings>,
    /// Settings being typed (shown, not applied yet).
    pub on_draft: Callback<Settings>,
    /// Show or hide the stats overlay.
    pub on_stats: Callback<()>,
    /// Show or hide the keyboard shortcuts.
    pub on_help: Callback<()>,
    /// Compact (embed mode): no settings, shorter labels.
    #[prop_or_default]
    pub embed: bool,
}

/// The control bar.
#[function_component]
pub fn Controls(p: &ControlsProps) -> Html {
    let on_speed = p.on_speed.reform(|e: InputEvent| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        let v = crate::sim::small::parse_decimal(&text).unwrap_or(0.0);
        // The browser's Math.pow: no need to ship a second one in the wasm.
        js_sys::Math::pow(10.0, crate::sim::small::clamp(v, -1.0, 2.0))
    });
    let field = |label: &'static str,
                 field: Field,
                 value: &str,
                 hint: &str,
                 set: fn(&mut Settings, String)| {
        // Controlled input: every keystroke goes into the draft, so a re-render (four a
        // second while running) shows what was typed; leaving the field applies it. A text
        // input, so what was typed (letters included) reaches the message as typed.
        let edit = |settings: Settings| {
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
        let id = field.id();
        let wrong = p.error.as_ref().is_some_and(|e| e.field == field);
        html! {
            <label class={classes!("field", wrong.then_some("wrong"))} for={id}>
                <span>{ label }</span>
                <input {id} type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                    value={value.to_string()} title={hint.to_string()} {oninput} {onchange}
                    aria-invalid={wrong.to_string()}
                    aria-describedby={if wrong { "settings-error" } else { "" }} />
            </label>
        }
    };
    let max_participants = format!("3 to {PAGE_MAX_PARTICIPANTS}");
    html! {
        <section class="controls" aria-label="Simulation controls">
            <div class="row">
                // (The label says what a press does; a toggle's pressed state would contradict it.)
                <button type="button" class="primary" onclick={p.on_play.reform(|_| ())} id="play"
                    data-playing={p.playing.to_string()}>
                    { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button type="button" onclick={p.on_step.reform(|_| ())} disabled={p.playing}
                    title="Advance 100 ms of virtual time">{ "Step" }</button>
                <button type="button" onclick={p.on_reset.reform(|_| ())}>{ "Reset" }</button>
                <button type="button" class={if p.hubs_down { "" } else { "danger" }} id="fail-hubs"
                    onclick={p.on_fail_hubs.reform(|_| ())} aria-keyshortcuts="h">
                    { if p.hubs_down { "Recover the hubs" } else { "Fail the hubs" } }
                </button>
                <label class="speed" for="speed">
                    <span>{ "Speed " }<output for="speed">{ crate::shell::text::speed(p.speed) }</output></span>
                    <input id="speed" type="range" min="-1" max="2" step="0.05"
                        value={format!("{:.2}", Dec(js_sys::Math::log10(p.speed)))} oninput={on_speed}
                        aria-valuetext={crate::shell::text::speed(p.speed)} />
                </label>
                <button type="button" class="quiet" onclick={p.on_stats.reform(|_| ())}
                    title="Frame time, frame rate, simulation events per second">{ "Stats" }</button>
                <button type="button" class="quiet" onclick={p.on_help.reform(|_| ())}
                    aria-keyshortcuts="?">{ "Shortcuts (?)" }</button>
                <span class="clock" aria-live="off">{ format!("t = {}", crate::shell::text::clock_text(p.time_ms as u64)) }</span>
            </div>
            if !p.embed {
            <details class="settings">
                <summary>{ "Scenario settings" }</summary>
                <div class="row">
                    { field("Participants", Field::Participants, &p.settings.participants, &max_participants, |s, v| s.participants = v) }
                    { field("Peer degree", Field::Degree, &p.settings.degree, "2 to 16, below the participants", |s, v| s.degree = v) }
                    { field("Federated servers", Field::Federated, &p.settings.federated_servers, "1 to 16", |s, v| s.federated_servers = v) }
                    { field("Updates per second", Field::Rate, &p.settings.update_rate, "0 to 50", |s, v| s.update_rate = v) }
                    { field("Latency min (ms)", Field::LatencyMin, &p.settings.latency_min_ms, "0 to 2000", |s, v| s.latency_min_ms = v) }
                    { field("Latency max (ms)", Field::LatencyMax, &p.settings.latency_max_ms, "1 to 2000", |s, v| s.latency_max_ms = v) }
                    { field("Loss (%)", Field::Loss, &p.settings.loss_percent, "0 to 50", |s, v| s.loss_percent = v) }
                    { field("Clock drift (ppm)", Field::Drift, &p.settings.clock_drift_ppm, "0 to 100000 parts per million", |s, v| s.clock_drift_ppm = v) }
                    { field("Relay batching (ms)", Field::Relay, &p.settings.relay_ms, "0 to 5000: every node that passes updates on holds them this long and sends them together", |s, v| s.relay_ms = v) }
                    { field("Seed", Field::Seed, &p.settings.seed, "any whole number: the same seed gives the same run", |s, v| s.seed = v) }
                </div>
                <p class="note">{ "Changing a setting restarts all three networks with the new scenario." }</p>
            </details>
            }
            <p id="settings-error" class="error" role="alert">
                { p.error.as_ref().map(|e| e.message.clone()).unwrap_or_default() }
            </p>
        </section>
    }
}
