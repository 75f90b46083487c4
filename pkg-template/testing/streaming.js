// Streaming jobs in the simulator, done as an executor does them: a real TLS server on
// 127.0.0.1 with its own self-signed certificate (IP SAN 127.0.0.1) that admits exactly the
// job's client certificate and forwards every request to a small job server (an echo app
// unless the simulator is given a handler). The certificate is made with PKI.js, an X.509
// implementation independent of the SDK's (the @peculiar/asn1-x509 schema).
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { KeyObject, X509Certificate, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const DAY_MS = 24 * 60 * 60 * 1000;
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** The 4 or 16 bytes of an IP address, for an iPAddress SAN. */
function ipBytes(ip) {
  if (isIP(ip) === 4) return new Uint8Array(ip.split(".").map(Number));
  if (isIP(ip) !== 6) throw new TypeError(`createSelfSignedCertificate: ${JSON.stringify(ip)} is not an IP address`);
  const [head, tail = ""] = ip.split("::");
  const groups = (part) => (part ? part.split(":") : []);
  const all = ip.includes("::") ? [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill("0"), ...groups(tail)] : groups(ip);
  return new Uint8Array(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/**
 * A fresh RSA 2048 key and a self-signed certificate (SHA-256, basicConstraints CA:FALSE
 * critical) with the given subject alternative names, as PEM: an executor's certificate.
 * @param {{ commonName?: string, ipAddresses?: string[], dnsNames?: string[], days?: number }} [options]
 * @returns {Promise<{ certificate: string, privateKey: string }>}
 */
export async function createSelfSignedCertificate(options = {}) {
  const { commonName = "localhost", ipAddresses = ["127.0.0.1"], dnsNames = [], days = 365 } = options;
  const keys = await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"]);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  for (const name of [cert.subject, cert.issuer]) {
    name.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: commonName }) }));
  }
  cert.notBefore.value = new Date(Date.now() - 60_000);
  cert.notAfter.value = new Date(Date.now() + days * DAY_MS);
  const constraints = new pkijs.BasicConstraints({ cA: false });
  const altNames = new pkijs.GeneralNames({
    names: [
      ...ipAddresses.map((ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(ip) }) })),
      ...dnsNames.map((dns) => new pkijs.GeneralName({ type: 2, value: dns })),
    ],
  });
  cert.extensions = [
    new pkijs.Extension({ extnID: "2.5.29.19", critical: true, extnValue: constraints.toSchema().toBER(false), parsedValue: constraints }),
    new pkijs.Extension({ extnID: "2.5.29.17", critical: false, extnValue: altNames.toSchema().toBER(false), parsedValue: altNames }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, pkijs.getCrypto(true));
  await cert.sign(keys.privateKey, "SHA-256", pkijs.getCrypto(true));
  const der = Buffer.from(cert.toSchema(true).toBER(false));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString("base64").match(/.{1,64}/g).join("\n")}\n-----END CERTIFICATE-----\n`;
  const privateKey = KeyObject.from(keys.privateKey).export({ type: "pkcs8", format: "pem" });
  return { certificate: pem, privateKey };
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

const READY_AFTER = ["volumes_ready", "executor_ready"];

/** Checks `startLocalFacilitator({ streaming: { holdMs, handler, start, readyAfter } })`. */
export function normalizeStreamingOptions(options = {}) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError("startLocalFacilitator: streaming must be an object");
  const { holdMs = DEFAULT_STREAMING_HOLD_MS, handler = null, start = null, readyAfter = READY_AFTER[0] } = options;
  if (typeof holdMs !== "number" || !Number.isFinite(holdMs) || holdMs < 0) throw new TypeError("startLocalFacilitator: streaming.holdMs must be a finite number, 0 or more");
  if (handler !== null && typeof handler !== "function") throw new TypeError("startLocalFacilitator: streaming.handler must be a function (req, res)");
  if (start !== null && typeof start !== "function") throw new TypeError("startLocalFacilitator: streaming.start must be a function (clientCert) => Promise<{ cert, address, port, close? }>");
  if (!READY_AFTER.includes(readyAfter)) throw new TypeError(`startLocalFacilitator: streaming.readyAfter must be one of ${READY_AFTER.map((x) => JSON.stringify(x)).join(", ")}`);
  return { holdMs, handler, start, readyAfter };
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
    this.external = options.start;
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
    if (this.external) return this.startExternal(clientCert);
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
    const servers = { close: () => Promise.all([closeServer(front), closeServer(jobServer)]) };
    this.running.add(servers);
    this.stats().servers++;
    const close = async () => {
      this.running.delete(servers);
      await servers.close();
    };
    return { server: { cert: own.certificate, address: "127.0.0.1", port }, close };
  }

  /** A server the simulator's user runs (e.g. a real nginx configured as the executor's). */
  async startExternal(clientCert) {
    const started = await this.external(clientCert);
    const { cert, address, port } = started ?? {};
    if (typeof cert !== "string" || typeof address !== "string" || !Number.isInteger(port)) {
      throw new TypeError("streaming.start must resolve { cert, address, port, close? }");
    }
    this.stats().servers++;
    const servers = { close: typeof started.close === "function" ? () => started.close() : async () => {} };
    this.running.add(servers);
    const close = async () => { this.running.delete(servers); await servers.close(); };
    return { server: { cert, address, port }, close };
  }

  async closeAll() {
    const all = [...this.running];
    this.running.clear();
    await Promise.all(all.map((servers) => servers.close()));
  }
}
