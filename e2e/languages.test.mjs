// Languages: a link's `?lang=` opens a page in that language (`<html lang dir>` following it,
// numbers written its way); the picker opens the page again in the chosen language at the same
// scenario and the other lessons follow; the browser's language is taken when shipped; a
// language not shipped, or one whose files cannot load, leaves the page in English and says
// why; links and embeds keep the language; offline and the single file carry the translations.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, suite } from './harness.mjs';

const env = suite(90_000);
const { test } = env;

const PAGES = [['network', '', '.node-ctl'], ['consensus', 'consensus/', 'canvas.net'], ['timing', 'timing/', 'canvas.clocks']];

/** The messages of `lang`'s file `file`, by key (single-line values only). */
async function messages(lang, file) {
  const text = await readFile(join(ROOT, 'i18n', lang, file), 'utf8');
  const out = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([a-z][\w-]*) = (.*)$/);
    if (m && !m[2].includes('{')) out[m[1]] = m[2];
  }
  return out;
}

async function open(path, { locale, errors = [] } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.server.url}${path}`);
  return { context, page, errors };
}

const root = (page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

for (const [lesson, path, ready] of PAGES) {
  for (const [lang, dir] of [['es', 'ltr'], ['ja', 'ltr'], ['ar', 'rtl']]) {
    test(`the ${lesson} page opens in ${lang} from its link, every shared word translated`, async () => {
      const { context, page, errors } = await open(`${path}?lang=${lang}`);
      await page.waitForSelector(ready);
      assert.deepEqual(await root(page), [lang, dir]);
      const shell = await messages(lang, 'shell.ftl');
      const own = await messages(lang, `${lesson}.ftl`);
      assert.equal((await page.locator('.tour-start').first().innerText()).trim(), shell['take-tour']);
      assert.equal(await page.locator('#timeline-title').innerText(), shell.timeline);
      assert.equal(await page.locator('label[for=language]').innerText(), shell.language);
      assert.equal(await page.locator('#language').inputValue(), lang);
      assert.ok((await page.locator('h1').innerText()).includes(own.title), 'the page title is the page\'s own message');
      // No message key shows in place of its words.
      const english = { ...(await messages('en', 'shell.ftl')), ...(await messages('en', `${lesson}.ftl`)) };
      const text = await page.locator('body').innerText();
      const raw = Object.keys(english).filter((k) => k.includes('-') && new RegExp(`(^|\\s)${k}(\\s|$)`).test(text));
      assert.deepEqual(raw, []);
      // The shortcuts dialog: every row is a message of this language.
      await page.keyboard.press('?');
      await page.waitForSelector('#shortcuts');
      const rows = await page.locator('#shortcuts dd').allInnerTexts();
      const keys = Object.keys(own).filter((k) => /^key-\d+$/.test(k)).length;
      assert.equal(rows.length, keys);
      assert.ok(rows.every((r) => Object.values(own).includes(r)), rows.join(' | '));
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('the timing page is translated through its body: controls, drawings, ledger, measured rows, settings', async () => {
  for (const lang of ['es', 'ja', 'ar']) {
    const { context, page, errors } = await open(`timing/?lang=${lang}#v=1&seed=3&t=30000&play=0`);
    await page.waitForSelector('canvas.clocks');
    const own = await messages(lang, 'timing.ftl');
    const shell = await messages(lang, 'shell.ftl');
    assert.equal(await page.locator('#ledger-title').innerText(), own['ledger-title']);
    assert.equal(await page.locator('#measured-title').innerText(), own['measured-title']);
    assert.ok([shell.play, shell.pause].includes((await page.locator('#play').innerText()).trim()));
    const rules = await page.locator('#rule option').allInnerTexts();
    assert.deepEqual(rules, ['arrival', 'physical', 'lamport', 'causal', 'sequencer'].map((r) => own[`rule-${r}`]));
    assert.equal(await page.locator('#row-bound th').innerText(), own['bound-label']);
    assert.equal(await page.locator('#settings summary').innerText(), shell.settings);
    // Nothing of the English body is left.
    const en = await messages('en', 'timing.ftl');
    const body = await page.locator('main').innerText();
    const left = ['ledger-intro', 'bound-why', 'col-balances', 'pick-event', 'within-5'].filter((k) => body.includes(en[k]));
    assert.deepEqual(left, []);
    // A chosen event is explained in the language too (the words after its vector).
    await page.goto(`${env.server.url}timing/?lang=${lang}#l=timing&v=1&seed=1&t=8100&play=0`);
    await page.waitForSelector('canvas.clocks');
    await page.focus('#diagram .stage');
    await page.keyboard.press('ArrowLeft');
    const template = (await readFile(join(ROOT, 'i18n', lang, 'timing.ftl'), 'utf8')).match(/^chosen-event = (.*)$/m)[1];
    const fixed = template.split('{ $v }')[1].split('{')[0];
    await page.waitForFunction((f) => document.querySelector('#event').innerText.includes(f), fixed);
    assert.ok(!(await page.locator('#event').innerText()).includes('happened before it'));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('numbers follow the language: a decimal comma in Spanish, a point in English', async () => {
  for (const [lang, sep] of [['es', ','], ['en', '.']]) {
    const { context, page } = await open(`?lang=${lang}#v=1&seed=1&t=2500&speed=0.25&play=0`);
    await page.waitForSelector('.node-ctl');
    const out = await page.locator('output[for=time]').innerText();
    assert.match(out, new RegExp(`^2\\${sep}5 s / `), out);
    await context.close();
  }
});

