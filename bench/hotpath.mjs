// The client's hot path against a server that costs nothing (tests/js/fixed-server.mjs: fixed
// answers, no verification, in a child process so that its CPU is not the client's):
// client.createJob vs Node's raw fetch of the same POST (one real SDK request captured through
// the `fetch` option and replayed: same URL, headers and body bytes), and client.getJob vs raw
// fetch of the same GET; sequential and 64 concurrent, interleaved in one process, ROUNDS rounds,
// medians. Prints calls/s of both, the ratio, client CPU per call (process.cpuUsage) of both,
// and where the SDK's CPU goes (sign, spec + body, fetch glue + parse, the network stack),
// from the same calls timed in isolation through the public API (a `fetch` option that answers
// at once takes the network stack out). BENCH_BASELINE=<built package dir> times those pieces
// for another build too, side by side in this process (before/after a change).
// Target: SDK/raw ≥ 0.8. Runs itself with --expose-gc: a collection before every measured block.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT, echoSpec, environment, firstLine, fmt, heading, importSdk, median, min, max, nowMs, pool, printVerdicts, table, verdict } from "./lib.mjs";
import { jobJson, startFixedServer } from "../tests/js/fixed-server.mjs";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
const SEQ_N = Number(process.env.BENCH_SEQ_N ?? 300);
const CONC = 64;
const CONC_N = Number(process.env.BENCH_CONC_N ?? 1280);
const ISO_N = Number(process.env.BENCH_ISO_N ?? 2000);
const TARGET = 0.8;
const BEFORE = { createSeq: 0.51, createConc: 0.55 }; // issue 11, measured on v0.1.0

