// Run by tests/js/packaged.test.mjs in a fresh project outside the repository, where the packed
// tarball is installed: the package exactly as an ESM user gets it, imported by name. Starts
// the simulator from compute-horde-sdk/testing, runs one job against it directly and one
// through compute-horde-sdk/relay, and prints what happened as one JSON line.
import { createServer } from "node:http";
import { ComputeHordeClient, ExecutorClass, Keypair } from "compute-horde-sdk";
import { startLocalFacilitator } from "compute-horde-sdk/testing";
import { createRelay, toNodeHandler } from "compute-horde-sdk/relay";

const sim = await startLocalFacilitator({ stepMs: 20 });
const relay = createServer(toNodeHandler(createRelay({ facilitatorUrl: sim.url, allowedOrigins: [], pathPrefix: "/ch/" })));
await new Promise((listening) => relay.listen(0, "127.0.0.1", listening));

async function run(facilitatorUrl, args) {
  const client = new ComputeHordeClient({
    hotkey: Keypair.fromUri("//Alice"),
    computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
    facilitatorUrl,
    pollIntervalSec: 0.02,
  });
  const job = await client.createJob({
    executorClass: ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args,
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
  });
  await job.wait({ timeoutSec: 20 });
  return { status: job.status, stdout: job.result?.stdout ?? null };
}

try {
  const direct = await run(sim.url, ["esm", "direct"]);
  const relayed = await run(`http://127.0.0.1:${relay.address().port}/ch/`, ["esm", "relayed"]);
  const stats = sim.stats();
  const resolved = typeof import.meta.resolve === "function" ? import.meta.resolve("compute-horde-sdk") : null;
  console.log(JSON.stringify({ resolved, direct, relayed, jobsCreated: stats.jobsCreated.total, signedFieldsVerified: stats.signatures.verified.signedFields }));
} finally {
  relay.closeAllConnections();
  relay.close();
  await sim.close();
}
