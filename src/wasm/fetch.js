// The one HTTP exchange of the client, in JS so that a request costs a single JS↔wasm crossing
// each way (headers, body and every check happen on this side), and so that nothing the host's
// `fetch` does can escape: whatever it throws, returns or never returns, `exchange` resolves
// (never rejects) with an outcome object that src/wasm/platform.rs reads.
//
//   { status, body, retryAfter }            an HTTP answer, body fully read as text
//   { error, message, code?, cause? }       no usable answer; `error` is one of
//       "notSent"   fetch could not even start (no fetch, a synchronous throw)
//       "failed"    the request may have reached the server (network error, bad Response...)
//       "aborted"   the caller's AbortSignal fired
//       "timeout"   no full answer within timeoutMs (the timer wins even if fetch ignores its signal)
//       "tooLarge"  the body grew past maxBytes (counted after decompression, while reading)
//       "redirect"  a redirect the client will not follow (another origin, a loop, a browser's
//                   opaque redirect): signed headers never leave the facilitator's origin

const MAX_REDIRECTS = 5;
const QUOTE_CHARS = 200;

/**
 * @param {Function | undefined} fetchFn  the injected fetch, or undefined for the global one
 * @param {string} headerText  "Name: value" lines joined by "\n" (values never contain CR/LF)
 */
export function exchange(fetchFn, url, method, headerText, body, signal, timeoutMs, maxBytes) {
  if (signal?.aborted) return Promise.resolve({ error: "aborted", message: "aborted" });
  return new Promise((resolve) => {
    const call = new Call(resolve, signal, timeoutMs);
    settle(call, run(fetchFn, url, method, headerText, body, call.controller.signal, maxBytes));
  });
}

/** One request's cancellation state: a class, and a timer that gets the call as its argument,
 * so that the usual request (a timeout, no AbortSignal) allocates no closures. */
class Call {
  constructor(resolve, signal, timeoutMs) {
    this.resolve = resolve;
    this.signal = signal;
    this.timeoutMs = timeoutMs;
    this.controller = new AbortController();
    this.settled = false;
    this.timer = timeoutMs > 0 ? setTimeout(onTimeout, timeoutMs, this) : undefined;
    // A function listener (not `handleEvent`): AbortSignal polyfills may take only functions.
    this.onAbort = signal ? () => this.finish({ error: "aborted", message: "aborted" }) : undefined;
    if (signal) signal.addEventListener("abort", this.onAbort);
  }
  finish(outcome) {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.signal) this.signal.removeEventListener("abort", this.onAbort);
    if (outcome.error !== undefined) this.controller.abort();
    this.resolve(outcome);
  }
}

function onTimeout(call) {
  call.finish({ error: "timeout", message: `no answer within ${call.timeoutMs / 1000} s` });
}

async function settle(call, running) {
  let outcome;
  try {
    outcome = await running;
  } catch (thrown) {
    outcome = { error: "failed", message: describe(thrown), cause: thrown };
  }
  call.finish(outcome);
}

async function run(fetchFn, url, method, headerText, body, signal, maxBytes) {
  const fetcher = fetchFn ?? globalThis.fetch;
  if (typeof fetcher !== "function") return { error: "notSent", message: "no global fetch: pass the `fetch` option" };
  // The global fetch only reads `headers`: the object of the last header text is reused (the
  // auth headers of GETs repeat); an injected fetch gets an object of its own to do with as it likes.
  const headers = fetchFn === undefined ? sharedHeaders(headerText) : parseHeaders(headerText);
  const init = { method, headers, signal, redirect: "manual" };
  if (body !== undefined) init.body = body;
  let current = url;
  for (let hop = 0; ; hop++) {
    let pending;
    try {
      pending = fetcher(current, init);
    } catch (thrown) {
      return { error: "notSent", message: describe(thrown), cause: thrown };
    }
    let response;
    try {
      response = await pending;
    } catch (thrown) {
      return { error: "failed", message: describe(thrown), code: errorCode(thrown), cause: thrown };
    }
    if (response === null || typeof response !== "object") {
      return { error: "failed", message: `fetch resolved to ${describe(response)}, not a Response` };
    }
    const status = response.status;
    if (response.type === "opaqueredirect") {
      return { error: "redirect", message: "the facilitator answered with a redirect, which is not followed (signed requests stay on the facilitator's origin)" };
    }
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      return { error: "failed", message: `fetch resolved to a Response with status ${describe(status)}` };
    }
    if (status >= 300 && status < 400 && status !== 304) {
      const location = header(response, "location");
      if (location !== null) {
        discard(response);
        const next = redirectTarget(current, location, status, method);
        if (typeof next !== "string") return next;
        if (hop + 1 >= MAX_REDIRECTS) return { error: "redirect", message: `more than ${MAX_REDIRECTS} redirects` };
        current = next;
        continue;
      }
    }
    const text = await readText(response, maxBytes);
    if (typeof text !== "string") return text;
    // Retry-After matters only where the client may retry an answer (src/client/retry.rs).
    return { status, body: text, retryAfter: status === 429 || status >= 500 ? header(response, "retry-after") : null };
  }
}

