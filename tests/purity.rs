//! The engine stays pure: nothing under src/sim names a web crate or reads the wall clock.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn sim_names_no_web_crate_and_no_wall_clock() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"),
        &mut files,
    );
    assert!(files.len() >= 10, "found {files:?}");
    let banned = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "SystemTime",
        "Instant",
        "thread_rng",
        "HashMap",
        "HashSet",
    ];
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            assert!(!banned.contains(&word), "{} names {word}", f.display());
        }
    }
}
