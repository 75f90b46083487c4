// An offline ComputeHorde facilitator for tests: the same endpoints, authentication and
// signature checks as the real one (re-implemented in plain JS, independent of the SDK's
// Rust/wasm code), simulated jobs whose status advances with time, injectable faults, CORS
// policies, and counters of everything that happened.
import { createServer } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { JsonParseError, PyDict, PyFloat, PyInt, dumps, parseJson, toPlain } from "./pyjson.js";
import { TimestampSigner, fromHex, jwtDecode, jwtEncode, ss58Decode, verifySr25519 } from "./crypto.js";
import {
  SignatureInvalid, SignatureNotFound, fullRequestPayload, hotkeyHeadersPayload, readXchHeaders,
  signedFieldsJson, verifyHotkeyHeaders, verifyXchSignature,
} from "./signatures.js";
import { Job, OUTCOME_ENV, OUTCOMES, STDOUT_ENV, validateJobBody } from "./jobs.js";
import { StreamingServers, createSelfSignedCertificate, normalizeStreamingOptions } from "./streaming.js";
import { DJANGO_NOT_FOUND_HTML, FAULT_RESPONSES, corsHeaders, parseQs, seededRandom, withQueryParam } from "./http.js";

export { OUTCOME_ENV, OUTCOMES, STDOUT_ENV, createSelfSignedCertificate };

const FAULT_KINDS = ["429", "500", "502", "503", "reset", "slow"];
const ENDPOINTS = ["nonce", "login", "createJob", "getJob", "listJobs", "cheatedJob", "putFeedback", "getFeedback", "preflight", "notFound"];
const SIGNATURE_KINDS = ["signedFields", "fullRequest", "login", "hotkeyHeaders"];
const NONCE_MAX_AGE_SEC = 300;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 256;
const MAX_LOGGED_EVENTS = 1000;
const textEncoder = new TextEncoder();

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function normalizeOptions(opts) {
  if (opts === undefined) opts = {};
  if (!isPlainObject(opts)) throw new TypeError("startLocalFacilitator: options must be an object");
  const num = (name, v, dflt, { min = 0, max = Infinity, integer = false } = {}) => {
    if (v === undefined) return dflt;
    if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new TypeError(`startLocalFacilitator: ${name} must be a finite ${integer ? "integer" : "number"}`);
    }
    if (v < min || v > max) throw new RangeError(`startLocalFacilitator: ${name} must be between ${min} and ${max}`);
    return v;
  };
  const bool = (name, v) => {
    if (v === undefined) return false;
    if (typeof v !== "boolean") throw new TypeError(`startLocalFacilitator: ${name} must be a boolean`);
    return v;
  };
  const oneOf = (name, v, values) => {
    if (v === undefined) return values[0];
    if (!values.includes(v)) throw new TypeError(`startLocalFacilitator: ${name} must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}`);
    return v;
  };
  const strings = (name, v) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new TypeError(`startLocalFacilitator: ${name} must be an array of strings`);
    return [...v];
  };

  const whitelist = strings("whitelist", opts.whitelist);
  for (const [i, hotkey] of (whitelist ?? []).entries()) {
    if (!ss58Decode(hotkey)) throw new TypeError(`startLocalFacilitator: whitelist[${i}] is not a valid SS58 address`);
  }
  let faults = null;
  if (opts.faults !== undefined) {
    const f = opts.faults;
    if (!isPlainObject(f)) throw new TypeError("startLocalFacilitator: faults must be an object");
    const kinds = strings("faults.kinds", f.kinds) ?? FAULT_KINDS;
    if (kinds.length === 0) throw new RangeError("startLocalFacilitator: faults.kinds must not be empty");
    for (const k of kinds) if (!FAULT_KINDS.includes(k)) throw new TypeError(`startLocalFacilitator: faults.kinds: unknown kind ${JSON.stringify(k)}`);
    if (f.paths !== undefined && !(f.paths instanceof RegExp)) throw new TypeError("startLocalFacilitator: faults.paths must be a RegExp");
    faults = {
      rate: num("faults.rate", f.rate, 0, { max: 1 }),
      kinds,
      seed: num("faults.seed", f.seed, 1, { integer: true, min: -(2 ** 53), max: 2 ** 53 }),
      slowMs: num("faults.slowMs", f.slowMs, 1000),
      paths: f.paths ?? null,
    };
  }
  const maxSignatureAgeSec = opts.maxSignatureAgeSec === null ? null : num("maxSignatureAgeSec", opts.maxSignatureAgeSec, 600);
  return {
    port: num("port", opts.port, 0, { integer: true, max: 65535 }),
    stepMs: num("stepMs", opts.stepMs, 200),
    whitelist: whitelist ? new Set(whitelist) : null,
    faults,
    strictCors: bool("strictCors", opts.strictCors),
    allowedOrigins: strings("allowedOrigins", opts.allowedOrigins) ?? [],
    auth: oneOf("auth", opts.auth, ["any", "token", "hotkey"]),
    tokenLifetimeSec: num("tokenLifetimeSec", opts.tokenLifetimeSec, 3600, { min: 1e-3 }),
    hotkeyNonceWindowSec: num("hotkeyNonceWindowSec", opts.hotkeyNonceWindowSec, 300),
    maxSignatureAgeSec,
    signatureLayout: oneOf("signatureLayout", opts.signatureLayout, ["current", "legacy"]),
    cheat: bool("cheat", opts.cheat),
    legacyResponses: bool("legacyResponses", opts.legacyResponses),
    streaming: normalizeStreamingOptions(opts.streaming),
  };
}

