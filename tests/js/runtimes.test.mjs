// The packed tarball in every runtime and bundler the package's `exports` conditions serve:
// Deno, Bun, workerd (top-level import and a lazy import inside a request), Vercel's
// edge-runtime (wasm code generation disabled, as on Vercel), Next.js 16 (a Node route and an
// edge route, `next build` + `next start`), Vite, webpack, a plain `<script type="module">` and
// a module Web Worker (headless Chromium). Each signs as //Alice and checks the address; each
// runs a job against the facilitator simulator too (workerd through an outbound service that
// may reach 127.0.0.1). Node ESM and CommonJS are in packaged.test.mjs.
//
// The project is fresh (outside the repository) with only the tarball installed (it has no
// dependencies, so offline); the runtimes and bundlers are the repository's pinned
// devDependencies (node_modules/.bin), linked into the project where a tool resolves itself
// from the project (Next.js and React). Fixtures: tests/packaged/runtimes/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, root, startStaticServer } from "./harness.mjs";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const bin = (name) => join(root, "node_modules/.bin", name);
const execFileAsync = promisify(execFile);
async function run(file, args, options = {}) {
  try {
    return await execFileAsync(file, args, { timeout: 120_000, maxBuffer: 32 * 1024 * 1024, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ""}\n${error.stderr ?? ""}`.trim();
    throw new Error(`${file} ${args.slice(0, 3).join(" ")} failed (${error.code ?? error.signal}): ${output.slice(-1500)}`);
  }
}
const lastJsonLine = (stdout) => JSON.parse(stdout.trim().split("\n").at(-1));
async function freePort() {
  const server = createServer();
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}
/** Polls `url` until it answers (any status) or `ms` pass. */
async function waitForHttp(url, ms, child) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`server exited (${child.exitCode})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}
/**
 * Copies packages installed in the repository's node_modules, and what they depend on (as Node
 * resolves it there; optional dependencies when installed), to the same places under `dest`.
 * Returns how many packages were copied.
 */
function copyInstalled(names, dest) {
  const seen = new Set();
  const visit = (dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    // A package nested in another's node_modules came with that one's copy.
    if (!dir.slice("node_modules/".length).includes("/node_modules/")) cpSync(join(root, dir), join(dest, dir), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = resolveInstalled(dir, dep);
      if (found) visit(found);
      else if (!manifest.optionalDependencies?.[dep]) throw new Error(`${dir} needs ${dep}, which is not installed`);
    }
  };
  for (const name of names) {
    const dir = resolveInstalled("", name);
    if (!dir) throw new Error(`${name} is not in node_modules: run npm ci`);
    visit(dir);
  }
  return seen.size;
}
/** Where `name` resolves from the package at `from` (relative to root), or null. */
function resolveInstalled(from, name) {
  for (let base = from; ; base = base.includes("/node_modules/") ? base.slice(0, base.lastIndexOf("/node_modules/")) : "") {
    const dir = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (existsSync(join(root, dir, "package.json"))) return dir;
    if (!base) return null;
  }
}
/** Starts a long-running command; its output is kept for error messages. */
function startServer(file, args, options) {
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  child.output = "";
  child.stdout.on("data", (d) => { child.output += d; });
  child.stderr.on("data", (d) => { child.output += d; });
  return child;
}
async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

/** What every check must report: Alice's address, a verified signature, and a completed job. */
/** Serves a bundler's output directory and checks its page in Chromium against the simulator. */
async function checkBuiltApp(dist, label) {
  const site = await startStaticServer(dist);
  try {
    const [out] = await inChromium(`${site.url}index.html?sim=${encodeURIComponent(sim.url)}`, ["#out"]);
    assertChecked(out, label);
  } finally {
    await site.close();
  }
}

function assertChecked(out, label, { job = true } = {}) {
  assert.equal(out.error, undefined, `${label}: ${out.error}`);
  assert.equal(out.address, ALICE, `${label}: //Alice's address`);
  assert.equal(out.signatureBytes, 64, label);
  assert.equal(out.verified, true, label);
  assert.equal(out.emptyUri, "TypeError", label);
  if (job) {
    assert.deepEqual(out.job, { status: "completed", stdout: `${out.label}\n` }, label);
    assert.equal(out.notFound, true, `${label}: a 404 is a ComputeHordeNotFoundError`);
  }
}

let tmp, project, installed, sim, testing;
const started = Date.now();

before(async () => {
  if (!existsSync(join(root, "pkg/workerd.mjs"))) throw new Error("pkg/ is not built: run bash scripts/build-pkg.sh");
  tmp = mkdtempSync(join(tmpdir(), "ch-runtimes-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: join(root, "pkg") });
  const [packed] = JSON.parse(stdout);
  project = join(tmp, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "ch-runtimes-check", version: "1.0.0", private: true, type: "module" }, null, 2));
  await run("npm", ["install", join(tmp, packed.filename), "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
  installed = join(project, "node_modules/compute-horde-sdk");
  cpSync(join(root, "tests/packaged/runtimes"), join(project, "app"), { recursive: true });
  testing = await import(pathToFileURL(join(installed, "testing/index.mjs")).href);
  sim = await testing.startLocalFacilitator({ stepMs: 20 });
});

after(async () => {
  await sim?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  console.log(`# runtimes.test.mjs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("Deno: imports the package by name from node_modules, signs and runs a job", async () => {
  const env = { ...process.env, CH_SIMULATOR_URL: sim.url, DENO_DIR: join(tmp, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const { stdout } = await run(bin("deno"), ["run", "--allow-read", "--allow-env", "--allow-net=127.0.0.1", "app/deno-bun.mjs"], { cwd: project, env });
  const out = lastJsonLine(stdout);
  assert.match(out.runtime, /^deno 2\./);
  assertChecked(out, "deno");
});

test("Bun: imports the package by name, signs and runs a job", async () => {
  const { stdout } = await run(bin("bun"), ["app/deno-bun.mjs"], { cwd: project, env: { ...process.env, CH_SIMULATOR_URL: sim.url } });
  const out = lastJsonLine(stdout);
  assert.match(out.runtime, /^bun 1\./);
  assertChecked(out, "bun");
});

/**
 * Bundles a worker the way wrangler does (esbuild, conditions workerd/worker/browser, `.wasm`
 * imports kept as modules) and serves it with workerd on 127.0.0.1, its outbound fetches
 * allowed to loopback so that it can reach the simulator. Returns the first response's JSON.
 */
async function runWorkerd(entry, conditions = ["workerd", "worker", "browser"]) {
  const dir = mkdtempSync(join(tmp, "workerd-"));
  await build({
    entryPoints: [join(project, "app", entry)], outfile: join(dir, "worker.js"), bundle: true, format: "esm",
    platform: "neutral", conditions, mainFields: ["module", "main"], logLevel: "error",
    plugins: [{
      name: "wasm-modules",
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => ({ path: "./compute_horde_sdk_bg.wasm", external: true, pluginData: args }));
      },
    }],
  });
  cpSync(join(installed, "compute_horde_sdk_bg.wasm"), join(dir, "compute_horde_sdk_bg.wasm"));
  // No Node module named anywhere, not even in a computed import (miniflare refuses those).
  assert.doesNotMatch(readFileSync(join(dir, "worker.js"), "utf8"), /node:/, "a worker bundle names no Node module");
  const port = await freePort();
  writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "compute_horde_sdk_bg.wasm", wasm = embed "compute_horde_sdk_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  bindings = [(name = "SIM_URL", text = "${sim.url}")],
  globalOutbound = "loopback",
);
`);
  const child = startServer(bin("workerd"), ["serve", "config.capnp", "--experimental"], { cwd: dir });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/ready`, 20_000, child).catch((e) => { throw new Error(`${e.message}\n${child.output}`); });
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    return { status: response.status, text, log: child.output };
  } finally {
    await stop(child);
  }
}

test("workerd: a worker importing the package at the top signs and runs a job", async () => {
  const { status, text, log } = await runWorkerd("worker-static.mjs");
  assert.equal(status, 200, `${text}\n${log}`);
  assertChecked(JSON.parse(text), "workerd static import");
});

test("workerd: a worker importing the package lazily inside fetch (no wasm compiled at request time) signs and runs a job", async () => {
  const { status, text, log } = await runWorkerd("worker-lazy.mjs");
  assert.equal(status, 200, `${text}\n${log}`);
  assertChecked(JSON.parse(text), "workerd lazy import");
});

test("workerd really forbids compiling wasm inside a request: the portable (inlined) entry fails there lazily", async () => {
  const { status, text, log } = await runWorkerd("worker-lazy.mjs", ["browser"]);
  assert.equal(status, 500, text);
  assert.match(log, /Wasm code generation disallowed by embedder/);
});

test("edge-runtime (Vercel Edge, wasm code generation off): the edge-light entry signs and runs a job", async () => {
  const { EdgeRuntime } = await import(pathToFileURL(join(root, "node_modules/edge-runtime/dist/index.js")).href);
  const bundled = await build({
    entryPoints: [join(project, "app/edge-app.mjs")], bundle: true, format: "iife", write: false,
    platform: "neutral", conditions: ["edge-light", "worker", "browser"], mainFields: ["module", "main"], logLevel: "error",
    // What Next.js and Vercel do with `import module from "x.wasm?module"`: the file is
    // compiled ahead of time and the import becomes a binding of the edge function.
    plugins: [{
      name: "wasm-module-bindings",
      setup(b) {
        b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: "wasm-binding" }));
        b.onLoad({ filter: /.*/, namespace: "wasm-binding" }, () => ({ contents: "export default globalThis.__wasm_compute_horde_sdk;", loader: "js" }));
      },
    }],
  });
  const code = bundled.outputFiles[0].text;
  assert.doesNotMatch(code, /node:/, "no Node module named in an edge bundle");
  const module = await WebAssembly.compile(readFileSync(join(installed, "compute_horde_sdk_bg.wasm")));
  const runtime = new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => Object.assign(context, { __wasm_compute_horde_sdk: module }),
  });
  assert.throws(() => runtime.evaluate("new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))"), /disallowed/, "the runtime refuses wasm from bytes");
  runtime.evaluate(code);
  const out = await runtime.evaluate(`runCheck(${JSON.stringify(sim.url)})`);
  assertChecked(JSON.parse(JSON.stringify(out)), "edge-runtime");
});

/** Opens `url` in headless Chromium and returns the JSON written into each selector. */
async function inChromium(url, selectors) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    const results = [];
    for (const selector of selectors) {
      await page.waitForSelector(`${selector}[data-done]`, { timeout: 30_000 }).catch((e) => { throw new Error(`${e.message}\n${errors.join("\n")}`); });
      results.push(JSON.parse(await page.$eval(selector, (el) => el.textContent)));
    }
    assert.deepEqual(errors, []);
    return results;
  } finally {
    await browser.close();
  }
}

test("a plain <script type=\"module\"> page, a module Web Worker and /slim with init(url) (no bundler, Chromium) sign and run jobs", async () => {
  const site = await startStaticServer(project);
  try {
    const [page, worker, slim] = await inChromium(`${site.url}app/plain.html?sim=${encodeURIComponent(sim.url)}`, ["#out", "#worker", "#slim"]);
    assertChecked(page, "plain script");
    assertChecked(worker, "module worker");
    assertChecked(slim, "slim");
    assert.equal(slim.initIdempotent, true, "a second init() returns the first one's promise");
  } finally {
    await site.close();
  }
});

/** The page of a bundled app: `script` is the bundle (or, for Vite, its entry). */
const bundledPage = (label, script) =>
  readFileSync(join(project, "app/bundled.html"), "utf8").replace("LABEL", label).replace("SCRIPT", script);

test("Vite 8 production build: the app signs and runs a job in Chromium", async () => {
  const dir = join(project, "vite-app");
  mkdirSync(dir);
  writeFileSync(join(dir, "index.html"), bundledPage("vite", "./main.mjs"));
  cpSync(join(project, "app/browser-main.mjs"), join(dir, "main.mjs"));
  cpSync(join(project, "app/check.mjs"), join(dir, "check.mjs"));
  const { stdout, stderr } = await run(bin("vite"), ["build", "--logLevel", "warn"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  assert.doesNotMatch(`${stdout}${stderr}`, /Some chunks are larger than/, "no chunk size warning");
  await checkBuiltApp(join(dir, "dist"), "vite");
});

test("webpack 5 production build: the app signs and runs a job in Chromium", async (t) => {
  const { default: webpack } = await import(pathToFileURL(join(root, "node_modules/webpack/lib/index.js")).href);
  const dir = join(project, "webpack-app");
  mkdirSync(join(dir, "dist"), { recursive: true });
  const stats = await new Promise((resolve, reject) => webpack({
    mode: "production", context: project, entry: "./app/browser-main.mjs", target: "web",
    output: { path: join(dir, "dist"), filename: "main.js" },
    resolve: { modules: [join(project, "node_modules")] },
  }, (error, result) => (error ? reject(error) : resolve(result))));
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(info.errors.map((e) => e.message), [], "webpack errors");
  writeFileSync(join(dir, "dist/index.html"), bundledPage("webpack", "./main.js").replace('type="module" ', ""));
  await checkBuiltApp(join(dir, "dist"), "webpack");
  // webpack's performance hints count raw bytes (244 KiB), which no wasm of this size passes,
  // inlined or as an asset; anything else would be a real problem.
  const warnings = info.warnings.map((w) => w.message.split("\n")[0]);
  t.diagnostic(`webpack warnings: ${JSON.stringify(warnings)}`);
  assert.deepEqual(warnings.filter((w) => !/size limit|performance recommendations/.test(w)), [], "webpack warnings");
});

test("Next.js 16 (next build + next start): a Node route handler and an edge route handler sign and run jobs", { timeout: 300_000 }, async (t) => {
  const dir = join(project, "next-app");
  mkdirSync(join(dir, "app/api/node"), { recursive: true });
  mkdirSync(join(dir, "app/api/edge"), { recursive: true });
  // Next.js and React go into the project (Turbopack compiles nothing outside it): copied with
  // their dependencies from the repository's node_modules, the versions its lockfile pinned.
  // (`npm install --offline next@…` needs the registry's package documents, which `npm ci`
  // does not cache: it failed on a fresh machine.)
  const t0 = Date.now();
  const copied = copyInstalled(["next", "react", "react-dom"], project);
  t.diagnostic(`next, react, react-dom and ${copied - 3} dependencies copied into the project: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  cpSync(join(project, "app/check.mjs"), join(dir, "check.mjs"));
  const route = (runtime) => `import * as sdk from "compute-horde-sdk";
import { check } from "../../../check.mjs";
export const runtime = "${runtime}";
export const dynamic = "force-dynamic";
export async function GET() {
  return Response.json(await check(sdk, process.env.CH_SIMULATOR_URL, "next-${runtime}"));
}
`;
  writeFileSync(join(dir, "app/api/node/route.js"), route("nodejs"));
  writeFileSync(join(dir, "app/api/edge/route.js"), route("edge"));
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CH_SIMULATOR_URL: sim.url, NO_COLOR: "1" };
  const t1 = Date.now();
  await run(process.execPath, [join(project, "node_modules/next/dist/bin/next"), "build"], { cwd: dir, env, timeout: 240_000 });
  t.diagnostic(`next build: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const port = await freePort();
  const child = startServer(process.execPath, [join(project, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 30_000, child).catch((e) => { throw new Error(`${e.message}\n${child.output}`); });
    for (const runtime of ["nodejs", "edge"]) {
      const response = await fetch(`http://127.0.0.1:${port}/api/${runtime === "nodejs" ? "node" : "edge"}`, { signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      assert.equal(response.status, 200, `${runtime}: ${text}\n${child.output}`);
      assertChecked(JSON.parse(text), `next ${runtime}`);
    }
  } finally {
    await stop(child);
  }
});

test("Node: /slim is inert until init(), then takes the .wasm export's bytes or a compiled module (ESM and CommonJS)", async () => {
  const script = `import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import init, { initSync, Keypair } from "compute-horde-sdk/slim";
const require = createRequire(import.meta.url);
const wasmPath = require.resolve("compute-horde-sdk/compute_horde_sdk_bg.wasm");
let before;
try { Keypair.fromUri("//Alice"); before = "worked"; } catch (error) { before = error.constructor.name; }
const rejected = await init().then(() => "resolved", (error) => error.constructor.name);
await init(readFileSync(wasmPath));
const esm = Keypair.fromUri("//Alice").ss58Address;
const cjs = require("compute-horde-sdk/slim");
cjs.initSync(new WebAssembly.Module(readFileSync(wasmPath)));
console.log(JSON.stringify({ before, rejected, esm, cjs: cjs.Keypair.fromUri("//Alice").ss58Address, initSync: typeof initSync }));
`;
  writeFileSync(join(project, "app/slim-node.mjs"), script);
  const { stdout } = await run(process.execPath, ["app/slim-node.mjs"], { cwd: project });
  const out = lastJsonLine(stdout);
  assert.notEqual(out.before, "worked", "nothing is loaded at import");
  assert.equal(out.rejected, "TypeError", "init() without a module says what it needs");
  assert.equal(out.esm, ALICE);
  assert.equal(out.cjs, ALICE);
  assert.equal(out.initSync, "function");
});

test("a Node bundle (esbuild --platform=node) runs with the .wasm copied beside it, and says what to do without it", async () => {
  const dir = join(project, "node-bundle");
  writeFileSync(join(project, "app/node-app.mjs"), `import * as sdk from "compute-horde-sdk";
import { check } from "./check.mjs";
console.log(JSON.stringify(await check(sdk, process.env.CH_SIMULATOR_URL, "node-bundle")));
`);
  await build({ entryPoints: [join(project, "app/node-app.mjs")], outfile: join(dir, "app.mjs"), bundle: true, platform: "node", format: "esm", logLevel: "error" });
  const missing = await run(process.execPath, [join(dir, "app.mjs")], { cwd: dir }).then(() => "ran", (error) => error.message);
  assert.match(missing, /cannot read its wasm module at .*compute_horde_sdk_bg\.wasm \(ENOENT\)\. When bundling for Node, copy node_modules\/compute-horde-sdk\/compute_horde_sdk_bg\.wasm next to the bundle/);
  cpSync(join(installed, "compute_horde_sdk_bg.wasm"), join(dir, "compute_horde_sdk_bg.wasm"));
  const { stdout } = await run(process.execPath, [join(dir, "app.mjs")], { cwd: dir, env: { ...process.env, CH_SIMULATOR_URL: sim.url } });
  assertChecked(lastJsonLine(stdout), "node bundle");
});
