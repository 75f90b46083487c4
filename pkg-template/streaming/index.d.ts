/**
 * `compute-horde-sdk/streaming`: the Node, Deno and Bun half of streaming jobs. The main entry
 * loads it on first use (`createJob({ streaming: true })`); import it yourself when your
 * runtime or bundler cannot resolve the package by name at run time.
 * @packageDocumentation
 */

/** A client key and certificate for one streaming job, both PEM. */
export interface StreamingClientCredentials {
  /** Self-signed X.509: CN localhost, SAN DNS:localhost + IP:127.0.0.1, 365 days, SHA-256, CA:FALSE (critical). */
  readonly certificate: string;
  /** RSA 2048, PKCS#8 PEM. */
  readonly privateKey: string;
}

/**
 * Makes a fresh RSA 2048 key (the platform's WebCrypto) and its self-signed certificate, as the
 * Python SDK does for each streaming job.
 */
export declare function createStreamingCredentials(): Promise<StreamingClientCredentials>;

/** What {@link streamingFetch} needs: `job.streamingCredentials()` gives it. */
export interface StreamingTarget extends StreamingClientCredentials {
  readonly address: string;
  readonly port: number;
  readonly serverCert: string;
  readonly url: string;
}

/**
 * `fetch` over mutual TLS to a streaming job's server, pinned to `target.serverCert`; what
 * `job.streamingFetch(path, init)` calls.
 */
export declare function streamingFetch(target: StreamingTarget, path: string, init?: RequestInit): Promise<Response>;
