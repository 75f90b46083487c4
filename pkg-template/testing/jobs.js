// Simulated jobs: validation of the create-job body (DRF-style errors), a status timeline that
// advances with elapsed time (computed when read, no timers), "echo" results, and the two
// response shapes (current, and the early-2025 one without status_history).
import { PyDict, PyFloat, PyInt, dumps, toPlain } from "./pyjson.js";
import { ss58Decode } from "./crypto.js";

export const DEFAULT_EXECUTOR_CLASS = "always_on.gpu-24gb";

/** Env var read from the job's `env` to choose how the simulated job ends. */
export const OUTCOME_ENV = "CH_SIM_OUTCOME";
/** Env var that, when set, replaces the job's stdout (before any `cheat` change). */
export const STDOUT_ENV = "CH_SIM_STDOUT";
export const OUTCOMES = Object.freeze(["completed", "failed", "rejected", "horde_failed", "never"]);

const STATUS_LABELS = {
  sent: "Sent", received: "Received", accepted: "Accepted", rejected: "Rejected",
  streaming_ready: "Streaming Ready", executor_ready: "Executor Ready", volumes_ready: "Volumes Ready",
  execution_done: "Execution Done", completed: "Completed", failed: "Failed", horde_failed: "Horde Failed",
};
const END_STATES = new Set(["completed", "failed", "rejected", "horde_failed"]);
const isInt = (v) => v instanceof PyInt || (v instanceof PyFloat && Number.isInteger(v.value));
const required = (errors, field) => { errors[field] = ["This field is required."]; };

/** DRF BooleanField parsing. */
function drfBool(v) {
  if (typeof v === "boolean") return v;
  if (v instanceof PyInt && (v.text === "0" || v.text === "1")) return v.text === "1";
  if (typeof v === "string") {
    if (["true", "True", "TRUE", "1", "on", "yes", "y", "t"].includes(v)) return true;
    if (["false", "False", "FALSE", "0", "off", "no", "n", "f"].includes(v)) return false;
  }
  return undefined;
}

/** Why an output path (relative to /output/) is refused, as compute_horde_core's upload model does. */
export function outputPathProblem(relativePath) {
  if (relativePath === "") return "path must not be empty";
  if (relativePath.includes("\0")) return "path must not contain NUL";
  if (relativePath.includes("\\")) return "path must not contain a backslash";
  if (relativePath.includes("//")) return "path must not contain '//'";
  if (relativePath.endsWith("/")) return "path must not end with '/'";
  if (relativePath.startsWith("/")) return "path must be relative";
  const parts = relativePath.split("/");
  if (parts.includes("..")) return "path must not contain '..'";
  if (parts.some((p) => Buffer.byteLength(p, "utf8") > 255)) return "path component longer than 255 bytes";
  return null;
}

const VOLUME_REQUIRED = { single_file: ["url"], huggingface_volume: ["repo_id"], inline: ["contents"], zip_url: ["contents"] };

function volumeProblem(v) {
  if (!(v instanceof PyDict)) return "must be an object";
  const type = v.get("volume_type");
  if (typeof type !== "string" || !Object.hasOwn(VOLUME_REQUIRED, type)) return `unknown volume_type ${JSON.stringify(toPlain(type ?? null))}`;
  for (const key of VOLUME_REQUIRED[type]) if (typeof v.get(key) !== "string") return `${key} must be a string`;
  const rel = v.get("relative_path");
  if (rel !== undefined && rel !== null && typeof rel !== "string") return "relative_path must be a string";
  if (typeof rel === "string" && (rel.startsWith("/") || rel.split("/").includes(".."))) return "relative_path must stay inside /volume/";
  return null;
}

function uploadProblem(u) {
  if (!(u instanceof PyDict)) return "must be an object";
  const type = u.get("output_upload_type");
  if (type !== "single_file_post" && type !== "single_file_put") return `unknown output_upload_type ${JSON.stringify(toPlain(type ?? null))}`;
  if (typeof u.get("url") !== "string") return "url must be a string";
  const rel = u.get("relative_path");
  if (typeof rel !== "string") return "relative_path must be a string";
  const pathProblem = outputPathProblem(rel);
  if (pathProblem) return `relative_path ${JSON.stringify(rel)}: ${pathProblem}`;
  if (type === "single_file_put" && u.has("form_fields") && u.get("form_fields") !== null) return "form fields are not supported with PUT uploads";
  return null;
}

