/**
 * `compute-horde-sdk/testing`: an offline ComputeHorde facilitator for tests (Node only).
 *
 * It serves the facilitator's endpoints on 127.0.0.1 (`auth/nonce`, `auth/login`,
 * `api/v1/job-docker/`, `api/v1/jobs/`, `api/v1/jobs/{uuid}/`, `api/v1/jobs/{uuid}/feedback/`,
 * `api/v1/cheated-job/`), checks logins, tokens, hotkey headers and X-CH request signatures the
 * way the real facilitator does (independently of the SDK's own code), and runs simulated
 * "echo" jobs whose status advances every `stepMs`.
 *
 * Job env vars understood by the simulator:
 * - `CH_SIM_OUTCOME`: `"completed"` (default), `"failed"`, `"rejected"`, `"horde_failed"`, or
 *   `"never"` (the job stays in progress). Any other value means `"completed"`.
 * - `CH_SIM_STDOUT`: the job's stdout (default: its args joined by spaces, plus a newline).
 *
 * Streaming jobs (a `streaming_details.public_key` in the create body) get a real TLS server
 * on 127.0.0.1 (see {@link StreamingSimulatorOptions}); a key that is not a PEM certificate
 * makes the job fail before `streaming_ready`, as the executor's nginx would not start.
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** A streaming job's server as the facilitator reports it. */
export interface StreamingServerDetails {
  /** PEM certificate the server presents. */
  cert: string;
  address: string;
  port: number;
}

/** How the simulator runs streaming jobs. */
export interface StreamingSimulatorOptions {
  /**
   * How long a streaming job stays in `streaming_ready` (its server runs meanwhile); then it
   * goes on (`execution_done`, `completed`) and the server stops. With `CH_SIM_OUTCOME=never`
   * it stays ready until the simulator closes. Default 60000.
   */
  holdMs?: number;
  /**
   * The job's own server behind the TLS front (plain HTTP on a loopback port, like the job
   * container's port 8000). Default: an echo app answering
   * `{ method, path, headers, body }` as JSON.
   */
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Replaces the built-in TLS server: called with the job's client certificate (PEM), it runs
   * the job's server (e.g. a real nginx) and resolves what to report; `close` is called when
   * the job leaves `streaming_ready` or the simulator closes.
   */
  start?: (clientCert: string) => Promise<StreamingServerDetails & { close?: () => void | Promise<void> }>;
  /**
   * Where `streaming_ready` falls: after `volumes_ready` (the current validator, default) or
   * right after `executor_ready` (older code).
   */
  readyAfter?: "volumes_ready" | "executor_ready";
}

/** A kind of injected fault. */
export type FaultKind = "429" | "500" | "502" | "503" | "reset" | "slow";

export interface FaultOptions {
  /** Probability (0..1) that an API request (not `/__sim__/`) gets a fault. */
  rate: number;
  /** Kinds drawn uniformly (default: all). 5xx and "reset" alternate between before and after processing. */
  kinds?: FaultKind[];
  /** Seed of the PRNG that draws faults (default 1): the same seed gives the same sequence. */
  seed?: number;
  /** Delay of a "slow" fault in milliseconds (default 1000). */
  slowMs?: number;
  /** Only requests whose path (e.g. "/api/v1/job-docker/") matches get faults. */
  paths?: RegExp;
}

export interface LocalFacilitatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Milliseconds between two status steps of a job (default 200). */
  stepMs?: number;
  /** SS58 hotkeys allowed to log in and call the API (default: everyone). */
  whitelist?: string[];
  /** Injected failures (default: none). */
  faults?: FaultOptions;
  /** django-cors-headers defaults: no origin allowed except `allowedOrigins`, and only the
   *  request headers accept, authorization, content-type, user-agent, x-csrftoken,
   *  x-requested-with. Default false: any origin, any header. */
  strictCors?: boolean;
  /** Origins allowed when `strictCors` is on (still only the default headers). */
  allowedOrigins?: string[];
  /** Accepted API authentication: Bearer token, the early-2025 Hotkey/Nonce/Signature headers,
   *  or both (default "any"). With "hotkey", `auth/nonce` and `auth/login` answer 404. */
  auth?: "any" | "token" | "hotkey";
  /** Lifetime of login tokens in seconds (default 3600). */
  tokenLifetimeSec?: number;
  /** Hotkey-header auth: how far the `Nonce` header may be from the server clock (default 300). */
  hotkeyNonceWindowSec?: number;
  /** Maximum age of `X-CH-Timestamp-NS` in seconds (default 600); null disables the check (to
   *  replay recorded requests). */
  maxSignatureAgeSec?: number | null;
  /** SignedFields layout the create endpoint verifies: "current" (SDK 0.0.19) or "legacy"
   *  (early 2025, SDK 0.0.1: raw_script, no time limits). Default "current". */
  signatureLayout?: "current" | "legacy";
  /** Jobs not on the trusted miner print a different stdout than their trusted twin. */
  cheat?: boolean;
  /** Answer with early-2025 job bodies: capitalized `status` only, no `status_history`, no `stderr`. */
  legacyResponses?: boolean;
  /** Streaming jobs: how long they stay ready, the job server, or your own executor. */
  streaming?: StreamingSimulatorOptions;
}

