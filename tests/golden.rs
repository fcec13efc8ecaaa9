//! The golden trace hashes, natively. `tests/wasm.rs` asserts the same ones in the browser.

mod common;

#[test]
fn golden_trace_hashes() {
    for (arch, hash) in common::golden_hashes() {
        println!("{arch}: {hash}");
    }
    common::assert_golden();
}

#[test]
fn chain_golden_trace_hashes() {
    for (name, hash) in common::chain_golden_hashes() {
        println!("{name}: {hash}");
    }
    common::assert_chain_golden();
}

#[test]
fn timing_golden_trace_hash() {
    println!("timing {}", common::timing_golden_hash());
    common::assert_timing_golden();
}
