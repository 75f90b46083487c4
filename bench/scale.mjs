// Watching many jobs, and memory: what 10,000 jobs cost next to 1,000.
//
// 1. watch: create N jobs against the simulator (a child process), client.waitAll(jobs), drop
//    them, then (first run of each N) do it all again: watching requests, wall time, peak RSS, wasm memory after the
//    creates, after the watch, and after the second round (it must not grow: what the first
//    round used was given back). Each N runs in a fresh Node process (wasm memory never
//    shrinks, so peaks of one process cannot be told apart), ROUNDS times, 1k and 10k
//    interleaved; medians. The simulator's and the client's CPU seconds say which one bounds
//    each phase.
// 2. footprint: wasm bytes per completed job object held (N getJob results from the
//    fixed-answer server), so that waitAll's own memory per job = watch peak − footprint.
// 3. churn: 100,000 createJob + drop, never free(), no forced gc, against the fixed-answer
//    server: wasm memory every 10,000 creates must level off.
// Targets: watching requests linear in batches; waitAll ≤ 2 KB per job beyond the job objects;
// the second round does not grow wasm memory; churn reaches a steady wasm memory.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PKG_ESM, echoSpec, environment, fmt, heading, median, min, max, nowMs, pool, printVerdicts, startSimulator, table, verdict, watchRequests } from "./lib.mjs";

const SELF = fileURLToPath(import.meta.url);
const MB = 1048576;

// ---- child process: one measurement --------------------------------------------------------
if (process.argv[2] === "--child") {
  const task = JSON.parse(process.argv[3]);
  const { Keypair, ComputeHordeClient } = await import(pathToFileURL(PKG_ESM).href);
  const hotkey = Keypair.fromUri("//Alice");
  const validator = Keypair.fromUri("//Bob").ss58Address;
  const wasm = () => ComputeHordeClient.__wasmMemoryBytes();
  const cpuSec = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
  const out = {};
  if (task.mode === "watch") {
    const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: task.url, pollIntervalSec: task.pollSec });
    await client.authenticate();
    const spec = echoSpec(0);
    out.wasmStart = wasm();
    // The parent reads the simulator's counters and CPU between the phases of the first round.
    const phase = (name) => new Promise((resolve) => { process.once("message", resolve); process.send({ phase: name }); });
    const round = async (first) => {
      const jobs = new Array(task.n);
      const t0 = nowMs();
      const c0 = cpuSec();
      await pool(task.n, 64, async (i) => { jobs[i] = await client.createJob(spec); });
      const r = { createMs: nowMs() - t0, createCpu: cpuSec() - c0, wasmCreated: wasm() };
      if (first) await phase("created");
      const t1 = nowMs();
      const c1 = cpuSec();
      await client.waitAll(jobs);
      Object.assign(r, { watchMs: nowMs() - t1, watchCpu: cpuSec() - c1, wasmWatched: wasm() });
      if (first) await phase("watched");
      const open = jobs.filter((j) => j.status !== "completed").length;
      if (open) throw new Error(`${open} jobs did not complete`);
      return r;
    };
    await phase("start");
    out.first = await round(true);
    out.maxRssAfterFirst = process.resourceUsage().maxRSS * 1024;
    // Dropped (the round's array is gone): collect, then the same again in the same memory.
    if (typeof globalThis.gc === "function") { for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } }
    out.liveAfterDrop = ComputeHordeClient.__liveJobObjects();
    out.wasmAfterDrop = wasm();
    if (task.second) out.second = await round(false);
    out.liveAtEnd = ComputeHordeClient.__liveJobObjects();
    out.maxRss = process.resourceUsage().maxRSS * 1024;
  } else if (task.mode === "footprint") {
    const { jobJson } = await import(pathToFileURL(fileURLToPath(new URL("../tests/js/fixed-server.mjs", import.meta.url))).href);
    const uuid = "00000000-0000-4000-8000-000000000000";
    const text = jobJson(uuid, "completed");
    const answer = (body) => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
    const fetch = async (url) => answer(url.endsWith("auth/nonce") ? '{"nonce":"n"}' : url.endsWith("auth/login") ? '{"token":"t"}' : text);
    const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: "http://127.0.0.1:9/", fetch });
    await client.authenticate();
    const held = [];
    for (let i = 0; i < 500; i++) held.push(await client.getJob(uuid)); // allocator warm-up
    const w0 = wasm();
    for (let i = 0; i < task.n; i++) held.push(await client.getJob(uuid));
    out.bytesPerJob = (wasm() - w0) / task.n;
    out.jsonBytes = text.length;
  } else if (task.mode === "churn") {
    const { startFixedServer } = await import(pathToFileURL(fileURLToPath(new URL("../tests/js/fixed-server.mjs", import.meta.url))).href);
    const server = await startFixedServer();
    const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: server.url });
    await client.authenticate();
    const spec = echoSpec(0);
    out.samples = [];
    const t0 = nowMs();
    let done = 0;
    await pool(task.n, 16, async () => {
      const job = await client.createJob(spec); // dropped at once, never freed
      if (job.status !== "sent") throw new Error("unexpected status");
      if (++done % task.every === 0) out.samples.push({ done, wasm: wasm(), live: ComputeHordeClient.__liveJobObjects(), heap: process.memoryUsage().heapUsed });
    });
    out.ms = nowMs() - t0;
    out.maxRss = process.resourceUsage().maxRSS * 1024;
    await server.close();
  }
  await new Promise((resolve) => process.send({ phase: "done", out }, resolve));
  process.exit(0);
}

