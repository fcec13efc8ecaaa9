//! The timing engine: drifting clocks kept right by a hierarchy of time servers, and payments
//! that account holders broadcast to replicas, each replica applying them by one ordering rule.
//!
//! **Clocks.** Every node's oscillator starts off true time and drifts ([`Clock`]). Stratum 1
//! reads the reference clock every `sync_s`; every other node makes an NTP exchange with each of
//! its two servers every `sync_s` (requests and replies are datagrams: lost to a node that is
//! down), keeps the last eight samples per server, and corrects its clock by the offset of the
//! sample with the smallest delay, if that sample is newer than the last it used. A server that
//! missed its last request has its samples dropped, so its clients fail over to the other one,
//! or run free when both are gone. A correction is slewed (the default) or stepped; a step drops
//! the exchanges under way, whose timestamps it would spoil.
//!
//! **Payments.** The story: every `round_ms`, Alice pays Bob 10; Bob, once his replica shows the
//! money, pays Charlie 10; Charlie, once paid, pays Alice back. With more accounts, random
//! payments go among the others. A holder pays only what its home replica shows, less its own
//! payments not yet applied there. A payment is broadcast to every replica (through the
//! sequencer under `sequencer`); messages between holders and replicas are reliable and in
//! order per pair (a message to a node that is down waits for it to come back, as a sender's
//! resend would). A replica applies a payment by its rule, rejects one that would overdraw, and
//! tells the payer and the payee whose home it is.

use crate::sim::clock::Clock;
use crate::sim::error::ConfigError;
use crate::sim::fault::{Fault, FaultSpec};
use crate::sim::ids::NodeId;
use crate::sim::queue::Queue;
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{MS, Micros, SECOND};
use crate::sim::trace::Trace;
use crate::sim::up::Up;

use super::config::{Correct, Order, STORY, TimingConfig};
use super::layout::{Kind, Layout};
use super::logical::Logical;
use super::sync::{Filter, Sample, choose, offset_and_delay};

/// What a story payment moves.
pub const STORY_AMOUNT: i64 = 10;
/// What each account starts with (Bob and Charlie start with nothing: Bob can pay Charlie only
/// what Alice paid him).
pub const START_BALANCE: i64 = 100;
/// The largest random payment.
pub const MAX_RANDOM_AMOUNT: u32 = 10;

#[derive(Copy, Clone, Debug)]
enum Ev {
    Poll {
        node: u32,
        j: u8,
        life: u32,
    },
    Request {
        node: u32,
        j: u8,
        t1: i64,
        epoch: u32,
    },
    Reply {
        node: u32,
        j: u8,
        t1: i64,
        t2: i64,
        truth: i64,
        epoch: u32,
    },
    Deliver {
        to: u32,
        msg: u32,
    },
    Round,
    Random,
    Beacon {
        replica: u32,
        life: u32,
    },
    Release {
        replica: u32,
    },
    Sample,
    Scheduled {
        i: u32,
    },
}

#[derive(Copy, Clone, Debug)]
enum Body {
    Payment(u32),
    Numbered(u32, u32),
    Heartbeat,
    Beacon,
    Notice {
        payment: u32,
        balance: i64,
        accepted: bool,
    },
}

#[derive(Copy, Clone, Debug)]
struct Msg {
    from: u32,
    send: u32,
    stamp: i64,
    arrived: Micros,
    body: Body,
}

/// One payment, as made.
#[derive(Copy, Clone, Debug)]
pub struct Payment {
    /// Payer (account number).
    pub from: u32,
    /// Payee.
    pub to: u32,
    /// Amount.
    pub amount: u32,
    /// Whether it is one of the story's.
    pub story: bool,
    /// When it was made (true time).
    pub at: Micros,
    /// The payer's clock then.
    pub stamp: i64,
    send: u32,
    /// Replicas that applied it (a bit each), and which of them accepted it.
    pub decided: u32,
    /// See `decided`.
    pub accepted: u32,
}

/// Which of one payer's payments (numbered 1, 2, …) a replica has applied: the first `prefix`
/// with no gap, and those beyond it applied early.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Numbered {
    prefix: u32,
    ahead: Vec<u32>,
}

impl Numbered {
    /// Payment `k` is applied.
    pub fn record(&mut self, k: u32) {
        if k == self.prefix + 1 {
            self.prefix = k;
            while let Some(i) = self.ahead.iter().position(|&x| x == self.prefix + 1) {
                self.ahead.swap_remove(i);
                self.prefix += 1;
            }
        } else if k > self.prefix && !self.ahead.contains(&k) {
            self.ahead.push(k);
        }
    }

    /// How many of the first payments are applied, with no gap.
    pub fn prefix(&self) -> u32 {
        self.prefix
    }
}

#[derive(Clone, Debug)]
struct Replica {
    balances: Vec<i64>,
    /// Payments applied, per payer.
    applied: Vec<u32>,
    /// Per payer: which of its payments are applied, by number (they may come out of order).
    done: Vec<Numbered>,
    /// Messages received and not yet applied, in arrival order.
    buffer: Vec<u32>,
    /// `lamport`: the latest Lamport time heard from each account holder.
    latest: Vec<u64>,
    /// `sequencer`: the number it applies next.
    next: u32,
    /// `physical`: when it next looks at its buffer.
    release_at: Option<Micros>,
}

#[derive(Clone, Debug)]
struct Holder {
    seen: i64,
    pending: i64,
}

/// One event of the space-time diagram: a send or a receive by a process.
#[derive(Clone, Debug, PartialEq)]
pub struct Recent {
    /// When (true time).
    pub at: Micros,
    /// The process (account holders first, then replicas).
    pub proc: u32,
    /// Its number among the run's events.
    pub seq: u64,
    /// For a receive: the number of the send it read.
    pub from: Option<u64>,
    /// Its Lamport time.
    pub lamport: u64,
    /// Its vector clock (shared, so that copying the events kept copies no vectors).
    pub vector: std::sync::Arc<[u32]>,
    /// A payment's send or receipt (not a notice, a heartbeat or a beacon).
    pub payment: bool,
}

/// Most events the diagram keeps.
pub const RECENT: usize = 10_000;

/// A sync message on its way: a node's request to one of its servers, or the answer.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Flight {
    /// The server asked.
    pub server: u32,
    /// The answer, coming back (else the request, going up).
    pub back: bool,
    /// Sent, and due to arrive (true time).
    pub sent: Micros,
    /// See `sent`.
    pub arrives: Micros,
    /// The request's stamp on the node's clock, µs.
    pub t1: i64,
    /// The server's stamp on its own clock (the answer's only), µs.
    pub t2: Option<i64>,
}

