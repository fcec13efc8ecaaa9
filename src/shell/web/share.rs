//! Sharing: the link notice for bad links, "Copy link", "Copy embed code", the preset gallery
//! and the embed-mode bar.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

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
            <strong>{ "This link had problems, so part of it was not used:" }</strong>
            <ul>{ for p.problems.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            <button type="button" onclick={p.on_dismiss.reform(|_| ())}>{ "Dismiss" }</button>
        </div>
    }
}

/// The page's address without its query and fragment.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The iframe snippet for a scenario fragment.
pub fn embed_code(fragment: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}?embed=1#{fragment}\" title=\"{title}\" width=\"100%\" height=\"760\" style=\"border:0\" loading=\"lazy\"></iframe>",
        base_url()
    )
}

/// Copies `text`; says how it went in `status`. Falls back to selecting the field for a manual
/// copy where the clipboard is not allowed (some embedding pages forbid it).
fn copy(text: String, field: NodeRef, status: UseStateHandle<String>) {
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    wasm_bindgen_futures::spawn_local(async move {
        let ok = match clipboard {
            Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
            None => false,
        };
        if ok {
            status.set("Copied ✓".to_string());
        } else {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.select();
            }
            status.set("Selected — press Ctrl+C (⌘C) to copy".to_string());
        }
    });
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
    let link = format!("{}#{}", base_url(), p.fragment);
    let code = embed_code(&p.fragment, &p.title);
    let copy_link = {
        let (link, field, status) = (link.clone(), link_field.clone(), link_status.clone());
        Callback::from(move |_: MouseEvent| copy(link.clone(), field.clone(), status.clone()))
    };
    let copy_embed = {
        let (code, field, status) = (code.clone(), embed_field.clone(), embed_status.clone());
        Callback::from(move |_: MouseEvent| copy(code.clone(), field.clone(), status.clone()))
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
            <summary>{ "Share this scenario" }</summary>
            <div class="share-row">
                <label for="share-link">{ "Link (the address bar always holds it too)" }</label>
                <div class="copy">
                    <input id="share-link" ref={link_field} readonly=true value={link} onfocus={select_all.clone()} />
                    <button type="button" id="copy-link" onclick={copy_link}>{ "Copy link" }</button>
                    <span class="status" aria-live="polite">{ (*link_status).clone() }</span>
                </div>
            </div>
            <div class="share-row">
                <label for="share-embed">{ "Embed code for a course page" }</label>
                <div class="copy">
                    <input id="share-embed" ref={embed_field} readonly=true value={code} onfocus={select_all} />
                    <button type="button" id="copy-embed" onclick={copy_embed}>{ "Copy embed code" }</button>
                    <span class="status" aria-live="polite">{ (*embed_status).clone() }</span>
                </div>
            </div>
        </details>
    }
}
