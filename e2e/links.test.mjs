// Shareable links, bad links, presets, embed mode (also inside a cross-origin iframe), and the
// headless runner agreeing with the page on the same link.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, closeServer, openApp, suite } from './harness.mjs';

const env = suite(60_000);
const { test } = env;

const ARCHS = ['client-server', 'federated', 'p2p'];

/** Everything a replay must reproduce: node states, trace hashes, metrics, time. */
async function snapshot(page) {
  return page.evaluate(() => {
    const panels = {};
    for (const p of document.querySelectorAll('section.panel')) {
      panels[p.id] = {
        trace: p.dataset.trace,
        states: [...p.querySelectorAll('button.node-ctl')].map((b) => `${b.dataset.node}:${b.dataset.state}`).join(' '),
        summary: p.querySelector('.summary').innerText,
      };
    }
    const reach = [...document.querySelectorAll('td[data-metric="reachable_fraction"]')].map((t) => t.dataset.value);
    const levels = [...document.querySelectorAll('td[data-level]')].map((t) => t.dataset.level);
    return { panels, reach, levels, clock: document.querySelector('.clock').innerText };
  });
}

async function pause(page) {
  if ((await page.locator('#play').getAttribute('data-playing')) === 'true') await page.click('#play');
}

test('the address bar is the scenario: a fresh page restores the exact state', async () => {
  const page = await openApp(env.browser, env.server.url);
  const entries = await page.evaluate(() => history.length);
  await page.locator('#panel-client-server button[data-node="S0"]').click({ force: true });
  await page.waitForTimeout(300);
  await page.locator('#panel-federated button[data-node="F2"]').click({ force: true });
  await page.locator('#panel-p2p button[data-node="P4"]').click({ force: true });
  await pause(page);
  await page.waitForTimeout(200);
  const link = await page.evaluate(() => location.href);
  assert.match(link, /#v=1&.*a=cxS0@\d+,fxF2@\d+,pxP4@\d+/);
  assert.match(link, /play=0/);
  const before = await snapshot(page);
  // Acting replaced the entry, it did not add history entries.
  assert.equal(await page.evaluate(() => history.length), entries);

  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const fresh = await context.newPage();
  await fresh.goto(link);
  await fresh.waitForFunction(() => document.querySelectorAll('.node-ctl').length > 0);
  const after = await snapshot(fresh);
  assert.deepEqual(after, before);
  assert.equal(await fresh.locator('#link-notice').count(), 0);
  await context.close();
  await page.close();
});

test('copy link and copy embed code put the current scenario on the clipboard', async () => {
  const context = await env.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.waitForSelector('.node-ctl');
  await pause(page);
  await page.click('.share summary');
  await page.click('#copy-link');
  await page.waitForFunction(() => document.querySelector('#copy-link + .status').innerText.includes('Copied'));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.evaluate(() => location.href));
  await page.click('#copy-embed');
  await page.waitForFunction(() => document.querySelector('#copy-embed + .status').innerText.includes('Copied'));
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1#v=1&[^"]+" title="archsim[^"]+"[^>]* loading="lazy"><\/iframe>$/);
  await context.close();
});

const BAD_LINKS = [
  ['garbage', '#%%%garbage%%%'],
  ['truncated', '#v=1&n=24&lat=20-8'],
  ['future version', '#v=99&n=24'],
  ['wrong version', '#v=0'],
  ['out of range', '#v=1&n=100000&deg=999&loss=7'],
  ['not numbers', '#v=1&n=NaN&seed=abc&speed=Infinity'],
  ['huge', '#v=1&a=' + 'cxS0@1,'.repeat(4000)],
  ['bad node ids', '#v=1&a=cxQ9@100,fxF99@200,pxC3@300,cxS0@1e9'],
  ['markup', '#v=1&seed=<img src=x onerror="window.__pwned=1">&a=cx<script>window.__pwned=1</script>@1'],
  ['unknown field', '#v=1&title=%3Cb%3Ehi%3C/b%3E'],
];

