// "Write a tour": a teacher builds a guided tour from what is on the page, checks it in the
// page, and takes away its link or its TOML file. Loaded only when opened, like the tour card.
//
// Each step is made from the screen: the scenario showing becomes its link, a node or a part
// of the page its highlight, a click on the page its action, and its state and claims are
// picked from the values the page shows (listed, with where, in the lesson's tour JSON that
// `archsim tour json` writes), each with its value now.
//
// Checking a step runs it exactly as `archsim tour check` does (src/shell/tour_run.rs): open
// its link (its own, or the nearest earlier step's), take its action, run in steps of 100 ms
// of virtual time until its state holds (within its time limit), then check every claim at
// once, or, for a step that waits for nothing, once a virtual second for its time limit. The
// claims are evaluated by the lesson's wasm with the one evaluator the checker runs
// (`tour_holds`), and virtual time moves by `tour_seek`, without painting. The teacher's own
// scenario opens again afterwards.

import { el, useLanguage, w } from './tour.js';

const LOOK_EVERY_MS = 100;
const DEFAULT_WITHIN_MS = 10000;
const MAX_WITHIN_MS = 120000;
const MAX_STEPS = 40;
const MAX_FRAGMENT = 16384;
const OPS = ['=', '!=', '<', '<=', '>', '>='];

const wasm = () => window.wasmBindings;

let ed = null; // { lesson, names, tour, editing, checked, checking, recording }

const draftKey = (lesson) => `archsim-tour-draft-${lesson}`;
const save = () => {
  try {
    localStorage.setItem(draftKey(ed.lesson), JSON.stringify(ed.tour));
  } catch { /* private mode: the draft lives as long as the page */ }
};

// The scenario on the page now, exact to the moment, as a link's fragment that opens it
// playing (the address bar lags while the page plays, and a tour holds it).
const pageLink = () => wasm().tour_link();

