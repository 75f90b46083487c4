// The package's client tests, written once and run in Node (client.test.mjs), in headless
// Chromium and in a Web Worker (tests/browser/). Each case gets `ctx`:
//   ctx.sdk            the imported package (pkg/index.mjs)
//   ctx.sims.main      URL of a permissive simulator (stepMs 40)
//   ctx.sims.legacy    URL of an early-2025 simulator (hotkey auth, legacy layout, legacy bodies)
//   ctx.sims.faulty    URL of a simulator injecting faults into 30 % of creates
//   ctx.sims.cheat     URL of a simulator whose ordinary miners print a different stdout
//   ctx.sims.slow      URL of a simulator whose jobs take about 1.5 s
//   ctx.vector(name)   a parsed file of tests/vectors/
// Cases throw on failure (small assert helpers below, so that no Node module is needed).

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

function fail(message) { throw new Error(message); }
function equal(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}
function ok(value, what) { if (!value) fail(`${what}: expected truthy, got ${JSON.stringify(value)}`); }
async function rejects(promiseOrFn, check, what) {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    check(error);
    return error;
  }
  fail(`${what}: expected a rejection`);
}
function throws(fn, check, what) {
  try { fn(); } catch (error) { check(error); return error; }
  fail(`${what}: expected a throw`);
}
async function stats(url) { return (await fetch(`${url}__sim__/stats`)).json(); }
const decode = (bytes) => new TextDecoder().decode(bytes);

function client(ctx, options = {}) {
  return new ctx.sdk.ComputeHordeClient({
    hotkey: ctx.sdk.Keypair.fromUri("//Alice"),
    computeHordeValidatorHotkey: BOB,
    facilitatorUrl: ctx.sims.main,
    pollIntervalSec: 0.03,
    ...options,
  });
}

function spec(ctx, overrides = {}) {
  return {
    executorClass: ctx.sdk.ExecutorClass.always_on__gpu_24gb,
    jobNamespace: "SN123.0",
    dockerImage: "backenddevelopersltd/compute-horde-job-echo:v0-latest",
    args: ["hello", "world"],
    artifactsDir: "/artifacts",
    downloadTimeLimitSec: 60, executionTimeLimitSec: 60, uploadTimeLimitSec: 30,
    ...overrides,
  };
}