function emptyStats() {
  const zeros = (names) => Object.fromEntries(names.map((n) => [n, 0]));
  return {
    requests: { total: 0, byEndpoint: zeros(ENDPOINTS) },
    jobsCreated: { total: 0, byHotkey: {} },
    logins: { succeeded: 0, failed: 0, noncesIssued: 0 },
    authFailures: 0,
    signatures: { verified: zeros(SIGNATURE_KINDS), rejected: zeros(SIGNATURE_KINDS), rejections: [] },
    faults: { total: 0, byKind: zeros(FAULT_KINDS), events: [] },
    cheatedJobReports: [],
    feedback: [],
    cors: { preflights: 0, refusedPreflights: 0 },
    streaming: { servers: 0, requests: 0, refusedConnections: 0 },
  };
}

/** An HTTP answer before it is written, so faults can replace it after processing. */
const reply = (status, body, extra = {}) => ({ status, body, ...extra });
const json = (status, value, extra = {}) => reply(status, dumps(value, { dialect: "drf" }), { contentType: "application/json", ...extra });
const detail = (status, message, extra = {}) => json(status, { detail: message }, extra);
const notFoundHtml = () => reply(404, DJANGO_NOT_FOUND_HTML, { contentType: "text/html; charset=utf-8" });
const unauthorized = (message) => detail(401, message, { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });

/** Routes of the facilitator, relative to its root. The list is what a client may call. */
function route(method, path) {
  const match = (re) => re.exec(path);
  let m;
  const pick = (name, allowed, params = {}) => (allowed.includes(method) ? { name, params } : { name, params, methodNotAllowed: allowed });
  if (path === "/auth/nonce" || path === "/auth/nonce/") return pick("nonce", ["GET"]);
  if (path === "/auth/login" || path === "/auth/login/") return pick("login", ["POST"]);
  if (path === "/api/v1/job-docker/") return pick("createJob", ["POST"]);
  if (path === "/api/v1/jobs/") return pick("listJobs", ["GET"]);
  if (path === "/api/v1/cheated-job/") return pick("cheatedJob", ["POST"]);
  if ((m = match(/^\/api\/v1\/jobs\/([^/.]+)\/feedback\/$/))) {
    return method === "GET" ? { name: "getFeedback", params: { uuid: m[1] } } : pick("putFeedback", ["GET", "PUT"], { uuid: m[1] });
  }
  if ((m = match(/^\/api\/v1\/jobs\/([^/.]+)\/$/))) return pick("getJob", ["GET"], { uuid: m[1] });
  return { name: "notFound", params: {} };
}

