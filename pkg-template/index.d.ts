/**
 * `compute-horde-sdk`: a client of ComputeHorde (Bittensor subnet 12) for Node ≥ 18, browsers,
 * Web Workers and bundlers. The protocol work (signing, request bodies, response parsing,
 * retries) runs in Rust compiled to WebAssembly; the module is inlined, so importing the
 * package is all the set-up there is.
 *
 * ```ts
 * import { ComputeHordeClient, Keypair, ExecutorClass } from "compute-horde-sdk";
 *
 * const client = new ComputeHordeClient({
 *   hotkey: Keypair.fromUri("//Alice"),
 *   computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
 * });
 * const job = await client.createJob({
 *   executorClass: ExecutorClass.always_on__llm__a6000,
 *   jobNamespace: "SN123.0",
 *   dockerImage: "alpine",
 *   args: ["echo", "hello"],
 * });
 * await job.wait({ timeoutSec: 600 });
 * console.log(job.status, job.result?.stdout);
 * ```
 *
 * Conventions of the whole API:
 * - Every method that touches the network returns a Promise.
 * - Invalid arguments are refused before any network call with a `TypeError` (wrong type,
 *   missing value) or a `RangeError` (right type, value out of range) whose message starts
 *   with the name of the field, e.g. `"computeHordeValidatorHotkey: not a valid SS58 address"`
 *   or `"outputVolumes['/out/x']: mount path must start with '/output/'"`. Promise-returning
 *   methods reject with them; constructors and synchronous functions throw them. They also
 *   carry the field as a property, `error.field`, for forms that mark the offending input.
 *   Every argument is checked at one boundary before it reaches WebAssembly: no coercion
 *   (`compress: "true"`, a `[]` password, a `Map` as `env` and a string with a lone surrogate
 *   are `TypeError`s, not `false`, `""`, `{}` or U+FFFD), a getter or Proxy that throws while
 *   an argument is read is a `TypeError` naming that field (with the thrown value as `cause`),
 *   and bytes are read through the intrinsic `TypedArray` accessors and copied once (a lying
 *   `length` changes nothing; a shared buffer is copied, a detached one is a `TypeError`).
 * - Sizes are capped, and a longer value is a `RangeError` before any work: an SS58 address
 *   60 characters (`isValidSs58Address` just answers `false`), a secret URI, mnemonic or
 *   password 4,096, identifiers (executor class, namespace, docker image, uuids, job queue,
 *   names) 1,024, a URL 8,192, a mount path or `artifactsDir` 4,096, any other string (an arg,
 *   an env or form value, a token, a hotkey file, feedback `details` as JSON) 1 MiB, all the
 *   strings of one job spec together 32 MiB (inline volumes included), a file given to
 *   `fromFileContents` 24 MiB, an array or map 10,000 entries (`waitAll`: 100,000 jobs), and
 *   timers (`timeoutSec`, `pollIntervalSec`, `requestTimeoutSec`, retry delays) what
 *   `setTimeout` can wait: 2,147,483 s. An error message quotes at most 200 characters of a
 *   value (a mount path, a key) and never a secret, password, mnemonic or token.
 * - Methods check their receiver: calling one on another object
 *   (`Keypair.prototype.sign.call(client)`), on `Object.create(Keypair.prototype)` or on a
 *   freed object is a `TypeError` naming `this`; `new Keypair()` and `new ComputeHordeJob()`
 *   are `TypeError`s too (use the factories). `free()` twice does nothing.
 * - Everything that goes wrong on the ComputeHorde side is a {@link ComputeHordeError} (or a
 *   subclass). A fired `AbortSignal` rejects with a `DOMException` named `"AbortError"`.
 *   An error thrown by one of your callbacks or your signer (or a rejection, a throwing
 *   thenable, a non-Error value) rejects the one call that used it with a
 *   {@link ComputeHordeError} whose message starts with the callback's name (`"onStatus threw:
 *   ..."`) and whose `cause` is the value thrown; the object goes on working.
 * - Should the WebAssembly module still trap, the call throws (or rejects with) a
 *   {@link ComputeHordeError} whose message starts with `"internal error"` and whose `cause` is
 *   the `WebAssembly.RuntimeError`; please report it.
 *
 * @packageDocumentation
 */

// ───────────────────────────────────────────────────────────────────────────── JSON values ──

/** A value that JSON can represent: what the SDK hands back from facilitator responses. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

// ────────────────────────────────────────────────────────────────────────── keys & signers ──

/**
 * Anything that can sign requests to the facilitator: a {@link Keypair}, a `@polkadot/keyring`
 * sr25519 pair, the result of {@link signerFromInjected}, or your own object (e.g. backed by a
 * remote signing service).
 *
 * The SDK calls `sign` with the exact bytes to sign and expects an sr25519 signature (signing
 * context `"substrate"`) by the key of `address`.
 */
export interface Signer {
  /** The SS58 address of the signing key. A `TypeError` naming `hotkey.address` when missing or invalid. */
  readonly address: string;
  /**
   * Signs `message`. Returns (or resolves to) the 64-byte signature, as bytes or as hex with or
   * without a `0x` prefix. Anything else (another length, a look-alike `Uint8Array`, a detached
   * buffer) rejects the call with a {@link ComputeHordeError} naming `hotkey.sign`; an error
   * you throw (or a rejection) rejects it with a `ComputeHordeError` whose `cause` is your
   * error. The client stays usable: the next call signs again.
   */
  sign(message: Uint8Array): Uint8Array | string | Promise<Uint8Array | string>;
}

/** What {@link Keypair.generate} returns. */
export interface GeneratedKeypair {
  /** The new key. */
  keypair: Keypair;
  /** Its 12-word English BIP-39 mnemonic (Substrate derivation): store it to recover the key. */
  mnemonic: string;
}

/**
 * An sr25519 keypair (a Bittensor hotkey). The secret key lives in WebAssembly memory and
 * never leaves it; {@link Keypair.free} wipes it.
 *
 * A `Keypair` is a {@link Signer}: pass it as `hotkey` to {@link ComputeHordeClient}.
 * There is no public constructor: use one of the static factories.
 *
 * Error messages never repeat a secret (no seed, phrase or word of a phrase).
 */
export declare class Keypair implements Signer {
  private constructor();

  /**
   * The key of a Substrate secret URI: a dev account (`"//Alice"`), a mnemonic with a
   * derivation path (`"<phrase>//hard/soft///password"`) or a hex seed with one
   * (`"0x<64 hex digits>//x"`).
   * @param uri - The secret URI.
   * @throws `TypeError` naming `uri` when the URI is empty or malformed (e.g. the seed after
   *   `0x` is not hexadecimal).
   * @throws `RangeError` naming `uri` when a seed has the wrong length.
   */
  static fromUri(uri: string): Keypair;

  /**
   * The key of a BIP-39 English mnemonic, derived the Substrate way (as polkadot.js and
   * `btcli` do). To derive a child key, use {@link Keypair.fromUri} with `"<phrase>//path"`.
   * @param phrase - 12 to 24 words separated by spaces.
   * @param password - The optional BIP-39 password (not a derivation path).
   * @throws `TypeError` naming `mnemonic` for an unknown word (by position), a bad checksum,
   *   or a phrase that contains a derivation path (`/`).
   * @throws `RangeError` naming `mnemonic` for a wrong word count.
   */
  static fromMnemonic(phrase: string, password?: string): Keypair;

  /**
   * The key of a 32-byte mini secret (Substrate's "seed").
   * @param seed - The 32 bytes, or their hex with or without `0x`.
   * @throws `TypeError` naming `seed` when it is neither a `Uint8Array` nor a hex string.
   * @throws `RangeError` naming `seed` when it is not 32 bytes long.
   */
  static fromSeed(seed: Uint8Array | string): Keypair;

