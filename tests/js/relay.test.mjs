// compute-horde-sdk/relay (the built pkg/relay/index.mjs):
// - in headless Debian Chromium, a page on one origin cannot call a facilitator with
//   django-cors-headers defaults (the simulator with strictCors), and can through the relay on
//   another origin, signing in the page; other origins and other paths are refused;
// - in Node, the relay handler on `new Request(...)` objects: preflights, origin checks, what is
//   forwarded and what is not, and toNodeHandler on a real socket.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { createRelay, toNodeHandler } from "../../pkg/relay/index.mjs";
import { startLocalFacilitator } from "../../pkg/testing/index.mjs";
import * as sdk from "../../pkg/index.mjs";
import * as relayModule from "../../pkg/relay/index.mjs";
import { root, startStaticServer } from "./harness.mjs";
import { CHROMIUM_ARGS } from "./harness.mjs";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const SDK_HEADERS = ["Authorization", "Content-Type", "Realm", "SubnetID", "Hotkey", "Nonce", "Signature",
  "X-CH-Signature-Type", "X-CH-Signatory", "X-CH-Timestamp-NS", "X-CH-Signature", "X-CH-Signature-Scope"];
const APP = "https://app.example.com";
const RELAY = "https://relay.example.com";

/** A relay whose forwarded requests are recorded and answered by `reply`. */
function recordingRelay(options = {}, reply = () => new Response('{"ok":true}', { status: 200, headers: { "Content-Type": "application/json" } })) {
  const forwarded = [];
  const relay = createRelay({
    facilitatorUrl: "https://facilitator.test/", allowedOrigins: [APP], pathPrefix: "/ch/", ...options,
    fetch: async (request) => {
      forwarded.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body: await request.text(), redirect: request.redirect });
      return reply(request);
    },
  });
  return { relay, forwarded };
}

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => { server.closeAllConnections(); return new Promise((done) => server.close(done)); },
  })));
}

function spec(args) {
  return {
    executorClass: sdk.ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args,
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
  };
}

