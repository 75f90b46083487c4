// The facilitator's cryptography, re-implemented independently of the SDK's Rust/wasm code:
// SS58 decoding, sr25519 verification (bare or <Bytes>-wrapped, like bittensor_wallet), the
// X-CH digest, Django's TimestampSigner nonces and PyJWT-compatible HS256 tokens.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { blake2b } from "@noble/hashes/blake2.js";
import { verify as sr25519Verify } from "@scure/sr25519";

const B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const B58_INDEX = new Map([...B58_ALPHABET].map((c, i) => [c, i]));
const SS58_PREFIX = new TextEncoder().encode("SS58PRE");
const textEncoder = new TextEncoder();

/** @param {string} s @returns {Uint8Array | null} */
function base58Decode(s) {
  if (s.length === 0) return null;
  const bytes = [0];
  for (const c of s) {
    const digit = B58_INDEX.get(c);
    if (digit === undefined) return null;
    let carry = digit;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) { bytes.push(carry & 0xff); carry >>= 8; }
  }
  let zeros = 0;
  while (zeros < s.length && s[zeros] === "1") zeros++;
  const out = bytes.reverse();
  while (out.length > 0 && out[0] === 0) out.shift();
  return Uint8Array.from([...new Array(zeros).fill(0), ...out]);
}

/**
 * Decodes an SS58 address to its 32-byte public key, checking the blake2b checksum. Any network
 * prefix is accepted, as bittensor_wallet's `Keypair(ss58_address=...)` does.
 * @param {unknown} address
 * @returns {Uint8Array | null} the public key, or null when the address is invalid
 */
export function ss58Decode(address) {
  if (typeof address !== "string") return null;
  const raw = base58Decode(address);
  if (!raw || raw.length < 35) return null;
  const prefixLen = raw[0] < 64 ? 1 : raw[0] < 128 ? 2 : 0;
  if (prefixLen === 0 || raw.length !== prefixLen + 32 + 2) return null;
  const body = raw.subarray(0, prefixLen + 32);
  const hash = blake2b(new Uint8Array([...SS58_PREFIX, ...body]), { dkLen: 64 });
  if (hash[0] !== raw[prefixLen + 32] || hash[1] !== raw[prefixLen + 33]) return null;
  return raw.slice(prefixLen, prefixLen + 32);
}

const WRAP_PREFIX = textEncoder.encode("<Bytes>");
const WRAP_SUFFIX = textEncoder.encode("</Bytes>");

function verifyOnce(message, signature, publicKey) {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

/**
 * sr25519 verification (context "substrate") as bittensor_wallet's `Keypair.verify`: a signature
 * over the bare message or over `<Bytes>` + message + `</Bytes>` (wallet extensions) is valid.
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 * @param {Uint8Array} publicKey
 */
export function verifySr25519(message, signature, publicKey) {
  if (!(signature instanceof Uint8Array) || signature.length !== 64 || publicKey.length !== 32) return false;
  if (verifyOnce(message, signature, publicKey)) return true;
  const wrapped = new Uint8Array(WRAP_PREFIX.length + message.length + WRAP_SUFFIX.length);
  wrapped.set(WRAP_PREFIX, 0);
  wrapped.set(message, WRAP_PREFIX.length);
  wrapped.set(WRAP_SUFFIX, WRAP_PREFIX.length + message.length);
  return verifyOnce(wrapped, signature, publicKey);
}

/**
 * The X-CH signing digest: blake2b-512(8-byte big-endian timestamp_ns ++ UTF-8 payload).
 * @param {bigint} timestampNs
 * @param {string} payload
 */
export function xchDigest(timestampNs, payload) {
  const ts = new Uint8Array(8);
  new DataView(ts.buffer).setBigUint64(0, timestampNs, false);
  const body = textEncoder.encode(payload);
  const input = new Uint8Array(8 + body.length);
  input.set(ts, 0);
  input.set(body, 8);
  return blake2b(input, { dkLen: 64 });
}

/** Python's `bytes.fromhex` (whitespace between bytes allowed, no 0x). */
export function fromHex(s) {
  if (typeof s !== "string") return null;
  const compact = s.replace(/[ \t\n\r\f\v]/g, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) return null;
  return Uint8Array.from(Buffer.from(compact, "hex"));
}

const B62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Django's `signing.b62_encode`. */
export function b62Encode(n) {
  if (n === 0) return "0";
  const sign = n < 0 ? "-" : "";
  let v = Math.abs(n);
  let out = "";
  while (v > 0) { out = B62_ALPHABET[v % 62] + out; v = Math.floor(v / 62); }
  return sign + out;
}

/** Django's `signing.b62_decode`; NaN on a foreign character. */
export function b62Decode(s) {
  if (s === "0") return 0;
  const negative = s.startsWith("-");
  let n = 0;
  for (const c of negative ? s.slice(1) : s) {
    const d = B62_ALPHABET.indexOf(c);
    if (d < 0) return NaN;
    n = n * 62 + d;
  }
  return negative ? -n : n;
}

const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** Django's TimestampSigner (salt "django.core.signing.TimestampSigner", SHA-256). */
export class TimestampSigner {
  /** @param {string} secretKey */
  constructor(secretKey) {
    this.key = createHash("sha256").update(`django.core.signing.TimestampSignersigner${secretKey}`).digest();
  }
  /** @param {string} value */
  signature(value) {
    return b64url(createHmac("sha256", this.key).update(value).digest());
  }
  /** @param {string} value @param {number} unixSec */
  sign(value, unixSec) {
    const stamped = `${value}:${b62Encode(Math.floor(unixSec))}`;
    return `${stamped}:${this.signature(stamped)}`;
  }
  /**
   * @param {string} signed
   * @returns {{ value: string, timestamp: number } | null} null when the HMAC does not match
   */
  unsign(signed) {
    const sigAt = signed.lastIndexOf(":");
    if (sigAt < 0) return null;
    const stamped = signed.slice(0, sigAt);
    const expected = Buffer.from(this.signature(stamped));
    const given = Buffer.from(signed.slice(sigAt + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const tsAt = stamped.lastIndexOf(":");
    if (tsAt < 0) return null;
    const timestamp = b62Decode(stamped.slice(tsAt + 1));
    if (!Number.isFinite(timestamp)) return null;
    return { value: stamped.slice(0, tsAt), timestamp };
  }
}

/** HS256 JWT exactly as PyJWT writes it (compact JSON, claims in insertion order). */
export function jwtEncode(payload, secret) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = b64url(createHmac("sha256", secret).update(`${header}.${body}`).digest());
  return `${header}.${body}.${sig}`;
}

/**
 * Verifies an HS256 JWT like PyJWT's `jwt.decode(token, secret, algorithms=["HS256"])`.
 * @param {string} token
 * @param {string} secret
 * @param {number} nowSec
 * @returns {{ ok: true, payload: Record<string, unknown> } | { ok: false, error: "decode" | "expired" }}
 */
export function jwtDecode(token, secret, nowSec) {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, error: "decode" };
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, error: "decode" };
  }
  if (!header || header.alg !== "HS256" || !payload || typeof payload !== "object") return { ok: false, error: "decode" };
  const expected = Buffer.from(createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest("base64url"));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, error: "decode" };
  if (typeof payload.exp === "number" && payload.exp <= nowSec) return { ok: false, error: "expired" };
  return { ok: true, payload };
}
