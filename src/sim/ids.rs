//! Identifiers: node ids, roles and the three architectures.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A node's index in its topology (stable for the whole run: failed nodes stay in the graph).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index into per-node arrays.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node does in its architecture.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The single server of the client-server architecture.
    Server,
    /// The server every federated server connects to.
    MainServer,
    /// One of several servers, each serving its own clients.
    FederatedServer,
    /// An end user attached to one server.
    Client,
    /// An equal member of the peer-to-peer network.
    Peer,
}

impl Role {
    /// The role's name as used in JSON and on the page.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Server => "server",
            Role::MainServer => "main-server",
            Role::FederatedServer => "federated-server",
            Role::Client => "client",
            Role::Peer => "peer",
        }
    }

    /// The letter that starts this role's node labels (`S0`, `M0`, `F2`, `C17`, `P5`).
    pub const fn prefix(self) -> char {
        match self {
            Role::Server => 'S',
            Role::MainServer => 'M',
            Role::FederatedServer => 'F',
            Role::Client => 'C',
            Role::Peer => 'P',
        }
    }

    /// Participants are the end nodes that create and consume data: clients and peers.
    pub const fn is_participant(self) -> bool {
        matches!(self, Role::Client | Role::Peer)
    }

    /// All roles, in legend order.
    pub const ALL: [Role; 5] = [
        Role::Server,
        Role::MainServer,
        Role::FederatedServer,
        Role::Client,
        Role::Peer,
    ];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The three architectures the lesson compares.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Arch {
    /// One server; every client talks only to it.
    #[serde(rename = "client-server")]
    ClientServer,
    /// Several servers, linked to a main server and to each other; each client uses one.
    #[serde(rename = "federated")]
    Federated,
    /// No server: peers link to a few other peers and relay for each other.
    #[serde(rename = "p2p")]
    PeerToPeer,
}

impl Arch {
    /// All three, in the order the page shows them.
    pub const ALL: [Arch; 3] = [Arch::ClientServer, Arch::Federated, Arch::PeerToPeer];

    /// The short name used on the command line and in JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Arch::ClientServer => "client-server",
            Arch::Federated => "federated",
            Arch::PeerToPeer => "p2p",
        }
    }

    /// The human title.
    pub const fn title(self) -> &'static str {
        match self {
            Arch::ClientServer => "Client-server",
            Arch::Federated => "Federated servers",
            Arch::PeerToPeer => "Peer-to-peer",
        }
    }

    /// Parses a command-line name.
    pub fn parse(s: &str) -> Option<Arch> {
        match s {
            "client-server" | "cs" => Some(Arch::ClientServer),
            "federated" | "fed" => Some(Arch::Federated),
            "p2p" | "peer-to-peer" => Some(Arch::PeerToPeer),
            _ => None,
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architectures_read_their_names_and_short_names() {
        for (names, a) in [
            (["client-server", "cs"], Arch::ClientServer),
            (["federated", "fed"], Arch::Federated),
            (["p2p", "peer-to-peer"], Arch::PeerToPeer),
        ] {
            for n in names {
                assert_eq!(Arch::parse(n), Some(a), "{n}");
            }
            assert_eq!(a.to_string(), a.name());
            assert_eq!(Arch::parse(&a.to_string()), Some(a));
        }
        assert_eq!(Arch::parse("mesh"), None);
        assert_eq!(Arch::parse(""), None);
        for r in Role::ALL {
            assert_eq!(r.to_string(), r.name());
            assert!(!r.name().is_empty());
        }
    }
}
