//! The page: Yew function components over a [`crate::world::World`]. Data flows one way:
//! world → scene → painter; clicks and keys become actions on the world.

use crate::sim::small::Dec;
use yew::prelude::*;

mod app;
mod chainpaint;
mod compare;
mod consensus;
mod controls;
mod painter;
mod panel;
mod share;
mod shell;
mod stats;
mod timeline;
mod tour;

pub use app::App;
pub use consensus::ConsensusApp;
pub use tour::{tour_act, tour_load, tour_mark, tour_opened, tour_ready, tour_value};

/// A virtual time for people: seconds with a tenth up to two minutes, then minutes and
/// seconds, then hours and minutes ("12.3 s", "4 min 05 s", "2 h 03 min").
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1_000;
    if ms < 120_000 {
        format!("{:.1} s", Dec(ms as f64 / 1_000.0))
    } else if s < 3_600 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3_600, s % 3_600 / 60)
    }
}

/// The group (`data-roving`) an event happened in, and the index (`data-i`) of the item.
fn roving_item(e: &Event) -> Option<(web_sys::Element, u32)> {
    use wasm_bindgen::JsCast;
    let item = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let group = item.closest("[data-roving]").ok()??;
    let at = item.get_attribute("data-i")?.parse().ok()?;
    Some((group, at))
}

/// Makes item `i` of `group` the group's one Tab stop, and focuses it if `focus`.
fn roving_set(group: &web_sys::Element, i: u32, focus: bool) {
    use wasm_bindgen::JsCast;
    let Ok(items) = group.query_selector_all("[data-i]") else {
        return;
    };
    for k in 0..items.length() {
        if let Some(el) = items
            .item(k)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.set_attribute("tabindex", if k == i { "0" } else { "-1" });
            if k == i && focus {
                let _ = el.focus();
            }
        }
    }
}

/// Keys of a roving group (a panel's nodes, the event log): one Tab stop for the group;
/// arrows move to the next or previous item, Home and End to the first and last.
pub fn roving_keys() -> Callback<KeyboardEvent> {
    Callback::from(|e: KeyboardEvent| {
        let Some((group, at)) = roving_item(&e) else {
            return;
        };
        let len = group
            .query_selector_all("[data-i]")
            .map_or(0, |l| l.length());
        if len == 0 {
            return;
        }
        let next = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => (at + 1) % len,
            "ArrowLeft" | "ArrowUp" => (at + len - 1) % len,
            "Home" => 0,
            "End" => len - 1,
            _ => return,
        };
        e.prevent_default();
        roving_set(&group, next, true);
    })
}

/// An item of a roving group that gains focus (a click, a tap) becomes its Tab stop.
pub fn roving_focus() -> Callback<FocusEvent> {
    Callback::from(|e: FocusEvent| {
        if let Some((group, at)) = roving_item(&e) {
            roving_set(&group, at, false);
        }
    })
}

/// A rate with a unit that fits: "350", "1.2 k", "4.5 M".
pub fn per_second(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.1} M", Dec(v / 1e6))
    } else if v >= 1e3 {
        format!("{:.1} k", Dec(v / 1e3))
    } else {
        format!("{:.0}", Dec(v))
    }
}

/// Mounts the page into `#app` (or `<body>`), after installing a panic hook that shows any panic
/// on the page (so a bug never leaves a frozen page without a word). The rest of `index.html` —
/// the gallery, the explanations — is plain HTML; in embed mode `<html>` gets the class `embed`,
/// which hides it.
pub fn start() {
    mount::<App>();
}

/// Mounts the consensus page (see [`start`]).
pub fn start_consensus() {
    mount::<consensus::ConsensusApp>();
}

fn mount<C: BaseComponent<Properties = ()>>() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let doc = web_sys::window().and_then(|w| w.document());
    if shell::flag("embed")
        && let Some(root) = doc.as_ref().and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("class", "embed");
    }
    match doc.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => yew::Renderer::<C>::with_root(root).render(),
        None => yew::Renderer::<C>::new().render(),
    };
}

/// Puts a visible error box on the page (text only). The panic hook calls it; public so a
/// browser test can check what a student would see.
pub fn show_fatal(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("fatal");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(&format!(
        "archsim hit an internal error and stopped. Reload the page to start again. Details: {message}"
    )));
    let _ = body.append_child(&div);
}
