// Run by Deno and Bun from streaming.test.mjs: a streaming job against the Node-hosted
// simulator (CH_SIM_URL), through that runtime's own mutual-TLS client. Prints one JSON line.
import { ComputeHordeClient, ComputeHordeError, Keypair } from "../../pkg/index.mjs";
import "../../pkg/streaming/index.mjs"; // by path: these runtimes need not resolve the package by name

const env = globalThis.Deno ? Deno.env.toObject() : process.env;
const client = new ComputeHordeClient({
  hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: Keypair.fromUri("//Bob").ss58Address,
  facilitatorUrl: env.CH_SIM_URL, pollIntervalSec: 0.02,
});
const report = {};
try {
  const job = await client.createJob({ executorClass: "always_on.gpu-24gb", jobNamespace: "SN12", dockerImage: "x", streaming: true });
  const server = await job.waitForStreaming({ timeoutSec: 20 });
  report.address = server.address;
  try {
    const res = await job.streamingFetch("/runtime?via=" + (globalThis.Deno ? "deno" : "bun"), { method: "POST", body: "hello" });
    report.status = res.status;
    report.body = await res.text();
  } catch (error) {
    report.error = { name: error.name, isComputeHordeError: error instanceof ComputeHordeError, message: error.message };
  }
} catch (error) {
  report.setupError = String(error?.stack ?? error);
}
console.log(JSON.stringify(report));