/// A node's last completed exchange with a server.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Exchange {
    /// The server.
    pub server: u32,
    /// The four timestamps, µs on each side's clock.
    pub t: [i64; 4],
    /// Offset and round trip from them.
    pub theta: i64,
    /// See `theta`.
    pub delta: i64,
    /// The server's clock minus the node's when the server answered.
    pub truth: i64,
}

/// Most exchange errors kept for the percentiles: beyond, a uniform sample of them.
pub const ERRORS_KEPT: usize = 100_000;

/// What the clocks did.
#[derive(Clone, Debug, Default)]
pub struct SyncStats {
    /// Exchanges completed.
    pub exchanges: u64,
    /// Exchanges whose offset missed the true offset by more than half the delay.
    pub bound_violations: u64,
    /// |θ − true offset| per exchange, µs: every one up to [`ERRORS_KEPT`], then a uniform
    /// sample of that many (reservoir sampling, its draws seeded by the count).
    pub errors: Vec<u64>,
    /// Times a step moved a clock back.
    pub backwards_steps: u64,
    /// The largest spread between two running clocks, sampled each second, µs.
    pub max_skew: i64,
    /// Per stratum (1 ..= strata + 1): |clock − true time| summed over samples once settled,
    /// and the number of samples.
    pub stratum_error: Vec<(f64, u64)>,
}

impl SyncStats {
    fn keep_error(&mut self, err: u64) {
        if self.errors.len() < ERRORS_KEPT {
            self.errors.push(err);
            return;
        }
        let k = crate::sim::rng::splitmix64(self.exchanges) % self.exchanges;
        if let Some(slot) = self.errors.get_mut(k as usize) {
            *slot = err;
        }
    }
}

/// What the payments did under the run's rule.
#[derive(Clone, Debug, Default)]
pub struct OrderStats {
    /// Payments made.
    pub made: u64,
    /// Payments a holder did not make because its replica showed too little.
    pub declined: u64,
    /// Applications (a payment at a replica), accepted or rejected.
    pub applied: u64,
    /// Applications rejected for lack of funds.
    pub rejected: u64,
    /// Of those, story payments (Bob or Charlie lacking what they had been paid).
    pub story_rejected: u64,
    /// Applications made before a payment their payer had seen: causal order broken.
    pub causal_inversions: u64,
    /// Messages received at a local time earlier than their sender's local send time.
    pub receive_before_send: u64,
    /// Sum of waits from arrival to application, µs.
    pub wait_sum: u128,
    /// Sum of times from a payment's making to its application, µs.
    pub latency_sum: u128,
}

/// Moves `p`'s amount in `book` if replica `j` accepted it.
fn settle(book: &mut [i64], p: &Payment, j: usize) {
    if p.accepted & 1 << j != 0 {
        book[p.from as usize] -= i64::from(p.amount);
        book[p.to as usize] += i64::from(p.amount);
    }
}

/// A timing run.
#[derive(Clone)]
pub struct TimingEngine {
    cfg: TimingConfig,
    layout: Layout,
    now: Micros,
    queue: Queue<Ev>,
    up: Up,
    trace: Trace,
    clocks: Vec<Clock>,
    epoch: Vec<u32>,
    filters: Vec<[Filter; 2]>,
    awaiting: Vec<[bool; 2]>,
    /// Per node and server: its last request went unanswered (its samples were dropped).
    missed: Vec<[bool; 2]>,
    last_used: Vec<Micros>,
    net: SimRng,
    msg_rng: SimRng,
    work: SimRng,
    settle: Micros,
    sync: SyncStats,
    logical: Logical,
    msgs: Vec<Msg>,
    free_msgs: Vec<u32>,
    fifo: Vec<Micros>,
    parked: Vec<(u32, u32)>,
    payments: Vec<Payment>,
    replicas: Vec<Replica>,
    holders: Vec<Holder>,
    holders_start: Vec<i64>,
    sequenced: u32,
    stats: OrderStats,
    scheduled: Vec<(Micros, Fault)>,
    actions: Vec<(Micros, FaultSpec)>,
    recent: Option<std::collections::VecDeque<Recent>>,
    recent_span: Micros,
    flights: Vec<[Option<Flight>; 2]>,
    last: Vec<Option<Exchange>>,
    /// Payments the replicas that decided them did not all decide alike (kept as they are
    /// decided).
    split: u64,
    books: Books,
}

/// Each replica's balances over the payments every running replica has decided, kept up to
/// date as they are decided (see [`TimingEngine::disagreeing_fraction`]): the replicas up
/// when they were last counted, the payments before `next` all counted, and the balances.
#[derive(Clone, Debug, Default)]
struct Books {
    up: u32,
    next: usize,
    balances: Vec<Vec<i64>>,
}