/**
 * Validates a parsed create-job body like the DRF serializer (plus the volume/upload models).
 * @param {unknown} body
 * @param {{ requireTimeLimits: boolean }} opts
 * @returns {{ ok: true, fields: object } | { ok: false, errors: Record<string, string[]> }}
 */
export function validateJobBody(body, opts) {
  if (!(body instanceof PyDict)) return { ok: false, errors: { non_field_errors: ["Invalid data. Expected a dictionary, but got a different type."] } };
  const errors = {};
  const get = (k) => body.get(k);
  const str = (field, { optional = false, allowBlank = true, allowNull = false, maxLength = Infinity } = {}) => {
    const v = get(field);
    if (v === undefined) { if (!optional) required(errors, field); return undefined; }
    if (v === null) { if (!allowNull) errors[field] = ["This field may not be null."]; return undefined; }
    if (typeof v !== "string") { errors[field] = ["Not a valid string."]; return undefined; }
    if (!allowBlank && v === "") { errors[field] = ["This field may not be blank."]; return undefined; }
    if (v.length > maxLength) { errors[field] = [`Ensure this field has no more than ${maxLength} characters.`]; return undefined; }
    return v;
  };

  const targetValidatorHotkey = str("target_validator_hotkey");
  const dockerImage = str("docker_image", { allowBlank: false, maxLength: 255 });
  const executorClass = str("executor_class", { optional: true, allowBlank: false, maxLength: 255 });
  const jobNamespace = str("job_namespace", { optional: true, allowNull: true });
  const tag = str("tag", { optional: true, maxLength: 255 });
  const artifactsDir = str("artifacts_dir", { optional: true, allowNull: true, maxLength: 255 });

  const args = get("args") ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) errors.args = ["Expected a list of strings."];
  const env = get("env") ?? new PyDict();
  if (!(env instanceof PyDict) || [...env.values()].some((x) => typeof x !== "string")) errors.env = ["Expected an object with string values."];

  const bools = {};
  for (const field of ["use_gpu", "on_trusted_miner"]) {
    const v = get(field);
    if (v === undefined) { bools[field] = false; continue; }
    const b = drfBool(v);
    if (b === undefined) errors[field] = ["Must be a valid boolean."];
    bools[field] = b ?? false;
  }

  const limits = {};
  for (const field of ["download_time_limit", "execution_time_limit", "streaming_start_time_limit", "upload_time_limit"]) {
    const v = get(field);
    if (v === undefined) { if (opts.requireTimeLimits) required(errors, field); continue; }
    if (!isInt(v)) { errors[field] = ["A valid integer is required."]; continue; }
    const n = v.toNumber();
    if (n < 0 || n > 2 ** 31 - 1) { errors[field] = ["Ensure this value is between 0 and 2147483647."]; continue; }
    limits[field] = n;
  }

  const volumes = get("volumes") ?? [];
  if (!Array.isArray(volumes)) errors.volumes = ["Expected a list."];
  else {
    const problems = volumes.map(volumeProblem).map((p, i) => (p ? `volumes[${i}]: ${p}` : null)).filter(Boolean);
    if (problems.length) errors.volumes = problems;
  }
  const uploads = get("uploads") ?? [];
  if (!Array.isArray(uploads)) errors.uploads = ["Expected a list."];
  else {
    const problems = uploads.map(uploadProblem).map((p, i) => (p ? `uploads[${i}]: ${p}` : null)).filter(Boolean);
    if (problems.length) errors.uploads = problems;
  }

  let streamingClientCert = "";
  const sd = get("streaming_details");
  if (sd instanceof PyDict && typeof sd.get("public_key") === "string") streamingClientCert = sd.get("public_key");

  if (Object.keys(errors).length === 0 && !ss58Decode(targetValidatorHotkey)) {
    errors.non_field_errors = ["Could not select Validator"];
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      targetValidatorHotkey, dockerImage, executorClass: executorClass ?? DEFAULT_EXECUTOR_CLASS,
      jobNamespace: jobNamespace ?? "", tag: tag ?? "", artifactsDir: artifactsDir ?? "",
      args, env, useGpu: bools.use_gpu, onTrustedMiner: bools.on_trusted_miner,
      downloadTimeLimit: limits.download_time_limit ?? 0, executionTimeLimit: limits.execution_time_limit ?? 0,
      streamingStartTimeLimit: limits.streaming_start_time_limit ?? 0, uploadTimeLimit: limits.upload_time_limit ?? 0,
      volumes, uploads, streamingClientCert,
    },
  };
}

