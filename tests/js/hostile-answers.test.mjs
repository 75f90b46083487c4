// Every facilitator answer distrusted: named malformed or malicious answers for every endpoint
// (from tests/js/hostile-server.mjs) and misbehaving injected `fetch` functions. Each case must
// settle within its time limit, with a ComputeHordeError (or the documented AbortError /
// ComputeHordeJobTimeoutError) whose message is short and never holds the token; no request may
// leave the facilitator's URL space or reach the other origin with signed headers; and the same
// client must then work against a normal answer. Deterministic: no randomness in the answers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as sdk from "../../pkg/index.mjs";
import { drip, gzipBomb, json, nested, redirect, rewrite, silent, startHostileFacilitator } from "./hostile-server.mjs";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const TOKEN_SECRET = "hostile-secret-token";
const MAX_RESPONSE_BYTES = 1 << 20;

let host;
let knownUuid;
before(async () => {
  host = await startHostileFacilitator();
  const job = await client().createJob(spec());
  knownUuid = job.uuid;
  await job.wait({ timeoutSec: 10 });
});
after(() => host.close());

function client(options = {}) {
  return new sdk.ComputeHordeClient({
    hotkey: sdk.Keypair.fromUri("//Alice"),
    computeHordeValidatorHotkey: BOB,
    facilitatorUrl: host.url,
    pollIntervalSec: 0.02,
    requestTimeoutSec: 1,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    retry: { maxAttempts: 2, minDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

function spec() {
  return {
    executorClass: sdk.ExecutorClass.always_on__gpu_24gb,
    jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest",
    args: ["hello"],
    artifactsDir: "/artifacts",
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
  };
}

/** What each endpoint's case runs on the client. */
const CALLS = {
  nonce: (c) => c.authenticate(),
  login: (c) => c.authenticate(),
  create: (c) => c.createJob(spec()),
  get: (c) => c.getJob(knownUuid),
  list: (c) => c.getJobsPage({ pageSize: 5 }),
  cheated: (c) => c.reportCheatedJob(knownUuid, knownUuid),
  feedback: (c) => c.submitFeedback(knownUuid, { resultCorrectness: 1 }),
};

const isComputeHordeError = (e) => e instanceof sdk.ComputeHordeError;

// Each case: [name, endpoint, answer, options]. options.expect: a RegExp the message must match
// (default: any ComputeHordeError), or a function (error, value) => void for cases that resolve.
const job = (edit) => rewrite((j) => { edit(j); });
const listOf = (edit) => rewrite((page) => { edit(page); });
const otherOrigin = (path) => () => `${host.otherUrl}${path}`;
const CASES = [
  // ---- nonce
  ["nonce: 500 with an HTML page", "nonce", () => ({ status: 500, headers: { "content-type": "text/html" }, body: "<html><body>Server Error (500)</body></html>" }), { expect: /HTTP 500/ }],
  ["nonce: empty 200 body", "nonce", () => json(""), { expect: /no JSON with "nonce"/ }],
  ["nonce: nonce is a number", "nonce", () => json({ nonce: 123 }), { expect: /no "nonce" string/ }],
  ["nonce: an array instead of an object", "nonce", () => json([]), { expect: /no "nonce" string/ }],
  ["nonce: truncated JSON", "nonce", () => json('{"nonce": "ab'), { expect: /no JSON/ }],
  ["nonce: 100 000 levels of nesting", "nonce", () => json(nested(100_000)), { expect: /no JSON/ }],
  ["nonce: gzip bomb (4 MB inflated)", "nonce", gzipBomb(4 << 20), { expect: /maxResponseBytes/ }],
  ["nonce: 2 MB plain body", "nonce", () => json({ nonce: "n".repeat(2 << 20) }), { expect: /maxResponseBytes/ }],
  ["nonce: 1 byte per second", "nonce", drip(1000), { expect: /no answer within 1 s/ }],
  ["nonce: headers never come", "nonce", silent(), { expect: /no answer within 1 s/ }],
  ["nonce: redirect to another origin", "nonce", redirect(302, otherOrigin("auth/nonce")), { expect: /another origin/ }],
  // ---- login
  ["login: token is a number", "login", () => json({ token: 5 }), { expect: /no "token" string/ }],
  ["login: token with CR/LF (header injection)", "login", () => json({ token: `${TOKEN_SECRET}\r\nX-Evil: 1` }), { expect: /not a valid header value/ }],
  ["login: non-ASCII token", "login", () => json({ token: `${TOKEN_SECRET}\u00e9` }), { expect: /not a valid header value/ }],
  ["login: 100 KB token", "login", () => json({ token: TOKEN_SECRET + "a".repeat(100_000) }), { expect: /longer than 4096/ }],
  ["login: empty token", "login", () => json({ token: "" }), { expect: /token is empty/ }],
  ["login: 500 is not a job that may exist", "login", () => ({ status: 500, body: "boom" }), { expect: (e) => { assert.match(e.message, /auth\/login failed with HTTP 500/); assert.doesNotMatch(e.message, /job may or may not/); } }],
  ["login: 401 with an HTML page", "login", () => ({ status: 401, headers: { "content-type": "text/html" }, body: "<h1>Unauthorized</h1>".repeat(500) }), { expect: (e) => { assert.match(e.message, /HTTP 401/); assert.ok(e.message.length < 400, `message ${e.message.length} chars`); } }],
  ["login: slow drip", "login", drip(1000), { expect: /no answer within 1 s/ }],
  ["login: 307 to another origin", "login", redirect(307, otherOrigin("auth/login")), { expect: /another origin/ }],
  ["login: redirect loop on itself", "login", redirect(307, () => `${host.url}auth/login`), { expect: /more than 5 redirects/ }],
  // ---- create
  ["create: an empty object", "create", () => json({}, 201), { expect: /'uuid' is missing/ }],
  ["create: uuid ../../../../escape", "create", job((j) => { j.uuid = "../../../../escape"; }), { expect: /not a job UUID/ }],
  ["create: uuid with an injected query", "create", job((j) => { j.uuid = "x/?page=1&injected=1#"; }), { expect: /not a job UUID/ }],
  ["create: uuid is a number", "create", job((j) => { j.uuid = 5; }), { expect: /'uuid' must be a string/ }],
  ["create: created_at is not a date", "create", job((j) => { j.created_at = "yesterday"; }), { expect: /created_at/ }],
  ["create: created_at month 13", "create", job((j) => { j.created_at = "2025-13-45T99:99:99Z"; }), { expect: /created_at/ }],
  ["create: status_history is a string", "create", job((j) => { j.status_history = "sent"; }), { expect: /status_history/ }],
  ["create: a status that is a number", "create", job((j) => { j.status_history[0].status = 7; }), { expect: /status/ }],
  ["create: args is a string", "create", job((j) => { j.args = "hello"; }), { expect: /args/ }],
  ["create: env values are numbers", "create", job((j) => { j.env = { A: 1 }; }), { expect: /env/ }],
  ["create: HTML 200", "create", () => ({ status: 201, headers: { "content-type": "text/html" }, body: "<!doctype html><p>hi</p>" }), { expect: /not JSON/ }],
  ["create: 500 says the job may exist", "create", () => ({ status: 500, body: "x".repeat(10_000) }), { expect: (e) => { assert.match(e.message, /a job may or may not have been created/); assert.ok(e.message.length < 600); } }],
  ["create: 307 to another origin keeps X-CH-* home", "create", redirect(307, otherOrigin("api/v1/job-docker/")), { expect: /another origin/ }],
  ["create: 302 of a POST is not followed", "create", redirect(302, () => `${host.url}api/v1/job-docker/`), { expect: /would drop the body/ }],
  ["create: gzip bomb", "create", gzipBomb(8 << 20, 201), { expect: /maxResponseBytes/ }],
  ["create: 429 with Retry-After 1e308 is retried soon", "create", () => ({ status: 429, headers: { "retry-after": "1e308" }, body: "" }), { once: true, expect: (e, value) => { assert.equal(e, undefined); assert.match(value.uuid, /^[0-9a-f-]{36}$/); }, withinMs: 1500 }],
  ["create: silence is cut and may have created a job", "create", silent(), { expect: /no answer within 1 s.*may or may not/ }],
  // ---- get
  ["get: executor_class is a number", "get", job((j) => { j.executor_class = 5; }), { expect: /executor_class/ }],
  ["get: docker_image is null", "get", job((j) => { j.docker_image = null; }), { expect: /docker_image/ }],
  ["get: a bad date in the history", "get", job((j) => { j.status_history[0].created_at = "not a date"; }), { expect: /created_at/ }],
  ["get: artifacts not base64", "get", job((j) => { j.artifacts = { "/artifacts/x": "@@@not base64@@@" }; }), { expect: /base64/ }],
  ["get: artifacts is an array", "get", job((j) => { j.artifacts = ["a"]; }), { expect: /artifacts/ }],
  ["get: an artifact named __proto__ stays an entry", "get", job((j) => { j.artifacts = JSON.parse('{"__proto__": "eA==", "/artifacts/a": "eQ=="}'); }), {
    expect: (e, value) => {
      assert.equal(e, undefined);
      const { artifacts } = value.result;
      assert.equal(Object.getPrototypeOf(artifacts), null);
      assert.deepEqual([...Object.keys(artifacts)].sort(), ["/artifacts/a", "__proto__"]);
      assert.equal(new TextDecoder().decode(artifacts["__proto__"]), "x");
      assert.equal({}.polluted, undefined);
    },
  }],
  ["get: an upload result header named __proto__", "get", job((j) => { j.upload_results = { out: '{"headers": {"__proto__": "v", "etag": "1"}, "body": "ok"}' }; }), {
    expect: (e, value) => {
      assert.equal(e, undefined);
      const upload = value.result.uploadResults["/output/out"];
      assert.equal(Object.getPrototypeOf(value.result.uploadResults), null);
      assert.equal(Object.getPrototypeOf(upload.headers), null);
      assert.equal(upload.headers["__proto__"], "v");
    },
  }],
  ["get: 5 MB stdout over maxResponseBytes", "get", job((j) => { j.stdout = "s".repeat(5 << 20); }), { expect: /maxResponseBytes/ }],
  ["get: gzip bomb", "get", gzipBomb(16 << 20), { expect: /maxResponseBytes/ }],
  ["get: truncated body", "get", () => json('{"uuid": "'), { expect: /not JSON/ }],
  ["get: empty body", "get", () => json(""), { expect: /not JSON/ }],
  ["get: Django's HTML 404", "get", () => ({ status: 404, headers: { "content-type": "text/html" }, body: "<h1>Not Found</h1>" }), { expect: (e) => assert.ok(e instanceof sdk.ComputeHordeNotFoundError) }],
  ["get: 1 byte per second", "get", drip(1000), { expect: /no answer within 1 s/ }],
  ["get: 503 with Retry-After -5", "get", () => ({ status: 503, headers: { "retry-after": "-5" } }), { once: true, expect: (e, value) => { assert.equal(e, undefined); assert.equal(value.uuid, knownUuid); }, withinMs: 1500 }],
  ["get: 503 with 10 KB of Retry-After digits", "get", () => ({ status: 503, headers: { "retry-after": "9".repeat(10_000) } }), { once: true, expect: (e, value) => { assert.equal(e, undefined); assert.equal(value.uuid, knownUuid); }, withinMs: 1500 }],
  ["get: same-origin redirect is followed", "get", redirect(302, () => `${host.url}api/v1/jobs/${knownUuid}/`), { once: true, expect: (e, value) => { assert.equal(e, undefined); assert.equal(value.uuid, knownUuid); } }],
  ["get: redirect to another origin", "get", redirect(301, otherOrigin(`api/v1/jobs/${knownUuid}/`)), { expect: /another origin/ }],
  ["get: redirect loop", "get", redirect(302, () => `${host.url}api/v1/jobs/${knownUuid}/`), { expect: /more than 5 redirects/ }],
  ["get: redirect to an invalid location", "get", redirect(302, "http://[::1"), { expect: /invalid location/ }],
  // ---- list
  ["list: count is a string", "list", listOf((p) => { p.count = "many"; }), { expect: /'count' must be a non-negative integer/ }],
  ["list: count of 10 000 digits is not echoed", "list", () => json(`{"count": ${"9".repeat(10_000)}, "next": null, "previous": null, "results": []}`), { expect: (e) => { assert.match(e.message, /malformed response.*number out of range at line 1 column \d+/); assert.ok(e.message.length < 300, `${e.message.length} chars`); } }],
  // (a number beyond a double is refused by the JSON parser itself; a whole one beyond 2^64 is read and refused by name)
  ["list: count beyond 2^64 is refused by name", "list", () => json(`{"count": 1${"0".repeat(25)}, "next": null, "previous": null, "results": []}`), { expect: /'count' must be a non-negative integer/ }],
  ["list: results is an object", "list", listOf((p) => { p.results = {}; }), { expect: /'results' must be an array/ }],
  ["list: a result with uuid ../escape", "list", listOf((p) => { p.results[0].uuid = "../escape"; }), { expect: /results\[0\]\.uuid/ }],
  ["list: next on another origin", "list", listOf((p) => { p.next = `${host.otherUrl}api/v1/jobs/?page=2`; p.count = 1000; }), { expect: /not a page of the facilitator's job list/ }],
  ["list: next is a number", "list", listOf((p) => { p.next = 2; }), { expect: /next/ }],
  ["list: next pointing at itself ends the listing", "list", listOf((p) => { p.next = `${host.url}api/v1/jobs/?page=1&page_size=5`; p.count = 1e6; }), { expect: (e, value) => { assert.equal(e, undefined); assert.equal(value.next, null); } }],
  ["list: an empty page with a next ends the listing", "list", listOf((p) => { p.results = []; p.next = `${host.url}api/v1/jobs/?page=2`; p.count = 1e6; }), { expect: (e, value) => { assert.equal(e, undefined); assert.equal(value.next, null); } }],
  ["list: 50 levels of nesting in metadata still parse", "list", listOf((p) => { p.results[0].status_history[0].metadata = { deep: JSON.parse(nested(50)) }; }), { expect: (e, value) => { assert.equal(e, undefined); assert.ok(value.jobs.length >= 1); } }],
  ["list: 200 levels of nesting are refused", "list", listOf((p) => { p.results[0].status_history[0].metadata = { deep: JSON.parse(nested(200)) }; }), { expect: /not JSON/ }],
  // ---- cheated-job
  ["cheated: 500 says only that the report may exist", "cheated", () => ({ status: 500, body: "boom" }), { expect: (e) => { assert.match(e.message, /may or may not have been processed/); assert.doesNotMatch(e.message, /a job may or may not/); } }],
  ["cheated: 307 to another origin", "cheated", redirect(307, otherOrigin("api/v1/cheated-job/")), { expect: /another origin/ }],
  ["cheated: 2 MB error page", "cheated", () => ({ status: 400, headers: { "content-type": "text/html" }, body: "<p>no</p>".repeat(250_000) }), { expect: /maxResponseBytes/ }],
  ["cheated: slow drip", "cheated", drip(1000), { expect: /no answer within 1 s/ }],
  // ---- feedback
  ["feedback: 308 to another origin", "feedback", redirect(308, otherOrigin(`api/v1/jobs/${knownUuid}/feedback/`)), { expect: /another origin/ }],
  ["feedback: 500 twice with an HTML page", "feedback", () => ({ status: 500, headers: { "content-type": "text/html" }, body: "<html>".repeat(1000) }), { expect: (e) => { assert.match(e.message, /HTTP 500/); assert.ok(e.message.length < 400); } }],
  ["feedback: gzip bomb", "feedback", gzipBomb(8 << 20), { expect: /maxResponseBytes/ }],
  ["feedback: headers never come", "feedback", silent(), { expect: /no answer within 1 s/ }],
];

// Injected fetch functions that misbehave (the client must contain them like bad answers).
const FETCHES = [
  ["fetch throws an Error", () => { throw new Error("boom"); }, /Error: boom/],
  ["fetch throws a string", () => { throw "just a string"; }, /the string "just a string"/],
  ["fetch throws a Symbol", () => { throw Symbol("s"); }, /a symbol/],
  ["fetch rejects with a number", () => Promise.reject(42), /a number \(42\)/],
  ["fetch returns a number", () => 42, /a number \(42\), not a Response/],
  ["fetch returns null", () => null, /null, not a Response/],
  ["fetch returns a fake Response whose text() resolves to a number", () => ({ status: 200, headers: new Headers(), text: async () => 5 }), /text\(\) resolved to a number/],
  ["fetch returns a Response-like object with status 'ok'", () => ({ status: "ok", text: async () => "{}" }), /status the string/],
  ["fetch returns an object whose headers getter throws", () => ({ status: 200, get headers() { throw new Error("getter"); }, text: async () => "{}" }), /malformed response|not JSON|no JSON/],
  ["fetch never settles and ignores its signal", () => new Promise(() => {}), /no answer within 1 s/],
  ["fetch's text() never settles", () => ({ status: 200, headers: new Headers(), body: null, text: () => new Promise(() => {}) }), /no answer within 1 s/],
];

function sameClientWorks(c) {
  return c.getJob(knownUuid).then((j) => assert.equal(j.uuid, knownUuid, "the same client works against a normal answer"));
}

function assertClean(error) {
  assert.ok(!String(error?.message).includes(TOKEN_SECRET), "no token in the message");
  assert.ok(String(error?.message).length < 1000, `message of ${String(error?.message).length} chars`);
}

async function settle(promise, limitMs) {
  const started = performance.now();
  let timer;
  const outcome = await Promise.race([
    promise.then((value) => ({ value }), (error) => ({ error })),
    new Promise((resolve) => { timer = setTimeout(() => resolve({ hung: true }), limitMs); }),
  ]);
  clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started };
}

let count = 0;
for (const [name, endpoint, answer, options = {}] of CASES) {
  test(`hostile answer: ${name}`, { timeout: 20_000 }, async () => {
    count++;
    const c = client();
    if (endpoint !== "nonce" && endpoint !== "login") await c.authenticate();
    const before = host.otherSeen.length;
    host.setCase({ endpoint, answer, once: options.once });
    const limit = options.withinMs ?? 5000;
    const outcome = await settle(CALLS[endpoint](c), limit);
    host.setCase(null);
    assert.ok(!outcome.hung, `settled within ${limit} ms`);
    if (typeof options.expect === "function") {
      if (outcome.error && options.expect.length < 2) assert.ok(isComputeHordeError(outcome.error), `a ComputeHordeError: ${outcome.error}`);
      options.expect(outcome.error, outcome.value);
    } else {
      assert.ok(outcome.error, "rejected");
      assert.ok(isComputeHordeError(outcome.error), `a ComputeHordeError, not ${outcome.error?.name}: ${outcome.error?.message}`);
      assert.match(outcome.error.message, options.expect ?? /./);
    }
    if (outcome.error) assertClean(outcome.error);
    for (const r of host.otherSeen.slice(before)) {
      const leaked = Object.keys(r.headers).filter((h) => /^(x-ch-|authorization$)/i.test(h));
      assert.deepEqual(leaked, [], `nothing signed reached the other origin (${r.method} ${r.url})`);
    }
    assert.equal(host.otherSeen.length, before, "no request reached the other origin");
    await sameClientWorks(c);
  });
}

for (const [name, fetch, expect] of FETCHES) {
  test(`hostile fetch: ${name}`, { timeout: 20_000 }, async () => {
    count++;
    let misbehave = true;
    const c = client({ fetch: (url, init) => (misbehave ? fetch(url, init) : globalThis.fetch(url, init)) });
    const outcome = await settle(c.getJob(knownUuid), 5000);
    misbehave = false;
    assert.ok(!outcome.hung, "settled within 5 s");
    assert.ok(isComputeHordeError(outcome.error), `a ComputeHordeError: ${outcome.error}`);
    assert.match(outcome.error.message, expect);
    assert.doesNotMatch(outcome.error.message, /unknown error|unwrap/);
    assertClean(outcome.error);
    await sameClientWorks(c);
  });
}

test("a thrown fetch error is the ComputeHordeError's cause", { timeout: 20_000 }, async () => {
  count++;
  const thrown = new TypeError("network down");
  let fail = true;
  const c = client({ fetch: (url, init) => (fail ? Promise.reject(thrown) : globalThis.fetch(url, init)), retry: { maxAttempts: 1 } });
  const error = await c.authenticate().then(() => null, (e) => e);
  fail = false;
  assert.ok(isComputeHordeError(error));
  assert.equal(error.cause, thrown);
  await sameClientWorks(c);
});

test("waits settle on time even when the poll in flight never answers", { timeout: 30_000 }, async () => {
  count++;
  const c = client({ requestTimeoutSec: 30 });
  const job = await c.getJob(knownUuid);
  const open = await c.createJob({ ...spec(), env: { CH_SIM_OUTCOME: "never" } });
  host.setCase({ endpoint: "get", answer: silent() });
  const waited = await settle(open.wait({ timeoutSec: 0.4 }), 3000);
  assert.ok(waited.error instanceof sdk.ComputeHordeJobTimeoutError, `${waited.error}`);
  assert.ok(waited.ms < 1500, `wait settled after ${waited.ms} ms`);
  host.setCase({ endpoint: "list", answer: silent() });
  const all = await settle(c.waitAll([open, await c.createJob({ ...spec(), env: { CH_SIM_OUTCOME: "never" } })], { timeoutSec: 0.4 }), 3000);
  assert.ok(all.error instanceof sdk.ComputeHordeJobTimeoutError, `${all.error}`);
  assert.ok(all.ms < 1500, `waitAll settled after ${all.ms} ms`);
  host.setCase({ endpoint: "get", answer: silent() });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const aborted = await settle(open.wait({ signal: controller.signal }), 3000);
  assert.equal(aborted.error?.name, "AbortError");
  assert.ok(aborted.ms < 1500, `aborted wait settled after ${aborted.ms} ms`);
  host.setCase({ endpoint: "create", answer: silent() });
  const run = await settle(c.runUntilComplete(spec(), { timeoutSec: 0.4 }), 3000);
  assert.ok(isComputeHordeError(run.error), `${run.error}`);
  assert.ok(run.ms < 1500, `runUntilComplete settled after ${run.ms} ms`);
  // A login that hangs is given up at the deadline or on the signal too.
  // (its own login goes on, cut by requestTimeoutSec, and the next call logs in again)
  const fresh = client();
  host.setCase({ endpoint: "nonce", answer: silent() });
  const login = await settle(fresh.runUntilComplete(spec(), { timeoutSec: 0.4 }), 3000);
  assert.ok(isComputeHordeError(login.error) && /logging in did not finish/.test(login.error.message), `${login.error}`);
  assert.ok(login.ms < 1500, `runUntilComplete during a hung login settled after ${login.ms} ms`);
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 200);
  const loginAborted = await settle(client().runUntilComplete(spec(), { signal: stop.signal }), 3000);
  assert.equal(loginAborted.error?.name, "AbortError");
  assert.ok(loginAborted.ms < 1500, `aborted during a hung login after ${loginAborted.ms} ms`);
  host.setCase(null);
  assert.equal(job.uuid, knownUuid);
  await sameClientWorks(c);
  await sameClientWorks(fresh);
});

test("iterJobs and pendingJobs end on endless empty pages and on a next that repeats", { timeout: 30_000 }, async () => {
  count++;
  const c = client({ jobQueue: "hostile-q" });
  await c.createJob({ ...spec(), env: { CH_SIM_OUTCOME: "never" } });
  host.setCase({ endpoint: "list", answer: listOf((p) => { p.next = `${host.url}api/v1/jobs/?page=1`; p.count = 1e9; }) });
  const iterated = [];
  const walk = (async () => { for await (const j of c.iterJobs({ pageSize: 5, jobQueue: "hostile-q" })) iterated.push(j.uuid); })();
  assert.ok(!(await settle(walk, 3000)).hung, "iterJobs ended");
  assert.equal(iterated.length, 1);
  host.setCase({ endpoint: "list", answer: listOf((p) => { p.results = []; p.next = `${host.url}api/v1/jobs/?page=2`; p.count = 1e9; }) });
  const pending = await settle(c.pendingJobs(), 3000);
  assert.ok(!pending.hung, "pendingJobs ended");
  assert.deepEqual(pending.value, []);
  host.setCase(null);
  assert.equal((await c.pendingJobs()).length, 1);
});

test("no request left the facilitator's URL space", () => {
  const stray = host.seen.filter((r) => r.endpoint === "other" || /escape|injected/.test(r.url));
  assert.deepEqual(stray.map((r) => `${r.method} ${r.url}`), []);
  console.log(`# hostile answers: ${CASES.length} named answers over 7 endpoints, ${FETCHES.length} misbehaving fetch functions, ${count} cases run, ${host.seen.length} requests served`);
});
