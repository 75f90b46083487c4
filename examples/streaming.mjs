// A streaming job: the job's container serves HTTP on the executor, and this process talks to
// it directly over mutual TLS while the job runs. The SDK makes the job's client certificate,
// waits for the executor's server, and pins its certificate.
//
// By default it runs against the local facilitator simulator (started here, with a real TLS
// server for the job). Against a real facilitator:
//
//   FACILITATOR_URL=https://facilitator.computehorde.io/ \
//   VALIDATOR_HOTKEY=<validator ss58> HOTKEY_MNEMONIC="<12 words>" \
//   DOCKER_IMAGE=<an image serving HTTP on port 8000> node examples/streaming.mjs
import { ComputeHordeClient, ExecutorClass, Keypair } from "compute-horde-sdk";

const env = process.env;
let simulator = null;
if (!env.FACILITATOR_URL) {
  const { startLocalFacilitator } = await import("compute-horde-sdk/testing");
  simulator = await startLocalFacilitator({ stepMs: 300, streaming: { holdMs: 10_000 } });
}

const client = new ComputeHordeClient({
  hotkey: env.HOTKEY_MNEMONIC ? Keypair.fromMnemonic(env.HOTKEY_MNEMONIC.trim()) : Keypair.fromUri(env.HOTKEY_URI ?? "//Alice"),
  computeHordeValidatorHotkey: env.VALIDATOR_HOTKEY ?? "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  facilitatorUrl: env.FACILITATOR_URL ?? simulator.url,
  pollIntervalSec: simulator ? 0.3 : 3,
});

try {
  const job = await client.createJob({
    executorClass: ExecutorClass.always_on__llm__a6000,
    jobNamespace: "SN123.0",
    dockerImage: env.DOCKER_IMAGE ?? "backenddevelopersltd/compute-horde-streaming-job-test:v0-latest",
    streaming: true, // a fresh key + certificate for this job; the key stays in this process
    streamingStartTimeLimitSec: 120,
    executionTimeLimitSec: 600,
  });
  console.log(`job ${job.uuid} created`);

  const server = await job.waitForStreaming({
    timeoutSec: 600,
    onStatus: (_, entry) => console.log(`  ${entry.createdAt.toISOString()}  ${entry.status}`),
  });
  console.log(`streaming server ready at ${server.address}:${server.port}`);

  const response = await job.streamingFetch("/execute-job", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ seed: 42 }),
    signal: AbortSignal.timeout(30_000),
  });
  console.log(`POST /execute-job → ${response.status}`);
  console.log(await response.text());

  // For another HTTP client: present certificate + privateKey, trust only serverCert.
  const { url, certificate, serverCert } = job.streamingCredentials();
  console.log(`own client: ${url} with the job's certificate (${certificate.length} B PEM), trusting only the ${serverCert.length} B server PEM`);
} finally {
  await simulator?.close();
}
