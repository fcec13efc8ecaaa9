//! What travels and what waits: messages on links, and the events of the queue.

use crate::sim::time::Micros;

/// What a message carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MsgKind {
    /// An update on its way up to the node that orders updates (`a` = update id).
    Update,
    /// An update on its way down from the node that ordered it (`a` = update id).
    Ordered,
    /// A peer announces it holds update `a`.
    Inv,
    /// A peer asks for update `a`.
    GetData,
    /// A peer sends update `a` it was asked for.
    Data,
    /// "I am alive" (`a` = the orderers the sender hears directly, one bit each; `b` = the
    /// sender's uncorrected clock reading; `c` = the sender's incarnation).
    Heartbeat,
    /// News: node `a` is down, detected at time `b`.
    Down,
    /// News: node `a` is back, detected at time `b`.
    Up,
    /// A clock request (`a` = its sequence number).
    TimeRequest,
    /// A clock answer (`a` = the request's sequence number, `b` = the answering clock).
    TimeReply,
}

impl MsgKind {
    /// Whether it carries or announces an update (what "messages per delivery" counts).
    pub const fn is_data(self) -> bool {
        matches!(
            self,
            MsgKind::Update | MsgKind::Ordered | MsgKind::Inv | MsgKind::GetData | MsgKind::Data
        )
    }
}

/// A message on a link. It carries its send time so a view can draw it moving. Kept to 40
/// bytes: the queue holds one per message in flight (the link is the sender's slot's).
#[derive(Copy, Clone, Debug)]
pub struct Msg {
    /// When it was sent.
    pub sent: Micros,
    /// Payload (time stamp or clock reading).
    pub b: i64,
    /// Sender.
    pub from: u32,
    /// Receiver.
    pub to: u32,
    /// The receiver's slot of the link it travels on: the slot at `to` that leads back to
    /// `from` (see [`crate::sim::topology::Topology::slot`]), so replies and bookkeeping at the
    /// receiver need no lookup.
    pub slot: u32,
    /// Payload (update id, node id, mask or sequence number).
    pub a: u32,
    /// Payload: for a heartbeat, the sender's incarnation; otherwise the node the message is
    /// finally for when it travels a detour through a relay ([`NONE`] if not).
    pub c: u32,
    /// What it is.
    pub kind: MsgKind,
    /// Lost on the link: it travels, but will be dropped on arrival.
    pub lost: bool,
}

impl Msg {
    /// The node a detoured message is finally for, if it is one.
    #[inline]
    pub fn dest(&self) -> Option<u32> {
        (self.kind != MsgKind::Heartbeat && self.c != NONE && self.c != self.to).then_some(self.c)
    }
}

/// "No node" / "no slot".
pub const NONE: u32 = u32::MAX;

/// Timers a node sets.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Send heartbeats, check for silent neighbours.
    Heartbeat,
    /// Correct the clock.
    ClockSync,
    /// Send the batch of things to pass on.
    Relay,
    /// Update `.0` has not arrived: ask the node's neighbour number `.1` (counting round its
    /// neighbours), the `.2`-th asked so far.
    Refetch(u32, u16, u16),
}

/// What the queue holds.
#[derive(Copy, Clone, Debug)]
pub enum Event {
    /// A message arrives.
    Deliver(Msg),
    /// A node's timer fires, if `life` is still its incarnation.
    Timer {
        /// The node.
        node: u32,
        /// Its incarnation when the timer was set.
        life: u32,
        /// Which.
        timer: Timer,
    },
    /// The next update starts.
    NextUpdate,
    /// The config's fault number `.0` happens.
    Scheduled(u32),
}

/// A delivered message, as recorded by `Engine::record_deliveries`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Arrival time.
    pub at: Micros,
    /// Send time.
    pub sent: Micros,
    /// Sender.
    pub from: u32,
    /// Receiver.
    pub to: u32,
    /// Link.
    pub link: u32,
}
