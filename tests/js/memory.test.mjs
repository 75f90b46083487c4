// Objects the package hands to JS are released when JS drops them (wasm-bindgen registers each
// with a FinalizationRegistry): free() is optional. A child process (node --expose-gc) runs
// rounds of createJob + waitAll + Keypair creation against a fixed-answer server, drops
// everything, forces gc between rounds and reports the wasm memory and the number of
// ComputeHordeJob objects alive in wasm; see tests/js/memory-child.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));
const ROUNDS = 10;
const JOBS = 300;
// Slack over the first rounds' peak: four 64 KiB wasm pages (allocator fragmentation), and
// 2 MB of JS heap (V8's own caches). A leak of 100 bytes per request shows in the heap within 10 rounds.
const WASM_SLACK = 4 * 65536;
const HEAP_SLACK = 2 * 1024 * 1024;

function runChild(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", CHILD, JSON.stringify(options)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(stdout.trim().split("\n").map((line) => JSON.parse(line)));
    });
  });
}

/** What an ES module script run in a fresh `node --expose-gc` writes to stdout, as JSON. */
function runScript(script) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { timeout: 50_000 }, (error, stdout, stderr) =>
      (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
  });
}

/** The threshold from the first three rounds, and the rounds after them. */
function split(rounds, key, slack) {
  const threshold = Math.max(...rounds.slice(0, 3).map((r) => r[key])) + slack;
  return { threshold, later: rounds.slice(3) };
}

test(`${ROUNDS} rounds of ${JOBS} createJob + waitAll, 50 keypairs and a client each, dropped without free(): wasm memory steady, nothing left alive`, { timeout: 90_000 }, async () => {
  const rounds = await runChild({ rounds: ROUNDS, jobs: JOBS, keypairs: 50, wait: true });
  assert.equal(rounds.length, ROUNDS);
  for (const r of rounds) assert.equal(r.liveJobs, 0, `round ${r.round}: ${r.liveJobs} ComputeHordeJob objects still in wasm memory after gc`);
  const wasm = split(rounds, "wasmBytes", WASM_SLACK);
  for (const r of wasm.later) assert.ok(r.wasmBytes <= wasm.threshold, `round ${r.round}: wasm memory ${r.wasmBytes} B > ${wasm.threshold} B (first rounds + slack)`);
  const heap = split(rounds, "heapBytes", HEAP_SLACK);
  for (const r of heap.later) assert.ok(r.heapBytes <= heap.threshold, `round ${r.round}: JS heap ${r.heapBytes} B > ${heap.threshold} B`);
  console.log(`# memory: wasm ${rounds.map((r) => (r.wasmBytes / 1048576).toFixed(2)).join(" ")} MB over ${ROUNDS} rounds of ${JOBS} jobs (threshold ${(wasm.threshold / 1048576).toFixed(2)} MB)`);
});

test("the same measurement sees jobs that are kept: held rounds grow the live count and the wasm memory", { timeout: 90_000 }, async () => {
  const held = [3, 4, 5, 6, 7];
  const rounds = await runChild({ rounds: 8, jobs: JOBS, keypairs: 50, wait: true, hold: held });
  for (const r of rounds) {
    const expected = JOBS * held.filter((h) => h <= r.round).length;
    assert.equal(r.liveJobs, expected, `round ${r.round}: live job objects`);
  }
  const wasm = split(rounds, "wasmBytes", WASM_SLACK);
  assert.ok(rounds[7].wasmBytes > wasm.threshold, `holding ${held.length * JOBS} jobs: wasm ${rounds[7].wasmBytes} B should exceed ${wasm.threshold} B`);
});

// Every request with a timeout (requestTimeoutSec) arms a timer whose wasm closure is made with
// Closure::once_into_js; clearing the timer means the closure is never called, so it is never
// freed (wasm-bindgen documents this), and it holds the request's AbortController. Fixed in
// src/wasm/platform.rs (the fetch glue), not here: until then this is a known failure.
test("requests with requestTimeoutSec leave nothing behind either", { timeout: 90_000 }, async () => {
  const rounds = await runChild({ rounds: ROUNDS, jobs: JOBS, keypairs: 0, wait: true, requestTimeoutSec: 30 });
  for (const r of rounds) assert.equal(r.liveJobs, 0);
  const heap = split(rounds, "heapBytes", HEAP_SLACK);
  for (const r of heap.later) assert.ok(r.heapBytes <= heap.threshold, `round ${r.round}: JS heap ${r.heapBytes} B > ${heap.threshold} B`);
  const wasm = split(rounds, "wasmBytes", WASM_SLACK);
  for (const r of wasm.later) assert.ok(r.wasmBytes <= wasm.threshold, `round ${r.round}: wasm memory ${r.wasmBytes} B > ${wasm.threshold} B`);
});