// ---- parent ------------------------------------------------------------------------------------
const ROUNDS = Math.max(1, Number(process.env.BENCH_SCALE_ROUNDS ?? 5)); // 5 for the figures; fewer for a quick look
const SIZES = (process.env.BENCH_SCALE_SIZES ?? "1000,10000").split(",").map(Number);
const CHURN_N = Number(process.env.BENCH_CHURN_N ?? 100_000);
const POLL_SEC = 1;
const STEP_MS = Number(process.env.BENCH_SCALE_STEP_MS ?? 300); // jobs complete 6 steps after creation
const PER_JOB_TARGET = 2048;
/** Growth that is allocator slack, not a leak: four 64 KiB wasm pages or 1 % of the peak. */
const slack = (peak) => Math.max(4 * 65536, 0.01 * peak);

/** Runs a child process; `onPhase(name)` (async) runs at each phase it reports. */
function child(task, { gc = false, onPhase = async () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const proc = fork(SELF, ["--child", JSON.stringify(task)], { execArgv: gc ? ["--expose-gc"] : [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result = null;
    proc.on("message", async (msg) => {
      if (msg.phase === "done") { result = msg.out; return; }
      await onPhase(msg.phase);
      proc.send({ ack: msg.phase });
    });
    proc.on("error", reject);
    proc.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${task.mode} child exited with ${code}`))));
  });
}

/** CPU seconds (user + system) of another process, from /proc (Linux). */
function processCpuSec(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

environment("scale");
/** uuids per list request: the client keeps a request line under 8,000 bytes. */
const perRequestFor = (url) => Math.floor((8000 - (url.length + "api/v1/jobs/?page=1&page_size=256".length)) / ("&uuid=".length + 36));
console.log(`  a fresh simulator (child process) and a fresh client process per run; ${ROUNDS} runs per size`);
const runs = Object.fromEntries(SIZES.map((n) => [n, []]));
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const n of r % 2 === 0 ? SIZES : [...SIZES].reverse()) {
      // Jobs complete 6 steps after creation: long enough to outlive the create phase.
      const stepMs = Math.max(STEP_MS, n * 0.3);
      const s = await startSimulator({ stepMs, maxSignatureAgeSec: null });
      const pid = Number(/child process (\d+)/.exec(s.where)?.[1]);
      const marks = {};
      let result;
      try {
        // The second round (same work again after the drop) only in the first run of a size.
        result = await child({ mode: "watch", n, url: s.url, pollSec: POLL_SEC, second: r === 0 }, {
          gc: true,
          onPhase: async (name) => { marks[name] = { stats: await s.stats(), simCpu: processCpuSec(pid), at: nowMs() }; },
        });
      } finally {
        await s.close();
      }
      const created = marks.created.stats;
      const watched = marks.watched.stats;
      result.stepMs = stepMs;
      result.perRequest = perRequestFor(s.url);
      result.lists = watched.requests.byEndpoint.listJobs - created.requests.byEndpoint.listJobs;
      result.gets = watched.requests.byEndpoint.getJob - created.requests.byEndpoint.getJob;
      result.watchRequests = watchRequests(watched) - watchRequests(created);
      result.simCreateCpu = marks.created.simCpu - marks.start.simCpu;
      result.simWatchCpu = marks.watched.simCpu - marks.created.simCpu;
      runs[n].push(result);
      console.log(`  run ${r + 1}/${ROUNDS}, ${n} jobs: create ${fmt(result.first.createMs / 1000, 1)} s, watch ${fmt(result.first.watchMs / 1000, 1)} s,` +
        ` ${result.watchRequests} watching requests, wasm ${fmt(result.first.wasmWatched / MB, 1)} MB, peak RSS ${fmt(result.maxRss / MB, 0)} MB`);
    }
  }
} finally {
  // each run closes its simulator
}
const withSecond = (n) => runs[n].filter((x) => x.second);
const growth = (n) => median(withSecond(n).map((x) => x.second.wasmWatched - x.first.wasmWatched));

// footprint of a completed job object, and the churn loop
const footprint = await child({ mode: "footprint", n: 10_000 });
console.log(`  footprint: ${fmt(footprint.bytesPerJob, 0)} B of wasm memory per completed job object held (its JSON: ${footprint.jsonBytes} B)`);
const churn = await child({ mode: "churn", n: CHURN_N, every: CHURN_N / 10 });

const med = (n, f) => median(runs[n].map(f));
const perRequest = runs[SIZES[0]][0].perRequest;
heading(`scale: waitAll over N jobs against the simulator (${ROUNDS} runs each, interleaved, medians; pollIntervalSec ${POLL_SEC}; ≤ ${perRequest} uuids per list request)`);
table(["N", "stepMs", "create s", "watch s", "watch requests", "list / get", "polls (lists ÷ batches)", "client CPU s create / watch", "simulator CPU s create / watch", "peak RSS MB", "wasm MB: start / created / watched / 2nd round"],
  SIZES.map((n) => {
    const batches = Math.ceil(n / perRequest);
    return [n, fmt(med(n, (x) => x.stepMs), 0), fmt(med(n, (x) => x.first.createMs / 1000), 1), fmt(med(n, (x) => x.first.watchMs / 1000), 1),
      fmt(med(n, (x) => x.watchRequests), 0), `${fmt(med(n, (x) => x.lists), 0)} / ${fmt(med(n, (x) => x.gets), 0)}`,
      fmt(med(n, (x) => x.lists / batches), 1),
      `${fmt(med(n, (x) => x.first.createCpu), 1)} / ${fmt(med(n, (x) => x.first.watchCpu), 1)}`,
      `${fmt(med(n, (x) => x.simCreateCpu), 1)} / ${fmt(med(n, (x) => x.simWatchCpu), 1)}`,
      fmt(med(n, (x) => x.maxRss / MB), 0),
      [x => x.wasmStart, x => x.first.wasmCreated, x => x.first.wasmWatched].map((f) => fmt(med(n, f) / MB, 1)).join(" / ") +
        ` / ${fmt(median(withSecond(n).map((x) => x.second.wasmWatched)) / MB, 1)}`];
  }));

const perJob = Object.fromEntries(SIZES.map((n) => [n, med(n, (x) => (x.first.wasmWatched - x.wasmStart) / n)]));
const waitAllPerJob = Object.fromEntries(SIZES.map((n) => [n, perJob[n] - footprint.bytesPerJob]));
console.log("");
table(["N", "wasm B per job (watched − start) / N", "completed job object", "waitAll's own B per job", "requests per poll", "live jobs after drop", "2nd round growth"],
  SIZES.map((n) => [n, fmt(perJob[n], 0), fmt(footprint.bytesPerJob, 0), fmt(waitAllPerJob[n], 0), fmt(Math.ceil(n / perRequest), 0),
    fmt(med(n, (x) => x.liveAfterDrop), 0), `${fmt(growth(n) / 1024, 0)} KB`]));
for (const n of SIZES) {
  const cu = med(n, (x) => x.first.createCpu / (x.first.createMs / 1000));
  const su = med(n, (x) => x.simCreateCpu / (x.first.createMs / 1000));
  const cw = med(n, (x) => x.first.watchCpu / (x.first.watchMs / 1000));
  const sw = med(n, (x) => x.simWatchCpu / (x.first.watchMs / 1000));
  console.log(`  N ${n}: core use while creating: client ${fmt(100 * cu, 0)} %, simulator ${fmt(100 * su, 0)} %; while watching: client ${fmt(100 * cw, 0)} %, simulator ${fmt(100 * sw, 0)} %` +
    ` (watching ends one poll after the last job completes: ${fmt(med(n, (x) => x.stepMs * 6 / 1000), 1)} s after its creation)`);
}

heading(`scale: ${CHURN_N.toLocaleString("en")} createJob + drop against the fixed-answer server, never free(), no forced gc (16 in flight)`);
table(["creates", "wasm MB", "job objects alive", "JS heap MB"], churn.samples.map((x) => [x.done, fmt(x.wasm / MB, 1), x.live, fmt(x.heap / MB, 1)]));
const lastHalf = churn.samples.slice(Math.floor(churn.samples.length / 2));
const firstHalfPeak = max(churn.samples.slice(0, Math.floor(churn.samples.length / 2)).map((x) => x.wasm));
const churnGrowth = max(lastHalf.map((x) => x.wasm)) - firstHalfPeak;
const churnSteady = churnGrowth <= slack(firstHalfPeak);
console.log(`  ${fmt(churn.ms / 1000, 1)} s, peak RSS ${fmt(churn.maxRss / MB, 0)} MB; steady = the second half grows at most ${fmt(slack(firstHalfPeak) / 1024, 0)} KB` +
  ` (4 wasm pages or 1 %) over the first half's peak: it grew ${fmt(churnGrowth / 1024, 0)} KB`);

const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
const reqRatio = med(large, (x) => x.lists / Math.ceil(large / perRequest)) / med(small, (x) => x.lists / Math.ceil(small / perRequest));
verdict(`watching ${large} vs ${small} jobs: ${fmt(med(large, (x) => x.watchRequests), 0)} vs ${fmt(med(small, (x) => x.watchRequests), 0)} requests = ` +
  `${fmt(med(large, (x) => x.lists / Math.ceil(large / perRequest)), 1)} vs ${fmt(med(small, (x) => x.lists / Math.ceil(small / perRequest)), 1)} polls × batches of ≤ ${perRequest} (linear in batches; gets ${fmt(med(large, (x) => x.gets), 0)})`,
  med(large, (x) => x.gets) === 0 && Number.isFinite(reqRatio));
for (const n of SIZES) {
  verdict(`waitAll ${n} jobs: ${fmt(waitAllPerJob[n], 0)} B of wasm memory per job beyond the job objects (${fmt(footprint.bytesPerJob, 0)} B each) (target ≤ ${PER_JOB_TARGET})`, waitAllPerJob[n] <= PER_JOB_TARGET);
  verdict(`${n} jobs dropped: ${fmt(med(n, (x) => x.liveAfterDrop), 0)} job objects left after gc, a second round grows wasm memory by ${fmt(growth(n) / 1024, 0)} KB (target: allocator slack only, ≤ 4 pages or 1 %)`,
    med(n, (x) => x.liveAfterDrop) === 0 && growth(n) <= med(n, (x) => slack(x.first.wasmWatched)));
}
verdict(`${CHURN_N.toLocaleString("en")} create + drop without free() or forced gc: wasm ${fmt(churn.samples[0].wasm / MB, 1)} → ${fmt(churn.samples[churn.samples.length - 1].wasm / MB, 1)} MB, peak ${fmt(max(churn.samples.map((x) => x.wasm)) / MB, 1)} MB (target: steady, second half ≤ first half's peak + slack)`, churnSteady);
printVerdicts("scale");
