//! The timing lesson's page (built by Trunk from `timing.html` for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    archsim::lessons::timing::page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    archsim::shell::page_only("archsim-timing");
}
