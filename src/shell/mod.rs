//! What every lesson shares above the engine core, naming none of them: the timeline, the
//! schedule of actions and samples, links, the hit test, and in the browser the page shell
//! (`web`).

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod journal;
pub mod lesson;
pub mod link;
pub mod messages;
pub mod pointer;
pub mod schedule;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;
pub mod text;
pub mod timeline;
#[cfg(not(target_arch = "wasm32"))]
pub mod tour_check;
pub mod tour_run;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// What a page's binary does when run natively: says it is a web page, and exits with 2.
#[cfg(not(target_arch = "wasm32"))]
pub fn page_only(name: &str) -> ! {
    eprintln!("{name} is a web page: build it with `make serve` (Trunk, wasm32).");
    std::process::exit(2);
}
