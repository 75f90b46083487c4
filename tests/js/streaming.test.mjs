// Streaming jobs end to end: the per-job client certificate, waitForStreaming against the
// simulator, and mutual TLS through a real nginx configured as the executor configures it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { createServer } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { inspect } from "node:util";
import { CHROMIUM_ARGS, root, startStaticServer } from "./harness.mjs";
import {
  ComputeHordeClient, ComputeHordeError, ComputeHordeJobTimeoutError, Keypair,
} from "../../pkg/index.mjs";
import { createSelfSignedCertificate, startLocalFacilitator } from "../../pkg/testing/index.mjs";
import { createStreamingCredentials } from "../../pkg/streaming/index.mjs";
import { NGINX, startExecutorNginx } from "./nginx.mjs";

const alice = Keypair.fromUri("//Alice");
const validator = Keypair.fromUri("//Bob").ss58Address;
const SPEC = { executorClass: "always_on.gpu-24gb", jobNamespace: "SN12", dockerImage: "example/server:1", streaming: true };
const DAY_MS = 24 * 60 * 60 * 1000;

const clientFor = (sim) => new ComputeHordeClient({
  hotkey: alice, computeHordeValidatorHotkey: validator, facilitatorUrl: sim.url, pollIntervalSec: 0.02,
});
const outcome = (value) => ({ ...SPEC, env: { CH_SIM_OUTCOME: value } });

/** One HTTPS request with the given client certificate (or none), trusting `ca`. */
function rawRequest({ port, ca, cert, key, path = "/" }) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: "127.0.0.1", port, path, ca, cert, key, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => { body += chunk; });
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A job server that records what reaches it and answers with it. */
async function startJobServer() {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, body });
      if (req.url === "/stream") {
        res.writeHead(200, { "content-type": "text/plain" });
        let n = 0;
        const tick = setInterval(() => { res.write(`token ${n}\n`); if (++n === 3) { clearInterval(tick); res.end(); } }, 20);
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "x-job-server": "yes" });
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, seen, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

describe("the client certificate of a streaming job", () => {
  let sim;
  let jobs;
  before(async () => {
    sim = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000 } });
    const client = clientFor(sim);
    jobs = await Promise.all([client.createJob(SPEC), client.createJob(SPEC)]);
    await Promise.all(jobs.map((job) => job.waitForStreaming({ timeoutSec: 20 })));
  });
  after(() => sim.close());

  test("parses with crypto.X509Certificate with the fields the Python SDK sets", () => {
    const { certificate, privateKey } = jobs[0].streamingCredentials();
    const x509 = new X509Certificate(certificate);
    assert.equal(x509.subject, "CN=localhost");
    assert.equal(x509.issuer, "CN=localhost");
    assert.equal(x509.subjectAltName, "DNS:localhost, IP Address:127.0.0.1");
    assert.equal(x509.ca, false);
    assert.equal(x509.publicKey.asymmetricKeyType, "rsa");
    assert.equal(x509.publicKey.asymmetricKeyDetails.modulusLength, 2048);
    assert.equal(Date.parse(x509.validTo) - Date.parse(x509.validFrom), 365 * DAY_MS);
    assert.ok(Date.parse(x509.validFrom) <= Date.now() && Date.now() < Date.parse(x509.validTo));
    assert.ok(x509.verify(x509.publicKey), "self-signed");
    assert.ok(x509.checkPrivateKey(createPrivateKey(privateKey)), "the private key is the certificate's");
  });

  test("is SHA-256 signed with basicConstraints CA:FALSE marked critical (read by openssl)", () => {
    const text = execFileSync("openssl", ["x509", "-noout", "-text"], { input: jobs[0].streamingCredentials().certificate }).toString();
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /Public-Key: \(2048 bit\)/);
  });

  test("two jobs get different keys and certificates", () => {
    const [a, b] = jobs.map((job) => job.streamingCredentials());
    assert.notEqual(a.privateKey, b.privateKey);
    assert.notEqual(a.certificate, b.certificate);
    assert.notEqual(new X509Certificate(a.certificate).publicKey.export({ type: "spki", format: "pem" }),
      new X509Certificate(b.certificate).publicKey.export({ type: "spki", format: "pem" }));
    assert.notEqual(new X509Certificate(a.certificate).serialNumber, new X509Certificate(b.certificate).serialNumber);
  });

  test("the private key shows in no toJSON, inspection or error", async () => {
    const credentials = jobs[0].streamingCredentials();
    const keyBody = credentials.privateKey.split("\n")[1];
    assert.match(credentials.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
    for (const shown of [JSON.stringify(jobs[0]), inspect(jobs[0], { depth: 10, showHidden: true }), JSON.stringify(credentials), inspect(credentials)]) {
      assert.ok(!shown.includes(keyBody), "private key material shown");
    }
    assert.equal(JSON.parse(JSON.stringify(credentials)).privateKey, "[redacted]");
    assert.equal(JSON.parse(JSON.stringify(credentials)).certificate, credentials.certificate);
    const failed = await jobs[0].streamingFetch("/x", { method: "GET", body: "no body with GET" }).catch((error) => error);
    assert.ok(failed instanceof Error);
    assert.ok(!inspect(failed, { depth: 10 }).includes(keyBody));
  });

  test("createStreamingCredentials is what createJob uses: a fresh pair each call", async () => {
    const [a, b] = await Promise.all([createStreamingCredentials(), createStreamingCredentials()]);
    assert.notEqual(a.privateKey, b.privateKey);
    assert.equal(new X509Certificate(a.certificate).subjectAltName, "DNS:localhost, IP Address:127.0.0.1");
  });
});

