// compute-horde-sdk/relay: a CORS relay between web pages and the ComputeHorde facilitator.
// The facilitator's django-cors-headers refuses other origins and the SDK's headers by default
// (docs PROTOCOL.md §7), so a page sends its calls to a relay on an origin it controls. The
// relay only moves bytes: signing stays in the page, so it holds no key and cannot sign.
// Written against the fetch API only (Request, Response, Headers), so that the same code runs
// in Node ≥ 18, edge workers and framework route handlers; no import at all.

const DEFAULT_FACILITATOR_URL = "https://facilitator.computehorde.io/";

/** Request headers of the SDK that the relay passes on (lower case, as `Headers` yields them). */
const FORWARDED_HEADERS = [
  "authorization", "content-type", "realm", "subnetid",
  "x-ch-signature-type", "x-ch-signatory", "x-ch-timestamp-ns", "x-ch-signature", "x-ch-signature-scope",
];
/** Headers of hotkey-header auth: allowed in preflights (so that the page can read the relay's
 *  explanation), never forwarded, because their signature covers the URL the page used. */
const HOTKEY_AUTH_HEADERS = ["hotkey", "nonce", "signature"];
const ALLOW_HEADERS = [
  "Authorization", "Content-Type", "Realm", "SubnetID", "Hotkey", "Nonce", "Signature",
  "X-CH-Signature-Type", "X-CH-Signatory", "X-CH-Timestamp-NS", "X-CH-Signature", "X-CH-Signature-Scope",
].join(", ");
const METHODS = ["GET", "HEAD", "POST", "PUT"];
/** Response headers of the facilitator that reach the page; Set-Cookie and the facilitator's own
 *  CORS headers never do. */
const RESPONSE_HEADERS = ["content-type", "retry-after", "allow", "www-authenticate"];
/** Chromium caps preflight caching at 2 hours; Firefox at 24. */
const PREFLIGHT_MAX_AGE_SEC = 7200;
/** Far above any job request (the facilitator's own limit is lower). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Path (after the prefix) of the facilitator calls: auth/nonce, auth/login and api/v1/...;
 *  no percent-escapes, so that nothing decodes into another path upstream. */
const API_PATH = /^(?:auth\/nonce\/?|auth\/login\/?|api\/v1\/[A-Za-z0-9._~\-/]*)$/;
const HOTKEY_AUTH_REFUSED = "hotkey-header auth cannot pass through a relay: its signature covers the URL the page " +
  "requested (the relay's), while the facilitator checks it against its own URL. Use token auth (the default, " +
  "auth: \"token\"), whose signatures do not cover the URL.";

/**
 * @param {{ facilitatorUrl?: string, allowedOrigins: readonly string[], pathPrefix?: string,
 *           fetch?: (request: Request) => Promise<Response> }} options
 * @returns {(request: Request) => Promise<Response>}
 */
