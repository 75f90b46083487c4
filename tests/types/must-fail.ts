// Lines that must NOT compile: each is preceded by its own `// @ts-expect-error <why>` line.
// tsc fails on an unused @ts-expect-error, so tests/types/tsconfig.json passes only if every
// one of them is an error; tests/js/types.test.mjs also removes the comments and checks that
// tsc then reports an error on each of those lines (and nowhere else).
import {
  ComputeHordeClient, ComputeHordeJob, ExecutorClass, HTTPInputVolume, HTTPOutputVolume, HuggingfaceInputVolume,
  InlineInputVolume, JobStatus, Keypair, loadBittensorHotkey, signerFromInjected,
} from "compute-horde-sdk";
import type { ComputeHordeJobSpec, Signer } from "compute-horde-sdk";

const VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const hotkey = Keypair.fromUri("//Alice");
const client = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR });
const base = { executorClass: ExecutorClass.always_on__test, jobNamespace: "SN1.0", dockerImage: "alpine" } as const;
declare const job: ComputeHordeJob;

export async function mustFail(): Promise<void> {
  // ── keys and signers ──
  // @ts-expect-error Keypair has no public constructor
  new Keypair();
  // @ts-expect-error a seed is bytes or hex, not a number
  Keypair.fromSeed(123);
  // @ts-expect-error sign takes bytes or a string
  hotkey.sign(42);
  // @ts-expect-error publicKey is read-only
  hotkey.publicKey = new Uint8Array(32);
  // @ts-expect-error a signer needs an address
  const noAddress: Signer = { sign: (m: Uint8Array) => m };
  // @ts-expect-error a signer's sign must return a signature, not a boolean
  const badSign: Signer = { address: VALIDATOR, sign: () => true };
  // @ts-expect-error an injected signer has signRaw, not sign
  signerFromInjected({ sign: async () => ({ signature: "0x" }) }, VALIDATOR);
  // @ts-expect-error wallet is a name (string)
  await loadBittensorHotkey({ wallet: 1 });

  // ── enums ──
  // @ts-expect-error not a known executor class name
  void ExecutorClass.always_on__gpu_80gb;
  // @ts-expect-error not a job status
  const done: JobStatus = "done";
  // @ts-expect-error the enum objects are read-only
  JobStatus.COMPLETED = "completed";

  // ── volumes ──
  // @ts-expect-error httpMethod must be "POST" or "PUT"
  new HTTPOutputVolume({ httpMethod: "GET", url: "https://s3/x" });
  // @ts-expect-error a PUT upload has no form fields
  new HTTPOutputVolume({ httpMethod: "PUT", url: "https://s3/x", formFields: { key: "out" } });
  // @ts-expect-error httpMethod is required
  new HTTPOutputVolume({ url: "https://s3/x" });
  // @ts-expect-error a PUT upload's wire form has no form_fields
  void new HTTPOutputVolume({ httpMethod: "PUT", url: "https://s3/x" }).toComputeHordeOutputUpload("/output/x").form_fields;
  // @ts-expect-error an HTTP input volume needs a url
  new HTTPInputVolume({});
  // @ts-expect-error repoId is required
  new HuggingfaceInputVolume({ revision: "main" });
  // @ts-expect-error allowPatterns is a string or strings
  new HuggingfaceInputVolume({ repoId: "org/model", allowPatterns: 5 });
  // @ts-expect-error fromFileContents takes bytes or a string
  InlineInputVolume.fromFileContents("a.txt", { text: "hello" });
  // @ts-expect-error input volumes have no toComputeHordeOutputUpload
  new HTTPInputVolume({ url: "https://x" }).toComputeHordeOutputUpload("/output/x");

  // ── client options ──
  // @ts-expect-error auth is "token" or "hotkey"
  new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR, auth: "password" });
  // @ts-expect-error signatureLayout is "current" or "legacy"
  new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR, signatureLayout: "v2" });
  // @ts-expect-error computeHordeValidatorHotkey is required
  new ComputeHordeClient({ hotkey });
  // @ts-expect-error the hotkey is a Keypair or a Signer, not an address
  new ComputeHordeClient({ hotkey: VALIDATOR, computeHordeValidatorHotkey: VALIDATOR });
  // @ts-expect-error unknown retry option
  new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR, retry: { attempts: 3 } });
  // @ts-expect-error fetch is called with a URL string, not a URL object
  new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR, fetch: async (url: URL) => new Response(url.href) });
  // @ts-expect-error pollIntervalSec is a number
  new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR, pollIntervalSec: "3" });
  // @ts-expect-error jobQueue is read-only
  client.jobQueue = "other";

  // ── job specs ──
  // @ts-expect-error dockerImage is required
  await client.createJob({ executorClass: ExecutorClass.always_on__test, jobNamespace: "SN1.0" });
  // @ts-expect-error executorClass is required
  await client.createJob({ jobNamespace: "SN1.0", dockerImage: "alpine" });
  // @ts-expect-error jobNamespace is required
  const noNamespace: ComputeHordeJobSpec = { executorClass: "always_on.test", dockerImage: "alpine" };
  // @ts-expect-error env values are strings
  await client.createJob({ ...base, env: { THREADS: 4 } });
  // @ts-expect-error args are strings
  await client.createJob({ ...base, args: ["--n", 3] });
  // @ts-expect-error time limits are numbers of seconds
  await client.createJob({ ...base, executionTimeLimitSec: "300" });
  // @ts-expect-error an output volume cannot be an input volume
  await client.createJob({ ...base, inputVolumes: { "/volume/x": new HTTPOutputVolume({ httpMethod: "PUT", url: "https://s3/x" }) } });
  // @ts-expect-error an input volume cannot be an output volume
  await client.createJob({ ...base, outputVolumes: { "/output/x": new HTTPInputVolume({ url: "https://x" }) } });
  // @ts-expect-error volumes are volume objects, not their options
  await client.createJob({ ...base, inputVolumes: { "/volume/x": { url: "https://x" } } });
  // @ts-expect-error not a comparison method
  await client.createJob({ ...base, runCrossValidation: true, depositionComparisonMethod: "exact" });
  // @ts-expect-error a comparison function returns a boolean
  await client.createJob({ ...base, depositionComparisonMethod: (a: ComputeHordeJob, b: ComputeHordeJob) => a.uuid + b.uuid });
  // @ts-expect-error unknown createJob option
  await client.createJob(base, { trusted: true });

  // ── client calls ──
  // @ts-expect-error onStatus gets (job, entry), not (status: string)
  await job.wait({ onStatus: (status: string) => console.log(status) });
  // @ts-expect-error onStatus's entry is a JobStatusEntry, not a string
  await client.waitAll([job], { onStatus: (j: ComputeHordeJob, entry: string) => console.log(j, entry) });
  // @ts-expect-error jobAttemptCallback gets the job
  await client.runUntilComplete(base, { jobAttemptCallback: (uuid: string) => console.log(uuid) });
  // @ts-expect-error timeoutSec is a number
  await job.wait({ timeoutSec: "60" });
  // @ts-expect-error waitAll takes an array of jobs
  await client.waitAll(job);
  // @ts-expect-error page is a number
  await client.getJobs({ page: "1" });
  // @ts-expect-error getJobs has no jobQueue filter (getJobsPage and iterJobs do)
  await client.getJobs({ jobQueue: "q" });
  // @ts-expect-error uuids is an array
  await client.getJobsPage({ uuids: "7b522daa-e807-4094-8d96-99b9a863f960" });
  // @ts-expect-error iterJobs is async: use for await
  for (const listed of client.iterJobs()) console.log(listed);
  // @ts-expect-error resultCorrectness is required
  await client.submitFeedback(job.uuid, { expectedDurationSec: 3 });
  // @ts-expect-error reportCheatedJob needs the trusted job too
  await client.reportCheatedJob(job.uuid);

  // ── jobs ──
  // @ts-expect-error ComputeHordeJob has no public constructor
  new ComputeHordeJob();
  // @ts-expect-error result is null until the job ends
  console.log(job.result.stdout);
  // @ts-expect-error error.kind is "rejection" | "failure" | "horde_failure"
  if (job.error?.kind === "timeout") console.log("never");
  // @ts-expect-error status is read-only
  job.status = "completed";
  // @ts-expect-error statusHistory entries' createdAt is a Date
  const when: string = job.statusHistory[0]!.createdAt;
  // @ts-expect-error artifacts are bytes
  const text: string | undefined = job.result?.artifacts["/artifacts/out.txt"];
  // @ts-expect-error crossValidate resolves to { matches, job, trustedJob, reported }
  const matches: boolean = await job.crossValidate();
  // @ts-expect-error report is a boolean
  await job.crossValidate({ report: "no" });
  // @ts-expect-error trustedJob may be undefined
  console.log(job.trustedJob.uuid);

  void [noAddress, badSign, done, noNamespace, when, text, matches];
}

// ── internals are not part of the public types ──
// @ts-expect-error __normalizeVolume is internal
import { __normalizeVolume } from "compute-horde-sdk";
void __normalizeVolume;
