//! Logical clocks, by the textbook's rules, for every process (account holders and replicas).
//!
//! - Lamport: each event adds one; a receive first takes the larger of its own and the
//!   message's. Then a → b implies L(a) < L(b) (the clock condition).
//! - Vector: each process counts its own events in its own entry; a receive takes the
//!   entry-wise larger. Then V(a) < V(b) exactly when a → b.
//! - Payments seen: per account holder, how many of its payments are in a process's causal past
//!   (a vector over senders of payments only), which causal delivery waits on.
//!
//! The first [`CHECKED`] events are also logged with their direct predecessors (the previous
//! event of the same process; for a receive, its send), so that happened-before can be worked
//! out independently, by reachability, and compared with what the clocks say.

/// Events logged for the independent check.
pub const CHECKED: usize = 1_024;

const NONE: u32 = u32::MAX;

/// What a message carries of its send: stamps and causal past. Kept while any message of that
/// send still needs it, then reused.
#[derive(Clone, Debug, Default)]
struct Send {
    lamport: u64,
    /// Its number among every event of the run.
    seq: u64,
    /// Its event in the log, or `NONE`.
    event: u32,
    /// Messages of this send still to be used.
    refs: u32,
}

/// The logical clocks of every process, and the sends still referenced.
#[derive(Clone, Debug)]
pub struct Logical {
    procs: usize,
    accounts: usize,
    lamport: Vec<u64>,
    /// `procs × procs` vector clocks.
    vc: Vec<u32>,
    /// `procs × accounts` payments seen.
    pv: Vec<u32>,
    sends: Vec<Send>,
    /// Per send: its vector clock then its payments seen.
    send_stamps: Vec<u32>,
    free: Vec<u32>,
    /// The log: per event, its process, Lamport time, predecessors, and vector (flat).
    log: Vec<(u32, u64, u32, u32)>,
    log_vc: Vec<u32>,
    last_event: Vec<u32>,
    /// Events so far.
    events: u64,
    /// Per logged event, the logged events that happened before it (a bit each, found by
    /// reachability over the event graph), and what checking each new event against every
    /// earlier one found so far: the work is spread over the events as they are logged.
    reach: Vec<u64>,
    tally: Tally,
    /// Receives whose send's Lamport time was not below the receive's, or whose vector was not
    /// below: the rules make this 0; it is counted, not assumed.
    pub edge_violations: u64,
}

impl Logical {
    /// Clocks for `accounts` account holders and `replicas` replicas, all at zero.
    pub fn new(accounts: u32, replicas: u32) -> Logical {
        let procs = (accounts + replicas) as usize;
        let accounts = accounts as usize;
        Logical {
            procs,
            accounts,
            lamport: vec![0; procs],
            vc: vec![0; procs * procs],
            pv: vec![0; procs * accounts],
            sends: Vec::new(),
            send_stamps: Vec::new(),
            free: Vec::new(),
            log: Vec::new(),
            log_vc: Vec::new(),
            last_event: vec![NONE; procs],
            events: 0,
            reach: Vec::new(),
            tally: Tally::default(),
            edge_violations: 0,
        }
    }

    fn stride(&self) -> usize {
        self.procs + self.accounts
    }

    fn log_event(&mut self, p: usize, other: u32) -> u32 {
        if self.log.len() >= CHECKED {
            return NONE;
        }
        let i = self.log.len() as u32;
        self.log
            .push((p as u32, self.lamport[p], self.last_event[p], other));
        let row = &self.vc[p * self.procs..(p + 1) * self.procs];
        self.log_vc.extend_from_slice(row);
        self.last_event[p] = i;
        self.check_last();
        i
    }

