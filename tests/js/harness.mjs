// Shared set-up of the package tests: the simulators every run of client.cases.mjs needs,
// and a static file server for browser runs.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalFacilitator } from "../../pkg-template/testing/index.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Debian Chromium as root on this closed network: no sandbox, no background connections. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function startSimulators() {
  const main = await startLocalFacilitator({ stepMs: 40 });
  const legacy = await startLocalFacilitator({ stepMs: 40, auth: "hotkey", signatureLayout: "legacy", legacyResponses: true });
  const faulty = await startLocalFacilitator({
    stepMs: 40, faults: { rate: 0.3, kinds: ["429", "500", "502", "503", "reset", "slow"], slowMs: 50, seed: 7, paths: /job-docker/ },
  });
  const cheat = await startLocalFacilitator({ stepMs: 40, cheat: true });
  const slow = await startLocalFacilitator({ stepMs: 250 });
  return {
    urls: { main: main.url, legacy: legacy.url, faulty: faulty.url, cheat: cheat.url, slow: slow.url },
    close: () => Promise.all([main.close(), legacy.close(), faulty.close(), cheat.close(), slow.close()]),
  };
}

export async function vector(name) {
  return JSON.parse(await readFile(join(root, "tests/vectors", name), "utf8"));
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

/** Serves `dir` on 127.0.0.1 (a different origin from the simulators: CORS is exercised). */
export function startStaticServer(dir = root) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(dir, path.endsWith("/") ? path + "index.html" : path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  })));
}
