// The package as users get it: `npm pack` of pkg/, installed with `npm install <tarball>` into a
// fresh project outside the repository (so nothing resolves to the repo's files), then used
// from a Node ESM script, a Node CommonJS script, TypeScript (tsc, module nodenext) and a
// browser app bundled with esbuild running in headless Debian Chromium. Needs pkg/ built
// (scripts/build-pkg.sh); the fixtures are in tests/packaged/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, root, startStaticServer } from "./harness.mjs";

const FIXTURES = ["esm-job.mjs", "cjs-job.cjs", "browser-app.js", "index.html", "types-usage.mts", "types-usage.cts", "types-worker.mts", "types-slim.mts", "types-slim.cts"];
const REQUIRED_FILES = ["package.json", "index.mjs", "index.cjs", "index.d.ts", "index.d.cts", "README.md", "LICENSE",
  "node.mjs", "node.cjs", "workerd.mjs", "edge-light.mjs", "slim.mjs", "slim.cjs", "slim.d.ts", "slim.d.cts",
  "compute_horde_sdk_bg.wasm",
  "testing/index.mjs", "testing/index.cjs", "testing/index.d.ts", "testing/cli.mjs",
  "relay/index.mjs", "relay/index.cjs", "relay/index.d.ts",
  "streaming/index.mjs", "streaming/index.cjs", "streaming/index.d.ts"];
/** Everything a file of the tarball may be: built entries, their declarations, the wasm, docs. */
const ALLOWED_FILE = /^(?:(?:testing\/|relay\/|streaming\/)?index\.(?:mjs|cjs|d\.ts|d\.cts)|(?:node|slim)\.(?:mjs|cjs)|slim\.d\.c?ts|(?:workerd|edge-light)\.mjs|testing\/cli\.mjs|compute_horde_sdk_bg\.wasm|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

const execFileAsync = promisify(execFile);
/** Runs a command without blocking this process (a simulator may be serving it). */
async function run(file, args, options) {
  try {
    return await execFileAsync(file, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ""}\n${error.stderr ?? ""}`.trim();
    throw new Error(`${file} ${args.slice(0, 3).join(" ")} failed (${error.code ?? error.signal}): ${output.slice(0, 800)}`);
  }
}
const lastJsonLine = (stdout) => JSON.parse(stdout.trim().split("\n").at(-1));

let tmp, project, packed, installedTesting;

before(async () => {
  if (!existsSync(join(root, "pkg/relay/index.mjs"))) throw new Error("pkg/ is not built: run bash scripts/build-pkg.sh");
  tmp = mkdtempSync(join(tmpdir(), "ch-packaged-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: join(root, "pkg") });
  [packed] = JSON.parse(stdout);
  project = join(tmp, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "ch-packaged-check", version: "1.0.0", private: true }, null, 2));
  // The dependencies (@noble/hashes, @scure/sr25519) come from the npm cache when it has them.
  await run("npm", ["install", join(tmp, packed.filename), "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, timeout: 120_000 });
  for (const file of FIXTURES) cpSync(join(root, "tests/packaged", file), join(project, file));
  installedTesting = await import(pathToFileURL(join(project, "node_modules/compute-horde-sdk/testing/index.mjs")).href);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the tarball holds the entry points, their declarations and the wasm, and nothing else", (t) => {
  const files = packed.files.map((f) => f.path).sort();
  t.diagnostic(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} bytes unpacked, ${files.length} files`);
  for (const f of packed.files) t.diagnostic(`  ${f.path} ${f.size}`);
  for (const file of REQUIRED_FILES) assert.ok(files.includes(file), `${file} is in the tarball`);
  assert.deepEqual(files.filter((f) => !ALLOWED_FILE.test(f)), [], "no source, map, test or dot file");
  assert.ok(packed.size < 2_000_000, `packed size ${packed.size}`);

  const installed = join(project, "node_modules/compute-horde-sdk");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  assert.equal(manifest.name, "compute-horde-sdk");
  const targets = [];
  const walk = (value) => (typeof value === "string" ? targets.push(value) : Object.values(value).forEach(walk));
  walk(manifest.exports);
  for (const target of [...targets, manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {})]) {
    assert.ok(existsSync(join(installed, target)), `${target} (named in package.json) exists`);
  }
  for (const file of files.filter((f) => /\.(?:mjs|cjs|ts|cts|json)$/.test(f))) {
    const text = readFileSync(join(installed, file), "utf8");
    assert.doesNotMatch(text, /sourceMappingURL/, `${file}: no source map reference`);
    assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----|\bnpm_[A-Za-z0-9]{36}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b/, `${file}: no credential`);
    assert.ok(!text.includes(root) && !text.includes(tmpdir()), `${file}: no path of the build machine`);
  }
});

