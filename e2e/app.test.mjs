// End-to-end tests of the built dist/ in headless Chromium: load, click on canvases, read the
// page, take screenshots (saved under target/e2e/).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { ARTIFACTS, DIST, openApp, suite } from './harness.mjs';

const env = suite(60_000);
const { test } = env;

/** Non-background pixels of a canvas (the page paints white first). */
function paintedPixels(page, arch) {
  return page.evaluate((arch) => {
    const c = document.querySelector(`canvas[data-arch="${arch}"]`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return n;
  }, arch);
}

/** Clicks node `label` on its canvas, at the node's drawn position. */
async function clickNodeOnCanvas(page, arch, label) {
  const canvas = page.locator(`canvas[data-arch="${arch}"]`);
  const box = await canvas.boundingBox();
  const ctl = await page.locator(`#panel-${arch} button[data-node="${label}"]`).boundingBox();
  // The control is centred on the node; click the canvas there (controls ignore the pointer).
  await page.mouse.click(ctl.x + ctl.width / 2, ctl.y + ctl.height / 2);
  assert.ok(box.width > 100);
}

const states = (page, arch) =>
  page.$$eval(`#panel-${arch} button.node-ctl`, (bs) =>
    bs.map((b) => ({ node: b.dataset.node, state: b.dataset.state })),
  );

test('loads with no errors, paints three canvases, requests only its own files', async () => {
  const errors = [];
  const page = await openApp(env.browser, env.server.url, { errors });
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(env.server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.waitForTimeout(800);
  for (const arch of ['client-server', 'federated', 'p2p']) {
    const px = await paintedPixels(page, arch);
    assert.ok(px > 2000, `${arch} canvas looks blank (${px} painted pixels)`);
  }
  // Three landmark regions named after the architectures.
  for (const name of ['Client-server', 'Federated servers', 'Peer-to-peer']) {
    assert.equal(await page.locator(`section[aria-label="${name}"]`).count(), 1, name);
  }
  // Measured ratings on load match the lesson's table (rows: network, liveliness, timing).
  const levels = await page.$$eval('td[data-level]', (tds) => tds.map((t) => `${t.dataset.arch}:${t.dataset.level}`));
  const lesson = [
    ['low', 'medium', 'high'],
    ['low', 'low', 'high'],
    ['medium', 'medium', 'high'],
  ];
  const archs = ['client-server', 'federated', 'p2p'];
  assert.deepEqual(levels, lesson.flatMap((row) => row.map((l, i) => `${archs[i]}:${l}`)));
  assert.equal(await page.locator('.departures.agree').count(), 1, 'no departure from the lesson at the defaults');
  await page.screenshot({ path: join(ARTIFACTS, 'desktop.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('a run that departs from the lesson lists the departing cell with its reason', async () => {
  // Four participants and four federated servers: the servers are half the federation's
  // nodes, so its network rates high where the lesson says medium.
  const page = await openApp(env.browser, `${env.server.url}#v=1&n=4&deg=2&fed=4&t=20000&play=0`);
  await page.waitForSelector('.departures:not(.agree) li');
  const items = await page.locator('.departures li').allInnerTexts();
  assert.ok(
    items.some((t) => t.startsWith('Federated servers · network architecture: the lesson says medium, this run measures high — ')),
    items.join('\n'),
  );
  const count = Number(await page.locator('.departures').getAttribute('data-departures'));
  assert.equal(count, items.length);
  await page.close();
});

test('clicking the server on its canvas cuts off every client and drops reachability', async () => {
  const page = await openApp(env.browser, env.server.url);
  const reach = () =>
    page.$eval('tr[data-arch="client-server"] td[data-metric="reachable_fraction"]', (td) => Number(td.dataset.value));
  assert.equal(await reach(), 1);
  await clickNodeOnCanvas(page, 'client-server', 'S0');
  await page.waitForFunction(() =>
    document.querySelector('#panel-client-server button[data-node="S0"]').dataset.state === 'down');
  const s = await states(page, 'client-server');
  const clients = s.filter((n) => n.node.startsWith('C'));
  assert.equal(clients.length, 24);
  assert.ok(clients.every((c) => c.state === 'cut-off'), JSON.stringify(clients));
  await page.waitForFunction(() =>
    Number(document.querySelector('tr[data-arch="client-server"] td[data-metric="reachable_fraction"]').dataset.value) === 0);
  assert.equal(await reach(), 0);
  // Rated at once on what is stalled now, and the window's delivery time marked as from before.
  assert.equal(await page.locator('.ratings tr[data-challenge="liveliness"] td[data-arch="client-server"]').getAttribute('data-level'), 'high');
  await page.waitForFunction(() =>
    /^none for .* \(before: /.test(document.querySelector('tr[data-arch="client-server"] td[data-metric="delivery_p99_ms"]').textContent.trim()));
  const summary = await page.locator('[data-summary="client-server"]').innerText();
  assert.match(summary, /S0 \(server\) down — 24 of 24 live clients cut off/);
  const announce = await page.locator('#announce').innerText();
  assert.match(announce, /failed server S0/);
  await page.screenshot({ path: join(ARTIFACTS, 'server-down.png'), fullPage: true });
  await page.close();
});

test('failing one peer leaves every other peer reachable; one federated server strands only its clients', async () => {
  const page = await openApp(env.browser, env.server.url);
  await clickNodeOnCanvas(page, 'p2p', 'P5');
  await page.waitForFunction(() =>
    document.querySelector('#panel-p2p button[data-node="P5"]').dataset.state === 'down');
  const peers = await states(page, 'p2p');
  assert.ok(peers.filter((p) => p.node !== 'P5').every((p) => p.state === 'up'), JSON.stringify(peers));

  await clickNodeOnCanvas(page, 'federated', 'F1');
  await page.waitForFunction(() =>
    document.querySelector('#panel-federated button[data-node="F1"]').dataset.state === 'down');
  const fed = await states(page, 'federated');
  const cut = fed.filter((n) => n.state === 'cut-off').map((n) => n.node);
  // Clients are spread round-robin: F1 serves C1, C5, C9, ...
  const expected = Array.from({ length: 6 }, (_, k) => `C${1 + 4 * k}`);
  assert.deepEqual(cut.sort(), expected.sort());
  await page.close();
});

test('keyboard only: tab to a node control, press Enter, the node fails', async () => {
  const page = await openApp(env.browser, env.server.url);
  const ctl = page.locator('#panel-federated button[data-node="M0"]');
  await ctl.focus();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.node), 'M0');
  const name = await ctl.getAttribute('aria-label');
  assert.match(name, /^main server M0 — up/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#panel-federated button[data-node="M0"]').dataset.state === 'down');
  assert.match(await ctl.getAttribute('aria-label'), /main server M0 — down/);
  await page.close();
});

test('"Fail the hubs" fails one hub per panel and the comparison shows the trade-off', async () => {
  const page = await openApp(env.browser, env.server.url);
  await page.click('#fail-hubs');
  await page.waitForFunction(() => document.querySelector('[data-summary="p2p"]').innerText.includes('down'));
  const text = async (arch) => page.locator(`[data-summary="${arch}"]`).innerText();
  assert.match(await text('client-server'), /24 of 24 live clients cut off/);
  assert.match(await text('federated'), /6 of 24 live clients cut off/);
  // No alarm where nobody is cut off.
  assert.match(await text('p2p'), /P0 \(peer\) down — the other 23 peers stay connected\./);
  assert.equal(await page.locator('[data-summary="p2p"].trouble').count(), 0);
  assert.equal(await page.locator('[data-summary="client-server"].trouble').count(), 1);
  const worst = await page.$$eval('tr.resilience td', (tds) => tds.map((t) => Number(t.dataset.worst)));
  assert.deepEqual(worst, [1, 0.25, 0]);
  await page.close();
});

test('an impossible setting shows a clear message and the app keeps working', async () => {
  const errors = [];
  const page = await openApp(env.browser, env.server.url, { errors });
  await page.click('.settings summary');
  await page.fill('#participants', '5000');
  await page.press('#participants', 'Tab');
  await page.waitForFunction(() => document.querySelector('#settings-error').innerText.length > 0);
  assert.match(await page.locator('#settings-error').innerText(), /Participants must be a whole number from 3 to 3000/);
  // Still the old scenario, still clickable.
  assert.equal(await page.locator('#panel-p2p button.node-ctl').count(), 24);
  await page.fill('#participants', '40');
  await page.press('#participants', 'Tab');
  await page.waitForFunction(() => document.querySelectorAll('#panel-p2p button.node-ctl').length === 40);
  assert.equal(await page.locator('#settings-error').innerText(), '');
  assert.deepEqual(errors, []);
  await page.close();
});

for (const width of [390, 360]) {
  test(`phone width ${width} px: panels stack, no sideways scroll, tap fails a node`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height: 800 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.waitForSelector('.node-ctl');
    await page.waitForTimeout(300);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `page scrolls sideways: ${scroll} > ${client}`);
    const boxes = await page.$$eval('.panel', (ps) => ps.map((p) => p.getBoundingClientRect().top));
    assert.ok(boxes[0] < boxes[1] && boxes[1] < boxes[2], 'panels should stack vertically');
    assert.ok((await paintedPixels(page, 'federated')) > 1000);
    // Zoom is not blocked.
    assert.doesNotMatch(await page.$eval('meta[name=viewport]', (m) => m.content), /user-scalable=no|maximum-scale=1/);
    // Tap a node on its canvas.
    await page.locator('canvas[data-arch="federated"]').scrollIntoViewIfNeeded();
    const ctl = await page.locator('#panel-federated button[data-node="F2"]').boundingBox();
    await page.touchscreen.tap(ctl.x + ctl.width / 2, ctl.y + ctl.height / 2);
    await page.waitForFunction(() =>
      document.querySelector('#panel-federated button[data-node="F2"]').dataset.state === 'down');
    await page.screenshot({ path: join(ARTIFACTS, `phone-${width}.png`), fullPage: true });
    await context.close();
  });
}

test('the stats overlay (?stats=1) reports frames, frame time and simulation rate', async () => {
  const page = await openApp(env.browser, `${env.server.url}?stats=1`);
  await page.waitForFunction(() => Number(document.querySelector('#stats')?.dataset.frames) > 30);
  const s = await page.$eval('#stats', (el) => ({ ...el.dataset, text: el.innerText }));
  assert.ok(Number(s.fps) > 0 && Number(s.workP50) > 0, JSON.stringify(s));
  assert.match(s.text, /sim events\/s/);
  assert.match(s.text, /messages in flight/);
  // The Stats button hides it again.
  await page.click('button:has-text("Stats")');
  assert.equal(await page.locator('#stats').count(), 0);
  await page.close();
});

test('each page\'s own download is within 200 KB gzipped, in English and with each language\'s files (the tour and its editor, fetched when asked for, apart)', async () => {
  // (The embed card's preview image is for other sites' link previews: the page never loads it.)
  const onDemand = (f) => f === 'tour.js' || f === 'tour-edit.js' || f === 'tour.css' || f.endsWith('.json') || f === 'preview.png';
  const gz = async (path) => gzipSync(await readFile(path), { level: 9 }).length;
  for (const [dir, page] of [[DIST, 'network'], [join(DIST, 'consensus'), 'consensus'], [join(DIST, 'timing'), 'timing']]) {
    let total = 0;
    const files = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !onDemand(e.name));
    assert.ok(files.some((f) => f.name.endsWith('.wasm')), `${dir} has no wasm`);
    for (const f of files) total += await gz(join(dir, f.name));
    assert.ok(total <= 200 * 1024, `${dir}: ${(total / 1024).toFixed(1)} KB gzipped`);
    // A reader in another language also fetches the page's messages in it.
    const languages = await readdir(join(dir, 'i18n'));
    assert.ok(languages.length >= 3, `${dir}: languages ${languages}`);
    for (const code of languages) {
      const own = total + await gz(join(dir, 'i18n', code, `${page}.msg`));
      assert.ok(own <= 200 * 1024, `${dir} in ${code}: ${(own / 1024).toFixed(1)} KB gzipped`);
    }
  }
});