impl TimingEngine {
    /// A run of `cfg` (checked for a run of up to `until_s`) at time zero.
    pub fn new(cfg: &TimingConfig, until_s: u64) -> Result<TimingEngine, ConfigError> {
        cfg.validate(until_s)?;
        let layout = cfg.layout();
        let n = cfg.nodes as usize;
        let mut draw = SimRng::new(cfg.seed, Stream::Clocks);
        let clocks = (0..n)
            .map(|_| {
                let offset = draw.symmetric(i64::from(cfg.offset_ms) * MS as i64);
                let drift = draw.symmetric(i64::from(cfg.drift_ppm)) as i32;
                Clock::new(offset, drift).with_slew(cfg.slew_ppm)
            })
            .collect();
        let mut scheduled = Vec::new();
        for f in &cfg.faults {
            let node = |name: &String| {
                layout
                    .find(name)
                    .map(NodeId)
                    .ok_or_else(|| ConfigError::UnknownNode(name.clone()))
            };
            let fault = match &f.fault {
                FaultSpec::Crash { node: name } => Fault::Crash(node(name)?),
                FaultSpec::Recover { node: name } => Fault::Recover(node(name)?),
                _ => unreachable!("validate refuses other faults"),
            };
            scheduled.push((f.at_ms.saturating_mul(MS), fault));
        }
        let balances: Vec<i64> = (0..cfg.accounts)
            .map(|i| match i {
                1 | 2 => 0,
                _ => START_BALANCE,
            })
            .collect();
        let procs = layout.processes() as usize;
        // Once a clock could have slewed off its start offset, plus a few exchanges.
        let slew_s = u64::from(cfg.offset_ms) * 1_000 / u64::from(cfg.slew_ppm);
        let settle = (slew_s + 4 * u64::from(cfg.sync_s)) * SECOND;
        let mut e = TimingEngine {
            layout,
            now: 0,
            queue: Queue::default(),
            up: Up::new(n),
            trace: Trace::default(),
            clocks,
            epoch: vec![0; n],
            filters: vec![[Filter::default(), Filter::default()]; n],
            awaiting: vec![[false; 2]; n],
            missed: vec![[false; 2]; n],
            last_used: vec![0; n],
            net: SimRng::new(cfg.seed, Stream::Network),
            msg_rng: SimRng::new(cfg.seed, Stream::Messages),
            work: SimRng::new(cfg.seed, Stream::Workload),
            settle,
            sync: SyncStats {
                stratum_error: vec![(0.0, 0); cfg.strata as usize + 1],
                ..SyncStats::default()
            },
            logical: Logical::new(cfg.accounts, cfg.replicas),
            msgs: Vec::new(),
            free_msgs: Vec::new(),
            fifo: vec![0; procs * procs],
            parked: Vec::new(),
            payments: Vec::new(),
            replicas: (0..cfg.replicas)
                .map(|_| Replica {
                    balances: balances.clone(),
                    applied: vec![0; cfg.accounts as usize],
                    done: vec![Numbered::default(); cfg.accounts as usize],
                    buffer: Vec::new(),
                    latest: vec![0; cfg.accounts as usize],
                    next: 0,
                    release_at: None,
                })
                .collect(),
            holders: balances
                .iter()
                .map(|&b| Holder {
                    seen: b,
                    pending: 0,
                })
                .collect(),
            holders_start: balances.clone(),
            sequenced: 0,
            stats: OrderStats::default(),
            scheduled,
            actions: Vec::new(),
            recent: None,
            last: vec![None; n],
            recent_span: 0,
            flights: vec![[None; 2]; n],
            split: 0,
            books: Books::default(),
            cfg: cfg.clone(),
        };
        let mut phases = SimRng::new(cfg.seed, Stream::Timers);
        let sync = u64::from(cfg.sync_s) * SECOND;
        for node in (0..cfg.nodes).filter(|_| cfg.sync_s > 0) {
            for j in 0..2u8 {
                // Stratum 1 reads the reference once per interval; the others ask both servers.
                if j == 1 && e.layout.servers_of(node).is_none() {
                    continue;
                }
                let at = phases.between(0, sync - 1);
                e.queue.push(at, Ev::Poll { node, j, life: 0 });
            }
        }
        e.queue.push(SECOND, Ev::Sample);
        e.queue.push(u64::from(cfg.round_ms) * MS, Ev::Round);
        if cfg.payments_per_s > 0.0 {
            let first = e.exponential();
            e.queue.push(first, Ev::Random);
        }
        if cfg.order == Order::Lamport {
            let beat = u64::from(cfg.heartbeat_ms) * MS;
            for replica in 0..cfg.replicas {
                e.queue.push(beat, Ev::Beacon { replica, life: 0 });
            }
        }
        for (i, &(at, _)) in e.scheduled.iter().enumerate() {
            e.queue.push(at, Ev::Scheduled { i: i as u32 });
        }
        Ok(e)
    }

    fn exponential(&mut self) -> Micros {
        let u = self.work.fine_unit();
        let s = -libm::log1p(-u) / self.cfg.payments_per_s;
        self.now
            .saturating_add((s * SECOND as f64).ceil().max(1.0) as Micros)
    }

    /// Keeps the events of the last `span` (at most [`RECENT`] of them) for a space-time
    /// diagram (off by default: it costs).
    pub fn record_recent(&mut self, span: Micros) {
        self.recent.get_or_insert_with(Default::default);
        self.recent_span = span;
    }

    /// Forgets the events kept (recording goes on): a replay of the span rebuilds them.
    pub fn forget_recent(&mut self) {
        if let Some(r) = &mut self.recent {
            *r = Default::default();
        }
    }

    /// Drops the events kept that are not within the span: those at its start go too, since
    /// a checkpoint there was taken after them (so a replay from it cannot record them).
    fn trim_recent(&mut self) {
        if let (Some(r), Some(from)) = (&mut self.recent, self.now.checked_sub(self.recent_span)) {
            while r.front().is_some_and(|x| x.at <= from) {
                r.pop_front();
            }
        }
    }

    fn note(&mut self, proc: u32, from: Option<u64>, payment: bool) {
        self.trim_recent();
        if let Some(r) = &mut self.recent {
            if r.len() == RECENT {
                r.pop_front();
            }
            r.push_back(Recent {
                at: self.now,
                proc,
                seq: self.logical.events(),
                from,
                lamport: self.logical.lamport(proc),
                vector: self.logical.vector(proc).into(),
                payment,
            });
        }
    }

    // ---- reading the run ----

    /// The last events kept (see [`TimingEngine::record_recent`]), oldest first.
    pub fn recent(&self) -> impl DoubleEndedIterator<Item = &Recent> + ExactSizeIterator {
        self.recent
            .as_ref()
            .map(std::collections::VecDeque::iter)
            .unwrap_or_default()
    }

    /// Event `seq`, if it is kept.
    pub fn recent_event(&self, seq: u64) -> Option<&Recent> {
        let r = self.recent.as_ref()?;
        r.binary_search_by_key(&seq, |x| x.seq)
            .ok()
            .and_then(|i| r.get(i))
    }

    /// The sync messages on their way now: the node that asked, and the message.
    pub fn flights(&self) -> impl Iterator<Item = (u32, &Flight)> {
        let now = self.now;
        self.flights.iter().enumerate().flat_map(move |(n, f)| {
            f.iter()
                .flatten()
                .filter(move |f| f.sent <= now && now < f.arrives)
                .map(move |f| (n as u32, f))
        })
    }

    /// Node `n`'s last completed exchange.
    pub fn last_exchange(&self, n: u32) -> Option<Exchange> {
        self.last.get(n as usize).copied().flatten()
    }

    /// The server node `n` takes its time from now (the one with the best sample), if any.
    pub fn server_of(&self, n: u32) -> Option<u32> {
        let servers = self.layout.servers_of(n)?;
        choose(&self.filters[n as usize]).map(|(j, _)| servers[j])
    }

