//! Tests in headless Chromium (wasm-bindgen-test): the golden trace hash, and the page's
//! components mounted for real.

#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlButtonElement, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn golden_trace_hashes_match_native() {
    common::assert_golden();
}

#[wasm_bindgen_test]
fn chain_golden_trace_hashes_match_native() {
    common::assert_chain_golden();
}

#[wasm_bindgen_test]
fn timing_golden_trace_hash_matches_native() {
    common::assert_timing_golden();
}

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a page into a fresh, visible container and lets it render and paint.
async fn mount_page<C: yew::BaseComponent<Properties = ()>>() -> (Element, yew::AppHandle<C>) {
    let root = doc().create_element("div").unwrap();
    root.set_attribute("style", "width: 1200px").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root(root.clone()).render();
    sleep(Duration::from_millis(400)).await;
    (root, handle)
}

/// Mounts the first page.
async fn mount() -> Element {
    mount_page::<archsim::lessons::network::page::NetworkPage>()
        .await
        .0
}

fn painted_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into::<CanvasRenderingContext2d>()
        .unwrap();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let data = ctx.get_image_data(0.0, 0.0, w, h).unwrap().data();
    data.chunks(4)
        .filter(|px| px[0] < 200 || px[1] < 200 || px[2] < 200)
        .count()
}

