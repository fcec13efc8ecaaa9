//! The web page's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    archsim::view::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("archsim-app is the web page: build it with `make serve` (Trunk, wasm32).");
    std::process::exit(2);
}
