// Browser benchmarks on the built dist/ (run by `make bench`): frame time at three sizes beside
// a raw-canvas floor, long tasks, startup time, and the gzipped bundle.
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { DIST, launch, serve } from '../e2e/harness.mjs';

const FRAMES = 300;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

const server = await serve();
const browser = await launch();

/**
 * Opens a page (`path` under the site, with `?stats=1`), counts long tasks from then on, and
 * waits until the stats overlay's window holds FRAMES frames measured after the start.
 */
async function statsAfterFrames(path) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector('#stats');
  await page.evaluate(() => {
    window.__long = 0;
    new PerformanceObserver((l) => (window.__long += l.getEntries().length)).observe({ entryTypes: ['longtask'] });
  });
  const start = Number(await page.getAttribute('#stats', 'data-frames'));
  await page.waitForFunction(
    (want) => Number(document.querySelector('#stats').dataset.frames) >= want,
    start + FRAMES,
    { timeout: 120_000 },
  );
  return page;
}

/** The page at `n` participants per architecture: its own frame-work figures over FRAMES frames. */
async function pageFrames(n) {
  const page = await statsAfterFrames(`?stats=1#v=1&n=${n}&deg=4&t=3000&play=1`);
  const r = await page.evaluate(() => {
    const s = document.querySelector('#stats').dataset;
    const canvases = [...document.querySelectorAll('canvas.net')].map((c) => ({ w: c.width, h: c.height, cw: c.clientWidth }));
    const counts = [...document.querySelectorAll('section.panel')].map((p) => p.querySelectorAll('button.node-ctl').length);
    return {
      work50: +s.workP50, work95: +s.workP95, frame50: +s.frameP50, frame95: +s.frameP95,
      fps: +s.fps, long: window.__long, canvases, counts,
    };
  });
  await page.close();
  return r;
}

/** The floor: the same numbers of circles, lines and dots drawn with plain Canvas 2D calls. */
async function floorFrames(canvases, nodes, links, dots) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.setContent('<body style="margin:0"></body>');
  return page.evaluate(async ({ canvases, nodes, links, dots, FRAMES }) => {
    const els = canvases.map((c) => {
      const el = document.createElement('canvas');
      el.width = c.w;
      el.height = c.h;
      el.style.width = `${c.cw}px`;
      document.body.appendChild(el);
      return el.getContext('2d');
    });
    const rnd = (i, k) => (Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1;
    const pts = Array.from({ length: nodes }, (_, i) => [Math.abs(rnd(i, 1)) * 400 + 10, Math.abs(rnd(i, 2)) * 400 + 10]);
    const work = [];
    const frames = [];
    let last = null;
    let long = 0;
    new PerformanceObserver((l) => (long += l.getEntries().length)).observe({ entryTypes: ['longtask'] });
    for (let f = 0; f < FRAMES; f++) {
      const ts = await new Promise(requestAnimationFrame);
      if (last !== null) frames.push(ts - last);
      last = ts;
      const t0 = performance.now();
      for (const ctx of els) {
        ctx.setTransform(ctx.canvas.width / 420, 0, 0, ctx.canvas.width / 420, 0, 0);
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, 420, 420);
        ctx.beginPath();
        for (let i = 0; i < links; i++) {
          const a = pts[i % nodes], b = pts[(i * 7 + 3) % nodes];
          ctx.moveTo(a[0], a[1]);
          ctx.lineTo(b[0], b[1]);
        }
        ctx.strokeStyle = 'rgba(60,72,88,.35)';
        ctx.lineWidth = 1;
        ctx.stroke();
        ctx.beginPath();
        for (let i = 0; i < dots; i++) {
          const a = pts[i % nodes], b = pts[(i * 7 + 3) % nodes], t = ((f + i) % 60) / 60;
          const x = a[0] + (b[0] - a[0]) * t, y = a[1] + (b[1] - a[1]) * t;
          ctx.moveTo(x + 3, y);
          ctx.arc(x, y, 3, 0, 2 * Math.PI);
        }
        ctx.fillStyle = '#D55E00';
        ctx.fill();
        ctx.beginPath();
        for (const [x, y] of pts) {
          ctx.moveTo(x + 5, y);
          ctx.arc(x, y, 5, 0, 2 * Math.PI);
        }
        ctx.fillStyle = '#009E73';
        ctx.fill();
        ctx.strokeStyle = '#1d2433';
        ctx.stroke();
      }
      work.push(performance.now() - t0);
    }
    const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];
    return { work50: q(work, 0.5), work95: q(work, 0.95), frame50: q(frames, 0.5), frame95: q(frames, 0.95), long };
  }, { canvases, nodes, links, dots, FRAMES });
}

