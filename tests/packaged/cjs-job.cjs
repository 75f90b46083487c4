// Run by tests/js/packaged.test.mjs in a fresh project outside the repository, where the packed
// tarball is installed: the package as a CommonJS user gets it. Runs one job against the
// simulator whose URL is in CH_SIMULATOR_URL and prints the outcome as one JSON line.
const { ComputeHordeClient, ComputeHordeError, ExecutorClass, Keypair } = require("compute-horde-sdk");
const { createRelay, toNodeHandler } = require("compute-horde-sdk/relay");

async function main() {
  const client = new ComputeHordeClient({
    hotkey: Keypair.fromUri("//Alice"),
    computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
    facilitatorUrl: process.env.CH_SIMULATOR_URL,
    pollIntervalSec: 0.02,
  });
  const job = await client.createJob({
    executorClass: ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args: ["cjs", "job"],
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
  });
  await job.wait({ timeoutSec: 20 });
  const missing = await client.getJob("00000000-0000-4000-8000-000000000000").catch((error) => error);
  console.log(JSON.stringify({
    status: job.status,
    stdout: job.result && job.result.stdout,
    notFoundIsComputeHordeError: missing instanceof ComputeHordeError,
    relayExports: [typeof createRelay, typeof toNodeHandler],
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
