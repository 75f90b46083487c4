// Type-level tour of the whole public API of "compute-horde-sdk": it must compile under
// `strict` (tests/types/tsconfig.json). It is never run; the `expectType` helpers check that
// results have exactly the declared types (not `any`, not wider).
import {
  ComputeHordeClient,
  ComputeHordeError,
  ComputeHordeJob,
  ComputeHordeJobTimeoutError,
  ComputeHordeNotFoundError,
  ExecutorClass,
  HTTPInputVolume,
  HTTPOutputVolume,
  HuggingfaceInputVolume,
  InlineInputVolume,
  JobStatus,
  Keypair,
  isValidSs58Address,
  loadBittensorHotkey,
  signerFromInjected,
} from "compute-horde-sdk";
import type {
  ComputeHordeClientOptions,
  ComputeHordeJobErrorDetails,
  ComputeHordeJobResult,
  ComputeHordeJobSpec,
  ComputeHordeOutputUploadWire,
  ComputeHordeVolumeWire,
  CrossValidateOptions,
  CrossValidationResult,
  DepositionComparisonMethod,
  EndJobStatus,
  FailedJobStatus,
  GeneratedKeypair,
  HuggingfaceVolumeWire,
  InjectedSigner,
  InlineVolumeWire,
  InputVolume,
  JobStatusEntry,
  JobsPage,
  JsonObject,
  JsonValue,
  OutputVolume,
  Signer,
  SingleFilePostUploadWire,
  SingleFilePutUploadWire,
  SingleFileVolumeWire,
  StreamingCredentials,
  StreamingServer,
  UploadResult,
  WaitOptions,
} from "compute-horde-sdk";
import { createSelfSignedCertificate, startLocalFacilitator } from "compute-horde-sdk/testing";
import { createStreamingCredentials, streamingFetch, type StreamingClientCredentials } from "compute-horde-sdk/streaming";
import { Keyring } from "@polkadot/keyring";

// ── helpers: exact type equality (fails on `any` too) ─────────────────────────────────────
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>() {
  return <V>(value: V & (Equals<V, T> extends true ? unknown : never)): void => void value;
}
declare function assertTrue<T extends true>(): void;

const VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

// ── keys and signers ──────────────────────────────────────────────────────────────────────
const alice: Keypair = Keypair.fromUri("//Alice");
const fromPhrase: Keypair = Keypair.fromMnemonic("bottom drive obey lake curtain smoke basket hold race lonely fit walk");
const withPassword: Keypair = Keypair.fromMnemonic("bottom drive obey lake curtain smoke basket hold race lonely fit walk", "pw");
const fromSeedHex: Keypair = Keypair.fromSeed("0x" + "11".repeat(32));
const fromSeedBytes: Keypair = Keypair.fromSeed(new Uint8Array(32));
const fromFileText: Keypair = Keypair.fromJson('{"secretPhrase":"..."}');
const fromFileObject: Keypair = Keypair.fromJson({ secretPhrase: "..." });
const generated = Keypair.generate();
expectType<GeneratedKeypair>()(generated);
expectType<Keypair>()(generated.keypair);
expectType<string>()(generated.mnemonic);
expectType<string>()(alice.ss58Address);
expectType<string>()(alice.address);
expectType<Uint8Array>()(alice.publicKey);
const signature = alice.sign("hello");
expectType<Uint8Array>()(signature);
expectType<Uint8Array>()(alice.sign(new Uint8Array([1, 2, 3])));
expectType<boolean>()(alice.verify("hello", signature));
expectType<boolean>()(alice.verify(new Uint8Array([1]), signature));
expectType<boolean>()(isValidSs58Address(alice.ss58Address));
fromPhrase.free();
void [withPassword, fromSeedHex, fromSeedBytes, fromFileText, fromFileObject];

