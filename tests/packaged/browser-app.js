// The entry of a tiny browser app bundled with esbuild (format esm, platform browser) from a
// project where the packed tarball is installed. Runs one job against the simulator named in
// ?sim= and writes its stdout into the page.
import { ComputeHordeClient, ExecutorClass, Keypair } from "compute-horde-sdk";

const out = document.getElementById("out");
try {
  const client = new ComputeHordeClient({
    hotkey: Keypair.fromUri("//Alice"),
    computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
    facilitatorUrl: new URLSearchParams(location.search).get("sim"),
    pollIntervalSec: 0.05,
  });
  const job = await client.createJob({
    executorClass: ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args: ["bundled", "app"],
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
  });
  await job.wait({ timeoutSec: 20 });
  out.dataset.status = job.status;
  out.textContent = job.result.stdout;
} catch (error) {
  out.dataset.status = "error";
  out.textContent = `${error.name}: ${error.message}`;
}
out.dataset.done = "true";
