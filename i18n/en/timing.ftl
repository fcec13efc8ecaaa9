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
