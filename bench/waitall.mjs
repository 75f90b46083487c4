// Watching many jobs: client.waitAll(jobs) (one list request per ≤256 jobs per poll) against one
// job.wait() per job (Promise.all), 1,000 jobs each, same simulator configuration. Counts only
// the watching requests (job GETs + list GETs, from the simulator's counters and, as a check,
// from a counting `fetch` option), and the wall time of each. ROUNDS rounds, modes alternating.
// Target: ≥ 100x fewer requests and no more wall time. Two simulator configurations (see CONFIGS).
import { echoSpec, environment, fmt, heading, importSdk, median, min, max, nowMs, pool, printVerdicts, ratio, startSimulator, table, verdict, watchRequests } from "./lib.mjs";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
const JOBS = Number(process.env.BENCH_WAIT_JOBS ?? 1000);
const POLL_SEC = 0.5;
const STEPS_TO_COMPLETE = 6; // sent → received → accepted → executor_ready → volumes_ready → execution_done → completed
const WALL_TOLERANCE = 1.05; // "no more wall time", within 5% run-to-run noise
// A: the example (jobs complete 1.8 s after creation: most are done before the last of
//    1,000 creates returns, so one wait() each costs little more than one GET per job).
// B: jobs that outlive the create phase (4.8 s), so both methods watch them over their lifetime.
const CONFIGS = [
  { name: "A", stepMs: 300 },
  { name: "B", stepMs: 800 },
];

environment("waitall");
const { Keypair, ComputeHordeClient } = await importSdk();

const counted = { get: 0, list: 0, other: 0 };
let listLog = []; // [start ms, ms to the response headers] of each list request
const countingFetch = async (input, init) => {
  const req = new Request(input, init);
  const path = new URL(req.url).pathname;
  if (req.method === "GET" && /^\/api\/v1\/jobs\/[^/]+\/$/.test(path)) counted.get++;
  else if (req.method === "GET" && path === "/api/v1/jobs/") {
    counted.list++;
    const t0 = nowMs();
    const res = await fetch(req);
    listLog.push([t0, nowMs() - t0]);
    return res;
  } else counted.other++;
  return fetch(req);
};
/** Poll cycles of waitAll: list requests less than 250 ms apart belong to one poll. */
function pollCycles(log) {
  const starts = [];
  let last = -Infinity;
  for (const [t] of log) {
    if (t - last > 250) starts.push(t);
    last = t;
  }
  return { periods: starts.slice(1).map((t, i) => t - starts[i]), polls: starts.length };
}