/** Names under which requests are counted. */
export type SimulatorEndpoint =
  | "nonce" | "login" | "createJob" | "getJob" | "listJobs" | "cheatedJob"
  | "putFeedback" | "getFeedback" | "preflight" | "notFound";

/** Which signature a counter is about. */
export type SimulatorSignatureKind = "signedFields" | "fullRequest" | "login" | "hotkeyHeaders";

/** A JSON value as received in a request body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface SimulatorFaultEvent {
  kind: FaultKind;
  method: string;
  path: string;
  endpoint: SimulatorEndpoint;
  /** "before": nothing was processed; "after": processed, then the answer was replaced or the
   *  connection reset; "during": a "slow" fault, answered normally after the delay. */
  phase: "before" | "after" | "during";
  /** Whether the request took effect (for a create: the job exists). */
  processed: boolean;
  /** Status the request would have had (null when it was never processed). */
  status: number | null;
  /** The job created by a create request, also when its answer was lost. */
  jobUuid?: string;
}

export interface SimulatorStats {
  requests: { total: number; byEndpoint: Record<SimulatorEndpoint, number> };
  jobsCreated: { total: number; byHotkey: Record<string, number> };
  logins: { succeeded: number; failed: number; noncesIssued: number };
  /** API calls refused by authentication (401). */
  authFailures: number;
  signatures: {
    verified: Record<SimulatorSignatureKind, number>;
    rejected: Record<SimulatorSignatureKind, number>;
    /** The last 1000 rejections, oldest first. */
    rejections: Array<{ kind: SimulatorSignatureKind; endpoint: SimulatorEndpoint; reason: string }>;
  };
  faults: {
    total: number;
    byKind: Record<FaultKind, number>;
    /** The last 1000 faults, oldest first. */
    events: SimulatorFaultEvent[];
  };
  /** Accepted cheated-job reports (last 1000). `body` is the request body as received. */
  cheatedJobReports: Array<{ hotkey: string; jobUuid: string; trustedJobUuid: string | null; details: JsonValue; body: string }>;
  /** Accepted feedback (last 1000). */
  feedback: Array<{ hotkey: string; jobUuid: string; resultCorrectness: number; expectedDuration: number | null }>;
  /** CORS preflights, and those a browser would refuse (origin or a requested header not allowed). */
  cors: { preflights: number; refusedPreflights: number };
  /**
   * Streaming servers started, requests that reached a job server through them, and TLS
   * connections or requests they refused (no client certificate, or not the job's).
   */
  streaming: { servers: number; requests: number; refusedConnections: number };
}

export interface LocalFacilitator {
  /** Base URL, with a trailing slash, e.g. "http://127.0.0.1:41234/". */
  readonly url: string;
  /** Stops the server and drops open connections. Idempotent. */
  close(): Promise<void>;
  /** A snapshot of the counters (also served as JSON at `GET <url>__sim__/stats`). */
  stats(): SimulatorStats;
  /** Forgets all jobs, feedback, reports and counters (also `POST <url>__sim__/reset`). */
  reset(): void;
}

/** Env var of a job that chooses its outcome. */
export declare const OUTCOME_ENV: "CH_SIM_OUTCOME";
/** Env var of a job that replaces its stdout. */
export declare const STDOUT_ENV: "CH_SIM_STDOUT";
/** Values of `CH_SIM_OUTCOME`. */
export declare const OUTCOMES: readonly ["completed", "failed", "rejected", "horde_failed", "never"];

/**
 * A fresh RSA 2048 key and a self-signed certificate for it (SHA-256, basicConstraints CA:FALSE
 * critical, SAN = the given IP addresses and DNS names), both PEM: what an executor presents on
 * its streaming port. Made with PKI.js, independently of the SDK's own certificate code.
 */
export declare function createSelfSignedCertificate(opts?: {
  /** Default "localhost". */
  commonName?: string;
  /** Default ["127.0.0.1"]. */
  ipAddresses?: string[];
  /** Default none. */
  dnsNames?: string[];
  /** Default 365. */
  days?: number;
}): Promise<{ certificate: string; privateKey: string }>;

/**
 * Starts an offline facilitator on 127.0.0.1.
 * @throws {TypeError | RangeError} on invalid options
 */
export declare function startLocalFacilitator(opts?: LocalFacilitatorOptions): Promise<LocalFacilitator>;
