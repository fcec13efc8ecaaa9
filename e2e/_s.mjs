import { launch } from './harness.mjs';
const b = await launch();
for (const l of ['network', 'consensus', 'timing']) {
  const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
  const errs = [];
  p.on('pageerror', (e) => errs.push(e.message));
  p.on('console', (m) => m.type() === 'error' && errs.push(m.text()));
  await p.goto(`file:///work/main/dist/download/archsim-${l}.html`);
  await p.waitForFunction(() => document.querySelector('#app canvas') || document.querySelector('#fatal'), null, { timeout: 20000 }).catch(() => {});
  await p.waitForTimeout(1500);
  await p.screenshot({ path: `/work/main/target/e2e/single-${l}.png` });
  await p.locator('.tour-start').first().click().catch((e) => errs.push('no tour button ' + e.message));
  await p.waitForSelector('#tour h2', { timeout: 5000 }).catch((e) => errs.push('no tour ' + e.message));
  console.log(l, await p.locator('#app canvas').count(), errs);
  await p.close();
}
await b.close();