  /**
   * The key in a Bittensor hotkey file (`~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>`):
   * taken from `secretPhrase` when present, else from `privateKey`, and checked against the
   * file's `publicKey` and `ss58Address`. In Node, {@link loadBittensorHotkey} reads the file
   * for you.
   * @param hotkeyFile - The file's text, or the object it parses to.
   * @throws `TypeError` naming `hotkeyFile` when it is not a JSON object, is encrypted, holds
   *   only a public key, or its fields are malformed or disagree with each other.
   * @throws `RangeError` naming `hotkeyFile` for an unsupported `cryptoType` (only 1, sr25519)
   *   or a secret key of the wrong length.
   */
  static fromJson(hotkeyFile: string | object): Keypair;

  /**
   * A new random key (from the platform's secure random generator) and its mnemonic.
   * @returns `{ keypair, mnemonic }`.
   */
  static generate(): GeneratedKeypair;

  /** The SS58 address (network format 42, as Bittensor uses). */
  readonly ss58Address: string;

  /** The same as {@link Keypair.ss58Address}; it makes a `Keypair` a {@link Signer}. */
  readonly address: string;

  /** The 32-byte public key (a new copy on every read). */
  readonly publicKey: Uint8Array;

  /**
   * Signs a message: sr25519 with the signing context `"substrate"`, as polkadot.js and
   * Bittensor do.
   * @param message - The bytes to sign, or a string (signed as its UTF-8 bytes).
   * @returns The 64-byte signature (randomized: two signatures of one message differ).
   * @throws `TypeError` naming `message` when it is neither a `Uint8Array` nor a string.
   */
  sign(message: Uint8Array | string): Uint8Array;

  /**
   * Checks a signature by this key of `message`, or of `<Bytes>message</Bytes>` (the form
   * wallet extensions sign).
   * @param message - The signed bytes, or a string (its UTF-8 bytes).
   * @param signature - The 64-byte signature.
   * @returns `true` when the signature is valid; `false` otherwise (also for a signature of the
   *   wrong length).
   * @throws `TypeError` naming `message` when it is neither a `Uint8Array` nor a string.
   * @throws `TypeError` naming `signature` when it is not a `Uint8Array`.
   */
  verify(message: Uint8Array | string, signature: Uint8Array): boolean;

  /**
   * Wipes the secret key from WebAssembly memory. The object is unusable afterwards (its
   * methods throw a `TypeError` naming `this`, as does a client using it as its hotkey).
   * Calling `free()` again does nothing. Optional: garbage collection frees it too, but only
   * `free()` guarantees when.
   */
  free(): void;
}

/**
 * Checks an SS58 address: well formed, a 32-byte account, and a valid checksum (any network
 * prefix). A string longer than 60 characters is `false` at once (no address is that long).
 * @param address - The address to check.
 * @returns `true` when `address` is a valid SS58 address.
 * @throws `TypeError` naming `address` when it is not a string.
 */
export declare function isValidSs58Address(address: string): boolean;

/** The argument of {@link InjectedSigner.signRaw}. */
export interface SignRawPayload {
  /** The SS58 address that should sign. */
  address: string;
  /** The message as `0x`-prefixed hex. */
  data: string;
  /** Always `"bytes"`: the extension signs `<Bytes>data</Bytes>`. */
  type: "bytes";
}

/**
 * The signing half of a polkadot{.js}-style browser wallet extension: `injected.signer` from
 * `@polkadot/extension-dapp`'s `web3FromAddress(address)` (Talisman, SubWallet and
 * polkadot{.js} all provide it).
 */
export interface InjectedSigner {
  /** Signs `<Bytes>data</Bytes>` with the key of `address`; resolves to the signature as hex. */
  signRaw(payload: SignRawPayload): Promise<SignRawResult>;
}

/** What {@link InjectedSigner.signRaw} resolves to. */
export interface SignRawResult {
  /** The 64-byte signature as `0x`-prefixed hex. */
  signature: string;
}

/**
 * A {@link Signer} over a browser wallet extension's injected signer: the web page never sees
 * the key, and the user approves each signature in the extension. The extension signs
 * `<Bytes>message</Bytes>`, which the facilitator accepts.
 *
 * ```ts
 * const { signer } = await web3FromAddress(address);
 * const client = new ComputeHordeClient({ hotkey: signerFromInjected(signer, address), ... });
 * ```
 *
 * @param injected - The extension's signer (an object with `signRaw`).
 * @param address - The SS58 address of the account to sign with.
 * @returns A signer whose `sign` resolves to the signature as `0x` hex.
 * @throws `TypeError` naming `injected` when it has no `signRaw` method.
 * @throws `TypeError` naming `address` when it is not a valid SS58 address.
 */
export declare function signerFromInjected(injected: InjectedSigner, address: string): Signer;

/** Options of {@link loadBittensorHotkey}. */
export interface LoadBittensorHotkeyOptions {
  /**
   * The wallet's name (a directory name, no path separators).
   * @defaultValue `"default"`
   */
  wallet?: string;
  /**
   * The hotkey's name (a file name, no path separators).
   * @defaultValue `"default"`
   */
  hotkey?: string;
  /**
   * The directory of the wallets (it replaces `~/.bittensor/wallets`).
   * @defaultValue `~/.bittensor/wallets` in the user's home directory
   */
  path?: string;
}

/**
 * Node only: loads the Bittensor hotkey file `<path>/<wallet>/hotkeys/<hotkey>` (by default
 * `~/.bittensor/wallets/default/hotkeys/default`) with {@link Keypair.fromJson}.
 *
 * @param opts - Which wallet and hotkey; all optional.
 * @returns The hotkey's keypair.
 * @throws `TypeError` (rejection) naming `wallet` or `hotkey` when it is empty, `.`, `..` or
 *   contains a path separator.
 * @throws {@link ComputeHordeError} (rejection) outside Node, or when the file cannot be read (the
 *   message names the file; the `cause` is the file system error).
 * @throws `TypeError` or `RangeError` (rejection) naming `hotkeyFile` when the file is not a
 *   usable hotkey file (see {@link Keypair.fromJson}).
 */
export declare function loadBittensorHotkey(opts?: LoadBittensorHotkeyOptions): Promise<Keypair>;

// ─────────────────────────────────────────────────────────────────────────────────── enums ──

/**
 * The executor classes known to this SDK version, by a property-friendly name. Any other
 * non-empty string is passed through to the facilitator too (new classes appear without an
 * SDK release).
 */
export declare const ExecutorClass: {
  /** A 24 GB GPU started on demand (about 4 minutes of spin-up). */
  readonly spin_up_4min__gpu_24gb: "spin_up-4min.gpu-24gb";
  /** An always-on 24 GB GPU. */
  readonly always_on__gpu_24gb: "always_on.gpu-24gb";
  /** An always-on A6000 for LLM workloads. */
  readonly always_on__llm__a6000: "always_on.llm.a6000";
  /** An always-on test executor. */
  readonly always_on__test: "always_on.test";
  /** An always-on CPU executor with 8 cores and 16 GB of memory. */
  readonly always_on__cpu__8c__16gb: "always_on.cpu.8c.16gb";
};

/**
 * An executor class: one of {@link ExecutorClass}'s values, or any other string (editors still
 * suggest the known ones).
 */
export type ExecutorClass = (typeof ExecutorClass)[keyof typeof ExecutorClass] | (string & {});

/**
 * The status of a job, in the order a successful job goes through them: `sent` → `received` →
 * `accepted` → (`streaming_ready`) → `executor_ready` → `volumes_ready` → `execution_done` →
 * `completed`. The end states are `completed`, `rejected`, `failed` and `horde_failed`.
 *
 * A job's status may also be a string not listed here (a newer facilitator); such a status
 * counts as in progress.
 */
