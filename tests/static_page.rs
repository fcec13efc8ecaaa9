//! The parts of `index.html` that are plain HTML: the gallery's links must be the presets'
//! links (so a change to a preset or to the link format cannot leave the page stale), and the
//! explanations must say what the model does.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::network::link::{decode, encode, presets};

fn index_html() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap()
}

#[test]
fn the_gallery_links_are_the_presets() {
    let html = index_html();
    let mut expected = String::new();
    for p in presets() {
        let link = encode(&p.scenario);
        assert!(decode(&link).problems.is_empty(), "{}", p.id);
        let item = format!(
            "<li data-preset=\"{}\"><a href=\"#{}\">{}</a><p>{}</p></li>",
            p.id,
            link.replace('&', "&amp;"),
            p.title,
            p.watch
        );
        expected.push_str(&format!("        {item}\n"));
        assert!(
            html.contains(&item),
            "index.html's gallery is out of date; its items should read:\n{expected}(and so on for every preset)"
        );
    }
    assert_eq!(html.matches("data-preset=").count(), presets().len());
}

#[test]
fn the_explanations_describe_the_model() {
    let html = index_html();
    for needle in [
        "announces it",
        "three link delays a hop",
        "never backwards",
        "first federated server takes over",
        "last 20 seconds",
        "Relay batching",
    ] {
        assert!(
            html.contains(needle),
            "index.html no longer says “{needle}”"
        );
    }
}

fn consensus_html() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/consensus.html")).unwrap()
}

#[test]
fn the_consensus_gallery_links_are_its_presets() {
    use archsim::lessons::consensus::link;
    let html = consensus_html();
    let mut expected = String::new();
    for p in link::presets() {
        let item = format!(
            "<li data-preset=\"{}\"><a href=\"#{}\">{}</a><p>{}</p></li>",
            p.id,
            link::encode(&p.scenario).replace('&', "&amp;"),
            p.title,
            p.watch
        );
        expected.push_str(&format!("        {item}\n"));
        assert!(
            html.contains(&item),
            "consensus.html's gallery is out of date; its items should read:\n{expected}(and so on for every preset)"
        );
    }
    assert_eq!(html.matches("data-preset=").count(), link::presets().len());
    // The two pages link to each other.
    assert!(html.contains("href=\"../\""));
    assert!(index_html().contains("href=\"consensus/\""));
}
