// The guided tours on the built pages: each lesson's tour walked through with the keyboard
// alone (every step's highlight, its "Show me", the state it waits for, the step kept in the
// address); a link opens the tour at a step; a tour carried in the link; a broken one gets a
// message and the page goes on; leaving keeps the scenario; axe in both schemes; the card fits
// a 320×240 embed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST, axe, suite } from './harness.mjs';

const env = suite(180_000);
const { test } = env;

const LESSONS = [
  { lesson: 'network', path: '', json: join(DIST, 'network.json'), ready: '.node-ctl' },
  { lesson: 'consensus', path: 'consensus/', json: join(DIST, 'consensus', 'consensus.json'), ready: 'canvas.net' },
  { lesson: 'timing', path: 'timing/', json: join(DIST, 'timing', 'timing.json'), ready: 'canvas.clocks' },
];

async function open(url, ready, { width = 1280, height = 800, scheme = 'light' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForSelector(ready);
  return { page, context, errors };
}

const card = (page) => page.evaluate(() => {
  const c = document.getElementById('tour');
  return c && {
    step: Number(c.dataset.step),
    reached: c.dataset.reached === 'true',
    count: c.querySelector('.tour-count')?.textContent,
    title: c.querySelector('h2')?.textContent,
    status: document.getElementById('tour-status')?.textContent ?? '',
    marked: [...document.querySelectorAll('.tour-mark')].map((e) => e.id || e.tagName),
    focusInCard: c.contains(document.activeElement),
    focus: document.activeElement?.className ?? '',
    search: location.search,
    hash: location.hash,
  };
});

// Moves the keyboard focus to the card's control with `cls` (Shift+Tab back from Next to
// Show me, Tab forward from the card itself), then presses Enter.
async function press(page, cls) {
  const focused = () => page.evaluate(() => document.activeElement?.className ?? '');
  const order = ['tour-card', 'tour-back', 'tour-show', 'tour-reopen', 'tour-next', 'tour-more', 'tour-close'];
  for (let i = 0; i < 8 && !(await focused()).includes(cls); i++) {
    const now = await focused();
    const here = order.findIndex((c) => now.includes(c));
    await page.keyboard.press(here > order.indexOf(cls) ? 'Shift+Tab' : 'Tab');
  }
  assert.match(await page.evaluate(() => document.activeElement?.className ?? ''), new RegExp(cls));
  await page.keyboard.press('Enter');
}

for (const { lesson, path, json, ready } of LESSONS) {
  test(`the ${lesson} tour walks through with the keyboard, every step highlighted and completed`, async () => {
    const tour = JSON.parse(await readFile(json, 'utf8'));
    const { page, context, errors } = await open(`${env.server.url}${path}`, ready);
    // "Take the tour", from the keyboard.
    await page.focus('.tour-start');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tour h2');
    const n = tour.steps.length;
    for (const [k, step] of tour.steps.entries()) {
      await page.waitForFunction((s) => document.getElementById('tour')?.dataset.step === String(s), k + 1);
      // (What the step points at is named once the page has drawn its scenario.)
      if (step.highlight) await page.waitForFunction(() => /Look at: |✓/.test(document.getElementById('tour-status')?.textContent));
      let c = await card(page);
      // The card never covers what the step points at: the outlined part, or the node's own
      // control where the lesson has one.
      if (step.highlight) {
        const covered = await page.evaluate(([h, node]) => {
          const [arch, id] = h.includes(' ') ? h.split(' ') : [null, h];
          const at = node ? (arch && document.querySelector(`#panel-${arch} button[data-node="${id}"]`)) : document.querySelector('.tour-mark');
          if (!at) return null;
          const a = at.getBoundingClientRect();
          const c = document.getElementById('tour');
          const b = c.getBoundingClientRect();
          const hit = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          // Only a part of the page bigger than half the screen may be overlapped.
          const big = Math.min(a.width, innerWidth) * Math.min(a.height, innerHeight) > innerWidth * innerHeight / 2;
          return hit && !big;
        }, [step.highlight, step.node]);
        assert.notEqual(covered, true, `step ${k + 1}: the card covers ${step.highlight}`);
      }
      // The tour's own title heads its card.
      assert.ok(tour.title, 'the tour has a title');
      assert.equal(c.count, `${tour.title} · step ${k + 1} of ${n}`);
      assert.equal(c.title, step.title);
      assert.ok(c.focusInCard, `step ${k + 1}: focus is not on the card (${c.focus})`);
      assert.match(c.search, new RegExp(`[?&]tour=1&step=${k + 1}$`));
      // The status names the step and, in words, what it points at: a node the lesson found
      // (its role, id and drawing), or the part of the page it outlined.
      assert.ok(c.status.startsWith(`Step ${k + 1} of ${n}: ${step.title}.`), `step ${k + 1}: ${c.status}`);
      if (step.highlight && step.node) {
        const [arch, id] = lesson === 'network' ? step.highlight.split(' ') : [null, step.highlight];
        const where = { 'client-server': 'Client-server', federated: 'Federated servers', p2p: 'Peer-to-peer' }[arch];
        const want = lesson === 'network'
          ? new RegExp(`Look at: (server|main server|federated server|client|peer) ${id} in ${where}\\.$`)
          : new RegExp(`Look at: ${lesson === 'timing' ? 'node' : 'peer'} ${id}\\.$`);
        assert.match(c.status, want, `step ${k + 1}`);
      } else if (step.highlight) {
        const marked = await page.evaluate((sel) => document.querySelector(sel)?.classList.contains('tour-mark'), step.highlight);
        assert.ok(marked, `step ${k + 1}: ${step.highlight} is not marked (${c.marked})`);
        assert.equal(c.marked.length, 1, `step ${k + 1}: ${c.marked}`);
        assert.match(c.status, /Look at: \S+/);
        assert.doesNotMatch(c.status, /[?!.:]\.$/, `step ${k + 1}: doubled stop`);
      } else {
        assert.equal(c.marked.length, 0);
      }
      if (step.until) {
        if (step.action) {
          assert.equal(c.reached, false, `step ${k + 1} is done before its action`);
          await press(page, 'tour-show');
        }
        await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true', null, { timeout: 60_000 });
        c = await card(page);
        assert.equal(c.status, `✓ ${step.done ?? 'Done.'}`);
        if (step.action) assert.match(c.focus, /tour-next/, `step ${k + 1}: focus did not move to Next`);
      }
      // Every value the step's claims name is on the page, drawn and not empty, while the
      // step is open.
      assert.ok(step.shown, `step ${k + 1} says nothing of where its claims are shown`);
      for (const [name, at] of Object.entries(step.shown)) {
        const seen = await page.evaluate((sel) => {
          const e = document.querySelector(sel);
          if (!e) return 'missing';
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') return 'hidden';
          return e.textContent.trim() ? 'shown' : 'empty';
        }, at);
        assert.equal(seen, 'shown', `step ${k + 1}: ${name}, at ${at}, is ${seen}`);
      }
      await press(page, 'tour-next');
    }
    // Finish: the card goes, the address holds the scenario again.
    await page.waitForFunction(() => !document.getElementById('tour'));
    await page.waitForFunction(() => location.hash.includes('v=1'));
    assert.doesNotMatch(await page.evaluate(() => location.search), /tour/);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a link opens the tour at its step, on that step\'s scenario', async () => {
  const tour = JSON.parse(await readFile(join(DIST, 'consensus', 'consensus.json'), 'utf8'));
  const { page, context, errors } = await open(`${env.server.url}consensus/?tour=1&step=4`, 'canvas.net');
  await page.waitForSelector('#tour h2');
  const c = await card(page);
  assert.equal(c.step, 4);
  assert.equal(c.title, tour.steps[3].title);
  // Step 4's own scenario: 100 peers on slow links.
  await page.waitForFunction(() => /100 peers/.test(document.getElementById('network-title')?.textContent));
  // Back opens step 3, whose link is another scenario.
  await press(page, 'tour-back');
  await page.waitForFunction(() => /30 peers/.test(document.getElementById('network-title')?.textContent));
  assert.match((await card(page)).search, /step=3$/);
  assert.match((await card(page)).focus, /tour-back/, 'focus stays on Back');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Back opens a step as it starts, even one without a link of its own', async () => {
  // Network step 3 fails F1; its step 2 has no link: Back must bring the untouched network.
  const { page, context, errors } = await open(`${env.server.url}?tour=1&step=3`, '.node-ctl');
  await page.waitForSelector('#tour .tour-show');
  await press(page, 'tour-show');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true');
  assert.match(await page.locator('#panel-federated').innerText(), /F1/);
  await press(page, 'tour-back');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.step === '2');
  await page.waitForTimeout(300);
  assert.match(await page.locator('#panel-federated').innerText(), /connected/);
  assert.doesNotMatch(await page.locator('#panel-federated').innerText(), /F1/);
  assert.equal((await card(page)).reached, false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a scenario replaced mid-step (Reset) is noticed, and the step can be reopened', async () => {
  const { page, context, errors } = await open(`${env.server.url}?tour=1&step=2`, '.node-ctl');
  await page.waitForSelector('#tour .tour-show');
  await press(page, 'tour-show');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true');
  // Reset brings the server back: the step is no longer done, and the card says why.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'false');
  await page.waitForSelector('#tour .tour-reopen');
  assert.match((await card(page)).status, /scenario changed/);
  await page.click('#tour .tour-reopen');
  await page.waitForFunction(() => !document.querySelector('#tour .tour-reopen'));
  assert.match((await card(page)).status, /^Step 2 of/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tour carried in the link opens, keeps its step on reload, and a broken one says so', async () => {
  const mine = {
    format: 'archsim-tour', version: 1, lesson: 'network', title: 'My class',
    steps: [
      { title: 'Look', text: 'Three networks.', link: '#v=1&seed=2&n=12&t=2000&speed=1&play=1', highlight: '#ratings', node: false },
      { title: 'Break it', text: 'Fail the server.', link: null, highlight: 'client-server S0', node: true, action: 'cxS0',
        until: { text: 'client-server.reachable_fraction = 0', name: 'client-server.reachable_fraction', op: '=', value: 0 }, done: 'Gone.' },
    ],
  };
  const url = `${env.server.url}?tour=1&step=2#tour=${encodeURIComponent(JSON.stringify(mine))}`;
  const { page, context, errors } = await open(url, '.node-ctl');
  await page.waitForSelector('#tour h2');
  let c = await card(page);
  assert.equal(c.title, 'Break it');
  assert.match(c.hash, /^#tour=/);
  await page.waitForFunction(() => /12 participants/.test(document.querySelector('.lede')?.textContent));
  await press(page, 'tour-show');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true');
  c = await card(page);
  assert.equal(c.status, '✓ Gone.');
  assert.match(c.hash, /^#tour=/, 'acting wrote the scenario over the tour in the address');
  // The address still carries the tour and its step: reloading opens it there.
  await page.reload();
  await page.waitForSelector('#tour h2');
  c = await card(page);
  assert.equal(c.step, 2);
  assert.equal(c.title, 'Break it');
  // Another tour pasted into the address opens in its place.
  const other = { ...mine, title: 'Another class', steps: [{ ...mine.steps[0], title: 'Elsewhere' }] };
  await page.evaluate((h) => { location.hash = h; }, `#tour=${encodeURIComponent(JSON.stringify(other))}`);
  await page.waitForFunction(() => document.querySelector('#tour h2')?.textContent === 'Elsewhere');
  assert.match((await card(page)).hash, /^#tour=.*Another/);
  assert.deepEqual(errors, []);
  await context.close();

  // A broken tour: a message, the page keeps working.
  const broken = await open(`${env.server.url}?tour=1#tour=%7B%22format%22%3A`, '.node-ctl');
  await broken.page.waitForSelector('#tour [role=alert]');
  assert.match(await broken.page.locator('#tour [role=alert]').innerText(), /not readable/);
  assert.ok(await broken.page.locator('.node-ctl').count() > 0);
  // The page takes its address back; closing the message returns focus to the page.
  await broken.page.waitForFunction(() => location.hash.includes('v=1'));
  await broken.page.click('#tour button');
  assert.equal(await broken.page.evaluate(() => document.activeElement?.className), 'tour-start');
  const typo = structuredClone(mine);
  typo.steps[1].until.name = 'client-server.reachable_fractoin';
  const misnamed = await open(`${env.server.url}?tour=1#tour=${encodeURIComponent(JSON.stringify(typo))}`, '.node-ctl');
  await misnamed.page.waitForSelector('#tour [role=alert]');
  assert.match(await misnamed.page.locator('#tour [role=alert]').innerText(), /does not measure/);
  await misnamed.context.close();
  const wrong = await open(`${env.server.url}consensus/?tour=1#tour=${encodeURIComponent(JSON.stringify(mine))}`, 'canvas.net');
  await wrong.page.waitForSelector('#tour [role=alert]');
  assert.match(await wrong.page.locator('#tour [role=alert]').innerText(), /for the network lesson/);
  await broken.context.close();
  await wrong.context.close();
});

test('leaving the tour leaves the scenario as it is', async () => {
  const { page, context, errors } = await open(`${env.server.url}?tour=1&step=2`, '.node-ctl');
  await page.waitForSelector('#tour .tour-show');
  await press(page, 'tour-show');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true');
  // Undone (the server recovered from the network's own control): the step says so.
  await page.locator('#panel-client-server .node-ctl').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'false');
  assert.match((await card(page)).status, /Look at: server S0/);
  await page.focus('#tour .tour-show');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true');
  // Esc leaves the tour from the network too, not only from the card.
  await page.locator('#panel-p2p .node-ctl').first().focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('tour'));
  // The scenario, with the server's failure, is back in the address; the page shows it.
  await page.waitForFunction(() => /a=cxS0@\d+/.test(location.hash));
  assert.doesNotMatch(await page.evaluate(() => location.search), /tour/);
  assert.match(await page.locator('#panel-client-server').innerText(), /cut off/i);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds nothing with the tour open (${scheme})`, async () => {
    for (const { path, ready } of LESSONS) {
      const { page, context, errors } = await open(`${env.server.url}${path}?tour=1&step=2`, ready, { scheme });
      await page.waitForSelector('#tour h2');
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${path || 'first page'}: ${JSON.stringify(violations, null, 1)}`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test('the card fits a 320×240 embed', async () => {
  for (const { path, ready } of LESSONS) {
    const { page, context, errors } = await open(`${env.server.url}${path}?embed=1&tour=1`, ready, { width: 320, height: 240 });
    await page.waitForSelector('#tour h2');
    const box = await page.evaluate(() => {
      const r = document.getElementById('tour').getBoundingClientRect();
      const next = document.querySelector('#tour .tour-next').getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, next: next.bottom, scroll: document.documentElement.scrollWidth };
    });
    assert.ok(box.left >= 0 && box.right <= 320 && box.top >= 0 && box.bottom <= 240, JSON.stringify(box));
    assert.ok(box.scroll <= 320, `sideways scroll: ${box.scroll}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('G goes from the card to what the step points at and back; done by a key on the node, focus goes to Next', async () => {
  const { page, context, errors } = await open(`${env.server.url}?tour=1&step=2`, '.node-ctl');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.step === '2');
  await page.waitForFunction(() => /Look at: /.test(document.getElementById('tour-status')?.textContent));
  assert.ok((await card(page)).focusInCard);
  await page.keyboard.press('g');
  const at = () => page.evaluate(() => `${document.activeElement?.closest('section')?.id} ${document.activeElement?.dataset?.node}`);
  assert.equal(await at(), 'panel-client-server S0');
  // Failing the server from its own control completes the step: focus goes to Next.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('tour')?.dataset.reached === 'true', null, { timeout: 30_000 });
  await page.waitForFunction(() => /tour-next/.test(document.activeElement?.className ?? ''));
  // And G from the page comes back to the card.
  await page.keyboard.press('g');
  assert.equal(await at(), 'panel-client-server S0');
  await page.keyboard.press('g');
  assert.ok((await card(page)).focusInCard);
  assert.deepEqual(errors, []);
  await context.close();
});
