//! The network lesson's page (built by Trunk from `index.html` for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    archsim::lessons::network::page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    archsim::shell::page_only("archsim-network");
}
