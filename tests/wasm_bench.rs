//! The engines' benchmarks in headless Chromium (run by `make bench`, not by `make test`): the
//! first lesson's flood, and six hours of Praos on 2,500 peers.

#![cfg(target_arch = "wasm32")]

use archsim::lessons::consensus::model::{ChainConfig, ChainEngine};
use archsim::lessons::network::model::{Engine, SimConfig, Workload};
use archsim::sim::Arch;
use archsim::sim::time::SECOND;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
fn flood_10k_peers() {
    let cfg = SimConfig {
        participants: 10_000,
        degree: 8,
        updates: 20,
        latency_min_ms: 10,
        latency_max_ms: 100,
        workload: Workload::Flood,
        ..SimConfig::default()
    };
    // Best of three, as the machine is shared.
    let mut best = f64::MAX;
    let mut delivered = 0;
    for _ in 0..3 {
        let mut e = Engine::new(Arch::PeerToPeer, &cfg).unwrap();
        let t0 = now_ms();
        assert!(e.run_until_idle(u64::MAX));
        best = best.min(now_ms() - t0);
        delivered = e.counters().delivered;
    }
    console_log!(
        "BENCH wasm flood p2p 10000 peers: run {:.1} ms, {:.2} M deliveries/s ({} deliveries)",
        best,
        delivered as f64 / best / 1e3,
        delivered
    );
}

#[wasm_bindgen_test]
fn chain_praos_6h_2500_peers() {
    // The same config as `benches/engine.rs`.
    let cfg = ChainConfig::delta_q();
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..2 {
        let mut e = ChainEngine::new(&cfg).unwrap();
        let t0 = now_ms();
        e.advance_to(6 * 3_600 * SECOND);
        best = best.min(now_ms() - t0);
        events = e.metrics().cost.events;
    }
    console_log!(
        "BENCH wasm chain praos 2500 peers, 6 h: run {:.1} ms, {:.2} M events/s",
        best,
        events as f64 / best / 1e3
    );
}
