// JSON the way the facilitator's Python sees it. The signed payloads are recomputed from the
// request body on the server, so the simulator must parse like `json.loads` (keeping int vs
// float, big ints and dict insertion order, which JS objects lose) and print like
// `json.dumps` (Python float repr, ensure_ascii, ", " / ": " separators) or like pydantic's
// compact `model_dump_json` (raw non-ASCII, ryu float spelling).

/** An ordered JSON object: a Map keeps insertion order and, on a duplicate key, the first
 *  position with the last value — exactly Python's dict under `json.loads`. */
export class PyDict extends Map {}

/** A JSON integer (Python `int`, arbitrary precision), kept as its canonical decimal text. */
export class PyInt {
  /** @param {string} text */
  constructor(text) {
    const negative = text.startsWith("-");
    const digits = (negative ? text.slice(1) : text).replace(/^0+(?=\d)/, "");
    this.text = negative && digits !== "0" ? `-${digits}` : digits;
  }
  toNumber() { return Number(this.text); }
}

/** A JSON number written with a fraction or exponent (Python `float`). */
export class PyFloat {
  /** @param {number} value */
  constructor(value) { this.value = value; }
  toNumber() { return this.value; }
}

export class JsonParseError extends Error {}

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const SHORT_ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Parses JSON text as Python's `json.loads` does (strict: raw control characters in strings are
 * refused). NaN/Infinity are refused too, as DRF's strict parser does.
 * @param {string} text
 */
export function parseJson(text) {
  let pos = 0;
  const fail = (msg) => { throw new JsonParseError(`${msg}: char ${pos}`); };
  const skipWs = () => { while (pos < text.length && WS.has(text[pos])) pos++; };

  const parseString = () => {
    pos++; // opening quote
    let out = "";
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail("Unterminated string starting at");
      const c = text[pos];
      if (c === '"') { out += text.slice(chunkStart, pos); pos++; return out; }
      if (c < " ") fail("Invalid control character at");
      if (c !== "\\") { pos++; continue; }
      out += text.slice(chunkStart, pos);
      const e = text[pos + 1];
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\uXXXX escape");
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (e !== undefined && Object.hasOwn(SHORT_ESCAPES, e)) {
        out += SHORT_ESCAPES[e];
        pos += 2;
      } else {
        fail("Invalid \\escape");
      }
      chunkStart = pos;
    }
  };

  const parseValue = (depth) => {
    if (depth > 1000) fail("Nesting too deep");
    skipWs();
    const c = text[pos];
    if (c === '"') return parseString();
    if (c === "{") {
      pos++;
      const obj = new PyDict();
      skipWs();
      if (text[pos] === "}") { pos++; return obj; }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail("Expecting property name enclosed in double quotes");
        const key = parseString();
        skipWs();
        if (text[pos] !== ":") fail("Expecting ':' delimiter");
        pos++;
        obj.set(key, parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") { pos++; continue; }
        if (text[pos] === "}") { pos++; return obj; }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === "[") {
      pos++;
      const arr = [];
      skipWs();
      if (text[pos] === "]") { pos++; return arr; }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") { pos++; continue; }
        if (text[pos] === "]") { pos++; return arr; }
        fail("Expecting ',' delimiter");
      }
    }
    if (text.startsWith("true", pos)) { pos += 4; return true; }
    if (text.startsWith("false", pos)) { pos += 5; return false; }
    if (text.startsWith("null", pos)) { pos += 4; return null; }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) {
      pos += m[0].length;
      return m[1] !== undefined || m[2] !== undefined ? new PyFloat(Number(m[0])) : new PyInt(m[0]);
    }
    fail("Expecting value");
  };

  const value = parseValue(0);
  skipWs();
  if (pos !== text.length) fail("Extra data");
  return value;
}

/**
 * Converts a parsed tree into plain JS values (objects, numbers) for storage and checks.
 * @param {unknown} v
 * @returns {unknown}
 */
