# The tour editor's words ("Write a tour"; static/tour.js keeps the same English). Numbers and
# names are filled in as { $k }, { $n }, { $claim }…

# Checking a step, as `archsim tour check` does: why it fails, and what held.
no-scenario = no step up to this one opens a scenario: give it the page’s scenario
state-names-unshown = its state “{ $claim }” names “{ $name }”, which the page does not show
claim-names-unshown = claim “{ $claim }” names “{ $name }”, which the page does not show
link-problems = its link has problems: { $problems }
no-such-node = it highlights “{ $highlight }”, which is no node of its scenario
action-fails = its action “{ $action }” cannot be taken: { $why }
state-unreadable = its state “{ $claim }” cannot be read
state-reached = reached { $claim } after { $s } s
state-not-reached = its state “{ $claim }” is not reached within { $s } s
claim-hidden = claim “{ $claim }” names “{ $name }”, which the page does not show at { $s } s: { $why }
claim-fails = claim “{ $claim }” does not hold at { $s } s: { $name } is { $value }
claim-holds = ✓ { $claim } ({ $name } is { $value })
checking = Checking step { $k } of { $n }…
one-holds = The step holds. The tour’s link and file are below.
all-hold = All { $n } steps hold. The tour’s link and file are below.
some-fail = Not every step holds ({ $bad } of { $n } do not): each is marked above.
holds = ✓ holds
fails = ✗ fails
not-checked = not checked

# The step being written.
new-step = Step { $k }
again = Step { $k }, again
step-title = Title
step-text = What the student reads
scenario = Scenario
opens-own = Opens its own scenario
step-before = the scenario of the step before
use-page = Use the page as it is now
points-at = Points at
highlight-example = #ratings, or a node
not-on-page = Not on the page now
pick = Pick a part of the page
asks-to = Asks the student to
action-example = click “Record” then the page
record = Record a click on the page
done-when = Done when
wait-for = Wait for a state
said-when-done = Said when done
time-allowed = Time allowed (virtual s)
claims = Claims its text makes
add-claim = Add a claim
keep = Keep this step
cancel = Cancel
value = value
comparison = comparison
compared-with = compared with
unknown = unknown
value-now = { $name } (now { $value })
state = state
claim = claim
remove-this = Remove this { $kind }
needs-title = Give the step a title.
needs-text = Say what the student reads.
needs-state = A step with an action needs a state that shows it was done.
done-needs-state = “Said when done” needs a state to wait for (or leave it empty).
time-range = The time allowed is from 1 to { $max } s.
first-opens = The first step opens a scenario: tick “Opens its own scenario”.
highlight-missing = “{ $highlight }” is not on the page now.
kept = Step { $k } kept. Check the tour when it is ready.

# Picking and recording from the page.
picking = Click the part of the page this step points at (Esc: cancel).
no-name = That part has no name to point at: try the panel or table around it.
picked = Points at { $highlight }.
not-picked = Not picked.
recording = Now do on the page what the student should do (fail a node, split the network…).
recorded = Recorded “{ $action }”. The step opens the scenario as it was just before it.

# The editor.
write = Write a tour
close-editor = Close the tour editor
hint = Set the page up, then add a step: it takes the scenario on the page. Your draft is kept in this browser.
tour-title = Tour title
untitled = A tour
edit = Edit
move-up = Move step { $k } up
move-down = Move step { $k } down
remove-step = Remove step { $k }
remove = Remove
add-step = Add a step
check = Check the tour
tour-link = Tour link (every step holds)
too-long = The tour is too long for a link: download its file.
try = Try it
download = Download the TOML
as-toml = The tour as a TOML file
no-values = The list of the { $lesson } lesson’s values could not be loaded.
loading = Loading…