test("the declarations use no `any`, document each export and declare exactly what the module exports", () => {
  const dts = readFileSync(`${root}pkg/relay/index.d.ts`, "utf8");
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/);
  const declared = [...code.matchAll(/export declare function (\w+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(relayModule).sort());
  for (const name of [...declared, ...[...code.matchAll(/export (?:interface|type) (\w+)/g)].map((m) => m[1])]) {
    assert.match(dts, new RegExp(`\\*/\\s*export (?:declare function|interface|type) ${name}\\b`), `${name} has a doc comment`);
  }
});

describe("relay handler (Node, fetch-style Request objects)", () => {
  test("a preflight from an allowed origin is answered by the relay itself, allowing the SDK's headers", async () => {
    const { relay, forwarded } = recordingRelay();
    const res = await relay(new Request(`${RELAY}/ch/api/v1/job-docker/`, {
      method: "OPTIONS",
      headers: { Origin: APP, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type,realm,subnetid,x-ch-signature" },
    }));
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), APP);
    assert.equal(res.headers.get("access-control-allow-methods"), "GET, HEAD, POST, PUT");
    assert.deepEqual(res.headers.get("access-control-allow-headers").split(", "), SDK_HEADERS);
    assert.equal(res.headers.get("access-control-max-age"), "7200");
    assert.equal(res.headers.get("vary"), "Origin");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
    assert.equal(forwarded.length, 0, "nothing reached the facilitator");
  });

  test("another origin gets 403 without any CORS header, for preflights and requests alike", async () => {
    const { relay, forwarded } = recordingRelay();
    for (const init of [
      { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } },
      { method: "GET", headers: { Origin: "https://evil.example" } },
      { method: "POST", headers: { Origin: "https://app.example.com:8443", "Content-Type": "application/json" }, body: "{}" },
    ]) {
      const res = await relay(new Request(`${RELAY}/ch/auth/nonce`, init));
      assert.equal(res.status, 403, `${init.method} from ${init.headers.Origin}`);
      assert.deepEqual([...res.headers.keys()].filter((h) => h.startsWith("access-control-")), []);
      assert.match(await res.text(), /origin .* is not allowed/);
    }
    assert.equal(forwarded.length, 0);
  });

  test("the relay's own origin needs no listing; requests without Origin are served", async () => {
    const { relay, forwarded } = recordingRelay({ allowedOrigins: [] });
    const own = await relay(new Request(`${RELAY}/ch/auth/login`, { method: "POST", headers: { Origin: RELAY, "Content-Type": "application/json" }, body: "{}" }));
    const proxied = await relay(new Request("http://10.0.0.5:3000/ch/auth/login", { method: "POST", headers: { Origin: APP, "Sec-Fetch-Site": "same-origin" }, body: "{}" }));
    const none = await relay(new Request(`${RELAY}/ch/auth/nonce`));
    const other = await relay(new Request(`${RELAY}/ch/auth/nonce`, { headers: { Origin: APP } }));
    assert.deepEqual([own.status, proxied.status, none.status, other.status], [200, 200, 200, 403]);
    assert.equal(own.headers.get("access-control-allow-origin"), null, "same origin: no CORS header needed");
    assert.equal(forwarded.length, 3);
  });

  test('"*" allows every origin only when given; invalid options are TypeErrors naming the option', async () => {
    const { relay } = recordingRelay({ allowedOrigins: ["*"] });
    const res = await relay(new Request(`${RELAY}/ch/auth/nonce`, { headers: { Origin: "https://anyone.example" } }));
    assert.equal(res.headers.get("access-control-allow-origin"), "https://anyone.example");
    const bad = [
      [{}, /^allowedOrigins: /],
      [{ allowedOrigins: "https://app.example.com" }, /^allowedOrigins: /],
      [{ allowedOrigins: ["https://app.example.com/path"] }, /^allowedOrigins\[0\]: /],
      [{ allowedOrigins: [APP, "null"] }, /^allowedOrigins\[1\]: /],
      [{ allowedOrigins: ["*.example.com"] }, /^allowedOrigins\[0\]: /],
      [{ allowedOrigins: [], facilitatorUrl: "ftp://x/" }, /^facilitatorUrl: /],
      [{ allowedOrigins: [], facilitatorUrl: "https://f.example/?a=1" }, /^facilitatorUrl: /],
      [{ allowedOrigins: [], pathPrefix: "ch/" }, /^pathPrefix: /],
      [{ allowedOrigins: [], pathPrefix: "/a/../b/" }, /^pathPrefix: /],
      [{ allowedOrigins: [], fetch: 1 }, /^fetch: /],
    ];
    for (const [options, message] of bad) assert.throws(() => createRelay(options), (e) => e instanceof TypeError && message.test(e.message), JSON.stringify(options));
    assert.throws(() => createRelay(), TypeError);
    assert.throws(() => toNodeHandler({}), /^TypeError: relay: /);
    createRelay({ allowedOrigins: ["HTTPS://App.Example.com/"] }); // case and a trailing slash are tolerated
  });

  test("only auth/nonce, auth/login and api/v1/ under pathPrefix are forwarded; anything else is 404", async () => {
    const { relay, forwarded } = recordingRelay();
    for (const path of ["/", "/ch/", "/ch/admin/", "/ch/__sim__/stats", "/__sim__/stats", "/api/v1/jobs/", "/ch/api/v2/jobs/",
      "/ch/auth/nonceX", "/ch/api/v1/%2e%2e/%2e%2e/admin/", "/ch/api/v1/..%2f..%2fadmin/", "/ch/api/v1/jobs/%2F", "/ch/../admin/", "/chx/api/v1/jobs/"]) {
      const res = await relay(new Request(`${RELAY}${path}`, { headers: { Origin: APP } }));
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("access-control-allow-origin"), APP, `${path}: the page can read the 404`);
      assert.match((await res.json()).detail, /auth\/nonce, auth\/login and api\/v1\//);
    }
    assert.equal(forwarded.length, 0);
    for (const path of ["/ch/auth/nonce", "/ch/auth/login", "/ch/api/v1/jobs/?page=2&page_size=5&uuid=a&uuid=b", "/ch/api/v1/jobs/0b7c3c1e-0000-4000-8000-000000000000/feedback/"]) {
      await relay(new Request(`${RELAY}${path}`, { headers: { Origin: APP } }));
    }
    assert.deepEqual(forwarded.map((f) => f.url), [
      "https://facilitator.test/auth/nonce", "https://facilitator.test/auth/login",
      "https://facilitator.test/api/v1/jobs/?page=2&page_size=5&uuid=a&uuid=b",
      "https://facilitator.test/api/v1/jobs/0b7c3c1e-0000-4000-8000-000000000000/feedback/",
    ]);
  });

  test("a forwarded call keeps method, query, body and the SDK's headers, and drops Cookie, Host, Origin and the rest", async () => {
    const { relay, forwarded } = recordingRelay();
    const body = JSON.stringify({ docker_image: "alpine", args: ["é"] });
    const sent = {
      Authorization: "Bearer jwt", "Content-Type": "application/json", Realm: "mainnet", SubnetID: "12",
      "X-CH-Signature-Type": "bittensor", "X-CH-Signatory": ALICE, "X-CH-Timestamp-NS": "1700000000000000000",
      "X-CH-Signature": "c2ln", "X-CH-Signature-Scope": "SignedFields",
    };
    const res = await relay(new Request(`${RELAY}/ch/api/v1/job-docker/?x=1`, {
      method: "POST", body,
      headers: {
        ...sent, Origin: APP, Cookie: "sessionid=secret; csrftoken=t", Referer: `${APP}/page`, "User-Agent": "Chrome",
        "X-Forwarded-For": "10.0.0.1", "X-Forwarded-Host": "evil.example", Forwarded: "for=1.2.3.4", "X-CSRFToken": "t", "X-Other": "1",
      },
    }));
    assert.equal(res.status, 200);
    assert.equal(forwarded.length, 1);
    const [call] = forwarded;
    assert.deepEqual([call.method, call.url, call.body, call.redirect], ["POST", "https://facilitator.test/api/v1/job-docker/?x=1", body, "manual"]);
    const expected = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k.toLowerCase(), v]));
    assert.deepEqual(call.headers, { ...expected, accept: "application/json" });
  });

  test("the answer keeps status, body, Content-Type and Retry-After; Set-Cookie and the facilitator's CORS headers are dropped", async () => {
    const { relay } = recordingRelay({}, () => new Response('{"detail":"Request was throttled."}', {
      status: 429,
      headers: {
        "Content-Type": "application/json", "Retry-After": "3", "Set-Cookie": "csrftoken=x; Path=/",
        "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true", "X-Internal": "1", Server: "gunicorn",
      },
    }));
    const res = await relay(new Request(`${RELAY}/ch/api/v1/jobs/`, { headers: { Origin: APP, Authorization: "Bearer t" } }));
    assert.equal(res.status, 429);
    assert.equal(await res.text(), '{"detail":"Request was throttled."}');
    assert.deepEqual(Object.fromEntries(res.headers), {
      "access-control-allow-origin": APP, "access-control-expose-headers": "Retry-After", "cache-control": "no-store",
      "content-type": "application/json", "retry-after": "3", vary: "Origin",
    });
  });

  test("hotkey-header auth is refused with 400 saying token auth works through a relay", async () => {
    const { relay, forwarded } = recordingRelay();
    const res = await relay(new Request(`${RELAY}/ch/api/v1/jobs/`, { headers: { Origin: APP, Hotkey: ALICE, Nonce: "1700000000.000000", Signature: "ab", Realm: "mainnet", SubnetID: "12" } }));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("access-control-allow-origin"), APP);
    assert.match((await res.json()).detail, /signature covers the URL.*token auth/);
    assert.equal(forwarded.length, 0);
  });

  test("an unreachable facilitator gives 502, DELETE gives 405, redirects are not followed and stay on the relay", async () => {
    const { relay: down } = recordingRelay({}, () => { throw new TypeError("fetch failed"); });
    const failed = await down(new Request(`${RELAY}/ch/auth/nonce`, { headers: { Origin: APP } }));
    assert.deepEqual([failed.status, failed.headers.get("access-control-allow-origin")], [502, APP]);
    const { relay, forwarded } = recordingRelay({}, (request) => new Response(null, { status: 301, headers: { Location: `${new URL(request.url).pathname}page/` } }));
    const deleted = await relay(new Request(`${RELAY}/ch/api/v1/jobs/`, { method: "DELETE", headers: { Origin: APP } }));
    assert.deepEqual([deleted.status, deleted.headers.get("allow")], [405, "GET, HEAD, POST, PUT, OPTIONS"]);
    const moved = await relay(new Request(`${RELAY}/ch/api/v1/jobs`, { headers: { Origin: APP } }));
    assert.deepEqual([moved.status, moved.headers.get("location")], [301, `${RELAY}/ch/api/v1/jobspage/`]);
    assert.equal(forwarded.length, 1);
  });

  test("a job page's next and previous links are rewritten onto the relay, every other byte kept", async () => {
    const page = '{"count": 30, "next": "https://facilitator.test/api/v1/jobs/?page=3&page_size=10", "previous":"https://facilitator.test/api/v1/jobs/?page_size=10", "results": [{"stdout": "see https://facilitator.test/api/v1/jobs/ 1.50"}]}';
    const { relay } = recordingRelay({}, () => new Response(page, { status: 200, headers: { "Content-Type": "application/json" } }));
    const res = await relay(new Request(`${RELAY}/ch/api/v1/jobs/?page=2&page_size=10`, { headers: { Origin: APP } }));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), page
      .replace('"next": "https://facilitator.test/', `"next": "${RELAY}/ch/`)
      .replace('"previous":"https://facilitator.test/', `"previous":"${RELAY}/ch/`));
    const { relay: elsewhere } = recordingRelay({}, () => new Response('{"next": "https://other.test/api/v1/jobs/?page=2"}', { status: 200 }));
    assert.equal(await (await elsewhere(new Request(`${RELAY}/ch/api/v1/jobs/`, { headers: { Origin: APP } }))).text(), '{"next": "https://other.test/api/v1/jobs/?page=2"}');
  });

  test("facilitatorUrl defaults to the public facilitator, and a trailing api/v1/ means the same base", async () => {
    const urls = [];
    const fetch = async (request) => { urls.push(request.url); return new Response("{}"); };
    await createRelay({ allowedOrigins: [], fetch })(new Request(`${RELAY}/auth/nonce`));
    await createRelay({ allowedOrigins: [], fetch, facilitatorUrl: "http://127.0.0.1:9/sub/api/v1" })(new Request(`${RELAY}/api/v1/jobs/`));
    assert.deepEqual(urls, ["https://facilitator.computehorde.io/auth/nonce", "http://127.0.0.1:9/sub/api/v1/jobs/"]);
  });
});

