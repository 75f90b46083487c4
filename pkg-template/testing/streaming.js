// Streaming jobs in the simulator, done as an executor does them: a real TLS server on
// 127.0.0.1 with its own self-signed certificate (IP SAN 127.0.0.1) that admits exactly the
// job's client certificate and forwards every request to a small job server (an echo app
// unless the simulator is given a handler). The certificate is made with node-forge, an X.509
// implementation independent of the SDK's (@peculiar/x509), over a node:crypto RSA key.
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { X509Certificate, generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh RSA 2048 key and a self-signed certificate (SHA-256, basicConstraints CA:FALSE
 * critical) with the given subject alternative names, as PEM: an executor's certificate.
 * @param {{ commonName?: string, ipAddresses?: string[], dnsNames?: string[], days?: number }} [options]
 */
export async function createSelfSignedCertificate(options = {}) {
  const { commonName = "localhost", ipAddresses = ["127.0.0.1"], dnsNames = [], days = 365 } = options;
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = serial.toString("hex");
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  const subject = [{ name: "commonName", value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "subjectAltName", altNames: [...ipAddresses.map((ip) => ({ type: 7, ip })), ...dnsNames.map((value) => ({ type: 2, value }))] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certificate: forge.pki.certificateToPem(cert), privateKey };
}

/** The default job server: answers every request with what it received, as JSON. */
function echoJob(req, res) {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => { server.off("error", reject); resolve(server.address().port); });
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Default time a streaming job stays in streaming_ready. */
export const DEFAULT_STREAMING_HOLD_MS = 60_000;

/** Checks `startLocalFacilitator({ streaming: { holdMs, handler } })`. */
export function normalizeStreamingOptions(options) {
  if (options === undefined) return { holdMs: DEFAULT_STREAMING_HOLD_MS, handler: null };
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError("startLocalFacilitator: streaming must be an object");
  const { holdMs = DEFAULT_STREAMING_HOLD_MS, handler = null } = options;
  if (typeof holdMs !== "number" || !Number.isFinite(holdMs) || holdMs < 0) throw new TypeError("startLocalFacilitator: streaming.holdMs must be a finite number, 0 or more");
  if (handler !== null && typeof handler !== "function") throw new TypeError("startLocalFacilitator: streaming.handler must be a function (req, res)");
  return { holdMs, handler };
}

/** The streaming servers of one simulator. */
export class StreamingServers {
  /**
   * @param {{ handler: import("node:http").RequestListener | null, stats: () => { servers: number, requests: number, refusedConnections: number } }} options
   *   `stats` gives the counters to update (requests that reached a job server through its TLS
   *   front, and connections or requests it refused).
   */
  constructor(options) {
    this.handler = options.handler ?? echoJob;
    this.stats = options.stats;
    this.running = new Set();
  }

  /**
   * Starts the servers of a job whose client certificate is `clientCert` (PEM). Resolves
   * `{ server: { cert, address, port }, close }`, or `{ problem }` when the certificate is
   * unusable (the executor's nginx would not start; the job fails).
   */
  async start(clientCert) {
    let expected;
    try {
      expected = new X509Certificate(clientCert).fingerprint256;
    } catch {
      return { problem: "the job's streaming public key is not a PEM X.509 certificate" };
    }
    const jobServer = createHttpServer(this.handler);
    const jobPort = await listen(jobServer);
    const own = await createSelfSignedCertificate();
    const front = createHttpsServer({
      cert: own.certificate, key: own.privateKey, ca: clientCert, requestCert: true, rejectUnauthorized: true,
    }, (req, res) => {
      // The CA list admits the job's certificate; the fingerprint makes it exactly that one.
      if (req.socket.getPeerCertificate().fingerprint256 !== expected) {
        this.stats().refusedConnections++;
        res.writeHead(403).end("client certificate is not the job's\n");
        return;
      }
      this.stats().requests++;
      const upstream = httpRequest({ host: "127.0.0.1", port: jobPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      });
      upstream.on("error", () => { if (!res.headersSent) res.writeHead(502); res.end(); });
      req.pipe(upstream);
    });
    front.on("tlsClientError", () => { this.stats().refusedConnections++; });
    const port = await listen(front);
    const servers = { front, jobServer };
    this.running.add(servers);
    this.stats().servers++;
    const close = async () => {
      this.running.delete(servers);
      await Promise.all([closeServer(front), closeServer(jobServer)]);
    };
    return { server: { cert: own.certificate, address: "127.0.0.1", port }, close };
  }

  async closeAll() {
    const all = [...this.running];
    this.running.clear();
    await Promise.all(all.flatMap(({ front, jobServer }) => [closeServer(front), closeServer(jobServer)]));
  }
}
