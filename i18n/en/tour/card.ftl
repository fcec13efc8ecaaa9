# The tour card's own words (static/tour.js keeps the same English, for a page in English and
# wherever a language's file is missing). Step numbers and counts are filled in as { $k },
# { $n }. The card fills its words in itself: no choices ({ $n -> … }) here.

# Why a tour cannot open.
page-did-not-start = The page did not start.
cannot-open = The tour could not be opened
cannot-use = The tour cannot be used: { $why }.
not-loaded = The { $lesson } tour could not be loaded.
link-too-long = The tour in this link is too long (at most { $max } characters).
link-unreadable = The tour in this link is not readable (archsim tour link makes one).
not-a-tour = it is not an archsim tour
format-version = it has format version { $version }; this page reads version 1
other-lesson = it is for the { $lesson } lesson, not this page's ({ $page })
no-steps = it has no steps
first-step-no-link = its first step has no link
step-no-text = step { $k } has no title or text
step-action-no-until = step { $k } asks for an action but not the state that shows it is done
step-until-unclear = step { $k } waits for a state it does not describe
step-until-unmeasured = step { $k } waits for “{ $name }”, which this lesson does not measure
step-until-unchecked = step { $k } waits for “{ $claim }”, which is not a claim this page can check
step-bad-highlight = step { $k } points at “{ $highlight }”, which is not a CSS selector
close = Close

# The card.
tour = Tour
count = { $title } · step { $k } of { $n }
keys = G: to what this step points at, and back · Esc: leave the tour
back = ‹ Back
show-me = Show me
reopen = Reopen this step
next = Next ›
finish = Finish
show-text = Show the text
leave = Leave the tour

# Its status line, and what a screen reader hears.
announce = Tour, step { $k } of { $n }: { $title }.
heard = Step { $k } of { $n }: { $title }.
look-at = Look at: { $name }
# Ends "Look at: …" when what is looked at does not end a sentence itself.
stop = .
done-for-you = Done for you: now watch what happens.
not-done = That could not be done: { $why }
changed = The scenario changed, and this step was written for its own. Reopen this step to see it.
done = Done.
undone = Not done any more.