export type JobStatus =
  | "sent"
  | "received"
  | "accepted"
  | "rejected"
  | "streaming_ready"
  | "executor_ready"
  | "volumes_ready"
  | "execution_done"
  | "completed"
  | "failed"
  | "horde_failed";

/** The end states that mean the job did not succeed. */
export type FailedJobStatus = "rejected" | "failed" | "horde_failed";

/** The states a job ends in. */
export type EndJobStatus = "completed" | FailedJobStatus;

/** The job statuses by name, and what they mean. */
export declare const JobStatus: {
  /** The facilitator accepted the request and is sending it to the validator. */
  readonly SENT: "sent";
  /** The validator received the job. */
  readonly RECEIVED: "received";
  /** A miner accepted the job. */
  readonly ACCEPTED: "accepted";
  /** No miner would take the job (end state); see {@link ComputeHordeJob.error}. */
  readonly REJECTED: "rejected";
  /** A streaming job's server is ready. */
  readonly STREAMING_READY: "streaming_ready";
  /** The executor is ready. */
  readonly EXECUTOR_READY: "executor_ready";
  /** The input volumes are downloaded. */
  readonly VOLUMES_READY: "volumes_ready";
  /** The job ran; its outputs are being uploaded. */
  readonly EXECUTION_DONE: "execution_done";
  /** The job succeeded (end state); see {@link ComputeHordeJob.result}. */
  readonly COMPLETED: "completed";
  /** The job failed (end state), e.g. a non-zero exit code or a timeout; see {@link ComputeHordeJob.error}. */
  readonly FAILED: "failed";
  /** The horde could not run the job (end state), e.g. a validator or miner fault. */
  readonly HORDE_FAILED: "horde_failed";
  /**
   * `true` until a job reaches an end state; any status not known to this SDK counts as in
   * progress.
   */
  isInProgress(status: string): boolean;
  /** `true` for `"completed"` only. */
  isSuccessful(status: string): status is "completed";
  /** `true` for `"rejected"`, `"failed"` and `"horde_failed"`. */
  isFailed(status: string): status is FailedJobStatus;
  /** The end states, in a new array: `["completed", "failed", "rejected", "horde_failed"]`. */
  endStates(): EndJobStatus[];
};

// ───────────────────────────────────────────────────────────────────────────────── volumes ──

/**
 * The wire form of an {@link HTTPInputVolume}: one file downloaded into the job.
 * (The facilitator's JSON, hence the snake_case.)
 */
export interface SingleFileVolumeWire {
  /** Tells the kind of volume. */
  volume_type: "single_file";
  /** Where the file is downloaded from. */
  url: string;
  /** The mount path without its `/volume/` prefix. */
  relative_path: string;
}

/** The wire form of a {@link HuggingfaceInputVolume}. */
export interface HuggingfaceVolumeWire {
  /** Tells the kind of volume. */
  volume_type: "huggingface_volume";
  /** The repository. */
  repo_id: string;
  /** `"model"`, `"dataset"`, `"space"`, or `null` for the default. */
  repo_type: string | null;
  /** A branch, tag or commit, or `null` for the default branch. */
  revision: string | null;
  /** The mount path without its `/volume/` prefix. */
  relative_path: string;
  /** The globs of the files to download, or `null` for every file. */
  allow_patterns: string | string[] | null;
  /** A Hugging Face access token, or `null`. */
  token: string | null;
}

/** The wire form of an {@link InlineInputVolume}. */
export interface InlineVolumeWire {
  /** Tells the kind of volume. */
  volume_type: "inline";
  /** base64 of a zip archive. */
  contents: string;
  /** The mount path without its `/volume/` prefix. */
  relative_path: string;
}

/** The wire form of any input volume; `volume_type` tells which. */
export type ComputeHordeVolumeWire = SingleFileVolumeWire | HuggingfaceVolumeWire | InlineVolumeWire;

/** The wire form of an {@link HTTPOutputVolume} uploaded with POST (a form upload). */
export interface SingleFilePostUploadWire {
  /** Tells the kind of upload. */
  output_upload_type: "single_file_post";
  /** Where the file is uploaded. */
  url: string;
  /** Form fields sent with the file, or `null`. */
  form_fields: Record<string, string> | null;
  /** The mount path without its `/output/` prefix. */
  relative_path: string;
  /** Headers sent with the upload, or `null`. */
  signed_headers: Record<string, string> | null;
}

/** The wire form of an {@link HTTPOutputVolume} uploaded with PUT (a raw body). */
export interface SingleFilePutUploadWire {
  /** Tells the kind of upload. */
  output_upload_type: "single_file_put";
  /** Where the file is uploaded. */
  url: string;
  /** The mount path without its `/output/` prefix. */
  relative_path: string;
  /** Headers sent with the upload, or `null`. */
  signed_headers: Record<string, string> | null;
}

/** The wire form of an output upload; `output_upload_type` tells which. */
export type ComputeHordeOutputUploadWire = SingleFilePostUploadWire | SingleFilePutUploadWire;

/** The `kind` field that tells volume classes apart (their class name). */
export interface VolumeKind<K extends string> {
  /** The volume's class name. */
  kind: K;
}

/** Options of {@link HTTPInputVolume}. */
export interface HTTPInputVolumeOptions {
  /** Where the file is downloaded from (the executor downloads it, not the SDK). */
  url: string;
}

/**
 * One file downloaded from a URL into the job, at the volume's mount path (the mount path
 * names the file: `"/volume/model.bin"`).
 */
export declare class HTTPInputVolume {
  /**
   * @param options - `{ url }`.
   * @throws `TypeError` naming `url` when it is missing or not a string, or naming the class
   *   when `options` is not an object.
   */
  constructor(options: HTTPInputVolumeOptions);
  /** The class name; it tells volumes apart inside a job spec. */
  readonly kind: "HTTPInputVolume";
  /** Where the file is downloaded from. */
  readonly url: string;
  /**
   * The mount path without its `/volume/` prefix.
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  getVolumeRelativePath(mountPath: string): string;
  /**
   * The volume's wire form at `mountPath`, as sent to the facilitator.
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  toComputeHordeVolume(mountPath: string): SingleFileVolumeWire;
  /** `{ kind, url }`. */
  toJSON(): VolumeKind<"HTTPInputVolume"> & HTTPInputVolumeOptions;
}

/** Options of {@link HuggingfaceInputVolume}. */
export interface HuggingfaceInputVolumeOptions {
  /** The repository, e.g. `"meta-llama/Llama-3.1-8B"`. */
  repoId: string;
  /**
   * `"model"`, `"dataset"` or `"space"`.
   * @defaultValue the executor's default (`"model"`)
   */
  repoType?: string;
  /**
   * A branch, tag or commit.
   * @defaultValue the default branch
   */
  revision?: string;
  /**
   * Only the files matching this glob (or one of these globs) are downloaded.
   * @defaultValue every file
   */
  allowPatterns?: string | string[];
  /** A Hugging Face access token, for private or gated repositories. */
  token?: string;
}

