// The demo: create a job with a hotkey, print each status as it arrives, then stdout and the
// artifacts. Runs against the local facilitator simulator (make demo), or a real facilitator:
//
//   FACILITATOR_URL=https://facilitator.computehorde.io/ \
//   VALIDATOR_HOTKEY=<validator ss58> \
//   HOTKEY_MNEMONIC="<12 words>"          # or HOTKEY_URI="//Alice", or BT_WALLET=<name> [BT_HOTKEY=<name>]
//   node examples/demo.mjs
import {
  ComputeHordeClient, ExecutorClass, Keypair, loadBittensorHotkey, JobStatus,
} from "compute-horde-sdk";

const env = process.env;

async function hotkey() {
  if (env.HOTKEY_MNEMONIC) return Keypair.fromMnemonic(env.HOTKEY_MNEMONIC.trim());
  if (env.BT_WALLET) return loadBittensorHotkey({ wallet: env.BT_WALLET, hotkey: env.BT_HOTKEY ?? "default" });
  return Keypair.fromUri(env.HOTKEY_URI ?? "//Alice");
}

const keypair = await hotkey();
const client = new ComputeHordeClient({
  hotkey: keypair,
  computeHordeValidatorHotkey: env.VALIDATOR_HOTKEY ?? "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  facilitatorUrl: env.FACILITATOR_URL,
  pollIntervalSec: Number(env.POLL_INTERVAL_SEC ?? 3),
});

console.log(`hotkey      ${keypair.ss58Address}`);
console.log(`facilitator ${client.facilitatorUrl}`);

const job = await client.createJob({
  executorClass: ExecutorClass.always_on__llm__a6000,
  jobNamespace: "SN123.0",
  dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest",
  args: ["Hello from the compute-horde-sdk demo"],
  artifactsDir: "/artifacts",
  downloadTimeLimitSec: 60,
  executionTimeLimitSec: 60,
  uploadTimeLimitSec: 30,
});
console.log(`job         ${job.uuid}`);

await job.wait({
  timeoutSec: Number(env.TIMEOUT_SEC ?? 600),
  onStatus: (_job, entry) => console.log(`  ${entry.createdAt.toISOString()}  ${entry.status}`),
});

if (!JobStatus.isSuccessful(job.status)) {
  console.error(`job ended ${job.status}: ${job.error?.reason ?? ""} ${job.error?.message ?? ""}`);
  process.exit(1);
}
console.log("stdout:");
console.log(job.result.stdout.trimEnd().replace(/^/gm, "  "));
console.log(`artifacts:   ${Object.keys(job.result.artifacts).join(", ") || "(none)"}`);
keypair.free?.();
