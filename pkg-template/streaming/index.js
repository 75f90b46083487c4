// compute-horde-sdk/streaming: the Node, Deno and Bun half of streaming jobs. It makes the
// per-job client key and certificate (the platform's WebCrypto for the RSA key and the
// signature, the @peculiar/asn1-x509 schema for the certificate's DER) and calls the job's
// server over mutual TLS with the runtime's own client. The main entry loads it on first use;
// importing it yourself does the same.
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, BasicConstraints, Certificate, Extension, Extensions,
  GeneralName, Name, RelativeDistinguishedName, SubjectAlternativeName, SubjectPublicKeyInfo, TBSCertificate,
  Validity, Version, id_ce_basicConstraints, id_ce_subjectAltName,
} from "@peculiar/asn1-x509";
import { X509Certificate, webcrypto as nodeWebcrypto } from "node:crypto";
import { checkServerIdentity } from "node:tls";
import { typeError } from "../src/errors.js";

const IMPLEMENTATION = Symbol.for("compute-horde-sdk.streaming");

const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";
const VALID_DAYS = 365;
// The executor's clock may run behind ours: a certificate valid from "now" could be refused.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function pem(label, der) {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g).join("\n")}\n-----END ${label}-----\n`;
}

/**
 * A fresh RSA 2048 key and a self-signed certificate for it, as the Python SDK makes them: CN
 * localhost, SAN DNS:localhost and IP:127.0.0.1, 365 days, SHA-256, basicConstraints CA:FALSE
 * (critical). Returns both as PEM.
 * @returns {Promise<{ certificate: string, privateKey: string }>}
 */
export async function createStreamingCredentials() {
  // Node 18 has WebCrypto only as node:crypto's webcrypto (the global came in Node 19).
  const webcrypto = globalThis.crypto?.subtle ? globalThis.crypto : nodeWebcrypto;
  const keys = await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"]);
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] & 0x7f) | 0x01; // a positive INTEGER without a leading zero byte
  const notBefore = new Date(Date.now() - CLOCK_SKEW_MS);
  const notAfter = new Date(notBefore.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000);
  const name = new Name([new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: "localhost" }) }),
  ])]);
  const signature = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer,
    signature,
    issuer: name,
    validity: new Validity({ notBefore, notAfter }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(await webcrypto.subtle.exportKey("spki", keys.publicKey), SubjectPublicKeyInfo),
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_basicConstraints, critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: false }))),
      }),
      new Extension({
        extnID: id_ce_subjectAltName, critical: false,
        extnValue: new OctetString(AsnConvert.serialize(new SubjectAlternativeName([
          new GeneralName({ dNSName: "localhost" }), new GeneralName({ iPAddress: "127.0.0.1" }),
        ]))),
      }),
    ]),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: signature,
    signatureValue: await webcrypto.subtle.sign(RSA, keys.privateKey, tbsDer),
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { certificate: pem("CERTIFICATE", AsnConvert.serialize(certificate)), privateKey: pem("PRIVATE KEY", pkcs8) };
}

/** The URL of `path` on the job's server; anything pointing elsewhere is refused. */
function targetUrl(credentials, path) {
  if (typeof path !== "string") throw typeError("path", "must be a string (a path on the job's server, e.g. \"/v1/generate\")");
  const base = new URL(credentials.url);
  const target = new URL(path.startsWith("/") ? path : `/${path}`, base);
  if (target.origin !== base.origin) throw typeError("path", "must be a path on the job's server, not another URL");
  return target;
}

const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];

async function nodeFetch(credentials, path, init, errors) {
  const https = await import("node:https");
  const { Readable } = await import("node:stream");
  const target = targetUrl(credentials, path);
  const request = new Request(target, init);
  const signal = init?.signal ?? undefined;
  signal?.throwIfAborted();
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const pinned = new X509Certificate(credentials.serverCert).fingerprint256;
  const headers = {};
  for (const [name, value] of request.headers) headers[name] = value;
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: credentials.address, port: credentials.port, method: request.method,
      path: target.pathname + target.search, headers, signal, agent: false,
      cert: credentials.certificate, key: credentials.privateKey, ca: [credentials.serverCert],
      // Trust exactly the announced certificate, for the announced address (its IP SAN).
      checkServerIdentity(host, peer) {
        const mismatch = checkServerIdentity(host, peer);
        if (mismatch) return mismatch;
        if (peer.fingerprint256 !== pinned) return new Error("the server's certificate is not the one the job announced");
        return undefined;
      },
    });
    req.on("response", (res) => {
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
      const noBody = request.method === "HEAD" || NULL_BODY_STATUSES.includes(res.statusCode);
      if (noBody) res.resume();
      if (signal) {
        const abort = () => res.destroy(signal.reason);
        signal.addEventListener("abort", abort, { once: true });
        res.once("close", () => signal.removeEventListener("abort", abort));
      }
      resolve(new Response(noBody ? null : Readable.toWeb(res), {
        status: res.statusCode, statusText: res.statusMessage, headers: responseHeaders,
      }));
    });
    req.on("error", (cause) => {
      if (signal?.aborted) return reject(signal.reason);
      reject(new errors.ComputeHordeError(
        `streaming request to ${target.origin}${target.pathname} failed: ${cause.code ?? cause.message}`, { cause }));
    });
    req.end(body);
  });
}

