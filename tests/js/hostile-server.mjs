// A hostile facilitator for tests/js/hostile-answers.test.mjs: a front server on 127.0.0.1 that
// forwards every request to a real simulator (compute-horde-sdk/testing, which verifies logins
// and X-CH signatures independently of the SDK) unless the current case replaces or rewrites the
// answer of the endpoint it targets. A second server on another port stands for "another
// origin": it records what reaches it, so that a test can assert no signed header went there.
import { createServer, request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { startLocalFacilitator } from "../../pkg-template/testing/index.js";

/** The endpoint a request is for, by method and path. */
export function endpointOf(method, path) {
  if (path === "/auth/nonce") return "nonce";
  if (path === "/auth/login") return "login";
  if (path === "/api/v1/job-docker/") return "create";
  if (path === "/api/v1/jobs/") return "list";
  if (path === "/api/v1/cheated-job/") return "cheated";
  if (/^\/api\/v1\/jobs\/[^/]+\/feedback\/$/.test(path)) return "feedback";
  if (/^\/api\/v1\/jobs\/[^/]+\/$/.test(path) && method === "GET") return "get";
  return "other";
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Forwards to the simulator with the front's Host, so that its `next` links name the front. */
function forward(simPort, req, body) {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest({ host: "127.0.0.1", port: simPort, method: req.method, path: req.url, headers: req.headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

/**
 * Starts the pair. A case is `{ endpoint, answer(ctx) }`: `answer` gets `{ req, res, body,
 * upstream(), front, other }` and either writes the response itself or returns
 * `{ status, headers, body }`; returning undefined lets the simulator's answer through.
 * `once: true` makes the case answer only the first request of its endpoint.
 */
export async function startHostileFacilitator() {
  const sim = await startLocalFacilitator({ stepMs: 20 });
  const simPort = Number(new URL(sim.url).port);
  const seen = [];
  const otherSeen = [];
  let current = null;
  const timers = new Set();

  const other = createServer(async (req, res) => {
    await readBody(req);
    otherSeen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { "content-type": "application/json" }).end('{"nonce":"x","token":"y"}');
  });
  const otherPort = await listen(other);
  const otherUrl = `http://127.0.0.1:${otherPort}/`;

  const front = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url, "http://front").pathname;
    const endpoint = endpointOf(req.method, path);
    seen.push({ method: req.method, url: req.url, endpoint, headers: req.headers });
    const hostile = current && current.endpoint === endpoint && !(current.once && current.used) ? current : null;
    try {
      let answer;
      if (hostile) {
        hostile.used = true;
        answer = await hostile.answer({ req, res, body, upstream: () => forward(simPort, req, body), frontUrl, otherUrl, timers });
      }
      if (res.writableEnded || res.headersSent) return;
      if (answer === undefined) {
        const up = await forward(simPort, req, body);
        const headers = { ...up.headers };
        delete headers["transfer-encoding"];
        delete headers.connection;
        res.writeHead(up.status, headers).end(up.body);
        return;
      }
      res.writeHead(answer.status ?? 200, answer.headers ?? { "content-type": "application/json" }).end(answer.body ?? "");
    } catch (error) {
      if (!res.headersSent) res.writeHead(599).end(String(error));
    }
  });
  const frontPort = await listen(front);
  const frontUrl = `http://127.0.0.1:${frontPort}/`;

  return {
    url: frontUrl,
    otherUrl,
    /** Every request the front received: `{ method, url, endpoint, headers }`. */
    seen,
    /** Every request the other origin received. */
    otherSeen,
    setCase(c) { current = c ? { ...c, used: false } : null; },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      front.closeAllConnections();
      other.closeAllConnections();
      await Promise.all([new Promise((r) => front.close(r)), new Promise((r) => other.close(r)), sim.close()]);
    },
  };
}

// ------------------------------------------------------------------ answer builders

export const json = (value, status = 200, headers = {}) => ({ status, headers: { "content-type": "application/json", ...headers }, body: typeof value === "string" ? value : JSON.stringify(value) });

/** The simulator's JSON answer, rewritten by `edit` (which may return a replacement). */
export const rewrite = (edit) => async ({ upstream }) => {
  const up = await upstream();
  const value = JSON.parse(up.body.toString("utf8"));
  const edited = edit(value) ?? value;
  return json(edited, up.status);
};

/** `count` bytes, one per `everyMs`, until the client gives up. */
export const drip = (everyMs = 1000, status = 200) => ({ res, timers }) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.write("{");
  const tick = () => {
    if (res.destroyed || res.writableEnded) return;
    res.write(" ");
    const t = setTimeout(() => { timers.delete(t); tick(); }, everyMs);
    timers.add(t);
  };
  tick();
  res.on("close", () => {});
};

/** An answer that never starts (headers never sent). */
export const silent = () => ({ res, timers }) => {
  const t = setTimeout(() => { timers.delete(t); if (!res.writableEnded) res.destroy(); }, 60_000);
  timers.add(t);
  return new Promise(() => {});
};

/** A gzip body that inflates to `bytes` (zeros padded in JSON string): a compression bomb. */
export const gzipBomb = (bytes, status = 200) => {
  const inflated = Buffer.concat([Buffer.from('{"nonce":"'), Buffer.alloc(bytes, 0x61), Buffer.from('"}')]);
  return () => ({ status, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gzipSync(inflated, { level: 9 }) });
};

/** Deeply nested JSON arrays. */
export const nested = (depth) => "[".repeat(depth) + "]".repeat(depth);

export const redirect = (status, location) => () => ({ status, headers: { location: typeof location === "function" ? location() : location }, body: "" });
