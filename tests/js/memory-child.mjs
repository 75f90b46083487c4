// Child process of tests/js/memory.test.mjs and bench/scale.mjs: rounds of create + wait + drop
// against the fixed-answer server, never calling free(); after each round it (optionally)
// forces gc, lets the FinalizationRegistry callbacks run, and prints one JSON line:
//   {"round", "wasmBytes", "liveJobs", "rssBytes", "heapBytes", "ms", "gcs"}
// Options (argv[2], JSON): rounds, jobs (creates per round), keypairs (Keypair objects made per
// round), wait (waitAll on the round's jobs), requestTimeoutSec, hold (round numbers whose
// objects are kept: a deliberate leak, to show that the measurement sees one), gc (default
// true when run with --expose-gc), concurrency.
import { pathToFileURL } from "node:url";
import { startFixedServer } from "./fixed-server.mjs";

const opts = { rounds: 10, jobs: 500, keypairs: 50, wait: true, concurrency: 16, hold: [], ...JSON.parse(process.argv[2] ?? "{}") };
const pkg = process.env.SDK_PKG ?? new URL("../../pkg/index.mjs", import.meta.url).href;
const { Keypair, ComputeHordeClient, ComputeHordeJob } = await import(pkg.startsWith("file:") ? pkg : pathToFileURL(pkg).href);
const forceGc = opts.gc ?? typeof globalThis.gc === "function";

const server = await startFixedServer();
const validator = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const spec = { executorClass: "always_on.test", jobNamespace: "SN12.0", dockerImage: "alpine:3.20", args: ["echo", "x"], env: { A: "1" }, artifactsDir: "/artifacts" };
const held = [];
const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const liveHeld = () => held.filter(Array.isArray).reduce((n, list) => n + list.filter((x) => x instanceof ComputeHordeJob).length, 0);

/** One round; everything it makes is unreachable when it returns, unless the round is held. */
async function runRound(round) {
  const t0 = performance.now();
  // A client and its hotkey per round too: they must go away with their jobs.
  const hotkey = Keypair.fromSeed(new Uint8Array(32).fill(round % 251 + 1));
  const client = new ComputeHordeClient({
    hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: server.url, pollIntervalSec: 0.01,
    ...(opts.requestTimeoutSec ? { requestTimeoutSec: opts.requestTimeoutSec } : {}),
  });
  const jobs = new Array(opts.jobs);
  let next = 0;
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (next < opts.jobs) {
      const i = next++;
      jobs[i] = await client.createJob(spec);
    }
  }));
  if (opts.wait) await client.waitAll(jobs);
  if (jobs.some((job) => job.status !== (opts.wait ? "completed" : "sent"))) throw new Error("a job has the wrong status");
  const keypairs = [];
  for (let i = 0; i < opts.keypairs; i++) keypairs.push(Keypair.fromSeed(new Uint8Array(32).fill(i % 251 + 1)));
  if (opts.hold.includes(round)) held.push(jobs, keypairs, client);
  return performance.now() - t0;
}

for (let round = 0; round < opts.rounds; round++) {
  const ms = await runRound(round);
  // FinalizationRegistry callbacks run as tasks some time after the collection that found the
  // objects dead: collect and wait until none of the round's jobs is left (or 50 tries).
  let gcs = 0;
  if (forceGc) {
    do { globalThis.gc(); gcs++; await tick(10); } while (ComputeHordeClient.__liveJobObjects() > liveHeld() && gcs < 50);
  } else {
    await tick(0);
  }
  process.stdout.write(JSON.stringify({
    round, ms, wasmBytes: ComputeHordeClient.__wasmMemoryBytes(), liveJobs: ComputeHordeClient.__liveJobObjects(),
    rssBytes: process.memoryUsage.rss(), heapBytes: process.memoryUsage().heapUsed, held: held.length > 0, gcs,
  }) + "\n");
}
await server.close();