test('plural and number forms in each language for 0, 1, 2, 5 and 1.5: the browser\'s rules are the ones the files are written for', async () => {
  // The page picks a message's plural variant by the category the browser's Intl gives
  // (`archsimPlural`), and writes numbers with `archsimNumber`; every variant the files use
  // must be one the language's rules can give, and the rules must give what the files expect.
  const { context, page } = await open('timing/?lang=ar');
  await page.waitForSelector('canvas.clocks');
  const got = await page.evaluate(() => Object.fromEntries(['en', 'es', 'ja', 'ar'].map((code) => [code, {
    plural: [[0, 0], [1, 0], [2, 0], [5, 0], [1.5, 1]].map(([v, d]) => window.archsimPlural(code, v, d)),
    number: [[0, 0], [1, 0], [2, 0], [5, 0], [1.5, 1]].map(([v, d]) => window.archsimNumber(code, v, d)),
  }])));
  assert.deepEqual(got.en.plural, ['other', 'one', 'other', 'other', 'other']);
  assert.deepEqual(got.es.plural, ['other', 'one', 'other', 'other', 'other']);
  assert.deepEqual(got.ja.plural, ['other', 'other', 'other', 'other', 'other']);
  assert.deepEqual(got.ar.plural, ['zero', 'one', 'two', 'few', 'other']);
  assert.deepEqual(got.en.number, ['0', '1', '2', '5', '1.5']);
  assert.deepEqual(got.es.number, ['0', '1', '2', '5', '1,5']);
  assert.deepEqual(got.ja.number, ['0', '1', '2', '5', '1.5']);
  // (Arabic as the browser writes it by default: Western digits and a point.)
  assert.deepEqual(got.ar.number, ['0', '1', '2', '5', '1.5']);
  // Every plural variant a shipped file names is a category its language can give.
  const can = { en: ['one', 'other'], es: ['one', 'many', 'other'], ja: ['other'], ar: ['zero', 'one', 'two', 'few', 'many', 'other'] };
  for (const code of Object.keys(can)) {
    for (const file of ['shell.ftl', 'network.ftl', 'consensus.ftl', 'timing.ftl']) {
      const text = await readFile(join(ROOT, 'i18n', code, file), 'utf8');
      const used = [...text.matchAll(/^\s*\*?\[(zero|one|two|few|many|other)\]/gm)].map((m) => m[1]);
      for (const cat of used) assert.ok(can[code].includes(cat), `${code}/${file} uses [${cat}]`);
    }
  }
  // And on the page: the clocks' heading counts its strata in the form for the number.
  assert.match(await page.locator('#clocks-title').innerText(), /طبقتان/);
  await page.goto(`${env.server.url}timing/?lang=en#l=timing&v=1&strata=1`);
  await page.waitForSelector('canvas.clocks');
  assert.match(await page.locator('#clocks-title').innerText(), /, 1 stratum of servers$/);
  await context.close();
});