/** DRF's datetime output: ISO 8601 in UTC with microseconds (none when they are zero). */
export function isoTime(ms) {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const millis = d.getUTCMilliseconds();
  return millis === 0 ? `${base}Z` : `${base}.${String(millis).padStart(3, "0")}000Z`;
}

function metadataFor(status, job) {
  switch (status) {
    case "failed":
      if (job.streamingProblem) return { comment: "Job failed", job_failure_details: { reason: "unknown", stage: "streaming_startup", message: `${job.streamingProblem} (simulated)`, context: null } };
      return { comment: "Job failed", job_failure_details: { reason: "nonzero_return_code", stage: "execution", message: "Job container exited with code 1 (simulated)", context: { exit_code: 1 } } };
    case "rejected":
      return { comment: "Miner is busy", job_rejection_details: { rejected_by: "miner", reason: "busy", message: "Miner is busy (simulated)", context: null } };
    case "horde_failed":
      return { comment: "Uncaught exception", horde_failure_details: { reported_by: "validator", reason: "uncaught_exception", message: "Uncaught exception (simulated)", context: { exception_type: "RuntimeError" } } };
    case "streaming_ready":
      return { comment: "Streaming ready", streaming_details: streamingFields(job) };
    case "completed":
      return { comment: "Miner finished" };
    default:
      return null;
  }
}

/**
 * The statuses a job goes through, one per `stepMs`, for its outcome. A streaming job's server
 * is up after its volumes, as the current validator reports it; a job whose server cannot
 * start fails there.
 */
function timelineFor(outcome, streaming, streamingProblem, readyAfter = "volumes_ready") {
  if (streaming && streamingProblem) return ["sent", "received", "accepted", "executor_ready", "volumes_ready", "failed"];
  const running = streaming && readyAfter === "executor_ready" ? ["executor_ready", "streaming_ready", "volumes_ready"]
    : streaming ? ["executor_ready", "volumes_ready", "streaming_ready"] : ["executor_ready", "volumes_ready"];
  switch (outcome) {
    case "failed": return ["sent", "received", "accepted", "executor_ready", "volumes_ready", "failed"];
    case "rejected": return ["sent", "received", "rejected"];
    case "horde_failed": return ["sent", "received", "accepted", "horde_failed"];
    case "never": return ["sent", "received", "accepted", ...(streaming ? running : ["executor_ready"])];
    default: return ["sent", "received", "accepted", ...running, "execution_done", "completed"];
  }
}

/** The job's `streaming_server_*` fields: its server's details once it runs, else null. */
function streamingFields(job) {
  const server = job.streamingServer;
  return {
    streaming_server_cert: server?.cert ?? null,
    streaming_server_address: server?.address ?? null,
    streaming_server_port: server?.port ?? null,
  };
}

const b64 = (s) => Buffer.from(s, "utf8").toString("base64");

export class Job {
  /**
   * @param {object} fields from `validateJobBody`
   * @param {{ uuid: string, owner: string, seq: number, createdAtMs: number, cheat: boolean }} meta
   */
  constructor(fields, meta) {
    Object.assign(this, fields, meta);
    const envOutcome = fields.env.get(OUTCOME_ENV);
    this.outcome = OUTCOMES.includes(envOutcome) ? envOutcome : "completed";
    /** A streaming job's running server `{ cert, address, port }`, set by the simulator. */
    this.streamingServer = null;
    this.streamingProblem = null;
    /** How long a streaming job stays in streaming_ready, beyond one step. */
    this.holdMs = 0;
    this.timeline = timelineFor(this.outcome, this.streamingClientCert !== "", null);
  }

  /** Makes this a running streaming job (`server`) or one whose server failed (`problem`). */
  setStreaming({ server = null, problem = null, holdMs = 0, readyAfter }) {
    this.streamingServer = server;
    this.streamingProblem = problem;
    this.holdMs = holdMs;
    this.timeline = timelineFor(this.outcome, true, problem, readyAfter);
  }

  /** When entry k appears: k steps after creation, the entries after streaming_ready `holdMs` later. */
  entryTimeMs(k, stepMs) {
    const ready = this.timeline.indexOf("streaming_ready");
    return this.createdAtMs + k * stepMs + (ready >= 0 && k > ready ? this.holdMs : 0);
  }

  /** When the job leaves streaming_ready (its server can stop then); null if it never does. */
  streamingEndMs(stepMs) {
    const ready = this.timeline.indexOf("streaming_ready");
    return ready >= 0 && ready + 1 < this.timeline.length ? this.entryTimeMs(ready + 1, stepMs) : null;
  }