describe("waitForStreaming", () => {
  let sim;
  let slow;
  let early;
  let ended;
  before(async () => {
    sim = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000 } });
    slow = await startLocalFacilitator({ stepMs: 60_000 });
    early = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000, readyAfter: "executor_ready" } });
    ended = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 0 } });
  });
  after(() => Promise.all([sim.close(), slow.close(), early.close(), ended.close()]));

  test("resolves the server's address, port and certificate at streaming_ready; onStatus sees each entry", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const seen = [];
    const server = await job.waitForStreaming({ timeoutSec: 20, onStatus: (_, entry) => { seen.push(entry.status); } });
    assert.deepEqual(seen, ["sent", "received", "accepted", "executor_ready", "volumes_ready", "streaming_ready"]);
    assert.equal(server.address, "127.0.0.1");
    assert.ok(Number.isInteger(server.port) && server.port > 0);
    assert.match(server.serverCert, /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(new X509Certificate(server.serverCert).subjectAltName, "IP Address:127.0.0.1");
    assert.deepEqual(job.streamingServer, server);
    assert.equal(job.status, "streaming_ready");
    assert.equal(job.statusHistory.at(-1).metadata.streaming_details.streaming_server_port, server.port);
  });

  test("does not depend on where streaming_ready falls (older order: right after executor_ready)", async () => {
    const job = await clientFor(early).createJob(SPEC);
    const seen = [];
    const server = await job.waitForStreaming({ timeoutSec: 20, onStatus: (_, entry) => { seen.push(entry.status); } });
    assert.deepEqual(seen, ["sent", "received", "accepted", "executor_ready", "streaming_ready"]);
    assert.equal(server.address, "127.0.0.1");
  });

  test("rejects with a ComputeHordeError naming the status when the job fails before ready", async () => {
    const job = await clientFor(sim).createJob(outcome("failed"));
    const error = await job.waitForStreaming({ timeoutSec: 20 }).catch((e) => e);
    assert.ok(error instanceof ComputeHordeError && !(error instanceof ComputeHordeJobTimeoutError), String(error));
    assert.match(error.message, new RegExp(`job ${job.uuid} ended with status failed`));
    assert.match(error.message, /nonzero_return_code/);
  });

  test("rejects naming the status when the job is rejected", async () => {
    const job = await clientFor(sim).createJob(outcome("rejected"));
    const error = await job.waitForStreaming({ timeoutSec: 20 }).catch((e) => e);
    assert.ok(error instanceof ComputeHordeError, String(error));
    assert.match(error.message, /ended with status rejected .*rejection: busy/);
  });

  test("rejects when the job has already left streaming_ready and completed", async () => {
    const job = await clientFor(ended).createJob(SPEC);
    await job.wait({ timeoutSec: 20 });
    assert.equal(job.status, "completed");
    assert.ok(job.statusHistory.some((entry) => entry.status === "streaming_ready"));
    const error = await job.waitForStreaming({ timeoutSec: 5 }).catch((e) => e);
    assert.ok(error instanceof ComputeHordeError, String(error));
    assert.match(error.message, /ended with status completed/);
    assert.throws(() => job.streamingCredentials(), (e) => e instanceof ComputeHordeError && /has ended \(completed\): its streaming server is gone/.test(e.message));
    await assert.rejects(job.streamingFetch("/"), (e) => e instanceof ComputeHordeError && /has ended \(completed\)/.test(e.message));
  });

  test("a job the simulator cannot serve (its public key is no certificate) fails before ready", async () => {
    const job = await clientFor(sim).createJob({ ...SPEC, streaming: undefined, streamingPublicKey: "-----BEGIN CERTIFICATE-----\nNOT\n-----END CERTIFICATE-----\n" });
    const error = await job.waitForStreaming({ timeoutSec: 20 }).catch((e) => e);
    assert.match(error.message, /ended with status failed .*failure: unknown: the job.s streaming public key is not a PEM X.509 certificate/);
  });

  test("times out with ComputeHordeJobTimeoutError naming the job and its last status", async () => {
    const job = await clientFor(slow).createJob(SPEC);
    const started = Date.now();
    const error = await job.waitForStreaming({ timeoutSec: 0.3 }).catch((e) => e);
    assert.ok(error instanceof ComputeHordeJobTimeoutError, String(error));
    assert.equal(error.jobUuid, job.uuid);
    assert.equal(error.lastStatus, "sent");
    assert.match(error.message, new RegExp(`job ${job.uuid} was not streaming-ready within 0.3 s; last status: sent`));
    assert.ok(Date.now() - started < 5000);
  });

  test("stops with an AbortError when the signal fires", async () => {
    const job = await clientFor(slow).createJob(SPEC);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await job.waitForStreaming({ signal: controller.signal }).catch((e) => e);
    assert.equal(error?.name, "AbortError");
    const already = await job.waitForStreaming({ signal: AbortSignal.abort() }).catch((e) => e);
    assert.equal(already?.name, "AbortError");
  });

  test("an onStatus error is the caller's rejection, as a ComputeHordeError with the thrown value as cause", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const boom = new Error("boom");
    await assert.rejects(job.waitForStreaming({ onStatus: () => { throw boom; } }),
      (e) => e.name === "ComputeHordeError" && e.cause === boom && /onStatus threw: boom/.test(e.message));
  });
});

