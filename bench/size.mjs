// Download and package size, gzip -9 (node:zlib level 9) throughout:
// - the .wasm module (target ≤ 220 KB) and every shipped entry file;
// - the browser download: an esbuild bundle (minify, platform browser, `.wasm` as file assets)
//   of a page importing { ComputeHordeClient, Keypair }, every emitted file counted (target
//   ≤ 240 KB, stretch ≤ 185 KB); the same page built by Vite (production);
// - what inflating the inlined module costs at import (medians of interleaved runs);
// - the `npm pack` tarball;
// - where the bytes are: the wasm's sections and, when twiggy is installed (make bench-setup),
//   a per-crate table;
// - for scale, other sr25519 stacks bundled the same way.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PKG, PKG_WASM, ROOT, environment, fmt, heading, kb, median, nowMs, printVerdicts, requirePkg, table, verdict } from "./lib.mjs";

requirePkg();
environment("size");
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const TARGET_WASM_GZ = 220 * 1024;
const TARGET_BROWSER_GZ = 240 * 1024;
const STRETCH_BROWSER_GZ = 185 * 1024;
const wasm = readFileSync(PKG_WASM);
const rel = (f) => (relative(ROOT, f).startsWith("..") ? f : relative(ROOT, f));

heading("size: the shipped files, gzip -9");
{
  const files = readdirSync(PKG).filter((f) => /\.(?:mjs|cjs|wasm)$/.test(f)).sort();
  table(["file", "raw", "gzip -9", "what"], files.map((f) => {
    const bytes = readFileSync(join(PKG, f));
    const what = f.endsWith(".wasm") ? "the module (node, workerd, edge-light, slim users fetch it)"
      : f.startsWith("index.") ? "portable entry (browser / default): wasm inlined, deflated + base64"
        : f.startsWith("node.") ? "node: reads the .wasm beside it" : f.startsWith("slim.") ? "slim: explicit init, no wasm"
          : "imports the .wasm as a module";
    return [f, kb(bytes.length), kb(gz(bytes)), what];
  }));
}

// A fresh directory where `compute-horde-sdk` resolves to the built package through its
// package.json `exports` (conditions as each bundler sets them).
const work = mkdtempSync(join(tmpdir(), "ch-size-"));
mkdirSync(join(work, "node_modules"));
symlinkSync(PKG, join(work, "node_modules/compute-horde-sdk"), "dir");
const PAGE = `import { ComputeHordeClient, Keypair } from "compute-horde-sdk";
const client = new ComputeHordeClient({ hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", facilitatorUrl: location.origin });
document.body.textContent = client ? Keypair.fromUri("//Alice").ss58Address : "";
`;
writeFileSync(join(work, "main.js"), PAGE);
writeFileSync(join(work, "index.html"), `<!doctype html><meta charset="utf-8"><title>size</title><body><script type="module" src="./main.js"></script></body>\n`);

/** Every file under `dir`: [relative path, raw, gzip -9]. */
function emitted(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else { const bytes = readFileSync(path); out.push([relative(dir, path), bytes.length, gz(bytes)]); }
    }
  };
  walk(dir);
  return out.sort((a, b) => b[2] - a[2]);
}
const sum = (files, i) => files.reduce((n, f) => n + f[i], 0);

heading("size: browser download of a page importing { ComputeHordeClient, Keypair }");
const esbuildDir = join(work, "dist-esbuild");
await build({
  entryPoints: [join(work, "main.js")], outdir: esbuildDir, bundle: true, minify: true, format: "esm",
  platform: "browser", loader: { ".wasm": "file" }, logLevel: "error", legalComments: "none", absWorkingDir: work,
});
const esbuildFiles = emitted(esbuildDir);
table(["esbuild (minify, platform browser, .wasm as file)", "raw", "gzip -9"], esbuildFiles.map(([f, r, g]) => [f, kb(r), kb(g)]));
const esbuildGz = sum(esbuildFiles, 2);

let viteGz = null;
try {
  const vite = await import(pathToFileURL(join(ROOT, "node_modules/vite/dist/node/index.js")).href);
  await vite.build({ root: work, logLevel: "silent", configFile: false, build: { outDir: join(work, "dist-vite"), emptyOutDir: true } });
  const viteFiles = emitted(join(work, "dist-vite"));
  const viteVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/vite/package.json"), "utf8")).version;
  table([`Vite ${viteVersion} production build`, "raw", "gzip -9"], viteFiles.map(([f, r, g]) => [f, kb(r), kb(g)]));
  viteGz = sum(viteFiles, 2);
} catch (error) {
  console.log(`  Vite build failed: ${error.message.split("\n")[0]}`);
}

