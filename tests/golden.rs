//! The golden trace hashes, natively. `tests/wasm.rs` asserts the same ones in the browser.

mod common;

#[test]
fn golden_trace_hashes() {
    for (arch, hash) in common::golden_hashes() {
        println!("{arch}: {hash}");
    }
    common::assert_golden();
}
