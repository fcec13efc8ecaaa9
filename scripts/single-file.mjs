// Writes each built page as one HTML file that runs from a folder or a USB stick over file://
// (run by `make dist` last): dist/download/archsim-<lesson>.html.
//   node scripts/single-file.mjs DIST PAGE_DIR…
//
// A browser opening a file refuses to fetch its neighbours, module scripts included, so the file
// carries them all in one JSON block: the wasm (base64), its glue, the tour's scripts, styles
// and steps. A small loader turns each into a blob: URL (a script's './name' imports pointing
// to the others' blobs), answers the page's fetch of a carried file from it, starts the wasm
// from its bytes, then runs the tour's starter; a link to another lesson's page opens that
// lesson's file beside it. The content security policy allows that one
// loader by its hash, blob: modules and nothing from anywhere else.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { languages, PRELUDE, translations } from './i18n-files.mjs';

const [dist, ...dirs] = process.argv.slice(2);
if (!dist || !dirs.length) throw new Error('usage: node scripts/single-file.mjs DIST PAGE_DIR…');

// Runs in the page. FILES: name → { type, text } or { type, base64 }.
const LOADER = `
const FILES = JSON.parse(document.getElementById('archsim-files').textContent);
const urls = new Map();
const carried = (n) => Object.hasOwn(FILES, n);
const bytes = (f) => Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
const building = new Set();
const url = (name) => {
  if (!urls.has(name)) {
    const f = FILES[name];
    let body = f.base64 ? bytes(f) : f.text;
    // A script's imports of carried files go to their blobs (a cycle is left as it is).
    if (f.type === 'text/javascript') {
      building.add(name);
      body = body.replace(/(['"])\\.\\/([\\w.-]+)\\1/g, (m, q, n) => (carried(n) && !building.has(n) ? q + url(n) + q : m));
      building.delete(name);
    }
    urls.set(name, URL.createObjectURL(new Blob([body], { type: f.type })));
  }
  return urls.get(name);
};
// A carried file, however the page names it ('x.json', './x.json', its full address).
const here = new URL('.', location.href).href;
const own = (u) => {
  let href;
  try {
    href = new URL(String(u instanceof Request ? u.url : u), location.href).href;
  } catch {
    return null;
  }
  const name = href.startsWith(here) ? href.slice(here.length).split(/[?#]/)[0] : '';
  return carried(name) ? name : null;
};
const fetchFile = window.fetch.bind(window);
window.fetch = (u, o) => (own(u) ? fetchFile(url(own(u))) : fetchFile(u, o));
for (const [name, f] of Object.entries(FILES)) {
  if (f.type !== 'text/css') continue;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = url(name) + '#' + name; // (a page looking for its stylesheet by name finds it)
  document.head.append(link);
}
// A link to another lesson's page goes to that lesson's file beside this one, however it is
// opened (a click, a middle click, a new tab): its address is set right as it is pressed.
const onward = (e) => {
  const a = e.target.closest?.('a[href]');
  const href = a?.getAttribute('href');
  if (!href || a.hasAttribute('download') || /^([a-z]+:|#)/i.test(href)) return;
  const to = new URL(href, 'https://site/' + __HERE__);
  const file = __PAGES__[to.pathname.slice(1)];
  if (file) a.setAttribute('href', file + to.search + to.hash);
};
for (const kind of ['pointerdown', 'keydown', 'click', 'auxclick']) document.addEventListener(kind, onward, true);
${PRELUDE}
const bindings = await import(url(__GLUE__));
const wasm = await bindings.default({ module_or_path: bytes(FILES[__WASM__]) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
await import(url('tour-start.js'));
`;

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
const sha = (text) => `'sha384-${createHash('sha384').update(text).digest('base64')}'`;
const drop = (html, re, what) => {
  if (!re.test(html)) throw new Error(`no ${what} found to replace`);
  return html.replace(re, '');
};

await mkdir(join(dist, 'download'), { recursive: true });
const pages = {};
for (const dir of dirs) {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const path = relative(dist, dir);
  pages[path ? `${path}/` : ''] = `archsim-${html.match(/data-lesson=["']?([\w-]+)/)[1]}.html`;
}
for (const dir of dirs) {
  let html = await readFile(join(dir, 'index.html'), 'utf8');
  const lesson = html.match(/data-lesson=["']?([\w-]+)/)[1];
  const here = relative(dist, dir);
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const files = {};
  let glue;
  let wasm;
  const styles = [];
  for (const name of names.sort()) {
    const ext = name.slice(name.lastIndexOf('.'));
    if (['sw.js', 'oembed.json', 'index.html'].includes(name) || name.startsWith('start-') || !TYPES[ext]) continue;
    const body = await readFile(join(dir, name));
    if (ext === '.wasm') {
      wasm = name;
      files[name] = { type: TYPES[ext], base64: body.toString('base64') };
    } else if (ext === '.css' && html.includes(`href=./${name} `)) {
      const css = body.toString('utf8');
      if (/<\/style/i.test(css)) throw new Error(`${name} would end its <style> early`);
      styles.push(css); // the page's own styles: in its head, as built
    } else {
      if (name.endsWith('_bg.js') || (ext === '.js' && name.startsWith('archsim-'))) glue = name;
      files[name] = { type: TYPES[ext], text: body.toString('utf8') };
    }
  }
  for (const name of await translations(dir, lesson)) {
    files[name] = { type: 'text/plain; charset=utf-8', text: await readFile(join(dir, name), 'utf8') };
  }
  if (!glue || !wasm || !files['tour-start.js']) throw new Error(`${dir}: its wasm, glue or tour starter is missing`);
  const values = { GLUE: glue, WASM: wasm, PAGES: pages, HERE: here ? `${here}/` : '', SHIPPED: await languages(dir) };
  const loader = LOADER.replace(/__([A-Z]+)__/g, (_, k) => JSON.stringify(values[k]));

  html = html.replace(/<!--embed-->.*?<!--\/embed-->/s, '');
  html = drop(html, /<script [^>]*src=[^>]*><\/script>/g, 'script');
  html = drop(html, /<link [^>]*rel=(modulepreload|preload)[^>]*>/g, 'preload');
  html = drop(html, /<link [^>]*rel=stylesheet[^>]*>/g, 'stylesheet');
  html = html.replace(/<p class=["']?download[^>]*>.*?<\/p>/s, ''); // (it is the download)
  const csp = [
    "default-src 'none'",
    `script-src ${sha(loader)} blob: 'wasm-unsafe-eval'`,
    "style-src 'unsafe-inline' blob:",
    'img-src data: blob:',
    'connect-src blob:',
  ].join('; ');
  html = html.replace(/<meta content="[^"]*" http-equiv=Content-Security-Policy>/, () => `<meta content="${csp}" http-equiv=Content-Security-Policy>`);
  if (!html.includes(csp)) throw new Error(`${dir}: its content security policy was not found`);
  const block = JSON.stringify(files).replaceAll('<', '\\u003c'); // (no '</script' or '<!--' inside)
  const head = `<style>${styles.join('\n')}</style><script id=archsim-files type=application/json>${block}</script><script type=module>${loader}</script>`;
  html = html.replace('</head>', () => `${head}</head>`); // (a function: no '$' pattern in the text is read)
  const out = join(dist, 'download', `archsim-${lesson}.html`);
  await writeFile(out, html);
  console.log(`single file: ${out} (${(html.length / 1024).toFixed(0)} KB)`);
}