describe("toNodeHandler (Node http, real sockets)", () => {
  let sim, upstream, received;

  before(async () => {
    sim = await startLocalFacilitator({ stepMs: 20 });
    received = [];
    upstream = await listen((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(201, { "Content-Type": "application/json", "Set-Cookie": "sessionid=s" }).end('{"created":true}');
      });
    });
  });
  after(async () => { await upstream?.close(); await sim?.close(); });

  test("on the wire the facilitator gets its own Host and no Cookie, Origin or forwarding header", async () => {
    const relay = await listen(toNodeHandler(createRelay({ facilitatorUrl: upstream.url, allowedOrigins: [APP] })));
    try {
      const res = await fetch(`${relay.url}api/v1/job-docker/`, {
        method: "POST", body: '{"a":1}',
        headers: { Origin: APP, Cookie: "sessionid=secret", "Content-Type": "application/json", Authorization: "Bearer t", "X-Forwarded-For": "10.1.1.1" },
      });
      assert.equal(res.status, 201);
      assert.equal(await res.text(), '{"created":true}');
      assert.equal(res.headers.get("set-cookie"), null);
      assert.equal(res.headers.get("access-control-allow-origin"), APP);
      const [call] = received;
      assert.deepEqual([call.method, call.url, call.body], ["POST", "/api/v1/job-docker/", '{"a":1}']);
      assert.equal(call.headers.host, new URL(upstream.url).host);
      assert.equal(call.headers.authorization, "Bearer t");
      for (const name of ["cookie", "origin", "referer", "x-forwarded-for", "x-forwarded-host", "forwarded"]) assert.equal(call.headers[name], undefined, name);
    } finally {
      await relay.close();
    }
  });

  test("Express-style mounting: originalUrl carries the mount path, and a body eaten by a body parser is a 500 that says so", async () => {
    const handler = toNodeHandler(createRelay({ facilitatorUrl: upstream.url, allowedOrigins: [], pathPrefix: "/api/ch/" }));
    const relay = await listen((req, res) => {
      req.originalUrl = req.url;
      req.url = req.url.slice("/api/ch".length); // what app.use("/api/ch", ...) does
      if (req.headers["x-parse-body"]) { req.resume(); req.on("end", () => handler(req, res)); } else handler(req, res);
    });
    try {
      received.length = 0;
      const ok = await fetch(`${relay.url}api/ch/api/v1/job-docker/`, { method: "POST", body: "{}" });
      assert.equal(ok.status, 201);
      assert.equal(received[0].url, "/api/v1/job-docker/");
      const eaten = await fetch(`${relay.url}api/ch/api/v1/job-docker/`, { method: "POST", body: "{}", headers: { "X-Parse-Body": "1" } });
      assert.equal(eaten.status, 500);
      assert.match(await eaten.text(), /already read.*before body-parsing middleware/);
    } finally {
      await relay.close();
    }
  });

  test("the Node SDK runs a job through the relay under a path prefix, and hotkey auth gets the relay's explanation", async () => {
    const relay = await listen(toNodeHandler(createRelay({ facilitatorUrl: sim.url, allowedOrigins: [], pathPrefix: "/ch/" })));
    try {
      const client = (auth) => new sdk.ComputeHordeClient({ hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: BOB, facilitatorUrl: `${relay.url}ch/`, pollIntervalSec: 0.02, auth });
      const job = await client("token").createJob(spec(["through", "node"]));
      await job.wait({ timeoutSec: 20 });
      assert.deepEqual([job.status, job.result.stdout], ["completed", "through node\n"]);
      await assert.rejects(client("hotkey").getJob(job.uuid), (e) => e instanceof sdk.ComputeHordeError && e.status === 400 && /token auth/.test(e.message));
      const stats = sim.stats();
      assert.equal(stats.signatures.verified.signedFields, 1);
      assert.equal(stats.signatures.rejected.hotkeyHeaders, 0, "the refused hotkey call never reached the facilitator");
      // Pages through the relay: their next links (the simulator's) arrive rewritten onto it.
      const queued = new sdk.ComputeHordeClient({ hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: BOB, facilitatorUrl: `${relay.url}ch/`, jobQueue: "relay-pages" });
      const created = await Promise.all([1, 2, 3].map((i) => queued.createJob(spec(["page", String(i)]))));
      const listed = [];
      for await (const j of queued.iterJobs({ pageSize: 1, jobQueue: "relay-pages" })) listed.push(j.uuid);
      assert.deepEqual(listed.sort(), created.map((j) => j.uuid).sort());
    } finally {
      await relay.close();
    }
  });
});

