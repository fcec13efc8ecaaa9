//! The card a node shows when pointed at or chosen: what it is, whether it is up and
//! connected, its clock, its data, and where the card goes so that it never covers its node.

use super::model::Engine;
use crate::sim::NodeId;
use crate::sim::small::{Dec, clamp};

/// The card's lines for node `id` of `e`: its role and state, its connection, its clock, its
/// data and what it believes; only the first in a small drawing (`short`).
pub fn lines(e: &Engine, id: u32, short: bool) -> Vec<String> {
    let topo = e.topology();
    let s = e.status(NodeId(id));
    let role = topo.role(NodeId(id));
    let to = if s.reachable {
        "connected to"
    } else {
        "cut off from"
    };
    let mut lines = vec![
        format!(
            "{} — {}",
            role.name().replace('-', " "),
            if s.up { "up" } else { "down" }
        ),
        if !s.up {
            "failed: sends and receives nothing".to_string()
        } else if topo.orderers.is_empty() {
            format!("{to} most of the peers")
        } else {
            format!("{to} the server that orders updates")
        },
        // How far this clock is from true time (the table's skew compares clocks with each
        // other).
        format!(
            "its clock: {:.1} ms {} true time",
            Dec(s.clock_error_ms.abs()),
            if s.clock_error_ms >= 0.0 {
                "ahead of"
            } else {
                "behind"
            }
        ),
    ];
    if role.is_participant() {
        lines.push(match s.missing_updates {
            0 => "data: up to date".to_string(),
            k => format!("data: missing {k} update{}", if k == 1 { "" } else { "s" }),
        });
    }
    if s.believes_down > 0 {
        lines.push(format!("believes {} node(s) down", s.believes_down));
    }
    if short {
        lines.truncate(1);
    }
    lines
}

/// The card's height for `lines` lines, px (`.card` in style.css).
pub fn height(lines: usize) -> f64 {
    24.0 + 17.0 * lines as f64
}

/// Width of the hover card (`.card` in style.css).
pub const CARD_WIDTH: f64 = 168.0;

/// Where the hover card (`tall` px high) goes in its panel, as (left, top — or, when above,
/// where its bottom goes — and whether above), for a node at
/// (`x`, `y`) in panel coordinates: beside the node (right, else left) if it fits in the
/// panel's `width`; otherwise below the node in the upper half and above it in the lower half,
/// as far right as fits. Either way it never covers its node, never sticks out of the panel
/// sideways, and stays above `height`, the drawing's bottom, off the status line under it.
pub fn place(x: f64, y: f64, r: f64, tall: f64, width: f64, height: f64) -> (f64, f64, bool) {
    let right = x + r + 8.0;
    let left = x - r - 8.0 - CARD_WIDTH;
    let top = clamp(y - 12.0, 0.0, (height - tall).max(0.0));
    if right + CARD_WIDTH <= width {
        (right, top, false)
    } else if left >= 0.0 {
        (left, top, false)
    } else {
        let x = clamp(x - CARD_WIDTH / 2.0, 0.0, (width - CARD_WIDTH).max(0.0));
        let below_fits = y + r + 8.0 + tall <= height;
        let above_fits = y - r - 8.0 - tall >= 0.0;
        if !above_fits || (below_fits && y < height / 2.0) {
            (x, y + r + 8.0, false)
        } else {
            (x, y - r - 8.0, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::network::model::SimConfig;
    use crate::sim::Arch;

    #[test]
    fn the_card_never_covers_its_node_nor_leaves_the_panel() {
        let (w, h) = (600.0, 400.0);
        for (x, y) in [
            (20.0, 20.0),
            (580.0, 20.0),
            (300.0, 380.0),
            (590.0, 390.0),
            (300.0, 200.0),
        ] {
            for tall in [41.0, 126.0] {
                let r = 8.0;
                let (left, top, above) = place(x, y, r, tall, w, h);
                let bottom = if above { top } else { top + tall };
                let top = if above { top - tall } else { top };
                assert!(left >= 0.0 && left + CARD_WIDTH <= w, "({x}, {y}): {left}");
                assert!(bottom <= h + 1e-9, "({x}, {y}): below the drawing");
                let covers =
                    left < x + r && left + CARD_WIDTH > x - r && top < y + r && bottom > y - r;
                assert!(!covers, "({x}, {y}) tall {tall}: ({left}, {top}..{bottom})");
            }
        }
        // Beside the node when it fits, on the right first.
        assert_eq!(place(20.0, 50.0, 8.0, 41.0, w, h), (36.0, 38.0, false));
        assert_eq!(
            place(580.0, 50.0, 8.0, 41.0, w, h).0,
            580.0 - 8.0 - 8.0 - CARD_WIDTH
        );
    }

    #[test]
    fn the_card_says_what_the_node_is_and_how_it_stands() {
        let mut e = Engine::new(Arch::ClientServer, &SimConfig::default()).unwrap();
        e.advance_to(2_000_000);
        let server = lines(&e, 0, false);
        assert_eq!(server[0], "server — up");
        assert!(server[2].starts_with("its clock: "), "{server:?}");
        let client = lines(&e, 1, false);
        assert_eq!(client[1], "connected to the server that orders updates");
        assert_eq!(client[3], "data: up to date");
        e.apply(&crate::sim::Fault::Crash(NodeId(0)));
        e.advance_to(6_000_000);
        let client = lines(&e, 1, false);
        assert_eq!(client[1], "cut off from the server that orders updates");
        assert!(
            client.iter().any(|l| l.starts_with("believes 1 node")),
            "{client:?}"
        );
        assert_eq!(lines(&e, 0, false)[1], "failed: sends and receives nothing");
        assert_eq!(lines(&e, 1, true).len(), 1);
        assert_eq!(height(3), 75.0);
    }
}
