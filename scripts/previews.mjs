// Draws the preview image of every embed card under dist/ (run by `make dist` after `archsim
// site`): for each oembed.json, the page its iframe shows, opened in headless Chromium at the
// preview's size and saved where its thumbnail_url points. A scenario's preview is what a
// reader sees after watching it for WATCHED_S seconds past its last scripted event (its link
// opens that much later); a page's or a tour's, the page a moment after it opens.
//   node scripts/previews.mjs DIST SITE_URL
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { launch, serve } from '../e2e/harness.mjs';

const [dist, site] = process.argv.slice(2);
if (!dist || !site) throw new Error('usage: node scripts/previews.mjs DIST SITE_URL');
const base = site.endsWith('/') ? site : `${site}/`;

async function* answers(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* answers(path);
    else if (e.name === 'oembed.json') yield path;
  }
}

const WATCHED_S = 20;

/** `target` with its scenario's time moved to the moment the preview shows. */
function moment(target) {
  const i = target.indexOf('#');
  if (i < 0) return target;
  const fragment = target.slice(i + 1);
  const field = (k) => fragment.split('&').find((kv) => kv.startsWith(`${k}=`))?.slice(k.length + 1);
  const speed = Number(field('speed') ?? 1);
  const times = (field('a') ?? '').split(',').map((a) => Number(a.split('@')[1] ?? 0));
  const t = Math.round(Math.max(Number(field('t') ?? 0), ...times) + WATCHED_S * 1000 * speed);
  const moved = /(^|&)t=\d+/.test(fragment) ? fragment.replace(/(^|&)t=\d+/, `$1t=${t}`) : `${fragment}&t=${t}`;
  return `${target.slice(0, i + 1)}${moved}`;
}

const local = (url, what) => {
  if (!url.startsWith(base)) throw new Error(`${what} ${url} is not under ${base}: run archsim site with the same address`);
  return url.slice(base.length);
};

const server = await serve(resolve(dist));
const browser = await launch();
let drawn = 0;
// Two pages at a time: most of each one's time is the moment it runs before its picture.
const files = [];
for await (const file of answers(dist)) files.push(file);
const draw = async (file) => {
  const card = JSON.parse(await readFile(file, 'utf8'));
  const src = card.html.match(/src="([^"]*)"/)[1].replaceAll('&amp;', '&');
  const target = local(src, `${relative(dist, file)}: its iframe`);
  const out = join(dist, local(card.thumbnail_url, `${relative(dist, file)}: its thumbnail`));
  const page = await browser.newPage({ viewport: { width: card.thumbnail_width, height: card.thumbnail_height } });
  await page.goto(server.url + moment(target));
  await page.waitForFunction(() => document.querySelector('#app canvas') || document.querySelector('#fatal'));
  if (await page.locator('#fatal').count()) throw new Error(`${target} crashed: ${await page.locator('#fatal').innerText()}`);
  // A moment of the scenario running, as a reader arriving sees it.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  await page.context().close();
  drawn += 1;
};
try {
  const worker = async () => {
    for (let file = files.shift(); file; file = files.shift()) await draw(file);
  };
  await Promise.all([worker(), worker()]);
} finally {
  await browser.close();
  await server.close();
}
console.log(`previews: ${drawn} images under ${dist}`);
