// createJob throughput against the facilitator simulator: the SDK's client.createJob next to
// Node's raw fetch POST of the same body and headers (one real SDK request, captured through the
// client's `fetch` option and replayed; the simulator runs with maxSignatureAgeSec: null so the
// replays are valid, and every replay must answer 201). Sequential and 64-concurrent, in the
// same run, interleaved; ROUNDS rounds, medians. Target: SDK/raw ≥ 0.8 in both modes.
import { echoSpec, environment, fmt, heading, importSdk, median, min, max, nowMs, pool, printVerdicts, ratio, startSimulator, table, verdict } from "./lib.mjs";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
const SEQ_N = Number(process.env.BENCH_SEQ_N ?? 200);
const CONC = 64;
const CONC_N = Number(process.env.BENCH_CONC_N ?? 640);
const TARGET = 0.8;
const PYTHON = { sequential: 0.27, concurrent: 0.14 };

environment("create-throughput");
const { Keypair, ComputeHordeClient } = await importSdk();
const sim = await startSimulator({ stepMs: 1e9, maxSignatureAgeSec: null });
console.log(`  simulator: ${sim.url} (${sim.where}; BENCH_SIM=inproc runs it in this process), stepMs 1e9, maxSignatureAgeSec null`);

try {
  const hotkey = Keypair.fromUri("//Alice");
  const validator = Keypair.fromUri("//Bob").ss58Address;
  const spec = echoSpec(0);

  // ---- capture one real create request ----------------------------------------------------
  let captured = null;
  const recordingFetch = async (input, init) => {
    const req = new Request(input, init);
    if (req.method === "POST" && new URL(req.url).pathname === "/api/v1/job-docker/") {
      captured = { url: req.url, method: req.method, headers: [...req.headers], body: await req.clone().text() };
    }
    return fetch(req);
  };
  const recorder = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: sim.url, fetch: recordingFetch });
  await recorder.createJob(spec);
  if (!captured) throw new Error("the SDK's create request was not seen by the fetch option");
  const replayInit = { method: captured.method, headers: captured.headers, body: captured.body };
  heading("create-throughput: the captured SDK request (replayed by the raw-fetch baseline)");
  console.log(`  ${captured.method} ${captured.url}`);
  for (const [k, v] of captured.headers) console.log(`    ${k}: ${v.length > 72 ? `${v.slice(0, 69)}...` : v}`);
  console.log(`    body: ${captured.body.length} bytes`);

  const rawCreate = async () => {
    const res = await fetch(captured.url, replayInit);
    const text = await res.text();
    if (res.status !== 201) throw new Error(`raw replay answered ${res.status}: ${text.slice(0, 300)}`);
  };
  for (let i = 0; i < 3; i++) await rawCreate(); // the simulator accepts replays (else this throws)
  console.log("  replay check: 3 replays of the captured request → 201 Created each");

  // The measured client: default transport (globalThis.fetch), logged in before timing.
  const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: sim.url });
  await client.authenticate();
  const sdkCreate = async () => {
    const job = await client.createJob(spec);
    if (typeof job.uuid !== "string") throw new Error("createJob returned no uuid");
  };

  const modes = {
    "SDK sequential": () => pool(SEQ_N, 1, sdkCreate),
    "raw fetch sequential": () => pool(SEQ_N, 1, rawCreate),
    [`SDK ${CONC} concurrent`]: () => pool(CONC_N, CONC, sdkCreate),
    [`raw fetch ${CONC} concurrent`]: () => pool(CONC_N, CONC, rawCreate),
  };
  const counts = { "SDK sequential": SEQ_N, "raw fetch sequential": SEQ_N, [`SDK ${CONC} concurrent`]: CONC_N, [`raw fetch ${CONC} concurrent`]: CONC_N };
  const names = Object.keys(modes);

  // warm-up: JIT, wasm tier-up, keep-alive connections
  await pool(100, 1, sdkCreate);
  await pool(100, 1, rawCreate);
  await pool(256, CONC, sdkCreate);
  await pool(256, CONC, rawCreate);
  await sim.reset();

  const rate = Object.fromEntries(names.map((n) => [n, []]));
  const cpuUs = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // sequential pair then concurrent pair; which of SDK/raw goes first alternates per round
    const order = r % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
    for (const i of order) {
      const name = names[i];
      const before = (await sim.stats()).jobsCreated.total;
      const cpu0 = process.cpuUsage();
      const t0 = nowMs();
      await modes[name]();
      const dt = nowMs() - t0;
      const cpu = process.cpuUsage(cpu0);
      const created = (await sim.stats()).jobsCreated.total - before;
      if (created !== counts[name]) throw new Error(`${name}: ${created} jobs created, expected ${counts[name]}`);
      rate[name].push((counts[name] * 1000) / dt);
      cpuUs[name].push((cpu.user + cpu.system) / counts[name]);
    }
    await sim.reset();
  }

  heading(`create-throughput: jobs/s (${ROUNDS} rounds; sequential ${SEQ_N} creates, concurrent ${CONC_N} creates with ${CONC} in flight)`);
  table(["mode", "median jobs/s", "min", "max", "client CPU µs/create (median)"],
    names.map((n) => [n, fmt(median(rate[n]), 0), fmt(min(rate[n]), 0), fmt(max(rate[n]), 0), fmt(median(cpuUs[n]), 0)]));
  const seqRatio = median(rate[names[0]]) / median(rate[names[1]]);
  const concRatio = median(rate[names[2]]) / median(rate[names[3]]);
  const perRound = (a, b) => median(rate[a].map((x, r) => x / rate[b][r]));
  console.log("");
  table(["ratio SDK/raw", "this SDK (ratio of medians)", "per-round ratio (median)", "Python SDK (from the issue)"], [
    ["sequential", fmt(seqRatio, 2), fmt(perRound(names[0], names[1]), 2), fmt(PYTHON.sequential, 2)],
    [`${CONC} concurrent`, fmt(concRatio, 2), fmt(perRound(names[2], names[3]), 2), fmt(PYTHON.concurrent, 2)],
  ]);
  const cpuRatioSeq = median(cpuUs[names[0]]) / median(cpuUs[names[1]]);
  console.log(`  client CPU per create, SDK vs raw fetch: ${ratio(cpuRatioSeq)} sequential, ${ratio(median(cpuUs[names[2]]) / median(cpuUs[names[3]]))} concurrent` +
    ` (the SDK builds the body, signs it with sr25519 and parses the answer in wasm)`);
  console.log(`  note: both sides wait for the simulator, which verifies each create's sr25519 signature in pure JS (@scure/sr25519,` +
    ` ~1-2 ms on its core): that bounds raw fetch too, so the ratio reflects client overhead only partly — see the CPU column.`);
  const s = await sim.stats();
  if (s.signatures.rejected.signedFields > 0) console.log(`  NOTE: the simulator rejected ${s.signatures.rejected.signedFields} signatures`);

  verdict(`createJob sequential: ${fmt(median(rate[names[0]]), 0)} jobs/s vs raw fetch ${fmt(median(rate[names[1]]), 0)} jobs/s — ratio ${fmt(seqRatio, 2)} (target ≥ ${TARGET}; Python SDK ${PYTHON.sequential})`, seqRatio >= TARGET);
  verdict(`createJob ${CONC} concurrent: ${fmt(median(rate[names[2]]), 0)} jobs/s vs raw fetch ${fmt(median(rate[names[3]]), 0)} jobs/s — ratio ${fmt(concRatio, 2)} (target ≥ ${TARGET}; Python SDK ${PYTHON.concurrent})`, concRatio >= TARGET);
} finally {
  await sim.close();
}
printVerdicts("create-throughput");
