// Minifies the JS glue Trunk writes (its own minifier gives up on `export default`) in each
// built page under dist/, with the wasm's imports renamed short in both (wasm-imports.mjs), and
// writes the new Subresource Integrity hashes into that page's index.html, so the browser still
// checks what it loads. Run by `make dist`.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renameInGlue, shortenImports } from './wasm-imports.mjs';

// Terser is installed into .tools/ by scripts/install-tools.sh.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { minify } = createRequire(join(root, '.tools', 'node_modules', 'x.js'))('terser');

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

for (const dir of process.argv.slice(2)) {
  const htmlPath = join(dir, 'index.html');
  let html = await readFile(htmlPath, 'utf8');
  // The wasm's imports get short names (scripts/wasm-imports.mjs), and its glue with them.
  const files = await readdir(dir);
  const wasmName = files.find((f) => f.endsWith('_bg.wasm'));
  if (!wasmName) throw new Error(`${dir} has no wasm`);
  const wasmBefore = await readFile(join(dir, wasmName));
  const { wasm, renames } = shortenImports(wasmBefore);
  if (!html.includes(sri(wasmBefore))) throw new Error(`${htmlPath} does not carry ${wasmName}'s integrity hash`);
  html = html.split(sri(wasmBefore)).join(sri(wasm));
  await writeFile(join(dir, wasmName), wasm);
  console.log(`minify-js: ${wasmName}: ${renames.size} imports renamed, ${wasmBefore.length} → ${wasm.length} bytes`);
  const glue = wasmName.replace(/_bg\.wasm$/, '.js');
  for (const name of files.filter((f) => f.endsWith('.js'))) {
    const path = join(dir, name);
    const before = await readFile(path, 'utf8');
    const source = name === glue ? renameInGlue(before, renames) : before;
    const out = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
    if (!out.code) throw new Error(`terser produced nothing for ${path}`);
    const [oldHash, newHash] = [sri(before), sri(out.code)];
    // The page's glue carries an integrity hash; the tour's scripts (plain files) do not.
    if (html.includes(oldHash)) html = html.split(oldHash).join(newHash);
    else if (!name.startsWith('tour')) throw new Error(`${htmlPath} does not carry ${name}'s integrity hash`);
    await writeFile(path, out.code);
    console.log(`minify-js: ${path} ${before.length} → ${out.code.length} bytes`);
  }
  await writeFile(htmlPath, html);
}