    /// Checks the event just logged against every earlier one: happened-before by
    /// reachability (its process's previous event and the send it read, and what happened
    /// before those), against the Lamport and vector clocks.
    fn check_last(&mut self) {
        const WORDS: usize = CHECKED.div_ceil(64);
        let j = self.log.len() - 1;
        let (_, lamport_j, prev, other) = self.log[j];
        self.reach.resize((j + 1) * WORDS, 0);
        let (head, row) = self.reach.split_at_mut(j * WORDS);
        for pred in [prev, other] {
            if pred == NONE {
                continue;
            }
            let pred = pred as usize;
            for (w, &v) in row.iter_mut().zip(&head[pred * WORDS..(pred + 1) * WORDS]) {
                *w |= v;
            }
            row[pred / 64] |= 1 << (pred % 64);
        }
        let less = |a: &[u32], b: &[u32]| a.iter().zip(b).all(|(x, y)| x <= y) && a != b;
        let row: &[u64] = row;
        let procs = self.procs;
        let vj = &self.log_vc[j * procs..(j + 1) * procs];
        let t = &mut self.tally;
        for i in 0..j {
            t.pairs += 1;
            let hb = row[i / 64] & (1 << (i % 64)) != 0;
            let vi = &self.log_vc[i * procs..(i + 1) * procs];
            if hb != less(vi, vj) || less(vj, vi) {
                t.vector += 1;
            }
            if hb && self.log[i].1 >= lamport_j {
                t.lamport += 1;
            }
            if !hb {
                t.concurrent += 1;
            }
        }
        if self.log.len() == CHECKED {
            // Nothing more is logged: the rows are not needed again.
            self.reach = Vec::new();
        }
    }

    /// Process `p` sends (a payment when `payment`), to be read by `copies` messages: its
    /// clocks tick and the send's stamps are kept. The send's number.
    pub fn send(&mut self, p: u32, payment: bool, copies: u32) -> u32 {
        let p = p as usize;
        self.lamport[p] += 1;
        self.vc[p * self.procs + p] += 1;
        if payment {
            self.pv[p * self.accounts + p] += 1;
        }
        let event = self.log_event(p, NONE);
        self.events += 1;
        let id = self.free.pop().unwrap_or_else(|| {
            self.sends.push(Send::default());
            self.send_stamps.resize(self.sends.len() * self.stride(), 0);
            (self.sends.len() - 1) as u32
        });
        self.sends[id as usize] = Send {
            lamport: self.lamport[p],
            seq: self.events,
            event,
            refs: copies.max(1),
        };
        let stride = self.stride();
        let s = id as usize * stride;
        let (vc, pv) = (p * self.procs, p * self.accounts);
        self.send_stamps[s..s + self.procs].copy_from_slice(&self.vc[vc..vc + self.procs]);
        self.send_stamps[s + self.procs..s + stride]
            .copy_from_slice(&self.pv[pv..pv + self.accounts]);
        id
    }

    /// Process `p` receives a message of send `id`: its clocks take the message's into account.
    /// The send's event number.
    pub fn receive(&mut self, p: u32, id: u32) -> u64 {
        let p = p as usize;
        let send = &self.sends[id as usize];
        let (lamport, event) = (send.lamport, send.event);
        self.lamport[p] = self.lamport[p].max(lamport) + 1;
        let s = id as usize * self.stride();
        for k in 0..self.procs {
            let v = self.send_stamps[s + k];
            let mine = &mut self.vc[p * self.procs + k];
            *mine = (*mine).max(v);
        }
        self.vc[p * self.procs + p] += 1;
        // An account holder learns of payments through its replica's notices: what the notice
        // carries, it has seen take effect. A replica's own record grows only as it applies a
        // payment ([`Logical::applied`]), not when one merely arrives.
        if p < self.accounts {
            self.merge_seen(p, id);
        }
        // The clock condition on this edge, and the vector's order.
        let row = &self.vc[p * self.procs..(p + 1) * self.procs];
        let sent = &self.send_stamps[s..s + self.procs];
        let below = sent.iter().zip(row).all(|(a, b)| a <= b) && sent != row;
        if lamport >= self.lamport[p] || !below {
            self.edge_violations += 1;
        }
        self.log_event(p, event);
        self.events += 1;
        self.sends[id as usize].seq
    }

    fn merge_seen(&mut self, p: usize, id: u32) {
        let s = id as usize * self.stride() + self.procs;
        for k in 0..self.accounts {
            let v = self.send_stamps[s + k];
            let mine = &mut self.pv[p * self.accounts + k];
            *mine = (*mine).max(v);
        }
    }

    /// Process `p` (a replica) applied the payment of send `id`: everything its payer had seen
    /// is now in its own record of payments seen.
    pub fn applied(&mut self, p: u32, id: u32) {
        self.merge_seen(p as usize, id);
    }

    /// Events so far (the last one's number).
    pub fn events(&self) -> u64 {
        self.events
    }