/** A Hugging Face repository (or the files of it matching `allowPatterns`), downloaded into the job. */
export declare class HuggingfaceInputVolume {
  /**
   * @param options - `{ repoId, repoType?, revision?, allowPatterns?, token? }`.
   * @throws `TypeError` naming the field when `repoId` is missing, a field is not a string, or
   *   `allowPatterns` is neither a string nor an array of strings.
   */
  constructor(options: HuggingfaceInputVolumeOptions);
  /** The class name; it tells volumes apart inside a job spec. */
  readonly kind: "HuggingfaceInputVolume";
  /** The repository. */
  readonly repoId: string;
  /** The repository type, when given. */
  readonly repoType?: string;
  /** The branch, tag or commit, when given. */
  readonly revision?: string;
  /** The globs of the files to download, when given. */
  readonly allowPatterns?: string | string[];
  /** The Hugging Face access token, when given. */
  readonly token?: string;
  /**
   * The mount path without its `/volume/` prefix (`"/volume/"` itself gives `""`).
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  getVolumeRelativePath(mountPath: string): string;
  /**
   * The volume's wire form at `mountPath`, as sent to the facilitator.
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  toComputeHordeVolume(mountPath: string): HuggingfaceVolumeWire;
  /** `{ kind, repoId, ... }` (the fields that are set). */
  toJSON(): VolumeKind<"HuggingfaceInputVolume"> & HuggingfaceInputVolumeOptions;
}

/** Options of {@link InlineInputVolume}. */
export interface InlineInputVolumeOptions {
  /** base64 of a zip archive, unpacked at the mount path. */
  contents: string;
}

/** Options of {@link InlineInputVolume.fromFileContents}. */
export interface FileContentsOptions {
  /**
   * Deflate the file (otherwise it is stored).
   * @defaultValue `false`
   */
  compress?: boolean;
}

/**
 * A zip archive sent inside the job request (keep it small: it is part of the signed request
 * body), unpacked at the mount path.
 */
export declare class InlineInputVolume {
  /**
   * @param options - `{ contents }`: base64 of a zip archive.
   * @throws `TypeError` naming `contents` when it is missing or not a string.
   */
  constructor(options: InlineInputVolumeOptions);
  /**
   * A volume holding one file: a zip archive with `contents` stored as `filename`.
   * @param filename - The file's name in the archive (`/` makes sub-directories).
   * @param contents - The file's bytes, or a string (its UTF-8 bytes).
   * @param opts - `{ compress }` (default `false`).
   * @throws `RangeError` naming `filename` when it is empty or over 1,024 characters.
   * @throws `TypeError` naming `contents` when it is neither a `Uint8Array` nor a string;
   *   `RangeError` over 24 MiB.
   * @throws `TypeError` naming `compress` when it is given and not a boolean.
   */
  static fromFileContents(filename: string, contents: Uint8Array | string, opts?: FileContentsOptions): InlineInputVolume;
  /** The class name; it tells volumes apart inside a job spec. */
  readonly kind: "InlineInputVolume";
  /** base64 of the zip archive. */
  readonly contents: string;
  /**
   * The mount path without its `/volume/` prefix.
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  getVolumeRelativePath(mountPath: string): string;
  /**
   * The volume's wire form at `mountPath`, as sent to the facilitator.
   * @throws `RangeError` naming `inputVolumes['<mountPath>']` when it does not start with `/volume/`.
   */
  toComputeHordeVolume(mountPath: string): InlineVolumeWire;
  /** `{ kind, contents }`. */
  toJSON(): VolumeKind<"InlineInputVolume"> & InlineInputVolumeOptions;
}

/** Any input volume: the values of {@link ComputeHordeJobSpec.inputVolumes}. */
export type InputVolume = HTTPInputVolume | HuggingfaceInputVolume | InlineInputVolume;

/** The HTTP method of an output upload. */
export type HttpMethod = "POST" | "PUT";

/** Options of an {@link HTTPOutputVolume} uploaded with POST: a form upload (e.g. an S3 presigned POST). */
export interface HTTPPostOutputVolumeOptions {
  /** A form upload. */
  httpMethod: "POST";
  /** Where the file is uploaded. */
  url: string;
  /** Form fields sent with the file (e.g. the fields of an S3 presigned POST). */
  formFields?: Record<string, string>;
  /** Headers sent with the upload (e.g. those an S3 presigned URL was signed with). */
  signedHeaders?: Record<string, string>;
}

/** Options of an {@link HTTPOutputVolume} uploaded with PUT: the raw file as the body (e.g. an S3 presigned PUT URL). */
export interface HTTPPutOutputVolumeOptions {
  /** A raw-body upload. */
  httpMethod: "PUT";
  /** Where the file is uploaded. */
  url: string;
  /** A PUT upload has no form: only an empty object is accepted. */
  formFields?: Record<string, never>;
  /** Headers sent with the upload (e.g. those an S3 presigned URL was signed with). */
  signedHeaders?: Record<string, string>;
}

/** Options of {@link HTTPOutputVolume}; `httpMethod` tells which. */
export type HTTPOutputVolumeOptions = HTTPPostOutputVolumeOptions | HTTPPutOutputVolumeOptions;

/** The wire form of an upload, by HTTP method. */
export interface OutputUploadWireByMethod {
  /** A form upload. */
  POST: SingleFilePostUploadWire;
  /** A raw-body upload. */
  PUT: SingleFilePutUploadWire;
}

/** The wire form of an upload with method `M` (both forms when `M` is not known). */
export type OutputUploadWireOf<M extends HttpMethod> = OutputUploadWireByMethod[M];

/**
 * Where one output file of the job is uploaded, by the executor, when the job ends. The mount
 * path names the file: `"/output/result.json"`. The upload's answer comes back in
 * {@link ComputeHordeJobResult.uploadResults}.
 *
 * @typeParam M - The HTTP method, inferred from `httpMethod`.
 */
export declare class HTTPOutputVolume<M extends HttpMethod = HttpMethod> {
  /**
   * @param options - `{ httpMethod: "POST" | "PUT", url, formFields?, signedHeaders? }`.
   * @throws `TypeError` naming the field when `httpMethod` or `url` is missing, or a field has
   *   the wrong type (e.g. `formFields['key']` is not a string).
   * @throws `RangeError` naming `httpMethod` when it is not exactly `"POST"` or `"PUT"`, or
   *   naming `formFields` for a PUT upload with form fields.
   */
  constructor(options: HTTPOutputVolumeOptions & { httpMethod: M });
  /** The class name; it tells volumes apart inside a job spec. */
  readonly kind: "HTTPOutputVolume";
  /** `"POST"` (a form upload) or `"PUT"` (a raw-body upload). */
  readonly httpMethod: M;
  /** Where the file is uploaded. */
  readonly url: string;
  /** Form fields sent with the file, when given. */
  readonly formFields?: Record<string, string>;
  /** Headers sent with the upload, when given. */
  readonly signedHeaders?: Record<string, string>;
  /**
   * The mount path without its `/output/` prefix.
   * @throws `RangeError` naming `outputVolumes['<mountPath>']` unless it is `/output/` followed
   *   by a canonical relative file path (not empty; no `.`, `..` or empty components; no
   *   backslash; components of at most 255 bytes).
   */
  getVolumeRelativePath(mountPath: string): string;
  /**
   * The upload's wire form at `mountPath`, as sent to the facilitator.
   * @throws `RangeError` naming `outputVolumes['<mountPath>']` for a bad mount path (see
   *   {@link HTTPOutputVolume.getVolumeRelativePath}).
   */
  toComputeHordeOutputUpload(mountPath: string): OutputUploadWireOf<M>;
  /** `{ kind, httpMethod, url, ... }` (the fields that are set). */
  toJSON(): VolumeKind<"HTTPOutputVolume"> & HTTPOutputVolumeOptions & { httpMethod: M };
}

/** Any output volume: the values of {@link ComputeHordeJobSpec.outputVolumes}. */
export type OutputVolume = HTTPOutputVolume;

// ────────────────────────────────────────────────────────────────────────────────── client ──

/**
 * How the client retries a request that failed on the way: a connection error, a 429 or a 5xx
 * answer. A request that may have created a job (or changed state) is never repeated once it
 * may have reached the facilitator.
 */