    /// The config.
    pub fn config(&self) -> &TimingConfig {
        &self.cfg
    }

    /// Who is who.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Virtual time now.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// What node `n`'s clock reads now, µs.
    pub fn clock(&self, n: u32) -> i64 {
        self.clocks[n as usize].read(self.now)
    }

    /// How far node `n`'s clock is from true time now, µs.
    pub fn error(&self, n: u32) -> i64 {
        self.clocks[n as usize].error(self.now)
    }

    /// Node `n`'s oscillator drift, ppm.
    pub fn drift_ppm(&self, n: u32) -> i32 {
        self.clocks[n as usize].drift_ppm
    }

    /// Whether node `n` is down.
    pub fn is_down(&self, n: u32) -> bool {
        self.up.is_down(n)
    }

    /// Whether node `n` has no server answering (and so runs free): both its servers missed
    /// its last request, and it holds no sample from either. (A node that has simply not
    /// heard back yet is not running free.)
    pub fn free_running(&self, n: u32) -> bool {
        let n = n as usize;
        self.layout.servers_of(n as u32).is_some()
            && (0..2).all(|j| self.missed[n][j] && self.filters[n][j].is_empty())
    }

    /// The clocks' record.
    pub fn sync(&self) -> &SyncStats {
        &self.sync
    }

    /// The payments' record.
    pub fn order_stats(&self) -> &OrderStats {
        &self.stats
    }

    /// Every payment made.
    pub fn payments(&self) -> &[Payment] {
        &self.payments
    }

    /// Replica `r`'s balances, by account.
    pub fn balances(&self, r: u32) -> &[i64] {
        &self.replicas[r as usize].balances
    }

    /// Payments received and not yet applied, over every replica (and those waiting for a node
    /// that is down).
    pub fn pending(&self) -> u64 {
        let buffered: usize = self.replicas.iter().map(|r| r.buffer.len()).sum();
        let parked = self
            .parked
            .iter()
            .filter(|&&(_, m)| {
                matches!(
                    self.msgs[m as usize].body,
                    Body::Payment(_) | Body::Numbered(..)
                )
            })
            .count();
        (buffered + parked) as u64
    }

    /// The logical clocks.
    pub fn logical(&self) -> &Logical {
        &self.logical
    }

    /// The faults applied so far (scheduled or by hand), with their times.
    pub fn actions(&self) -> &[(Micros, FaultSpec)] {
        &self.actions
    }

    /// Messages waiting for a node that is down, delivered when it recovers.
    pub fn parked(&self) -> usize {
        self.parked.len()
    }

    /// The share of running replicas whose balances disagree with the most common balances
    /// among them, over the payments every running replica has decided (so that payments
    /// still on their way, and replicas that are down, do not count): each replica's balances
    /// as its own decisions on those payments leave them.
    ///
    /// Costs the payments not yet decided by every running replica: the ones before are
    /// counted once, as they are decided, until a replica fails or recovers.
    pub fn disagreeing_fraction(&self) -> f64 {
        let all = self.up_replicas();
        if all == 0 {
            return 0.0;
        }
        let up: Vec<usize> = (0..self.cfg.replicas as usize)
            .filter(|j| all & 1 << j != 0)
            .collect();
        let (start, mut books) = if self.books.up == all {
            let b = &self.books.balances;
            (self.books.next, up.iter().map(|&j| b[j].clone()).collect())
        } else {
            (0, vec![self.holders_start.clone(); up.len()])
        };
        for p in self.payments[start..]
            .iter()
            .filter(|p| p.decided & all == all)
        {
            for (book, &j) in books.iter_mut().zip(&up) {
                settle(book, p, j);
            }
        }
        let most = books
            .iter()
            .map(|b| books.iter().filter(|c| *c == b).count())
            .max()
            .unwrap_or(up.len());
        (up.len() - most) as f64 / up.len() as f64
    }

    /// The replicas running now, a bit each.
    fn up_replicas(&self) -> u32 {
        (0..self.cfg.replicas)
            .filter(|&j| !self.up.is_down(self.layout.replica(j)))
            .fold(0, |m, j| m | 1 << j)
    }

    /// Counts into [`Books`] the payments every running replica has now decided, in order,
    /// starting afresh when the running replicas changed.
    fn count_books(&mut self) {
        let all = self.up_replicas();
        let b = &mut self.books;
        if b.up != all || b.balances.is_empty() {
            b.up = all;
            b.next = 0;
            b.balances = vec![self.holders_start.clone(); self.cfg.replicas as usize];
        }
        while let Some(p) = self.payments.get(b.next).filter(|p| p.decided & all == all) {
            for (j, book) in b.balances.iter_mut().enumerate() {
                if all & 1 << j != 0 {
                    settle(book, p, j);
                }
            }
            b.next += 1;
        }
    }

    /// Payments the replicas that decided them did not all decide alike.
    pub fn split_payments(&self) -> u64 {
        self.split
    }

    /// The spread of the running clocks now, µs.
    pub fn skew(&self) -> i64 {
        let reads = (0..self.cfg.nodes)
            .filter(|&n| !self.up.is_down(n))
            .map(|n| self.clock(n));
        let (lo, hi) = reads.fold((i64::MAX, i64::MIN), |(lo, hi), r| (lo.min(r), hi.max(r)));
        (hi - lo).max(0)
    }

    /// From when clock errors are averaged, µs.
    pub fn settled_from(&self) -> Micros {
        self.settle
    }

    /// A hash over every event handled, with its time.
    pub fn trace_hash(&self) -> u64 {
        self.trace.value()
    }

    // ---- running ----

    /// Runs every event due by `t`.
    pub fn advance_to(&mut self, t: Micros) {
        while let Some((at, ev)) = self.queue.pop_due(t) {
            self.now = at;
            self.handle(ev);
        }
        self.now = self.now.max(t);
        self.trim_recent();
        self.count_books();
    }