export function createRelay(options) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options: must be an object with at least allowedOrigins");
  }
  const base = facilitatorBase(options.facilitatorUrl ?? DEFAULT_FACILITATOR_URL);
  const { any: anyOrigin, origins } = originPolicy(options.allowedOrigins);
  const prefix = mountPrefix(options.pathPrefix ?? "/");
  const send = options.fetch ?? ((request) => fetch(request));
  if (typeof send !== "function") throw new TypeError("fetch: must be a function");

  return async function relay(request) {
    const url = new URL(request.url);
    const origin = request.headers.get("origin");
    // Without Origin the caller is a same-origin GET or not a browser: CORS does not apply.
    // A page on the relay's own origin needs no listing (behind a proxy that rewrites Host,
    // Sec-Fetch-Site still says so).
    const crossOrigin = origin !== null && origin !== url.origin && request.headers.get("sec-fetch-site") !== "same-origin";
    if (crossOrigin && !anyOrigin && !origins.has(origin)) {
      return new Response(`origin ${origin} is not allowed by this relay\n`,
        { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Vary": "Origin" } });
    }
    const cors = crossOrigin
      ? { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Retry-After", "Vary": "Origin" }
      : { "Vary": "Origin" };

    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (rest === null || !API_PATH.test(rest) || rest.split("/").some((s) => s === "." || s === "..")) {
      return answer(404, { detail: "Not found: this relay forwards only auth/nonce, auth/login and api/v1/ calls." }, cors);
    }
    const method = request.method.toUpperCase();
    if (method === "OPTIONS") {
      if (request.headers.has("access-control-request-method")) {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors, "Access-Control-Allow-Methods": METHODS.join(", "),
            "Access-Control-Allow-Headers": ALLOW_HEADERS, "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_SEC),
          },
        });
      }
      return new Response(null, { status: 204, headers: { ...cors, "Allow": [...METHODS, "OPTIONS"].join(", ") } });
    }
    if (!METHODS.includes(method)) {
      return answer(405, { detail: `Method "${method}" not allowed.` }, { ...cors, "Allow": [...METHODS, "OPTIONS"].join(", ") });
    }
    if (HOTKEY_AUTH_HEADERS.some((name) => request.headers.has(name))) return answer(400, { detail: HOTKEY_AUTH_REFUSED }, cors);

    const headers = new Headers({ "Accept": "application/json" });
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    let body;
    if (method !== "GET" && method !== "HEAD") {
      if (Number(request.headers.get("content-length")) > MAX_BODY_BYTES) return answer(413, { detail: "Request body too large." }, cors);
      try {
        body = await request.arrayBuffer();
      } catch {
        return answer(400, { detail: "The request body could not be read." }, cors);
      }
      if (body.byteLength > MAX_BODY_BYTES) return answer(413, { detail: "Request body too large." }, cors);
    }

    let upstream;
    try {
      upstream = await send(new Request(base + rest + url.search, { method, headers, body, redirect: "manual", signal: request.signal }));
    } catch {
      return answer(502, { detail: "The relay could not reach the facilitator." }, cors);
    }
    // An opaque redirect (fetch in a browser-like runtime) has status 0 and nothing to pass on.
    if (upstream.status < 200 || upstream.status > 599) return answer(502, { detail: "The facilitator's answer cannot be relayed." }, cors);

    // Per-user answers and single-use nonces: no shared cache may keep them.
    const out = new Headers({ ...cors, "Cache-Control": "no-store" });
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    const location = upstream.headers.get("location");
    const target = location === null ? null : resolveUrl(location, base);
    if (target?.startsWith(base)) out.set("Location", url.origin + prefix + target.slice(base.length));
    const empty = method === "HEAD" || [204, 205, 304].includes(upstream.status);
    if (method === "GET" && /^api\/v1\/jobs\/?$/.test(rest) && upstream.status === 200) {
      // A job page's next/previous links name the facilitator; the SDK follows only links on the
      // URL it talks to (the relay's), so they are rewritten like Location (in the text, so that
      // every other byte of the page stays as sent).
      const ours = url.origin + prefix;
      const page = (await upstream.text()).replace(/("(?:next|previous)"\s*:\s*")([^"\\]*)"/g, (whole, head, link) => {
        const target = resolveUrl(link, base);
        return target?.startsWith(base) ? `${head}${ours}${target.slice(base.length)}"` : whole;
      });
      return new Response(page, { status: 200, statusText: upstream.statusText, headers: out });
    }
    return new Response(empty ? null : upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
  };
}

/** `new URL(value, base).href`, or null when it is not a URL (URL.canParse is not in Node 18). */
function resolveUrl(value, base) {
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
}