// A Keypair is a Signer; so is an object with address + sign (sync or async, bytes or hex).
const asSigner: Signer = alice;
const customSigner: Signer = { address: alice.address, sign: (message: Uint8Array) => alice.sign(message) };
const asyncSigner: Signer = { address: alice.address, sign: async (message) => alice.sign(message) };
const hexSigner: Signer = { address: alice.address, sign: async () => "0x" + "00".repeat(64) };
// A @polkadot/keyring pair is a Signer.
const pairSigner: Signer = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Bob");

// Browser wallet extension.
const injected: InjectedSigner = {
  async signRaw({ address, data, type }) {
    expectType<string>()(address);
    expectType<string>()(data);
    expectType<"bytes">()(type);
    return { signature: "0x" + "00".repeat(64) };
  },
};
const walletSigner: Signer = signerFromInjected(injected, alice.address);
expectType<Signer>()(signerFromInjected(injected, alice.address));

async function keys(): Promise<void> {
  expectType<Promise<Keypair>>()(loadBittensorHotkey());
  const hotkey = await loadBittensorHotkey({ wallet: "miner", hotkey: "hk1", path: "/secrets/wallets" });
  expectType<Keypair>()(hotkey);
}

// ── enums ─────────────────────────────────────────────────────────────────────────────────
expectType<"always_on.llm.a6000">()(ExecutorClass.always_on__llm__a6000);
expectType<"spin_up-4min.gpu-24gb">()(ExecutorClass.spin_up_4min__gpu_24gb);
expectType<"always_on.gpu-24gb">()(ExecutorClass.always_on__gpu_24gb);
expectType<"always_on.test">()(ExecutorClass.always_on__test);
expectType<"always_on.cpu.8c.16gb">()(ExecutorClass.always_on__cpu__8c__16gb);
const knownClass: ExecutorClass = "always_on.gpu-24gb";
const futureClass: ExecutorClass = "always_on.gpu-80gb"; // unknown classes are accepted
void [knownClass, futureClass];

const status: JobStatus = JobStatus.COMPLETED;
const allStatuses: JobStatus[] = [
  JobStatus.SENT, JobStatus.RECEIVED, JobStatus.ACCEPTED, JobStatus.REJECTED, JobStatus.STREAMING_READY,
  JobStatus.EXECUTOR_READY, JobStatus.VOLUMES_READY, JobStatus.EXECUTION_DONE, JobStatus.COMPLETED,
  JobStatus.FAILED, JobStatus.HORDE_FAILED,
];
expectType<boolean>()(JobStatus.isInProgress(status));
expectType<boolean>()(JobStatus.isSuccessful("whatever"));
expectType<boolean>()(JobStatus.isFailed("whatever"));
expectType<EndJobStatus[]>()(JobStatus.endStates());
const endStates: JobStatus[] = JobStatus.endStates();
void [allStatuses, endStates];
function narrow(s: string): void {
  if (JobStatus.isFailed(s)) expectType<FailedJobStatus>()(s);
  if (JobStatus.isSuccessful(s)) expectType<"completed">()(s);
}

// ── volumes ───────────────────────────────────────────────────────────────────────────────
const http = new HTTPInputVolume({ url: "https://example.com/model.bin" });
expectType<"HTTPInputVolume">()(http.kind);
expectType<string>()(http.url);
expectType<string>()(http.getVolumeRelativePath("/volume/model.bin"));
expectType<SingleFileVolumeWire>()(http.toComputeHordeVolume("/volume/model.bin"));
expectType<"single_file">()(http.toComputeHordeVolume("/volume/model.bin").volume_type);
expectType<"HTTPInputVolume">()(http.toJSON().kind);

