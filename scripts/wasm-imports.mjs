// Shortens the names of the functions a wasm module imports from its JS glue. wasm-bindgen
// names each `__wbg_<name>_<16 hex digits>`, and 170-odd such names, written once in the wasm
// and once in the glue, cost each page about 5 KB gzipped: random hex does not compress. They
// become `_0`, `_1`, …, the same in both files. Used by minify-js.mjs.

const leb = (buf, pos) => {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
};

const unsigned = (n) => {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};

const name = (s) => Buffer.concat([unsigned(Buffer.byteLength(s)), Buffer.from(s)]);

/** Where an import's description (after its two names) ends. */
function described(buf, pos) {
  const limits = (at) => { // flags, min, and max when flagged
    const [, next] = leb(buf, at + 1);
    return buf[at] & 1 ? leb(buf, next)[1] : next;
  };
  switch (buf[pos]) {
    case 0: return leb(buf, pos + 1)[1]; // a function: its type index
    case 1: return limits(pos + 2); // a table: its element type, then limits
    case 2: return limits(pos + 1); // a memory: limits
    case 3: return pos + 3; // a global: its type and mutability
    default: throw new Error(`an import of unknown kind ${buf[pos]}`);
  }
}

/**
 * `wasm` with every hashed wasm-bindgen import renamed, and the renames (old → new), which the
 * glue must take too.
 */
export function shortenImports(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const renames = new Map();
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, start] = leb(wasm, pos + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, at] = leb(wasm, start);
    const body = [unsigned(count)];
    while (count--) {
      let len;
      [len, at] = leb(wasm, at);
      const module = wasm.subarray(at, at + len).toString();
      [len, at] = leb(wasm, at + len);
      let field = wasm.subarray(at, at + len).toString();
      at += len;
      const next = described(wasm, at);
      if (/^__wbg_\w+_[0-9a-f]{16}$/.test(field)) {
        const short = `_${renames.size.toString(36)}`;
        renames.set(field, short);
        field = short;
      }
      body.push(name(module), name(field), wasm.subarray(at, next));
      at = next;
    }
    if (at !== end) throw new Error('the import section did not end where its size said');
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), unsigned(section.length), section);
    pos = end;
  }
  return { wasm: Buffer.concat(parts), renames };
}

/** `glue` with each renamed import's name replaced; every one must be there. */
export function renameInGlue(glue, renames) {
  let out = glue;
  for (const [from, to] of renames) {
    const parts = out.split(from);
    if (parts.length < 2) throw new Error(`the glue never names ${from}`);
    out = parts.join(to);
  }
  return out;
}
