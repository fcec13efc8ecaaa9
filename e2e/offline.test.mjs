// Offline use and the script policy: after a first visit each page reloads and runs with the
// network off (its tour too); a page's worker answers for its own files only; no page runs an
// inline script; a new release replaces the cache on the next online visit and says so; each
// page's single-file download runs from a folder over file://, its tour and the links between
// lessons included.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, serve, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

/** Opens `url` in a fresh context and waits until the page's worker controls it. */
async function visit(base, path) {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  return { context, page, errors };
}

const clock = (page) => page.locator('.clock').first().innerText();

for (const [path, ready] of [['', '.node-ctl'], ['consensus/', 'canvas.net'], ['timing/', 'canvas.clocks']]) {
  test(`offline, a reload of the ${path || 'first'} page runs it, and its tour opens`, async () => {
    const { context, page, errors } = await visit(env.server.url, path);
    await page.waitForSelector(ready);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector(ready);
    const before = await clock(page);
    await page.waitForTimeout(1200);
    assert.notEqual(await clock(page), before, 'the clock moves');
    await page.click('.tour-start');
    await page.waitForSelector('.tour-card');
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
    await context.close();
  });
}

test("a page's worker answers for its own files only", async () => {
  const { context, page } = await visit(env.server.url, '');
  await context.setOffline(true);
  // The consensus page was never visited: the first page's worker does not serve it.
  const failed = await page.goto(`${env.server.url}consensus/`).then(() => false, () => true);
  assert.ok(failed, 'the consensus page opened offline without a visit');
  await context.close();
});

test('no page runs an inline script, and the policy forbids them', async () => {
  for (const dir of [DIST, join(DIST, 'consensus'), join(DIST, 'timing')]) {
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const policy = html.match(/script-src ([^;"]*)/)[1];
    assert.ok(!policy.includes("'unsafe-inline'"), `${dir}: ${policy}`);
    for (const tag of html.match(/<script[^>]*>/g)) assert.match(tag, /src=/, `${dir}: ${tag}`);
  }
  const { context, page } = await visit(env.server.url, 'timing/');
  const violations = await page.evaluate(() => new Promise((ok) => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    setTimeout(() => ok(seen), 500);
  }));
  assert.deepEqual(violations, []);
  await context.close();
});

test('a new release replaces the cache on the next online visit, and the page says so quietly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'archsim-release-'));
  await cp(DIST, dir, { recursive: true });
  const site = await serve(dir);
  try {
    const { context, page } = await visit(site.url, 'timing/');
    const first = await page.evaluate(() => caches.keys());
    assert.equal(first.filter((k) => k.startsWith('archsim-timing-')).length, 1);
    // The next release: other files, so another cache name.
    const sw = join(dir, 'timing', 'sw.js');
    const text = await readFile(sw, 'utf8');
    const next = text.replace(/(CACHE\s*=\s*PREFIX\s*\+\s*["'])([0-9a-f]+)(["'])/, '$1$2next$3');
    assert.notEqual(next, text, 'the worker names its cache');
    await writeFile(sw, next);
    await page.reload();
    await page.waitForSelector('.sw-note', { timeout: 30_000 });
    assert.match(await page.locator('.sw-note').innerText(), /new version/);
    assert.equal(await page.locator('.sw-note').getAttribute('role'), 'status');
    const now = await page.evaluate(() => caches.keys());
    const ours = now.filter((k) => k.startsWith('archsim-timing-'));
    assert.deepEqual(ours, [`${first.find((k) => k.startsWith('archsim-timing-'))}next`]);
    await context.close();
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// ---- the single-file downloads ----

const LESSONS = [['network', '', '.node-ctl'], ['consensus', 'consensus/', 'canvas.net'], ['timing', 'timing/', 'canvas.clocks']];

/** The downloads copied alone into a fresh folder, as onto a USB stick. */
async function stick() {
  const dir = await mkdtemp(join(tmpdir(), 'archsim-stick-'));
  for (const [name] of LESSONS) await cp(join(DIST, 'download', `archsim-${name}.html`), join(dir, `archsim-${name}.html`));
  return dir;
}

test('each page links to its single-file download, and the file is there', async () => {
  for (const [name, path] of LESSONS) {
    const html = await readFile(join(DIST, path, 'index.html'), 'utf8');
    const link = html.match(/class="?download"?>[^<]*<a ([^>]*)>/)?.[1] ?? '';
    assert.match(link, /(^| )download( |$)/, 'the link downloads');
    const href = link.match(/href="?([^" >]+)/)?.[1];
    assert.ok(href, `${path || 'the first page'} has no download link`);
    assert.equal(join(DIST, path, href), join(DIST, 'download', `archsim-${name}.html`));
  }
});

for (const [name, , ready] of LESSONS) {
  test(`the ${name} page's single file runs from a folder over file://, with no network, its tour too`, async () => {
    const dir = await stick();
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.setOffline(true);
    await context.addInitScript(() => {
      window.refused = [];
      document.addEventListener('securitypolicyviolation', (e) => window.refused.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const errors = [];
    const fetched = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`file://${dir}/archsim-${name}.html`);
    await page.waitForSelector(ready);
    const before = await clock(page);
    await page.waitForTimeout(1200);
    assert.notEqual(await clock(page), before, 'the clock moves');
    await page.click('.tour-start');
    await page.waitForSelector('#tour h2');
    // The tour's own style came from the file.
    assert.equal(await page.locator('#tour').evaluate((e) => getComputedStyle(e).position), 'fixed');
    // And the tour editor, which imports the card's script.
    await page.keyboard.press('Escape');
    await page.click('.tour-write');
    await page.waitForSelector('#tour-editor .te-add');
    // Every refusal of the file's policy, from its first byte on.
    assert.deepEqual(await page.evaluate(() => window.refused), []);
    assert.deepEqual(errors, []);
    const outside = fetched.filter((u) => !/^(file|blob|data):/.test(u));
    assert.deepEqual(outside, [], 'nothing fetched from a network');
    assert.equal(fetched.filter((u) => u.startsWith('file:')).length, 1, `only the file itself: ${fetched.join(' ')}`);
    await context.close();
    await rm(dir, { recursive: true });
  });
}

test("a single file's link to another lesson opens that lesson's file beside it", async () => {
  const dir = await stick();
  const page = await env.browser.newPage();
  await page.goto(`file://${dir}/archsim-consensus.html`);
  await page.waitForSelector('canvas.net');
  await page.click('#to-lesson-3');
  await page.waitForSelector('canvas.clocks');
  assert.equal(page.url().split('#')[0], `file://${dir}/archsim-timing.html`);
  await page.click('#to-lesson-1');
  await page.waitForSelector('.node-ctl');
  assert.equal(page.url().split('#')[0], `file://${dir}/archsim-network.html`);
  await page.close();
  await rm(dir, { recursive: true });
});
