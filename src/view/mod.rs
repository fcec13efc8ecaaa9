//! The page: Yew function components over a [`crate::world::World`]. Data flows one way:
//! world → scene → painter; clicks and keys become actions on the world.

mod app;
mod compare;
mod controls;
mod painter;
mod panel;
mod share;
mod stats;
mod timeline;

pub use app::App;

/// Mounts the page into `#app` (or `<body>`), after installing a panic hook that shows any panic
/// on the page (so a bug never leaves a frozen page without a word). The rest of `index.html` —
/// the gallery, the explanations — is plain HTML; in embed mode `<html>` gets the class `embed`,
/// which hides it.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    let doc = web_sys::window().and_then(|w| w.document());
    if app::flag("embed")
        && let Some(root) = doc.as_ref().and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("class", "embed");
    }
    match doc.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
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