export interface RetryOptions {
  /**
   * Attempts per request, the first included: a whole number from 1 to 100.
   * @defaultValue `5`
   */
  maxAttempts?: number;
  /**
   * The first delay between attempts, in milliseconds; each next delay doubles, with jitter.
   * @defaultValue `200`
   */
  minDelayMs?: number;
  /**
   * The longest delay between attempts (also the cap on a server's `Retry-After`), in milliseconds.
   * @defaultValue `5000`
   */
  maxDelayMs?: number;
}

/** Options of {@link ComputeHordeClient}. Every option is checked in the constructor. */
export interface ComputeHordeClientOptions {
  /**
   * Your hotkey: the key that signs requests and pays for jobs. A {@link Keypair}, or any
   * {@link Signer} (a `@polkadot/keyring` pair, {@link signerFromInjected}...).
   */
  hotkey: Keypair | Signer;
  /** The SS58 hotkey of the validator that should run your jobs. */
  computeHordeValidatorHotkey: string;
  /**
   * A name for this client's jobs (1 to 255 characters): every job it creates carries it as
   * its `tag`, and {@link ComputeHordeClient.pendingJobs} lists the unfinished ones, e.g.
   * after a process restart.
   * @defaultValue none
   */
  jobQueue?: string;
  /**
   * The facilitator's base URL (a trailing `api/v1/` is accepted and removed). Point it at a
   * relay (`compute-horde-sdk/relay`) to use the SDK from a web page.
   * @defaultValue `"https://facilitator.computehorde.io/"`
   */
  facilitatorUrl?: string;
  /**
   * How requests are authenticated: `"token"` (log in once with a signed nonce, then a bearer
   * token) or `"hotkey"` (signed headers on every request: the early-2025 facilitator and the
   * community edition).
   * @defaultValue `"token"`
   */
  auth?: "token" | "hotkey";
  /**
   * The layout of the signed fields of a created job: `"current"` (SDK 0.0.19 and later) or
   * `"legacy"` (the early-2025 facilitator; no time limits and no streaming).
   * @defaultValue `"current"` with `auth: "token"`, `"legacy"` with `auth: "hotkey"`
   */
  signatureLayout?: "current" | "legacy";
  /**
   * The fetch function to send requests with: a proxy-aware fetch, a mock in tests... It is
   * called like the global `fetch`, with the absolute URL (a string) and a `RequestInit`
   * (`method`, `headers` as a plain object, `body`, `signal`, `redirect: "manual"`), and should
   * resolve to a `Response`. Whatever it does instead (throws, rejects with a non-Error, resolves
   * to something that is not a Response, never settles and ignores its signal) rejects that one
   * call with a {@link ComputeHordeError} whose `cause` is the thrown value; the client keeps
   * working. Redirects are followed only on the facilitator's origin (307/308, or any 3xx of a
   * GET; at most 5), so signed headers never reach another origin.
   * @defaultValue the global `fetch`
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Seconds between two status polls while waiting for jobs (a positive number).
   * @defaultValue `3`
   */
  pollIntervalSec?: number;
  /** How failed requests are retried. */
  retry?: RetryOptions;
  /**
   * The time limit of each HTTP request in seconds, the whole answer included (a positive
   * number); a request over it is cancelled and fails (and may be retried), even when the
   * `fetch` in use ignores its signal. A 1 byte/s answer is cut at this limit.
   * @defaultValue `30`
   */
  requestTimeoutSec?: number;
  /**
   * The largest answer body accepted, in bytes after decompression (a whole number from 1 to
   * 2^30), counted while the body is read: a larger answer (a compression bomb included) is
   * cancelled and the call rejects with a {@link ComputeHordeError}, without keeping it in
   * memory. Not retried.
   * @defaultValue `33554432` (32 MiB: a page of 256 jobs with their output is far below it)
   */
  maxResponseBytes?: number;
}

/**
 * How {@link ComputeHordeJob.crossValidate} compares a job with its twin on the trusted miner:
 * by stdout, by artifacts, by both, or with your own function (resolving to `true` when the
 * results match). The function's error ends `crossValidate` with a {@link ComputeHordeError}
 * `"depositionComparisonMethod threw: ..."` whose `cause` is that error.
 */
export type DepositionComparisonMethod =
  | "stdout"
  | "artifacts"
  | "stdout_and_artifacts"
  | ((job: ComputeHordeJob, trusted: ComputeHordeJob) => boolean | Promise<boolean>);

/**
 * What to run: a Docker image with its arguments, environment, inputs and outputs.
 *
 * Every field is checked (naming it) before anything is sent.
 */
export interface ComputeHordeJobSpec {
  /** The kind of executor to run on, e.g. {@link ExecutorClass}`.always_on__llm__a6000`. `RangeError` when empty. */
  executorClass: ExecutorClass;
  /** Where the job comes from, e.g. `"SN123.0"` (subnet 123, version 0). `RangeError` when empty. */
  jobNamespace: string;
  /** The Docker image, e.g. `"python:3.12-slim"`. `RangeError` when empty. */
  dockerImage: string;
  /**
   * The container's arguments.
   * @defaultValue `[]`
   */
  args?: string[];
  /**
   * Environment variables (every value a string: a `TypeError` naming `env['NAME']` otherwise).
   * @defaultValue `{}`
   */
  env?: Record<string, string>;
  /**
   * An absolute directory in the container whose files come back in
   * {@link ComputeHordeJobResult.artifacts} (keep them small).
   * @defaultValue none: no artifacts
   */
  artifactsDir?: string;
  /**
   * Input volumes by mount path; every mount path starts with `/volume/`.
   * @defaultValue `{}`
   */
  inputVolumes?: Record<string, InputVolume>;
  /**
   * Output uploads by mount path: `/output/` and a relative file path.
   * @defaultValue `{}`
   */
  outputVolumes?: Record<string, OutputVolume>;
  /**
   * Seconds allowed for downloading the input volumes (a whole number, 0 or more).
   * @defaultValue `60`
   */
  downloadTimeLimitSec?: number;
  /**
   * Seconds allowed for running the container (a whole number, 0 or more).
   * @defaultValue `300`
   */
  executionTimeLimitSec?: number;
  /**
   * Seconds allowed for uploading the output volumes (a whole number, 0 or more).
   * @defaultValue `60`
   */
  uploadTimeLimitSec?: number;
  /**
   * Seconds allowed for a streaming job's server to start (a whole number, 0 or more).
   * @defaultValue `5`
   */
  streamingStartTimeLimitSec?: number;
  /**
   * Makes the job a streaming job: the PEM certificate the executor's server uses. A
   * `RangeError` with the `"legacy"` signature layout.
   * @defaultValue none: a normal job
   */
  streamingPublicKey?: string;
  /**
   * Makes the job a streaming job with a client certificate made for it in this process (a
   * fresh RSA 2048 key, self-signed: CN localhost, SAN DNS:localhost and IP:127.0.0.1, 365
   * days, SHA-256, CA:FALSE). The private key never leaves the process; use
   * {@link ComputeHordeJob.waitForStreaming}, {@link ComputeHordeJob.streamingFetch} and
   * {@link ComputeHordeJob.streamingCredentials}. Node, Deno and Bun only: in a browser
   * {@link ComputeHordeClient.createJob} rejects with a {@link ComputeHordeError} (a page cannot
   * present a client certificate). Not with `streamingPublicKey` (a `TypeError`), nor with
   * {@link ComputeHordeClient.runUntilComplete} (a `TypeError`).
   * @defaultValue `false`
   */
  streaming?: boolean;
  /**
   * Also run the same job on the validator's trusted miner, to check the result with
   * {@link ComputeHordeJob.crossValidate}. Read by {@link ComputeHordeClient.createJob} only
   * ({@link ComputeHordeClient.runUntilComplete} ignores it).
   * @defaultValue `false`
   */
  runCrossValidation?: boolean;
  /**
   * How {@link ComputeHordeJob.crossValidate} compares the two results (only read with
   * `runCrossValidation: true`).
   * @defaultValue `"stdout_and_artifacts"`
   */
  depositionComparisonMethod?: DepositionComparisonMethod;
  /**
   * The uploads of the trusted miner's twin job (only read with `runCrossValidation: true`).
   * The twin does not get `outputVolumes`: two jobs uploading to the same URLs would
   * overwrite each other.
   * @defaultValue none: the twin uploads nothing
   */
  trustedOutputVolumes?: Record<string, OutputVolume>;
}

