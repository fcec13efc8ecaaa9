// The page as a classroom tool: what a student, a teacher, a keyboard user and a phone user ran
// into — keys, small embeds, large networks, settings and reset, definitions, focus, long runs,
// exports and the stats overlay.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { closeServer, openApp, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

const state = (page, arch, node) =>
  page.locator(`#panel-${arch} button[data-node="${node}"]`).getAttribute('data-state');

test('Space plays and pauses without scrolling; a focused button keeps its Space; no passive-listener warnings', async () => {
  const errors = [];
  const page = await openApp(env.browser, env.server.url, { width: 1400, height: 700 });
  const warnings = [];
  page.on('console', (m) => warnings.push(m.text()));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const playing = () => page.locator('#play').getAttribute('data-playing');
  // The button says what a press does, and is no toggle that could contradict it.
  assert.equal(await page.locator('#play').getAttribute('aria-pressed'), null);
  assert.equal(await playing(), 'true');
  assert.match(await page.locator('#play').innerText(), /Pause/);
  await page.keyboard.press('Space');
  assert.equal(await playing(), 'false', 'Space did not pause');
  assert.match(await page.locator('#play').innerText(), /Play/);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space scrolled the page');
  await page.keyboard.press('k');
  assert.equal(await playing(), 'true');
  // On a focused button, Space presses that button and nothing else.
  await page.focus('button:has-text("Stats")');
  await page.keyboard.press('Space');
  assert.equal(await playing(), 'true', 'Space on a button also played or paused');
  assert.equal(await page.locator('#stats').count(), 1, 'Space did not press the focused button');
  for (const key of ['.', 'ArrowRight', 'n', 's', 's']) await page.keyboard.press(key);
  assert.deepEqual(warnings.filter((w) => /preventDefault/.test(w)), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 320×240 embed shows one whole network and its status line on the first screen, with legible ratings', async () => {
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><body style="margin:0"><iframe id="sim" title="archsim" width="320" height="240"
      style="border:0" src="${env.server.url}?embed=1#v=1&t=3000&play=0"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    const page = await env.browser.newPage({ viewport: { width: 340, height: 260 } });
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    await page.frameLocator('#sim').locator('button.node-ctl').first().waitFor({ state: 'attached' });
    const f = page.frames().find((fr) => fr.url().startsWith(env.server.url));
    await f.waitForTimeout(500);
    const first = await f.evaluate(() => {
      const visible = [...document.querySelectorAll('section.panel')].filter((p) => p.getClientRects().length);
      const canvas = visible[0].querySelector('canvas').getBoundingClientRect();
      const status = visible[0].querySelector('.summary').getBoundingClientRect();
      const facts = visible[0].querySelector('.facts').getBoundingClientRect();
      return { panels: visible.map((p) => p.id), canvas: [canvas.top, canvas.bottom, canvas.width], status: status.bottom, facts: facts.bottom };
    });
    assert.deepEqual(first.panels, ['panel-client-server'], 'one architecture at a time');
    assert.ok(first.canvas[0] >= 0 && first.canvas[1] <= 240 && first.canvas[2] >= 90, `network off the first screen: ${first.canvas}`);
    assert.ok(first.status <= 240, `status line off the first screen: ${first.status}`);
    assert.ok(first.facts <= 240, `the line of counts off the first screen: ${first.facts}`);
    // ? lists the keys in the frame too, its start and its Close button in view.
    await f.click('.summary');
    await f.press('body', '?');
    const keys = await f.evaluate(() => {
      const d = document.getElementById('shortcuts');
      const title = document.getElementById('shortcuts-title')?.getBoundingClientRect();
      return d && { focus: d.contains(document.activeElement) && document.activeElement.textContent, title: title.top >= 0 && title.bottom <= 240 };
    });
    assert.deepEqual(keys, { focus: 'Close', title: true });
    await f.press('body', 'Escape');
    assert.equal(await f.locator('#shortcuts').count(), 0);
    // The selector shows another architecture; its ratings are the column shown, unclipped.
    await f.click('.views button:has-text("P2P")');
    const second = await f.evaluate(() => {
      const visible = [...document.querySelectorAll('section.panel')].filter((p) => p.getClientRects().length);
      const cells = [...document.querySelectorAll('table.ratings td')].filter((c) => c.getClientRects().length);
      const clipped = [...document.querySelectorAll('table.ratings td *')]
        .filter((e) => e.getClientRects().length)
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5);
      return {
        panels: visible.map((p) => p.id),
        cells: cells.map((c) => c.dataset.arch),
        clipped: clipped.length,
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.deepEqual(second.panels, ['panel-p2p']);
    assert.ok(second.cells.length >= 3 && second.cells.every((a) => a === 'p2p'), JSON.stringify(second.cells));
    assert.equal(second.clipped, 0, 'a rating is cut off at the edge');
    assert.ok(second.scroll <= 0, 'sideways scroll');
    await page.close();
  } finally {
    await closeServer(host);
  }
});

test('a 1,500-participant network is drawn as arcs and fans; a node can still be found and failed', async () => {
  // Reduced motion: the static drawing alone, without the messages in flight over it.
  const context = await env.browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#v=1&n=1500&t=2000&play=0`);
  await page.waitForFunction(() => document.querySelectorAll('canvas[data-detail="arcs"]').length === 3);
  // Keyboard: one Tab stop per panel, arrows move; Enter fails the focused peer.
  await page.focus('#panel-p2p button[data-i="0"]');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.node), 'P5');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#panel-p2p button[data-node="P5"]').dataset.state === 'down');
  assert.match(await page.locator('[data-summary="p2p"]').innerText(), /P5 \(peer\) down/);
  // The drawing is not a grey disc: most of the ring is drawn in the peers' colour.
  const green = await page.evaluate(() => {
    const c = document.querySelector('canvas[data-arch="p2p"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 40 && d[i + 1] > 130 && d[i + 2] > 90 && d[i + 2] < 140) n++;
    return n;
  });
  assert.ok(green > 2000, `the ring of peers is not drawn (${green} px)`);
  await context.close();
});

test('settings a teacher needs are on the page; changing one keeps the failures, naming those it drops', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0&a=cxS0@1000,pxP20@1500`);
  assert.equal(await state(page, 'client-server', 'S0'), 'down');
  await page.click('.settings summary');
  for (const id of ['rate', 'fed', 'drift', 'relay']) assert.equal(await page.locator(`#${id}`).count(), 1, id);
  await page.fill('#rate', '12');
  await page.press('#rate', 'Tab');
  await page.waitForFunction(() => location.hash.includes('rate=12'));
  assert.equal(await state(page, 'client-server', 'S0'), 'down', 'the failure was dropped');
  assert.match(await page.evaluate(() => location.hash), /a=cxS0@1000,pxP20@1500/);
  // Fewer participants: P20 no longer exists, and the notice says so.
  await page.fill('#participants', '12');
  await page.press('#participants', 'Tab');
  await page.waitForFunction(() => location.hash.includes('n=12'));
  assert.match(await page.locator('#link-notice').innerText(), /P20/);
  assert.equal(await state(page, 'client-server', 'S0'), 'down');
  // A wrong value marks its own field only, quoting what was typed.
  await page.fill('#relay', 'abc');
  await page.press('#relay', 'Tab');
  await page.waitForFunction(() => document.querySelector('#settings-error').innerText.length > 0);
  assert.match(await page.locator('#settings-error').innerText(), /Relay batching .*“abc”/);
  const invalid = await page.$$eval('.settings input[aria-invalid="true"]', (els) => els.map((e) => e.id));
  assert.deepEqual(invalid, ['relay']);
  await page.close();
});

