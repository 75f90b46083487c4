// What the facilitator signs and checks: the X-CH-* request signature (SignedFields and
// FullRequest scopes, recomputed from the parsed body as compute_horde_core does) and the
// early-2025 per-request hotkey headers (Hotkey/Nonce/Signature).
import { PyDict, PyFloat, PyInt, dumps, pyAsciiString, pyStr } from "./pyjson.js";
import { fromHex, ss58Decode, verifySr25519, xchDigest } from "./crypto.js";

const textEncoder = new TextEncoder();

export class SignatureNotFound extends Error {}
export class SignatureInvalid extends Error {}

/**
 * Reads the X-CH-* headers like `signature_from_headers`.
 * @param {Record<string, string | string[] | undefined>} headers node's lowercased headers
 * @returns {null | { signatureType: string, signatory: string, timestampNs: bigint, signature: Uint8Array, scope: "SignedFields" | "FullRequest" }}
 * @throws {SignatureNotFound} when some headers are present but unusable
 */
export function readXchHeaders(headers) {
  const get = (name) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  };
  const type = get("x-ch-signature-type");
  const signatory = get("x-ch-signatory");
  const ts = get("x-ch-timestamp-ns");
  const sig = get("x-ch-signature");
  const scope = get("x-ch-signature-scope") ?? "SignedFields";
  if (type === undefined && signatory === undefined && ts === undefined && sig === undefined) return null;
  if (type === undefined || signatory === undefined || ts === undefined || sig === undefined) {
    throw new SignatureNotFound("Signature not found in headers");
  }
  if (!/^\s*[+-]?\d+\s*$/.test(ts)) throw new SignatureNotFound("Signature not found in headers");
  if (scope !== "SignedFields" && scope !== "FullRequest") throw new SignatureNotFound("Signature not found in headers");
  // base64.b64decode (non-strict) drops characters outside the standard alphabet; a result
  // that is not 64 bytes is refused later as malformed.
  const b64 = sig.replace(/[^A-Za-z0-9+/=]/g, "");
  return {
    signatureType: type,
    signatory,
    timestampNs: BigInt(ts.trim()),
    signature: Uint8Array.from(Buffer.from(b64, "base64")),
    scope,
  };
}

function invalidBody(what) {
  return new SignatureInvalid(`Signature is invalid (request body does not validate: ${what})`);
}

// pydantic lax-mode coercions of the SignedFields model fields.
function laxStr(v, field) {
  if (typeof v !== "string") throw invalidBody(`${field} must be a string`);
  return v;
}
function laxBool(v, field) {
  if (typeof v === "boolean") return v;
  if (v instanceof PyInt && (v.text === "0" || v.text === "1")) return v.text === "1";
  if (v instanceof PyFloat && (v.value === 0 || v.value === 1)) return v.value === 1;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (["1", "on", "t", "true", "y", "yes"].includes(s)) return true;
    if (["0", "off", "f", "false", "n", "no"].includes(s)) return false;
  }
  throw invalidBody(`${field} must be a boolean`);
}
function laxInt(v, field) {
  if (v instanceof PyInt) return v;
  if (typeof v === "boolean") return new PyInt(v ? "1" : "0");
  if (v instanceof PyFloat && Number.isInteger(v.value)) return new PyInt(BigInt(v.value).toString());
  if (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v)) return new PyInt(v.trim().replace(/^\+/, ""));
  throw invalidBody(`${field} must be an integer`);
}
function strList(v, field) {
  if (!Array.isArray(v)) throw invalidBody(`${field} must be a list`);
  return v.map((x, i) => laxStr(x, `${field}[${i}]`));
}
function strDict(v, field) {
  if (!(v instanceof PyDict)) throw invalidBody(`${field} must be an object`);
  const out = new PyDict();
  for (const [k, x] of v) out.set(k, laxStr(x, `${field}.${k}`));
  return out;
}
function jsonList(v, field) {
  if (!Array.isArray(v)) throw invalidBody(`${field} must be a list`);
  return v;
}
function scalarStr(v, field) {
  const s = pyStr(v);
  if (s === null) throw invalidBody(`${field} must be a scalar`);
  return s;
}
const falsy = (v) => v === undefined || v === null || v === false || v === "" ||
  (v instanceof PyInt && v.text === "0") || (v instanceof PyFloat && v.value === 0) ||
  (Array.isArray(v) && v.length === 0) || (v instanceof PyDict && v.size === 0);

/**
 * The SignedFields JSON text of a create-job body, as
 * `SignedFields.from_facilitator_sdk_json(body).model_dump_json()` of the given generation.
 * @param {unknown} body parsed with `parseJson`
 * @param {"current" | "legacy"} layout
 * @returns {string}
 * @throws {SignatureInvalid} when the body cannot be turned into SignedFields
 */