describe("streaming calls before or without a ready server", () => {
  let sim;
  let slow;
  before(async () => {
    sim = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000 } });
    slow = await startLocalFacilitator({ stepMs: 60_000 });
  });
  after(() => Promise.all([sim.close(), slow.close()]));

  test("streamingFetch and streamingCredentials say the job is not streaming-ready yet", async () => {
    const job = await clientFor(slow).createJob(SPEC);
    await assert.rejects(job.streamingFetch("/"), (e) => e instanceof ComputeHordeError && /is not streaming-ready yet \(status sent\).*waitForStreaming/.test(e.message));
    assert.throws(() => job.streamingCredentials(), (e) => e instanceof ComputeHordeError && /not streaming-ready/.test(e.message));
  });

  test("a job fetched again has no client certificate in this process (only the one created here has)", async () => {
    const client = clientFor(sim);
    const job = await client.createJob({ ...SPEC, streaming: undefined, streamingPublicKey: (await createStreamingCredentials()).certificate });
    await job.waitForStreaming({ timeoutSec: 20 });
    assert.throws(() => job.streamingCredentials(), (e) => e instanceof ComputeHordeError && /has no client certificate in this process/.test(e.message));
  });

  test("paths that leave the job's server are refused", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    await job.waitForStreaming({ timeoutSec: 20 });
    await assert.rejects(job.streamingFetch("//example.com/x"), (e) => e instanceof TypeError && e.field === "path");
    await assert.rejects(job.streamingFetch(42), (e) => e instanceof TypeError && e.field === "path");
    const ok = await job.streamingFetch("relative?q=1");
    assert.equal((await ok.json()).path, "/relative?q=1");
  });

  test("options are checked before anything is made", async () => {
    const client = clientFor(sim);
    await assert.rejects(client.createJob({ ...SPEC, streaming: "yes" }), (e) => e instanceof TypeError && e.field === "streaming" && /^streaming: must be a boolean/.test(e.message));
    await assert.rejects(client.createJob({ ...SPEC, streamingPublicKey: "x" }), (e) => e instanceof TypeError && e.field === "streamingPublicKey");
    await assert.rejects(client.runUntilComplete(SPEC), (e) => e instanceof TypeError && e.field === "streaming" && /runUntilComplete does not run streaming jobs/.test(e.message));
    const job = await client.createJob(SPEC);
    await assert.rejects(job.waitForStreaming({ onStatus: "no" }), (e) => e instanceof TypeError && e.field === "onStatus");
    const plain = await client.createJob({ ...SPEC, streaming: false });
    assert.equal(plain.streamingServer, null);
  });
});