test('the picker opens the page again in the chosen language at the same scenario, and the other lessons follow', async () => {
  const { context, page, errors } = await open('#v=1&seed=7&n=12&t=4000&speed=0.25&play=0');
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  await page.waitForTimeout(500); // (the page writes its scenario's link)
  const before = new URL(page.url()).hash;
  await Promise.all([page.waitForNavigation(), page.selectOption('#language', 'ar')]);
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['ar', 'rtl']);
  await page.waitForTimeout(500);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('lang'), 'ar');
  assert.equal(url.hash, before, 'the same scenario, at the same moment');
  // The share link and the embed code keep the language.
  assert.match(await page.locator('#share-link').inputValue(), /\?lang=ar#v=1&seed=7&n=12/);
  assert.match(await page.locator('#share-embed').inputValue(), /\?embed=1&lang=ar#/);
  // Another lesson, opened by its plain link, opens in the reader's choice.
  await page.click('#to-lesson-2');
  await page.waitForSelector('canvas.net');
  assert.deepEqual(await root(page), ['ar', 'rtl']);
  // And English again, from the picker.
  await Promise.all([page.waitForNavigation(), page.selectOption('#language', 'en')]);
  await page.waitForSelector('canvas.net');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the browser's language is taken when shipped, English otherwise", async () => {
  for (const [locale, lang] of [['ja-JP', 'ja'], ['es-MX', 'es'], ['fr-FR', 'en']]) {
    const { context, page } = await open('', { locale });
    await page.waitForSelector('.node-ctl');
    assert.equal((await root(page))[0], lang, locale);
    await context.close();
  }
});

test('a language not shipped leaves the page in English and the notice says so', async () => {
  const { context, page } = await open('?lang=xx');
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  const notice = await page.locator('#link-notice').innerText();
  assert.match(notice, /lang/);
  assert.match(notice, /xx/);
  await context.close();
});

test("a language whose files cannot load leaves the page in English and says why", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  await context.route('**/i18n/ja/**', (r) => r.fulfill({ status: 404, body: 'gone' }));
  const page = await context.newPage();
  await page.goto(`${env.server.url}?lang=ja`);
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  const notice = await page.locator('#link-notice').innerText();
  assert.match(notice, /日本語 could not be loaded/);
  assert.match(notice, /404/);
  await context.close();
});

test('a translation file that is not compiled messages leaves the page in English and says so', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  await context.route('**/i18n/es/network.msg', (r) => r.fulfill({ status: 200, body: 'copy-link = Copiar enlace\n' }));
  const page = await context.newPage();
  await page.goto(`${env.server.url}?lang=es`);
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  assert.match(await page.locator('#link-notice').innerText(), /Español could not be loaded \(i18n\/es\/network\.msg: not a message file\)/);
  await context.close();
});

test("a translation built for another version of the page (a stale cache, say) leaves the page in English and says so", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  // Messages in the right form, but fewer than this page's English has: not aligned with it.
  await context.route('**/i18n/es/network.msg', (r) => r.fulfill({ status: 200, body: '\x1eCopiar enlace\x1eCompartir' }));
  const page = await context.newPage();
  await page.goto(`${env.server.url}?lang=es`);
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  assert.match(await page.locator('#link-notice').innerText(), /Español could not be loaded \(i18n\/es: not messages for this version of the page\)/);
  assert.equal((await page.locator('.tour-start').first().innerText()).trim(), 'Take the tour');
  await context.close();
});

test("a page's own file answered with another page (a host's fallback) leaves the page in English and says so", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  await context.route('**/i18n/es/network.msg', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>Not here</p>' }));
  const page = await context.newPage();
  await page.goto(`${env.server.url}?lang=es`);
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['en', 'ltr']);
  assert.match(await page.locator('#link-notice').innerText(), /network\.msg: not a message file/);
  await context.close();
});