  /** The history visible at `nowMs`. */
  history(nowMs, stepMs) {
    let visible = 1;
    while (visible < this.timeline.length && (stepMs <= 0 || this.entryTimeMs(visible, stepMs) <= nowMs)) visible++;
    return this.timeline.slice(0, visible).map((status, k) => ({
      status, createdAtMs: this.entryTimeMs(k, stepMs), metadata: metadataFor(status, this),
    }));
  }

  status(nowMs, stepMs) {
    const h = this.history(nowMs, stepMs);
    return h[h.length - 1].status;
  }

  /** What the "echo" job prints: its args joined by spaces, or CH_SIM_STDOUT. */
  stdout() {
    const override = this.env.get(STDOUT_ENV);
    const base = typeof override === "string" ? override : `${this.args.join(" ")}\n`;
    return this.cheat && !this.onTrustedMiner ? `${base.replace(/\n$/, "")} [cheated]\n` : base;
  }

  /** stdout, stderr, artifacts and upload results; empty until the job has ended. */
  results(status) {
    const empty = { stdout: "", stderr: "", artifacts: new PyDict(), uploadResults: new PyDict() };
    if (!END_STATES.has(status)) return empty;
    if (status === "rejected" || status === "horde_failed") return empty;
    const stdout = this.stdout();
    if (status === "failed") return { ...empty, stdout, stderr: `simulated failure (${OUTCOME_ENV}=failed)\n` };
    const artifacts = new PyDict();
    if (this.artifactsDir) artifacts.set(`${this.artifactsDir.replace(/\/+$/, "")}/stdout.txt`, b64(stdout));
    const uploadResults = new PyDict();
    for (const u of this.uploads) {
      uploadResults.set(u.get("relative_path"), dumps({ headers: { etag: '"sim"' }, body: "" }, { dialect: "python" }));
    }
    return { stdout, stderr: "", artifacts, uploadResults };
  }

  /**
   * The job as the facilitator returns it.
   * @param {number} nowMs
   * @param {number} stepMs
   * @param {boolean} legacy the early-2025 shape (capitalized status, no status_history/stderr)
   * @returns {PyDict}
   */
  toResponse(nowMs, stepMs, legacy) {
    const history = this.history(nowMs, stepMs);
    const last = history[history.length - 1];
    const res = this.results(last.status);
    const out = new PyDict();
    const put = (k, v) => out.set(k, v);
    put("uuid", this.uuid);
    put("executor_class", this.executorClass);
    put("created_at", isoTime(this.createdAtMs));
    put("last_update", isoTime(last.createdAtMs));
    put("status", STATUS_LABELS[last.status]);
    put("docker_image", this.dockerImage);
    if (legacy) {
      put("raw_script", "");
      put("args", this.args);
      put("env", this.env);
      put("use_gpu", this.useGpu);
      put("hf_repo_id", "");
      put("hf_revision", "");
      put("input_url", "");
      put("output_download_url", "");
      put("tag", this.tag);
      put("stdout", res.stdout);
      put("volumes", this.volumes);
      put("uploads", this.uploads);
      put("artifacts", res.artifacts);
      put("artifacts_dir", this.artifactsDir);
      put("target_validator_hotkey", this.targetValidatorHotkey);
      return out;
    }
    const streaming = history.some((h) => h.status === "streaming_ready") ? streamingFields(this) : streamingFields({});
    put("job_namespace", this.jobNamespace);
    put("args", this.args);
    put("env", this.env);
    put("use_gpu", this.useGpu);
    put("tag", this.tag);
    put("stdout", res.stdout);
    put("stderr", res.stderr);
    put("volumes", this.volumes);
    put("uploads", this.uploads);
    put("artifacts", res.artifacts);
    put("upload_results", res.uploadResults);
    put("artifacts_dir", this.artifactsDir);
    put("target_validator_hotkey", this.targetValidatorHotkey);
    put("on_trusted_miner", this.onTrustedMiner);
    put("download_time_limit", this.downloadTimeLimit);
    put("execution_time_limit", this.executionTimeLimit);
    put("streaming_start_time_limit", this.streamingStartTimeLimit);
    put("upload_time_limit", this.uploadTimeLimit);
    for (const [field, value] of Object.entries(streaming)) put(field, value);
    put("status_history", history.map((h) => ({ created_at: isoTime(h.createdAtMs), status: h.status, metadata: h.metadata })));
    return out;
  }
}