for (const [name, fragment] of BAD_LINKS) {
  test(`bad link (${name}) shows a notice and leaves a working app`, async () => {
    const errors = [];
    const page = await openApp(env.browser, env.server.url + fragment, { errors });
    const notice = page.locator('#link-notice[role="alert"]');
    await notice.waitFor();
    const text = await notice.innerText();
    assert.ok(text.length > 20, text);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#link-notice img, #link-notice script, #link-notice b').count(), 0);
    // Still works: fail a node.
    await page.locator('#panel-client-server button[data-node="C0"]').click({ force: true });
    await page.waitForFunction(() =>
      document.querySelector('#panel-client-server button[data-node="C0"]').dataset.state === 'down');
    await page.click('#link-notice button');
    assert.equal(await notice.count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a preset is a link: opening it runs its scenario', async () => {
  const page = await openApp(env.browser, env.server.url);
  await page.click('li[data-preset="server-down"] a');
  await page.waitForFunction(() => location.hash.includes('a=cxS0@4000'));
  await pause(page);
  for (let i = 0; i < 12; i++) await page.click('button:has-text("Step")');
  await page.waitForFunction(() =>
    document.querySelector('#panel-client-server button[data-node="S0"]').dataset.state === 'down');
  assert.match(await page.locator('[data-summary="client-server"]').innerText(), /24 of 24 live clients cut off/);
  await page.close();
});

test('embed mode fits a 320×240 cross-origin iframe and keeps click-to-fail', async () => {
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>course</title><h1>Week 3</h1>
      <iframe id="sim" title="archsim" width="320" height="240" style="border:0"
        src="${env.server.url}?embed=1#v=1&t=3000&play=0"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    const hostUrl = `http://127.0.0.1:${host.address().port}/`; // another port: another origin
    const errors = [];
    const page = await env.browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(hostUrl);
    const frame = page.frameLocator('#sim');
    await frame.locator('button.node-ctl[data-node="S0"]').first().waitFor({ state: 'attached' });
    const f = page.frames().find((fr) => fr.url().startsWith(env.server.url));
    const dims = await f.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      embedded: !!document.querySelector('main.embed'),
      fullView: document.querySelector('.embed-bar a')?.href ?? '',
      // Present in the static page, but not shown in an embed.
      explain: [...document.querySelectorAll('.explain, .gallery, .share, .foot')].filter((e) => e.getClientRects().length > 0).length,
    }));
    assert.ok(dims.embedded, 'embed layout');
    assert.ok(dims.scroll <= dims.client, `sideways scroll in embed: ${dims.scroll} > ${dims.client}`);
    assert.match(dims.fullView, /^http:\/\/127\.0\.0\.1:\d+\/#v=1&/);
    assert.equal(dims.explain, 0);
    await f.locator('#panel-client-server button[data-node="S0"]').click({ force: true });
    await f.waitForFunction(() =>
      document.querySelector('#panel-client-server button[data-node="S0"]').dataset.state === 'down');
    assert.equal(await f.locator('table.ratings td[data-level]').count(), 9);
    // The focused node's card fits inside its panel, however narrow the embed.
    const card = await f.evaluate(() => {
      const c = document.querySelector('#panel-client-server .card')?.getBoundingClientRect();
      const stage = document.querySelector('#panel-client-server').getBoundingClientRect();
      const drawing = document.querySelector('#panel-client-server .stage').getBoundingClientRect();
      const n = document.querySelector('#panel-client-server button[data-node="S0"]').getBoundingClientRect();
      const [nx, ny] = [n.left + n.width / 2, n.top + n.height / 2];
      return c && {
        left: c.left - stage.left,
        right: stage.right - c.right,
        coversNode: nx >= c.left && nx <= c.right && ny >= c.top && ny <= c.bottom,
        // It stays off the status line under the drawing.
        belowDrawing: c.bottom - drawing.bottom,
        text: document.querySelector('#panel-client-server .card').innerText,
      };
    });
    assert.ok(card, 'the focused node shows its card');
    assert.match(card.text, /S0[\s\S]*server — down/);
    assert.ok(card.left >= 0 && card.right >= 0, `card sticks out of the panel: ${JSON.stringify(card)}`);
    assert.ok(!card.coversNode, 'the card covers the node it describes');
    assert.ok(card.belowDrawing <= 1, `the card covers the status line: ${JSON.stringify(card)}`);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-320x240.png') });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await closeServer(host);
  }
});

test('the headless runner gives the numbers the page shows for the same link', async () => {
  const link = `${env.server.url}#v=1&seed=5&n=30&t=9000&play=0&a=cxS0@4000,fxF1@5000,pxP2@6000,pxP9@7000`;
  const page = await openApp(env.browser, link);
  const shown = await snapshot(page);
  const out = execFileSync('cargo', ['run', '--quiet', '--bin', 'archsim', '--', '--scenario', link, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const runs = JSON.parse(out);
  assert.equal(runs.length, 3);
  runs.forEach((run, i) => {
    assert.equal(run.arch, ARCHS[i]);
    assert.equal(run.time_ms, 9000);
    assert.equal(run.trace_hash, shown.panels[`panel-${ARCHS[i]}`].trace, `${run.arch} trace`);
    assert.equal(Number(shown.reach[i]).toFixed(4), run.metrics.reachable_fraction.toFixed(4));
    for (const [k, c] of ['network', 'liveliness', 'timing'].entries()) {
      assert.equal(shown.levels[k * 3 + i], run.ratings[c], `${run.arch} ${c}`);
    }
  });
  await page.close();
});
