// Accessibility and the timeline: axe-core (WCAG 2.x A/AA) in light and dark schemes, a
// keyboard-only session, reduced motion, rewind determinism, and the exports.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { axe, openApp, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG A/AA violation (${scheme} scheme, with a failure, a hover card, stats, the dialog and the settings open)`, async () => {
    const context = await env.browser.newContext({ colorScheme: scheme, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}?stats=1`);
    await page.waitForSelector('.node-ctl');
    await page.waitForSelector('#stats');
    await page.click('#play');
    await page.click('#fail-hubs');
    await page.click('.settings summary');
    await page.click('.share summary');
    await page.click('details summary >> nth=2');
    // A focused node shows its hover card: its text must be readable too.
    await page.locator('#panel-p2p button[data-node="P7"]').focus();
    await page.waitForSelector('#panel-p2p .card');
    assert.deepEqual(await axe(page), []);
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('axe: embed mode and a bad-link notice', async () => {
  const page = await openApp(env.browser, `${env.server.url}?embed=1#v=1&n=oops&play=0`);
  assert.equal(await page.locator('#link-notice').count(), 1);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('keyboard only: tab to a node, fail it, hear it, rewind with the slider, see it up again', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0`);
  // Tab from the top of the page until the server's control has focus.
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.dataset?.node === 'S0');
  }
  assert.ok(found, 'S0 is reachable with Tab');
  // Focus is visible: the control shows an outline when focused from the keyboard.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('.'); // step while paused
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#announce').innerText.includes('failed server S0'));
  assert.match(await page.locator('#announce').innerText(), /24 of 24 live clients cut off/);
  const before = await page.$eval('#time', (el) => Number(el.value));
  // Let some time pass, then rewind with the slider from the keyboard.
  for (let i = 0; i < 10; i++) await page.keyboard.press('.');
  await page.focus('#time');
  await page.keyboard.press('Home');
  await page.waitForFunction(() =>
    document.querySelector('#panel-client-server button[data-node="S0"]').dataset.state === 'up');
  assert.equal(await page.$eval('#time', (el) => Number(el.value)), 0);
  // Forward again with the keyboard shortcut for the next event: the failure replays.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('n');
  await page.waitForFunction(() =>
    document.querySelector('#panel-client-server button[data-node="S0"]').dataset.state === 'down');
  assert.equal(await page.$eval('#time', (el) => Number(el.value)), before);
  // Every shortcut is heard: the next event, a second back, the stats.
  assert.match(await page.locator('#announce').innerText(), /At the next scheduled event: t = /);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /Back one second, paused: t = /.test(document.querySelector('#announce').innerText));
  await page.keyboard.press('s');
  await page.waitForFunction(() => /Stats shown\./.test(document.querySelector('#announce').innerText));
  await page.close();
});

test('screen readers: the first Tab stop is a skip link on every page; each "why" toggle is named for its cell', async () => {
  for (const [path, ready] of [['', '.node-ctl'], ['consensus/', 'canvas.net'], ['timing/', 'canvas.clocks']]) {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}${path}`);
    await page.waitForSelector(ready);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('nav.skip')), true, `${path || 'first page'}: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
    await page.close();
  }
  const page = await openApp(env.browser, env.server.url);
  const names = await page.$$eval('.ratings summary', (s) => s.map((x) => x.getAttribute('aria-label')));
  assert.equal(names.length, 9);
  assert.equal(new Set(names).size, 9, names.join(' | '));
  assert.ok(names.every((n) => /^Why (Client-server|Federated servers|Peer-to-peer) rates \S.* (low|medium|high)$/.test(n)), names.join(' | '));
  assert.equal(await page.locator('.ratings [aria-label="matches"]').count(), 0);
  // Each key number's definition opens from the keyboard, by touch or click, and is read out.
  const marks = page.locator('.metrics th .def-mark');
  assert.equal(await marks.count(), 8);
  const box = await marks.first().boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, `target ${box.width}×${box.height}`);
  await marks.first().focus();
  await page.keyboard.press('Enter');
  assert.match(await page.locator('#key-def').innerText(), /^Reachable: Live participants/);
  assert.equal(await marks.first().getAttribute('aria-expanded'), 'true');
  await marks.nth(3).click();
  assert.match(await page.locator('#key-def').innerText(), /^Sources: /);
  await marks.nth(3).click();
  assert.equal(await page.locator('#key-def').innerText(), '');
  await page.close();
});

test('rewinding in the page gives the state of a fresh run to the same time', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=2000&play=0`);
  const act = async (label, arch) => page.locator(`#panel-${arch} button[data-node="${label}"]`).click({ force: true });
  await act('S0', 'client-server');
  for (let i = 0; i < 30; i++) await page.click('button:has-text("Step")');
  await act('P3', 'p2p');
  for (let i = 0; i < 30; i++) await page.click('button:has-text("Step")');
  // Scrub back to 4.2 s.
  await page.$eval('#time', (el) => {
    el.value = '4200';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector('#time').value === '4200');
  const traces = await page.$$eval('section.panel', (ps) => ps.map((p) => p.dataset.trace));
  const link = await page.evaluate(() => location.href);
  assert.match(link, /t=4200/);
  // The link still carries the later action (scrubbing is not acting).
  assert.match(link, /pxP3@\d+/);
  const fresh = await openApp(env.browser, link);
  assert.deepEqual(await fresh.$$eval('section.panel', (ps) => ps.map((p) => p.dataset.trace)), traces);
  await fresh.close();
  await page.close();
});