// Collections between measured blocks (never inside one) keep one mode's garbage out of the
// next mode's figures: re-run this script with --expose-gc when it was not given.
if (typeof globalThis.gc !== "function") {
  const { spawnSync } = await import("node:child_process");
  const run = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

/** The fixed-answer server: a child process (default), or this process with BENCH_FIXED=inproc. */
async function startServer() {
  if (process.env.BENCH_FIXED === "inproc") {
    const s = await startFixedServer();
    return { url: s.url, where: "in-process", close: s.close, counts: async () => s.counts() };
  }
  const child = spawn(process.execPath, [join(ROOT, "tests", "js", "fixed-server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await firstLine(child, "fixed server");
  return {
    url, where: `child process ${child.pid}`,
    counts: async () => (await fetch(`${url}__fixed__/stats`)).json(),
    close: () => new Promise((done) => { child.once("exit", done); child.kill("SIGTERM"); }),
  };
}

/** µs of client CPU and wall ms of `fn()`. */
async function measure(fn) {
  globalThis.gc();
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  await fn();
  const ms = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuUs: cpu.user + cpu.system };
}

environment("hotpath");
const { Keypair, ComputeHordeClient } = await importSdk();
const server = await startServer();
console.log(`  fixed-answer server: ${server.url} (${server.where}; BENCH_FIXED=inproc runs it in this process)`);

try {
  const hotkey = Keypair.fromUri("//Alice");
  const validator = Keypair.fromUri("//Bob").ss58Address;
  const spec = echoSpec(0);

  // ---- capture one real create and one real get ------------------------------------------
  const captured = {};
  const recordingFetch = async (input, init) => {
    const req = new Request(input, init);
    const path = new URL(req.url).pathname;
    const kind = req.method === "POST" && path === "/api/v1/job-docker/" ? "create" : req.method === "GET" && path.startsWith("/api/v1/jobs/") ? "get" : null;
    if (kind) captured[kind] = { url: req.url, method: req.method, headers: [...req.headers], body: req.method === "POST" ? await req.clone().text() : undefined };
    return fetch(req);
  };
  const recorder = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: server.url, fetch: recordingFetch });
  const recorded = await recorder.createJob(spec);
  await recorder.getJob(recorded.uuid);
  if (!captured.create || !captured.get) throw new Error("the SDK's requests were not seen by the fetch option");
  heading("hotpath: the captured SDK requests (replayed by the raw-fetch baselines)");
  for (const c of [captured.create, captured.get]) {
    console.log(`  ${c.method} ${c.url}`);
    for (const [k, v] of c.headers) console.log(`    ${k}: ${v.length > 60 ? `${v.slice(0, 57)}...` : v}`);
    if (c.body !== undefined) console.log(`    body: ${Buffer.byteLength(c.body)} bytes`);
  }

  const replay = (c, status) => {
    const init = { method: c.method, headers: c.headers, body: c.body };
    return async () => {
      const res = await fetch(c.url, init);
      const text = await res.text();
      if (res.status !== status) throw new Error(`raw ${c.method} answered ${res.status}: ${text.slice(0, 200)}`);
    };
  };
  const rawCreate = replay(captured.create, 201);
  const rawGet = replay(captured.get, 200);
  // Raw fetch made cancellable the way any client with a timeout must (an AbortSignal per
  // request, a timer, redirect: "manual"): the part of the SDK's excess that is undici's price
  // of cancellation, not the SDK's work. Reported, not judged.
  const cancellable = (c, status) => {
    const base = { method: c.method, headers: c.headers, body: c.body, redirect: "manual" };
    return async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        const res = await fetch(c.url, { ...base, signal: controller.signal });
        const text = await res.text();
        if (res.status !== status) throw new Error(`raw ${c.method} answered ${res.status}: ${text.slice(0, 200)}`);
      } finally {
        clearTimeout(timer);
      }
    };
  };
  const rawGetCancellable = cancellable(captured.get, 200);

  // The measured client: default transport (globalThis.fetch), logged in before timing.
  const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: validator, facilitatorUrl: server.url });
  await client.authenticate();
  const uuid = recorded.uuid;
  const sdkCreate = async () => {
    const job = await client.createJob(spec);
    if (job.status !== "sent") throw new Error(`createJob: status ${job.status}`);
  };
  const sdkGet = async () => {
    const job = await client.getJob(uuid);
    if (job.status !== "completed") throw new Error(`getJob: status ${job.status}`);
  };

  const modes = [
    { name: "createJob sequential", sdk: () => pool(SEQ_N, 1, sdkCreate), raw: () => pool(SEQ_N, 1, rawCreate), n: SEQ_N, key: "createSeq" },
    { name: `createJob ${CONC} concurrent`, sdk: () => pool(CONC_N, CONC, sdkCreate), raw: () => pool(CONC_N, CONC, rawCreate), n: CONC_N, key: "createConc" },
    { name: "getJob sequential", sdk: () => pool(SEQ_N, 1, sdkGet), raw: () => pool(SEQ_N, 1, rawGet), n: SEQ_N, key: "getSeq" },
    { name: `getJob ${CONC} concurrent`, sdk: () => pool(CONC_N, CONC, sdkGet), raw: () => pool(CONC_N, CONC, rawGet), n: CONC_N, key: "getConc" },
    // not a target: raw fetch with a signal + timer (as "SDK") vs raw fetch, the same GET
    { name: "(raw GET, cancellable vs plain)", sdk: () => pool(SEQ_N, 1, rawGetCancellable), raw: () => pool(SEQ_N, 1, rawGet), n: SEQ_N, key: "getCancellable", reference: true },
  ];

  // warm-up: JIT, wasm tier-up, keep-alive connections (64 of them)
  for (const m of modes) { await m.sdk(); await m.raw(); }

  const results = Object.fromEntries(modes.map((m) => [m.key, { sdkRate: [], rawRate: [], sdkCpu: [], rawCpu: [] }]));
  const before = await server.counts();
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of modes) {
      const sides = r % 2 === 0 ? ["sdk", "raw"] : ["raw", "sdk"]; // which goes first alternates
      for (const side of sides) {
        const { ms, cpuUs } = await measure(m[side]);
        results[m.key][`${side}Rate`].push((m.n * 1000) / ms);
        results[m.key][`${side}Cpu`].push(cpuUs / m.n);
      }
    }
  }
  const after = await server.counts();
  const expectedCreates = ROUNDS * 2 * (SEQ_N + CONC_N);
  if (after.createJob - before.createJob !== expectedCreates) {
    throw new Error(`the server saw ${after.createJob - before.createJob} creates, expected ${expectedCreates}`);
  }
  if (after.login !== 2) console.log(`  NOTE: ${after.login} logins (expected 2: the recorder's and the client's)`);

  heading(`hotpath: calls/s against the fixed-answer server (${ROUNDS} rounds; sequential ${SEQ_N} calls, concurrent ${CONC_N} calls with ${CONC} in flight)`);
  const rows = [];
  for (const m of modes) {
    const x = results[m.key];
    const ratioOfMedians = median(x.sdkRate) / median(x.rawRate);
    const perRound = median(x.sdkRate.map((v, i) => v / x.rawRate[i]));
    x.ratio = ratioOfMedians;
    rows.push([m.name, fmt(median(x.sdkRate), 0), `${fmt(min(x.sdkRate), 0)}–${fmt(max(x.sdkRate), 0)}`, fmt(median(x.rawRate), 0),
      `${fmt(min(x.rawRate), 0)}–${fmt(max(x.rawRate), 0)}`, fmt(ratioOfMedians, 2), fmt(perRound, 2),
      fmt(median(x.sdkCpu), 0), fmt(median(x.rawCpu), 0), fmt(median(x.sdkCpu) - median(x.rawCpu), 0)]);
  }
  table(["mode", "SDK calls/s", "min–max", "raw fetch calls/s", "min–max", "ratio", "per-round ratio", "SDK CPU µs/call", "raw CPU µs/call", "SDK − raw µs"], rows);

  // ---- where the SDK's CPU goes: the same calls timed in isolation -----------------------
  // A `fetch` option that answers at once with a prebuilt Response takes the network stack
  // (undici, sockets, web streams of a real body) out; what remains is the SDK's own work.
  const createText = jobJson("00000000-0000-4000-8000-000000000001", "sent");
  const getText = jobJson(uuid, "completed");
  const answer = (text, status) => new Response(text, { status, headers: { "content-type": "application/json" } });
  // Login (nonce, token) goes through too; then every call gets the fixed job.
  const fakeFetch = (text, status) => async (url) =>
    url.endsWith("auth/nonce") ? answer('{"nonce":"n"}', 200) : url.endsWith("auth/login") ? answer('{"token":"t"}', 200) : answer(text, status);
  /** The pieces, timed with one package's classes (this build's, or BENCH_BASELINE's). */
  async function piecesOf(sdk) {
    const key = sdk.Keypair.fromUri("//Alice");
    const offline = (fetchFn) => new sdk.ComputeHordeClient({ hotkey: key, computeHordeValidatorHotkey: validator, facilitatorUrl: server.url, fetch: fetchFn });
    const createOffline = offline(fakeFetch(createText, 201));
    const getOffline = offline(fakeFetch(getText, 200));
    await createOffline.authenticate();
    await getOffline.authenticate();
    const digest = new Uint8Array(64).fill(7);
    return {
      "Keypair.sign (64-byte digest)": () => { for (let i = 0; i < ISO_N; i++) key.sign(digest); },
      "createJob, fetch answered at once": () => pool(ISO_N, 1, () => createOffline.createJob(spec)),
      "getJob, fetch answered at once": () => pool(ISO_N, 1, () => getOffline.getJob(uuid)),
    };
  }
  const common = {
    "new Response(job).text() alone": () => pool(ISO_N, 1, async () => { await answer(getText, 200).text(); }),
    "JSON.parse(job) alone (reference)": () => { for (let i = 0; i < ISO_N; i++) JSON.parse(getText); },
  };
  const pieces = { ...(await piecesOf({ Keypair, ComputeHordeClient })), ...common };
  // BENCH_BASELINE=<built package dir>: the same pieces with that package, in this process,
  // interleaved with ours (before/after figures of a change).
  const baselineDir = process.env.BENCH_BASELINE;
  const baseline = baselineDir ? await piecesOf(await import(pathToFileURL(join(baselineDir, "index.mjs")).href)) : null;
  const all = { ...pieces, ...Object.fromEntries(Object.entries(baseline ?? {}).map(([k, fn]) => [`baseline: ${k}`, fn])) };
  for (const fn of Object.values(all)) await fn(); // warm-up
  const iso = Object.fromEntries(Object.keys(all).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const names = Object.keys(all);
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      const { cpuUs } = await measure(all[name]);
      iso[name].push(cpuUs / ISO_N);
    }
  }
  const isoMed = Object.fromEntries(Object.entries(iso).map(([k, v]) => [k, median(v)]));
  heading(`hotpath: client CPU per call, pieces timed in isolation (${ROUNDS} rounds of ${ISO_N} calls, medians)`);
  if (baseline) {
    console.log(`  baseline: ${baselineDir}`);
    table(["piece", "µs/call", "baseline µs/call", "this / baseline"], Object.keys(pieces).map((k) => [k, fmt(isoMed[k], 1),
      isoMed[`baseline: ${k}`] === undefined ? "" : fmt(isoMed[`baseline: ${k}`], 1), isoMed[`baseline: ${k}`] === undefined ? "" : fmt(isoMed[k] / isoMed[`baseline: ${k}`], 2)]));
  } else {
    table(["piece", "µs/call"], Object.keys(pieces).map((k) => [k, fmt(isoMed[k], 1)]));
  }

  const sign = isoMed["Keypair.sign (64-byte digest)"];
  const createOff = isoMed["createJob, fetch answered at once"];
  const getOff = isoMed["getJob, fetch answered at once"];
  const responseOnly = isoMed["new Response(job).text() alone"];
  const sdkCreateCpu = median(results.createSeq.sdkCpu);
  const rawCreateCpu = median(results.createSeq.rawCpu);
  const sdkGetCpu = median(results.getSeq.sdkCpu);
  const rawGetCpu = median(results.getSeq.rawCpu);
  const glueParse = getOff - responseOnly;
  const specBody = createOff - getOff - sign;
  console.log("");
  table(["createJob, sequential: where the client CPU goes", "µs/call", "share"], [
    ["sign (sr25519 of the 64-byte digest)", fmt(sign, 1), `${fmt((100 * sign) / sdkCreateCpu, 0)} %`],
    ["spec + body + signed fields + digest + headers (create − get − sign)", fmt(specBody, 1), `${fmt((100 * specBody) / sdkCreateCpu, 0)} %`],
    ["fetch glue + response parse + job object (get offline − Response)", fmt(glueParse, 1), `${fmt((100 * glueParse) / sdkCreateCpu, 0)} %`],
    ["network stack: undici, sockets, body streams (SDK real − offline)", fmt(sdkCreateCpu - (createOff - responseOnly), 1), `${fmt((100 * (sdkCreateCpu - (createOff - responseOnly))) / sdkCreateCpu, 0)} %`],
    ["total SDK createJob (measured above)", fmt(sdkCreateCpu, 1), "100 %"],
    ["raw fetch of the same POST (measured above)", fmt(rawCreateCpu, 1), `${fmt((100 * rawCreateCpu) / sdkCreateCpu, 0)} %`],
  ]);
  console.log("");
  table(["getJob, sequential: where the client CPU goes", "µs/call", "share"], [
    ["fetch glue + response parse + job object (get offline − Response)", fmt(glueParse, 1), `${fmt((100 * glueParse) / sdkGetCpu, 0)} %`],
    ["network stack (SDK real − offline)", fmt(sdkGetCpu - glueParse, 1), `${fmt((100 * (sdkGetCpu - glueParse)) / sdkGetCpu, 0)} %`],
    ["total SDK getJob (measured above)", fmt(sdkGetCpu, 1), "100 %"],
    ["raw fetch of the same GET (measured above)", fmt(rawGetCpu, 1), `${fmt((100 * rawGetCpu) / sdkGetCpu, 0)} %`],
  ]);
  const cancelUs = median(results.getCancellable.sdkCpu) - median(results.getCancellable.rawCpu);
  console.log(`  raw fetch made cancellable as the SDK must be (AbortSignal + timer + redirect: "manual", row "(raw GET, cancellable vs plain)") costs ${fmt(cancelUs, 0)} µs/call of CPU more than plain raw fetch:` +
    ` that part of the excess is the price of a timeout, not the SDK's own work.`);
  console.log(`  "network stack" is a residual (SDK real − offline): ${fmt(sdkGetCpu - glueParse, 0)} µs vs raw fetch's whole call ${fmt(rawGetCpu, 0)} µs (get).` +
    ` The excess is what the glue's way of calling fetch costs in undici plus the GC and scheduling that real I/O adds to the SDK's own garbage.`);
  for (const m of modes.filter((mode) => !mode.reference)) {
    const x = results[m.key];
    const was = BEFORE[m.key] !== undefined ? `; v0.1.0: ${BEFORE[m.key]}` : "";
    verdict(`${m.name}: SDK ${fmt(median(x.sdkRate), 0)}/s vs raw fetch ${fmt(median(x.rawRate), 0)}/s — ratio ${fmt(x.ratio, 2)} (target ≥ ${TARGET}${was})`, x.ratio >= TARGET);
  }
} finally {
  await server.close();
}
printVerdicts("hotpath");
