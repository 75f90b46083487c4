// What the argument boundary (pkg-template/src/boundary.js) costs per call: the package's
// guarded API next to the bare wasm-bindgen glue over a second instance of the same .wasm
// (build/wasm/, unguarded), in one process. Each figure is the median of ROUNDS batches, the
// two sides interleaved in every round (order alternating), each batch ~BATCH_MS long.
// Also the cost of checking a typical job spec, next to one JSON.stringify of it.
// Run: node bench/boundary.mjs (after `make pkg`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, environment, fmt, heading, importSdk, median, nowMs, printVerdicts, table, verdict } from "./lib.mjs";

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 9));
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 100);

environment("boundary");
const sdk = await importSdk();
const raw = await import(pathToFileURL(join(ROOT, "build", "wasm", "compute_horde_sdk.js")).href);
raw.initSync({ module: readFileSync(join(ROOT, "build", "wasm", "compute_horde_sdk_bg.wasm")) });
const boundary = await import(pathToFileURL(join(ROOT, "pkg-template", "src", "boundary.js")).href);

const message = new Uint8Array(64).map((_, i) => i);
const guardedKey = sdk.Keypair.fromUri("//Alice");
const rawKey = raw.Keypair.fromUri("//Alice");
const address = guardedKey.ss58Address;
const url = "https://example.com/data.bin";
const spec = {
  executorClass: "always_on.gpu-24gb", jobNamespace: "SN123.0", dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest",
  args: ["python", "main.py", "--epochs", "3"], env: { A: "1", B: "2", C: "three", D: "4", E: "five" }, artifactsDir: "/artifacts",
  downloadTimeLimitSec: 60, executionTimeLimitSec: 300, uploadTimeLimitSec: 60,
  inputVolumes: { "/volume/data.bin": new sdk.HTTPInputVolume({ url }), "/volume/model": new sdk.HuggingfaceInputVolume({ repoId: "org/model", revision: "main" }) },
  outputVolumes: { "/output/result.json": new sdk.HTTPOutputVolume({ httpMethod: "PUT", url: "https://uploads.example.com/r" }) },
};

// Correctness first: both sides compute the same thing.
if (Buffer.compare(Buffer.from(guardedKey.publicKey), Buffer.from(rawKey.publicKey)) !== 0 || !rawKey.verify(message, guardedKey.sign(message))) {
  console.error("the guarded and the raw Keypair disagree");
  process.exit(1);
}
if (JSON.stringify(raw.__normalizeVolume("HTTPInputVolume", { url })) !== JSON.stringify({ ...new sdk.HTTPInputVolume({ url }) })) {
  console.error("the guarded and the raw volume disagree");
  process.exit(1);
}

/** µs per call: runs `fn` in a loop for about BATCH_MS. */
function batch(fn) {
  let n = 0;
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < BATCH_MS) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = nowMs() - start;
  }
  return (elapsed * 1000) / n;
}

const pairs = [
  ["keypair.sign(64 B)", () => guardedKey.sign(message), () => rawKey.sign(message)],
  ["keypair.verify(64 B, signature)", ((s) => () => guardedKey.verify(message, s))(guardedKey.sign(message)), ((s) => () => rawKey.verify(message, s))(rawKey.sign(message))],
  ["keypair.ss58Address (getter)", () => guardedKey.ss58Address, () => rawKey.ss58Address],
  ["isValidSs58Address(address)", () => sdk.isValidSs58Address(address), () => raw.isValidSs58Address(address)],
  ["new HTTPInputVolume({ url })", () => new sdk.HTTPInputVolume({ url }), () => raw.__normalizeVolume("HTTPInputVolume", { url })],
  ["job spec check (boundary.jobSpec) vs JSON.stringify(spec)", () => boundary.jobSpec(spec), () => JSON.stringify(spec)],
];

for (const [, guarded, bare] of pairs) batch(guarded), batch(bare); // warm-up
const results = pairs.map(() => ({ guarded: [], bare: [] }));
for (let round = 0; round < ROUNDS; round++) {
  pairs.forEach(([, guarded, bare], i) => {
    if (round % 2) {
      results[i].bare.push(batch(bare));
      results[i].guarded.push(batch(guarded));
    } else {
      results[i].guarded.push(batch(guarded));
      results[i].bare.push(batch(bare));
    }
  });
}

heading(`boundary: µs per call, median of ${ROUNDS} interleaved rounds`);
const medians = pairs.map(([name], i) => [name, median(results[i].guarded), median(results[i].bare)]);
table(["call", "package (guarded) µs", "bare glue / reference µs", "added µs", "ratio"],
  medians.map(([name, g, b]) => [name, fmt(g, 3), fmt(b, 3), fmt(g - b, 3), `${fmt(g / b, 2)}×`]));
for (const [name, g, b] of medians) verdict(`${name}: ${fmt(g, 3)} µs guarded vs ${fmt(b, 3)} µs (${fmt(g / b, 2)}×)`, null);
printVerdicts("boundary");