const hf = new HuggingfaceInputVolume({ repoId: "org/model" });
const hfFull = new HuggingfaceInputVolume({
  repoId: "org/data", repoType: "dataset", revision: "main", allowPatterns: ["*.json", "*.txt"], token: "hf_x",
});
const hfOnePattern = new HuggingfaceInputVolume({ repoId: "org/model", allowPatterns: "*.safetensors" });
expectType<string | string[] | undefined>()(hfFull.allowPatterns);
expectType<string | undefined>()(hfFull.repoType);
const hfWire = hf.toComputeHordeVolume("/volume/");
expectType<HuggingfaceVolumeWire>()(hfWire);
expectType<string | string[] | null>()(hfWire.allow_patterns);
expectType<string | null>()(hfWire.token);
void hfOnePattern;

const inline = new InlineInputVolume({ contents: "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==" });
const inlineFromFile: InlineInputVolume = InlineInputVolume.fromFileContents("input.txt", "hello");
const inlineCompressed: InlineInputVolume = InlineInputVolume.fromFileContents("data.bin", new Uint8Array(10), { compress: true });
expectType<InlineVolumeWire>()(inline.toComputeHordeVolume("/volume/in"));
expectType<string>()(inlineFromFile.contents);
void inlineCompressed;

const post = new HTTPOutputVolume({ httpMethod: "POST", url: "https://s3/bucket", formFields: { key: "out.json" } });
const put = new HTTPOutputVolume({ httpMethod: "PUT", url: "https://s3/presigned", signedHeaders: { "x-amz-acl": "private" } });
const putEmptyForm = new HTTPOutputVolume({ httpMethod: "PUT", url: "https://s3/presigned", formFields: {} });
expectType<HTTPOutputVolume<"POST">>()(post);
expectType<HTTPOutputVolume<"PUT">>()(put);
expectType<"POST">()(post.httpMethod);
expectType<SingleFilePostUploadWire>()(post.toComputeHordeOutputUpload("/output/out.json"));
expectType<SingleFilePutUploadWire>()(put.toComputeHordeOutputUpload("/output/out.json"));
expectType<Record<string, string> | null>()(post.toComputeHordeOutputUpload("/output/a").form_fields);
expectType<string>()(put.getVolumeRelativePath("/output/a/b.txt"));
void putEmptyForm;

// A method only known at run time gives the union of both wire forms.
declare const method: "POST" | "PUT";
const either = new HTTPOutputVolume({ httpMethod: method, url: "https://s3/x" });
const eitherWire = either.toComputeHordeOutputUpload("/output/x");
expectType<ComputeHordeOutputUploadWire>()(eitherWire);
if (eitherWire.output_upload_type === "single_file_post") expectType<Record<string, string> | null>()(eitherWire.form_fields);
const outputs: OutputVolume[] = [post, put, either];

function wireOf(volume: InputVolume): ComputeHordeVolumeWire {
  const wire = volume.toComputeHordeVolume("/volume/x");
  switch (wire.volume_type) {
    case "single_file": expectType<SingleFileVolumeWire>()(wire); break;
    case "huggingface_volume": expectType<HuggingfaceVolumeWire>()(wire); break;
    case "inline": expectType<InlineVolumeWire>()(wire); break;
    default: { const never: never = wire; void never; }
  }
  return wire;
}
void [outputs, wireOf];

// ── client ────────────────────────────────────────────────────────────────────────────────
const minimalOptions: ComputeHordeClientOptions = { hotkey: alice, computeHordeValidatorHotkey: VALIDATOR };
const client = new ComputeHordeClient(minimalOptions);
const fullClient = new ComputeHordeClient({
  hotkey: walletSigner,
  computeHordeValidatorHotkey: VALIDATOR,
  jobQueue: "my-queue",
  facilitatorUrl: "https://facilitator.computehorde.io/api/v1/",
  auth: "hotkey",
  signatureLayout: "legacy",
  fetch: globalThis.fetch,
  pollIntervalSec: 0.5,
  retry: { maxAttempts: 3, minDelayMs: 100, maxDelayMs: 2000 },
  requestTimeoutSec: 30,
});
const mockFetchClient = new ComputeHordeClient({
  hotkey: asyncSigner, computeHordeValidatorHotkey: VALIDATOR, auth: "token", signatureLayout: "current",
  fetch: async (url, init) => { expectType<string>()(url); expectType<RequestInit>()(init); return new Response("{}"); },
  retry: {},
});
for (const hotkey of [asSigner, customSigner, hexSigner, pairSigner]) new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: VALIDATOR });
expectType<string | undefined>()(fullClient.jobQueue);
expectType<string>()(client.facilitatorUrl);
void mockFetchClient;

