//! The consensus page's entry point (built by Trunk from `consensus.html` for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    archsim::view::start_consensus();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "archsim-consensus is the consensus page: build it with `make serve` (Trunk, wasm32)."
    );
    std::process::exit(2);
}
