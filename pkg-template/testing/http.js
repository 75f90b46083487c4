// Small HTTP details the facilitator's stack (Django + DRF + django-cors-headers) gets right and
// clients notice: Python-style query strings in pagination links, CORS answers, fault bodies.
import { compareCodePoints } from "./pyjson.js";

/** Percent-decodes like `urllib.parse.unquote_plus` (bad escapes kept, bad UTF-8 replaced). */
function unquotePlus(s) {
  const bytes = [];
  const text = s.replace(/\+/g, " ");
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const cp = text.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length - 1;
    }
  }
  return new TextDecoder("utf-8").decode(Uint8Array.from(bytes));
}

/** `urllib.parse.quote_plus`: only letters, digits and "_.-~" stay as they are. */
export function quotePlus(s) {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * `urllib.parse.parse_qs(query, keep_blank_values=True)`: keys in first-seen order, each with
 * all its values.
 * @param {string} query without the "?"
 * @returns {Map<string, string[]>}
 */
export function parseQs(query) {
  const out = new Map();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = unquotePlus(eq < 0 ? part : part.slice(0, eq));
    const value = unquotePlus(eq < 0 ? "" : part.slice(eq + 1));
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(value);
  }
  return out;
}

/** `urlencode(sorted(query.items()), doseq=True)`, as DRF's replace_query_param writes it. */
function encodeSorted(query) {
  const keys = [...query.keys()].sort(compareCodePoints);
  return keys.flatMap((k) => query.get(k).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join("&");
}

/**
 * DRF's `replace_query_param` (value given) or `remove_query_param` (value null).
 * @param {string} absoluteUrl
 * @param {string} key
 * @param {string | null} value
 */
export function withQueryParam(absoluteUrl, key, value) {
  const q = absoluteUrl.indexOf("?");
  const base = q < 0 ? absoluteUrl : absoluteUrl.slice(0, q);
  const query = parseQs(q < 0 ? "" : absoluteUrl.slice(q + 1));
  if (value === null) query.delete(key);
  else query.set(key, [value]);
  const encoded = encodeSorted(query);
  return encoded ? `${base}?${encoded}` : base;
}

/** django-cors-headers' default CORS_ALLOW_HEADERS and CORS_ALLOW_METHODS. */
export const DJANGO_CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with"];
export const CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];

/**
 * The CORS headers of a response.
 * @param {{ origin: string | undefined, preflight: boolean, requestHeaders: string | undefined }} req
 * @param {{ strict: boolean, allowedOrigins: string[] }} policy
 * @returns {{ headers: Record<string, string>, refused: boolean }} refused: a browser would block it
 */
export function corsHeaders(req, policy) {
  const headers = {};
  if (!policy.strict) {
    if (!req.origin) return { headers, refused: false };
    headers["Access-Control-Allow-Origin"] = req.origin;
    headers["Vary"] = "Origin";
    headers["Access-Control-Expose-Headers"] = "*";
    if (req.preflight) {
      headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS.join(", ");
      headers["Access-Control-Allow-Headers"] = req.requestHeaders || DJANGO_CORS_ALLOW_HEADERS.join(", ");
      headers["Access-Control-Max-Age"] = "86400";
    }
    return { headers, refused: false };
  }
  headers["Vary"] = "origin";
  if (!req.origin) return { headers, refused: false };
  if (!policy.allowedOrigins.includes(req.origin)) return { headers, refused: true };
  headers["Access-Control-Allow-Origin"] = req.origin;
  let refused = false;
  if (req.preflight) {
    headers["Access-Control-Allow-Headers"] = DJANGO_CORS_ALLOW_HEADERS.join(", ");
    headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS.join(", ");
    headers["Access-Control-Max-Age"] = "86400";
    const asked = (req.requestHeaders ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
    refused = asked.some((h) => !DJANGO_CORS_ALLOW_HEADERS.includes(h));
  }
  return { headers, refused };
}

/** Django's production 404 page. */
export const DJANGO_NOT_FOUND_HTML = '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

/** What a failing facilitator answers for each injected 5xx/429 fault. */
export const FAULT_RESPONSES = {
  429: { contentType: "application/json", body: '{"detail":"Request was throttled."}', headers: { "Retry-After": "1" } },
  500: { contentType: "text/html; charset=utf-8", body: "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n", headers: {} },
  502: { contentType: "text/html", body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", headers: {} },
  503: { contentType: "text/plain", body: "Service Unavailable", headers: {} },
};

/** mulberry32: a tiny seeded PRNG so fault sequences are reproducible. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
