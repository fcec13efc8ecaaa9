//! The parts of `index.html` that are plain HTML: the gallery's links must be the presets'
//! links (so a change to a preset or to the link format cannot leave the page stale), and the
//! explanations must say what the model does.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::network::link::{decode, encode, presets};

fn index_html() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap()
}

/// Each gallery item of page `file` is, in order, one preset: `(id, link, title, watch)`.
fn check_gallery(file: &str, presets: &[(&str, String, &str, &str)]) {
    let html = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut expected = String::new();
    for (id, link, title, watch) in presets {
        let item = format!(
            "<li data-preset=\"{id}\"><a href=\"#{}\">{title}</a><p>{watch}</p></li>",
            link.replace('&', "&amp;"),
        );
        expected.push_str(&format!("        {item}\n"));
        assert!(
            html.contains(&item),
            "{file}'s gallery is out of date; its items should read:\n{expected}(and so on for every preset)"
        );
    }
    assert_eq!(
        html.matches("data-preset=").count(),
        presets.len(),
        "{file}"
    );
}

#[test]
fn the_gallery_links_are_the_presets() {
    let items: Vec<_> = presets()
        .into_iter()
        .map(|p| {
            let link = encode(&p.scenario);
            assert!(decode(&link).problems.is_empty(), "{}", p.id);
            (p.id, link, p.title, p.watch)
        })
        .collect();
    check_gallery("index.html", &items);
}

#[test]
fn the_timing_gallery_links_are_its_presets() {
    use archsim::lessons::timing::link;
    let items: Vec<_> = link::presets()
        .into_iter()
        .map(|p| (p.id, link::encode(&p.scenario), p.title, p.watch))
        .collect();
    check_gallery("timing.html", &items);
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
    let items: Vec<_> = link::presets()
        .into_iter()
        .map(|p| (p.id, link::encode(&p.scenario), p.title, p.watch))
        .collect();
    check_gallery("consensus.html", &items);
    let html = consensus_html();
    // The two pages link to each other.
    assert!(html.contains("href=\"../\""));
    assert!(index_html().contains("href=\"consensus/\""));
}