describe("the simulator's streaming server", () => {
  let sim;
  before(async () => {
    sim = await startLocalFacilitator({
      stepMs: 20,
      streaming: {
        holdMs: 60_000,
        handler: (req, res) => {
          if (req.url === "/hang") return; // never answers: for abort
          res.writeHead(201, { "content-type": "text/plain" });
          res.end(`job server saw ${req.method} ${req.url}`);
        },
      },
    });
  });
  after(() => sim.close());

  test("forwards to the job server and requires exactly the job's client certificate", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const server = await job.waitForStreaming({ timeoutSec: 20 });
    const res = await job.streamingFetch("/generate", { method: "PUT", body: "x" });
    assert.equal(res.status, 201);
    assert.equal(await res.text(), "job server saw PUT /generate");
    const other = await createStreamingCredentials();
    await assert.rejects(rawRequest({ port: server.port, ca: server.serverCert, cert: other.certificate, key: other.privateKey }));
    await assert.rejects(rawRequest({ port: server.port, ca: server.serverCert }));
    const stats = sim.stats().streaming;
    assert.equal(stats.requests, 1);
    assert.ok(stats.refusedConnections >= 2, JSON.stringify(stats));
  });

  test("streamingFetch stops with the signal's AbortError", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    await job.waitForStreaming({ timeoutSec: 20 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await job.streamingFetch("/hang", { signal: controller.signal }).catch((e) => e);
    assert.equal(error?.name, "AbortError");
  });
});

/**
 * A CA certificate and a leaf it issued for 127.0.0.1 (openssl): a server presenting the leaf
 * while the job announces the CA passes a client that only trusts the announced certificate
 * as a CA; the pin must refuse it.
 */
