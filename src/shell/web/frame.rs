//! The frame every lesson's page sits in: its header, the skip links, the way to the other
//! lessons and the tour's buttons, the notice of what a link could not use, the embed's bar,
//! the live region; after the lesson's own parts, its settings and timeline, the share box, the
//! stats and the shortcuts dialog. And the timeline panel as each page fills it.

use yew::prelude::*;

use super::page::{Rt, Ui, on_export};
use super::share::{LinkNotice, Share, share_url};
use super::stage::{Shortcuts, Stage, seek_callbacks, skip};
use super::stats::{StatsOverlay, StatsSummary};
use super::timeline_panel::TimelinePanel;
use super::words::{ta, tx};
use crate::shell::journal::LogEntry;
use crate::shell::messages::{LANGUAGES, t};
use crate::sim::time::MS;

/// A lesson's words and parts for its frame, in the language in use.
pub struct Frame {
    /// After "archsim — ".
    pub title: String,
    /// The header's paragraph.
    pub lede: String,
    /// The class of `<main>` beside `wrap` (the lesson's styles).
    pub class: &'static str,
    /// Skip links: (id, words).
    pub skips: Vec<(&'static str, String)>,
    /// The way to the other lessons (a paragraph), not in an embed.
    pub lessons: Html,
    /// The share box's title.
    pub share: String,
    /// The shortcuts dialog's keys; what each does is message `key-<n>` (read when the dialog
    /// opens).
    pub shortcuts: &'static [&'static str],
}

/// Message `key`'s words for each of `ids`, as (id, words): skip links, shortcut rows.
pub fn worded(key: &str, ids: &[&'static str]) -> Vec<(&'static str, String)> {
    ids.iter()
        .enumerate()
        .map(|(i, &id)| (id, t(&format!("{key}-{}", i + 1))))
        .collect()
}

/// The language picker: each shipped language in its own name; choosing one opens the page
/// again in it, at the same scenario (`fragment`).
pub fn language_picker(fragment: &str) -> Html {
    let here = crate::shell::messages::language();
    let fragment = if crate::shell::link::carries_tour(&super::stage::address_fragment()) {
        super::stage::address_fragment()
            .trim_start_matches('#')
            .to_string()
    } else {
        fragment.to_string()
    };
    let on_change = Callback::from(move |e: Event| {
        let code = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        super::lang::switch_to(&code, &fragment);
    });
    html! {
        <p class="language">
            <label for="language">{ tx("language") }</label>
            <select id="language" onchange={on_change}>
                { for LANGUAGES.iter().map(|&(code, name, _)| html! {
                    <option value={code} lang={code} selected={code == here}>{ name }</option>
                }) }
            </select>
        </p>
    }
}

/// The page: `frame` around `body` (the lesson's controls, drawings and numbers) and `more`
/// (its settings and timeline, left out of an embed); `status` is the status line, `fragment`
/// the scenario's link, `stats` the overlay when shown.
pub fn page(
    ui: &Ui,
    embed: bool,
    frame: &Frame,
    status: &str,
    fragment: String,
    stats: Option<StatsSummary>,
    (controls, body, more): (Html, Html, Html),
) -> Html {
    let on_dismiss = {
        let notice = ui.notice.clone();
        Callback::from(move |()| notice.set(Vec::new()))
    };
    let help = ui.help.clone();
    let nav = html! {
        <nav class="skip" aria-label={ta("skip-to")}>
            { for frame.skips.iter().map(|&(id, ref words)| html! {
                <a href={format!("#{id}")} onclick={skip(id)}>{ words }</a>
            }) }
        </nav>
    };
    html! {
        <>
        if !embed {
            <header class="top">
                <div class="wrap">
                    // The skip links are the first Tab stops, before the language picker.
                    { nav.clone() }
                    <h1>{ tx("brand") }<span>{ format!(" — {}", frame.title) }</span></h1>
                    { language_picker(&fragment) }
                    <p class="lede">{ frame.lede.clone() }</p>
                </div>
            </header>
        }
        <main class={classes!("wrap", frame.class, embed.then_some("embed"))}>
            if embed {
                { nav }
            }
            if !embed {
                { frame.lessons.clone() }
                <button type="button" class="tour-start">{ tx("take-tour") }</button>
                <button type="button" class="tour-write">{ tx("write-tour") }</button>
            }
            <LinkNotice problems={(*ui.notice).clone()} {on_dismiss} />
            if embed {
                <p class="embed-bar"><button type="button" class="tour-start">{ tx("embed-tour") }</button>
                    <a href={format!("{}#{fragment}", share_url())} target="_blank" rel="noopener" title={ta("open-full.title")}>{ tx("open-full") }</a></p>
            }
            { controls }
            <p class="status" id="status" aria-live="off">{ status.to_string() }</p>
            <div class="sr-only" aria-live="polite" id="announce">{ (*ui.said).clone() }</div>
            { body }
            if !embed {
                { more }
                <Share fragment={fragment} title={frame.share.clone()} />
            }
            if let Some(s) = stats {
                <StatsOverlay ..s />
            }
            if *help {
                <Shortcuts close={Callback::from(move |_: MouseEvent| help.set(false))} rows={worded("key", frame.shortcuts)} />
            }
        </main>
        </>
    }
}

/// What a timeline panel says: its plots in words, an example of the event log's filter, and
/// the drawing export's name.
pub struct TimelineWords {
    /// The plots in words, for a screen reader.
    pub plots: String,
    /// The filter's example.
    pub filter: &'static str,
    /// The drawing export's button.
    pub drawing: String,
}

/// The timeline: slider, plots (on `plots`), the event log of `events` and exports.
pub fn timeline<'a, S: Stage>(
    rt: &Rt<S>,
    ui: &Ui,
    plots: NodeRef,
    events: impl DoubleEndedIterator<Item = &'a LogEntry> + ExactSizeIterator,
    words: &TimelineWords,
) -> Html {
    let (on_seek, on_back) = seek_callbacks(rt, &ui.refresh, &ui.playing);
    let (events, total_events) = super::timeline_panel::event_rows(events, &ui.filter, 200);
    let on_filter = {
        let filter = ui.filter.clone();
        Callback::from(move |s: String| filter.set(s))
    };
    let r = rt.borrow();
    let tape = r.tape();
    html! {
        <TimelinePanel now_ms={r.now() / MS} horizon_ms={tape.horizon() / MS}
            next_action_ms={tape.next_action_after_now().map(|t| t / MS)} {events} {total_events}
            filter={(*ui.filter).clone()} {plots} {on_seek} {on_back}
            on_zoom={Callback::noop()} from_ms={0} {on_filter} on_export={on_export(rt, ui)}
            plots_label={words.plots.clone()} filter_example={words.filter} drawing_label={words.drawing.clone()} />
    }
}
