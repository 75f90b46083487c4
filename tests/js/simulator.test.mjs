// Tests of the facilitator simulator (`compute-horde-sdk/testing`). Requests are signed with
// @polkadot/util-crypto and @polkadot/keyring — an implementation independent of both the
// simulator (@scure/sr25519) and the SDK (Rust/wasm) — and the golden vectors of the Python
// reference are replayed byte for byte.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { Keyring } from "@polkadot/keyring";
import { blake2AsU8a, cryptoWaitReady } from "@polkadot/util-crypto";
import { u8aConcat, u8aWrapBytes, stringToU8a } from "@polkadot/util";
import { X509Certificate } from "node:crypto";
import { createSelfSignedCertificate, startLocalFacilitator } from "../../pkg-template/testing/index.js";
import { parseJson, pyFloatRepr, pyAsciiString, ryuFloat } from "../../pkg-template/testing/pyjson.js";
import { TimestampSigner, jwtEncode, ss58Decode, verifySr25519, xchDigest } from "../../pkg-template/testing/crypto.js";
import {
  fullRequestPayload, hashInput, hotkeyHeadersPayload, signedFieldsJson, verifyHotkeyHeaders,
} from "../../pkg-template/testing/signatures.js";

const vector = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
const hex = (u8) => Buffer.from(u8).toString("hex");
const fromHex = (s) => Uint8Array.from(Buffer.from(s, "hex"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
let alice;
let bob;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  alice = keyring.addFromUri("//Alice");
  bob = keyring.addFromUri("//Bob");
});

/** One HTTP exchange on a fresh connection; the body is sent byte for byte. */
function call(base, { method = "GET", path, headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const url = new URL(path, base);
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const req = request(url, { method, agent: false, headers: { ...(data ? { "content-length": String(data.length) } : {}), ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on("error", (error) => resolve({ status: 0, error, headers: {}, text: "" }));
    if (data) req.write(data);
    req.end();
  });
}

async function login(sim, pair, { wrap = false } = {}) {
  const nonce = (await call(sim.url, { path: "auth/nonce" })).json().nonce;
  const message = stringToU8a(nonce);
  const signature = hex(pair.sign(wrap ? u8aWrapBytes(message) : message));
  const res = await call(sim.url, {
    method: "POST", path: "auth/login", headers: { "content-type": "application/json" },
    body: { hotkey: pair.address, signature, nonce },
  });
  assert.equal(res.status, 200, res.text);
  return res.json().token;
}

const api = (token) => ({ authorization: `Bearer ${token}`, realm: "mainnet", subnetid: "12" });
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

function xch(pair, scope, hashedText, tsNs) {
  const be8 = new Uint8Array(8);
  new DataView(be8.buffer).setBigUint64(0, tsNs, false);
  const digest = blake2AsU8a(u8aConcat(be8, stringToU8a(hashedText)), 512);
  return {
    "X-CH-Signature-Type": "bittensor",
    "X-CH-Signatory": pair.address,
    "X-CH-Timestamp-NS": String(tsNs),
    "X-CH-Signature": Buffer.from(pair.sign(digest)).toString("base64"),
    "X-CH-Signature-Scope": scope,
  };
}

/** SignedFields headers for an ASCII-only test body (where JSON.stringify spells strings and
 *  ints exactly as pydantic and Python's json.dumps do). */
function signFields(pair, body, tsNs = nowNs()) {
  const signed = {
    executor_class: body.executor_class, docker_image: body.docker_image, args: body.args ?? [], env: body.env ?? {},
    use_gpu: body.use_gpu ?? false, artifacts_dir: body.artifacts_dir || "", on_trusted_miner: body.on_trusted_miner ?? false,
    download_time_limit: body.download_time_limit ?? 0, execution_time_limit: body.execution_time_limit ?? 0,
    upload_time_limit: body.upload_time_limit ?? 0, streaming_start_time_limit: body.streaming_start_time_limit ?? 0,
    streaming_details: body.streaming_details ? { public_key: body.streaming_details.public_key, executor_ip: body.streaming_details.executor_ip ?? null } : null,
    volumes: body.volumes ?? [], uploads: body.uploads ?? [],
  };
  return xch(pair, "SignedFields", JSON.stringify(JSON.stringify(signed)), tsNs);
}

/** Python json.dumps(v, sort_keys=True) for ASCII test bodies of strings, ints, floats and null. */
function pySorted(v) {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pySorted).join(", ")}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}: ${pySorted(v[k])}`).join(", ")}}`;
}
const signFull = (pair, body, tsNs = nowNs()) => xch(pair, "FullRequest", JSON.stringify(pySorted(body)), tsNs);

function jobBody(overrides = {}) {
  return {
    target_validator_hotkey: VALIDATOR, executor_class: "always_on.gpu-24gb", docker_image: "example/echo:latest",
    job_namespace: "SN123.0", args: ["hello", "world"], env: {}, use_gpu: true, artifacts_dir: null, on_trusted_miner: false,
    download_time_limit: 60, execution_time_limit: 120, streaming_start_time_limit: 5, upload_time_limit: 30,
    ...overrides,
  };
}

async function createJob(sim, token, pair, body, extraHeaders = {}) {
  return call(sim.url, {
    method: "POST", path: "api/v1/job-docker/", body,
    headers: { ...api(token), "content-type": "application/json", ...signFields(pair, body), ...extraHeaders },
  });
}