// A link's fields, in order (`#v=1&seed=1&…&a=cxS0@1200`).
const fields = (link) => link.replace(/^#/, '').split('&').filter(Boolean);

// The `a=` list of a link: its actions, each with its time.
function actionsOf(link) {
  const a = fields(link).find((f) => f.startsWith('a='));
  return a ? a.slice(2).split(',') : [];
}

// `link` opened at `ms`, with only its first `keep` actions: the moment just before the next.
function before(link, keep, ms) {
  const acts = actionsOf(link).slice(0, keep);
  const out = fields(link)
    .filter((f) => !f.startsWith('a='))
    .map((f) => (f.startsWith('t=') ? `t=${ms}` : f));
  return `#${[...out, ...(acts.length ? [`a=${acts.join(',')}`] : [])].join('&')}`;
}

// Whether a highlight names a node (`client-server S0`, `P3`), as the lesson reads it, rather
// than a part of the page (`#ratings`).
const isNode = (h) => !!h && wasm().tour_is_node(h.trim());

// A value as the page's checker prints it (a number, written in the page's language; `none`,
// as a claim writes it).
function shown(v) {
  if (v === undefined) return w('unknown');
  if (v === null || Number.isNaN(v)) return 'none';
  return Math.round(v * 10000) / 10000;
}

const claimText = (c) => `${c.name} ${c.op} ${c.rhs}`;
const claimNames = (c) => [c.name, ...(/^[A-Za-z_][\w.-]*$/.test(c.rhs) && !['low', 'medium', 'high', 'none'].includes(c.rhs) ? [c.rhs] : [])];

function linkFor(tour, k) {
  for (let i = k; i >= 0; i--) if (tour.steps[i].link) return tour.steps[i].link;
  return '';
}

// ---- checking, as `archsim tour check` does ----

function checkStep(tour, k, names) {
  const step = tour.steps[k];
  const out = [];
  const fail = (why) => ({ ok: false, why, out });
  const link = linkFor(tour, k);
  if (!link) return fail(w('no-scenario'));
  for (const c of [...step.claims, ...(step.until ? [step.until] : [])]) {
    const n = claimNames(c).find((x) => !(x in names));
    if (n) return fail(c === step.until ? w('state-names-unshown', { claim: claimText(c), name: n }) : w('claim-names-unshown', { claim: claimText(c), name: n }));
  }
  // A link the page would open only in part (a field out of bounds, an action it cannot
  // take) fails, as in the runner: the page would silently show something else.
  const problems = wasm().tour_problems(link);
  if (problems) return fail(w('link-problems', { problems }));
  wasm().tour_load(link, '');
  const now = () => wasm().tour_seek(-1);
  // (A node must be in the step's scenario; a part of the page is checked as it is typed.)
  if (step.highlight && isNode(step.highlight)) {
    const there = wasm().tour_mark(step.highlight);
    wasm().tour_mark('');
    if (!there) return fail(w('no-such-node', { highlight: step.highlight }));
  }
  if (step.action) {
    const err = wasm().tour_act(step.action);
    if (err) return fail(w('action-fails', { action: step.action, why: err }));
  }
  const within = step.within_ms ?? DEFAULT_WITHIN_MS;
  if (step.until) {
    const text = claimText(step.until);
    const start = now();
    for (;;) {
      const h = wasm().tour_holds(text);
      if (h === undefined) return fail(w('state-unreadable', { claim: text }));
      if (h) {
        out.push(w('state-reached', { claim: text, s: (now() - start) / 1000 }));
        break;
      }
      if (now() >= start + within) return fail(w('state-not-reached', { claim: text, s: within / 1000 }));
      wasm().tour_seek(now() + LOOK_EVERY_MS);
    }
  }
  const dwell = step.until ? 0 : within;
  const end = now() + dwell;
  for (;;) {
    const last = now() >= end;
    for (const c of step.claims) {
      for (const n of claimNames(c)) {
        const why = wasm().tour_hidden(n);
        if (why) return fail(w('claim-hidden', { claim: claimText(c), name: n, s: now() / 1000, why }));
      }
      const h = wasm().tour_holds(claimText(c));
      const v = shown(wasm().tour_value(c.name));
      if (h !== true) return fail(w('claim-fails', { claim: claimText(c), s: now() / 1000, name: c.name, value: v }));
      if (last) out.push(w('claim-holds', { claim: claimText(c), name: c.name, value: v }));
    }
    if (last) break;
    wasm().tour_seek(Math.min(now() + 1000, end));
  }
  return { ok: true, out };
}

async function checkAll() {
  stopRecording();
  // The teacher's scenario to come back to, playing or paused as it is (the address says
  // which: it is written at once when that changes).
  const playing = /(^#|&)play=1(&|$)/.test(location.hash);
  const mine = pageLink().replace(/&play=[01]/, `&play=${playing ? 1 : 0}`);
  const [x, y] = [scrollX, scrollY];
  const tour = structuredClone(ed.tour);
  const { names } = ed;
  const checked = [];
  ed.checked = [];
  ed.checking = true;
  render();
  try {
    for (let k = 0; k < tour.steps.length; k++) {
      say(w('checking', { k: k + 1, n: tour.steps.length }));
      // (A pause between steps, so the page stays responsive.)
      await new Promise((r) => setTimeout(r, 0));
      checked[k] = checkStep(tour, k, names);
    }
  } finally {
    // The teacher's own scenario again, whatever happened.
    wasm().tour_load(mine, '');
    scrollTo(x, y);
  }
  if (!playing) {
    // The last step's scenario was opened playing, and the page may run one more frame of the
    // teacher's before it hears it is paused: once it has, open it again to the moment.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    wasm().tour_load(mine, '');
  }
  if (!ed) return;
  ed.checked = checked;
  ed.checking = false;
  const bad = ed.checked.filter((c) => !c.ok).length;
  render(bad === 0 ? '.te-tour-link' : '.te-step.fails button');
  const n = ed.tour.steps.length;
  say(bad > 0 ? w('some-fail', { bad, n }) : n === 1 ? w('one-holds') : w('all-hold', { n }));
}

// ---- the panel ----

// The editor: what each render replaces, and below it the live region, built once so that
// what it says is heard.
function panel() {
  let p = document.getElementById('tour-editor');
  if (!p) {
    p = el('section', { class: 'tour-editor', id: 'tour-editor', tabindex: '-1', role: 'region', 'aria-labelledby': 'tour-editor-title' },
      el('div', { class: 'te-body' }),
      el('p', { class: 'te-status', id: 'tour-editor-status', role: 'status' }));
    document.body.append(p);
  }
  return p;
}

const body = () => panel().querySelector('.te-body');

function say(text) {
  const s = document.getElementById('tour-editor-status');
  if (s) s.textContent = text;
}

const field = (label, input, hint) => el('label', { class: 'te-field' }, el('span', {}, label), input, hint ? el('small', {}, hint) : null);

function valueNow(name) {
  return shown(wasm().tour_value(name));
}

// What a new comparison suggests for `name`: its value now, exactly (a rating as a word), with
// `=` for a whole number or a rating and `>=` otherwise (a rate moves on as the run does).
function suggest(name) {
  const v = wasm().tour_value(name);
  if (v === undefined || v === null || Number.isNaN(v)) return { op: '=', rhs: 'none' };
  if (name.includes('.rating.')) return { op: '=', rhs: ['low', 'medium', 'high'][v] ?? String(v) };
  return { op: Number.isInteger(v) ? '=' : '>=', rhs: String(v) };
}

function nameSelect(cls, value) {
  const s = el('select', { class: cls, 'aria-label': w('value') });
  for (const n of Object.keys(ed.names).sort()) s.append(el('option', { value: n, selected: n === value }, w('value-now', { name: n, value: valueNow(n) })));
  return s;
}

function opSelect(cls, value) {
  return el('select', { class: cls, 'aria-label': w('comparison') }, ...OPS.map((o) => el('option', { value: o, selected: o === value }, o)));
}

// One comparison (a state or a claim): a value the page shows, a comparison, what it is
// compared with (a number, low/medium/high, none, or another value's name).
function comparison(kind, c, onRemove) {
  const name = nameSelect('te-name', c?.name);
  const op = opSelect('te-op', c?.op ?? '=');
  const rhs = el('input', { class: 'te-rhs', 'aria-label': w('compared-with'), value: c?.rhs ?? '', size: 8 });
  const fill = () => {
    const s = suggest(name.value);
    op.value = s.op;
    rhs.value = s.rhs;
  };
  name.addEventListener('change', fill);
  if (!c?.name) fill();
  const called = kind === 'state' ? w('state') : w('claim');
  return el('div', { class: `te-cmp te-${kind}` }, el('span', { class: 'sr-only' }, called), name, op, rhs,
    el('button', { type: 'button', class: 'te-remove', 'aria-label': w('remove-this', { kind: called }), onclick: onRemove }, '✕'));
}

function readComparison(row) {
  return { name: row.querySelector('.te-name').value, op: row.querySelector('.te-op').value, rhs: row.querySelector('.te-rhs').value.trim() || 'none' };
}

// The form for the step being written (a new one, or step `k` again).
function stepForm(k) {
  const s = k === null ? { title: '', text: '', link: pageLink(), highlight: '', action: '', until: null, done: '', claims: [], within_ms: DEFAULT_WITHIN_MS } : structuredClone(ed.tour.steps[k]);
  const title = el('input', { class: 'te-title', value: s.title });
  const text = el('textarea', { class: 'te-text', rows: 3, value: s.text });
  const opens = el('input', { type: 'checkbox', class: 'te-opens', checked: !!s.link });
  const linkNow = el('code', { class: 'te-link' }, s.link || w('step-before'));
  let link = s.link;
  const useNow = el('button', { type: 'button', class: 'te-use-page', onclick: () => { link = pageLink(); opens.checked = true; linkNow.textContent = link; } }, w('use-page'));
  const highlight = el('input', { class: 'te-highlight', value: s.highlight ?? '', placeholder: w('highlight-example') });
  const markNode = () => {
    const h = highlight.value.trim();
    const ok = !h || (isNode(h) ? !!wasm().tour_mark(h) : (() => { try { return !!document.querySelector(h); } catch { return false; } })());
    highlight.setCustomValidity(ok ? '' : w('not-on-page'));
    if (!isNode(h)) wasm().tour_mark('');
  };
  highlight.addEventListener('input', markNode);
  const pick = el('button', { type: 'button', class: 'te-pick', onclick: () => startPicking(highlight) }, w('pick'));
  const action = el('input', { class: 'te-action', value: s.action ?? '', placeholder: w('action-example') });
  const record = el('button', { type: 'button', class: 'te-record', onclick: () => startRecording(action, (from) => { link = from; opens.checked = true; linkNow.textContent = link; }) }, w('record'));
  const untilBox = el('div', { class: 'te-until-box' });
  const setUntil = (u) => untilBox.replaceChildren(u
    ? comparison('state', u, () => setUntil(null))
    : el('button', { type: 'button', class: 'te-add-until', onclick: () => setUntil({}) }, w('wait-for')));
  setUntil(s.until);
  const done = el('input', { class: 'te-done', value: s.done ?? '' });
  const within = el('input', { type: 'number', class: 'te-within', min: 1, max: MAX_WITHIN_MS / 1000, value: (s.within_ms ?? DEFAULT_WITHIN_MS) / 1000 });
  const claims = el('div', { class: 'te-claims' });
  const addClaim = (c) => { const row = comparison('claim', c, () => row.remove()); claims.append(row); };
  s.claims.forEach(addClaim);
  const why = el('p', { class: 'te-why', role: 'alert' });
  const keep = () => {
    const u = untilBox.querySelector('.te-cmp');
    const step = {
      title: title.value.trim(),
      text: text.value.trim(),
      link: opens.checked ? link : '',
      highlight: highlight.value.trim(),
      action: action.value.trim(),
      until: u ? readComparison(u) : null,
      done: done.value.trim(),
      within_ms: Math.round(Number(within.value) * 1000),
      claims: [...claims.querySelectorAll('.te-cmp')].map(readComparison),
    };
    const problem = !step.title ? w('needs-title')
      : !step.text ? w('needs-text')
      : step.action && !step.until ? w('needs-state')
      : step.done && !step.until ? w('done-needs-state')
      : !(step.within_ms >= 1000 && step.within_ms <= MAX_WITHIN_MS) ? w('time-range', { max: MAX_WITHIN_MS / 1000 })
      : (k ?? ed.tour.steps.length) === 0 && !step.link ? w('first-opens')
      : highlight.validity.valid ? null : w('highlight-missing', { highlight: step.highlight });
    if (problem) {
      why.textContent = problem;
      return;
    }
    stopRecording();
    if (k === null) ed.tour.steps.push(step);
    else ed.tour.steps[k] = step;
    ed.editing = undefined;
    ed.checked = [];
    save();
    wasm().tour_mark('');
    render('.te-add');
    say(w('kept', { k: k === null ? ed.tour.steps.length : k + 1 }));
  };
  return el('form', { class: 'te-form', onsubmit: (e) => { e.preventDefault(); keep(); } },
    el('h3', {}, k === null ? w('new-step', { k: ed.tour.steps.length + 1 }) : w('again', { k: k + 1 })),
    field(w('step-title'), title),
    field(w('step-text'), text),
    el('fieldset', {}, el('legend', {}, w('scenario')),
      el('label', { class: 'te-check' }, opens, ` ${w('opens-own')}`), linkNow, useNow),
    el('fieldset', {}, el('legend', {}, w('points-at')), highlight, pick),
    el('fieldset', {}, el('legend', {}, w('asks-to')), action, record),
    el('fieldset', {}, el('legend', {}, w('done-when')), untilBox,
      field(w('said-when-done'), done), field(w('time-allowed'), within)),
    el('fieldset', {}, el('legend', {}, w('claims')), claims,
      el('button', { type: 'button', class: 'te-add-claim', onclick: () => addClaim({}) }, w('add-claim'))),
    why,
    el('div', { class: 'te-row' },
      el('button', { type: 'submit', class: 'primary te-keep' }, w('keep')),
      el('button', { type: 'button', onclick: () => { stopRecording(); ed.editing = undefined; wasm().tour_mark(''); render('.te-add'); } }, w('cancel'))));
}

// The next click on the page (outside the editor) picks the part it lands in.
function startPicking(input) {
  say(w('picking'));
  document.body.classList.add('te-picking');
  const stop = () => {
    document.body.classList.remove('te-picking');
    removeEventListener('click', onClick, true);
    removeEventListener('keydown', onKey, true);
  };
  const onClick = (e) => {
    if (panel().contains(e.target)) return;
    e.preventDefault();
    e.stopPropagation();
    stop();
    let t = e.target;
    while (t && t !== document.body && !(t.id && t.id !== 'main')) t = t.parentElement;
    if (!t || t === document.body) {
      say(w('no-name'));
      return;
    }
    input.value = `#${CSS.escape(t.id)}`;
    input.dispatchEvent(new Event('input'));
    say(w('picked', { highlight: input.value }));
    input.focus();
  };
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      stop();
      say(w('not-picked'));
    }
  };
  addEventListener('click', onClick, true);
  addEventListener('keydown', onKey, true);
}