test('Reset can be undone, with its button or the browser\'s Back', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0&a=cxS0@1000`);
  await page.click('button:has-text("Reset")');
  await page.waitForFunction(() => document.querySelector('#panel-client-server button[data-node="S0"]')?.dataset.state === 'up');
  await page.click('#undo-reset');
  await page.waitForFunction(() => document.querySelector('#panel-client-server button[data-node="S0"]')?.dataset.state === 'down');
  assert.equal(await page.locator('#undo-reset').count(), 0);
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelector('#panel-client-server button[data-node="S0"]')?.dataset.state === 'up');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#panel-client-server button[data-node="S0"]')?.dataset.state === 'down');
  await page.close();
});

test('every key number is defined, for the eye and for screen readers', async () => {
  const page = await openApp(env.browser, env.server.url);
  const heads = await page.$$eval('table.metrics thead th[title]', (ths) =>
    ths.map((th) => ({
      title: th.title,
      described: document.getElementById(th.getAttribute('aria-describedby'))?.textContent ?? '',
    })),
  );
  assert.equal(heads.length, 8);
  for (const h of heads) {
    assert.ok(h.title.length > 30, h.title);
    assert.equal(h.described, h.title);
  }
  // Units agree in the reasons: a share is compared with a share.
  await page.locator('#panel-federated button[data-node="F1"]').click({ force: true });
  await page.waitForFunction(
    () => /F1 down: .*\d+ % \(> 1 %\)/.test(document.querySelector('tr[data-challenge="liveliness"] td[data-arch="federated"] p').textContent),
    null,
    { timeout: 30_000 },
  );
  await page.close();
});

test('a gallery link brings the networks into view and focuses them; skip links go where they say', async () => {
  const page = await openApp(env.browser, env.server.url, { width: 1200, height: 700 });
  await page.locator('li[data-preset="federated-server-down"] a').scrollIntoViewIfNeeded();
  await page.click('li[data-preset="federated-server-down"] a');
  await page.waitForFunction(() => document.activeElement?.id === 'networks');
  await page.waitForFunction(() => {
    const r = document.getElementById('networks').getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight / 2;
  });
  // Skip links: the first Tab stop of the page, and they do not touch the address.
  const hash = await page.evaluate(() => location.hash);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.click(5, 5); // focus starts from the top of the page again
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the networks');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'ratings');
  assert.equal(await page.evaluate(() => location.hash), hash);
  await page.close();
});

test('a keyboard user reaches Export in a few dozen Tab stops: one per panel, one for the event log', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=20000&play=0`);
  const stops = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input, summary, [tabindex]')].filter(
      (e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length,
    );
    const exportAt = all.findIndex((e) => e.id === 'export-panels-png');
    return { exportAt, nodes: all.filter((e) => e.classList.contains('node-ctl')).length, log: document.querySelectorAll('.events button[tabindex="0"]').length };
  });
  assert.equal(stops.nodes, 3, 'one Tab stop per panel');
  assert.equal(stops.log, 1, 'one Tab stop for the event log');
  assert.ok(stops.exportAt > 0 && stops.exportAt < 60, `Export is Tab stop ${stops.exportAt}`);
  // Arrow keys move inside the log.
  await page.focus('.events button[tabindex="0"]');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.i), '1');
  await page.close();
});

