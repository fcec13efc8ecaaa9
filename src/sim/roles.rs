//! The one place roles differ. Every behaviour that depends on what a node is — how it passes
//! on what it did not start, whether it may put updates in order, when it applies its own
//! update, whose clock it follows — is read from [`policy`]; the engine has no other `match`
//! on a role or an architecture.
//!
//! Two ways of passing updates on, because real systems use both:
//!
//! * **Along routes** (servers). A node with one source — a client — is sent each update
//!   once, pushed straight to it. Clients send their updates up to the server that orders
//!   them; that server sends each one down, in its order, to everyone. One link delay a hop.
//! * **Announce, request, send** (peers). A peer may hear the same update from many
//!   neighbours, so it first announces the update's id; a neighbour that lacks it asks for it,
//!   and only then the data follows (Bitcoin's inv / getdata, Cardano's header then body).
//!   Three link delays a hop, and each peer hears from several sources.
//!
//! Batching (`relay_ms`) applies to every node that passes something on, whatever its role.

use super::ids::Role;

/// How a node passes on updates and news it did not start.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Relay {
    /// It does not: it only sends what it starts, to the one server it is linked to.
    No,
    /// Along the ordering routes: up toward the node that orders updates, and down from it.
    Route,
    /// Announce to every neighbour; send the data to those that ask.
    Gossip,
}

/// Whether a node may put updates in order for everyone.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ordering {
    /// Never.
    Never,
    /// Yes, first in line.
    First,
    /// When every node before it in line is gone, if it is linked to the other standbys.
    Standby,
}

/// When a participant applies an update it started itself.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum OwnUpdate {
    /// At once: there is nobody to put it in order.
    AtOnce,
    /// When it comes back in order from the node that orders updates, like everyone else's.
    WhenOrdered,
}

/// Whose clock a node follows.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TimeSource {
    /// The next node on its route toward the node that orders updates (Cristian's method);
    /// a node that orders updates keeps its own time.
    Upstream,
    /// Its own clock plus the median of its neighbours' offsets, measured from the clock
    /// readings their heartbeats carry (Bitcoin's network-adjusted time). Nobody is the
    /// reference, and the clocks underneath keep drifting.
    NeighbourMedian,
}

/// Everything that depends on a role.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How it passes things on.
    pub relay: Relay,
    /// Whether it may order updates.
    pub ordering: Ordering,
    /// When it applies its own update (participants).
    pub own_update: OwnUpdate,
    /// Whose clock it follows.
    pub time: TimeSource,
}

/// The policy of `role`.
pub const fn policy(role: Role) -> Policy {
    match role {
        Role::Server | Role::MainServer => Policy {
            relay: Relay::Route,
            ordering: Ordering::First,
            own_update: OwnUpdate::WhenOrdered,
            time: TimeSource::Upstream,
        },
        Role::FederatedServer => Policy {
            relay: Relay::Route,
            ordering: Ordering::Standby,
            own_update: OwnUpdate::WhenOrdered,
            time: TimeSource::Upstream,
        },
        Role::Client => Policy {
            relay: Relay::No,
            ordering: Ordering::Never,
            own_update: OwnUpdate::WhenOrdered,
            time: TimeSource::Upstream,
        },
        Role::Peer => Policy {
            relay: Relay::Gossip,
            ordering: Ordering::Never,
            own_update: OwnUpdate::AtOnce,
            time: TimeSource::NeighbourMedian,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_never_order_and_routers_never_start_updates() {
        for role in Role::ALL {
            let p = policy(role);
            if role.is_participant() {
                assert_eq!(p.ordering, Ordering::Never, "{role}");
            } else {
                // Routers are not participants: nothing they hold counts as started there.
                assert_eq!(p.relay, Relay::Route, "{role}");
            }
        }
    }
}
