# The words of the timing lesson's tour, written from tours/timing.toml by `make tours`: change them
# there. A translation gives each of these messages in its own words; links, actions and
# claims are the English tour's.
title = Why time and order are hard

step-1-title = Every clock drifts
step-1-text = Each node keeps time with its own quartz oscillator. Here each one started up to 100 ms off true time and runs up to 50 parts per million fast or slow. The status line gives the skew: how far apart the running clocks read right now.
step-1-done = The clocks start far apart: the skew is the spread in the status line.

step-2-title = Asking a time server
step-2-text = Every 16 s each node asks each of its two servers for the time, with four timestamps (the box under the clocks spells out the latest exchange). The round trip δ is known; how it split between the two ways is not, so the offset θ can be off by up to δ/2, and never more.
step-2-done = Twenty exchanges, none off by more than half its round trip.

step-3-title = Slowed down, never set back
step-3-text = A node whose clock is ahead slows it down (at most 500 parts per million, as adjtime does) instead of setting it back: a 100 ms lead takes over three minutes to undo, and a server must settle before its clients can. After ten minutes the clocks have come together, and not one ever ran backwards.
step-3-done = The clocks are within a few tens of milliseconds, and none was set back.

step-4-title = Stepping makes time run backwards
step-4-text = The same run, but each correction now sets the clock at once. A clock that was ahead jumps back: an event after the jump can carry an earlier time than one before it, and anything ordered by those times comes out wrong.
step-4-done = A clock was set back in time.

step-5-title = An uneven path
step-5-text = Now messages take 10 ms toward a server and 50 ms back, every time, and the clocks do not drift. The round trip is 60 ms, but the exchange cannot see how it splits: Alice ends up exactly (10 − 50)/2 = 20 ms behind, however often she asks.
step-5-done = Alice's clock is 20 ms behind, as the asymmetry says.

step-6-title = Bob pays before he is paid
step-6-text = Alice pays Bob; once his replica shows the money, Bob pays Charlie. Messages take anywhere from 10 to 120 ms, so Bob's payment can reach a replica before Alice's: applied in arrival order, Bob lacks the funds there and the payment is refused, while his own replica accepted it. The replicas no longer agree. The three rules that respect causality never let that happen.
step-6-done = In arrival order a replica refused Bob's or Charlie's payment, and the replicas' books differ; no other rule let that happen.

step-7-title = Ordering by the clock
step-7-text = Now the clocks start up to 2 s apart and nobody asks a time server, and three more holders pay each other five times a second. Ordering payments by the payer's clock puts a payment stamped by a slow clock before the payment that paid for it: an effect before its cause.
step-7-done = The payer's clock put an effect before its cause.

step-8-title = One node to number them
step-8-text = A sequencer (R0) numbers every payment, and everyone applies them by number: simple and always in order. Fail it (or press Show me): under that rule nothing moves, while causal delivery goes on at the other replicas. A blockchain picks a new sequencer, the block's leader, for every block.
step-8-done = With the sequencer down, its ledger stands still; the others carry on.
