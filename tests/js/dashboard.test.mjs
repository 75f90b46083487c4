// The web dashboard (www/) in headless Debian Chromium, against a local facilitator simulator:
// the page is served by www/serve.mjs (its own origin; the simulator is another one), uses only
// the package's public API through its import map, and is driven like a user would.
//
// Screenshots land in artifacts/dashboard/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { startLocalFacilitator } from "../../pkg-template/testing/index.js";
import { createRelay, toNodeHandler } from "../../pkg-template/relay/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOTS = `${ROOT}artifacts/dashboard`;
const VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"; // //Bob
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"; // //Alice
const TIMEOUT = 15_000;

/**
 * The Chromium flags of tests/js/browser.test.mjs. Importing that file would also register
 * (and run) its whole browser suite in this process, so its CHROMIUM_ARGS literal is read
 * instead (or taken from harness.mjs, should it move there).
 */
async function chromiumArgs() {
  const harness = await import("./harness.mjs");
  if (Array.isArray(harness.CHROMIUM_ARGS)) return harness.CHROMIUM_ARGS;
  const source = readFileSync(new URL("./browser.test.mjs", import.meta.url), "utf8");
  const m = /export const CHROMIUM_ARGS = (\[[^\]]*\])/.exec(source);
  if (!m) throw new Error("CHROMIUM_ARGS not found in tests/js/browser.test.mjs");
  return JSON.parse(m[1]);
}

