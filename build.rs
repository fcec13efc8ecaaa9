//! Compiles the built-in English messages (`i18n/en/*.ftl`) into the form the pages read, so
//! no page carries a Fluent parser: `$OUT_DIR/en/<file>.msg`, and each page's fingerprint of
//! its keys, `$OUT_DIR/en/<page>.fp`. A broken file stops the build with its line.

#[path = "src/shell/messages/ftl.rs"]
#[allow(dead_code)]
mod ftl;

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=i18n/en");
    println!("cargo:rerun-if-changed=src/shell/messages/ftl.rs");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("en");
    fs::create_dir_all(&out).expect("OUT_DIR/en");
    for entry in fs::read_dir("i18n/en").expect("i18n/en") {
        let path = entry.expect("i18n/en").path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("an English message file");
        let compiled = ftl::Catalog::of(&[&text])
            .and_then(|c| c.compile())
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.join("; ")));
        let name = path.file_stem().expect("a file name").to_string_lossy();
        fs::write(out.join(format!("{name}.msg")), compiled).expect("a compiled message file");
    }
    // Each page's fingerprint of its English keys (the shell's, then its own), which its
    // translations open with.
    let shell = fs::read_to_string(out.join("shell.msg")).expect("the shell's messages");
    for entry in fs::read_dir(&out).expect("OUT_DIR/en") {
        let path = entry.expect("OUT_DIR/en").path();
        if path.extension().is_some_and(|e| e == "msg") && !path.ends_with("shell.msg") {
            let page = fs::read_to_string(&path).expect("a page's messages");
            fs::write(
                path.with_extension("fp"),
                ftl::fingerprint(&[&shell, &page]),
            )
            .expect("a page's fingerprint");
        }
    }
}