function caAndIssuedLeaf() {
  const dir = mkdtempSync(join(tmpdir(), "ch-pin-"));
  try {
    const openssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=announced CA", "-days", "2");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost");
    writeFileSync(join(dir, "leaf.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n");
    openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext");
    const read = (name) => readFileSync(join(dir, name), "utf8");
    return { ca: read("ca.pem"), leaf: read("leaf.pem"), key: read("leaf.key") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A simulator whose streaming jobs' server presents `presented` (+ `key`), requires the job's
 * client certificate, and is announced as `announced`.
 */
function simulatorPresenting({ presented, key, announced }) {
  return startLocalFacilitator({
    stepMs: 20,
    streaming: {
      holdMs: 60_000,
      start: async (clientCert) => {
        const server = createHttpsServer({ cert: presented, key, ca: clientCert, requestCert: true, rejectUnauthorized: true },
          (_req, res) => res.end("reached"));
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        return { cert: announced, address: "127.0.0.1", port: server.address().port, close: () => { server.closeAllConnections(); server.close(); } };
      },
    },
  });
}

describe("the server certificate is pinned, not only trusted", () => {
  let sim;
  let issued;
  before(async () => {
    issued = caAndIssuedLeaf();
    sim = await simulatorPresenting({ presented: issued.leaf, key: issued.key, announced: issued.ca });
  });
  after(() => sim.close());

  test("a leaf issued by the announced certificate is refused, though a CA-trusting client accepts it", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const { port } = await job.waitForStreaming({ timeoutSec: 20 });
    const { certificate, privateKey } = job.streamingCredentials();
    const trustingOnly = await rawRequest({ port, ca: issued.ca, cert: certificate, key: privateKey });
    assert.equal(trustingOnly.body, "reached", "control: trusting the announced certificate as a CA reaches the server");
    const error = await job.streamingFetch("/").catch((e) => e);
    assert.ok(error instanceof ComputeHordeError, String(error));
    assert.match(error.message, /failed: the server's certificate is not the one the job announced/);
  });
});

describe("against a real nginx configured as the executor's", { skip: NGINX ? false : "nginx is not installed (make setup-nginx)" }, () => {
  let jobServer;
  let executor;
  let sim;
  let announceOtherCert = false;
  const nginxes = [];
  before(async () => {
    jobServer = await startJobServer();
    executor = await createSelfSignedCertificate({ ipAddresses: ["127.0.0.1"] });
    sim = await startLocalFacilitator({
      stepMs: 20,
      streaming: {
        holdMs: 60_000,
        // The executor: writes the job's PEM where nginx reads it and starts nginx.
        start: async (clientCert) => {
          const nginx = await startExecutorNginx({ clientCert, serverCert: executor.certificate, serverKey: executor.privateKey, upstreamPort: jobServer.port });
          nginxes.push(nginx);
          const cert = announceOtherCert ? (await createSelfSignedCertificate({ ipAddresses: ["127.0.0.1"] })).certificate : executor.certificate;
          return { cert, address: "127.0.0.1", port: nginx.port, close: () => nginx.stop() };
        },
      },
    });
  });
  after(async () => {
    await sim.close();
    await Promise.all(nginxes.map((nginx) => nginx.stop()));
    await jobServer.close();
  });

  test("streamingFetch reaches the job server through nginx (request and streamed response)", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const server = await job.waitForStreaming({ timeoutSec: 20 });
    assert.equal(server.serverCert, executor.certificate);
    const res = await job.streamingFetch("/v1/echo?x=1", { method: "POST", body: JSON.stringify({ prompt: "hi" }), headers: { "content-type": "application/json" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-job-server"), "yes");
    assert.match(res.headers.get("server"), /^nginx/);
    assert.deepEqual(await res.json(), { method: "POST", url: "/v1/echo?x=1", body: "{\"prompt\":\"hi\"}" });
    assert.deepEqual(jobServer.seen.at(-1), { method: "POST", url: "/v1/echo?x=1", body: "{\"prompt\":\"hi\"}" });
    const streamed = await job.streamingFetch("/stream");
    const chunks = [];
    for await (const chunk of streamed.body) chunks.push(Buffer.from(chunk).toString());
    assert.equal(chunks.join(""), "token 0\ntoken 1\ntoken 2\n");
  });

  test("the same credentials work from another HTTP client (node:https)", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    await job.waitForStreaming({ timeoutSec: 20 });
    const { certificate, privateKey, serverCert, port, url } = job.streamingCredentials();
    assert.equal(url, `https://127.0.0.1:${port}/`);
    const res = await rawRequest({ port, ca: serverCert, cert: certificate, key: privateKey, path: "/own-client" });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).url, "/own-client");
  });

  test("nginx refuses another client certificate and a request without one", async () => {
    const job = await clientFor(sim).createJob(SPEC);
    const { port, serverCert } = await job.waitForStreaming({ timeoutSec: 20 });
    const before = jobServer.seen.length;
    const other = await createStreamingCredentials();
    const wrongCert = await rawRequest({ port, ca: serverCert, cert: other.certificate, key: other.privateKey, path: "/secret" });
    assert.equal(wrongCert.status, 400);
    assert.match(wrongCert.body, /The SSL certificate error/);
    const noCert = await rawRequest({ port, ca: serverCert, path: "/secret" });
    assert.equal(noCert.status, 400);
    assert.match(noCert.body, /No required SSL certificate was sent/);
    assert.equal(jobServer.seen.length, before, "nothing reached the job server");
  });

  test("the client refuses a server certificate other than the announced one", async () => {
    announceOtherCert = true;
    try {
      const job = await clientFor(sim).createJob(SPEC);
      const server = await job.waitForStreaming({ timeoutSec: 20 });
      assert.notEqual(server.serverCert, executor.certificate);
      const before = jobServer.seen.length;
      const error = await job.streamingFetch("/v1/echo").catch((e) => e);
      assert.ok(error instanceof ComputeHordeError, String(error));
      assert.match(error.message, /streaming request to https:\/\/127\.0\.0\.1:\d+\/v1\/echo failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID)/);
      assert.equal(jobServer.seen.length, before, "nothing reached the job server");
    } finally {
      announceOtherCert = false;
    }
  });
});

test("examples/streaming.mjs runs against the simulator", { timeout: 60_000 }, async () => {
  // The example imports "compute-horde-sdk" as a user would (make demo links it the same way).
  mkdirSync(`${root}examples/node_modules`, { recursive: true });
  try { symlinkSync("../../pkg", `${root}examples/node_modules/compute-horde-sdk`); } catch (error) { if (error.code !== "EEXIST") throw error; }
  const env = { ...process.env };
  delete env.FACILITATOR_URL;
  const { stdout } = await promisify(execFile)(process.execPath, [`${root}examples/streaming.mjs`], { env, timeout: 50_000 });
  assert.match(stdout, /streaming_ready\nstreaming server ready at 127\.0\.0\.1:\d+/);
  assert.match(stdout, /POST \/execute-job → 200\n\{"method":"POST","path":"\/execute-job"/);
  assert.match(stdout, /own client: https:\/\/127\.0\.0\.1:\d+\/ with the job's certificate/);
  assert.doesNotMatch(stdout, /PRIVATE KEY/);
});

const RUNTIMES = [
  ["deno", `${root}node_modules/.bin/deno`, ["run", "-A", "--no-lock"]],
  ["bun", `${root}node_modules/.bin/bun`, ["run"]],
];
for (const [name, bin, args] of RUNTIMES) {
  describe(`streaming from ${name}`, { skip: existsSync(bin) ? false : `${name} is not installed (npm ci)` }, () => {
    let sim;
    let impostor;
    let issuer;
    before(async () => {
      sim = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000 } });
      const [presented, announced] = await Promise.all([createSelfSignedCertificate(), createSelfSignedCertificate()]);
      impostor = await simulatorPresenting({ presented: presented.certificate, key: presented.privateKey, announced: announced.certificate });
      const issued = caAndIssuedLeaf();
      issuer = await simulatorPresenting({ presented: issued.leaf, key: issued.key, announced: issued.ca });
    });
    after(() => Promise.all([sim.close(), impostor.close(), issuer.close()]));

    const runClient = async (url) => {
      const { stdout } = await promisify(execFile)(bin, [...args, `${root}tests/js/streaming-runtime-client.mjs`], { env: { ...process.env, CH_SIM_URL: url }, timeout: 60_000 });
      return JSON.parse(stdout.trim().split("\n").at(-1));
    };

    test(`${name}: streamingFetch reaches the job server with the job's certificate`, { timeout: 90_000 }, async () => {
      const report = await runClient(sim.url);
      assert.equal(report.setupError, undefined);
      assert.equal(report.status, 200, JSON.stringify(report));
      const echoed = JSON.parse(report.body);
      assert.equal(echoed.method, "POST");
      assert.equal(echoed.path, `/runtime?via=${name}`);
      assert.equal(echoed.body, "hello");
    });

    test(`${name}: a server certificate other than the announced one is refused`, { timeout: 90_000 }, async () => {
      const report = await runClient(impostor.url);
      assert.equal(report.setupError, undefined);
      assert.equal(report.status, undefined, JSON.stringify(report));
      assert.equal(report.error.isComputeHordeError, true, JSON.stringify(report));
      assert.match(report.error.message, /streaming request to https:\/\/127\.0\.0\.1:\d+\/runtime failed/);
    });

    test(`${name}: a leaf issued by the announced certificate is refused too (pinned)`, { timeout: 90_000 }, async () => {
      const report = await runClient(issuer.url);
      assert.equal(report.setupError, undefined);
      assert.equal(report.status, undefined, JSON.stringify(report));
      assert.equal(report.error.isComputeHordeError, true, JSON.stringify(report));
      assert.match(report.error.message, /failed: the server's certificate is not the one the job announced/);
    });
  });
}

describe("streaming in a browser", { skip: existsSync("/usr/bin/chromium") ? false : "Debian chromium is not installed (make setup-browser)" }, () => {
  let sim;
  let site;
  let browser;
  before(async () => {
    const { chromium } = await import("playwright-core");
    sim = await startLocalFacilitator({ stepMs: 20, streaming: { holdMs: 60_000 } });
    site = await startStaticServer();
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await sim?.close();
  });

  test("chromium: createJob({ streaming: true }), waitForStreaming, streamingFetch and streamingCredentials reject saying a page cannot present a client certificate", { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}blank`); // any page of the site origin (a 404 is fine)
    const outcome = await page.evaluate(async ({ pkgUrl, facilitatorUrl, validatorHotkey }) => {
      const sdk = await import(pkgUrl);
      const client = new sdk.ComputeHordeClient({
        hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: validatorHotkey, facilitatorUrl, pollIntervalSec: 0.02,
      });
      const spec = { executorClass: "always_on.gpu-24gb", jobNamespace: "SN12", dockerImage: "x" };
      const describe = (e) => ({ name: e?.name, isComputeHordeError: e instanceof sdk.ComputeHordeError, message: String(e?.message) });
      const created = await client.createJob({ ...spec, streaming: true }).then(() => null, describe);
      const plain = await client.createJob(spec);
      const fetched = await plain.streamingFetch("/").then(() => null, describe);
      const waited = await plain.waitForStreaming({ timeoutSec: 1 }).then(() => null, describe);
      let credentials = null;
      try { plain.streamingCredentials(); } catch (e) { credentials = describe(e); }
      return { created, fetched, waited, credentials };
    }, { pkgUrl: `${site.url}pkg/index.mjs`, facilitatorUrl: sim.url, validatorHotkey: validator });
    await page.close();
    for (const error of [outcome.created, outcome.fetched, outcome.waited, outcome.credentials]) {
      assert.ok(error, JSON.stringify(outcome));
      assert.equal(error.isComputeHordeError, true, JSON.stringify(error));
      assert.match(error.message, /a browser cannot present a client certificate from script/);
    }
    assert.equal(sim.stats().jobsCreated.total, 1, "the streaming job was refused before any request");
  });
});

describe("installed from the packed tarball", () => {
  let tmp;
  let project;
  before(async () => {
    const run = promisify(execFile);
    tmp = mkdtempSync(join(tmpdir(), "ch-streaming-packed-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: `${root}pkg` });
    const [packed] = JSON.parse(stdout);
    project = join(tmp, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "ch-streaming-check", version: "1.0.0", private: true }));
    await run("npm", ["install", join(tmp, packed.filename), "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, timeout: 120_000 });
  });
  after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

  // Only the main entry is imported: it loads compute-horde-sdk/streaming by name on first use.
  const script = (load) => `
${load}
(async () => {
  const sim = await testing.startLocalFacilitator({ stepMs: 20 });
  try {
    const client = new sdk.ComputeHordeClient({ hotkey: sdk.Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: sdk.Keypair.fromUri("//Bob").ss58Address, facilitatorUrl: sim.url, pollIntervalSec: 0.02 });
    const job = await client.createJob({ executorClass: "always_on.gpu-24gb", jobNamespace: "SN12", dockerImage: "x", streaming: true });
    await job.waitForStreaming({ timeoutSec: 20 });
    const res = await job.streamingFetch("/installed");
    console.log(JSON.stringify({ status: res.status, path: (await res.json()).path }));
  } finally { await sim.close(); }
})();
`;
  for (const [format, file, load] of [
    ["ESM", "check.mjs", `import * as sdk from "compute-horde-sdk"; import * as testing from "compute-horde-sdk/testing";`],
    ["CommonJS", "check.cjs", `const sdk = require("compute-horde-sdk"); const testing = require("compute-horde-sdk/testing");`],
  ]) {
    test(`${format}: createJob({ streaming: true }) finds the streaming module by itself`, { timeout: 60_000 }, async () => {
      writeFileSync(join(project, file), script(load));
      const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: project, timeout: 50_000 });
      assert.deepEqual(JSON.parse(stdout.trim()), { status: 200, path: "/installed" });
    });
  }
});