/** `node www/serve.mjs --port 0`; resolves to its URL (first stdout line). */
function startDashboard() {
  const child = spawn(process.execPath, ["www/serve.mjs", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ url: line.trim(), child });
    });
    child.once("exit", (code) => reject(new Error(`www/serve.mjs exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`www/serve.mjs printed no URL: ${stderr}`)), 10_000).unref();
  });
}

let sim, site, browser;

before(async () => {
  if (!existsSync("/usr/bin/chromium")) throw new Error("Debian chromium is not installed (make setup-browser)");
  if (!existsSync(`${ROOT}pkg/index.mjs`)) throw new Error("pkg/ is missing: run bash scripts/build-pkg.sh");
  mkdirSync(SHOTS, { recursive: true });
  sim = await startLocalFacilitator({ stepMs: 100 });
  site = await startDashboard();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: await chromiumArgs() });
});

after(async () => {
  await browser?.close();
  if (site?.child.exitCode === null) {
    const exited = new Promise((done) => site.child.once("exit", done));
    site.child.kill("SIGTERM");
    await exited;
  }
  await sim?.close();
});

/** A fresh page (own context) on the dashboard, pointed at the simulator. */
async function openDashboard({ viewport = { width: 1280, height: 900 }, initScript, facilitator = sim.url } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  if (initScript) await page.addInitScript(initScript.fn, initScript.arg);
  const query = new URLSearchParams({ facilitator, poll: "0.1" });
  await page.goto(`${site.url}?${query}`);
  await page.waitForSelector("body[data-ready]", { timeout: TIMEOUT });
  return { page, context, problems };
}

async function connectWithDevKey(page) {
  await page.fill("#dev-uri", "//Alice");
  await page.click("#connect-submit");
  await page.waitForSelector("#connected:not([hidden])", { timeout: TIMEOUT });
}

async function addEnv(page, key, value) {
  await page.click("#env-add");
  await page.fill("#env-rows > li:last-child [data-field=key]", key);
  await page.fill("#env-rows > li:last-child [data-field=value]", value);
}

/** Submits the form and waits for the job view to show an end state. */
async function runJob(page) {
  await page.click("#job-submit");
  await page.waitForSelector("#job-detail:not([hidden])", { timeout: TIMEOUT });
  await page.waitForFunction(() => {
    const bar = document.getElementById("job-wait-bar");
    return bar.dataset.state === "idle" && ["ok", "bad", "warn"].includes(bar.dataset.tone);
  }, null, { timeout: TIMEOUT });
  return page.textContent("#job-uuid");
}

const timeline = (page) => page.$$eval("#job-timeline > li:not(.tl-pending) .tl-status", (els) => els.map((e) => e.textContent));

test("dev key: connect, submit a job, the timeline reaches completed and stdout is shown", async () => {
  const { page, context, problems } = await openDashboard();
  const before = sim.stats().jobsCreated.total;
  assert.equal(await page.inputValue("#facilitator-url"), sim.url, "?facilitator= is the default URL");
  assert.equal(await page.inputValue("#validator-hotkey"), VALIDATOR);

  // Every control has an accessible name.
  const unnamed = await page.$$eval("input, select, textarea, button", (els) => els
    .filter((e) => e.getClientRects().length > 0 || e.type === "radio")
    .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || (e.tagName === "BUTTON" && e.textContent.trim())))
    .map((e) => e.id || e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);

  // Connect with the keyboard only: Enter in the secret URI field submits the form.
  await page.focus("#dev-uri");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#connected:not([hidden])", { timeout: TIMEOUT });
  assert.equal(await page.textContent("#identity-address"), ALICE);
  assert.match(await page.textContent("#conn-pill"), /5Grwva/);

  await page.fill("#args", "echo\nhello from the dashboard");
  const uuid = await runJob(page);
  assert.match(uuid, /^[0-9a-f-]{36}$/);
  assert.deepEqual(await timeline(page),
    ["Sent", "Received", "Accepted", "Executor ready", "Volumes ready", "Execution done", "Completed"]);
  // every entry carries its time
  const times = await page.$$eval("#job-timeline time", (els) => els.map((e) => e.getAttribute("datetime")));
  assert.equal(times.length, 7);
  for (const t of times) assert.ok(!Number.isNaN(Date.parse(t)), t);
  assert.equal(await page.textContent("#job-badge"), "Completed");
  assert.equal(await page.textContent("#job-stdout"), "echo hello from the dashboard\n");
  assert.equal(await page.isVisible("#job-error"), false);
  // the live region announced the end
  await page.waitForFunction(() => /completed/i.test(document.getElementById("announcer").textContent), null, { timeout: TIMEOUT });
  // the new job is in the list, marked as the one on screen
  await page.waitForSelector(`#job-list [data-uuid="${uuid}"] button[aria-current="true"]`, { timeout: TIMEOUT });

  assert.equal(sim.stats().jobsCreated.total, before + 1);
  assert.equal(sim.stats().jobsCreated.byHotkey[ALICE] >= 1, true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an invalid input mount path is shown next to its field, and no job is created", async () => {
  const { page, context, problems } = await openDashboard();
  await connectWithDevKey(page);
  const before = sim.stats().jobsCreated.total;

  await page.click("#input-add");
  const mount = "#input-rows > li:last-child [data-field=mount]";
  await page.fill(mount, "/data/x");
  await page.fill("#input-rows > li:last-child [data-field=url]", "https://example.com/x.bin");
  await page.click("#job-submit");

  await page.waitForSelector(`${mount}[aria-invalid="true"]`, { timeout: TIMEOUT });
  const described = await page.$eval(mount, (input) => {
    const ids = input.getAttribute("aria-describedby").split(/\s+/);
    const error = document.getElementById(ids[0]);
    return {
      text: error?.textContent,
      visible: !!error && !error.hidden,
      besideInput: error?.closest(".field") === input.closest(".field"),
      focused: document.activeElement === input,
    };
  });
  assert.equal(described.visible, true);
  assert.match(described.text, /mount path must start with '\/volume\/'/);
  assert.equal(described.besideInput, true, "the message sits in the input's own field");
  assert.equal(described.focused, true, "focus moves to the offending field");
  assert.match(await page.textContent("#job-form-error"), /not sent/);
  assert.equal(await page.getAttribute("#docker-image", "aria-invalid"), null, "only the offending field is marked");

  // Another SDK message, another field: an empty docker image.
  await page.fill(mount, "/volume/x.bin");
  assert.equal(await page.getAttribute(mount, "aria-invalid"), null, "editing clears the error");
  await page.fill("#docker-image", "");
  await page.click("#job-submit");
  await page.waitForSelector('#docker-image[aria-invalid="true"]', { timeout: TIMEOUT });
  assert.match(await page.textContent("#docker-image-error"), /must not be empty/);

  assert.equal(sim.stats().jobsCreated.total, before, "no job was created");
  assert.deepEqual(problems, []);
  await context.close();
});

test("mnemonic: the phrase signs in, is cleared from the page at once and is stored nowhere", async () => {
  const { Keypair } = await import("../../pkg/index.mjs");
  const { keypair, mnemonic } = Keypair.generate();
  const address = keypair.ss58Address;
  keypair.free();
  const { page, context, problems } = await openDashboard();

  await page.click("label[for=mode-mnemonic]");
  await page.fill("#mnemonic", "abandon abandon abandon");
  await page.click("#connect-submit");
  await page.waitForSelector('#mnemonic[aria-invalid="true"]', { timeout: TIMEOUT });
  assert.match(await page.textContent("#mnemonic-error"), /12, 15, 18, 21 or 24 words/);
  assert.equal(await page.inputValue("#mnemonic"), "", "cleared after a failed attempt too");

  await page.fill("#mnemonic", `  ${mnemonic.split(" ").join("\n")}  `);
  await page.click("#connect-submit");
  await page.waitForSelector("#connected:not([hidden])", { timeout: TIMEOUT });
  assert.equal(await page.textContent("#identity-address"), address);
  assert.equal(await page.inputValue("#mnemonic"), "");
  const stored = await page.evaluate(() => ({
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    inDom: document.documentElement.outerHTML,
  }));
  assert.deepEqual([stored.local, stored.session, stored.cookie], [0, 0, ""]);
  assert.equal(stored.inDom.includes(mnemonic.split(" ").slice(0, 3).join(" ")), false, "the phrase is not in the page");

  // Disconnecting frees the key and brings the form back.
  await page.click("#disconnect");
  await page.waitForSelector("#connect-form:not([hidden])", { timeout: TIMEOUT });
  assert.match(await page.textContent("#conn-pill"), /Not connected/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("wallet extension: connect through injectedWeb3 (the page sees no key) and complete a job", async () => {
  // A stand-in for polkadot{.js}: signRaw signs <Bytes>data</Bytes> with //Alice, as extensions do.
  const fakeExtension = (address) => {
    window.__walletCalls = { enable: [], signRaw: [] };
    const hexToBytes = (hex) => Uint8Array.from(hex.replace(/^0x/, "").match(/../g) ?? [], (b) => parseInt(b, 16));
    window.injectedWeb3 = {
      "polkadot-js": {
        version: "0.0.0-test",
        async enable(origin) {
          window.__walletCalls.enable.push(origin);
          return {
            accounts: { get: async () => [{ address, name: "Alice (test wallet)", type: "sr25519" }] },
            signer: {
              async signRaw({ address: who, data, type }) {
                window.__walletCalls.signRaw.push({ who, type });
                const { Keypair } = await import("/pkg/index.mjs");
                const wrapped = new Uint8Array([
                  ...new TextEncoder().encode("<Bytes>"), ...hexToBytes(data), ...new TextEncoder().encode("</Bytes>")]);
                const signature = Keypair.fromUri("//Alice").sign(wrapped);
                return { id: 1, signature: "0x" + Array.from(signature, (b) => b.toString(16).padStart(2, "0")).join("") };
              },
            },
          };
        },
      },
    };
  };
  const { page, context, problems } = await openDashboard({ initScript: { fn: fakeExtension, arg: ALICE } });
  const logins = sim.stats().logins.succeeded;
  const jobs = sim.stats().jobsCreated.byHotkey[ALICE] ?? 0;

  await page.click("label[for=mode-wallet]");
  await page.waitForSelector("#wallet-ext option[value='polkadot-js']", { state: "attached", timeout: TIMEOUT });
  await page.click("#connect-submit");
  await page.waitForSelector("#connected:not([hidden])", { timeout: TIMEOUT });
  assert.equal(await page.textContent("#identity-address"), ALICE);
  assert.match(await page.textContent("#identity-label"), /Wallet extension/);

  const uuid = await runJob(page);
  assert.equal(await page.textContent("#job-badge"), "Completed");
  assert.ok(uuid);

  const calls = await page.evaluate(() => window.__walletCalls);
  assert.deepEqual(calls.enable, ["compute-horde dashboard"]);
  assert.ok(calls.signRaw.length >= 2, "the extension signed the login and the job");
  for (const call of calls.signRaw) assert.deepEqual(call, { who: ALICE, type: "bytes" });
  assert.equal(sim.stats().logins.succeeded, logins + 1);
  assert.equal(sim.stats().jobsCreated.byHotkey[ALICE], jobs + 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a failed job shows its error details (kind, reason, message) and stderr", async () => {
  const { page, context, problems } = await openDashboard();
  await connectWithDevKey(page);
  await addEnv(page, "CH_SIM_OUTCOME", "failed");
  await runJob(page);

  assert.equal(await page.textContent("#job-badge"), "Failed");
  assert.equal((await timeline(page)).at(-1), "Failed");
  assert.equal(await page.isVisible("#job-error"), true);
  const details = await page.textContent("#job-error-details");
  assert.match(details, /failure/);
  assert.match(details, /nonzero_return_code/);
  assert.match(details, /Job container exited with code 1 \(simulated\)/);
  assert.match(details, /"exit_code": 1/);
  assert.match(await page.textContent("#job-error-title"), /Job failed/);
  assert.match(await page.textContent("#job-stderr"), /simulated failure/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/failed-job.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test("stop waiting aborts the wait; the jobs list pages, filters the queue's pending jobs and follows them", async () => {
  // Jobs made outside the page (same key): 11 that complete and one that never ends, all in
  // the dashboard's default job queue.
  const { ComputeHordeClient, Keypair } = await import("../../pkg/index.mjs");
  const keypair = Keypair.fromUri("//Alice");
  const client = new ComputeHordeClient({
    hotkey: keypair, computeHordeValidatorHotkey: VALIDATOR, facilitatorUrl: sim.url, jobQueue: "dashboard",
  });
  const spec = { executorClass: "always_on.test", jobNamespace: "SN123.0", dockerImage: "alpine", args: ["x"] };
  for (let i = 0; i < 11; i++) await client.createJob(spec);
  const stuck = await client.createJob({ ...spec, env: { CH_SIM_OUTCOME: "never" } });
  client.free();
  keypair.free();

  const { page, context, problems } = await openDashboard();
  await connectWithDevKey(page);

  // Stop waiting on a job that never ends.
  await addEnv(page, "CH_SIM_OUTCOME", "never");
  await page.click("#job-submit");
  await page.waitForSelector("#job-stop:not([hidden])", { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelectorAll("#job-timeline .tl-status").length >= 4, null, { timeout: TIMEOUT });
  await page.click("#job-stop");
  await page.waitForSelector("#job-resume:not([hidden])", { timeout: TIMEOUT });
  assert.match(await page.textContent("#job-wait-text"), /Stopped waiting/);
  assert.equal(await page.isHidden("#job-stop"), true);

  // Paging.
  await page.waitForFunction(() => /Page 1 of [2-9]/.test(document.getElementById("jobs-page").textContent), null, { timeout: TIMEOUT });
  assert.equal(await page.$$eval("#job-list > li", (els) => els.length), 10);
  assert.equal(await page.isDisabled("#jobs-prev"), true);
  await page.click("#jobs-next");
  await page.waitForFunction(() => /^Page 2 of/.test(document.getElementById("jobs-page").textContent), null, { timeout: TIMEOUT });
  assert.ok(await page.$$eval("#job-list > li", (els) => els.length) >= 1);
  assert.equal(await page.isDisabled("#jobs-prev"), false);

  // The queue's pending jobs (client.pendingJobs()): the two that never end.
  await page.selectOption("#jobs-filter", "pending");
  await page.waitForFunction((uuid) => !!document.querySelector(`#job-list [data-uuid="${uuid}"]`), stuck.uuid, { timeout: TIMEOUT });
  const rows = await page.$$eval("#job-list > li", (els) => els.map((e) => e.textContent));
  assert.equal(rows.length, 2);
  for (const row of rows) assert.doesNotMatch(row, /Completed/);

  // Refresh all follows the unfinished ones with client.waitAll() until stopped.
  await page.click("#jobs-refresh");
  await page.waitForSelector("#jobs-stop:not([hidden])", { timeout: TIMEOUT });
  assert.match(await page.textContent("#jobs-status"), /Following 2 unfinished jobs/);
  await page.click("#jobs-stop");
  await page.waitForFunction(() => /Stopped following/.test(document.getElementById("jobs-status").textContent), null, { timeout: TIMEOUT });
  assert.equal(await page.isVisible("#jobs-refresh"), true);

  // Opening a row shows that job.
  await page.click(`#job-list [data-uuid="${stuck.uuid}"] button`);
  await page.waitForFunction((uuid) => document.getElementById("job-uuid").textContent === uuid, stuck.uuid, { timeout: TIMEOUT });
  assert.deepEqual(problems, []);
  await context.close();
});

test("screenshots of a finished job (desktop, dark, 375 px wide)", async () => {
  for (const [name, viewport, scheme] of [["desktop", { width: 1280, height: 1200 }, "light"], ["dark", { width: 1280, height: 1200 }, "dark"], ["mobile-375", { width: 375, height: 812 }, "light"]]) {
    const { page, context, problems } = await openDashboard({ viewport });
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await connectWithDevKey(page);
    await page.fill("#args", "python\n-c\nprint('hello')");
    await addEnv(page, "CH_SIM_STDOUT", "epoch 3/3 loss=0.113 accuracy=0.971, saved /artifacts/stdout.txt");
    await page.fill("#artifacts-dir", "/artifacts");
    await page.click("#output-add");
    await page.fill("#output-rows > li:last-child [data-field=mount]", "/output/result.json");
    await page.fill("#output-rows > li:last-child [data-field=url]", "https://uploads.example.com/result.json");
    await runJob(page);
    assert.equal(await page.textContent("#job-badge"), "Completed");
    // the artifact is a working download link (a Blob URL of the job's bytes)
    const artifact = await page.$eval("#job-artifacts a", async (a) => ({
      href: a.href, download: a.download, text: await (await fetch(a.href)).text(),
    }));
    assert.match(artifact.href, /^blob:/);
    assert.equal(artifact.download, "stdout.txt");
    assert.match(artifact.text, /epoch 3\/3/);
    assert.match(await page.textContent("#job-uploads"), /\/output\/result\.json/);

    if (viewport.width < 400) {
      // Nothing is wider than the screen at 375 px.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page overflows by ${overflow}px`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SHOTS}/dashboard-${name}.png`, fullPage: true });
    } else {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator("#job").screenshot({ path: `${SHOTS}/job-view-${name}.png` });
      await page.screenshot({ path: `${SHOTS}/dashboard-${name}.png` });
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  assert.ok(existsSync(`${SHOTS}/job-view-desktop.png`));
});

test("against a facilitator with default CORS: refused directly with an explanation, a job completes through the relay", async () => {
  const strict = await startLocalFacilitator({ stepMs: 100, strictCors: true });
  const pageOrigin = new URL(site.url).origin;
  const relayServer = createServer(toNodeHandler(createRelay({ facilitatorUrl: strict.url, allowedOrigins: [pageOrigin] })));
  await new Promise((done) => relayServer.listen(0, "127.0.0.1", done));
  const relayUrl = `http://127.0.0.1:${relayServer.address().port}/`;
  try {
    const direct = await openDashboard({ facilitator: strict.url });
    await connectWithDevKey(direct.page).catch(() => {});
    await direct.page.waitForFunction(() => {
      const error = document.getElementById("connect-error");
      return !error.hidden && /relay/.test(error.textContent);
    }, null, { timeout: 40_000 });
    const message = await direct.page.textContent("#connect-error");
    assert.match(message, /CORS/);
    assert.ok(message.includes(pageOrigin), message);
    assert.match(message, /relay/);
    await direct.context.close();

    const { page, context, problems } = await openDashboard({ facilitator: relayUrl });
    await connectWithDevKey(page);
    await page.fill("#args", "echo\nthrough the relay");
    await runJob(page);
    assert.equal(await page.textContent("#job-badge"), "Completed");
    assert.equal(await page.textContent("#job-stdout"), "echo through the relay\n");
    const stats = strict.stats();
    assert.equal(stats.jobsCreated.byHotkey[ALICE], 1, "the job reached the strict facilitator, signed in the page");
    assert.equal(stats.signatures.rejected.signedFields ?? 0, 0);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await new Promise((done) => relayServer.close(done));
    await strict.close();
  }
});