// The next action taken on the page (a click on a node, a split, a heal) becomes the step's
// action; `onRecorded` gets the scenario as it was just before it, for the step to open.
function startRecording(input, onRecorded) {
  const had = actionsOf(pageLink()).length;
  say(w('recording'));
  stopRecording();
  ed.recording = setInterval(() => {
    if (!ed) return;
    const link = pageLink();
    const now = actionsOf(link);
    if (now.length <= had) return;
    stopRecording();
    const [, text, at] = now[had].match(/^(.*)@(\d+)$/) ?? [null, now[had], '0'];
    input.value = text;
    // The step opens the scenario just before the click: at its moment, without it.
    onRecorded(before(link, had, at));
    say(w('recorded', { action: text }));
    input.focus();
  }, 200);
}

function stopRecording() {
  clearInterval(ed?.recording);
  if (ed) ed.recording = null;
}

function tourJson(forLink) {
  const steps = ed.tour.steps.map((s) => {
    const shownAt = {};
    for (const c of s.claims) for (const n of claimNames(c)) shownAt[n] = ed.names[n];
    let until = null;
    if (s.until) {
      until = { text: claimText(s.until), name: s.until.name, op: s.until.op };
      const num = Number(s.until.rhs);
      if (s.until.rhs === 'none') until.value = null;
      else if (s.until.rhs !== '' && Number.isFinite(num)) until.value = num;
      else if (['low', 'medium', 'high'].includes(s.until.rhs)) until.value = ['low', 'medium', 'high'].indexOf(s.until.rhs);
      else until.other = s.until.rhs;
    }
    return {
      title: s.title, text: s.text, link: s.link || null, highlight: s.highlight || null, node: isNode(s.highlight),
      action: s.action || null, until, done: s.done || null, shown: shownAt,
    };
  });
  const t = { format: 'archsim-tour', version: 1, lesson: ed.lesson, title: ed.tour.title || w('untitled'), steps };
  return forLink ? JSON.stringify(t) : t;
}