/** Options of {@link ComputeHordeClient.createJob}. */
export interface CreateJobOptions {
  /**
   * Run the job on the validator's trusted miner (validators use this to check miners).
   * @defaultValue `false`
   */
  onTrustedMiner?: boolean;
}

/** Options of {@link ComputeHordeClient.runUntilComplete}. */
export interface RunUntilCompleteOptions {
  /**
   * Run on the validator's trusted miner.
   * @defaultValue `false`
   */
  onTrustedMiner?: boolean;
  /**
   * Jobs created at most (a whole number, 1 or more).
   * @defaultValue `3`
   */
  maxAttempts?: number;
  /**
   * The time limit of all attempts together, in seconds.
   * @defaultValue no limit
   */
  timeoutSec?: number;
  /**
   * Called with each job created, before waiting for it; waiting goes on when it returns (or
   * its promise resolves). Its error ends the run with a {@link ComputeHordeError}
   * `"jobAttemptCallback threw: ..."` whose `cause` is that error.
   */
  jobAttemptCallback?: (job: ComputeHordeJob) => void | Promise<void>;
  /** Stops waiting (rejecting with an `AbortError`) when it fires. Jobs already created keep running. */
  signal?: AbortSignal;
}

/** Options of {@link ComputeHordeClient.getJobs}. */
export interface GetJobsOptions {
  /**
   * The page, from 1 (a whole number).
   * @defaultValue `1`
   */
  page?: number;
  /**
   * Jobs per page, 1 to 256.
   * @defaultValue `10`
   */
  pageSize?: number;
}

/** Options of {@link ComputeHordeClient.getJobsPage}. */
export interface GetJobsPageOptions extends GetJobsOptions {
  /**
   * Only the jobs of this job queue (tag).
   * @defaultValue every job
   */
  jobQueue?: string;
  /**
   * Only these jobs.
   * @defaultValue every job
   */
  uuids?: string[];
}

/** One page of the job list, as {@link ComputeHordeClient.getJobsPage} returns it. */
export interface JobsPage {
  /** How many jobs match, on all pages. */
  count: number;
  /** The URL of the next page, or `null` on the last page. */
  next: string | null;
  /** The URL of the previous page, or `null` on the first page. */
  previous: string | null;
  /** This page's jobs, newest first. */
  jobs: ComputeHordeJob[];
}

/** Options of {@link ComputeHordeClient.iterJobs}. */
export interface IterJobsOptions {
  /**
   * Jobs per request, 1 to 256.
   * @defaultValue `10`
   */
  pageSize?: number;
  /**
   * Only the jobs of this job queue (tag).
   * @defaultValue every job
   */
  jobQueue?: string;
}

/** Where a streaming job's server listens: what {@link ComputeHordeJob.waitForStreaming} resolves. */
export interface StreamingServer {
  /** IP address of the executor (the IP SAN of its certificate). */
  readonly address: string;
  readonly port: number;
  /** PEM certificate the server presents; clients trust exactly this one. */
  readonly serverCert: string;
}

/**
 * Everything needed to call a streaming job's server with another HTTP client: present
 * `certificate` + `privateKey`, trust exactly `serverCert`, connect to `url`. `toJSON` and
 * Node's inspection show `privateKey` as `"[redacted]"`.
 */
export interface StreamingCredentials extends StreamingServer {
  /** The job's client certificate (PEM), as sent in the job's `streaming_details`. */
  readonly certificate: string;
  /** Its private key (PKCS#8 PEM). Made in this process; never sent anywhere. */
  readonly privateKey: string;
  /** `https://<address>:<port>/`. */
  readonly url: string;
}

/** Options of {@link ComputeHordeJob.wait} and {@link ComputeHordeClient.waitAll}. */
export interface WaitOptions {
  /**
   * Give up after this many seconds, rejecting with a {@link ComputeHordeJobTimeoutError}.
   * The job itself goes on.
   * @defaultValue no limit
   */
  timeoutSec?: number;
  /** Stops waiting (rejecting with an `AbortError`) when it fires. The job itself goes on. */
  signal?: AbortSignal;
  /**
   * Called once for every status entry of the job (the ones already known included), in
   * order; waiting goes on when it returns (or its promise resolves). An error it throws (or
   * a rejection) ends the wait with a {@link ComputeHordeError} `"onStatus threw: ..."` whose
   * `cause` is that error.
   */
  onStatus?: (job: ComputeHordeJob, entry: JobStatusEntry) => void | Promise<void>;
}

/** How correct a job's result was, for {@link ComputeHordeClient.submitFeedback}. */
export interface JobFeedback {
  /** From 0 (wrong) to 1 (correct). `RangeError` outside. */
  resultCorrectness: number;
  /** How long the job should have taken, in seconds (0 or more). */
  expectedDurationSec?: number;
}

/**
 * A client of the ComputeHorde facilitator, signing with your hotkey.
 *
 * Authentication is lazy (the first request logs in, and the client logs in again when its
 * token expires); transient failures are retried per {@link ComputeHordeClientOptions.retry}.
 */
export declare class ComputeHordeClient {
  /**
   * Checks every option; makes no network call.
   * @throws `TypeError` naming the option: `options` not an object, `hotkey` neither a
   *   `Keypair` nor a signer, `hotkey.address` or `computeHordeValidatorHotkey` not a valid SS58
   *   address, `facilitatorUrl` not an absolute http(s) URL without query or fragment, `auth` or
   *   `signatureLayout` not one of its values, `fetch` not a function, or an option of the
   *   wrong type.
   * @throws `RangeError` naming the option: `jobQueue` not 1 to 255 characters,
   *   `pollIntervalSec` or `requestTimeoutSec` not positive, `maxResponseBytes` not a whole
   *   number from 1 to 2^30, `retry.maxAttempts` not a whole number from 1 to 100, or not
   *   `0 <= retry.minDelayMs <= retry.maxDelayMs`.
   */
  constructor(options: ComputeHordeClientOptions);

  /** The job queue given at construction, if any. */
  readonly jobQueue: string | undefined;

  /** The facilitator's base URL in use, normalized (ends in `/`, without `api/v1/`). */
  readonly facilitatorUrl: string;

  /**
   * Logs in now, to fail early on a hotkey the facilitator refuses. Optional: the first
   * request logs in otherwise. Does nothing with `auth: "hotkey"`.
   * @throws {@link ComputeHordeError} when the facilitator refuses the login or cannot be reached.
   */
  authenticate(): Promise<void>;

  /**
   * Creates a job. The request is validated and signed before anything is sent, and never sent
   * twice when the facilitator may already have created the job.
   *
   * With `runCrossValidation: true` the same job is also created on the validator's trusted
   * miner (with `trustedOutputVolumes` as its uploads): see {@link ComputeHordeJob.trustedJob}
   * and {@link ComputeHordeJob.crossValidate}.
   * @param spec - What to run.
   * @param opts - `{ onTrustedMiner }`.
   * @returns The created job (status `"sent"`, usually); {@link ComputeHordeJob.wait} for its end.
   * @throws `TypeError` or `RangeError` naming the spec's field (see {@link ComputeHordeJobSpec}),
   *   or naming `onTrustedMiner` when it is combined with `runCrossValidation`.
   * @throws {@link ComputeHordeError} when the facilitator refuses the job or cannot be reached (also
   *   when the job was created but its trusted twin could not be: the message names the job).
   */
  createJob(spec: ComputeHordeJobSpec, opts?: CreateJobOptions): Promise<ComputeHordeJob>;