const spec: ComputeHordeJobSpec = {
  executorClass: ExecutorClass.always_on__llm__a6000,
  jobNamespace: "SN123.0",
  dockerImage: "python:3.12-slim",
  args: ["python", "-c", "print(1)"],
  env: { MODEL: "x" },
  artifactsDir: "/artifacts",
  inputVolumes: { "/volume/model.bin": http, "/volume/hf/": hfFull, "/volume/in": inline },
  outputVolumes: { "/output/out.json": post, "/output/raw.bin": put },
  downloadTimeLimitSec: 60,
  executionTimeLimitSec: 300,
  uploadTimeLimitSec: 60,
  streamingStartTimeLimitSec: 5,
  streamingPublicKey: "-----BEGIN CERTIFICATE-----\n...",
};
const crossValidatedSpec: ComputeHordeJobSpec = {
  executorClass: "always_on.gpu-24gb",
  jobNamespace: "SN123.0",
  dockerImage: "alpine",
  runCrossValidation: true,
  depositionComparisonMethod: "stdout",
  trustedOutputVolumes: { "/output/out.json": put },
};
const comparisons: DepositionComparisonMethod[] = [
  "stdout", "artifacts", "stdout_and_artifacts",
  (job, trusted) => job.result?.stdout === trusted.result?.stdout,
  async (job: ComputeHordeJob, trusted: ComputeHordeJob) => job.status === trusted.status,
];
void comparisons;

async function clientCalls(signal: AbortSignal): Promise<void> {
  expectType<Promise<void>>()(client.authenticate());
  const job = await client.createJob(spec);
  expectType<ComputeHordeJob>()(job);
  await client.createJob(spec, { onTrustedMiner: true });
  await client.createJob({ executorClass: "always_on.test", jobNamespace: "SN1.0", dockerImage: "alpine" }, {});

  const done = await client.runUntilComplete(spec, {
    onTrustedMiner: false,
    maxAttempts: 5,
    timeoutSec: 3600,
    jobAttemptCallback: (attempt) => { expectType<ComputeHordeJob>()(attempt); },
    signal,
  });
  await client.runUntilComplete(spec, { jobAttemptCallback: async (attempt) => { await attempt.refreshFromFacilitator(); } });
  expectType<ComputeHordeJob>()(done);

  expectType<ComputeHordeJob>()(await client.getJob(job.uuid));
  expectType<ComputeHordeJob[]>()(await client.getJobs());
  expectType<ComputeHordeJob[]>()(await client.getJobs({ page: 2, pageSize: 50 }));
  const page = await client.getJobsPage({ page: 1, pageSize: 256, jobQueue: "my-queue", uuids: [job.uuid] });
  expectType<JobsPage>()(page);
  expectType<number>()(page.count);
  expectType<string | null>()(page.next);
  expectType<string | null>()(page.previous);
  expectType<ComputeHordeJob[]>()(page.jobs);
  await client.getJobsPage();

  const iterator = client.iterJobs({ pageSize: 100, jobQueue: "my-queue" });
  expectType<AsyncIterableIterator<ComputeHordeJob>>()(iterator);
  for await (const listed of client.iterJobs()) expectType<ComputeHordeJob>()(listed);

  const onStatus = (j: ComputeHordeJob, entry: JobStatusEntry): void => { void j; void entry; };
  await client.waitAll([job, done], { timeoutSec: 600, signal, onStatus });
  await client.waitAll([job], { onStatus: async (j, entry) => { expectType<ComputeHordeJob>()(j); expectType<Date>()(entry.createdAt); } });
  const frozen: readonly ComputeHordeJob[] = [job];
  await client.waitAll(frozen);

  expectType<ComputeHordeJob[]>()(await fullClient.pendingJobs());
  expectType<Promise<void>>()(client.reportCheatedJob(job.uuid, done.uuid));
  await client.reportCheatedJob(job.uuid, done.uuid, { reason: "stdout differs", expected: 1 });
  expectType<Promise<void>>()(client.submitFeedback(job.uuid, { resultCorrectness: 1 }));
  await client.submitFeedback(job.uuid, { resultCorrectness: 0.5, expectedDurationSec: 12 });

  const crossJob = await client.createJob(crossValidatedSpec);
  expectType<ComputeHordeJob | undefined>()(crossJob.trustedJob);
  const verdict = await crossJob.crossValidate();
  expectType<CrossValidationResult>()(verdict);
  expectType<boolean>()(verdict.matches);
  expectType<boolean>()(verdict.reported);
  expectType<ComputeHordeJob>()(verdict.job);
  expectType<ComputeHordeJob>()(verdict.trustedJob);
  const quietly: CrossValidateOptions = { report: false, timeoutSec: 600, signal, onStatus };
  await crossJob.crossValidate(quietly);
  client.free();
}

