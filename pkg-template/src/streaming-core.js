// Streaming jobs, the part in every bundle: `createJob({ streaming: true })` and the job's
// streaming methods hand over to the runtime's streaming module. That module
// (`compute-horde-sdk/streaming`: key generation, X.509, mutual TLS, the waiting) is loaded on
// first use in Node, Deno and Bun only, so browser bundles do not carry it: a page cannot
// present a client certificate from script, and there these calls reject saying so.
import { ComputeHordeClient, ComputeHordeJob } from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError, ComputeHordeJobTimeoutError, typeError } from "./errors.js";

/** Where `compute-horde-sdk/streaming` registers itself (shared by the ESM and CJS builds). */
const IMPLEMENTATION = Symbol.for("compute-horde-sdk.streaming");

const BROWSER_MESSAGE = "streaming jobs need Node, Deno or Bun: a browser cannot present a client certificate " +
  "from script (mutual TLS), so it cannot call a streaming job's server";

const isServerRuntime = () => typeof Deno === "object" || typeof Bun === "object" ||
  (typeof process === "object" && typeof process.versions?.node === "string");

let loading = null;

/** The registered streaming module, loaded on first use by its package name. */
async function implementation() {
  if (!globalThis[IMPLEMENTATION]) {
    if (!isServerRuntime()) throw new ComputeHordeError(BROWSER_MESSAGE);
    // A computed specifier: bundlers for browsers must not pull the module in.
    const specifier = ["compute-horde-sdk", "streaming"].join("/");
    await (loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).catch((cause) => {
      loading = null;
      throw new ComputeHordeError(`streaming jobs need compute-horde-sdk/streaming, which could not be loaded (${cause?.message}); ` +
        `import it once yourself: import "compute-horde-sdk/streaming"`, { cause });
    }));
  }
  return globalThis[IMPLEMENTATION];
}

/**
 * Adds the streaming options and methods to the client and job classes. Called once by the
 * package entry (a call, not a bare import: the package is marked free of side effects).
 */
export function installStreaming() {
  const errors = { ComputeHordeError, ComputeHordeJobTimeoutError };
  const client = ComputeHordeClient.prototype;
  const job = ComputeHordeJob.prototype;
  /** The spec without `streaming`, and whether it was `true`. */
  const split = (spec) => {
    if (spec === null || typeof spec !== "object" || !("streaming" in spec)) return [spec, false];
    const { streaming, ...rest } = spec;
    if (streaming !== undefined && typeof streaming !== "boolean") {
      throw typeError("streaming", "must be a boolean");
    }
    return [rest, streaming === true];
  };

  const createJob = client.createJob;
  client.createJob = async function (spec, options) {
    const [rest, streaming] = split(spec);
    if (!streaming) return createJob.call(this, rest, options);
    return (await implementation()).createJob((withKey) => createJob.call(this, withKey, options), rest, errors);
  };
  const runUntilComplete = client.runUntilComplete;
  client.runUntilComplete = async function (spec, options) {
    const [rest, streaming] = split(spec);
    if (streaming) {
      throw typeError("streaming", "runUntilComplete does not run streaming jobs; use createJob() and job.waitForStreaming()");
    }
    return runUntilComplete.call(this, rest, options);
  };
  job.waitForStreaming = async function (options) {
    return (await implementation()).waitForStreaming(this, options, errors);
  };
  job.streamingFetch = async function (path, init) {
    return (await implementation()).fetch(this, path, init, errors);
  };
  job.streamingCredentials = function () {
    const runtime = globalThis[IMPLEMENTATION];
    if (runtime) return runtime.credentials(this, errors);
    throw new ComputeHordeError(isServerRuntime()
      ? `job ${this.uuid} has no client certificate in this process: only jobs created here with streaming: true have one`
      : BROWSER_MESSAGE);
  };
}
