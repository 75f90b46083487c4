// Runs the shared client cases with the package as a browser imports it (plain ES module).
import * as sdk from "/pkg/index.mjs";
import { cases } from "/tests/js/client.cases.mjs";

export async function runCases(sims, only, log = () => {}) {
  const vector = async (name) => (await fetch(`/tests/vectors/${name}`)).json();
  const results = [];
  for (const [name, run] of cases) {
    if (only && !new RegExp(only).test(name)) continue;
    const started = performance.now();
    try {
      await run({ sdk, sims, vector });
      results.push({ name, ok: true, ms: Math.round(performance.now() - started) });
      log(`ok ${name}`);
    } catch (error) {
      results.push({ name, ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ""}` });
      log(`FAIL ${name}: ${error?.message}`);
    }
  }
  return results;
}
