// The client's hot path against a server that costs nothing (tests/js/fixed-server.mjs: fixed
// answers, no verification, in a child process so that its CPU is not the client's):
// client.createJob vs Node's raw fetch of the same POST (one real SDK request captured through
// the `fetch` option and replayed: same URL, headers and body bytes), and client.getJob vs raw
// fetch of the same GET; sequential and 64 concurrent, interleaved in one process, ROUNDS rounds,
// medians. Prints calls/s of both, the ratio, client CPU per call (process.cpuUsage) of both,
// and where the SDK's CPU goes (sign, spec + body, fetch glue + parse, the network stack),
// from the same calls timed in isolation through the public API (a `fetch` option that answers
// at once takes the network stack out). BENCH_BASELINE=<built package dir> times those pieces
// for another build too, side by side in this process (before/after a change). The floor rows
// time the least any client meeting the same contract must do (cancellable request, JSON.parse
// and a look at the answer, the signature of a create) and print what the target leaves for the
// SDK's own work.
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
const GROW_BLOCKS = Number(process.env.BENCH_GROW_BLOCKS ?? 6);
const GROW_N = Number(process.env.BENCH_GROW_N ?? 10_000);
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
  // The floor: the least any client can do that meets the contract the SDK is held to (API.md,
  // PROTOCOL.md): a timeout (an AbortSignal per request and a timer), redirects not followed
  // (redirect: "manual"), the answer read and parsed (JSON.parse, the fastest parser there is
  // here) and looked at (uuid, status); a create also signs in-process (this package's
  // Keypair.sign of a 64-byte digest, the signature every create needs). The replayed request is
  // the SDK's own, so the body and headers cost nothing to build. Reported, not judged: what is
  // left between the floor and raw_time / 0.8 is all the SDK may spend on everything else
  // (reading the spec, the body bytes, the signed payload, validating the answer, the job object).
  const digest = new Uint8Array(64).fill(7);
  const floor = (c, status, signs) => {
    const base = { method: c.method, headers: c.headers, body: c.body, redirect: "manual" };
    return async () => {
      if (signs) hotkey.sign(digest);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        const res = await fetch(c.url, { ...base, signal: controller.signal });
        const job = JSON.parse(await res.text());
        if (res.status !== status || typeof job.uuid !== "string" || !Array.isArray(job.status_history)) throw new Error(`floor ${c.method}: unexpected answer ${res.status}`);
      } finally {
        clearTimeout(timer);
      }
    };
  };
  const floorCreate = floor(captured.create, 201, true);
  const floorGet = floor(captured.get, 200, false);

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
    // not targets: the floor (as "SDK") vs raw fetch of the same requests
    { name: "(floor of createJob, sequential)", sdk: () => pool(SEQ_N, 1, floorCreate), raw: () => pool(SEQ_N, 1, rawCreate), n: SEQ_N, key: "floorCreateSeq", reference: true },
    { name: `(floor of createJob, ${CONC} concurrent)`, sdk: () => pool(CONC_N, CONC, floorCreate), raw: () => pool(CONC_N, CONC, rawCreate), n: CONC_N, key: "floorCreateConc", reference: true },
    { name: "(floor of getJob, sequential)", sdk: () => pool(SEQ_N, 1, floorGet), raw: () => pool(SEQ_N, 1, rawGet), n: SEQ_N, key: "floorGetSeq", reference: true },
    { name: `(floor of getJob, ${CONC} concurrent)`, sdk: () => pool(CONC_N, CONC, floorGet), raw: () => pool(CONC_N, CONC, rawGet), n: CONC_N, key: "floorGetConc", reference: true },
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
  const expectedCreates = ROUNDS * 2 * 2 * (SEQ_N + CONC_N); // SDK and raw, floor and raw
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
  // What the target leaves for the SDK's own work, in wall µs per call (a concurrent mode's
  // wall time ÷ its calls): a call at 0.8 of raw takes raw ÷ 0.8; the floor's call already
  // takes raw ÷ its ratio. Both from ratios to raw fetch, measured side by side, on the floor
  // row's raw time, so that the raw rate's drift between modes cancels.
  console.log("");
  const floors = [["createJob sequential", "createSeq", "floorCreateSeq"], [`createJob ${CONC} concurrent`, "createConc", "floorCreateConc"],
    ["getJob sequential", "getSeq", "floorGetSeq"], [`getJob ${CONC} concurrent`, "getConc", "floorGetConc"]];
  table(["wall µs per call", "raw fetch", "floor", "floor / raw", "SDK", "SDK − floor (its own work)", "left by ≥ 0.8: raw ÷ 0.8 − floor"],
    floors.map(([name, sdkKey, floorKey]) => {
      const raw = 1e6 / median(results[floorKey].rawRate);
      const fl = raw / results[floorKey].ratio;
      const sdk = raw / results[sdkKey].ratio;
      return [name, fmt(raw, 0), fmt(fl, 0), fmt(results[floorKey].ratio, 2), fmt(sdk, 0), fmt(sdk - fl, 0), fmt(raw / TARGET - fl, 0)];
    }));
  console.log(`  floor = raw fetch of the same request + what the contract asks of any client (AbortSignal + timer, redirect: "manual", JSON.parse and a look at the answer; a create also signs).` +
    ` A floor / raw below ${TARGET} means no client meeting the contract reaches the target here.`);
  // ---- while the heap grows: jobs held, so that the wasm memory grows all along ---------
  // A getJob answered at once, GROW_BLOCKS blocks of GROW_N calls, every job kept: the first
  // block's µs per call next to the last's. (The wasm memory grew a 64 KiB page at a time
  // before src/alloc.rs, and each memory.grow cost V8 more the larger the memory: 5x slower
  // calls at 80,000 jobs held.)
  const growing = async (sdk) => {
    const held = new sdk.ComputeHordeClient({ hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: validator, facilitatorUrl: server.url, fetch: fakeFetch(getText, 200) });
    await held.authenticate();
    const jobs = [];
    const perCall = [];
    for (let b = 0; b < GROW_BLOCKS; b++) {
      const t0 = nowMs();
      for (let i = 0; i < GROW_N; i++) jobs.push(await held.getJob(uuid));
      perCall.push(((nowMs() - t0) * 1000) / GROW_N);
    }
    const mb = sdk.ComputeHordeClient.__wasmMemoryBytes() / 1048576;
    const slowdown = perCall[GROW_BLOCKS - 1] / perCall[0];
    return { slowdown, mb, held: jobs.length, row: [jobs.length, fmt(mb, 0), fmt(perCall[0], 1), fmt(perCall[GROW_BLOCKS - 1], 1), fmt(slowdown, 2)] };
  };
  const grown = await growing({ Keypair, ComputeHordeClient });
  // BENCH_BASELINE: the same for that build (its own wasm memory), in this process.
  const grownBaseline = baselineDir ? await growing(await import(pathToFileURL(join(baselineDir, "index.mjs")).href)) : null;
  heading(`hotpath: while the heap grows (getJob answered at once, ${GROW_BLOCKS} blocks of ${GROW_N} calls, every job held)`);
  table(["build", "jobs held at the end", "wasm MB", "first block µs/call", "last block µs/call", "last / first"],
    [["this", ...grown.row], ...(grownBaseline ? [["baseline", ...grownBaseline.row]] : [])]);
  verdict(`while the heap grows to ${fmt(grown.mb, 0)} MB (${grown.held} jobs held): the last block's calls take ${fmt(grown.slowdown, 2)}x the first's (target ≤ 1.5)`, grown.slowdown <= 1.5);

  for (const m of modes.filter((mode) => !mode.reference)) {
    const x = results[m.key];
    const was = BEFORE[m.key] !== undefined ? `; v0.1.0: ${BEFORE[m.key]}` : "";
    verdict(`${m.name}: SDK ${fmt(median(x.sdkRate), 0)}/s vs raw fetch ${fmt(median(x.rawRate), 0)}/s — ratio ${fmt(x.ratio, 2)} (target ≥ ${TARGET}${was})`, x.ratio >= TARGET);
  }
} finally {
  await server.close();
}
printVerdicts("hotpath");
