// Embedding by URL: every page, preset and tour has an embed card (oEmbed answer, Open Graph
// and Twitter player tags, a preview image), its address opens what it names, a real unfurler
// (metascraper, as link previews use it) finds the title, the image and the iframe, and
// `archsim serve` answers /oembed?url= for any scenario link.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before } from 'node:test';
import createMetascraper from 'metascraper';
import metaTitle from 'metascraper-title';
import metaImage from 'metascraper-image';
import metaIframe from 'metascraper-iframe';
import { DIST, ROOT, suite } from './harness.mjs';

const env = suite(120_000);
const PAGES = ['', 'consensus/', 'timing/'];

async function* answers(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* answers(path);
    else if (e.name === 'oembed.json') yield path;
  }
}

/** Every card under dist/: { dir (relative, ending in '/' or ''), card, html }. */
async function cards() {
  const all = [];
  for await (const file of answers(DIST)) {
    const dir = relative(DIST, join(file, '..'));
    all.push({
      dir: dir ? `${dir}/` : '',
      card: JSON.parse(await readFile(file, 'utf8')),
      html: await readFile(join(file, '..', 'index.html'), 'utf8'),
    });
  }
  return all;
}

/** The gallery of a built page: preset id → its link's fragment. */
async function gallery(page) {
  const html = await readFile(join(DIST, page, 'index.html'), 'utf8');
  const items = [...html.matchAll(/data-preset="?([\w-]+)"?><a href="?(#[^" >]*)/g)];
  return new Map(items.map(([, id, href]) => [id, href.replaceAll('&amp;', '&')]));
}

const iframeSrc = (html) => html.match(/<iframe src="([^"]*)"/)[1].replaceAll('&amp;', '&');
const meta = (html, key) => {
  const tag = [...html.matchAll(/<meta [^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`="${key}"`));
  return tag?.match(/content="([^"]*)"/)?.[1].replaceAll('&amp;', '&');
};
const discovery = (html) => html.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]*)"/)?.[1].replaceAll('&amp;', '&');

/** The width and height a PNG's header gives. */
const pngSize = (bytes) => {
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
};

env.test('every page, preset and tour has a card naming its own address, scenario and preview', async () => {
  const all = await cards();
  const site = all.find((c) => c.dir === '').card.provider_url;
  let presets = 0;
  for (const page of PAGES) {
    const g = await gallery(page);
    assert.ok(g.size >= 5, `${page || 'the first page'}: its gallery has ${g.size} presets`);
    presets += g.size;
    for (const [id, href] of g) {
      const c = all.find((x) => x.dir === `${page}s/${id}/`);
      assert.ok(c, `${page}s/${id}/ has a card`);
      assert.equal(iframeSrc(c.card.html), `${site}${page}?embed=1${href}`, `${id}: its embed shows its scenario`);
    }
    const tour = all.find((x) => x.dir === `${page}tour/`);
    assert.equal(iframeSrc(tour.card.html), `${site}${page}?embed=1&tour=1`);
    const own = all.find((x) => x.dir === page);
    assert.equal(iframeSrc(own.card.html), `${site}${page}?embed=1`);
  }
  assert.equal(all.length, PAGES.length * 2 + presets, 'one card per page, preset and tour, and no other');
  for (const { dir, card, html } of all) {
    assert.equal(card.version, '1.0');
    assert.equal(card.type, 'rich');
    assert.equal(card.provider_url, site);
    assert.ok(card.title.length > 10 && card.width > 0 && card.height > 0, `${dir}: ${JSON.stringify(card)}`);
    assert.match(card.html, new RegExp(`^<iframe src="${site}[^"]*embed=1[^"]*" width="${card.width}" height="${card.height}" title="[^"]+"`));
    assert.equal(discovery(html), `${site}${dir}oembed.json`, `${dir}: its head points to its oEmbed answer`);
    assert.equal(meta(html, 'og:url'), `${site}${dir}`);
    assert.equal(meta(html, 'og:image'), card.thumbnail_url);
    assert.equal(meta(html, 'twitter:card'), 'player');
    assert.equal(meta(html, 'twitter:player'), iframeSrc(card.html));
    assert.equal(meta(html, 'twitter:player:width'), String(card.width));
    assert.equal(card.thumbnail_url, `${site}${dir}preview.png`);
    const png = await readFile(join(DIST, dir, 'preview.png'));
    assert.deepEqual(pngSize(png), [card.thumbnail_width, card.thumbnail_height], `${dir}preview.png`);
  }
});

env.test('the previews show their page running, each its own scenario', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  const looks = new Map();
  for (const { dir } of await cards()) {
    // Colours in use, and how much of the image is not the page's background.
    const look = await page.evaluate(async (src) => {
      const img = await createImageBitmap(await (await fetch(src)).blob());
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, img.width, img.height).data;
      const colours = new Set();
      let ink = 0;
      for (let i = 0; i < d.length; i += 4 * 7) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 60) ink += 1;
      }
      return { colours: colours.size, ink: ink / (d.length / 28), sum: d.reduce((a, b) => (a * 31 + b) % 1e9, 0) };
    }, `${dir}preview.png`);
    assert.ok(look.colours > 40, `${dir}preview.png has ${look.colours} colours: is the page drawn?`);
    assert.ok(look.ink > 0.03, `${dir}preview.png is ${(look.ink * 100).toFixed(1)} % ink`);
    looks.set(dir, look.sum);
  }
  assert.equal(new Set(looks.values()).size, looks.size, 'no two previews are the same image');
  await page.close();
});