test('an embed opens in the language its address names', async () => {
  const { context, page } = await open('?embed=1&lang=es');
  await page.waitForSelector('.node-ctl');
  assert.deepEqual(await root(page), ['es', 'ltr']);
  const shell = await messages('es', 'shell.ftl');
  assert.equal((await page.locator('.tour-start').first().innerText()).trim(), shell['embed-tour']);
  await context.close();
});

/** The card's words and the step's title as the reader sees them. */
const cardNow = (page) => page.evaluate(() => {
  const c = document.getElementById('tour');
  const text = (s) => c.querySelector(s)?.textContent.trim() ?? null;
  return {
    step: c.dataset.step,
    title: text('h2'),
    count: text('.tour-count'),
    keys: text('.tour-keys'),
    next: text('.tour-next'),
    back: text('.tour-back'),
    show: text('.tour-show'),
    status: text('.tour-status'),
    close: c.querySelector('.tour-close')?.getAttribute('aria-label'),
    dir: getComputedStyle(c).direction,
  };
});

for (const [lesson, path, ready] of PAGES) {
  test(`the ${lesson} tour opens in the page's language: its steps and its card, with English's links and claims`, async () => {
    for (const [lang, dir] of [['es', 'ltr'], ['ar', 'rtl']]) {
      const { context, page, errors } = await open(`${path}?lang=${lang}&tour=1`);
      await page.waitForSelector(ready);
      await page.waitForSelector('#tour .tour-next');
      const words = await messages(lang, 'tour/card.ftl');
      const own = await messages(lang, `tour/${lesson}.ftl`);
      const english = await messages('en', `tour/${lesson}.ftl`);
      let card = await cardNow(page);
      assert.equal(card.step, '1');
      assert.equal(card.title, own['step-1-title']);
      assert.notEqual(card.title, english['step-1-title']);
      assert.ok(card.count.startsWith(own.title), card.count);
      assert.equal(card.keys, words.keys);
      assert.equal(card.back, words.back);
      assert.ok([words.next, words.finish].includes(card.next), card.next);
      assert.equal(card.close, words.leave);
      assert.equal(card.dir, dir);
      assert.equal(await page.locator('#tour .tour-text').innerText(), own['step-1-text']);
      // The translated tour the page fetched opens, acts on and checks what the English one
      // does: only its words differ.
      const tour = JSON.parse(await readFile(join(ROOT, 'tours', `${lesson}.json`), 'utf8'));
      const built = JSON.parse(await readFile(join(DIST, path, 'i18n', lang, `${lesson}.tour.json`), 'utf8')).tour;
      const deed = (t) => t.steps.map(({ link, action, until, highlight, node, shown }) => ({ link, action, until, highlight, node, shown }));
      assert.deepEqual(deed(built), deed(tour));
      assert.equal(built.steps.length, tour.steps.length);
      // The first step with an action: Show me does it, and the step says it is done in the
      // language.
      const k = tour.steps.findIndex((s) => s.action);
      await page.goto(`${env.server.url}${path}?lang=${lang}&tour=1&step=${k + 1}`);
      await page.waitForSelector(`#tour[data-step="${k + 1}"] .tour-show`);
      card = await cardNow(page);
      assert.equal(card.title, own[`step-${k + 1}-title`]);
      assert.equal(card.show, words['show-me']);
      await page.click('#tour .tour-show');
      await page.waitForSelector('#tour[data-reached="true"]', { timeout: 60_000 });
      await page.waitForFunction((t) => document.querySelector('#tour .tour-status').textContent.includes(t), own[`step-${k + 1}-done`], { timeout: 10_000 });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test("a tour whose translation cannot load opens in English; a tour in a link gets the card's words in the page's language", async () => {
  // (With no worker: the page's own would answer from the copy it cached on the first visit.)
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.route('**/i18n/es/consensus.tour.json', (r) => r.abort());
  await page.goto(`${env.server.url}consensus/?lang=es`);
  await page.waitForSelector('canvas.net');
  await page.click('.tour-start');
  await page.waitForSelector('#tour .tour-next');
  const english = await messages('en', 'tour/consensus.ftl');
  let card = await cardNow(page);
  assert.deepEqual(await root(page), ['es', 'ltr']);
  assert.equal(card.title, english['step-1-title']);
  assert.equal(card.back, '‹ Back');
  await context.close();
  // A teacher's own tour, carried in the link: its words as written, the card's in Spanish.
  const own = { format: 'archsim-tour', version: 1, lesson: 'timing', title: 'Mi visita', steps: [{ title: 'Uno', text: 'Texto.', link: '#l=timing&v=1&seed=3' }] };
  const second = await open(`timing/?lang=es&tour=1#tour=${encodeURIComponent(JSON.stringify(own))}`);
  await second.page.waitForSelector('#tour .tour-next');
  card = await cardNow(second.page);
  const words = await messages('es', 'tour/card.ftl');
  assert.equal(card.title, 'Uno');
  assert.equal(card.next, words.finish);
  assert.equal(card.back, words.back);
  assert.ok(card.count.startsWith('Mi visita'), card.count);
  await second.context.close();
});

test("the tour editor speaks the page's language, and so does its check", async () => {
  const { context, page, errors } = await open('?lang=ar');
  await page.waitForSelector('.node-ctl');
  await page.click('.tour-write');
  await page.waitForSelector('#tour-editor .te-add');
  const words = await messages('ar', 'tour/editor.ftl');
  assert.equal(await page.locator('#tour-editor-title').innerText(), words.write);
  assert.equal(await page.locator('#tour-editor .te-hint').innerText(), words.hint);
  assert.equal(await page.locator('#tour-editor .te-add').innerText(), words['add-step']);
  assert.equal(await page.locator('#tour-editor .te-close').getAttribute('aria-label'), words['close-editor']);
  // A step kept as the page is, then checked: the verdict and the status line in Arabic.
  await page.click('#tour-editor .te-add');
  await page.fill('#tour-editor .te-title', 'خطوة');
  await page.fill('#tour-editor .te-text', 'نص');
  assert.equal(await page.locator('#tour-editor .te-keep').innerText(), words.keep);
  await page.click('#tour-editor .te-keep');
  await page.click('#tour-editor .te-check-all');
  await page.waitForSelector('#tour-editor .te-step.holds', { timeout: 60_000 });
  assert.equal(await page.locator('#tour-editor .te-verdict').innerText(), words.holds);
  assert.equal(await page.locator('#tour-editor-status').innerText(), words['one-holds']);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('tour-editor')).direction), 'rtl');
  assert.deepEqual(errors, []);
  await context.close();
});

test('offline, a page opened in a language reloads in it, and so does its tour', async () => {
  const { context, page } = await open('consensus/?lang=ja');
  await page.waitForSelector('canvas.net');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('canvas.net');
  assert.deepEqual(await root(page), ['ja', 'ltr']);
  assert.equal(await page.locator('#link-notice').count(), 0);
  await page.click('.tour-start');
  await page.waitForSelector('#tour .tour-next');
  assert.equal((await cardNow(page)).title, (await messages('ja', 'tour/consensus.ftl'))['step-1-title']);
  await context.close();
});

test("the single file carries its page's translations, over file:// with no network", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'archsim-lang-'));
  await cp(join(DIST, 'download'), dir, { recursive: true });
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.setOffline(true);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${dir}/archsim-timing.html?lang=ar`);
  await page.waitForSelector('canvas.clocks');
  assert.deepEqual(await root(page), ['ar', 'rtl']);
  assert.equal(await page.locator('#link-notice').count(), 0);
  // Its tour, in Arabic too.
  await page.click('.tour-start');
  await page.waitForSelector('#tour .tour-next');
  assert.equal((await cardNow(page)).title, (await messages('ar', 'tour/timing.ftl'))['step-1-title']);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true });
});