heading("size: what inflating the inlined module costs at import (Node, medians of 7 interleaved runs)");
let inflateMs = null;
{
  const m = /wasmDeflatedBase64\s*=\s*"([A-Za-z0-9+/=]*)"/.exec(readFileSync(join(PKG, "index.mjs"), "utf8"));
  if (!m) {
    console.log("  pkg/index.mjs has no wasmDeflatedBase64: nothing inlined");
  } else {
    const { inflateSync } = await import(pathToFileURL(join(ROOT, "node_modules/fflate/esm/index.mjs")).href);
    const base64 = m[1];
    const decode = [], inflate = [], compile = [];
    for (let r = 0; r < 7; r++) {
      let t = nowMs();
      // The portable entry's own decoding (Uint8Array.fromBase64 where it exists, else atob).
      const binary = atob(base64);
      const deflated = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) deflated[i] = binary.charCodeAt(i);
      decode.push(nowMs() - t);
      t = nowMs();
      const bytes = inflateSync(deflated);
      inflate.push(nowMs() - t);
      if (Buffer.compare(Buffer.from(bytes), wasm) !== 0) throw new Error("the inlined module differs from the shipped .wasm");
      t = nowMs();
      new WebAssembly.Module(bytes);
      compile.push(nowMs() - t);
    }
    inflateMs = median(inflate);
    table(["step", "median ms"], [["base64 decode (atob)", fmt(median(decode), 2)], ["inflate (fflate inflateSync)", fmt(inflateMs, 2)],
      ["for scale: new WebAssembly.Module(bytes)", fmt(median(compile), 2)]]);
    const zlib9 = deflateRawSync(wasm, { level: 9 }).length;
    console.log(`  the inlined deflate stream (zopfli) is ${kb(base64.length * 3 / 4)}; zlib -9 would be ${kb(zlib9)}; the .wasm's gzip -9 is ${kb(gz(wasm))}; identical bytes after inflating`);
  }
}

