// The package's API, shared by every entry (pkg-template/entries/): the wasm exports plus the
// parts that are JS by nature (error classes, enums, volume classes, async iteration, signer
// adapters). Loading the wasm is the entries' job, so nothing here calls into wasm while the
// module is evaluated: only from functions the user calls once an entry has loaded it.
import * as wasmClasses from "../../build/wasm/compute_horde_sdk.js";
import {
  __normalizeVolume, __volumeToWire, __volumeRelativePath,
} from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError } from "./errors.js";
import * as boundary from "./boundary.js";
import { installStreaming } from "./streaming-core.js";
import { base64, zipSingleFile } from "./inline-zip.js";

// The streaming methods first, so that the guard covers them too: their receivers and
// arguments are checked like every other method's before the streaming code sees them.
installStreaming();
// Every argument, receiver and callback is checked there before it crosses into wasm (this
// only wraps the classes: no call into wasm happens here).
const { Keypair, ComputeHordeClient, ComputeHordeJob, isValidSs58Address } = boundary.guardWasmApi(wasmClasses);

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
  return new InlineInputVolume({ contents: base64(zipSingleFile(...boundary.fileContentsArguments(filename, contents, options))) });
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
 * Node only: loads a Bittensor hotkey file. This is the portable entries' version (browsers,
 * workers, edge runtimes), which has no file system; the `node` entry exports the real one
 * (src/node-hotkey.js), so no Node module is ever named in a bundle for another runtime.
 */
export async function loadBittensorHotkey(options) {
  boundary.hotkeyLocation(options); // the same argument errors as the node entry's
  throw new ComputeHordeError("loadBittensorHotkey works in Node only (the package's `node` export): elsewhere use Keypair.fromJson() or signerFromInjected()");
}

export {
  Keypair, ComputeHordeClient, ComputeHordeJob, isValidSs58Address,
  ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError,
};