async function runConfig({ name, stepMs }, warmUp) {
  const sim = await startSimulator({ stepMs, maxSignatureAgeSec: null });
  heading(`waitall ${name}: ${JOBS} jobs, stepMs ${stepMs} (completed ${STEPS_TO_COMPLETE * stepMs} ms after creation), pollIntervalSec ${POLL_SEC}, ${ROUNDS} rounds`);
  console.log(`  simulator: ${sim.url} (${sim.where})`);
  const results = { waitAll: [], each: [] };
  const cycles = [];
  const listMs = [];
  try {
    const client = new ComputeHordeClient({
      hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: Keypair.fromUri("//Bob").ss58Address,
      facilitatorUrl: sim.url, pollIntervalSec: POLL_SEC, fetch: countingFetch,
    });
    await client.authenticate();
    const spec = echoSpec(0);

    async function runOnce(mode) {
      await sim.reset();
      const jobs = new Array(JOBS);
      const tc0 = nowMs();
      await pool(JOBS, 64, async (i) => { jobs[i] = await client.createJob(spec); });
      const createMs = nowMs() - tc0;
      const before = watchRequests(await sim.stats());
      const c0 = { ...counted };
      listLog = [];
      const t0 = nowMs();
      if (mode === "waitAll") await client.waitAll(jobs);
      else await Promise.all(jobs.map((job) => job.wait()));
      const watchMs = nowMs() - t0;
      const endEpoch = Date.now();
      const after = watchRequests(await sim.stats());
      const notDone = jobs.filter((j) => j.status !== "completed");
      if (notDone.length) throw new Error(`${mode}: ${notDone.length} jobs not completed (e.g. ${notDone[0].uuid}: ${notDone[0].status})`);
      // When the last job reached "completed" on the simulator's clock (same machine clock).
      const lastCompleted = Math.max(...jobs.map((j) => j.statusHistory[j.statusHistory.length - 1].createdAt.getTime()));
      const firstCreated = Math.min(...jobs.map((j) => j.statusHistory[0].createdAt.getTime()));
      const byFetch = (counted.get - c0.get) + (counted.list - c0.list);
      let polls = 0;
      if (mode === "waitAll") {
        const pc = pollCycles(listLog);
        polls = pc.polls;
        cycles.push(...pc.periods);
        listMs.push(...listLog.map(([, dt]) => dt));
      }
      return {
        requests: after - before, byFetch, polls, gets: counted.get - c0.get, lists: counted.list - c0.list,
        createMs, watchMs, totalMs: createMs + watchMs, lagMs: endEpoch - lastCompleted,
        spanMs: lastCompleted - firstCreated - STEPS_TO_COMPLETE * stepMs,
        doneAtStart: jobs.filter((j) => j.statusHistory[0].createdAt.getTime() + STEPS_TO_COMPLETE * stepMs <= endEpoch - watchMs).length,
      };
    }

    if (warmUp) { // JIT, wasm tier-up, connections
      const jobs = [];
      await pool(200, 64, async () => { jobs.push(await client.createJob(spec)); });
      await client.waitAll(jobs);
      await Promise.all(jobs.map((job) => job.wait()));
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of r % 2 === 0 ? ["waitAll", "each"] : ["each", "waitAll"]) {
        const res = await runOnce(mode);
        if (res.requests !== res.byFetch) console.log(`  NOTE: round ${r} ${mode}: simulator counted ${res.requests} watching requests, fetch counted ${res.byFetch}`);
        results[mode].push(res);
      }
    }
  } finally {
    await sim.close();
  }

  const col = (mode, key) => results[mode].map((x) => x[key]);
  const med = (mode, key) => median(col(mode, key));
  const rows = [["client.waitAll(jobs)", "waitAll"], ["Promise.all(jobs.map(j => j.wait()))", "each"]].map(([label, mode]) => [
    label,
    fmt(med(mode, "requests"), 0),
    `${fmt(min(col(mode, "requests")), 0)}–${fmt(max(col(mode, "requests")), 0)}`,
    `${fmt(med(mode, "lists"), 0)} / ${fmt(med(mode, "gets"), 0)}`,
    fmt(med(mode, "watchMs"), 0),
    `${fmt(min(col(mode, "watchMs")), 0)}–${fmt(max(col(mode, "watchMs")), 0)}`,
    fmt(med(mode, "createMs"), 0),
    fmt(med(mode, "totalMs"), 0),
    fmt(med(mode, "lagMs"), 0),
    fmt(med(mode, "doneAtStart"), 0),
  ]);
  table(["method", "watch requests", "min–max", "list / get", "watch ms", "min–max", "create ms", "create+watch ms", "ms after last completion", "jobs done before watch"], rows);
  console.log(`  the ${JOBS} creates spread over ${fmt(med("waitAll", "spanMs"), 0)} ms (median); "ms after last completion": from the last job reaching` +
    ` "completed" on the simulator to the watch call resolving (ideal: ≤ one poll interval, ${POLL_SEC * 1000} ms, plus request time).`);

  if (cycles.length) {
    console.log(`  waitAll poll cycle: ${fmt(median(cycles), 0)} ms median (pollIntervalSec ${POLL_SEC * 1000} ms); a list request takes` +
      ` ${fmt(median(listMs), 0)} ms median to its response headers (max ${fmt(max(listMs), 0)});` +
      ` ${fmt(med("waitAll", "polls"), 0)} polls per run, ${fmt(median(results.waitAll.map((x) => x.lists / Math.max(1, x.polls))), 1)} list requests per poll`);
  }
  const reqRatio = med("each", "requests") / med("waitAll", "requests");
  const wallRatio = med("waitAll", "watchMs") / med("each", "watchMs");
  verdict(`waitAll ${name} (stepMs ${stepMs}) ${JOBS} jobs: ${fmt(med("waitAll", "requests"), 0)} watching requests vs ${fmt(med("each", "requests"), 0)} with one wait() each — ${ratio(reqRatio)} fewer (target ≥ 100x)`, reqRatio >= 100);
  verdict(`waitAll ${name} (stepMs ${stepMs}) wall time: ${fmt(med("waitAll", "watchMs"), 0)} ms vs ${fmt(med("each", "watchMs"), 0)} ms with one wait() each — ratio ${fmt(wallRatio, 2)} (target ≤ 1, ${Math.round((WALL_TOLERANCE - 1) * 100)}% noise allowed)`, wallRatio <= WALL_TOLERANCE);
}

for (const [i, config] of CONFIGS.entries()) await runConfig(config, i === 0);
printVerdicts("waitall");
