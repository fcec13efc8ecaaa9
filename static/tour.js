// The guided tour's step card, shared by every lesson's page. It is loaded only when a student
// asks for the tour ("Take the tour", `?tour=1`, or a tour carried in the link as `#tour=…`), so
// the page's first download does not pay for it.
//
// The tour itself is data: `tours/<lesson>.toml`, checked by `archsim tour check` (every claim a
// step makes is run against the model), and served as the JSON `archsim tour json` writes. The
// card asks the lesson on the page, through the functions its wasm exports
// (src/shell/web/tour_host.rs), to open a step's link, take its action, check a claim, read
// measured values and ring a node. It keeps the
// step in the address (`?tour=1&step=3`) so a shared link opens the tour where it was.

const LOOK_EVERY_MS = 250;
const READY_WITHIN_MS = 15000;
const MAX_FRAGMENT = 16384;

// { tour, step, custom, reached, announced, opened, timer, marked }
let state = null;
let opening = null;

const wasm = () => window.wasmBindings;

// The card's and the tour editor's words in English (i18n/en/tour/card.ftl and editor.ftl,
// whose keys and text they must match: a test holds them together); another language's come
// with its tour, when it has one.
const WORDS = {
  "page-did-not-start": "The page did not start.",
  "cannot-open": "The tour could not be opened",
  "cannot-use": "The tour cannot be used: {why}.",
  "not-loaded": "The {lesson} tour could not be loaded.",
  "link-too-long": "The tour in this link is too long (at most {max} characters).",
  "link-unreadable": "The tour in this link is not readable (archsim tour link makes one).",
  "not-a-tour": "it is not an archsim tour",
  "format-version": "it has format version {version}; this page reads version 1",
  "other-lesson": "it is for the {lesson} lesson, not this page's ({page})",
  "no-steps": "it has no steps",
  "first-step-no-link": "its first step has no link",
  "step-no-text": "step {k} has no title or text",
  "step-action-no-until": "step {k} asks for an action but not the state that shows it is done",
  "step-until-unclear": "step {k} waits for a state it does not describe",
  "step-until-unmeasured": "step {k} waits for “{name}”, which this lesson does not measure",
  "step-until-unchecked": "step {k} waits for “{claim}”, which is not a claim this page can check",
  "step-bad-highlight": "step {k} points at “{highlight}”, which is not a CSS selector",
  "close": "Close",
  "tour": "Tour",
  "count": "{title} · step {k} of {n}",
  "keys": "G: to what this step points at, and back · Esc: leave the tour",
  "back": "‹ Back",
  "show-me": "Show me",
  "reopen": "Reopen this step",
  "next": "Next ›",
  "finish": "Finish",
  "show-text": "Show the text",
  "leave": "Leave the tour",
  "announce": "Tour, step {k} of {n}: {title}.",
  "heard": "Step {k} of {n}: {title}.",
  "look-at": "Look at: {name}",
  "stop": ".",
  "done-for-you": "Done for you: now watch what happens.",
  "not-done": "That could not be done: {why}",
  "changed": "The scenario changed, and this step was written for its own. Reopen this step to see it.",
  "done": "Done.",
  "undone": "Not done any more.",
  "no-scenario": "no step up to this one opens a scenario: give it the page’s scenario",
  "state-names-unshown": "its state “{claim}” names “{name}”, which the page does not show",
  "claim-names-unshown": "claim “{claim}” names “{name}”, which the page does not show",
  "link-problems": "its link has problems: {problems}",
  "no-such-node": "it highlights “{highlight}”, which is no node of its scenario",
  "action-fails": "its action “{action}” cannot be taken: {why}",
  "state-unreadable": "its state “{claim}” cannot be read",
  "state-reached": "reached {claim} after {s} s",
  "state-not-reached": "its state “{claim}” is not reached within {s} s",
  "claim-hidden": "claim “{claim}” names “{name}”, which the page does not show at {s} s: {why}",
  "claim-fails": "claim “{claim}” does not hold at {s} s: {name} is {value}",
  "claim-holds": "✓ {claim} ({name} is {value})",
  "checking": "Checking step {k} of {n}…",
  "one-holds": "The step holds. The tour’s link and file are below.",
  "all-hold": "All {n} steps hold. The tour’s link and file are below.",
  "some-fail": "Not every step holds ({bad} of {n} do not): each is marked above.",
  "holds": "✓ holds",
  "fails": "✗ fails",
  "not-checked": "not checked",
  "new-step": "Step {k}",
  "again": "Step {k}, again",
  "step-title": "Title",
  "step-text": "What the student reads",
  "scenario": "Scenario",
  "opens-own": "Opens its own scenario",
  "step-before": "the scenario of the step before",
  "use-page": "Use the page as it is now",
  "points-at": "Points at",
  "highlight-example": "#ratings, or a node",
  "not-on-page": "Not on the page now",
  "pick": "Pick a part of the page",
  "asks-to": "Asks the student to",
  "action-example": "click “Record” then the page",
  "record": "Record a click on the page",
  "done-when": "Done when",
  "wait-for": "Wait for a state",
  "said-when-done": "Said when done",
  "time-allowed": "Time allowed (virtual s)",
  "claims": "Claims its text makes",
  "add-claim": "Add a claim",
  "keep": "Keep this step",
  "cancel": "Cancel",
  "value": "value",
  "comparison": "comparison",
  "compared-with": "compared with",
  "unknown": "unknown",
  "value-now": "{name} (now {value})",
  "state": "state",
  "claim": "claim",
  "remove-this": "Remove this {kind}",
  "needs-title": "Give the step a title.",
  "needs-text": "Say what the student reads.",
  "needs-state": "A step with an action needs a state that shows it was done.",
  "done-needs-state": "“Said when done” needs a state to wait for (or leave it empty).",
  "time-range": "The time allowed is from 1 to {max} s.",
  "first-opens": "The first step opens a scenario: tick “Opens its own scenario”.",
  "highlight-missing": "“{highlight}” is not on the page now.",
  "kept": "Step {k} kept. Check the tour when it is ready.",
  "picking": "Click the part of the page this step points at (Esc: cancel).",
  "no-name": "That part has no name to point at: try the panel or table around it.",
  "picked": "Points at {highlight}.",
  "not-picked": "Not picked.",
  "recording": "Now do on the page what the student should do (fail a node, split the network…).",
  "recorded": "Recorded “{action}”. The step opens the scenario as it was just before it.",
  "write": "Write a tour",
  "close-editor": "Close the tour editor",
  "hint": "Set the page up, then add a step: it takes the scenario on the page. Your draft is kept in this browser.",
  "tour-title": "Tour title",
  "untitled": "A tour",
  "edit": "Edit",
  "move-up": "Move step {k} up",
  "move-down": "Move step {k} down",
  "remove-step": "Remove step {k}",
  "remove": "Remove",
  "add-step": "Add a step",
  "check": "Check the tour",
  "tour-link": "Tour link (every step holds)",
  "too-long": "The tour is too long for a link: download its file.",
  "try": "Try it",
  "download": "Download the TOML",
  "as-toml": "The tour as a TOML file",
  "no-values": "The list of the {lesson} lesson’s values could not be loaded.",
  "loading": "Loading…"
};
let words = WORDS;

