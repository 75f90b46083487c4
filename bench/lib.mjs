// Shared helpers of the benchmarks: paths, statistics, tables, verdict lines, and a facilitator
// simulator that runs in its own Node process (like a remote facilitator, on the other core).
import { spawn } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The first line a child server prints on stdout (its URL); rejects if it exits first. */
export async function firstLine(child, what) {
  const line = await new Promise((resolve, reject) => {
    let buf = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${what} exited (${code}) before printing its URL`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve(buf.slice(0, nl).trim());
    });
  });
  child.removeAllListeners("exit");
  return line;
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// BENCH_PKG: another built package directory (e.g. a snapshot while pkg/ is being rebuilt).
export const PKG = process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : join(ROOT, "pkg");
export const PKG_ESM = join(PKG, "index.mjs");
export const PKG_CJS = join(PKG, "index.cjs");
/** The .wasm beside the entries when the package ships one, else the build output it was made from. */
export const PKG_WASM = [join(PKG, "compute_horde_sdk_bg.wasm"), join(ROOT, "build", "wasm", "compute_horde_sdk_bg.wasm")]
  .find((f) => existsSync(f)) ?? join(PKG, "compute_horde_sdk_bg.wasm");

export function requirePkg() {
  for (const f of [PKG_ESM, PKG_CJS]) {
    if (!existsSync(f)) {
      console.error(`missing ${f}: build the package first (bash scripts/build-pkg.sh or make pkg)`);
      process.exit(2);
    }
  }
}

/** The SDK's ESM entry, imported once. */
export async function importSdk() {
  requirePkg();
  return import(pathToFileURL(PKG_ESM).href);
}

/** The simulator entry: the built `compute-horde-sdk/testing`, else its source. */
export function simulatorModulePath() {
  const built = join(PKG, "testing", "index.mjs");
  return existsSync(built) ? built : join(ROOT, "pkg-template", "testing", "index.js");
}

// ---- statistics ---------------------------------------------------------------------------

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
export const min = (xs) => Math.min(...xs);
export const max = (xs) => Math.max(...xs);

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---- formatting ---------------------------------------------------------------------------

export function fmt(x, digits) {
  if (typeof x !== "number") return String(x);
  if (!Number.isFinite(x)) return String(x);
  if (digits === undefined) {
    const a = Math.abs(x);
    digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  }
  return x.toFixed(digits);
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

export function ratio(x) {
  if (!Number.isFinite(x)) return String(x);
  return x >= 10 ? `${x.toFixed(0)}x` : x >= 1 ? `${x.toFixed(2)}x` : `${x.toFixed(3)}x`;
}

/** Prints rows (arrays of cells) as an aligned table; numbers right-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const isNum = (s) => /^[-+]?[\d.,]+(\s?\S*)?$/.test(s) && /\d/.test(s[0] ?? "");
  const line = (r) => "  " + r.map((c, i) => (i > 0 && isNum(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  console.log(line(all[0]));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of all.slice(1)) console.log(line(r));
}

export function heading(title) {
  console.log(`\n=== ${title} ${"=".repeat(Math.max(3, 90 - title.length))}`);
}

/** One line about the machine: timings on a loaded machine are not comparable. */
export function environment(script) {
  const c = cpus();
  console.log(`${script}: node ${process.version}, ${c.length} × ${c[0]?.model?.trim() ?? "?"}, ` +
    `load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}, package ${PKG}`);
}

const verdicts = [];
/** Records a verdict line: printed by `printVerdicts` and appended to $BENCH_SUMMARY. */
export function verdict(text, pass) {
  const line = `${text}: ${pass === null ? "INFO" : pass ? "PASS" : "MISS"}`;
  verdicts.push(line);
  return pass;
}
export function printVerdicts(script) {
  console.log(`\nVerdict (${script}):`);
  for (const v of verdicts) console.log(`  ${v}`);
  if (process.env.BENCH_SUMMARY) {
    appendFileSync(process.env.BENCH_SUMMARY, verdicts.map((v) => `${script.padEnd(18)} ${v}\n`).join(""));
  }
}

// ---- the facilitator simulator ------------------------------------------------------------

/**
 * Starts the facilitator simulator. BENCH_SIM=inproc runs it in this process (what
 * `startLocalFacilitator` gives a user's test); the default runs it in a child process, so its
 * CPU (sr25519 verification of each create, JSON rendering) does not share the event loop and
 * core of the client being measured. Returns { url, close(), stats(), reset(), where }.
 */
export async function startSimulator(opts) {
  const modPath = simulatorModulePath();
  if (process.env.BENCH_SIM === "inproc") {
    const { startLocalFacilitator } = await import(pathToFileURL(modPath).href);
    const sim = await startLocalFacilitator(opts);
    return {
      url: sim.url, where: "in-process",
      close: () => sim.close(),
      stats: async () => sim.stats(),
      reset: async () => sim.reset(),
    };
  }
  const child = spawn(process.execPath, [join(ROOT, "bench", "sim-server.mjs"), modPath, JSON.stringify(opts)], {
    stdio: ["pipe", "pipe", "inherit"], // stdin: closes when this process dies
  });
  const url = await firstLine(child, "simulator process");
  let closed = false;
  return {
    url, where: `child process ${child.pid}`,
    async close() {
      if (closed) return;
      closed = true;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
    async stats() {
      const res = await fetch(`${url}__sim__/stats`);
      return res.json();
    },
    async reset() {
      const res = await fetch(`${url}__sim__/reset`, { method: "POST" });
      await res.text();
    },
  };
}

/** Counts of watching requests (job GETs and list GETs) in a stats snapshot. */
export const watchRequests = (stats) => stats.requests.byEndpoint.getJob + stats.requests.byEndpoint.listJobs;

/** A job spec the simulator completes (echo job). */
export function echoSpec(i = 0) {
  return {
    executorClass: "always_on.test",
    jobNamespace: "SN12.0",
    dockerImage: "alpine:3.20",
    args: ["echo", `bench ${i}`],
    env: { BENCH: "1" },
    artifactsDir: "/artifacts",
    downloadTimeLimitSec: 60,
    executionTimeLimitSec: 60,
    uploadTimeLimitSec: 60,
    streamingStartTimeLimitSec: 60,
  };
}

/** Runs `count` tasks with `concurrency` workers; task(i) is awaited. */
export async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
