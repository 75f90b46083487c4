#!/usr/bin/env node
// A tiny static server for the dashboard: www/ at /, the built package (pkg/) at /pkg/.
//
//   node www/serve.mjs                      # http://127.0.0.1:8080/
//   node www/serve.mjs --simulator          # also an offline facilitator simulator; prints the
//                                           # dashboard URL with ?facilitator=<simulator URL>
//   node www/serve.mjs --port 0 --simulator --step-ms 300
//
// Prints the dashboard's URL on the first line of stdout, then serves until SIGINT/SIGTERM.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const WWW_DIR = fileURLToPath(new URL(".", import.meta.url));
const PKG_DIR = fileURLToPath(new URL("../pkg/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".wasm": "application/wasm", ".ts": "text/plain; charset=utf-8", ".map": "application/json",
};

const USAGE = `Usage: node www/serve.mjs [options]
  --port N          port of the dashboard (default 8080; 0 = any free port)
  --host HOST       address to listen on (default 127.0.0.1)
  --simulator       also start the offline facilitator simulator (compute-horde-sdk/testing)
  --sim-port N      port of the simulator (default 0 = any free port)
  --step-ms N       simulator: milliseconds between job status steps (default 500)
  --help            this text`;

/** The Content-Security-Policy of the page: its own scripts and the import map only. */
async function contentSecurityPolicy() {
  const html = await readFile(join(WWW_DIR, "index.html"), "utf8");
  const hashes = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash("sha256").update(m[1]).digest("base64")}'`);
  return [
    "default-src 'self'",
    // The package instantiates its (inlined) WebAssembly module.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`,
    // The facilitator (or a relay) may be anywhere.
    "connect-src 'self' http: https: blob:",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The file under `root` that `urlPath` names, or null when it would escape `root`. */
function resolveInside(root, urlPath) {
  const file = resolve(root, "." + urlPath);
  return file === root.replace(/[\\/]$/, "") || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/**
 * Starts the static server.
 * @param {{ port?: number, host?: string }} [opts]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startDashboardServer({ port = 8080, host = "127.0.0.1" } = {}) {
  const csp = await contentSecurityPolicy();
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const [root, rest] = pathname === "/pkg" || pathname.startsWith("/pkg/")
      ? [PKG_DIR, pathname.slice(4) || "/"]
      : [WWW_DIR, pathname];
    let file = pathname.includes("\0") ? null : resolveInside(root, rest);
    try {
      if (file && (await stat(file)).isDirectory()) file = join(file, "index.html");
      if (!file || file === fileURLToPath(import.meta.url)) throw new Error("not served");
      const body = await readFile(file);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin",
      };
      if (extname(file) === ".html") headers["content-security-policy"] = csp;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(
        root === PKG_DIR && !existsSync(PKG_DIR) ? "pkg/ is missing: run bash scripts/build-pkg.sh" : "not found");
    }
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    }),
  };
}

function parseArgs(argv) {
  const opts = { port: 8080, host: "127.0.0.1", simulator: false, simPort: 0, stepMs: 500 };
  const number = (flag, value) => {
    const n = Number(value);
    if (value === undefined || value === "" || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case "--help": case "-h": return null;
      case "--port": opts.port = number(flag, argv[++i]); break;
      case "--host": opts.host = argv[++i] ?? ""; if (!opts.host) throw new Error("--host needs a value"); break;
      case "--simulator": opts.simulator = true; break;
      case "--sim-port": opts.simPort = number(flag, argv[++i]); break;
      case "--step-ms": opts.stepMs = number(flag, argv[++i]); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === null) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(join(PKG_DIR, "index.mjs"))) {
    console.error("warning: pkg/index.mjs is missing: run `bash scripts/build-pkg.sh` first (the page imports it)");
  }
  let simulator = null;
  if (opts.simulator) {
    try {
      const { startLocalFacilitator } = await import(pathToFileURL(join(PKG_DIR, "testing", "index.mjs")).href);
      simulator = await startLocalFacilitator({ port: opts.simPort, stepMs: opts.stepMs });
    } catch (error) {
      console.error(`cannot start the simulator: ${error.message} (is pkg/ built? bash scripts/build-pkg.sh)`);
      process.exit(1);
    }
  }
  let site;
  try {
    site = await startDashboardServer({ port: opts.port, host: opts.host });
  } catch (error) {
    console.error(`cannot start the server: ${error.message}`);
    await simulator?.close();
    process.exit(1);
  }
  const pageUrl = simulator
    ? `${site.url}?${new URLSearchParams({ facilitator: simulator.url, poll: "0.5" })}`
    : site.url;
  console.log(pageUrl);
  console.error(`dashboard: ${pageUrl}`);
  if (simulator) {
    console.error(`facilitator simulator: ${simulator.url} (stats: ${simulator.url}__sim__/stats; a job env CH_SIM_OUTCOME=failed|rejected|horde_failed|never changes its end)`);
  }
  console.error("Ctrl-C to stop");
  const stop = async () => {
    await Promise.all([site.close(), simulator?.close()]);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