async function bunFetch(credentials, path, init, errors) {
  const target = targetUrl(credentials, path);
  const pinned = new X509Certificate(credentials.serverCert).fingerprint256;
  try {
    return await fetch(target, {
      ...init,
      tls: {
        cert: credentials.certificate, key: credentials.privateKey, ca: credentials.serverCert,
        checkServerIdentity(host, peer) {
          const mismatch = checkServerIdentity(host, peer);
          if (mismatch) return mismatch;
          if (peer?.fingerprint256 !== pinned) return new Error("the server's certificate is not the one the job announced");
          return undefined;
        },
      },
    });
  } catch (cause) {
    if (init?.signal?.aborted) throw init.signal.reason;
    throw new errors.ComputeHordeError(`streaming request to ${target.origin}${target.pathname} failed: ${cause.message}`, { cause });
  }
}

/**
 * `fetch` for a job's server: `credentials` from `job.streamingCredentials()`. The main
 * entry's `job.streamingFetch(path, init)` calls this. Bun's own fetch takes a client
 * certificate and a server check; Node and Deno go through node:https, because
 * `Deno.createHttpClient` can only add the server's certificate to its trusted roots (as a
 * CA, so a leaf it issued would pass), not pin that one certificate.
 */
export function streamingFetch(credentials, path, init, errors = { ComputeHordeError: Error }) {
  if (typeof globalThis.Bun === "object") return bunFetch(credentials, path, init, errors);
  return nodeFetch(credentials, path, init, errors);
}

// ---- the job methods behind the main entry's stubs ----------------------------------------
// `errors` are the main entry's error classes, so that `instanceof` works for the user.

// The client key of each streaming job created in this process, by job uuid. Module-private
// and never on the job object, so it cannot show in toJSON, inspection or an error.
const credentialsByJob = new Map();

const END_STATES = ["completed", "failed", "rejected", "horde_failed"];

/** `createJob({ ...spec, streaming: true })`: `create(spec)` is the plain createJob. */
async function createJob(create, spec, errors) {
  if (spec.streamingPublicKey !== undefined && spec.streamingPublicKey !== null) {
    throw typeError("streamingPublicKey", "give either streaming: true (the SDK makes the certificate) or your own streamingPublicKey, not both");
  }
  const credentials = await createStreamingCredentials();
  const job = await create({ ...spec, streamingPublicKey: credentials.certificate });
  credentialsByJob.set(job.uuid, credentials);
  return job;
}

/** Why the job ended, from its error details, for messages. */
function endReason(job) {
  const error = job.error;
  return error ? ` (${error.kind}: ${error.reason}${error.message ? `: ${error.message}` : ""})` : "";
}

async function waitForStreaming(job, options = {}, errors) {
  if (options === null || typeof options !== "object") throw typeError("options", "must be an object");
  const { timeoutSec, signal, onStatus } = options;
  if (onStatus !== undefined && onStatus !== null && typeof onStatus !== "function") {
    throw typeError("onStatus", "must be a function");
  }
  // Waiting stops at the first streaming_ready entry, wherever it falls in the history: the
  // status callback throws this marker, which wait() hands back as its rejection (as the
  // `cause` of the ComputeHordeError that reports a callback's throw).
  const ready = { streamingReady: true };
  try {
    await job.wait({
      timeoutSec, signal,
      onStatus: async (current, entry) => {
        if (onStatus) await onStatus(current, entry);
        if (entry.status === "streaming_ready") throw ready;
      },
    });
  } catch (error) {
    if (error instanceof errors.ComputeHordeJobTimeoutError) {
      throw new errors.ComputeHordeJobTimeoutError(
        `job ${job.uuid} was not streaming-ready within ${timeoutSec} s; last status: ${error.lastStatus}`,
        { jobUuid: error.jobUuid, lastStatus: error.lastStatus, cause: error });
    }
    if (error !== ready && error?.cause !== ready) throw error;
  }
  if (END_STATES.includes(job.status)) {
    credentialsByJob.delete(job.uuid);
    throw new errors.ComputeHordeError(`job ${job.uuid} ended with status ${job.status} without a streaming server to call${endReason(job)}`);
  }
  const server = job.streamingServer;
  if (!server) throw new errors.ComputeHordeError(`job ${job.uuid} reported streaming_ready without the server's certificate, address and port`);
  return server;
}

/** `https://address:port/`, with an IPv6 address in brackets. */
function serverUrl({ address, port }) {
  return `https://${address.includes(":") ? `[${address}]` : address}:${port}/`;
}

/** `job.streamingCredentials()`: the PEMs and address of a ready job created in this process. */
function credentials(job, errors) {
  const status = job.status;
  if (END_STATES.includes(status)) {
    credentialsByJob.delete(job.uuid); // its server is gone: the key has no use left
    throw new errors.ComputeHordeError(`job ${job.uuid} has ended (${status}): its streaming server is gone`);
  }
  const keys = credentialsByJob.get(job.uuid);
  if (!keys) {
    throw new errors.ComputeHordeError(`job ${job.uuid} has no client certificate in this process: only jobs created here with streaming: true have one`);
  }
  const server = job.streamingServer;
  if (!server) {
    throw new errors.ComputeHordeError(`job ${job.uuid} is not streaming-ready yet (status ${status}): await job.waitForStreaming() first`);
  }
  const result = {
    certificate: keys.certificate, privateKey: keys.privateKey, serverCert: server.serverCert,
    address: server.address, port: server.port, url: serverUrl(server),
  };
  // Printing or serializing the object shows everything but the private key.
  const redacted = () => ({ ...result, privateKey: "[redacted]" });
  Object.defineProperty(result, "toJSON", { value: redacted });
  Object.defineProperty(result, Symbol.for("nodejs.util.inspect.custom"), { value: redacted });
  return Object.freeze(result);
}

globalThis[IMPLEMENTATION] ??= Object.freeze({
  createJob, waitForStreaming, credentials,
  fetch: async (job, path, init, errors) => streamingFetch(credentials(job, errors), path, init, errors),
});
