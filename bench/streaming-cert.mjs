// Streaming jobs: the time to make a job's client key + certificate (createJob({ streaming:
// true }) does it once per job), next to the parts and the alternatives, interleaved in one
// process; and what streaming adds to the browser bundle (target: ≤ 2 KB gzip).
//
// RSA key generation searches for primes, so single runs vary a lot: medians of RUNS runs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PKG, ROOT, environment, fmt, heading, kb, max, median, min, nowMs, printVerdicts, ratio, requirePkg, table, verdict } from "./lib.mjs";

requirePkg();
environment("streaming-cert");
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const { createStreamingCredentials } = await import(pathToFileURL(join(PKG, "streaming", "index.mjs")).href);
const { createSelfSignedCertificate } = await import(pathToFileURL(join(PKG, "testing", "index.mjs")).href);
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

let openssl = true;
try { execFileSync("openssl", ["version"]); } catch { openssl = false; }

const candidates = [
  ["SDK createStreamingCredentials (WebCrypto RSA 2048 + @peculiar/asn1-x509 + PEM)", () => createStreamingCredentials()],
  ["  of which: WebCrypto RSA 2048 generateKey alone", () => crypto.subtle.generateKey(RSA, true, ["sign", "verify"])],
  ["simulator createSelfSignedCertificate (WebCrypto RSA 2048 + PKI.js)", () => createSelfSignedCertificate()],
  ...(openssl ? [["openssl req -x509 -newkey rsa:2048 (a process, as a CLI user would)", async () => execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:FALSE", "-days", "365", "-sha256",
  ], { stdio: ["ignore", "pipe", "ignore"] })]] : []),
];

heading(`streaming-cert: time to make a client key + certificate (${RUNS} interleaved runs each)`);
await createStreamingCredentials(); // warm up module loading and WebCrypto
const times = candidates.map(() => []);
for (let run = 0; run < RUNS; run++) {
  for (const [i, [, make]] of candidates.entries()) {
    const t0 = nowMs();
    await make();
    times[i].push(nowMs() - t0);
  }
}
const sdkMedian = median(times[0]);
table(["what", "median ms", "min", "max", "vs SDK"], candidates.map(([name], i) => [
  name, fmt(median(times[i])), fmt(min(times[i])), fmt(max(times[i])), ratio(median(times[i]) / sdkMedian),
]));
console.log(`  RSA key generation alone: median ${fmt(median(times[1]))} ms — it dominates; building, signing and encoding the certificate is the rest`);
verdict(`client certificate per streaming job: median ${fmt(sdkMedian)} ms over ${RUNS} runs (INFO)`, null);

// What the streaming support costs a browser bundle. (1) Its JS: the package entry bundled for
// browsers with and without its streaming part (the X.509, TLS and waiting code is in
// compute-horde-sdk/streaming, which browsers never load). (2) With BENCH_BASE_PKG=<a package
// built from the commit before streaming>, the whole shipped entries, wasm (its
// streamingServer getter) included, side by side.
heading("streaming-cert: browser bundle cost of streaming (gzip -9)");
const entry = join(ROOT, "pkg-template", "src", "index.js");
const withoutStreaming = {
  name: "no-streaming",
  setup(b) {
    b.onLoad({ filter: /streaming-core\.js$/ }, () => ({ contents: "export function installStreaming() {}", loader: "js" }));
  },
};
const gz = (text) => gzipSync(text, { level: 9 }).length;
async function bundle(plugins, minify) {
  const out = await build({
    entryPoints: [entry], bundle: true, format: "esm", platform: "browser", write: false, minify, plugins,
    external: ["node:*"], logLevel: "silent", legalComments: "none",
  });
  // The inlined wasm (the one long base64 string) is the same in both: leave it out.
  return gz(out.outputFiles[0].text.replace(/"[A-Za-z0-9+/=]{10000,}"/, '""'));
}
const rows = [];
for (const minify of [false, true]) {
  const [full, bare] = [await bundle([], minify), await bundle([withoutStreaming], minify)];
  rows.push([`JS only, ${minify ? "minified (what a bundler ships)" : "as shipped (not minified)"}`, kb(bare), kb(full), `${full - bare} B`]);
}
const base = process.env.BENCH_BASE_PKG;
let shippedGrowth = null;
if (base) {
  for (const file of ["index.mjs", "index.cjs"]) {
    const [before, now] = [readFileSync(join(base, file)), readFileSync(join(PKG, file))].map(gz);
    rows.push([`shipped ${file} (wasm inlined) vs ${base}`, kb(before), kb(now), `${now - before} B`]);
    shippedGrowth = Math.max(shippedGrowth ?? 0, now - before);
  }
}
table(["browser bundle", "without streaming", "with", "growth"], rows);
if (shippedGrowth === null) {
  console.log("  (set BENCH_BASE_PKG to a package built before streaming to include the wasm's share)");
  verdict("browser bundle growth for streaming: JS only measured (set BENCH_BASE_PKG for the whole entry)", null);
} else {
  verdict(`browser entry growth for streaming ${shippedGrowth} B gzip, wasm included (target ≤ 2048 B)`, shippedGrowth <= 2048);
}
printVerdicts("streaming-cert");