test('"Fail the hubs" becomes "Recover the hubs", and does', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0`);
  await page.click('#fail-hubs');
  await page.waitForFunction(() => document.querySelector('#fail-hubs').textContent === 'Recover the hubs');
  assert.equal(await state(page, 'client-server', 'S0'), 'down');
  await page.click('#fail-hubs');
  await page.waitForFunction(() => document.querySelector('#fail-hubs').textContent === 'Fail the hubs');
  assert.equal(await state(page, 'client-server', 'S0'), 'up');
  assert.equal(await state(page, 'federated', 'F0'), 'up');
  await page.close();
});

test('on a phone: 44 px node targets, a tapped card that goes away, a hint that the table scrolls', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#v=1&t=3000&play=0`);
  await page.waitForSelector('.node-ctl');
  const sizes = await page.$$eval('#panel-client-server .node-ctl', (bs) => bs.map((b) => b.getBoundingClientRect().width));
  assert.ok(sizes.every((w) => w >= 44), `targets under 44 px: ${Math.min(...sizes)}`);
  // (A tap lands only on what is on the screen.)
  await page.locator('#panel-client-server button[data-node="C0"]').scrollIntoViewIfNeeded();
  const box = await page.locator('#panel-client-server button[data-node="C0"]').boundingBox();
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('#panel-client-server .card'));
  await page.waitForFunction(() => !document.querySelector('#panel-client-server .card'), null, { timeout: 6_000 });
  assert.equal(await state(page, 'client-server', 'C0'), 'down');
  assert.ok(await page.locator('.scroll-hint').isVisible());
  await context.close();
});

test('the card says how far its own clock is from true time; the skew column what it compares', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0`);
  await page.focus('#panel-p2p button[data-i="0"]');
  const card = await page.locator('#panel-p2p .card').innerText();
  assert.match(card, /its clock: \d+(\.\d)? ms (ahead of|behind) true time/);
  assert.match(await page.locator('th[title^="The largest difference between any two live clocks"]').getAttribute('title'), /card/);
  await page.close();
});

test('a long run reads in minutes, zooms to its last minutes, and "1 s back" pauses', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=600000&play=0`);
  assert.equal(await page.locator('.clock').innerText(), 't = 10 min 00 s');
  assert.equal(await page.locator('#time').getAttribute('min'), '0');
  await page.click('#zoom');
  await page.waitForFunction(() => document.querySelector('#time').getAttribute('min') === '300000');
  assert.match(await page.locator('#time').getAttribute('aria-valuetext'), /^10 min 00 s of 10 min 00 s$/);
  await page.click('#play');
  assert.equal(await page.locator('#play').getAttribute('data-playing'), 'true');
  await page.click('#back-1s');
  assert.equal(await page.locator('#play').getAttribute('data-playing'), 'false', '"1 s back" did not pause');
  await page.close();
});

