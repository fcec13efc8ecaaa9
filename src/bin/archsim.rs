//! The headless runner: every lesson's engine and links from the command line.
//!
//! ```text
//! archsim [network] …     the first lesson (see `archsim --help`)
//! archsim consensus …     the second (`archsim chain` too; see `archsim chain --help`)
//! archsim tour check FILE…   replays a guided tour and checks every claim it makes
//! archsim site --url URL     writes the embed cards (oEmbed, Open Graph) into dist/
//! archsim serve              serves dist/ and answers /oembed?url= for any scenario link
//! archsim messages I18N DIR…  compiles the translations into each page directory
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use archsim::lessons::ALL;
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let first = argv.first().map(String::as_str).unwrap_or_default();
    if first == "tour" {
        return archsim::shell::tour_check::main(&argv[1..], ALL);
    }
    if first == "messages" {
        return archsim::shell::messages::cli::main(&argv[1..]);
    }
    if first == "site" || first == "serve" {
        return archsim::shell::site::main(&argv, ALL);
    }
    match ALL.iter().find(|l| l.commands().contains(&first)) {
        Some(l) => l.cli(&argv[1..]),
        // The first lesson's runner takes its flags without a command.
        None => ALL[0].cli(&argv),
    }
}

/// The runner is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}
