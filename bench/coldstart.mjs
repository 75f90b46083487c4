// Cold start: Node process start → first signature with this package, minus a bare `node -e ''`.
// Every case is a fresh `node -e` process; cases are interleaved, RUNS runs each, medians.
// Measured: the `node` entries Node resolves (node.mjs / node.cjs: read the .wasm file), next to
// the portable entry (index.mjs: the inlined module, inflated at import).
// Target: ≤ 30 ms for ESM and for CommonJS.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { PKG, PKG_ESM, ROOT, environment, fmt, heading, median, min, max, nowMs, printVerdicts, requirePkg, table, verdict } from "./lib.mjs";

requirePkg();
environment("coldstart");
const RUNS = Math.max(7, Number(process.env.BENCH_COLD_RUNS ?? 11));
const TARGET_MS = 30;

const esm = JSON.stringify(join(PKG, "node.mjs"));
const cjs = JSON.stringify(join(PKG, "node.cjs"));
const portable = JSON.stringify(PKG_ESM);
const MSG = "new Uint8Array(64)";
const cases = [
  { name: "bare node -e ''", code: "" },
  { name: "ESM: import() + Keypair.fromUri('//Alice').sign(64 B)", code: `import(${esm}).then(m => { m.Keypair.fromUri('//Alice').sign(${MSG}); })` },
  { name: "CJS: require() + Keypair.fromUri('//Alice').sign(64 B)", code: `require(${cjs}).Keypair.fromUri('//Alice').sign(${MSG})` },
  { name: "ESM: import() only", code: `import(${esm}).then(() => {})` },
  { name: "CJS: require() only", code: `require(${cjs})` },
  { name: "ESM: import() + Keypair.fromSeed(32 B).sign(64 B) (no mnemonic)", code: `import(${esm}).then(m => { m.Keypair.fromSeed(new Uint8Array(32).fill(7)).sign(${MSG}); })` },
  { name: "portable index.mjs (inlined, inflated): import() + fromUri('//Alice').sign", code: `import(${portable}).then(m => { m.Keypair.fromUri('//Alice').sign(${MSG}); })` },
  { name: "@polkadot/keyring: cryptoWaitReady + addFromUri('//Alice').sign (for scale)",
    code: `Promise.all([import('@polkadot/util-crypto'), import('@polkadot/keyring')]).then(async ([u, k]) => { await u.cryptoWaitReady(); new k.Keyring({ type: 'sr25519' }).addFromUri('//Alice').sign(${MSG}); })` },
];

// Each process also reports the CPU time it used (user + system, at exit): on a loaded machine
// wall time includes waiting for a core, CPU time much less so.
const CPU_HOOK = "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(1, '\\ncpu ' + (u.user + u.system) / 1000); });";
const cpu = [];
function run(code, i) {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, ["-e", `${CPU_HOOK}${code}`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const dt = nowMs() - t0;
  if (r.status !== 0) throw new Error(`node -e failed (${r.status}): ${code}\n${r.stderr}`);
  const m = /cpu ([\d.]+)\s*$/.exec(r.stdout);
  if (i !== undefined && m) (cpu[i] ??= []).push(Number(m[1]));
  return dt;
}

// Correctness first: the timed code really signs.
{
  const check = spawnSync(process.execPath, ["-e",
    `import(${esm}).then(m => { const k = m.Keypair.fromUri('//Alice'); const s = k.sign(${MSG}); if (s.length !== 64 || !k.verify(${MSG}, s)) process.exit(3); ` +
    `const c = require(${cjs}).Keypair.fromUri('//Alice'); if (!c.verify(${MSG}, s)) process.exit(4); })`], { cwd: ROOT, encoding: "utf8" });
  if (check.status !== 0) {
    console.error(`the ESM/CJS sign check failed (${check.status}): ${check.stderr}`);
    process.exit(1);
  }
}

heading(`coldstart: process start → first signature (${RUNS} interleaved runs per case)`);
for (const c of cases) run(c.code); // warm the OS file cache once
const times = cases.map(() => []);
for (let r = 0; r < RUNS; r++) {
  for (let k = 0; k < cases.length; k++) {
    const i = (k + r) % cases.length;
    times[i].push(run(cases[i].code, i));
  }
}
const bare = median(times[0]);
table(["case", "median ms", "min", "max", "minus bare (median)"],
  cases.map((c, i) => [c.name, fmt(median(times[i]), 1), fmt(min(times[i]), 1), fmt(max(times[i]), 1), i === 0 ? "-" : fmt(median(times[i]) - bare, 1)]));
// Paired differences (each run minus the bare run of the same round) as a robustness check.
const paired = (i) => median(times[i].map((t, r) => t - times[0][r]));
console.log(`  paired per-round differences (median): ESM ${fmt(paired(1), 1)} ms, CJS ${fmt(paired(2), 1)} ms`);

const bareCpu = median(cpu[0]);
table(["case", "CPU ms (user + system) median", "minus bare"], cases.map((c, i) => [c.name, fmt(median(cpu[i]), 1), i === 0 ? "-" : fmt(median(cpu[i]) - bareCpu, 1)]));
console.log(`  load average now: ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores (wall times above include waiting for a core)`);

const esmMs = median(times[1]) - bare;
const cjsMs = median(times[2]) - bare;
const polkadotMs = median(times[7]) - bare;
const portableMs = median(times[6]) - bare;
verdict(`cold start ESM, node.mjs (process start → first signature, minus bare node ${fmt(bare, 1)} ms): ${fmt(esmMs, 1)} ms median (target ≤ ${TARGET_MS}; import alone ${fmt(median(times[3]) - bare, 1)} ms, with fromSeed instead of fromUri ${fmt(median(times[5]) - bare, 1)} ms; the portable inlined entry ${fmt(portableMs, 1)} ms; @polkadot/keyring ${fmt(polkadotMs, 1)} ms)`, esmMs <= TARGET_MS);
verdict(`cold start CJS, node.cjs (require): ${fmt(cjsMs, 1)} ms median (target ≤ ${TARGET_MS}; require alone ${fmt(median(times[4]) - bare, 1)} ms)`, cjsMs <= TARGET_MS);
verdict(`cold start CPU time minus bare node: ESM ${fmt(median(cpu[1]) - bareCpu, 1)} ms, CJS ${fmt(median(cpu[2]) - bareCpu, 1)} ms (the portable entry ${fmt(median(cpu[6]) - bareCpu, 1)} ms)`, null);
printVerdicts("coldstart");
