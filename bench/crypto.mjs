// sr25519 sign/verify of a 64-byte message and Keypair.fromMnemonic, in one Node process:
// this package's Keypair (Rust → wasm) next to @polkadot/wasm-crypto, @polkadot/util-crypto 14
// and @scure/sr25519. Each figure is the median of ROUNDS batches (libraries interleaved in
// every round, order rotated), each batch ~BATCH_MS long.
// Targets: sign ≤ 70 µs/op, ≥ 2x faster than @polkadot/wasm-crypto, ≥ 15x faster than
// @polkadot/util-crypto 14; Keypair.fromMnemonic (12 words) ≤ 3 ms.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as wasmCrypto from "@polkadot/wasm-crypto";
import * as utilCrypto from "@polkadot/util-crypto";
import * as scure from "@scure/sr25519";
import { ROOT, environment, fmt, heading, importSdk, median, min, max, nowMs, printVerdicts, ratio, table, verdict } from "./lib.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 120);
const { Keypair } = await importSdk();

environment("crypto");
await wasmCrypto.waitReady();
const utilReady = await utilCrypto.cryptoWaitReady();

// ---- what each library actually runs ----------------------------------------------------------
const version = (name) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const utilSrc = (file) => readFileSync(join(ROOT, "node_modules/@polkadot/util-crypto", file), "utf8");
const utilSignBackend = /@scure\/sr25519/.test(utilSrc("sr25519/sign.js")) ? "@scure/sr25519 (pure JS)"
  : /@polkadot\/wasm-crypto/.test(utilSrc("sr25519/sign.js")) ? "@polkadot/wasm-crypto (wasm)" : "unknown";
const utilMnemonicBackend = wasmCrypto.isReady() && /bip39ToMiniSecret/.test(utilSrc("mnemonic/toMiniSecret.js"))
  ? "wasm bip39ToMiniSecret (@polkadot/wasm-crypto)" : "JS pbkdf2";

heading("crypto: libraries and backends");
table(["library", "version", "sr25519 backend"], [
  ["compute-horde-sdk Keypair", JSON.parse(readFileSync(join(ROOT, "pkg-template", "package.json"), "utf8")).version, "Rust schnorrkel → wasm (this package)"],
  ["@polkadot/wasm-crypto", version("@polkadot/wasm-crypto"), `wasm (waitReady → ${wasmCrypto.isReady() ? "ready" : "NOT ready"})`],
  ["@polkadot/util-crypto", version("@polkadot/util-crypto"), `${utilSignBackend}; cryptoWaitReady() → ${utilReady}`],
  ["@scure/sr25519", version("@scure/sr25519"), "pure JS"],
]);
console.log(`  @polkadot/util-crypto mnemonicToMiniSecret runs: ${utilMnemonicBackend}`);

// ---- keys, and a correctness check across libraries ----------------------------------------------
const seed = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const msg = new Uint8Array(64).map((_, i) => (i * 101 + 7) & 0xff);
const ours = Keypair.fromSeed(seed);
const wkp = wasmCrypto.sr25519KeypairFromSeed(seed);
const wSecret = wkp.slice(0, 64);
const wPublic = wkp.slice(64);
const uPair = utilCrypto.sr25519PairFromSeed(seed);
const sSecret = scure.secretFromSeed(seed);
const sPublic = scure.getPublicKey(sSecret);
const hex = (u) => Buffer.from(u).toString("hex");
const pubs = [ours.publicKey, wPublic, uPair.publicKey, sPublic].map(hex);
if (new Set(pubs).size !== 1) {
  console.error(`public keys differ across libraries: ${pubs.join(" ")}`);
  process.exit(1);
}
const ourSig = ours.sign(msg);
const checks = [
  ["@scure/sr25519 verifies our signature", scure.verify(msg, ourSig, sPublic)],
  ["@polkadot/wasm-crypto verifies our signature", wasmCrypto.sr25519Verify(ourSig, msg, wPublic)],
  ["we verify @polkadot/wasm-crypto's signature", ours.verify(msg, wasmCrypto.sr25519Sign(wPublic, wSecret, msg))],
  ["we verify @scure/sr25519's signature", ours.verify(msg, scure.sign(sSecret, msg))],
  ["we reject a flipped bit", !ours.verify(msg, Uint8Array.from(ourSig, (b, i) => (i === 5 ? b ^ 1 : b)))],
];
for (const [what, ok] of checks) {
  if (!ok) { console.error(`cross-check failed: ${what}`); process.exit(1); }
}
console.log(`  cross-checks: same public key in all four, ${checks.length} signature checks OK`);