#[wasm_bindgen_test]
async fn page_mounts_three_painted_panels_with_node_controls() {
    let root = mount().await;
    for (name, title) in [
        ("client-server", "Client-server"),
        ("federated", "Federated servers"),
        ("p2p", "Peer-to-peer"),
    ] {
        let section = root
            .query_selector(&format!("section[aria-label=\"{title}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no landmark for {title}"));
        let canvas: HtmlCanvasElement = section
            .query_selector(&format!("canvas[data-arch=\"{name}\"]"))
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        assert!(canvas.width() > 100, "{name} canvas not sized");
        let painted = painted_pixels(&canvas);
        assert!(painted > 500, "{name} canvas looks blank ({painted} px)");
        let controls = section.query_selector_all(".node-ctl").unwrap().length();
        let expected = match name {
            "client-server" => 25,
            "federated" => 29,
            _ => 24,
        };
        assert_eq!(controls, expected, "{name} node controls");
    }
    let table = root.query_selector("table.ratings").unwrap().unwrap();
    assert_eq!(
        table.query_selector_all("td[data-level]").unwrap().length(),
        9
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_node_control_fails_and_recovers_its_node() {
    let root = mount().await;
    let server: HtmlButtonElement = root
        .query_selector("button.node-ctl[data-node=\"S0\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        server
            .get_attribute("aria-label")
            .unwrap()
            .starts_with("server S0 — up")
    );
    server.click();
    sleep(Duration::from_millis(300)).await;
    assert_eq!(server.get_attribute("data-state").as_deref(), Some("down"));
    assert!(server.get_attribute("aria-label").unwrap().contains("down"));
    let summary = root
        .query_selector("[data-summary=\"client-server\"]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        summary.contains("24 of 24 live clients cut off"),
        "{summary}"
    );
    let clients_cut = root
        .query_selector_all("#panel-client-server button[data-state=\"cut-off\"]")
        .unwrap()
        .length();
    assert_eq!(clients_cut, 24);
    let announce = root
        .query_selector("#announce")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(announce.contains("failed server S0"), "{announce}");

    server.click();
    sleep(Duration::from_millis(300)).await;
    assert_eq!(server.get_attribute("data-state").as_deref(), Some("up"));
    root.remove();
}

#[wasm_bindgen_test]
fn a_fatal_error_is_shown_on_the_page_as_text() {
    archsim::shell::web::show_fatal("boom <b>not markup</b>");
    let el = doc()
        .get_element_by_id("fatal")
        .expect("the error box is on the page");
    assert_eq!(el.get_attribute("role").as_deref(), Some("alert"));
    let text = el.text_content().unwrap();
    assert!(text.contains("Reload the page"), "{text}");
    assert!(text.contains("boom <b>not markup</b>"), "{text}");
    assert_eq!(el.children().length(), 0, "the message is text, not markup");
    el.remove();
}

#[wasm_bindgen_test]
async fn consensus_page_mounts_painted_network_and_tree_and_fails_a_peer() {
    let (root, page) = mount_page::<archsim::lessons::consensus::page::ConsensusPage>().await;
    for class in ["net", "tree"] {
        let canvas: HtmlCanvasElement = root
            .query_selector(&format!("canvas.{class}"))
            .unwrap()
            .unwrap_or_else(|| panic!("no {class} canvas"))
            .dyn_into()
            .unwrap();
        assert!(canvas.width() > 100, "{class} canvas not sized");
        let painted = painted_pixels(&canvas);
        assert!(painted > 300, "{class} canvas looks blank ({painted} px)");
    }
    let rows = root
        .query_selector_all(".theory tbody tr")
        .unwrap()
        .length();
    assert!(rows >= 6, "{rows} rows beside theory");
    // Enter on the network fails the chosen peer.
    let stage: web_sys::HtmlElement = root
        .query_selector(".stage")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    stage.focus().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    stage.dispatch_event(&e).unwrap();
    sleep(Duration::from_millis(100)).await;
    let status = root
        .query_selector("#status")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(status.contains("1 peer down"), "{status}");
    // The page keeps the address bar on its scenario: unmount it and clear the address, so
    // the first page's tests in the same document open their own default.
    page.destroy();
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_tour_reads_acts_and_rings_through_the_mounted_page() {
    use archsim::shell::web::{
        tour_act, tour_holds, tour_load, tour_mark, tour_opened, tour_ready, tour_value,
    };
    let (root, page) = mount_page::<archsim::lessons::network::page::NetworkPage>().await;
    assert!(tour_ready());
    let opened = tour_opened();
    tour_load("#v=1&seed=1&n=12&t=2000&speed=1&play=0", "Step 1.");
    assert_eq!(tour_opened(), opened + 1);
    sleep(Duration::from_millis(100)).await;
    assert_eq!(tour_value("client-server.reachable_fraction"), Some(1.0));
    assert_eq!(tour_value("client-server.participants"), Some(12.0));
    assert_eq!(tour_value("p2p.rating.network"), Some(2.0));
    assert_eq!(tour_value("p2p.no_such_value"), None);
    // Not measured yet reads NaN (no failure has been detected).
    assert!(
        tour_value("client-server.detection_delay_ms")
            .unwrap()
            .is_nan()
    );
    // "Show me": the server fails, and what the tour reads follows.
    assert_eq!(tour_act("cxS0"), None);
    assert_eq!(tour_value("client-server.reachable_fraction"), Some(0.0));
    // The card checks a step's state with the checker's own evaluator.
    assert_eq!(
        tour_holds("client-server.reachable_fraction = 0"),
        Some(true)
    );
    assert_eq!(
        tour_holds("client-server.reachable_fraction >= 0.5"),
        Some(false)
    );
    assert_eq!(
        tour_holds("client-server.detection_delay_ms = none"),
        Some(true)
    );
    assert_eq!(tour_holds("p2p.rating.network = high"), Some(true));
    assert_eq!(tour_holds("p2p.no_such_value = 1"), None);
    assert_eq!(tour_holds("not a claim"), None);
    let err = tour_act("qqq").expect("a bad action is refused");
    assert!(err.contains("names no architecture"), "{err}");
    assert_eq!(
        tour_mark("client-server S0").as_deref(),
        Some("server S0 in Client-server")
    );
    assert_eq!(tour_mark("p2p P99"), None);
    assert_eq!(tour_mark(""), None);
    // Unmounted, the page no longer answers.
    page.destroy();
    sleep(Duration::from_millis(50)).await;
    root.remove();
    assert!(!tour_ready());
    assert_eq!(tour_value("client-server.participants"), None);
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"))
        .unwrap();
}
