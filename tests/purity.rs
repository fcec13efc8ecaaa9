//! The engines stay pure and deterministic: nothing in the core (src/sim) or in a lesson's
//! model (src/lessons/*/model) names a web crate, reads the wall clock, draws unseeded numbers
//! or iterates a hash map.

#![cfg(not(target_arch = "wasm32"))]

mod source;

use source::rust_files;

use std::path::Path;

#[test]
fn engines_name_no_web_crate_and_no_wall_clock() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("sim"), &mut files);
    let core = files.len();
    for lesson in std::fs::read_dir(src.join("lessons")).unwrap() {
        let model = lesson.unwrap().path().join("model");
        if model.is_dir() {
            rust_files(&model, &mut files);
        }
    }
    assert!(core >= 10 && files.len() >= core + 20, "found {files:?}");
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
