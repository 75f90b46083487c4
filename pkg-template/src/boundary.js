// The one boundary between the caller's JS values and the wasm module.
//
// wasm-bindgen's glue trusts what it is given: a number where Rust takes a string traps, a
// lying `length` is believed, a Proxy or getter that throws unwinds through wasm frames and
// leaves Rust borrows set, and a method called on the wrong object uses that object's memory.
// So every value is read here first, once, through code the caller cannot hook: each field
// is read in a try (a throwing getter or Proxy becomes a TypeError naming the field), checked
// for type and size, and copied into a fresh plain value; bytes are copied through the
// intrinsic TypedArray accessors; callbacks are wrapped so that their failure rejects the one
// call with a ComputeHordeError carrying `cause`; and every method checks its receiver
// against a registry of the genuine objects the wasm module made. Rust then checks the
// values' meaning (SS58, URLs, ranges) with the same `field` names.
import { ComputeHordeError, rangeError, typeError } from "./errors.js";

/** The caps (documented in index.d.ts and the README). Longer values are a RangeError before any work. */
export const LIMITS = Object.freeze({
  /** An SS58 address (Bittensor's are 48 characters; the longest format is 50). */
  ss58Chars: 60,
  /** A secret URI, mnemonic or mnemonic password. */
  secretChars: 4096,
  /** Identifiers: executor class, namespace, docker image, uuids, job queue, header names... */
  nameChars: 1024,
  /** A URL. */
  urlChars: 8192,
  /** A mount path or the artifacts directory. */
  pathChars: 4096,
  /** One free-form text: an arg, an env or form value, a token, a hotkey file, feedback details. */
  textChars: 1 << 20,
  /** All strings of one job spec together, inline volumes included (and one inline volume). */
  specChars: 32 << 20,
  /** A file given to `InlineInputVolume.fromFileContents` (its base64 must fit in a spec). */
  fileBytes: 24 << 20,
  /** Entries of one array or map (args, env, volumes, uuids). */
  items: 10_000,
  /** Jobs given to one `waitAll`. */
  waitAllJobs: 100_000,
  /** A timer (timeouts, poll interval, retry delays): what `setTimeout` can wait, in seconds. */
  timerSec: 2_147_483,
  /** Characters of a value quoted in an error message (mount paths, env names). */
  quoteChars: 200,
});

// ---------------------------------------------------------------------------------------------
// Errors

export { typeError, rangeError };

/** At most LIMITS.quoteChars characters of `text`, as a JS single-quoted literal's body. */
export function quote(text) {
  const cut = text.length > LIMITS.quoteChars ? text.slice(0, LIMITS.quoteChars) + "…" : text;
  return cut.replace(/[\\'\n\r\t]|[\u0000-\u001f\u007f-\u009f]/g, (c) => ({ "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]
    ?? `\\u{${c.codePointAt(0).toString(16)}}`);
}

/** What a thrown value says, without running more of its code than a getter read in a try. */
function describeThrown(value) {
  try {
    if (value instanceof Error) return String(value.message).slice(0, LIMITS.quoteChars);
    if (typeof value === "string") return value.slice(0, LIMITS.quoteChars);
    return `a non-Error value (${kindOf(value)})`;
  } catch {
    return `a value that cannot be described (${typeof value})`;
  }
}

/** A failing callback or signer: the one call that used it rejects with this. */
export function callbackError(field, cause) {
  const error = new ComputeHordeError(`${field} threw: ${describeThrown(cause)}`, { cause });
  // `throw undefined` too: `cause` says what was thrown, whatever it was.
  if (!Object.hasOwn(error, "cause")) Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true });
  return error;
}

function kindOf(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  try {
    if (Array.isArray(value)) return "an array";
  } catch {
    return "a revoked Proxy";
  }
  return ArrayBuffer.isView(value) ? "a typed array" : "an object";
}

// ---------------------------------------------------------------------------------------------
// Reading values

/** `object[key]`, with a throwing getter or Proxy trap turned into a TypeError naming `field`. */
export function read(object, key, field) {
  try {
    return object[key];
  } catch (cause) {
    throw typeError(field, "cannot be read (a getter or Proxy threw)", cause);
  }
}