export function signedFieldsJson(body, layout) {
  if (!(body instanceof PyDict)) throw invalidBody("not a JSON object");
  const get = (k, dflt) => (body.has(k) ? body.get(k) : dflt);
  const out = new PyDict();
  out.set("executor_class", scalarStr(get("executor_class", null), "executor_class"));
  out.set("docker_image", scalarStr(get("docker_image", ""), "docker_image"));
  if (layout === "legacy") {
    out.set("raw_script", scalarStr(get("raw_script", ""), "raw_script"));
    out.set("args", strList(get("args", []), "args"));
    out.set("env", strDict(get("env", null), "env"));
    out.set("use_gpu", laxBool(get("use_gpu", null), "use_gpu"));
    const dir = get("artifacts_dir", null);
    out.set("artifacts_dir", falsy(dir) ? "" : laxStr(dir, "artifacts_dir"));
    out.set("on_trusted_miner", laxBool(get("on_trusted_miner", false), "on_trusted_miner"));
  } else {
    out.set("args", strList(get("args", []), "args"));
    out.set("env", strDict(get("env", new PyDict()), "env"));
    out.set("use_gpu", laxBool(get("use_gpu", false), "use_gpu"));
    const dir = get("artifacts_dir", null);
    out.set("artifacts_dir", falsy(dir) ? "" : laxStr(dir, "artifacts_dir"));
    out.set("on_trusted_miner", laxBool(get("on_trusted_miner", false), "on_trusted_miner"));
    for (const f of ["download_time_limit", "execution_time_limit", "upload_time_limit", "streaming_start_time_limit"]) {
      out.set(f, laxInt(get(f, new PyInt("0")), f));
    }
    if (body.has("streaming_details")) {
      const sd = body.get("streaming_details");
      if (!(sd instanceof PyDict)) throw invalidBody("streaming_details must be an object");
      const details = new PyDict();
      details.set("public_key", laxStr(sd.get("public_key"), "streaming_details.public_key"));
      const ip = sd.has("executor_ip") ? sd.get("executor_ip") : null;
      details.set("executor_ip", ip === null ? null : laxStr(ip, "streaming_details.executor_ip"));
      out.set("streaming_details", details);
    } else {
      out.set("streaming_details", null);
    }
  }
  out.set("volumes", jsonList(get("volumes", []), "volumes"));
  out.set("uploads", jsonList(get("uploads", []), "uploads"));
  return dumps(out, { dialect: "pydantic" });
}

/** The FullRequest payload: `json.dumps(body, sort_keys=True)`. */
export function fullRequestPayload(body) {
  return dumps(body, { dialect: "python", sortKeys: true });
}

/**
 * The string that is hashed with the timestamp: the payload text JSON-encoded once more (it is a
 * Python `str`, so `hash_message_signature` runs `json.dumps` on it).
 * @param {string} payloadText
 */
export function hashInput(payloadText) {
  return pyAsciiString(payloadText);
}

/**
 * Verifies an X-CH signature against a payload text, like `BittensorWalletVerifier.verify`.
 * @param {{ signatory: string, timestampNs: bigint, signature: Uint8Array }} sig
 * @param {string} payloadText
 * @param {{ maxAgeSec: number | null, nowMs: number }} opts
 * @throws {SignatureInvalid}
 */
export function verifyXchSignature(sig, payloadText, opts) {
  const publicKey = ss58Decode(sig.signatory);
  if (!publicKey) throw new SignatureInvalid("Invalid signatory for BittensorWalletVerifier");
  if (sig.timestampNs < 0n || sig.timestampNs >= 1n << 64n) throw new SignatureInvalid("Signature is malformed");
  if (sig.signature.length !== 64) throw new SignatureInvalid("Signature is malformed");
  const digest = xchDigest(sig.timestampNs, hashInput(payloadText));
  if (!verifySr25519(digest, sig.signature, publicKey)) throw new SignatureInvalid("Signature is invalid");
  if (opts.maxAgeSec !== null) {
    const ageMs = opts.nowMs - Number(sig.timestampNs / 1_000_000n);
    if (ageMs > opts.maxAgeSec * 1000) throw new SignatureInvalid("Signature is too old");
  }
}

/**
 * The text an early-2025 client signs for hotkey-header auth, rebuilt the way the server does:
 * METHOD + absolute URL (with its query) + json.dumps({Nonce, Hotkey, Note, SubnetID, Realm}
 * minus absent ones, sort_keys=True).
 * @param {string} method
 * @param {string} absoluteUrl
 * @param {Record<string, string | string[] | undefined>} headers
 */
export function hotkeyHeadersPayload(method, absoluteUrl, headers) {
  const fields = new PyDict();
  for (const name of ["Nonce", "Hotkey", "Note", "SubnetID", "Realm"]) {
    const v = headers[name.toLowerCase()];
    if (v !== undefined) fields.set(name, Array.isArray(v) ? v.join(", ") : v);
  }
  return `${method.toUpperCase()}${absoluteUrl}${dumps(fields, { dialect: "python", sortKeys: true })}`;
}

/** Verifies the hex `Signature` header over the hotkey-header payload. */
export function verifyHotkeyHeaders(hotkey, signatureHex, payload) {
  const publicKey = ss58Decode(hotkey);
  const signature = fromHex(signatureHex);
  if (!publicKey || !signature) return false;
  return verifySr25519(textEncoder.encode(payload), signature, publicKey);
}
