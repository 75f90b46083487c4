// The same client cases in headless Debian Chromium (driven by playwright-core), once in a
// page and once in a module Web Worker, with the page served from another origin than the
// simulators (so CORS is part of the test).
import { after, before, test } from "node:test";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { cases } from "./client.cases.mjs";
import { startSimulators, startStaticServer } from "./harness.mjs";
import { CHROMIUM_ARGS } from "./harness.mjs";


let sims, site, browser;
const results = {};

before(async () => {
  if (!existsSync("/usr/bin/chromium")) throw new Error("Debian chromium is not installed (make setup-browser)");
  sims = await startSimulators();
  site = await startStaticServer();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  for (const mode of ["page", "worker"]) {
    const page = await browser.newPage();
    const url = `${site.url}tests/browser/page.html?sims=${encodeURIComponent(JSON.stringify(sims.urls))}${mode === "worker" ? "&worker=1" : ""}`;
    await page.goto(url);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 300_000 });
    results[mode] = await page.evaluate(() => window.__results);
    await page.close();
  }
});

after(async () => {
  await browser?.close();
  await site?.close();
  await sims?.close();
});

for (const mode of ["page", "worker"]) {
  for (const [name] of cases) {
    test(`chromium ${mode}: ${name}`, () => {
      const result = results[mode].find((r) => r.name === name);
      if (!result) throw new Error(`no result: ${JSON.stringify(results[mode]).slice(0, 500)}`);
      if (!result.ok) throw new Error(result.error);
    });
  }
}
