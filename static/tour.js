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

function waitForPage() {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const look = () => {
      if (wasm()?.tour_ready?.()) resolve();
      else if (performance.now() - start > READY_WITHIN_MS) reject(new Error('The page did not start.'));
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
  if (!t || t.format !== 'archsim-tour') return 'it is not an archsim tour';
  if (t.version !== 1) return `it has format version ${t.version}; this page reads version 1`;
  if (t.lesson !== lesson) return `it is for the ${t.lesson} lesson, not this page's (${lesson})`;
  if (!Array.isArray(t.steps) || t.steps.length === 0) return 'it has no steps';
  for (const [k, s] of t.steps.entries()) {
    const at = `step ${k + 1}`;
    if (typeof s.title !== 'string' || typeof s.text !== 'string') return `${at} has no title or text`;
    if (s.action && !s.until) return `${at} asks for an action but not the state that shows it is done`;
    if (s.until) {
      const { name, op, other } = s.until;
      if (typeof name !== 'string' || !['=', '!=', '<', '<=', '>', '>='].includes(op)) return `${at} waits for a state it does not describe`;
      for (const n of [name, other].filter((x) => typeof x === 'string')) {
        if (wasm().tour_value(n) === undefined) return `${at} waits for “${n}”, which this lesson does not measure`;
      }
      if (wasm().tour_holds(claimText(s.until)) === undefined) return `${at} waits for “${claimText(s.until)}”, which is not a claim this page can check`;
    }
    if (s.highlight && !s.node) {
      try {
        document.querySelector(s.highlight);
      } catch {
        return `${at} points at “${s.highlight}”, which is not a CSS selector`;
      }
    }
  }
  if (!t.steps[0].link) return 'its first step has no link';
  return null;
}

async function load(lesson) {
  const hash = location.hash;
  if (hash.startsWith('#tour=')) {
    const field = hash.slice('#tour='.length);
    // The same bound as any link's fragment.
    if (field.length > MAX_FRAGMENT) throw new Error(`The tour in this link is too long (at most ${MAX_FRAGMENT} characters).`);
    let t;
    try {
      t = JSON.parse(decodeURIComponent(field));
    } catch {
      throw new Error('The tour in this link is not readable (archsim tour link makes one).');
    }
    return { tour: t, custom: field };
  }
  const resp = await fetch(`${lesson}.json`).catch(() => null);
  if (!resp || !resp.ok) throw new Error(`The ${lesson} tour could not be loaded.`);
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
      el('p', { class: 'tour-keys' }, 'G: to what this step points at, and back · Esc: leave the tour'));
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
const lookAt = (name) => `Look at: ${name}${/[.?!:]$/.test(name) ? '' : '.'}`;

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
  c.querySelector('.tour-count').textContent = `${tour.title || 'Tour'} · step ${k + 1} of ${n}`;
  c.querySelector('h2').textContent = step.title;
  c.querySelector('.tour-text').textContent = step.text;
  c.querySelector('.tour-status').classList.toggle('done', done);
  const ready = !step.until || reached;
  const next = k + 1 < n
    ? el('button', { type: 'button', class: ready ? 'primary tour-next' : 'tour-next', onclick: () => go(k + 1, false, 'next') }, 'Next ›')
    : el('button', { type: 'button', class: 'primary tour-next', onclick: close }, 'Finish');
  c.querySelector('.tour-nav').replaceChildren(...[
    // Back opens the earlier step as it starts; Next goes on from where the student is.
    el('button', { type: 'button', class: 'tour-back', disabled: k === 0, onclick: () => go(k - 1, true, 'back') }, '‹ Back'),
    step.action ? el('button', { type: 'button', class: 'tour-show', disabled: done, onclick: showMe }, 'Show me') : null,
    state.stale ? el('button', { type: 'button', class: 'tour-reopen', onclick: () => go(k, true, 'card') }, 'Reopen this step') : null,
    next,
    el('button', { type: 'button', class: 'tour-more', onclick: () => { c.classList.remove('brief'); c.focus({ preventScroll: true }); } }, 'Show the text'),
    el('button', { type: 'button', class: 'tour-close', 'aria-label': 'Leave the tour', onclick: close }, '✕'),
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
  if (link) wasm().tour_load(link, `Tour, step ${k + 1} of ${tour.steps.length}: ${step.title}.`);
  state.opened = wasm().tour_opened();
  render(focus);
  const heard = `Step ${k + 1} of ${tour.steps.length}: ${step.title}. `;
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
  say(err ? `That could not be done: ${err}` : 'Done for you: now watch what happens.');
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
    say('The scenario changed, and this step was written for its own. Reopen this step to see it.');
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
    say(`✓ ${step.done ?? 'Done.'}`);
  } else if (!now && !state.stale) {
    // Undone (the student recovered the node, say): back to what the step asks.
    state.announced = false;
    say(state.looking ? lookAt(state.looking) : 'Not done any more.');
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
    el('h2', { id: 'tour-title' }, 'The tour could not be opened'),
    el('p', { class: 'tour-text', role: 'alert' }, message),
    el('div', { class: 'tour-nav' }, el('button', { type: 'button', onclick: shut }, 'Close')));
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
      const [{ tour, custom }] = await Promise.all([load(lesson), waitForPage()]);
      const why = validate(tour, lesson);
      if (why) throw new Error(`The tour cannot be used: ${why}.`);
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
