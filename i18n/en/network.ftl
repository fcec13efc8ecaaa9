# The first lesson's page: client-server, federated and peer-to-peer networks side by side.

title = why distributed systems (and blockchains) are hard
lede = The same { $n } participants, connected three ways. Click or tap any node to fail it (again to recover) and watch what it takes down. The table below rates each architecture from what the simulation measures.
skip-1 = Skip to the networks
skip-2 = Skip to the ratings
skip-3 = Skip to the timeline
to-lesson-2 = The next lesson: how a blockchain copes →
to-lesson-3 = Timing and order →
share-title = archsim: client-server, federated and peer-to-peer networks side by side
the-networks = The three networks
embed-hint = Click a node to fail it.
embed-views = Show one architecture
view-cs = Client-server
view-fed = Federated
view-p2p = P2P
full-view = Full view
    .aria-label = Open the full view in a new tab
plots = Plots over virtual time of reachable fraction, share of deliveries late or missing, clock skew and messages per second for the three architectures (client-server solid, federated dashed, peer-to-peer dotted); red marks are failures and recoveries.
drawing = Panels (PNG)

## Shortcuts (? lists them)
key-1 = move between controls; each network is one stop
key-2 = move between its nodes (Home, End: first, last)
key-3 = fail it, or recover it
key-4 = play / pause
key-5 = step 100 ms (paused)
key-6 = one second back (pausing) / forward
key-7 = go to the next scheduled event
key-8 = fail the hubs, one in each network (again: recover them)
key-9 = reset
key-10 = show or hide stats
key-11 = show or hide this list; Esc closes it

## The legend
legend = Legend
role = { $role ->
    [server] server
    [main-server] main server
    [federated-server] federated server
    [client] client
   *[peer] peer
}
legend-cut = cut off (hollow, dashed)
legend-down = failed (grey, ✕)
legend-update = update (data)
legend-announce = peer announces / asks
legend-notice = failure news
legend-heartbeat = heartbeat
legend-clock = clock sync

## The plots
plot-reachable = Reachable participants
plot-missing = Deliveries late or missing
plot-skew = Max clock skew
plot-messages = Messages per second
plot-per-s = { $v }/s
