// The consensus page (dist/consensus/): it draws; a partition splits the peers' colours and
// healing merges them; a peer fails by mouse, keyboard and touch; a shared link restores the
// same run; axe is clean in both schemes; no sideways scroll on a phone; the embed fits.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { axe, closeServer, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

// Praos on 60 peers, a block every five seconds or so; ten times real time.
const FAST = '#l=chain&v=1&cons=praos&n=60&deg=5&seed=3&lat=10-100&f=0.2&slot=1000&t=20000&speed=10&play=1';

async function openChain(url, { width = 1400, height = 1000, scheme = 'light', touch = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme: scheme, hasTouch: touch });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('canvas.net') || document.querySelector('#fatal'));
  if (await page.locator('#fatal').count()) throw new Error(await page.locator('#fatal').innerText());
  return { page, context, errors };
}

const colours = (page) => page.locator('.stage').getAttribute('data-colours').then(Number);
const status = (page) => page.locator('#status').innerText();

test('the page draws the network and the tree, and the numbers beside theory', async () => {
  const { page, context, errors } = await openChain(`${env.server.url}consensus/`);
  await page.waitForTimeout(1500);
  const inked = await page.evaluate(() => [...document.querySelectorAll('canvas.net, canvas.tree')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const bg = [d[0], d[1], d[2]];
    let differ = 0;
    for (let i = 0; i < d.length; i += 4 * 97) if (d[i] !== bg[0] || d[i + 1] !== bg[1] || d[i + 2] !== bg[2]) differ++;
    return differ;
  }));
  assert.ok(inked.every((n) => n > 20), `blank canvas: ${inked}`);
  assert.match(await status(page), /\d+ blocks? on the main chain/);
  for (const key of ['stale', 'stale_slot', 'stale_height', 'stale_other', 'spread', 'multi', 'rollback', 'agree', 'heal', 'settle', 'growth', 'quality', 'confirm']) {
    assert.equal(await page.locator(`#row-${key} .why`).count(), 1, key);
  }
  assert.match(await page.locator('#row-multi .theory-value').innerText(), /%/);
  // Settlement drawn for k = 1 … 6; with no attacker, no race to draw beside it.
  assert.equal(await page.locator('#settle-plot circle.point').count(), 6);
  assert.equal(await page.locator('#settle-plot polyline').count(), 0);
  assert.equal(await page.locator('a[href="../"]').count() > 0, true, 'no link back to the first lesson');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a double-spender: its races at the merchant\'s depth, and settlement drawn beside the race', async () => {
  const link = 'consensus/#l=chain&v=1&cons=pow&n=40&deg=5&seed=1&lat=10-100&T=10&f=0.05&slot=1000&stake=equal'
    + '&kb=64&bw=100&tie=first-seen&off=0&drift=0&adv=0.3&z=5&t=1800000&speed=1&play=0';
  const { page, context, errors } = await openChain(`${env.server.url}${link}`);
  await page.waitForSelector('#settle-plot');
  const races = await page.locator('#row-confirm .measured').innerText();
  const [, caught, of] = races.match(/caught up in (\d+) of (\d+) races/).map(Number);
  assert.ok(of > 0 && caught <= of, races);
  assert.match(await page.locator('#row-confirm .theory-value').innerText(), /q = 0\.3, 5 blocks: /);
  assert.equal(await page.locator('#settle-plot circle.point').count(), 5);
  assert.equal(await page.locator('#settle-plot polyline').count(), 1);
  assert.match(await page.locator('#settle-plot svg').getAttribute('aria-label'), /overtakes 5 blocks with chance \d/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a selfish miner shows its take beside the closed form, on a curve with the third named', async () => {
  const link = 'consensus/#l=chain&v=1&cons=pow&n=40&deg=5&seed=1&lat=10-100&T=10&f=0.05&slot=1000&stake=equal'
    + '&kb=64&bw=100&tie=first-seen&off=0&drift=0&adv=0.4&z=6&strat=selfish&gamma=0&t=1800000&speed=1&play=0';
  const { page, context, errors } = await openChain(`${env.server.url}${link}`);
  await page.waitForSelector('#row-revenue');
  assert.match(await page.locator('#row-revenue .measured').innerText(), /% of \d+ settled blocks/);
  assert.equal(await page.locator('#row-revenue .theory-value').innerText(), '48.37 %');
  const label = await page.locator('#revenue-plot svg').getAttribute('aria-label');
  assert.match(label, /pays above α = 0\.33/);
  assert.equal(await page.locator('#revenue-plot circle.point').count(), 1);
  // The settings show the strategy and γ, not the merchant's confirmations.
  await page.locator('details:has(#set-strategy) summary').click();
  assert.equal(await page.locator('#set-strategy').inputValue(), 'selfish');
  assert.equal(await page.locator('#set-gamma').count(), 1);
  assert.equal(await page.locator('#set-z').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a partition splits the colours in two, and healing merges them into one', async () => {
  const { page, context, errors } = await openChain(`${env.server.url}consensus/${FAST}`);
  await page.waitForTimeout(500);
  await page.click('#partition');
  await page.waitForFunction(() => Number(document.querySelector('.stage').dataset.colours) >= 2, null, { timeout: 20_000 });
  assert.match(await status(page), /split/);
  await page.click('#partition');
  await page.waitForFunction(() => Number(document.querySelector('.stage').dataset.colours) === 1, null, { timeout: 20_000 });
  assert.doesNotMatch(await status(page), /split/);
  const log = await page.locator('.events').innerText();
  assert.match(log, /the network split/);
  assert.match(log, /every cut link healed/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a line drawn across the network with the mouse splits it there; ? lists the keys', async () => {
  const { page, context, errors } = await openChain(`${env.server.url}consensus/${FAST}`);
  const box = await page.locator('canvas.net').boundingBox();
  // A vertical line through the middle, from above the ring to below it.
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(x, box.y + box.height - 4, { steps: 5 });
  await page.mouse.up();
  assert.match(await page.locator('#announce').innerText(), /^Cut along the line: \d+ peers on one side, \d+ on the other\. .*; the network is split\.$/);
  assert.match(await status(page), /split/);
  assert.match(await status(page), /main chain/);
  assert.doesNotMatch(await status(page), /peers? down/, 'the drag also failed a peer');
  await page.waitForFunction(() => Number(document.querySelector('.stage').dataset.colours) >= 2, null, { timeout: 20_000 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await page.waitForSelector('#shortcuts');
  assert.match(await page.locator('#shortcuts').innerText(), /split the network/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#shortcuts').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a peer fails by keyboard, by mouse and by touch', async () => {
  const url = `${env.server.url}consensus/${FAST.replace('play=1', 'play=0')}`;
  // Keyboard: the network is one Tab stop; arrows choose, Enter fails.
  const kb = await openChain(url);
  await kb.page.focus('.stage');
  await kb.page.keyboard.press('ArrowRight');
  await kb.page.keyboard.press('ArrowRight');
  assert.equal(await kb.page.locator('.stage').getAttribute('data-focus'), '2');
  await kb.page.keyboard.press('Enter');
  assert.match(await status(kb.page), /1 peer down/);
  assert.match(await kb.page.locator('#announce').innerText(), /P2 failed/);
  // Mouse: click where the chosen peer is drawn.
  const [x, y] = (await kb.page.locator('.stage').getAttribute('data-focus-xy')).split(',').map(Number);
  await kb.page.keyboard.press('ArrowRight');
  const [x3, y3] = (await kb.page.locator('.stage').getAttribute('data-focus-xy')).split(',').map(Number);
  await kb.page.locator('canvas.net').click({ position: { x: x3, y: y3 } });
  assert.match(await status(kb.page), /2 peers down/);
  assert.match(await kb.page.locator('#announce').innerText(), /P3 failed/);
  await kb.context.close();
  // Touch: a tap on a peer fails it.
  const t = await openChain(url, { touch: true, width: 412, height: 900 });
  await t.page.focus('.stage');
  await t.page.keyboard.press('ArrowRight');
  const [tx, ty] = (await t.page.locator('.stage').getAttribute('data-focus-xy')).split(',').map(Number);
  const box = await t.page.locator('canvas.net').boundingBox();
  await t.page.touchscreen.tap(box.x + tx, box.y + ty);
  assert.match(await status(t.page), /1 peer down/);
  assert.ok(x > 0 && y > 0);
  await t.context.close();
});

test('on a phone, a tap among peers closer than a fingertip fails none and offers each as a finger-sized button', async () => {
  const url = `${env.server.url}consensus/#l=chain&v=1&cons=praos&n=200&deg=5&seed=3&lat=10-100&f=0.2&slot=1000&t=5000&speed=1&play=0`;
  const t = await openChain(url, { touch: true, width: 390, height: 844 });
  await t.page.focus('.stage');
  await t.page.keyboard.press('ArrowRight');
  const [tx, ty] = (await t.page.locator('.stage').getAttribute('data-focus-xy')).split(',').map(Number);
  const box = await t.page.locator('canvas.net').boundingBox();
  await t.page.touchscreen.tap(box.x + tx, box.y + ty);
  await t.page.waitForFunction(() => /Several peers are under your finger here \(P\d+, P\d+[^)]*\): choose one/.test(document.querySelector('#announce').textContent));
  assert.doesNotMatch(await status(t.page), /down/);
  // Each peer under the finger is a button at least 24 px each way (WCAG 2.5.8), inside the
  // screen, near where the finger landed.
  const buttons = t.page.locator('.chooser button:not(.chooser-none)');
  const names = await buttons.allInnerTexts();
  assert.ok(names.length >= 2 && names.every((b) => /^Fail P\d+$/.test(b)), names.join());
  for (const b of await buttons.all()) {
    const r = await b.boundingBox();
    assert.ok(r.width >= 24 && r.height >= 24 && r.x >= 0 && r.x + r.width <= 390, JSON.stringify(r));
  }
  // Beside the finger, not under it: just below the tap or just above it.
  const chooser = await t.page.locator('.chooser').boundingBox();
  const tapY = box.y + ty;
  const gap = chooser.y >= tapY ? chooser.y - tapY : tapY - (chooser.y + chooser.height);
  assert.ok(gap >= 8 && gap <= 40, JSON.stringify({ chooser, tapY }));
  // Tapping one fails that peer and closes the choice.
  const peer = names[1].replace('Fail ', '');
  await buttons.nth(1).tap();
  assert.match(await status(t.page), /1 peer down/);
  assert.match(await t.page.locator('#announce').innerText(), new RegExp(`${peer} failed`));
  assert.equal(await t.page.locator('.chooser').count(), 0);
  // Again at the same spot: the failed one is offered to recover; ✕ chooses none.
  const again = await t.page.locator('canvas.net').boundingBox();
  await t.page.touchscreen.tap(again.x + tx, again.y + ty);
  await t.page.waitForSelector('.chooser');
  assert.ok((await t.page.locator('.chooser button').allInnerTexts()).includes(`Recover ${peer}`));
  await t.page.locator('.chooser-none').tap();
  assert.equal(await t.page.locator('.chooser').count(), 0);
  assert.match(await status(t.page), /1 peer down/);
  // The buttons work from the keyboard too: Enter recovers that peer, not the chosen one.
  await t.page.touchscreen.tap(again.x + tx, again.y + ty);
  await t.page.waitForSelector('.chooser');
  await t.page.locator(`.chooser button:has-text("Recover ${peer}")`).focus();
  await t.page.keyboard.press('Enter');
  assert.doesNotMatch(await status(t.page), /down/);
  assert.match(await t.page.locator('#announce').innerText(), new RegExp(`${peer} recovered`));
  assert.equal(await t.page.locator('.chooser').count(), 0);
  assert.deepEqual(t.errors, []);
  await t.context.close();
});

test('a shared link restores the same run: same trace, same block tree', async () => {
  const { page, context } = await openChain(`${env.server.url}consensus/${FAST}`);
  await page.waitForTimeout(800);
  await page.click('#partition');
  await page.waitForTimeout(1500);
  await page.click('#play');
  await page.waitForTimeout(300);
  const hash = await page.evaluate(() => location.hash);
  const trace = await page.locator('.stage').getAttribute('data-trace');
  const tree = await page.evaluate(() => document.querySelector('canvas.tree').toDataURL());
  assert.match(hash, /a=sP0~P29@/);
  const other = await openChain(`${env.server.url}consensus/${hash}`);
  await other.page.waitForTimeout(500);
  assert.equal(await other.page.locator('.stage').getAttribute('data-trace'), trace);
  assert.equal(await other.page.evaluate(() => document.querySelector('canvas.tree').toDataURL()), tree);
  await other.context.close();
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG A/AA violation on the consensus page (${scheme} scheme, split, a peer down, settings open)`, async () => {
    const { page, context } = await openChain(`${env.server.url}consensus/${FAST}`, { scheme });
    await page.click('#partition');
    await page.focus('.stage');
    await page.keyboard.press('Enter');
    await page.click('.settings summary');
    await page.click('.share summary');
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('the speed selector shows the speed a link carries, and a speed it does not offer is refused', async () => {
  const { page, context, errors } = await openChain(`${env.server.url}consensus/${FAST.replace('speed=10', 'speed=2')}`);
  assert.equal(await page.locator('#speed').inputValue(), '2');
  assert.equal(await page.locator('#speed option:checked').innerText(), '2×');
  assert.equal(await page.locator('#link-notice').count(), 0);
  // Every speed offered survives a trip through the share link.
  const offered = await page.locator('#speed option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(offered.length >= 10 && offered.includes('0.25') && offered.includes('100000'), `${offered}`);
  await page.selectOption('#speed', '1000');
  await page.click('.share summary');
  const shared = await page.locator('#share-link').inputValue();
  assert.match(shared, /speed=1000&/);
  assert.deepEqual(errors, []);
  await context.close();
  const bad = await openChain(`${env.server.url}consensus/${FAST.replace('speed=10', 'speed=3')}`);
  await bad.page.waitForSelector('#link-notice');
  assert.match(await bad.page.locator('#link-notice').innerText(), /speed=“3”: expected one of 0\.25, 0\.5, 1, 2, 4, 10/);
  assert.equal(await bad.page.locator('#speed').inputValue(), '10');
  assert.deepEqual(bad.errors, []);
  await bad.context.close();
});

test('no sideways scroll on a 360 px phone; a bad link says what it dropped', async () => {
  const { page, context } = await openChain(`${env.server.url}consensus/#l=chain&v=1&n=999999&deg=5&f=0.2&play=0`, { width: 360, height: 800 });
  await page.waitForTimeout(500);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px window`);
  assert.match(await page.locator('#link-notice').innerText(), /n=/);
  await context.close();
});

test('the embed fits a 320×240 cross-origin iframe and a tap still fails a peer', async () => {
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><body style="margin:0"><iframe id="sim" title="archsim" width="320" height="240"
      style="border:0" src="${env.server.url}consensus/?embed=1${FAST.replace('play=1', 'play=0')}"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    const page = await env.browser.newPage({ viewport: { width: 340, height: 260 } });
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const frame = page.frameLocator('#sim');
    await frame.locator('canvas.net').waitFor();
    const f = page.frames().find((fr) => fr.url().startsWith(env.server.url));
    await f.waitForTimeout(400);
    const layout = await f.evaluate(() => {
      const c = document.querySelector('canvas.net').getBoundingClientRect();
      return { top: c.top, width: c.width, scroll: document.documentElement.scrollWidth, gallery: document.querySelector('.gallery').getClientRects().length };
    });
    assert.ok(layout.scroll <= 320, `embed scrolls sideways: ${layout.scroll}`);
    assert.ok(layout.top < 240 && layout.width >= 200, `network not on the first screen: ${JSON.stringify(layout)}`);
    assert.equal(layout.gallery, 0, 'the gallery shows in the embed');
    await f.focus('.stage');
    await f.press('.stage', 'Enter');
    assert.match(await f.locator('#status').innerText(), /1 peer down/);
    await page.close();
  } finally {
    await closeServer(host);
  }
});