console.log(`Frames in headless Chromium (software raster), ${FRAMES} frames each.`);
console.log('  frame = time between animation frames (what a user sees, vsync-capped at 16.7 ms);');
console.log('  work = script time per frame (page: simulation + scene + canvas calls; floor: canvas calls).');
for (const n of [100, 1000, 3000]) {
  const page = await pageFrames(n);
  // Per panel, the p2p panel is the busiest: n peers, 2n links; dots ~ in flight (capped at 4000).
  const floor = await floorFrames(page.canvases, n, 2 * n, Math.min(4000, 4 * n));
  const f = (x) => x.toFixed(1).padStart(5);
  console.log(
    `  3 × ${String(n).padStart(4)}: page frame p50 ${f(page.frame50)} p95 ${f(page.frame95)} ms, work p50 ${f(page.work50)} p95 ${f(page.work95)} ms, long tasks ${page.long}` +
      ` | floor frame p50 ${f(floor.frame50)} p95 ${f(floor.frame95)} ms, work p50 ${f(floor.work50)} ms, long tasks ${floor.long}` +
      ` | page/floor frame ${(page.frame50 / floor.frame50).toFixed(2)}`,
  );
}

// The consensus page at the ΔQ setting: 2,500 peers of degree 10 with block gossip (its
// 12,500 links are too many to draw one by one, so only cut ones are drawn).
async function chainFrames() {
  const page = await statsAfterFrames('consensus/?stats=1#l=chain&v=1&cons=praos&n=2500&deg=10&seed=1&cls=24+143+531&f=0.05&slot=1000&kb=64&t=60000&speed=10&play=1');
  const r = await page.evaluate(() => {
    const s = document.querySelector('#stats').dataset;
    const c = document.querySelector('canvas.net');
    return {
      work50: +s.workP50, work95: +s.workP95, frame50: +s.frameP50, frame95: +s.frameP95,
      long: window.__long, canvases: [{ w: c.width, h: c.height, cw: c.clientWidth }], flight: +s.inFlight,
    };
  });
  await page.close();
  return r;
}
{
  const page = await chainFrames();
  const floor = await floorFrames(page.canvases, 2500, 0, Math.min(3000, page.flight || 200));
  const f = (x) => x.toFixed(1).padStart(5);
  console.log(
    `  consensus, 2,500 peers: page frame p50 ${f(page.frame50)} p95 ${f(page.frame95)} ms, work p50 ${f(page.work50)} p95 ${f(page.work95)} ms, long tasks ${page.long}` +
      ` | floor frame p50 ${f(floor.frame50)} p95 ${f(floor.frame95)} ms, work p50 ${f(floor.work50)} ms` +
      ` | page/floor frame ${(page.frame50 / floor.frame50).toFixed(2)}`,
  );
}

