// Screenshot helper for looking at the page: node e2e/shot.mjs [width] [height] [name]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, launch, openApp, serve } from './harness.mjs';

const [width = 1400, height = 1000, name = 'shot'] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const errors = [];
const page = await openApp(browser, server.url, { width: +width, height: +height, errors });
await page.waitForTimeout(1500);
await mkdir(ARTIFACTS, { recursive: true });
const path = join(ARTIFACTS, `${name}.png`);
await page.screenshot({ path, fullPage: process.env.FULL !== "0" });
console.log(path, errors);
await browser.close();
await server.close();