    /// Applies `fault` now, and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        let name = |n: &NodeId| self.layout.name(n.0);
        let spec = match fault {
            Fault::Crash(n) => FaultSpec::Crash { node: name(n) },
            Fault::Recover(n) => FaultSpec::Recover { node: name(n) },
            _ => return,
        };
        self.actions.push((self.now, spec));
        match *fault {
            Fault::Crash(n) if n.0 < self.cfg.nodes => {
                self.up.crash(n.0, self.now);
            }
            Fault::Recover(n) if n.0 < self.cfg.nodes => self.recover(n.0),
            _ => {}
        }
        self.count_books();
    }

    fn recover(&mut self, n: u32) {
        if !self.up.recover(n) {
            return;
        }
        let life = self.up.life(n);
        let half = u64::from(self.cfg.sync_s) * SECOND / 2;
        self.awaiting[n as usize] = [false; 2];
        if self.cfg.sync_s > 0 {
            self.queue.push(
                self.now,
                Ev::Poll {
                    node: n,
                    j: 0,
                    life,
                },
            );
            if self.layout.servers_of(n).is_some() {
                self.queue.push(
                    self.now + half,
                    Ev::Poll {
                        node: n,
                        j: 1,
                        life,
                    },
                );
            }
        }
        // What waited for it arrives now, in the order it was sent, before anything sent later.
        let (waiting, rest): (Vec<_>, Vec<_>) = self.parked.iter().partition(|&&(to, _)| to == n);
        self.parked = rest;
        for (to, msg) in waiting {
            self.deliver(to, msg);
        }
        match self.layout.kind(n) {
            Kind::Replica(replica) if self.cfg.order == Order::Physical => {
                self.arm(replica, self.now);
            }
            Kind::Replica(replica) if self.cfg.order == Order::Lamport => {
                let beat = u64::from(self.cfg.heartbeat_ms) * MS;
                self.queue
                    .push(self.now + beat, Ev::Beacon { replica, life });
            }
            _ => {}
        }
    }

    fn handle(&mut self, ev: Ev) {
        let (code, node) = match ev {
            Ev::Poll { node, .. } => (1, node),
            Ev::Request { node, .. } => (2, node),
            Ev::Reply { node, .. } => (3, node),
            Ev::Deliver { to, .. } => (4, to),
            Ev::Round => (5, 0),
            Ev::Random => (6, 0),
            Ev::Release { replica } => (8, replica),
            Ev::Sample => (9, 0),
            Ev::Scheduled { i } => (10, i),
            Ev::Beacon { replica, .. } => (11, replica),
        };
        self.trace.add(self.now);
        self.trace.add((code << 32) | u64::from(node));
        match ev {
            Ev::Poll { node, j, life } => self.poll(node, j, life),
            Ev::Request { node, j, t1, epoch } => self.request(node, j, t1, epoch),
            Ev::Reply {
                node,
                j,
                t1,
                t2,
                truth,
                epoch,
            } => self.reply(node, j, (t1, t2, truth), epoch),
            Ev::Deliver { to, msg } => self.deliver(to, msg),
            Ev::Round => {
                self.queue
                    .push(self.now + u64::from(self.cfg.round_ms) * MS, Ev::Round);
                self.pay(0, 1, STORY_AMOUNT as u32, true);
            }
            Ev::Random => {
                let next = self.exponential();
                self.queue.push(next, Ev::Random);
                let others = self.cfg.accounts - STORY;
                let from = STORY + self.work.below(others);
                let to = STORY + (from - STORY + 1 + self.work.below(others - 1)) % others;
                let amount = 1 + self.work.below(MAX_RANDOM_AMOUNT);
                self.pay(from, to, amount, false);
            }
            Ev::Beacon { replica, life } => self.beacon(replica, life),
            Ev::Release { replica } => {
                // Only the replica's latest look counts (an earlier one replaced it).
                if self.replicas[replica as usize].release_at == Some(self.now) {
                    self.replicas[replica as usize].release_at = None;
                    self.release(replica);
                }
            }
            Ev::Sample => {
                self.queue.push(self.now + SECOND, Ev::Sample);
                self.sample();
            }
            Ev::Scheduled { i } => {
                let fault = self.scheduled[i as usize].1.clone();
                self.apply(&fault);
            }
        }
    }

    // ---- clocks ----

    fn one_way(&mut self, up: bool) -> Micros {
        match self.cfg.asymmetry {
            Some((u, d)) => u64::from(if up { u } else { d }) * MS,
            None => self.net.between(
                u64::from(self.cfg.latency_min_ms) * MS,
                u64::from(self.cfg.latency_max_ms) * MS,
            ),
        }
    }

    fn poll(&mut self, node: u32, j: u8, life: u32) {
        if self.up.is_down(node) || self.up.life(node) != life {
            return;
        }
        let sync = u64::from(self.cfg.sync_s) * SECOND;
        self.queue.push(self.now + sync, Ev::Poll { node, j, life });
        let n = node as usize;
        if self.layout.servers_of(node).is_none() {
            // Stratum 1: the reference clock is attached; it reads it without delay.
            let theta = self.now as i64 - self.clock(node);
            self.correct(node, theta);
            return;
        }
        if self.awaiting[n][j as usize] {
            // The last request went unanswered: that server is not counted on any more.
            self.filters[n][j as usize].clear();
            self.missed[n][j as usize] = true;
        }
        self.awaiting[n][j as usize] = true;
        let t1 = self.clock(node);
        let at = self.now + self.one_way(true);
        let epoch = self.epoch[n];
        self.queue.push(at, Ev::Request { node, j, t1, epoch });
        let server = self.layout.servers_of(node).expect("asks a server")[j as usize];
        self.flights[n][j as usize] = Some(Flight {
            server,
            back: false,
            sent: self.now,
            arrives: at,
            t1,
            t2: None,
        });
    }

    fn request(&mut self, node: u32, j: u8, t1: i64, epoch: u32) {
        let server = self.layout.servers_of(node).expect("asks a server")[j as usize];
        // The slot is this request's unless a later exchange has taken it.
        let slot = &mut self.flights[node as usize][j as usize];
        let ours = slot.is_some_and(|f| !f.back && f.t1 == t1);
        if ours {
            *slot = None;
        }
        if self.up.is_down(server) {
            return;
        }
        let t2 = self.clock(server);
        let truth = t2 - self.clock(node);
        let at = self.now + self.one_way(false);
        if ours {
            self.flights[node as usize][j as usize] = Some(Flight {
                server,
                back: true,
                sent: self.now,
                arrives: at,
                t1,
                t2: Some(t2),
            });
        }
        self.queue.push(
            at,
            Ev::Reply {
                node,
                j,
                t1,
                t2,
                truth,
                epoch,
            },
        );
    }

    fn reply(&mut self, node: u32, j: u8, (t1, t2, truth): (i64, i64, i64), epoch: u32) {
        let n = node as usize;
        let slot = &mut self.flights[n][j as usize];
        if slot.is_some_and(|f| f.back && f.t1 == t1) {
            *slot = None;
        }
        if self.up.is_down(node) || self.epoch[n] != epoch {
            return;
        }
        let t4 = self.clock(node);
        let (theta, delta) = offset_and_delay(t1, t2, t2, t4);
        let err = (theta - truth).unsigned_abs();
        self.sync.exchanges += 1;
        self.sync.keep_error(err);
        // Half the delay, rounded up, and the halving's own rounding.
        if err > delta.unsigned_abs().div_ceil(2) + 1 {
            self.sync.bound_violations += 1;
        }
        self.awaiting[n][j as usize] = false;
        self.missed[n][j as usize] = false;
        self.last[n] = Some(Exchange {
            server: self.layout.servers_of(node).expect("asks a server")[j as usize],
            t: [t1, t2, t2, t4],
            theta,
            delta,
            truth,
        });
        self.filters[n][j as usize].push(Sample {
            theta,
            delta,
            at: self.now,
        });
        if let Some((_, best)) = choose(&self.filters[n])
            && best.at > self.last_used[n]
        {
            self.last_used[n] = best.at;
            self.correct(node, best.theta);
        }
    }

    fn correct(&mut self, node: u32, theta: i64) {
        let n = node as usize;
        match self.cfg.correct {
            Correct::Slew => self.clocks[n].slew(self.now, theta),
            Correct::Step => {
                if theta < 0 {
                    self.sync.backwards_steps += 1;
                }
                self.clocks[n].step(self.now, theta);
                self.epoch[n] += 1;
                self.awaiting[n] = [false; 2];
            }
        }
        for f in &mut self.filters[n] {
            f.corrected(theta);
        }
    }

    fn sample(&mut self) {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let settled = self.now >= self.settle;
        for n in 0..self.cfg.nodes {
            if self.up.is_down(n) {
                continue;
            }
            let r = self.clock(n);
            lo = lo.min(r);
            hi = hi.max(r);
            if settled {
                let k = self.layout.stratum(n) as usize - 1;
                let e = &mut self.sync.stratum_error[k];
                e.0 += (r - self.now as i64).unsigned_abs() as f64;
                e.1 += 1;
            }
        }
        if hi >= lo {
            self.sync.max_skew = self.sync.max_skew.max(hi - lo);
        }
    }

    // ---- messages ----

    fn send_msg(&mut self, from: u32, to: u32, send: u32, body: Body) {
        let procs = self.layout.processes() as usize;
        let d = self.msg_rng.between(
            u64::from(self.cfg.latency_min_ms) * MS,
            u64::from(self.cfg.latency_max_ms) * MS,
        );
        let pair = from as usize * procs + to as usize;
        let at = (self.now + d).max(self.fifo[pair]);
        self.fifo[pair] = at;
        let m = Msg {
            from,
            send,
            stamp: self.clock(self.layout.node_of(from)),
            arrived: 0,
            body,
        };
        let id = self.alloc(m);
        self.queue.push(
            at,
            Ev::Deliver {
                to: self.layout.node_of(to),
                msg: id,
            },
        );
    }

    fn alloc(&mut self, m: Msg) -> u32 {
        match self.free_msgs.pop() {
            Some(id) => {
                self.msgs[id as usize] = m;
                id
            }
            None => {
                self.msgs.push(m);
                (self.msgs.len() - 1) as u32
            }
        }
    }

    fn drop_msg(&mut self, id: u32) {
        self.logical.release(self.msgs[id as usize].send);
        self.free_msgs.push(id);
    }

    fn deliver(&mut self, to: u32, id: u32) {
        if self.up.is_down(to) {
            self.parked.push((to, id));
            return;
        }
        let p = self
            .layout
            .process(to)
            .expect("messages go between processes");
        let m = self.msgs[id as usize];
        let from = self.logical.receive(p, m.send);
        let payment = matches!(m.body, Body::Payment(_) | Body::Numbered(..));
        self.note(p, Some(from), payment);
        if self.clock(to) < m.stamp {
            self.stats.receive_before_send += 1;
        }
        self.msgs[id as usize].arrived = self.now;
        match (self.layout.kind(to), m.body) {
            (Kind::Replica(0), Body::Payment(pay)) if self.cfg.order == Order::Sequencer => {
                self.drop_msg(id);
                self.sequence(pay);
            }
            (Kind::Replica(r), Body::Payment(_) | Body::Numbered(..)) => self.receive(r, id),
            (Kind::Replica(r), Body::Heartbeat) => {
                let l = self.logical.lamport_of(m.send);
                let latest = &mut self.replicas[r as usize].latest[m.from as usize];
                *latest = (*latest).max(l);
                self.drop_msg(id);
                self.try_lamport(r);
            }
            (
                Kind::Account(a),
                Body::Notice {
                    payment,
                    balance,
                    accepted,
                },
            ) => {
                self.drop_msg(id);
                self.notice(a, payment, balance, accepted);
            }
            (Kind::Account(a), Body::Beacon) => {
                self.drop_msg(id);
                self.answer(a, m.from - self.cfg.accounts);
            }
            _ => self.drop_msg(id),
        }
    }

    /// The sequencer numbers a payment and sends it to every replica (itself included).
    fn sequence(&mut self, pay: u32) {
        let number = self.sequenced;
        self.sequenced += 1;
        let me = self.layout.accounts;
        let r = self.cfg.replicas;
        let send = self.logical.send(me, false, r);
        self.note(me, None, true);
        for j in 1..r {
            self.send_msg(me, me + j, send, Body::Numbered(pay, number));
        }
        let own = self.alloc(Msg {
            from: me,
            send,
            stamp: self.clock(self.layout.replica(0)),
            arrived: self.now,
            body: Body::Numbered(pay, number),
        });
        self.receive(0, own);
    }

    // ---- the rules ----

    fn receive(&mut self, r: u32, id: u32) {
        let m = self.msgs[id as usize];
        match self.cfg.order {
            Order::Arrival => self.apply_msg(r, id),
            Order::Physical => {
                self.replicas[r as usize].buffer.push(id);
                self.release(r);
            }
            Order::Lamport => {
                let l = self.logical.lamport_of(m.send);
                let rep = &mut self.replicas[r as usize];
                let latest = &mut rep.latest[m.from as usize];
                *latest = (*latest).max(l);
                // Kept in (Lamport time, sender) order: the next to apply is the first.
                let (msgs, logical) = (&self.msgs, &self.logical);
                let key = |id: u32| {
                    let m = &msgs[id as usize];
                    (logical.lamport_of(m.send), m.from)
                };
                let at = rep.buffer.partition_point(|&x| key(x) < (l, m.from));
                rep.buffer.insert(at, id);
                self.try_lamport(r);
            }
            Order::Causal => {
                self.replicas[r as usize].buffer.push(id);
                self.try_causal(r);
            }
            Order::Sequencer => {
                self.replicas[r as usize].buffer.push(id);
                self.try_numbered(r);
            }
        }
    }

    fn take(&mut self, r: u32, k: usize) {
        let id = self.replicas[r as usize].buffer.remove(k);
        self.apply_msg(r, id);
    }

    fn release(&mut self, r: u32) {
        if self.up.is_down(self.layout.replica(r)) {
            return;
        }
        let hold = i64::from(self.cfg.hold_ms) * MS as i64;
        loop {
            let now = self.clock(self.layout.replica(r));
            let buffer = &self.replicas[r as usize].buffer;
            let first = (0..buffer.len()).min_by_key(|&k| {
                let m = &self.msgs[buffer[k] as usize];
                (m.stamp, m.from, buffer[k])
            });
            let Some(k) = first else { break };
            let due = self.msgs[buffer[k] as usize].stamp + hold;
            if due <= now {
                self.take(r, k);
                continue;
            }
            // Not due yet on this clock: look again when even the slowest a clock can run (its
            // drift and a slew against it) has got there, so one more look is enough.
            let ppm = f64::from(self.cfg.drift_ppm + self.cfg.slew_ppm).min(500_000.0);
            let wait = ((due - now) as f64 / (1.0 - ppm / 1e6)).ceil().max(1.0) as Micros;
            self.arm(r, self.now + wait);
            break;
        }
    }

    /// `physical`: replica `r` looks at its buffer again at `at`, unless it already will sooner.
    fn arm(&mut self, r: u32, at: Micros) {
        let rep = &mut self.replicas[r as usize];
        if rep.release_at.is_none_or(|t| at < t) {
            rep.release_at = Some(at);
            self.queue.push(at, Ev::Release { replica: r });
        }
    }

    fn try_lamport(&mut self, r: u32) {
        loop {
            let rep = &self.replicas[r as usize];
            let Some(&first) = rep.buffer.first() else {
                break;
            };
            let m = &self.msgs[first as usize];
            let l = self.logical.lamport_of(m.send);
            // Every other holder has sent something stamped later (in order: nothing earlier
            // from it can still come).
            let ready = rep
                .latest
                .iter()
                .enumerate()
                .all(|(s, &latest)| s as u32 == m.from || latest > l);
            if !ready {
                break;
            }
            self.take(r, 0);
        }
    }

    fn try_causal(&mut self, r: u32) {
        'scan: loop {
            let rep = &self.replicas[r as usize];
            for k in 0..rep.buffer.len() {
                let m = &self.msgs[rep.buffer[k] as usize];
                let seen = self.logical.seen_of(m.send);
                let ready = seen.iter().enumerate().all(|(t, &v)| {
                    if t as u32 == m.from {
                        v == rep.applied[t] + 1
                    } else {
                        v <= rep.applied[t]
                    }
                });
                if ready {
                    self.take(r, k);
                    continue 'scan;
                }
            }
            break;
        }
    }

    fn try_numbered(&mut self, r: u32) {
        loop {
            let rep = &self.replicas[r as usize];
            let next = rep.next;
            let k = rep.buffer.iter().position(
                |&id| matches!(self.msgs[id as usize].body, Body::Numbered(_, n) if n == next),
            );
            let Some(k) = k else { break };
            self.replicas[r as usize].next += 1;
            self.take(r, k);
        }
    }

    /// Replica `r` applies the payment message `id`: accepted unless it would overdraw.
    fn apply_msg(&mut self, r: u32, id: u32) {
        let m = self.msgs[id as usize];
        let pay = match m.body {
            Body::Payment(p) | Body::Numbered(p, _) => p,
            _ => unreachable!("only payments are applied"),
        };
        self.stats.wait_sum += u128::from(self.now - m.arrived);
        self.drop_msg(id);
        let p = self.payments[pay as usize];
        self.stats.latency_sum += u128::from(self.now - p.at);
        let rep = &mut self.replicas[r as usize];
        // Causal order: everything the payer had seen is applied here already.
        let seen = self.logical.seen_of(p.send);
        // (Payer t's first `done[t]` payments, with no gap, are applied here; this one is
        // its payer's `seen[from]`-th.)
        let inverted = seen.iter().enumerate().any(|(t, &v)| {
            let done = rep.done[t].prefix() + u32::from(t as u32 == p.from);
            v > done
        });
        self.stats.causal_inversions += u64::from(inverted);
        rep.done[p.from as usize].record(seen[p.from as usize]);
        rep.applied[p.from as usize] += 1;
        self.logical.applied(self.layout.accounts + r, p.send);
        let amount = i64::from(p.amount);
        let accepted = rep.balances[p.from as usize] >= amount;
        if accepted {
            rep.balances[p.from as usize] -= amount;
            rep.balances[p.to as usize] += amount;
        } else {
            self.stats.rejected += 1;
            self.stats.story_rejected += u64::from(p.story);
        }
        self.stats.applied += 1;
        let payment = &mut self.payments[pay as usize];
        let split = |p: &Payment| p.accepted != 0 && p.accepted != p.decided;
        let was = split(payment);
        payment.decided |= 1 << r;
        if accepted {
            payment.accepted |= 1 << r;
        }
        self.split += u64::from(split(payment) && !was);
        if payment.decided.count_ones() == self.cfg.replicas {
            self.logical.release(p.send);
        }
        // Tell the payer and the payee whose replica this is.
        let me = self.layout.accounts + r;
        for a in [p.from, p.to] {
            if self.layout.home(a) == r {
                let balance = self.replicas[r as usize].balances[a as usize];
                let send = self.logical.send(me, false, 1);
                self.note(me, None, false);
                self.send_msg(
                    me,
                    a,
                    send,
                    Body::Notice {
                        payment: pay,
                        balance,
                        accepted,
                    },
                );
            }
        }
    }

    // ---- the account holders ----

    /// Holder `from` pays `to` if its replica shows enough; whether it did.
    fn pay(&mut self, from: u32, to: u32, amount: u32, story: bool) -> bool {
        let node = self.layout.account(from);
        if self.up.is_down(node) {
            return false;
        }
        let h = &mut self.holders[from as usize];
        if h.seen - h.pending < i64::from(amount) {
            self.stats.declined += 1;
            return false;
        }
        h.pending += i64::from(amount);
        let r = self.cfg.replicas;
        let sequencer = self.cfg.order == Order::Sequencer;
        // One copy per replica (or one to the sequencer), and one the payment keeps until every
        // replica has applied it.
        let copies = if sequencer { 2 } else { r + 1 };
        let send = self.logical.send(from, true, copies);
        self.note(from, None, true);
        let id = self.payments.len() as u32;
        self.payments.push(Payment {
            from,
            to,
            amount,
            story,
            at: self.now,
            stamp: self.clock(node),
            send,
            decided: 0,
            accepted: 0,
        });
        self.stats.made += 1;
        let accounts = self.layout.accounts;
        if sequencer {
            self.send_msg(from, accounts, send, Body::Payment(id));
        } else {
            for j in 0..r {
                self.send_msg(from, accounts + j, send, Body::Payment(id));
            }
        }
        true
    }

    fn notice(&mut self, a: u32, pay: u32, balance: i64, accepted: bool) {
        let p = self.payments[pay as usize];
        let h = &mut self.holders[a as usize];
        h.seen = balance;
        if p.from == a {
            h.pending -= i64::from(p.amount);
        }
        // The story goes on: Bob, paid, pays Charlie; Charlie, paid, pays Alice.
        if p.story && p.to == a && accepted && a != 0 {
            self.pay(a, (a + 1) % STORY, STORY_AMOUNT as u32, true);
        }
    }

    /// `lamport`: a replica whose next payment waits tells each holder it waits on its Lamport
    /// clock (the acknowledgement of the textbook's algorithm, sent only where it is needed);
    /// the holder answers with a heartbeat, stamped later than anything the replica holds.
    fn beacon(&mut self, replica: u32, life: u32) {
        let node = self.layout.replica(replica);
        if self.up.is_down(node) || self.up.life(node) != life {
            return;
        }
        let beat = u64::from(self.cfg.heartbeat_ms) * MS;
        self.queue
            .push(self.now + beat, Ev::Beacon { replica, life });
        let rep = &self.replicas[replica as usize];
        let head = rep
            .buffer
            .iter()
            .map(|&id| {
                let m = &self.msgs[id as usize];
                (self.logical.lamport_of(m.send), m.from)
            })
            .min();
        let Some((l, from)) = head else { return };
        let waits: Vec<u32> = (0..self.cfg.accounts)
            .filter(|&s| s != from && rep.latest[s as usize] <= l)
            .collect();
        if waits.is_empty() {
            return;
        }
        let me = self.cfg.accounts + replica;
        let send = self.logical.send(me, false, waits.len() as u32);
        self.note(me, None, false);
        for a in waits {
            self.send_msg(me, a, send, Body::Beacon);
        }
    }

    /// `lamport`: holder `a` answers replica `r`'s beacon.
    fn answer(&mut self, a: u32, r: u32) {
        let send = self.logical.send(a, false, 1);
        self.note(a, None, false);
        self.send_msg(a, self.cfg.accounts + r, send, Body::Heartbeat);
    }
}