export function toPlain(v) {
  if (v instanceof PyDict) {
    const out = {};
    for (const [k, val] of v) {
      Object.defineProperty(out, k, { value: toPlain(val), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof PyInt || v instanceof PyFloat) return v.toNumber();
  return v;
}

/** Shortest round-trip digits of a finite non-zero |x| and the position of the decimal point
 *  relative to them (value = 0.DIGITS × 10^point). */
function shortestDigits(x) {
  const [mantissa, exp] = Math.abs(x).toExponential().split("e");
  return { digits: mantissa.replace(".", ""), point: Number(exp) + 1 };
}

/** Python's `repr(float)`, which is what `json.dumps` writes (1e-07, 1.0, 1e+21). */
export function pyFloatRepr(x) {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, point } = shortestDigits(x);
  if (point <= -4 || point > 16) {
    const exp = point - 1;
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expText = String(Math.abs(exp)).padStart(2, "0");
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${expText}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point < digits.length) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
}

/** The float spelling of ryu / serde_json, which pydantic-core uses for JSON values
 *  (1e-7, 1.0, 1e21); pydantic writes non-finite floats as null. */
export function ryuFloat(x) {
  if (!Number.isFinite(x)) return "null";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, point } = shortestDigits(x);
  const length = digits.length;
  const k = point - length;
  if (k >= 0 && point <= 16) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (point > 0 && point <= 16) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  if (point > -5 && point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  const mant = length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mant}e${point - 1}`;
}

/** A JSON string literal with Python's `ensure_ascii=True` escaping: every code unit outside
 *  space..'~' (so DEL too) becomes a lowercase \uXXXX, astral characters a surrogate pair. */
export function pyAsciiString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

/** Compares strings by Unicode code point, as Python's `sorted` does (JS `<` compares UTF-16
 *  code units, which orders astral characters before U+E000..U+FFFF). */
export function compareCodePoints(a, b) {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0) - y.value.codePointAt(0);
    if (d !== 0) return d;
  }
}

function entriesOf(v) {
  if (v instanceof Map) return [...v.entries()];
  return Object.entries(v);
}

/**
 * Serializes a value in one of the three JSON dialects the protocol mixes.
 * - "python": `json.dumps(v, sort_keys=...)` with default separators and ensure_ascii.
 * - "pydantic": pydantic's compact `model_dump_json` (no spaces, raw UTF-8, ryu floats).
 * - "drf": DRF's JSONRenderer (compact, raw UTF-8, Python float repr).
 * @param {unknown} v
 * @param {{ dialect: "python" | "pydantic" | "drf", sortKeys?: boolean }} opts
 */
export function dumps(v, opts) {
  const { dialect, sortKeys = false } = opts;
  const python = dialect === "python";
  const itemSep = python ? ", " : ",";
  const keySep = python ? ": " : ":";
  const str = python ? pyAsciiString : (s) => JSON.stringify(s);
  const float = dialect === "pydantic" ? ryuFloat : pyFloatRepr;
  const walk = (x) => {
    if (x === null || x === undefined) return "null";
    if (x === true) return "true";
    if (x === false) return "false";
    if (typeof x === "string") return str(x);
    if (x instanceof PyInt) return x.text;
    if (x instanceof PyFloat) return float(x.value);
    if (typeof x === "bigint") return x.toString();
    if (typeof x === "number") return Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? String(x) : float(x);
    if (Array.isArray(x)) return `[${x.map(walk).join(itemSep)}]`;
    if (typeof x === "object") {
      let entries = entriesOf(x);
      if (sortKeys) entries = entries.sort((a, b) => compareCodePoints(a[0], b[0]));
      return `{${entries.map(([k, val]) => `${str(k)}${keySep}${walk(val)}`).join(itemSep)}}`;
    }
    throw new TypeError(`cannot serialize ${typeof x}`);
  };
  return walk(v);
}

/** Python's `str()` of a scalar JSON value (what `str(data.get(...))` yields server-side). */
export function pyStr(v) {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (v instanceof PyInt) return v.text;
  if (v instanceof PyFloat) {
    if (Number.isNaN(v.value)) return "nan";
    if (!Number.isFinite(v.value)) return v.value > 0 ? "inf" : "-inf";
    return pyFloatRepr(v.value);
  }
  return null; // containers: Python would print a repr no client ever signs
}