function answer(status, json, headers) {
  return new Response(JSON.stringify(json), { status, headers: { ...headers, "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** `https://host/` for `https://host`, `https://host/` and a trailing `api/v1/`, as the SDK. */
function facilitatorBase(value) {
  let url;
  try {
    url = typeof value === "string" ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new TypeError(`facilitatorUrl: must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new TypeError("facilitatorUrl: must not contain a query, fragment or credentials");
  }
  let path = url.pathname.endsWith("/") ? url.pathname : url.pathname + "/";
  if (path.endsWith("/api/v1/")) path = path.slice(0, -"api/v1/".length);
  return url.origin + path;
}

function originPolicy(value) {
  if (!Array.isArray(value)) {
    throw new TypeError("allowedOrigins: must be an array of origins such as \"https://app.example.com\" (or [\"*\"])");
  }
  const origins = new Set();
  let any = false;
  value.forEach((entry, i) => {
    if (entry === "*") {
      any = true;
      return;
    }
    let origin = null;
    try {
      origin = typeof entry === "string" ? new URL(entry).origin : null;
    } catch {
      origin = null;
    }
    if (origin === null || origin === "null" || origin !== entry.toLowerCase().replace(/\/$/, "")) {
      throw new TypeError(`allowedOrigins[${i}]: must be an origin (scheme, host and optional port, e.g. "https://app.example.com") or "*", got ${JSON.stringify(entry)}`);
    }
    origins.add(origin);
  });
  return { any, origins };
}

function mountPrefix(value) {
  if (typeof value !== "string" || !value.startsWith("/") || /[?#%\\\s]/.test(value) || value.includes("//") || /(^|\/)\.\.?(\/|$)/.test(value)) {
    throw new TypeError(`pathPrefix: must be a URL path such as "/api/ch/", got ${JSON.stringify(value)}`);
  }
  return value.endsWith("/") ? value : value + "/";
}

/**
 * Adapts a relay to Node's `http` API (and Express, Connect, Fastify's raw handlers).
 * @param {(request: Request) => Promise<Response>} relay
 */
export function toNodeHandler(relay) {
  if (typeof relay !== "function") throw new TypeError("relay: must be the function createRelay returned");
  return function nodeHandler(req, res) {
    serveNode(relay, req, res).catch((error) => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(`relay error: ${error instanceof Error ? error.message : String(error)}\n`);
      } else {
        res.destroy();
      }
    });
  };
}

async function serveNode(relay, req, res) {
  const method = (req.method ?? "GET").toUpperCase();
  const controller = new AbortController();
  let closed = false;
  const whenClosed = new Promise((resume) => res.once("close", () => {
    closed = true;
    if (!res.writableFinished) controller.abort();
    resume();
  }));

  // Express strips its mount path from req.url; originalUrl keeps what the browser asked for.
  const path = req.originalUrl ?? req.url ?? "/";
  const hostHeader = Array.isArray(req.headers.host) ? req.headers.host[0] : req.headers.host ?? req.headers[":authority"];
  const host = typeof hostHeader === "string" && /^[A-Za-z0-9.\-:[\]]+$/.test(hostHeader) ? hostHeader : "localhost";
  const scheme = req.socket?.encrypted ? "https" : "http";
  const url = `${scheme}://${host}${path.startsWith("/") ? path : "/" + path}`;

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }

  let body;
  if (method !== "GET" && method !== "HEAD") {
    if (req.readableEnded) {
      throw new Error("the request body was already read: mount the relay before body-parsing middleware (express.json() ...)");
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.length;
      if (size <= MAX_BODY_BYTES) chunks.push(bytes);
    }
    if (size > MAX_BODY_BYTES) {
      res.writeHead(413, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ detail: "Request body too large." }));
      return;
    }
    body = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.length;
    }
  }

  const response = await relay(new Request(url, { method, headers, body, signal: controller.signal }));
  const outHeaders = {};
  response.headers.forEach((value, name) => { outHeaders[name] = value; });
  res.writeHead(response.status, outHeaders);
  if (response.body !== null && method !== "HEAD") {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (closed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await Promise.race([new Promise((resume) => res.once("drain", resume)), whenClosed]);
    }
  }
  res.end();
}