test("Node ESM: a fresh project imports the package by name and runs jobs against compute-horde-sdk/testing, directly and through compute-horde-sdk/relay", async () => {
  const { stdout } = await run(process.execPath, ["esm-job.mjs"], { cwd: project });
  const out = lastJsonLine(stdout);
  assert.ok(out.resolved === null || out.resolved.startsWith(pathToFileURL(project).href), `resolved from the project: ${out.resolved}`);
  assert.deepEqual(out.direct, { status: "completed", stdout: "esm direct\n" });
  assert.deepEqual(out.relayed, { status: "completed", stdout: "esm relayed\n" });
  assert.equal(out.jobsCreated, 2);
  assert.equal(out.signedFieldsVerified, 2);
});

test("Node CommonJS: require('compute-horde-sdk') runs a job against a simulator given by URL", async () => {
  const sim = await installedTesting.startLocalFacilitator({ stepMs: 20 });
  try {
    const { stdout } = await run(process.execPath, ["cjs-job.cjs"], { cwd: project, env: { ...process.env, CH_SIMULATOR_URL: sim.url } });
    assert.deepEqual(lastJsonLine(stdout), { status: "completed", stdout: "cjs job\n", notFoundIsComputeHordeError: true, relayExports: ["function", "function"] });
    assert.equal(sim.stats().signatures.verified.signedFields, 1);
  } finally {
    await sim.close();
  }
});

test("Node CommonJS: require('compute-horde-sdk/testing') works without require(esm) (Node 18, 20 < 20.19, 22 < 22.12)", {
  skip: !process.allowedNodeEnvironmentFlags.has("--no-experimental-require-module") && "this Node cannot turn require(esm) off",
}, async () => {
  const { stdout } = await run(process.execPath, ["--no-experimental-require-module", "-e", "console.log(typeof require('compute-horde-sdk/testing').startLocalFacilitator)"], { cwd: project });
  assert.equal(stdout.trim(), "function");
});

test("TypeScript (strict, module nodenext): the installed declarations type-check from ESM and CommonJS files (the main entry and /slim), and the relay's without @types/node", async () => {
  const tsc = join(root, "node_modules/.bin/tsc");
  const compilerOptions = {
    strict: true, noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true,
    target: "es2022", module: "nodenext", moduleResolution: "nodenext",
  };
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { ...compilerOptions, lib: ["es2022", "dom"], typeRoots: [join(root, "node_modules/@types")], types: ["node"] },
    files: ["types-usage.mts", "types-usage.cts", "types-slim.mts", "types-slim.cts"],
  }));
  writeFileSync(join(project, "tsconfig.worker.json"), JSON.stringify({
    compilerOptions: { ...compilerOptions, lib: ["es2022", "webworker"], types: [] },
    files: ["types-worker.mts"],
  }));
  await run(tsc, ["-p", "tsconfig.json", "--pretty", "false"], { cwd: project });
  await run(tsc, ["-p", "tsconfig.worker.json", "--pretty", "false"], { cwd: project });
});

test("browser: an app bundled with esbuild from the installed package runs a job in headless Chromium", async (t) => {
  if (!existsSync("/usr/bin/chromium")) throw new Error("Debian chromium is not installed (make setup-browser)");
  await run(join(root, "node_modules/.bin/esbuild"), ["browser-app.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=dist/app.js", "--log-level=warning"], { cwd: project });
  const bundle = readFileSync(join(project, "dist/app.js"), "utf8");
  t.diagnostic(`dist/app.js: ${statSync(join(project, "dist/app.js")).size} bytes`);
  assert.doesNotMatch(bundle, /\bfrom\s*["']node:|\brequire\(["']node:/, "no static Node import in a browser bundle");

  const sim = await installedTesting.startLocalFacilitator({ stepMs: 40 });
  const site = await startStaticServer(project);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${site.url}index.html?sim=${encodeURIComponent(sim.url)}`);
    await page.waitForSelector("#out[data-done]", { timeout: 30_000 });
    const out = await page.$eval("#out", (el) => ({ status: el.dataset.status, text: el.textContent }));
    assert.deepEqual(out, { status: "completed", text: "bundled app\n" }, errors.join("\n"));
    assert.deepEqual(errors, []);
    assert.equal(sim.stats().signatures.verified.signedFields, 1);
  } finally {
    await browser.close();
    await site.close();
    await sim.close();
  }
});

test("browser: esbuild bundles the package for the browser with no extra flag", {
}, async () => {
  await run(join(root, "node_modules/.bin/esbuild"), ["browser-app.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=dist/plain.js", "--log-level=error"], { cwd: project });
});