test('exports stand alone: the panels PNG carries title, status lines and legend', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#v=1&t=3000&play=0`);
  await page.waitForSelector('.node-ctl');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#export-panels-png')]);
  const png = await readFile(await d.path());
  const height = png.readUInt32BE(20);
  const canvas = await page.$eval('canvas[data-arch="p2p"]', (c) => c.height);
  assert.ok(height >= canvas + 150, `PNG ${height} px tall for canvases of ${canvas}: no room for title, status and legend`);
  // The consensus page's picture has both drawings side by side, with the same frame.
  await page.goto(`${env.server.url}consensus/#l=chain&v=1&n=30&t=20000&play=0`);
  await page.waitForSelector('canvas.net');
  await page.waitForTimeout(500);
  const [c] = await Promise.all([page.waitForEvent('download'), page.click('#export-panels-png')]);
  assert.match(c.suggestedFilename(), /network-and-tree/);
  const chain = await readFile(await c.path());
  const [net, tree] = await page.$$eval('canvas.net, canvas.tree', (cs) => cs.map((x) => [x.width, x.height]));
  assert.ok(chain.readUInt32BE(16) >= net[0] + tree[0], `PNG ${chain.readUInt32BE(16)} px wide for ${net[0]} + ${tree[0]}`);
  assert.ok(chain.readUInt32BE(20) >= Math.max(net[1], tree[1]) + 150, 'no room for title, status and legend');
  await context.close();
});

test('the stats overlay reads the simulation rate in sensible units', async () => {
  const page = await openApp(env.browser, `${env.server.url}?stats=1#v=1&t=3000&play=1`);
  await page.waitForTimeout(1500);
  const text = await page.locator('#stats').innerText();
  const rate = text.split('\n').find((l) => l.includes('sim events/s'));
  assert.match(rate, /^\d+(\.\d)?( [kM])? sim events\/s$/);
  assert.doesNotMatch(rate, /^0(\.0)?( [kM])? /);
  await page.close();
});

test('a printed page is a handout: no controls, every reason open, the scenario link at the end', async () => {
  for (const [path, ready] of [['#v=1&seed=1&n=24&t=4000&play=0', '.node-ctl'], ['consensus/#l=chain&v=1&n=30&t=20000&play=0', 'canvas.net'], ['timing/#l=timing&v=1&t=5000&play=0', 'canvas.clocks']]) {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}${path}`);
    await page.waitForSelector(ready);
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    const seen = await page.evaluate(() => ({
      controls: getComputedStyle(document.querySelector('.controls')).display,
      gallery: document.querySelector('.gallery') && getComputedStyle(document.querySelector('.gallery')).display,
      closed: [...document.querySelectorAll('main details:not(.settings):not(.share)')].filter((d) => !d.open).length,
      link: document.querySelector('.print-link')?.textContent,
      linkShown: document.querySelector('.print-link') && getComputedStyle(document.querySelector('.print-link')).display,
    }));
    assert.equal(seen.controls, 'none', path);
    assert.ok(seen.gallery === null || seen.gallery === 'none', path);
    assert.equal(seen.closed, 0, path);
    assert.ok(seen.link?.startsWith(`This scenario: ${env.server.url}`), `${path}: ${seen.link}`);
    assert.equal(seen.linkShown, 'block', path);
    await page.close();
  }
});

test('a phone on its side sees each network whole, the three side by side', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0`, { width: 740, height: 360 });
  const boxes = await page.$$eval('.panel', (ps) => ps.map((p) => p.getBoundingClientRect()).map((r) => ({ top: r.top, height: r.height })));
  assert.equal(boxes.length, 3);
  for (const b of boxes) assert.ok(b.height <= 360, `a panel is ${b.height} px tall on a 360 px screen`);
  assert.ok(boxes.every((b) => Math.abs(b.top - boxes[0].top) < 1), `panels stack: ${JSON.stringify(boxes)}`);
  // The node controls still sit on their nodes.
  const on = await page.evaluate(() => {
    const c = document.querySelector('#panel-client-server canvas.net').getBoundingClientRect();
    const s = document.querySelector('#panel-client-server button[data-node="S0"]').getBoundingClientRect();
    return s.left >= c.left && s.right <= c.right && s.top >= c.top && s.bottom <= c.bottom;
  });
  assert.ok(on, 'S0\'s control is off its drawing');
  await page.close();
});

test('on a phone the ratings table fits: no column is cut off', async () => {
  const page = await openApp(env.browser, `${env.server.url}#v=1&t=3000&play=0`, { width: 390, height: 844 });
  const fit = await page.$eval('.ratings', (t) => {
    const wrap = t.closest('.table-wrap');
    const p2p = t.querySelector('td[data-arch="p2p"] .lvl, td[data-arch="p2p"]').getBoundingClientRect();
    return { table: t.scrollWidth, wrap: wrap.clientWidth, right: p2p.right, edge: wrap.getBoundingClientRect().right };
  });
  assert.ok(fit.table <= fit.wrap && fit.right <= fit.edge + 0.5, JSON.stringify(fit));
  await page.close();
});