/** Django's UUIDField lookup accepts any spelling of a UUID; compare the canonical hex. */
function canonicalUuid(s) {
  const hex = String(s).toLowerCase().replace(/^urn:uuid:/, "").replace(/[{}-]/g, "");
  return /^[0-9a-f]{32}$/.test(hex) ? hex : null;
}

function header(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

class Simulator {
  constructor(options) {
    this.o = options;
    this.secret = randomBytes(32).toString("hex");
    this.signer = new TimestampSigner(this.secret);
    this.random = seededRandom(options.faults?.seed ?? 1);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => this.crash(res, err));
    });
    this.timers = new Set();
    this.reset();
    this.streaming = new StreamingServers({ ...options.streaming, stats: () => this.stat.streaming });
  }

  reset() {
    this.jobs = new Map();
    this.seq = 0;
    this.usedNonces = new Map();
    this.feedback = new Map();
    this.cheatReports = new Set();
    this.faultPhase = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
    this.stat = emptyStats();
  }

  snapshot() {
    return structuredClone(this.stat);
  }

  crash(res, err) {
    if (res.headersSent || res.destroyed) { res.destroy(); return; }
    res.writeHead(500, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ detail: `simulator error: ${err && err.message ? err.message : String(err)}` }));
  }

  log(list, entry) {
    list.push(entry);
    if (list.length > MAX_LOGGED_EVENTS) list.shift();
  }

  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.timers.delete(t); resolve(); }, ms);
      this.timers.add(t);
    });
  }

  send(res, answer, extraHeaders) {
    if (res.destroyed) return;
    const body = answer.body ?? "";
    const headers = { ...extraHeaders, ...(answer.headers ?? {}) };
    if (answer.contentType) headers["Content-Type"] = answer.contentType;
    headers["Content-Length"] = String(Buffer.byteLength(body));
    res.writeHead(answer.status, headers);
    res.end(body);
  }

  async handle(req, res) {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? "" : rawUrl.slice(q + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const preflight = method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    const corsRequest = { origin: header(req, "origin"), preflight, requestHeaders: header(req, "access-control-request-headers") };

    if (path.startsWith("/__sim__/")) {
      const cors = corsHeaders(corsRequest, { strict: false, allowedOrigins: [] }).headers;
      if (preflight) return this.send(res, reply(200, ""), cors);
      if (path === "/__sim__/stats" && method === "GET") return this.send(res, reply(200, JSON.stringify(this.snapshot()), { contentType: "application/json" }), cors);
      if (path === "/__sim__/reset" && method === "POST") { this.reset(); return this.send(res, reply(200, '{"ok":true}', { contentType: "application/json" }), cors); }
      return this.send(res, notFoundHtml(), cors);
    }

    const cors = corsHeaders(corsRequest, { strict: this.o.strictCors, allowedOrigins: this.o.allowedOrigins });
    if (preflight) {
      // django-cors-headers answers every preflight itself, before any view or auth.
      this.stat.requests.total++;
      this.stat.requests.byEndpoint.preflight++;
      this.stat.cors.preflights++;
      if (cors.refused) this.stat.cors.refusedPreflights++;
      return this.send(res, reply(200, ""), cors.headers);
    }

    const r = route(method, path);
    this.stat.requests.total++;
    this.stat.requests.byEndpoint[r.name]++;

    const fault = this.pickFault(path);
    const event = fault && { kind: fault.kind, method, path, endpoint: r.name, phase: fault.phase, processed: false, status: null };
    if (event) {
      this.stat.faults.total++;
      this.stat.faults.byKind[fault.kind]++;
      this.log(this.stat.faults.events, event);
      if (fault.kind === "slow") await this.sleep(this.o.faults.slowMs);
      else if (fault.phase === "before") return this.fail(req, res, fault.kind, cors.headers);
    }

    const rawBody = await this.readBody(req);
    if (rawBody === null) return this.send(res, detail(413, "Request body too large."), cors.headers);
    const answer = await this.process(r, { req, method, path, query, rawBody });
    if (event && fault.phase === "after") {
      event.processed = r.name !== "createJob" || answer.jobCreated === true;
      event.status = answer.status;
      if (answer.jobUuid) event.jobUuid = answer.jobUuid;
      return this.fail(req, res, fault.kind, cors.headers);
    }
    if (event) { event.processed = true; event.status = answer.status; if (answer.jobUuid) event.jobUuid = answer.jobUuid; }
    return this.send(res, answer, cors.headers);
  }

  /** Whether this request gets a fault, which, and whether before or after processing. */
  pickFault(path) {
    const f = this.o.faults;
    if (!f || f.rate <= 0) return null;
    if (f.paths) {
      f.paths.lastIndex = 0; // a /g or /y RegExp would otherwise resume where the last test stopped
      if (!f.paths.test(path)) return null;
    }
    if (this.random() >= f.rate) return null;
    const kind = f.kinds[Math.min(f.kinds.length - 1, Math.floor(this.random() * f.kinds.length))];
    if (kind === "429" || kind === "slow") return { kind, phase: kind === "429" ? "before" : "during" };
    // Alternate so that both a failure before processing and one after it (a created job whose
    // answer is lost) always occur once a kind has been drawn twice.
    const phase = this.faultPhase[kind]++ % 2 === 0 ? "before" : "after";
    return { kind, phase };
  }

  fail(req, res, kind, corsHeadersForReply) {
    if (kind === "reset") {
      req.socket.destroy();
      return;
    }
    const f = FAULT_RESPONSES[kind];
    this.send(res, reply(Number(kind), f.body, { contentType: f.contentType, headers: f.headers }), corsHeadersForReply);
  }

  readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on("data", (c) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
      req.on("error", reject);
    });
  }

  async process(r, ctx) {
    if (r.name === "notFound") return notFoundHtml();
    if ((r.name === "nonce" || r.name === "login") && this.o.auth === "hotkey") return notFoundHtml();
    if (r.methodNotAllowed) return detail(405, `Method "${ctx.method}" not allowed.`, { headers: { Allow: [...r.methodNotAllowed, "OPTIONS"].join(", ") } });
    if (r.name === "nonce") return this.nonce();
    if (r.name === "login") return this.login(ctx);
    return this.api(r, ctx);
  }

  // ---- token auth -------------------------------------------------------------------------

  nonce() {
    this.stat.logins.noncesIssued++;
    return json(200, { nonce: this.signer.sign(randomBytes(16).toString("hex"), Date.now() / 1000) });
  }

  login(ctx) {
    const failed = (answer) => { this.stat.logins.failed++; return answer; };
    const body = this.parseBody(ctx.rawBody);
    if (body.error) return failed(body.error);
    const data = body.value instanceof PyDict ? body.value : new PyDict();
    const hotkey = data.get("hotkey");
    const signature = data.get("signature");
    const nonce = data.get("nonce");
    if (![hotkey, signature, nonce].every((v) => typeof v === "string" && v !== "")) {
      return failed(detail(400, "hotkey, signature and nonce are required."));
    }
    const publicKey = ss58Decode(hotkey);
    if (!publicKey) return failed(detail(400, "Invalid hotkey."));
    if (this.o.whitelist && !this.o.whitelist.has(hotkey)) return failed(detail(400, "Hotkey not allowed."));
    const unsigned = this.signer.unsign(nonce);
    if (!unsigned) return failed(detail(400, "Invalid nonce."));
    const nowSec = Date.now() / 1000;
    this.pruneNonces(nowSec);
    if (nowSec - unsigned.timestamp > NONCE_MAX_AGE_SEC) return failed(detail(400, "Nonce expired."));
    if (this.usedNonces.has(nonce)) return failed(detail(400, "Nonce already used."));
    this.usedNonces.set(nonce, unsigned.timestamp);
    const sig = fromHex(signature);
    if (!sig || !verifySr25519(textEncoder.encode(nonce), sig, publicKey)) {
      this.signatureRejected("login", "login", "Invalid signature");
      return failed(detail(401, "Invalid signature."));
    }
    this.stat.signatures.verified.login++;
    this.stat.logins.succeeded++;
    const iat = Math.floor(nowSec);
    const token = jwtEncode({ sub: hotkey, iat, exp: iat + this.o.tokenLifetimeSec }, this.secret);
    return json(200, { token });
  }

  pruneNonces(nowSec) {
    for (const [n, ts] of this.usedNonces) if (nowSec - ts > NONCE_MAX_AGE_SEC) this.usedNonces.delete(n);
  }

  // ---- API calls ----------------------------------------------------------------------------

  parseBody(rawBody) {
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
    } catch {
      return { error: detail(400, "JSON parse error - 'utf-8' codec can't decode the request body") };
    }
    if (text.trim() === "") return { value: new PyDict() };
    try {
      return { value: parseJson(text) };
    } catch (err) {
      if (err instanceof JsonParseError) return { error: detail(400, `JSON parse error - ${err.message}`) };
      throw err;
    }
  }

  signatureRejected(kind, endpoint, reason) {
    this.stat.signatures.rejected[kind]++;
    this.log(this.stat.signatures.rejections, { kind, endpoint, reason });
  }

  /** The X-CH signature middleware: verifies the headers when present, for every API call. */
  checkXch(r, ctx) {
    let sig;
    try {
      sig = readXchHeaders(ctx.req.headers);
    } catch (err) {
      if (err instanceof SignatureNotFound) return { signature: null };
      throw err;
    }
    if (!sig) return { signature: null };
    const kind = sig.scope === "FullRequest" ? "fullRequest" : "signedFields";
    const invalid = (reason) => {
      this.signatureRejected(kind, r.name, reason);
      return { answer: json(400, { error: "Invalid signature provided", details: reason }) };
    };
    if (sig.signatureType !== "bittensor") return invalid(`Invalid signature type: ${sig.signatureType}`);
    let body = null;
    try {
      body = parseJson(new TextDecoder("utf-8", { fatal: true }).decode(ctx.rawBody));
    } catch {
      body = null; // json.loads failed: the server signs over `None`
    }
    try {
      const payload = sig.scope === "FullRequest" ? fullRequestPayload(body) : signedFieldsJson(body, this.o.signatureLayout);
      verifyXchSignature(sig, payload, { maxAgeSec: this.o.maxSignatureAgeSec, nowMs: Date.now() });
    } catch (err) {
      if (err instanceof SignatureInvalid) return invalid(err.message);
      throw err;
    }
    this.stat.signatures.verified[kind]++;
    return { signature: sig };
  }

  /** DRF authentication: Bearer JWT and/or the early-2025 Hotkey/Nonce/Signature headers. */
  authenticate(r, ctx) {
    const { req } = ctx;
    const authorization = header(req, "authorization");
    const bearer = authorization && /^bearer$/i.test(authorization.split(" ")[0] ?? "");
    if (bearer && this.o.auth !== "hotkey") {
      const parts = authorization.split(" ");
      if (parts.length !== 2) return { answer: unauthorized("Invalid token header format.") };
      const decoded = jwtDecode(parts[1], this.secret, Date.now() / 1000);
      if (!decoded.ok) return { answer: unauthorized(decoded.error === "expired" ? "Token expired" : "Token decode error.") };
      const hotkey = decoded.payload.sub;
      if (typeof hotkey !== "string" || hotkey === "") return { answer: unauthorized("Token missing subject.") };
      if (this.o.whitelist && !this.o.whitelist.has(hotkey)) return { answer: unauthorized("Unauthorized hotkey.") };
      return { hotkey };
    }
    const hk = header(req, "hotkey");
    const nonce = header(req, "nonce");
    const signature = header(req, "signature");
    if (this.o.auth !== "token" && (hk || nonce || signature)) {
      if (!hk || !nonce || !signature) return { answer: unauthorized("Missing some of required headers: hotkey, nonce, signature") };
      const nonceValue = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(nonce) ? Number(nonce) : NaN;
      if (!Number.isFinite(nonceValue) || Math.abs(Date.now() / 1000 - nonceValue) > this.o.hotkeyNonceWindowSec) {
        return { answer: unauthorized("Invalid nonce") };
      }
      if (this.o.whitelist && !this.o.whitelist.has(hk)) return { answer: unauthorized("Unauthorized hotkey") };
      const host = header(req, "host") ?? `127.0.0.1:${this.port}`;
      const fullPath = ctx.query === "" ? ctx.path : `${ctx.path}?${ctx.query}`;
      const payload = hotkeyHeadersPayload(ctx.method, `http://${host}${fullPath}`, req.headers);
      if (!verifyHotkeyHeaders(hk, signature, payload)) {
        this.signatureRejected("hotkeyHeaders", r.name, "Invalid signature.");
        return { answer: unauthorized("Invalid signature.") };
      }
      this.stat.signatures.verified.hotkeyHeaders++;
      return { hotkey: hk };
    }
    return { answer: unauthorized("Authentication credentials were not provided.") };
  }

  async api(r, ctx) {
    const xch = this.checkXch(r, ctx);
    if (xch.answer) return xch.answer;
    const auth = this.authenticate(r, ctx);
    if (auth.answer) { this.stat.authFailures++; return auth.answer; }
    if (header(ctx.req, "realm") !== "mainnet" || header(ctx.req, "subnetid") !== "12") {
      return detail(400, "Headers Realm: mainnet and SubnetID: 12 are required.");
    }
    const call = { ...ctx, endpoint: r.name, hotkey: auth.hotkey, signature: xch.signature };
    switch (r.name) {
      case "createJob": return this.createJob(call);
      case "getJob": return this.getJob(call, r.params.uuid);
      case "listJobs": return this.listJobs(call);
      case "cheatedJob": return this.cheatedJob(call);
      case "putFeedback": return this.putFeedback(call, r.params.uuid);
      case "getFeedback": return this.getFeedback(call, r.params.uuid);
      default: return notFoundHtml();
    }
  }

  requireJsonBody(ctx) {
    const type = (header(ctx.req, "content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (ctx.rawBody.length > 0 && type !== "application/json") {
      return { error: detail(415, `Unsupported media type "${type}" in request.`) };
    }
    return this.parseBody(ctx.rawBody);
  }

  /** The signature checks of views that need one: present, and made by the caller's hotkey. */
  requireOwnSignature(ctx) {
    if (!ctx.signature) return json(400, { error: "Signature not found", details: "Request signature not found, but is required" });
    if (ctx.signature.signatory !== ctx.hotkey) {
      const kind = ctx.signature.scope === "FullRequest" ? "fullRequest" : "signedFields";
      this.signatureRejected(kind, ctx.endpoint, "X-CH-Signatory does not match the authenticated hotkey");
      return detail(403, "X-CH-Signatory does not match the authenticated hotkey.");
    }
    return null;
  }

  ownJob(hotkey, uuid) {
    const key = canonicalUuid(uuid);
    const job = key && this.jobs.get(key);
    return job && job.owner === hotkey ? job : null;
  }

  render(job) {
    return job.toResponse(Date.now(), this.o.stepMs, this.o.legacyResponses);
  }

  async createJob(ctx) {
    const body = this.requireJsonBody(ctx);
    if (body.error) return body.error;
    const valid = validateJobBody(body.value, { requireTimeLimits: this.o.signatureLayout === "current" });
    if (!valid.ok) return json(400, valid.errors);
    const refused = this.requireOwnSignature(ctx);
    if (refused) return refused;
    const uuid = randomUUID();
    const job = new Job(valid.fields, { uuid, owner: ctx.hotkey, seq: this.seq++, createdAtMs: Date.now(), cheat: this.o.cheat });
    if (job.streamingClientCert !== "") await this.startStreaming(job);
    this.jobs.set(canonicalUuid(uuid), job);
    this.stat.jobsCreated.total++;
    this.stat.jobsCreated.byHotkey[ctx.hotkey] = (this.stat.jobsCreated.byHotkey[ctx.hotkey] ?? 0) + 1;
    return { ...json(201, this.render(job)), jobCreated: true, jobUuid: uuid };
  }

  /** Starts a streaming job's servers; they stop when the job leaves streaming_ready. */
  async startStreaming(job) {
    const started = await this.streaming.start(job.streamingClientCert);
    // The timeline counts from when the server is up, as the executor's does.
    job.createdAtMs = Date.now();
    job.setStreaming({ server: started.server, problem: started.problem, holdMs: this.o.streaming.holdMs, readyAfter: this.o.streaming.readyAfter });
    if (!started.close) return;
    const endMs = job.streamingEndMs(this.o.stepMs);
    if (endMs === null) return; // runs until the simulator closes
    const t = setTimeout(() => { this.timers.delete(t); started.close(); }, Math.max(0, endMs - Date.now()));
    this.timers.add(t);
  }

  getJob(ctx, uuid) {
    const job = this.ownJob(ctx.hotkey, uuid);
    return job ? json(200, this.render(job)) : detail(404, "Not found.");
  }

  /** DRF PageNumberPagination (page_size 10, `page_size` param capped at 256) with filters. */
  listJobs(ctx) {
    const params = parseQs(ctx.query);
    const last = (k) => { const v = params.get(k); return v ? v[v.length - 1] : undefined; };
    const uuids = (params.get("uuid") ?? []).filter((u) => u !== "");
    // With uuid filters (waitAll's batches), look those up instead of scanning every job:
    // one poll of 10,000 jobs is ~50 such requests.
    let jobs = uuids.length
      ? [...new Set(uuids.map(canonicalUuid).filter(Boolean))].map((key) => this.jobs.get(key)).filter(Boolean)
      : [...this.jobs.values()];
    jobs = jobs.filter((j) => j.owner === ctx.hotkey);
    const tag = last("tag");
    if (tag) jobs = jobs.filter((j) => j.tag === tag);
    jobs.sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);

    let pageSize = PAGE_SIZE;
    const ps = last("page_size");
    if (ps !== undefined && /^\s*[+-]?\d+\s*$/.test(ps) && Number(ps) > 0) pageSize = Math.min(Number(ps), MAX_PAGE_SIZE);
    const numPages = Math.max(1, Math.ceil(jobs.length / pageSize));
    const pageParam = last("page") || "1";
    const page = pageParam === "last" ? numPages : /^\s*[+-]?\d+\s*$/.test(pageParam) ? Number(pageParam) : NaN;
    if (!Number.isInteger(page) || page < 1 || page > numPages) return detail(404, "Invalid page.");

    const host = header(ctx.req, "host") ?? `127.0.0.1:${this.port}`;
    const self = `http://${host}${ctx.path}${ctx.query ? `?${ctx.query}` : ""}`;
    const results = jobs.slice((page - 1) * pageSize, page * pageSize).map((j) => this.render(j));
    const next = page < numPages ? withQueryParam(self, "page", String(page + 1)) : null;
    const previous = page > 1 ? withQueryParam(self, "page", page - 1 === 1 ? null : String(page - 1)) : null;
    const out = new PyDict([["count", jobs.length], ["next", next], ["previous", previous], ["results", results]]);
    return json(200, out);
  }

  cheatedJob(ctx) {
    const body = this.parseBody(ctx.rawBody);
    if (body.error) return body.error;
    if (!(body.value instanceof PyDict)) return json(400, { error: "Expected a JSON object" });
    const jobUuid = body.value.get("job_uuid");
    const trustedUuid = body.value.get("trusted_job_uuid");
    const job = typeof jobUuid === "string" ? this.ownJob(ctx.hotkey, jobUuid) : null;
    if (!job) return json(404, { error: "Job not found" });
    if (trustedUuid !== undefined && trustedUuid !== null) {
      const trusted = typeof trustedUuid === "string" ? this.ownJob(ctx.hotkey, trustedUuid) : null;
      if (!trusted || !trusted.onTrustedMiner) return json(404, { error: "Trusted job not found" });
    }
    const refused = this.requireOwnSignature(ctx);
    if (refused) return refused;
    if (this.cheatReports.has(job.uuid)) return json(400, { error: "Cheat report already exists for this job" });
    this.cheatReports.add(job.uuid);
    job.cheated = true;
    const details = body.value.has("details") ? toPlain(body.value.get("details")) : null;
    this.log(this.stat.cheatedJobReports, {
      hotkey: ctx.hotkey, jobUuid: job.uuid, trustedJobUuid: typeof trustedUuid === "string" ? trustedUuid : null,
      details, body: ctx.rawBody.toString("utf8"),
    });
    return json(201, { message: "Job reported as cheated" });
  }

  putFeedback(ctx, uuid) {
    const body = this.requireJsonBody(ctx);
    if (body.error) return body.error;
    if (!(body.value instanceof PyDict)) return json(400, { non_field_errors: ["Invalid data. Expected a dictionary, but got a different type."] });
    const errors = {};
    const number = (field, { requiredField, max }) => {
      if (!body.value.has(field)) { if (requiredField) errors[field] = ["This field is required."]; return null; }
      const v = body.value.get(field);
      let n = NaN;
      if (v instanceof PyInt || v instanceof PyFloat) n = v.toNumber();
      else if (typeof v === "string" && v.trim() !== "") n = Number(v);
      if (v === null) { errors[field] = ["This field may not be null."]; return null; }
      if (!Number.isFinite(n)) { errors[field] = ["A valid number is required."]; return null; }
      if (n < 0) { errors[field] = ["Ensure this value is greater than or equal to 0."]; return null; }
      if (max !== undefined && n > max) { errors[field] = [`Ensure this value is less than or equal to ${max}.`]; return null; }
      return n;
    };
    const resultCorrectness = number("result_correctness", { requiredField: true, max: 1 });
    const expectedDuration = number("expected_duration", { requiredField: false });
    if (Object.keys(errors).length) return json(400, errors);
    const refused = this.requireOwnSignature(ctx);
    if (refused) return refused;
    const job = this.ownJob(ctx.hotkey, uuid);
    if (!job) return detail(404, "Not found.");
    if (this.feedback.has(job.uuid)) return detail(409, "Feedback already exists");
    const entry = { resultCorrectness, expectedDuration };
    this.feedback.set(job.uuid, entry);
    this.log(this.stat.feedback, { hotkey: ctx.hotkey, jobUuid: job.uuid, ...entry });
    return json(201, this.feedbackBody(entry));
  }

  feedbackBody(entry) {
    return {
      result_correctness: new PyFloat(entry.resultCorrectness),
      expected_duration: entry.expectedDuration === null ? null : new PyFloat(entry.expectedDuration),
    };
  }

  getFeedback(ctx, uuid) {
    const job = this.ownJob(ctx.hotkey, uuid);
    const entry = job && this.feedback.get(job.uuid);
    return entry ? json(200, this.feedbackBody(entry)) : detail(404, "Not found.");
  }

  listen(port) {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  async close() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.streaming.closeAll();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * Starts an offline facilitator on 127.0.0.1. See index.d.ts for the options and the stats.
 * @param {import("./index.js").LocalFacilitatorOptions} [opts]
 */
export async function startLocalFacilitator(opts) {
  const sim = new Simulator(normalizeOptions(opts));
  const port = await sim.listen(sim.o.port);
  let closing = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => (closing ??= sim.close()),
    stats: () => sim.snapshot(),
    reset: () => sim.reset(),
  };
}
