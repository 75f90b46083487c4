// A facilitator that costs (almost) nothing: fixed answers, no signature or token checks, no
// job store. For measuring the client alone (bench/hotpath.mjs) and for memory tests that
// need many fast round trips (tests/js/memory.test.mjs). Never use it to test the protocol:
// the simulator (pkg-template/testing) is the test double that verifies everything.
//
//   GET  auth/nonce               {"nonce": "fixed-nonce-<n>"}
//   POST auth/login               {"token": "fixed-token"}
//   POST api/v1/job-docker/       201, a job in status "sent" (a fresh uuid per create)
//   GET  api/v1/jobs/<uuid>/      200, that job "completed" (stdout, empty artifacts)
//   GET  api/v1/jobs/?uuid=...    200, one page with each requested uuid "completed"
//   GET  __fixed__/stats          request counts (not counted themselves)
//
// As a program (`node tests/js/fixed-server.mjs`), it prints its URL on the first stdout line
// and stops when its stdin closes (the parent died) or on SIGTERM.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"; // //Bob
const CREATED_AT = "2026-01-01T00:00:00.000000Z";

/** The job object of the simulator's current format, as text, for `uuid` in `status`. */
export function jobJson(uuid, status) {
  const ended = status === "completed";
  const history = [{ created_at: CREATED_AT, status: "sent", metadata: {} }];
  if (ended) {
    for (const s of ["received", "accepted", "executor_ready", "volumes_ready", "execution_done", "completed"]) {
      history.push({ created_at: CREATED_AT, status: s, metadata: {} });
    }
  }
  return JSON.stringify({
    uuid, executor_class: "always_on.test", created_at: CREATED_AT, last_update: CREATED_AT,
    status: ended ? "Completed" : "Sent", docker_image: "alpine:3.20", job_namespace: "SN12.0",
    args: ["echo", "bench 0"], env: { BENCH: "1" }, use_gpu: true, tag: "",
    stdout: ended ? "bench 0\n" : "", stderr: "", volumes: [], uploads: [], artifacts: {}, upload_results: {},
    artifacts_dir: "/artifacts", target_validator_hotkey: VALIDATOR, on_trusted_miner: false,
    download_time_limit: 60, execution_time_limit: 60, streaming_start_time_limit: 60, upload_time_limit: 60,
    streaming_server_cert: null, streaming_server_address: null, streaming_server_port: null,
    status_history: history,
  });
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Starts the fixed-answer server on 127.0.0.1 (a free port unless `port` is given). */
export function startFixedServer({ port = 0 } = {}) {
  const counts = { nonce: 0, login: 0, createJob: 0, getJob: 0, listJobs: 0, other: 0 };
  let created = 0;
  // The answers are built once; a create only splices a fresh uuid into the template.
  const sentTemplate = jobJson("00000000-0000-4000-8000-000000000000", "sent").split("00000000-0000-4000-8000-000000000000");
  const doneTemplate = jobJson("00000000-0000-4000-8000-000000000000", "completed").split("00000000-0000-4000-8000-000000000000");
  const send = (res, status, body) => {
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    // Drain the body before answering (keep-alive needs it consumed).
    req.resume();
    req.on("end", () => {
      if (path === "/__fixed__/stats") return send(res, 200, JSON.stringify(counts));
      if (path === "/auth/nonce" && req.method === "GET") {
        counts.nonce++;
        return send(res, 200, `{"nonce":"fixed-nonce-${counts.nonce}"}`);
      }
      if (path === "/auth/login" && req.method === "POST") {
        counts.login++;
        return send(res, 200, '{"token":"fixed-token"}');
      }
      if (path === "/api/v1/job-docker/" && req.method === "POST") {
        counts.createJob++;
        const n = (created++).toString(16).padStart(12, "0").slice(-12);
        return send(res, 201, sentTemplate.join(`00000000-0000-4000-8000-${n}`));
      }
      if (path === "/api/v1/jobs/" && req.method === "GET") {
        counts.listJobs++;
        const uuids = new URLSearchParams(url.slice(q + 1)).getAll("uuid").filter((u) => UUID_RE.test(u));
        const results = uuids.map((u) => doneTemplate.join(u)).join(",");
        return send(res, 200, `{"count":${uuids.length},"next":null,"previous":null,"results":[${results}]}`);
      }
      const m = /^\/api\/v1\/jobs\/([0-9a-f-]{36})\/$/.exec(path);
      if (m && UUID_RE.test(m[1]) && req.method === "GET") {
        counts.getJob++;
        return send(res, 200, doneTemplate.join(m[1]));
      }
      counts.other++;
      return send(res, 404, '{"detail":"Not found."}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        counts: () => ({ ...counts }),
        close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fixed = await startFixedServer();
  process.stdout.write(`${fixed.url}\n`);
  const stop = async () => { await fixed.close(); process.exit(0); };
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}
