// The check every runtime test runs, given the SDK module as that runtime imported it: sign as
// //Alice (the address is checked by the test), verify the signature, and when a facilitator
// simulator's URL is given, run one job against it. Returns what happened (JSON-able).
export async function check(sdk, simUrl, label) {
  const alice = sdk.Keypair.fromUri("//Alice");
  const message = new TextEncoder().encode(`signed in ${label}`);
  const signature = alice.sign(message);
  const out = { label, address: alice.ss58Address, signatureBytes: signature.length, verified: alice.verify(message, signature) };
  try {
    sdk.Keypair.fromUri("");
    out.emptyUri = "accepted";
  } catch (error) {
    out.emptyUri = error instanceof TypeError ? "TypeError" : String(error);
  }
  if (simUrl) {
    const client = new sdk.ComputeHordeClient({
      hotkey: alice,
      computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
      facilitatorUrl: simUrl,
      pollIntervalSec: 0.02,
    });
    const job = await client.createJob({
      executorClass: sdk.ExecutorClass.always_on__gpu_24gb, jobNamespace: "SN123.0",
      dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest", args: [label],
      downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
    });
    await job.wait({ timeoutSec: 20 });
    out.job = { status: job.status, stdout: job.result?.stdout ?? null };
    // The error classes are registered with the wasm in every entry: a 404 is the SDK's own.
    const missing = await client.getJob("00000000-0000-4000-8000-000000000000").catch((error) => error);
    out.notFound = missing instanceof sdk.ComputeHordeNotFoundError && missing instanceof sdk.ComputeHordeError;
  }
  return out;
}
