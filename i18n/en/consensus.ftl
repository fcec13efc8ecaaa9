# The blockchain lesson's page: leaders, forks, partitions and the longest chain.

title = how a blockchain agrees
lede = Peers who do not trust each other take turns making blocks, pass them around, and each follows the longest chain it knows. Watch forks appear when two blocks race, and vanish when one chain grows longer. Click or tap a peer to fail it (again to recover).
skip-1 = Skip to the network
skip-2 = Skip to the numbers
skip-3 = Skip to the timeline
to-lesson-1 = ← The first lesson: client-server, federated and peer-to-peer side by side
to-lesson-3 = Timing and order →
share-title = archsim: how a blockchain agrees
plots = Plots over virtual time of the stale-block share, the share of live peers agreeing on the tip, and the main chain's length; red marks are failures, splits and heals.
drawing = Network and tree (PNG)

## Shortcuts (? lists them)
key-1 = move between controls; the network is one stop
key-2 = choose a peer (Home, End: the first, the last)
key-3 = fail the chosen peer, or recover it
key-4 = play / pause
key-5 = one second back (pausing) / forward
key-6 = split the network, or heal it
key-7 = show or hide stats
key-8 = show or hide this list; Esc closes it

## The plots
plot-run = this run
plot-stale = Stale blocks
plot-agree = Tips in agreement
plot-length = Chain length
plot-blocks = { $v ->
    [one] { $v } block
   *[other] { $v } blocks
}
