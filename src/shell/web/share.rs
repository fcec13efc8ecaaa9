//! Sharing: the link notice for bad links, "Copy link", "Copy embed code", the preset gallery
//! and the embed-mode bar.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub use super::stage::base_url;
use super::words::tx;
use crate::shell::messages::t;

/// Shows what was wrong with the opened link. Text only: nothing from a link is ever markup.
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// One sentence per problem.
    pub problems: Vec<String>,
    /// Hide the notice.
    pub on_dismiss: Callback<()>,
}

/// The bad-link notice.
#[function_component]
pub fn LinkNotice(p: &NoticeProps) -> Html {
    if p.problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice" role="alert" id="link-notice">
            <strong>{ tx("link-problems") }</strong>
            <ul>{ for p.problems.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            <button type="button" onclick={p.on_dismiss.reform(|_| ())}>{ tx("dismiss") }</button>
        </div>
    }
}

/// The page's address with the language in use (when not English), for a link to share.
pub fn share_url() -> String {
    match super::lang::query() {
        q if q.is_empty() => base_url(),
        q => format!("{}?{q}", base_url()),
    }
}

/// The iframe snippet for a scenario fragment.
/// (`title` is a page's `share-title` message, which `tests/messages.rs` keeps free of what an
/// attribute would need escaped.)
pub fn embed_code(fragment: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}?embed=1{}#{fragment}\" title=\"{title}\" width=\"100%\" height=\"760\" style=\"border:0\" loading=\"lazy\"></iframe>",
        base_url(),
        match super::lang::query() {
            q if q.is_empty() => q,
            q => format!("&{q}"),
        }
    )
}

/// Copies what `field` holds: selects it and asks the browser to copy the selection; says how
/// it went in `status`. Where copying is not allowed (some embedding pages forbid it), the
/// field stays selected for a manual copy.
fn copy(field: NodeRef, status: UseStateHandle<String>) {
    let Some(input) = field.cast::<HtmlInputElement>() else {
        return;
    };
    input.select();
    let copied = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .is_some_and(|d| d.exec_command("copy").unwrap_or(false));
    status.set(t(if copied { "copied" } else { "press-to-copy" }));
}

/// Inputs.
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The current scenario's fragment.
    pub fragment: AttrValue,
    /// The embedded frame's title.
    pub title: AttrValue,
}

/// "Copy link" and "Copy embed code", each with its text visible and selectable.
#[function_component]
pub fn Share(p: &ShareProps) -> Html {
    let link_field = use_node_ref();
    let embed_field = use_node_ref();
    let link_status = use_state(String::new);
    let embed_status = use_state(String::new);
    let link = format!("{}#{}", share_url(), p.fragment);
    let code = embed_code(&p.fragment, &p.title);
    let copy_link = {
        let (field, status) = (link_field.clone(), link_status.clone());
        Callback::from(move |_: MouseEvent| copy(field.clone(), status.clone()))
    };
    let copy_embed = {
        let (field, status) = (embed_field.clone(), embed_status.clone());
        Callback::from(move |_: MouseEvent| copy(field.clone(), status.clone()))
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            input.select();
        }
    });
    html! {
        <details class="share">
            <summary>{ tx("share-summary") }</summary>
            <div class="share-row">
                <label for="share-link">{ tx("share-link") }</label>
                <div class="copy">
                    <input id="share-link" ref={link_field} readonly=true value={link} onfocus={select_all.clone()} />
                    <button type="button" id="copy-link" onclick={copy_link}>{ tx("copy-link") }</button>
                    <span class="status" aria-live="polite">{ (*link_status).clone() }</span>
                </div>
            </div>
            <div class="share-row">
                <label for="share-embed">{ tx("share-embed") }</label>
                <div class="copy">
                    <input id="share-embed" ref={embed_field} readonly=true value={code} onfocus={select_all} />
                    <button type="button" id="copy-embed" onclick={copy_embed}>{ tx("copy-embed") }</button>
                    <span class="status" aria-live="polite">{ (*embed_status).clone() }</span>
                </div>
            </div>
        </details>
    }
}