test('reduced motion: no moving dots, failures still shown', async () => {
  const context = await env.browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#v=1&t=3000&play=0`);
  await page.waitForSelector('.node-ctl');
  const orange = () =>
    page.evaluate(() => {
      const c = document.querySelector('canvas[data-arch="federated"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 80 && d[i + 1] < 110 && d[i + 2] < 30) n++;
      return n; // update dots are #D55E00
    });
  assert.equal(await orange(), 0);
  await page.locator('#panel-federated button[data-node="F0"]').click({ force: true });
  await page.waitForFunction(() =>
    document.querySelector('#panel-federated button[data-node="F0"]').dataset.state === 'down');
  await context.close();
});

test('exports: the CSV parses and matches the metrics shown; the PNGs decode and are not blank', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#v=1&t=2000&play=0&a=cxS0@2500`);
  await page.waitForSelector('.node-ctl');
  for (let i = 0; i < 20; i++) await page.click('button:has-text("Step")'); // to t = 4.0 s, a sample time
  await page.waitForFunction(() => document.querySelector('#time').value === '4000');
  const grab = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    return { name: d.suggestedFilename(), body: await readFile(await d.path()) };
  };
  const csv = await grab('#export-csv');
  assert.match(csv.name, /^archsim-metrics-t4s\.csv$/);
  const rows = csv.body.toString('utf8').trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(rows[0], ['t_ms', 'arch', 'reachable_fraction', 'missing_fraction', 'max_clock_skew_ms', 'messages_per_s']);
  const last = rows.slice(-3);
  assert.deepEqual(last.map((r) => r[0]), ['4000', '4000', '4000']);
  const shown = await page.$$eval('td[data-metric="reachable_fraction"]', (tds) => tds.map((t) => Number(t.dataset.value)));
  assert.deepEqual(last.map((r) => Number(r[2])), shown);
  assert.equal(shown[0], 0);

  const json = await grab('#export-json');
  const series = JSON.parse(json.body.toString('utf8'));
  assert.equal(series.length, (rows.length - 1) / 3);
  assert.equal(series.at(-1).t_ms, 4000);
  assert.equal(series.at(-1)['client-server'].reachable_fraction, 0);
  const scenario = JSON.parse((await grab('#export-scenario')).body.toString('utf8'));
  assert.equal(scenario.format, 'archsim-scenario');
  assert.equal(scenario.time_ms, 4000);
  // The full address, so the file opens in a browser as it is.
  assert.match(scenario.link, /^http:\/\/127\.0\.0\.1:\d+\/#v=1&.*&t=4000&.*a=cxS0@2500$/);
  for (const id of ['#export-panels-png', '#export-plots-png']) {
    const png = await grab(id);
    assert.deepEqual([...png.body.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${id} is a PNG`);
    const painted = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
      return { n, w: img.width, h: img.height };
    }, png.body.toString('base64'));
    assert.ok(painted.w > 300 && painted.h > 200, JSON.stringify(painted));
    assert.ok(painted.n > 2000, `${id} looks blank: ${JSON.stringify(painted)}`);
  }
  await context.close();
});

test('the event log is newest first, filters by node, and an entry seeks to its moment', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=7000&play=0&a=cxS0@4000,pxP3@5000`);
  const times = async () => page.$$eval('.events .t', (ts) => ts.map((t) => parseFloat(t.innerText)));
  const all = await times();
  assert.ok(all.length > 10);
  assert.deepEqual(all, [...all].sort((a, b) => b - a));
  await page.fill('#log-filter', 's0');
  await page.waitForFunction(() => [...document.querySelectorAll('.events li')].length <= 3);
  const rows = await page.$$eval('.events li', (ls) => ls.map((l) => l.innerText));
  assert.ok(rows.length >= 2 && rows.every((r) => r.includes('S0')), JSON.stringify(rows));
  // Click the failure entry: time goes to 4.0 s.
  await page.click('.events li.action button');
  await page.waitForFunction(() => document.querySelector('#time').value === '4000');
  assert.equal(
    await page.$eval('#panel-client-server button[data-node="S0"]', (b) => b.dataset.state),
    'down',
  );
  await page.close();
});

test('the live region announces a rating change once it holds, without chattering', async () => {
  const page = await openApp(env.browser, env.server.url);
  await page.locator('#panel-client-server button[data-node="S0"]').click({ force: true });
  await page.waitForFunction(() => document.querySelector('#announce').innerText.includes('failed server S0'));
  await page.waitForFunction(() => document.querySelector('#announce').innerText.startsWith('Ratings changed'), null, {
    timeout: 20_000,
  });
  const text = await page.locator('#announce').innerText();
  assert.match(text, /Client-server node data liveliness now (medium|high) \(S0 down: /);
  // It is said once: a second later the region still holds the same sentence.
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('#announce').innerText(), text);
  await page.close();
});
