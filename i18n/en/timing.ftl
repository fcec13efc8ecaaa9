# The timing lesson's page: drifting clocks, time servers, logical clocks and ordered payments.

title = timing and order
lede = Every computer's clock drifts, time servers only help as far as the network lets them, and messages arrive in different orders at different places. Watch the clocks, the messages, and what five ways of ordering payments do to a ledger. Click or tap a node to fail it (again to recover).
skip-1 = Skip to the clocks
skip-2 = Skip to the ledger
skip-3 = Skip to the timeline
to-lesson-1 = ← The first lesson
to-lesson-2 = The blockchain lesson →
share-title = archsim: timing and order
plots = Plots over virtual time of the payments rejected and the payments waiting, under arrival order, physical order, and the three rules that respect causality together; red marks are failures and recoveries.
drawing = Clocks and messages (PNG)

## Shortcuts (? lists them)
key-1 = move between controls; each drawing is one stop
key-2 = choose a node (Home, End: the first, the last)
key-3 = fail the chosen node, or recover it
key-4 = choose an event; Esc: none, and stop comparing
key-5 = play / pause
key-6 = one second back (pausing) / forward
key-7 = show or hide stats
key-8 = show or hide this list; Esc closes it

## Controls
messages-under = Messages under
rule-arrival = arrival
rule-physical = physical
rule-lamport = lamport
rule-causal = causal
rule-sequencer = sequencer

## The last exchange
stratum-one = { $name } is in stratum 1: it reads the reference clock directly, with no network between.
no-exchange = { $name } has not completed an exchange yet.
exchange = { $name } last asked { $server }: it sent at t₁ = { $t1 } on its clock; { $server } received it at t₂ = { $t2 } and answered at t₃ = { $t3 } on its own; the answer came back at t₄ = { $t4 }. So θ = ((t₂ − t₁) + (t₃ − t₄))/2 = { $theta } and δ = (t₄ − t₁) − (t₃ − t₂) = { $delta }. The true offset was { $truth }: θ was off by { $off }, within δ/2 = { $half }.

## The path's delays
path-group = The delays of the path to a server
toward-server = Toward the server
back = Back
draw-again = Draw the delays again
no-sync = Nobody asks a time server in this run, so the path's delays change no clock (switch syncing on in the settings).
fixed-path = Every sync message takes { $up } ms toward a server and { $down } ms back: each exchange splits its { $round } ms round trip evenly, so it misreads the offset by (d↑ − d↓)/2 = { $hop }, and each stratum down adds that again: the clients, { $strata } exchanges below the reference, end up near { $end }.
drawn-path = Each sync message's delay is drawn between { $min } and { $max } ms. Drag a slider to fix the two ways' delays instead.

## The drawings
chosen-none = none
chosen-down = { $name }, down
chosen-running = { $name }, running
pick-event = Click or tap an event (a dot) to see what happened before it and after it; then compare it with another (or shift-click one).
clocks-title = The clocks — { $nodes } nodes, { $strata ->
    [one] { $strata } stratum
   *[other] { $strata } strata
} of servers
clocks-stage = { $nodes } nodes. Arrow keys choose a node, Enter fails or recovers it. Chosen: { $chosen }.
colours = Colours
within-5 = within 5 ms of true time
within-50 = within 50 ms
further = further
failed = failed
free-running = no server answering: running free
request = a request for the time (t₁)
answer = the server's answer (t₂, t₃)
diagram-title = Messages in time — { $rule }
diagram-stage = One line per account holder and replica, the last { $window } s. Arrow keys choose an event, Escape none.
diagram-view = { $events ->
    [one] { $events } event
   *[other] { $events } events
} and { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} in view.
stop-comparing = Stop comparing
compare = Compare with another event
a-payment = a payment
a-notice = a notice, heartbeat or beacon
before-chosen = happened before the chosen event
after-chosen = happened after it

## The ledger
why-arrival = as each payment arrives: uneven delays let Bob's payment overtake Alice's
why-physical = by the payer's clock, after a hold: wrong when clocks differ by more than the gap between cause and effect
why-lamport = by Lamport time, once every payer has sent something later: a total order that respects causality, but waits for everyone
why-causal = a payment waits for every payment its payer had seen (vector clocks): no total order, but never an effect before its cause
why-sequencer = one node numbers every payment: simple, one hop longer, and nothing moves while it is down
ledger-title = The ledger under five ordering rules
ledger-intro = Every round, Alice pays Bob 10; Bob, once his replica shows it, pays Charlie 10; Charlie then pays Alice back. Each rule runs on its own copy of the same network, the same clocks and the same payers.
col-rule = Rule
col-balances = Balances (Alice · Bob · Charlie)
col-applied = Applied
col-rejected = Rejected
col-short = Bob or Charlie short
col-disagreeing = Replicas disagreeing
col-wait = Mean wait
col-inversions = Effect before cause
col-waiting = Waiting
percent = { $v } %
ledger-chain = A blockchain is the last rule with a twist: the sequencer is chosen afresh for each block (the leader), and the chain fixes the order of everything in it.