const absent = (value) => value === undefined || value === null;
const isObject = (value) => (typeof value === "object" && value !== null) || typeof value === "function";
// String.prototype.isWellFormed where the engine has it (Node 20+, browsers since 2023).
const isWellFormed = String.prototype.isWellFormed ?? function () {
  for (let i = 0; i < this.length; i++) {
    const unit = this.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return false;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = this.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
};

/** A string of at most `max` characters (absent stays absent: Rust says what is required). */
export function string(value, field, max) {
  if (absent(value)) return value;
  if (typeof value !== "string") throw typeError(field, `must be a string, not ${kindOf(value)}`);
  if (value.length > max) throw rangeError(field, `must be at most ${max} characters (this one has ${value.length})`);
  // Lone surrogates would silently become U+FFFD on their way into wasm.
  if (!isWellFormed.call(value)) throw typeError(field, "must be well-formed Unicode (it has a lone surrogate)");
  return value;
}

/** A number; Rust checks its range (finite, whole, ...). */
export function number(value, field) {
  if (absent(value)) return value;
  if (typeof value !== "number") throw typeError(field, `must be a number, not ${kindOf(value)}`);
  return value;
}

/** A duration that a timer will wait: finite, 0 or more, at most LIMITS.timerSec seconds. */
export function timer(value, field, unit = "s") {
  if (absent(number(value, field))) return value;
  const max = unit === "ms" ? LIMITS.timerSec * 1000 : LIMITS.timerSec;
  if (!(value >= 0 && value <= max)) throw rangeError(field, `must be a number of ${unit === "ms" ? "milliseconds" : "seconds"} from 0 to ${max}`);
  return value;
}

export function boolean(value, field) {
  if (absent(value)) return value;
  if (typeof value !== "boolean") throw typeError(field, `must be a boolean, not ${kindOf(value)}`);
  return value;
}

export function func(value, field) {
  if (absent(value)) return value;
  if (typeof value !== "function") throw typeError(field, `must be a function, not ${kindOf(value)}`);
  return value;
}

/** An options object: absent gives `{}`. */
export function options(value, field = "options") {
  if (absent(value)) return {};
  if (!isObject(value)) throw typeError(field, `must be an object, not ${kindOf(value)}`);
  return value;
}

// The intrinsic accessors, taken before any caller code runs: a subclass, an own `length` or a
// patched prototype cannot change what they report.
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const typedArrayByteLength = Object.getOwnPropertyDescriptor(TypedArrayPrototype, "byteLength").get;
const typedArraySet = TypedArrayPrototype.set;
const isView = ArrayBuffer.isView;
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
/** Without `instanceof`, which runs a Proxy's getPrototypeOf trap. */
function isArrayBuffer(value) {
  try {
    arrayBufferByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}

/** A Uint8Array (a Node Buffer is one) as a fresh copy of its bytes, or undefined if not one. */
function uint8Copy(value, field, max) {
  if (!isView(value) || typedArrayTag.call(value) !== "Uint8Array") return undefined;
  const length = typedArrayByteLength.call(value);
  if (length > max) throw rangeError(field, `must be at most ${max} bytes (this one has ${length})`);
  const copy = new Uint8Array(length);
  try {
    typedArraySet.call(copy, value);
  } catch (cause) {
    throw typeError(field, "cannot be read: its ArrayBuffer is detached or out of bounds", cause);
  }
  return copy;
}

/** Bytes: a Uint8Array, copied once (shared buffers included, detached ones refused). */
export function bytes(value, field, max = Infinity) {
  const copy = uint8Copy(value, field, max);
  if (copy === undefined) throw typeError(field, `must be a Uint8Array, not ${kindOf(value)}`);
  return copy;
}

/** Bytes or a string (read as UTF-8). */
export function bytesOrString(value, field, max = Infinity) {
  if (typeof value === "string") return string(value, field, max);
  const copy = uint8Copy(value, field, max);
  if (copy === undefined) throw typeError(field, `must be a Uint8Array or a string, not ${kindOf(value)}`);
  return copy;
}

/** An array's items, each through `item(value, field)`; at most `max` of them. */
export function list(value, field, item, max = LIMITS.items) {
  if (absent(value)) return value;
  let isArray;
  try {
    isArray = Array.isArray(value);
  } catch (cause) {
    throw typeError(field, "cannot be read (a revoked Proxy)", cause);
  }
  if (!isArray) throw typeError(field, `must be an array, not ${kindOf(value)}`);
  const length = read(value, "length", field);
  if (!Number.isSafeInteger(length) || length < 0) throw typeError(field, "must be an array (its length is not a whole number)");
  if (length > max) throw rangeError(field, `must have at most ${max} items (this one has ${length})`);
  const out = new Array(length);
  for (let i = 0; i < length; i++) {
    const itemField = `${field}[${i}]`;
    const value_ = read(value, i, itemField);
    if (absent(value_)) throw typeError(itemField, `is required (no holes, undefined or null in ${field})`);
    out[i] = item(value_, itemField);
  }
  return out;
}

/** Whether `value` is a plain object (`{...}` or `Object.create(null)`), a Proxy of one included. */
function isPlainObject(value, field) {
  if (typeof value !== "object" || value === null) return false;
  try {
    const prototype = Object.getPrototypeOf(value);
    return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
  } catch (cause) {
    throw typeError(field, "cannot be read (a Proxy threw)", cause);
  }
}

/**
 * A map's (env, volumes, form fields) own enumerable entries, in order, keys at most `keyMax`
 * long. It must be a plain object: a Map, a Date or an ArrayBuffer would silently read as empty.
 */
export function entries(value, field, keyMax = LIMITS.nameChars, max = LIMITS.items) {
  if (absent(value)) return [];
  // Checked before Object.keys, which would list every index of an array or typed array.
  if (!isPlainObject(value, field)) throw typeError(field, `must be a plain object, not ${kindOf(value)}`);
  let keys;
  try {
    keys = Object.keys(value);
  } catch (cause) {
    throw typeError(field, "cannot be read (a Proxy threw)", cause);
  }
  if (keys.length > max) throw rangeError(field, `must have at most ${max} entries (this one has ${keys.length})`);
  return keys.map((key) => {
    const name = `${field}['${quote(key)}']`;
    if (key.length > keyMax) throw rangeError(name, `the key must be at most ${keyMax} characters (this one has ${key.length})`);
    if (!isWellFormed.call(key)) throw typeError(name, "the key must be well-formed Unicode (it has a lone surrogate)");
    return [key, read(value, key, name), name];
  });
}

/** A null-prototype map of strings (env, form fields, headers), values at most `max` long. */
function stringMap(value, field, max) {
  if (absent(value)) return value;
  const out = Object.create(null); // a key `__proto__` stays a key
  for (const [key, item, name] of entries(value, field)) out[key] = string(item, name, max) ?? item;
  return out;
}

/**
 * A snapshot of an options object: the fields named in `checks` read once (inherited ones too)
 * and passed through their check (which may return a replacement); the other own enumerable
 * fields as they are, so that options this module does not know yet still reach Rust.
 */
function snapshot(value, field, checks, prefix = "") {
  const object = options(value, field);
  const out = Object.create(null); // a key `__proto__` stays a key
  let keys;
  try {
    keys = Object.keys(object);
  } catch (cause) {
    throw typeError(field, "cannot be read (a Proxy threw)", cause);
  }
  if (keys.length > LIMITS.items) throw rangeError(field, `must have at most ${LIMITS.items} fields`);
  for (const key of keys) {
    if (Object.hasOwn(checks, key)) continue;
    const item = read(object, key, prefix + key);
    if (item !== undefined) out[key] = item;
  }
  for (const [key, check] of Object.entries(checks)) {
    const item = check(read(object, key, prefix + key), prefix + key);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Callbacks

/** `fn` such that its throw, or its promise's rejection, is a ComputeHordeError with `cause`. */
export function callback(fn, field) {
  if (absent(func(fn, field))) return fn;
  return function contained(...args) {
    let returned;
    try {
      returned = fn.apply(this, args);
    } catch (cause) {
      throw callbackError(field, cause);
    }
    // Awaited here so that a hostile thenable runs its code inside this try, not in Rust's await.
    return (async () => {
      try {
        return await returned;
      } catch (cause) {
        throw callbackError(field, cause);
      }
    })();
  };
}

/** 64 signature bytes from what a signer returned (bytes or 0x hex), else a ComputeHordeError. */
function signatureOf(returned) {
  if (typeof returned === "string" && returned.length <= 132 && /^(0x)?[0-9a-fA-F]{128}$/.test(returned)) return returned;
  const copy = (() => {
    try {
      return uint8Copy(returned, "hotkey.sign", 64);
    } catch {
      return undefined;
    }
  })();
  if (copy !== undefined && copy.length === 64) return copy;
  throw new ComputeHordeError(`hotkey.sign must return a 64-byte Uint8Array or its 0x hex; it returned ${kindOf(returned)}`);
}

/**
 * The client's `hotkey`: a genuine Keypair as it is, anything else as a signer whose `address`
 * is read once and whose `sign` is contained.
 */
function signer(value) {
  if (isGenuine(value, classes.Keypair)) return value;
  if (!isObject(value)) throw typeError("hotkey", "must be a Keypair or a signer with sign(message) and address");
  const sign = read(value, "sign", "hotkey.sign");
  if (typeof sign !== "function") throw typeError("hotkey", "must be a Keypair or a signer with sign(message) and address");
  const address = string(read(value, "address", "hotkey.address") ?? read(value, "ss58Address", "hotkey.ss58Address"), "hotkey.address", LIMITS.ss58Chars);
  return {
    address,
    async sign(message) {
      let returned;
      try {
        returned = await sign.call(value, message);
      } catch (cause) {
        throw callbackError("hotkey.sign", cause);
      }
      return signatureOf(returned);
    },
  };
}

// An AbortSignal's intrinsic `aborted` getter throws for anything that is not a real one.
const abortedGetter = typeof AbortSignal === "function" ? Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")?.get : undefined;
function abortSignal(value, field) {
  if (absent(value)) return value;
  try {
    abortedGetter.call(value);
  } catch (cause) {
    throw typeError(field, `must be an AbortSignal, not ${kindOf(value)}`, cause);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The API's arguments

const ss58 = (value, field) => string(value, field, LIMITS.ss58Chars);
const name = (value, field) => string(value, field, LIMITS.nameChars);
const url = (value, field) => string(value, field, LIMITS.urlChars);
const text = (value, field) => string(value, field, LIMITS.textChars);

/** A mount path argument (`getVolumeRelativePath`, `toComputeHordeVolume`). */
export function mountPath(value, field = "mountPath") {
  if (absent(value)) throw typeError(field, "is required (a string)");
  return string(value, field, LIMITS.pathChars);
}

/**
 * Counts the characters of a spec's strings against LIMITS.specChars. It is given checked
 * copies only (strings, and the arrays and null-prototype maps made above), so walking them
 * runs no caller code.
 */
function budget() {
  let used = 0;
  const count = (value) => {
    if (typeof value === "string") {
      used += value.length;
      if (used > LIMITS.specChars) throw rangeError("spec", `must total at most ${LIMITS.specChars} characters of strings`);
    } else if (Array.isArray(value)) {
      value.forEach(count);
    } else if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) count(key), count(value[key]);
    }
    return value;
  };
  return count;
}

const VOLUME_FIELDS = {
  HTTPInputVolume: { url },
  HuggingfaceInputVolume: {
    repoId: name, repoType: name, revision: name, token: text,
    allowPatterns: (value, field) => (typeof value === "string" ? text(value, field) : list(value, field, text)),
  },
  InlineInputVolume: { contents: (value, field) => string(value, field, LIMITS.specChars) },
  HTTPOutputVolume: {
    httpMethod: name, url,
    formFields: (value, field) => stringMap(value, field, LIMITS.textChars),
    signedHeaders: (value, field) => stringMap(value, field, LIMITS.textChars),
  },
};
export const VOLUME_KINDS = Object.keys(VOLUME_FIELDS);

/** A volume's options as a plain object of its own fields (errors under `prefix.` if given). */
export function volumeOptions(kind, value, prefix, count = (v) => v) {
  const fields = VOLUME_FIELDS[kind];
  const object = options(value, prefix ?? "options");
  const out = Object.create(null); // a key `__proto__` stays a key
  for (const [key, check] of Object.entries(fields)) {
    const field = prefix === undefined ? key : `${prefix}.${key}`;
    const item = check(read(object, key, field), field);
    if (item !== undefined) out[key] = count(item);
  }
  return out;
}

function specVolumes(value, field, count) {
  if (absent(value)) return value;
  const out = Object.create(null); // a key `__proto__` stays a key
  for (const [mount, volume, volumeField] of entries(value, field, LIMITS.pathChars)) {
    const kind = isObject(volume) ? read(volume, "kind", volumeField) : undefined;
    if (!VOLUME_KINDS.includes(kind)) {
      throw typeError(volumeField, "must be an HTTPInputVolume, HuggingfaceInputVolume, InlineInputVolume or HTTPOutputVolume");
    }
    out[count(mount)] = { kind, ...volumeOptions(kind, volume, volumeField, count) };
  }
  return out;
}

/** A ComputeHordeJobSpec as a plain object of checked values (fields it does not know as given). */
export function jobSpec(value) {
  if (!isObject(value)) throw typeError("spec", `must be a ComputeHordeJobSpec object, not ${kindOf(value)}`);
  const count = budget();
  const str = (max) => (item, field) => count(string(item, field, max));
  return snapshot(value, "spec", {
    executorClass: str(LIMITS.nameChars), jobNamespace: str(LIMITS.nameChars), dockerImage: str(LIMITS.nameChars),
    artifactsDir: str(LIMITS.pathChars), streamingPublicKey: str(LIMITS.textChars),
    downloadTimeLimitSec: number, executionTimeLimitSec: number, uploadTimeLimitSec: number, streamingStartTimeLimitSec: number,
    args: (item, field) => list(item, field, str(LIMITS.textChars)),
    env: (item, field) => count(stringMap(item, field, LIMITS.textChars)),
    inputVolumes: (item, field) => specVolumes(item, field, count),
    outputVolumes: (item, field) => specVolumes(item, field, count),
    trustedOutputVolumes: (item, field) => specVolumes(item, field, count),
    runCrossValidation: boolean,
    depositionComparisonMethod: (item, field) => (typeof item === "string" ? name(item, field) : callback(item, field)),
  });
}

export function clientOptions(value) {
  if (!isObject(value)) throw typeError("options", "must be an object with hotkey and computeHordeValidatorHotkey");
  return snapshot(value, "options", {
    hotkey: signer,
    computeHordeValidatorHotkey: ss58,
    jobQueue: name, facilitatorUrl: url, auth: name, signatureLayout: name,
    pollIntervalSec: timer, requestTimeoutSec: timer,
    retry: (item) => snapshot(item, "retry", { maxAttempts: number, minDelayMs: (v, f) => timer(v, f, "ms"), maxDelayMs: (v, f) => timer(v, f, "ms") }, "retry."),
    fetch: func,
  });
}

const WAIT_OPTIONS = { timeoutSec: timer, signal: abortSignal, onStatus: callback };
export const waitOptions = (value) => snapshot(value, "options", WAIT_OPTIONS);

/** Per method: its arguments, checked and copied (for the methods whose arguments cross). */
const ARGUMENTS = {
  Keypair: {
    fromUri: (uri) => [string(uri, "uri", LIMITS.secretChars)],
    fromMnemonic: (phrase, password) => [string(phrase, "mnemonic", LIMITS.secretChars), string(password, "password", LIMITS.secretChars)],
    fromSeed: (seed) => [typeof seed === "string" ? string(seed, "seed", 200) : bytes(seed, "seed", 1024)],
    fromJson: (file) => [hotkeyFile(file)],
    sign: (message) => [bytesOrString(message, "message")],
    verify: (message, signature) => [bytesOrString(message, "message"), bytes(signature, "signature", 1024)],
  },
  ComputeHordeClient: {
    createJob: (spec, opts) => [jobSpec(spec), snapshot(opts, "options", { onTrustedMiner: boolean })],
    runUntilComplete: (spec, opts) => [jobSpec(spec), snapshot(opts, "options", {
      maxAttempts: number, onTrustedMiner: boolean, timeoutSec: timer, signal: abortSignal, jobAttemptCallback: callback,
    })],
    getJob: (uuid) => [name(uuid, "uuid")],
    getJobs: (opts) => [snapshot(opts, "options", { page: number, pageSize: number })],
    getJobsPage: (opts) => [snapshot(opts, "options", {
      page: number, pageSize: number, jobQueue: name, uuids: (item, field) => list(item, field, name),
    })],
    waitAll: (jobs, opts) => [list(jobs, "jobs", job, LIMITS.waitAllJobs) ?? jobs, waitOptions(opts)],
    pendingJobs: (opts) => [snapshot(opts, "options", { jobQueue: name })],
    reportCheatedJob: (jobUuid, trustedJobUuid, details) => [name(jobUuid, "jobUuid"), name(trustedJobUuid, "trustedJobUuid"), json(details, "details")],
    submitFeedback: (jobUuid, feedback) => [name(jobUuid, "jobUuid"), snapshot(feedback, "feedback", { resultCorrectness: number, expectedDurationSec: number })],
    iterJobs: (opts) => [snapshot(opts, "options", { pageSize: number, jobQueue: name })],
  },
  ComputeHordeJob: {
    wait: (opts) => [waitOptions(opts)],
    crossValidate: (opts) => [snapshot(opts, "options", { ...WAIT_OPTIONS, report: boolean })],
  },
};

/** Methods that return a Promise: their argument errors reject rather than throw. */
const ASYNC = new Set([
  "authenticate", "createJob", "runUntilComplete", "getJob", "getJobs", "getJobsPage", "waitAll", "pendingJobs",
  "reportCheatedJob", "submitFeedback", "wait", "refreshFromFacilitator", "crossValidate",
  "waitForStreaming", "streamingFetch",
]);

function job(value, field) {
  if (!isGenuine(value, classes.ComputeHordeJob)) throw typeError(field, "must be a ComputeHordeJob (and not freed)");
  return value;
}

/** A JSON value through JSON.stringify in a try (cycles, BigInt, throwing getters), capped. */
function json(value, field, max = LIMITS.textChars) {
  if (value === undefined) return value;
  // JSON.stringify would spell out a typed array index by index.
  if (isView(value) || isArrayBuffer(value)) throw typeError(field, `must be JSON-serializable, not ${kindOf(value)}`);
  let encoded;
  try {
    encoded = JSON.stringify(value);
  } catch (cause) {
    throw typeError(field, "must be JSON-serializable", cause);
  }
  if (typeof encoded !== "string") throw typeError(field, "must be JSON-serializable");
  if (encoded.length > max) throw rangeError(field, `must be at most ${max} characters as JSON`);
  return JSON.parse(encoded);
}

function hotkeyFile(value) {
  if (typeof value === "string") return string(value, "hotkeyFile", LIMITS.textChars);
  if (!isPlainObject(value, "hotkeyFile")) throw typeError("hotkeyFile", `must be a JSON string or an object, not ${kindOf(value)}`);
  return JSON.stringify(json(value, "hotkeyFile"));
}

/** `isValidSs58Address`: a string, and nothing longer than an address is decoded. */
export function ss58Argument(address) {
  if (typeof address !== "string") throw typeError("address", `must be a string, not ${kindOf(address)}`);
  return address.length <= LIMITS.ss58Chars && isWellFormed.call(address);
}

// ---------------------------------------------------------------------------------------------
// Receivers: the genuine objects of the wasm classes

// Each genuine object with its class and the pointer wasm-bindgen gave it. A method checks both:
// the object must be in this map (not a look-alike, not `Object.create(Class.prototype)`, not an
// object of another class) and still hold that pointer as a plain data property (not freed,
// not tampered with). The map is private to this module.
const genuine = new WeakMap();
const classes = {};
// The public names (a bundler may rename the classes themselves, e.g. to `_Keypair`).
const names = new Map();
const nameOf = (Class) => names.get(Class) ?? Class.name;
// The exported facades (Proxies of the classes) → the classes.
const rawClasses = new WeakMap();
// What guardWasmApi returned (signerFromInjected checks addresses with it).
const api = {};

function isGenuine(value, Class) {
  const entry = genuine.get(value);
  if (entry === undefined || entry.Class !== Class) return false;
  const slot = Reflect.getOwnPropertyDescriptor(value, "__wbg_ptr");
  return slot !== undefined && "value" in slot && slot.value === entry.ptr && entry.ptr !== 0;
}

function register(instance, Class) {
  const slot = Reflect.getOwnPropertyDescriptor(instance, "__wbg_ptr");
  genuine.set(instance, { Class, ptr: slot?.value });
  return instance;
}

function receiver(self, Class, method) {
  if (isGenuine(self, Class)) return;
  const entry = genuine.get(self);
  const name = nameOf(Class);
  throw typeError("this", entry?.Class === Class ? `${name}.${method}: this ${name} was freed` : `${name}.${method} must be called on a ${name}`);
}

/**
 * A trap (or wasm-bindgen's own aliasing errors) as a ComputeHordeError "internal error". What
 * this cannot undo: a trap skips Rust's epilogues, so a borrow of the object it happened in
 * stays taken (its `free()` then fails) and a few bytes of the wasm stack stay used.
 */
function contain(error) {
  let internal;
  try {
    internal = error instanceof WebAssembly.RuntimeError
      || (error instanceof Error && /null pointer passed to rust|recursive use of an object|attempted to take ownership/.test(error.message));
  } catch {
    internal = false;
  }
  if (!internal) return error;
  return new ComputeHordeError(`internal error in the wasm module: ${describeThrown(error)} (please report it)`, { cause: error });
}

function call(fn, self, args, async) {
  try {
    const result = fn.apply(self, args);
    return async ? result.catch((error) => { throw contain(error); }) : result;
  } catch (error) {
    if (async) return Promise.reject(contain(error));
    throw contain(error);
  }
}

function guardMethod(Class, key, fn, isStatic) {
  const method = typeof key === "symbol" ? key.description : key;
  const check = ARGUMENTS[nameOf(Class)]?.[method] ?? ((...args) => args);
  const async = ASYNC.has(method);
  const isFree = key === "free" || key === Symbol.dispose;
  return {
    [method](...args) {
      try {
        if (!isStatic) {
          if (isFree && genuine.get(this)?.Class === Class && !isGenuine(this, Class)) return undefined; // freeing twice does nothing
          receiver(this, Class, method);
          // wasm-bindgen's free() zeroes the pointer first; on a frozen object that assignment
          // would throw half-way (nothing freed). The garbage collector still frees it.
          if (isFree && !Reflect.getOwnPropertyDescriptor(this, "__wbg_ptr").writable) {
            throw typeError("this", `${nameOf(Class)}.${method}: this ${nameOf(Class)} is frozen, so it cannot be freed now (garbage collection will free it)`);
          }
        }
        args = check(...args);
      } catch (error) {
        if (async) return Promise.reject(error);
        throw error;
      }
      return call(fn, this, args, async);
    },
  }[method];
}

function guardAccessor(Class, key, get) {
  return function () {
    receiver(this, Class, String(key));
    return call(get, this, [], false);
  };
}

/** Puts the receiver and argument checks on every method and getter of `Class` (and statics). */
function guardClass(Class) {
  for (const [target, isStatic] of [[Class.prototype, false], [Class, true]]) {
    for (const key of Reflect.ownKeys(target)) {
      if (key === "constructor" || key === "prototype" || key === "length" || key === "name" || key === "__wrap" || key === "__unwrap") continue;
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (typeof descriptor.value === "function") {
        descriptor.value = guardMethod(Class, key, descriptor.value, isStatic);
      } else if (descriptor.get && !isStatic) {
        descriptor.get = guardAccessor(Class, key, descriptor.get);
      } else {
        continue;
      }
      Object.defineProperty(target, key, descriptor);
    }
  }
  // Objects the module makes (Keypair.fromUri, jobs) come through `__wrap`: register them.
  const wrap = Class.__wrap;
  if (typeof wrap === "function") Class.__wrap = function (ptr) { return register(wrap.call(this, ptr), Class); };
}

/** Guards the wasm classes and functions once; returns what the package exports in their place. */
export function guardWasmApi({ Keypair, ComputeHordeClient, ComputeHordeJob, isValidSs58Address: isValidRaw }) {
  // Once per module instance: entries that share this module share the guarded classes.
  if (classes.Keypair === Keypair) return api;
  Object.assign(classes, { Keypair, ComputeHordeClient, ComputeHordeJob });
  for (const [name, Class] of Object.entries(classes)) {
    names.set(Class, name);
    Object.defineProperty(Class, "name", { value: name });
  }
  for (const Class of [Keypair, ComputeHordeClient, ComputeHordeJob]) guardClass(Class);
  const noNew = (Class, how) => new Proxy(Class, {
    construct() { throw typeError(nameOf(Class), `cannot be constructed with new: ${how}`); },
  });
  Object.assign(api, {
    Keypair: noNew(Keypair, "use Keypair.fromUri, fromMnemonic, fromSeed, fromJson or generate"),
    ComputeHordeJob: noNew(ComputeHordeJob, "jobs come from a ComputeHordeClient"),
    ComputeHordeClient: new Proxy(ComputeHordeClient, {
      construct(Class, args, newTarget) {
        const checked = clientOptions(args[0]);
        return register(call(() => Reflect.construct(Class, [checked], newTarget), undefined, [], false), Class);
      },
    }),
    isValidSs58Address: function isValidSs58Address(address) {
      return ss58Argument(address) && call(isValidRaw, undefined, [address], false);
    },
  });
  for (const [name, Class] of Object.entries(classes)) rawClasses.set(api[name], Class);
  return api;
}

/** Guards a method the package adds in JS (an async generator such as `iterJobs`). */
export function guardGenerator(Facade, key) {
  const Class = rawClasses.get(Facade) ?? Facade;
  const raw = Class.prototype[key];
  const check = ARGUMENTS[nameOf(Class)]?.[key] ?? ((...args) => args);
  Object.defineProperty(Class.prototype, key, {
    value: async function* (...args) {
      receiver(this, Class, key);
      yield* raw.apply(this, check(...args));
    },
    writable: true, configurable: true,
  });
}

// ---------------------------------------------------------------------------------------------
// The JS-made parts: volume classes, JobStatus, signerFromInjected, loadBittensorHotkey

const volumes = new WeakMap();
export const registerVolume = (volume, kind) => volumes.set(volume, kind);
export function volumeReceiver(self, kind, method) {
  if (volumes.get(self) !== kind) throw typeError("this", `${kind}.${method} must be called on a ${kind}`);
}

/** `fromFileContents(filename, contents, { compress })` checked. */
export function fileContentsArguments(filename, contents, opts) {
  if (absent(filename)) throw typeError("filename", "is required (a string)");
  return [
    string(filename, "filename", LIMITS.nameChars),
    bytesOrString(contents, "contents", LIMITS.fileBytes),
    boolean(read(options(opts), "compress", "compress"), "compress") ?? false,
  ];
}

/** A JobStatus helper's argument. */
export function status(value) {
  if (typeof value !== "string") throw typeError("status", `must be a status string, not ${kindOf(value)}`);
  return value;
}

/** `signerFromInjected(injected, address)`: a signer whose signRaw is read once and contained. */
export function injectedSigner(injected, address) {
  const signRaw = isObject(injected) ? read(injected, "signRaw", "injected.signRaw") : undefined;
  if (typeof signRaw !== "function") throw typeError("injected", "must have signRaw({ address, data, type }) (a wallet extension's signer)");
  if (absent(address)) throw typeError("address", "is required (an SS58 address)");
  if (!ss58Argument(address) || !api.isValidSs58Address(address)) throw typeError("address", "must be an SS58 address");
  return {
    address,
    async sign(message) {
      const data = "0x" + Array.from(bytes(message, "message"), (b) => b.toString(16).padStart(2, "0")).join("");
      let returned;
      try {
        returned = await signRaw.call(injected, { address, data, type: "bytes" });
      } catch (cause) {
        throw callbackError("injected.signRaw", cause);
      }
      let signature;
      try {
        signature = returned.signature;
      } catch (cause) {
        throw callbackError("injected.signRaw", cause);
      }
      return signatureOf(signature);
    },
  };
}

/** `loadBittensorHotkey({ wallet, hotkey, path })` checked. */
export function hotkeyLocation(value) {
  const opts = options(value);
  const out = Object.create(null); // a key `__proto__` stays a key
  for (const key of ["wallet", "hotkey"]) {
    const item = string(read(opts, key, key), key, LIMITS.nameChars) ?? "default";
    if (item === "" || /[\\/\0]|^\.\.?$/.test(item)) throw typeError(key, "must be a wallet or hotkey name (no path separators)");
    out[key] = item;
  }
  out.path = string(read(opts, "path", "path"), "path", LIMITS.pathChars);
  return out;
}