// The page's language, as the page uses it (English when its translation did not load).
const language = () => document.documentElement.lang || 'en';

// Word `key` with `args` filled in; numbers written as the page's language writes them (with
// the decimals they have, up to four). (An unknown key shows itself, never an error.)
export function w(key, args = {}) {
  const code = language();
  const show = (v) => {
    if (typeof v !== 'number' || !window.archsimNumber || code === 'en') return String(v);
    const digits = Number.isInteger(v) ? 0 : Math.min(4, (String(v).split('.')[1] ?? '').length);
    return window.archsimNumber(code, v, digits);
  };
  return (words[key] ?? WORDS[key] ?? key).replace(/\{(\w+)\}/g, (m, a) => (a in args ? show(args[a]) : m));
}

function waitForPage() {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const look = () => {
      if (wasm()?.tour_ready?.()) resolve();
      else if (performance.now() - start > READY_WITHIN_MS) reject(new Error(w('page-did-not-start')));
      else setTimeout(look, 50);
    };
    look();
  });
}

// A CSS selector that finds something (a teacher's typo must not break the tour later).
function find(selector) {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

// A tour as the page reads it, or the sentence saying why it cannot be used. Runs once the
// page is up, so value names can be asked of the lesson.
function validate(t, lesson) {
  if (!t || t.format !== 'archsim-tour') return w('not-a-tour');
  if (t.version !== 1) return w('format-version', { version: String(t.version) });
  if (t.lesson !== lesson) return w('other-lesson', { lesson: String(t.lesson), page: lesson });
  if (!Array.isArray(t.steps) || t.steps.length === 0) return w('no-steps');
  for (const [i, s] of t.steps.entries()) {
    const k = i + 1;
    if (typeof s.title !== 'string' || typeof s.text !== 'string') return w('step-no-text', { k });
    if (s.action && !s.until) return w('step-action-no-until', { k });
    if (s.until) {
      const { name, op, other } = s.until;
      if (typeof name !== 'string' || !['=', '!=', '<', '<=', '>', '>='].includes(op)) return w('step-until-unclear', { k });
      for (const n of [name, other].filter((x) => typeof x === 'string')) {
        if (wasm().tour_value(n) === undefined) return w('step-until-unmeasured', { k, name: n });
      }
      if (wasm().tour_holds(claimText(s.until)) === undefined) return w('step-until-unchecked', { k, claim: claimText(s.until) });
    }
    if (s.highlight && !s.node) {
      try {
        document.querySelector(s.highlight);
      } catch {
        return w('step-bad-highlight', { k, highlight: s.highlight });
      }
    }
  }
  if (!t.steps[0].link) return w('first-step-no-link');
  return null;
}

// The tour's and the card's words in the page's language (`archsim messages` writes the file
// beside the page's translation), or null: the card then speaks English and the tour is the
// English one.
async function translation(lesson) {
  const code = language();
  if (code === 'en') return null;
  try {
    const resp = await fetch(`i18n/${code}/${lesson}.tour.json`);
    const t = resp.ok ? await resp.json() : null;
    // (`tour` is null where the language has the card's words but not this lesson's tour.)
    return t && t.words && typeof t.words === 'object' && typeof t.tour === 'object' ? t : null;
  } catch {
    return null;
  }
}

// The words in the page's language from now on (the card's and the editor's), and the
// lesson's tour in it, if translated (null otherwise). Once the page has started.
let asked = null;
export function useLanguage(lesson) {
  asked ??= translation(lesson).then((own) => {
    words = own?.words ?? WORDS;
    // (A file that did not load is asked for again next time.)
    if (!own && language() !== 'en') asked = null;
    return own;
  });
  return asked;
}

// The tour in the link, or the lesson's own: in the page's language when it is translated.
async function load(lesson) {
  const own = await useLanguage(lesson);
  const hash = location.hash;
  if (hash.startsWith('#tour=')) {
    const field = hash.slice('#tour='.length);
    // The same bound as any link's fragment.
    if (field.length > MAX_FRAGMENT) throw new Error(w('link-too-long', { max: MAX_FRAGMENT }));
    let t;
    try {
      t = JSON.parse(decodeURIComponent(field));
    } catch {
      throw new Error(w('link-unreadable'));
    }
    return { tour: t, custom: field };
  }
  if (own?.tour) return { tour: own.tour, custom: null };
  const resp = await fetch(`${lesson}.json`).catch(() => null);
  if (!resp || !resp.ok) throw new Error(w('not-loaded', { lesson }));
  return { tour: await resp.json(), custom: null };
}

function stepInAddress() {
  const s = Number(new URLSearchParams(location.search).get('step'));
  return Number.isInteger(s) && s > 0 ? s - 1 : 0;
}

// `?…&tour=1&step=N` (other fields such as embed kept), and the tour itself in the fragment
// when it came in the link; or neither.
function writeAddress() {
  const q = new URLSearchParams(location.search);
  q.delete('tour');
  q.delete('step');
  let fragment = location.hash;
  if (state) {
    q.set('tour', '1');
    q.set('step', String(state.step + 1));
    fragment = state.custom ? `#tour=${state.custom}` : '';
  } else if (fragment.startsWith('#tour=')) {
    fragment = '';
  }
  const query = q.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${fragment}`);
  wasm().tour_hold_address(!!state);
}

// A step's state as a claim (`name op value`), as `archsim tour json` writes it.
function claimText(until) {
  if (typeof until.text === 'string') return until.text;
  const rhs = 'other' in until ? until.other : (until.value ?? 'none');
  return `${until.name} ${until.op} ${rhs}`;
}

// Whether the state a step waits for holds: the lesson's wasm checks it with the one evaluator
// `archsim tour check` runs (src/tour/claim.rs), so the card and the checker cannot disagree.
function holds(until) {
  return wasm().tour_holds(claimText(until)) === true;
}

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'value') e.value = v;
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

// The card: built once, so its live region stays in place and what it says is heard.
function card() {
  let c = document.getElementById('tour');
  if (!c) {
    c = el('section', { class: 'tour-card', id: 'tour', tabindex: '-1', role: 'region', 'aria-labelledby': 'tour-title' },
      el('p', { class: 'tour-count' }),
      el('h2', { id: 'tour-title' }),
      el('p', { class: 'tour-text' }),
      el('p', { class: 'tour-status', role: 'status', id: 'tour-status' }),
      el('div', { class: 'tour-nav' }),
      el('p', { class: 'tour-keys' }, w('keys')));
    document.body.append(c);
  }
  return c;
}

// The part of the page a node is drawn in: its architecture's panel on the first page, the
// network on the consensus page.
function drawingOf(label) {
  const arch = label.split(' ')[0];
  return document.getElementById(`panel-${arch}`) ?? document.getElementById('network');
}

// Opened by the address in another page's frame: until the reader touches this frame, the
// tour does not take the focus.
let quietFrame = false;
for (const kind of ['pointerdown', 'keydown']) addEventListener(kind, () => { quietFrame = false; }, true);

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// Brings what a step points at into view: beside the card on a wide screen (the card moves to
// the other side when it would sit on top of it), above it when the card spans the screen.
// The card never covers `exact` (the node itself, or the part of the page): failing the
// other side, it shrinks to its title, status and buttons.
function place(target, exact = target) {
  const c = card();
  if (!target) return;
  c.classList.remove('brief');
  // A small embed shows one panel at a time: show this one.
  if (!target.offsetParent && target.id) document.querySelector(`[aria-controls="${target.id}"]`)?.click();
  const r = target.getBoundingClientRect();
  const box = c.getBoundingClientRect();
  const wide = box.width > innerWidth * 0.7;
  if (wide) {
    const free = innerHeight - box.height;
    const top = r.height > free ? r.top - 8 : r.top + r.height / 2 - free / 2;
    scrollBy({ top, behavior: 'instant' });
  } else {
    // (A small target, such as a column's head, comes to the middle, with what is below it.)
    // (In another page's frame, only this document scrolls: scrollIntoView would move the host.)
    if (window.self !== window.top) scrollBy({ top: r.top + r.height / 2 - innerHeight / 2, behavior: 'instant' });
    else target.scrollIntoView({ block: r.height < innerHeight / 3 ? 'center' : 'nearest', behavior: 'instant' });
    c.classList.toggle('left', r.left + r.width / 2 > innerWidth / 2 && r.width < innerWidth * 0.8);
  }
  const covers = () => exact && overlaps(c.getBoundingClientRect(), exact.getBoundingClientRect());
  if (covers() && !wide) c.classList.toggle('left');
  // A part bigger than half the screen shows round the card; a smaller one gets the room.
  const e = exact?.getBoundingClientRect();
  const big = e && Math.min(e.width, innerWidth) * Math.min(e.height, innerHeight) > innerWidth * innerHeight / 2;
  if (covers() && !big) c.classList.add('brief');
}

// "Look at: …", with one stop at the end.
const lookAt = (name) => `${w('look-at', { name })}${/[.?!:。．？！：]$/.test(name) ? '' : w('stop')}`;

// What a step points at: a node (ringed on the canvas by the lesson) or a part of the page
// (outlined); its name in words, or nothing when it is not there.
function mark(step) {
  card().classList.remove('brief');
  state.marked?.classList.remove('tour-mark');
  state.marked = null;
  if (!step.highlight) {
    wasm().tour_mark('');
    return null;
  }
  if (step.node) {
    place(drawingOf(step.highlight), nodeControl(step.highlight) ?? drawingOf(step.highlight));
    return wasm().tour_mark(step.highlight) ?? null;
  }
  wasm().tour_mark('');
  const target = find(step.highlight);
  if (!target) return null;
  place(target);
  target.classList.add('tour-mark');
  state.marked = target;
  const by = target.getAttribute('aria-labelledby');
  const own = [...target.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
  const name = target.getAttribute('aria-label')
    || (by && document.getElementById(by.split(' ')[0])?.textContent)
    || target.querySelector('h2, h3, th')?.textContent
    || own
    || target.textContent;
  return name.replace(/\s+/g, ' ').trim().slice(0, 80);
}

// The card for the step as it stands; `focus`: which control takes the keyboard focus.
function render(focus) {
  const { tour, step: k, reached } = state;
  const step = tour.steps[k];
  const n = tour.steps.length;
  const done = !!step.until && reached;
  const c = card();
  c.dataset.step = String(k + 1);
  c.dataset.reached = String(done);
  c.querySelector('.tour-count').textContent = w('count', { title: tour.title || w('tour'), k: k + 1, n });
  c.querySelector('h2').textContent = step.title;
  c.querySelector('.tour-text').textContent = step.text;
  c.querySelector('.tour-status').classList.toggle('done', done);
  const ready = !step.until || reached;
  const next = k + 1 < n
    ? el('button', { type: 'button', class: ready ? 'primary tour-next' : 'tour-next', onclick: () => go(k + 1, false, 'next') }, w('next'))
    : el('button', { type: 'button', class: 'primary tour-next', onclick: close }, w('finish'));
  c.querySelector('.tour-nav').replaceChildren(...[
    // Back opens the earlier step as it starts; Next goes on from where the student is.
    el('button', { type: 'button', class: 'tour-back', disabled: k === 0, onclick: () => go(k - 1, true, 'back') }, w('back')),
    step.action ? el('button', { type: 'button', class: 'tour-show', disabled: done, onclick: showMe }, w('show-me')) : null,
    state.stale ? el('button', { type: 'button', class: 'tour-reopen', onclick: () => go(k, true, 'card') }, w('reopen')) : null,
    next,
    el('button', { type: 'button', class: 'tour-more', onclick: () => { c.classList.remove('brief'); c.focus({ preventScroll: true }); } }, w('show-text')),
    el('button', { type: 'button', class: 'tour-close', 'aria-label': w('leave'), onclick: close }, '✕'),
  ].filter(Boolean));
  const target = { card: c, next: c.querySelector('.tour-next'), back: k > 0 ? c.querySelector('.tour-back') : c }[focus];
  target?.focus({ preventScroll: true });
}

// The status line (a live region): what to look at, what went wrong, or that the step is done;
// `heard` goes to screen readers only (the card shows it already).
function say(text, heard = '') {
  card().querySelector('.tour-status').replaceChildren(...(heard ? [el('span', { class: 'sr-only' }, heard)] : []), text);
}

function go(k, fresh, focus) {
  const { tour } = state;
  if (k < 0 || k >= tour.steps.length) return;
  const step = tour.steps[k];
  Object.assign(state, { step: k, reached: false, announced: false, stale: false });
  const link = fresh ? tour.steps.slice(0, k + 1).reverse().find((s) => s.link)?.link : step.link;
  writeAddress();
  const n = tour.steps.length;
  if (link) wasm().tour_load(link, w('announce', { k: k + 1, n, title: step.title }));
  state.opened = wasm().tour_opened();
  render(focus);
  const heard = `${w('heard', { k: k + 1, n, title: step.title })} `;
  say('', heard);
  // What the step points at is named once the page has drawn the step's scenario (a button's
  // label, a panel's title can change with it).
  const at = state;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (state !== at || state.step !== k) return;
    state.looking = mark(step);
    if (!state.reached) say(state.looking ? lookAt(state.looking) : '', heard);
    look();
  }));
}

function showMe() {
  const a = state?.tour.steps[state.step].action;
  if (!a) return;
  const err = wasm().tour_act(a);
  say(err ? w('not-done', { why: err }) : w('done-for-you'));
}

// Every quarter second: is the step's state reached (or no longer)? Was the scenario replaced
// by something other than the tour (a reset, new settings, a gallery link)? And the node stays
// ringed.
function look() {
  if (!state) return;
  const step = state.tour.steps[state.step];
  if (step.node) wasm().tour_mark(step.highlight);
  const opened = wasm().tour_opened();
  if (opened !== state.opened) {
    state.opened = opened;
    state.stale = true;
    render(null);
    say(w('changed'));
  }
  if (!step.until) return;
  const now = holds(step.until);
  if (now === state.reached) return;
  state.reached = now;
  // Done, however it was done (a click, a key on the node, Show me): focus goes to Next —
  // from the card, the page itself or what the step points at, never from another control.
  const active = document.activeElement;
  const inCard = card().contains(active);
  const there = pointedAt();
  const free = inCard || !active || active === document.body || (there && there.contains(active));
  render(now ? (quietFrame || !free ? null : 'next') : (inCard ? 'card' : null));
  if (now && !state.announced) {
    state.announced = true;
    say(`✓ ${step.done ?? w('done')}`);
  } else if (!now && !state.stale) {
    // Undone (the student recovered the node, say): back to what the step asks.
    state.announced = false;
    say(state.looking ? lookAt(state.looking) : w('undone'));
  }
}

// Leaves the tour; `keepAddress`: another tour in the address is about to open.
function close({ keepAddress = false } = {}) {
  if (!state) return;
  clearInterval(state.timer);
  state.marked?.classList.remove('tour-mark');
  document.getElementById('tour')?.remove();
  state = null;
  wasm().tour_mark('');
  if (keepAddress) return;
  writeAddress();
  document.querySelector('.tour-start')?.focus();
}

function fail(message) {
  // The page writes its scenario to the address again.
  waitForPage().then(() => wasm().tour_hold_address(false), () => {});
  const c = card();
  const shut = () => {
    c.remove();
    document.querySelector('.tour-start')?.focus();
  };
  c.replaceChildren(
    el('h2', { id: 'tour-title' }, w('cannot-open')),
    el('p', { class: 'tour-text', role: 'alert' }, message),
    el('div', { class: 'tour-nav' }, el('button', { type: 'button', onclick: shut }, w('close'))));
  if (!quietFrame) c.focus();
}

// Esc leaves the tour from anywhere on the page (unless a dialog is open: Esc closes that).
addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && state && !e.defaultPrevented && !document.querySelector('[role=dialog]')) {
    e.preventDefault();
    close();
  }
  // G: from the card to what the step points at, and back.
  const typing = e.target.closest?.('input, textarea, select, [contenteditable]');
  const dialog = document.querySelector('[role=dialog]');
  if ((e.key === 'g' || e.key === 'G') && state && !typing && !dialog && !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey) {
    const c = card();
    const there = pointedAt();
    if (!there) return;
    e.preventDefault();
    e.stopPropagation();
    if (c.contains(document.activeElement)) {
      if (!there.matches('a, button, input, select, [tabindex]')) there.setAttribute('tabindex', '-1');
      there.focus({ preventScroll: false });
    } else {
      (c.querySelector('.tour-next') ?? c).focus();
    }
  }
}, true);

// What the open step points at, as something that can take the focus: a node's control, the
// network a node is drawn in, or the outlined part of the page.
function pointedAt() {
  const step = state?.tour.steps[state.step];
  if (!step?.highlight) return null;
  if (!step.node) return state.marked;
  return nodeControl(step.highlight) ?? document.querySelector('#network .stage, .stage');
}

// A node's own control, where the lesson gives each node one (`client-server S0`).
function nodeControl(highlight) {
  const [arch, id] = highlight.includes(' ') ? highlight.split(' ') : [null, highlight];
  return arch ? document.querySelector(`#panel-${arch} button[data-node="${id}"]`) : null;
}

// Another tour pasted into the address opens in place of this one.
addEventListener('hashchange', () => {
  if (location.hash.startsWith('#tour=') && state && location.hash.slice('#tour='.length) !== state.custom) {
    const { lesson } = state.tour;
    close({ keepAddress: true });
    open(lesson);
  }
});

// Opens the lesson's tour (or the one in the link) at the step the address asks for; again
// while open, brings the card back into view.
export function open(lesson, { quiet = false } = {}) {
  quietFrame = quiet;
  if (state) {
    render('card');
    return Promise.resolve();
  }
  opening ??= (async () => {
    if (!document.querySelector('link[href$="tour.css"]')) {
      document.head.append(el('link', { rel: 'stylesheet', href: 'tour.css' }));
    }
    try {
      // (The page says which language it is in once it has started.)
      await waitForPage();
      const { tour, custom } = await load(lesson);
      const why = validate(tour, lesson);
      if (why) throw new Error(w('cannot-use', { why }));
      // (A message from an earlier try goes: the card is built afresh.)
      document.getElementById('tour')?.remove();
      state = { tour, step: 0, custom, reached: false, marked: null, timer: setInterval(look, LOOK_EVERY_MS) };
      go(Math.min(stepInAddress(), tour.steps.length - 1), true, quiet ? null : 'card');
    } catch (e) {
      if (state) clearInterval(state.timer);
      state = null;
      fail(e.message);
    }
  })().finally(() => { opening = null; });
  return opening;
}