// ---- the measuring loop ---------------------------------------------------------------------
/** Iterations that take about BATCH_MS. */
function calibrate(fn) {
  let n = 1;
  for (;;) {
    const t0 = nowMs();
    for (let i = 0; i < n; i++) fn();
    const dt = nowMs() - t0;
    if (dt >= 20) return Math.max(1, Math.round((n * BATCH_MS) / dt));
    n *= dt < 2 ? 8 : 2;
  }
}
let sink = 0;
/** cases: [name, fn]; returns name → [µs/op per round]. */
function measure(cases) {
  const iters = new Map(cases.map(([name, fn]) => [name, calibrate(fn)]));
  const out = new Map(cases.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < cases.length; k++) {
      const [name, fn] = cases[(k + r) % cases.length];
      const n = iters.get(name);
      const t0 = nowMs();
      for (let i = 0; i < n; i++) sink ^= fn() ? 1 : 0;
      out.get(name).push(((nowMs() - t0) * 1000) / n);
    }
  }
  return { out, iters };
}
function report(title, unit, cases, scale = 1) {
  heading(title);
  const { out, iters } = measure(cases);
  const med = new Map([...out].map(([n, xs]) => [n, median(xs) / scale]));
  const base = med.get(cases[0][0]);
  table(["implementation", `median ${unit}/op`, "min", "max", "ops/s", "iters×rounds", `vs ${cases[0][0]}`],
    cases.map(([name]) => {
      const xs = out.get(name).map((x) => x / scale);
      return [name, fmt(med.get(name)), fmt(min(xs)), fmt(max(xs)), fmt((1e6 / scale) / med.get(name), 0),
        `${iters.get(name)}×${ROUNDS}`, name === cases[0][0] ? "1x" : `${ratio(med.get(name) / base)} slower`];
    }));
  return med;
}

const OURS = "compute-horde-sdk Keypair";
const WASM = "@polkadot/wasm-crypto";
const UTIL = "@polkadot/util-crypto";
const SCURE = "@scure/sr25519";

const sign = report("crypto: sr25519 sign, 64-byte message", "µs", [
  [OURS, () => ours.sign(msg)],
  [WASM, () => wasmCrypto.sr25519Sign(wPublic, wSecret, msg)],
  [UTIL, () => utilCrypto.sr25519Sign(msg, uPair)],
  [SCURE, () => scure.sign(sSecret, msg)],
]);

const wSig = wasmCrypto.sr25519Sign(wPublic, wSecret, msg);
const uSig = utilCrypto.sr25519Sign(msg, uPair);
const sSig = scure.sign(sSecret, msg);
const verify = report("crypto: sr25519 verify, 64-byte message", "µs", [
  [OURS, () => ours.verify(msg, ourSig)],
  [WASM, () => wasmCrypto.sr25519Verify(wSig, msg, wPublic)],
  [UTIL, () => utilCrypto.sr25519Verify(msg, uSig, uPair.publicKey)],
  [SCURE, () => scure.verify(msg, sSig, sPublic)],
]);

// Not the Substrate dev phrase: the SDK precomputes that one's mini secret (no PBKDF2 to measure).
const PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow";
const expected = hex(utilCrypto.sr25519PairFromSeed(utilCrypto.mnemonicToMiniSecret(PHRASE)).publicKey);
const probe = Keypair.fromMnemonic(PHRASE);
if (hex(probe.publicKey) !== expected) {
  console.error(`Keypair.fromMnemonic gives ${hex(probe.publicKey)}, @polkadot/util-crypto ${expected}`);
  process.exit(1);
}
probe.free();
const mnemonic = report("crypto: keypair from a 12-word mnemonic (PBKDF2-SHA512 ×2048 + sr25519 expand)", "ms", [
  [`${OURS}.fromMnemonic`, () => { const k = Keypair.fromMnemonic(PHRASE); k.free(); return true; }],
  [`${UTIL} mnemonicToMiniSecret+sr25519PairFromSeed`, () => utilCrypto.sr25519PairFromSeed(utilCrypto.mnemonicToMiniSecret(PHRASE))],
  [`${WASM} bip39ToMiniSecret+sr25519KeypairFromSeed`, () => wasmCrypto.sr25519KeypairFromSeed(wasmCrypto.bip39ToMiniSecret(PHRASE, ""))],
], 1000);
if (sink === 42) console.log(""); // keep results observable

// ---- verdicts -------------------------------------------------------------------------------
const s = sign.get(OURS);
const vsWasm = sign.get(WASM) / s;
const vsUtil = sign.get(UTIL) / s;
const vsScure = sign.get(SCURE) / s;
const signOk = s <= 70 && vsWasm >= 2 && vsUtil >= 15;
verdict(`sign 64 B: ${fmt(s)} µs/op median (target ≤ 70) — ${ratio(vsWasm)} faster than @polkadot/wasm-crypto (target ≥ 2x), ` +
  `${ratio(vsUtil)} faster than @polkadot/util-crypto ${version("@polkadot/util-crypto")} [${utilSignBackend}] (target ≥ 15x), ${ratio(vsScure)} vs @scure/sr25519`, signOk);
const v = verify.get(OURS);
verdict(`verify 64 B: ${fmt(v)} µs/op median — ${ratio(verify.get(WASM) / v)} vs @polkadot/wasm-crypto, ` +
  `${ratio(verify.get(UTIL) / v)} vs @polkadot/util-crypto, ${ratio(verify.get(SCURE) / v)} vs @scure/sr25519 (no target)`, null);
const mm = mnemonic.get(`${OURS}.fromMnemonic`);
const pm = mnemonic.get(`${UTIL} mnemonicToMiniSecret+sr25519PairFromSeed`);
verdict(`Keypair.fromMnemonic (12 words): ${fmt(mm)} ms/op median (target ≤ 3) — @polkadot/util-crypto ${fmt(pm)} ms [${utilMnemonicBackend}] (${ratio(pm / mm)})`, mm <= 3);
printVerdicts("crypto");
