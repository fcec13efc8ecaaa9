// Makes each built page under dist/ work offline and run with no inline script. Run by `make
// dist` after minify-js.mjs, for each page's directory:
// - the loader Trunk writes inline moves into start-<hash>.js (with its integrity hash), and the
//   page's content security policy drops 'unsafe-inline' for scripts;
// - start.js registers sw.js, a service worker that caches the page's own files (its HTML,
//   wasm, glue, styles, tours and translations; never another page's or another site's) on the first visit
//   and answers from that cache, so a reload with the network off runs the page;
// - sw.js names its cache after a hash of those files: a new release installs a new cache on
//   the next online visit, drops the old one and tells the open page, which says so quietly.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languages, PRELUDE, translations } from './i18n-files.mjs';

// Both files it writes are minified as the glue is (terser, installed into .tools/).
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { minify } = createRequire(join(root, '.tools', 'node_modules', 'x.js'))('terser');
const small = async (code, module) => (await minify(code, { module, compress: { passes: 2 }, mangle: true })).code;

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

// What the page runs after Trunk's loader: register the worker, and say when it updated the page.
const REGISTER = `
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data !== 'archsim-updated' || document.querySelector('.sw-note')) return;
    const note = document.createElement('p');
    note.className = 'sw-note';
    note.setAttribute('role', 'status');
    note.textContent = 'A new version of this page is ready: reload to use it.';
    document.body.append(note);
  });
  navigator.serviceWorker.register('./sw.js').catch(() => {});
}
`;

const worker = (name, version, files) => `// archsim's offline copy of this page (written by scripts/offline.mjs).
const PREFIX = 'archsim-${name}-';
const CACHE = PREFIX + '${version}';
const FILES = ${JSON.stringify(files)};
const scope = () => new URL(self.registration.scope);
const own = () => new Set(FILES.map((f) => new URL(f, scope()).href));

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    const old = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
    await Promise.all(old.map((k) => caches.delete(k)));
    await self.clients.claim();
    if (old.length) for (const c of await self.clients.matchAll()) c.postMessage('archsim-updated');
  })());
});

self.addEventListener('fetch', (e) => {
  if (e.request.method !== 'GET') return;
  const url = new URL(e.request.url);
  let key = url.origin + url.pathname;
  if (key.endsWith('/index.html')) key = key.slice(0, -'index.html'.length);
  if (!own().has(key)) return;
  e.respondWith(
    caches.open(CACHE)
      .then((c) => c.match(key))
      .then((hit) => hit || fetch(e.request)),
  );
});
`;

for (const dir of process.argv.slice(2)) {
  const htmlPath = join(dir, 'index.html');
  let html = await readFile(htmlPath, 'utf8');
  const open = html.indexOf('<script type=module>');
  if (open < 0) throw new Error(`${htmlPath}: no inline loader found`);
  const close = html.indexOf('</script>', open);
  const loader = html.slice(open + '<script type=module>'.length, close);
  const prelude = PRELUDE.replace('__SHIPPED__', JSON.stringify(await languages(dir)));
  const start = await small(`${prelude}\n${loader}\n${REGISTER}`, true);
  const startName = `start-${createHash('sha256').update(start).digest('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, startName), start);
  html = `${html.slice(0, open)}<script type=module src=./${startName} integrity=${sri(start)}></script>${html.slice(close + '</script>'.length)}`;
  if (html.includes('<script>') || /<script type=module>/.test(html)) throw new Error(`${htmlPath}: an inline script is left`);
  const csp = html.match(/script-src ([^;"]*)/);
  if (!csp) throw new Error(`${htmlPath}: no script-src in its content security policy`);
  html = html.replace(csp[0], `script-src ${csp[1].split(' ').filter((s) => s !== "'unsafe-inline'").join(' ')}`);
  await writeFile(htmlPath, html);

  const files = (await readdir(dir, { withFileTypes: true }))
    // (the embed card's oEmbed answer and preview are for other sites, not the page)
    .filter((e) => e.isFile() && !['sw.js', 'oembed.json', 'preview.png'].includes(e.name))
    .map((e) => e.name)
    .concat(await translations(dir, html.match(/data-lesson=["']?([\w-]+)/)[1]))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(join(dir, f)));
  const version = hash.digest('hex').slice(0, 16);
  const name = dir.replace(/\/+$/, '').split('/').pop();
  const cached = files.map((f) => (f === 'index.html' ? './' : f));
  await writeFile(join(dir, 'sw.js'), await small(worker(name, version, cached), false));
  console.log(`offline: ${dir} caches ${files.length} files as version ${version}`);
}