#[cfg(test)]
mod tests {
    use super::{Numbered, TimingEngine, settle};
    use crate::lessons::timing::model::{Order, TimingConfig};
    use crate::sim::NodeId;
    use crate::sim::fault::Fault;
    use crate::sim::time::SECOND;

    /// The counts kept as payments are decided equal the counts worked out afresh from every
    /// payment, through replicas failing and recovering, under every rule.
    #[test]
    fn the_running_counts_equal_a_fresh_count() {
        let fresh = |e: &TimingEngine| {
            let all = e.up_replicas();
            let up: Vec<usize> = (0..e.cfg.replicas as usize)
                .filter(|j| all & 1 << j != 0)
                .collect();
            let mut books = vec![e.holders_start.clone(); up.len()];
            for p in e.payments.iter().filter(|p| p.decided & all == all) {
                for (book, &j) in books.iter_mut().zip(&up) {
                    settle(book, p, j);
                }
            }
            let most = books
                .iter()
                .map(|b| books.iter().filter(|c| *c == b).count())
                .max()
                .unwrap_or(up.len());
            let split = e
                .payments
                .iter()
                .filter(|p| p.accepted != 0 && p.accepted != p.decided)
                .count() as u64;
            let fraction = if up.is_empty() {
                0.0
            } else {
                (up.len() - most) as f64 / up.len() as f64
            };
            (fraction, split)
        };
        for (order, seed) in Order::ALL.into_iter().zip(1..) {
            let cfg = TimingConfig {
                order,
                seed,
                nodes: 20,
                replicas: 5,
                accounts: 8,
                payments_per_s: 20.0,
                latency_max_ms: 300,
                ..TimingConfig::default()
            };
            let mut e = TimingEngine::new(&cfg, 600).unwrap();
            let (mut disagreed, mut split) = (false, false);
            for t in 1..=120 {
                e.advance_to(t * SECOND / 2);
                let replica = |j: u32| NodeId(e.layout.replica(j));
                match t {
                    20 => e.apply(&Fault::Crash(replica(1))),
                    50 => e.apply(&Fault::Crash(replica(3))),
                    70 => e.apply(&Fault::Recover(replica(1))),
                    100 => e.apply(&Fault::Recover(replica(3))),
                    _ => {}
                }
                let (f, s) = fresh(&e);
                assert_eq!(e.disagreeing_fraction(), f, "{order:?} at {t}");
                assert_eq!(e.split_payments(), s, "{order:?} at {t}");
                disagreed |= f > 0.0;
                split |= s > 0;
            }
            if order == Order::Arrival {
                assert!(disagreed && split, "the counts are not all zero");
            }
        }
    }

    #[test]
    fn a_gap_holds_the_prefix_until_it_is_filled() {
        let mut n = Numbered::default();
        n.record(1);
        n.record(3);
        n.record(4);
        assert_eq!(n.prefix(), 1, "2 is missing");
        n.record(2);
        assert_eq!(n.prefix(), 4);
        n.record(4);
        n.record(6);
        assert_eq!(n.prefix(), 4);
        n.record(5);
        assert_eq!(n.prefix(), 6);
    }
}