// waitAll takes each job through a handle the job lends it (a second JS object on the same
// state), so that nothing is parked in wasm memory between lending and taking: an item that is
// not a job, half-way through the array, rejects and every handle already lent is released.
test("waitAll refuses items that are not jobs, naming their index, and keeps no lent handle", { timeout: 60_000 }, async () => {
  const pkg = new URL("../../pkg/index.mjs", import.meta.url).href;
  const fixed = new URL("./fixed-server.mjs", import.meta.url).href;
  const script = `
    const { ComputeHordeClient, Keypair } = await import(${JSON.stringify(pkg)});
    const { startFixedServer } = await import(${JSON.stringify(fixed)});
    const server = await startFixedServer();
    const hotkey = Keypair.fromUri("//Alice");
    const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", facilitatorUrl: server.url });
    const jobs = [];
    for (let i = 0; i < 20; i++) jobs.push(await client.createJob({ executorClass: "always_on.test", jobNamespace: "SN12.0", dockerImage: "alpine:3.20" }));
    const settle = async () => { for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } };
    await settle();
    const before = ComputeHordeClient.__liveJobObjects();
    const bad = [{}, { __lend: () => 1 }, { __lend() { throw new Error("no"); } }, hotkey, { __lend: () => hotkey.__forClient() }];
    const errors = [];
    for (let round = 0; round < 50; round++) {
      for (const item of bad) {
        try { await client.waitAll([...jobs, item]); errors.push(null); } catch (e) { errors.push({ name: e.name, field: e.field }); }
      }
    }
    await settle();
    const after = ComputeHordeClient.__liveJobObjects();
    // A forwarding object whose __lend is a real job's is no job either: the boundary admits
    // only the module's own, live instances.
    const forwarded = await client.waitAll([{ __lend: () => jobs[0].__lend() }]).then(() => null, (e) => e.field);
    await client.waitAll(jobs);
    process.stdout.write(JSON.stringify({ before, after, errors: errors.slice(0, bad.length), count: errors.length, forwarded, status: jobs[0].status }));
    await server.close();
  `;
  const out = await runScript(script);
  assert.equal(out.count, 250);
  assert.deepEqual(out.errors, Array(5).fill({ name: "TypeError", field: "jobs[20]" }));
  assert.equal(out.before, 20, "the 20 jobs");
  assert.equal(out.after, 20, "250 refused waitAll calls left no lent handle alive");
  assert.equal(out.forwarded, "jobs[0]", "a forwarding object is refused, naming its index");
  assert.equal(out.status, "completed", "the real jobs are still watched after the refusals");
});

// The wasm memory grows by at least 1/32 of its size at a time (src/alloc.rs): a page at a
// time, each memory.grow costing V8 more the larger the memory, made every call 5x slower by
// the time 80,000 jobs were held. Holding 20,000 jobs (~60 MB) takes ~900 one-page grows; by
// 1/32 steps about 130, and the memory stays within a few % of what the jobs need.
test("holding 20,000 jobs grows the wasm memory in a few large steps, not page by page", { timeout: 60_000 }, async () => {
  const pkg = new URL("../../pkg/index.mjs", import.meta.url).href;
  const fixed = new URL("./fixed-server.mjs", import.meta.url).href;
  const script = `
    const { ComputeHordeClient, Keypair } = await import(${JSON.stringify(pkg)});
    const { jobJson } = await import(${JSON.stringify(fixed)});
    const uuid = "00000000-0000-4000-8000-000000000000";
    const text = jobJson(uuid, "completed");
    const headers = new Headers({ "content-type": "application/json" });
    const answer = (body) => ({ status: 200, headers, body: null, text: async () => body });
    const fetch = async (url) => answer(url.endsWith("auth/nonce") ? '{"nonce":"n"}' : url.endsWith("auth/login") ? '{"token":"t"}' : text);
    const client = new ComputeHordeClient({ hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", facilitatorUrl: "http://127.0.0.1:9/", fetch });
    await client.authenticate();
    const held = [];
    const start = ComputeHordeClient.__wasmMemoryBytes();
    let size = start, grows = 0, largest = 0;
    for (let i = 0; i < 20000; i++) {
      held.push(await client.getJob(uuid));
      const now = ComputeHordeClient.__wasmMemoryBytes();
      if (now !== size) { grows++; largest = Math.max(largest, now - size); size = now; }
    }
    process.stdout.write(JSON.stringify({ start, end: size, grows, largest, held: held.length, live: ComputeHordeClient.__liveJobObjects() }));
  `;
  const out = await runScript(script);
  assert.equal(out.live, 20000, "every job held is alive in wasm memory");
  const grownMb = (out.end - out.start) / 1048576;
  assert.ok(grownMb > 40, `20,000 jobs need tens of MB: grew ${grownMb.toFixed(1)} MB`);
  assert.ok(out.grows <= 200, `${out.grows} memory.grow steps for ${grownMb.toFixed(1)} MB (a page at a time: ~${Math.round(grownMb * 16)})`);
  assert.ok(out.largest <= out.end / 32 + 2 * 65536, `largest step ${out.largest} B: at most 1/32 of the memory (${out.end} B) and what one allocation needs`);
  console.log(`# memory growth: ${grownMb.toFixed(1)} MB for 20,000 jobs held in ${out.grows} steps (largest ${(out.largest / 1048576).toFixed(2)} MB)`);
});
