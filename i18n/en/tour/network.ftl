# The words of the network lesson's tour, written from tours/network.toml by `make tours`: change them
# there. A translation gives each of these messages in its own words; links, actions and
# claims are the English tour's.
title = Why distributed systems are hard

step-1-title = Three ways to connect the same people
step-1-text = The same 24 participants, connected three ways. In client-server every update goes through one server. Federated servers split the clients between four servers, linked to each other and to a main one. Peer-to-peer has no server at all: every peer passes updates on to a few neighbours, and they pass them on again.

step-2-title = Fail the server
step-2-text = Click the client-server panel's server, S0 (or press Show me). Watch what one failure does: no client can reach any other.
step-2-done = Every client is cut off. One node held the whole network together.

step-3-title = Fail one federated server
step-3-text = Now fail F1, one of the federated servers. Only its own clients lose the others: the rest keep exchanging updates.
step-3-done = F1's six clients are cut off; the other eighteen carry on.

step-4-title = Fail a peer
step-4-text = Fail peer P0. Its neighbours simply hear updates from their other neighbours: nobody else is cut off.
step-4-done = One peer fewer, and every remaining peer is still reachable.

step-5-title = Fail a third of the peers
step-5-text = Here eight of the 24 peers have failed one after another. In this network every remaining peer is still connected to the others, and updates still flow: no peer depended on any one of them.

step-6-title = How hard is each challenge?
step-6-text = The table rates each architecture on the lesson's three challenges, from what the simulation measures. Peer-to-peer is rated the hardest on all three: every peer routes, each hears updates from several sources, and peers have only each other to keep time by, so their clocks drift furthest apart. Yet it is the only one where no single failure cuts anyone off.

step-7-title = Timing: clocks drift apart
step-7-text = Every clock here runs up to 0.5 % fast or slow. The federated servers keep their clients' clocks within what syncing allows; peers have only each other, and drift further apart. Keep watching: the client-server server fails at 8 s, and its clients drift past that bound too.
step-7-done = With the server gone, its clients' clocks drift past what syncing would allow.

step-8-title = Timing: orders differ
step-8-text = Without one server putting updates in order, peers apply the same updates in different orders, as each hears them (the Out of order column). The server's clients all see one order.

step-9-title = So why do blockchains choose peer-to-peer?
step-9-text = Because no single failure can stop it, and nobody has to be trusted to run the server. The price is paid in the three challenges. The next lesson (the link at the end of the outlined section) shows how a blockchain copes: leaders, blocks, forks and the longest chain.
