//! Who is who in a timing run, by node number: two time servers per stratum, then the account
//! holders (Alice, Bob, Charlie, …), then the replicas, then plain clients. Each non-server
//! node syncs to the last stratum's two servers; each server to the two of the stratum above;
//! stratum 1 reads the reference clock.

/// The account holders' names, in order (the first three are the story's).
const NAMES: [&str; 8] = [
    "Alice", "Bob", "Charlie", "Dave", "Erin", "Frank", "Grace", "Heidi",
];

/// What a node is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A time server of stratum `0` (1 reads the reference), the `1`-th (0 or 1) of its two.
    Server(u32, u32),
    /// The `0`-th account holder.
    Account(u32),
    /// The `0`-th replica.
    Replica(u32),
    /// A node that only keeps its clock.
    Client(u32),
}

/// The node numbering of one run.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Server strata.
    pub strata: u32,
    /// Account holders.
    pub accounts: u32,
    /// Replicas.
    pub replicas: u32,
    /// Every node.
    pub nodes: u32,
}

impl Layout {
    /// Time servers.
    pub fn servers(&self) -> u32 {
        2 * self.strata
    }

    /// What node `n` is.
    pub fn kind(&self, n: u32) -> Kind {
        let s = self.servers();
        if n < s {
            Kind::Server(n / 2 + 1, n % 2)
        } else if n < s + self.accounts {
            Kind::Account(n - s)
        } else if n < s + self.accounts + self.replicas {
            Kind::Replica(n - s - self.accounts)
        } else {
            Kind::Client(n - s - self.accounts - self.replicas)
        }
    }

    /// Node `n`'s stratum: its servers' plus one (the last stratum's clients are `strata + 1`).
    pub fn stratum(&self, n: u32) -> u32 {
        match self.kind(n) {
            Kind::Server(k, _) => k,
            _ => self.strata + 1,
        }
    }

    /// The two servers node `n` asks, or none for stratum 1 (which reads the reference).
    pub fn servers_of(&self, n: u32) -> Option<[u32; 2]> {
        let k = self.stratum(n);
        (k > 1).then(|| [2 * (k - 2), 2 * (k - 2) + 1])
    }

    /// Account holder `i`'s node.
    pub fn account(&self, i: u32) -> u32 {
        self.servers() + i
    }

    /// Replica `j`'s node.
    pub fn replica(&self, j: u32) -> u32 {
        self.servers() + self.accounts + j
    }

    /// Processes (account holders, then replicas): the nodes that carry logical clocks.
    pub fn processes(&self) -> u32 {
        self.accounts + self.replicas
    }

    /// Node `n`'s process number, if it has one.
    pub fn process(&self, n: u32) -> Option<u32> {
        let first = self.servers();
        (n >= first && n < first + self.processes()).then(|| n - first)
    }

    /// The node of process `p`.
    pub fn node_of(&self, p: u32) -> u32 {
        self.servers() + p
    }

    /// The replica that account holder `i` reads its balance from.
    pub fn home(&self, i: u32) -> u32 {
        i % self.replicas
    }

    /// Node `n`'s name: `S1a`, `S2b`, `Alice`, `A9`, `R0`, `C3`.
    pub fn name(&self, n: u32) -> String {
        match self.kind(n) {
            Kind::Server(k, j) => format!("S{k}{}", if j == 0 { 'a' } else { 'b' }),
            Kind::Account(i) => NAMES
                .get(i as usize)
                .map_or_else(|| format!("A{i}"), |s| (*s).to_string()),
            Kind::Replica(j) => format!("R{j}"),
            Kind::Client(c) => format!("C{c}"),
        }
    }

    /// The node named `name` (any case), if this run has it.
    pub fn find(&self, name: &str) -> Option<u32> {
        let name = name.trim();
        if name.is_empty() || name.len() > 12 {
            return None;
        }
        // Names are short and unique: compare with each (a run has at most a few thousand).
        (0..self.nodes).find(|&n| self.name(n).eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_has_one_name_and_is_found_by_it() {
        let l = Layout {
            strata: 2,
            accounts: 10,
            replicas: 3,
            nodes: 20,
        };
        let names: Vec<String> = (0..l.nodes).map(|n| l.name(n)).collect();
        assert_eq!(&names[..6], ["S1a", "S1b", "S2a", "S2b", "Alice", "Bob"]);
        assert_eq!(names[13], "A9");
        assert_eq!(names[14], "R0");
        assert_eq!(names[17], "C0");
        for (n, name) in names.iter().enumerate() {
            assert_eq!(l.find(name), Some(n as u32));
            assert_eq!(l.find(&name.to_lowercase()), Some(n as u32));
        }
        assert_eq!(l.find("S3a"), None);
        assert_eq!(l.find("R3"), None);
        assert_eq!(l.find(""), None);
    }

    #[test]
    fn each_stratum_asks_the_one_above() {
        let l = Layout {
            strata: 3,
            accounts: 3,
            replicas: 2,
            nodes: 12,
        };
        assert_eq!(l.servers_of(0), None);
        assert_eq!(l.servers_of(1), None);
        assert_eq!(l.servers_of(2), Some([0, 1]));
        assert_eq!(l.servers_of(5), Some([2, 3]));
        assert_eq!(l.servers_of(6), Some([4, 5]));
        assert_eq!(l.stratum(11), 4);
        assert_eq!(l.servers_of(11), Some([4, 5]));
        assert_eq!(l.process(6), Some(0));
        assert_eq!(l.process(10), Some(4));
        assert_eq!(l.process(11), None);
        assert_eq!(l.node_of(4), l.replica(1));
        assert_eq!(l.home(4), 0);
    }
}