function tourLink() {
  const carried = encodeURIComponent(tourJson(true));
  if (carried.length > MAX_FRAGMENT) return null;
  return `${location.origin}${location.pathname}?tour=1#tour=${carried}`;
}

function tourToml() {
  const q = JSON.stringify; // TOML's basic strings read JSON's escapes
  const lines = [`# Written in the page's tour editor. Check it with: archsim tour check FILE`, `lesson = ${q(ed.lesson)}`, `title = ${q(ed.tour.title || w('untitled'))}`];
  for (const s of ed.tour.steps) {
    lines.push('', '[[step]]', `title = ${q(s.title)}`, `text = ${q(s.text)}`);
    if (s.link) lines.push(`link = ${q(s.link)}`);
    if (s.highlight) lines.push(`highlight = ${q(s.highlight)}`);
    if (s.action) lines.push(`action = ${q(s.action)}`);
    if (s.until) lines.push(`until = ${q(claimText(s.until))}`);
    if (s.done) lines.push(`done = ${q(s.done)}`);
    if ((s.within_ms ?? DEFAULT_WITHIN_MS) !== DEFAULT_WITHIN_MS) lines.push(`within_ms = ${s.within_ms}`);
    if (s.claims.length) lines.push(`claims = [${s.claims.map((c) => q(claimText(c))).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function download(name, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/toml' })), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}

function stepItem(s, k) {
  const c = ed.checked[k];
  const verdict = !c ? w('not-checked') : c.ok ? w('holds') : w('fails');
  const move = (to) => {
    const [x] = ed.tour.steps.splice(k, 1);
    ed.tour.steps.splice(to, 0, x);
    ed.checked = [];
    save();
    render();
  };
  return el('li', { class: `te-step ${c ? (c.ok ? 'holds' : 'fails') : ''}`, 'data-step': k + 1 },
    el('p', { class: 'te-step-head' }, el('b', {}, `${k + 1}. ${s.title}`), ' ', el('span', { class: 'te-verdict' }, verdict)),
    c && !c.ok ? el('p', { class: 'te-fail' }, c.why) : null,
    c?.out.length ? el('p', { class: 'te-out' }, c.out.join(' · ')) : null,
    el('div', { class: 'te-row' },
      el('button', { type: 'button', onclick: () => { ed.editing = k; render('.te-form .te-title'); } }, w('edit')),
      el('button', { type: 'button', disabled: k === 0, 'aria-label': w('move-up', { k: k + 1 }), onclick: () => move(k - 1) }, '↑'),
      el('button', { type: 'button', disabled: k === ed.tour.steps.length - 1, 'aria-label': w('move-down', { k: k + 1 }), onclick: () => move(k + 1) }, '↓'),
      el('button', { type: 'button', 'aria-label': w('remove-step', { k: k + 1 }), onclick: () => { ed.tour.steps.splice(k, 1); ed.checked = []; save(); render(); } }, w('remove'))));
}

// Draws the editor; `focus`: a selector inside it for the keyboard focus (none: the focus
// stays where it is, if that is still there).
function render(focus) {
  const p = panel();
  const hadFocus = p.contains(document.activeElement);
  const n = ed.tour.steps.length;
  const allHold = n > 0 && ed.checked.length === n && ed.checked.every((c) => c.ok);
  const title = el('input', { class: 'te-tour-title', value: ed.tour.title, oninput: (e) => { ed.tour.title = e.target.value; ed.checked = []; save(); } });
  const link = allHold ? tourLink() : null;
  body().replaceChildren(
    el('div', { class: 'te-head' },
      el('h2', { id: 'tour-editor-title' }, w('write')),
      el('button', { type: 'button', class: 'te-close', 'aria-label': w('close-editor'), disabled: !!ed.checking, onclick: close }, '✕')),
    el('p', { class: 'te-hint' }, w('hint')),
    field(w('tour-title'), title),
    el('ol', { class: 'te-steps' }, ...ed.tour.steps.map(stepItem)),
    ed.editing !== undefined ? stepForm(ed.editing) : el('div', { class: 'te-row' },
      el('button', { type: 'button', class: 'te-add', disabled: n >= MAX_STEPS, onclick: () => { ed.editing = null; render('.te-form .te-title'); } }, w('add-step')),
      el('button', { type: 'button', class: 'primary te-check-all', disabled: n === 0 || ed.checking, onclick: checkAll }, w('check'))),
    allHold ? el('div', { class: 'te-out-box' },
      link
        ? field(w('tour-link'), el('input', { class: 'te-tour-link', readonly: true, value: link, onfocus: (e) => e.target.select() }))
        : el('p', {}, w('too-long')),
      el('div', { class: 'te-row' },
        link ? el('a', { class: 'button te-try', href: link, target: '_blank', rel: 'noopener' }, w('try')) : null,
        el('button', { type: 'button', class: 'te-download', onclick: () => download(`${ed.lesson}-tour.toml`, tourToml()) }, w('download'))),
      el('textarea', { class: 'te-toml', readonly: true, rows: 6, 'aria-label': w('as-toml'), value: tourToml() }))
      : null);
  const target = focus && p.querySelector(focus);
  if (target) target.focus();
  else if (hadFocus && !p.contains(document.activeElement)) p.focus();
}

function close() {
  stopRecording();
  document.getElementById('tour-editor')?.remove();
  document.body.classList.remove('te-open');
  wasm()?.tour_mark('');
  ed = null;
  document.querySelector('.tour-write')?.focus();
}

async function names(lesson) {
  const resp = await fetch(`${lesson}.json`).catch(() => null);
  if (!resp || !resp.ok) throw new Error(w('no-values', { lesson }));
  return (await resp.json()).names ?? {};
}

// Opens the editor (again while open: brings it back to the keyboard).
export async function open(lesson) {
  if (!document.querySelector('link[href$="tour.css"]')) document.head.append(el('link', { rel: 'stylesheet', href: 'tour.css' }));
  if (ed) {
    panel().focus();
    return;
  }
  // (The editor opens from the page's own button, so the page has started and says its
  // language.)
  await useLanguage(lesson);
  if (ed) return;
  let draft = null;
  try {
    draft = JSON.parse(localStorage.getItem(draftKey(lesson)) ?? 'null');
  } catch { /* no draft */ }
  ed = { lesson, names: {}, tour: draft?.steps ? draft : { title: '', steps: [] }, checked: [], editing: undefined };
  document.body.classList.add('te-open');
  const p = panel();
  body().replaceChildren(el('h2', { id: 'tour-editor-title' }, w('write')));
  say(w('loading'));
  try {
    ed.names = await names(lesson);
    say('');
  } catch (e) {
    body().replaceChildren(el('h2', { id: 'tour-editor-title' }, w('write')), el('p', { role: 'alert' }, e.message),
      el('button', { type: 'button', onclick: close }, w('close')));
    say('');
    return;
  }
  render();
  p.focus();
}
