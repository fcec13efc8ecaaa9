//! The consensus lesson's page (built by Trunk from `consensus.html` for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    archsim::lessons::consensus::page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    archsim::shell::page_only("archsim-consensus");
}