    /// A message of send `id` is used up; the last frees the send.
    pub fn release(&mut self, id: u32) {
        let s = &mut self.sends[id as usize];
        s.refs = s.refs.saturating_sub(1);
        if s.refs == 0 {
            self.free.push(id);
        }
    }

    /// The Lamport time of send `id`.
    pub fn lamport_of(&self, id: u32) -> u64 {
        self.sends[id as usize].lamport
    }

    /// The payments seen by send `id`'s process when it sent, per account holder.
    pub fn seen_of(&self, id: u32) -> &[u32] {
        let s = id as usize * self.stride() + self.procs;
        &self.send_stamps[s..s + self.accounts]
    }

    /// Process `p`'s Lamport clock now.
    pub fn lamport(&self, p: u32) -> u64 {
        self.lamport[p as usize]
    }

    /// Process `p`'s vector clock now.
    pub fn vector(&self, p: u32) -> &[u32] {
        let p = p as usize;
        &self.vc[p * self.procs..(p + 1) * self.procs]
    }

    /// Sends still referenced (for memory checks).
    pub fn live_sends(&self) -> usize {
        self.sends.len() - self.free.len()
    }

    /// The logged events (process, Lamport time, previous event of the process, the send a
    /// receive read), `u32::MAX` for none.
    pub fn log(&self) -> &[(u32, u64, u32, u32)] {
        &self.log
    }

    /// Logged event `i`'s vector clock.
    pub fn logged_vector(&self, i: usize) -> &[u32] {
        &self.log_vc[i * self.procs..(i + 1) * self.procs]
    }

    /// The check of the logged events: happened-before by reachability over the event graph,
    /// against the Lamport and vector clocks. (Lamport violations, vector mismatches, the share
    /// of pairs that are concurrent, events.)
    pub fn check(&self) -> Check {
        let t = &self.tally;
        Check {
            lamport_violations: t.lamport,
            vector_mismatches: t.vector,
            concurrent_fraction: (t.pairs > 0).then(|| t.concurrent as f64 / t.pairs as f64),
            events: self.log.len() as u64,
        }
    }
}

/// Counts of the check so far, over `pairs` pairs of logged events.
#[derive(Clone, Debug, Default)]
struct Tally {
    lamport: u64,
    vector: u64,
    concurrent: u64,
    pairs: u64,
}

/// What the independent check of the logged events found.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Pairs a → b with L(a) ≥ L(b).
    pub lamport_violations: u64,
    /// Pairs where "V(a) < V(b)" and "a → b" disagree.
    pub vector_mismatches: u64,
    /// The share of pairs where neither happened before the other.
    pub concurrent_fraction: Option<f64>,
    /// Events checked.
    pub events: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lamports_figure_the_clocks_follow_the_rules() {
        // Two processes: 0 sends to 1, 1 sends back, 0 receives.
        let mut l = Logical::new(1, 1);
        let a = l.send(0, true, 1);
        l.receive(1, a);
        l.release(a);
        let b = l.send(1, false, 1);
        l.receive(0, b);
        l.release(b);
        assert_eq!(l.lamport(0), 4);
        assert_eq!(l.lamport(1), 3);
        assert_eq!(l.vector(0), &[2, 2]);
        assert_eq!(l.vector(1), &[1, 2]);
        assert_eq!(l.edge_violations, 0);
        assert_eq!(l.live_sends(), 0);
        // Sends are reused once released.
        let c = l.send(0, false, 2);
        assert!(c == a || c == b);
        let check = l.check();
        assert_eq!(check.events, 5);
        assert_eq!(check.lamport_violations, 0);
        assert_eq!(check.vector_mismatches, 0);
        // Every pair here is ordered: 0's events are in a line, and 1's send follows its
        // receive, which follows 0's first send.
        assert_eq!(check.concurrent_fraction, Some(0.0));
    }

    #[test]
    fn independent_sends_are_concurrent() {
        let mut l = Logical::new(2, 0);
        l.send(0, true, 1);
        l.send(1, true, 1);
        let c = l.check();
        assert_eq!(c.concurrent_fraction, Some(1.0));
        assert_eq!(c.vector_mismatches, 0);
        assert_eq!(l.seen_of(0), &[1, 0]);
        assert_eq!(l.seen_of(1), &[0, 1]);
        assert_eq!(l.lamport_of(1), 1);
    }
}