// ── job ───────────────────────────────────────────────────────────────────────────────────
async function jobFields(job: ComputeHordeJob): Promise<void> {
  expectType<string>()(job.uuid);
  const current: string = job.status;
  const known: JobStatus | (string & {}) = job.status;
  if (JobStatus.isSuccessful(job.status)) expectType<"completed">()(job.status);
  const history = job.statusHistory;
  expectType<JobStatusEntry[]>()(history);
  const first = history[0];
  if (first) {
    expectType<Date>()(first.createdAt);
    const entryStatus: string = first.status;
    if (first.metadata !== null) expectType<JsonValue>()(first.metadata["comment"]);
    void entryStatus;
  }
  const result = job.result;
  expectType<ComputeHordeJobResult | null>()(result);
  if (result) {
    expectType<string>()(result.stdout);
    expectType<string>()(result.stderr);
    expectType<Record<string, Uint8Array>>()(result.artifacts);
    expectType<Record<string, UploadResult>>()(result.uploadResults);
    for (const [path, upload] of Object.entries(result.uploadResults)) {
      expectType<string>()(path);
      expectType<Record<string, string>>()(upload.headers);
      expectType<string>()(upload.body);
    }
  }
  const error = job.error;
  expectType<ComputeHordeJobErrorDetails | null>()(error);
  if (error) {
    expectType<"rejection" | "failure" | "horde_failure">()(error.kind);
    expectType<string>()(error.reason);
    expectType<string>()(error.message);
    const reportedBy: string | undefined = error.reportedBy;
    expectType<JsonValue>()(error.context);
    void reportedBy;
  }
  const executorClass: ExecutorClass = job.executorClass;
  expectType<string>()(job.dockerImage);
  expectType<string>()(job.jobNamespace);
  expectType<string>()(job.createdAt);
  expectType<string | undefined>()(job.tag);

  const options: WaitOptions = { timeoutSec: 60, onStatus: (j, entry) => console.log(j.uuid, entry.status) };
  expectType<Promise<void>>()(job.wait(options));
  await job.wait();
  await job.wait({ signal: AbortSignal.timeout(1000) });
  expectType<Promise<void>>()(job.refreshFromFacilitator());
  expectType<JsonObject>()(job.toJSON());
  const serialized: string = JSON.stringify(job);
  job.free();
  void [current, known, executorClass, serialized];
}

