// The package entry: loads the wasm module (inlined, so no init call and no asset handling
// anywhere), registers the error classes with it, and adds the parts of the API that are
// JS by nature (error classes, enums, volume classes, async iteration, signer adapters).
import * as wasmClasses from "../../build/wasm/compute_horde_sdk.js";
import {
  initSync,
  __registerErrorClasses, __normalizeVolume, __volumeToWire, __volumeRelativePath, __inlineVolumeContents,
} from "../../build/wasm/compute_horde_sdk.js";
import { wasmBase64 } from "../../build/wasm/inline.js";
import { ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError } from "./errors.js";
import * as boundary from "./boundary.js";
import { installStreaming } from "./streaming-core.js";

function decodeBase64(text) {
  if (typeof Buffer === "function") return Buffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

initSync({ module: decodeBase64(wasmBase64) });
__registerErrorClasses({ ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError });
// Every argument, receiver and callback is checked there before it crosses into wasm.
const { Keypair, ComputeHordeClient, ComputeHordeJob, isValidSs58Address } = boundary.guardWasmApi(wasmClasses);
// After the guard: the streaming wrappers take `streaming` off the spec, then call the guarded methods.
installStreaming();

/** Executor classes known to this SDK version; any other string is accepted too. */
export const ExecutorClass = Object.freeze({
  spin_up_4min__gpu_24gb: "spin_up-4min.gpu-24gb",
  always_on__gpu_24gb: "always_on.gpu-24gb",
  always_on__llm__a6000: "always_on.llm.a6000",
  always_on__test: "always_on.test",
  always_on__cpu__8c__16gb: "always_on.cpu.8c.16gb",
});

const END_STATES = ["completed", "failed", "rejected", "horde_failed"];
const FAILED_STATES = ["failed", "rejected", "horde_failed"];

/** Job statuses, and what they mean. Unknown statuses count as in progress. */
export const JobStatus = Object.freeze({
  SENT: "sent", RECEIVED: "received", ACCEPTED: "accepted", REJECTED: "rejected",
  STREAMING_READY: "streaming_ready", EXECUTOR_READY: "executor_ready", VOLUMES_READY: "volumes_ready",
  EXECUTION_DONE: "execution_done", COMPLETED: "completed", FAILED: "failed", HORDE_FAILED: "horde_failed",
  isInProgress: (status) => !END_STATES.includes(boundary.status(status)),
  isSuccessful: (status) => boundary.status(status) === "completed",
  isFailed: (status) => FAILED_STATES.includes(boundary.status(status)),
  endStates: () => [...END_STATES],
});

function volumeClass(kind, wire) {
  const Volume = class {
    constructor(options) {
      Object.assign(this, __normalizeVolume(kind, boundary.volumeOptions(kind, options)));
      boundary.registerVolume(this, kind);
    }
    get kind() { return kind; }
    getVolumeRelativePath(mountPath) {
      boundary.volumeReceiver(this, kind, "getVolumeRelativePath");
      return __volumeRelativePath(kind, boundary.mountPath(mountPath));
    }
    toJSON() { boundary.volumeReceiver(this, kind, "toJSON"); return { kind, ...this }; }
  };
  Object.defineProperty(Volume.prototype, wire, {
    value(mountPath) {
      boundary.volumeReceiver(this, kind, wire);
      return __volumeToWire(kind, boundary.volumeOptions(kind, this), boundary.mountPath(mountPath));
    },
  });
  Object.defineProperty(Volume, "name", { value: kind });
  return Volume;
}

export const HTTPInputVolume = volumeClass("HTTPInputVolume", "toComputeHordeVolume");
export const HuggingfaceInputVolume = volumeClass("HuggingfaceInputVolume", "toComputeHordeVolume");
export const InlineInputVolume = volumeClass("InlineInputVolume", "toComputeHordeVolume");
export const HTTPOutputVolume = volumeClass("HTTPOutputVolume", "toComputeHordeOutputUpload");

/** A one-file zip of `contents` named `filename`, as an inline input volume. */
InlineInputVolume.fromFileContents = function fromFileContents(filename, contents, options = {}) {
  return new InlineInputVolume({ contents: __inlineVolumeContents(...boundary.fileContentsArguments(filename, contents, options)) });
};

/** Every job page by page (newest first); `{ pageSize = 10, jobQueue }`. */
ComputeHordeClient.prototype.iterJobs = async function* iterJobs(options = {}) {
  const pageSize = options?.pageSize ?? 10;
  const jobQueue = options?.jobQueue;
  for (let page = 1; ; page++) {
    const listing = await this.getJobsPage({ page, pageSize, jobQueue });
    yield* listing.jobs;
    if (listing.next === null) return;
  }
};
boundary.guardGenerator(ComputeHordeClient, "iterJobs");

/**
 * A Signer over a polkadot{.js}-style injected signer (`signRaw`), e.g. from a browser wallet
 * extension: the page never sees the key. Extensions sign `<Bytes>message</Bytes>`, which the
 * facilitator accepts.
 */
export function signerFromInjected(injected, address) {
  return boundary.injectedSigner(injected, address);
}

/**
 * Node only: loads a Bittensor hotkey file, `~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>`
 * (`path` replaces `~/.bittensor/wallets`).
 */
export async function loadBittensorHotkey(options = {}) {
  const isNode = typeof process === "object" && process?.versions?.node;
  if (!isNode) throw new ComputeHordeError("loadBittensorHotkey works in Node only: in a browser use Keypair.fromJson() or signerFromInjected()");
  // Computed specifiers: bundlers targeting browsers must not try to resolve Node modules.
  const nodeModule = (name) => import(/* webpackIgnore: true */ `node:${name}`);
  const { readFile } = await nodeModule("fs/promises");
  const { homedir } = await nodeModule("os");
  const { join } = await nodeModule("path");
  const { wallet, hotkey, path } = boundary.hotkeyLocation(options);
  const root = path ?? join(homedir(), ".bittensor", "wallets");
  const file = join(root, wallet, "hotkeys", hotkey);
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ComputeHordeError(`cannot read the hotkey file ${file}: ${cause.code ?? cause.message}`, { cause });
  }
  return Keypair.fromJson(text);
}

export {
  Keypair, ComputeHordeClient, ComputeHordeJob, isValidSs58Address,
  ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError,
};