export const cases = [
  ["keypair derives the reference addresses and signs verifiably", async (ctx) => {
    const { Keypair } = ctx.sdk;
    const keys = await ctx.vector("keys.json");
    let checked = 0;
    for (const k of keys.keys) {
      const make = { "Keypair.create_from_uri": Keypair.fromUri, "Keypair.create_from_mnemonic": (a) => Keypair.fromMnemonic(a), "Keypair.create_from_seed": Keypair.fromSeed }[k.constructor];
      if (!make) continue;
      const pair = make(k.argument);
      equal(pair.ss58Address, k.ss58_address, k.id);
      equal(Array.from(pair.publicKey, (b) => b.toString(16).padStart(2, "0")).join(""), k.public_key_hex, `${k.id} public key`);
      pair.free();
      checked++;
    }
    ok(checked >= 10, "keys checked");
    const alice = Keypair.fromUri("//Alice");
    const signature = alice.sign(new TextEncoder().encode("hello"));
    equal(signature.length, 64, "signature length");
    ok(alice.verify("hello", signature), "verifies");
    ok(!alice.verify("hellO", signature), "tampered message does not verify");
    const { keypair, mnemonic } = Keypair.generate();
    equal(Keypair.fromMnemonic(mnemonic).ss58Address, keypair.ss58Address, "generated mnemonic gives the same key");
  }],

  ["bad key input gives TypeError or RangeError naming what is wrong, never a crash", async (ctx) => {
    const { Keypair, isValidSs58Address } = ctx.sdk;
    const keys = await ctx.vector("keys.json");
    for (const c of keys.mnemonic_errors) {
      throws(() => Keypair.fromMnemonic(c.argument), (e) => {
        ok(e instanceof TypeError || e instanceof RangeError, `${c.id}: error class ${e.name}`);
        ok(/^mnemonic: /.test(e.message), `${c.id}: message names the field: ${e.message}`);
      }, c.id);
    }
    for (const c of keys.ss58_cases) equal(isValidSs58Address(c.address), c.accepted_by_bittensor_wallet, c.id);
    throws(() => Keypair.fromSeed(new Uint8Array(31)), (e) => ok(e instanceof RangeError && /seed/.test(e.message), e.message), "short seed");
    throws(() => Keypair.fromUri("//Alice/"), (e) => ok(e instanceof TypeError || e instanceof RangeError, e.message), "malformed uri");
    throws(() => Keypair.fromJson("{not json"), (e) => ok(/hotkeyFile/.test(e.message), e.message), "corrupt keyfile");
    // The module keeps working after all those errors (no trap).
    ok(Keypair.fromUri("//Bob").ss58Address === BOB, "module still usable");
  }],

  ["client options are validated before any request", async (ctx) => {
    const { ComputeHordeClient, Keypair } = ctx.sdk;
    const hotkey = Keypair.fromUri("//Alice");
    throws(() => new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: BOB.slice(0, -1) + "x" }),
      (e) => ok(e instanceof TypeError && e.message.startsWith("computeHordeValidatorHotkey: "), e.message), "bad validator");
    throws(() => new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: BOB, facilitatorUrl: "ftp://x" }),
      (e) => ok(e.message.startsWith("facilitatorUrl: "), e.message), "bad url");
    throws(() => new ComputeHordeClient({ hotkey: {}, computeHordeValidatorHotkey: BOB }),
      (e) => ok(e instanceof TypeError && e.message.startsWith("hotkey"), e.message), "bad hotkey");
    const c = new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey: BOB, facilitatorUrl: "https://facilitator.computehorde.io/api/v1/" });
    equal(c.facilitatorUrl, "https://facilitator.computehorde.io/", "api/v1/ base means the same base");
  }],

  ["a job is created, reports every status in order, and returns stdout, artifacts and upload results", async (ctx) => {
    const { HTTPInputVolume, HTTPOutputVolume, InlineInputVolume, HuggingfaceInputVolume, JobStatus } = ctx.sdk;
    const c = client(ctx);
    const job = await c.createJob(spec(ctx, {
      env: { MODE: "test", "ÜNICODE": "ä" },
      inputVolumes: {
        "/volume/a.txt": new HTTPInputVolume({ url: "https://example.com/a.txt" }),
        "/volume/model": new HuggingfaceInputVolume({ repoId: "org/model", allowPatterns: ["*.json"] }),
        "/volume/inline": InlineInputVolume.fromFileContents("data.txt", "inline data", { compress: true }),
      },
      outputVolumes: {
        "/output/result.txt": new HTTPOutputVolume({ httpMethod: "PUT", url: "https://example.com/put" }),
        "/output/form.txt": new HTTPOutputVolume({ httpMethod: "POST", url: "https://example.com/post", formFields: { key: "v" } }),
      },
    }));
    equal(job.status, "sent", "first status");
    ok(/^[0-9a-f-]{36}$/.test(job.uuid), "uuid");
    equal(job.result, null, "no result before the end");
    const seen = [];
    await job.wait({ timeoutSec: 20, onStatus: async (j, entry) => { equal(j.uuid, job.uuid, "callback job"); ok(entry.createdAt instanceof Date, "createdAt is a Date"); seen.push(entry.status); } });
    equal(seen, ["sent", "received", "accepted", "executor_ready", "volumes_ready", "execution_done", "completed"], "statuses");
    equal(job.status, JobStatus.COMPLETED, "status");
    ok(JobStatus.isSuccessful(job.status) && !JobStatus.isInProgress(job.status), "JobStatus helpers");
    equal(job.result.stdout, "hello world\n", "stdout");
    equal(Object.keys(job.result.artifacts), ["/artifacts/stdout.txt"], "artifact names");
    equal(decode(job.result.artifacts["/artifacts/stdout.txt"]), "hello world\n", "artifact bytes");
    equal(Object.keys(job.result.uploadResults).sort(), ["/output/form.txt", "/output/result.txt"], "upload results");
    equal(job.statusHistory.map((e) => e.status), seen, "statusHistory");
    const again = await c.getJob(job.uuid);
    equal(again.status, "completed", "getJob");
    equal(JSON.parse(JSON.stringify(again)).uuid, job.uuid, "toJSON");
  }],

  ["failed, rejected and horde-failed jobs end with their error details", async (ctx) => {
    const c = client(ctx);
    const expected = { failed: "failure", rejected: "rejection", horde_failed: "horde_failure" };
    for (const [outcome, kind] of Object.entries(expected)) {
      const job = await c.createJob(spec(ctx, { env: { CH_SIM_OUTCOME: outcome } }));
      await job.wait({ timeoutSec: 20 });
      equal(job.status, outcome, `${outcome} status`);
      equal(job.error?.kind, kind, `${outcome} error kind`);
      ok(job.error.reason && job.error.message, `${outcome} reason and message`);
      if (outcome === "horde_failed") ok(job.error.reportedBy, "reportedBy");
      ok(ctx.sdk.JobStatus.isFailed(job.status), `${outcome} isFailed`);
    }
  }],

  ["every invalid spec of job_requests.json is refused before any request, naming the field", async (ctx) => {
    const { HTTPInputVolume, HTTPOutputVolume } = ctx.sdk;
    const vectors = await ctx.vector("job_requests.json");
    const c = client(ctx);
    await c.authenticate();
    const before = (await stats(ctx.sims.main)).requests.total;
    const toVolume = (v) => v.kind === "HTTPOutputVolume"
      ? new HTTPOutputVolume({ httpMethod: v.http_method, url: v.url, formFields: v.form_fields })
      : new HTTPInputVolume({ url: v.url });
    for (const e of vectors.errors) {
      const s = e.job_spec;
      const volumes = (o) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, toVolume(v)]));
      await rejects(async () => c.createJob(spec(ctx, { inputVolumes: volumes(s.input_volumes), outputVolumes: volumes(s.output_volumes) })), (err) => {
        ok(err instanceof RangeError || err instanceof TypeError, `${e.id}: ${err.name}`);
        ok(/^(inputVolumes|outputVolumes)\[|^formFields: /.test(err.message), `${e.id}: names the volume or field: ${err.message}`);
      }, e.id);
    }
    for (const [bad, field] of [[{ dockerImage: "" }, "dockerImage"], [{ env: { A: 1 } }, "env['A']"], [{ args: [1] }, "args[0]"],
      [{ executionTimeLimitSec: -1 }, "executionTimeLimitSec"], [{ artifactsDir: "relative" }, "artifactsDir"], [{ env: { "": "x" } }, "env"]]) {
      await rejects(c.createJob(spec(ctx, bad)), (err) => {
        ok(err.message.startsWith(field), `${field}: ${err.message}`);
        equal(err.field, field, "error.field");
      }, field);
    }
    for (const [make, field] of [[() => new HTTPInputVolume({ url: "" }), "url"], [() => new HTTPInputVolume({ url: "not a url" }), "url"],
      [() => new HTTPOutputVolume({ httpMethod: "PUT", url: "ftp://x" }), "url"], [() => new ctx.sdk.HuggingfaceInputVolume({ repoId: " " }), "repoId"]]) {
      throws(make, (err) => equal(err.field, field, `volume field: ${err.message}`), field);
    }
    throws(() => new HTTPOutputVolume({ httpMethod: "GET", url: "https://x" }), (err) => ok(/httpMethod/.test(err.message), err.message), "GET upload");
    equal((await stats(ctx.sims.main)).requests.total, before, "no request was sent");
  }],

  ["errors are ComputeHordeError subclasses with status and body", async (ctx) => {
    const { ComputeHordeError, ComputeHordeNotFoundError } = ctx.sdk;
    const c = client(ctx);
    const error = await rejects(c.getJob("00000000-0000-4000-8000-000000000000"), (e) => {
      ok(e instanceof ComputeHordeNotFoundError && e instanceof ComputeHordeError && e instanceof Error, `class ${e.name}`);
      equal(e.name, "ComputeHordeNotFoundError", "name");
      equal(e.status, 404, "status");
      ok(typeof e.body === "string", "body kept");
    }, "not found");
    ok(error.stack, "has a stack");
    await rejects(c.getJob("not-a-uuid"), (e) => ok(e instanceof TypeError && e.message.startsWith("uuid"), e.message), "bad uuid");
  }],

  ["pages, async iteration and job queues find the jobs again from a new client", async (ctx) => {
    const queue = `q-${Math.random().toString(36).slice(2)}`;
    const c = client(ctx, { jobQueue: queue });
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await c.createJob(spec(ctx, { env: { CH_SIM_OUTCOME: i < 3 ? "never" : "completed" } }))).uuid);
    const page = await c.getJobsPage({ page: 1, pageSize: 2, jobQueue: queue });
    equal(page.count, 5, "count");
    equal(page.jobs.length, 2, "page size");
    const iterated = [];
    for await (const job of c.iterJobs({ pageSize: 2, jobQueue: queue })) iterated.push(job.uuid);
    equal(iterated.slice().sort(), created.slice().sort(), "iterJobs walks every page");
    const restarted = client(ctx, { jobQueue: queue });
    await new Promise((r) => setTimeout(r, 400));
    const pending = await restarted.pendingJobs();
    equal(pending.map((j) => j.uuid).sort(), created.slice(0, 3).sort(), "pendingJobs = the unfinished jobs of the queue");
    equal((await client(ctx).pendingJobs({ jobQueue: queue })).length, 3, "pendingJobs({ jobQueue }) from a client without a queue");
    equal(pending[0].tag, queue, "tag");
    const all = await c.getJobs({ page: 1, pageSize: 256 });
    ok(all.length >= 5, "getJobs");
  }],

  ["after a restart a new client recovers its queue's running jobs and waits for them", async (ctx) => {
    const queue = `restart-${Math.random().toString(36).slice(2)}`;
    let first = client(ctx, { facilitatorUrl: ctx.sims.slow, jobQueue: queue });
    const created = await Promise.all([1, 2, 3, 4].map((i) => first.createJob(spec(ctx, { args: [`run ${i}`] }))));
    first = null; // the process "restarts": nothing of the first client is kept
    const restarted = client(ctx, { facilitatorUrl: ctx.sims.slow, jobQueue: queue, pollIntervalSec: 0.1 });
    const pending = await restarted.pendingJobs();
    equal(pending.map((j) => j.uuid).sort(), created.map((j) => j.uuid).sort(), "all four are pending");
    await restarted.waitAll(pending, { timeoutSec: 30 });
    equal(pending.map((j) => j.status), ["completed", "completed", "completed", "completed"], "recovered and finished");
    equal((await restarted.pendingJobs()).length, 0, "nothing pending any more");
    const other = client(ctx, { facilitatorUrl: ctx.sims.slow, jobQueue: `${queue}-other` });
    equal((await other.pendingJobs()).length, 0, "queues are separate");
  }],

  ["loadBittensorHotkey rejects clearly outside Node", async (ctx) => {
    if (typeof process === "object" && process.versions?.node) return; // covered by tests/js/node.test.mjs
    await rejects(ctx.sdk.loadBittensorHotkey(), (e) => ok(e instanceof ctx.sdk.ComputeHordeError && /Node only/.test(e.message), e.message), "browser");
  }],

  ["waitAll refreshes many jobs with one list request per poll", async (ctx) => {
    const c = client(ctx, { pollIntervalSec: 0.1 });
    const jobs = await Promise.all(Array.from({ length: 20 }, () => c.createJob(spec(ctx))));
    const before = (await stats(ctx.sims.main)).requests.byEndpoint;
    const seen = new Map();
    await c.waitAll(jobs, { timeoutSec: 30, onStatus: (job, entry) => { seen.set(job.uuid, [...(seen.get(job.uuid) ?? []), entry.status]); } });
    const after = (await stats(ctx.sims.main)).requests.byEndpoint;
    for (const job of jobs) {
      equal(job.status, "completed", "each job completed");
      equal(seen.get(job.uuid).at(-1), "completed", "onStatus per job");
      equal(seen.get(job.uuid).length, 7, "every status once");
    }
    // Once a single job is left, a plain GET of it is the cheapest poll.
    ok((after.getJob ?? 0) - (before.getJob ?? 0) <= 1, "no per-job GETs");
    const lists = (after.listJobs ?? 0) - (before.listJobs ?? 0);
    ok(lists >= 1 && lists <= 15, `list requests: ${lists}`);
  }],

  ["runUntilComplete creates the job again after a failure, up to maxAttempts", async (ctx) => {
    const c = client(ctx);
    const attempts = [];
    const job = await c.runUntilComplete(spec(ctx, { env: { CH_SIM_OUTCOME: "failed" } }), { maxAttempts: 2, timeoutSec: 30, jobAttemptCallback: (j) => { attempts.push(j.uuid); } });
    equal(attempts.length, 2, "two attempts");
    equal(job.uuid, attempts[1], "returns the last job");
    equal(job.status, "failed", "still failed");
    const good = await c.runUntilComplete(spec(ctx), { timeoutSec: 30 });
    equal(good.status, "completed", "success on the first attempt");
  }],

  ["wait times out with a ComputeHordeJobTimeoutError and stops on an AbortSignal", async (ctx) => {
    const { ComputeHordeJobTimeoutError } = ctx.sdk;
    const c = client(ctx);
    const job = await c.createJob(spec(ctx, { env: { CH_SIM_OUTCOME: "never" } }));
    await rejects(job.wait({ timeoutSec: 0.3 }), (e) => {
      ok(e instanceof ComputeHordeJobTimeoutError, e.name);
      equal(e.jobUuid, job.uuid, "jobUuid");
      ok(e.message.includes(job.uuid) && e.message.includes(e.lastStatus), e.message);
    }, "timeout");
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await rejects(client(ctx, { pollIntervalSec: 5 }).getJob(job.uuid).then((j) => j.wait({ signal: controller.signal })), (e) => equal(e.name, "AbortError", "abort error"), "abort");
    ok(Date.now() - started < 2000, "abort is prompt");
  }],

  ["a wallet-extension signer (<Bytes>-wrapped signatures) and an injected fetch work end to end", async (ctx) => {
    const { Keypair, signerFromInjected } = ctx.sdk;
    const alice = Keypair.fromUri("//Alice");
    const calls = [];
    const injected = {
      async signRaw({ address, data, type }) {
        equal([address, type], [ALICE, "bytes"], "signRaw arguments");
        const bytes = Uint8Array.from(data.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16));
        const wrapped = new Uint8Array([...new TextEncoder().encode("<Bytes>"), ...bytes, ...new TextEncoder().encode("</Bytes>")]);
        calls.push(bytes.length);
        return { signature: "0x" + Array.from(alice.sign(wrapped), (b) => b.toString(16).padStart(2, "0")).join("") };
      },
    };
    let fetched = 0;
    const c = client(ctx, { hotkey: signerFromInjected(injected, ALICE), fetch: (url, init) => { fetched++; return fetch(url, init); } });
    const job = await c.createJob(spec(ctx));
    await job.wait({ timeoutSec: 20 });
    equal(job.status, "completed", "completed with extension signatures");
    ok(calls.length >= 2, "login nonce and job digest were signed by the extension");
    ok(fetched >= 3, "the injected fetch carried the requests");
  }],

  ["hotkey-header auth and the legacy layout work against an early-2025 facilitator", async (ctx) => {
    const c = client(ctx, { facilitatorUrl: ctx.sims.legacy, auth: "hotkey" });
    const job = await c.createJob(spec(ctx));
    const seen = [];
    await job.wait({ timeoutSec: 20, onStatus: (_j, entry) => seen.push(entry.status) });
    equal(job.status, "completed", "legacy body parsed to completed");
    equal(seen[0], "sent", "first legacy status");
    equal(seen.at(-1), "completed", "last legacy status");
    equal(new Set(seen).size, seen.length, "each legacy status reported once");
    equal(job.result.stdout, "hello world\n", "legacy stdout");
    const page = await c.getJobs({ page: 1, pageSize: 5 });
    ok(page.length >= 1, "paged list with a signed query string");
  }],

  ["reportCheatedJob and submitFeedback are signed and accepted", async (ctx) => {
    const c = client(ctx);
    const job = await c.createJob(spec(ctx));
    const trusted = await c.createJob(spec(ctx), { onTrustedMiner: true });
    await c.waitAll([job, trusted], { timeoutSec: 20 });
    await c.reportCheatedJob(job.uuid, trusted.uuid, { note: "différent", score: 1e-7 });
    await c.submitFeedback(job.uuid, { resultCorrectness: 0.25, expectedDurationSec: 12 });
    await rejects(c.submitFeedback(job.uuid, { resultCorrectness: 2 }), (e) => ok(e instanceof RangeError, e.message), "range");
    const s = await stats(ctx.sims.main);
    ok(s.cheatedJobReports.some((r) => r.jobUuid === job.uuid && r.trustedJobUuid === trusted.uuid), "report recorded");
    ok(s.feedback.some((f) => f.jobUuid === job.uuid && f.resultCorrectness === 0.25), "feedback recorded");
  }],

  ["cross validation reports a cheating miner and not an honest one", async (ctx) => {
    const { HTTPOutputVolume } = ctx.sdk;
    const trustedOutputVolumes = { "/output/trusted.txt": new HTTPOutputVolume({ httpMethod: "PUT", url: "https://example.com/trusted" }) };
    const cheated = client(ctx, { facilitatorUrl: ctx.sims.cheat });
    const job = await cheated.createJob(spec(ctx, { runCrossValidation: true, trustedOutputVolumes }));
    ok(job.trustedJob && job.trustedJob.uuid !== job.uuid, "a trusted twin was created");
    const outcome = await job.crossValidate({ timeoutSec: 20 });
    equal([outcome.matches, outcome.reported], [false, true], "mismatch reported");
    equal(outcome.trustedJob.uuid, job.trustedJob.uuid, "trustedJob");
    ok(outcome.job.result.stdout !== outcome.trustedJob.result.stdout, "stdouts differ");
    const reports = (await stats(ctx.sims.cheat)).cheatedJobReports;
    ok(reports.some((r) => r.jobUuid === job.uuid && r.trustedJobUuid === job.trustedJob.uuid), "cheated-job report received");

    const honest = client(ctx);
    const before = (await stats(ctx.sims.main)).cheatedJobReports.length;
    const good = await honest.createJob(spec(ctx, { runCrossValidation: true, depositionComparisonMethod: "stdout" }));
    const fine = await good.crossValidate({ timeoutSec: 20 });
    equal([fine.matches, fine.reported], [true, false], "honest miner matches");
    equal((await stats(ctx.sims.main)).cheatedJobReports.length, before, "nothing reported");

    let compared = 0;
    const custom = await cheated.createJob(spec(ctx, { runCrossValidation: true, depositionComparisonMethod: async (a, b) => { compared++; return a.result.stdout.startsWith(b.result.stdout.trim()); } }));
    const lenient = await custom.crossValidate({ timeoutSec: 20, report: false });
    equal([lenient.matches, lenient.reported, compared], [true, false, 1], "custom comparison decides");
    await rejects(honest.createJob(spec(ctx)).then((j) => j.crossValidate()), (e) => ok(e instanceof TypeError && /runCrossValidation/.test(e.message), e.message), "no twin");
  }],

  ["100 creates with 30 % injected faults: no duplicate and no lost job", async (ctx) => {
    const queue = `faults-${Math.random().toString(36).slice(2)}`;
    const c = client(ctx, { facilitatorUrl: ctx.sims.faulty, jobQueue: queue, retry: { maxAttempts: 8, minDelayMs: 5, maxDelayMs: 40 } });
    await c.authenticate();
    const before = await stats(ctx.sims.faulty);
    const resolved = [];
    let ambiguous = 0;
    for (let i = 0; i < 100; i++) {
      try {
        resolved.push((await c.createJob(spec(ctx))).uuid);
      } catch (e) {
        ok(/may or may not/.test(e.message), `only ambiguous failures are surfaced: ${e.message}`);
        ambiguous++;
      }
    }
    const after = await stats(ctx.sims.faulty);
    const created = after.jobsCreated.total - before.jobsCreated.total;
    const faultEvents = after.faults.events.slice(before.faults.events.length).filter((e) => e.endpoint === "createJob");
    const processedButFailed = faultEvents.filter((e) => e.processed && e.kind !== "slow").length;
    ok(faultEvents.length >= 20, `faults injected: ${faultEvents.length}`);
    equal(created, resolved.length + processedButFailed, "server jobs = resolved creates + creates that failed after processing");
    ok(ambiguous >= processedButFailed, "each processed-but-failed create was reported as ambiguous");
    const onServer = [];
    for await (const job of c.iterJobs({ pageSize: 256, jobQueue: queue })) onServer.push(job.uuid);
    equal(new Set(onServer).size, onServer.length, "no duplicate uuid");
    for (const uuid of resolved) ok(onServer.includes(uuid), `resolved job ${uuid} exists`);
  }],

  ["200 jobs created and waited at once", async (ctx) => {
    const c = client(ctx, { pollIntervalSec: 0.2 });
    const jobs = await Promise.all(Array.from({ length: 200 }, (_, i) => c.createJob(spec(ctx, { args: [`job-${i}`] }))));
    equal(new Set(jobs.map((j) => j.uuid)).size, 200, "200 distinct jobs");
    await c.waitAll(jobs, { timeoutSec: 60 });
    jobs.forEach((job, i) => equal(job.result.stdout, `job-${i}\n`, `job ${i} stdout`));
  }],

  // The whole generated-argument run is tests/js/hostile-args.test.mjs (Node); this is its
  // core in every runtime: the boundary only uses what each of them has.
  ["hostile arguments are TypeErrors naming the field in this runtime too, and the objects keep working", async (ctx) => {
    const { Keypair, HTTPInputVolume, InlineInputVolume, isValidSs58Address, ComputeHordeError } = ctx.sdk;
    const named = (field, Class = TypeError) => (e) => ok(e instanceof Class && e.field === field, `${field}: ${e?.name} ${e?.field} ${e?.message}`);
    const boom = () => { throw new Error("boom"); };
    const proxy = new Proxy([], { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
    const alice = Keypair.fromUri("//Alice");
    const lying = new Uint8Array([1, 2, 3]);
    Object.defineProperty(lying, "length", { value: 2 ** 31 });
    for (const [make, field, Class] of [
      [() => Keypair.fromUri(123), "uri"], [() => Keypair.fromMnemonic("x", 42), "password"], [() => Keypair.fromMnemonic("x", []), "password"],
      [() => Keypair.fromUri("\ud800"), "uri"], [() => alice.sign({ length: -1 }), "message"], [() => alice.verify("m", [1, 2]), "signature"],
      [() => alice.sign(Object.create(Uint8Array.prototype)), "message"], [() => isValidSs58Address({}), "address"],
      [() => Keypair.prototype.sign.call(client(ctx), "m"), "this"], [() => new ctx.sdk.ComputeHordeJob(), "ComputeHordeJob"],
      [() => new HTTPInputVolume({ url: new Uint8Array(1_000_000) }), "url"], [() => InlineInputVolume.fromFileContents("f", "c", { compress: "true" }), "compress"],
      [() => new HTTPInputVolume({ url: "https://x/" }).getVolumeRelativePath("/volume/" + "x".repeat(5000)), "mountPath", RangeError],
    ]) throws(make, named(field, Class), field);
    ok(alice.verify(Uint8Array.of(1, 2, 3), alice.sign(lying)), "a lying length signs the real bytes");
    const started = Date.now();
    equal(isValidSs58Address("5".repeat(100_000)), false, "a long string is not an address");
    ok(Date.now() - started < 100, `and is refused at once (${Date.now() - started} ms)`);
    const c = client(ctx);
    await rejects(c.createJob(spec(ctx, { args: proxy })), named("args"), "a throwing Proxy as args");
    await rejects(c.createJob(spec(ctx, { env: new Map([["A", "1"]]) })), named("env"), "a Map as env");
    const job = await c.createJob(spec(ctx));
    const error = await rejects(job.wait({ onStatus: () => { throw 42; } }), (e) => ok(e instanceof ComputeHordeError && e.cause === 42, `onStatus: ${e?.message}`), "onStatus");
    ok(/^onStatus threw: /.test(error.message), error.message);
    await job.wait({ timeoutSec: 20 });
    equal(job.status, "completed", "the job and the client keep working");
    const freed = Keypair.fromUri("//Bob");
    freed.free();
    throws(() => freed.sign("m"), named("this"), "a freed keypair");
    ok(alice.verify("m", alice.sign("m")), "the keypair keeps working");
  }],
];
