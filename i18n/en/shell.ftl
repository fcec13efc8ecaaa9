# The words every page shares: the frame, the timeline, sharing, the stats, the shortcuts.
# Each page adds its own file beside this one (i18n/<language>/<page>.ftl).

## Times and speeds
time-ms = { $v } ms
time-s = { $v } s
time-min-s = { $min } min { $s } s
time-h-min = { $h } h { $min } min
speed = { $v }×

## The frame
brand = archsim
skip-to = Skip to
take-tour = Take the tour
write-tour = Write a tour
embed-tour = Tour
open-full = Open the full view ↗
    .title = Open the full view
language = Language
fatal = archsim hit an internal error and stopped. Reload the page to start again. Details: { $details }
could-not-build = The scenario could not be built ({ $why }); showing the default.
language-unavailable = { $language } could not be loaded ({ $why }); the page is in English.

## The link's notice
link-problems = This link had problems, so part of it was not used:
dismiss = Dismiss

## Sharing
share-summary = Share this scenario
share-link = Link (the address bar always holds it too)
copy-link = Copy link
share-embed = Embed code for a course page
copy-embed = Copy embed code
copied = Copied ✓
press-to-copy = Selected — press Ctrl+C (⌘C) to copy

## The timeline
timeline = Timeline
timeline-time = Time
time-of = { $now } of { $end }
time-slash = { $now } / { $end }
back-1s = ◀ 1 s back
    .title = Pauses, then goes one second back
whole-run = Whole run
last-5-min = Last 5 min
next-event = Next event ▶
rewind-note = Drag back to rewind: the earlier state is re-created exactly by replaying the run. Acting after a rewind starts a new history from that moment (the later actions are dropped, and the link follows).
log-filter = Event log — filter by node
events-shown = { $shown } of { $total ->
    [one] { $total } event
   *[other] { $total } events
}
events-list = Events, newest first: one stop for the Tab key, arrows move between them
go-to-moment = Go to this moment
export = Export
export-label = Export:
export-plots = Plots (PNG)
export-csv = Metrics (CSV)
export-json = Metrics (JSON)
export-scenario = Scenario (JSON)
plot-mark = failure or recovery
plot-end = { $end } (virtual time)

## Keys
said-back = Back one second, paused: t = { $t }.
said-forward = Forward one second: t = { $t }.
said-stats-shown = Stats shown.
said-stats-hidden = Stats hidden.
shortcuts-title = Keyboard shortcuts
close = Close

## Stats
stats = Performance statistics
stats-work = frame work { $p50 } ms (p95 { $p95 })
stats-fps = { $fps } fps
stats-events = { $rate } sim events/s
stats-in-flight = { $n ->
    [one] { $n } message in flight
   *[other] { $n } messages in flight
}

## Controls every page has
controls = Simulation controls
play = ▶ Play
pause = ❚❚ Pause
speed-label = Speed
stats-button = Stats
shortcuts-button = Shortcuts (?)
clock = t = { $t }
settings = Settings
apply = Apply