describe("in headless Chromium: a strict facilitator, a page on one origin, the relay on another", () => {
  let strict, site, otherSite, relay, browser;
  const relayLog = [];

  before(async () => {
    if (!existsSync("/usr/bin/chromium")) throw new Error("Debian chromium is not installed (make setup-browser)");
    strict = await startLocalFacilitator({ strictCors: true, stepMs: 40 });
    site = await startStaticServer();
    otherSite = await startStaticServer();
    const handler = toNodeHandler(createRelay({ facilitatorUrl: strict.url, allowedOrigins: [new URL(site.url).origin], pathPrefix: "/ch/" }));
    relay = await listen((req, res) => {
      const entry = { method: req.method, path: req.url, origin: req.headers.origin };
      const writeHead = res.writeHead.bind(res);
      res.writeHead = (status, headers) => { entry.status = status; entry.headers = headers; return writeHead(status, headers); };
      res.on("finish", () => relayLog.push(entry));
      handler(req, res);
    });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await relay?.close();
    await Promise.all([site?.close(), otherSite?.close(), strict?.close()]);
  });

  async function inPage(siteUrl, fn, arg) {
    const page = await browser.newPage();
    try {
      await page.goto(`${siteUrl}tests/packaged/blank.html`);
      return await page.evaluate(fn, arg);
    } finally {
      await page.close();
    }
  }

  // Runs in the page: imports the built package from the static origin and uses it.
  async function runJob({ facilitatorUrl, args, auth = "token" }) {
    const sdk = await import("/pkg/index.mjs");
    const client = new sdk.ComputeHordeClient({
      hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
      facilitatorUrl, auth, pollIntervalSec: 0.05, retry: { maxAttempts: 1, minDelayMs: 0, maxDelayMs: 0 },
    });
    try {
      const job = await client.createJob({
        executorClass: sdk.ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
        dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args,
        downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
      });
      await job.wait({ timeoutSec: 20 });
      return { origin: location.origin, uuid: job.uuid, status: job.status, stdout: job.result?.stdout ?? null };
    } catch (error) {
      return { origin: location.origin, error: { name: error.name, message: error.message, isComputeHordeError: error instanceof sdk.ComputeHordeError, status: error.status ?? null } };
    }
  }

  test("calling the strict facilitator directly fails with a ComputeHordeError that explains CORS and names the relay", async () => {
    const result = await inPage(site.url, runJob, { facilitatorUrl: strict.url, args: ["direct"] });
    assert.ok(result.error, JSON.stringify(result));
    assert.equal(result.error.isComputeHordeError, true, result.error.name);
    assert.match(result.error.message, /Failed to fetch/);
    assert.match(result.error.message, /CORS/);
    assert.ok(result.error.message.includes(`the origin ${result.origin}`), result.error.message);
    assert.match(result.error.message, /through a relay on your own origin \(compute-horde-sdk\/relay\)/);
    assert.equal(strict.stats().jobsCreated.total, 0);
  });

  test("through the relay a job signed in the page is created and completes, and the facilitator verified its signatures", async () => {
    const before = strict.stats();
    const result = await inPage(site.url, runJob, { facilitatorUrl: `${relay.url}ch/`, args: ["via", "relay"] });
    assert.equal(result.error, undefined, JSON.stringify(result.error));
    assert.deepEqual([result.status, result.stdout], ["completed", "via relay\n"]);
    const stats = strict.stats();
    assert.equal(stats.jobsCreated.total - before.jobsCreated.total, 1);
    assert.equal(stats.jobsCreated.byHotkey[ALICE], 1);
    assert.equal(stats.logins.succeeded - before.logins.succeeded, 1);
    assert.equal(stats.signatures.verified.login, 1);
    assert.equal(stats.signatures.verified.signedFields, 1);
    assert.deepEqual(stats.signatures.rejected, { signedFields: 0, fullRequest: 0, login: 0, hotkeyHeaders: 0 });
    assert.equal(stats.authFailures, 0);
    assert.equal(stats.cors.preflights, 0, "the facilitator never saw a preflight: the relay answered them");
    const create = relayLog.find((e) => e.method === "POST" && e.path === "/ch/api/v1/job-docker/");
    assert.equal(create?.status, 201);
    const preflight = relayLog.find((e) => e.method === "OPTIONS" && e.path === "/ch/api/v1/job-docker/");
    assert.equal(preflight?.status, 204, "Chromium sent a preflight for the signed create and the relay allowed it");
    assert.equal(preflight.headers["access-control-allow-origin"], result.origin);
  });

  test("a page whose origin is not allowed is refused: preflight 403 without CORS headers, request 403", async () => {
    relayLog.length = 0;
    const before = strict.stats().requests.total;
    const result = await inPage(otherSite.url, runJob, { facilitatorUrl: `${relay.url}ch/`, args: ["refused"] });
    assert.equal(result.error?.isComputeHordeError, true, JSON.stringify(result));
    assert.match(result.error.message, /CORS/);
    const preflightFailed = await inPage(otherSite.url, async (url) => {
      try {
        await fetch(url, { headers: { Authorization: "Bearer x", Realm: "mainnet" } });
        return "read";
      } catch (error) {
        return `${error.name}: ${error.message}`;
      }
    }, `${relay.url}ch/api/v1/jobs/`);
    assert.equal(preflightFailed, "TypeError: Failed to fetch");
    const otherOrigin = new URL(otherSite.url).origin;
    const simple = relayLog.find((e) => e.method === "GET" && e.path === "/ch/auth/nonce");
    const preflight = relayLog.find((e) => e.method === "OPTIONS" && e.path === "/ch/api/v1/jobs/");
    for (const entry of [simple, preflight]) {
      assert.equal(entry?.origin, otherOrigin);
      assert.equal(entry.status, 403);
      assert.deepEqual(Object.keys(entry.headers).filter((h) => h.toLowerCase().startsWith("access-control-")), []);
    }
    assert.equal(relayLog.some((e) => e.method === "GET" && e.path === "/ch/api/v1/jobs/"), false, "no request followed the refused preflight");
    assert.equal(strict.stats().requests.total, before, "nothing reached the facilitator");
  });

  test("paths outside the facilitator API are 404 from the relay and never reach the facilitator", async () => {
    const before = strict.stats().requests.total;
    const statuses = await inPage(site.url, async (base) => {
      const out = {};
      for (const path of ["ch/__sim__/stats", "__sim__/stats", "ch/admin/", "ch/api/v2/jobs/", "ch/static/x.js"]) {
        const res = await fetch(base + path);
        out[path] = [res.status, (await res.json()).detail];
      }
      return out;
    }, relay.url);
    for (const [path, [status, detail]] of Object.entries(statuses)) {
      assert.equal(status, 404, path);
      assert.match(detail, /only auth\/nonce, auth\/login and api\/v1\//, path);
    }
    assert.equal(strict.stats().requests.total, before);
  });

  test("hotkey-header auth through the relay fails with the relay's explanation, readable in the page", async () => {
    const result = await inPage(site.url, runJob, { facilitatorUrl: `${relay.url}ch/`, args: ["hotkey"], auth: "hotkey" });
    assert.equal(result.error?.status, 400, JSON.stringify(result));
    assert.match(result.error.message, /signature covers the URL.*token auth/);
  });
});