  /**
   * Creates the job and waits for it; when it ends in failure, creates it again, until it
   * succeeds or `maxAttempts` jobs were tried.
   * @returns The last job created: check its {@link ComputeHordeJob.status} (it is not
   *   `"completed"` when every attempt failed).
   * @throws `TypeError` or `RangeError` naming the field of the spec or of `opts`.
   * @throws {@link ComputeHordeJobTimeoutError} when `timeoutSec` passes.
   * @throws {@link ComputeHordeError} when the facilitator refuses a job or cannot be reached.
   * @throws `DOMException` named `"AbortError"` when `signal` fires.
   */
  runUntilComplete(spec: ComputeHordeJobSpec, opts?: RunUntilCompleteOptions): Promise<ComputeHordeJob>;

  /**
   * Fetches one of your jobs.
   * @param uuid - The job's UUID (the 36-character hex-and-dash form).
   * @throws `TypeError` naming `uuid` when it is not a UUID.
   * @throws {@link ComputeHordeNotFoundError} when the job does not exist or is not yours.
   */
  getJob(uuid: string): Promise<ComputeHordeJob>;

  /**
   * One page of your jobs, newest first.
   * @param opts - `{ page = 1, pageSize = 10 }`.
   * @throws `RangeError` naming `page` (below 1) or `pageSize` (not 1 to 256).
   * @throws {@link ComputeHordeNotFoundError} for a page past the last one.
   */
  getJobs(opts?: GetJobsOptions): Promise<ComputeHordeJob[]>;

  /**
   * One page of your jobs with the paging fields, optionally filtered by job queue or UUIDs.
   * @param opts - `{ page = 1, pageSize = 10, jobQueue?, uuids? }`.
   * @returns `{ count, next, previous, jobs }`.
   * @throws `RangeError` naming `page` or `pageSize`.
   * @throws `TypeError` naming `jobQueue` or `uuids[i]` when not a string.
   * @throws {@link ComputeHordeNotFoundError} for a page past the last one.
   */
  getJobsPage(opts?: GetJobsPageOptions): Promise<JobsPage>;

  /**
   * All your jobs (or those of one job queue), newest first, fetched page by page as you
   * iterate: `for await (const job of client.iterJobs()) { ... }`.
   * @param opts - `{ pageSize = 10, jobQueue? }`.
   */
  iterJobs(opts?: IterJobsOptions): AsyncIterableIterator<ComputeHordeJob>;

  /**
   * Waits until all `jobs` end, refreshing them with one list request per poll for up to 256
   * jobs (instead of one request per job). The jobs are updated in place.
   * @param jobs - Jobs of this client.
   * @param opts - `{ timeoutSec?, signal?, onStatus? }`.
   * @throws `TypeError` naming `jobs` (or `jobs[i]`) when it is not an array of jobs.
   * @throws {@link ComputeHordeJobTimeoutError} when `timeoutSec` passes (naming an unfinished job).
   * @throws `DOMException` named `"AbortError"` when `signal` fires.
   */
  waitAll(jobs: readonly ComputeHordeJob[], opts?: WaitOptions): Promise<void>;

  /**
   * The unfinished jobs of a job queue (all pages): resume waiting after a restart.
   * @param opts - `{ jobQueue }`: another queue than this client's own `jobQueue`.
   * @throws `TypeError` naming `jobQueue` when neither the client nor `opts` names one.
   */
  pendingJobs(opts?: { jobQueue?: string }): Promise<ComputeHordeJob[]>;

  /**
   * Reports a job whose result disagreed with its twin's on the trusted miner (signed by
   * your hotkey). {@link ComputeHordeJob.crossValidate} does this for you.
   * @param jobUuid - The job that cheated.
   * @param trustedJobUuid - The trusted miner's job it was compared with.
   * @param details - Anything JSON-serializable that explains the mismatch.
   * @throws `TypeError` naming `jobUuid`, `trustedJobUuid` or `details` (not JSON-serializable).
   */
  reportCheatedJob(jobUuid: string, trustedJobUuid: string, details?: unknown): Promise<void>;

  /**
   * Tells the facilitator how correct a job's result was.
   * @param jobUuid - The job.
   * @param feedback - `{ resultCorrectness: 0..1, expectedDurationSec? }`.
   * @throws `TypeError` naming `resultCorrectness` when it is missing.
   * @throws `RangeError` naming `resultCorrectness` (not from 0 to 1) or `expectedDurationSec` (negative).
   * @throws {@link ComputeHordeNotFoundError} when the job does not exist or is not yours.
   */
  submitFeedback(jobUuid: string, feedback: JobFeedback): Promise<void>;

  /**
   * Releases the client's WebAssembly memory; its methods then throw a `TypeError` naming
   * `this`. Calling `free()` again does nothing. Optional: garbage collection does it too.
   */
  free(): void;
}

// ───────────────────────────────────────────────────────────────────────────────────── job ──

/** One entry of {@link ComputeHordeJob.statusHistory}. */
export interface JobStatusEntry {
  /** The status the job entered. */
  status: JobStatus | (string & {});
  /** When it entered it. */
  createdAt: Date;
  /**
   * What the facilitator said about it (rejection and failure details, for example), as sent;
   * `null` when it sent none.
   */
  metadata: JsonObject | null;
}

/** The receipt of one output upload. */
export interface UploadResult {
  /** The upload target's response headers. */
  headers: Record<string, string>;
  /** The upload target's response body. */
  body: string;
}

/** What a job produced, once it ended. */
export interface ComputeHordeJobResult {
  /** What the container printed on its standard output. */
  stdout: string;
  /** What the container printed on its standard error. */
  stderr: string;
  /** The files of the spec's `artifactsDir`, by path, decoded. */
  artifacts: Record<string, Uint8Array>;
  /** The receipts of the output uploads, by mount path (`"/output/..."`). */
  uploadResults: Record<string, UploadResult>;
}

/** Why a job was rejected or failed. */
export interface ComputeHordeJobErrorDetails {
  /** `"rejection"` (status `rejected`), `"failure"` (`failed`) or `"horde_failure"` (`horde_failed`). */
  kind: "rejection" | "failure" | "horde_failure";
  /** Machine-readable reason, e.g. `"busy"` or `"nonzero_return_code"`. */
  reason: string;
  /** Human-readable message. */
  message: string;
  /** Who reported a horde failure (`"validator"`, `"miner"`...); absent for other kinds. */
  reportedBy?: string;
  /** Free-form details as sent; `null` when there are none. */
  context: JsonValue;
}

/** Options of {@link ComputeHordeJob.crossValidate}: those of waiting, and `report`. */
export interface CrossValidateOptions extends WaitOptions {
  /**
   * Report a mismatch with {@link ComputeHordeClient.reportCheatedJob}.
   * @defaultValue `true`
   */
  report?: boolean;
}

/** What {@link ComputeHordeJob.crossValidate} resolves to. */
export interface CrossValidationResult {
  /**
   * `true` when the job completed and its output agrees with its twin's on the trusted miner
   * (per the spec's `depositionComparisonMethod`); `false` also when the job did not complete.
   */
  matches: boolean;
  /** The job. */
  job: ComputeHordeJob;
  /** Its twin on the trusted miner. */
  trustedJob: ComputeHordeJob;
  /**
   * `true` when a mismatch was reported as cheating (only a completed job that does not match
   * is reported: failing is not cheating).
   */
  reported: boolean;
}