env.test('every preset\'s and every tour\'s address opens what it names', async () => {
  const page = await env.browser.newPage();
  for (const p of PAGES) {
    for (const [id, href] of await gallery(p)) {
      await page.goto(`${env.server.url}${p}s/${id}/`);
      await page.waitForURL((u) => u.hash !== '' && u.pathname.endsWith(`/${p}`));
      // The page keeps its address up to date as it plays: the scenario up to its time is the preset's.
      const stem = href.split('&t=')[0];
      assert.ok(stem.length > 40 && decodeURIComponent(new URL(page.url()).hash).startsWith(stem), `${id}: ${page.url()} is not ${href}`);
      await page.waitForSelector('#app canvas');
    }
    await page.goto(`${env.server.url}${p}tour/`);
    await page.waitForSelector('#tour h2');
    assert.match(page.url(), /\/\?tour=1(&|$)/);
  }
  await page.close();
});

// ---- archsim serve, and a real unfurler against it ----

let served;
let stop;
before(async () => {
  const child = spawn('cargo', ['run', '--quiet', '--bin', 'archsim', '--', 'serve', '--dist', DIST, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stop = () => child.kill();
  served = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/on (http:\/\/[^/\s]+\/)/);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`archsim serve stopped (${code}): ${out}`)));
  });
});
after(() => stop?.());

const unfurl = async (url) => {
  const html = await (await fetch(url)).text();
  return createMetascraper([metaTitle(), metaImage(), metaIframe()])({ url, html });
};

env.test('an unfurler finds the title, the image and the embed of a page, a preset and a tour', async () => {
  const [[id, href]] = [...(await gallery('timing/'))];
  const cases = [
    { url: `${served}timing/`, src: `${served}timing/?embed=1`, card: 'timing/' },
    { url: `${served}timing/s/${id}/`, src: `${served}timing/?embed=1${href}`, card: `timing/s/${id}/` },
    { url: `${served}consensus/tour/`, src: `${served}consensus/?embed=1&tour=1`, card: 'consensus/tour/' },
  ];
  for (const c of cases) {
    const found = await unfurl(c.url);
    const card = JSON.parse(await readFile(join(DIST, c.card, 'oembed.json'), 'utf8'));
    assert.equal(found.title, card.title, c.url);
    assert.equal(found.image, `${served}${c.card}preview.png`, c.url);
    assert.ok(found.iframe, `${c.url}: no embed found`);
    assert.equal(iframeSrc(found.iframe), c.src, c.url);
    const image = await fetch(found.image);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(Buffer.from(await image.arrayBuffer())), [1200, 630]);
  }
});

env.test('archsim serve answers oEmbed for any scenario link, and refuses what is not one', async () => {
  const oembed = (url, extra = '') => fetch(`${served}oembed?url=${encodeURIComponent(url)}${extra}`);
  const own = `${served}timing/?tour=1#l=timing&v=1&n=20&seed=7`;
  const r = await oembed(own, '&maxwidth=400&maxheight=300');
  assert.equal(r.status, 200);
  const card = await r.json();
  assert.equal(iframeSrc(card.html), `${served}timing/?embed=1&tour=1#l=timing&v=1&n=20&seed=7`);
  assert.deepEqual([card.width, card.height], [400, 300]);
  assert.equal((await oembed(`${served}index.html#v=1&seed=3`).then((x) => x.json())).html.includes(`src="${served}?embed=1#v=1&amp;seed=3"`), true);
  assert.equal((await oembed('https://elsewhere.example/timing/')).status, 404);
  assert.equal((await oembed(`${served}no-such-page/`)).status, 404);
  assert.equal((await oembed(`${served}timing/`, '&format=xml')).status, 501);
  assert.equal((await fetch(`${served}oembed`)).status, 400);
  const moved = await fetch(`${served}timing`, { redirect: 'manual' });
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/timing/');
  assert.equal((await fetch(`${served}..%2fCargo.toml`)).status, 403);
  assert.equal((await fetch(`${served}%2Fetc%2Fpasswd`)).status, 403, 'an absolute path is not served');
  const html = await (await fetch(`${served}timing/`)).text();
  assert.ok(html.includes(`href="${served}oembed?url=${encodeURIComponent(`${served}timing/`)}"`), 'the page points to the live answer');
  const wasm = (await readdir(join(DIST, 'timing'))).find((f) => f.endsWith('.wasm'));
  assert.equal((await fetch(`${served}timing/${wasm}`)).headers.get('content-type'), 'application/wasm');
});

env.test('the iframe an oEmbed answer gives runs the page in embed mode', async () => {
  const card = await (await fetch(`${served}oembed?url=${encodeURIComponent(`${served}consensus/s/partition/`)}`)).json();
  const page = await env.browser.newPage();
  // A course's page elsewhere, with nothing but the answer's html in it.
  await page.setContent(`<!doctype html><title>A course</title><h1>Partitions</h1>${card.html}`);
  const frame = page.frameLocator('iframe');
  await frame.locator('#app canvas').first().waitFor();
  await frame.getByText('Open the full view').first().waitFor();
  await page.close();
});
