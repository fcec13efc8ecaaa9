// Shared by the end-to-end tests and the screenshot helper: serves dist/ on a loopback port
// and starts headless Chromium with the flags this machine needs.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test as nodeTest } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'target', 'e2e');
const AXE = join(ROOT, 'e2e', 'node_modules', 'axe-core', 'axe.min.js');

/** Runs axe-core (WCAG 2.x A/AA) on the page; one line per violation. */
export async function axe(page) {
  // Evaluated through the browser's debugging protocol: the pages' policy refuses inline scripts.
  await page.evaluate(await readFile(AXE, 'utf8'));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1 (random port); resolves to { url, close, requests }. */
export async function serve(dir = DIST) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => closeServer(server) };
}

/** Stops a server now, open keep-alive connections included (so a failed test never hangs). */
export function closeServer(server) {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/** Headless Chromium from the system (never a downloaded browser). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Opens the app and waits until the three canvases exist and a first frame is painted. */
export async function openApp(browser, url, { width = 1400, height = 1000, errors } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (errors) {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  }
  await page.goto(url);
  // Either the page comes up, or its panic overlay does: fail fast with its message.
  await page.waitForFunction(
    () => document.querySelectorAll('.node-ctl').length > 0 || document.querySelector('#fatal'),
  );
  const fatal = await page.locator('#fatal').count();
  if (fatal) throw new Error(`the page crashed: ${await page.locator('#fatal').innerText()}`);
  return page;
}

/**
 * One test file's shared server and browser: registers the hooks and returns
 * `{ test, server, browser }` (the last two are set once the file's tests start).
 */
export function suite(timeout = 60_000) {
  const env = {
    server: null,
    browser: null,
    test: (name, fn) => nodeTest(name, { timeout }, fn),
  };
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
