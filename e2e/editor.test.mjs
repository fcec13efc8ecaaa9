// "Write a tour" on the built pages: a teacher writes a three-step tour from what is on the
// screen (a part picked on the page, a click recorded as the action, values picked with their
// values now), the page checks every step by running the model, the tour's link replays it in
// the tour card, and `archsim tour check` agrees with the page about its file. A claim that
// does not hold is caught with its reason, and the draft survives a reload.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, axe, suite } from './harness.mjs';

const env = suite(240_000);
const { test } = env;

const LINK = '#v=1&seed=1&n=24&fed=4&mesh=1&deg=4&lat=20-80&loss=0&rate=6&drift=200&off=250&relay=0&t=3000&speed=1&play=0';

async function open(path = '', width = 1440) {
  const context = await env.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.server.url}${path}`);
  return { page, context, errors };
}

// Sets the last comparison row of `box` (a state or a claim) to `name op rhs`.
async function compare(page, box, name, op, rhs) {
  const row = page.locator(`${box} .te-cmp`).last();
  await row.locator('.te-name').selectOption(name);
  await row.locator('.te-op').selectOption(op);
  if (rhs !== undefined) await row.locator('.te-rhs').fill(String(rhs));
}

const verdicts = (page) => page.$$eval('.te-step', (ls) => ls.map((l) => ({
  verdict: l.querySelector('.te-verdict').textContent,
  fail: l.querySelector('.te-fail')?.textContent ?? '',
})));

test('a teacher writes a three-step tour in the page, checks it there, and its link replays it', async () => {
  const { page, context, errors } = await open(LINK);
  await page.waitForSelector('.node-ctl');
  // The editor is not part of the page's first download.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('tour-edit'))), false);
  await page.evaluate(() => localStorage.clear());
  await page.click('.tour-write');
  await page.waitForSelector('#tour-editor .te-add');
  await page.fill('.te-tour-title', 'Three failures, in class');

  // Step 1: the page as it is, pointing at a part picked with the mouse, with a claim whose
  // value the picker shows now.
  await page.click('.te-add');
  await page.fill('.te-form .te-title', 'Three networks');
  await page.fill('.te-form .te-text', 'The same people, connected three ways.');
  await page.click('.te-pick');
  await page.click('#ratings th', { position: { x: 4, y: 4 } });
  assert.match(await page.inputValue('.te-highlight'), /^#/);
  await page.click('.te-add-claim');
  await compare(page, '.te-claims', 'p2p.reachable_fraction', '=');
  // The value filled in is the value on the page now.
  assert.equal(await page.inputValue('.te-claims .te-rhs'), '1');
  await page.click('.te-keep');
  await page.waitForSelector('.te-step[data-step="1"]');

  // Step 2: the action recorded from a click on the page; the step opens the scenario as it was
  // just before that click.
  // The page's scenario to the moment (paused here, so the address agrees), opening playing.
  const before = await page.evaluate(() => window.wasmBindings.tour_link());
  assert.equal(before, (await page.evaluate(() => location.hash)).replace('play=0', 'play=1'));
  await page.click('.te-add');
  await page.fill('.te-form .te-title', 'Fail the server');
  await page.fill('.te-form .te-text', 'Click S0 and watch every client lose the others.');
  await page.click('.te-record');
  // (The node's own control, as a keyboard user fails it; a click on the drawing does the same.)
  await page.focus('#panel-client-server button[data-node="S0"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.te-action')?.value);
  const action = await page.inputValue('.te-action');
  assert.match(action, /^[a-z]+S0$/, action);
  assert.equal(await page.textContent('.te-link'), before);
  await page.fill('.te-highlight', 'client-server S0');
  await page.click('.te-add-until');
  await compare(page, '.te-until-box', 'client-server.reachable_fraction', '=', 0);
  await page.fill('.te-done', 'Every client is cut off.');
  // The form, open with a state and a highlight, is clean for axe too.
  assert.deepEqual(await axe(page), []);
  await page.click('.te-keep');
  await page.waitForSelector('.te-step[data-step="2"]');

  // Step 3: no link of its own (it goes on from step 2), a claim held for its whole time.
  await page.click('.te-add');
  await page.uncheck('.te-opens');
  await page.fill('.te-form .te-title', 'Peer-to-peer shrugs');
  await page.fill('.te-form .te-text', 'No single peer takes anyone else down.');
  await page.click('.te-add-claim');
  await compare(page, '.te-claims', 'p2p.worst_single_failure_fraction', '=', 0);
  await page.click('.te-keep');
  await page.waitForSelector('.te-step[data-step="3"]');

  // The page checks the tour by running it, and gives its link and file.
  // (The page's scenario to the moment: the address bar may lag it by a frame.)
  const mine = await page.evaluate(() => window.wasmBindings.tour_link());
  await page.click('.te-check-all');
  await page.waitForSelector('.te-tour-link');
  assert.deepEqual((await verdicts(page)).map((v) => v.verdict), ['✓ holds', '✓ holds', '✓ holds']);
  assert.match(await page.textContent('.te-step[data-step="2"] .te-out'), /reached client-server\.reachable_fraction = 0/);
  assert.match(await page.textContent('#tour-editor-status'), /All 3 steps hold/);
  // The teacher's own scenario is back on the page.
  assert.equal(await page.evaluate(() => window.wasmBindings.tour_link()), mine);
  const link = await page.inputValue('.te-tour-link');
  const toml = await page.inputValue('.te-toml');
  assert.deepEqual(await axe(page), []);

  // The runner agrees with the page.
  const dir = await mkdtemp(join(tmpdir(), 'archsim-tour-'));
  const file = join(dir, 'class.toml');
  await writeFile(file, toml);
  const report = execFileSync('cargo', ['run', '--quiet', '--bin', 'archsim', '--', 'tour', 'check', file], { cwd: ROOT, encoding: 'utf8' });
  assert.match(report, /every step holds/);

  // The link replays the tour in the card, step by step.
  const student = await context.newPage();
  await student.goto(link);
  await student.waitForSelector('#tour h2');
  assert.match(await student.textContent('.tour-count'), /Three failures, in class · step 1 of 3/);
  assert.equal(await student.textContent('#tour h2'), 'Three networks');
  await student.click('.tour-next');
  await student.waitForFunction(() => document.getElementById('tour')?.dataset.step === '2');
  await student.click('.tour-show');
  await student.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true', null, { timeout: 30_000 });
  assert.match(await student.textContent('#tour-status'), /Every client is cut off/);
  await student.click('.tour-next');
  await student.waitForFunction(() => document.getElementById('tour')?.dataset.step === '3');
  assert.equal(await student.textContent('#tour h2'), 'Peer-to-peer shrugs');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page\'s check catches a claim that does not hold, names it, and the draft survives a reload', async () => {
  const { page, context, errors } = await open(LINK);
  await page.waitForSelector('.node-ctl');
  await page.evaluate(() => localStorage.clear());
  await page.click('.tour-write');
  await page.waitForSelector('#tour-editor .te-add');
  await page.click('.te-add');
  await page.fill('.te-form .te-title', 'A wrong claim');
  await page.fill('.te-form .te-text', 'Client-server survives anything.');
  await page.click('.te-add-claim');
  await compare(page, '.te-claims', 'client-server.worst_single_failure_fraction', '=', 0);
  await page.click('.te-keep');
  await page.click('.te-check-all');
  await page.waitForSelector('.te-step.fails');
  const [v] = await verdicts(page);
  assert.equal(v.verdict, '✗ fails');
  assert.match(v.fail, /claim “client-server\.worst_single_failure_fraction = 0” does not hold at 3 s: client-server\.worst_single_failure_fraction is 1/);
  assert.equal(await page.locator('.te-tour-link').count(), 0, 'no link for a tour that does not hold');
  // A step without a title is refused with a sentence, and nothing is lost.
  await page.click('.te-add');
  await page.click('.te-keep');
  assert.match(await page.textContent('.te-why'), /title/);
  // The draft is kept in the browser.
  await page.reload();
  await page.waitForSelector('.node-ctl');
  await page.click('.tour-write');
  await page.waitForSelector('.te-step[data-step="1"]');
  assert.match(await page.textContent('.te-step[data-step="1"]'), /A wrong claim/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the consensus page has the editor too, with its own values', async () => {
  const { page, context, errors } = await open('consensus/#l=chain&v=1&cons=praos&n=60&deg=5&seed=1&lat=10-100&f=0.2&slot=1000&stake=equal&kb=64&bw=100&tie=lowest&off=0&drift=0&t=0&speed=1&play=0');
  await page.waitForSelector('canvas.net');
  await page.evaluate(() => localStorage.clear());
  await page.click('.tour-write');
  await page.waitForSelector('#tour-editor .te-add');
  await page.click('.te-add');
  await page.fill('.te-form .te-title', 'A block');
  await page.fill('.te-form .te-text', 'Wait for the first block.');
  await page.click('.te-add-until');
  await compare(page, '.te-until-box', 'blocks_published', '>=', 1);
  await page.fill('.te-within', '30');
  await page.click('.te-keep');
  await page.click('.te-check-all');
  await page.waitForSelector('.te-tour-link');
  assert.deepEqual((await verdicts(page)).map((v) => v.verdict), ['✓ holds']);
  assert.match(await page.inputValue('.te-toml'), /lesson = "consensus"[\s\S]*until = "blocks_published >= 1"[\s\S]*within_ms = 30000/);
  // A value the page shows only with an attacker cannot be claimed without one, as the
  // runner says too.
  await page.click('.te-add');
  await page.fill('.te-form .te-title', 'The races');
  await page.fill('.te-form .te-text', 'No attacker here.');
  await page.click('.te-add-claim');
  await compare(page, '.te-claims', 'adversary.races', '>=', 0);
  await page.click('.te-keep');
  await page.click('.te-check-all');
  await page.waitForSelector('.te-step.fails');
  const [, second] = await verdicts(page);
  assert.match(second.fail, /claim “adversary\.races >= 0” names “adversary\.races”, which the page does not show at [\d.]+ s: the page shows it only with a double-spender/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the check runs the runner\'s own code: a draft whose link has problems fails, and nodes are the lesson\'s', async () => {
  const { page, context, errors } = await open(LINK);
  await page.waitForSelector('.node-ctl');
  // A draft kept from before, its scenario now out of bounds (and a page part as a highlight).
  const bad = LINK.slice(LINK.indexOf('#')).replace(/&n=\d+/, '&n=100000');
  assert.notEqual(bad, LINK.slice(LINK.indexOf('#')), 'the link has a participant count to spoil');
  await page.evaluate(([link, good]) => localStorage.setItem('archsim-tour-draft-network', JSON.stringify({
    title: 'Old draft',
    steps: [
      { title: 'Too many', text: 'A scenario the page cannot open as it was.', link, highlight: null, action: null, until: null, within_ms: 2000, claims: [] },
      // A part of the page the old guess (anything not starting with # . or [) took for a node.
      { title: 'A part', text: 'The page itself.', link: good, highlight: 'main', action: null, until: null, within_ms: 2000, claims: [] },
    ],
  })), [bad, LINK]);
  await page.reload();
  await page.waitForSelector('.node-ctl');
  assert.equal(await page.evaluate(() => ['client-server S0', '#ratings', '.metrics td', 'main', 'S0'].map((h) => window.wasmBindings.tour_is_node(h)).join()), 'true,false,false,false,false');
  await page.click('.tour-write');
  await page.waitForSelector('.te-step[data-step="2"]');
  const before = await page.evaluate(() => window.wasmBindings.tour_link());
  await page.click('.te-check-all');
  await page.waitForSelector('.te-step.fails');
  const [first, second] = await verdicts(page);
  assert.equal(first.verdict, '✗ fails');
  assert.match(first.fail, /its link has problems: Ignored n=“100000”/);
  assert.equal(second.verdict, '✓ holds', `its own link opens, and "main" is a part of the page: ${second.fail}`);
  // The page's own scenario was never touched.
  assert.equal(await page.evaluate(() => window.wasmBindings.tour_link()), before);
  assert.deepEqual(errors, []);
  await context.close();
});