/**
 * A job on the facilitator and its last known state, updated by {@link ComputeHordeJob.wait},
 * {@link ComputeHordeJob.refreshFromFacilitator} and {@link ComputeHordeClient.waitAll}.
 * Obtained from the client (no public constructor).
 */
export declare class ComputeHordeJob {
  private constructor();

  /** The job's UUID. */
  readonly uuid: string;

  /** The current status: the last entry of {@link ComputeHordeJob.statusHistory}. */
  readonly status: JobStatus | (string & {});

  /** Every status the job went through, oldest first (a new array on every read). */
  readonly statusHistory: JobStatusEntry[];

  /** stdout, stderr, artifacts and upload receipts once the job has ended; `null` before. */
  readonly result: ComputeHordeJobResult | null;

  /** Why the job was rejected or failed; `null` otherwise. */
  readonly error: ComputeHordeJobErrorDetails | null;

  /** The executor class the job was created with. */
  readonly executorClass: ExecutorClass;

  /** The Docker image the job runs. */
  readonly dockerImage: string;

  /** The job's namespace, e.g. `"SN123.0"`. */
  readonly jobNamespace: string;

  /** When the job was created: an ISO 8601 timestamp, as the facilitator sent it. */
  readonly createdAt: string;

  /** The job queue (`tag`) the job was created in; `undefined` when none. */
  readonly tag: string | undefined;

  /**
   * Polls the facilitator (every `pollIntervalSec`) until the job ends; resolves whether it
   * succeeded or not (check {@link ComputeHordeJob.status}).
   * @param opts - `{ timeoutSec?, signal?, onStatus? }`.
   * @throws {@link ComputeHordeJobTimeoutError} when `timeoutSec` passes.
   * @throws `DOMException` named `"AbortError"` when `signal` fires.
   * @throws {@link ComputeHordeError} when the facilitator cannot be reached (after retries).
   */
  wait(opts?: WaitOptions): Promise<void>;

  /**
   * Fetches the job's current state once.
   * @throws {@link ComputeHordeNotFoundError} when the job no longer exists.
   * @throws {@link ComputeHordeError} when the facilitator cannot be reached.
   */
  refreshFromFacilitator(): Promise<void>;

  /**
   * The job's twin on the validator's trusted miner, for a job returned by
   * {@link ComputeHordeClient.createJob} with `runCrossValidation: true`; `undefined`
   * otherwise (also for the same job fetched again with `getJob` or listed).
   */
  readonly trustedJob: ComputeHordeJob | undefined;

  /**
   * For a job returned by {@link ComputeHordeClient.createJob} with `runCrossValidation: true`:
   * waits for it and for its twin on the trusted miner (one poll for both; `onStatus` sees
   * the entries of both), compares their outputs with the spec's
   * `depositionComparisonMethod`, and reports a mismatch with
   * {@link ComputeHordeClient.reportCheatedJob} (unless `report: false`).
   * @param opts - `{ timeoutSec?, signal?, onStatus?, report = true }`.
   * @returns `{ matches, job, trustedJob, reported }`.
   * @throws `TypeError` naming `crossValidate` when the job has no trusted twin (see
   *   {@link ComputeHordeJob.trustedJob}), or naming `depositionComparisonMethod` when a
   *   comparison function does not return a boolean.
   * @throws {@link ComputeHordeError} when the trusted job did not complete (nothing to compare
   *   with), or the facilitator cannot be reached.
   * @throws {@link ComputeHordeJobTimeoutError} when `timeoutSec` passes.
   * @throws `DOMException` named `"AbortError"` when `signal` fires.
   */
  crossValidate(opts?: CrossValidateOptions): Promise<CrossValidationResult>;

  /**
   * A streaming job's server once the job reported it (from the job's `streaming_server_*`
   * fields or its `streaming_ready` entry); `null` before that and for other jobs.
   */
  readonly streamingServer: StreamingServer | null;

  /**
   * Waits (polling like {@link ComputeHordeJob.wait}) until the job reports `streaming_ready`,
   * wherever that falls among its statuses, and resolves where its server listens. Node, Deno
   * and Bun (the streaming code is not in browser bundles).
   * @param opts - `{ timeoutSec?, signal?, onStatus? }`.
   * @throws {@link ComputeHordeError} naming the status when the job ends (failed, rejected,
   *   horde_failed, or completed) without a streaming server to call; in a browser.
   * @throws {@link ComputeHordeJobTimeoutError} when `timeoutSec` passes first.
   * @throws `DOMException` named `"AbortError"` when `signal` fires.
   */
  waitForStreaming(opts?: WaitOptions): Promise<StreamingServer>;

  /**
   * `fetch` to the job's server over mutual TLS: presents the job's client certificate and
   * trusts exactly the announced server certificate for its IP address. `path` is a path on
   * that server (`"/v1/generate?x=1"`); `init` as for `fetch` (`method`, `headers`, `body` — sent
   * buffered, `signal`). The response body streams. Node, Deno and Bun; jobs created in this
   * process with `streaming: true`.
   * @throws {@link ComputeHordeError} when the job has no client certificate here, is not
   *   streaming-ready or has ended, when the connection or TLS handshake fails (another server
   *   certificate included), and in a browser (it cannot present a client certificate).
   * @throws `TypeError` when `path` is not a path on the job's server.
   * @throws the signal's reason (an `AbortError`) when `init.signal` fires.
   */
  streamingFetch(path: string, init?: RequestInit): Promise<Response>;

  /**
   * The PEMs and address for calling the job's server with your own HTTP client (as the
   * Python SDK exposes them).
   * @throws {@link ComputeHordeError} as {@link ComputeHordeJob.streamingFetch} does.
   */
  streamingCredentials(): StreamingCredentials;

  /** The job as the facilitator last sent it (its JSON, snake_case keys). */
  toJSON(): JsonObject;

  /** Releases this object's WebAssembly memory (the job's shared state stays with other handles). Optional. */
  free(): void;
}

// ────────────────────────────────────────────────────────────────────────────────── errors ──

/** Options of {@link ComputeHordeError}'s constructor. */
export interface ComputeHordeErrorOptions {
  /** The error that caused this one. */
  cause?: unknown;
  /** The HTTP status of the response that caused the error. */
  status?: number;
  /** That response's body, truncated. */
  body?: string;
}

/**
 * Anything that went wrong on the ComputeHorde side or on the way to it: a refused request,
 * an unreachable facilitator (after retries), a malformed answer. The base class of the SDK's
 * errors; `name` is the class name.
 */
export declare class ComputeHordeError extends Error {
  constructor(message: string, options?: ComputeHordeErrorOptions);
  /** The HTTP status of the response that caused the error; `undefined` when none did. */
  status: number | undefined;
  /** That response's body, truncated; `undefined` when there was none. */
  body: string | undefined;
}

/** The facilitator answered 404: the job (or page) does not exist, or is not yours. `status` is 404. */
export declare class ComputeHordeNotFoundError extends ComputeHordeError {}

/** Options of {@link ComputeHordeJobTimeoutError}'s constructor. */
export interface ComputeHordeJobTimeoutErrorOptions extends ComputeHordeErrorOptions {
  /** The job waited for. */
  jobUuid?: string;
  /** Its status when the time ran out. */
  lastStatus?: string;
}

/**
 * Waiting for a job took longer than its `timeoutSec`. The job itself goes on; the message
 * names the job and its last status.
 */
export declare class ComputeHordeJobTimeoutError extends ComputeHordeError {
  constructor(message: string, options?: ComputeHordeJobTimeoutErrorOptions);
  /** The UUID of the job waited for. */
  jobUuid: string;
  /** The job's status when the time ran out. */
  lastStatus: JobStatus | (string & {});
}