// The timing page at its largest: 64 processes (32 holders, 32 replicas) on slow links with 50
// payments a second, so that its space-time diagram holds close to 10,000 events.
{
  const link = '#l=timing&v=1&n=70&strata=2&seed=1&drift=50&off=100&lat=600-900&corr=slew&slew=500&sync=16&rep=32&acc=32&pps=50&round=2000&hold=100&beat=50&t=12000&speed=1&play=1';
  const page = await statsAfterFrames(`timing/?stats=1${link}`);
  const r = await page.evaluate(() => {
    const s = document.querySelector('#stats').dataset;
    const c = document.querySelector('canvas.diagram');
    const [events, messages] = c.getAttribute('aria-label').match(/[\d,]+/g).map((x) => Number(x.replace(/,/g, '')));
    return {
      work50: +s.workP50, work95: +s.workP95, frame50: +s.frameP50, frame95: +s.frameP95,
      long: window.__long, events, messages, lines: getComputedStyle(c).getPropertyValue('--lines').trim(),
      canvases: [{ w: c.width, h: c.height, cw: c.clientWidth }],
    };
  });
  await page.close();
  const floor = await floorFrames(r.canvases, r.events, r.messages, 0);
  const f = (x) => x.toFixed(1).padStart(5);
  console.log(
    `  timing, ${r.lines} processes, ${r.events.toLocaleString('en')} events and ${r.messages.toLocaleString('en')} messages on the diagram: page frame p50 ${f(r.frame50)} p95 ${f(r.frame95)} ms, work p50 ${f(r.work50)} p95 ${f(r.work95)} ms, long tasks ${r.long}` +
      ` | floor frame p50 ${f(floor.frame50)} p95 ${f(floor.frame95)} ms, work p50 ${f(floor.work50)} ms` +
      ` | page/floor frame ${(r.frame50 / floor.frame50).toFixed(2)}`,
  );
}

for (const [name, path, ready] of [['first lesson', '', '.node-ctl'], ['consensus', 'consensus/', 'canvas.net'], ['timing', 'timing/', 'canvas.clocks']]) {
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url + path);
    await page.waitForSelector(ready);
    await page.waitForFunction(() => document.documentElement.dataset.firstPaintMs);
    starts.push(Number(await page.evaluate(() => document.documentElement.dataset.firstPaintMs)));
    await page.close();
  }
  console.log(`Startup (${name}): first painted frame ${median(starts).toFixed(0)} ms after navigation (median of 5: ${starts.map((s) => s.toFixed(0)).join(', ')})`);
}

// A page's own download is what opening it fetches; the guided tour (its card, style and
// steps) is fetched only when a student asks for it, and is counted apart.
const onDemand = (f) => f === 'tour.js' || f === 'tour.css' || f.endsWith('.json');
// (tour-start.js, which opens the tour when asked, is part of the page's own download.)
for (const [name, dir, page] of [['first lesson, dist/', DIST, 'network'], ['consensus, dist/consensus/', join(DIST, 'consensus'), 'consensus'], ['timing, dist/timing/', join(DIST, 'timing'), 'timing']]) {
  const totals = { page: 0, tour: 0 };
  const rows = { page: [], tour: [] };
  // (preview.png is the embed card's image for other sites' link previews; the page never loads it.)
  for (const f of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name !== 'preview.png').map((e) => e.name).sort()) {
    const gz = gzipSync(await readFile(join(dir, f)), { level: 9 }).length;
    const part = onDemand(f) ? 'tour' : 'page';
    totals[part] += gz;
    rows[part].push(`  ${f}: ${(gz / 1024).toFixed(1)} KB gzipped`);
  }
  console.log(`Bundle (${name}):\n${rows.page.join('\n')}\n  total: ${(totals.page / 1024).toFixed(1)} KB gzipped`);
  // In another language the page also fetches its messages in it.
  for (const code of (await readdir(join(dir, 'i18n'))).sort()) {
    const own = totals.page + gzipSync(await readFile(join(dir, 'i18n', code, `${page}.msg`)), { level: 9 }).length;
    console.log(`  in ${code}, with its messages: ${(own / 1024).toFixed(1)} KB gzipped`);
  }
  console.log(`  with the tour, on demand:\n${rows.tour.join('\n')}\n  tour total: ${(totals.tour / 1024).toFixed(1)} KB gzipped`);
}

await browser.close();
await server.close();