// ── errors ────────────────────────────────────────────────────────────────────────────────
async function errors(job: ComputeHordeJob): Promise<void> {
  try {
    await job.wait({ timeoutSec: 1 });
  } catch (error) {
    if (error instanceof ComputeHordeJobTimeoutError) {
      expectType<string>()(error.jobUuid);
      const last: string = error.lastStatus;
      const base: ComputeHordeError = error;
      void [last, base];
    } else if (error instanceof ComputeHordeNotFoundError) {
      expectType<number | undefined>()(error.status);
    } else if (error instanceof ComputeHordeError) {
      expectType<number | undefined>()(error.status);
      expectType<string | undefined>()(error.body);
      expectType<unknown>()(error.cause);
      expectType<string>()(error.name);
      expectType<string>()(error.message);
    } else if (error instanceof TypeError || error instanceof RangeError) {
      console.error(error.message);
    }
  }
  const asError: Error = new ComputeHordeError("boom", { status: 502, body: "bad gateway", cause: new Error("x") });
  const notFound: ComputeHordeError = new ComputeHordeNotFoundError("gone", { status: 404 });
  const timeout = new ComputeHordeJobTimeoutError("slow", { jobUuid: "u", lastStatus: "accepted" });
  void [asError, notFound, timeout, new ComputeHordeError("plain")];
}

// ── compute-horde-sdk/testing ─────────────────────────────────────────────────────────────
async function withSimulator(): Promise<void> {
  const facilitator = await startLocalFacilitator({ stepMs: 50, whitelist: [alice.address] });
  const simulated = new ComputeHordeClient({ hotkey: alice, computeHordeValidatorHotkey: VALIDATOR, facilitatorUrl: facilitator.url });
  await simulated.runUntilComplete({ executorClass: ExecutorClass.always_on__test, jobNamespace: "SN1.0", dockerImage: "alpine" });
  await facilitator.close();
}

// ── streaming jobs ───────────────────────────────────────────────────────────────────────
async function streamingJob(client: ComputeHordeClient): Promise<void> {
  const job = await client.createJob({ executorClass: ExecutorClass.always_on__llm__a6000, jobNamespace: "SN12", dockerImage: "vllm", streaming: true, streamingStartTimeLimitSec: 60 });
  const server = await job.waitForStreaming({ timeoutSec: 120, signal: AbortSignal.timeout(1000), onStatus: (_j, entry) => { void entry.status; } });
  const address: string = server.address;
  const port: number = server.port;
  const pem: string = server.serverCert;
  const maybe: StreamingServer | null = job.streamingServer;
  const response: Response = await job.streamingFetch("/v1/completions", { method: "POST", body: "{}", signal: AbortSignal.timeout(1000) });
  const credentials: StreamingCredentials = job.streamingCredentials();
  const { certificate, privateKey, url } = credentials;
  void [address, port, pem, maybe, response, certificate, privateKey, url];
  const made: StreamingClientCredentials = await createStreamingCredentials();
  const direct: Response = await streamingFetch(credentials, "/health");
  void [made, direct];
}

async function streamingSimulator(): Promise<void> {
  const executor = await createSelfSignedCertificate({ ipAddresses: ["127.0.0.1"] });
  const facilitator = await startLocalFacilitator({
    streaming: {
      holdMs: 1000, readyAfter: "executor_ready",
      start: async () => ({ cert: executor.certificate, address: "127.0.0.1", port: 8443, close: () => {} }),
    },
  });
  const counted: number = facilitator.stats().streaming.requests;
  void counted;
  await facilitator.close();
}

assertTrue<Equals<ExecutorClass, "spin_up-4min.gpu-24gb" | "always_on.gpu-24gb" | "always_on.llm.a6000" | "always_on.test" | "always_on.cpu.8c.16gb" | (string & {})>>();
assertTrue<Equals<EndJobStatus, "completed" | "rejected" | "failed" | "horde_failed">>();
void [keys, narrow, clientCalls, jobFields, errors, withSimulator, streamingJob, streamingSimulator];
