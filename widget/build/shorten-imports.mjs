// Usage: node shorten-imports.mjs GLUE.js MODULE.wasm
// Renames the Wasm module's imports (wasm-bindgen names them like
// `__wbg_addEventListener_3f2a9c1e5b7d4a60`, 16 random hex digits that no compressor can
// shrink) to short names, in the module and in its JavaScript glue alike. Both files are
// rewritten in place. binaryen's --minify-imports only renames Emscripten's "env" imports.
import { readFileSync, writeFileSync } from "node:fs";

const [gluePath, wasmPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

let at = 8; // after the magic number and the version
const leb = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = wasm[at++];
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return value;
  }
};
const encodeLeb = (value) => {
  const bytes = [];
  do {
    bytes.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value >>>= 7;
  } while (value);
  return Buffer.from(bytes);
};
const name = () => {
  const length = leb();
  at += length;
  return wasm.toString("utf8", at - length, at);
};
const limits = () => {
  const flags = leb();
  leb();
  if (flags & 1) leb();
};

while (at < wasm.length && wasm[at] != 2) {
  at++;
  const size = leb();
  at += size;
}
if (at >= wasm.length) throw new Error("no import section");
const sectionStart = at++;
const sectionSize = leb();
const contentStart = at;
const parts = [];
const renamed = new Map();
const count = leb();
parts.push(encodeLeb(count));
for (let index = 0; index < count; index++) {
  const module = name();
  const field = name();
  const descriptorStart = at;
  const kind = wasm[at++];
  if (kind == 0) leb(); // function: type index
  else if (kind == 1) (at++, limits()); // table: element type, limits
  else if (kind == 2) limits(); // memory
  else if (kind == 3) at += 2; // global: value type, mutability
  else if (kind == 4) (at++, leb()); // tag: attribute, type index
  else throw new Error(`unknown import kind ${kind}`);
  let short = field;
  if (module.startsWith("./") && glue.includes(field)) {
    short = renamed.get(field) ?? `i${renamed.size.toString(36)}`;
    renamed.set(field, short);
  }
  for (const text of [module, short]) {
    const bytes = Buffer.from(text, "utf8");
    parts.push(encodeLeb(bytes.length), bytes);
  }
  parts.push(wasm.subarray(descriptorStart, at));
}
if (at != contentStart + sectionSize) throw new Error("import section misread");

const content = Buffer.concat(parts);
writeFileSync(
  wasmPath,
  Buffer.concat([wasm.subarray(0, sectionStart), Buffer.from([2]), encodeLeb(content.length), content, wasm.subarray(at)]),
);
// Longest first, so that no name is replaced inside a longer one.
for (const [field, short] of [...renamed].sort(([a], [b]) => b.length - a.length)) {
  glue = glue.replaceAll(field, short);
}
writeFileSync(gluePath, glue);
console.log(`renamed ${renamed.size} imports`);