heading("size: import to first signature in headless Chromium, portable (inlined) vs /slim + init(url) (medians of 5 interleaved runs)");
let chromiumRow = null;
if (!existsSync("/usr/bin/chromium")) {
  console.log("  Debian chromium is not installed (make setup-browser): skipped");
} else {
  const { chromium } = await import(pathToFileURL(join(ROOT, "node_modules/playwright-core/index.mjs")).href);
  const { CHROMIUM_ARGS, startStaticServer } = await import(pathToFileURL(join(ROOT, "tests/js/harness.mjs")).href);
  const site = await startStaticServer(PKG);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const cases = {
    "portable index.mjs (inflate at import)": `const t = performance.now(); const m = await import("/index.mjs"); m.Keypair.fromSeed(new Uint8Array(32)).sign("x"); return performance.now() - t;`,
    "slim.mjs + init(url), streaming compile": `const t = performance.now(); const m = await import("/slim.mjs"); await m.default(new URL("/compute_horde_sdk_bg.wasm", location.href)); m.Keypair.fromSeed(new Uint8Array(32)).sign("x"); return performance.now() - t;`,
  };
  const ms = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  try {
    for (let r = 0; r < 5; r++) {
      for (const [name, body] of Object.entries(cases)) {
        const context = await browser.newContext(); // no cache shared between runs
        const page = await context.newPage();
        await page.goto(`${site.url}package.json`);
        ms[name].push(await page.evaluate(`(async () => { ${body} })()`));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  table(["case (served from 127.0.0.1, no cache)", "median ms", "min", "max"], Object.entries(ms).map(([n, xs]) => [n, fmt(median(xs), 1), fmt(Math.min(...xs), 1), fmt(Math.max(...xs), 1)]));
  chromiumRow = Object.values(ms).map(median);
}

heading("size: npm pack");
const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: PKG, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0];
console.log(`  ${packed.filename}: ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked, ${packed.files.length} files`);

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

heading("size: where the bytes are, per crate (twiggy, on the same module with names kept)");
const twiggy = [join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin/twiggy"), "twiggy"].find((t) => spawnSync(t, ["--version"]).status === 0);
const rustWasm = join(ROOT, "target/wasm32-unknown-unknown/release/compute_horde_sdk.wasm");
if (!twiggy) {
  console.log("  twiggy is not installed: `make bench-setup` (cargo install twiggy) prints this table");
} else if (!existsSync(rustWasm)) {
  console.log(`  ${rel(rustWasm)} is missing: run make pkg`);
} else {
  // The shipped module without names can't be attributed: redo bindgen + wasm-opt keeping them.
  const named = join(work, "named");
  execFileSync("wasm-bindgen", ["--target", "web", "--keep-debug", "--out-dir", named, "--out-name", "m", rustWasm]);
  const features = ["bulk-memory", "bulk-memory-opt", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"].map((f) => `--enable-${f}`);
  execFileSync(join(ROOT, "node_modules/.bin/wasm-opt"), ["-Oz", "-g", ...features, join(named, "m_bg.wasm"), "-o", join(named, "named.wasm")]);
  const csv = execFileSync(twiggy, ["top", "-n", "1000000", "--format", "csv", join(named, "named.wasm")], { encoding: "utf8", maxBuffer: 1 << 28 });
  const byCrate = new Map();
  for (const line of csv.trim().split("\n").slice(1)) {
    const m = /^("(?:[^"]|"")*"|[^,]*),(\d+),/.exec(line);
    if (!m) continue;
    const name = m[1].replace(/^"|"$/g, "").replaceAll('""', '"');
    let crate;
    if (/"function names" subsection|custom section|"name"/.test(name)) continue; // names exist only in this copy
    if (name.startsWith("data segment")) crate = "(data: constants, tables, strings)";
    else if (/shim|^__wbg|^__wbindgen|^import /.test(name)) crate = "(wasm-bindgen exports and imports)";
    else if (/^(code|type|table|memory|elem|global|export|import)\[/.test(name)) crate = "(wasm structure)";
    else {
      // `<a::B as c::D>::f` belongs to a (the type's crate); std's crates carry a [hash].
      const path = name.replace(/^[<&(]+/, "").replace(/^(?:mut |dyn )/, "");
      crate = path.split(/::|<| as |\[/)[0].trim();
      if (!/^[a-z_][a-z0-9_]*$/.test(crate)) crate = "(generic instances: core)";
    }
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + Number(m[2]));
  }
  const total = [...byCrate.values()].reduce((a, b) => a + b, 0);
  const rows = [...byCrate].sort((a, b) => b[1] - a[1]);
  const shown = rows.slice(0, 24);
  const rest = rows.slice(24).reduce((n, [, s]) => n + s, 0);
  table(["crate", "bytes (before gzip)", "share"], [...shown.map(([c, s]) => [c, kb(s), `${fmt((100 * s) / total, 1)}%`]),
    [`${rows.length - shown.length} more`, kb(rest), `${fmt((100 * rest) / total, 1)}%`], ["total", kb(total), "100%"]]);
}

heading("size: for scale, other sr25519 stacks bundled by esbuild (minify, platform browser, ESM)");
async function bundleSize(contents) {
  const result = await build({
    stdin: { contents, resolveDir: work, sourcefile: "x.mjs", loader: "js" }, nodePaths: [join(ROOT, "node_modules")],
    bundle: true, minify: true, platform: "browser", format: "esm", write: false, logLevel: "silent", target: "es2022", legalComments: "none",
    outdir: join(work, "scale"), loader: { ".wasm": "file" },
  });
  return result.outputFiles.reduce((n, f) => n + gz(f.contents), 0);
}
const scale = [
  ["@polkadot/util-crypto 14: sr25519Sign + sr25519PairFromSeed + cryptoWaitReady",
    `import { cryptoWaitReady, sr25519Sign, sr25519PairFromSeed } from "@polkadot/util-crypto";
     export async function sign(seed, msg) { await cryptoWaitReady(); return sr25519Sign(msg, sr25519PairFromSeed(seed)); }`],
  ["@scure/sr25519: secretFromSeed + getPublicKey + sign",
    `import { secretFromSeed, getPublicKey, sign as s } from "@scure/sr25519";
     export function sign(seed, msg) { const sk = secretFromSeed(seed); getPublicKey(sk); return s(sk, msg); }`],
];
const scaleRows = [];
for (const [name, src] of scale) {
  try { scaleRows.push([name, await bundleSize(src)]); } catch (error) { scaleRows.push([name, `error: ${error.message.split("\n")[0]}`]); }
}
scaleRows.push(["compute-horde-sdk: the page above (esbuild)", esbuildGz]);
table(["bundle", "gzip -9 (every emitted file)"], scaleRows.map(([n, g]) => [n, typeof g === "number" ? kb(g) : g]));
rmSync(work, { recursive: true, force: true });

const wasmGz = gz(wasm);
const polkadot = scaleRows[0][1];
verdict(`wasm gzip -9: ${kb(wasmGz)} (target ≤ 220 KB, stable toolchain; raw ${kb(wasm.length)})`, wasmGz <= TARGET_WASM_GZ);
verdict(`browser download, esbuild page { ComputeHordeClient, Keypair }: ${kb(esbuildGz)} gzip -9, every emitted file (target ≤ 240 KB; stretch ≤ 185 KB: ${esbuildGz <= STRETCH_BROWSER_GZ ? "met" : "not met"}${typeof polkadot === "number" ? `; @polkadot/util-crypto signing alone ${kb(polkadot)}, ratio ${fmt(esbuildGz / polkadot, 2)}x` : ""})`, esbuildGz <= TARGET_BROWSER_GZ);
if (viteGz !== null) verdict(`browser download, same page, Vite production build: ${kb(viteGz)} gzip -9, every emitted file`, viteGz <= TARGET_BROWSER_GZ);
if (inflateMs !== null) verdict(`inflating the inlined module at import: ${fmt(inflateMs, 2)} ms median (Node)`, null);
if (chromiumRow) verdict(`Chromium, import → first signature: portable (inlined) ${fmt(chromiumRow[0], 1)} ms vs /slim + init(url) ${fmt(chromiumRow[1], 1)} ms (medians; ratio ${fmt(chromiumRow[0] / chromiumRow[1], 2)}x)`, null);
verdict(`npm pack tarball: ${kb(packed.size)} (${packed.files.length} files, ${kb(packed.unpackedSize)} unpacked)`, null);
printVerdicts("size");