async function waitForStatus(sim, token, uuid, predicate, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await call(sim.url, { path: `api/v1/jobs/${uuid}/`, headers: api(token) })).json();
    const last = job.status_history.at(-1).status;
    if (predicate(last)) return job;
    if (Date.now() > deadline) assert.fail(`job ${uuid} still ${last}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------

describe("independent crypto and Python JSON rules, against the vectors", () => {
  test("SS58 decoding accepts exactly what bittensor_wallet accepts (keys.json)", () => {
    const k = vector("keys.json");
    for (const key of k.keys) assert.equal(hex(ss58Decode(key.ss58_address)), key.public_key_hex, key.id);
    for (const c of k.ss58_cases) assert.equal(ss58Decode(c.address) !== null, c.accepted_by_bittensor_wallet, c.id);
    console.log(`keys.json: ${k.keys.length} keys, ${k.ss58_cases.length} ss58_cases checked`);
    assert.ok(k.keys.length > 0 && k.ss58_cases.length > 0);
  });

  test("sr25519 verification: valid and wrapped verify, tampered do not (signatures.json)", () => {
    const s = vector("signatures.json");
    const check = (c, sigHex) => verifySr25519(fromHex(c.message_hex), fromHex(sigHex), ss58Decode(c.ss58) ?? new Uint8Array(32));
    for (const c of s.valid) assert.equal(check(c, c.signature_hex), true, c.id);
    for (const c of s.tampered) assert.equal(check(c, c.signature_hex), false, c.id);
    for (const c of s.wrapped) {
      assert.equal(check(c, c.signature_hex), c.bittensor_wallet["verify(message, wrapped_signature)"], c.id);
      const wrappedMessage = { ...c, message_hex: c.signed_bytes_hex };
      assert.equal(check(wrappedMessage, c.plain_signature_hex), c.bittensor_wallet["verify(wrapped_message, plain_signature)"], c.id);
    }
    console.log(`signatures.json: ${s.valid.length} valid, ${s.tampered.length} tampered, ${s.wrapped.length} wrapped checked`);
    assert.ok(s.valid.length > 0 && s.tampered.length > 0 && s.wrapped.length > 0);
  });

  test("nonces are Django TimestampSigner values and tokens PyJWT HS256 (auth.json)", () => {
    const a = vector("auth.json").current;
    const signer = new TimestampSigner(a.django_secret_key);
    assert.equal(signer.sign(a.nonce.raw_value, a.nonce.signed_at_unix), a.nonce.value);
    assert.deepEqual(signer.unsign(a.nonce.value), { value: a.nonce.raw_value, timestamp: a.nonce.signed_at_unix });
    assert.equal(signer.unsign(a.nonce.value.replace(/.$/, "A")), null);
    assert.equal(jwtEncode(a.jwt.payload, a.jwt.secret), a.jwt.token);
  });

  test("Python float repr, ryu float spelling and ensure_ascii strings", () => {
    const cases = [[1e-7, "1e-07", "1e-7"], [1, "1.0", "1.0"], [1e21, "1e+21", "1e21"], [0.1, "0.1", "0.1"], [1e16, "1e+16", "1e16"],
      [1e15, "1000000000000000.0", "1000000000000000.0"], [0.0001, "0.0001", "0.0001"], [0.00001, "1e-05", "0.00001"], [-2.5e-5, "-2.5e-05", "-0.000025"],
      [123456789.125, "123456789.125", "123456789.125"], [1.5e300, "1.5e+300", "1.5e300"]];
    for (const [x, py, ryu] of cases) {
      assert.equal(pyFloatRepr(x), py, `repr(${x})`);
      assert.equal(ryuFloat(x), ryu, `ryu(${x})`);
    }
    assert.equal(pyAsciiString("é\u007f🚀\n\"\\\u0001"), '"\\u00e9\\u007f\\ud83d\\ude80\\n\\"\\\\\\u0001"');
    const parsed = parseJson('{"b":1,"a":[1.0,18446744073709551616,-0,1E2],"b":2}');
    assert.equal(fullRequestPayload(parsed), '{"a": [1.0, 18446744073709551616, 0, 100.0], "b": 2}');
  });

  test("every job_requests.json case: SignedFields text, hashed string and digest recomputed from the body", () => {
    const d = vector("job_requests.json");
    for (const c of d.cases) {
      const body = parseJson(Buffer.from(c.request.body_b64, "base64").toString("utf8"));
      const text = signedFieldsJson(body, "current");
      assert.equal(text, c.signed_fields_json, c.id);
      assert.equal(hashInput(text), c.hash_input_json_string, c.id);
      assert.equal(hex(xchDigest(BigInt(c.x_ch_headers["X-CH-Timestamp-NS"]), hashInput(text))), c.blake2b_512_hex, c.id);
    }
    const legacy = vector("job_requests_legacy.json");
    for (const c of legacy.cases) {
      const body = parseJson(Buffer.from(c.request.body_b64, "base64").toString("utf8"));
      assert.equal(signedFieldsJson(body, "legacy"), c.signed_fields_json, c.id);
      assert.notEqual(signedFieldsJson(body, "current"), c.signed_fields_json, c.id);
    }
    console.log(`job_requests.json: ${d.cases.length} cases; job_requests_legacy.json: ${legacy.cases.length} cases recomputed`);
    assert.ok(d.cases.length > 0 && legacy.cases.length > 0);
  });

  test("every cheated_job.json example: FullRequest payload recomputed from the parsed body", () => {
    const d = vector("cheated_job.json");
    for (const e of d.examples) {
      const payload = fullRequestPayload(parseJson(Buffer.from(e.request.body_b64, "base64").toString("utf8")));
      assert.equal(payload, e.full_request_payload, e.id);
      assert.equal(payload, e.server_recomputed_payload, e.id);
      assert.equal(hashInput(payload), e.hash_input_json_string, e.id);
      assert.equal(hex(xchDigest(BigInt(e.request.headers.find(([k]) => k === "X-CH-Timestamp-NS")[1]), hashInput(payload))), e.blake2b_512_hex, e.id);
    }
    console.log(`cheated_job.json: ${d.examples.length} examples recomputed`);
    assert.ok(d.examples.length > 0);
  });
});

// ---------------------------------------------------------------------------------------------

describe("replay of the Python reference's requests", () => {
  const headersOf = (pairs) => Object.fromEntries(pairs);

  test("every job_requests.json case is accepted verbatim (after a login as //Alice)", async () => {
    const d = vector("job_requests.json");
    const sim = await startLocalFacilitator({ maxSignatureAgeSec: null, stepMs: 5 });
    try {
      const token = await login(sim, alice);
      for (const c of d.cases) {
        const res = await call(sim.url, {
          method: "POST", path: "api/v1/job-docker/", body: Buffer.from(c.request.body_b64, "base64"),
          headers: { ...api(token), "content-type": "application/json", ...c.x_ch_headers },
        });
        assert.equal(res.status, 201, `${c.id}: ${res.text}`);
        const job = res.json();
        const sent = JSON.parse(c.request.body);
        assert.equal(job.docker_image, sent.docker_image, c.id);
        assert.deepEqual(job.args, sent.args, c.id);
        assert.deepEqual(job.env, sent.env, c.id);
        assert.deepEqual(job.volumes, sent.volumes ?? [], c.id);
        assert.deepEqual(job.uploads, sent.uploads ?? [], c.id);
        assert.equal(job.on_trusted_miner, sent.on_trusted_miner, c.id);
        assert.deepEqual(job.status_history.map((h) => h.status), ["sent"], c.id);
      }
      const stats = sim.stats();
      assert.equal(stats.jobsCreated.total, d.cases.length);
      assert.equal(stats.jobsCreated.byHotkey[alice.address], d.cases.length);
      assert.equal(stats.signatures.verified.signedFields, d.cases.length);
      assert.equal(stats.signatures.rejected.signedFields, 0);
      console.log(`job_requests.json: ${d.cases.length} cases replayed`);
    } finally {
      await sim.close();
    }
  });

  test("every job_requests_legacy.json case is accepted under the legacy layout and refused under the current one", async () => {
    const d = vector("job_requests_legacy.json");
    const legacy = await startLocalFacilitator({ maxSignatureAgeSec: null, signatureLayout: "legacy" });
    const current = await startLocalFacilitator({ maxSignatureAgeSec: null });
    try {
      const tokens = [await login(legacy, alice), await login(current, alice)];
      for (const c of d.cases) {
        const send = (sim, token) => call(sim.url, {
          method: "POST", path: "api/v1/job-docker/", body: Buffer.from(c.request.body_b64, "base64"),
          headers: { ...api(token), "content-type": "application/json", ...c.x_ch_headers },
        });
        const accepted = await send(legacy, tokens[0]);
        assert.equal(accepted.status, 201, `${c.id}: ${accepted.text}`);
        assert.equal(accepted.json().docker_image, JSON.parse(c.request.body).docker_image);
        const refused = await send(current, tokens[1]);
        assert.equal(refused.status, 400, c.id);
        assert.deepEqual(refused.json(), { error: "Invalid signature provided", details: "Signature is invalid" }, c.id);
      }
      assert.equal(legacy.stats().jobsCreated.total, d.cases.length);
      assert.equal(current.stats().jobsCreated.total, 0);
      assert.equal(current.stats().signatures.rejected.signedFields, d.cases.length);
      console.log(`job_requests_legacy.json: ${d.cases.length} cases replayed on both layouts`);
    } finally {
      await legacy.close();
      await current.close();
    }
  });

  test("every cheated_job.json example's signature verifies (a tampered copy does not)", async () => {
    const d = vector("cheated_job.json");
    const sim = await startLocalFacilitator({ maxSignatureAgeSec: null });
    try {
      const token = await login(sim, alice);
      for (const [i, e] of d.examples.entries()) {
        const xchHeaders = Object.fromEntries(e.request.headers.filter(([k]) => k.startsWith("X-CH-")));
        const send = (body) => call(sim.url, {
          method: "POST", path: "api/v1/cheated-job/", body,
          headers: { ...api(token), "content-type": "application/json", ...xchHeaders },
        });
        const res = await send(Buffer.from(e.request.body_b64, "base64"));
        // The signature passed; the reported jobs are not in this simulator.
        assert.equal(res.status, 404, `${e.id}: ${res.text}`);
        assert.deepEqual(res.json(), { error: "Job not found" });
        assert.equal(sim.stats().signatures.verified.fullRequest, i + 1, e.id);
        const tampered = await send(e.request.body.replace(e.sdk_call.job_uuid, "00000000-0000-4000-8000-00000000abcd"));
        assert.equal(tampered.status, 400, e.id);
        assert.deepEqual(tampered.json(), { error: "Invalid signature provided", details: "Signature is invalid" });
      }
      assert.equal(sim.stats().signatures.rejected.fullRequest, d.examples.length);
      console.log(`cheated_job.json: ${d.examples.length} examples replayed`);
    } finally {
      await sim.close();
    }
  });

  test("hotkey-header auth of SDK 0.0.1 (auth.json legacy) is rebuilt the server's way", async () => {
    const a = vector("auth.json").legacy;
    // The recorded nonce is from 2025: the rebuilt text must verify, but the server refuses the age.
    for (const c of a.cases) {
      const headers = headersOf(c.headers_in_send_order.map(([k, v]) => [k.toLowerCase(), v]));
      const text = hotkeyHeadersPayload(c.method, c.absolute_url_signed, headers);
      assert.equal(text, c.data_to_sign, c.path_passed_to_make_request);
      assert.equal(verifyHotkeyHeaders(headers.hotkey, headers.signature, text), true);
    }
    const sim = await startLocalFacilitator();
    try {
      const c = a.cases[1];
      const res = await call(sim.url, { path: c.path_passed_to_make_request.slice(1), headers: headersOf(c.headers_in_send_order) });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { detail: "Invalid nonce" });
    } finally {
      await sim.close();
    }
    console.log(`auth.json: ${a.cases.length} legacy cases checked`);
  });
});

// ---------------------------------------------------------------------------------------------

describe("token login", () => {
  let sim;
  before(async () => { sim = await startLocalFacilitator({ whitelist: [alice.address] }); });
  after(() => sim.close());

  test("nonce shape, login, and a signature wrapped in <Bytes> like a wallet extension makes", async () => {
    const nonceRes = await call(sim.url, { path: "auth/nonce" });
    assert.equal(nonceRes.status, 200);
    assert.match(nonceRes.json().nonce, /^[0-9a-f]{32}:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/);
    const token = await login(sim, alice, { wrap: true });
    const [, payload] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    assert.deepEqual(Object.keys(claims), ["sub", "iat", "exp"]);
    assert.equal(claims.sub, alice.address);
    assert.equal(claims.exp - claims.iat, 3600);
  });

  test("login errors: missing field, not whitelisted, bad signature, reused or forged nonce", async () => {
    const post = (body) => call(sim.url, { method: "POST", path: "auth/login", headers: { "content-type": "application/json" }, body });
    const freshNonce = async () => (await call(sim.url, { path: "auth/nonce" })).json().nonce;
    const sign = (pair, n) => hex(pair.sign(stringToU8a(n)));

    let n = await freshNonce();
    let res = await post({ hotkey: alice.address, nonce: n });
    assert.equal(res.status, 400);

    n = await freshNonce();
    res = await post({ hotkey: bob.address, signature: sign(bob, n), nonce: n });
    assert.deepEqual([res.status, res.json()], [400, { detail: "Hotkey not allowed." }]);

    n = await freshNonce();
    res = await post({ hotkey: alice.address, signature: sign(bob, n), nonce: n });
    assert.deepEqual([res.status, res.json()], [401, { detail: "Invalid signature." }]);

    n = await freshNonce();
    res = await post({ hotkey: alice.address, signature: sign(alice, n), nonce: n });
    assert.equal(res.status, 200);
    res = await post({ hotkey: alice.address, signature: sign(alice, n), nonce: n });
    assert.deepEqual([res.status, res.json()], [400, { detail: "Nonce already used." }]);

    const forged = n.replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0"));
    res = await post({ hotkey: alice.address, signature: sign(alice, forged), nonce: forged });
    assert.deepEqual([res.status, res.json()], [400, { detail: "Invalid nonce." }]);

    const stats = sim.stats();
    assert.equal(stats.logins.failed, 5);
    assert.equal(stats.signatures.rejected.login, 1);
  });

  test("an expired token gets 401 'Token expired'; a new login works again", async () => {
    const short = await startLocalFacilitator({ tokenLifetimeSec: 1 });
    try {
      const token = await login(short, alice);
      assert.equal((await call(short.url, { path: "api/v1/jobs/", headers: api(token) })).status, 200);
      await sleep(1100);
      const res = await call(short.url, { path: "api/v1/jobs/", headers: api(token) });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { detail: "Token expired" });
      const again = await login(short, alice);
      assert.equal((await call(short.url, { path: "api/v1/jobs/", headers: api(again) })).status, 200);
      assert.equal(short.stats().authFailures, 1);
    } finally {
      await short.close();
    }
  });

  test("API calls need a token, Realm: mainnet and SubnetID: 12", async () => {
    const token = await login(sim, alice);
    let res = await call(sim.url, { path: "api/v1/jobs/", headers: { realm: "mainnet", subnetid: "12" } });
    assert.deepEqual([res.status, res.json()], [401, { detail: "Authentication credentials were not provided." }]);
    res = await call(sim.url, { path: "api/v1/jobs/", headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 400);
    res = await call(sim.url, { path: "api/v1/jobs/", headers: { ...api(token), realm: "testnet" } });
    assert.equal(res.status, 400);
    res = await call(sim.url, { path: "api/v1/jobs/", headers: { ...api(`${token}x`) } });
    assert.deepEqual([res.status, res.json()], [401, { detail: "Token decode error." }]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("hotkey-header auth", () => {
  const signedHeaders = (pair, method, url, nonce = (Date.now() / 1000).toFixed(6)) => {
    const headersJson = `{"Hotkey": "${pair.address}", "Nonce": "${nonce}", "Realm": "mainnet", "SubnetID": "12"}`;
    const signature = hex(pair.sign(stringToU8a(`${method}${url}${headersJson}`)));
    return { Realm: "mainnet", SubnetID: "12", Nonce: nonce, Hotkey: pair.address, Signature: signature };
  };

  test("a paged list call signed over the URL with its query string passes; one signed without it does not", async () => {
    const sim = await startLocalFacilitator({ auth: "hotkey", stepMs: 5 });
    try {
      assert.equal((await call(sim.url, { path: "auth/nonce" })).status, 404);
      const body = jobBody();
      const created = await call(sim.url, {
        method: "POST", path: "api/v1/job-docker/", body,
        headers: { ...signedHeaders(alice, "POST", `${sim.url}api/v1/job-docker/`), "content-type": "application/json", ...signFields(alice, body) },
      });
      assert.equal(created.status, 201, created.text);

      const path = "api/v1/jobs/?page=1&page_size=5";
      const ok = await call(sim.url, { path, headers: signedHeaders(alice, "GET", `${sim.url}${path}`) });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json().count, 1);
      assert.equal(ok.json().results[0].uuid, created.json().uuid);

      const withoutQuery = await call(sim.url, { path, headers: signedHeaders(alice, "GET", `${sim.url}api/v1/jobs/`) });
      assert.deepEqual([withoutQuery.status, withoutQuery.json()], [401, { detail: "Invalid signature." }]);

      const stale = await call(sim.url, { path, headers: signedHeaders(alice, "GET", `${sim.url}${path}`, String(Date.now() / 1000 - 301)) });
      assert.deepEqual([stale.status, stale.json()], [401, { detail: "Invalid nonce" }]);

      const stats = sim.stats();
      assert.equal(stats.signatures.verified.hotkeyHeaders, 2);
      assert.equal(stats.signatures.rejected.hotkeyHeaders, 1);
    } finally {
      await sim.close();
    }
  });

  test('auth: "token" ignores hotkey headers', async () => {
    const sim = await startLocalFacilitator({ auth: "token" });
    try {
      const res = await call(sim.url, { path: "api/v1/jobs/", headers: signedHeaders(alice, "GET", `${sim.url}api/v1/jobs/`) });
      assert.equal(res.status, 401);
    } finally {
      await sim.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("jobs", () => {
  let sim;
  let token;
  before(async () => {
    sim = await startLocalFacilitator({ stepMs: 15, maxSignatureAgeSec: 600 });
    token = await login(sim, alice);
  });
  after(() => sim.close());

  test("create, then the status advances to completed with echo results, artifacts and upload results", async () => {
    const body = jobBody({
      artifacts_dir: "/artifacts", tag: "t-create",
      uploads: [{ output_upload_type: "single_file_put", url: "https://s3.example.com/r.json", relative_path: "results.json", signed_headers: null }],
    });
    const res = await createJob(sim, token, alice, body);
    assert.equal(res.status, 201, res.text);
    const created = res.json();
    assert.equal(created.status, "Sent");
    assert.equal(created.stdout, "");
    assert.deepEqual(created.artifacts, {});
    assert.equal(created.tag, "t-create");
    assert.equal(created.job_namespace, "SN123.0");

    const done = await waitForStatus(sim, token, created.uuid, (s) => s === "completed");
    assert.deepEqual(done.status_history.map((h) => h.status),
      ["sent", "received", "accepted", "executor_ready", "volumes_ready", "execution_done", "completed"]);
    assert.equal(done.status, "Completed");
    assert.equal(done.stdout, "hello world\n");
    assert.equal(done.stderr, "");
    assert.deepEqual(done.artifacts, { "/artifacts/stdout.txt": Buffer.from("hello world\n").toString("base64") });
    assert.deepEqual(done.upload_results, { "results.json": '{"headers": {"etag": "\\"sim\\""}, "body": ""}' });
    const times = done.status_history.map((h) => Date.parse(h.created_at));
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1] === 15), "entries are stepMs apart");
    assert.equal(done.last_update, done.status_history.at(-1).created_at);
  });

  test("CH_SIM_OUTCOME chooses failed, rejected, horde_failed or never", async () => {
    const expected = {
      failed: ["failed", "job_failure_details"], rejected: ["rejected", "job_rejection_details"], horde_failed: ["horde_failed", "horde_failure_details"],
    };
    for (const [outcome, [status, key]] of Object.entries(expected)) {
      const res = await createJob(sim, token, alice, jobBody({ env: { CH_SIM_OUTCOME: outcome } }));
      assert.equal(res.status, 201);
      const job = await waitForStatus(sim, token, res.json().uuid, (s) => s === status);
      const details = job.status_history.at(-1).metadata[key];
      assert.equal(typeof details.reason, "string", outcome);
      assert.equal(typeof details.message, "string", outcome);
      if (outcome === "horde_failed") assert.equal(details.reported_by, "validator");
      assert.equal(job.stdout, outcome === "failed" ? "hello world\n" : "");
    }
    const never = await createJob(sim, token, alice, jobBody({ env: { CH_SIM_OUTCOME: "never" } }));
    await sleep(200);
    const job = (await call(sim.url, { path: `api/v1/jobs/${never.json().uuid}/`, headers: api(token) })).json();
    assert.equal(job.status_history.at(-1).status, "executor_ready");
    assert.equal(job.stdout, "");
  });

  test("a streaming job passes through streaming_ready and exposes its running server's details", async () => {
    const client = await createSelfSignedCertificate();
    const res = await createJob(sim, token, alice, jobBody({ streaming_details: { public_key: client.certificate } }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json().streaming_server_address, null);
    const job = await waitForStatus(sim, token, res.json().uuid, (s) => s === "streaming_ready");
    assert.deepEqual(job.status_history.map((h) => h.status),
      ["sent", "received", "accepted", "executor_ready", "volumes_ready", "streaming_ready"]);
    assert.equal(job.streaming_server_address, "127.0.0.1");
    assert.ok(Number.isInteger(job.streaming_server_port) && job.streaming_server_port > 0);
    assert.equal(new X509Certificate(job.streaming_server_cert).subjectAltName, "IP Address:127.0.0.1");
    assert.deepEqual(job.status_history[5].metadata.streaming_details,
      { streaming_server_cert: job.streaming_server_cert, streaming_server_address: "127.0.0.1", streaming_server_port: job.streaming_server_port });
  });

  test("a streaming job whose public key is not a certificate fails before streaming_ready", async () => {
    const res = await createJob(sim, token, alice, jobBody({ streaming_details: { public_key: "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n" } }));
    assert.equal(res.status, 201, res.text);
    const job = await waitForStatus(sim, token, res.json().uuid, (s) => s === "failed");
    assert.deepEqual(job.status_history.map((h) => h.status), ["sent", "received", "accepted", "executor_ready", "volumes_ready", "failed"]);
    assert.equal(job.status_history.at(-1).metadata.job_failure_details.stage, "streaming_startup");
    assert.match(job.status_history.at(-1).metadata.job_failure_details.message, /not a PEM X.509 certificate/);
    assert.equal(job.streaming_server_cert, null);
  });

  test("CH_SIM_STDOUT replaces the output", async () => {
    const res = await createJob(sim, token, alice, jobBody({ env: { CH_SIM_STDOUT: "42\n" } }));
    const job = await waitForStatus(sim, token, res.json().uuid, (s) => s === "completed");
    assert.equal(job.stdout, "42\n");
  });

  test("a tampered body or signature, another signer, a missing or stale signature: refused, no job", async () => {
    const createdBefore = sim.stats().jobsCreated.total;
    const body = jobBody();
    const headers = signFields(alice, body);
    const send = (b, h) => call(sim.url, { method: "POST", path: "api/v1/job-docker/", body: b, headers: { ...api(token), "content-type": "application/json", ...h } });

    let res = await send({ ...body, args: ["rm", "-rf"] }, headers);
    assert.deepEqual([res.status, res.json()], [400, { error: "Invalid signature provided", details: "Signature is invalid" }]);

    const sig = Buffer.from(headers["X-CH-Signature"], "base64");
    sig[10] ^= 1;
    res = await send(body, { ...headers, "X-CH-Signature": sig.toString("base64") });
    assert.deepEqual([res.status, res.json()], [400, { error: "Invalid signature provided", details: "Signature is invalid" }]);

    res = await send(body, signFields(bob, body));
    assert.deepEqual([res.status, res.json()], [403, { detail: "X-CH-Signatory does not match the authenticated hotkey." }]);
    assert.equal(sim.stats().signatures.rejections.at(-1).reason, "X-CH-Signatory does not match the authenticated hotkey");

    res = await send(body, {});
    assert.deepEqual([res.status, res.json()], [400, { error: "Signature not found", details: "Request signature not found, but is required" }]);

    res = await send(body, signFields(alice, body, nowNs() - 601n * 1_000_000_000n));
    assert.deepEqual([res.status, res.json()], [400, { error: "Invalid signature provided", details: "Signature is too old" }]);

    assert.equal(sim.stats().jobsCreated.total, createdBefore);
  });

  test("invalid bodies get DRF-style 400s", async () => {
    const send = (body) => createJob(sim, token, alice, body);
    let res = await send(jobBody({ docker_image: "" }));
    assert.deepEqual([res.status, res.json()], [400, { docker_image: ["This field may not be blank."] }]);
    const { download_time_limit, ...noLimit } = jobBody();
    res = await send(noLimit);
    assert.deepEqual([res.status, res.json()], [400, { download_time_limit: ["This field is required."] }]);
    res = await send(jobBody({ uploads: [{ output_upload_type: "single_file_put", url: "https://x", relative_path: "a/../b", signed_headers: null }] }));
    assert.equal(res.status, 400);
    assert.match(res.json().uploads[0], /'\.\.'/);
    res = await call(sim.url, { method: "POST", path: "api/v1/job-docker/", headers: { ...api(token), "content-type": "application/json" }, body: "{not json" });
    assert.equal(res.status, 400);
    assert.match(res.json().detail, /^JSON parse error/);
  });

  test("a job is visible only to its owner", async () => {
    const res = await createJob(sim, token, alice, jobBody());
    const bobToken = await login(sim, bob);
    const other = await call(sim.url, { path: `api/v1/jobs/${res.json().uuid}/`, headers: api(bobToken) });
    assert.deepEqual([other.status, other.json()], [404, { detail: "Not found." }]);
    assert.equal((await call(sim.url, { path: "api/v1/jobs/", headers: api(bobToken) })).json().count, 0);
    assert.equal((await call(sim.url, { path: "api/v1/jobs/not-a-uuid/", headers: api(token) })).status, 404);
  });
});

describe("job list", () => {
  test("DRF pages, newest first, tag and repeated uuid filters, page size cap, 404 past the end", async () => {
    const sim = await startLocalFacilitator();
    try {
      const token = await login(sim, alice);
      const uuids = [];
      for (let i = 0; i < 5; i++) {
        const res = await createJob(sim, token, alice, jobBody({ tag: i < 2 ? "queue-a" : "", args: [`job${i}`] }));
        uuids.push(res.json().uuid);
      }
      const newestFirst = [...uuids].reverse();
      const list = async (query) => call(sim.url, { path: `api/v1/jobs/${query}`, headers: api(token) });
      const base = `${sim.url}api/v1/jobs/`;

      let page = (await list("?page_size=2")).json();
      assert.deepEqual(Object.keys(page), ["count", "next", "previous", "results"]);
      assert.equal(page.count, 5);
      assert.equal(page.next, `${base}?page=2&page_size=2`);
      assert.equal(page.previous, null);
      assert.deepEqual(page.results.map((j) => j.uuid), newestFirst.slice(0, 2));

      page = (await list("?page=2&page_size=2")).json();
      assert.equal(page.next, `${base}?page=3&page_size=2`);
      assert.equal(page.previous, `${base}?page_size=2`);
      assert.deepEqual(page.results.map((j) => j.uuid), newestFirst.slice(2, 4));

      page = (await list("?page_size=2&page=3")).json();
      assert.equal(page.next, null);
      assert.equal(page.previous, `${base}?page=2&page_size=2`);
      assert.deepEqual(page.results.map((j) => j.uuid), newestFirst.slice(4));

      const past = await list("?page=4&page_size=2");
      assert.deepEqual([past.status, past.json()], [404, { detail: "Invalid page." }]);
      assert.equal((await list("?page=0")).status, 404);

      page = (await list("")).json();
      assert.equal(page.results.length, 5);
      assert.equal(page.next, null);

      page = (await list("?tag=queue-a")).json();
      assert.deepEqual(page.results.map((j) => j.uuid), [uuids[1], uuids[0]]);

      page = (await list(`?uuid=${uuids[0]}&uuid=${uuids[3].toUpperCase()}&page_size=1`)).json();
      assert.equal(page.count, 2);
      assert.equal(page.next, `${base}?page=2&page_size=1&uuid=${uuids[0]}&uuid=${uuids[3].toUpperCase()}`);

      for (let i = 0; i < 256; i++) await createJob(sim, token, alice, jobBody({ tag: "bulk" }));
      page = (await list("?tag=bulk&page_size=1000")).json();
      assert.equal(page.count, 256);
      assert.equal(page.results.length, 256);
      page = (await list("?page_size=0")).json();
      assert.equal(page.results.length, 10);
    } finally {
      await sim.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("cross-validation support: cheat, cheated-job reports, feedback", () => {
  test("with cheat, the untrusted job prints something else; the report is recorded once", async () => {
    const sim = await startLocalFacilitator({ cheat: true, stepMs: 5 });
    try {
      const token = await login(sim, alice);
      const job = (await createJob(sim, token, alice, jobBody({ args: ["hello"] }))).json();
      const trusted = (await createJob(sim, token, alice, jobBody({ args: ["hello"], on_trusted_miner: true }))).json();
      const [a, b] = [await waitForStatus(sim, token, job.uuid, (s) => s === "completed"), await waitForStatus(sim, token, trusted.uuid, (s) => s === "completed")];
      assert.equal(b.stdout, "hello\n");
      assert.equal(a.stdout, "hello [cheated]\n");

      const report = { job_uuid: job.uuid, trusted_job_uuid: trusted.uuid, details: { reason: "stdout differs", score: 0.5 } };
      const send = (body, headers = signFull(alice, body)) => call(sim.url, {
        method: "POST", path: "api/v1/cheated-job/", body, headers: { ...api(token), "content-type": "application/json", ...headers },
      });
      let res = await send(report);
      assert.deepEqual([res.status, res.json()], [201, { message: "Job reported as cheated" }]);
      res = await send(report);
      assert.deepEqual([res.status, res.json()], [400, { error: "Cheat report already exists for this job" }]);
      res = await send({ job_uuid: trusted.uuid, trusted_job_uuid: job.uuid, details: null });
      assert.deepEqual([res.status, res.json()], [404, { error: "Trusted job not found" }]);

      const reports = sim.stats().cheatedJobReports;
      assert.equal(reports.length, 1);
      assert.deepEqual(reports[0], {
        hotkey: alice.address, jobUuid: job.uuid, trustedJobUuid: trusted.uuid, details: report.details, body: JSON.stringify(report),
      });
    } finally {
      await sim.close();
    }
  });

  test("feedback: signed PUT once (201, then 409), GET it back, validation and signature required", async () => {
    const sim = await startLocalFacilitator();
    try {
      const token = await login(sim, alice);
      const job = (await createJob(sim, token, alice, jobBody())).json();
      const path = `api/v1/jobs/${job.uuid}/feedback/`;
      const put = (body, headers = signFull(alice, body)) => call(sim.url, { method: "PUT", path, body, headers: { ...api(token), "content-type": "application/json", ...headers } });

      let res = await put({ result_correctness: 1.5 });
      assert.deepEqual([res.status, res.json()], [400, { result_correctness: ["Ensure this value is less than or equal to 1."] }]);
      res = await put({ result_correctness: 0.5 }, {});
      assert.equal(res.status, 400);
      assert.equal(res.json().error, "Signature not found");
      assert.equal((await call(sim.url, { path, headers: api(token) })).status, 404);

      res = await put({ result_correctness: 0.5, expected_duration: 10 });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.text, '{"result_correctness":0.5,"expected_duration":10.0}');
      res = await put({ result_correctness: 0.25 });
      assert.deepEqual([res.status, res.json()], [409, { detail: "Feedback already exists" }]);
      res = await call(sim.url, { path, headers: api(token) });
      assert.deepEqual([res.status, res.json()], [200, { result_correctness: 0.5, expected_duration: 10 }]);
      assert.deepEqual(sim.stats().feedback, [{ hotkey: alice.address, jobUuid: job.uuid, resultCorrectness: 0.5, expectedDuration: 10 }]);
    } finally {
      await sim.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("faults", () => {
  test("5xx before processing creates nothing; 5xx after processing leaves the job created", async () => {
    const sim = await startLocalFacilitator({ faults: { rate: 1, kinds: ["503"], paths: /job-docker/ } });
    try {
      const token = await login(sim, alice);
      const body = jobBody();
      const headers = { ...api(token), "content-type": "application/json", ...signFields(alice, body) };
      const first = await call(sim.url, { method: "POST", path: "api/v1/job-docker/", body, headers });
      assert.deepEqual([first.status, first.text], [503, "Service Unavailable"]);
      assert.equal(sim.stats().jobsCreated.total, 0);
      // The same signed request again, as a retrying client does.
      const second = await call(sim.url, { method: "POST", path: "api/v1/job-docker/", body, headers });
      assert.equal(second.status, 503);
      const stats = sim.stats();
      assert.equal(stats.jobsCreated.total, 1);
      assert.deepEqual(stats.faults.byKind, { 429: 0, 500: 0, 502: 0, 503: 2, reset: 0, slow: 0 });
      const [e1, e2] = stats.faults.events;
      assert.deepEqual([e1.phase, e1.processed, e1.status, e1.endpoint], ["before", false, null, "createJob"]);
      assert.deepEqual([e2.phase, e2.processed, e2.status], ["after", true, 201]);
      const lost = await call(sim.url, { path: `api/v1/jobs/${e2.jobUuid}/`, headers: api(token) });
      assert.equal(lost.status, 200);
    } finally {
      await sim.close();
    }
  });

  test("reset drops the connection (before: nothing happened; after: the job exists); 429 is never processed; slow answers late", async () => {
    const sim = await startLocalFacilitator({ faults: { rate: 1, kinds: ["reset"], paths: /job-docker/ } });
    try {
      const token = await login(sim, alice);
      const body = jobBody();
      const headers = { ...api(token), "content-type": "application/json", ...signFields(alice, body) };
      const first = await call(sim.url, { method: "POST", path: "api/v1/job-docker/", body, headers });
      const second = await call(sim.url, { method: "POST", path: "api/v1/job-docker/", body, headers });
      assert.equal(first.status, 0);
      assert.equal(second.status, 0);
      assert.ok(first.error && second.error);
      const events = sim.stats().faults.events;
      assert.deepEqual(events.map((e) => [e.kind, e.phase, e.processed]), [["reset", "before", false], ["reset", "after", true]]);
      assert.equal(sim.stats().jobsCreated.total, 1);
    } finally {
      await sim.close();
    }

    const throttled = await startLocalFacilitator({ faults: { rate: 1, kinds: ["429"], paths: /job-docker/ } });
    try {
      const token = await login(throttled, alice);
      const body = jobBody();
      const res = await createJob(throttled, token, alice, body);
      assert.deepEqual([res.status, res.json(), res.headers["retry-after"]], [429, { detail: "Request was throttled." }, "1"]);
      assert.equal(throttled.stats().jobsCreated.total, 0);
      assert.equal(throttled.stats().faults.events[0].processed, false);
    } finally {
      await throttled.close();
    }

    const slow = await startLocalFacilitator({ faults: { rate: 1, kinds: ["slow"], slowMs: 150 } });
    try {
      const t0 = Date.now();
      const res = await call(slow.url, { path: "auth/nonce" });
      assert.equal(res.status, 200);
      assert.ok(Date.now() - t0 >= 140);
      assert.deepEqual(slow.stats().faults.events.map((e) => [e.kind, e.phase, e.processed]), [["slow", "during", true]]);
    } finally {
      await slow.close();
    }
  });

  test("the same seed draws the same faults", async () => {
    const run = async () => {
      const sim = await startLocalFacilitator({ faults: { rate: 0.5, seed: 7, kinds: ["429", "500", "502"] } });
      try {
        const statuses = [];
        for (let i = 0; i < 30; i++) statuses.push((await call(sim.url, { path: "auth/nonce" })).status);
        return { statuses, byKind: sim.stats().faults.byKind };
      } finally {
        await sim.close();
      }
    };
    const [a, b] = [await run(), await run()];
    assert.deepEqual(a, b);
    assert.ok(a.statuses.includes(200) && a.statuses.some((s) => s !== 200), a.statuses.join(","));
    assert.equal(a.statuses.filter((s) => s !== 200).length, a.byKind[429] + a.byKind[500] + a.byKind[502]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("CORS", () => {
  const preflight = (sim, origin, requestHeaders) => call(sim.url, {
    method: "OPTIONS", path: "api/v1/job-docker/",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });

  test("strict mode answers like django-cors-headers' defaults", async () => {
    const sim = await startLocalFacilitator({ strictCors: true, allowedOrigins: ["http://allowed.test"] });
    try {
      let res = await preflight(sim, "http://page.test", "authorization,content-type");
      assert.equal(res.status, 200);
      assert.equal(res.headers["access-control-allow-origin"], undefined);
      assert.equal(res.headers["access-control-allow-headers"], undefined);

      res = await preflight(sim, "http://allowed.test", "authorization,content-type,realm,subnetid,x-ch-signature");
      assert.equal(res.headers["access-control-allow-origin"], "http://allowed.test");
      assert.equal(res.headers["access-control-allow-headers"], "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with");
      assert.equal(res.headers["access-control-allow-methods"], "DELETE, GET, OPTIONS, PATCH, POST, PUT");

      res = await preflight(sim, "http://allowed.test", "authorization,content-type");
      assert.equal(res.headers["access-control-allow-origin"], "http://allowed.test");

      const get = await call(sim.url, { path: "auth/nonce", headers: { origin: "http://page.test" } });
      assert.equal(get.status, 200);
      assert.equal(get.headers["access-control-allow-origin"], undefined);

      assert.deepEqual(sim.stats().cors, { preflights: 3, refusedPreflights: 2 });
      assert.equal(sim.stats().requests.byEndpoint.preflight, 3);
    } finally {
      await sim.close();
    }
  });

  test("default mode allows any origin and any requested header", async () => {
    const sim = await startLocalFacilitator();
    try {
      const res = await preflight(sim, "http://page.test", "authorization,realm,subnetid,x-ch-signature");
      assert.equal(res.headers["access-control-allow-origin"], "http://page.test");
      assert.equal(res.headers["access-control-allow-headers"], "authorization,realm,subnetid,x-ch-signature");
      const get = await call(sim.url, { path: "auth/nonce", headers: { origin: "http://page.test" } });
      assert.equal(get.headers["access-control-allow-origin"], "http://page.test");
      assert.equal(sim.stats().cors.refusedPreflights, 0);
    } finally {
      await sim.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("simulator plumbing", () => {
  test("legacyResponses gives early-2025 bodies", async () => {
    const sim = await startLocalFacilitator({ legacyResponses: true, stepMs: 5 });
    try {
      const token = await login(sim, alice);
      const job = (await createJob(sim, token, alice, jobBody())).json();
      assert.equal(job.status, "Sent");
      assert.equal("status_history" in job, false);
      assert.equal("stderr" in job, false);
      assert.equal(job.raw_script, "");
      await sleep(100);
      const done = (await call(sim.url, { path: `api/v1/jobs/${job.uuid}/`, headers: api(token) })).json();
      assert.deepEqual([done.status, done.stdout], ["Completed", "hello world\n"]);
    } finally {
      await sim.close();
    }
  });

  test("stats over HTTP, reset, unknown paths, bad options, idempotent close", async () => {
    const sim = await startLocalFacilitator();
    const token = await login(sim, alice);
    await createJob(sim, token, alice, jobBody());
    const remote = (await call(sim.url, { path: "__sim__/stats", headers: { origin: "http://page.test" } }));
    assert.equal(remote.headers["access-control-allow-origin"], "http://page.test");
    assert.deepEqual(remote.json(), sim.stats());
    assert.equal(remote.json().jobsCreated.total, 1);
    assert.equal((await call(sim.url, { path: "api/v1/nowhere/" })).status, 404);
    assert.equal((await call(sim.url, { method: "DELETE", path: "api/v1/jobs/" })).status, 405);
    assert.equal((await call(sim.url, { method: "POST", path: "__sim__/reset" })).status, 200);
    assert.equal(sim.stats().jobsCreated.total, 0);
    assert.equal(sim.stats().requests.total, 0);
    await sim.close();
    await sim.close();

    await assert.rejects(startLocalFacilitator({ stepMs: -1 }), RangeError);
    await assert.rejects(startLocalFacilitator({ whitelist: ["not-an-address"] }), TypeError);
    await assert.rejects(startLocalFacilitator({ faults: { rate: 0.1, kinds: ["418"] } }), TypeError);
    await assert.rejects(startLocalFacilitator({ auth: "password" }), TypeError);
  });
});
