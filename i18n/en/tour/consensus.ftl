# The words of the consensus lesson's tour, written from tours/consensus.toml by `make tours`: change them
# there. A translation gives each of these messages in its own words; links, actions and
# claims are the English tour's.
title = How a blockchain copes with peer-to-peer

step-1-title = Leaders and slots
step-1-text = Time is cut into one-second slots. In every slot each peer draws a lottery weighted by its stake; a winner is that slot's leader and may add a block to the chain it follows. Watch for the first leader's flash.
step-1-done = A leader made a block. Now it has to reach everyone.

step-2-title = A block spreads
step-2-text = A peer tells its neighbours about its new tip; each asks for the block, checks it, and tells its own neighbours. Within a second, 95 % of the peers have it and follow it as their tip.
step-2-done = A block reached 95 % of the peers.

step-3-title = A slot battle
step-3-text = Here each slot has an even chance of a leader (f = 0.5), so some have two. Two leaders of one slot each make a block at the same height, and two colours spread at once. Every peer keeps the block with the lower value, so those that took the other one first switch: a rollback of one block.
step-3-done = Two leaders of one slot, and the peers settled on one block: a slot battle.

step-4-title = A height battle on slow links
step-4-text = Now links take up to a second and a half. A leader may not yet have received the last block, so it builds beside it instead of on top: a height battle. No tie-break rule prevents it; only faster links, or leaders further apart (longer slots, a lower f). Here ties go by Praos's rule as published, the lower block value; Cardano's rule since Conway compares values only between tips at most five slots apart.
step-4-done = A leader built beside a block it had not yet received.

step-5-title = Split the network
step-5-text = Split the peers into two halves (press Show me, press P, or drag a line across the network). Each half keeps making blocks on its own chain, in its own colour.
step-5-done = Two halves, two chains: a partition fork.

step-6-title = Heal it
step-6-text = The halves have grown apart for two minutes. Heal the network: the peers swap tips, and the side with the shorter chain rolls back, dropping more than one block at once; if the two chains happen to be equally long, the tie-break decides (here the lower VRF value wins) and the losing side rolls back just the same. One colour takes over within seconds.
step-6-done = Every peer follows one chain again.

step-7-title = How deep is safe?
step-7-text = A payment is safe once it is buried so deep that a rival chain is very unlikely to overtake it. Here P0 holds 30 % of the hash power and has spent six hours mining private chains to reverse payments that merchants accepted after 3 confirmations. Its chain caught up in about a third of its forty-odd races, give or take a tenth by chance — as the Bitcoin paper's formula predicts for 30 % and 3 blocks — and honest peers have dropped more blocks at once than a merchant waits for. Against 30 %, three blocks are far from safe.
