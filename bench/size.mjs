// Download size: gzip -9 (node:zlib level 9) of the wasm module and of the JS entry, next to
// @polkadot/util-crypto (sr25519 sign + cryptoWaitReady) and @scure/sr25519 bundled by esbuild
// (minified, platform browser). Target: wasm gzip ≤ 100 KB.
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { relative } from "node:path";
import { build } from "esbuild";
import { PKG_CJS, PKG_ESM, PKG_WASM, ROOT, environment, heading, kb, printVerdicts, requirePkg, table, verdict } from "./lib.mjs";

requirePkg();
environment("size");
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const TARGET_WASM_GZ = 100 * 1024;

heading("size: gzip -9 of the shipped package files");
const esm = readFileSync(PKG_ESM, "utf8");
const cjs = readFileSync(PKG_CJS, "utf8");
const BASE64_RE = /(wasmBase64\s*=\s*)"([A-Za-z0-9+/=]*)"/;
const m = BASE64_RE.exec(esm);
if (!m) {
  console.error('pkg/index.mjs: no `wasmBase64 = "..."` string found (the entry no longer inlines the wasm?)');
}
const inlined = m ? Buffer.from(m[2], "base64") : null;
const glue = m ? esm.replace(BASE64_RE, '$1""') : esm;
const cjsGlue = cjs.replace(BASE64_RE, '$1""');
const wasmFileExists = existsSync(PKG_WASM);
// What ships: the module inlined in the entry (else the .wasm file, for a package that ships one).
const wasm = inlined ?? (wasmFileExists ? readFileSync(PKG_WASM) : null);
if (!wasm) {
  console.error("no wasm found: neither an inlined wasmBase64 in the entry nor a .wasm file");
  process.exit(1);
}
const rel = (f) => (relative(ROOT, f).startsWith("..") ? f : relative(ROOT, f));
const [esmName, cjsName] = [PKG_ESM, PKG_CJS].map(rel);
const rows = [
  [inlined ? "wasm module (decoded from the base64 in the ESM entry)" : rel(PKG_WASM), wasm.length, gz(wasm)],
  [`${esmName} (ESM entry as shipped, wasm inlined as base64)`, Buffer.byteLength(esm), gz(esm)],
  [`${esmName} minus the base64 string (JS glue)`, Buffer.byteLength(glue), gz(glue)],
  [`${cjsName} (CJS entry as shipped)`, Buffer.byteLength(cjs), gz(cjs)],
  [`${cjsName} minus the base64 string (JS glue)`, Buffer.byteLength(cjsGlue), gz(cjsGlue)],
];
table(["file", "raw", "gzip -9"], rows.map(([n, r, g]) => [n, kb(r), kb(g)]));
if (inlined) {
  const file = wasmFileExists ? readFileSync(PKG_WASM) : null;
  const same = file ? (Buffer.compare(inlined, file) === 0 ? `identical to ${rel(PKG_WASM)}` : `DIFFERENT from ${rel(PKG_WASM)} (stale build output?)`) : "no .wasm file to compare with";
  console.log(`  inlined wasm: ${kb(inlined.length)}, ${same}; the base64 costs ${kb(gz(esm) - gz(glue) - gz(wasm))} of gzip over the raw module`);
}

// Sections of the wasm module: what the bytes are.
heading("size: wasm sections");
{
  const names = { 0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount" };
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = wasm[p++]; r += (x & 127) * 2 ** s; s += 7; } while (x & 128); return r; };
  const secs = [];
  while (p < wasm.length) {
    const id = wasm[p++];
    const len = leb();
    let name = names[id] ?? `id ${id}`;
    if (id === 0) { const q = p; const l = leb(); name = `custom "${wasm.subarray(p, p + l).toString()}"`; p = q; }
    secs.push([name, len, gz(wasm.subarray(p, p + len))]);
    p += len;
  }
  secs.sort((a, b) => b[1] - a[1]);
  table(["section", "raw", "gzip -9 alone"], secs.filter(([, l]) => l >= 512).map(([n, l, g]) => [n, kb(l), kb(g)]));
}