function parseHeaders(text) {
  const headers = {};
  if (text.length > 0) {
    for (const line of text.split("\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon)] = line.slice(colon + 2);
    }
  }
  return headers;
}

let lastHeaderText = null;
let lastHeaders = null;
function sharedHeaders(text) {
  if (text !== lastHeaderText) {
    lastHeaders = Object.freeze(parseHeaders(text));
    lastHeaderText = text;
  }
  return lastHeaders;
}

/** Where a redirect may be followed: the same origin only, and only when it keeps the method
 * and body (307/308, or any 3xx of a GET). Anything else is an outcome to report. */
function redirectTarget(from, location, status, method) {
  let target;
  try {
    target = new URL(location, from);
  } catch {
    return { error: "redirect", message: `a redirect to an invalid location ${quote(location)}` };
  }
  const origin = new URL(from).origin;
  if (target.origin !== origin) {
    return { error: "redirect", message: `a redirect to another origin (${quote(target.origin)}) is not followed: signed requests stay on ${origin}` };
  }
  if (method !== "GET" && status !== 307 && status !== 308) {
    return { error: "redirect", message: `an HTTP ${status} redirect of a ${method} is not followed (it would drop the body)` };
  }
  return target.href;
}

/** The whole body as text, counting bytes as they arrive (fetch has already decompressed
 * them, so a compressed bomb is cut as it inflates). */
async function readText(response, maxBytes) {
  const length = header(response, "content-length");
  // Fast path: an uncompressed body of announced, acceptable length. An HTTP stack reads no
  // more than Content-Length, so text() is bounded too. (Content-Encoding and the body stream
  // are looked at only when they decide something: each getter costs on every request.)
  const announced = length !== null && /^\d{1,15}$/.test(length.trim()) ? Number(length) : null;
  if (announced !== null && announced > maxBytes) return tooLarge(maxBytes);
  let plain = false;
  if (announced !== null) {
    const encoding = header(response, "content-encoding");
    plain = encoding === null || encoding.trim().toLowerCase() === "identity";
  }
  const stream = plain ? null : response.body;
  if (plain || stream === null || stream === undefined || typeof stream.getReader !== "function") {
    if (typeof response.text !== "function") return { error: "failed", message: "fetch resolved to something that is not a Response (no text())" };
    let text;
    try {
      text = await response.text();
    } catch (thrown) {
      return { error: "failed", message: `reading the body failed: ${describe(thrown)}`, code: errorCode(thrown), cause: thrown };
    }
    if (typeof text !== "string") return { error: "failed", message: `the Response's text() resolved to ${describe(text)}, not a string` };
    // A JS string has at most as many UTF-16 units as its UTF-8 bytes.
    if (text.length > maxBytes) return tooLarge(maxBytes);
    return text;
  }
  let reader;
  const chunks = [];
  let total = 0;
  try {
    reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) return { error: "failed", message: "the Response body yielded something that is not bytes" };
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (thrown) {
    return { error: "failed", message: `reading the body failed: ${describe(thrown)}`, code: errorCode(thrown), cause: thrown };
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

const decoder = new TextDecoder();

function tooLarge(maxBytes) {
  return { error: "tooLarge", message: `the answer is larger than maxResponseBytes (${maxBytes} bytes)` };
}

/** A response header, or null (also when `headers` is not a real Headers object). */
function header(response, name) {
  try {
    const value = response.headers.get(name);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function discard(response) {
  try {
    response.body?.cancel?.().catch(() => {});
  } catch {
    // a fake body: nothing to release
  }
}

/** Node's fetch (undici) says why a connection failed in `error.cause.code`. */
function errorCode(thrown) {
  try {
    const code = thrown?.cause?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

/** A short description of any thrown or returned value; never throws. */
function describe(value) {
  try {
    if (value instanceof Error || (value !== null && typeof value === "object" && typeof value.message === "string")) {
      return quote(`${value.name ?? "Error"}: ${value.message}`);
    }
    if (typeof value === "string") return `the string ${JSON.stringify(quote(value))}`;
    if (value === null || value === undefined) return String(value);
    if (typeof value === "object") return `an object (${quote(Object.prototype.toString.call(value))})`;
    return `a ${typeof value} (${quote(String(value))})`;
  } catch {
    return `a ${typeof value} that cannot be described`;
  }
}

function quote(text) {
  const s = String(text);
  return s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}…` : s;
}

/**
 * A promise that resolves after `ms` or as soon as `signal` fires, with `cancel()` to clear
 * its timer and listener early (platform.rs calls it when the sleep is dropped, e.g. a race
 * it lost: a forgotten long timer would keep Node running).
 */
export function sleep(ms, signal) {
  let timer;
  let onAbort;
  const promise = new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(Math.max(ms, 0), 2_147_483_647));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  promise.cancel = () => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  };
  return promise;
}
