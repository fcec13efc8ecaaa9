// The timing page (dist/timing/): it draws the clocks, the messages and the ledger; a node
// fails by keyboard and by mouse; choosing an event says what happened before it; an uneven
// path shows its (d↑ − d↓)/2 beside the theory; the settings apply; a shared link restores
// the same run; a gallery link opens its scenario; axe is clean in both schemes; no sideways scroll on a phone; the embed fits.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { axe, closeServer, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

const BASE = '#l=timing&v=1&n=12&strata=2&seed=1&drift=50&off=100&lat=10-120&corr=slew&slew=500&sync=16&rep=3&acc=3&pps=0&round=2000&hold=100&beat=50';

async function openTiming(url, { width = 1400, height = 1000, scheme = 'light' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('canvas.clocks') || document.querySelector('#fatal'));
  if (await page.locator('#fatal').count()) throw new Error(await page.locator('#fatal').innerText());
  return { page, context, errors };
}

const status = (page) => page.locator('#status').innerText();

test('the page draws the clocks, the messages, the ledger under five rules and the measured rows', async () => {
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${BASE}&t=10000&speed=1&play=1`);
  await page.waitForTimeout(1500);
  const inked = await page.evaluate(() => [...document.querySelectorAll('canvas.clocks, canvas.diagram')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const bg = [d[0], d[1], d[2]];
    let differ = 0;
    for (let i = 0; i < d.length; i += 4 * 97) if (d[i] !== bg[0] || d[i + 1] !== bg[1] || d[i + 2] !== bg[2]) differ++;
    return differ;
  }));
  assert.ok(inked.every((n) => n > 20), `blank canvas: ${inked}`);
  assert.match(await status(page), /^Skew now [\d.]+ ms/);
  for (const rule of ['arrival', 'physical', 'lamport', 'causal', 'sequencer']) {
    for (const cell of ['applied', 'rejected', 'story-rejected', 'disagreeing-replicas-fraction', 'mean-wait-ms', 'causal-inversions', 'pending']) {
      assert.equal(await page.locator(`#rule-${rule} .${cell}`).count(), 1, `${rule} ${cell}`);
    }
    assert.match(await page.locator(`#rule-${rule} .balances`).innerText(), /R0: \d+ · \d+ · \d+/);
  }
  assert.ok(Number(await page.locator('#rule-causal .applied').innerText()) > 0);
  for (const key of ['bound', 'error', 'skew', 'backwards', 'free', 'lamport', 'vector', 'concurrent']) {
    assert.equal(await page.locator(`#row-${key} .why`).count(), 1, key);
  }
  assert.match(await page.locator('#row-bound .measured').innerText(), /^0 of \d+$/);
  assert.match(await page.locator('#exchange').innerText(), /t₁ = .* t₄ = .* θ = .* δ = /);
  assert.equal(await page.locator('a[href="../"]').count() > 0, true, 'no link back to the first lesson');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a node fails by keyboard and by mouse, and comes back', async () => {
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${BASE}&t=5000&speed=1&play=0`);
  await page.focus('#clocks .stage');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Down: S1a\./.test(document.querySelector('#status').innerText));
  assert.match(await page.locator('#announce').innerText(), /^S1a failed\./);
  // Alice by mouse: the keyboard's choice tells where she is drawn.
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const [x, y] = (await page.locator('#clocks .stage').getAttribute('data-focus-xy')).split(',').map(Number);
  const box = await page.locator('canvas.clocks').boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForFunction(() => /Down: S1a, Alice\./.test(document.querySelector('#status').innerText));
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForFunction(() => /Down: S1a\./.test(document.querySelector('#status').innerText));
  assert.match(await page.evaluate(() => location.hash), /a=xS1a@5000,xAlice@5000,rAlice@5000/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('choosing an event says how many happened before it, after it, and neither', async () => {
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${BASE}&t=8100&speed=1&play=0`);
  await page.focus('#diagram .stage');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /happened before it/.test(document.querySelector('#event').innerText));
  const said = await page.locator('#event').innerText();
  const [, before, after, concurrent] = said.match(/(\d+) happened before it .* (\d+) after it, and (\d+) are concurrent/).map(Number);
  assert.ok(before > 0 && after >= 0 && concurrent >= 0, said);
  assert.match(await page.locator('#announce').innerText(), /L = \d+, V = \[/);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => /Click or tap an event/.test(document.querySelector('#event').innerText));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an uneven path: 10 ms up and 50 ms down leave 20 ms, beside the theory; the settings apply it', async () => {
  const link = BASE.replace('strata=2', 'strata=1').replace('drift=50', 'drift=0') + '&asym=10/50&t=240000&speed=1&play=0';
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${link}`);
  assert.match(await page.locator('#row-error .theory-value').innerText(), /^\(d↑ − d↓\)\/2 = 20 ms/);
  assert.match(await page.locator('#row-error .measured').innerText(), /^median 20 ms/);
  await context.close();
  // The same through the form, from the default page.
  const t = await openTiming(`${env.server.url}timing/${BASE}&t=2000&speed=1&play=0`);
  await t.page.click('.settings summary');
  await t.page.fill('#set-up', '10');
  await t.page.fill('#set-down', '50');
  await t.page.click('#apply');
  await t.page.waitForFunction(() => /asym=10\/50/.test(location.hash));
  assert.match(await t.page.locator('#row-error .theory-value').innerText(), /= 20 ms/);
  // Or by dragging the two sliders beside the clocks: let go, and the run takes them.
  await t.page.fill('#drag-up', '50');
  await t.page.waitForFunction(() => /asym=50\/50/.test(location.hash));
  await t.page.fill('#drag-down', '10');
  await t.page.waitForFunction(() => /asym=50\/10/.test(location.hash));
  assert.equal(await t.page.locator('#drag-down + output').innerText(), '10 ms');
  assert.match(await t.page.locator('.path-delays .note').innerText(), /\(d↑ − d↓\)\/2 = \+20 ms.*2 exchanges below the reference, end up near \+40 ms/);
  assert.match(await t.page.locator('#row-error .theory-value').innerText(), /= 20 ms/);
  // And back to delays drawn per message.
  await t.page.click('#drag-random');
  await t.page.waitForFunction(() => !/asym=/.test(location.hash));
  assert.match(await t.page.locator('.path-delays .note').innerText(), /drawn between 10 and 120 ms/);
  // A bad value is refused with its field marked.
  await t.page.fill('#set-nodes', '500');
  await t.page.click('#apply');
  await t.page.waitForSelector('#set-nodes-error');
  assert.match(await t.page.locator('#set-nodes-error').innerText(), /at most 80 nodes/);
  assert.deepEqual([...errors, ...t.errors], []);
  await t.context.close();
});

test('each exchange is drawn message by message while it is on its way', async () => {
  assert.ok(BASE.includes('sync=16'));
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${BASE.replace('sync=16', 'sync=2')}&t=15000&speed=0.5&play=1`);
  const seen = new Set();
  for (let i = 0; i < 40 && seen.size < 2; i++) {
    seen.add(await page.locator('#clocks .stage').getAttribute('data-moving'));
    await page.waitForTimeout(100);
  }
  assert.ok([...seen].some((n) => Number(n) > 0), `messages in flight seen: ${[...seen]}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gallery link opens its scenario in the page, and the embed hides the gallery', async () => {
  const { page, context, errors } = await openTiming(`${env.server.url}timing/${BASE}&t=0&speed=1&play=0`);
  assert.equal(await page.locator('li[data-preset]').count(), 7);
  await page.locator('li[data-preset="uneven-path"] a').scrollIntoViewIfNeeded();
  await page.click('li[data-preset="uneven-path"] a');
  await page.waitForFunction(() => /asym=10\/50/.test(location.hash));
  await page.waitForFunction(() => /= 20 ms/.test(document.querySelector('#row-error .theory-value').textContent));
  assert.deepEqual(errors, []);
  await context.close();
  const embed = await openTiming(`${env.server.url}timing/?embed=1${BASE}&t=0&play=0`, { width: 320, height: 240 });
  assert.equal(await embed.page.locator('.gallery').evaluate((g) => g.getClientRects().length), 0);
  await embed.context.close();
});

test('a shared link restores the same run', async () => {
  const { page, context } = await openTiming(`${env.server.url}timing/${BASE}&t=3000&speed=10&play=1`);
  await page.waitForTimeout(800);
  await page.focus('#clocks .stage');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await page.click('#play');
  await page.waitForTimeout(300);
  const hash = await page.evaluate(() => location.hash);
  const trace = await page.locator('#clocks .stage').getAttribute('data-trace');
  assert.match(hash, /a=xC\d+@/);
  const other = await openTiming(`${env.server.url}timing/${hash}`);
  await other.page.waitForTimeout(500);
  assert.equal(await other.page.locator('#clocks .stage').getAttribute('data-trace'), trace);
  await other.context.close();
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG A/AA violation on the timing page (${scheme} scheme, a node down, an event chosen, settings open)`, async () => {
    const { page, context } = await openTiming(`${env.server.url}timing/${BASE}&t=8100&speed=1&play=0`, { scheme });
    await page.focus('#clocks .stage');
    await page.keyboard.press('Enter');
    await page.focus('#diagram .stage');
    await page.keyboard.press('ArrowLeft');
    await page.click('.settings summary');
    await page.click('.share summary');
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('no sideways scroll on a 360 px phone; a link larger than the page draws says so', async () => {
  const { page, context } = await openTiming(`${env.server.url}timing/#l=timing&v=1&n=900&play=0`, { width: 360, height: 800 });
  await page.waitForTimeout(500);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px window`);
  assert.match(await page.locator('#link-notice').innerText(), /900 nodes/);
  await context.close();
});

test('the embed fits a 320×240 cross-origin iframe and the keyboard still fails a node', async () => {
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><body style="margin:0"><iframe id="sim" title="archsim" width="320" height="240"
      style="border:0" src="${env.server.url}timing/?embed=1${BASE}&t=3000&play=0"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    const page = await env.browser.newPage({ viewport: { width: 340, height: 260 } });
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const frame = page.frameLocator('#sim');
    await frame.locator('canvas.clocks').waitFor();
    const f = page.frames().find((fr) => fr.url().startsWith(env.server.url));
    await f.waitForTimeout(400);
    const layout = await f.evaluate(() => {
      const c = document.querySelector('canvas.clocks').getBoundingClientRect();
      return { top: c.top, width: c.width, scroll: document.documentElement.scrollWidth };
    });
    assert.ok(layout.scroll <= 320, `embed scrolls sideways: ${layout.scroll}`);
    assert.ok(layout.top < 240 && layout.width >= 200, `clocks not on the first screen: ${JSON.stringify(layout)}`);
    await f.focus('#clocks .stage');
    await f.press('#clocks .stage', 'Enter');
    assert.match(await f.locator('#status').innerText(), /Down: S1a\./);
    await page.close();
  } finally {
    await closeServer(host);
  }
});