heading("size: for scale, other sr25519 stacks bundled by esbuild (minify, platform browser, ESM)");
async function bundle(name, contents, external = []) {
  const result = await build({
    external,
    stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.mjs`, loader: "js" },
    bundle: true, minify: true, platform: "browser", format: "esm", write: false, logLevel: "silent",
    target: "es2022", legalComments: "none",
  });
  const out = result.outputFiles[0].contents;
  return { raw: out.length, gzip: gz(out) };
}
const others = [
  ["@polkadot/util-crypto 14: sr25519Sign + sr25519PairFromSeed + cryptoWaitReady",
    `import { cryptoWaitReady, sr25519Sign, sr25519PairFromSeed } from "@polkadot/util-crypto";
     export async function sign(seed, msg) { await cryptoWaitReady(); return sr25519Sign(msg, sr25519PairFromSeed(seed)); }`],
  ["@polkadot/wasm-crypto 7: waitReady + sr25519Sign",
    `import { waitReady, sr25519KeypairFromSeed, sr25519Sign } from "@polkadot/wasm-crypto";
     export async function sign(seed, msg) { await waitReady(); const kp = sr25519KeypairFromSeed(seed); return sr25519Sign(kp.slice(64), kp.slice(0, 64), msg); }`],
  ["@scure/sr25519: secretFromSeed + getPublicKey + sign",
    `import { secretFromSeed, getPublicKey, sign as s } from "@scure/sr25519";
     export function sign(seed, msg) { const sk = secretFromSeed(seed); getPublicKey(sk); return s(sk, msg); }`],
  ["compute-horde-sdk (this package): Keypair.fromSeed + sign, bundled the same way",
    `import { Keypair } from ${JSON.stringify(PKG_ESM)};
     export function sign(seed, msg) { return Keypair.fromSeed(seed).sign(msg); }`],
  ["compute-horde-sdk (this package): whole ESM entry, bundled the same way",
    `export * from ${JSON.stringify(PKG_ESM)};`],
];
const bundled = [];
const bundleNotes = [];
for (const [name, src] of others) {
  try {
    bundled.push([name, await bundle(name, src)]);
  } catch (err) {
    const texts = (err.errors ?? []).map((e) => e.text);
    if (texts.length > 0 && texts.every((t) => /Could not resolve "node:/.test(t))) {
      // A browser bundle of our entry trips on its lazy `import("node:...")` (loadBittensorHotkey).
      bundleNotes.push(`${name}: esbuild --platform=browser failed (${texts.join("; ")}); rebuilt with external node:*`);
      bundled.push([`${name} [external node:*]`, await bundle(name, src, ["node:*"])]);
    } else {
      bundled.push([name, { error: (texts[0] ?? err.message).split("\n")[0] }]);
    }
  }
}
table(["bundle", "minified", "gzip -9"], bundled.map(([n, r]) => (r.error ? [n, "error", r.error] : [n, kb(r.raw), kb(r.gzip)])));

const wasmGz = gz(wasm);
for (const n of bundleNotes) console.log(`  NOTE: ${n}`);
const ours = bundled.find(([n]) => n.startsWith("compute-horde-sdk (this package): Keypair"))?.[1];
const poly = bundled[0][1];
const scure = bundled[2][1];
console.log(`\n  note: our ESM entry inlines the wasm as base64, so a bundler cannot tree-shake it; the` +
  ` sign-only bundle above is essentially the whole package.`);
verdict(`wasm gzip -9: ${kb(wasmGz)} (target ≤ 100 KB; raw ${kb(wasm.length)})`, wasmGz <= TARGET_WASM_GZ);
verdict(`JS glue gzip -9: ${kb(gz(glue))} (ESM entry as shipped ${kb(gz(esm))})`, null);
if (ours && !ours.error && !poly.error && !scure.error) {
  verdict(`bundled sign gzip: ours ${kb(ours.gzip)} vs @polkadot/util-crypto ${kb(poly.gzip)} (${(ours.gzip / poly.gzip).toFixed(2)}x) vs @scure/sr25519 ${kb(scure.gzip)} (${(ours.gzip / scure.gzip).toFixed(2)}x)`, null);
}
printVerdicts("size");
