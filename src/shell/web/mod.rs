//! The page shell every lesson's page is built on (wasm only): the frame loop and pace, the
//! address bar, shortcuts and focus, canvases and plots, the timeline panel and exports, the
//! share box, the stats overlay and the tour host. It imports no lesson; each lesson's page
//! gives it its words.

use yew::prelude::*;

pub mod canvas;
pub mod form;
pub mod frame;
pub mod lang;
pub mod opener;
pub mod page;
pub mod share;
pub mod stage;
pub mod stats;
pub mod timeline_panel;
pub mod tour_host;
pub mod words;

pub use tour_host::{
    tour_act, tour_holds, tour_load, tour_mark, tour_opened, tour_ready, tour_value,
};
pub use words::{esc, node, raw, ta, tx};

// The pages' allocator: smaller than the default (dlmalloc) in the download, and faster.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Where a pointer event is on the element it happened on (a canvas), px. (A pointer event is
/// a mouse event too.)
pub fn canvas_xy(e: &MouseEvent) -> Option<(f64, f64)> {
    use wasm_bindgen::JsCast;
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let rect = el.get_bounding_client_rect();
    Some((
        f64::from(e.client_x()) - rect.left(),
        f64::from(e.client_y()) - rect.top(),
    ))
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

/// Mounts a lesson's page component into `#app` (or `<body>`), after installing a panic hook
/// that shows any panic on the page (so a bug never leaves a frozen page without a word), and
/// once the page's language is ready (`english` is the page's own English message file, `mark`
/// the fingerprint its translations open with). The
/// rest of the page's HTML — the gallery, the explanations — is plain HTML; in embed mode
/// `<html>` gets the class `embed`, which hides it.
pub fn mount<C: BaseComponent<Properties = ()>>(english: &'static str, mark: &str) {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let doc = web_sys::window().and_then(|w| w.document());
    if stage::flag("embed")
        && let Some(root) = doc.as_ref().and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("class", "embed");
    }
    crate::shell::messages::ensure(english);
    lang::start(mark);
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
    div.set_text_content(Some(&crate::t!(
        "fatal",
        details = crate::shell::messages::text(message)
    )));
    let _ = body.append_child(&div);
}
