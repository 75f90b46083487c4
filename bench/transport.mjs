// The client's fetch glue against a server that costs nothing: createJob and getJob next to a
// raw Node `fetch` of the same requests (the very URL, headers and body the SDK sent, captured
// through its `fetch` option), reading the body as text. The fixed-answer server runs in a child
// process, so its CPU is not the client's. Sequential and 64-concurrent, interleaved rounds,
// medians; client CPU per call (process.cpuUsage) for each side, and the JS fetch glue alone
// (src/wasm/fetch.js) to split the SDK's cost into glue and wasm-side work. Target: SDK/raw ≥ 0.8.
//   BENCH_ROUNDS (default 7), BENCH_SEQ_N (300), BENCH_CONC_N (1280), BENCH_PKG (another pkg/)
import { spawn } from "node:child_process";
import { exchange } from "../src/wasm/fetch.js";
import { environment, fmt, heading, importSdk, median, nowMs, pool, printVerdicts, ratio, table, verdict, echoSpec } from "./lib.mjs";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
const SEQ_N = Number(process.env.BENCH_SEQ_N ?? 300);
const CONC = 64;
const CONC_N = Number(process.env.BENCH_CONC_N ?? 1280);
const TARGET = 0.8;

// The zero-cost facilitator: fixed answers, no verification.
const SERVER = `
const http = require("node:http");
const uuid = "7b522daa-e807-4094-8d96-99b9a863f960";
const job = JSON.stringify({ uuid, executor_class: "always_on.test", created_at: "2025-01-01T00:00:00Z", status: "sent",
  docker_image: "alpine:3.20", args: ["echo", "bench 0"], env: { BENCH: "1" }, tag: "", stdout: "", stderr: "",
  artifacts: {}, upload_results: {}, status_history: [{ status: "sent", created_at: "2025-01-01T00:00:00Z", metadata: {} }] });
const answers = { "/auth/nonce": '{"nonce":"n"}', "/auth/login": '{"token":"t.t.t"}' };
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = answers[req.url] ?? job;
    res.writeHead(req.method === "POST" && !answers[req.url] ? 201 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(0, "127.0.0.1", function () { console.log("http://127.0.0.1:" + this.address().port + "/"); });
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
`;

function startServer() {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve) => {
    child.stdout.setEncoding("utf8");
    child.stdout.once("data", (d) => resolve({ url: d.trim(), close: () => child.kill("SIGTERM") }));
  });
}

environment("transport");
const { Keypair, ComputeHordeClient } = await importSdk();
const server = await startServer();
try {
  const captured = {};
  const recording = (url, init) => {
    const path = new URL(url).pathname;
    captured[path.startsWith("/api/v1/jobs/") ? "get" : path === "/api/v1/job-docker/" ? "create" : path] = { url, init: { ...init, signal: undefined } };
    return fetch(url, init);
  };
  const options = { hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: Keypair.fromUri("//Bob").ss58Address, facilitatorUrl: server.url };
  const recorder = new ComputeHordeClient({ ...options, fetch: recording });
  const spec = echoSpec(0);
  const uuid = (await recorder.createJob(spec)).uuid;
  await recorder.getJob(uuid);
  const client = new ComputeHordeClient(options);
  await client.authenticate();

  const raw = (which) => async () => {
    const { url, init } = captured[which];
    const response = await fetch(url, init);
    await response.text();
  };
  // The JS half of the fetch glue alone (src/wasm/fetch.js, what the package bundles), on the
  // same request: its cost over raw is the glue's; the rest of SDK - raw is wasm-side work.
  const glue = (which) => () => {
    const { url, init } = captured[which];
    const headerText = Object.entries(init.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
    return exchange(undefined, url, init.method, headerText, init.body, undefined, 30_000, 32 << 20);
  };
  const sdk = { create: () => client.createJob(spec), get: () => client.getJob(uuid) };
  const runs = [];
  for (const which of ["create", "get"]) {
    for (const [mode, n, conc] of [["sequential", SEQ_N, 1], ["64-concurrent", CONC_N, CONC]]) {
      runs.push({ which, mode, n, conc, sides: { sdk: sdk[which], glue: glue(which), raw: raw(which) }, results: { sdk: [], glue: [], raw: [] } });
    }
  }
  // Warm-up, then interleaved rounds (sdk, raw alternating which goes first).
  for (const r of runs) for (const side of ["sdk", "glue", "raw"]) await pool(200, r.conc, r.sides[side]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of runs) {
      const order = round % 2 ? ["raw", "glue", "sdk"] : ["sdk", "glue", "raw"];
      for (const side of order) {
        const cpu0 = process.cpuUsage();
        const t0 = nowMs();
        await pool(r.n, r.conc, r.sides[side]);
        const ms = nowMs() - t0;
        const cpu = process.cpuUsage(cpu0);
        r.results[side].push({ perSec: (r.n / ms) * 1000, cpuUs: (cpu.user + cpu.system) / r.n });
      }
    }
  }
  heading(`transport: SDK vs raw fetch of the same request, zero-cost server, medians of ${ROUNDS} interleaved rounds`);
  const rows = [];
  for (const r of runs) {
    const m = (side, key) => median(r.results[side].map((x) => x[key]));
    const ratios = r.results.sdk.map((x, i) => x.perSec / r.results.raw[i].perSec);
    const q = median(ratios);
    const g = median(r.results.glue.map((x, i) => x.perSec / r.results.raw[i].perSec));
    rows.push([r.which, r.mode, fmt(m("sdk", "perSec"), 0), fmt(m("raw", "perSec"), 0), ratio(q), ratio(g),
      fmt(m("sdk", "cpuUs"), 0), fmt(m("glue", "cpuUs"), 0), fmt(m("raw", "cpuUs"), 0)]);
    verdict(`${r.which} ${r.mode} SDK/raw ${ratio(q)} (target ≥ ${TARGET})`, q >= TARGET);
  }
  table(["call", "mode", "SDK /s", "raw /s", "SDK/raw", "glue/raw", "SDK CPU µs", "glue CPU µs", "raw CPU µs"], rows);
  console.log("  CPU per call: SDK - glue = wasm-side work (spec, sign, body, parse, objects); glue - raw = the fetch glue.");
  printVerdicts("transport");
} finally {
  server.close();
}
