// Streaming jobs, the part that every runtime shares: `createJob({ streaming: true })` gets a
// fresh client certificate, `waitForStreaming()` waits for the executor's server, and the
// mutual-TLS calls go to the runtime's streaming module. That module
// (`compute-horde-sdk/streaming`: key generation, X.509, TLS) is loaded only in Node, Deno and
// Bun, so none of it is in the browser bundle: a page cannot present a client certificate from
// script, so there the streaming calls reject and say so.
import { ComputeHordeClient, ComputeHordeJob } from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError, ComputeHordeJobTimeoutError } from "./errors.js";

/** Where `compute-horde-sdk/streaming` registers itself (shared by the ESM and CJS builds). */
const IMPLEMENTATION = Symbol.for("compute-horde-sdk.streaming");

export const BROWSER_STREAMING_MESSAGE =
  "streaming jobs need Node, Deno or Bun: a browser cannot present a client certificate from script " +
  "(mutual TLS), so it cannot call a streaming job's server";

// The client key of each streaming job created in this process, by job uuid. Module-private
// and never on the job object, so it cannot show in toJSON, inspection or an error.
const credentialsByJob = new Map();

/** A `TypeError` whose message starts with the field and that carries it, as the wasm's do. */
const argumentError = (field, message) => Object.assign(new TypeError(`${field}: ${message}`), { field });

const isServerRuntime = () =>
  typeof globalThis.Deno === "object" || typeof globalThis.Bun === "object" ||
  (typeof process === "object" && typeof process?.versions?.node === "string");

let loading = null;

/** The registered streaming module, loaded on first use by its package name. */
async function implementation() {
  if (globalThis[IMPLEMENTATION]) return globalThis[IMPLEMENTATION];
  if (!isServerRuntime()) throw new ComputeHordeError(BROWSER_STREAMING_MESSAGE);
  // A computed specifier: bundlers for browsers must not pull the module in.
  const specifier = ["compute-horde-sdk", "streaming"].join("/");
  loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).catch((cause) => {
    loading = null;
    throw new ComputeHordeError(
      `streaming jobs need the module compute-horde-sdk/streaming, which could not be loaded (${cause?.message ?? cause}); ` +
      `import it once yourself: import "compute-horde-sdk/streaming"`, { cause });
  });
  await loading;
  const registered = globalThis[IMPLEMENTATION];
  if (!registered) throw new ComputeHordeError("compute-horde-sdk/streaming loaded but did not register itself");
  return registered;
}

/**
 * Adds the streaming options and methods to the client and job classes. Called once by the
 * package entry (a call, not a bare import: the package is marked free of side effects).
 */