## Measured beside theory
measured-title = Measured beside theory
col-what = What
col-run = This run
col-theory = Theory
col-why = Why
of = { $n } of { $total }
uneven-error = (d↑ − d↓)/2 = { $error } on every exchange
within-half = anywhere within ±δ/2
bound-label = Exchanges off by more than δ/2
bound-why = θ misses the true offset by half the difference between the two ways' delays, so never by more than half the round trip while the node's clock does not run back during the exchange: this holds by construction, and the count checks the model (a step drops the exchanges it would spoil).
error-label = |θ − true offset|
error-measured = median { $p50 }, 99th percentile { $p99 }
error-why = Only the round trip is measured, not how it splits: an uneven path leaves an error no number of exchanges removes. Each stratum adds its own path's error to its server's.
skew-label = Largest skew
skew-measured = { $max } (now { $now })
skew-theory = up to { $max } at the start
skew-why = Clocks start up to the offset setting off, either way; slewing at most the slew rate, a clock takes a while to come in.
backwards-label = Clocks set back
backwards-slewed = 0 (slewed)
backwards-stepped = one per correction of a clock that was ahead
backwards-why = A slewed clock is slowed or sped up; a stepped one jumps, and a jump back makes a later event carry an earlier time.
free-label = Running free
free-theory = drifting up to { $ppm } ppm: { $minute } a minute
free-why = A node whose servers both stopped answering keeps its own time, and its oscillator's drift adds up.
lamport-label = a → b, yet L(a) ≥ L(b)
lamport-measured = { $n } (every pair among { $checked } events, and every message)
lamport-why = Happened-before worked out by following messages over the first 1,024 events of each rule, against Lamport's clock condition; and the condition checked on every message received.
vector-label = V(a) < V(b) disagrees with a → b
vector-why = Vector clocks tell exactly which events could have affected which.
concurrent-label = Pairs of events that are concurrent
concurrent-why = Neither happened before the other: Lamport times still order them, vector clocks do not.

## Settings
corrected-by = Clocks are corrected by
slewing = slewing (never back)
stepping = stepping (may go back)
set-up = Delay toward the servers (ms; empty: drawn)
set-down = …and back (ms)
set-latency = Message delay (ms)
set-drift = Drift, up to (ppm)
set-offset = Start offset, up to (ms)
set-sync = Ask the servers every (s)
set-nodes = Nodes
set-strata = Strata of servers
set-replicas = Replicas
set-accounts = Account holders
set-pps = Other payments a second
set-seed = Seed
applying-keeps = Applying keeps the failures so far, and the moment.

## The status line and the drawings' words
status-skew = Skew now { $skew } ms: the running clocks span that much.
status-down = Down: { $nodes }.
status-free = { $n ->
    [one] { $n } node has no server answering and runs free.
   *[other] { $n } nodes have no server answering and run free.
}
ref-short = true time
ref-long = stratum 0: the reference (true time)
diagram-now = now; the last { $window } s →
clock-tree = clock tree
space-time = space-time diagram

## A chosen event, and two compared
flight-request = t₁ = { $t }
flight-answer = t₂ = t₃ = { $t }
chosen-event = { $node }'s event, L = { $l }, V = [{ $v }]. Of the { $all } events in view, { $before } happened before it (their vectors are below its own), { $after } after it, and { $concurrent } are concurrent with it: neither could have affected the other, whatever their Lamport times say.{ $cause }
why = Why the blue ones came first, step by step back: { $steps }; and so on.
why-received = { $node } at L { $l } received { $from }'s message sent at L { $sent }
why-after = { $node } at L { $l } came after its own event at L { $before }
comparing-from = Comparing from { $node }'s event at L { $l } (ringed): now choose another event.
compare-head = Comparing a, { $a }'s event at L { $la } ({ $shown ->
    [yes] ringed
   *[no] now out of view
}), with b, { $b }'s at L { $lb }:
concurrent = { $head } a ∥ b, concurrent. V(a) = { $a }, V(b) = { $b }: no chain of messages links them either way, so neither could have affected the other.{ $lamport }
counts-more = { $v } counts more of { $node }'s events ({ $x } > { $y })
lamport-still = Their Lamport times still order them, L { $la } { $cmp } L { $lb }: a smaller Lamport time does not make a cause.
happened-before = { $head } { $x } → { $y }, { $x } happened before { $y }: { $chain }
below = V({ $x }) = { $vx } is below V({ $y }) = { $vy }.
same-node = both are on { $node }, one after the other ({ $x } at L { $lx }, then { $y } at L { $ly }).
came-first = { $x } came first on { $node } (L { $l })
hop = { $from }'s message sent at L { $sent } reached { $to } at L { $at }
came-after = { $y } came after that on { $node } (L { $l })
hops = { $steps }.

## The event log
log-failed = { $node } failed
log-recovered = { $node } recovered
dropped = Dropped an action: this run has no node “{ $node }”.
said-node = { $what }.
node-down = down
no-event = No event chosen.

## The exported drawing
drawing-heading = archsim, timing and order — t = { $t }
drawing-clocks = The clocks
drawing-diagram = One line per process, time to the right; each event labelled with its Lamport time.
drawing-before = happened before
drawing-after = happened after

## The plots
plot-rejected = Payments rejected
plot-waiting = Payments waiting
plot-rest = lamport, causal, sequencer