export function installStreaming() {
  const createJob = ComputeHordeClient.prototype.createJob;
  ComputeHordeClient.prototype.createJob = async function createStreamingAwareJob(spec, options) {
    if (spec === null || typeof spec !== "object" || !("streaming" in spec)) return createJob.call(this, spec, options);
    const { streaming, ...rest } = spec;
    if (streaming !== undefined && typeof streaming !== "boolean") throw argumentError("streaming", "must be a boolean");
    if (!streaming) return createJob.call(this, rest, options);
    if (rest.streamingPublicKey !== undefined && rest.streamingPublicKey !== null) {
      throw argumentError("streamingPublicKey", "give either streaming: true (the SDK makes the certificate) or your own streamingPublicKey, not both");
    }
    const runtime = await implementation();
    const credentials = await runtime.createCredentials();
    const job = await createJob.call(this, { ...rest, streamingPublicKey: credentials.certificate }, options);
    credentialsByJob.set(job.uuid, credentials);
    return job;
  };

  const runUntilComplete = ComputeHordeClient.prototype.runUntilComplete;
  ComputeHordeClient.prototype.runUntilComplete = function runUntilCompleteUnlessStreaming(spec, options) {
    if (spec !== null && typeof spec === "object" && "streaming" in spec) {
      const { streaming, ...rest } = spec;
      if (streaming) {
        return Promise.reject(argumentError("streaming", "runUntilComplete does not run streaming jobs; use createJob() and job.waitForStreaming()"));
      }
      spec = rest;
    }
    return runUntilComplete.call(this, spec, options);
  };

  const END_STATES = ["completed", "failed", "rejected", "horde_failed"];

  /** Why the job ended, from its error details, for messages. */
  function endReason(job) {
    const error = job.error;
    return error ? ` (${error.kind}: ${error.reason}${error.message ? `: ${error.message}` : ""})` : "";
  }

  ComputeHordeJob.prototype.waitForStreaming = async function waitForStreaming(options = {}) {
    if (options === null || typeof options !== "object") throw argumentError("options", "must be an object");
    const { timeoutSec, signal, onStatus } = options;
    if (onStatus !== undefined && onStatus !== null && typeof onStatus !== "function") throw argumentError("onStatus", "must be a function");
    // Waiting stops at the first streaming_ready entry, wherever it falls in the history: the
    // status callback throws this marker, which wait() hands back as its rejection.
    const ready = { streamingReady: true };
    try {
      await this.wait({
        timeoutSec, signal,
        onStatus: async (job, entry) => {
          if (onStatus) await onStatus(job, entry);
          if (entry.status === "streaming_ready") throw ready;
        },
      });
    } catch (error) {
      if (error instanceof ComputeHordeJobTimeoutError) {
        throw new ComputeHordeJobTimeoutError(
          `job ${this.uuid} was not streaming-ready within ${timeoutSec} s; last status: ${error.lastStatus}`,
          { jobUuid: error.jobUuid, lastStatus: error.lastStatus, cause: error });
      }
      if (error !== ready) throw error;
    }
    if (END_STATES.includes(this.status)) {
      throw new ComputeHordeError(`job ${this.uuid} ended with status ${this.status} without a streaming server to call${endReason(this)}`);
    }
    const server = this.streamingServer;
    if (!server) throw new ComputeHordeError(`job ${this.uuid} reported streaming_ready without the server's certificate, address and port`);
    return server;
  };

  /** `https://address:port/`, with an IPv6 address in brackets. */
  function serverUrl({ address, port }) {
    return `https://${address.includes(":") ? `[${address}]` : address}:${port}/`;
  }

  /** The PEMs and address of a ready streaming job created in this process. */
  function credentialsOf(job) {
    const keys = credentialsByJob.get(job.uuid);
    if (!keys) {
      throw new ComputeHordeError(`job ${job.uuid} has no client certificate in this process: only jobs created here with streaming: true have one`);
    }
    const status = job.status;
    if (END_STATES.includes(status)) throw new ComputeHordeError(`job ${job.uuid} has ended (${status}): its streaming server is gone`);
    const server = job.streamingServer;
    if (!server) {
      throw new ComputeHordeError(`job ${job.uuid} is not streaming-ready yet (status ${status}): await job.waitForStreaming() first`);
    }
    const credentials = {
      certificate: keys.certificate, privateKey: keys.privateKey, serverCert: server.serverCert,
      address: server.address, port: server.port, url: serverUrl(server),
    };
    // Printing or serializing the object shows everything but the private key.
    const redacted = () => ({ ...credentials, privateKey: "[redacted]" });
    Object.defineProperty(credentials, "toJSON", { value: redacted });
    Object.defineProperty(credentials, Symbol.for("nodejs.util.inspect.custom"), { value: redacted });
    return Object.freeze(credentials);
  }

  ComputeHordeJob.prototype.streamingCredentials = function streamingCredentials() {
    if (!isServerRuntime()) throw new ComputeHordeError(BROWSER_STREAMING_MESSAGE);
    return credentialsOf(this);
  };

  ComputeHordeJob.prototype.streamingFetch = async function streamingFetch(path, init) {
    const runtime = await implementation();
    return runtime.fetch(credentialsOf(this), path, init, { ComputeHordeError });
  };
}
